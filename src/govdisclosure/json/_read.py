"""Reading: JSON text to a `Report`, with every problem of a bad document reported at once.

Two passes share one plan. The fast pass is generated once per template: it checks each value
and builds the objects directly, without attrs' ``__init__`` (whose validators would check every
cell a second time). Anything it does not accept, for whatever reason, sends the document to the
careful pass, which walks it along the plan, records every problem with its JSON path, and
builds the report with the model's own constructors.
"""

from __future__ import annotations

import inspect
import json
import re
import types
import typing
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from typing import Any, Final

import attrs

from govdisclosure.errors import ParseError, Problem
from govdisclosure.json._plan import (
    CONTEXT_OF,
    NESTING,
    SCHEMA_VERSION,
    TOP_KEYS,
    Context,
    Field,
    Kind,
    choice,
    choice_paths,
    choices,
    classes_in_order,
    field_names,
    fields,
)
from govdisclosure.layout import Template
from govdisclosure.model import Report, is_marker
from govdisclosure.model.values import MAX_DIGITS, fits


class _Invalid(Exception):  # noqa: N818 - an internal signal, never seen by callers
    """The fast pass met something it does not accept."""


@attrs.frozen
class _Constant:
    """``NaN``, ``Infinity`` or ``-Infinity`` in the input, which JSON does not allow."""

    name: str


_DECODER: Final = json.JSONDecoder(parse_float=Decimal, parse_constant=_Constant)


def decode(data: str | bytes | bytearray) -> Any:
    """Parse JSON text (or bytes in UTF-8, UTF-16 or UTF-32); floats become exact Decimals."""
    if not isinstance(data, str):
        try:
            data = bytes(data).decode(json.detect_encoding(data), "surrogatepass")
        except UnicodeDecodeError as error:
            problem = Problem(
                "expected JSON text in UTF-8, UTF-16 or UTF-32, found bytes that are not "
                f"({error.reason} at byte {error.start})",
                kind="invalid-json",
            )
            raise ParseError(problem) from None
    try:
        return _DECODER.decode(data)
    except json.JSONDecodeError as error:
        found = error.doc[error.pos : error.pos + _SHOWN].partition("\n")[0]
        at = f"found {found!r}" if found else "found the end of a line or of the text"
        problem = Problem(
            f"invalid JSON: {error.msg[:1].lower()}{error.msg[1:]}, {at}",
            line=error.lineno,
            column=error.colno,
            found=found or None,
            kind="invalid-json",
        )
    except RecursionError:
        problem = Problem("invalid JSON: nested too deeply to read", kind="invalid-json")
    except ValueError as error:  # an integer longer than Python converts (sys.int_info)
        problem = Problem(f"invalid JSON: {error}", kind="invalid-json")
    raise ParseError(problem) from None


def read(document: Any) -> Report:
    """Build the report a decoded document holds, or raise ParseError with every problem."""
    try:
        return _fast(document)
    except Exception:  # noqa: BLE001 - whatever failed, the careful pass explains it
        return _Careful().document(document)


# ------------------------------------------------------------------------------------------------
# The fast pass.


def is_plain_decimal(value: Decimal) -> bool:
    """Return True for a finite decimal written without a positive exponent (as printed)."""
    exponent = value.as_tuple().exponent
    return isinstance(exponent, int) and exponent <= 0


