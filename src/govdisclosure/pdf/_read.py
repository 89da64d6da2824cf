"""Read a PDF: lay out each page's text lines and ruled tables for the shared reader.

pdfplumber (on pdfminer.six) gives each character with its place, and finds tables from the
ruling lines a page draws: a cell merged across columns or rows is one cell, in the row where it
starts, as in HTML. Text outside the tables becomes lines, top to bottom; a paragraph wrapped
over several lines is joined back where a line runs to the right edge of the text. A table drawn
without ruling lines stays text lines (one row a line, values separated by spaces), which the
shared reader reads as it reads PDF text. Page headers, footers and page numbers are left out; a
table continuing on the next page is joined to its first part, its repeated header rows dropped.

Everything after that — headings, template, labels, problems — is the shared reader's
(`govdisclosure._reading`). Inside, each line gets a running number; the positions and problems
coming back are turned into (page, line on the page).
"""

from __future__ import annotations

import io
import itertools
import logging
import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

import attrs
import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from govdisclosure._reading import Kind, ParseResult, Position, SourceLine, Token, lex_line, read
from govdisclosure.errors import Problem
from govdisclosure.model import Report

__all__ = ["parse", "source_lines"]

# pdfminer warns through logging about fonts it cannot measure (common in browsers' PDFs); with no
# handler of the application's own, Python would print each one. Applications that configure
# logging still see them.
logging.getLogger("pdfminer").addHandler(logging.NullHandler())

# ------------------------------------------------------------------------------------------------
# What a page holds


class _Line(NamedTuple):
    """A text line outside the tables."""

    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    text: str


class _Row(NamedTuple):
    """A row of a ruled table: the cells that start in it, as (grid column, text)."""

    top: float
    cells: tuple[tuple[int, str], ...]


class _Table(NamedTuple):
    top: float
    bottom: float
    columns: tuple[float, ...]
    """The x of every column's left edge: a table continued on the next page has the same."""
    rows: list[_Row]
    open_bottom: bool = False
    """True if no rule closes the table: its last row goes on on the next page."""


class _Page(NamedTuple):
    number: int
    height: float
    lines: list[_Line]
    tables: list[_Table]
    images: int
    stream: list[_Line]
    """The lines in the order they are drawn (see `_stream_lines`)."""


_MARGIN = 0.09
"""Headers and footers stand in the top and bottom 9% of a page."""
_PAGE_NUMBER = re.compile(
    r"^\W*(?:第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}(?:\s*/\s*\d{1,4})?"
    r"|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?)\W*$",
    re.IGNORECASE,
)
_BROWSER_CHROME = re.compile(
    r"(?:file|https?)://\S+|\b\d{4}/\d{1,2}/\d{1,2}\s+\d{1,2}:\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}"
)
_DIGITS = re.compile(r"\d+")
_WIDE = frozenset({"W", "F"})


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in _WIDE


