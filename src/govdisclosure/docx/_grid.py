"""The official tables as printed: rows of cells with their merged spans, from the layout.

Every label comes from `govdisclosure.layout` and every value from `govdisclosure._writing`. The
shapes are the HTML writer's (`govdisclosure.html._write`): the same header cells merged the same
way, a table's rows in the layout's order, an extra row after the row named by its `after`.

This is the "printed table" the writers share in spirit; once it lives in `govdisclosure._writing`
the Word writer only renders it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from govdisclosure._writing import extra_rows_after, row_texts
from govdisclosure.layout import Group, Table, Template, layout
from govdisclosure.model import ApplicationTable, OtherHandling, Report

__all__ = ["Cell", "Placed", "place", "printed_table"]


class Cell(NamedTuple):
    """One printed cell: its text, whether it is a header or row label, and its spans."""

    text: str
    header: bool = False
    columns: int = 1
    rows: int = 1


Printed = Sequence[Cell]


class Placed(NamedTuple):
    """A cell placed in its table's grid (0-based row and column of its top-left corner)."""

    cell: Cell
    row: int
    column: int


def printed_table(report: Report, key: str) -> tuple[list[Printed], int]:
    """The rows of the table `key` of `report` and how many of them are header rows."""
    table = getattr(report, key)
    lay = layout(report.template or Template.V2021).table(key)
    if key == "proactive":
        return _proactive(table, lay), 0
    if key == "applications":
        return _applications(table, lay)
    return _review(table, lay)


def place(rows: Sequence[Printed]) -> tuple[list[Placed], int]:
    """Place each cell in the grid as HTML's table model does; return them and the grid width."""
    placed: list[Placed] = []
    taken: set[tuple[int, int]] = set()
    width = 0
    for number, cells in enumerate(rows):
        column = 0
        for cell in cells:
            while (number, column) in taken:
                column += 1
            placed.append(Placed(cell, number, column))
            for r in range(number, number + cell.rows):
                for c in range(column, column + cell.columns):
                    taken.add((r, c))
            column += cell.columns
            width = max(width, column)
    return _fill(placed, taken, width), width


def _fill(placed: list[Placed], taken: set[tuple[int, int]], width: int) -> list[Placed]:
    """Widen the last cell of a row that stops short of `width`, so the grid has no holes.

    A Word table has a cell in every slot: a hole would read back as one more empty cell.
    """
    last: dict[int, int] = {}
    for index, item in enumerate(placed):
        last[item.row] = index
    for row, index in last.items():
        item = placed[index]
        end = item.column + item.cell.columns
        gap = 0
        while end + gap < width and (row, end + gap) not in taken:
            gap += 1
        if gap and item.cell.rows == 1:
            placed[index] = item._replace(cell=item.cell._replace(columns=item.cell.columns + gap))
    return placed


def _head(text: str, *, columns: int = 1, rows: int = 1) -> Cell:
    return Cell(text, header=True, columns=columns, rows=rows)


def _extra_row(label: str, values: Sequence[str]) -> list[Cell]:
    return [_head(label), *(Cell(value) for value in values)]


# ------------------------------------------------------------------------------------------------
# Section 二: per block a caption row, a header row and its rows


def _spread(texts: Sequence[str], width: int, *, header: bool = False) -> list[Cell]:
    """Cells filling `width` columns: one each, the last one taking what is left."""
    last = len(texts) - 1
    return [
        Cell(text, header=header, columns=width - last if index == last else 1)
        for index, text in enumerate(texts)
    ]


def _proactive(table: Any, lay: Table) -> list[Printed]:
    width = max(len(block.columns) for block in lay.blocks)
    rows: list[Printed] = []
    for number, block in enumerate(lay.blocks):
        rows.append([_head(block.caption, columns=width + 1)])
        rows.append(
            [
                _head(block.header),
                *_spread([column.label for column in block.columns], width, header=True),
            ]
        )
        if number == 0:
            rows.extend(
                _extra_row(label, values) for label, values in extra_rows_after(table, None)
            )
        for row in block.rows:
            values = row_texts(table, row)
            if values is not None:
                rows.append([_head(row.label), *_spread(values, width)])
            rows.extend(
                _extra_row(label, values) for label, values in extra_rows_after(table, row.key)
            )
    return rows


