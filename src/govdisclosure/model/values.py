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
from typing import Any, Final, TypeAlias

import attrs

from govdisclosure import layout

__all__ = [
    "MAX_DIGITS",
    "Count",
    "Money",
    "Value",
    "cell_text",
    "fits",
    "is_marker",
    "looks_numeric",
    "read_number",
]

Count: TypeAlias = int | str | None
"""A count cell: a whole number, a marker (str), or blank (None)."""
Money: TypeAlias = Decimal | str | None
"""A money cell: an exact decimal, a marker (str), or blank (None)."""
Value: TypeAlias = int | Decimal | str | None
"""Any cell value."""

# A number as printed in a report: optional sign, digits with optional thousands separators,
# optional fraction, optional unit glued on. Linear: no nested quantifiers over the same text.
# Digits are ASCII once folded (full-width ５ folds to 5); other scripts' digits are not numbers.  # noqa: RUF003 - full-width forms quoted on purpose
UNITS: Final = layout.UNITS
"""Units reports glue to numbers, longest first where one starts another (the layout's)."""
_NUMBER = re.compile(
    r"(?P<sign>[-+\u2212]?)\s*"
    r"(?P<int>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)"
    r"(?:\.(?P<frac>[0-9]+))?"
    rf"\s*(?P<unit>{'|'.join(UNITS)})?"
)


MAX_DIGITS: Final = 24
"""The most digits a count or an amount may have as printed (integer and fraction digits).

The one limit every cell obeys, in the model's validators and in every reader: a count of 10^24
or an amount with 24 decimal places is no report's, and within it no writer builds a huge string
(money ``1E-999999999`` would print as a billion digits), Python converts every count (it refuses
``int()`` past 4,300 digits), and the sums of up to 10,000 cells stay exact in decimal's default
28-digit context.
"""
_LIMIT: Final = 10**MAX_DIGITS


def fits(value: int | Decimal) -> bool:
    """Return True if `value` has at most `MAX_DIGITS` digits as printed (sign and point aside)."""
    if isinstance(value, int):
        return -_LIMIT < value < _LIMIT
    _, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):  # NaN or infinity: no digits to print
        return False
    if exponent > 0:
        return len(digits) + exponent <= MAX_DIGITS
    return max(len(digits) + exponent, 1) - exponent <= MAX_DIGITS


def looks_numeric(text: str) -> bool:
    """Return True if `text` is printed as a number, however many digits it has.

    A number past `MAX_DIGITS` digits is not read (`read_number` returns None) but is no marker
    either: readers report it at its cell.
    """
    return _NUMBER.fullmatch(unicodedata.normalize("NFKC", text).strip()) is not None


def read_number(text: str) -> tuple[int | Decimal, str | None] | None:
    """Read `text` as a printed number; return ``(value, unit)`` or None if it is not one.

    Full-width digits and signs are folded (NFKC), thousands separators are dropped and a unit
    glued to the number (``251000元``, ``24.5万元``) is returned separately, never converted. The
    value is an ``int`` when no fraction is printed and an exact ``Decimal`` otherwise. A number
    of more than `MAX_DIGITS` digits is not read (see `looks_numeric`).
    """
    folded = unicodedata.normalize("NFKC", text).strip()
    match = _NUMBER.fullmatch(folded)
    if match is None:
        return None
    digits = match["int"].replace(",", "")
    if len(digits.lstrip("0") or "0") + len(match["frac"] or "") > MAX_DIGITS:
        return None  # no report prints such a number; int() would refuse the longest anyway
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
    """Return True if `value` is a valid marker: non-blank text that is not printed as a number."""
    return (
        isinstance(value, str)
        and value != ""
        and value == value.strip()
        and not looks_numeric(value)
    )


class _Place:
    """Stands for the instance and attribute of a validator when the cell's path is known."""

    def __init__(self, path: str) -> None:
        self.name = path


def _where(instance: object, attribute: attrs.Attribute[Any]) -> str:
    """The start of a message: the class and field, unless the problem carries the path."""
    if isinstance(instance, _Place):
        return ""
    return f"{type(instance).__name__}.{attribute.name}: "