# A browser's PDF (Chromium with the Noto CJK fonts) maps glyphs that a radical shares with an
# ideograph back to the radical (U+2F2F ⼯ for 工), the full-width slash to the division slash and
# "——" to the two-em dash. Radicals never stand in a report's text: fold them back. The table is
# the fonts' own (tests/fixtures/pdf/look_alikes.py prints it).
_RADICALS = (
    "⺂⺃⺅⺉⺋⺎⺏⺐⺒⺓⺔⺕⺖⺘⺙⺛⺞⺟⺠⺡⺣⺤⺦⺨⺫⺭⺯⺰⺱⺲⺳⺹⺺⺾⻁⻂⻃⻅⻆⻈⻉⻋⻌⻐⻑⻒⻓⻔⻖⻘⻙⻚⻛⻜⻝⻟⻠⻢⻣⻤⻥⻦⻧⻨⻩⻪⻫⻬⻮⻯⻰⻱⻲⻳⼀⼁⼂⼃⼄⼅⼆⼇⼈⼉⼊⼋⼌⼍⼎⼏"  # noqa: RUF001 - look-alike forms folded on purpose
    "⼐⼑⼒⼓⼔⼕⼖⼗⼘⼙⼚⼛⼜⼝⼞⼟⼠⼡⼢⼣⼤⼥⼦⼧⼨⼩⼪⼫⼬⼭⼮⼯⼰⼱⼲⼳⼴⼵⼶⼷⼸⼺⼻⼼⼽⼾⼿⽀⽁⽂⽃⽄⽅⽆⽇⽈⽉⽊⽋⽌⽍⽎⽏⽐⽑⽒⽓⽔⽕⽖⽗⽘⽙⽚⽛⽜⽝⽞⽟⽠⽡⽢⽣⽤⽥⽦⽧⽨⽩⽪"
    "⽫⽬⽭⽮⽯⽰⽱⽲⽳⽴⽵⽶⽷⽸⽹⽺⽻⽼⽽⽾⽿⾀⾁⾂⾃⾄⾅⾆⾇⾈⾉⾊⾋⾌⾍⾎⾏⾐⾑⾒⾔⾕⾖⾗⾘⾙⾚⾛⾜⾝⾞⾟⾠⾡⾢⾣⾤⾥⾦⾧⾨⾩⾪⾫⾬⾭⾮⾯⾰⾱⾲⾳⾴⾵⾶⾷⾸⾹⾺⾼⾽⾾⾿⿀⿁⿂⿃⿄⿅⿆"
    "⿇⿈⿉⿊⿋⿌⿍⿎⿏⿐⿑⿒⿓⿕"
)
_IDEOGRAPHS = (
    "乛乚亻刂㔾兀尣尢巳幺彑彐忄扌攵旡歺母民氵灬爫丬犭罒礻糹纟罓罒㓁耂肀艹虎衤覀见角讠贝车辶钅長镸长门阝青韦页风飞食飠饣马骨鬼鱼鸟卤麦黄黾斉齐齿竜龙龜亀龟一丨丶丿乙亅二亠人儿入八冂冖冫几"
    "凵刀力勹匕匚匸十卜卩厂厶又口囗土士夂夊夕大女子宀寸小尢尸屮山巛工己巾干幺广廴廾弋弓彡彳心戈户手支攴文斗斤方无日曰月木欠止歹殳毋比毛氏气水火爪父爻爿片牙牛犬玄玉瓜瓦甘生用田疋疒癶白皮"
    "皿目矛矢石示禸禾穴立竹米糸缶网羊羽老而耒耳聿肉臣自至臼舌舛舟艮色艸虍虫血行衣襾見言谷豆豕豸貝赤走足身車辛辰辵邑酉釆里金長門阜隶隹雨靑非面革韋韭音頁風飛食首香馬高髟鬥鬯鬲鬼魚鳥鹵鹿麥"
    "麻黃黍黑黹黽鼎鼓鼠鼻齊齒龍龠"
)
# Latin ligatures a browser's PDF keeps as one character (ﬁ for fi).
_LIGATURES = dict(
    zip(
        "\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06",
        ("ff", "fi", "fl", "ffi", "ffl", "st", "st"),
        strict=True,
    )
)
_LOOK_ALIKES = str.maketrans(
    {
        **dict(zip(_RADICALS, _IDEOGRAPHS, strict=True)),
        **_LIGATURES,
        "\u2215": "／",  # noqa: RUF001 - look-alike forms folded on purpose
        "\u2e3a": "——",
        "\u2e3b": "———",
    }
)


def fold_look_alikes(text: str) -> str:
    """Undo the look-alike characters a PDF's text layer may hold instead of the printed ones."""
    return text.translate(_LOOK_ALIKES)


def join_wrapped(first: str, second: str) -> str:
    """Join two pieces of a wrapped line: CJK joins directly, Latin words keep their space."""
    if not first or not second:
        return first + second
    if first[-1].isspace():
        return f"{first.rstrip()} {second}"
    left, right = first[-1], second[0]
    if (left.isdigit() or left == ".") and right.isdigit():
        return first + second  # a number wrapped in a narrow cell
    if (
        left.isascii()
        and right.isascii()
        and left not in "-/"
        and (right.isalnum() or right in "\"'(")
    ):
        return f"{first} {second}"
    return first + second


def _is_vertical(chars: Sequence[Mapping[str, Any]]) -> bool:
    """True if a cell's characters run top to bottom in the order they are drawn (``tbRl``)."""
    down = across = 0
    for one, two in itertools.pairwise(chars):
        size = max(one["size"], 1.0)
        if abs(two["x0"] - one["x0"]) < 0.5 * size and two["top"] - one["top"] > 0.5 * size:
            down += 1
        elif two["x0"] > one["x0"] and abs(two["top"] - one["top"]) < 0.5 * size:
            across += 1
    return down > across + 1


