"""The fast path: read a clean, complete report from lines of text without the lenient machinery.

Most inputs a program meets again and again are clean: the library's own text output, and copies
in the common one-cell-per-line and ``|`` table shapes with every section and row present. This
path reads them with the same stages' rules — the same lexer shapes, label matcher, heading
rules and cell policy — but on plain tuples, with every lookup memoised by exact text and the
tables built directly. The moment anything is unexpected (anything that would be a problem, or a
shape this path does not follow) it returns None and the lenient reader reads the input from the
start, so the result is always the one the lenient reader gives (a property test holds the two
together).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any

from govdisclosure._reading.collect import Out
from govdisclosure._reading.labels import (
    RowEntry,
    is_cut_label,
    is_structural,
    key,
    marker_text,
    match_row,
    proactive_row_keys,
    row_entries,
)
from govdisclosure._reading.lex import (
    PAGE_LINE,
    Kind,
    SourceLine,
    Token,
    is_word_marker,
    shape,
)
from govdisclosure._reading.outline import (
    NUMERALS,
    Heading,
    drop_footer,
    match_heading,
    metadata,
    numeral,
    paragraphs,
    split_inline_headings,
)
from govdisclosure._reading.tables import (
    ReviewReader,
    block_template,
    blocks_of,
    detect_template,
    place,
)
from govdisclosure.layout import CellKind, Row, Template, layout, sections
from govdisclosure.model import OtherHandling, Report, Section
from govdisclosure.model._shape import build_table
from govdisclosure.results import ParseResult, Positions

__all__ = ["read_text_lines"]

_VALUE, _BLANK, _TEXT, _END = Kind.VALUE, Kind.BLANK, Kind.TEXT, Kind.END
_HEADING_START = frozenset(NUMERALS + "、.．")
_PAGE_START = frozenset("-—–－第")
_INLINE_MIN = 200
_HEADING_LEN = 34
_TABLES = ("proactive", "applications", "review_litigation")

# A token here is a plain tuple (kind, text, line, column): no objects per cell.
_Tok = tuple[Kind, str, int, int]


class _Bail(Exception):  # noqa: N818 - control flow, never leaves this module
    """Something the fast path does not read: hand the input to the lenient reader."""


def read_text_lines(lines: Sequence[str]) -> ParseResult | None:
    """Read `lines` (line 1 first) on the fast path; None if the lenient reader must read them."""
    try:
        return _read(lines)
    except _Bail:
        return None


def _read(lines: Sequence[str]) -> ParseResult:  # noqa: C901, PLR0912, PLR0915 - one pass
    # Outline: regions at headings, exactly as the lenient `find_regions` splits them.
    regions: list[tuple[Heading | None, int, list[int]]] = [(None, 0, [])]
    last: int | None = None
    for index, raw in enumerate(lines):
        stripped = raw.strip()
        if not stripped:
            regions[-1][2].append(index)
            continue
        first = stripped[0]
        if stripped == "|" or (first in _PAGE_START and PAGE_LINE.match(raw)):
            raise _Bail
        if len(raw) >= _INLINE_MIN and len(split_inline_headings([SourceLine(raw, 1)])) != 1:
            raise _Bail
        heading = None
        cleaned = stripped.strip("|").strip() if "|" in (first, stripped[-1]) else stripped
        if cleaned and cleaned[0] in _HEADING_START and len(cleaned) <= _HEADING_LEN:
            heading = match_heading(raw)
            if heading is not None and heading.key is None:
                number = numeral(heading.text)
                if last is not None and (number is None or number <= last):
                    heading = None
        if heading is not None:
            regions.append((heading, index, []))
            last = numeral(heading.text) or last
        else:
            regions[-1][2].append(index)

    out = Out()
    preamble_lines = [SourceLine(lines[i], i + 1) for i in regions[0][2]]
    meta, kept = metadata(preamble_lines, out)
    if out.problems or meta.title is None:
        raise _Bail
    regions[0] = (None, 0, [line.line - 1 for line in kept])

    segments: dict[str, list[_Tok]] = {}
    homes: dict[str, int] = {}
    bodies: list[tuple[Heading | None, list[str]]] = []
    used: set[str] = set()
    for number, (heading, _, indices) in enumerate(regions):
        prose, found = _split_tables(lines, indices)
        for table, tokens in found:
            segments.setdefault(table, []).extend(tokens)
            homes.setdefault(table, number)
        if heading is not None and heading.key is not None:
            if heading.key in used:
                raise _Bail
            used.add(heading.key)
        bodies.append((heading, prose))
    last_heading, last_prose = bodies[-1]
    bodies[-1] = (last_heading, drop_footer(last_prose))

    pairs: dict[str, tuple[int, int]] = {}
    tables, stray = _read_tables(segments, homes, out, pairs)
    preamble = ""
    found_sections: list[Section] = []
    for number, (heading, prose) in enumerate(bodies):
        text = paragraphs([*prose, *stray.get(number, [])])
        if heading is None:
            preamble = text
        else:
            found_sections.append(Section(heading.key, heading.text, text))  # type: ignore[arg-type]
    keys = {section.key for section in found_sections}
    for spec in sections():
        if spec.key not in keys or (spec.table is not None and spec.table not in tables):
            raise _Bail
    report = Report(
        title=meta.title,
        organ=meta.organ,
        year=meta.year,
        preamble=preamble,
        sections=tuple(found_sections),
        **tables,
    )
    return ParseResult(report, (), Positions(pairs))


def _split_tables(
    lines: Sequence[str], indices: Sequence[int]
) -> tuple[list[str], list[tuple[str, list[_Tok]]]]:
    """The lenient `split_tables` on plain tokens: prose before the first table, then segments."""
    first: int | None = None
    segments: list[tuple[str, list[_Tok]]] = []
    pending: _Tok | None = None  # a section 二 row label that opens the table if a value follows
    for index in indices:
        raw = lines[index]
        cells = shape(raw)
        for kind, text, column in cells:
            token = (kind, text, index + 1, column)
            if pending is not None:
                if kind is _VALUE and not segments:
                    first = pending[2] - 1
                    segments.append(("proactive", [pending]))
                pending = None
            marker = marker_text(text) if kind is _TEXT else None
            if marker is None and kind is _TEXT and not segments and key(text) in _row_keys():
                pending = token
                continue
            if marker is not None and (not segments or segments[-1][0] != marker):
                if first is None:
                    first = index
                segments.append((marker, []))
            if segments:
                segments[-1][1].append(token)
    if first is None:
        return [lines[i] for i in indices], []
    return [lines[i] for i in indices if i < first], segments


def _row_keys() -> frozenset[str]:
    return proactive_row_keys()


# ------------------------------------------------------------------------------------------------
# Tables


@lru_cache(maxsize=1 << 12)
def _match(table: str, template: Template | None, texts: tuple[str, ...]) -> Any:
    """`match_row` on a buffer of label texts, memoised: labels repeat across reports."""
    entries = row_entries(table, template)
    return match_row([Token(_TEXT, text, 0, 0) for text in texts], entries)


@lru_cache(maxsize=1 << 12)
def _structural(text: str) -> bool:
    return is_structural(text)


class _Table:
    """The lenient `TableReader` on plain tokens; any problem it would report is a bail."""

    def __init__(
        self, table: str, template: Template | None, pairs: dict[str, tuple[int, int]]
    ) -> None:
        self.table = table
        self.template = template
        self.pairs = pairs
        self.rows: dict[tuple[str, ...], dict[str, Any]] = {}
        self.stray: list[str] = []
        self.row_templates: set[Template] = set()

    def read(self, tokens: Sequence[_Tok]) -> None:  # noqa: C901 - the run loop, as the lenient one
        buffer: list[_Tok] = []
        index, count = 0, len(tokens)
        while index < count:
            kind = tokens[index][0]
            if kind is _TEXT:
                buffer.append(tokens[index])
                index += 1
                continue
            if kind is _END:
                index += 1
                continue
            values: list[_Tok] = []
            ended = "eof"
            while index < count:
                token = tokens[index]
                if token[0] is _END:
                    ended = "row"
                    index += 1
                    break
                if token[0] is _TEXT:
                    ended = "text"
                    break
                values.append(token)
                index += 1
            has_value = any(v[0] is _VALUE for v in values)
            if not has_value and not buffer:
                continue
            tail = buffer[-12:]
            match = _match(self.table, self.template, tuple(t[1] for t in tail))
            if match is None:
                if values and values[0][0] is _VALUE and is_word_marker(values[0][1]):
                    continue
                if not has_value:
                    continue
                raise _Bail  # an unknown row: the lenient reader keeps it as an extra row
            entry, start = match
            start += len(buffer) - len(tail)
            for token in buffer[:start]:
                if not _structural(token[1]):
                    self.stray.append(token[1])
            self.assign(entry, values, ended)
            buffer = []
        if buffer:
            tail_key = key("".join(t[1] for t in buffer[-3:]))
            for entry in row_entries(self.table, self.template):
                if entry.row.path not in self.rows and is_cut_label(tail_key, entry):
                    raise _Bail
            for token in buffer:
                if not _structural(token[1]):
                    self.stray.append(token[1])

    def assign(self, entry: RowEntry, values: list[_Tok], ended: str) -> None:
        row = entry.row
        if row.path in self.rows:
            raise _Bail
        placed = place(values, ended, len(row.columns))
        if placed is None:
            raise _Bail
        if entry.template is not None:
            self.row_templates.add(entry.template)
        cells: dict[str, Any] = {}
        pairs = self.pairs
        for (path, name, money), (kind, text, line, at) in zip(
            _columns(self.table, row), placed, strict=True
        ):
            pairs[path] = (line, at)
            cells[name] = None if kind is _BLANK else _value(text, money)
        self.rows[row.path] = cells


_COLUMNS: dict[tuple[str, int], tuple[tuple[str, str, bool], ...]] = {}


def _columns(table: str, row: Row) -> tuple[tuple[str, str, bool], ...]:
    """Each column of `row`: its cell path, its key, and whether it holds money.

    Keyed by the row's identity: layout rows live as long as the process (the layouts are built
    once), and hashing a row hashes every label it holds.
    """
    found = _COLUMNS.get((table, id(row)))
    if found is None:
        prefix = f"{table}.{row.key}."
        found = _COLUMNS[table, id(row)] = tuple(
            (prefix + c.key, c.key, c.kind is CellKind.MONEY) for c in row.columns
        )
    return found


@lru_cache(maxsize=1 << 12)
def _value(text: str, money: bool) -> Any:  # noqa: FBT001 - memoised on both
    """The lenient cell policy on a clean cell; a unit or a fraction in a count is a bail."""
    from govdisclosure._reading.lex import cached_number  # noqa: PLC0415 - keeps the top tidy

    number = cached_number(text)
    if number is None:
        return text
    value, unit = number
    if unit is not None:
        raise _Bail
    if money:
        return value if isinstance(value, Decimal) else Decimal(value)
    if isinstance(value, Decimal):
        raise _Bail
    return value


def _read_tables(
    segments: dict[str, list[_Tok]],
    homes: dict[str, int],
    out: Out,
    pairs: dict[str, tuple[int, int]],
) -> tuple[dict[str, Any], dict[int, list[str]]]:
    tables: dict[str, Any] = {}
    stray: dict[int, list[str]] = {}
    template: Template | None = None
    if "proactive" in segments:
        table, template, text = _proactive(segments["proactive"], pairs)
        tables["proactive"] = table
        stray.setdefault(homes["proactive"], []).extend(text)
    if "applications" in segments:
        reader = _Table("applications", template, pairs)
        reader.read(segments["applications"])
        if template is None and len(reader.row_templates) == 1:
            template = next(iter(reader.row_templates))
        tables["applications"] = _applications(reader, template)
        stray.setdefault(homes["applications"], []).extend(reader.stray)
    if "review_litigation" in segments:
        review = ReviewReader(out)
        tokens = [Token(*token) for token in segments["review_litigation"]]
        tables["review_litigation"] = review.read(tokens)
        if out.problems:
            raise _Bail
        pairs.update({path: (p.line, p.column) for path, p in out.positions.items()})
        stray.setdefault(homes["review_litigation"], []).extend(review.stray)
    return tables, stray


def _proactive(
    tokens: Sequence[_Tok], pairs: dict[str, tuple[int, int]]
) -> tuple[Any, Template, list[str]]:
    blocks = blocks_of([Token(*token) for token in tokens])
    template = detect_template(blocks)
    if template is None:
        raise _Bail
    reader = _Table("proactive", template, pairs)
    for block in blocks:
        if block_template(block) not in {None, template}:
            raise _Bail  # a hybrid block: kept as extra rows, with a problem
        reader.read(block.tokens)
    _require_rows(reader, layout(template).table("proactive").rows)
    table = build_table(template, "proactive", reader.rows)
    return table, template, reader.stray


def _applications(reader: _Table, template: Template | None) -> Any:
    if template is None:
        raise _Bail
    rows = layout(template).table("applications").rows
    _require_rows(reader, rows)
    table = build_table(template, "applications", reader.rows)
    if template is Template.V2021 and not isinstance(table.results.other_handling, OtherHandling):
        raise _Bail
    return table


def _require_rows(reader: _Table, rows: Sequence[Any]) -> None:
    if any(row.path not in reader.rows for row in rows):
        raise _Bail
