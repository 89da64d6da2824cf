"""Read a report from lines of text and table rows: the one reader behind every format.

The text reader hands in lines; the HTML reader hands in paragraphs and table rows already split
into cells. Both meet here, so there is one way of finding headings, matching labels and reading
rows. Reading is label-driven: the layout says which rows and columns exist, so a row is found by
its label and its numbers are the values that follow it — whatever the shape of the copy (one cell
per line, ``|`` tables, PDF text with one row per line, headers broken into fragments).

Nothing is guessed: a row whose values cannot be placed is left absent and reported as a problem
with its line and column.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache, lru_cache
from typing import Any, NamedTuple

import attrs

from govdisclosure._cells import is_number as _is_number
from govdisclosure._cells import is_symbol_marker as _is_symbol_marker
from govdisclosure._cells import is_value, read_cell
from govdisclosure._cells import is_word_marker as _is_word_marker
from govdisclosure.errors import Problem
from govdisclosure.layout import (
    Column,
    Row,
    Template,
    fold_characters,
    iter_layouts,
    layout,
    normalize_label,
    sections,
)
from govdisclosure.model import (
    ApplicationTable,
    ExtraRow,
    OtherHandling,
    ProactiveTable2019,
    ProactiveTable2021,
    Report,
    ReviewLitigationTable,
    Section,
    cell_text,
)

__all__ = ["ParseResult", "Position", "SourceLine", "Token", "read"]


# ------------------------------------------------------------------------------------------------
# Public results


class Position(NamedTuple):
    """A 1-based line and column in the source."""

    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.line}:{self.column}"


@attrs.frozen
class ParseResult:
    """What a lenient parse could read, what it could not, and where each cell came from.

    `report` holds everything that could be read; cells, rows, tables and sections that could
    not be read stay absent, never guessed. `problems` says what was missing or unreadable, each
    with its line and column. `positions` maps each cell path read to where its value stood.
    """

    report: Report
    problems: tuple[Problem, ...] = ()
    positions: Mapping[str, Position] = attrs.field(factory=dict)

    @property
    def ok(self) -> bool:
        """True when nothing was missing or unreadable."""
        return not self.problems


# ------------------------------------------------------------------------------------------------
# Tokens


class Kind(enum.IntEnum):
    """What a token is."""

    TEXT = 0
    VALUE = 1
    BLANK = 2
    END = 3
    """The end of a table row whose cells stood together (one line, one ``<tr>``)."""


class Token(NamedTuple):
    """A cell or a piece of label text, with where it stood."""

    kind: Kind
    text: str
    line: int
    column: int


class SourceLine(NamedTuple):
    """A line of the source: its text, or a table row already split into cells."""

    text: str
    line: int
    column: int = 1
    cells: tuple[Token, ...] | None = None


# Page numbers PDF text keeps between lines ("- 4 -", "第4页"); a bare number is a cell, not this.
_PAGE_LINE = re.compile(
    r"^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*共\s*\d{1,3}\s*页)?)\s*$"
)


@lru_cache(maxsize=1 << 14)
def classify(text: str) -> Kind:
    """Return the kind of a stripped cell text: blank, a value (number or marker), or text."""
    if not text:
        return Kind.BLANK
    if is_value(text):
        return Kind.VALUE
    return Kind.TEXT


def lex_line(text: str, line: int, column: int = 1) -> list[Token]:
    """Split one line of text into tokens.

    ``a | b | c`` lines are split at the bars (empty cells are blanks, a row end follows); a
    line ending in numbers (``行政处罚 3985758``, PDF text) is split into its label and values;
    a whitespace-only line holding a tab or an ideographic space is a blank cell (one cell per
    line copies print empty cells so); anything else is one token.
    """
    base = column - 1
    return [Token(kind, cell, line, base + offset) for kind, cell, offset in _shape(text)]


_Shape = tuple[tuple[Kind, str, int], ...]


@lru_cache(maxsize=1 << 14)
def _shape(text: str) -> _Shape:
    """The tokens of a line as (kind, text, 1-based column): lines repeat, so this is cached."""
    stripped = text.strip()
    if not stripped:
        if text and ("\t" in text or "\u3000" in text):
            return ((Kind.BLANK, "", 1),)
        return ()
    if stripped == "|":
        return ((Kind.BLANK, "", text.index("|") + 1),)
    if "|" in stripped:
        return _shape_pipes(text)
    return _shape_words(text)


def _shape_pipes(text: str) -> _Shape:
    parts: list[tuple[str, int]] = []
    start = 0
    for index, char in enumerate(text):
        if char == "|":
            parts.append((text[start:index], start))
            start = index + 1
    parts.append((text[start:], start))
    if parts and not parts[0][0].strip():
        parts = parts[1:]
    if parts and not parts[-1][0].strip():
        parts = parts[:-1]
    cells = []
    for raw, at in parts:
        stripped = raw.strip()
        cells.append((classify(stripped), stripped, at + len(raw) - len(raw.lstrip()) + 1))
    if len(cells) >= 2:  # noqa: PLR2004 - a row of cells, not a single cell with a bar after it
        cells.append((Kind.END, "", len(text)))
    return tuple(cells)


_WORD = re.compile(r"\S+")


def _is_value_word(word: str) -> bool:
    return _is_number(word) or _is_symbol_marker(word)


def _shape_words(text: str) -> _Shape:
    words = [(m.group(), m.start()) for m in _WORD.finditer(text)]
    split = len(words)
    while split > 0 and _is_value_word(words[split - 1][0]):
        split -= 1
    stripped = text.strip()
    if split == len(words) or len(words) == 1:
        return ((classify(stripped), stripped, words[0][1] + 1),)
    cells: list[tuple[Kind, str, int]] = []
    if split > 0:
        start = words[0][1]
        end = words[split - 1][1] + len(words[split - 1][0])
        cells.append((Kind.TEXT, text[start:end], start + 1))
    cells.extend((Kind.VALUE, word, at + 1) for word, at in words[split:])
    cells.append((Kind.END, "", len(text)))
    return tuple(cells)


# ------------------------------------------------------------------------------------------------
# Label keys: labels are compared in one folded form, numbering canonicalised.

_NUMBERING = re.compile(r"(?<![\d.])(\d{1,2})[,.](?=\D)")
_TRAILING_NOTE = re.compile(r"\([^()]*\)$")


@lru_cache(maxsize=1 << 16)
def key(text: str) -> str:
    """Fold `text` for comparing with labels: `normalize_label` plus canonical ``1.`` numbering."""
    return _NUMBERING.sub(r"\1.", normalize_label(text))


def _variants(folded: str) -> list[str]:
    """`folded`, then with trailing parenthetical notes removed (规章(设区的市…) -> 规章)."""
    out = [folded]
    current = folded
    for _ in range(3):
        stripped = _TRAILING_NOTE.sub("", current)
        if stripped == current or not stripped:
            break
        out.append(stripped)
        current = stripped
    return out


class _RowEntry(NamedTuple):
    row: Row
    template: Template | None
    full: str
    """Key of the full label, numbering included."""
    loose: str | None
    """Key of the label text alone, when it is distinctive enough to match without a number."""


_LOOSE_MIN = 4
_CONTAIN_MIN = 6


def _entries(rows: Iterable[tuple[Row, Template | None]]) -> tuple[_RowEntry, ...]:
    built = []
    for row, template in rows:
        text = key(row.text)
        full = key(row.label)
        loose = text if (len(text) >= _LOOSE_MIN or not row.number) else None
        built.append(_RowEntry(row, template, full, loose))
        built.extend(_RowEntry(row, template, key(alias), None) for alias in row.aliases)
    return tuple(sorted(built, key=lambda e: -len(e.full)))


@cache
def _row_entries(table: str, template: Template | None) -> tuple[_RowEntry, ...]:
    """Rows a reader of `table` looks for; both templates' rows when the template is unknown.

    Each row carries the template it belongs to, or None when both templates print it alike.
    """
    templates = [template] if template is not None else list(Template)
    found: dict[tuple[tuple[str, ...], str], tuple[Row, list[Template]]] = {}
    for t in templates:
        for row in layout(t).table(table).rows:
            found.setdefault((row.path, row.label), (row, []))[1].append(t)
    return _entries(
        (row, owners[0] if len(owners) == 1 else None) for row, owners in found.values()
    )


def _match_row(
    buffer: Sequence[Token], entries: Sequence[_RowEntry]
) -> tuple[_RowEntry, int] | None:
    """Find the row whose label ends the text in `buffer`; return it and where its label starts."""
    limit = min(len(buffer), 12)
    for count in range(1, limit + 1):
        folded = key("".join(t.text for t in buffer[-count:]))
        for variant in _variants(folded):
            for entry in entries:
                if variant.endswith(entry.full) or (
                    entry.loose is not None and variant.endswith(entry.loose)
                ):
                    return entry, len(buffer) - count
    tail = key("".join(t.text for t in buffer[-3:]))
    for entry in entries:
        loose = entry.loose or ""
        if len(loose) >= _CONTAIN_MIN and loose in tail:
            return entry, max(0, len(buffer) - 3)
    return None


@cache
def _structural_keys() -> tuple[str, ...]:
    """Keys of every label a table prints as structure: captions, headers, groups, rows."""
    labels: set[str] = {"信息内容"}
    for lay in iter_layouts():
        for table in lay.tables:
            labels.update(filter(None, (table.header, table.corner)))
            labels.update(table.column_groups)
            labels.update(group.label for group in table.groups)
            labels.update(block.caption for block in table.blocks)
            for row in table.rows:
                labels.add(row.label)
                labels.update(row.aliases)
                for column in row.columns:
                    labels.add(column.label)
                    labels.update(column.aliases)
                    if column.group:
                        labels.add(column.group)
    return tuple(sorted({key(label) for label in labels}, key=len, reverse=True))


@lru_cache(maxsize=1 << 14)
def is_structural(text: str) -> bool:
    """Return True if `text` is table structure: labels, or fragments of them (split headers)."""
    folded = key(text)
    if not folded:
        return True
    labels = _structural_keys()
    if any(folded in label for label in labels):
        return True
    return _decomposes(folded, labels)


def _decomposes(folded: str, labels: Sequence[str]) -> bool:
    """True if `folded` is a run of labels, possibly starting mid-label and ending mid-label."""
    reachable = [False] * (len(folded) + 1)
    reachable[0] = True
    for start in range(len(folded)):
        if not reachable[start]:
            continue
        rest = folded[start:]
        for label in labels:
            if rest.startswith(label):
                reachable[start + len(label)] = True
            elif start == 0:
                # A label's tail opens the text (a header cut at the start of a page).
                for cut in range(1, len(label)):
                    if rest.startswith(label[cut:]):
                        reachable[len(label) - cut] = True
        if any(label.startswith(rest) for label in labels):
            return True  # ends on the start of a label (a header cut at the end)
    return reachable[-1]


# ------------------------------------------------------------------------------------------------
# Headings, title and metadata

_NUMERALS = "一二三四五六七八九十"
_HEADING = re.compile(rf"^\s*(?P<num>[{_NUMERALS}]{{1,3}})?\s*[、.．]\s*(?P<title>\S.*?)\s*$")
_HEADING_MAX = 30
_SENTENCE_END = re.compile(r"[。；;！!？?]")
_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("overview", ("总体情况", "概述", "基本情况")),
    ("proactive", ("主动公开",)),
    ("applications", ("收到和处理", "依申请公开", "申请情况")),
    ("review_litigation", ("行政复议", "行政诉讼")),
    ("problems", ("存在的主要问题", "存在问题", "主要问题", "存在的问题")),
    ("other_matters", ("其他需要报告", "其它需要报告", "其他事项", "其它事项")),
)


@cache
def _section_titles() -> Mapping[str, str]:
    titles: dict[str, str] = {}
    for spec in sections():
        for title in (spec.title, *spec.aliases):
            titles[key(title)] = spec.key
    return titles


@cache
def _table_label_keys() -> frozenset[str]:
    return frozenset(
        key(label)
        for lay in iter_layouts()
        for table in lay.tables
        for label in (*(row.label for row in table.rows), *(g.label for g in table.groups))
    )


class Heading(NamedTuple):
    """A section heading found in the source."""

    key: str | None
    text: str


@lru_cache(maxsize=1 << 14)
def match_heading(text: str) -> Heading | None:
    """Return the section heading `text` is, or None.

    A heading is a numbered line (``六、下一步工作打算``; the numeral may be lost, ``、主动公开…``)
    whose title names a template section, or a short numbered title of a section the template
    does not have. Table row labels such as ``三、本年度办理结果`` are never headings.
    """
    cleaned = text.strip().strip("|").strip()
    match = _HEADING.match(cleaned)
    if match is None or len(cleaned) > _HEADING_MAX + 4:
        return None
    title = match["title"].strip()
    folded = key(cleaned)
    if any(folded.startswith(label) for label in _table_label_keys()):
        return None
    title_key = key(title)
    known = _section_titles().get(title_key) or _section_by_keyword(title_key)
    if known is not None:
        return Heading(known, cleaned)
    if (
        match["num"] is None
        or _SENTENCE_END.search(title)
        or len(title) > _HEADING_MAX
        or any(ch.isdigit() for ch in title)
        or "，" in title
        or "," in title
    ):
        return None
    return Heading(None, cleaned)


def _section_by_keyword(title_key: str) -> str | None:
    for section_key, words in _KEYWORDS:
        if any(word in title_key for word in words):
            return section_key
    return None


_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_TITLE_WORDS = re.compile(r"(?:信息公开|政务公开).*(?:报告|年报)|(?:报告|年报)")
_CHROME = re.compile(
    r"^(?:首页|您当前的位置|当前位置|您现在的位置)|"
    r"(?:发布时间|发布日期|发文日期|来源|作者|日期|时间|字号|点击|阅读|浏览|分享到?|打印|保存|收藏|"
    r"编辑|访问量|信息来源)\s*[:：]|"
    r"^[|\s]+$|【?(?:打印本页|关闭窗口|返回顶部)】?"
)
_FOOTER = re.compile(
    r"主办单位|承办单位|版权所有|网站标识码|ICP备|公网安备|关闭窗口|打印本页|返回顶部|技术支持|网站地图"
)
_CHROME_MAX = 80
_TITLE_MAX = 70


def _is_chrome(text: str) -> bool:
    folded = fold_characters(text.strip())
    return len(folded) <= _CHROME_MAX and bool(_CHROME.search(folded))


def _title_line(text: str) -> bool:
    folded = fold_characters(text.strip().strip("|").strip())
    return (
        len(folded) <= _TITLE_MAX
        and _TITLE_YEAR.search(folded) is not None
        and ("报告" in folded or "年报" in folded)
        and ("信息公开" in folded or "政务公开" in folded)
        and not folded.startswith(("根据", "依据", "按照"))
        and not _SENTENCE_END.search(folded)
    )


_ORGAN_BEFORE = re.compile(r"^(?P<organ>.+?)\s*(?:关于)?\s*(?:19|20)\d{2}\s*年")
_ORGAN_AFTER_YEAR = re.compile(
    r"^\s*(?:19|20)\d{2}\s*年度?\s*(?P<organ>.*?)\s*(?:政府信息公开|政务公开|信息公开)"
)
_ORGAN_AFTER_TITLE = re.compile(r"(?:报告|年报)\s*(?P<organ>[^\d\s]{2,40})")


def _organ_from_title(title: str) -> str | None:
    for pattern in (_ORGAN_BEFORE, _ORGAN_AFTER_YEAR, _ORGAN_AFTER_TITLE):
        match = pattern.search(title)
        if match:
            organ = match["organ"].strip(" |")
            if organ and not organ.startswith(("年", "关于")):
                return organ
    return None


_YEAR_PATTERNS = (
    re.compile(
        r"(?:统计期限|统计时限|统计期间|统计时间|统计区间)[^。]{0,12}?((?:19|20)\d{2})\s*年"
    ),
    re.compile(r"((?:19|20)\d{2})\s*年度?[^。，,]{0,30}?信息公开[^。]{0,10}?报告"),
    re.compile(r"((?:19|20)\d{2})\s*年"),
)


class _Meta(NamedTuple):
    title: str | None
    organ: str | None
    year: int | None
    title_lines: int
    """How many source lines the title took (it may be split over two)."""


def _find_title(lines: Sequence[SourceLine]) -> tuple[int, _Meta] | None:
    """Find the title among the lines before the first heading; return its index and metadata."""
    for index, line in enumerate(lines[:20]):
        if line.cells is not None or not _title_line(line.text):
            continue
        title = line.text.strip().strip("|").strip()
        folded = fold_characters(title)
        if _TITLE_YEAR.match(folded.strip()) and index > 0:
            previous = lines[index - 1]
            before = previous.text.strip()
            if (
                previous.cells is None
                and 1 < len(before) <= 20  # noqa: PLR2004 - an organ name, not a sentence
                and not any(ch.isdigit() for ch in before)
                and not _is_chrome(before)
                and not _SENTENCE_END.search(before)
            ):
                return index - 1, _Meta(before + title, before, _year(folded), 2)
        return index, _Meta(title, _organ_from_title(folded), _year(folded), 1)
    return None


def _year(folded: str) -> int | None:
    match = _TITLE_YEAR.search(folded)
    return int(match.group(1)) if match else None


def year_from_text(texts: Iterable[str]) -> int | None:
    """Infer the reporting year from prose: the statistics period, or the first year named."""
    joined = fold_characters("\n".join(texts))
    for pattern in _YEAR_PATTERNS:
        match = pattern.search(joined)
        if match:
            return int(match.group(1))
    return None


# ------------------------------------------------------------------------------------------------
# Table segments: which tokens belong to which table


def _table_marker(token: Token) -> str | None:
    """The table a TEXT token opens, if it is one of the tables' unmistakable first labels."""
    return _marker(token.text)


