"""What each model class holds, classified once from its attrs field types.

The readers, writers and the schema are all generated from this plan, so the document's keys
are the model's attribute names and there is no second, hand-written table of them.
"""

from __future__ import annotations

import enum
import typing
from collections.abc import Mapping
from functools import cache
from typing import Any, Final, Literal, TypeAlias

import attrs

from govdisclosure.layout import TEMPLATE_PLACES, Template
from govdisclosure.model import Count, Money, Report, _shape
from govdisclosure.model import report as _report_module
from govdisclosure.model import tables as _tables

SCHEMA_VERSION: Final = 1
"""The version of the document shape this module writes and reads (the ``schema_version`` key)."""

TOP_KEYS: Final = ("schema_version", "template")
"""Keys the document has before the report's own fields."""


class Kind(enum.Enum):
    """What one field of a model class holds."""

    COUNT = "count"
    MONEY = "money"
    TEXT = "text"
    OPTIONAL_TEXT = "optional text"
    OPTIONAL_INT = "optional int"
    ENUM = "enum"
    STRINGS = "strings"
    LIST = "list"
    """A list of model objects (sections, extra rows)."""
    NESTED = "nested"
    OPTIONAL = "optional"
    CHOICE = "choice"
    """A table or row whose class depends on the template (section 二, （六）其他处理)."""


NESTING: Final = frozenset({Kind.NESTED, Kind.OPTIONAL, Kind.CHOICE})
"""Kinds whose value is one model object (or null)."""


@attrs.frozen
class Field:
    """One field of a model class, classified."""

    name: str
    kind: Kind
    classes: tuple[type[Any], ...] = ()
    """The model class(es) the field holds: one, or one per template for a CHOICE."""
    values: tuple[str | None, ...] = ()
    """The allowed values of an ENUM field."""


_SIMPLE: Final[Mapping[Any, Kind]] = {
    Count: Kind.COUNT,
    Money: Kind.MONEY,
    str: Kind.TEXT,
    str | None: Kind.OPTIONAL_TEXT,
    int | None: Kind.OPTIONAL_INT,
    tuple[str, ...]: Kind.STRINGS,
}


def _classify(name: str, field_type: Any) -> Field:
    for known, kind in _SIMPLE.items():
        if field_type == known:
            return Field(name, kind)
    if attrs.has(field_type):
        return Field(name, Kind.NESTED, (field_type,))
    origin, args = typing.get_origin(field_type), typing.get_args(field_type)
    if origin is tuple and args[1:] == (Ellipsis,) and attrs.has(args[0]):
        return Field(name, Kind.LIST, (args[0],))
    options = tuple(arg for arg in args if arg is not type(None))
    if options and all(attrs.has(option) for option in options):
        return Field(name, Kind.OPTIONAL if len(options) == 1 else Kind.CHOICE, options)
    if len(options) == 1 and typing.get_origin(options[0]) is Literal:
        nullable = (None,) if len(options) < len(args) else ()
        return Field(name, Kind.ENUM, values=(*typing.get_args(options[0]), *nullable))
    raise _unsupported(name, field_type)  # pragma: no cover - a model change to learn about


def _unsupported(name: str, field_type: Any) -> TypeError:  # pragma: no cover - as above
    return TypeError(f"govdisclosure.json cannot read or write {name!r} of type {field_type!r}")


@cache
def plan() -> Mapping[type[Any], tuple[Field, ...]]:
    """Classify the fields of every model class reachable from `Report`, parents first."""
    found: dict[type[Any], tuple[Field, ...]] = {}
    todo: list[type[Any]] = [Report]
    while todo:
        cls = todo.pop(0)
        if cls in found:
            continue
        module = _tables if cls.__module__ == _tables.__name__ else _report_module
        attrs.resolve_types(cls, globalns=vars(module))
        found[cls] = tuple(_classify(field.name, field.type) for field in attrs.fields(cls))
        todo.extend(option for field in found[cls] for option in field.classes)
    return found


