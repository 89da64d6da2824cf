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

from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cache
from itertools import chain, compress, count, islice, repeat
from operator import eq, getitem, is_, itemgetter, le
from typing import Any, cast

import attrs

from govdisclosure._cells import is_word_marker, read_cell
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
    vote,
)
from govdisclosure._reading.lex import (
    PAGE_LINE,
    Kind,
    SourceLine,
    Token,
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
    Block,
    block_template,
    caption_item,
    detect_template,
    place,
)
from govdisclosure.layout import CellKind, Column, Row, Template, layout, sections
from govdisclosure.model import OtherHandling, Report, Section
from govdisclosure.model._shape import build_table, constructor_of, table_builder
from govdisclosure.results import ParseResult, Positions

__all__ = ["read_text_lines"]

_VALUE, _BLANK, _TEXT, _END = Kind.VALUE, Kind.BLANK, Kind.TEXT, Kind.END
_HEADING_START = frozenset(NUMERALS + "、.．")  # noqa: RUF001 - full-width and dash forms the reader folds on purpose
_PAGE_START = frozenset("-—–－第")  # noqa: RUF001 - full-width and dash forms the reader folds on purpose
_SPECIAL = _HEADING_START | _PAGE_START | {"|"}
"""First characters of a line that may be a heading, a page number or a bar line."""
_INLINE_MIN = 200
_HEADING_LEN = 34
_GROUP = 5
"""Cells in each of section 四's three groups."""

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


def _read(lines: Sequence[str]) -> ParseResult:  # noqa: C901 - one pass
    # Outline: regions at headings, exactly as the lenient `find_regions` splits them.
    headings: list[tuple[Heading, int]] = []
    last: int | None = None
    seen: list[_Line | None] = [*map(_LINES.get, lines)]  # looked up in C, line by line
    infos = cast("list[_Line]", seen)  # every line known, unless one is None:
    if None in seen:  # lines not seen yet (or too long to be kept): analysed
        infos = [info or _line(raw) for info, raw in zip(seen, lines, strict=True)]
    for index in compress(count(), map(_ROLE, infos)):  # the lines that are not _PLAIN
        if infos[index][4] is _UNREAD:
            raise _Bail
        heading = match_heading(lines[index])
        if heading is None:
            continue
        if heading.key is None:
            number = numeral(heading.text)
            if last is not None and (number is None or number <= last):
                continue
        headings.append((heading, index))
        last = numeral(heading.text) or last
    starts = [0, *(index + 1 for _, index in headings)]
    ends = [*(index for _, index in headings), len(lines)]
    regions: list[tuple[Heading | None, Sequence[int]]] = [
        (None, range(starts[0], ends[0])),
        *((heading, range(starts[n + 1], ends[n + 1])) for n, (heading, _) in enumerate(headings)),
    ]

    out = Out()
    preamble_lines = [SourceLine(lines[i], i + 1) for i in regions[0][1]]
    meta, kept = metadata(preamble_lines, out)
    if out.problems or meta.title is None:
        raise _Bail
    regions[0] = (None, [line.line - 1 for line in kept])

    segments: dict[str, list[_Piece]] = {}
    homes: dict[str, int] = {}
    bodies: list[tuple[Heading | None, list[str]]] = []
    used: set[str] = set()
    for number, (heading, indices) in enumerate(regions):
        prose, found = _split_tables(lines, infos, indices)
        for table, tokens in found:
            segments.setdefault(table, []).extend(tokens)
            homes.setdefault(table, number)
        if heading is not None and heading.key is not None:
            if heading.key in used:
                raise _Bail
            used.add(heading.key)
        bodies.append((heading, prose))
    report, pairs = _assemble(meta, bodies, segments, homes)
    return ParseResult(report, (), Positions(pairs))


def _assemble(
    meta: Any,
    bodies: list[Any],
    segments: dict[str, Any],
    homes: dict[str, int],
) -> tuple[Report, Mapping[str, _Tok]]:
    """The report from the sections' prose and the tables' segments, and its cells' positions.

    Raises `_Bail` where a section or table of the template is missing. The text and HTML fast
    paths both end here.
    """
    last_heading, last_prose = bodies[-1]
    bodies[-1] = (last_heading, drop_footer(last_prose))
    tables, stray, pairs = _read_tables(segments, homes)
    preamble = ""
    found_sections: list[Section] = []
    for number, (heading, prose) in enumerate(bodies):
        text = paragraphs([*prose, *stray.get(number, [])])
        if heading is None:
            preamble = text
        else:
            # A key from the layout, the heading and text as read: what the fields hold.
            found_sections.append(
                _SECTION({"key": heading.key, "heading": heading.text, "text": text})
            )
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
    return report, pairs


