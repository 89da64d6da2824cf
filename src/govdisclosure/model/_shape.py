"""Build a table's objects straight from its rows' cells, bottom up, each object once.

The readers know each row's path and its cells; this turns ``{row path: {column: value}}`` into
the table's attrs objects without going through `Report.with_cells` (which copies objects as it
merges changes into an existing report).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govdisclosure.layout import Template
from govdisclosure.model.report import _field_class, _table_class
from govdisclosure.model.values import Value

__all__ = ["build_table"]


class _Node:
    __slots__ = ("cells", "children")

    def __init__(self) -> None:
        self.cells: Mapping[str, Value] | None = None
        self.children: dict[str, _Node] = {}


def build_table(
    template: Template | None,
    table: str,
    rows: Mapping[tuple[str, ...], Mapping[str, Value]],
    **fields: Any,
) -> Any:
    """Return the `table` object of `template` holding `rows`; other rows keep their defaults.

    `fields` are set on the table itself (``extra_rows``). Values are validated by the model's
    constructors, as everywhere.
    """
    root = _Node()
    for path, cells in rows.items():
        node = root
        for name in path:
            child = node.children.get(name)
            if child is None:
                child = node.children[name] = _Node()
            node = child
        node.cells = cells
    cls = _table_class(template, table)
    return cls(**_arguments(cls, root, template), **fields)


def _arguments(cls: type[Any], node: _Node, template: Template | None) -> dict[str, Any]:
    arguments: dict[str, Any] = {}
    for name, child in node.children.items():
        child_cls = _field_class(cls, name, template)
        if child.cells is not None:
            arguments[name] = child_cls(**child.cells)
        else:
            arguments[name] = child_cls(**_arguments(child_cls, child, template))
    return arguments
