"""Narrative vs tables: the counts and the year the prose states, compared with the report.

Reports often restate their tables in words (共收到政府信息公开申请70件，办结69件，1件结转下年度；
行政复议20件，行政诉讼7件). The text is cut into clauses; a clause about one fact that states
exactly one count is compared with that fact's cells. Only digits are read (not 七十), clauses
breaking a total down (其中…) are skipped, and a clause mixing two facts is ambiguous and
skipped: the rules are warnings, meant to miss a statement rather than misread one.

Everything here is linear in the text: clauses are found by one scan, counts by patterns that
never backtrack over a run of digits, and a run longer than any count is never converted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from govdisclosure.checks._findings import Finding, Operand, Side, Statement, Status, _Details
from govdisclosure.checks._plan import (
    ABSENT,
    NUMBER_TYPES,
    Plan,
    Slot,
    missing_en,
    missing_zh,
    rule,
)
from govdisclosure.layout import NARRATIVE_WORDS, fold_characters
from govdisclosure.model import Report

_CLAUSE = re.compile(r"[^。；;，,：:！？!?\n]+")  # noqa: RUF001 - full-width forms quoted on purpose
# Possessive runs: a long run of digits not followed by a unit is given up at once, not
# retried from every digit (which made the scan quadratic).
_COUNT = re.compile(r"(?<![0-9])([0-9]++)\s*+[件条份个起宗]")
_YEAR = re.compile(r"(?<![0-9])([0-9]{4})\s*+年度")
_HINT = re.compile(r"[0-9０-９]|未收到|没有收到")  # noqa: RUF001 - full-width forms quoted on purpose
"""What a clause needs to state a count at all (before folding full-width digits)."""
_LONGEST = 15
"""Counts longer than this many digits are not read (no report comes near)."""

_A = "applications."
_R = "review_litigation."
# The fact a clause states, by the words it uses (prose wording, not table labels), and the
# row of section 三 whose 总计 cell it is compared with.
_W = NARRATIVE_WORDS
_FORWARD = (f"{_A}carried_forward.total", _W.forward)
_OVER = (f"{_A}carried_over.total", _W.over)
_HANDLED = (f"{_A}results.total.total", _W.handled)
_RECEIVED = (f"{_A}new_received.total", _W.received)
_NONE_RECEIVED = _W.none_received
_NEW = _W.new

# Section 四: the groups a clause may name, most specific first, and the outcome columns.
_AFTER = ("litigation_after_reconsideration", _W.after_review)
_DIRECT = ("litigation_direct", _W.direct)
_REVIEW_WORD = _W.review
_LITIGATION_WORDS = _W.litigation
_OUTCOMES = (("upheld", _W.upheld), ("corrected", _W.corrected))
_BOTH_LITIGATION = ("litigation_direct", "litigation_after_reconsideration")
_NOT_ABOUT_YEAR = _W.not_about_year


class _Fact(NamedTuple):
    """What a clause states: the cells it speaks of (their sum) and the count it gives."""

    paths: tuple[str, ...]
    stated: int | None
    """None when the count is too long to read (a `narrative-long-number` finding)."""
    digits: int


def _counts(clause: str) -> list[str]:
    return _COUNT.findall(clause)


def _number(digits: str) -> int | None:
    return int(digits) if len(digits) <= _LONGEST else None


def _fact(clause: str) -> tuple[str, int] | None:
    """Return the cell path a clause speaks about and the count it states, if unambiguous."""
    found = _application_fact(fold_characters(clause))
    if found is None or found.stated is None:
        return None
    return found.paths[0], found.stated


def _application_fact(clause: str) -> _Fact | None:
    if (
        _W.breakdown in clause
        or _REVIEW_WORD in clause
        or any(w in clause for w in _LITIGATION_WORDS)
    ):
        return None  # a breakdown, or an application for reconsideration: not section 三
    counts = _counts(clause)
    if _W.carry in clause:
        if any(w in clause for w in _HANDLED[1]):
            return None
        facts = [path for path, words in (_FORWARD, _OVER) if any(w in clause for w in words)]
    elif any(w in clause for w in _HANDLED[1]):
        facts = [_HANDLED[0]]
    elif _NEW in clause or (_W.application in clause and any(w in clause for w in _RECEIVED[1])):
        if not counts and any(w in clause for w in _NONE_RECEIVED):
            return _Fact((_RECEIVED[0],), 0, 1)
        facts = [_RECEIVED[0]]
    else:
        return None
    if len(facts) != 1 or len(counts) != 1:
        return None
    return _Fact((facts[0],), _number(counts[0]), len(counts[0]))


def _review_fact(clause: str) -> _Fact | None:
    """Return the section 四 cells a clause speaks of and the count it states, if unambiguous.

    复议后起诉 and 直接起诉 name one row; 复议 alone the reconsideration row; 诉讼 (or 起诉) alone
    both litigation rows, summed. 维持 or 纠正 picks that outcome column, else the total.
    """
    if _W.breakdown in clause:
        return None
    groups: list[tuple[str, ...]] = [
        (row,) for row, words in (_AFTER, _DIRECT) if any(w in clause for w in words)
    ]
    if not groups:
        rest = clause.replace(_W.not_reviewed, "")
        review = _REVIEW_WORD in rest
        litigation = any(w in rest for w in _LITIGATION_WORDS)
        if review and not litigation:
            groups = [("reconsideration",)]
        elif litigation and not review:
            groups = [_BOTH_LITIGATION]
    outcomes = [key for key, word in _OUTCOMES if word in clause]
    counts = _counts(clause)
    if len(groups) != 1 or len(outcomes) > 1 or len(counts) != 1:
        return None
    column = outcomes[0] if outcomes else "total"
    paths = tuple(f"{_R}{row}.{column}" for row in groups[0])
    return _Fact(paths, _number(counts[0]), len(counts[0]))


class _Clause(NamedTuple):
    statement: Statement
    folded: str


def _clauses(report: Report, keys: frozenset[str]) -> Iterator[_Clause]:
    """Yield every clause of the preamble and of the sections `keys` that may state a number."""
    texts = [("preamble", report.preamble)]
    texts += [(s.key, s.text) for s in report.sections if s.key in keys]
    for where, text in texts:
        for match in _CLAUSE.finditer(text):
            quote = match.group()
            if not _HINT.search(quote):  # most prose states no count: skip it cheaply
                continue
            stripped = quote.strip()
            start = match.start() + len(quote) - len(quote.lstrip())
            yield _Clause(
                Statement(stripped, where, start, start + len(stripped)),
                fold_characters(stripped),
            )


_APPLICATION_TEXTS = frozenset({"overview", "applications"})
_REVIEW_TEXTS = frozenset({"overview", "review_litigation"})
_YEAR_TEXTS = frozenset({"overview"})


def narrative_findings(report: Report, the_plan: Plan, values: Sequence[Slot]) -> list[Finding]:
    """Return a finding for every stated count that differs from, or cannot meet, the table.

    A statement about a row the report does not show gives no finding.
    """
    findings: list[Finding] = []
    for rule_id, keys, read in (
        ("narrative-applications", _APPLICATION_TEXTS, _application_fact),
        ("narrative-review", _REVIEW_TEXTS, _review_fact),
    ):
        for clause in _clauses(report, keys):
            fact = read(clause.folded)
            if fact is None:
                continue
            found = _compare(rule_id, clause.statement, fact, the_plan, values)
            if found is not None:
                findings.append(found)
    year = _year(report, the_plan)
    if year is not None:
        findings.append(year)
    return findings


def _compare(
    rule_id: str, statement: Statement, fact: _Fact, the_plan: Plan, values: Sequence[Slot]
) -> Finding | None:
    index = [the_plan.index.get(path) for path in fact.paths]
    if None in index:
        return None  # a row the template of the report does not have
    slots = [values[i] for i in index if i is not None]
    if all(v is ABSENT for v in slots):
        return None
    path = fact.paths[0]
    if fact.stated is None:
        return _long_number(statement, fact, path)
    stated = fact.stated
    numbers = all(v.__class__ in NUMBER_TYPES for v in slots)
    if numbers and sum(slots) == stated:  # type: ignore[arg-type]
        return None
    the_rule = rule(rule_id)
    status = Status.FAIL if numbers else Status.NOT_ASSESSABLE
    specs = [the_plan.specs[i] for i in index if i is not None]

    def make() -> _Details:
        cells = tuple(
            Operand(s.path, s.label, None if v is ABSENT else v, shown=v is not ABSENT)  # type: ignore[arg-type]
            for s, v in zip(specs, slots, strict=True)
        )
        label = specs[0].label if len(specs) == 1 else " + ".join(s.label for s in specs)
        where = path if len(specs) == 1 else " + ".join(s.path for s in specs)
        quote = statement.text
        if status is Status.FAIL:
            value = sum(slots)  # type: ignore[arg-type]
            difference = stated - value
            return _Details(
                f"{label}: 正文“{quote}”为 {stated}，表格为 {value} (差 {difference})",
                f"{where}: the text “{quote}” states {stated}, the table {value} "
                f"(difference {difference})",
                cells,
                Side((), stated, stated),
                Side(cells, value, value),
                "=",
                difference,
                evidence=(statement,),
            )
        gaps = [n for n, v in enumerate(slots) if v.__class__ not in NUMBER_TYPES]
        why_zh = "，".join(missing_zh("表格", slots[n]) for n in gaps)
        why_en = "; ".join(missing_en(f"the table's {specs[n].path}", slots[n]) for n in gaps)
        return _Details(
            f"{label}: 无法核对（{why_zh}）: 正文“{quote}”为 {stated}",
            f"{where}: not assessable ({why_en}): the text “{quote}” states {stated}",
            cells,
            Side((), stated, stated),
            Side(cells, None, sum(v for v in slots if v.__class__ in NUMBER_TYPES)),  # type: ignore[misc]
            "=",
            None,
            tuple(specs[n].path for n in gaps),
            (statement,),
        )

    return Finding.lazy(the_rule.id, the_rule.severity, status, path, f"{the_rule.id}:{path}", make)


def _long_number(statement: Statement, fact: _Fact, path: str) -> Finding:
    the_rule = rule("narrative-long-number")

    def make() -> _Details:
        quote = statement.text if len(statement.text) <= 40 else f"{statement.text[:40]}…"  # noqa: PLR2004
        return _Details(
            f"正文“{quote}”中的数有{fact.digits}位，长于任何可能的数目，未读取",
            f"{path}: the text “{quote}” states a number of {fact.digits} digits, longer than "
            "any plausible count: not read",
            evidence=(statement,),
        )

    return Finding.lazy(
        the_rule.id,
        the_rule.severity,
        Status.FAIL,
        path,
        f"{the_rule.id}:{statement.section}[{statement.start}]",
        make,
    )


def _year(report: Report, the_plan: Plan) -> Finding | None:
    """`narrative-year`: the first year the preamble or overview says it reports on."""
    for clause in _clauses(report, _YEAR_TEXTS):
        years = _YEAR.findall(clause.folded)
        if len(years) != 1 or any(w in clause.folded for w in _NOT_ABOUT_YEAR):
            continue
        stated = int(years[0])
        if stated == report.year:
            return None
        return _year_finding(clause.statement, stated, report.year, the_plan.specs[0].path)
    return None


def _year_finding(statement: Statement, stated: int, year: int | None, path: str) -> Finding:
    the_rule = rule("narrative-year")
    status = Status.NOT_ASSESSABLE if year is None else Status.FAIL

    def make() -> _Details:
        quote = statement.text
        if year is None:
            return _Details(
                f"正文“{quote}”: 无法核对（报告年度未知）: 正文所述年度为{stated}",
                f"{path}: not assessable (the report year is unknown): the text “{quote}” "
                f"reports on {stated}",
                missing=("year",),
                evidence=(statement,),
            )
        return _Details(
            f"正文“{quote}”: 所述年度为{stated}，报告年度为{year}",
            f"{path}: the text “{quote}” reports on {stated}, the report is for {year}",
            lhs=Side((), stated, stated),
            rhs=Side((), year, year),
            relation="=",
            difference=stated - year,
            evidence=(statement,),
        )

    return Finding.lazy(the_rule.id, the_rule.severity, status, path, f"{the_rule.id}:report", make)