def _vertical_text(chars: Sequence[Mapping[str, Any]]) -> str:
    """Vertical text: columns right to left, each top to bottom."""
    columns: list[list[Mapping[str, Any]]] = []
    for char in sorted(chars, key=lambda c: -c["x1"]):
        if columns and abs(columns[-1][0]["x1"] - char["x1"]) < 0.5 * char["size"]:
            columns[-1].append(char)
        else:
            columns.append([char])
    return "".join(
        "".join(c["text"] for c in sorted(column, key=lambda c: c["top"])) for column in columns
    )


def _cell_text(chars: Sequence[Mapping[str, Any]]) -> str:
    """A cell's text: its lines (wrapped, or one character a line when narrow) joined."""
    shown = [char for char in chars if not char["text"].isspace()]
    if len(shown) > 2 and _is_vertical(shown):  # noqa: PLR2004 - a column of a few characters
        return fold_look_alikes(_vertical_text(shown))
    out = ""
    for line in _text_lines(chars):
        out = join_wrapped(out, line.text.strip())
    return out.strip()


class _Grid:
    """Finds the cell of a table holding a point: the cells' edges, searched by bisection."""

    def __init__(self, cells: Iterable[tuple[float, float, float, float]]) -> None:
        boxes = list(cells)
        self.xs = sorted({round(box[0], 1) for box in boxes} | {round(box[2], 1) for box in boxes})
        self.ys = sorted({round(box[1], 1) for box in boxes} | {round(box[3], 1) for box in boxes})
        self.owner: dict[tuple[int, int], int] = {}
        for index, (x0, top, x1, bottom) in enumerate(boxes):
            for column in range(self._slot(self.xs, x0), self._slot(self.xs, x1)):
                for row in range(self._slot(self.ys, top), self._slot(self.ys, bottom)):
                    self.owner[row, column] = index

    @staticmethod
    def _slot(edges: Sequence[float], value: float) -> int:
        return bisect_right(edges, round(value, 1) + 0.05) - 1

    def cell(self, x: float, y: float) -> int | None:
        return self.owner.get((self._slot(self.ys, y), self._slot(self.xs, x)))


