"""`check`: the rules within one report, equations precomputed per template."""

from __future__ import annotations

import operator
from bisect import bisect_left
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import cache, lru_cache
from itertools import compress
from typing import cast

import attrs

from govdisclosure._cells import is_symbol_marker as _is_symbol_marker
from govdisclosure._cells import is_word_marker as _is_word_marker
from govdisclosure.checks._findings import (
    RULE_ORDER,
    Finding,
    Operand,
    Severity,
    Side,
    Status,
    _Details,
)
from govdisclosure.checks._narrative import narrative_findings
from govdisclosure.checks._plan import (
    ABSENT,
    NUMBER_TYPES,
    Absent,
    Equation,
    Plan,
    Slot,
    Term,
    compile_equations,
    findings_of,
    heading,
    missing_en,
    missing_zh,
    plan,
    rule,
)
from govdisclosure.layout import (
    MESSAGE_WORDS,
    SECTION_KEYS,
    TEMPLATE_PLACES,
    CellKind,
    CellSpec,
    Row,
    Template,
    fold_characters,
    layout,
    sections,
)
from govdisclosure.model import Report, read_number
from govdisclosure.model._shape import FALLBACK, walk

_MW = MESSAGE_WORDS
_NOT_NUMBER = frozenset((type(None), str, Absent))
"""The classes of a slot holding no number: blank, marker or text, not shown."""
_MONEY_PLACES = 6
"""Decimal places of one fen in units of 10,000 yuan, the largest unit a money cell uses."""


def check(
    report: Report,
    *,
    narrative: bool = False,
    min_severity: Severity | str = Severity.WARNING,
) -> list[Finding]:
    """Return every finding of the rules within one report, in printed order.

    Findings that failed and findings that could not be checked (status ``not_assessable``:
    a blank, a marker or an unshown row among the operands, and some value of it would make
    the rule hold) are both returned; filter on `Finding.status` to keep one kind.
    `min_severity` drops the findings of rules less severe: by default warnings and errors
    come back, ``"info"`` adds the information-level rules (cells not reported, headings out
    of the template's order), ``"error"`` keeps errors only. Rules on a table the report does
    not show give no finding. `narrative` adds the opt-in rules comparing the text with the
    tables. Findings come in the printed order of
    their `Finding.path`, then in catalogue order. Never raises on a valid report.
    """
    least = min_severity if min_severity.__class__ is Severity else Severity(min_severity)
    rules = _rules(report.template)
    values, shown = rules.plan.read(report)
    findings = []
    for table, equations, holds_not in rules.groups:
        if table in shown:  # a table showing no row has nothing to check
            findings += findings_of(equations, holds_not(values), values)
    gaps = _gaps(values)
    _negative_values(rules, values, gaps, findings)
    _money_precision(rules, values, findings)
    texts = [i for i in gaps if isinstance(v := values[i], str) and not is_no_value(v)]
    if texts:
        findings += [_text_finding(rules.plan.specs[i], values[i]) for i in texts]  # type: ignore[arg-type]
        unreported = [i for i in gaps if i not in set(texts)]
    else:
        unreported = gaps
    if report.sections:
        printed, misplaced = _printed(report)
        empty = _missing_tables(
            report, printed, rules, unreported=unreported, shown=shown, findings=findings
        )
        for key, heading, after in misplaced:
            findings.append(_section_finding(key, heading, _SPECS[key].number, after, rules))
    else:
        empty = set()
    if unreported:
        _not_reported(rules, values, unreported, shown - empty if empty else shown, findings)
    _extra_rows(report, rules.plan, findings)
    _template_year(report, rules, findings)
    if narrative:
        findings.extend(narrative_findings(report, rules.plan, values))
    if least is not Severity.INFO:
        findings = [f for f in findings if f.severity >= least]
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
    nonnegative_of: Callable[[Sequence[Slot]], tuple[Slot, ...]]
    """The values at `nonnegative`, picked at C speed."""
    money: tuple[int, ...]
    template_anchors: tuple[tuple[str, tuple[str, ...], int], ...]
    """Per place that shows the template (`layout.TEMPLATE_PLACES`): table, path, first cell."""
    years: tuple[int, int | None]
    """The first and last report year the template is for (None: still in use)."""
    spans: tuple[tuple[str, int, int], ...]
    """Per table: its key and the positions of its first cell and just past its last."""
    span_of: dict[str, tuple[int, int]]
    anchors: dict[str, str]
    """Per table: the path findings about the table as a whole point at (its first cell)."""


