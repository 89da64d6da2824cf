"""Cell values: a printed number, a blank, or a non-numeric marker kept verbatim.

A cell is ``int`` (counts) or ``Decimal`` (money) when a number is printed, ``None`` when the cell
is blank, and ``str`` when something else is printed (``/``, ``-``, ``—``, ``无``, ``不适用``…).
An explicit ``0`` is the int 0, never None. A marker is never a numeric-looking string: text that
reads as a number is a number, so a cell has exactly one representation.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any, TypeAlias

import attrs

__all__ = ["Count", "Money", "Value", "cell_text", "is_marker", "read_number"]

Count: TypeAlias = int | str | None
"""A count cell: a whole number, a marker (str), or blank (None)."""
Money: TypeAlias = Decimal | str | None
"""A money cell: an exact decimal, a marker (str), or blank (None)."""
Value: TypeAlias = int | Decimal | str | None
"""Any cell value."""

# A number as printed in a report: optional sign, digits with optional thousands separators,
# optional fraction, optional unit glued on. Linear: no nested quantifiers over the same text.
_NUMBER = re.compile(
    r"(?P<sign>[-+\u2212]?)\s*"
    r"(?P<int>\d{1,3}(?:,\d{3})+|\d+)"
    r"(?:\.(?P<frac>\d+))?"
    r"\s*(?P<unit>万元|元|件|个|条|项|次|家|宗|份|人次|人)?"
)


_MAX_DIGITS = 4000
"""Longer digit strings are not read as numbers (Python refuses int() past 4300 digits)."""


def read_number(text: str) -> tuple[int | Decimal, str | None] | None:
    """Read `text` as a printed number; return ``(value, unit)`` or None if it is not one.

    Full-width digits and signs are folded (NFKC), thousands separators are dropped and a unit
    glued to the number (``251000元``, ``24.5万元``) is returned separately, never converted. The
    value is an ``int`` when no fraction is printed and an exact ``Decimal`` otherwise.
    """
    folded = unicodedata.normalize("NFKC", text).strip()
    match = _NUMBER.fullmatch(folded)
    if match is None:
        return None
    digits = match["int"].replace(",", "")
    if len(digits) > _MAX_DIGITS:
        return None  # no report prints such a number; int() would refuse it anyway
    negative = match["sign"] in {"-", "\u2212"}
    value: int | Decimal
    if match["frac"] is None:
        value = -int(digits) if negative else int(digits)
    else:
        value = Decimal(f"{'-' if negative else ''}{digits}.{match['frac']}")
    return value, match["unit"]


def cell_text(value: Value) -> str:
    """Print a cell as `read_number` reads it back: ``282.10``, ``0``, ``/``, ``""`` for a blank.

    Money is printed with its exact digits and never with an exponent.
    """
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def is_marker(value: object) -> bool:
    """Return True if `value` is a valid marker: non-blank text that does not read as a number."""
    return (
        isinstance(value, str)
        and value != ""
        and value == value.strip()
        and read_number(value) is None
    )


def _check_marker(attribute: attrs.Attribute[Any], value: str) -> None:
    if not is_marker(value):
        msg = (
            f"'{attribute.name}' must be a number, None (blank) or a non-numeric marker "
            f"without surrounding whitespace; got the string {value!r}"
        )
        raise ValueError(msg)


def count_validator(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Accept an int (not bool), None, or a marker string."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return
    if isinstance(value, str):
        _check_marker(attribute, value)
        return
    msg = f"'{attribute.name}' must be int, str or None; got {type(value).__name__} {value!r}"
    raise TypeError(msg)


def money_validator(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Accept a finite Decimal with no positive exponent, None, or a marker string."""
    if value is None:
        return
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        if not isinstance(exponent, int) or exponent > 0:
            msg = f"'{attribute.name}' must be a finite decimal as printed; got {value!r}"
            raise ValueError(msg)
        return
    if isinstance(value, str):
        _check_marker(attribute, value)
        return
    msg = f"'{attribute.name}' must be Decimal, str or None; got {type(value).__name__} {value!r}"
    raise TypeError(msg)


def to_money(value: object) -> object:
    """Convert an int or a decimal string to Decimal; leave anything else for the validator."""
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, float):
        try:
            return Decimal(repr(value))
        except InvalidOperation:  # pragma: no cover - repr of a float always parses
            return value
    return value
