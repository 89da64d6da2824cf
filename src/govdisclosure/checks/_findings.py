"""What a check returns: findings, the cells and equation sides they carry, and the rules."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType

import attrs

from govdisclosure.layout import Template
from govdisclosure.model import Value

__all__ = ["RULES", "Difference", "Finding", "Operand", "Rule", "Severity", "Side", "Status"]


class Severity(enum.StrEnum):
    """How bad a failed rule is."""

    ERROR = "error"
    """Exact arithmetic does not hold, or a value is impossible: the report is wrong."""
    WARNING = "warning"
    """A plausibility rule does not hold: the report is probably wrong, or unusual."""


class Status(enum.StrEnum):
    """Whether a rule was checked and failed, or could not be checked at all."""

    FAIL = "fail"
    """Every operand is a number and the rule does not hold."""
    NOT_ASSESSABLE = "not_assessable"
    """An operand is blank, a marker, or in a row the report does not show: nothing is
    counted as 0, so the rule could not be checked. `Finding.missing` names those cells."""


@attrs.frozen
class Operand:
    """A cell taking part in a finding: its path, official label and value as printed."""

    path: str
    label: str
    value: Value
    """The value as printed; None when blank or when the row is not shown (see `shown`)."""
    shown: bool = True
    """False when the report does not show the row (or table) that holds the cell."""
    report: str | None = None
    """Which report the cell is from, for rules across reports: ``previous`` or ``current``
    (continuity), ``parent`` or ``children[i]`` (aggregation); None within one report."""


@attrs.frozen
class Side:
    """One side of a rule's equation or comparison: its cells and their sum."""

    terms: tuple[Operand, ...]
    """The cells added up on this side (empty for a constant, such as a number in the text)."""
    value: int | Decimal | None
    """The sum of the side; None when an operand is not a number."""


@attrs.frozen
class Finding:
    """One rule that failed, or could not be checked, at one place of a report.

    `path` is the primary cell (the printed total of an equation, the offending cell), always a
    cell of the template, so tools can map it to a source line. `key` (rule and location, such
    as ``balance:applications.*.natural_person``) is stable across runs and values: keep a set
    of accepted keys to silence findings a publisher has explained.
    """

    rule: str
    """The rule's stable id (see `RULES`)."""
    severity: Severity
    status: Status
    path: str
    key: str
    message_zh: str
    """The finding in Chinese, built from the official labels."""
    message_en: str
    """The finding in English, built from the paths and identifiers."""
    cells: tuple[Operand, ...] = ()
    """Every cell involved, left side first."""
    lhs: Side | None = None
    """The left side of the rule's equation or comparison (None for rules without one)."""
    rhs: Side | None = None
    relation: str | None = None
    """The relation the rule expects between `lhs` and `rhs`: ``=``, ``≥`` or ``≤``."""
    difference: int | Decimal | None = None
    """``lhs - rhs`` when both are numbers (for `negative-value`, the value itself)."""
    missing: tuple[str, ...] = ()
    """Paths of the cells that made the rule not assessable (blank, marker or not shown)."""

    def __str__(self) -> str:
        """Read like a linter line: ``path: severity rule message``."""
        level = self.severity.value if self.status is Status.FAIL else self.status.value
        return f"{self.path}: {level} {self.rule} {self.message_zh}"

    def to_dict(self) -> dict[str, str | None]:
        """Return the finding as a flat dict of plain text values: one row of a table, or JSON.

        Every public attribute becomes a column: enums by value, numbers as exact decimal text
        (a difference of ``0.10`` stays ``0.10``), a side by its sum (``lhs``, ``rhs``), paths
        joined with spaces (``missing``); the operands (`cells`) are left to the object.
        """
        row: dict[str, str | None] = {}
        for field in attrs.fields(type(self)):
            if field.name.startswith("_") or field.name == "cells":
                continue
            row[field.name] = _plain(getattr(self, field.name))
        for name in ("message_zh", "message_en"):  # also when computed lazily, not stored
            row.setdefault(name, _plain(getattr(self, name, None)))
        return row


def _plain(value: object) -> str | None:
    """One attribute's value as text for `Finding.to_dict` (None stays None)."""
    if isinstance(value, enum.Enum):
        return str(value.value)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, Side):
        return _plain(value.value)
    if isinstance(value, tuple):
        return " ".join(str(item) for item in value)
    return str(value)


