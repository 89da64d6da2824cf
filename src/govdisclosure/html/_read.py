"""Read a page: decode it, parse it with lxml, and walk its body into lines and table rows.

The walk hands the shared reader (`govdisclosure._reading`) what the text reader hands it: prose
lines (headings, paragraphs) and table rows already split into cells, each with its place in the
HTML source. Everything after that — headings, template detection, label matching, problems — is
the shared reader's, so HTML and text are read the same way.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from itertools import accumulate, repeat
from typing import NamedTuple, TypeAlias

import attrs
from lxml import etree
from lxml.etree import _Element

from govdisclosure._reading import (
    Kind,
    ParseResult,
    SourceLine,
    Token,
    classify,
    match_heading,
    read,
    undecodable,
)
from govdisclosure.encoding import Decoded, decode_report
from govdisclosure.errors import Problem
from govdisclosure.html import _fast

__all__ = ["Placed", "grid", "parse"]

# ------------------------------------------------------------------------------------------------
# Decoding and normalising text

# Browsers look for the declaration in the first 1024 bytes; CMS pages often put long scripts in
# the head first, so look a little further.
_PRESCAN = 4096
_DECLARED = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:-]+)"""
    rb"""|<\?xml[^>]*?encoding\s*=\s*["']([a-z0-9_.:-]+)""",
    re.IGNORECASE,
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
_LINE_BREAK = re.compile(r"\r\n?")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"[ \t\n\r\f]+")
_FOLDED = re.compile("[\t\n\r\f\xa0\u200b\u200c\u200d\u2060\ufeff]|  ")
"""What `fold` changes besides the ends: without it, folding is stripping (most cells)."""


def declared_charset(data: bytes) -> str | None:
    """Return the charset a page declares (``<meta charset>``, ``http-equiv``, XML), or None."""
    match = _DECLARED.search(data[:_PRESCAN])
    if match is None:
        return None
    name = (match[1] or match[2]).decode("ascii").lower()
    # A page cannot declare UTF-16 in its own bytes without a byte-order mark (HTML's rule).
    return None if name.startswith(("utf-16", "utf-32")) else name


def _decode(data: bytes) -> Decoded:
    return decode_report(data, declared=declared_charset(data))


def _clean(text: str) -> str:
    """Prepare text for lxml: no BOM, LF line ends, no XML declaration, no lone surrogates."""
    text = _LINE_BREAK.sub("\n", text.removeprefix("\ufeff"))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    # lxml refuses a str that declares an encoding: the text is decoded already.
    return _XML_DECLARATION.sub(lambda m: " " * len(m[0]), text, count=1)


def fold(text: str) -> str:
    """Fold whitespace as a browser shows it; a non-breaking space stays a space."""
    if _FOLDED.search(text) is None:
        return text.strip()
    return _SPACES.sub(" ", _INVISIBLE.sub("", text)).replace("\xa0", " ").strip()


# ------------------------------------------------------------------------------------------------
# Where each element stands in the source

_START_TAG = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style)\b.*?(?:</\1\s*>|\Z)|<([a-z][^\s/>]*)",
    re.DOTALL | re.IGNORECASE,
)
# libxml2 stops counting lines here: later elements all report this line.
_LAST_LINE = 65535

Where: TypeAlias = Callable[[_Element], tuple[int, int]]


def _locator(text: str, root: _Element) -> Where:
    """Map each element to its line and column in `text`.

    lxml gives each element's line; its column is found by matching the elements, in document
    order, to the start tags of the same name on that line.
    """
    tags: dict[str, list[tuple[int, int]]] = {}
    by_name: dict[str, list[tuple[int, int]]] = {}  # as printed (any case) -> its list in `tags`
    # Lines counted from one tag to the next (each stretch of text once: linear in the page).
    line, line_start, previous = 1, 0, 0
    count, rfind = text.count, text.rfind
    for match in _START_TAG.finditer(text):
        name = match[1] or match[2]
        if name:
            offset = match.start()
            breaks = count("\n", previous, offset)
            if breaks:
                line += breaks
                line_start = rfind("\n", previous, offset) + 1
            previous = offset
            found = by_name.get(name)
            if found is None:
                found = by_name[name] = tags.setdefault(name.lower(), [])
            found.append((line, offset - line_start + 1))
    cursor: dict[str, int] = {}
    places: dict[_Element, tuple[int, int]] = {}
    for element in root.iter(etree.Element):
        name = str(element.tag).lower()
        line = element.sourceline or 1
        found = tags.get(name, [])
        index = cursor.get(name, 0)
        while index < len(found) and found[index][0] < line:
            index += 1
        if index < len(found) and (found[index][0] == line or line >= _LAST_LINE):
            places[element] = found[index]
            index += 1
        else:
            places[element] = (line, 1)
        cursor[name] = index
    return lambda element: places.get(element, (element.sourceline or 1, 1))


