"""The model's shape, worked out once: per template, the class at every path and every cell.

Which attrs class sits at which place of a report depends on the template only in the places
`layout.TEMPLATE_PLACES` names (section 二, （六）其他处理); everywhere else the field's type says
it. This module derives, from the layout's row paths and column keys matched against the attrs
fields, the shape of every table (`table_shape`), the class each template-dependent field holds
(`choices`), the cells of a template or, without one, the cells both share (`cells_of`), and the
template a report's objects show (`template_shown`). A report whose tables show no template is
laid out in the rows of `FALLBACK` (its cells are the shared ones, which both lay out alike).

It also builds a table's objects straight from ``{row path: {column: value}}`` (`build_table`),
bottom up, each object once, without going through `Report.with_cells` (which copies objects as
it merges changes into an existing report). Path access (`Report.cells`, `get`, `with_cells`),
the JSON plan, both CSV forms, the checks' plan and the readers all use this module.
"""

from __future__ import annotations

import inspect
import types
import typing
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cache
from typing import Any, Final

import attrs

from govdisclosure.layout import (
    TABLE_KEYS,
    TEMPLATE_PLACES,
    CellSpec,
    Row,
    Template,
    layout,
    shared_cells,
)
from govdisclosure.model.values import Value

__all__ = [
    "FALLBACK",
    "Node",
    "build_table",
    "cells_of",
    "choices",
    "compile_template_shown",
    "constructor_of",
    "field_class",
    "nodes",
    "row_plan",
    "shape_template",
    "table_builder",
    "table_class",
    "table_shape",
    "tables_of",
    "template_shown",
    "templates_shown",
    "walk",
]

FALLBACK: Final = Template.V2021
"""The template whose rows lay out a report that shows none (its cells are the shared ones)."""

_EXTRA = "extra_rows"


def shape_template(template: Template | None) -> Template:
    """The template whose shapes serve `template`: itself, or `FALLBACK` for None."""
    return template or FALLBACK


# --------------------------------------------------------------------------------------------
# Cells.


@cache
def cells_of(template: Template | None) -> Mapping[str, CellSpec]:
    """Every cell of `template` by path, in printed order; for None, the cells both share."""
    specs = layout(template).cells if template is not None else shared_cells()
    return {spec.path: spec for spec in specs}


@cache
def tables_of(template: Template | None) -> tuple[str, ...]:
    """The tables a report of `template` can show (a table that shows the template needs one)."""
    if template is not None:
        return TABLE_KEYS
    whole = {table for table, prefix in TEMPLATE_PLACES if not prefix}
    return tuple(key for key in TABLE_KEYS if key not in whole)


_RowPlan = tuple[tuple[str, tuple[tuple[tuple[str, ...], tuple[CellSpec, ...]], ...]], ...]


@cache
def row_plan(template: Template | None) -> _RowPlan:
    """The cells of `template` (`cells_of`) grouped per table, then per row path, in order."""
    plan: dict[str, dict[tuple[str, ...], list[CellSpec]]] = {}
    for spec in cells_of(template).values():
        plan.setdefault(spec.table, {}).setdefault(spec.row.path, []).append(spec)
    return tuple(
        (table, tuple((row, tuple(specs)) for row, specs in rows.items()))
        for table, rows in plan.items()
    )


def walk(obj: Any, path: Sequence[str]) -> Any:
    """Follow attribute `path` from `obj`; None as soon as a step is absent."""
    for name in path:
        if obj is None:
            return None
        obj = getattr(obj, name)
    return obj


# --------------------------------------------------------------------------------------------
# Classes.


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


def _names(cls: type[Any]) -> frozenset[str]:
    return frozenset(field.name for field in attrs.fields(cls)) - {_EXTRA}


def _candidates(owner: type[Any], name: str) -> tuple[list[type[Any]], bool]:
    """The classes the attribute `name` of `owner` may hold, and whether it may be None."""
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
def table_shape(template: Template | None, key: str) -> Node:
    """Return the shape of table `key` in `template` (None: in `FALLBACK`'s rows)."""
    from govdisclosure.model.report import Report  # noqa: PLC0415 - report.py imports this module

    rows = layout(shape_template(template)).table(key).rows
    candidates, _ = _candidates(Report, key)
    cls = _pick(candidates, frozenset(row.path[0] for row in rows), key)
    return Node((), cls, optional=True, children=_children(cls, (), rows, key))


def nodes(node: Node) -> Iterator[Node]:
    """Yield `node` and every node below it, parents first."""
    yield node
    for child in node.children:
        yield from nodes(child)