def cell_error(path: str, value: object, *, money: bool) -> str | None:
    """Say why `value` cannot be the cell at `path` (message naming the path), or None if it can."""
    place: Any = _Place(path)
    try:
        if money:
            money_validator(place, place, to_money(value))
        else:
            count_validator(place, place, value)
    except (TypeError, ValueError) as error:
        return str(error)
    return None


def _check_marker(instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if is_marker(value):
        return
    if not value.strip():
        why = "an empty or blank string; a blank cell is None"
    elif value != value.strip():
        why = "a marker with surrounding whitespace; strip it"
    elif read_number(value) is None:
        why = f"a number of more than {MAX_DIGITS} digits, more than any report prints"
    else:
        why = "a string that reads as a number; pass the number (cell_from_text reads form text)"
    msg = (
        f"{_where(instance, attribute)}expected a number, None (blank) or a non-numeric "
        f"marker, found {value!r}: {why}"
    )
    raise ValueError(msg)


def _check_digits(instance: object, attribute: attrs.Attribute[Any], value: int | Decimal) -> None:
    if not fits(value):
        msg = (
            f"{_where(instance, attribute)}expected a number of at most {MAX_DIGITS} digits, "
            "found a longer one"
        )
        raise ValueError(msg)


def _names(types: type[Any] | tuple[type[Any], ...]) -> str:
    classes = types if isinstance(types, tuple) else (types,)
    return " or ".join(cls.__name__ for cls in classes)


@attrs.frozen(repr=False)
class _InstanceOf:
    types: type[Any] | tuple[type[Any], ...]
    optional: bool

    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if (value is None and self.optional) or isinstance(value, self.types):
            return
        expected = _names(self.types) + (" or None" if self.optional else "")
        found = f"{type(value).__name__} {value!r}"
        msg = f"{_where(instance, attribute)}expected {expected}, found {found}"
        raise TypeError(msg)

    def __repr__(self) -> str:
        return f"<instance_of {_names(self.types)}{' or None' if self.optional else ''}>"


def instance_of(types: type[Any] | tuple[type[Any], ...], *, optional: bool = False) -> _InstanceOf:
    """A validator like attrs' ``instance_of``, whose error is one message naming the field.

    attrs' own raises a TypeError whose text is a tuple (message, attribute, type, value).
    """
    return _InstanceOf(types, optional)


def count_validator(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Accept an int (not bool) of at most `MAX_DIGITS` digits, None, or a marker string."""
    if value is None:
        return
    if isinstance(value, int) and not isinstance(value, bool):
        _check_digits(instance, attribute, value)
        return
    if isinstance(value, str):
        _check_marker(instance, attribute, value)
        return
    msg = (
        f"{_where(instance, attribute)}expected a count (int), None (blank) or a marker "
        f"(str), found {type(value).__name__} {value!r}"
    )
    raise TypeError(msg)


def money_validator(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Accept a finite Decimal as printed (no positive exponent), None, or a marker string."""
    if value is None:
        return
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        if not isinstance(exponent, int) or exponent > 0:
            msg = (
                f"{_where(instance, attribute)}expected a finite decimal as printed, "
                f"found {value!r}"
            )
            raise ValueError(msg)
        _check_digits(instance, attribute, value)
        return
    if isinstance(value, str):
        _check_marker(instance, attribute, value)
        return
    if isinstance(value, float):
        msg = (
            f"{_where(instance, attribute)}expected Decimal, int, a decimal string, None or a "
            f"marker, found the float {value!r}: a float holds most amounts only approximately "
            f"(0.1 is 0.1000000000000000055…), so pass Decimal({str(value)!r}) or {str(value)!r}"
        )
        raise TypeError(msg)
    msg = (
        f"{_where(instance, attribute)}expected Decimal, int, a decimal string, None (blank) "
        f"or a marker (str), found {type(value).__name__} {value!r}"
    )
    raise TypeError(msg)


_DECIMAL_TEXT = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def to_money(value: object) -> object:
    """Convert an int or a plain decimal string (``"282.10"``) to Decimal; leave the rest.

    Floats are left for the validator to refuse: they cannot hold most amounts exactly.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, str) and _DECIMAL_TEXT.fullmatch(value):
        try:
            return Decimal(value)
        except InvalidOperation:  # pragma: no cover - the pattern is a valid decimal
            return value
    return value
