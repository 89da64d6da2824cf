"""Tests for govdisclosure.checks across reports: continuity, aggregation and comparison."""

from __future__ import annotations

import itertools
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govdisclosure import Report
from govdisclosure.checks import (
    Difference,
    Finding,
    Status,
    aggregate,
    check,
    check_aggregate,
    check_continuity,
    compare,
)
from govdisclosure.layout import Template, layout
from govdisclosure.model import Value
from govdisclosure.strategies import markers, partial_reports, reports

A = "applications."
APPLICANTS = ("natural_person", "commercial", "research", "nonprofit", "legal_service", "other_org")
COLUMNS = (*APPLICANTS, "total")
DOCUMENTS = ("rules", "normative_documents")

# Each example below draws two to four reports, and drawing one is most of a test's time:
# these properties run at most 100 examples, even in the thorough profile.
several_reports = settings(max_examples=min(settings().max_examples, 100))


def zeros(template: str, year: int | None) -> Report:
    """A report of `template` with every cell an explicit 0."""
    cells: dict[str, Value] = {
        c.path: Decimal(0) if c.column.kind.value == "money" else 0 for c in layout(template).cells
    }
    return Report.empty(template, organ="湘潭县审计局", year=year).with_cells(cells)


def failures(findings: list[Finding]) -> list[Finding]:
    """The findings that failed (not the ones that could not be checked)."""
    return [f for f in findings if f.status is Status.FAIL]


def is_number(value: object) -> bool:
    """A printed number: an int or a Decimal."""
    return isinstance(value, int | Decimal)


def whole(value: Value) -> int:
    """A drawn count, or 0 where the strategy left a blank or a marker (test data only)."""
    return value if isinstance(value, int) else 0


# ------------------------------------------------------------------------------------------
# A chain of consistent years: each year's 上年结转 is the previous year's 结转下年度, and (2021
# template both years) 现行有效件数 flows from last year's.