@cache
def choices() -> Mapping[tuple[type[Any], str], Mapping[Template, type[Any]]]:
    """For every field whose class depends on the template, the class each template uses.

    Keyed by (owner class, attribute name): ``(Report, "proactive")`` and
    ``(Results, "other_handling")``, read off the tables' shapes, not listed by hand.
    """
    from govdisclosure.model.report import Report  # noqa: PLC0415 - report.py imports this module

    found: dict[tuple[type[Any], str], dict[Template, type[Any]]] = {}
    for template in Template:
        for key in TABLE_KEYS:
            top = table_shape(template, key)
            pairs = [(Report, key, top)]
            pairs += [
                (node.cls, child.path[-1], child) for node in nodes(top) for child in node.children
            ]
            for owner, name, child in pairs:
                if len(_candidates(owner, name)[0]) > 1:
                    found.setdefault((owner, name), {})[template] = child.cls
    return found


def table_class(template: Template | None, key: str) -> type[Any]:
    """The class of table `key` in `template` (None: in `FALLBACK`)."""
    return table_shape(template, key).cls


def field_class(owner: type[Any], name: str, template: Template | None) -> type[Any]:
    """The class to create for an absent attribute `name` of `owner` (looked up once)."""
    found = _FIELD_CLASSES.get((owner, name, template))
    if found is None:
        chosen = choices().get((owner, name))
        if chosen is not None:
            found = chosen[shape_template(template)]
        else:
            found = _candidates(owner, name)[0][0]
        _FIELD_CLASSES[owner, name, template] = found
    return found


_FIELD_CLASSES: dict[tuple[type[Any], str, Template | None], type[Any]] = {}


_Places = list[tuple[str, tuple[str, ...], Mapping[type[Any], Template]]]
_PLACES: _Places = []


def _places() -> _Places:
    """Per place of `TEMPLATE_PLACES`: its table, path, and the template each class there shows."""
    places: _Places = []
    for table, prefix in TEMPLATE_PLACES:
        by_class: dict[type[Any], Template] = {}
        for template in Template:
            for node in nodes(table_shape(template, table)):
                if node.path == prefix:
                    by_class[node.cls] = template
        places.append((table, prefix, by_class))
    _PLACES[:] = places
    return _PLACES


def templates_shown(report: Any) -> list[Template | None]:
    """Per place of `TEMPLATE_PLACES` that holds an object in `report`, the template it shows."""
    shown = []
    for table, prefix, by_class in _PLACES or _places():
        obj = walk(getattr(report, table), prefix)
        if obj is not None:
            shown.append(by_class.get(type(obj)))
    return shown


def template_shown(report: Any) -> Template | None:
    """The template shown by the first place of `TEMPLATE_PLACES` that `report` holds, or None."""
    shown = _SHOWN[0] if _SHOWN else compile_template_shown()
    return shown(report)


_SHOWN: list[Callable[[Any], Template | None]] = []


def compile_template_shown() -> Callable[[Any], Template | None]:
    """Generate `template_shown` as one chain of attribute reads per place (`Report.template`).

    Every `Report.template` asks this, so it reads the places' attributes directly instead of
    looping over paths: as fast as the ``isinstance`` tests it replaces.
    """
    namespace: dict[str, Any] = {}
    lines = ["def shown(r):"]
    for number, (table, prefix, by_class) in enumerate(_places()):
        namespace[f"m{number}"] = by_class
        lines.append(f"    o = r.{table}")
        indent = "    "
        for name in prefix:
            lines.append(f"{indent}if o is not None:")
            indent += "    "
            lines.append(f"{indent}o = o.{name}")
        lines += [f"{indent}if o is not None:", f"{indent}    return m{number}.get(type(o))"]
    lines.append("    return None")
    # Generated from the layout's own identifiers, never from input: nothing outside is run.
    exec(compile("\n".join(lines), "<govdisclosure template_shown>", "exec"), namespace)  # noqa: S102
    shown: Callable[[Any], Template | None] = namespace["shown"]
    _SHOWN[:] = [shown]
    return shown


# --------------------------------------------------------------------------------------------
# Building a table straight from its rows' cells.


_Step = tuple[str, Callable[[Mapping[str, Any]], Any], "tuple[str, ...] | None", "_Plan"]
"""An attribute's name, its class's constructor, and the row whose cells fill it or, if None,
the plan of its own attributes."""
_Plan = tuple[_Step, ...]
"""How to build one object of a table from the table's rows."""
_PLANS: dict[tuple[Template | None, str, tuple[tuple[str, ...], ...]], _Plan] = {}
_PLAN_CACHE = 256
"""Plans remembered (readers meet a few sets of rows: each template's, and a few partial ones)."""


