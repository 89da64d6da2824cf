"""Narrative vs tables: application counts the prose states, compared with section 三.

Reports often restate the table in words (共收到政府信息公开申请70件，办结69件，1件结转下年度).
The text is cut into clauses; a clause about one of four facts that states exactly one count
is compared with that fact's 总计 cell. Only digits are read (not 七十), clauses breaking a
total down (其中…) are skipped, and a clause mixing two facts is ambiguous and skipped: the
rule is a warning, meant to miss a statement rather than misread one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from decimal import Decimal

from govdisclosure.checks._findings import Finding, Operand, Side, Status
from govdisclosure.checks._plan import Absent, Plan, Slot, missing_en, missing_zh, rule
from govdisclosure.model import Report

_CLAUSE = re.compile(r"[^。；;，,：:！？!?\n]+")  # noqa: RUF001 - full-width clause ends on purpose
_COUNT = re.compile(r"(\d+)\s*[件条份个]")
_HINT = re.compile(r"[0-9０-９]|未收到|没有收到")  # noqa: RUF001 - full-width digits on purpose
"""What a clause needs to state a count at all (before folding full-width digits)."""

# The fact a clause states, by the words it uses (prose wording, not table labels), and the
# row of section 三 whose 总计 cell it is compared with.
_FORWARD = ("applications.carried_forward.total", ("下年", "下一年"))
_OVER = ("applications.carried_over.total", ("上年", "上一年"))
_HANDLED = ("applications.results.total.total", ("办结", "办理完毕", "答复完毕", "处理完毕"))
_RECEIVED = ("applications.new_received.total", ("收到", "新收", "受理"))
_NONE_RECEIVED = ("未收到", "没有收到")


def _fact(clause: str) -> tuple[str, int] | None:
    """Return the cell path a clause speaks about and the count it states, if unambiguous."""
    if "其中" in clause:
        return None
    counts = _COUNT.findall(clause)
    if "结转" in clause:
        if any(w in clause for w in _HANDLED[1]):
            return None
        facts = [path for path, words in (_FORWARD, _OVER) if any(w in clause for w in words)]
    elif any(w in clause for w in _HANDLED[1]):
        facts = [_HANDLED[0]]
    elif "申请" in clause and any(w in clause for w in _RECEIVED[1]):
        if not counts and any(w in clause for w in _NONE_RECEIVED):
            return _RECEIVED[0], 0
        facts = [_RECEIVED[0]]
    else:
        return None
    if len(facts) != 1 or len(counts) != 1:
        return None
    return facts[0], int(counts[0])


def _statements(report: Report) -> Iterator[tuple[str, str, int]]:
    """Yield (clause as printed, cell path, count) for every clause stating a fact."""
    texts = [report.preamble]
    texts += [s.text for s in report.sections if s.key in {"overview", "applications"}]
    for text in texts:
        for match in _CLAUSE.finditer(text):
            quote = match.group().strip()
            if not _HINT.search(quote):  # most prose states no count: skip it cheaply
                continue
            fact = _fact(unicodedata.normalize("NFKC", quote))
            if fact is not None:
                yield quote, *fact


def narrative_findings(report: Report, the_plan: Plan, values: Sequence[Slot]) -> list[Finding]:
    """Return a finding for every stated count that differs from, or cannot meet, the table.

    A statement about a row the report does not show gives no finding.
    """
    the_rule = rule("narrative-applications")
    findings = []
    for quote, path, stated in _statements(report):
        index = the_plan.index[path]
        value = values[index]
        if isinstance(value, Absent) or value == stated:
            continue
        spec = the_plan.specs[index]
        cell = Operand(path, spec.label, value)
        key = f"{the_rule.id}:{path}"
        if isinstance(value, int | Decimal):
            difference = stated - value
            findings.append(
                Finding(
                    the_rule.id,
                    the_rule.severity,
                    Status.FAIL,
                    message_zh=(
                        f"{spec.label}: 正文“{quote}”为 {stated}，表格为 {value} (差 {difference})"
                    ),
                    message_en=(
                        f"{path}: the text “{quote}” states {stated}, the table {value} "
                        f"(difference {difference})"
                    ),
                    lhs=Side((), stated),
                    rhs=Side((cell,), value),
                    relation="=",
                    difference=difference,
                    path=path,
                    key=key,
                    cells=(cell,),
                )
            )
            continue
        findings.append(
            Finding(
                the_rule.id,
                the_rule.severity,
                Status.NOT_ASSESSABLE,
                message_zh=(
                    f"{spec.label}: 无法核对（{missing_zh('表格', value)}）: "
                    f"正文“{quote}”为 {stated}"
                ),
                message_en=(
                    f"{path}: not assessable ({missing_en('the table', value)}): "
                    f"the text “{quote}” states {stated}"
                ),
                lhs=Side((), stated),
                rhs=Side((cell,), None),
                relation="=",
                missing=(path,),
                path=path,
                key=key,
                cells=(cell,),
            )
        )
    return findings
