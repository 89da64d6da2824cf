r"""JSON: a report as a lossless, portable JSON document, and a JSON Schema of that document.

The document's keys are the model's attribute names (the glossary identifiers); every key is
always present, ``null`` standing for a row or table the report does not show. Cells stay natural
JSON: a number, ``null`` for a blank, or a string for a marker kept verbatim. Money is written
and read as an exact decimal (``282.10`` stays ``282.10``) and Chinese text is not ``\u``-escaped.

`loads` raises `govdisclosure.ParseError` listing every problem of a bad document, each with the
JSON path of the value (``$.applications.results.total.natural_person``), or the line and column
where the text stops being readable JSON. `to_dict` and `from_dict` are the same document as
Python data (dicts, lists, ``Decimal`` money), for callers that hold JSON already decoded.
`schema` returns a JSON Schema (draft 2020-12) of the document, for tools in other languages.

The code that reads and writes each model class is generated once, from the model's attrs
classes and the template layouts, so a call does no reflection.
"""

from __future__ import annotations

import copy
import io
from typing import Any, Final, Protocol, TypeVar, cast

from govdisclosure.json import _plan, _read, _schema, _write
from govdisclosure.json._lenient import parse
from govdisclosure.model import Report

__all__ = [
    "SCHEMA_VERSION",
    "dump",
    "dumps",
    "from_dict",
    "load",
    "loads",
    "parse",
    "schema",
    "to_dict",
]

SCHEMA_VERSION: Final = _plan.SCHEMA_VERSION
"""The version of the document shape written and read here (the ``schema_version`` key)."""

_T_contra = TypeVar("_T_contra", contravariant=True)


class _SupportsRead(Protocol):
    def read(self, /) -> str | bytes: ...


class _SupportsWrite(Protocol[_T_contra]):
    def write(self, data: _T_contra, /) -> object: ...


def dumps(report: Report, *, indent: int | None = None) -> str:
    """Return `report` as a JSON document.

    `indent` pretty-prints with that many spaces per level; by default the text is on one line.

    Raises:
        TypeError: `report` is not a `Report`.
    """
    _check_argument(report, Report, "dumps() needs a govdisclosure Report")
    return _write.write(report, indent)


def dump(
    report: Report,
    fp: _SupportsWrite[str] | _SupportsWrite[bytes],
    *,
    indent: int | None = None,
) -> None:
    """Write `report` as a JSON document to the file object `fp` (text, or binary as UTF-8)."""
    text = dumps(report, indent=indent)
    if isinstance(fp, io.RawIOBase | io.BufferedIOBase) or "b" in getattr(fp, "mode", ""):
        cast("_SupportsWrite[bytes]", fp).write(text.encode())
    else:
        cast("_SupportsWrite[str]", fp).write(text)


def loads(s: str | bytes | bytearray) -> Report:
    """Read a report from a JSON document (text, or bytes in UTF-8, UTF-16 or UTF-32).

    Raises:
        ParseError: the input is not JSON, or not a report document. It lists every problem,
            each with the JSON path of the value (``$.applications.results.total.total``), or
            the line and column where the text stops being JSON. A key given twice in one
            object is a problem at its path (JSON readers differ in which one they keep).
        TypeError: `s` is neither text nor bytes.
    """
    _check_argument(s, str | bytes | bytearray, "loads() needs str or bytes")
    return _read.read_text(s)


def load(fp: _SupportsRead) -> Report:
    """Read a report from a JSON document in the file object `fp` (text or binary).

    Raises:
        ParseError: as `loads`.
    """
    return loads(fp.read())


def to_dict(report: Report) -> dict[str, Any]:
    """Return `report` as the document `dumps` writes, as Python data.

    Objects are dicts, arrays are lists, cells are ``int``, ``Decimal`` (money, with its
    printed digits), ``str`` (markers) or None (blanks). ``json.dumps(to_dict(r),
    default=str)`` is not the same text: money would be quoted; use `dumps` for text.

    Raises:
        TypeError: `report` is not a `Report`.
    """
    _check_argument(report, Report, "to_dict() needs a govdisclosure Report")
    return _write.unstructurer()(report)


def from_dict(document: Any) -> Report:
    """Read a report from the document as Python data (as `to_dict` returns it).

    It is read exactly as `loads` reads the text: every key present, money as ``int`` or
    ``Decimal`` (a float is refused, because it has lost the printed digits: decode JSON with
    ``parse_float=decimal.Decimal``), arrays as lists.

    Raises:
        ParseError: `document` is not a report document; every problem, with its path.
    """
    return _read.read(document)


def schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of the documents `dumps` writes.

    It is generated from the model and the layouts: a ``oneOf`` over one complete object schema
    per value of ``template``, every object listing all its keys as required and allowing no
    others; a cell is an integer (a count) or a number (money) of at most
    `govdisclosure.model.values.MAX_DIGITS` digits, null, or a marker string. Titles are the
    model's English class names, descriptions the official labels; patterns use explicit
    character classes, so ajv (strict mode) and Python's jsonschema read it alike. Every
    document `dumps` writes is valid against it. `loads` checks a little more than a schema can
    say: it refuses ``3.0`` as a count, money with an exponent or past the digit limit, and a
    key repeated in one object.
    Each call returns a fresh copy.
    """
    return copy.deepcopy(dict(_schema.build()))


def _check_argument(value: object, expected: Any, message: str) -> None:
    """Raise TypeError for an argument of the wrong type (a programming error, not bad input)."""
    if not isinstance(value, expected):
        msg = f"{message}, not {type(value).__name__}"
        raise TypeError(msg)
