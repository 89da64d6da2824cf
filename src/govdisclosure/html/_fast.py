"""The fast path for pages: a clean page's rows read from their cells, never flattened and re-lexed.

The walked page (`_read.Entry`: prose lines, and rows of cells) goes to the printed form's fast
path (`govdisclosure._reading.fast`) the way the text front end feeds it lines, except that a
row's cells are its table cells as they are: no row is joined into text and split again. Only the
``td`` and ``th`` elements are placed in the source, and only the ones the report holds get a
position. Every rule is the lenient reader's, worked out the same way for the same lines; the
moment anything is unexpected — a problem the lenient reader would report, a shape the fast path
does not follow, rows that do not stand one to a source line — it returns None and the lenient
reader reads the page, so the result is the lenient reader's either way (a test holds the two
together).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from govdisclosure._memo import memo
from govdisclosure._reading import Kind, SourceLine, classify, match_heading
from govdisclosure._reading.collect import Out
from govdisclosure._reading.fast import (  # the text fast path's parts, shared on purpose
    _CACHED_LINE,
    _LINES,
    _assemble,
    _Bail,
    _Cell,
    _line,
    _Piece,
    _Tok,
)
from govdisclosure._reading.flat import reline
from govdisclosure._reading.labels import is_structural, key, marker_text, proactive_row_keys
from govdisclosure._reading.lex import PAGE_LINE
from govdisclosure._reading.outline import (
    Heading,
    markdown_rule,
    metadata,
    numeral,
    split_inline_headings,
)
from govdisclosure.results import ParseResult, Positions

if TYPE_CHECKING:
    from govdisclosure.html._read import Cells, Entry, Page

__all__ = ["read_page"]

_TEXT, _VALUE, _END = Kind.TEXT, Kind.VALUE, Kind.END
_LONG = 200
"""Prose lines this long may hold a flattened page or inline headings: checked as the lenient
reader cuts them (`reline`, `split_inline_headings`)."""
_LAST_LINE = 65535
"""libxml2 stops counting lines here: a longer page is left to the lenient reader."""

_Mark = tuple[int, str | None, bool]
_Info = tuple[tuple[_Cell, ...], dict[int, _Mark], bool, bool]
"""A line's cells, its marks by cell index, whether a mark opens a table, whether one is a 二
row label (`_reading.fast`'s line analysis, without the role)."""


def read_page(page: Page, cells: Cells) -> ParseResult | None:
    """Read a walked page on the fast path; None if the lenient reader must read it."""
    if page.root is None or page.text.count("\n") >= _LAST_LINE - 1:
        return None
    try:
        return _read(page.entries, page.title, cells)
    except _Bail:
        return None


@memo(budget=1 << 20, longest=200)
def _cell(text: str) -> tuple[Kind, str | None, bool]:
    """A row cell's kind, the table its text opens, and whether it is a 二 row label."""
    kind = classify(text)
    if kind is not _TEXT:
        return kind, None, False
    marker = marker_text(text)
    return kind, marker, marker is None and key(text) in proactive_row_keys()


def _row(entry: Entry, cells: Cells) -> tuple[int, _Info]:
    """A row's source line (its cells must share one) and its cells as the fast path takes them.

    A cell's column is its number as a negative stand-in, resolved when a position is asked for
    (`_Records`).
    """
    index, lines = cells.index, cells.lines
    found: list[_Cell] = []
    marks: dict[int, _Mark] = {}
    line = 0
    for position, (text, element) in enumerate(entry.cells or ()):
        number = index[element]
        if lines[number] != line:
            if line:
                raise _Bail  # a row over several source lines: the lenient reader's line rules
            line = lines[number]
        kind, marker, row_label = _cell(text)
        found.append((kind, text, -1 - number))
        if marker is not None or row_label:
            marks[position] = (position, marker, row_label)
    if len(found) >= 2 and entry.whole:  # noqa: PLR2004 - cells that stand together
        found.append((_END, "", 0))
    opens = any(mark[1] is not None for mark in marks.values())
    return line, (tuple(found), marks, opens, any(mark[2] for mark in marks.values()))


def _prose(text: str) -> tuple[Heading | None, _Info]:
    """A prose line's heading, if it is one, and its cells, as the lenient reader sees them."""
    stripped = text.strip()
    if not stripped or stripped == "|" or PAGE_LINE.match(text) or markdown_rule(text):
        raise _Bail  # dropped or separating cells in the lenient reader
    if len(text) >= _LONG:
        line = SourceLine(text, 1)
        out = Out()
        cut = reline([line], out)
        if len(cut) != 1 or cut[0] is not line or out.problems:
            raise _Bail
        if len(split_inline_headings(cut)) != 1:
            raise _Bail
    cells, marks, opens, row_label, *_ = (len(text) <= _CACHED_LINE and _LINES.get(text)) or _line(
        text
    )
    return match_heading(text), (cells, marks, opens, row_label)


def _read(  # noqa: C901 - one pass, the lenient `read`'s order
    entries: Sequence[Entry], page_title: str | None, cells: Cells
) -> ParseResult:
    lines: list[int] = []
    infos: list[_Info] = []
    headings: list[tuple[Heading, int]] = []
    last: int | None = None
    for index, entry in enumerate(entries):
        if entry.cells is not None:
            line, info = _row(entry, cells)
            lines.append(line)
            infos.append(info)
            continue
        heading, info = _prose(entry.text)
        lines.append(entry.element.sourceline or 1)
        infos.append(info)
        if heading is None:
            continue
        if heading.key is None:
            number = numeral(heading.text)
            if last is not None and (number is None or number <= last):
                continue
        headings.append((heading, index))
        last = numeral(heading.text) or last
    starts = [0, *(index + 1 for _, index in headings)]
    ends = [*(index for _, index in headings), len(entries)]
    regions: list[tuple[Heading | None, Sequence[int]]] = [
        (None, range(starts[0], ends[0])),
        *((heading, range(starts[n + 1], ends[n + 1])) for n, (heading, _) in enumerate(headings)),
    ]

    out = Out()
    preamble = [
        SourceLine(entries[i].text, i + 1, 1, None if entries[i].cells is None else ())
        for i in regions[0][1]
    ]
    meta, kept = metadata(preamble, out, page_title)
    if out.problems or meta.title is None:
        raise _Bail
    regions[0] = (None, [line.line - 1 for line in kept])

    split = _Split(entries, infos, lines, cells)
    segments: dict[str, list[_Piece]] = {}
    owners: dict[str, list[int]] = {}
    homes: dict[str, int] = {}
    bodies: list[tuple[Heading | None, list[str]]] = []
    used: set[str] = set()
    for number, (heading, indices) in enumerate(regions):
        prose, found = split.region(indices)
        if heading is not None and heading.key == "review_litigation":
            split.review_prose(indices, found)
        for table, pieces, whose in found:
            segments.setdefault(table, []).extend(pieces)
            owners.setdefault(table, []).extend(whose)
            homes.setdefault(table, number)
        if heading is not None and heading.key is not None:
            if heading.key in used:
                raise _Bail
            used.add(heading.key)
        bodies.append((heading, prose))
    for table, pieces in segments.items():
        _one_line_each(pieces, owners[table])
    report, pairs = _assemble(meta, bodies, segments, homes)
    return ParseResult(report, (), Positions(_Records(pairs, cells.finder())))


def _one_line_each(pieces: Sequence[_Piece], owners: Sequence[int]) -> None:
    """Bail unless a table's lines stand each on a source line of its own, in order.

    The lenient reader tells a row's cells apart from the next row's by their source lines; the
    fast path by the lines it is given. They agree when no two lines share a source line.
    """
    previous_line, previous_owner = 0, -1
    for (line, _), owner in zip(pieces, owners, strict=True):
        if owner != previous_owner:
            if line <= previous_line:
                raise _Bail
            previous_line, previous_owner = line, owner


class _Split:
    """The lenient `split_tables` over the walked lines (`_reading.fast`'s, by line)."""

    def __init__(
        self,
        entries: Sequence[Entry],
        infos: Sequence[_Info],
        lines: Sequence[int],
        cells: Cells,
    ) -> None:
        self.entries = entries
        self.infos = infos
        self.lines = lines
        self.page_cells = cells

    def cells(self, index: int) -> tuple[_Cell, ...]:
        """The cells of line `index` placed in the source (a prose line's from its element)."""
        cells = self.infos[index][0]
        entry = self.entries[index]
        if entry.cells is not None:
            return cells
        base = self.page_cells.where(entry.element)[1] - 1
        return tuple((kind, text, base + column) for kind, text, column in cells)

    def region(  # noqa: C901 - the lenient rule, cell by cell where a mark is
        self, indices: Sequence[int]
    ) -> tuple[list[str], list[tuple[str, list[_Piece], list[int]]]]:
        """Prose before the region's first table, then its segments (pieces and their lines)."""
        first: int | None = None
        segments: list[tuple[str, list[_Piece], list[int]]] = []
        pending: tuple[int, _Cell] | None = (
            None  # a 二 row label opening the table if a value follows
        )
        infos, lines = self.infos, self.lines
        for index in indices:
            raw, marks, opens, row_label = infos[index]
            if not raw:
                continue
            number = lines[index]
            if pending is None and not opens and not (row_label and not segments):
                if segments:
                    segments[-1][1].append((number, self.cells(index)))
                    segments[-1][2].append(index)
                continue
            cells = self.cells(index)
            for position, cell in enumerate(cells):
                kind = cell[0]
                if pending is not None:
                    if kind is _VALUE and not segments:
                        first = pending[0]
                        owner = pending[0]
                        segments.append(("proactive", [(lines[owner], (pending[1],))], [owner]))
                    pending = None
                mark = marks.get(position)
                marker = None if mark is None else mark[1]
                if mark is not None and mark[2] and not segments:
                    pending = (index, cell)
                    continue
                if marker is not None and (not segments or segments[-1][0] != marker):
                    if first is None:
                        first = index
                    segments.append((marker, [], []))
                if segments:
                    segments[-1][1].append((number, (cell,)))
                    segments[-1][2].append(index)
        entries = self.entries
        if first is None:
            return [entries[i].text for i in indices if entries[i].cells is None], []
        prose = [entries[i].text for i in indices if i < first and entries[i].cells is None]
        return prose, segments

    def review_prose(self, indices: Sequence[int], found: Sequence[tuple[str, Any, Any]]) -> None:
        """Bail where the lenient reader starts section 四's table at a line of prose.

        It does so at the first prose line of values only, or of table structure only, when
        the region's tables are all section 四's.
        """
        if any(table != "review_litigation" for table, _, _ in found):
            return
        for index in indices:
            if self.entries[index].cells is not None:
                continue
            cells = self.infos[index][0]
            texts = [text for kind, text, _ in cells if kind is _TEXT]
            values = sum(1 for kind, _, _ in cells if kind is _VALUE)
            if (not texts and values > 1) or (texts and all(map(is_structural, texts))):
                raise _Bail


class _Records(Mapping[str, _Tok]):
    """Each cell path's token; the cells' columns are worked out on first access.

    The fast path's tokens carry a cell's number (negative) where its column goes: most callers
    never ask for a position, and finding the columns means scanning the page's tags.
    """

    __slots__ = ("_columns", "_pairs")

    def __init__(self, pairs: Mapping[str, _Tok], columns: Callable[[], list[int]]) -> None:
        self._pairs = pairs
        self._columns: Callable[[], list[int]] | None = columns

    def _resolved(self) -> Mapping[str, _Tok]:
        if self._columns is not None:
            columns = self._columns()
            self._pairs = {
                path: token if token[3] > 0 else (*token[:3], columns[-1 - token[3]])
                for path, token in self._pairs.items()
            }
            self._columns = None  # the page's text is no longer kept
        return self._pairs

    def __getitem__(self, path: str) -> _Tok:
        return self._resolved()[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self._pairs)

    def __len__(self) -> int:
        return len(self._pairs)

    def __contains__(self, path: object) -> bool:
        return path in self._pairs