@attrs.frozen
class Difference:
    """A cell whose value differs between two reports (see `compare`)."""

    path: str
    label: str
    """The official label in the second report's template."""
    a: Value
    b: Value
    change: int | Decimal | None
    """``b - a`` when both are numbers, else None (a blank or a marker has no change)."""

    def __str__(self) -> str:
        """Read as ``path: a → b (change)``."""
        change = "" if self.change is None else f" ({self.change:+})"
        return f"{self.path}: {_show(self.a)} → {_show(self.b)}{change}"


def _show(value: Value) -> str:
    if value is None:
        return "(blank)"
    return f'"{value}"' if isinstance(value, str) else str(value)


@attrs.frozen
class Rule:
    """An entry of the rule catalogue. Ids are public and stable: never renamed or reused."""

    id: str
    severity: Severity
    description: str
    templates: tuple[Template, ...]
    """The templates the rule applies to."""
    group: str
    """Which function runs it: ``report`` (`check`), ``narrative`` (`check` with
    ``narrative=True``), ``continuity`` (`check_continuity`), ``aggregate`` (`check_aggregate`)."""
    basis: str
    """Where the rule comes from in the format specification (§4 R1…)."""


_BOTH = (Template.V2019, Template.V2021)
_ERROR, _WARNING = Severity.ERROR, Severity.WARNING

_CATALOGUE = (
    Rule(
        "balance",
        _ERROR,
        "In every applications column, new_received + carried_over = results.total + "
        "carried_forward (the table's corner note).",
        _BOTH,
        "report",
        "R1",
    ),
    Rule(
        "row-total",
        _ERROR,
        "In every applications row, total equals the sum of the six applicant columns.",
        _BOTH,
        "report",
        "R3",
    ),
    Rule(
        "results-total",
        _ERROR,
        "In every applications column, results.total equals the sum of every outcome row "
        "(one other_handling row in 2019, three in 2021).",
        _BOTH,
        "report",
        "R4",
    ),
    Rule(
        "review-total",
        _ERROR,
        "In every review_litigation group, total = upheld + corrected + other + pending.",
        _BOTH,
        "report",
        "R5",
    ),
    Rule(
        "negative-value",
        _ERROR,
        "No count or amount is negative (the signed 2019 change column excepted).",
        _BOTH,
        "report",
        "R6",
    ),
    Rule(
        "money-precision",
        _WARNING,
        "No amount is finer than one fen: at most six decimal places in units of 10,000 yuan.",
        _BOTH,
        "report",
        "R6",
    ),
    Rule(
        "extra-row-number",
        _WARNING,
        "A row the template does not have (kept in extra_rows) holds no number.",
        _BOTH,
        "report",
        "§6.2",
    ),
    Rule(
        "published-exceeds-total",
        _WARNING,
        "2019: in every proactive document row, total_published is at least published.",
        (Template.V2019,),
        "report",
        "R9",
    ),
    Rule(
        "repealed-exceeds-stock",
        _WARNING,
        "2021: in every proactive document row, repealed is at most in_force + issued.",
        (Template.V2021,),
        "report",
        "R8",
    ),
    Rule(
        "template-year",
        _WARNING,
        "The tables' template fits the report year: 2019 for the 2019 and 2020 reports, "
        "2021 from the 2021 reports on.",
        _BOTH,
        "report",
        "§1",
    ),
    Rule(
        "narrative-applications",
        _WARNING,
        "Application counts the text states (received, handled, carried over, carried "
        "forward) equal the applications table's totals.",
        _BOTH,
        "narrative",
        "§6.1",
    ),
    Rule(
        "carried-over",
        _ERROR,
        "This year's carried_over equals last year's carried_forward, in every column.",
        _BOTH,
        "continuity",
        "R7",
    ),
    Rule(
        "stock-flow",
        _WARNING,
        "2021 after 2021: in every proactive document row, in_force = last year's in_force + "
        "issued - repealed.",
        (Template.V2021,),
        "continuity",
        "R8",
    ),
    Rule(
        "aggregate-sum",
        _ERROR,
        "Every cell of an aggregated report equals the sum of its children's cells.",
        _BOTH,
        "aggregate",
        "R12",
    ),
)

RULES: Mapping[str, Rule] = MappingProxyType({rule.id: rule for rule in _CATALOGUE})
"""The rule catalogue, by id, in the order `check` reports rules at the same cell."""

RULE_ORDER: Mapping[str, int] = MappingProxyType({rule.id: i for i, rule in enumerate(_CATALOGUE)})