_CELL_TAGS = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style)\b.*?(?:</\1\s*>|\Z)"
    r"|<(?:(td)|(th))(?=[\s/>]|\Z)|<[a-z][^\s/>]*",
    re.DOTALL | re.IGNORECASE,
)
"""`_START_TAG`, matching exactly the same stretches, with the ``td`` and ``th`` tags told apart."""
_CELL_NAMES = ("td", "th")
"""The cell tags, in the order of their groups in `_CELL_TAGS`."""


class Cells:
    """A page's table cells (``td``, ``th``): each cell's line at once, the columns when asked for.

    `_locator` matches each name's elements to that name's start tags on their own, so the
    cells are placed exactly as it places them without the other elements or their tags; the
    scan for their start tags, the costly part, waits until a position is first asked for.
    Anything else is placed by `_locator` itself (`where`).
    """

    def __init__(self, text: str, root: _Element) -> None:
        self.text = text
        self.root = root
        self.index: dict[_Element, int] = {}
        """Each cell's number: the ``td`` elements in document order, then the ``th``."""
        self.lines: list[int] = []
        """Each cell's line, by number."""
        self.counts: list[int] = []
        for name in _CELL_NAMES:
            elements = list(root.iter(name))
            self.index.update(
                zip(elements, range(len(self.lines), len(self.lines) + len(elements)), strict=True)
            )
            self.lines.extend([element.sourceline or 1 for element in elements])
            self.counts.append(len(elements))
        self.whole: Where | None = None

    def where(self, element: _Element) -> tuple[int, int]:
        """Any element's line and column, as `_locator` gives them."""
        if self.whole is None:
            self.whole = _locator(self.text, self.root)
        return self.whole(element)

    def finder(self) -> Callable[[], list[int]]:
        """What works out each cell's column later, keeping the page's text but not its tree."""
        return partial(_cell_columns, self.text, self.lines, self.counts)


def _cell_columns(text: str, cell_lines: Sequence[int], counts: Sequence[int]) -> list[int]:
    """Each cell's column, by number (`Cells`), as `_locator` gives it."""
    matches = list(_CELL_TAGS.finditer(text))
    starts = [0, *accumulate(map((1).__add__, map(len, text.split("\n"))))]
    columns: list[int] = []
    first = 0
    for group, count in zip((2, 3), counts, strict=True):
        lines = list(cell_lines[first : first + count])
        first += count
        # A name's group starts just after its "<".
        offsets = [at - 1 for at in map(re.Match.start, matches, repeat(group)) if at >= 0]
        tag_lines = list(map(bisect_right, repeat(starts), offsets))
        if lines == tag_lines:  # every element on its own start tag's line, in order
            columns.extend(
                offset - starts[line - 1] + 1 for line, offset in zip(lines, offsets, strict=True)
            )
            continue
        index, found = 0, len(tag_lines)
        for line in lines:
            while index < found and tag_lines[index] < line:
                index += 1
            if index < found and (tag_lines[index] == line or line >= _LAST_LINE):
                at = tag_lines[index]
                columns.append(offsets[index] - starts[at - 1] + 1)
                index += 1
            else:
                columns.append(1)
    return columns


# ------------------------------------------------------------------------------------------------
# Walking the page

_SKIPPED = frozenset(
    {
        "script", "style", "noscript", "template", "head", "title", "nav", "aside", "iframe",
        "object", "embed", "select", "option", "button", "input", "textarea", "svg", "math",
        "canvas", "audio", "video", "map", "rt", "rp",
    }
)  # fmt: skip
_BLOCKS = frozenset(
    {
        "address", "article", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
        "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
        "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu",
        "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
        "tr", "ul",
    }
)  # fmt: skip
# Class and id names of site chrome. Only whole names count: `article-header` is not chrome.
_CHROME_NAMES = frozenset(
    {
        "nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "crumb", "crumbs",
        "header", "footer", "copyright", "sidebar", "share", "toolbar",
    }
)  # fmt: skip
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_CELLS = frozenset({"td", "th"})
_ROW_GROUPS = frozenset({"thead", "tbody", "tfoot"})
# A data table's cells hold labels and numbers; a cell this long holds a page, not a label.
_LAYOUT_CELL = 300