_SECTION = constructor_of(Section)

_Cell = tuple[Kind, str, int]
"""A cell of a line as the lexer shapes it: kind, text, 1-based column."""
_Piece = tuple[int, tuple[_Cell, ...]]
"""Cells of one source line (its 1-based number first) that belong to a table segment."""
_Mark = tuple[int, str | None, bool]
"""A TEXT cell that may open a table: its index, the table it opens, whether it is a 二 row."""
_LINE_CACHE = 1 << 12
_CACHED_LINE = 200
"""Longer lines are prose, rarely repeated: analysed without being cached (bounded memory)."""


_Line = tuple[tuple[_Cell, ...], dict[int, _Mark], bool, bool, int, bool]
"""A line's cells, its marks by cell index, whether one opens a table or is a 二 row label, its
role, and whether either of the two holds."""
_CELLS, _ROLE, _OPENS_OR_ROW = itemgetter(0), itemgetter(4), itemgetter(5)
_PLAIN, _HEADING, _UNREAD = 0, 1, 2
"""Roles: no heading; maybe a heading; a shape the fast path leaves to the lenient reader."""


def _role(raw: str) -> int:
    """Whether the line may be a heading, or holds what only the lenient reader reads."""
    if len(raw) >= _INLINE_MIN and len(split_inline_headings([SourceLine(raw, 1)])) != 1:
        return _UNREAD  # a whole body on one line, headings inline
    stripped = raw.strip()
    if not stripped or (stripped[0] not in _SPECIAL and stripped[-1] != "|"):
        return _PLAIN
    if stripped == "|" or (stripped[0] in _PAGE_START and PAGE_LINE.match(raw)):
        return _UNREAD  # bar lines between cells, page numbers of PDF text
    cleaned = stripped.strip("|").strip()
    if cleaned and cleaned[0] in _HEADING_START and len(cleaned) <= _HEADING_LEN:
        return _HEADING
    return _PLAIN


def _analyse(raw: str) -> _Line:
    cells = shape(raw)
    marks: list[_Mark] = []
    for index, (kind, text, _) in enumerate(cells):
        if kind is _TEXT:
            marker = marker_text(text)
            if marker is not None or key(text) in proactive_row_keys():
                marks.append((index, marker, marker is None))
    opens = any(mark[1] is not None for mark in marks)
    by_cell = {mark[0]: mark for mark in marks}
    row_label = any(mark[2] for mark in marks)
    return cells, by_cell, opens, row_label, _role(raw), opens or row_label


_LINES: dict[str, _Line] = {}
_OLDER_LINES: dict[str, _Line] = {}
"""The lines `_LINES` held when it was last full: looked up before analysing a line again."""


def _line(raw: str) -> _Line:
    """`_analyse`, remembered for short lines (labels, cells and headers repeat across reports).

    Bounded as two generations: when `_LINES` is full it becomes the older one and starts
    empty, so a long run of reports, each with lines of its own, does not forget the label
    lines all of them share (a line used again moves back to `_LINES`).
    """
    if len(raw) > _CACHED_LINE:
        return _analyse(raw)
    found = _OLDER_LINES.get(raw) or _analyse(raw)
    _keep(_LINES, _OLDER_LINES, raw, found, _LINE_CACHE)
    return found


def _keep(young: dict[Any, Any], old: dict[Any, Any], key: Any, value: Any, size: int) -> None:
    """Remember `key` in the young generation; a full young generation becomes the old one."""
    if len(young) >= size:
        old.clear()
        old.update(young)
        young.clear()  # bounded: at most 2 * size entries, each of bounded size
    young[key] = value