def build_table(
    template: Template | None,
    table: str,
    rows: Mapping[tuple[str, ...], Mapping[str, Value]],
    **fields: Any,
) -> Any:
    """Return the `table` object of `template` holding `rows`; other rows keep their defaults.

    `fields` are set on the table itself (``extra_rows``). Values are validated by the model's
    constructors, as everywhere. The shape of the objects depends only on which rows are given,
    so it is worked out once per set of row paths (a plan) and then only filled.
    """
    paths = tuple(rows)
    plan_key = (template, table, paths)
    plan = _PLANS.get(plan_key)
    cls = table_class(template, table)
    if plan is None:
        if len(_PLANS) >= _PLAN_CACHE:
            _PLANS.clear()
        plan = _PLANS[plan_key] = _plan(cls, paths, (), template)
    arguments = _fill(plan, rows)
    if fields:
        arguments.update(fields)
    return _new(cls, arguments)


def table_builder(
    template: Template | None,
    table: str,
    rows: Sequence[tuple[tuple[str, ...], Sequence[str]]],
) -> Callable[[Sequence[Value]], Any] | None:
    """A function building what `build_table` builds, from the rows' cells given as one list.

    `rows` names each row's path and the column keys of its cells, in the order the list gives
    them. The function is generated once (readers meet the same shape of table again and again)
    and sets every slot of every object directly, so one call costs about one line per field.
    None where a class cannot be built so (`build_table` is then the way).
    """
    key = (template, table, tuple((path, tuple(names)) for path, names in rows))
    if key in _BUILDERS:
        return _BUILDERS[key]
    paths = [path for path, _ in rows]
    builder = None
    if len(set(paths)) == len(paths):
        builder = _Builder(template, rows).function(table_class(template, table))
    if len(_BUILDERS) >= _PLAN_CACHE:
        _BUILDERS.clear()
    _BUILDERS[key] = builder
    return builder


_BUILDERS: dict[object, Callable[[Sequence[Value]], Any] | None] = {}
"""Builders by table and rows: the readers meet a few (each template's, a few partial ones)."""


class _Builder:
    """Generates a `table_builder` function: one object after another, children first."""

    def __init__(
        self, template: Template | None, rows: Sequence[tuple[tuple[str, ...], Sequence[str]]]
    ) -> None:
        self.template = template
        self.paths = [path for path, _ in rows]
        self.given: dict[tuple[str, ...], dict[str, int]] = {}
        at = 0
        for path, names in rows:
            self.given[path] = {name: at + number for number, name in enumerate(names)}
            at += len(names)
        self.namespace: dict[str, Any] = {"_new": object.__new__}
        self.lines = ["def build(v):"]

    def function(self, cls: type[Any]) -> Callable[[Sequence[Value]], Any] | None:
        made = self.build(cls, _plan(cls, self.paths, (), self.template))
        if made is None:
            return None
        self.lines.append(f"    return {made}")
        # Generated from the model's own field names and the layout's row paths: no input is run.
        code = compile("\n".join(self.lines), f"<govdisclosure builder of {cls.__name__}>", "exec")
        exec(code, self.namespace)  # noqa: S102
        builder: Callable[[Sequence[Value]], Any] = self.namespace["build"]
        return builder

    def build(self, owner: type[Any], plan: _Plan) -> str | None:
        """Lines making `owner` as `plan` says; the name of its variable (None: cannot)."""
        values: dict[str, str] = {}
        for name, _, row, nested in plan:
            child = field_class(owner, name, self.template)
            if row is not None:
                cells = {key: f"v[{index}]" for key, index in self.given[row].items()}
                made = self.emit(child, cells)
            else:
                made = self.build(child, nested)
            if made is None:
                return None
            values[name] = made
        return self.emit(owner, values)

    def emit(self, owner: type[Any], values: Mapping[str, str]) -> str | None:
        """Lines making one `owner` with `values` (field -> expression); its variable's name."""
        fields = attrs.fields(owner)
        slots = [inspect.getattr_static(owner, field.name) for field in fields]
        if not all(isinstance(slot, types.MemberDescriptorType) for slot in slots) or any(
            hasattr(owner, hook) for hook in ("__attrs_pre_init__", "__attrs_post_init__")
        ):  # pragma: no cover - every model class is slotted and has no init hooks
            return None
        name = f"o{len(self.lines)}"
        self.namespace[f"C{name}"] = owner
        self.lines.append(f"    {name} = _new(C{name})")
        for number, (field, slot) in enumerate(zip(fields, slots, strict=True)):
            self.namespace[f"s{name}_{number}"] = slot.__set__
            expression = values.get(field.name)
            if expression is None:
                default = field.default
                if default is attrs.NOTHING:
                    return None  # a required field no row gives
                if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                    self.namespace[f"f{name}_{number}"] = default.factory
                    expression = f"f{name}_{number}()"
                else:
                    self.namespace[f"d{name}_{number}"] = default
                    expression = f"d{name}_{number}"
            self.lines.append(f"    s{name}_{number}({name}, {expression})")
        return name