# ------------------------------------------------------------------------------------------------
# Section 三: three header rows, labels nested in up to three merged label columns


class _Item(NamedTuple):
    chain: tuple[Group, ...]
    label: str
    values: Sequence[str]
    extra: bool


def _group_shown(table: ApplicationTable, group: Group) -> bool:
    """A group label is printed for a group the table has: （六） only as the 2021 group."""
    if group.path == ("results", "other_handling"):
        return isinstance(table.results.other_handling, OtherHandling)
    return True


def _items(table: ApplicationTable, lay: Table) -> list[_Item]:
    items = [
        _Item((), label, values, extra=True) for label, values in extra_rows_after(table, None)
    ]
    for row in lay.rows:
        values = row_texts(table, row)
        if values is not None:
            chain = tuple(g for g in row.parents if _group_shown(table, g))
            items.append(_Item(chain, row.label, values, extra=False))
        items.extend(
            _Item((), label, values, extra=True)
            for label, values in extra_rows_after(table, row.key)
        )
    # An extra row stands inside the groups shared by the rows printed around it.
    rows = [index for index, item in enumerate(items) if not item.extra]
    for index, item in enumerate(items):
        if item.extra:
            before = [items[i].chain for i in rows if i < index][-1:]
            after = [items[i].chain for i in rows if i > index][:1]
            if before and after:
                items[index] = item._replace(chain=_common(before[0], after[0]))
    return items


def _common(first: tuple[Group, ...], second: tuple[Group, ...]) -> tuple[Group, ...]:
    shared: list[Group] = []
    for one, other in zip(first, second, strict=False):
        if one != other:
            break
        shared.append(one)
    return tuple(shared)


def _applications(table: ApplicationTable, lay: Table) -> tuple[list[Printed], int]:
    items = _items(table, lay)
    depth = 1 + max((len(item.chain) for item in items), default=0)
    columns = lay.rows[0].columns
    second: list[Cell] = []
    third: list[Cell] = []
    for index, column in enumerate(columns):
        if column.group is None:
            second.append(_head(column.label, rows=2))
            continue
        if index == 0 or columns[index - 1].group != column.group:
            span = sum(1 for c in columns if c.group == column.group)
            second.append(_head(column.group, columns=span))
        third.append(_head(column.label))
    rows: list[Printed] = [
        [
            _head(lay.corner or "", columns=depth, rows=3),
            _head(lay.header or "", columns=len(columns)),
        ],
        second,
        third,
    ]
    for index, item in enumerate(items):
        cells: list[Cell] = []
        for level, group in enumerate(item.chain):
            above = items[index - 1].chain if index else ()
            if above[level : level + 1] != (group,):
                span = 1
                while index + span < len(items) and items[index + span].chain[
                    level : level + 1
                ] == (group,):
                    span += 1
                cells.append(_head(group.label, rows=span))
        cells.append(_head(item.label, columns=depth - len(item.chain)))
        cells.extend(Cell(value) for value in item.values)
        rows.append(cells)
    return rows, 3


# ------------------------------------------------------------------------------------------------
# Section 四: three header rows and one data row of 15 cells


def _top(row: Any) -> str:
    return str(row.parents[0].label if row.parents else row.label)


def _review(table: Any, lay: Table) -> tuple[list[Printed], int]:
    rows = lay.rows
    outcomes = [column.label for column in rows[0].columns]
    width = len(outcomes)
    first: list[Cell] = []
    second: list[Cell] = []
    third: list[Cell] = []
    for index, row in enumerate(rows):
        top = _top(row)
        if index == 0 or _top(rows[index - 1]) != top:
            span = sum(1 for r in rows if _top(r) == top)
            first.append(_head(top, columns=width * span))
        if row.parents:
            second.append(_head(row.label, columns=width))
            third.extend(_head(label) for label in outcomes)
        else:
            second.extend(_head(label, rows=2) for label in outcomes)
    body: list[Printed] = []
    data: list[Cell] = []
    last: str | None = None
    for row in rows:
        values = row_texts(table, row)
        if values is None:
            break
        data.extend(Cell(value) for value in values)
        last = row.key
    if last is not None:
        body.append(data)
    body.extend(_extra_row(label, values) for label, values in extra_rows_after(table, last))
    return [first, second, third, *body], 3
