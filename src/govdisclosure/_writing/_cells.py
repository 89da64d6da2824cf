"""A report's cells as printed: what every writer prints for a row of the layout.

A cell prints as `govdisclosure.model.cell_text` says (the form the reader reads back). Rows come
from the layout, so both writers print the same rows in the same order.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar

from govdisclosure.layout import Row
from govdisclosure.model import cell_text

__all__ = ["Getters", "by_identity", "extra_rows_after", "getters", "row_texts", "texts_of"]

_K = TypeVar("_K")
_T = TypeVar("_T")


def by_identity(compute: Callable[[_K], _T]) -> Callable[[_K], _T]:
    """Cache `compute` by the identity of the layout object (a table, a row) it is given.

    A layout object hashes by value, which walks every row and column: far slower than what is
    cached. The objects are the layout's own, made once; each is kept with its result, so an
    identity is never taken for another object's.
    """
    found: dict[int, tuple[_K, _T]] = {}

    def cached(key: _K) -> _T:
        entry = found.get(id(key))
        if entry is None or entry[0] is not key:
            entry = found[id(key)] = (key, compute(key))
        return entry[1]

    return cached


Getters = tuple[Callable[[Any], Any], Callable[[Any], tuple[Any, ...]]]
"""How to find a row's object in its table, and its cells in that object (`getters`)."""


@by_identity
def getters(row: Row) -> Getters:
    """Getters of `row`'s object from its table and of its cells from that object, in C."""
    keys = [column.key for column in row.columns]
    if len(keys) > 1:
        return attrgetter(".".join(row.path)), attrgetter(*keys)
    one = attrgetter(keys[0])

    def cells(obj: Any) -> tuple[Any, ...]:
        return (one(obj),)

    return attrgetter(".".join(row.path)), cells


def row_texts(table: Any, row: Row) -> list[str] | None:
    """The printed cells of `row` in `table`, in column order; None if the row is not shown.

    A row is not shown when its object, or a group above it, is None or missing from the
    table's class (a template-less table read in `FALLBACK`'s rows).
    """
    return texts_of(table, getters(row))


def texts_of(table: Any, found: Getters) -> list[str] | None:
    """`row_texts` of the row whose `getters` are `found`."""
    find, cells = found
    try:
        obj = find(table)
    except AttributeError:
        return None
    if obj is None:
        return None
    # `cell_text`, with its commonest cases (text, a blank, a count) spared a call.
    return [
        value
        if value.__class__ is str
        else ""
        if value is None
        else str(value)
        if value.__class__ is int
        else cell_text(value)
        for value in cells(obj)
    ]


def extra_rows_after(table: Any, after: str | None) -> list[tuple[str, tuple[str, ...]]]:
    """The label and values of the extra rows printed after the row `after` (None: first)."""
    return [(extra.label, extra.values) for extra in table.extra_rows if extra.after == after]