def _plan(
    cls: type[Any],
    paths: Sequence[tuple[str, ...]],
    prefix: tuple[str, ...],
    template: Template | None,
) -> _Plan:
    """The plan of `cls` at `prefix` for the row paths under it, children in first-seen order.

    A row path gives its attribute its cells (anything deeper under it is not looked at, as
    before); any other attribute is built from the rows under it.
    """
    children: dict[str, list[tuple[str, ...]]] = {}
    for path in paths:
        children.setdefault(path[len(prefix)], []).append(path)
    steps: list[_Step] = []
    for name, under in children.items():
        child_cls = field_class(cls, name, template)
        here = (*prefix, name)
        if here in under:
            steps.append((name, constructor_of(child_cls), here, ()))
        else:
            nested = _plan(child_cls, under, here, template)
            steps.append((name, constructor_of(child_cls), None, nested))
    return tuple(steps)


def _fill(plan: _Plan, rows: Mapping[tuple[str, ...], Mapping[str, Value]]) -> dict[str, Any]:
    arguments: dict[str, Any] = {}
    for name, construct, row, nested in plan:
        arguments[name] = construct(rows[row] if row is not None else _fill(nested, rows))
    return arguments


def constructor_of(cls: type[Any]) -> Callable[[Mapping[str, Any]], Any]:
    """`cls` from a mapping of field values, its slots set directly (validators not run).

    For values known to be what the fields hold (the readers' own): generated once per class.
    """
    constructor = _CONSTRUCTORS.get(cls)
    if constructor is None:
        constructor = _CONSTRUCTORS[cls] = _constructor(cls)
    return constructor


_CONSTRUCTORS: dict[type[Any], Callable[[Mapping[str, Any]], Any]] = {}


def _new(cls: type[Any], values: Mapping[str, Any]) -> Any:
    """Build `cls` from `values` (already in the shape its fields hold) by setting its slots.

    The readers' cell policy only ever produces values the fields accept (ints, exact decimals,
    marker strings, None), so the validators, which check exactly that, are not run again: this
    is the JSON reader's fast pass, for the printed form. Fields not given take their defaults.
    """
    constructor = _CONSTRUCTORS.get(cls)
    if constructor is None:
        constructor = _CONSTRUCTORS[cls] = _constructor(cls)
    return constructor(values)


def _constructor(cls: type[Any]) -> Callable[[Mapping[str, Any]], Any]:
    """Generate the function that sets every slot of a bare `cls` from a mapping of values."""
    hooks = ("__attrs_pre_init__", "__attrs_post_init__")
    fields = attrs.fields(cls)
    slots = [inspect.getattr_static(cls, field.name) for field in fields]
    if any(hasattr(cls, hook) for hook in hooks) or not all(
        isinstance(slot, types.MemberDescriptorType) for slot in slots
    ):  # pragma: no cover - every model class is slotted and has no init hooks
        return lambda values: cls(**values)
    namespace: dict[str, Any] = {"_new": object.__new__, "C": cls, "_missing": _MISSING}
    lines = ["def construct(v):", "    s = _new(C)", "    g = v.get"]
    for number, (field, slot) in enumerate(zip(fields, slots, strict=True)):
        namespace[f"set{number}"] = slot.__set__
        default = field.default
        if default is attrs.NOTHING:
            lines.append(f"    set{number}(s, v[{field.name!r}])")
        elif isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            namespace[f"factory{number}"] = default.factory
            lines.append(f"    x = g({field.name!r}, _missing)")
            lines.append(f"    set{number}(s, factory{number}() if x is _missing else x)")
        else:
            namespace[f"default{number}"] = default
            lines.append(f"    set{number}(s, g({field.name!r}, default{number}))")
    lines.append("    return s")
    code = compile("\n".join(lines), f"<govdisclosure constructor of {cls.__name__}>", "exec")
    exec(code, namespace)  # noqa: S102 - generated from the model's own field names
    constructor: Callable[[Mapping[str, Any]], Any] = namespace["construct"]
    return constructor


_MISSING: Any = object()