def _holds_table(element: _Element) -> bool:
    return next(element.iterdescendants("table"), None) is not None


def _skipped(element: _Element, tag: str) -> bool:
    """True for what is not the report: scripts, styles, hidden parts, navigation, site chrome."""
    if tag in _SKIPPED:
        return True
    if tag in {"header", "footer"}:
        # An article's own header holds its title; the page's header and footer are chrome.
        inside = next(element.iterancestors("article", "main"), None) is not None
        if not inside and not _holds_table(element):
            return True
    attributes = element.keys()
    if not attributes:
        return False
    if "hidden" in attributes or _HIDDEN.search(element.get("style") or ""):
        return True
    names = (element.get("class") or "").lower().split()
    names.append((element.get("id") or "").lower())
    return any(name in _CHROME_NAMES for name in names) and not _holds_table(element)


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


class Entry(NamedTuple):
    """A line of the page as walked: prose text, or a table row's cells, with what places them.

    Positions are worked out from the elements only when they are needed (`source_lines`), so
    a page the fast path reads never places an element its report does not hold.
    """

    text: str
    element: _Element
    """The element whose text starts the line (a prose line), or the row's ``<tr>``."""
    cells: tuple[tuple[str, _Element], ...] | None = None
    """A row's cells, left to right: each cell's text (whitespace folded) and its element."""
    whole: bool = True
    """False for a row the page stops inside: its cells do not stand together as a whole row."""


class _Lines:
    """Collects lines in document order: text runs broken at blocks and ``<br>``, and rows.

    A line whose text is all link text is navigation (menus, sidebars, lists of other reports)
    and is left out, unless it is a heading: a report's text is not a list of links.
    """

    def __init__(self) -> None:
        self.lines: list[Entry] = []
        self.parts: list[str] = []
        self.start: _Element | None = None
        self.plain = False
        """True once the line holds text outside a link, or inside a heading."""
        self.depth = {"pre": 0, "a": 0, "h": 0}

    def enter(self, tag: str, change: int) -> None:
        if tag in _HEADINGS:
            tag = "h"
        if tag in self.depth:
            self.depth[tag] += change

    def add(self, text: str | None, element: _Element) -> None:
        if not text:
            return
        if self.depth["pre"]:
            first, *rest = text.split("\n")
            self._add(first, element)
            for piece in rest:
                self.flush()
                self._add(piece, element)
            return
        self._add(text, element)

    def _add(self, text: str, element: _Element) -> None:
        shown = fold(text)
        if self.start is None:
            if not shown:
                return  # whitespace between blocks opens no line
            self.start = element
        if shown and (not self.depth["a"] or self.depth["h"]):
            self.plain = True
        self.parts.append(text)

    def flush(self) -> None:
        if self.start is not None and self.plain:
            joined = "".join(self.parts)
            pre = self.depth["pre"]
            text = _INVISIBLE.sub("", joined).rstrip() if pre else fold(joined)
            self.lines.append(Entry(text, self.start))
        self.parts = []
        self.start = None
        self.plain = False


def source_lines(entries: Iterable[Entry], where: Where) -> list[SourceLine]:
    """The walked page as the shared reader's lines, each token placed in the HTML source."""
    found: list[SourceLine] = []
    end = Kind.END
    for entry in entries:
        if entry.cells is None:
            found.append(SourceLine(entry.text, *where(entry.element)))
            continue
        tokens = [Token(classify(text), text, *where(cell)) for text, cell in entry.cells]
        line, column = where(entry.element)
        if len(tokens) >= 2 and entry.whole:  # noqa: PLR2004 - cells that stand together
            tokens.append(Token(end, "", line, column))
        joined = " | ".join(text for text, _ in entry.cells)
        found.append(SourceLine(joined, line, column, tuple(tokens)))
    return found


def _walk(root: _Element, out: _Lines) -> None:
    """Walk the page under `root` into `out`: prose lines, and data tables as rows."""
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if event == "end":
            if tag in _BLOCKS or tag == "br":
                out.flush()
            out.enter(tag, -1)
            out.add(element.tail, element)
            continue
        if tag in _BLOCKS or tag == "br":
            out.flush()
        out.enter(tag, +1)  # balanced by the end event, which comes even for a skipped subtree
        if _skipped(element, tag):
            walker.skip_subtree()
            continue
        if tag == "table" and _data_table(element, out):
            walker.skip_subtree()
            continue
        out.add(element.text, element)


# ------------------------------------------------------------------------------------------------
# Tables


