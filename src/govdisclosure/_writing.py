"""Print a report's cells: what the text and HTML writers share.

A cell prints as the reader reads it back: a number as its digits (money exactly, never with an
exponent), a marker verbatim, a blank as nothing. Rows come from the layout, so both writers
print the same rows in the same order.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from govdisclosure.layout import Row
from govdisclosure.model import Value

__all__ = ["cell_text", "extra_rows_after", "row_texts"]


def cell_text(value: Value) -> str:
    """The printed form of a cell: ``282.10``, ``0``, ``/``, or ``""`` for a blank."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def row_texts(table: Any, row: Row) -> list[str] | None:
    """The printed cells of `row` in `table`, in column order; None if the row is not shown."""
    obj = table
    for name in row.path:
        if obj is None:
            return None
        obj = getattr(obj, name, None)
    if obj is None:
        return None
    return [cell_text(getattr(obj, column.key)) for column in row.columns]


def extra_rows_after(table: Any, after: str | None) -> list[tuple[str, tuple[str, ...]]]:
    """The label and values of the extra rows printed after the row `after` (None: first)."""
    return [(extra.label, extra.values) for extra in table.extra_rows if extra.after == after]
