"""Rules across reports: continuity between years, aggregation, and cell-level comparison."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal, localcontext
from functools import cache

from govdisclosure.checks._findings import Difference, Finding
from govdisclosure.checks._plan import (
    ABSENT,
    Absent,
    Equation,
    Plan,
    Slot,
    Term,
    evaluate,
    plan,
    rule,
)
from govdisclosure.checks._report import balance_names
from govdisclosure.layout import Row, Template
from govdisclosure.model import Report, Value
from govdisclosure.model.values import fits

# ------------------------------------------------------------------------------------------
# Continuity: last year's report, then this year's.


def check_continuity(previous: Report, current: Report) -> list[Finding]:
    """Return the findings of the rules linking `previous` (year N-1) to `current` (year N).

    ``carried-over``: this year's 上年结转 equals last year's 结转下年度继续办理, in every column;
    it works across the change of template. ``stock-flow`` (2021 template both years): 现行有效件数
    equals last year's plus this year's 本年制发件数 minus 本年废止件数, per row, as a warning.
    ``previous-items`` and ``published-flow`` (2019 template both years): 上一年项目数量 equals
    last year's plus last year's 本年增/减, and 对外公开总数量 equals last year's plus this year's
    本年新公开数量, as warnings. Section 二 is not compared across the change of template: its
    columns count different things (2019 counts documents made and published, 2021 documents
    issued, repealed and in force). Whether the two reports are the same organ's consecutive
    years is the caller's business. Findings come in the printed order of `current`; never
    raises on valid reports.
    """
    previous_plan, current_plan, equations = _continuity(previous.template, current.template)
    values = previous_plan.values(previous) + current_plan.values(current)
    findings = [f for eq in equations if (f := evaluate(eq, values)) is not None]
    findings.sort(key=lambda f: current_plan.index[f.path])
    return findings


def _rows(the_plan: Plan, table: str, offset: int) -> dict[str, tuple[Row, int]]:
    return {row.key: (row, start + offset) for key, row, start in the_plan.rows if key == table}


@cache
def _continuity(
    previous: Template | None, current: Template | None
) -> tuple[Plan, Plan, tuple[Equation, ...]]:
    before, after = plan(previous), plan(current)
    offset = len(before.specs)  # values are the previous report's, then the current one's
    old = _rows(before, "applications", 0)
    new = _rows(after, "applications", offset)
    names = balance_names({key: row for key, (row, _) in new.items()})
    over_row, over_start = new["carried_over"]
    forward_row, forward_start = old["carried_forward"]
    carried_over = rule("carried-over")
    equations = []
    for i, column in enumerate(over_row.columns):
        this = Term(
            after.specs[over_start - offset + i],
            over_start + i,
            names["carried_over"],
            "carried_over",
            "current",
        )
        last = Term(
            before.specs[forward_start + i],
            forward_start + i,
            f"上年报告的{forward_row.text}",
            "previous carried_forward",
            "previous",
        )
        equations.append(
            Equation(
                carried_over,
                f"carried-over:applications.carried_over.{column.key}",
                this.spec,
                (this,),
                (last,),
            )
        )
    if previous is Template.V2021 and current is Template.V2021:
        equations.extend(_stock_flow(before, after, offset))
    if previous is Template.V2019 and current is Template.V2019:
        equations.extend(_item_flow(before, after, offset))
        equations.extend(_published_flow(before, after, offset))
    return before, after, tuple(equations)


def _flow_terms(
    before: Plan, after: Plan, offset: int, key: str
) -> tuple[dict[str, Term], dict[str, Term], Row] | None:
    """This year's and last year's cells of proactive row `key`, as terms by column."""
    new = _rows(after, "proactive", offset).get(key)
    old = _rows(before, "proactive", 0).get(key)
    if new is None or old is None:  # pragma: no cover - both plans are of the same template
        return None
    row, start = new
    last_row, last_start = old
    this = {
        c.key: Term(after.specs[start - offset + i], start + i, c.label, c.key, "current")
        for i, c in enumerate(row.columns)
    }
    last = {
        c.key: Term(
            before.specs[last_start + i],
            last_start + i,
            f"上年报告的{c.label}",
            f"previous {c.key}",
            "previous",
        )
        for i, c in enumerate(last_row.columns)
    }
    return this, last, row


def _item_flow(before: Plan, after: Plan, offset: int) -> list[Equation]:
    """2019: 上一年项目数量(N) = 上一年项目数量(N−1) + 本年增/减(N−1), per item row."""  # noqa: RUF002 - full-width forms quoted on purpose
    previous_items = rule("previous-items")
    equations = []
    for key, (row, _) in _rows(after, "proactive", offset).items():
        if not {"previous_items", "change"} <= {c.key for c in row.columns}:
            continue
        found = _flow_terms(before, after, offset, key)
        if found is None:  # pragma: no cover
            continue
        this, last, _ = found
        equations.append(
            Equation(
                previous_items,
                f"previous-items:proactive.{key}.*",
                this["previous_items"].spec,
                (this["previous_items"],),
                (last["previous_items"], last["change"]),
            )
        )
    return equations


def _published_flow(before: Plan, after: Plan, offset: int) -> list[Equation]:
    """2019: 对外公开总数量(N) = 对外公开总数量(N−1) + 本年新公开数量(N), per document row."""  # noqa: RUF002 - full-width forms quoted on purpose
    published_flow = rule("published-flow")
    equations = []
    for key, (row, _) in _rows(after, "proactive", offset).items():
        if not {"published", "total_published"} <= {c.key for c in row.columns}:
            continue
        found = _flow_terms(before, after, offset, key)
        if found is None:  # pragma: no cover
            continue
        this, last, _ = found
        equations.append(
            Equation(
                published_flow,
                f"published-flow:proactive.{key}.*",
                this["total_published"].spec,
                (this["total_published"],),
                (last["total_published"], this["published"]),
            )
        )
    return equations


def _stock_flow(before: Plan, after: Plan, offset: int) -> list[Equation]:
    """现行有效件数(N) + 本年废止件数(N) = 现行有效件数(N-1) + 本年制发件数(N), per row.

    The issue's N = N-1 + issued - repealed with the subtraction moved across, so that each
    side is a plain sum.
    """
    stock_flow = rule("stock-flow")
    old = _rows(before, "proactive", 0)
    equations = []
    for key, (row, start) in _rows(after, "proactive", offset).items():
        position = {c.key: i for i, c in enumerate(row.columns)}
        if not {"issued", "repealed", "in_force"} <= position.keys():
            continue
        this = {
            column: Term(
                after.specs[start - offset + i], start + i, row.columns[i].label, column, "current"
            )
            for column, i in position.items()
        }
        last_start = old[key][1]
        last = Term(
            before.specs[last_start + position["in_force"]],
            last_start + position["in_force"],
            f"上年报告的{row.columns[position['in_force']].label}",
            "previous in_force",
            "previous",
        )
        equations.append(
            Equation(
                stock_flow,
                f"stock-flow:proactive.{key}.*",
                this["in_force"].spec,
                (this["in_force"], this["repealed"]),
                (last, this["issued"]),
            )
        )
    return equations


# ------------------------------------------------------------------------------------------
# Aggregation: a compiled report is the cell-wise sum of its members.

EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)
"""A decimal context in which adding printed amounts never rounds (the default keeps 28
significant digits, and a rounded sum would not even be a valid money cell)."""


def aggregate(reports: Iterable[Report], *, blanks_as_zero: bool = False) -> Report:
    """Return the cell-wise sum of `reports`, as a county compiles its departments' reports.

    A cell is summed only when every report prints a number there. A cell where any report
    is blank, holds a marker or does not show the row is left blank in the result, never
    summed as if that were 0; ``check_aggregate(result, reports)`` reports each such cell as
    not assessable and names the contributing cells. With ``blanks_as_zero=True`` those
    contributors count as 0 instead (a choice the caller makes and states). The result
    shows every cell of the template; its year is the reports' common year (else None), its
    title and organ are None, and rows the template lacks (``extra_rows``) are not carried
    over.

    Sums are exact, however many digits they take (`EXACT`). A sum with more digits than a cell
    may hold (`govdisclosure.model.values.MAX_DIGITS`, integer and fraction digits together) is no
    value of the model: that cell is left blank too, never rounded or cut, and
    ``check_aggregate(result, reports)`` reports it as not assessable, naming the contributors.
    So `aggregate` returns a report for any valid reports.

    Raises:
        ValueError: if `reports` is empty, or the reports follow different templates (a
            report whose tables do not show a template joins the others): no report is the
            sum of those. Never for the values the reports hold.
    """
    members = tuple(reports)
    if not members:
        raise ValueError("aggregate needs at least one report")
    known = {r.template for r in members} - {None}
    if len(known) > 1:
        shown = " and ".join(sorted(str(t) for t in known))
        msg = f"cannot aggregate reports of different templates ({shown}): sum each template apart"
        raise ValueError(msg)
    template = known.pop() if known else None
    the_plan = plan(template)
    columns = [the_plan.values(r) for r in members]
    cells: dict[str, Value] = {}
    with localcontext(EXACT):  # sums of amounts are exact however many digits they have
        for i, spec in enumerate(the_plan.specs):
            total: int | Decimal | None = 0
            for values in columns:
                value = values[i]
                if isinstance(value, int | Decimal):
                    total += value  # type: ignore[operator]
                elif not blanks_as_zero:
                    total = None
                    break
            # A sum past the model's digit limit is no value a cell can hold: left blank, as
            # when a contributor is blank (`check_aggregate` names the contributors).
            cells[spec.path] = total if total is None or fits(total) else None
    years = {r.year for r in members}
    year = years.pop() if len(years) == 1 else None
    base = Report.empty(template, year=year) if template is not None else Report(year=year)
    return base.with_cells(cells)


def check_aggregate(parent: Report, children: Iterable[Report]) -> list[Finding]:
    """Return a finding for every cell of `parent` that is not the sum of the `children`'s.

    Every cell the parent shows is compared. A cell is not assessable when the parent's or a
    child's value is blank, a marker, or in a row that report does not show (the finding's
    cells say which report: ``parent`` or ``children[i]``); nothing is counted as 0. So the
    cells `aggregate` left blank come back here, naming their contributors. A child of another
    template contributes the cells the templates share (the others are not shown). Findings
    come in the parent's printed order; never raises on valid reports.
    """
    members = tuple(children)
    top = plan(parent.template)
    parent_values = top.values(parent)
    reads = [(_mapping(top.template, c.template), plan(c.template), c) for c in members]
    member_values = [(mapping, the_plan, the_plan.values(c)) for mapping, the_plan, c in reads]
    findings: list[Finding] = []
    with localcontext(EXACT):
        _compare_cells(top, parent_values, member_values, findings)
    return findings


def _compare_cells(
    top: Plan,
    parent_values: list[Slot],
    member_values: list[tuple[tuple[int | None, ...], Plan, list[Slot]]],
    findings: list[Finding],
) -> None:
    for i, printed in enumerate(parent_values):
        if isinstance(printed, Absent):
            continue
        row: list[Slot] = [printed]
        row.extend(
            ABSENT if (j := mapping[i]) is None else values[j]
            for mapping, _, values in member_values
        )
        try:
            if isinstance(printed, int | Decimal) and printed == sum(row[1:]):  # type: ignore[arg-type]
                continue
        except TypeError:  # a blank, a marker or ABSENT: not assessable, never counted as 0
            pass
        finding = evaluate(_aggregate_equation(top, i, member_values), row)
        if finding is not None:
            findings.append(_built(finding))


def _built(finding: Finding) -> Finding:
    """`finding` with its details built now, inside the exact context its sums need."""
    finding.message_en  # noqa: B018 - builds the details
    return finding


@cache
def _mapping(parent: Template | None, child: Template | None) -> tuple[int | None, ...]:
    """For every cell of the parent's plan, its position in the child's plan (None: absent)."""
    index = plan(child).index
    return tuple(index.get(spec.path) for spec in plan(parent).specs)


def _aggregate_equation(
    top: Plan, i: int, members: list[tuple[tuple[int | None, ...], Plan, list[Slot]]]
) -> Equation:
    spec = top.specs[i]
    children = tuple(
        Term(
            spec if (j := mapping[i]) is None else the_plan.specs[j],
            k + 1,
            f"第{k + 1}份下级报告",
            f"children[{k}]",
            f"children[{k}]",
        )
        for k, (mapping, the_plan, _) in enumerate(members)
    )
    return Equation(
        rule("aggregate-sum"),
        f"aggregate-sum:{spec.path}",
        spec,
        (Term(spec, 0, "上级报告", "parent", "parent"),),
        children,
        rhs_summary=("下级报告之和", "sum of children"),
    )


# ------------------------------------------------------------------------------------------
# Comparison.


def compare(a: Report, b: Report) -> list[Difference]:
    """Return the cells whose values differ between `a` and `b`, in `b`'s printed order.

    Only cells both reports show are compared, so two reports of different templates are
    compared on the cells they share. A number, 0, a blank and a marker are all different
    values; two numbers are the same value however printed (``1.0`` and ``1.00``). `change` is
    ``b - a`` when both are numbers.
    """
    plan_a, plan_b = plan(a.template), plan(b.template)
    values_a, values_b = plan_a.values(a), plan_b.values(b)
    index_a = plan_a.index
    differences = []
    for j, spec in enumerate(plan_b.specs):
        new = values_b[j]
        i = index_a.get(spec.path)
        if i is None or isinstance(new, Absent):
            continue
        old = values_a[i]
        if isinstance(old, Absent) or _same(old, new):
            continue
        change = new - old if _numbers(old, new) else None  # type: ignore[operator]
        differences.append(Difference(spec.path, spec.label, old, new, change))
    return differences


def _numbers(a: Value, b: Value) -> bool:
    return isinstance(a, int | Decimal) and isinstance(b, int | Decimal)


def _same(a: Value, b: Value) -> bool:
    if _numbers(a, b):
        return a == b
    return type(a) is type(b) and a == b
