"""Stage 4, tables: place each run of values in the row its label names, with one cell policy.

A row is found by its own label and takes exactly its columns' values; a run that cannot be
placed without guessing stays unplaced, with a problem. Section 二's template is detected from
its headers; section 四 is read as its printed run of 15 cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple, TypeVar

import attrs

from govdisclosure._cells import is_word_marker, read_cell
from govdisclosure._memo import memo
from govdisclosure._reading.collect import Out
from govdisclosure._reading.labels import (
    ITEM,
    RowEntry,
    _variants,
    is_cut_label,
    is_structural,
    item_owner,
    key,
    match_row,
    row_entries,
    vote,
)
from govdisclosure._reading.lex import Kind, Token
from govdisclosure.layout import (
    TEMPLATE_PLACES,
    Column,
    Row,
    Template,
    item_caption,
    layout,
    sections,
    shows_template,
)
from govdisclosure.model import (
    ApplicationTable,
    ExtraRow,
    Report,
    ReviewLitigationTable,
    cell_text,
)
from govdisclosure.model._shape import (
    FALLBACK,
    Node,
    build_table,
    nodes,
    shape_template,
    table_class,
    table_shape,
    walk,
)
from govdisclosure.results import Position

__all__ = [
    "Block",
    "ReviewReader",
    "TableReader",
    "block_template",
    "blocks_of",
    "caption_item",
    "detect_template",
    "place",
    "read_applications",
    "read_proactive",
    "review_group",
]

_T = TypeVar("_T", bound=tuple[Any, ...])


# ------------------------------------------------------------------------------------------------
# Reading tables


def _line_ends(tokens: Sequence[Token]) -> list[int]:
    """For each token, the index of the first token after it that is an END or on another line.

    Worked out once, backwards, so finding a line's end is linear in the tokens of a table even
    when a flattened page puts them all on one line.
    """
    ends = [len(tokens)] * len(tokens)
    for index in range(len(tokens) - 2, -1, -1):
        after = tokens[index + 1]
        ends[index] = (
            index + 1
            if after.kind is Kind.END or after.line != tokens[index].line
            else ends[index + 1]
        )
    return ends


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


def place(values: Sequence[_T], ended: str, count: int) -> list[_T] | None:
    """Return the `count` cells of a row from its run of values, or None if they cannot be placed.

    A row printed on one line (ended by END) must show exactly its cells, or its cells followed by
    empty cells (phantom columns); a row flowing one cell per line takes its first cells. A row
    with fewer cells, or merged empty cells between values, cannot be placed without guessing.
    """
    if len(values) == count:
        return list(values)
    if len(values) < count:
        return None
    head, tail = values[:count], values[count:]
    for cell in tail:
        if cell[0] is not _BLANK:
            return None
    if ended == "row":
        for cell in head:
            if cell[0] is _BLANK:
                return None
    return list(head)


_BLANK = Kind.BLANK
"""A member looked up once: an enum's attribute costs a lookup through its class each time."""


class _Cells:
    """Converts value tokens to cell values for a row's columns."""

    def __init__(self, out: Out) -> None:
        self.out = out

    def value(self, token: Token, column: Column, path: str) -> Any:
        if token.kind is Kind.BLANK:
            return None
        value, note = read_cell(token.text, column)
        if note is not None:
            self.out.problem(note.kind, note.message, token, path, token.text)
        return value