@lru_cache(maxsize=1 << 14)
def _marker(text: str) -> str | None:
    folded = key(text)
    if folded.startswith(("第二十条", "信息内容")):
        return "proactive"
    if (
        "勾稽关系" in folded
        or folded.startswith("申请人情况")
        or "本年新收政府信息公开申请" in folded
    ):
        return "applications"
    if folded.startswith(("行政复议", "行政诉讼")) and len(folded) <= 10:  # noqa: PLR2004
        return "review_litigation"
    return None


@cache
def _proactive_row_keys() -> frozenset[str]:
    return frozenset(
        key(row.label) for lay in iter_layouts() for row in lay.table("proactive").rows
    )


# ------------------------------------------------------------------------------------------------
# Reading tables


class _Out:
    """Collects what reading produces: positions, problems and stray text."""

    def __init__(self) -> None:
        self.positions: dict[str, Position] = {}
        self.problems: list[Problem] = []

    def problem(
        self,
        kind: str,
        message: str,
        token: Token | None,
        path: str | None = None,
        found: str | None = None,
    ) -> None:
        self.problems.append(
            Problem(
                message,
                path=path,
                line=token.line if token else None,
                column=token.column if token else None,
                found=found,
                kind=kind,
            )
        )


class _Run(NamedTuple):
    values: list[Token]
    ended: str
    """How the run of values ended: ``row`` (an END), ``text`` or ``eof``."""
    next: int


