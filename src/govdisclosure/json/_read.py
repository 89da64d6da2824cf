"""Reading: JSON text to a `Report`, with every problem of a bad document reported at once.

Two passes share one plan. The fast pass is generated once per template: it checks each value
and builds the objects directly, without attrs' ``__init__`` (whose validators would check every
cell a second time). Anything it does not accept, for whatever reason, sends the document to the
careful pass, which walks it along the plan, records every problem with its JSON path, and
builds the report with the model's own constructors.

A key repeated in one object is lost in decoding (the last one wins), so the text is checked
too: a document holding as many colons as the report has keys has no repeat; any other is
decoded once more, keeping each object's pairs, to find the repeats and their paths.
"""

from __future__ import annotations

import inspect
import json
import re
import sys
import types
import typing
from collections.abc import Callable
from decimal import Decimal, DecimalException
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
    depends_on_template,
    field_names,
    fields,
    template_of_part,
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


def text_of(data: str | bytes | bytearray) -> str:
    """Return JSON text as a str, decoding bytes in UTF-8, UTF-16 or UTF-32."""
    if isinstance(data, str):
        return data
    raw = bytes(data)
    # A document starting "{" then a non-NUL byte is UTF-8 without a BOM (as detect_encoding
    # decides, without its call): the common case, read a little faster.
    plain = raw[:1] == b"{" and raw[1:2] != b"\x00"
    encoding = "utf-8" if plain else json.detect_encoding(raw)
    try:
        return raw.decode(encoding, "surrogatepass")
    except UnicodeDecodeError as error:
        before = raw[: error.start].decode(encoding, "replace")
        line, column = _line_column(before, len(before))
        bad = raw[error.start : error.end]
        problem = Problem(
            f"expected JSON text in UTF-8, UTF-16 or UTF-32, found bytes that are not "
            f"({error.reason} at byte {error.start})",
            line=line,
            column=column,
            found=repr(bad),
            kind="invalid-json",
        )
        raise ParseError(problem) from None


def decode(data: str | bytes | bytearray) -> Any:
    """Parse JSON text (or bytes in UTF-8, UTF-16 or UTF-32); floats become exact Decimals."""
    return parse(text_of(data))


def parse(text: str) -> Any:
    """Parse JSON text; floats become exact Decimals. Every failure names its line and column."""
    try:
        return _DECODER.decode(text)
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
        problem = _too_deep(text)
    # An integer longer than Python converts (sys.int_info), or a number whose exponent is
    # past what a Decimal holds.
    except (ValueError, DecimalException) as error:
        problem = _bad_number(text, error)
    raise ParseError(problem) from None