_CHECKS: Final = {
    Kind.COUNT: (
        "if {v}.__class__ is int:\n"
        "    if not _LOW < {v} < _HIGH:\n"
        "        raise _Invalid\n"
        "elif {v} is not None and not ({v}.__class__ is str and _marker({v})):\n"
        "    raise _Invalid\n"
    ),
    Kind.MONEY: (
        "if {v}.__class__ is int:\n"
        "    if not _LOW < {v} < _HIGH:\n"
        "        raise _Invalid\n"
        "    {v} = _Decimal({v})\n"
        "elif {v}.__class__ is _Decimal:\n"
        "    if not (_plain({v}) and _fits({v})):\n"
        "        raise _Invalid\n"
        "elif {v} is not None and not ({v}.__class__ is str and _marker({v})):\n"
        "    raise _Invalid\n"
    ),
    Kind.TEXT: "if {v}.__class__ is not str:\n    raise _Invalid\n",
    Kind.OPTIONAL_TEXT: "if {v} is not None and {v}.__class__ is not str:\n    raise _Invalid\n",
    Kind.OPTIONAL_INT: "if {v} is not None and {v}.__class__ is not int:\n    raise _Invalid\n",
    Kind.ENUM: "if {v} not in _allowed_{cls}_{name}:\n    raise _Invalid\n",
    Kind.STRINGS: (
        "if {v}.__class__ is not list:\n"
        "    raise _Invalid\n"
        "for x in {v}:\n"
        "    if x.__class__ is not str:\n"
        "        raise _Invalid\n"
        "{v} = tuple({v})\n"
    ),
    Kind.LIST: (
        "if {v}.__class__ is not list:\n"
        "    raise _Invalid\n"
        "{v} = tuple([s_{child}(x) for x in {v}])\n"
    ),
    Kind.NESTED: "{v} = s_{child}({v})\n",
    Kind.OPTIONAL: "if {v} is not None:\n    {v} = s_{child}({v})\n",
}
_INTERN_LIMIT: Final = 4096
"""Rows interned per class: enough for the distinct rows of many reports, bounded in memory."""


def _can_bypass_init(cls: type[Any]) -> bool:
    """Return True if setting the slots of a bare instance builds a complete `cls` object."""
    hooks = ("__attrs_pre_init__", "__attrs_post_init__")
    return not any(hasattr(cls, hook) for hook in hooks) and all(
        isinstance(inspect.getattr_static(cls, name), types.MemberDescriptorType)
        for name in field_names(cls)
    )


def _reader_source(cls: type[Any], context: Context) -> str:
    name = cls.__name__
    extra = len(TOP_KEYS) if cls is Report else 0
    body = [f"if len(o) != {len(fields(cls)) + extra}:\n    raise _Invalid\n"]
    body += [f"v{i} = o[{field.name!r}]\n" for i, field in enumerate(fields(cls))]
    interned = all(field.kind is Kind.COUNT for field in fields(cls))
    for i, field in enumerate(fields(cls)):
        v = f"v{i}"
        if field.kind is Kind.CHOICE:
            chosen = "" if context is None else choice(cls, field, context).__name__
            call = f"s_{chosen}({v})" if chosen else "_refuse()"
            body.append(f"if {v} is not None:\n    {v} = {call}\n")
        else:
            child = field.classes[0].__name__ if field.classes else ""
            body.append(_CHECKS[field.kind].format(v=v, cls=name, name=field.name, child=child))
    values = ", ".join(f"v{i}" for i in range(len(fields(cls))))
    if interned:
        # The values are checked by now: ints, None or marker strings, which compare equal
        # only to the same value of the same type. Equal rows can share one frozen object,
        # and most rows of most reports are the same row of zeros.
        body.append(f"k = ({values},)\ns = i_{name}.get(k)\nif s is not None:\n    return s\n")
    if _can_bypass_init(cls):
        body.append(f"s = _new(C_{name})\n")
        body += [f"d_{name}_{i}(s, v{i})\n" for i in range(len(fields(cls)))]
    else:  # pragma: no cover - every model class is slotted and has no init hooks
        kwargs = ", ".join(f"{field.name}=v{i}" for i, field in enumerate(fields(cls)))
        body.append(f"s = C_{name}({kwargs})\n")
    if interned:
        body.append(f"if len(i_{name}) < {_INTERN_LIMIT}:\n    i_{name}[k] = s\n")
    body.append("return s\n")
    indented = "".join("    " + line for chunk in body for line in chunk.splitlines(keepends=True))
    return f"def s_{name}(o):\n{indented}"


def _refuse() -> Any:
    raise _Invalid


_INTERNED: Final[dict[type[Any], dict[tuple[Any, ...], Any]]] = {}


