"""The one cell policy: how the text printed in a cell becomes a cell value, for every reader.

A blank is None; text printed as a number is the number (full-width digits folded, a glued unit
stripped and reported, never converted); a fraction in a count and a number past the digit limit
are reported and the cell left blank; anything else is a marker kept verbatim. The readers and
`cell_from_text` (for authoring tools' form fields) call this module, so they cannot disagree.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import NamedTuple

from govdisclosure._memo import memo
from govdisclosure.errors import CellValueError, Problem
from govdisclosure.layout import TRADITIONAL_FORMS, UNITS, CellKind, Column, fold_characters
from govdisclosure.model.values import MAX_DIGITS, Value, looks_numeric, read_number

__all__ = ["Note", "cell_from_text", "is_value", "read_cell"]

_SYMBOL_CATEGORIES = frozenset({"Pd", "Po", "Ps", "Pe", "Pi", "Pf", "Pc", "Sm", "So", "Sc", "Sk"})
_WORD_MARKERS = frozenset({"无", "不适用", "空", "暂无", "未统计"})
_MAX_MARKER = 4
_IDEOGRAPH = re.compile("[\u4e00-\u9fff]")
"""A CJK unified ideograph (a plain range: a class with holes costs tens of ms to compile)."""


def _has_ideograph_outside(text: str, kept: frozenset[str]) -> bool:
    """True if `text` holds a CJK unified ideograph that is not in `kept`."""
    return any(match[0] not in kept for match in _IDEOGRAPH.finditer(text))


# Prose is rejected without folding it: NFKC leaves a unified ideograph as it is and never
# composes it with a neighbour (tests/test_cells.py checks every code point), so a text holding
# one that is no unit's cannot be a number, and one that is also no word marker's (nor a
# Traditional form folding to one) cannot be a value. Exactly what the full tests would say.
_NUMBER_IDEOGRAPHS = frozenset("".join(UNITS))
_VALUE_IDEOGRAPHS = frozenset("".join(UNITS) + "".join(_WORD_MARKERS) + TRADITIONAL_FORMS)


def is_symbol_marker(text: str) -> bool:
    """Return True for a short run of punctuation or symbols (``/``, ``-``, ``——``)."""
    return len(text) <= _MAX_MARKER and all(
        unicodedata.category(ch) in _SYMBOL_CATEGORIES for ch in text
    )


def is_word_marker(text: str) -> bool:
    """Return True for a word reports print in a cell instead of a number (无, 不适用…)."""
    return fold_characters(text) in _WORD_MARKERS


@memo(budget=1 << 20, longest=100)
def number(text: str) -> tuple[int | Decimal, str | None] | None:
    """`read_number`, cached: cells repeat (0, 1, …) within and across reports."""
    return read_number(text)


@memo(budget=1 << 20, longest=100)
def is_number(text: str) -> bool:
    """Return True if `text` is printed as a number, even one past the digit limit."""
    if _has_ideograph_outside(text, _NUMBER_IDEOGRAPHS):
        return False
    return number(text) is not None or looks_numeric(text)


def is_value(text: str) -> bool:
    """Return True if stripped `text` is a cell's value: a number or a marker a cell prints."""
    if _has_ideograph_outside(text, _VALUE_IDEOGRAPHS):
        return False
    return is_number(text) or is_symbol_marker(text) or is_word_marker(text)


class Note(NamedTuple):
    """Something the reader says about a cell it read: a problem kind and a message."""

    kind: str
    message: str


def read_cell(text: str, column: Column) -> tuple[Value, Note | None]:
    """Read the stripped, non-empty `text` of a cell of `column`; say what was off, if anything."""
    read = number(text)
    if read is None:
        if looks_numeric(text):
            return None, Note(
                "number-too-long",
                f"expected a number of at most {MAX_DIGITS} digits for {column.label}, found "
                f"{len(text)} characters of digits; cell left blank",
            )
        return text, None
    value, unit = read
    note = None
    if unit is not None:
        expected = column.unit
        note = Note(
            "unit-stripped",
            f"unit {unit} stripped from {text!r}"
            if unit == expected
            else f"unit {unit} stripped from {text!r}; the number is kept as printed, "
            f"not converted" + (f" to the column's {expected}" if expected else ""),
        )
    if column.kind is CellKind.MONEY:
        return (value if isinstance(value, Decimal) else Decimal(value)), note
    if isinstance(value, Decimal):
        return None, Note(
            "not-whole",
            f"expected a whole number for {column.label}, found {text!r}; cell left blank",
        )
    return value, note


_COLUMNS = {kind: Column(kind.value, kind.value, kind) for kind in CellKind}


def cell_from_text(text: str, kind: CellKind | str, *, path: str | None = None) -> Value:
    """Turn what a person typed in a form field into a cell, as the readers read a printed cell.

    ``""`` and whitespace are a blank (None); ``"3"``, ``"３"`` and ``"3件"`` are the count 3 (a
    glued unit is dropped, never converted); ``"282.10"`` is ``Decimal("282.10")`` for money;
    anything else (``"/"``, ``"无"``) is a marker, kept without its surrounding spaces. `kind` is
    the column's `CellKind` (or its value, ``"count"``, ``"signed_count"``, ``"money"``).

    Raises:
        govdisclosure.errors.CellValueError: the text is a fraction where a count is expected,
            or a number of more than `govdisclosure.model.values.MAX_DIGITS` digits; the
            problem names `path` and says what was expected.
    """  # noqa: RUF002 - full-width forms quoted on purpose
    column = _COLUMNS[CellKind(kind)]
    stripped = text.strip()
    if not stripped:
        return None
    value, note = read_cell(stripped, column)
    if note is not None and note.kind != "unit-stripped":
        message = note.message.replace(f" for {column.label}", "").replace("; cell left blank", "")
        raise CellValueError(Problem(message, path=path, found=text, kind=note.kind))
    return value
