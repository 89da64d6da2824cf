"""cattrs: converters that read and write reports as the library's JSON document.

In the style of `cattrs.preconf`: `configure_converter` registers hooks on a converter you
already have (a plain `cattrs.Converter`, or one of `cattrs.preconf`'s), and `make_converter`
returns a new one, ready to use::

    converter = make_converter()
    document = converter.unstructure(report)        # == govdisclosure.json.to_dict(report)
    report = converter.structure(document, Report)  # == govdisclosure.json.from_dict(document)

A `Report` (or any model class) then works anywhere in your own attrs classes, lists and
dicts. The document is read and written by the same generated code as `govdisclosure.json`,
so it is exactly that document: every key present, the template read from its ``template`` key,
0, blank and markers apart, money an exact ``Decimal`` with its printed digits.

Formats that cannot hold a ``Decimal`` get the money's digits as a string (``"282.10"``), which
reads back as the same ``Decimal`` (a marker never reads as a number, so the two never meet);
TOML, which has no null, leaves out the keys whose value is null. See `configure_converter`.

Bad data raises `govdisclosure.ParseError` with every problem and its path. Inside your own
classes cattrs gathers errors in a `cattrs.ClassValidationError`; `to_parse_error` turns one
into a ParseError with full paths, and the converters `make_converter` returns do so themselves.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from decimal import Decimal, DecimalException
from functools import partial
from typing import Any, Final, Literal, TypeAlias, TypeVar

import attrs
import cattrs
import cattrs.preconf.json
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.v import format_exception

from govdisclosure.errors import ParseError, Problem
from govdisclosure.json import _plan, _read, _write
from govdisclosure.json._plan import Kind
from govdisclosure.model import Report

__all__ = ["configure_converter", "make_converter", "to_parse_error"]

_T = TypeVar("_T")

_MoneyForm: TypeAlias = Literal["decimal", "string", "decimal128"]
"""How money is unstructured: a ``Decimal``, its digits as a ``str``, or a BSON ``Decimal128``."""

# The cattrs.preconf converters, by class path: how each format can hold money, and whether it
# can hold null. Measured with each library (see docs/cattrs.md): stdlib json, orjson, msgpack,
# PyYAML's safe_dump and tomlkit refuse a Decimal and read numbers back as floats; msgspec
# writes one as a string; cbor2 keeps one exactly (tag 4) except the sign of a negative zero;
# BSON keeps one as a Decimal128 (up to 34 digits). TOML has no null. ujson and tomllib (not
# installed here) get what stdlib json and tomlkit get: strings are safe in every format.
_FORMATS: Final[Mapping[str, tuple[_MoneyForm, bool]]] = {
    "cattrs.preconf.json.JsonConverter": ("string", False),
    "cattrs.preconf.orjson.OrjsonConverter": ("string", False),
    "cattrs.preconf.ujson.UjsonConverter": ("string", False),
    "cattrs.preconf.msgpack.MsgpackConverter": ("string", False),
    "cattrs.preconf.msgspec.MsgspecJsonConverter": ("string", False),
    "cattrs.preconf.pyyaml.PyyamlConverter": ("string", False),
    "cattrs.preconf.tomlkit.TomlkitConverter": ("string", True),
    "cattrs.preconf.tomllib.TomllibConverter": ("string", True),
    "cattrs.preconf.cbor2.Cbor2Converter": ("decimal", False),
    "cattrs.preconf.bson.BsonConverter": ("decimal128", False),
}


def _format_of(converter: cattrs.BaseConverter) -> tuple[_MoneyForm, bool] | None:
    """The preconf format `converter` is (or derives from), or None for another converter."""
    for cls in type(converter).__mro__:
        known = _FORMATS.get(f"{cls.__module__}.{cls.__qualname__}")
        if known is not None:
            return known
    return None


def configure_converter(
    converter: cattrs.BaseConverter,
    *,
    money: _MoneyForm | None = None,
    omit_null: bool | None = None,
) -> None:
    """Register hooks on `converter` that read and write reports as the JSON document.

    Every model class gets hooks (`Report`, its tables, rows and sections). A converter from
    `cattrs.preconf` is recognised and its format's needs are met without arguments; for
    another converter, `money` and `omit_null` say what its format needs:

    - `money`: ``"decimal"`` (default: the ``Decimal`` itself, as in the JSON document),
      ``"string"`` (its digits, ``"282.10"``: stdlib json, orjson, ujson, msgpack, msgspec,
      PyYAML, tomlkit) or ``"decimal128"`` (``bson.Decimal128``, exact up to 34 digits, else
      the digits as a string).
    - `omit_null`: leave out keys whose value is null, and read a missing key as null where
      null is allowed (TOML, which has no null). Other missing keys are still refused.

    A converter for a format reads money in any of the three forms (a digit string only in a
    money cell: in a count it is still refused). A converter for Python data (not a preconf
    one, and neither argument given) reads exactly what `govdisclosure.json.from_dict` reads.
    """
    known = _format_of(converter)
    form: _MoneyForm = money if money is not None else known[0] if known else "decimal"
    omit = omit_null if omit_null is not None else known[1] if known else False
    # Python data: the document itself, read exactly as from_dict reads it.
    exact = known is None and money is None and omit_null is None
    for cls in _plan.classes_in_order():
        unstructure = _write.unstructurers()[cls]
        if not exact:
            unstructure = partial(_unstructure_for_format, unstructure, form=form, omit=omit)
        converter.register_unstructure_hook(cls, unstructure)
        structure = partial(_structure_part, cls) if exact else partial(_structure_for_format, omit)
        converter.register_structure_hook(cls, structure)


class _Converter(cattrs.Converter):
    """A cattrs converter whose structuring errors are `ParseError` with full paths."""

    def structure(self, obj: Any, cl: type[_T]) -> _T:
        try:
            return super().structure(obj, cl)
        except (ClassValidationError, IterableValidationError) as error:
            raise to_parse_error(error) from error


def make_converter(**kwargs: Any) -> cattrs.Converter:
    """Return a `cattrs.Converter` for JSON-ready data, holding reports as the JSON document.

    Reports are configured by `configure_converter` (money stays a ``Decimal``); your own
    types are handled as `cattrs.preconf.json` does (``datetime`` and ``date`` as ISO 8601
    text, ``bytes`` as base 85, sets as lists). `kwargs` go to `cattrs.Converter`
    (``forbid_extra_keys=True``…). Its `structure` raises `govdisclosure.ParseError` for bad
    data anywhere, in your classes as in a report: cattrs' validation errors are turned into
    problems with their paths (``$.report.year``).
    """
    kwargs["unstruct_collection_overrides"] = {
        AbstractSet: list,
        Counter: dict,
        **kwargs.get("unstruct_collection_overrides", {}),
    }
    converter = _Converter(**kwargs)
    cattrs.preconf.json.configure_converter(converter)
    configure_converter(converter)
    return converter


# ------------------------------------------------------------------------------------------------
# Hooks.


def _structure_part(cls: type[Any], value: Any, _type: Any) -> Any:
    return _read.read_part(cls, value)


def _structure_for_format(omit: bool, value: Any, cls: type[Any]) -> Any:  # noqa: FBT001
    """Read an object of `cls` held by a format: unwrap its values and money, then read it."""
    value = _plain(value)
    context = _context(cls, value)
    if omit:
        value = _fill(cls, value, context)
    for path in _plan.money_paths(cls):  # both templates': a wrong one finds no key
        value = _replace(value, path, _money_from)
    return _read.read_part(cls, value)


def _context(cls: type[Any], value: Any) -> _plan.Context:
    if cls is Report:
        template = value.get(_plan.TOP_KEYS[1]) if isinstance(value, Mapping) else None
        return _plan.CONTEXT_OF.get(template) if isinstance(template, str) else None
    return _plan.template_of_part(cls, value) if _plan.depends_on_template(cls) else None


def _plain(value: Any) -> Any:
    """Turn a format's own containers and scalars (tomlkit's items) into plain Python values."""
    unwrap = getattr(value, "unwrap", None)
    return unwrap() if callable(unwrap) else value


def _fill(cls: type[Any], value: Any, context: _plan.Context) -> Any:
    """Give back the null keys a format without null left out (only where null is allowed)."""
    if not isinstance(value, dict):
        return value
    filled = dict(value)
    if cls is Report and _plan.TOP_KEYS[1] not in filled:
        filled[_plan.TOP_KEYS[1]] = None
    for field in _plan.fields(cls):
        item = filled.get(field.name)
        if field.name not in filled:
            if _plan.is_nullable(field):
                filled[field.name] = None
        elif field.kind is Kind.CHOICE:
            if context is not None:
                filled[field.name] = _fill(_plan.choice(cls, field, context), item, context)
        elif field.kind in _plan.NESTING:
            filled[field.name] = _fill(field.classes[0], item, context)
        elif field.kind is Kind.LIST and isinstance(item, list):
            filled[field.name] = [_fill(field.classes[0], x, context) for x in item]
    return filled


def _replace(value: Any, path: tuple[str, ...], change: Callable[[Any], Any]) -> Any:
    if not isinstance(value, dict) or path[0] not in value:
        return value
    item = value[path[0]]
    new = change(item) if len(path) == 1 else _replace(item, path[1:], change)
    if new is item:
        return value
    return {**value, path[0]: new}


def _money_from(value: Any) -> Any:
    """A money cell as a format holds it: digits as a string, a Decimal128, or as it is."""
    if isinstance(value, str) and _DIGITS.fullmatch(value):
        return Decimal(value)
    to_decimal = getattr(value, "to_decimal", None)  # bson.Decimal128
    if callable(to_decimal) and not isinstance(value, Decimal):
        return to_decimal()
    return value


_DIGITS: Final = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
"""Money as `format(value, "f")` writes it: what a string money cell reads back from."""


def _unstructure_for_format(
    unstructure: Callable[[Any], dict[str, Any]],
    obj: Any,
    *,
    form: _MoneyForm,
    omit: bool,
) -> dict[str, Any]:
    document = unstructure(obj)
    money = _MONEY_FORMS[form]
    adapted: dict[str, Any] = _adapt(document, money, omit)
    return adapted


def _adapt(value: Any, money: Callable[[Decimal], Any], omit: bool) -> Any:  # noqa: FBT001
    """Write money (the document's only Decimals) in the format's form; drop nulls if asked."""
    if isinstance(value, dict):
        return {
            key: _adapt(item, money, omit)
            for key, item in value.items()
            if not (omit and item is None)
        }
    if isinstance(value, list):
        return [_adapt(item, money, omit) for item in value]
    if isinstance(value, Decimal):
        return money(value)
    return value


def _digits(value: Decimal) -> str:
    return format(value, "f")


def _decimal(value: Decimal) -> Decimal | str:
    # CBOR's decimal fraction (a mantissa and an exponent) has no negative zero.
    return _digits(value) if value.is_zero() and value.is_signed() else value


def _decimal128(value: Decimal) -> Any:
    from bson.decimal128 import Decimal128  # noqa: PLC0415 - only for BSON converters

    try:
        held = Decimal128(value)
    except DecimalException:  # more digits or a wider exponent than 128 bits hold
        return _digits(value)
    return held if str(held.to_decimal()) == str(value) else _digits(value)


_MONEY_FORMS: Final[Mapping[_MoneyForm, Callable[[Decimal], Any]]] = {
    "decimal": _decimal,
    "string": _digits,
    "decimal128": _decimal128,
}


# ------------------------------------------------------------------------------------------------
# Errors.


def to_parse_error(error: BaseException, path: str = "$") -> ParseError:
    """Turn a structuring error into a `ParseError` listing every problem with its path.

    `error` is what a converter's `structure` raised: a cattrs `ClassValidationError` or
    `IterableValidationError` (your classes holding reports: ``$.report.applications…``,
    ``$.reports[2].year``), a `ParseError` (a report) or any other exception (one problem).
    `path` is the path of the structured value itself.
    """
    return ParseError(list(_problems(error, path)))


def _problems(error: BaseException, path: str) -> Iterator[Problem]:
    if isinstance(error, ParseError):
        for problem in error.problems:
            inner = problem.path or "$"
            yield attrs.evolve(problem, path=path + inner[1:] if inner[:1] == "$" else path)
    elif isinstance(error, ClassValidationError | IterableValidationError):
        with_notes, without = error.group_exceptions()
        for exception, note in with_notes:
            yield from _noted(exception, note, path)
        for exception in without:
            yield from _problems(exception, path)
    elif isinstance(error, BaseExceptionGroup):
        for member in error.exceptions:
            yield from _problems(member, path)
    else:
        yield _problem(error, None, path)


def _noted(
    error: BaseException, note: AttributeValidationNote | IterableValidationNote, path: str
) -> Iterator[Problem]:
    # The JSON module's own path syntax: $.name, $[0], $["key with spaces"].
    if isinstance(note, AttributeValidationNote):
        inner = _read._child(path, note.name)  # noqa: SLF001
    else:
        inner = _read._child(path, note.index)  # noqa: SLF001
    if isinstance(error, ParseError | BaseExceptionGroup):
        yield from _problems(error, inner)
    else:
        yield _problem(error, note.type, inner)


def _problem(error: BaseException, expected: Any, path: str) -> Problem:
    """One problem for an exception raised by cattrs or by a hook of yours."""
    if isinstance(error, KeyError):
        return Problem("expected this key, found no such key", path=path, kind="missing-key")
    if isinstance(error, ForbiddenExtraKeysError):
        extra = ", ".join(map(repr, sorted(error.extra_fields)))
        return Problem(f"expected only known keys, found {extra}", path=path, kind="unknown-key")
    kind = "wrong-type" if isinstance(error, TypeError) else "invalid-value"
    return Problem(f"{format_exception(error, expected)} ({error})", path=path, kind=kind)