def _split_tables(  # noqa: C901, PLR0912, PLR0915 - the lenient rule, cell by cell at a mark
    lines: Sequence[str], infos: Sequence[_Line], indices: Sequence[int]
) -> tuple[list[str], list[tuple[str, list[_Piece]]]]:
    """The lenient `split_tables` by line: prose before the first table, then segments.

    A line with no cell that may open a table goes whole to the current segment (or the prose);
    a line with one is followed cell by cell, as the lenient reader does.
    """
    first: int | None = None
    segments: list[tuple[str, list[_Piece]]] = []
    pending: tuple[int, _Cell] | None = None  # a 二 row label opening the table if a value follows
    # Positions (in `indices`) of the lines holding a cell that may open a table or a 二 row
    # label; the lines between go whole to the current segment, or to the prose before one
    # (a line with no cells among them is a piece with none, which every table reader skips).
    span = indices if isinstance(indices, range) else None
    start = end = 0
    if span is not None:
        start, end = span.start, span.stop
        special = list(compress(count(), map(_OPENS_OR_ROW, infos[start:end])))
    else:
        special = [at for at, index in enumerate(indices) if infos[index][5]]
    special.append(len(indices))
    upcoming = 0
    at = 0
    size = len(indices)
    while at < size:
        if pending is None:
            while special[upcoming] < at:
                upcoming += 1
            stop = special[upcoming]
            if stop > at:
                if segments:
                    pieces = segments[-1][1]
                    if span is not None:
                        low, high = start + at, start + stop
                        pieces.extend(
                            zip(range(low + 1, high + 1), map(_CELLS, infos[low:high]), strict=True)
                        )
                    else:
                        pieces.extend((index + 1, infos[index][0]) for index in indices[at:stop])
                at = stop
                continue
        index = indices[at]
        at += 1
        cells, marks, opens, row_label, _, _ = infos[index]
        if not cells:
            continue
        number = index + 1
        if pending is None and not opens and not (row_label and not segments):
            if segments:
                segments[-1][1].append((number, cells))
            continue
        if pending is None:
            whole = _whole_line(marks, segments[-1][0] if segments else None)
            if whole is not None:  # the line goes to one table: as one piece, as it is
                if whole:
                    if first is None:
                        first = index
                    segments.append((whole, []))
                segments[-1][1].append((number, cells))
                continue
        for position, cell in enumerate(cells):
            kind = cell[0]
            if pending is not None:
                if kind is _VALUE and not segments:
                    first = pending[0] - 1
                    segments.append(("proactive", [(pending[0], (pending[1],))]))
                pending = None
            mark = marks.get(position)
            marker = None if mark is None else mark[1]
            if mark is not None and mark[2] and not segments:
                pending = (number, cell)
                continue
            if marker is not None and (not segments or segments[-1][0] != marker):
                if first is None:
                    first = index
                segments.append((marker, []))
            if segments:
                segments[-1][1].append((number, (cell,)))
    if span is not None:
        return list(lines[start : end if first is None else first]), segments
    if first is None:
        return [lines[i] for i in indices], []
    return [lines[i] for i in indices if i < first], segments


def _whole_line(marks: dict[int, _Mark], current: str | None) -> str | None:
    """Where a line whose cells all go to one table sends them, cell by cell as the rule does.

    "" where they join the current table; the table a mark on the first cell opens; None where
    the line is to be followed cell by cell (a table opened later in it, a 二 row label before
    any table). Keeping the line whole changes nothing the readers see: they read cells in order.
    """
    opened = None
    for position, (_, marker, row_label) in marks.items():
        if marker is None:
            if row_label and current is None and opened is None:
                return None
            continue
        if marker == (opened or current):
            continue
        if position != 0 or opened is not None:
            return None
        opened = marker
    if opened is None:
        return "" if current is not None else None
    return opened


# ------------------------------------------------------------------------------------------------
# Tables


_MATCHES: dict[tuple[str, Template | None, tuple[str, ...]], Any] = {}
_MATCH_CACHE = 1 << 12


def _match(table: str, template: Template | None, texts: tuple[str, ...]) -> Any:
    """`match_row` on a buffer of label texts, remembered when short: labels repeat in reports."""
    found = match_row([Token(_TEXT, text, 0, 0) for text in texts], row_entries(table, template))
    if sum(map(len, texts)) <= _CACHED_LINE:
        if len(_MATCHES) >= _MATCH_CACHE:
            _MATCHES.clear()  # bounded: entries of at most _CACHED_LINE characters of labels
        _MATCHES[table, template, texts] = found
    return found


_structural = is_structural


