"""The tables' object shapes for both CSV forms, from the one model shape (`model._shape`).

Both CSV forms read a table as ``row path -> {column: value}`` and must turn that back into the
model's nested attrs objects (`ApplicationTable` -> `Results` -> `Withheld` -> `ApplicantCounts`).
The class at each step, the cells of a template and the template-less fallback are the model
shape's (`govdisclosure.model._shape`); this adds what the CSV forms need on top.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

import attrs

from govdisclosure.layout import CellKind, Group, Table, Template, layout
from govdisclosure.model import ExtraRow, Value
from govdisclosure.model._shape import (
    Node,
    nodes,
    shape_template,
    table_shape,
    tables_of,
    walk,
)
from govdisclosure.model._shape import (
    cells_of as _cells_of,
)

__all__ = [
    "CellRef",
    "Node",
    "build",
    "cells_of",
    "group_of",
    "nodes",
    "optional_groups",
    "shape_template",
    "table_layout",
    "table_shape",
    "tables_of",
    "walk",
]

_EXTRA = "extra_rows"


@attrs.frozen
class CellRef:
    """Where a cell lives in the model, and what it holds."""

    path: str
    table: str
    row: tuple[str, ...]
    column: str
    kind: CellKind
    label: str

    @property
    def where(self) -> tuple[str, tuple[str, ...]]:
        """The table and row path, as one key."""
        return self.table, self.row


@cache
def optional_groups(template: Template, key: str) -> tuple[Node, ...]:
    """Groups of table `key` that may be absent as a whole (2021 （六）其他处理)."""
    return tuple(
        node
        for node in nodes(table_shape(template, key))
        if node.path and node.row is None and node.optional
    )


def group_of(template: Template, key: str, path: tuple[str, ...]) -> Group | None:
    """Return the layout group printed for the group node at `path`."""
    for group in layout(template).table(key).groups:
        if group.path == path:
            return group
    return None  # pragma: no cover - every optional group has a layout group


@cache
def cells_of(template: Template | None) -> Mapping[str, CellRef]:
    """Every cell of `template` by path; for None, the cells both templates share."""
    return {
        spec.path: CellRef(
            spec.path, spec.table, spec.row.path, spec.column.key, spec.column.kind, spec.label
        )
        for spec in _cells_of(template).values()
    }


def table_layout(template: Template | None, key: str) -> Table:
    """The layout of table `key` for `template` (a template-less table: `FALLBACK`'s rows)."""
    return layout(shape_template(template)).table(key)


def build(
    node: Node,
    rows: Mapping[tuple[str, ...], Mapping[str, Value]],
    groups: frozenset[tuple[str, ...]] | set[tuple[str, ...]],
    extra_rows: Sequence[ExtraRow] = (),
) -> Any:
    """Build the object of `node` from its rows' cells; absent rows and groups stay None.

    Raises the model's TypeError/ValueError for a value a cell cannot hold.
    """
    kwargs: dict[str, Any] = {}
    for child in node.children:
        if child.row is not None:
            cells = rows.get(child.path)
            if cells is not None:
                kwargs[child.path[-1]] = child.cls(**cells)
        elif any(path[: len(child.path)] == child.path for path in (*rows, *groups)):
            kwargs[child.path[-1]] = build(child, rows, groups)
    if extra_rows:
        kwargs[_EXTRA] = tuple(extra_rows)
    return node.cls(**kwargs)