def classes_in_order() -> tuple[type[Any], ...]:
    """Every model class a document holds, `Report` first."""
    return tuple(plan())


def fields(cls: type[Any]) -> tuple[Field, ...]:
    """The classified fields of the model class `cls`, in declaration order."""
    return plan()[cls]


def field_names(cls: type[Any]) -> tuple[str, ...]:
    """The keys of the object `cls` is written as."""
    return tuple(field.name for field in fields(cls))


Context: TypeAlias = Template | None
"""The template a document declares: it picks the class of every CHOICE field."""
CONTEXTS: Final[tuple[Context, ...]] = (*Template, None)
CONTEXT_OF: Final[Mapping[str | None, Context]] = {None: None, **{t.value: t for t in Template}}
"""The context of each valid value of the ``template`` key."""


def choices() -> Mapping[tuple[type[Any], str], Mapping[Template, type[Any]]]:
    """For every CHOICE field, the class each template uses: the model shape's (`_shape`)."""
    return _shape.choices()


def choice(owner: type[Any], field: Field, template: Template) -> type[Any]:
    """The class the CHOICE `field` of `owner` holds in `template`."""
    return _shape.choices()[owner, field.name][template]


@cache
def choice_paths() -> tuple[str, ...]:
    """The dotted paths of the CHOICE fields: the places that show a report's template."""
    return tuple(".".join((table, *prefix)) for table, prefix in TEMPLATE_PLACES)


def depends_on_template(cls: type[Any]) -> bool:
    """Return True if `cls` holds a CHOICE field, at any depth."""
    return any(
        field.kind is Kind.CHOICE
        or (field.kind in NESTING and depends_on_template(field.classes[0]))
        for field in fields(cls)
    )


NULLABLE: Final = frozenset(
    {
        Kind.COUNT,
        Kind.MONEY,
        Kind.OPTIONAL_TEXT,
        Kind.OPTIONAL_INT,
        Kind.OPTIONAL,
        Kind.CHOICE,
    }
)
"""Kinds whose value may be null (an ENUM may be too: see `Field.values`)."""


def is_nullable(field: Field) -> bool:
    """Return True if the document may hold null for `field`."""
    return field.kind in NULLABLE or (field.kind is Kind.ENUM and None in field.values)


def money_paths(cls: type[Any]) -> tuple[tuple[str, ...], ...]:
    """The key paths, from an object of `cls`, of every money cell (in either template)."""
    return _money_paths()[cls]


@cache
def _money_paths() -> Mapping[type[Any], tuple[tuple[str, ...], ...]]:
    found: dict[type[Any], tuple[tuple[str, ...], ...]] = {}

    def walk(cls: type[Any]) -> tuple[tuple[str, ...], ...]:
        if cls not in found:
            paths: list[tuple[str, ...]] = []
            for field in fields(cls):
                if field.kind is Kind.MONEY:
                    paths.append((field.name,))
                elif field.kind in NESTING:
                    for option in field.classes:
                        paths += [(field.name, *path) for path in walk(option)]
            found[cls] = tuple(dict.fromkeys(paths))
        return found[cls]

    for cls in classes_in_order():
        walk(cls)
    return found


def template_of_part(cls: type[Any], value: Any) -> Context:
    """The template an object of `cls` read on its own follows, from the one part that differs.

    Inside a document the template comes from its ``template`` key; a table read alone has no
    such key, and only its （六）其他处理 differs between templates: its form says which.
    """
    for field in fields(cls):
        if not isinstance(value, Mapping):
            break
        item = value.get(field.name)
        if field.kind is Kind.CHOICE and isinstance(item, Mapping):
            for template, option in choices()[cls, field.name].items():
                if set(item) == set(field_names(option)):
                    return template
        elif field.kind in NESTING and depends_on_template(field.classes[0]):
            return template_of_part(field.classes[0], item)
    return _shape.FALLBACK
