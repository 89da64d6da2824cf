"""The official tables as the Word writer places them: the printed table on a grid of slots.

The rows, cells and merged spans are the printed table every writer renders
(`govdisclosure._writing.printed_table`); this module places its cells on the grid a Word table
needs, a cell in every slot.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from govdisclosure._writing import Cell
from govdisclosure._writing import printed_table as _printed
from govdisclosure.model import Report

__all__ = ["Cell", "Placed", "place", "printed_table"]


Printed = Sequence[Cell]


class Placed(NamedTuple):
    """A cell placed in its table's grid (0-based row and column of its top-left corner)."""

    cell: Cell
    row: int
    column: int


def printed_table(report: Report, key: str) -> tuple[list[Printed], int]:
    """The rows of the table `key` of `report` and how many of them are header rows."""
    printed = _printed(report, key)
    if printed is None:
        return [], 0
    return printed.rows, printed.header_rows


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
