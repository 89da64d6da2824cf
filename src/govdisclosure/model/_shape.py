"""Build a table's objects straight from its rows' cells, bottom up, each object once.

The readers know each row's path and its cells; this turns ``{row path: {column: value}}`` into
the table's attrs objects without going through `Report.with_cells` (which copies objects as it
merges changes into an existing report).
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Callable, Mapping
from typing import Any

import attrs

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
    return _new(cls, {**_arguments(cls, root, template), **fields})


def _arguments(cls: type[Any], node: _Node, template: Template | None) -> dict[str, Any]:
    arguments: dict[str, Any] = {}
    for name, child in node.children.items():
        child_cls = _field_class(cls, name, template)
        if child.cells is not None:
            arguments[name] = _new(child_cls, child.cells)
        else:
            arguments[name] = _new(child_cls, _arguments(child_cls, child, template))
    return arguments


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