def _run(tokens: Sequence[Token], start: int) -> _Run:
    values: list[Token] = []
    index = start
    while index < len(tokens):
        token = tokens[index]
        if token.kind is Kind.END:
            return _Run(values, "row", index + 1)
        if token.kind is Kind.TEXT:
            return _Run(values, "text", index)
        values.append(token)
        index += 1
    return _Run(values, "eof", index)


def _place(run: _Run, count: int) -> list[Token] | None:
    """Return the `count` cells of a row from its run of values, or None if they cannot be placed.

    A row printed on one line (ended by END) must show exactly its cells, or its cells followed by
    empty cells (phantom columns); a row flowing one cell per line takes its first cells. A row
    with fewer cells, or merged empty cells between values, cannot be placed without guessing.
    """
    values = run.values
    if len(values) == count:
        return values
    if len(values) < count:
        return None
    head, tail = values[:count], values[count:]
    if any(t.kind is not Kind.BLANK for t in tail):
        return None
    if run.ended == "row" and any(t.kind is Kind.BLANK for t in head):
        return None
    return head


class _Cells:
    """Converts value tokens to cell values for a row's columns."""

    def __init__(self, out: _Out) -> None:
        self.out = out

    def value(self, token: Token, column: Column, path: str) -> Any:
        if token.kind is Kind.BLANK:
            return None
        value, note = read_cell(token.text, column)
        if note is not None:
            self.out.problem(note.kind, note.message, token, path, token.text)
        return value


