"""A report's cells as printed: what every writer prints for a row of the layout.

A cell prints as `govdisclosure.model.cell_text` says (the form the reader reads back). Rows come
from the layout, so both writers print the same rows in the same order.
"""

from __future__ import annotations

from typing import Any

from govdisclosure.layout import Row
from govdisclosure.model import cell_text

__all__ = ["extra_rows_after", "row_texts"]


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