@cache
def _rules(template: Template | None) -> _Rules:
    the_plan = plan(template)
    specs = the_plan.specs
    nonnegative = tuple(
        i for i, s in enumerate(specs) if s.column.kind is not CellKind.SIGNED_COUNT
    )
    money = tuple(i for i, s in enumerate(specs) if s.column.kind is CellKind.MONEY)
    places = tuple(
        (table, prefix, first)
        for table, prefix in TEMPLATE_PLACES
        for first in [
            next(
                (
                    i
                    for i, s in enumerate(specs)
                    if s.table == table and s.row.path[: len(prefix)] == prefix
                ),
                -1,
            )
        ]
    )
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
        _picker(nonnegative),
        money,
        places,
        _years(template) if template is not None else (0, None),
        spans := _spans(the_plan),
        {key: (first, end) for key, first, end in spans},
        _anchors(the_plan),
    )


def _picker(positions: tuple[int, ...]) -> Callable[[Sequence[Slot]], tuple[Slot, ...]]:
    if len(positions) == 1:
        (only,) = positions
        return lambda values: (values[only],)
    if not positions:
        return lambda _values: ()
    picker: Callable[[Sequence[Slot]], tuple[Slot, ...]] = operator.itemgetter(*positions)
    return picker


def _spans(the_plan: Plan) -> tuple[tuple[str, int, int], ...]:
    spans: dict[str, list[int]] = {}
    for i, spec in enumerate(the_plan.specs):
        spans.setdefault(spec.table, [i, i])[1] = i + 1
    return tuple((key, first, end) for key, (first, end) in spans.items())


def _anchors(the_plan: Plan) -> dict[str, str]:
    """The first cell of each table; without a template, section 二's first shared path."""
    anchors: dict[str, str] = {}
    for spec in the_plan.specs:
        anchors.setdefault(spec.table, spec.path)
    if "proactive" not in anchors:
        paths = [{c.path for c in layout(t).cells if c.table == "proactive"} for t in Template]
        shared = set.intersection(*paths)
        anchors["proactive"] = next(c.path for c in layout(FALLBACK).cells if c.path in shared)
    return anchors


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
        f"{_outcome_number(outcomes[0][0])}至{_outcome_number(outcomes[-1][0])}{_MW.sum_of}",
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


def _gaps(values: list[Slot]) -> list[int]:
    """The positions of the cells holding no number (blank, marker or text, not shown).

    Found at C speed: ``min`` over every value succeeds only when all are numbers (comparing
    a number with None, a string or ABSENT raises), the common case of a clean report.
    """
    try:
        lowest = min(values, default=0)  # type: ignore[type-var]
    except TypeError:
        pass
    else:
        if lowest.__class__ in NUMBER_TYPES:
            return []
    return list(compress(range(len(values)), map(_NOT_NUMBER.__contains__, map(type, values))))


def _negative_values(
    rules: _Rules, values: list[Slot], gaps: list[int], findings: list[Finding]
) -> None:
    # One ``min`` at C speed over the cells that may not be negative, with the cells holding
    # no number set to 0 in a copy; only a negative leads to the cell-by-cell look.
    if gaps:
        values = values.copy()
        for i in gaps:
            values[i] = 0
    picked = cast("tuple[int | Decimal, ...]", rules.nonnegative_of(values))
    if min(picked, default=0) >= 0:
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
                    f"{_MW.amount} {value} 有 {places} 位小数，细于1分",
                    f"amount {value} has {places} decimal places, finer than one fen",
                )
            )


_SHOWN_TEXT = 24
"""How many characters of a cell's text a message quotes."""
_LONGEST_COUNT = 15
"""No count printed in a report comes near this many digits."""


@lru_cache(maxsize=4096)
def is_no_value(text: str) -> bool:
    """Whether `text` is a no-value marker (``/``, ``-``, ``—``, ``无``, ``不适用``…).

    The readers' own policy: a short run of punctuation or symbols, or one of the words
    reports use for "nothing to report".
    """
    return _is_symbol_marker(text) or _is_word_marker(text)


