"""What a check returns: findings, the cells and equation sides they carry, and the rules."""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final

import attrs

from govdisclosure.layout import MONEY_UNIT, Template
from govdisclosure.model import Value

__all__ = [
    "ROW_FIELDS",
    "RULES",
    "Difference",
    "Finding",
    "Operand",
    "Rule",
    "Severity",
    "Side",
    "Statement",
    "Status",
]


class Severity(enum.StrEnum):
    """How bad a failed rule is; severities compare by rank (``INFO < WARNING < ERROR``)."""

    ERROR = "error"
    """Exact arithmetic does not hold, or a value is impossible: the report is wrong."""
    WARNING = "warning"
    """A plausibility rule does not hold: the report is probably wrong, or unusual."""
    INFO = "info"
    """Worth knowing, not wrong: cells left unreported, headings out of the template's order."""

    @property
    def rank(self) -> int:
        """0 for info, 1 for warning, 2 for error."""
        return _RANK[self]

    def __lt__(self, other: object) -> bool:
        if isinstance(other, Severity):
            return self.rank < other.rank
        return NotImplemented

    def __le__(self, other: object) -> bool:
        if isinstance(other, Severity):
            return self.rank <= other.rank
        return NotImplemented

    def __gt__(self, other: object) -> bool:
        if isinstance(other, Severity):
            return self.rank > other.rank
        return NotImplemented

    def __ge__(self, other: object) -> bool:
        if isinstance(other, Severity):
            return self.rank >= other.rank
        return NotImplemented


_RANK: Final = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


class Status(enum.StrEnum):
    """Whether a rule was checked and failed, or could not be checked at all."""

    FAIL = "fail"
    """The rule does not hold: every operand is a number, or the numbers there are already
    break it whatever non-negative values the blank or marked operands hold."""
    NOT_ASSESSABLE = "not_assessable"
    """An operand is blank, a marker, or in a row the report does not show, and some value of
    it would satisfy the rule: nothing is counted as 0, so the rule could not be checked.
    `Finding.missing` names those cells."""


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
    known: int | Decimal | None = None
    """The sum of the operands that are numbers (equal to `value` when every one is)."""


@attrs.frozen
class Statement:
    """A statement of the narrative a finding rests on: the clause as printed, and where."""

    text: str
    section: str
    """``preamble``, or the key of the section whose text holds it (``overview``…)."""
    start: int
    """Offset of the clause's first character in that text (`Section.text` or the preamble)."""
    end: int
    """Offset just past its last character: ``text == source[start:end]``."""


@attrs.frozen
class _Details:
    """What a finding says beyond its rule and place: built on first access."""

    message_zh: str
    message_en: str
    cells: tuple[Operand, ...] = ()
    lhs: Side | None = None
    rhs: Side | None = None
    relation: str | None = None
    difference: int | Decimal | None = None
    missing: tuple[str, ...] = ()
    evidence: tuple[Statement, ...] = ()


