"""The JSON Schema (draft 2020-12) of the document, generated from the plan and the layouts."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any, Final

from govdisclosure.json._plan import (
    CONTEXTS,
    NESTING,
    SCHEMA_VERSION,
    TOP_KEYS,
    Context,
    Field,
    Kind,
    choice,
    choice_paths,
    depends_on_template,
    field_names,
    fields,
)
from govdisclosure.layout import Template, iter_layouts, sections
from govdisclosure.model import Report, Section
from govdisclosure.model.values import _NUMBER

DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"

# `$` means "end, or before a final newline" in Python's regexes and "end" in ECMAScript's: a
# lookahead that no character follows means the end in both.
_END: Final = r"(?![\s\S])"


def _number_pattern() -> str:
    """The model's own pattern of a printed number, with its named groups made plain."""
    return re.sub(r"\(\?P<\w+>", "(?:", _NUMBER.pattern)


def _labels() -> Mapping[tuple[type[Any], str], str]:
    """Official labels for descriptions, keyed by (model class, field name), from the layouts."""
    labels: dict[tuple[type[Any], str], str] = {}
    for lay in iter_layouts():
        empty = Report.empty(lay.template)
        for spec in sections():
            if spec.table is not None:
                labels.setdefault((Report, spec.table), spec.heading)
        for table in lay.tables:
            places = [(row.path, row.full_label) for row in table.rows]
            places += [(group.path, group.label) for group in table.groups if group.path]
            for path, label in places:
                owner = getattr(empty, table.key)
                for name in path[:-1]:
                    owner = getattr(owner, name)
                labels.setdefault((type(owner), path[-1]), label)
            for row in table.rows:
                owner = getattr(empty, table.key)
                for name in row.path:
                    owner = getattr(owner, name)
                for column in row.columns:
                    labels.setdefault((type(owner), column.key), column.full_label)
    return labels


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{name}"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


_SCALARS: Final[Mapping[Kind, dict[str, Any]]] = {
    Kind.COUNT: _ref("count"),
    Kind.MONEY: _ref("money"),
    Kind.TEXT: {"type": "string"},
    Kind.OPTIONAL_TEXT: {"type": ["string", "null"]},
    Kind.OPTIONAL_INT: {"type": ["integer", "null"]},
    Kind.STRINGS: {"type": "array", "items": {"type": "string"}},
}


def _shaped_by_template(field: Field) -> bool:
    return field.kind is Kind.CHOICE or (
        field.kind in NESTING and depends_on_template(field.classes[0])
    )


class _Builder:
    """Collects the `$defs` while the schema is generated."""

    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}
        self.labels = _labels()

    def field(self, owner: type[Any], field: Field, context: Context) -> dict[str, Any]:
        kind = field.kind
        schema: dict[str, Any]
        if kind in _SCALARS:
            schema = dict(_SCALARS[kind])
        elif kind is Kind.ENUM:
            schema = {"enum": list(field.values)}
        elif kind is Kind.LIST:
            schema = {"type": "array", "items": _ref(self.define(field.classes[0], context))}
        elif kind is Kind.CHOICE and context is None:
            schema = {"type": "null"}
        else:
            cls = field.classes[0]
            if kind is Kind.CHOICE and context is not None:
                cls = choice(owner, field, context)
            schema = _ref(self.define(cls, context))
            schema = schema if kind is Kind.NESTED else _nullable(schema)
        label = self.labels.get((owner, field.name))
        return {"description": label, **schema} if label else schema

    def define(self, cls: type[Any], context: Context) -> str:
        """Add the object schema of `cls` (as read in `context`) to `$defs`; return its name."""
        name = cls.__name__
        if depends_on_template(cls):
            name += f"_{'no_template' if context is None else context.value}"
        if name not in self.defs:
            self.defs[name] = {
                "description": (cls.__doc__ or name).strip().splitlines()[0],
                "type": "object",
                "properties": {
                    field.name: self.field(cls, field, context) for field in fields(cls)
                },
                "required": list(field_names(cls)),
                "additionalProperties": False,
            }
        return name

    def branch(self, context: Context) -> dict[str, Any]:
        """The shapes the tables take when ``template`` is `context`."""
        then: dict[str, Any] = {
            "properties": {
                field.name: self.field(Report, field, context)
                for field in fields(Report)
                if _shaped_by_template(field)
            }
        }
        if context is not None:
            # A template is only known from the tables: some place that shows it is not null.
            shows = []
            for path in choice_paths():
                place: dict[str, Any] = {"type": "object"}
                for name in reversed(path.split(".")):
                    place = {"type": "object", "properties": {name: place}, "required": [name]}
                shows.append(place)
            then["anyOf"] = shows
        value = None if context is None else context.value
        return {
            "if": {"properties": {TOP_KEYS[1]: {"const": value}}, "required": [TOP_KEYS[1]]},
            "then": then,
        }


def _sections_once() -> list[dict[str, Any]]:
    """Each template section key at most once in ``sections``."""
    (key,) = (field for field in fields(Section) if field.kind is Kind.ENUM)
    return [
        {
            "contains": {"properties": {key.name: {"const": value}}},
            "minContains": 0,
            "maxContains": 1,
        }
        for value in key.values
        if value is not None
    ]


@cache
def build() -> Mapping[str, Any]:
    """Generate the schema (once; callers copy it)."""
    builder = _Builder()
    properties: dict[str, Any] = {
        TOP_KEYS[0]: {
            "description": "The version of this document shape.",
            "const": SCHEMA_VERSION,
        },
        TOP_KEYS[1]: {
            "description": "The template the tables follow; null when no table shows it.",
            "enum": [*(template.value for template in Template), None],
        },
    }
    for field in fields(Report):
        if _shaped_by_template(field):  # its shape is given by the branch of its template
            label = builder.labels.get((Report, field.name))
            properties[field.name] = {"description": label} if label else {}
        else:
            properties[field.name] = builder.field(Report, field, None)
    properties["sections"]["allOf"] = _sections_once()
    branches = [builder.branch(context) for context in CONTEXTS]
    marker = {
        "description": "A non-numeric marker printed in a cell (/, -, 无…), kept verbatim.",
        "type": "string",
        "pattern": rf"^\S(?:[\s\S]*\S)?{_END}",
        "not": {"pattern": rf"^(?:{_number_pattern()}){_END}"},
    }
    cells = {
        "count": {
            "description": "A count cell: a whole number, null (a blank) or a marker.",
            "anyOf": [{"type": "integer"}, {"type": "null"}, _ref("marker")],
        },
        "money": {
            "description": "A money cell: an exact decimal number, null (a blank) or a marker.",
            "anyOf": [{"type": "number"}, {"type": "null"}, _ref("marker")],
        },
        "marker": marker,
    }
    return {
        "$schema": DIALECT,
        "title": "govdisclosure report",
        "description": (
            "A government information disclosure annual report (政府信息公开工作年度报告) as "
            f"govdisclosure.json writes it, schema_version {SCHEMA_VERSION}."
        ),
        "type": "object",
        "properties": properties,
        "required": [*TOP_KEYS, *field_names(Report)],
        "additionalProperties": False,
        "allOf": branches,
        "$defs": {**cells, **dict(sorted(builder.defs.items()))},
    }