def _row_values(
    row: Row, table: str, placed: Sequence[Token], cells: _Cells, out: Out
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


class TableReader:
    """Reads one table's tokens into rows, extra rows and stray text."""

    def __init__(self, table: str, template: Template | None, out: Out) -> None:
        self.table = table
        self.template = template
        self.out = out
        self.cells = _Cells(out)
        self.rows: dict[tuple[str, ...], dict[str, Any]] = {}
        self.extra: list[ExtraRow] = []
        self.stray: list[str] = []
        self.last_row: str | None = None
        self.row_templates: set[Template] = set()
        self.row_owners: dict[tuple[str, ...], tuple[Template, Token]] = {}
        """Rows only one template prints: the template and the row's label token."""
        self.printed: dict[tuple[str, ...], str] = {}
        """Every row read: its label as printed (the source tokens' text), for an extra row."""
        self.order: list[tuple[str, ...] | ExtraRow] = []
        """Rows (by path) and extra rows in the order they were printed."""
        self.widest = max(len(e.row.columns) for e in self.entries())
        """The most cells a row of this table has: a longer line of cells is no row of words."""

    def entries(self) -> tuple[RowEntry, ...]:
        return row_entries(self.table, self.template)

    def read(self, tokens: Sequence[Token]) -> None:
        buffer: list[Token] = []
        ends = _line_ends(tokens)
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token.kind is Kind.END:
                index += 1
                continue
            after = self.word_cells(buffer, tokens, index, ends[index])
            if after is not None:
                buffer, index = [], after
                continue
            if token.kind is Kind.TEXT:
                buffer.append(token)
                index += 1
                continue
            run = _run(tokens, index)
            index = run.next
            buffer = self.take(buffer, run)
        self.finish(buffer)

    def word_cells(
        self, buffer: list[Token], tokens: Sequence[Token], index: int, end: int
    ) -> int | None:
        """Read a row of cells holding words (| 规章 | 见附件 | 0 | 0 |); return where to go on.

        Only where the row's own label ends the text before the cells, on their line, and the
        line's cells up to its end (`end`, the first token past them) are exactly the row's
        columns: words in a cell are the cell's.
        """
        line = tokens[index].line
        if (
            not buffer
            or buffer[-1].line != line
            or end - index > self.widest
            or end == len(tokens)
            or tokens[end].kind is not Kind.END
        ):
            return None
        cells = tokens[index:end]
        words = [t for t in cells if t.kind is Kind.TEXT]
        if not words:
            return None
        match = (
            None
            if any(map(is_structural, (t.text for t in words)))
            else match_row(buffer, self.entries())
        )
        if (
            match is None
            or len(match[0].row.columns) != len(cells)
            or buffer[match[1]].line != line
        ):
            return None
        entry, start = match
        self.stray_text(buffer[:start])
        label = buffer[start]
        self.assign(entry, _Run(list(cells), "row", end + 1), label, _label_text(buffer[start:]))
        return end + 1

    def take(self, buffer: list[Token], run: _Run) -> list[Token]:
        """Give a run of values to the row whose label precedes it; return the new buffer."""
        if not any(t.kind is Kind.VALUE for t in run.values) and not buffer:
            return buffer
        match = match_row(buffer, self.entries())
        if match is None:
            first = run.values[0] if run.values else None
            if first is not None and first.kind is Kind.VALUE and is_word_marker(first.text):
                # 无 in a vertical label (（四）无\n法提供) is text, not a marker.
                return buffer
            if not any(t.kind is Kind.VALUE for t in run.values):
                return buffer  # empty cells under a header: structure, not a row
            self.unknown(buffer, run)
            return []
        entry, start = match
        self.stray_text(buffer[:start])
        label = buffer[start]
        self.assign(entry, run, label, _label_text(buffer[start:]))
        return []

    def assign(self, entry: RowEntry, run: _Run, label: Token, printed: str = "") -> None:
        row = entry.row
        path = f"{self.table}.{row.key}"
        if row.path in self.rows:
            self.out.problem(
                "duplicate-row", f"row {row.label} appears again; the first is kept", label, path
            )
            return
        placed = place(run.values, run.ended, len(row.columns))
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
        if entry.variant is not None:
            self.out.problem(
                "variant-label",
                f"row label {printed or row.label!r} is read as row {row.full_label} "
                f"({entry.variant})",
                label,
                path,
                found=printed or None,
            )
        if entry.template is not None:
            self.row_templates.add(entry.template)
            self.row_owners[row.path] = (entry.template, label)
        self.rows[row.path] = _row_values(row, self.table, placed, self.cells, self.out)
        self.printed[row.path] = printed or label.text
        self.last_row = row.key
        self.order.append(row.path)

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
        self.order.append(self.extra[-1])
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
            if entry.row.path not in self.rows and is_cut_label(tail, entry):
                self.out.problem(
                    "row-cut-off",
                    f"row {entry.row.label} is cut off before its cells",
                    buffer[-1],
                    f"{self.table}.{entry.row.key}",
                )
                break
        self.stray_text(buffer)


def _section_name(table: str) -> str:
    """``section 二``: the section that prints `table`, named by its number."""
    spec = next(s for s in sections() if s.table == table)
    return f"section {key(spec.number).rstrip(',')}"


class Block(NamedTuple):
    """The part of section 二 under one 第二十条 caption, and the templates its headers vote for."""

    item: str | None
    """The 第二十条 item (一, 五, 六, 八, 九) the caption names; None before any caption."""
    tokens: list[Any]
    """Its tokens (the fast path keeps pieces of lines instead)."""
    votes: dict[Template, int]


@memo(budget=1 << 20, longest=400)
def caption_item(text: str) -> str | None:
    """The 第二十条 item a caption text names (一 … 九), or None if it is no caption."""
    match = ITEM.search(key(text))
    return None if match is None else match.group(1)


def blocks_of(tokens: Sequence[Token]) -> list[Block]:
    blocks = [Block(None, [], {})]
    for token in tokens:
        if token.kind is Kind.TEXT:
            item = caption_item(token.text)
            if item is not None:
                blocks.append(Block(item, [], {}))
                continue
            for template in vote(token.text):
                votes = blocks[-1].votes
                votes[template] = votes.get(template, 0) + 1
        blocks[-1].tokens.append(token)
    return blocks


def block_template(block: Block) -> Template | None:
    owner = item_owner(block.item)
    if owner is not None:
        return owner
    if not block.votes:
        return None
    best = max(block.votes.values())
    winners = [t for t, n in block.votes.items() if n == best]
    return winners[0] if len(winners) == 1 else None


def detect_template(blocks: Sequence[Block]) -> Template | None:
    ballots: dict[Template, int] = {}
    for block in blocks:
        template = block_template(block)
        if template is not None:
            ballots[template] = ballots.get(template, 0) + 1
    if not ballots:
        return None
    best = max(ballots.values())
    winners = [t for t, n in ballots.items() if n == best]
    if len(winners) == 1:
        return winners[0]
    owners = {item_owner(b.item) for b in blocks} - {None}
    return owners.pop() if len(owners) == 1 else None


def _cells_of(reader: TableReader) -> dict[str, Any]:
    return {
        f"{reader.table}.{'.'.join(path)}.{column}": value
        for path, cells in reader.rows.items()
        for column, value in cells.items()
    }


def read_proactive(
    tokens: Sequence[Token], out: Out, *, stops: bool = False, template: Template | None = None
) -> tuple[Any, Template | None, list[str]]:
    """Read section 二: detect the template from its headers, then read its blocks.

    `stops`: the text ends inside this table (no later section follows it). `template`: the
    template the caller knows the table follows (none detected then); a block printing the other
    template's headers is kept as extra rows, as in a detected hybrid.
    """
    blocks = blocks_of(tokens)
    if template is None:
        template = detect_template(blocks)
    if template is None and not any(block.votes for block in blocks):
        template = _template_from_rows(tokens, out)
    if template is None:
        out.problem(
            "template-unknown",
            f"{_section_name('proactive')}'s headers do not show which template (2019 or 2021) "
            "the table follows",
            tokens[0] if tokens else None,
            "proactive",
        )
        return None, None, []
    reader = TableReader("proactive", template, out)
    hybrid: list[ExtraRow] = []
    for block in blocks:
        other_template = block_template(block)
        if other_template is None or other_template is template:
            _other_headers(block, template, out)
            reader.read(block.tokens)
            continue
        # A block printing the other template's headers (a 2019/2021 hybrid): its rows cannot be
        # given the template's identifiers, so they are kept verbatim as extra rows.
        other_out = Out()
        other = TableReader("proactive", other_template, other_out)
        other.read(block.tokens)
        caption = item_caption(block.item) if block.item else _section_name("proactive")
        out.problem(
            "hybrid-block",
            f"{caption} prints the {other_template} template's headers in a {template} table; "
            "its rows are kept as extra rows",
            block.tokens[0] if block.tokens else None,
            "proactive",
        )
        for read in other.order:  # its rows and the rows neither template has, as printed
            if isinstance(read, ExtraRow):
                hybrid.append(attrs.evolve(read, after=reader.last_row))
                continue
            values = tuple(map(cell_text, other.rows[read].values()))
            hybrid.append(ExtraRow(other.printed[read], values, after=reader.last_row))
        out.problems.extend(p for p in other_out.problems if p.kind == "unknown-row")
        reader.stray.extend(other.stray)
    table = Report().with_cells(_cells_of(reader), template=template).proactive
    if table is None:
        table = table_class(template, "proactive")()
    end = tokens[-1] if stops and tokens else None
    _missing_rows(reader, layout(template).table("proactive").rows, out, end)
    return attrs.evolve(table, extra_rows=(*hybrid, *reader.extra)), template, reader.stray


def _template_from_rows(tokens: Sequence[Token], out: Out) -> Template | None:
    """The template of a section 二 printed with no caption or header, shown by its row labels.

    Rows only one template prints (2021 行政规范性文件; 2019 其他对外管理服务事项) decide it when
    they all belong to the same template; the tolerance is a `variant-label` problem.
    """
    probe = TableReader("proactive", None, Out())
    probe.read(tokens)
    if len(probe.row_templates) != 1:
        return None
    template = next(iter(probe.row_templates))
    shown = ", ".join(
        layout(owner).table("proactive").row(".".join(path)).label
        for path, (owner, _) in probe.row_owners.items()
    )
    first = min((label for _, label in probe.row_owners.values()), key=lambda t: t.line)
    out.problem(
        "variant-label",
        f"{_section_name('proactive')} prints no caption or header: it is read as the {template} "
        f"template, which its rows {shown} show",
        first,
        "proactive",
        found=shown,
    )
    return template


def _other_headers(block: Block, template: Template, out: Out) -> None:
    """A header of the other template in a block its other headers show as `template`'s."""
    for token in block.tokens:
        if token.kind is not Kind.TEXT or caption_item(token.text) is not None:
            continue
        votes = vote(token.text)
        if votes and template not in votes:
            out.problem(
                "variant-label",
                f"header {token.text!r} is the {next(iter(votes))} template's; the block's other "
                f"headers show the {template} template, as which it is read",
                token,
                "proactive",
                found=token.text,
            )


def read_applications(
    reader: TableReader, template: Template | None, out: Out, stops: Token | None = None
) -> ApplicationTable:
    """Build section 三; in a 2021 table （六） is always a group, even with no rows read.

    `stops`: the table's last token, when the text ends inside this table.
    """
    base = Report(applications=ApplicationTable())
    if template is None:
        _keep_mixed_rows(reader, out)
    places = _places(template, "applications")
    if template is not None and any(
        node.row is not None and node.path not in reader.rows for node in places
    ):
        template = None  # the 2019 （六） row was not read: leave it absent
    table = base.with_cells(_cells_of(reader), template=template).applications
    table = table or ApplicationTable()
    if template is not None:
        for node in places:  # a group (2021 （六）) is always shown, even with no rows read
            if node.row is None and walk(table, node.path) is None:
                table = _with_empty(table, node)
    rows = layout(shape_template(template)).table("applications").rows
    if template is None:
        rows = tuple(r for r in rows if not shows_template("applications", r.path))
    _missing_rows(reader, rows, out, stops)
    return attrs.evolve(table, extra_rows=tuple(reader.extra))


def _places(template: Template | None, table: str) -> list[Node]:
    """The shape's nodes of `table` at the places that show the template (`TEMPLATE_PLACES`)."""
    prefixes = [prefix for key, prefix in TEMPLATE_PLACES if key == table and prefix]
    return [node for node in nodes(table_shape(template, table)) if node.path in prefixes]


def _with_empty(table: Any, node: Node) -> Any:
    """`table` with an empty object of `node`'s class at `node`'s path (its parents exist)."""
    chain = [table]
    for step in node.path[:-1]:
        chain.append(getattr(chain[-1], step))
    value = node.cls()
    for owner, step in zip(reversed(chain), reversed(node.path), strict=False):
        value = attrs.evolve(owner, **{step: value})
    return value


def _keep_mixed_rows(reader: TableReader, out: Out) -> None:
    """Keep the rows of either template verbatim, as extra rows, when the template is unknown.

    A section 三 that prints rows of both templates (and no section 二 to tell which it follows)
    cannot give those rows the identifiers of either without guessing.
    """
    for path, (owner, label) in reader.row_owners.items():
        row = layout(owner).table("applications").row(".".join(path))
        cells = reader.rows.pop(path)
        for column in cells:
            out.positions.pop(f"applications.{row.key}.{column}", None)
        printed = reader.printed[path]
        reader.extra.append(ExtraRow(printed, tuple(map(cell_text, cells.values()))))
        out.problem(
            "mixed-template",
            f"row {row.full_label} is a {owner} template row in a table that also prints the "
            "other template's rows; kept as an extra row",
            label,
            f"applications.{row.key}",
        )


_SEEN = frozenset({"row-cut-off", "ambiguous-row", "duplicate-row"})


def _missing_rows(
    reader: TableReader,
    rows: Sequence[Row],
    out: Out,
    stops: Token | None = None,
) -> None:
    """Report the rows of `rows` not read: each one, or the run the text never reached as one.

    `stops` is the table's last token when the text ends inside this table (no later section
    follows): the rows after the last row the text shows are then one `text-cut-off` problem,
    while a row missing between rows that are shown keeps its own `row-missing`.
    """
    table = reader.table
    reported = {p.path for p in out.problems if p.kind in _SEEN}
    shown = [row.path in reader.rows or f"{table}.{row.key}" in reported for row in rows]
    reached = max((i for i, seen in enumerate(shown) if seen), default=-1)
    unreached = len(rows) - reached - 1
    last = len(rows) if stops is None or not unreached else reached + 1
    for row, seen in zip(rows[:last], shown, strict=False):
        if not seen:
            out.problem(
                "row-missing", f"row {row.full_label} not found", None, f"{table}.{row.key}"
            )
    if last < len(rows):
        after = "before its first row"
        if reached >= 0:
            where = f"{table}.{rows[reached].key}"
            cut = any(p.kind == "row-cut-off" and p.path == where for p in out.problems)
            after = f"{'inside' if cut else 'after'} row {rows[reached].full_label}"
        out.problem("text-cut-off", _cut_message(table, after, rows[last:]), stops, table)


def _cut_message(table: str, where: str, unreached: Sequence[Row]) -> str:
    """``the text stops in section 三 after row …; 3 rows not shown: FIRST … LAST``."""
    shown = unreached[0].full_label
    if len(unreached) > 1:
        shown += f" … {unreached[-1].full_label}"
    count = f"{len(unreached)} row{'s' if len(unreached) > 1 else ''}"
    return f"the text stops in {_section_name(table)} {where}; {count} not shown: {shown}"


_GROUP = 5


class ReviewReader:
    """Reads section 四: one printed row of 15 cells after its header, in template order."""

    def __init__(self, out: Out, *, stops: bool = False) -> None:
        self.out = out
        self.stops = stops
        """The text ends inside this table: rows it never reached are one problem."""
        self.rows = layout(FALLBACK).table("review_litigation").rows
        self.width = _GROUP * len(self.rows)
        self.values: list[Token] = []
        self.stray: list[str] = []
        self.extra: list[ExtraRow] = []
        self.ended = "eof"
        self.named: dict[int, list[Token]] = {}
        """Groups placed by their own label: row index -> its five cells."""

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
            named = self.group_of(buffer, run)
            if named is not None:
                self.keep_stray(buffer)
                self.group(named, run, buffer)
            elif not self.extra_row(buffer, run):
                self.keep_stray(buffer)
                self.data(run, buffer[-1].line if buffer else last_text_line)
            buffer = []
        self.keep_stray(buffer)
        return self.build()

    def group_of(self, buffer: Sequence[Token], run: _Run) -> int | None:
        """The group whose own label stands before a run of its five cells, if one does.

        Section 四 printed as three small tables (复议, 直接起诉, 复议后起诉), or one row per group.
        """
        if len([t for t in run.values if t.kind is Kind.VALUE or t.kind is Kind.BLANK]) != _GROUP:
            return None
        found = {n for t in buffer for n in _review_groups(t.text)}
        return found.pop() if len(found) == 1 else None

    def group(self, number: int, run: _Run, buffer: Sequence[Token]) -> None:
        row = self.rows[number]
        if number in self.named:
            self.out.problem(
                "duplicate-row",
                f"row {row.full_label} appears again; the first is kept",
                buffer[-1] if buffer else run.values[0],
                f"review_litigation.{row.key}",
            )
            return
        self.named[number] = list(run.values)

    def keep_stray(self, buffer: Sequence[Token]) -> None:
        self.stray.extend(t.text for t in buffer if not is_structural(t.text))

    def extra_row(self, buffer: Sequence[Token], run: _Run) -> bool:
        """Text that is not table structure, then values short of a data row: an extra row."""
        found = _extra_label(buffer)
        if found is None or not any(t.kind is Kind.VALUE for t in run.values):
            return False
        if not self.values and not self.named and len(run.values) >= self.width:
            return False
        label, first = found
        shown = self.shown()
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

    def shown(self) -> int:
        """How many groups the rows read so far reach: an extra row is anchored after them.

        Groups placed by their own labels reach the last of them; a printed run of cells reaches
        as many whole groups as it holds.
        """
        if self.named:
            return max(self.named) + 1
        return min(len(self.values), self.width) // _GROUP

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

    def missing(self, unreached: Sequence[Row], complete: int, values: Sequence[Token]) -> None:
        """Rows not shown: each a `row-missing`, or one `text-cut-off` where the text stops."""
        if not self.stops or not unreached:
            for row in unreached:
                path = f"review_litigation.{row.key}"
                self.out.problem("row-missing", f"{row.full_label} not found", None, path)
            return
        after = (
            f"after row {self.rows[complete - 1].full_label}"
            if complete
            else "before its first row"
        )
        if complete < len(self.rows) and len(values) > complete * _GROUP:
            after = f"inside row {self.rows[complete].full_label}"
        message = _cut_message("review_litigation", after, unreached)
        self.out.problem(
            "text-cut-off", message, values[-1] if values else None, "review_litigation"
        )

    def build(self) -> ReviewLitigationTable:
        if self.named:
            return self.build_named()
        values, width = self.values, self.width
        if len(values) > width and all(t.kind is Kind.BLANK for t in values[width:]):
            values = values[:width]
        complete = len(values) // _GROUP
        if len(values) > width or (self.ended == "row" and len(values) % _GROUP):
            self.out.problem(
                "ambiguous-row",
                f"{_section_name('review_litigation')} holds {len(values)} cells where the "
                f"template has {width}; "
                "they cannot be placed without guessing",
                values[0] if values else None,
                "review_litigation",
            )
            complete = 0
        converter = _Cells(self.out)
        rows: dict[tuple[str, ...], dict[str, Any]] = {}
        unreached: list[Row] = []
        for number, row in enumerate(self.rows):
            path = f"review_litigation.{row.key}"
            if number >= complete:
                if 0 < len(values) <= width and number * _GROUP < len(values):
                    self.out.problem(
                        "row-cut-off", f"{row.full_label} is cut off", values[-1], path
                    )
                else:
                    unreached.append(row)
                continue
            chunk = values[number * _GROUP : (number + 1) * _GROUP]
            cells = rows[row.path] = {}
            for column, token in zip(row.columns, chunk, strict=True):
                cell_path = f"{path}.{column.key}"
                cells[column.key] = converter.value(token, column, cell_path)
                self.out.positions[cell_path] = Position(token.line, token.column)
        self.missing(unreached, complete, values)
        table: ReviewLitigationTable = build_table(
            None, "review_litigation", rows, extra_rows=tuple(self.extra)
        )
        return table

    def build_named(self) -> ReviewLitigationTable:
        """Section 四 as groups placed by their labels; values with no group label stay out."""
        if self.values:
            self.out.problem(
                "ambiguous-row",
                f"section 四: {len(self.values)} cells stand under no group label beside groups "
                "that name themselves; they cannot be placed without guessing",
                self.values[0],
                "review_litigation",
            )
        converter = _Cells(self.out)
        rows: dict[tuple[str, ...], dict[str, Any]] = {}
        for number, row in enumerate(self.rows):
            path = f"review_litigation.{row.key}"
            chunk = self.named.get(number)
            if chunk is None:
                self.out.problem("row-missing", f"{row.full_label} not found", None, path)
                continue
            cells = rows[row.path] = {}
            for column, token in zip(row.columns, chunk, strict=True):
                cell_path = f"{path}.{column.key}"
                cells[column.key] = converter.value(token, column, cell_path)
                self.out.positions[cell_path] = Position(token.line, token.column)
        table: ReviewLitigationTable = build_table(
            None, "review_litigation", rows, extra_rows=tuple(self.extra)
        )
        return table


def review_group(text: str) -> int | None:
    """The section 四 group a label names (its index among the table's rows), if exactly one.

    A front end that places groups by a header of its own (the wide CSV) matches the labels as
    this stage does: 直接起诉 names 未经复议直接起诉, 行政诉讼 no group.
    """
    found = _review_groups(text)
    return found[0] if len(found) == 1 else None


@memo(budget=1 << 16, longest=200)
def _review_groups(text: str) -> tuple[int, ...]:
    """The section 四 groups a text names: its own label, or a unique short form of it.

    直接起诉 and 直接起诉（未经复议） name one group; the column-group header 行政诉讼 none.
    """
    rows = layout(FALLBACK).table("review_litigation").rows
    found: set[int] = set()
    for variant in _variants(key(text)):
        if len(variant) < 4:  # noqa: PLR2004 - 复议 alone names no group
            continue
        hits = {
            n
            for n, row in enumerate(rows)
            if variant == key(row.label) or key(row.label) in variant or variant in key(row.label)
        }
        if len(hits) == 1:
            found |= hits
    return tuple(sorted(found))