def _quote(text: str) -> str:
    """`text` for a message: cut after a few characters, with its length when cut."""
    if len(text) <= _SHOWN_TEXT:
        return text
    return f"{text[:_SHOWN_TEXT]}…({len(text)})"


def _text_finding(spec: CellSpec, text: str) -> Finding:
    """`non-numeric-cell`: text in a cell that is neither a number nor a no-value marker."""
    the_rule = rule("non-numeric-cell")
    rule_id = the_rule.id

    def make() -> _Details:
        kind = _MW.amount if spec.column.kind is CellKind.MONEY else _MW.count
        kind_en = "an amount" if spec.column.kind is CellKind.MONEY else "a count"
        folded = fold_characters(text)
        if folded.isdigit() and len(folded) > _LONGEST_COUNT:  # too long to be read at all
            zh = f"{len(folded)}位数字，长于任何可能的{kind}，未读作数字"
            en = f"{len(folded)} digits, longer than any plausible count: not read as a number"
        else:
            zh = f"应为{kind}或无数值标记，却为“{_quote(text)}”"
            en = f"{kind_en} or a no-value marker expected, found “{_quote(text)}”"
        return _Details(
            f"{spec.label}: {zh}",
            f"{spec.path}: {en}",
            (Operand(spec.path, spec.label, text),),
        )

    return Finding.lazy(
        rule_id, the_rule.severity, Status.FAIL, spec.path, f"{rule_id}:{spec.path}", make
    )


def _missing_tables(
    report: Report,
    printed: frozenset[str],
    rules: _Rules,
    *,
    unreported: list[int],
    shown: set[str],
    findings: list[Finding],
) -> set[str]:
    """`missing-table`: a heading of section 二, 三 or 四 printed without its table's values.

    `unreported` are the positions of the cells with no number (blank, no-value marker or
    unshown). Returns the tables that are shown but hold no value at all, whose
    `not-reported` finding would only repeat this one.
    """
    empty: set[str] = set()
    spans = rules.span_of
    report_tables = {key: getattr(report, key) is not None for key in spans}
    report_tables.setdefault("proactive", report.proactive is not None)
    for spec in sections():
        table = spec.table
        if table is None or spec.key not in printed:
            continue
        if table in shown:
            first, end = spans[table]
            if bisect_left(unreported, end) - bisect_left(unreported, first) < end - first:
                continue  # some cell holds a number, or text
            empty.add(table)
        how = "empty" if table in empty else "rowless" if report_tables[table] else "absent"
        findings.append(_missing_table(spec.heading, table, rules.anchors[table], how))
    return empty


def _missing_table(heading: str, table: str, path: str, how: str) -> Finding:
    """`missing-table` for a table that is ``absent``, shows no row (``rowless``) or ``empty``."""
    the_rule = rule("missing-table")

    def make() -> _Details:
        if how == "empty":
            zh, en = "表格的每一格都是空白", f"the {table} table is printed with every cell blank"
        elif how == "rowless":
            zh = "印有标题，但表格没有一行可读"
            en = f"the heading is printed, but no row of the {table} table is"
        else:
            zh, en = "印有标题，但没有表格", f"the heading is printed, the {table} table is not"
        return _Details(f"{heading}: {zh}", f"{path}: {en}")

    return Finding.lazy(
        the_rule.id, the_rule.severity, Status.FAIL, path, f"{the_rule.id}:{table}", make
    )


def _not_reported(
    rules: _Rules,
    values: Sequence[Slot],
    unreported: list[int],
    tables: set[str],
    findings: list[Finding],
) -> None:
    """`not-reported`: per table shown, the cells holding no number (one finding a table)."""
    the_rule = rule("not-reported")
    specs = rules.plan.specs
    for table, first, end in rules.spans:
        if table not in tables:
            continue
        gaps = unreported[bisect_left(unreported, first) : bisect_left(unreported, end)]
        if gaps:
            findings.append(_not_reported_finding(the_rule.id, table, gaps, specs, values))