@cache
def _reader(context: Context) -> Callable[[Any], Report]:
    """The generated function that reads a document whose template is `context`."""
    order = classes_in_order()
    namespace: dict[str, Any] = {
        "_Invalid": _Invalid,
        "_Decimal": Decimal,
        "_marker": is_marker,
        "_plain": is_plain_decimal,
        "_fits": fits,
        "_LOW": -(10**MAX_DIGITS),
        "_HIGH": 10**MAX_DIGITS,
        "_new": object.__new__,
        "_refuse": _refuse,
    }
    for cls in order:
        name = cls.__name__
        namespace[f"C_{name}"] = cls
        namespace[f"i_{name}"] = _INTERNED.setdefault(cls, {})
        for i, field in enumerate(fields(cls)):
            if field.kind is Kind.ENUM:
                namespace[f"_allowed_{name}_{field.name}"] = frozenset(field.values)
            if _can_bypass_init(cls):
                slot = inspect.getattr_static(cls, field.name)
                namespace[f"d_{name}_{i}"] = slot.__set__
    source = "\n".join(_reader_source(cls, context) for cls in order)
    code = compile(source, f"<govdisclosure.json readers, template {context}>", "exec")
    exec(code, namespace)  # noqa: S102 - generated from the model's own field names
    reader: Callable[[Any], Report] = namespace["s_Report"]
    return reader


def _fast(document: Any) -> Report:
    version = document[TOP_KEYS[0]]
    if version.__class__ is not int or version != SCHEMA_VERSION:
        raise _Invalid
    context = CONTEXT_OF[document[TOP_KEYS[1]]]
    report = _reader(context)(document)
    # What attrs' __init__ of Report would check across fields: one section per key, and
    # tables agreeing on one template (they do: the context chose their classes).
    keys = [section.key for section in report.sections if section.key is not None]
    if len(keys) != len(set(keys)) or report.template is not context:
        raise _Invalid
    return report


# ------------------------------------------------------------------------------------------------
# The careful pass.

_BAD: Final[Any] = object()
"""Stands for a value that had a problem (already recorded)."""
_UNKNOWN: Final[Any] = object()
"""The context of a document whose ``template`` is itself invalid: CHOICE fields go unread."""
_IDENTIFIER: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SHOWN: Final = 40
"""Characters of a string quoted in a message."""


def _child(path: str, key: object) -> str:
    if isinstance(key, str) and _IDENTIFIER.fullmatch(key):
        return f"{path}.{key}"
    return f"{path}[{json.dumps(key, ensure_ascii=False)}]"


def _describe(value: object) -> str:
    """Name a JSON value in a message: its type, and the value itself when it is short."""
    if isinstance(value, str):
        shown = value if len(value) <= _SHOWN else value[:_SHOWN] + "…"
        if not value:
            return "an empty string"
        return f"the string {shown!r}"
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int | Decimal):
        return f"the {'integer' if isinstance(value, int) else 'number'} {value}"
    if isinstance(value, _Constant):
        return f"{value.name}, which JSON does not allow"
    return "an object" if isinstance(value, dict) else "an array"


def _found(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, _Constant | Decimal):
        return value.name if isinstance(value, _Constant) else str(value)
    if isinstance(value, dict | list):
        return "{…}" if isinstance(value, dict) else "[…]"
    return json.dumps(value, default=str)


_EXPECTED: Final = {
    Kind.TEXT: "a string",
    Kind.OPTIONAL_TEXT: "a string or null",
    Kind.OPTIONAL_INT: "an integer or null",
    Kind.STRINGS: "an array of strings",
    Kind.LIST: "an array",
    Kind.NESTED: "an object",
    Kind.OPTIONAL: "an object or null",
    Kind.CHOICE: "an object or null",
}
_CELL: Final = "a number, null or a non-numeric marker"