def follow(report: Report, previous: Report | None) -> Report:
    """Rewrite `report`'s section 三 and document rows so that it continues `previous`.

    Blanks and markers the strategy left in those rows become 0 here: the chain is test data.
    """
    rows = [r.key for r in layout(report.template or "2021").table("applications").rows]
    outcomes = [r for r in rows if r.startswith("results.") and r != "results.total"]
    grid: dict[str, dict[str, int]] = {r: {} for r in rows}
    for c in APPLICANTS:
        for r in outcomes:
            grid[r][c] = whole(report.get(f"{A}{r}.{c}"))
        total = sum(grid[r][c] for r in outcomes)
        if previous is None:
            over = whole(report.get(f"{A}carried_over.{c}"))
        else:
            over = whole(previous.get(f"{A}carried_forward.{c}"))
        forward = whole(report.get(f"{A}carried_forward.{c}"))
        new = total + forward - over
        if new < 0:  # more carried over than handled: the rest is carried forward again
            forward, new = forward - new, 0
        grid["results.total"][c], grid["carried_over"][c] = total, over
        grid["carried_forward"][c], grid["new_received"][c] = forward, new
    cells: dict[str, Value] = {}
    for r, values in grid.items():
        cells |= {f"{A}{r}.{c}": v for c, v in values.items()}
        cells[f"{A}{r}.total"] = sum(values.values())
    if report.template is Template.V2021:
        for row in DOCUMENTS:
            issued = whole(report.get(f"proactive.{row}.issued"))
            repealed = whole(report.get(f"proactive.{row}.repealed"))
            if previous is not None and previous.template is Template.V2021:
                stock = whole(previous.get(f"proactive.{row}.in_force"))
                repealed = min(repealed, (stock + 2 * issued) // 2)
                in_force = stock + issued - repealed
            else:
                in_force = whole(report.get(f"proactive.{row}.in_force"))
                repealed = min(repealed, in_force + issued)
            cells |= {
                f"proactive.{row}.issued": issued,
                f"proactive.{row}.repealed": repealed,
                f"proactive.{row}.in_force": in_force,
            }
    if report.template is Template.V2019:
        cells |= follow_2019(report, previous)
    return report.with_cells(cells)


def follow_2019(report: Report, previous: Report | None) -> dict[str, Value]:
    """Section 二 cells of a 2019 `report` continuing a 2019 `previous` (items and documents)."""
    same = previous is not None and previous.template is Template.V2019
    cells: dict[str, Value] = {}
    for row in layout("2019").table("proactive").rows:
        keys = {c.key for c in row.columns}
        here = f"proactive.{row.key}."
        if {"previous_items", "change"} <= keys:
            items = whole(report.get(here + "previous_items"))
            if same:
                assert previous is not None
                items = whole(previous.get(here + "previous_items")) + whole(
                    previous.get(here + "change")
                )
            change = max(whole(report.get(here + "change")), -items)
            cells |= {here + "previous_items": items, here + "change": change}
        if {"published", "total_published"} <= keys:
            published = whole(report.get(here + "published"))
            total = whole(report.get(here + "total_published"))
            if same:
                assert previous is not None
                total = whole(previous.get(here + "total_published")) + published
            cells |= {
                here + "published": published,
                here + "total_published": max(total, published),
            }
    return cells


@st.composite
def chains(draw: st.DrawFn, first_years: tuple[int, int] = (2019, 2023)) -> list[Report]:
    """Draw two to three consecutive years of one organ, across the template change."""
    first = draw(st.integers(*first_years))
    chain: list[Report] = []
    for year in range(first, first + draw(st.integers(2, 3))):
        template = Template.V2019 if year <= 2020 else Template.V2021
        report = attrs.evolve(draw(reports(template)), year=year)
        chain.append(follow(report, chain[-1] if chain else None))
    return chain


@several_reports
@given(chains())
def test_a_chain_of_consistent_years_passes(chain: list[Report]) -> None:
    """Consecutive consistent years have no failing continuity finding, nor failing check."""
    for report in chain:
        assert [] == failures(check(report, min_severity="warning"))
    for previous, current in itertools.pairwise(chain):
        assert [] == check_continuity(previous, current)


@several_reports
@given(chains(), st.data())
def test_blanks_between_years_are_not_assessable(chain: list[Report], data: st.DataObject) -> None:
    """A blank or marked carried cell makes continuity not assessable there, never a fail."""
    previous, current = chain[0], chain[1]
    column = data.draw(st.sampled_from(COLUMNS))
    value = data.draw(st.one_of(st.none(), markers()))
    side = data.draw(st.booleans())
    if side:
        previous = previous.with_cells({f"{A}carried_forward.{column}": value})
    else:
        current = current.with_cells({f"{A}carried_over.{column}": value})
    findings = check_continuity(previous, current)
    assert [f"carried-over:applications.carried_over.{column}"] == [f.key for f in findings]
    assert Status.NOT_ASSESSABLE == findings[0].status
    path = f"{A}{'carried_forward' if side else 'carried_over'}.{column}"
    assert (path,) == findings[0].missing


@several_reports
@given(chains(), st.data())
def test_moving_one_unit_between_years_fails_at_exactly_that_cell(
    chain: list[Report], data: st.DataObject
) -> None:
    """One more application carried forward, or carried over, fails that column only."""
    previous, current = chain[0], chain[1]
    column = data.draw(st.sampled_from(COLUMNS))
    if data.draw(st.booleans()):
        path = f"{A}carried_forward.{column}"
        previous = previous.with_cells({path: whole(previous.get(path)) + 1})
        difference = -1
    else:
        path = f"{A}carried_over.{column}"
        current = current.with_cells({path: whole(current.get(path)) + 1})
        difference = 1
    findings = check_continuity(previous, current)
    assert [f"carried-over:applications.carried_over.{column}"] == [
        f.key for f in failures(findings)
    ]
    assert [f"{A}carried_over.{column}"] == [f.path for f in findings]
    assert difference == findings[0].difference
    assert path in {c.path for c in findings[0].cells}


@several_reports
@given(chains(first_years=(2021, 2023)), st.data())
def test_one_more_document_in_force_breaks_the_stock_flow(
    chain: list[Report], data: st.DataObject
) -> None:
    """2021 after 2021: one more 现行有效件数 fails that row's stock flow only."""
    previous, current = chain[0], chain[1]
    row = data.draw(st.sampled_from(DOCUMENTS))
    path = f"proactive.{row}.in_force"
    current = current.with_cells({path: whole(current.get(path)) + 1})
    findings = check_continuity(previous, current)
    assert [f"stock-flow:proactive.{row}.*"] == [f.key for f in findings]
    assert 1 == findings[0].difference


def test_continuity_known_answers() -> None:
    """Both rules read as linter lines with the labels of both years."""
    previous = zeros("2019", 2020).with_cells({f"{A}carried_forward.natural_person": 4})
    current = zeros("2021", 2021).with_cells(
        {f"{A}carried_over.natural_person": 3, "proactive.rules.in_force": 5}
    )
    across = check_continuity(previous, current)
    assert [
        (
            "applications.carried_over.natural_person: error carried-over 二、上年结转政府信息公开"
            "申请"
            "数量 / 自然人: 上年结转 3 ≠ 上年报告的结转下年度继续办理 4 (差 -1)"
        )
    ] == [str(f) for f in across]
    assert [
        (
            "applications.carried_over.natural_person: carried_over 3 ≠ previous carried_forward 4 "
            "(difference -1)"
        )
    ] == [f.message_en for f in across]
    assert ["current", "previous"] == [c.report for c in across[0].cells]
    last = zeros("2021", 2021).with_cells({"proactive.rules.in_force": 2})
    within = check_continuity(last, current)
    assert [
        (
            "proactive.rules.in_force: warning stock-flow 第二十条第（一）项 规章 / 现行有效件数: "
            "现行有效件数 5 + 本年废止件数 0 ≠ 上年报告的现行有效件数 2 + 本年制发件数 0 (差 3)"
        ),
        (
            "applications.carried_over.natural_person: error carried-over 二、上年结转政府信息公开"
            "申请"
            "数量 / 自然人: 上年结转 3 ≠ 上年报告的结转下年度继续办理 0 (差 3)"
        ),
    ] == [str(f) for f in within]
    assert (
        "proactive.rules.in_force: in_force 5 + repealed 0 ≠ previous in_force 2 + issued 0 "
        "(difference 3)"
    ) == within[0].message_en
    assert ["current", "current", "previous", "current"] == [c.report for c in within[0].cells]


def test_continuity_between_unrelated_tables_gives_nothing() -> None:
    """Neither report showing section 三 leaves nothing to compare; one showing it cannot."""
    bare = attrs.evolve(zeros("2021", 2021), applications=None)
    assert [] == check_continuity(bare, bare)
    findings = check_continuity(bare, zeros("2021", 2022))
    assert {Status.NOT_ASSESSABLE} == {f.status for f in findings}
    assert 7 == len(findings)
    assert {False} == {f.cells[1].shown for f in findings}


# ------------------------------------------------------------------------------------------
# Aggregation.


@pytest.mark.parametrize("template", list(Template))
@several_reports
@given(data=st.data())
def test_aggregate_of_children_passes_check_aggregate(
    template: Template, data: st.DataObject
) -> None:
    """The aggregate of generated children fails nothing; cells with a blank child are reported."""
    children = data.draw(st.lists(reports(template), min_size=1, max_size=4))
    parent = aggregate(children)
    findings = check_aggregate(parent, children)
    assert [] == failures(findings)
    unsummed = {
        cell.path for child in children for cell in child.cells() if not is_number(cell.value)
    }
    assert unsummed == {f.path for f in findings}
    for finding in findings:
        assert parent.get(finding.path) is None
        assert finding.path in finding.missing
    assert [] == failures(check(parent, min_severity="warning"))


@pytest.mark.parametrize("template", list(Template))
@several_reports
@given(data=st.data())
def test_one_unit_more_in_one_child_fails_at_exactly_that_cell(
    template: Template, data: st.DataObject
) -> None:
    """Changing one child's cell fails exactly that cell; moving a unit between children passes."""
    children = data.draw(st.lists(reports(template), min_size=2, max_size=3))
    parent = aggregate(children)
    summed = sorted(c.path for c in parent.cells() if is_number(c.value))
    path = data.draw(st.sampled_from(summed))
    k = data.draw(st.integers(0, len(children) - 1))
    value = children[k].get(path)
    assert isinstance(value, int | Decimal)
    changed = list(children)
    changed[k] = children[k].with_cells({path: value + 1})
    findings = failures(check_aggregate(parent, changed))
    assert [f"aggregate-sum:{path}"] == [f.key for f in findings]
    assert -1 == findings[0].difference
    assert f"children[{k}]" in {c.report for c in findings[0].cells}
    other = (k + 1) % len(children)
    taken = children[other].get(path)
    assert isinstance(taken, int | Decimal)
    changed[other] = children[other].with_cells({path: taken - 1})
    assert [] == failures(check_aggregate(parent, changed))


def test_aggregate_leaves_unsummable_cells_blank_unless_asked() -> None:
    """A blank or marker among contributors leaves the cell blank; blanks_as_zero sums it."""
    path = "review_litigation.reconsideration.upheld"
    one = zeros("2021", 2021).with_cells({path: 2})
    two = zeros("2021", 2021).with_cells({path: "/"})
    assert aggregate([one, two]).get(path) is None
    assert 2 == aggregate([one, two], blanks_as_zero=True).get(path)
    assert 4 == aggregate([one, one]).get(path)
    fees = "proactive.fees.amount"
    money = [zeros("2021", 2021).with_cells({fees: Decimal(v)}) for v in ("1.25", "0.005")]
    assert Decimal("1.255") == aggregate(money).get(fees)
    result = aggregate([one, zeros("2021", 2022)])
    assert (None, None, None) == (result.year, result.organ, result.title)
    assert 2021 == aggregate([one, one]).year


def test_check_aggregate_known_answers() -> None:
    """The aggregate rule reads as a linter line naming the parent and the children."""
    path = "review_litigation.reconsideration.upheld"
    children = [zeros("2021", 2021).with_cells({path: v}) for v in (2, None, 1)]
    parent = zeros("2021", 2021).with_cells({path: 4, "review_litigation.reconsideration.total": 4})
    findings = check_aggregate(parent, children)
    assert [
        (
            "review_litigation.reconsideration.upheld: not_assessable aggregate-sum 行政复议 / 结"
            "果维持: "
            "无法核对（第2份下级报告为空白）: 上级报告 4 = 下级报告之和 ?"
        ),
        (
            "review_litigation.reconsideration.total: error aggregate-sum 行政复议 / 总计: "
            "上级报告 4 ≠ 下级报告之和 0 (差 4)"
        ),
    ] == [str(f) for f in findings]
    assert [
        (
            "review_litigation.reconsideration.upheld: not assessable (children[1] is blank): "
            "parent 4 = sum of children ?"
        ),
        "review_litigation.reconsideration.total: parent 4 ≠ sum of children 0 (difference 4)",
    ] == [f.message_en for f in findings]
    assert ("review_litigation.reconsideration.upheld",) == findings[0].missing
    assert ["parent", "children[0]", "children[1]", "children[2]"] == [
        c.report for c in findings[0].cells
    ]


def test_aggregate_refuses_mixed_templates_and_nothing() -> None:
    """Reports of different templates cannot be summed cell by cell, nor can no report."""
    with pytest.raises(ValueError, match="different templates"):
        aggregate([zeros("2019", 2020), zeros("2021", 2021)])
    with pytest.raises(ValueError, match="at least one"):
        aggregate([])


def test_aggregate_joins_reports_without_a_template() -> None:
    """A report whose tables show no template joins the others; its unknown rows stay blank."""
    bare = attrs.evolve(zeros("2021", 2021), proactive=None)
    assert bare.applications is not None
    results = attrs.evolve(bare.applications.results, other_handling=None)
    bare = attrs.evolve(bare, applications=attrs.evolve(bare.applications, results=results))
    assert bare.template is None
    result = aggregate([zeros("2021", 2021), bare])
    assert Template.V2021 == result.template
    assert 0 == result.get(f"{A}new_received.total")
    assert result.get(f"{A}results.other_handling.other.total") is None
    only = aggregate([bare])
    assert only.template is None
    assert 0 == only.get(f"{A}new_received.total")


@several_reports
@given(partial_reports(), partial_reports())
def test_across_never_raise_on_partial_reports(a: Report, b: Report) -> None:
    """Continuity, aggregation checks and comparison take any valid reports, of any templates."""
    check_continuity(a, b)
    check_aggregate(a, [a, b])
    compare(a, b)
    templates = {a.template, b.template} - {None}
    if len(templates) > 1:
        with pytest.raises(ValueError, match="different templates"):
            aggregate([a, b])
        return
    assert [] == failures(check_aggregate(aggregate([a, b]), [a, b]))


# ------------------------------------------------------------------------------------------
# Comparison.


@given(reports())
def test_a_report_does_not_differ_from_itself(report: Report) -> None:
    """Comparing a report with itself finds nothing."""
    assert [] == compare(report, report)


@pytest.mark.parametrize("template", list(Template))
@several_reports
@given(data=st.data())
def test_applying_the_differences_makes_two_reports_agree(
    template: Template, data: st.DataObject
) -> None:
    """Setting a's cells to b's values where they differ leaves no difference."""
    a, b = data.draw(reports(template)), data.draw(reports(template))
    differences = compare(a, b)
    for d in differences:
        if is_number(d.a) and is_number(d.b):
            assert d.b - d.a == d.change  # type: ignore[operator]
        else:
            assert d.change is None
    assert [] == compare(a.with_cells({d.path: d.b for d in differences}), b)


def test_compare_known_answer_across_templates() -> None:
    """Year over year across the template change compares the cells both templates have."""
    a = zeros("2019", 2020).with_cells({f"{A}new_received.total": 3, f"{A}carried_over.total": 1})
    b = zeros("2021", 2021).with_cells(
        {f"{A}new_received.total": 5, f"{A}carried_over.total": None}
    )
    b = b.with_cells({"proactive.rules.issued": 9, "proactive.licensing.decisions": "/"})
    assert [
        Difference(
            "proactive.licensing.decisions",
            "第二十条第（五）项 行政许可 / 本年处理决定数量",
            0,
            "/",
            None,
        ),
        Difference(f"{A}new_received.total", "一、本年新收政府信息公开申请数量 / 总计", 3, 5, 2),
        Difference(
            f"{A}carried_over.total", "二、上年结转政府信息公开申请数量 / 总计", 1, None, None
        ),
    ] == compare(a, b)
    assert [
        'proactive.licensing.decisions: 0 → "/"',
        "applications.new_received.total: 3 → 5 (+2)",
        "applications.carried_over.total: 1 → (blank)",
    ] == [str(d) for d in compare(a, b)]


def test_same_numbers_printed_differently_are_not_differences() -> None:
    """1.0 and 1.00 万元 are the same amount; 0, a blank and a marker all differ."""
    fees = "proactive.fees.amount"
    a = zeros("2021", 2021).with_cells({fees: Decimal("1.0")})
    assert [] == compare(a, a.with_cells({fees: Decimal("1.00")}))
    for other in (None, "/", Decimal("1.01")):
        assert [fees] == [d.path for d in compare(a, a.with_cells({fees: other}))]