class _Table:
    """The lenient `TableReader` on plain tokens; any problem it would report is a bail."""

    def __init__(self, table: str, template: Template | None, pairs: dict[str, _Tok]) -> None:
        self.table = table
        self.template = template
        self.pairs = pairs
        self.rows: dict[tuple[str, ...], dict[str, Any]] = {}
        self.stray: list[str] = []
        self.row_templates: set[Template] = set()

    def read(self, pieces: Sequence[_Piece]) -> None:  # noqa: C901 - the lenient run loop
        """The lenient run loop, pushed a cell at a time: label text, then a run of values."""
        buffer: list[str] = []
        values: list[_Tok] = []
        has_value = False
        for number, cells in pieces:
            for kind, text, column in cells:
                if kind is _TEXT:
                    if values:
                        buffer = self.take(buffer, values, "text", has_value=has_value)
                        values, has_value = [], False
                    buffer.append(text)
                elif kind is _END:
                    if values:
                        buffer = self.take(buffer, values, "row", has_value=has_value)
                        values, has_value = [], False
                else:
                    values.append((kind, text, number, column))
                    if kind is _VALUE:
                        has_value = True
        if values:
            buffer = self.take(buffer, values, "eof", has_value=has_value)
        if buffer:
            tail_key = key("".join(buffer[-3:]))
            for entry in row_entries(self.table, self.template):
                if entry.row.path not in self.rows and is_cut_label(tail_key, entry):
                    raise _Bail
            self.stray.extend(text for text in buffer if not _structural(text))

    def take(
        self, buffer: list[str], values: list[_Tok], ended: str, *, has_value: bool
    ) -> list[str]:
        """Give a run of values to the row whose label ends `buffer`; return the new buffer."""
        if not has_value and not buffer:
            return buffer
        tail = tuple(buffer[-12:])
        found = _MATCHES.get((self.table, self.template, tail), _MISSING)
        match = _match(self.table, self.template, tail) if found is _MISSING else found
        if match is None:
            if values[0][0] is _VALUE and is_word_marker(values[0][1]):
                return buffer
            if not has_value:
                return buffer
            raise _Bail  # an unknown row: the lenient reader keeps it as an extra row
        entry, start = match
        start += len(buffer) - len(tail)
        if start:
            self.stray.extend(text for text in buffer[:start] if not _structural(text))
        self.assign(entry, values, ended)
        return []

    def assign(self, entry: RowEntry, values: list[_Tok], ended: str) -> None:
        row = entry.row
        rows = self.rows
        if row.path in rows:
            raise _Bail
        columns = _COLUMNS.get((self.table, id(row))) or _columns(self.table, row)
        placed = values if len(values) == len(columns) else place(values, ended, len(columns))
        if placed is None or entry.variant is not None:
            raise _Bail  # a tolerated label: the lenient reader says what was read how
        if entry.template is not None:
            self.row_templates.add(entry.template)
        cells: dict[str, Any] = {}
        pairs = self.pairs
        for (path, name, column, known), token in zip(columns, placed, strict=True):
            pairs[path] = token
            text = token[1]
            found = known.get(text, _MISSING)  # a blank's text is "": the memos give None
            cells[name] = _value(text, column) if found is _MISSING else found
        rows[row.path] = cells


_COLUMNS: dict[tuple[str, int], tuple[tuple[str, str, Column, dict[str, Any]], ...]] = {}


def _columns(table: str, row: Row) -> tuple[tuple[str, str, Column, dict[str, Any]], ...]:
    """Each column of `row`: its cell path, its key, the column, and its kind's memo of values.

    Keyed by the row's identity: layout rows live as long as the process (the layouts are built
    once), and hashing a row hashes every label it holds.
    """
    found = _COLUMNS.get((table, id(row)))
    if found is None:
        prefix = f"{table}.{row.key}."
        found = _COLUMNS[table, id(row)] = tuple(
            (prefix + c.key, c.key, c, _AMOUNTS if c.kind is CellKind.MONEY else _COUNTS)
            for c in row.columns
        )
    return found


_COUNTS: dict[str, Any] = {"": None}
_AMOUNTS: dict[str, Any] = {"": None}
_VALUE_CACHE = 1 << 12
_CACHED_VALUE = 24
"""Cell texts remembered per kind: short ones (counts and amounts repeat across reports)."""


def _value(text: str, column: Column) -> Any:
    """The readers' cell policy; anything it would note (a unit, a fraction) is a bail."""
    known = _AMOUNTS if column.kind is CellKind.MONEY else _COUNTS
    found = known.get(text, _MISSING)
    if found is not _MISSING:
        return found
    found, note = read_cell(text, column)
    if note is not None:
        raise _Bail
    if len(text) <= _CACHED_VALUE:
        if len(known) >= _VALUE_CACHE:
            known.clear()
            known[""] = None  # a blank
        known[text] = found
    return found