class Placed(NamedTuple):
    """A cell placed in a table's grid: where it starts and how far it spans."""

    cell: _Element
    row: int
    column: int
    rows: int
    columns: int


_SPAN = re.compile(r"\s*(\d+)")
_MAX_COLSPAN = 1000
_MAX_ROWSPAN = 65534


def _span(element: _Element, name: str, limit: int, *, zero: int = 1) -> int:
    match = _SPAN.match(element.get(name) or "")
    if match is None:
        return 1
    value = int(match[1][:6])
    return zero if value == 0 else min(value, limit)


def grid(rows: Sequence[Sequence[_Element]]) -> list[list[Placed]]:
    """Place each row's cells in the table's grid, as HTML's table model does.

    A cell starts in the first column of its row that no ``rowspan`` from above covers, and
    covers ``colspan`` columns and ``rowspan`` rows (``0``: to the last row). Each row lists the
    cells that start in it, left to right: a cell spanning rows is listed once, in its first row.
    """
    placed: list[list[Placed]] = []
    spans: list[tuple[int, int, int]] = []  # (first column, end column, last row) from above
    for number, cells in enumerate(rows):
        spans = [span for span in spans if span[2] >= number]
        covered = sorted((first, end) for first, end, _ in spans)
        out: list[Placed] = []
        column = 0
        index = 0
        for cell in cells:
            while index < len(covered) and covered[index][0] <= column:
                column = max(column, covered[index][1])
                index += 1
            width = _span(cell, "colspan", _MAX_COLSPAN)
            remaining = len(rows) - number
            height = min(_span(cell, "rowspan", _MAX_ROWSPAN, zero=remaining), remaining)
            out.append(Placed(cell, number, column, height, width))
            if height > 1:
                spans.append((column, column + width, number + height - 1))
            column += width
        placed.append(out)
    return placed


def _rows(table: _Element) -> list[list[_Element]]:
    """The rows of `table` itself (not of tables inside it), each a list of its cells."""
    rows: list[_Element] = []
    for child in table:
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in _ROW_GROUPS:
            rows.extend(row for row in child if row.tag == "tr")
    return [[cell for cell in row if cell.tag in _CELLS] for row in rows]


# lxml never puts NUL in text (it stands for U+FFFD), so it can mark line breaks in a cell.
_BREAK = "\x00"


def _cell_lines(cell: _Element) -> list[str]:
    """The lines of text a cell shows (a ``<p>`` or ``<br>`` breaks a line), whitespace folded."""
    if not len(cell):
        text = fold(cell.text or "")
        return [text] if text else []
    pieces: list[str] = []
    walker = etree.iterwalk(cell, events=("start", "end"))
    for event, element in walker:
        tag = element.tag
        if not isinstance(tag, str):
            continue
        if tag in _BLOCKS or tag == "br":
            pieces.append(_BREAK)
        if event == "end":
            if element is not cell:
                pieces.append(element.tail or "")
        elif element is not cell and _skipped(element, tag):
            walker.skip_subtree()
        else:
            pieces.append(element.text or "")
    shown = fold("".join(pieces))  # _BREAK is not whitespace: folding keeps it
    return [line for line in (piece.strip() for piece in shown.split(_BREAK)) if line]


def _is_layout(texts: Iterable[Sequence[str]], widest: int) -> bool:
    """True if a table lays out a page instead of holding data: one column, long text, headings."""
    if widest < 2:  # noqa: PLR2004 - a table of data has a label and a value
        return True
    for lines in texts:
        if sum(len(line) for line in lines) > _LAYOUT_CELL:
            return True
        if len(lines) > 1 and any(_is_heading(line) for line in lines):
            return True
    return False


def _data_table(table: _Element, out: _Lines) -> bool:
    """Write a data table's rows to `out` and return True; return False for a layout table."""
    if _holds_table(table):
        return False
    rows = _rows(table)
    texts = [[_cell_lines(cell) for cell in row] for row in rows]
    if _is_layout((lines for row in texts for lines in row), max(map(len, rows), default=0)):
        return False
    for child in table:
        if child.tag == "caption" and (caption := " ".join(_cell_lines(child))):
            out.lines.append(Entry(caption, child))
    # The cells that start in a row are its own cells, left to right: reading needs no `grid`
    # (placing cells under rowspans costs rows x spans, quadratic on a long table of them).
    for row, lines in zip(rows, texts, strict=True):
        if not row:
            continue
        shown = [" ".join(cell) if len(cell) != 1 else cell[0] for cell in lines]
        if len(row) == 1 and _is_heading(shown[0]):
            # A section heading printed as a row of the table: it is a heading all the same.
            out.lines.append(Entry(shown[0], row[0]))
            continue
        parent = row[0].getparent()
        element = parent if parent is not None else row[0]
        out.lines.append(Entry("", element, tuple(zip(shown, row, strict=True))))
    return True