def _cell_error(kind: Kind, value: Any) -> tuple[str, str] | None:
    """Say what is wrong with a cell value, and the kind of problem; None if nothing is."""
    error: tuple[str, str] | None = None
    if (
        value.__class__ is int
        or (kind is Kind.MONEY and isinstance(value, Decimal) and is_plain_decimal(value))
    ) and not fits(value):
        error = (f"expected a number of at most {MAX_DIGITS} digits", "number-too-long")
    elif value is None or value.__class__ is int:
        pass
    elif isinstance(value, Decimal):
        if kind is Kind.COUNT:
            expected = "a whole number (a count), null or a non-numeric marker"
            error = (f"expected {expected}, found {_describe(value)}", "wrong-type")
        elif not is_plain_decimal(value):
            error = (
                f"expected a number written without an exponent, found {value}",
                "invalid-value",
            )
    elif not isinstance(value, str):
        error = (f"expected {_CELL}, found {_describe(value)}", "wrong-type")
    elif is_marker(value):
        pass
    elif not value:
        error = (f"expected {_CELL}, found an empty string (null is a blank cell)", "invalid-value")
    elif is_marker(value.strip()):
        error = (f"expected a marker without surrounding spaces, found {value!r}", "invalid-value")
    else:
        error = (f"expected {_CELL}, found the numeric string {value!r}", "numeric-marker")
    return error


