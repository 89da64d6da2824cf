"""`check`: the rules within one report, equations precomputed per template."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from functools import cache
from typing import cast

import attrs

from govdisclosure.checks._findings import RULE_ORDER, Finding, Operand, Side, Status
from govdisclosure.checks._narrative import narrative_findings
from govdisclosure.checks._plan import (
    Equation,
    Plan,
    Slot,
    Term,
    compile_equations,
    evaluate,
    heading,
    plan,
    rule,
)
from govdisclosure.layout import CellKind, CellSpec, Row, Template
from govdisclosure.model import Report, read_number

_IS_INT = int.__instancecheck__
_MONEY_PLACES = 6
"""Decimal places of one fen in units of 10,000 yuan, the largest unit a money cell uses."""


def check(report: Report, *, narrative: bool = False) -> list[Finding]:
    """Return every finding of the rules within one report, in printed order.

    Findings that failed and findings that could not be checked (status ``not_assessable``:
    a blank, a marker or an unshown row among the operands) are both returned; filter on
    `Finding.status` to keep one kind. Rules on a table the report does not show give no
    finding. `narrative` adds the opt-in rules comparing the text with the tables. Findings
    come in the printed order of their `Finding.path`, then in catalogue order. Never raises
    on a valid report.
    """
    rules = _rules(report.template)
    values, shown = rules.plan.read(report)
    findings = []
    for table, equations, holds_not in rules.groups:
        if table in shown:  # a table showing no row has nothing to check
            findings += [
                finding
                for n in holds_not(values)
                if (finding := evaluate(equations[n], values)) is not None
            ]
    _negative_values(rules, values, findings)
    _money_precision(rules, values, findings)
    _extra_rows(report, rules.plan, findings)
    _template_year(report, rules, findings)
    if narrative:
        findings.extend(narrative_findings(report, rules.plan, values))
    if len(findings) > 1:
        index = rules.plan.index
        findings.sort(key=lambda f: (index.get(f.path, -1), RULE_ORDER[f.rule]))
    return findings


@attrs.frozen
class _Rules:
    """The within-report rules of one template, ready to evaluate."""

    plan: Plan
    groups: tuple[tuple[str, tuple[Equation, ...], Callable[[Sequence[Slot]], list[int]]], ...]
    """Per table: its equations, and the function listing those that do not plainly hold (see
    `compile_equations`)."""
    nonnegative: tuple[int, ...]
    """Positions of the cells that may not be negative."""
    money: tuple[int, ...]
    template_anchor: tuple[int, int]
    """Positions of the first cell of section 二 and of （六）其他处理, which show the template."""
    years: tuple[int, int | None]
    """The first and last report year the template is for (None: still in use)."""


@cache
def _rules(template: Template | None) -> _Rules:
    the_plan = plan(template)
    specs = the_plan.specs
    nonnegative = tuple(
        i for i, s in enumerate(specs) if s.column.kind is not CellKind.SIGNED_COUNT
    )
    money = tuple(i for i, s in enumerate(specs) if s.column.kind is CellKind.MONEY)
    other = next(
        (i for i, s in enumerate(specs) if s.row.key.startswith("results.other_handling")), -1
    )
    proactive = next((i for i, s in enumerate(specs) if s.table == "proactive"), -1)
    groups = tuple(
        (table, equations, compile_equations(equations))
        for table, equations in (
            ("proactive", tuple(_proactive(the_plan))),
            ("applications", tuple(_applications(the_plan))),
            ("review_litigation", tuple(_review(the_plan))),
        )
    )
    return _Rules(
        the_plan,
        groups,
        nonnegative,
        money,
        (proactive, other),
        _years(template) if template is not None else (0, None),
    )


# ------------------------------------------------------------------------------------------
# Equations, derived from the layout.


def _rows(the_plan: Plan, table: str) -> list[tuple[Row, int]]:
    return [(row, start) for key, row, start in the_plan.rows if key == table]


def _term(the_plan: Plan, row: Row, start: int, column: str, *, zh: str, en: str) -> Term:
    offset = next(i for i, c in enumerate(row.columns) if c.key == column)
    return Term(the_plan.specs[start + offset], start + offset, zh, en)


def _common_suffix(a: str, b: str) -> int:
    size = 0
    while size < min(len(a), len(b)) and a[-1 - size] == b[-1 - size]:
        size += 1
    return size


def balance_names(rows: dict[str, Row]) -> dict[str, str]:
    """Short Chinese names of the four rows of the balance, read from their labels.

    一 and 二 share a long ending (…政府信息公开申请数量) that is dropped; （七）总计 is named
    with its group (本年度办理结果总计).
    """
    new, over = rows["new_received"].text, rows["carried_over"].text
    cut = _common_suffix(new, over)
    total = rows["results.total"]
    return {
        "new_received": new[: len(new) - cut],
        "carried_over": over[: len(over) - cut],
        "results.total": total.parents[-1].text + total.text,
        "carried_forward": rows["carried_forward"].text,
    }


def _outcome_number(row: Row) -> str:
    """The numbering of the outcome an outcome row belongs to: （一） … （六）."""
    return row.parents[1].number if len(row.parents) > 1 else row.number


def _outcome_name(row: Row) -> str:
    return row.parents[1].number + row.label if len(row.parents) > 1 else row.label


def _applications(the_plan: Plan) -> list[Equation]:
    rows = _rows(the_plan, "applications")
    by_key = {row.key: (row, start) for row, start in rows}
    columns = rows[0][0].columns
    applicant_columns = [c for c in columns if c.key != "total"]
    names = balance_names({key: row for key, (row, _) in by_key.items()})
    equations = []
    balance = rule("balance")
    for column in columns:
        terms = {
            key: _term(the_plan, *by_key[key], column.key, zh=names[key], en=key)
            for key in ("new_received", "carried_over", "results.total", "carried_forward")
        }
        equations.append(
            Equation(
                balance,
                f"balance:applications.*.{column.key}",
                terms["results.total"].spec,
                (terms["new_received"], terms["carried_over"]),
                (terms["results.total"], terms["carried_forward"]),
            )
        )
    row_total = rule("row-total")
    for row, start in rows:
        total = _term(the_plan, row, start, "total", zh=columns[-1].label, en="total")
        parts = tuple(
            _term(the_plan, row, start, c.key, zh=c.label, en=c.key) for c in applicant_columns
        )
        equations.append(
            Equation(row_total, f"row-total:applications.{row.key}.*", total.spec, (total,), parts)
        )
    if the_plan.template is None:  # the （六）其他处理 rows are unknown: no outcome sum
        return equations
    outcomes = [(r, s) for r, s in rows if r.path[0] == "results" and r.key != "results.total"]
    summary = (
        f"{_outcome_number(outcomes[0][0])}至{_outcome_number(outcomes[-1][0])}之和",
        "sum of the outcome rows",
    )
    results_total = rule("results-total")
    total_row, total_start = by_key["results.total"]
    for column in columns:
        total = _term(
            the_plan, total_row, total_start, column.key, zh=total_row.label, en=total_row.key
        )
        parts = tuple(
            _term(the_plan, r, s, column.key, zh=_outcome_name(r), en=r.key) for r, s in outcomes
        )
        equations.append(
            Equation(
                results_total,
                f"results-total:applications.results.*.{column.key}",
                total.spec,
                (total,),
                parts,
                rhs_summary=summary,
            )
        )
    return equations


def _review(the_plan: Plan) -> list[Equation]:
    review_total = rule("review-total")
    equations = []
    for row, start in _rows(the_plan, "review_litigation"):
        total, *parts = [
            _term(the_plan, row, start, c.key, zh=c.label, en=c.key)
            for c in (row.columns[-1], *row.columns[:-1])
        ]
        equations.append(
            Equation(
                review_total,
                f"review-total:review_litigation.{row.key}.*",
                total.spec,
                (total,),
                tuple(parts),
            )
        )
    return equations


def _proactive(the_plan: Plan) -> list[Equation]:
    equations = []
    for row, start in _rows(the_plan, "proactive"):
        keys = {c.key for c in row.columns}

        def term(key: str, row: Row = row, start: int = start) -> Term:
            column = next(c for c in row.columns if c.key == key)
            return _term(the_plan, row, start, key, zh=column.label, en=key)

        if {"published", "total_published"} <= keys:
            equations.append(
                Equation(
                    rule("published-exceeds-total"),
                    f"published-exceeds-total:proactive.{row.key}.*",
                    term("total_published").spec,
                    (term("total_published"),),
                    (term("published"),),
                    "≥",
                )
            )
        if {"issued", "repealed", "in_force"} <= keys:
            equations.append(
                Equation(
                    rule("repealed-exceeds-stock"),
                    f"repealed-exceeds-stock:proactive.{row.key}.*",
                    term("repealed").spec,
                    (term("repealed"),),
                    (term("in_force"), term("issued")),
                    "≤",
                )
            )
    return equations


# ------------------------------------------------------------------------------------------
# Rules on single cells, extra rows and the report as a whole.


def _single(rule_id: str, spec: CellSpec, value: int | Decimal, zh: str, en: str) -> Finding:
    """A failed rule on one cell."""
    the_rule = rule(rule_id)
    cell = Operand(spec.path, spec.label, value)
    negative = rule_id == "negative-value"
    return Finding(
        rule=rule_id,
        severity=the_rule.severity,
        status=Status.FAIL,
        path=spec.path,
        key=f"{rule_id}:{spec.path}",
        message_zh=f"{spec.label}: {zh}",
        message_en=f"{spec.path}: {en}",
        cells=(cell,),
        lhs=Side((cell,), value) if negative else None,
        rhs=Side((), 0) if negative else None,
        relation="≥" if negative else None,
        difference=value if negative else None,
    )


def _negative_values(rules: _Rules, values: Sequence[Slot], findings: list[Finding]) -> None:
    # One pass at C speed over every whole number (blanks, markers and ABSENT filtered out),
    # then the few money cells; only a negative somewhere (or a signed 2019 本年增/减) leads to
    # the cell-by-cell look.
    whole = cast("Iterator[int]", filter(_IS_INT, values))
    if min(whole, default=0) >= 0 and not any(
        isinstance(v, Decimal) and v < 0 for v in map(values.__getitem__, rules.money)
    ):
        return
    for i in rules.nonnegative:
        value = values[i]
        if isinstance(value, int | Decimal) and value < 0:
            findings.append(
                _single(
                    "negative-value",
                    rules.plan.specs[i],
                    value,
                    f"数值 {value} 为负数",
                    f"negative value {value}",
                )
            )


def decimal_places(value: Decimal) -> int:
    """Return how many decimal places `value` needs (trailing zeros do not count)."""
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # noqa: S101 - the model holds finite decimals only
    zeros = 0
    for digit in reversed(digits):
        if digit:
            break
        zeros += 1
    else:  # every digit is 0: the value is zero, whatever its printed places
        return 0
    return max(-exponent - zeros, 0)


def _money_precision(rules: _Rules, values: Sequence[Slot], findings: list[Finding]) -> None:
    for i in rules.money:
        value = values[i]
        if isinstance(value, Decimal) and (places := decimal_places(value)) > _MONEY_PLACES:
            findings.append(
                _single(
                    "money-precision",
                    rules.plan.specs[i],
                    value,
                    f"金额 {value} 有 {places} 位小数，细于1分",
                    f"amount {value} has {places} decimal places, finer than one fen",
                )
            )


def _extra_rows(report: Report, the_plan: Plan, findings: list[Finding]) -> None:
    the_rule = rule("extra-row-number")
    for key, _, _ in the_plan.tables:
        table = getattr(report, key)
        if table is None or not table.extra_rows:
            continue
        first = next(i for i, s in enumerate(the_plan.specs) if s.table == key)
        for i, extra in enumerate(table.extra_rows):
            numbers = [
                (j, text, read[0])
                for j, text in enumerate(extra.values)
                if (read := read_number(text)) is not None
            ]
            if not numbers:
                continue
            after = None if extra.after is None else the_plan.row_start(key, extra.after)
            anchor = the_plan.specs[first if after is None else after]
            printed = ", ".join(text for _, text, _ in numbers)
            findings.append(
                Finding(
                    rule=the_rule.id,
                    severity=the_rule.severity,
                    status=Status.FAIL,
                    path=anchor.path,
                    key=f"{the_rule.id}:{key}.extra_rows[{extra.label}]",
                    message_zh=f"{heading(key)}: 模板没有的行“{extra.label}”含有数字 {printed}",
                    message_en=(
                        f'{anchor.path}: the row "{extra.label}", which the template does not '
                        f"have, holds numbers: {printed}"
                    ),
                    cells=tuple(
                        Operand(f"{key}.extra_rows[{i}][{j}]", extra.label, number)
                        for j, _, number in numbers
                    ),
                )
            )


def _years(template: Template) -> tuple[int, int | None]:
    """The first and last report year of `template` (None: still in use).

    A template is named for the first reporting year it applies to (glossary).
    """
    order = list(Template)
    later = order[order.index(template) + 1 :]
    return int(template.value), int(later[0].value) - 1 if later else None


def _template_year(report: Report, rules: _Rules, findings: list[Finding]) -> None:
    template = report.template
    if template is None:
        return
    proactive, other = rules.template_anchor
    anchor = rules.plan.specs[proactive if report.proactive is not None else other]
    where = heading(anchor.table)
    the_rule = rule("template-year")
    key = f"{the_rule.id}:report"
    year = report.year
    if year is None:
        findings.append(
            Finding(
                the_rule.id,
                the_rule.severity,
                Status.NOT_ASSESSABLE,
                anchor.path,
                key,
                message_zh=f"{where}: 无法核对（报告年度未知）: 表格为{template}年版格式",
                message_en=(
                    f"{anchor.path}: not assessable (the report year is unknown): the tables "
                    f"follow the {template} template"
                ),
                missing=("year",),
            )
        )
        return
    first, last = rules.years
    if first <= year and (last is None or year <= last):
        return
    span_zh = f"{first}—{last}年度" if last is not None else f"{first}年及以后的年度"
    span_en = f"the {first}–{last} reports" if last is not None else f"the reports of {first} on"  # noqa: RUF001 - an en dash spans the years
    findings.append(
        Finding(
            the_rule.id,
            the_rule.severity,
            Status.FAIL,
            anchor.path,
            key,
            message_zh=(
                f"{where}: {year}年度报告使用了{template}年版格式的表格"
                f"（该格式适用于{span_zh}报告）"
            ),
            message_en=(
                f"{anchor.path}: a {year} report uses the {template} template's tables "
                f"(that template is for {span_en})"
            ),
        )
    )