_MISSING: Any = object()


def _read_tables(
    segments: dict[str, list[_Piece]], homes: dict[str, int]
) -> tuple[dict[str, Any], dict[int, list[str]], Mapping[str, _Tok]]:
    """The tables, the stray text of each region that holds one, and each cell's token.

    Where tables of the same shape were read before, the remembered placement is followed
    instead of the readers (see `_shape_key`): the result is the one the readers would give.
    """
    shape_key = _shape_key(segments, homes)
    plan = None if shape_key is None else _PLANS.get(shape_key)
    if plan is not None:
        return _follow(plan, segments)
    pairs: dict[str, _Tok] = {}
    tables, stray, templates = _run_readers(segments, homes, pairs)
    if shape_key is not None:
        _remember(shape_key, segments, pairs, (tables, stray, templates))
    return tables, stray, pairs


def _run_readers(
    segments: dict[str, list[_Piece]],
    homes: dict[str, int],
    pairs: dict[str, _Tok],
) -> tuple[dict[str, Any], dict[int, list[str]], dict[str, Template | None]]:
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
        table, text = _review(segments["review_litigation"], pairs)
        tables["review_litigation"] = table
        stray.setdefault(homes["review_litigation"], []).extend(text)
    templates = {"proactive": template, "applications": template, "review_litigation": None}
    return tables, stray, templates


# ------------------------------------------------------------------------------------------------
# Placement plans: how tables of one shape were read, followed when the shape comes again


@attrs.frozen
class _TablePlan:
    """How one table's cells were placed, column-wise so that following it runs in C.

    Cell `n` of the table is cell `indices[n]` of the `n`-th piece `fetch` gives; its path,
    column and its kind's memo of values are the `n`-th of theirs.
    """

    table: str
    template: Template | None
    fetch: Callable[[Sequence[_Piece]], tuple[_Piece, ...]]
    """The piece of each cell, out of the segment."""
    indices: tuple[int, ...]
    paths: tuple[str, ...]
    columns: tuple[Column, ...]
    memos: tuple[dict[str, Any], ...]
    build: Callable[[Sequence[Any]], Any]
    """The table from its cells' values, in this order (`table_builder`)."""


_Plan = tuple[tuple[_TablePlan, ...], dict[int, tuple[str, ...]]]
"""The tables in reading order, and the stray text by region."""

_PIECE_IDS: dict[tuple[_Cell, ...], int] = {}
"""Each piece's cells (as lexed, values and columns included) to the id of its shape."""
_OLDER_PIECE_IDS: dict[tuple[_Cell, ...], int] = {}
"""What `_PIECE_IDS` held when it was last full (two generations, as `_LINES`)."""
_SHAPE_IDS: dict[tuple[object, ...], int] = {}
"""Each piece shape (label texts, value kinds, word markers) to its id, never reused."""
_PLANS: dict[tuple[object, ...], _Plan] = {}
_NEW_ID = count()
_SHAPE_CACHE = 1 << 12
_PLAN_CACHE = 1 << 7
_PLANNED_PIECES = 1 << 10
"""Segments of more pieces are read without a plan (bounded memory: keys of bounded size)."""


def _shape_key(
    segments: dict[str, list[_Piece]], homes: dict[str, int]
) -> tuple[object, ...] | None:
    """What the table readers' decisions depend on, or None where it is not kept.

    The readers decide from the label texts, the kinds of the values (a word marker's text
    too), the order of the cells, which cells share a source line (only section 四's reader
    asks: it tells its header from its data by it), the region each table is in (for stray
    text), and nothing else: the numbers and the columns of the cells only travel to the
    result. So two inputs of one shape are placed alike, and only the values are converted
    again (which may still bail).
    """
    key: list[object] = []
    known = _PIECE_IDS.get
    for table, pieces in segments.items():
        if len(pieces) > _PLANNED_PIECES:
            return None
        ids = [*map(known, map(_CELLS_OF_PIECE, pieces))]
        if None in ids:
            for at, (_, cells) in enumerate(pieces):
                found = ids[at]
                if found is None:
                    found = ids[at] = _piece_id(cells)
                    if found is None:
                        return None
        if table != "review_litigation":
            key.append((table, homes[table], tuple(ids)))
            continue
        numbers = [*map(_NUMBER_OF_PIECE, pieces)]
        if not all(map(le, numbers, islice(numbers, 1, None))):
            return None  # cells out of line order: whether two share a line is not kept
        same_line = bytes(map(eq, numbers, islice(numbers, 1, None)))
        key.append((table, homes[table], tuple(ids), same_line))
    return tuple(key)


