"""The tables' object shapes, derived once per template from the layout and the model classes.

Both CSV forms read a table as ``row path -> {column: value}`` and must turn that back into the
model's nested attrs objects (`ApplicationTable` -> `Results` -> `Withheld` -> `ApplicantCounts`).
The class at each step is found by matching the layout's row paths and column keys against the
attrs fields, so neither the classes nor the labels are listed a second time here.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from typing import Any

import attrs

from govdisclosure.layout import TABLE_KEYS, CellKind, Group, Row, Table, Template, layout
from govdisclosure.model import ExtraRow, Report, Value

_EXTRA = "extra_rows"


@attrs.frozen
class Node:
    """A table, group or row of the model, with the attrs class that holds it."""

    path: tuple[str, ...]
    """Attribute names from the table down to this node (empty for the table itself)."""
    cls: type[Any]
    optional: bool
    """True when the attribute may be None (a row or group the report does not show)."""
    children: tuple[Node, ...] = ()
    row: Row | None = None
    """The layout row, for a node that holds cells."""


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


def _names(cls: type[Any]) -> frozenset[str]:
    return frozenset(field.name for field in attrs.fields(cls)) - {_EXTRA}


def _candidates(owner: type[Any], name: str) -> tuple[list[type[Any]], bool]:
    attrs.resolve_types(owner)
    field = attrs.fields_dict(owner)[name]
    args = [arg for arg in typing.get_args(field.type) if arg is not type(None)]
    return args or [typing.cast("type[Any]", field.type)], field.default is None


def _pick(candidates: Sequence[type[Any]], names: frozenset[str], where: str) -> type[Any]:
    for cls in candidates:
        if _names(cls) == names:
            return cls
    msg = f"no model class for {where} has the fields {sorted(names)}"  # pragma: no cover
    raise LookupError(msg)  # pragma: no cover - a test checks the layout and model agree


def _node(owner: type[Any], path: tuple[str, ...], rows: Sequence[Row], key: str) -> Node:
    """Build the node at `path` below `owner`, holding `rows` (all rows whose path starts so)."""
    candidates, optional = _candidates(owner, path[-1])
    where = f"{key}.{'.'.join(path)}"
    if len(rows) == 1 and rows[0].path == path:
        row = rows[0]
        names = frozenset(column.key for column in row.columns)
        return Node(path, _pick(candidates, names, where), optional, row=row)
    cls = _pick(candidates, frozenset(row.path[len(path)] for row in rows), where)
    return Node(path, cls, optional, _children(cls, path, rows, key))


def _children(
    cls: type[Any], path: tuple[str, ...], rows: Sequence[Row], key: str
) -> tuple[Node, ...]:
    by_name: dict[str, list[Row]] = {}
    for row in rows:
        by_name.setdefault(row.path[len(path)], []).append(row)
    return tuple(_node(cls, (*path, name), group, key) for name, group in by_name.items())


@cache
def table_shape(template: Template, key: str) -> Node:
    """Return the shape of table `key` in `template`."""
    rows = layout(template).table(key).rows
    candidates, _ = _candidates(Report, key)
    cls = _pick(candidates, frozenset(row.path[0] for row in rows), key)
    return Node((), cls, optional=True, children=_children(cls, (), rows, key))


def nodes(node: Node) -> Iterator[Node]:
    """Yield `node` and every node below it, parents first."""
    yield node
    for child in node.children:
        yield from nodes(child)


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


def shape_template(template: Template | None) -> Template:
    """The template whose shapes serve `template`; a template-less report uses the common rows."""
    return template or Template.V2021


@cache
def cells_of(template: Template | None) -> Mapping[str, CellRef]:
    """Every cell of `template` by path; for None, the cells both templates share."""
    refs: dict[str, CellRef] = {}
    for chosen in (template,) if template else (Template.V2019, Template.V2021):
        for spec in layout(chosen).cells:
            ref = CellRef(
                spec.path, spec.table, spec.row.path, spec.column.key, spec.column.kind, spec.label
            )
            refs.setdefault(spec.path, ref)
    if template is None:
        older = {spec.path for spec in layout(Template.V2019).cells}
        newer = {spec.path for spec in layout(Template.V2021).cells}
        # Section 二 differs in its class between templates even where paths agree.
        return {
            path: ref
            for path, ref in refs.items()
            if path in older and path in newer and ref.table != "proactive"
        }
    return refs


def tables_of(template: Template | None) -> tuple[str, ...]:
    """The tables a report of `template` can show (section 二 needs a template)."""
    return TABLE_KEYS if template else tuple(k for k in TABLE_KEYS if k != "proactive")


def table_layout(template: Template | None, key: str) -> Table:
    """The layout of table `key` for `template` (a template-less table uses the 2021 rows)."""
    return layout(shape_template(template)).table(key)


def walk(obj: Any, path: tuple[str, ...]) -> Any:
    """Follow attribute `path` from `obj`; None as soon as a step is absent."""
    for name in path:
        if obj is None:
            return None
        obj = getattr(obj, name)
    return obj


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