class _Careful:
    """One careful reading of a document: the problems found, in document order."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, message: str, value: object, kind: str) -> Any:
        found = None if value is _BAD else _found(value)
        self.problems.append(Problem(message, path=path, found=found, kind=kind))
        return _BAD

    def wrong(self, path: str, expected: str, value: object) -> Any:
        return self.add(path, f"expected {expected}, found {_describe(value)}", value, "wrong-type")

    def document(self, document: Any) -> Report:
        if not isinstance(document, dict):
            message = f"expected a JSON object holding a report, found {_describe(document)}"
            self.add("$", message, document, "not-an-object")
            raise ParseError(self.problems)
        version_key, template_key = TOP_KEYS
        if version_key in document:
            version = document[version_key]
            if version.__class__ is not int or version != SCHEMA_VERSION:
                message = f"expected {SCHEMA_VERSION}, found {_describe(version)}"
                self.add(f"$.{version_key}", message, version, "schema-version")
        context: Any = _UNKNOWN
        if template_key in document:
            template = document[template_key]
            if isinstance(template, str | None) and template in CONTEXT_OF:
                context = CONTEXT_OF[template]
            else:
                allowed = ", ".join(repr(t.value) for t in Template)
                self.wrong(f"$.{template_key}", f"{allowed} or null", template)
        report = self.instance(Report, document, "$", context, TOP_KEYS)
        if report is not _BAD and context not in {None, _UNKNOWN} and report.template is None:
            self.add(
                f"$.{template_key}",
                f"expected null, found {_describe(document[template_key])}: no table shows a "
                f"template ({' and '.join(choice_paths())} are null)",
                document[template_key],
                "template-mismatch",
            )
        if self.problems:
            raise ParseError(self.problems)
        return typing.cast("Report", report)

    def keys(self, value: dict[Any, Any], path: str, names: tuple[str, ...]) -> None:
        """Record the unknown and missing keys of an object."""
        for key, item in value.items():
            if key not in names:
                message = f"expected only the keys {', '.join(names)}, found the key {key!r}"
                self.add(_child(path, key), message, item, "unknown-key")
        for name in names:
            if name not in value:
                message = (
                    f"expected the key {name!r} (every key is always present: null for a blank "
                    "cell, or for a row or table the report does not show), found no such key"
                )
                self.add(_child(path, name), message, _BAD, "missing-key")

    def instance(
        self, cls: type[Any], value: Any, path: str, context: Any, extra: tuple[str, ...] = ()
    ) -> Any:
        """Read an object of the model class `cls`; return it, or _BAD."""
        if not isinstance(value, dict):
            return self.wrong(path, f"an object ({cls.__name__})", value)
        before = len(self.problems)
        self.keys(value, path, (*extra, *field_names(cls)))
        kwargs = {
            field.name: self.field(cls, field, value[field.name], _child(path, field.name), context)
            for field in fields(cls)
            if field.name in value
        }
        if cls is Report and kwargs.get("sections", _BAD) is not _BAD:
            self.repeated_sections(kwargs["sections"], path)
        if len(self.problems) > before or any(item is _BAD for item in kwargs.values()):
            return _BAD
        try:
            return cls(**kwargs)
        except (TypeError, ValueError) as error:  # pragma: no cover - each field was checked
            return self.add(path, f"not a valid {cls.__name__}: {error}", _BAD, "invalid-value")

    def field(self, owner: type[Any], field: Field, value: Any, path: str, context: Any) -> Any:
        kind = field.kind
        if kind in {Kind.COUNT, Kind.MONEY}:
            return self.cell(kind, value, path)
        if kind is Kind.CHOICE:
            return None if value is None else self.choice(owner, field, value, path, context)
        if kind is Kind.ENUM:
            return self.enum(field, value, path)
        if kind in {Kind.LIST, Kind.STRINGS}:
            return self.array(field, value, path, context)
        if kind in NESTING:
            return self.nested(field, value, path, context)
        return self.scalar(kind, value, path)

    def nested(self, field: Field, value: Any, path: str, context: Any) -> Any:
        if value is None and field.kind is Kind.OPTIONAL:
            return None
        if not isinstance(value, dict):
            return self.wrong(path, _EXPECTED[field.kind], value)
        return self.instance(field.classes[0], value, path, context)

    def enum(self, field: Field, value: Any, path: str) -> Any:
        if isinstance(value, str | None) and value in field.values:
            return value
        allowed = ", ".join("null" if v is None else repr(v) for v in field.values)
        return self.wrong(path, f"one of {allowed}", value)

    def array(self, field: Field, value: Any, path: str, context: Any) -> Any:
        if not isinstance(value, list):
            return self.wrong(path, _EXPECTED[field.kind], value)
        return tuple(
            self.instance(field.classes[0], item, f"{path}[{i}]", context)
            if field.kind is Kind.LIST
            else self.scalar(Kind.TEXT, item, f"{path}[{i}]")
            for i, item in enumerate(value)
        )

    def scalar(self, kind: Kind, value: Any, path: str) -> Any:
        ok = {
            Kind.TEXT: isinstance(value, str),
            Kind.OPTIONAL_TEXT: value is None or isinstance(value, str),
            Kind.OPTIONAL_INT: value is None or value.__class__ is int,
        }[kind]
        return value if ok else self.wrong(path, _EXPECTED[kind], value)

    def cell(self, kind: Kind, value: Any, path: str) -> Any:
        error = _cell_error(kind, value)
        if error is not None:
            message, problem = error
            return self.add(path, message, value, problem)
        if kind is Kind.MONEY and value.__class__ is int:
            return Decimal(value)
        return value

    def choice(self, owner: type[Any], field: Field, value: Any, path: str, context: Any) -> Any:
        if context is _UNKNOWN:  # the template is wrong (recorded): its tables cannot be read
            return _BAD
        if context is None:
            return self.add(
                path,
                f"expected null, because template is null, found {_describe(value)}: this "
                "table or row differs between the templates, so the document must name its "
                "template",
                value,
                "template-mismatch",
            )
        chosen = choice(owner, field, context)
        if not isinstance(value, dict):
            return self.wrong(path, _EXPECTED[field.kind], value)
        expected = set(field_names(chosen))
        for template, cls in choices()[owner, field.name].items():
            if set(value) == set(field_names(cls)) != expected:
                return self.add(
                    path,
                    f"expected the {context.value} form of this table or row, found the "
                    f"{template.value} form, but template is {context.value!r}",
                    value,
                    "template-mismatch",
                )
        return self.instance(chosen, value, path, context)

    def repeated_sections(self, sections: tuple[Any, ...], path: str) -> None:
        first: dict[str, int] = {}
        for i, section in enumerate(sections):
            key = None if section is _BAD else section.key
            if key is not None and key in first:
                self.add(
                    f"{path}.sections[{i}].key",
                    f"expected null or a key no other section has, found {key!r}, already "
                    f"the key of {path}.sections[{first[key]}] (a repeated section has key null)",
                    key,
                    "invalid-value",
                )
            elif key is not None:
                first[key] = i