def _inside(obj: Mapping[str, Any], boxes: Sequence[tuple[float, float, float, float]]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _gap(left: Mapping[str, Any], right: Mapping[str, Any]) -> bool:
    """True if the gap between two characters on a line is a space.

    PDFs seldom hold space characters; a space is a gap wider than a fifth of the type size
    between Latin characters. Beside a CJK character the threshold is a third: office
    software spaces CJK from Latin text (``2021 年``) by a quarter of it, which is no space.
    """
    size = max(left["size"], right["size"], 1.0)
    gap = right["x0"] - left["x1"]
    wide = _is_wide(left["text"][-1:] or " ") or _is_wide(right["text"][:1] or " ")
    return bool(gap > (0.33 if wide else 0.18) * size)


def _text_lines(chars: Sequence[Mapping[str, Any]]) -> list[_Line]:
    """Group characters into lines (by their vertical middle), left to right, spaces from gaps."""
    ordered = sorted(chars, key=lambda c: (c["top"] + c["bottom"]) / 2)
    groups: list[list[Mapping[str, Any]]] = []
    middle = -1e9
    for char in ordered:
        centre = (char["top"] + char["bottom"]) / 2
        if groups and abs(centre - middle) <= max(2.0, 0.3 * char["size"]):
            groups[-1].append(char)
        else:
            groups.append([char])
            middle = centre
    for group in groups:
        group.sort(key=lambda c: c["x0"])
    return [line for group in groups if (line := _line(group)) is not None]


def _stream_lines(chars: Sequence[Mapping[str, Any]]) -> list[_Line]:
    """Lines in the order the characters are drawn: runs that share a line and touch are one.

    Office software draws a table cell by cell, so a table without ruling lines reads this way
    as one cell (or one wrapped piece of it) a line, where the page's geometry would interleave
    its wrapped labels with the values beside them.
    """
    groups: list[list[Mapping[str, Any]]] = []
    for char in chars:
        groups.append([char])
        # Merge back while the last two groups share a line and touch: punctuation in another
        # font is drawn after the text around it, and still belongs to it.
        while len(groups) > 1 and _touch(groups[-2], groups[-1]):
            last = groups.pop()
            groups[-1].extend(last)
    for group in groups:
        group.sort(key=lambda c: c["x0"])
    return [line for group in groups if (line := _line(group)) is not None]


def _touch(first: Sequence[Mapping[str, Any]], second: Sequence[Mapping[str, Any]]) -> bool:
    """True if two runs of characters stand on one line, overlapping or nearly meeting."""
    size = max(first[-1]["size"], 1.0)
    if abs(first[-1]["top"] - second[0]["top"]) >= 0.3 * size:
        return False
    gap = max(min(c["x0"] for c in first), min(c["x0"] for c in second)) - min(
        max(c["x1"] for c in first), max(c["x1"] for c in second)
    )
    return bool(gap < size)


def _line(group: Sequence[Mapping[str, Any]]) -> _Line | None:
    """One line of characters, left to right, with spaces where the gaps are wide."""
    parts: list[str] = []
    previous: Mapping[str, Any] | None = None
    for char in group:
        text = char["text"]
        if (
            previous is not None
            and not text.isspace()
            and not previous["text"].isspace()
            and _gap(previous, char)
        ):
            parts.append(" ")
        parts.append(text)
        previous = char
    text = fold_look_alikes("".join(parts)).lstrip()
    if not text.strip():
        return None
    # A space character ending the line is kept until wrapped lines are joined.
    text = text.rstrip() + (" " if text[-1].isspace() else "")
    sizes = [c["size"] for c in group if not c["text"].isspace()]
    size = max(set(sizes), key=sizes.count) if sizes else 0.0
    top = min(c["top"] for c in group)
    bottom = max(c["bottom"] for c in group)
    return _Line(top, bottom, group[0]["x0"], group[-1]["x1"], size, text)


def _open_bottom(page: Any) -> float | None:
    """The bottom of the page's column rules when no rule closes them: a row cut by the page end.

    A browser cuts a row at the page's end and draws no rule under it; the table finder then
    leaves the row out. Closing it with a rule of our own keeps it.
    """
    vertical = [edge for edge in page.edges if edge["orientation"] == "v"]
    if not vertical:
        return None
    bottom = max(edge["bottom"] for edge in vertical)
    below = [edge for edge in vertical if abs(edge["bottom"] - bottom) < 2]  # noqa: PLR2004 - points
    left, right = min(edge["x0"] for edge in below), max(edge["x1"] for edge in below)
    ruled = sum(
        min(edge["x1"], right) - max(edge["x0"], left)
        for edge in page.edges
        if edge["orientation"] == "h" and abs(edge["top"] - bottom) < 2  # noqa: PLR2004
    )
    return None if ruled > 0.9 * (right - left) else float(bottom)


def _cell_texts(
    chars: Sequence[Mapping[str, Any]],
    cells: Sequence[tuple[float, float, float, float]],
    bbox: tuple[float, float, float, float],
) -> dict[tuple[float, float, float, float], str]:
    """The text of every cell of a table, from the characters whose middle lies in it."""
    grid = _Grid(cells)
    held: dict[int, list[Mapping[str, Any]]] = {}
    for char in chars:
        if _inside(char, (bbox,)):
            x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
            index = grid.cell(x, y)
            if index is not None:
                held.setdefault(index, []).append(char)
    return {cells[index]: _cell_text(found) for index, found in held.items()}


def _page(page: Any, number: int) -> _Page:
    """The text lines and ruled tables of one pdfplumber page."""
    tables: list[_Table] = []
    boxes: list[tuple[float, float, float, float]] = []
    closing = _open_bottom(page)
    settings = {} if closing is None else {"explicit_horizontal_lines": [closing]}
    for found in page.find_tables(settings):
        grid = found.rows
        columns = sorted({cell[0] for row in grid for cell in row.cells if cell is not None})
        if len(grid) < 2 or len(columns) < 2:  # noqa: PLR2004 - a framed paragraph, not a table
            continue
        boxes.append(found.bbox)
        texts = _cell_texts(page.chars, found.cells, found.bbox)
        rows = []
        for row in grid:
            cells = tuple(
                (index, texts.get(cell, ""))
                for index, cell in enumerate(row.cells)
                if cell is not None
            )
            top = min(cell[1] for cell in row.cells if cell is not None)
            rows.append(_Row(top, cells))
        is_open = closing is not None and abs(found.bbox[3] - closing) < 1
        tables.append(_Table(found.bbox[1], found.bbox[3], tuple(columns), rows, is_open))
    outside = [char for char in page.chars if not _inside(char, boxes)]
    lines = _text_lines(outside)
    stream = _stream_lines(outside) if not tables else lines
    return _Page(number, float(page.height), lines, tables, len(page.images), stream)


# ------------------------------------------------------------------------------------------------
# Headers, footers and page numbers


def _in_margin(line: _Line, height: float) -> bool:
    return line.bottom < height * _MARGIN or line.top > height * (1 - _MARGIN)


def _chrome_key(line: _Line) -> tuple[str, int]:
    """A margin line's text with its numbers blanked, and its height on the page (to 4 points)."""
    return _DIGITS.sub("#", line.text.strip()), round(line.top / 4)


def _drop_chrome(pages: Sequence[_Page]) -> list[_Page]:
    """Leave out page numbers, and margin lines repeating at the same height on most pages.

    The text of a report may repeat too, but rarely in the margin at the same height on half
    of the pages or more.
    """
    repeated: Counter[tuple[str, int]] = Counter()
    for page in pages:
        keys = {_chrome_key(line) for line in page.lines if _in_margin(line, page.height)}
        for text, height in keys:
            repeated.update({(text, height - 1), (text, height), (text, height + 1)})
    enough = max(2, (len(pages) + 1) // 2)
    out = []
    for page in pages:
        kept = []
        for line in page.lines:
            if _in_margin(line, page.height) and (
                _PAGE_NUMBER.match(line.text.strip())
                or _BROWSER_CHROME.search(line.text)
                or repeated[_chrome_key(line)] >= enough
            ):
                continue
            kept.append(line)
        out.append(page._replace(lines=kept))
    return out


# ------------------------------------------------------------------------------------------------
# Joining: wrapped paragraphs, and tables across pages


_LEADING_WORD = re.compile(r"[!-~]+")


def _first_word(text: str, size: float) -> float:
    """About how wide the first word of `text` is: had it fit, the line above would hold it."""
    match = _LEADING_WORD.match(text)
    return 0.6 * size * len(match[0]) if match else size


class _Edges(NamedTuple):
    left: float
    right: float


def _edges(lines: Sequence[_Line]) -> _Edges:
    return _Edges(min(line.x0 for line in lines), max(line.x1 for line in lines))


def _wraps(last: _Line, line: _Line, edges: _Edges, *, same_page: bool = True) -> bool:
    """True if `line` goes on with the paragraph `last` ends: `last` runs to the right edge.

    Only lines of the same type size, one line-spacing apart (or first on the next page), the
    next not indented: a heading (larger type) or a new paragraph (indented, or after a gap)
    is never joined. CJK lines may stop up to two characters short (no line starts with
    ``，`` or ``。``).
    """
    size = last.size or 10.0
    reach = _first_word(line.text, size) + size * (1.5 if _is_wide(line.text[0]) else 1)
    return (
        abs(line.size - last.size) < 0.5  # noqa: PLR2004 - points
        and edges.right - last.x1 < reach
        and (not same_page or 0 <= line.top - last.bottom < 0.8 * size)
        and line.x0 - edges.left < 0.5 * size
    )


def _join_paragraphs(lines: Sequence[_Line]) -> list[_Line]:
    """Join each line that runs to the right edge of the text with the line below it."""
    if not lines:
        return []
    edges = _edges(lines)
    out = [lines[0]]
    for line in lines[1:]:
        last = out[-1]
        if _wraps(last, line, edges):
            out[-1] = last._replace(
                bottom=line.bottom, x1=line.x1, text=join_wrapped(last.text, line.text)
            )
        else:
            out.append(line)
    return out


def _row_texts(row: _Row) -> tuple[str, ...]:
    return tuple(text for _, text in row.cells)


def _continues(previous: _Table, table: _Table) -> bool:
    """True if `table` continues `previous` on the next page: the same columns."""
    if len(previous.columns) != len(table.columns):
        return False
    return all(abs(a - b) < 2 for a, b in zip(previous.columns, table.columns, strict=True))  # noqa: PLR2004 - points


def _repeated_header(previous: _Table, table: _Table) -> int:
    """How many first rows of `table` repeat the first rows of `previous` (a repeated header)."""
    count = 0
    while count < min(len(previous.rows), len(table.rows) - 1) and _row_texts(
        previous.rows[count]
    ) == _row_texts(table.rows[count]):
        count += 1
    return count


# ------------------------------------------------------------------------------------------------
# Lines for the shared reader


class _Lines:
    """Numbers the lines handed to the shared reader and remembers each one's page and line."""

    def __init__(self) -> None:
        self.lines: list[SourceLine] = []
        self.places: dict[int, Position] = {}

    def add(self, page: int, on_page: int, text: str, cells: Sequence[Token] | None) -> None:
        number = len(self.lines) + 1
        self.places[number] = Position(page, on_page)
        if cells is None:
            self.lines.append(SourceLine(text, number, 1))
        else:
            tokens = tuple(token._replace(line=number) for token in cells)
            self.lines.append(SourceLine(text, number, 1, tokens))


def _kind(text: str) -> Kind:
    tokens = lex_line(text, 1)
    return tokens[0].kind if len(tokens) == 1 else Kind.BLANK if not tokens else Kind.TEXT


def _tokens(row: _Row) -> list[Token]:
    tokens = [Token(_kind(text), text, 0, column + 1) for column, text in row.cells]
    # A blank label cell before the row's label: a cell merged from the previous page's rows.
    while (
        len(tokens) > 1
        and tokens[0].kind is Kind.BLANK
        and any(t.kind is Kind.TEXT for t in tokens)
    ):
        tokens = tokens[1:]
    return tokens


class _Entry(NamedTuple):
    page: int
    on_page: int
    text: str
    cells: list[tuple[int, str]] | None


def _is_fragment(row: _Row) -> bool:
    """True for the rest of a row cut at a page's end: label text, no values."""
    kinds = [_kind(text) for _, text in row.cells]
    return Kind.VALUE not in kinds and Kind.TEXT in kinds


def _merge(entry: _Entry, row: _Row) -> _Entry:
    """Join the rest of a cut row to its first part, cell by cell."""
    texts = dict(entry.cells or ())
    for column, text in row.cells:
        if text:
            texts[column] = join_wrapped(texts.get(column, ""), text)
    return entry._replace(cells=sorted(texts.items()))


def _entries(pages: Sequence[_Page], *, drawn_order: bool = False) -> list[_Entry]:
    """Every page's lines and table rows in reading order, tables across pages joined."""
    out: list[_Entry] = []
    first: _Table | None = None  # the first part of the table the page may continue
    last: _Table | None = None  # the part just before, on the previous page
    tail: _Line | None = None  # the previous page's last line, when nothing came after it
    for page in _drop_chrome(pages):
        items: list[tuple[float, _Line | _Table]] = [
            *((line.top, line) for line in _join_paragraphs(page.lines)),
            *((table.top, table) for table in page.tables),
        ]
        if not (drawn_order and not page.tables):
            items.sort(key=lambda item: item[0])
        edges = _edges(page.lines) if page.lines else None
        on_page = 0
        for index, (_, item) in enumerate(items):
            if isinstance(item, _Line):
                if (
                    index == 0
                    and tail is not None
                    and edges
                    and _wraps(tail, item, edges, same_page=False)
                ):
                    # A paragraph going on from the previous page.
                    item = item._replace(text=join_wrapped(tail.text, item.text))  # noqa: PLW2901
                    out[-1] = out[-1]._replace(text=item.text.rstrip())
                else:
                    on_page += 1
                    out.append(_Entry(page.number, on_page, item.text.rstrip(), None))
                first = last = None
                tail = item
                continue
            tail = None
            rows = item.rows
            if index == 0 and first is not None and last is not None and _continues(first, item):
                rows = rows[_repeated_header(first, item) :]
                if last.open_bottom and rows and out and out[-1].cells and _is_fragment(rows[0]):
                    out[-1] = _merge(out[-1], rows[0])
                    rows = rows[1:]
            else:
                first = item
            last = item
            for row in rows:
                on_page += 1
                out.append(_Entry(page.number, on_page, "", list(row.cells)))
    return out


def source_lines(
    pages: Sequence[_Page], *, drawn_order: bool = False
) -> tuple[list[SourceLine], dict[int, Position]]:
    """The lines of every page in reading order, and each line number's (page, line).

    With `drawn_order`, a page's lines keep their order instead of being sorted top to bottom.
    """
    out = _Lines()
    for entry in _entries(pages, drawn_order=drawn_order):
        if entry.cells is None:
            out.add(entry.page, entry.on_page, entry.text, None)
            continue
        tokens = _tokens(_Row(0, tuple(entry.cells)))
        if len(tokens) == 1:
            # A row of one cell (a caption, a heading drawn in the table) reads as a line.
            out.add(entry.page, entry.on_page, tokens[0].text, None)
        elif tokens:
            end = Token(Kind.END, "", 0, tokens[-1].column)
            text = " | ".join(t.text for t in tokens)
            out.add(entry.page, entry.on_page, text, [*tokens, end])
    return out.lines, out.places


# ------------------------------------------------------------------------------------------------
# Reading


def _problem(message: str, kind: str) -> ParseResult:
    return ParseResult(Report(), (Problem(message, kind=kind),))


def _pages(data: bytes, password: str) -> tuple[list[_Page], ParseResult | None]:
    if b"%PDF" not in data[:1024]:
        found = "no bytes" if not data else f"bytes starting {data[:8]!r}"
        return [], _problem(f"expected a PDF file (%PDF-…), found {found}", "not-pdf")
    try:
        with pdfplumber.open(io.BytesIO(data), password=password) as pdf:
            return [_page(page, number) for number, page in enumerate(pdf.pages, 1)], None
    except (PdfminerException, PDFEncryptionError, PDFPasswordIncorrect) as error:
        cause = error.args[0] if error.args else error
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError) or isinstance(
            error, PDFPasswordIncorrect | PDFEncryptionError
        ):
            what = "a wrong password" if password else "no password"
            return [], _problem(
                f"the PDF is encrypted and cannot be opened with {what}: pass password=",
                "encrypted-pdf",
            )
        return [], _problem(_damaged(data, cause), "damaged-pdf")
    # pdfminer raises many types on a damaged file (KeyError, TypeError, struct.error, …):
    # each means the same, and no dependency's exception type may leak.
    except Exception as error:  # noqa: BLE001
        return [], _problem(_damaged(data, error), "damaged-pdf")


def _damaged(data: bytes, cause: object) -> str:
    if b"%%EOF" not in data[-2048:]:
        return f"the PDF is cut off (no %%EOF at its end: a truncated download?) ({cause})"
    return f"the PDF is damaged and cannot be read ({cause})"


def _relocate(result: ParseResult, places: Mapping[int, Position]) -> ParseResult:
    """Turn running line numbers in `result` into (page, line on the page)."""

    def where(line: int | None) -> Position | None:
        return None if line is None else places.get(line)

    problems = []
    for problem in result.problems:
        place = where(problem.line)
        if place is None:
            problems.append(problem)
        else:
            problems.append(attrs.evolve(problem, line=place.line, column=place.column))
    positions = {path: where(p.line) or p for path, p in result.positions.items()}
    return attrs.evolve(result, problems=tuple(problems), positions=positions)


def _scanned(pages: Iterable[_Page]) -> list[int]:
    return [page.number for page in pages if not page.lines and not page.tables]


def parse(data: bytes, *, password: str = "") -> ParseResult:
    """Read a PDF leniently (see `govdisclosure.pdf.parse`)."""
    pages, failed = _pages(data, password)
    if failed is not None:
        return failed
    empty = _scanned(pages)
    if len(empty) == len(pages):
        images = sum(page.images for page in pages)
        what = f"only images ({images})" if images else "nothing"
        return _problem(
            f"the PDF has no text layer: its {len(pages)} page(s) hold {what}; a scanned "
            "report needs OCR first (e.g. ocrmypdf), then read the result",
            "no-text-layer",
        )
    lines, places = source_lines(pages)
    result = _relocate(read(lines), places)
    if result.problems and any(page.stream is not page.lines for page in pages):
        # Pages without ruled tables read again in drawing order; the reading with fewer
        # problems is kept (both are label-driven: neither places a value it cannot).
        drawn = [page._replace(lines=page.stream) for page in pages]
        lines, places = source_lines(drawn, drawn_order=True)
        other = _relocate(read(lines), places)
        if len(other.problems) < len(result.problems):
            result = other
    scanned = [number for number in empty if pages[number - 1].images]
    if scanned:
        problem = Problem(
            f"page(s) {', '.join(map(str, scanned))} hold only images (scanned?): their "
            "content is not read",
            line=scanned[0],
            kind="page-without-text",
        )
        result = attrs.evolve(result, problems=(*result.problems, problem))
    return result