_NUMBER_OF_PIECE, _CELLS_OF_PIECE = itemgetter(0), itemgetter(1)


def _piece_id(cells: tuple[_Cell, ...]) -> int | None:
    """The id of the shape of a piece's cells; None for a long one (not kept)."""
    if sum(len(cell[1]) for cell in cells) > _CACHED_LINE:
        return None
    older = _OLDER_PIECE_IDS.get(cells)
    if older is not None:
        _keep(_PIECE_IDS, _OLDER_PIECE_IDS, cells, older, _SHAPE_CACHE)
        return older
    shape_of = tuple(
        text if kind is _TEXT else (kind, text) if kind is _VALUE and is_word_marker(text) else kind
        for kind, text, _ in cells
    )
    found = _SHAPE_IDS.get(shape_of)
    if found is None:
        if len(_SHAPE_IDS) >= _SHAPE_CACHE:
            _SHAPE_IDS.clear()  # ids are never reused, so every plan keyed by them is dead too
            _PIECE_IDS.clear()
            _OLDER_PIECE_IDS.clear()
            _PLANS.clear()
        found = _SHAPE_IDS[shape_of] = next(_NEW_ID)
    _keep(_PIECE_IDS, _OLDER_PIECE_IDS, cells, found, _SHAPE_CACHE)
    return found


def _remember(
    shape_key: tuple[object, ...],
    segments: dict[str, list[_Piece]],
    pairs: dict[str, _Tok],
    read: tuple[dict[str, Any], dict[int, list[str]], dict[str, Template | None]],
) -> None:
    """Keep how the readers placed the cells of tables of this shape (see `_shape_key`)."""
    tables, stray, templates = read
    plans: list[_TablePlan] = []
    for table in tables:
        plan_of = _table_plan(table, templates[table], segments[table], pairs)
        if plan_of is None:
            return  # not a shape a plan can say: read by the readers each time
        plans.append(plan_of)
    if sum(len(plan_of.paths) for plan_of in plans) != len(pairs):
        return  # a cell no plan says
    if len(_PLANS) >= _PLAN_CACHE:
        _PLANS.clear()  # bounded: plans of at most _PLANNED_PIECES pieces a table
    _PLANS[shape_key] = (tuple(plans), {home: tuple(texts) for home, texts in stray.items()})


def _table_plan(
    table: str, template: Template | None, pieces: Sequence[_Piece], pairs: dict[str, _Tok]
) -> _TablePlan | None:
    """How the readers placed `table`'s cells (in `pairs`, in their order) from `pieces`."""
    where = {
        (number, cell[2]): (piece, index)
        for piece, (number, cells) in enumerate(pieces)
        for index, cell in enumerate(cells)
    }
    cells_of = _cells_of(table, template)
    steps: list[tuple[int, int, str, Column, dict[str, Any]]] = []
    rows: dict[tuple[str, ...], list[str]] = {}
    names: list[str] = []
    last: tuple[str, ...] | None = None
    for path, token in pairs.items():
        cell = cells_of.get(path)
        if cell is None:
            continue  # another table's
        spot = where.get(token[2:])
        if spot is None:
            return None
        row_path, name, column, known = cell
        if row_path is not last:
            if row_path in rows:
                return None  # a row's cells apart: not one span of the values
            names = rows[row_path] = []
            last = row_path
        names.append(name)
        steps.append((*spot, path, column, known))
    build = table_builder(template, table, [*rows.items()]) if steps else None
    if build is None:
        return None
    return _TablePlan(
        table,
        template,
        _getter(tuple(step[0] for step in steps)),
        tuple(step[1] for step in steps),
        tuple(step[2] for step in steps),
        tuple(step[3] for step in steps),
        tuple(step[4] for step in steps),
        build,
    )


