r"""The JSON Schema (draft 2020-12) of the document, generated from the plan and the layouts.

One branch per value of ``template`` (``oneOf``), each a complete object schema, so code
generators see every table's fields. Titles are the model's English class names (generators name
types after them); descriptions give the official Chinese label and the English identifier.
Patterns use explicit character classes only: ``\\d``, ``\\s`` and ``$`` mean different things in
ECMAScript and Python, and the schema must mean one thing to ajv and to Python's jsonschema.
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Callable, Iterable, Mapping
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
from govdisclosure.layout import iter_layouts, sections
from govdisclosure.model import Report, Section
from govdisclosure.model.values import MAX_DIGITS, UNITS

DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"
ID: Final = f"urn:govdisclosure:schema:report:{SCHEMA_VERSION}"
"""The schema's ``$id``: a name, not a location (the schema ships with the package)."""

# `$` means "end, or before a final newline" in Python's regexes and "end" in ECMAScript's: a
# lookahead that no character follows means the end in both.
_END: Final = r"(?![\s\S])"


# ------------------------------------------------------------------------------------------------
# Patterns: the model's number and marker rules spelled out in explicit character classes.


@cache
def _folding_to() -> Mapping[str, frozenset[str]]:
    """For each NFKC result of one character, the characters that fold to it (itself too)."""
    found: dict[str, set[str]] = {}
    for point in range(sys.maxunicode + 1):
        if 0xD800 <= point <= 0xDFFF:  # noqa: PLR2004 - surrogates are not characters
            continue
        char = chr(point)
        folded = unicodedata.normalize("NFKC", char)
        if folded != char:
            found.setdefault(folded, set()).add(char)
    return {folded: frozenset(chars) for folded, chars in found.items()}


def _chars(test: Callable[[str], bool]) -> frozenset[str]:
    """Every character that is, or folds (NFKC) to, a string passing `test`."""
    folds = _folding_to()
    out = {chr(p) for p in range(0x80) if test(chr(p))}
    for folded, chars in folds.items():
        if folded and test(folded):
            out |= chars
            if len(folded) == 1:
                out.add(folded)  # what others fold to reads so itself (U+2212 −)  # noqa: RUF003 - full-width forms quoted on purpose
    return frozenset(out)


def _escape(char: str) -> str:
    if char in "\\]^-[":
        return "\\" + char
    if " " < char < "\x7f":
        return char
    if ord(char) <= 0xFFFF:  # noqa: PLR2004 - \uXXXX is read alike by both regex dialects
        return f"\\u{ord(char):04x}"
    return char  # astral characters stand for themselves in both (ajv compiles with the u flag)


def _class(chars: Iterable[str], *, negate: bool = False) -> str:
    """A character class of `chars`, consecutive code points written as ranges."""
    points = sorted(ord(c) for c in chars)
    parts: list[str] = []
    i = 0
    while i < len(points):
        j = i
        while j + 1 < len(points) and points[j + 1] == points[j] + 1:
            j += 1
        first, last = _escape(chr(points[i])), _escape(chr(points[j]))
        if i == j:
            parts.append(first)
        elif j == i + 1:
            parts.append(first + last)
        else:
            parts.append(f"{first}-{last}")
        i = j + 1
    return f"[{'^' if negate else ''}{''.join(parts)}]"


@cache
def _spaces() -> frozenset[str]:
    """What Python's str.strip and its regexes treat as whitespace (ECMAScript's differs)."""
    return frozenset(chr(p) for p in range(sys.maxunicode + 1) if chr(p).isspace())


def _is_ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


@cache
def number_pattern() -> str:
    """Text that reads as a number (`looks_numeric`), as a pattern of explicit classes.

    The model folds text (NFKC) before reading it, so full-width ``５`` and ``，`` are a digit and
    a thousands separator: each class holds the characters that fold to what the model reads.
    """  # noqa: RUF002 - full-width forms quoted on purpose
    space = _class(_spaces() | _chars(lambda t: t.isspace()))
    sign = _class(_chars(lambda t: t in {"-", "+", "\u2212"}))
    digit = _class(_chars(_is_ascii_digits))
    comma = _class(_chars(lambda t: t == ","))
    point = _class(_chars(lambda t: t == "."))
    folds = _folding_to()
    units = "|".join(
        "".join(_class({char} | folds.get(char, frozenset())) for char in unit) for unit in UNITS
    )
    return (
        f"^{space}*{sign}?{space}*(?:{digit}{{1,3}}(?:{comma}{digit}{{3}})+|{digit}+)"
        f"(?:{point}{digit}+)?{space}*(?:{units})?{space}*{_END}"
    )


@cache
def marker_pattern() -> str:
    """Non-empty text with no leading or trailing whitespace (as str.strip sees it)."""
    edge = _class(_spaces(), negate=True)
    return f"^{edge}(?:[\\s\\S]*{edge})?{_END}"


# ------------------------------------------------------------------------------------------------
# Descriptions from the layouts.


def _english(name: str) -> str:
    return name.replace("_", " ")


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


_NULL: Final = {"type": "null"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, dict(_NULL)]}


_SCALARS: Final[Mapping[Kind, dict[str, Any]]] = {
    Kind.COUNT: _ref("count"),
    Kind.MONEY: _ref("money"),
    Kind.TEXT: {"type": "string"},
    Kind.OPTIONAL_TEXT: _nullable({"type": "string"}),
    Kind.OPTIONAL_INT: _nullable({"type": "integer"}),
    Kind.STRINGS: {"type": "array", "items": {"type": "string"}},
}


def _shaped_by_template(field: Field) -> bool:
    return field.kind is Kind.CHOICE or (
        field.kind in NESTING and depends_on_template(field.classes[0])
    )


