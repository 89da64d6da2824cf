"""Build a table's objects straight from its rows' cells, bottom up, each object once.

The readers know each row's path and its cells; this turns ``{row path: {column: value}}`` into
the table's attrs objects without going through `Report.with_cells` (which copies objects as it
merges changes into an existing report).
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from govdisclosure.layout import Template
from govdisclosure.model.report import _field_class, _table_class
from govdisclosure.model.values import Value

__all__ = ["build_table"]


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
    cls = _table_class(template, table)
    if plan is None:
        if len(_PLANS) >= _PLAN_CACHE:
            _PLANS.clear()
        plan = _PLANS[plan_key] = _plan(cls, paths, (), template)
    arguments = _fill(plan, rows)
    if fields:
        arguments.update(fields)
    return _new(cls, arguments)


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
        child_cls = _field_class(cls, name, template)
        here = (*prefix, name)
        if here in under:
            steps.append((name, _constructor_of(child_cls), here, ()))
        else:
            nested = _plan(child_cls, under, here, template)
            steps.append((name, _constructor_of(child_cls), None, nested))
    return tuple(steps)


def _fill(plan: _Plan, rows: Mapping[tuple[str, ...], Mapping[str, Value]]) -> dict[str, Any]:
    arguments: dict[str, Any] = {}
    for name, construct, row, nested in plan:
        arguments[name] = construct(rows[row] if row is not None else _fill(nested, rows))
    return arguments


def _constructor_of(cls: type[Any]) -> Callable[[Mapping[str, Any]], Any]:
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