@cache
def _cells_of(
    table: str, template: Template | None
) -> dict[str, tuple[tuple[str, ...], str, Column, dict[str, Any]]]:
    """Each cell path of `table` to its row's path, its key, its column and its kind's memo."""
    rows = _review_rows() if table == "review_litigation" else ()
    if template is not None and table != "review_litigation":
        rows = layout(template).table(table).rows
    return {
        path: (row.path, name, column, known)
        for row in rows
        for path, name, column, known in _columns(table, row)
    }


def _getter(indices: tuple[int, ...]) -> Callable[[Sequence[_Piece]], tuple[_Piece, ...]]:
    """The items of a sequence at `indices`, as a tuple, in C."""
    if len(indices) == 1:
        only = indices[0]
        return lambda items: (items[only],)
    return itemgetter(*indices)


def _follow(
    plan: _Plan, segments: dict[str, list[_Piece]]
) -> tuple[dict[str, Any], dict[int, list[str]], Mapping[str, _Tok]]:
    """The tables as a plan places the cells of `segments`: the readers' result for them."""
    table_plans, stray = plan
    tables: dict[str, Any] = {}
    placed: list[tuple[_TablePlan, tuple[_Piece, ...], list[_Cell]]] = []
    for plan_of in table_plans:
        got = plan_of.fetch(segments[plan_of.table])
        cells = [*map(getitem, map(_CELLS_OF_PIECE, got), plan_of.indices)]
        texts = [*map(_TEXT_OF_CELL, cells)]
        values = [*map(dict.get, plan_of.memos, texts, repeat(_MISSING))]
        if _MISSING in values:
            for at in compress(count(), map(is_, values, repeat(_MISSING))):
                values[at] = _value(texts[at], plan_of.columns[at])
        tables[plan_of.table] = built = plan_of.build(values)
        if plan_of.table == "applications":
            _other_handling(built, plan_of.template)
        placed.append((plan_of, got, cells))
    return tables, {home: list(texts) for home, texts in stray.items()}, _Placed(placed)


class _Placed(Mapping[str, _Tok]):
    """Each cell path's token, as `_Table` records them, made when first asked for.

    Most callers never look at positions; the paths are known without making the tokens.
    """

    __slots__ = ("_made", "_placed")

    def __init__(self, placed: list[tuple[_TablePlan, tuple[_Piece, ...], list[_Cell]]]) -> None:
        self._placed = placed
        self._made: dict[str, _Tok] | None = None

    def _tokens(self) -> dict[str, _Tok]:
        if self._made is None:
            made: dict[str, _Tok] = {}
            for plan_of, got, cells in self._placed:
                tokens = zip(
                    map(_KIND_OF_CELL, cells),
                    map(_TEXT_OF_CELL, cells),
                    map(_NUMBER_OF_PIECE, got),
                    map(_COLUMN_OF_CELL, cells),
                    strict=True,
                )
                made.update(zip(plan_of.paths, tokens, strict=True))
            self._made = made
        return self._made

    def __getitem__(self, path: str) -> _Tok:
        return self._tokens()[path]

    def __iter__(self) -> Iterator[str]:
        if self._made is not None:
            return iter(self._made)
        return chain.from_iterable(plan_of.paths for plan_of, _, _ in self._placed)

    def __len__(self) -> int:
        return sum(len(plan_of.paths) for plan_of, _, _ in self._placed)

    def __reduce__(self) -> tuple[type[dict[str, _Tok]], tuple[dict[str, _Tok]]]:
        """Pickled as the plain mapping it stands for (plans hold generated functions)."""
        return dict, (self._tokens(),)


_KIND_OF_CELL, _TEXT_OF_CELL, _COLUMN_OF_CELL = itemgetter(0), itemgetter(1), itemgetter(2)