def _definition_name(cls: type[Any], context: Context) -> str:
    name = cls.__name__
    if depends_on_template(cls) or cls is Report:
        name += f"_{'no_template' if context is None else context.value}"
    return name


def _title(cls: type[Any], context: Context) -> str:
    """An English name for code generators: ``ApplicationTable2021``, ``ReportNoTemplate``."""
    name = cls.__name__
    if depends_on_template(cls) or cls is Report:
        name += "NoTemplate" if context is None else context.value
    return name


class _Builder:
    """Collects the `$defs` while the schema is generated."""

    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}
        self.labels = _labels()

    def describe(self, owner: type[Any], name: str) -> str:
        label = self.labels.get((owner, name))
        return f"{label} ({_english(name)})" if label else _english(name)

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
            schema = dict(_NULL)
        else:
            cls = field.classes[0]
            if kind is Kind.CHOICE and context is not None:
                cls = choice(owner, field, context)
            schema = _ref(self.define(cls, context))
            # A reference is wrapped, never given siblings: code generators copy a referenced
            # object that has a description of its own into a numbered second type.
            schema = {"allOf": [schema]} if kind is Kind.NESTED else _nullable(schema)
        return {"description": self.describe(owner, field.name), **schema}

    def define(self, cls: type[Any], context: Context) -> str:
        """Add the object schema of `cls` (as read in `context`) to `$defs`; return its name."""
        name = _definition_name(cls, context)
        if name not in self.defs:
            self.defs[name] = {}  # claimed first: a class may be reached again while building
            self.defs[name] = {
                "title": _title(cls, context),
                "description": (cls.__doc__ or name).strip().splitlines()[0],
                "type": "object",
                "properties": {
                    field.name: self.field(cls, field, context) for field in fields(cls)
                },
                "required": list(field_names(cls)),
                "additionalProperties": False,
            }
        return name

    def report(self, context: Context) -> str:
        """The document whose ``template`` is `context`; return its `$defs` name."""
        name = _definition_name(Report, context)
        value = None if context is None else context.value
        properties: dict[str, Any] = {
            TOP_KEYS[0]: {
                "description": "The version of this document shape.",
                "const": SCHEMA_VERSION,
            },
            TOP_KEYS[1]: {
                "description": "The template the tables follow; null when no table shows it.",
                **({"type": "null"} if value is None else {"type": "string", "const": value}),
            },
        }
        for field in fields(Report):
            properties[field.name] = self.field(Report, field, context)
        properties["sections"]["not"] = _a_key_twice()
        schema: dict[str, Any] = {
            "title": _title(Report, context),
            "description": (
                "A government information disclosure annual report (政府信息公开工作年度报告)"
                + (
                    ", no table of which shows its template."
                    if context is None
                    else f" of the {context.value} template."
                )
            ),
            "type": "object",
            "properties": properties,
            "required": [*TOP_KEYS, *field_names(Report)],
            "additionalProperties": False,
        }
        if context is not None:
            # A template is only known from the tables: not every place that shows it is null.
            schema["not"] = _template_not_shown()
        self.defs[name] = schema
        return name


def _null_at(path: list[str]) -> dict[str, Any]:
    """An object with null at `path` or at a nullable object on the way there."""
    head, *rest = path
    inner = dict(_NULL) if not rest else {"anyOf": [dict(_NULL), _null_at(rest)]}
    return {"type": "object", "properties": {head: inner}, "required": [head]}


def _template_not_shown() -> dict[str, Any]:
    return {"allOf": [_null_at(path.split(".")) for path in choice_paths()]}


def _a_key_twice() -> dict[str, Any]:
    """Sections holding some template section key more than once (each key at most once)."""
    (key,) = (field for field in fields(Section) if field.kind is Kind.ENUM)
    return {
        "anyOf": [
            {
                "type": "array",
                "contains": {
                    "type": "object",
                    "properties": {key.name: {"const": value}},
                    "required": [key.name],
                },
                "minContains": 2,
            }
            for value in key.values
            if value is not None
        ]
    }


@cache
def build() -> Mapping[str, Any]:
    """Generate the schema (once; callers copy it)."""
    builder = _Builder()
    branches = [_ref(builder.report(context)) for context in CONTEXTS]
    limit = 10**MAX_DIGITS
    number = {"exclusiveMinimum": -limit, "exclusiveMaximum": limit}
    cells = {
        # No titles on the cells: code generators then write each cell's type in place, with
        # its label as the comment, instead of one numbered alias per label.
        "count": {
            "description": (
                "A count cell: a whole number, null (a blank) or a marker. At most "
                f"{MAX_DIGITS} digits."
            ),
            "anyOf": [{"type": "integer", **number}, dict(_NULL), _ref("marker")],
        },
        "money": {
            "description": (
                "A money cell: an exact decimal number, null (a blank) or a marker. At most "
                f"{MAX_DIGITS} digits, written without an exponent."
            ),
            "anyOf": [{"type": "number", **number}, dict(_NULL), _ref("marker")],
        },
        "marker": {
            "title": "Marker",
            "description": (
                "A non-numeric marker printed in a cell (/, -, 无…), kept verbatim: text "
                "without surrounding whitespace that does not read as a number (full-width "
                "digits read as digits)."
            ),
            "type": "string",
            "pattern": marker_pattern(),
            "not": {"type": "string", "pattern": number_pattern()},
        },
    }
    return {
        "$schema": DIALECT,
        "$id": ID,
        "title": "GovdisclosureReport",
        "description": (
            "A government information disclosure annual report (政府信息公开工作年度报告) as "
            f"govdisclosure.json writes it, schema_version {SCHEMA_VERSION}: one shape per "
            "template."
        ),
        "oneOf": branches,
        "$defs": {**cells, **dict(sorted(builder.defs.items()))},
    }