def _row_values(
    row: Row, table: str, placed: Sequence[Token], cells: _Cells, out: _Out
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for column, token in zip(row.columns, placed, strict=True):
        path = f"{table}.{row.key}.{column.key}"
        values[column.key] = cells.value(token, column, path)
        out.positions[path] = Position(token.line, token.column)
    return values


def _label_text(tokens: Sequence[Token]) -> str:
    return "".join(t.text for t in tokens)


def _extra_label(buffer: Sequence[Token]) -> tuple[str, Token] | None:
    """The label of an unknown row: the buffer's text after any table structure."""
    start = 0
    while start < len(buffer) and is_structural(buffer[start].text):
        start += 1
    rest = buffer[start:]
    if not rest:
        return None
    return _label_text(rest), rest[0]


def _extra_values(values: Sequence[Token]) -> tuple[str, ...]:
    return tuple(t.text for t in values)


class _TableReader:
    """Reads one table's tokens into rows, extra rows and stray text."""

    def __init__(self, table: str, template: Template | None, out: _Out) -> None:
        self.table = table
        self.template = template
        self.out = out
        self.cells = _Cells(out)
        self.rows: dict[tuple[str, ...], dict[str, Any]] = {}
        self.extra: list[ExtraRow] = []
        self.stray: list[str] = []
        self.last_row: str | None = None
        self.row_templates: set[Template] = set()

    def entries(self) -> tuple[_RowEntry, ...]:
        return _row_entries(self.table, self.template)

    def read(self, tokens: Sequence[Token]) -> None:
        buffer: list[Token] = []
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token.kind is Kind.TEXT:
                buffer.append(token)
                index += 1
                continue
            if token.kind is Kind.END:
                index += 1
                continue
            run = _run(tokens, index)
            index = run.next
            buffer = self.take(buffer, run)
        self.finish(buffer)

    def take(self, buffer: list[Token], run: _Run) -> list[Token]:
        """Give a run of values to the row whose label precedes it; return the new buffer."""
        if not any(t.kind is Kind.VALUE for t in run.values) and not buffer:
            return buffer
        match = _match_row(buffer, self.entries())
        if match is None:
            first = run.values[0] if run.values else None
            if first is not None and first.kind is Kind.VALUE and _is_word_marker(first.text):
                # 无 in a vertical label (（四）无\n法提供) is text, not a marker.
                return buffer
            if not any(t.kind is Kind.VALUE for t in run.values):
                return buffer  # empty cells under a header: structure, not a row
            self.unknown(buffer, run)
            return []
        entry, start = match
        self.stray_text(buffer[:start])
        label = buffer[start]
        self.assign(entry, run, label)
        return []

    def assign(self, entry: _RowEntry, run: _Run, label: Token) -> None:
        row = entry.row
        path = f"{self.table}.{row.key}"
        if row.path in self.rows:
            self.out.problem(
                "duplicate-row", f"row {row.label} appears again; the first is kept", label, path
            )
            return
        placed = _place(run, len(row.columns))
        if placed is None:
            if run.ended == "eof":
                self.out.problem(
                    "row-cut-off",
                    f"row {row.label} is cut off: {len(run.values)} of {len(row.columns)} "
                    "cells before the text ends",
                    label,
                    path,
                )
            else:
                self.out.problem(
                    "ambiguous-row",
                    f"row {row.label}: expected {len(row.columns)} cells, found "
                    f"{len(run.values)} ({sum(t.kind is Kind.VALUE for t in run.values)} with "
                    "values) that cannot be placed in their columns without guessing",
                    label,
                    path,
                    found=" | ".join(t.text for t in run.values),
                )
            return
        if entry.template is not None:
            self.row_templates.add(entry.template)
        self.rows[row.path] = _row_values(row, self.table, placed, self.cells, self.out)
        self.last_row = row.key

    def unknown(self, buffer: list[Token], run: _Run) -> None:
        found = _extra_label(buffer)
        if found is None:
            first = run.values[0]
            self.out.problem(
                "unexpected-value",
                f"values with no row label: {' '.join(t.text for t in run.values)}",
                first,
                self.table,
                found=" ".join(t.text for t in run.values),
            )
            return
        label, token = found
        self.extra.append(ExtraRow(label, _extra_values(run.values), after=self.last_row))
        self.out.problem(
            "unknown-row",
            f"row {label!r} is not in the template; kept as an extra row",
            token,
            self.table,
            found=label,
        )

    def stray_text(self, tokens: Sequence[Token]) -> None:
        for token in tokens:
            if not is_structural(token.text):
                self.stray.append(token.text)

    def finish(self, buffer: list[Token]) -> None:
        """Handle text left after the last row: a row label cut off by the page end, or prose."""
        if not buffer:
            return
        tail = key(_label_text(buffer[-3:]))
        for entry in self.entries():
            if entry.row.path not in self.rows and _is_cut_label(tail, entry):
                self.out.problem(
                    "row-cut-off",
                    f"row {entry.row.label} is cut off before its cells",
                    buffer[-1],
                    f"{self.table}.{entry.row.key}",
                )
                break
        self.stray_text(buffer)


_CUT_MIN = 3


def _is_cut_label(tail: str, entry: _RowEntry) -> bool:
    """True if the text ends with the beginning of the row's label (the page stops inside it)."""
    return any(
        tail.endswith(entry.full[:size]) for size in range(len(entry.full), _CUT_MIN - 1, -1)
    )


# ------------------------------------------------------------------------------------------------
# Section 二: blocks, template votes and rows


_ITEM = re.compile(r"第二十条第\(([一二三四五六七八九十])\)项")


@cache
def _header_votes() -> Mapping[str, frozenset[Template]]:
    """Header label key -> the templates whose section 二 prints it."""
    votes: dict[str, set[Template]] = {}
    for lay in iter_layouts():
        for block in lay.table("proactive").blocks:
            for column in block.columns:
                for label in (column.label, *column.aliases):
                    votes.setdefault(key(label), set()).add(lay.template)
    return {label: frozenset(templates) for label, templates in votes.items()}


def _vote(text: str) -> frozenset[Template]:
    """The templates a header text belongs to (本年处理决定数量 -> 2021; 本年新 -> 2019).

    A text may hold several headers (PDF rows: 信息内容 上一年项目数量 本年增/减 …); each header
    it holds counts, the longest reading winning (本年处理决定数量 is not 处理决定数量).
    """
    folded = key(text)
    if not folded:
        return frozenset()
    votes = _header_votes()
    if folded in votes:
        return votes[folded]
    found = [label for label in votes if label in folded]
    found = [label for label in found if not any(label != o and label in o for o in found)]
    matches: set[Template] = set()
    for label in found:
        matches |= votes[label]
    if not found and len(folded) >= 3:  # noqa: PLR2004 - a header cut short (本年新)
        for label, templates in votes.items():
            if label.startswith(folded):
                matches |= templates
    return frozenset(matches)


class _Block(NamedTuple):
    item: str | None
    """The 第二十条 item (一, 五, 六, 八, 九) the caption names; None before any caption."""
    tokens: list[Token]
    votes: dict[Template, int]


def _blocks(tokens: Sequence[Token]) -> list[_Block]:
    blocks = [_Block(None, [], {})]
    for token in tokens:
        if token.kind is Kind.TEXT:
            match = _ITEM.search(key(token.text))
            if match:
                blocks.append(_Block(match.group(1), [], {}))
                continue
            for template in _vote(token.text):
                votes = blocks[-1].votes
                votes[template] = votes.get(template, 0) + 1
        blocks[-1].tokens.append(token)
    return blocks


def _block_template(block: _Block) -> Template | None:
    if block.item == "九":
        return Template.V2019
    if not block.votes:
        return None
    best = max(block.votes.values())
    winners = [t for t, n in block.votes.items() if n == best]
    return winners[0] if len(winners) == 1 else None


def _detect_template(blocks: Sequence[_Block]) -> Template | None:
    ballots: dict[Template, int] = {}
    for block in blocks:
        template = _block_template(block)
        if template is not None:
            ballots[template] = ballots.get(template, 0) + 1
    if not ballots:
        return None
    best = max(ballots.values())
    winners = [t for t, n in ballots.items() if n == best]
    if len(winners) == 1:
        return winners[0]
    return Template.V2019 if any(b.item == "九" for b in blocks) else None


# ------------------------------------------------------------------------------------------------
# Assembling a report


class _Region(NamedTuple):
    heading: Heading | None
    heading_line: SourceLine | None
    lines: list[SourceLine]


def _split_inline_headings(lines: Sequence[SourceLine]) -> list[SourceLine]:
    """Split a line that holds a whole report body (headings inline) at its known headings."""
    out: list[SourceLine] = []
    pattern = re.compile(rf"(?<=\s)(?=[{_NUMERALS}]{{1,2}}、)")
    for line in lines:
        if line.cells is not None or len(line.text) < 200:  # noqa: PLR2004
            out.append(line)
            continue
        start = 0
        pieces: list[tuple[int, str]] = []
        for match in pattern.finditer(line.text):
            candidate = line.text[match.start() : match.start() + 40]
            if _inline_heading(candidate):
                pieces.append((start, line.text[start : match.start()]))
                start = match.start()
        pieces.append((start, line.text[start:]))
        for offset, piece in pieces:
            if not piece.strip():
                continue
            heading = _inline_heading(piece[:40]) if offset else None
            if heading is not None:
                out.append(SourceLine(heading, line.line, line.column + offset))
                rest = piece[len(heading) :]
                if rest.strip():
                    out.append(SourceLine(rest, line.line, line.column + offset + len(heading)))
            else:
                out.append(SourceLine(piece, line.line, line.column + offset))
    return out


def _inline_heading(text: str) -> str | None:
    """The known section heading `text` starts with (numeral, 、, a template section title)."""
    match = re.match(rf"([{_NUMERALS}]{{1,2}}、)", text)
    if match is None:
        return None
    folded_rest = text[match.end() :]
    for spec in sections():
        for title in (spec.title, *spec.aliases):
            if folded_rest.startswith(title) or fold_characters(folded_rest).startswith(title):
                return match.group(1) + folded_rest[: len(title)]
    return None


def _numeral(heading: str) -> int | None:
    """The value of a heading's Chinese numeral (一 … 十九), or None if it has none."""
    match = re.match(rf"\s*([{_NUMERALS}]{{1,2}})", heading)
    if match is None:
        return None
    digits = match.group(1)
    if len(digits) == 1:
        return _NUMERALS.index(digits) + 1
    if digits[0] == "十":
        return 10 + _NUMERALS.index(digits[1]) + 1
    return None


def _regions(lines: Sequence[SourceLine]) -> list[_Region]:
    """Split the lines at section headings.

    A heading naming a template section always starts a section. A numbered line with another
    title starts one only when its numeral comes after the previous heading's (六 after 五): a
    sub-item numbered 一、 inside 一、总体情况 stays text.
    """
    regions = [_Region(None, None, [])]
    last: int | None = None
    for line in lines:
        heading = match_heading(line.text) if line.cells is None else None
        if heading is not None and heading.key is None:
            number = _numeral(heading.text)
            if last is not None and (number is None or number <= last):
                heading = None
        if heading is not None:
            regions.append(_Region(heading, line, []))
            last = _numeral(heading.text) or last
        else:
            regions[-1].lines.append(line)
    return regions


def _tokens(lines: Sequence[SourceLine], *, bar_lines: bool) -> list[tuple[Token, int]]:
    """Tokens of `lines`, each with the index of the line it came from.

    With `bar_lines`, a line holding only ``|`` separates cells (copies that put a bar line
    after every cell); two bars in a row then enclose an empty cell.
    """
    out: list[tuple[Token, int]] = []
    previous_bar = False
    for index, line in enumerate(lines):
        if line.cells is not None:
            out.extend((token, index) for token in line.cells)
            previous_bar = False
            continue
        bar = line.text.strip() == "|"
        if bar and bar_lines:
            if previous_bar:
                out.append((Token(Kind.BLANK, "", line.line, line.column), index))
            previous_bar = True
            continue
        if line.text.strip():
            previous_bar = False
        out.extend((token, index) for token in lex_line(line.text, line.line, line.column))
    return out


def bar_lines(lines: Sequence[SourceLine]) -> bool:
    """True if the source separates cells by lines holding only ``|`` (one after every cell)."""
    bare = sum(1 for line in lines if line.cells is None and line.text.strip() == "|")
    barred = sum(
        1 for line in lines if line.cells is None and "|" in line.text and line.text.strip() != "|"
    )
    return bare >= 5 and bare > 2 * barred  # noqa: PLR2004


class _Segment(NamedTuple):
    table: str
    tokens: list[Token]


def _split_tables(
    lines: Sequence[SourceLine], *, bars: bool = False
) -> tuple[list[str], list[_Segment]]:
    """Split a region into its prose before the first table, and its table segments.

    Prose after a table stays in the table's tokens and comes back as stray text.
    """
    tokens = _tokens(lines, bar_lines=bars)
    first: int | None = None
    segments: list[_Segment] = []
    for position, (token, line_index) in enumerate(tokens):
        marker = _table_marker(token) if token.kind is Kind.TEXT else None
        if marker is None and token.kind is Kind.TEXT and key(token.text) in _proactive_row_keys():
            following = tokens[position + 1][0] if position + 1 < len(tokens) else None
            if following is not None and following.kind is Kind.VALUE and not segments:
                marker = "proactive"
        if marker is not None and (not segments or segments[-1].table != marker):
            if first is None:
                first = line_index
            segments.append(_Segment(marker, []))
        if segments:
            segments[-1].tokens.append(token)
    if first is None:
        return [line.text for line in lines if line.cells is None], []
    return [line.text for line in lines[:first] if line.cells is None], segments


def _paragraphs(texts: Iterable[str]) -> str:
    return "\n".join(text.strip() for text in texts if text.strip())


def _drop_footer(texts: list[str]) -> list[str]:
    while texts and (not texts[-1].strip() or _FOOTER.search(fold_characters(texts[-1]))):
        texts = texts[:-1]
    return texts


def _repeats_title(text: str, title: str) -> bool:
    stripped = text.strip().strip("|").strip()
    return len(stripped) >= 4 and stripped in title and not stripped.isdigit()  # noqa: PLR2004


def _metadata(lines: Sequence[SourceLine], out: _Out) -> tuple[_Meta, list[SourceLine]]:
    """Find the title and its organ and year; return them and the preamble lines without them."""
    found = _find_title(lines)
    meta = _Meta(None, None, None, 0)
    rest = list(lines)
    if found is not None:
        index, meta = found
        rest = rest[index + meta.title_lines :]
    else:
        out.problem(
            "missing-title",
            "no title line (…年…政府信息公开工作年度报告) before the first section",
            None,
            "title",
        )
    title = meta.title
    if title is not None:
        # Pages often repeat the title's parts just under it (organ / year-and-title lines).
        while (
            rest
            and rest[0].cells is None
            and (not rest[0].text.strip() or _repeats_title(rest[0].text, title))
        ):
            rest = rest[1:]
    rest = [line for line in rest if line.cells is not None or not _is_chrome(line.text)]
    return meta, rest


class _Body(NamedTuple):
    heading: Heading | None
    line: SourceLine | None
    prose: list[str]


def read(lines: Sequence[SourceLine]) -> ParseResult:
    """Read a report from source lines; never raises on any input."""
    out = _Out()
    kept = [
        line
        for line in lines
        if line.cells is not None or not line.text.strip() or not _PAGE_LINE.match(line.text)
    ]
    bars = bar_lines(kept)
    regions = _regions(_split_inline_headings(kept))
    meta, preamble_lines = _metadata(regions[0].lines, out)
    regions[0] = _Region(None, None, preamble_lines)

    segments: dict[str, list[Token]] = {}
    homes: dict[str, int] = {}
    bodies: list[_Body] = []
    used: set[str] = set()
    for number, region in enumerate(regions):
        prose, found = _split_tables(region.lines, bars=bars)
        for segment in found:
            segments.setdefault(segment.table, []).extend(segment.tokens)
            homes.setdefault(segment.table, number)
        heading = region.heading
        if heading is not None and heading.key is not None:
            if heading.key in used:
                heading = Heading(None, heading.text)  # a repeated heading: kept, as an extra
            used.add(heading.key or "")
        bodies.append(_Body(heading, region.heading_line, prose))
    last = bodies[-1]
    bodies[-1] = _Body(last.heading, last.line, _drop_footer(last.prose))

    tables, stray = _read_tables(segments, homes, out)
    preamble = ""
    found_sections: list[Section] = []
    for number, body in enumerate(bodies):
        text = _paragraphs([*body.prose, *stray.get(number, [])])
        if body.heading is None:
            preamble = text
        else:
            found_sections.append(Section(body.heading.key, body.heading.text, text))  # type: ignore[arg-type]
    _report_missing(found_sections, tables, bodies, out)

    year = meta.year
    if year is None and meta.title is None:
        overview = [s.text for s in found_sections if s.key == "overview"]
        year = year_from_text([preamble, *overview])
        if year is not None:
            out.problem(
                "year-from-text",
                f"no title: the year {year} is read from the report's text",
                None,
                "year",
            )
    report = Report(
        title=meta.title,
        organ=meta.organ,
        year=year,
        preamble=preamble,
        sections=tuple(found_sections),
        **tables,
    )
    return ParseResult(report, tuple(out.problems), out.positions)


def _read_tables(
    segments: Mapping[str, list[Token]], homes: Mapping[str, int], out: _Out
) -> tuple[dict[str, Any], dict[int, list[str]]]:
    """Read every table found; return them and the stray text per region."""
    tables: dict[str, Any] = {}
    stray: dict[int, list[str]] = {}
    template: Template | None = None
    if "proactive" in segments:
        table, template, text = _read_proactive(segments["proactive"], out)
        if table is not None:
            tables["proactive"] = table
        stray.setdefault(homes["proactive"], []).extend(text)
    if "applications" in segments:
        reader = _TableReader("applications", template, out)
        reader.read(segments["applications"])
        if template is None and len(reader.row_templates) == 1:
            template = next(iter(reader.row_templates))
        tables["applications"] = _applications(reader, template, out)
        stray.setdefault(homes["applications"], []).extend(reader.stray)
    if "review_litigation" in segments:
        review = _ReviewReader(out)
        tables["review_litigation"] = review.read(segments["review_litigation"])
        stray.setdefault(homes["review_litigation"], []).extend(review.stray)
    return tables, stray


def _report_missing(
    found: Sequence[Section], tables: Mapping[str, Any], bodies: Sequence[_Body], out: _Out
) -> None:
    keys = {section.key for section in found}
    heading_lines = {
        b.heading.key: b.line for b in bodies if b.heading is not None and b.heading.key
    }
    for spec in sections():
        if spec.key not in keys:
            out.problem("missing-section", f"section {spec.heading} not found", None, spec.key)
        elif spec.table is not None and spec.table not in tables:
            line = heading_lines.get(spec.key)
            token = Token(Kind.TEXT, "", line.line, line.column) if line else None
            out.problem(
                "table-absent",
                f"section {spec.heading} prints no table (published as an image, or omitted)",
                token,
                spec.table,
            )


def _cells_of(reader: _TableReader) -> dict[str, Any]:
    return {
        f"{reader.table}.{'.'.join(path)}.{column}": value
        for path, cells in reader.rows.items()
        for column, value in cells.items()
    }


def _read_proactive(tokens: Sequence[Token], out: _Out) -> tuple[Any, Template | None, list[str]]:
    """Read section 二: detect the template from its headers, then read its blocks."""
    blocks = _blocks(tokens)
    template = _detect_template(blocks)
    if template is None:
        out.problem(
            "template-unknown",
            "section 二's headers do not show which template (2019 or 2021) the table follows",
            tokens[0] if tokens else None,
            "proactive",
        )
        return None, None, []
    reader = _TableReader("proactive", template, out)
    hybrid: list[ExtraRow] = []
    for block in blocks:
        block_template = _block_template(block)
        if block_template is None or block_template is template:
            reader.read(block.tokens)
            continue
        # A block printing the other template's headers (a 2019/2021 hybrid): its rows cannot be
        # given the template's identifiers, so they are kept verbatim as extra rows.
        other = _TableReader("proactive", block_template, _Out())
        other.read(block.tokens)
        caption = f"第二十条第（{block.item}）项" if block.item else "section 二"
        out.problem(
            "hybrid-block",
            f"{caption} prints the {block_template} template's headers in a {template} table; "
            "its rows are kept as extra rows",
            block.tokens[0] if block.tokens else None,
            "proactive",
        )
        lay = layout(block_template).table("proactive")
        for path, cells in other.rows.items():
            row = lay.row(".".join(path))
            hybrid.append(
                ExtraRow(row.label, tuple(map(cell_text, cells.values())), after=reader.last_row)
            )
    table = Report().with_cells(_cells_of(reader), template=template).proactive
    if table is None:
        table = (ProactiveTable2019 if template is Template.V2019 else ProactiveTable2021)()
    _missing_rows(reader, layout(template).table("proactive").rows, out)
    return attrs.evolve(table, extra_rows=(*hybrid, *reader.extra)), template, reader.stray


def _applications(reader: _TableReader, template: Template | None, out: _Out) -> ApplicationTable:
    """Build section 三; in a 2021 table （六） is always a group, even with no rows read."""
    base = Report(applications=ApplicationTable())
    values = _cells_of(reader)
    if template is Template.V2019 and not any(".other_handling." in p for p in values):
        template = None  # the 2019 （六） row was not read: leave it absent
    table = base.with_cells(values, template=template).applications or ApplicationTable()
    if template is Template.V2021 and not isinstance(table.results.other_handling, OtherHandling):
        table = attrs.evolve(
            table, results=attrs.evolve(table.results, other_handling=OtherHandling())
        )
    rows = layout(template or Template.V2021).table("applications").rows
    if template is None:
        rows = tuple(r for r in rows if r.path[:2] != ("results", "other_handling"))
    _missing_rows(reader, rows, out)
    return attrs.evolve(table, extra_rows=tuple(reader.extra))


def _missing_rows(reader: _TableReader, rows: Sequence[Row], out: _Out) -> None:
    reported = {
        p.path for p in out.problems if p.kind in {"row-cut-off", "ambiguous-row", "duplicate-row"}
    }
    for row in rows:
        path = f"{reader.table}.{row.key}"
        if row.path not in reader.rows and path not in reported:
            out.problem("row-missing", f"row {row.full_label} not found", None, path)


_GROUP = 5


class _ReviewReader:
    """Reads section 四: one printed row of 15 cells after its header, in template order."""

    def __init__(self, out: _Out) -> None:
        self.out = out
        self.rows = layout(Template.V2021).table("review_litigation").rows
        self.width = _GROUP * len(self.rows)
        self.values: list[Token] = []
        self.stray: list[str] = []
        self.extra: list[ExtraRow] = []
        self.ended = "eof"

    def read(self, tokens: Sequence[Token]) -> ReviewLitigationTable:
        buffer: list[Token] = []
        last_text_line = -1
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token.kind is Kind.TEXT:
                buffer.append(token)
                last_text_line = token.line
            if token.kind is Kind.TEXT or token.kind is Kind.END:
                index += 1
                continue
            run = _run(tokens, index)
            index = run.next
            if not self.extra_row(buffer, run):
                self.keep_stray(buffer)
                self.data(run, buffer[-1].line if buffer else last_text_line)
            buffer = []
        self.keep_stray(buffer)
        return self.build()

    def keep_stray(self, buffer: Sequence[Token]) -> None:
        self.stray.extend(t.text for t in buffer if not is_structural(t.text))

    def extra_row(self, buffer: Sequence[Token], run: _Run) -> bool:
        """Text that is not table structure, then values short of a data row: an extra row."""
        found = _extra_label(buffer)
        if found is None or not any(t.kind is Kind.VALUE for t in run.values):
            return False
        if not self.values and len(run.values) >= self.width:
            return False
        label, first = found
        shown = min(len(self.values), self.width) // _GROUP
        after = self.rows[shown - 1].key if shown else None
        self.extra.append(ExtraRow(label, _extra_values(run.values), after=after))
        self.out.problem(
            "unknown-row",
            f"row {label!r} is not in the template; kept as an extra row",
            first,
            "review_litigation",
            label,
        )
        return True

    def data(self, run: _Run, text_line: int) -> None:
        cells = list(run.values)
        if not self.values and not any(t.kind is Kind.VALUE for t in cells):
            # Empty cells of the header (merged cells, padding lines) are not the data row,
            # unless they are a whole row of their own: a data row with every cell empty.
            padding = run.ended == "text" or (bool(cells) and cells[0].line == text_line)
            if padding and len(cells) != self.width:
                return
        if not self.values and run.ended == "row":
            surplus = len(cells) - self.width
            if surplus > 0 and all(t.kind is Kind.BLANK for t in cells[:surplus]):
                cells = cells[surplus:]  # an empty label cell before the data row
        self.values.extend(cells)
        self.ended = run.ended

    def build(self) -> ReviewLitigationTable:
        values, width = self.values, self.width
        if len(values) > width and all(t.kind is Kind.BLANK for t in values[width:]):
            values = values[:width]
        complete = len(values) // _GROUP
        if len(values) > width or (self.ended == "row" and len(values) % _GROUP):
            self.out.problem(
                "ambiguous-row",
                f"section 四 holds {len(values)} cells where the template has {width}; "
                "they cannot be placed without guessing",
                values[0] if values else None,
                "review_litigation",
            )
            complete = 0
        converter = _Cells(self.out)
        cells: dict[str, Any] = {}
        for number, row in enumerate(self.rows):
            path = f"review_litigation.{row.key}"
            if number >= complete:
                if 0 < len(values) <= width and number * _GROUP < len(values):
                    self.out.problem(
                        "row-cut-off", f"{row.full_label} is cut off", values[-1], path
                    )
                else:
                    self.out.problem("row-missing", f"{row.full_label} not found", None, path)
                continue
            chunk = values[number * _GROUP : (number + 1) * _GROUP]
            for column, token in zip(row.columns, chunk, strict=True):
                cell_path = f"{path}.{column.key}"
                cells[cell_path] = converter.value(token, column, cell_path)
                self.out.positions[cell_path] = Position(token.line, token.column)
        table = Report().with_cells(cells).review_litigation or ReviewLitigationTable()
        return attrs.evolve(table, extra_rows=tuple(self.extra))