def _review(  # noqa: C901, PLR0912 - the lenient reader's rules, in its order
    pieces: Sequence[_Piece], pairs: dict[str, _Tok]
) -> tuple[Any, list[str]]:
    """The lenient `ReviewReader` where section 四 prints its 15 cells as one run of values."""
    rows = _review_rows()
    width = _GROUP * len(rows)
    label: list[tuple[str, int]] = []
    runs: list[tuple[list[tuple[str, int]], list[_Tok], str]] = []
    run: list[_Tok] = []
    for number, cells in pieces:
        for kind, text, column in cells:
            if kind is _TEXT or kind is _END:
                if run:
                    runs.append((label, run, "text" if kind is _TEXT else "row"))
                    label, run = [], []
                if kind is _TEXT:
                    label.append((text, number))
            else:
                run.append((kind, text, number, column))
    if run:
        runs.append((label, run, "eof"))
        label = []
    stray: list[str] = []
    values: list[_Tok] = []
    last_text_line = -1
    for texts, found, ended in runs:
        has_value = any(cell[0] is _VALUE for cell in found)
        if (
            has_value
            and any(not _structural(t) for t, _ in texts)
            and (values or len(found) < width)
        ):
            raise _Bail  # an extra row: kept by the lenient reader, with a problem
        stray.extend(t for t, _ in texts if not _structural(t))
        text_line = texts[-1][1] if texts else last_text_line
        if texts:
            last_text_line = texts[-1][1]
        if not values and not has_value:
            padding = ended == "text" or found[0][2] == text_line
            if padding and len(found) != width:
                continue  # empty cells of the header
        if not values and ended == "row" and len(found) != width:
            raise _Bail  # an empty label cell before the data, or a short row
        values.extend(found)
    stray.extend(t for t, _ in label if not _structural(t))
    if len(values) != width:
        raise _Bail
    built: dict[tuple[str, ...], dict[str, Any]] = {}
    for number, row in enumerate(rows):
        cells_of_row = built[row.path] = {}
        for (path, name, spec, _), token in zip(
            _columns("review_litigation", row),
            values[number * _GROUP : (number + 1) * _GROUP],
            strict=True,
        ):
            pairs[path] = token
            cells_of_row[name] = None if token[0] is _BLANK else _value(token[1], spec)
    return build_table(None, "review_litigation", built), stray


def _review_rows() -> Sequence[Row]:
    return layout(Template.V2021).table("review_litigation").rows


def _proactive(pieces: Sequence[_Piece], pairs: dict[str, _Tok]) -> tuple[Any, Template, list[str]]:
    blocks = _blocks(pieces)
    template = detect_template(blocks)
    if template is None:
        raise _Bail
    reader = _Table("proactive", template, pairs)
    for block in blocks:
        if block_template(block) not in {None, template} or len(block.votes) > 1:
            raise _Bail  # a hybrid block or another template's header: kept, with a problem
        reader.read(block.tokens)
    _require_rows(reader, layout(template).table("proactive").rows)
    table = build_table(template, "proactive", reader.rows)
    return table, template, reader.stray


def _blocks(pieces: Sequence[_Piece]) -> list[Block]:
    """The lenient `blocks_of` by piece: a block at each 第二十条 caption, header votes counted."""
    blocks = [Block(None, [], {})]
    votes = blocks[-1].votes
    facts = _FACTS.get
    for number, cells in pieces:
        kept: list[_Cell] = []
        for cell in cells:
            if cell[0] is _TEXT:
                item, templates = facts(cell[1]) or _facts(cell[1])
                if item is not None:
                    if kept:
                        blocks[-1].tokens.append((number, tuple(kept)))
                        kept = []
                    blocks.append(Block(item, [], {}))
                    votes = blocks[-1].votes
                    continue
                for template in templates:
                    votes[template] = votes.get(template, 0) + 1
            kept.append(cell)
        if kept:
            blocks[-1].tokens.append((number, cells if len(kept) == len(cells) else tuple(kept)))
    return blocks


_FACTS: dict[str, tuple[str | None, frozenset[Template]]] = {}
_FACTS_CACHE = 1 << 12


def _facts(text: str) -> tuple[str | None, frozenset[Template]]:
    """The 第二十条 item a label text captions, and the templates its header votes for."""
    found = (caption_item(text), vote(text))
    if len(text) <= _CACHED_LINE:
        if len(_FACTS) >= _FACTS_CACHE:
            _FACTS.clear()  # bounded: entries for texts of at most _CACHED_LINE characters
        _FACTS[text] = found
    return found


def _applications(reader: _Table, template: Template | None) -> Any:
    if template is None:
        raise _Bail
    rows = layout(template).table("applications").rows
    _require_rows(reader, rows)
    table = build_table(template, "applications", reader.rows)
    _other_handling(table, template)
    return table


def _other_handling(table: Any, template: Template | None) -> None:
    """Bail where a 2021 table's （六） is not the group of its rows (the lenient reader's case)."""
    if template is Template.V2021 and not isinstance(table.results.other_handling, OtherHandling):
        raise _Bail


def _require_rows(reader: _Table, rows: Sequence[Any]) -> None:
    if any(row.path not in reader.rows for row in rows):
        raise _Bail