def _line_column(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of `index` in `text`, counted as the json module does."""
    line = text.count("\n", 0, index) + 1
    return line, index - text.rfind("\n", 0, index)


# The tokens that matter to find where a document is too deep or holds a too long integer: a
# whole string (skipped), a bracket, an integer. Possessive: no backtracking, linear.
_TOKENS: Final = re.compile(
    r'"(?:[^"\\]++|\\.)*+"|[\[\]{}]|-?\d++(?P<float>(?:\.\d++)?+(?:[eE][-+]?\d++)?+)'
)
_DEEPEST_SHOWN: Final = 100
"""Nesting past this many levels is reported where it starts (a report document has 5)."""


def _too_deep(text: str) -> Problem:
    """Say where a document nests deeper than Python's JSON reader can follow."""
    depth, deepest, where = 0, 0, 0
    for token in _TOKENS.finditer(text):
        char = token.group()[0]
        if char in "[{":
            depth += 1
            if depth > deepest:
                deepest, where = depth, token.start()
                if depth > _DEEPEST_SHOWN:
                    break
        elif char in "]}":
            depth -= 1
    line, column = _line_column(text, where)
    return Problem(
        f"invalid JSON: nested too deeply to read: expected at most {_DEEPEST_SHOWN} levels "
        f"of arrays and objects (a report document has 5), found level {deepest} here",
        line=line,
        column=column,
        found=text[where : where + _SHOWN] or None,
        kind="invalid-json",
    )


def _bad_number(text: str, error: Exception) -> Problem:
    """Say where a document holds a number Python cannot hold: too many digits, or exponent."""
    limit = sys.get_int_max_str_digits()
    for token in _TOKENS.finditer(text):
        number, fraction = token.group(), token.group("float")
        if fraction is None:  # a string or a bracket
            continue
        if fraction:
            try:
                Decimal(number)
            except DecimalException:
                expected = "a number whose exponent a decimal holds"
            else:
                continue
        elif len(number.lstrip("-")) > limit:
            expected = f"an integer of at most {limit} digits"
        else:
            continue
        line, column = _line_column(text, token.start())
        shown = number if len(number) <= _SHOWN else number[:_SHOWN] + "…"
        return Problem(
            f"invalid JSON: expected {expected}, found {shown}",
            line=line,
            column=column,
            found=shown,
            kind="invalid-json",
        )
    return Problem(f"invalid JSON: {error}", kind="invalid-json")  # pragma: no cover


def read(document: Any) -> Report:
    """Build the report a decoded document holds, or raise ParseError with every problem."""
    try:
        return _fast(document)
    except Exception:  # noqa: BLE001 - whatever failed, the careful pass explains it
        return _Careful().document(document)


def read_part(cls: type[Any], value: Any) -> Any:
    """Read an object of the model class `cls` on its own (a row, a table, a section)."""
    if cls is Report:
        return read(value)
    context = template_of_part(cls, value) if depends_on_template(cls) else None
    careful = _Careful()
    part = careful.instance(cls, value, "$", context)
    if careful.problems:
        raise ParseError(careful.problems)
    return part


def read_text(data: str | bytes | bytearray) -> Report:
    """Read a report from JSON text, refusing repeated keys; raise ParseError otherwise."""
    text = text_of(data)
    document = parse(text)
    report: Report | None
    try:
        report = _fast(document)
    except Exception:  # noqa: BLE001 - whatever failed, the careful pass explains it
        report = None
    if report is not None and _no_repeated_key(text, report):
        return report
    careful = _Careful()
    careful.problems += repeated_keys(text)
    if report is not None and not careful.problems:
        return report
    return careful.document(document)


def _no_repeated_key(text: str, report: Report) -> bool:
    """Return True if the JSON text `report` was read from has no key twice in one object.

    Every key is followed by a colon, so the text holds at least one colon per key it holds,
    and the report holds exactly one per key decoded (the decoder keeps the last of a
    repeated key): as many colons as keys decoded means no key was lost. Colons inside the
    narrative (web addresses, times) are counted off, from the decoded strings, when none
    was written as a ``u003a`` escape.
    """
    colons, keys = text.count(":"), key_count()(report)
    if colons == keys:
        return True
    in_strings = sum(value.count(":") for value in _texts(report))
    if colons - in_strings != keys:
        return False
    # One search for both spellings of the escape (\u003a, \u003A), the rare case checked after.
    return "\\u003" not in text or ("\\u003a" not in text and "\\u003A" not in text)


def _texts(report: Report) -> list[str]:
    """The report's longest strings, each written once in its document: where colons are."""
    texts = [report.preamble, report.title or "", report.organ or ""]
    for section in report.sections:
        texts += (section.heading, section.text)
    return texts


class _Keys(dict[Any, Any]):
    """A decoded object that had repeated keys: they are listed in `repeated`."""

    repeated: list[str]


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) == len(pairs):
        return obj
    keys = _Keys(obj)
    seen: set[str] = set()
    keys.repeated = []
    for key, _value in pairs:
        if key in seen and key not in keys.repeated:
            keys.repeated.append(key)
        seen.add(key)
    return keys


_PAIRS_DECODER: Final = json.JSONDecoder(
    parse_float=Decimal, parse_constant=_Constant, object_pairs_hook=_pairs
)