class Finding:
    """One rule that failed, or could not be checked, at one place of a report.

    `path` is the primary cell (the printed total of an equation, the offending cell), always a
    cell of the template, so tools can map it to a source line. `key` (rule and location, such
    as ``balance:applications.*.natural_person``) is stable across runs and values: keep a set
    of accepted keys to silence findings a publisher has explained.

    The messages, cells and sides are built the first time one of them is read: a caller that
    only filters findings on their rule, status or key never pays for the text. Findings are
    immutable, hashable and equal when every attribute is.
    """

    __slots__ = ("_details", "_make", "key", "path", "rule", "severity", "status")

    rule: str
    """The rule's stable id (see `RULES`)."""
    severity: Severity
    status: Status
    path: str
    key: str
    _details: _Details | None
    _make: Callable[[], _Details] | None

    def __init__(
        self,
        rule: str,
        severity: Severity,
        status: Status,
        path: str,
        key: str,
        *,
        message_zh: str = "",
        message_en: str = "",
        cells: tuple[Operand, ...] = (),
        lhs: Side | None = None,
        rhs: Side | None = None,
        relation: str | None = None,
        difference: int | Decimal | None = None,
        missing: tuple[str, ...] = (),
        evidence: tuple[Statement, ...] = (),
    ) -> None:
        self._init(rule, severity, status, path, key)
        details = _Details(
            message_zh, message_en, cells, lhs, rhs, relation, difference, missing, evidence
        )
        object.__setattr__(self, "_details", details)
        object.__setattr__(self, "_make", None)

    def _init(self, rule: str, severity: Severity, status: Status, path: str, key: str) -> None:
        setattr_ = object.__setattr__
        setattr_(self, "rule", rule)
        setattr_(self, "severity", severity)
        setattr_(self, "status", status)
        setattr_(self, "path", path)
        setattr_(self, "key", key)

    @classmethod
    def lazy(  # noqa: PLR0917 - what is known at once, then the builder (hot path)
        cls,
        rule: str,
        severity: Severity,
        status: Status,
        path: str,
        key: str,
        make: Callable[[], _Details],
    ) -> Finding:
        """Return a finding whose details `make` builds when first read (for the checks)."""
        finding = cls.__new__(cls)
        setattr_ = object.__setattr__
        setattr_(finding, "rule", rule)
        setattr_(finding, "severity", severity)
        setattr_(finding, "status", status)
        setattr_(finding, "path", path)
        setattr_(finding, "key", key)
        setattr_(finding, "_details", None)
        setattr_(finding, "_make", make)
        return finding

    def _get(self) -> _Details:
        details: _Details | None = self._details
        if details is None:
            make = self._make
            assert make is not None  # noqa: S101 - a finding holds its details or their builder
            details = make()
            object.__setattr__(self, "_details", details)
            object.__setattr__(self, "_make", None)
        return details

    def __setattr__(self, name: str, value: object) -> None:
        raise attrs.exceptions.FrozenInstanceError

    def __delattr__(self, name: str) -> None:
        raise attrs.exceptions.FrozenInstanceError

    @property
    def message_zh(self) -> str:
        """The finding in Chinese, built from the official labels."""
        return self._get().message_zh

    @property
    def message_en(self) -> str:
        """The finding in English, built from the paths and identifiers."""
        return self._get().message_en

    @property
    def cells(self) -> tuple[Operand, ...]:
        """Every cell involved, left side first."""
        return self._get().cells

    @property
    def lhs(self) -> Side | None:
        """The left side of the rule's equation or comparison (None for rules without one)."""
        return self._get().lhs

    @property
    def rhs(self) -> Side | None:
        """The right side of the rule's equation or comparison."""
        return self._get().rhs

    @property
    def relation(self) -> str | None:
        """The relation the rule expects between `lhs` and `rhs`: ``=``, ``≥`` or ``≤``."""
        return self._get().relation

    @property
    def difference(self) -> int | Decimal | None:
        """``lhs - rhs`` when both are numbers (for `negative-value`, the value itself)."""
        return self._get().difference

    @property
    def missing(self) -> tuple[str, ...]:
        """Paths of the cells that are blank, a marker or not shown among the operands."""
        return self._get().missing

    @property
    def evidence(self) -> tuple[Statement, ...]:
        """The narrative statements the finding rests on (narrative rules), in printed order."""
        return self._get().evidence

    def _astuple(self) -> tuple[Any, ...]:
        return (self.rule, self.severity, self.status, self.path, self.key, self._get())

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Finding:
            return NotImplemented
        assert isinstance(other, Finding)  # noqa: S101 - for the type checker
        return self._astuple() == other._astuple()

    def __hash__(self) -> int:
        return hash(self._astuple())

    def __repr__(self) -> str:
        return (
            f"Finding(rule={self.rule!r}, severity={self.severity!r}, status={self.status!r}, "
            f"path={self.path!r}, key={self.key!r}, message_en={self.message_en!r})"
        )

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
        return {name: _plain(getattr(self, name)) for name in ROW_FIELDS}

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle and copy with the details built (a builder is not picklable)."""
        return (_restore, (self.rule, self.severity, self.status, self.path, self.key, self._get()))


def _restore(  # noqa: PLR0917 - pickle calls it with the reduced tuple
    rule: str, severity: Severity, status: Status, path: str, key: str, details: _Details
) -> Finding:
    return Finding.lazy(rule, severity, status, path, key, lambda: details)


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


ROW_FIELDS = (
    "rule",
    "severity",
    "status",
    "path",
    "key",
    "message_zh",
    "message_en",
    "lhs",
    "rhs",
    "relation",
    "difference",
    "missing",
)
"""The columns of `Finding.to_dict`, in order: every public attribute but the operands."""


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


class Source(enum.StrEnum):
    """Where a rule comes from."""

    TEMPLATE = "template"
    """The template itself: a note it prints, or the structure of its rows and columns."""
    REGULATION = "regulation"
    """The Regulation (条例) or the notices issuing the templates."""
    PLAUSIBILITY = "plausibility"
    """What the rows mean: true of a correct report as a rule, not by definition."""


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
    source: Source = Source.TEMPLATE
    """The kind of source: the template, the regulation, or plausibility."""
    why: str = ""
    """The source in a sentence: which note, article or row meaning the rule rests on."""


_BOTH = (Template.V2019, Template.V2021)
_V2019 = (Template.V2019,)
_V2021 = (Template.V2021,)
_ERROR, _WARNING, _INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
_T, _R, _P = Source.TEMPLATE, Source.REGULATION, Source.PLAUSIBILITY

_CATALOGUE = (
    Rule(
        "balance",
        _ERROR,
        "In every applications column, new_received + carried_over = results.total + "
        "carried_forward (the table's corner note).",
        _BOTH,
        "report",
        "R1",
        _T,
        "The applications table's corner note states it (layout: the table's corner).",
    ),
    Rule(
        "row-total",
        _ERROR,
        "In every applications row, total equals the sum of the six applicant columns.",
        _BOTH,
        "report",
        "R3",
        _T,
        "The total column heads the six applicant columns of the same row.",
    ),
    Rule(
        "results-total",
        _ERROR,
        "In every applications column, results.total equals the sum of every outcome row "
        "(one other_handling row in 2019, three in 2021).",
        _BOTH,
        "report",
        "R4",
        _T,
        "The outcome rows exclude each other (the partly-disclosed row's label says a split "
        "decision counts there only), and results.total is their total.",
    ),
    Rule(
        "review-total",
        _ERROR,
        "In every review_litigation group, total = upheld + corrected + other + pending.",
        _BOTH,
        "report",
        "R5",
        _T,
        "Each group's total column heads its four outcome columns.",
    ),
    Rule(
        "negative-value",
        _ERROR,
        "No count or amount is negative (the signed 2019 change column excepted).",
        _BOTH,
        "report",
        "R6",
        _T,
        "Every cell counts cases, documents or money; only the 2019 change column is signed.",
    ),
    Rule(
        "non-numeric-cell",
        _ERROR,
        "A count or amount cell holds a number or a no-value marker (/, -, —, 无, 不适用…), "
        "never other text.",
        _BOTH,
        "report",
        "R6",
        _T,
        "Every cell of the three tables is a count or an amount; the readers keep other text "
        "verbatim, so this rule is where it is reported.",
    ),
    Rule(
        "money-precision",
        _WARNING,
        "No amount is finer than one fen: at most six decimal places in units of 10,000 yuan.",
        _BOTH,
        "report",
        "R6",
        _P,
        f"The smallest unit of money is one fen (0.000001 {MONEY_UNIT}).",
    ),
    Rule(
        "not-reported",
        _INFO,
        "Every cell of a table the report prints is reported: blank, marked or unshown cells "
        "are listed, one finding per table.",
        _BOTH,
        "report",
        "§6.3",
        _R,
        "The 2021 notice asks for every item of the format (nothing may be left out); blanks "
        "and markers are common in practice, so this is information, not a fault.",
    ),
    Rule(
        "missing-table",
        _WARNING,
        "A section 二, 三 or 四 whose heading is printed also prints its table, with at least "
        "one value.",
        _BOTH,
        "report",
        "§6.1",
        _R,
        "Article 50 requires each of these parts, and the template reports them as tables.",
    ),
    Rule(
        "section-order",
        _INFO,
        "The template's sections are printed in its order and with its numbering (一、 … 六、).",
        _BOTH,
        "report",
        "§2.1",
        _T,
        "Both templates print the same six numbered headings, in order.",
    ),
    Rule(
        "extra-row-number",
        _WARNING,
        "A row the template does not have (kept in extra_rows) holds no number.",
        _BOTH,
        "report",
        "§6.2",
        _P,
        "Numbers outside the template's rows are not counted by any rule and are often "
        "misplaced template rows.",
    ),
    Rule(
        "published-exceeds-total",
        _WARNING,
        "2019: in every proactive document row, total_published is at least published.",
        _V2019,
        "report",
        "R9",
        _P,
        "total_published is cumulative and includes this year's published.",
    ),
    Rule(
        "repealed-exceeds-stock",
        _WARNING,
        "2021: in every proactive document row, repealed is at most in_force + issued.",
        _V2021,
        "report",
        "R8",
        _P,
        "A document repealed this year was in force at the start of the year or issued in it.",
    ),
    Rule(
        "template-year",
        _WARNING,
        "The tables' template fits the report year: 2019 for the 2019 and 2020 reports, "
        "2021 from the 2021 reports on.",
        _BOTH,
        "report",
        "§1",
        _R,
        "The 2019 notice (60) and the 2021 notice (30) set which format each year's reports use.",
    ),
    Rule(
        "narrative-applications",
        _WARNING,
        "Application counts the text states (received, handled, carried over, carried "
        "forward) equal the applications table's totals.",
        _BOTH,
        "narrative",
        "§6.1",
        _P,
        "Reports often restate the applications table in words; the two should agree.",
    ),
    Rule(
        "narrative-review",
        _WARNING,
        "Reconsideration and litigation counts the text states (cases, direct and after "
        "reconsideration, upheld, corrected) equal the review_litigation table.",
        _BOTH,
        "narrative",
        "§2.5",
        _P,
        "Reports often restate the review_litigation table in words; the two should agree.",
    ),
    Rule(
        "narrative-year",
        _WARNING,
        "The year the text says it reports on (a year followed by the word for annual) is the "
        "report's year.",
        _BOTH,
        "narrative",
        "§1",
        _P,
        "A report copied from last year's often keeps last year's year in its text.",
    ),
    Rule(
        "narrative-long-number",
        _INFO,
        "A count in the text is not longer than 15 digits (longer ones are not read).",
        _BOTH,
        "narrative",
        "§6.3",
        _P,
        "No count in a report comes near 15 digits; longer runs are not numbers to compare.",
    ),
    Rule(
        "carried-over",
        _ERROR,
        "This year's carried_over equals last year's carried_forward, in every column.",
        _BOTH,
        "continuity",
        "R7",
        _T,
        "This year's carried_over row is last year's carried_forward row, by their labels.",
    ),
    Rule(
        "stock-flow",
        _WARNING,
        "2021 after 2021: in every proactive document row, in_force = last year's in_force + "
        "issued - repealed.",
        _V2021,
        "continuity",
        "R8",
        _P,
        "Documents in force change by those issued and repealed; amendments and "
        "re-codification break it legitimately.",
    ),
    Rule(
        "previous-items",
        _WARNING,
        "2019 after 2019: in every proactive item row, previous_items = last year's "
        "previous_items + last year's change.",
        _V2019,
        "continuity",
        "§3.3",
        _P,
        "previous_items is the count at the end of last year: the count a year earlier plus "
        "last year's change.",
    ),
    Rule(
        "published-flow",
        _WARNING,
        "2019 after 2019: in every proactive document row, total_published = last year's "
        "total_published + published.",
        _V2019,
        "continuity",
        "R9",
        _P,
        "total_published is cumulative: it grows by each year's published.",
    ),
    Rule(
        "aggregate-sum",
        _ERROR,
        "Every cell of an aggregated report equals the sum of its children's cells.",
        _BOTH,
        "aggregate",
        "R12",
        _R,
        "Local aggregation notices ask the compiled report to sum its members' data.",
    ),
)

RULES: Mapping[str, Rule] = MappingProxyType({rule.id: rule for rule in _CATALOGUE})
"""The rule catalogue, by id, in the order `check` reports rules at the same cell."""

RULE_ORDER: Mapping[str, int] = MappingProxyType({rule.id: i for i, rule in enumerate(_CATALOGUE)})