def _not_reported_finding(
    rule_id: str, table: str, gaps: list[int], specs: Sequence[CellSpec], values: Sequence[Slot]
) -> Finding:
    the_rule = rule(rule_id)
    path = specs[gaps[0]].path

    def make() -> _Details:
        cells = tuple(
            Operand(
                specs[i].path,
                specs[i].label,
                None if values[i] is ABSENT else cast("str | None", values[i]),
                shown=values[i] is not ABSENT,
            )
            for i in gaps
        )
        named = gaps[:_NAMED]
        why_zh = "，".join(missing_zh(specs[i].label, values[i]) for i in named)
        why_en = "; ".join(missing_en(specs[i].path, values[i]) for i in named)
        if len(gaps) > _NAMED:
            why_zh += _MW.and_more
            why_en += f"; and {len(gaps) - _NAMED} more"
        return _Details(
            f"{heading(table)}: {len(gaps)}格未填报数字（{why_zh}）",
            f"{path}: {len(gaps)} cells of the {table} table report no number ({why_en})",
            cells,
            missing=tuple(c.path for c in cells),
        )

    return Finding.lazy(rule_id, the_rule.severity, Status.FAIL, path, f"{rule_id}:{table}", make)


_NAMED = 4
"""How many cells a message names before it counts the rest."""
_NUMBER_ENDS = frozenset("、.,，．: \t")  # noqa: RUF001 - full-width forms quoted on purpose
"""What may follow a section's numeral in its heading (一、 一. 一，)."""


_SPECS = {spec.key: spec for spec in sections()}
_ORDER = {key: n for n, key in enumerate(SECTION_KEYS)}


@lru_cache(maxsize=4096)
def _outline(
    printed: tuple[tuple[str | None, str], ...],
) -> tuple[frozenset[str], tuple[tuple[str, str, bool], ...]]:
    """The template sections a report prints, and those out of order or misnumbered.

    `printed` is every section's key and heading, in printed order. Returns the keys printed
    and, per section out of place, its key, its heading and whether it is out of order (else
    it is misnumbered). Cached: reports of one corpus print the same few outlines.
    """
    problems = []
    latest = -1
    for key, printed_heading in printed:
        if key is None:
            continue
        position = _ORDER[key]
        after = position < latest
        latest = max(latest, position)
        if after or not _numbered(printed_heading, _SPECS[key].number):
            problems.append((key, printed_heading, after))
    return frozenset(k for k, _ in printed if k is not None), tuple(problems)


def _printed(report: Report) -> tuple[frozenset[str], tuple[tuple[str, str, bool], ...]]:
    return _outline(tuple((s.key, s.heading) for s in report.sections))


@lru_cache(maxsize=4096)
def _numbered(heading: str, number: str) -> bool:
    """Whether `heading` starts with the numeral of `number` (``一、``), however punctuated."""
    numeral = number.rstrip("、")
    printed = fold_characters(heading).lstrip()
    return printed.startswith(numeral) and printed[len(numeral) : len(numeral) + 1] in (
        _NUMBER_ENDS
    )


def _section_finding(
    key: str,
    printed: str,
    number: str,
    after: bool,  # noqa: FBT001
    rules: _Rules,
) -> Finding:
    the_rule = rule("section-order")
    table = next((s.table for s in sections() if s.key == key), None)
    path = rules.anchors[table] if table is not None else rules.plan.specs[0].path

    def make() -> _Details:
        if after:
            zh = f"“{printed}”印在模板中排在它之后的部分之后"
            en = f"the {key} section “{printed}” is printed after a section that follows it"
        else:
            zh = f"“{printed}”的编号不是模板的“{number}”"
            en = f"the {key} section “{printed}” is not numbered as the template numbers it"
        return _Details(f"{printed}: {zh}", f"{path}: {en}")

    return Finding.lazy(
        the_rule.id, the_rule.severity, Status.FAIL, path, f"{the_rule.id}:{key}", make
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
    anchor = next(
        rules.plan.specs[first]
        for table, prefix, first in rules.template_anchors
        if walk(getattr(report, table), prefix) is not None
    )
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
    span_zh = f"{first}—{last}{_MW.report_year}" if last is not None else f"{first}年及以后的年度"
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