def repeated_keys(text: str) -> list[Problem]:
    """Find every key repeated in one object of a JSON text, with its path (text is valid)."""
    problems = []
    todo: list[tuple[str, Any]] = [("$", _PAIRS_DECODER.decode(text))]
    while todo:
        path, value = todo.pop()
        if isinstance(value, _Keys):
            problems += [
                Problem(
                    f"expected each key once in an object, found {key!r} more than once "
                    "(readers differ in which one they keep)",
                    path=_child(path, key),
                    kind="repeated-key",
                )
                for key in value.repeated
            ]
        if isinstance(value, dict):
            todo += [(_child(path, key), item) for key, item in reversed(value.items())]
        elif isinstance(value, list):
            todo += [(f"{path}[{i}]", item) for i, item in reversed(list(enumerate(value)))]
    return problems


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


def _constant_keys(cls: type[Any]) -> int | None:
    """The number of keys of every object of `cls`, if it holds no objects of its own."""
    if any(field.kind in NESTING or field.kind is Kind.LIST for field in fields(cls)):
        return None
    return len(fields(cls))


def _key_count_source(cls: type[Any]) -> str:
    terms = [str(len(fields(cls)) + (len(TOP_KEYS) if cls is Report else 0))]
    for field in fields(cls):
        get = f"o.{field.name}"
        constant = _constant_keys(field.classes[0]) if field.classes else None
        count = f"k_{field.classes[0].__name__}" if field.classes else ""
        child = f"{constant}" if constant is not None else f"{count}(v)"
        if field.kind is Kind.NESTED:
            terms.append(f"{constant}" if constant is not None else f"{count}({get})")
        elif field.kind is Kind.OPTIONAL:
            terms.append(f"(0 if (v := {get}) is None else {child})")
        elif field.kind is Kind.CHOICE:
            terms.append(f"(0 if (v := {get}) is None else _by_class[v.__class__](v))")
        elif field.kind is Kind.LIST:
            each = (
                f"{constant} * len({get})"
                if constant is not None
                else f"sum([{count}(x) for x in {get}])"
            )
            terms.append(each)
    return f"def k_{cls.__name__}(o):\n    return {' + '.join(terms)}\n"


@cache
def key_count() -> Callable[[Report], int]:
    """The generated function that counts the keys of the document a report is read from."""
    order = classes_in_order()
    namespace: dict[str, Any] = {}
    source = "\n".join(_key_count_source(cls) for cls in order)
    code = compile(source, "<govdisclosure.json key counts>", "exec")
    exec(code, namespace)  # noqa: S102 - generated from the model's own field names
    namespace["_by_class"] = {cls: namespace[f"k_{cls.__name__}"] for cls in order}
    count: Callable[[Report], int] = namespace["k_Report"]
    return count


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
    if isinstance(key, str | int | float | bool) or key is None:
        return f"{path}[{json.dumps(key, ensure_ascii=False)}]"
    return f"{path}[{key!r}]"  # a key of Python data given to from_dict


def _describe(value: object) -> str:  # noqa: PLR0911 - one return per kind of value
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
    if isinstance(value, float):
        return f"the float {value!r}"
    if isinstance(value, dict | list):
        return "an object" if isinstance(value, dict) else "an array"
    return f"a Python {type(value).__name__}, which is not a JSON value"


def _found(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, _Constant | Decimal):
        return value.name if isinstance(value, _Constant) else str(value)
    if isinstance(value, dict | list):
        return "{…}" if isinstance(value, dict) else "[…]"
    if isinstance(value, bool | int | float) or value is None:
        return json.dumps(value)
    return repr(value)[:_SHOWN]


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


def _cell_error(  # noqa: C901 - one branch per kind of bad cell
    kind: Kind, value: Any
) -> tuple[str, str] | None:
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
    elif isinstance(value, float) and kind is Kind.MONEY:
        expected = "an exact decimal (a float cannot keep printed digits: 282.10)"
        error = (f"expected {expected}, null or a marker, found {_describe(value)}", "wrong-type")
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