def _is_heading(text: str) -> bool:
    """True if `text` is the heading of a template section (not a table label)."""
    heading = match_heading(text)
    return heading is not None and heading.key is not None


# ------------------------------------------------------------------------------------------------
# Reading


def _root(text: str) -> tuple[_Element | None, Problem | None]:
    """Parse `text` as HTML; the root is None for a page with no element (empty, whitespace).

    `huge_tree` lifts libxml2's default limits (256 levels of nesting, 10 MB of text), which
    would cut the page off silently; past the limits that remain (2,048 levels) the rest of the
    page cannot be read, and the problem says where it stops.
    """
    parser = etree.HTMLParser(
        remove_comments=True, remove_pis=True, no_network=True, huge_tree=True
    )
    try:
        root = etree.fromstring(text, parser)
    except (etree.LxmlError, ValueError) as error:
        message = f"expected an HTML page, found text lxml cannot parse ({error})"
        return None, Problem(message, kind="not-html")
    limit = next((e for e in parser.error_log if e.type == _RESOURCE_LIMIT), None)
    if limit is None:
        return root, None
    found = (
        "elements nested deeper than 2,048 levels"
        if "depth" in limit.message
        else f"more than lxml reads ({limit.message.strip()})"
    )
    message = f"expected a page lxml can read to its end, found {found}; the rest is not read"
    return root, Problem(message, line=limit.line, column=limit.column, kind="page-too-deep")


_RESOURCE_LIMIT = etree.ErrorTypes.ERR_RESOURCE_LIMIT


class Page(NamedTuple):
    """A page walked: its lines, why they could not all be read, its ``<title>``, its tree."""

    entries: list[Entry]
    problem: Problem | None
    title: str | None
    text: str
    """The text lxml parsed (cleaned): where the elements' columns are found."""
    root: _Element | None

    def source_lines(self) -> list[SourceLine]:
        """The lines for the shared reader, every element placed in the source."""
        if self.root is None:
            return []
        return source_lines(self.entries, _locator(self.text, self.root))


def lines(text: str) -> tuple[list[SourceLine], Problem | None]:
    """Split an HTML page into the lines the shared reader reads, and why it could not all be."""
    page = _page(text)
    return page.source_lines(), page.problem


def _title_of(root: _Element) -> str | None:
    """The page's own ``<title>``, whitespace folded: the body's title when it prints none."""
    element = root.find(".//title")
    if element is None:
        return None
    return fold("".join(element.itertext())) or None


def _page(text: str) -> Page:
    """The page walked into lines, without placing them yet."""
    text = _clean(text)
    root, problem = _root(text)
    if root is None:
        return Page([], problem, None, text, None)
    out = _Lines()
    _walk(root, out)
    out.flush()
    found = out.lines
    if found and found[-1].cells is not None and _ends_in_table(text):
        # The page stops inside its last row: its cells do not stand together as a whole row.
        found[-1] = found[-1]._replace(whole=False)
    return Page(found, problem, _title_of(root), text, root)


_TABLE_TAG = re.compile(r"<(/?)table\b", re.IGNORECASE)


def _ends_in_table(text: str) -> bool:
    """True if the source ends inside a table: its last table tag opens one (a cut-off page)."""
    last = None
    for last in _TABLE_TAG.finditer(text):  # noqa: B007 - the last match is wanted
        pass
    return last is not None and not last[1]


def parse(source: str | bytes, *, fast: bool = True) -> ParseResult:
    """Read a page leniently (see `govdisclosure.html.parse`).

    A clean page goes through the fast path (`_fast`); the moment it meets anything unexpected,
    or with `fast` false, the lenient reader reads the page: the result is the same either way.
    """
    decoded = _decode(source) if isinstance(source, bytes) else Decoded(source, "", None)
    page = _page(decoded.text)
    result = None
    if fast and page.root is not None:
        result = _fast.read_page(page, Cells(page.text, page.root))
    if result is None:
        result = read(page.source_lines(), page.title)
    first = [page.problem] if page.problem is not None else []
    if decoded.error is not None:
        first.insert(0, undecodable(decoded.codec, decoded.error))
    if first:
        result = attrs.evolve(result, problems=(*first, *result.problems))
    return result
