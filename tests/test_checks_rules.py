"""Tests for govdisclosure.checks: every catalogue rule, the bounds with blanks and the laws."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdisclosure import Report, Template
from govdisclosure import csv as report_csv
from govdisclosure import json as report_json
from govdisclosure.checks import (
    RULES,
    Finding,
    Severity,
    Status,
    aggregate,
    check,
    check_aggregate,
    check_continuity,
)
from govdisclosure.checks._findings import Source, _Details
from govdisclosure.errors import CellValueError
from govdisclosure.layout import CellKind, layout
from govdisclosure.model import ExtraRow, Value
from govdisclosure.model.values import fits
from govdisclosure.strategies import partial_reports, reports

A = "applications."
R = "review_litigation."
APPLICANTS = ("natural_person", "commercial", "research", "nonprofit", "legal_service", "other_org")
COLUMNS = (*APPLICANTS, "total")
GROUPS = ("reconsideration", "litigation_direct", "litigation_after_reconsideration")
OUTCOMES = ("upheld", "corrected", "other", "pending")


def zeros(template: str, year: int | None = None, **cells: Value) -> Report:
    """A report of `template` with every cell 0, then `cells` (``__`` for dots in paths)."""
    values: dict[str, Value] = {
        c.path: Decimal(0) if c.column.kind is CellKind.MONEY else 0 for c in layout(template).cells
    }
    values |= {path.replace("__", "."): value for path, value in cells.items()}
    year = year if year is not None else int(template)
    return Report.empty(template, organ="湘潭县审计局", year=year).with_cells(values)


def with_text(report: Report, key: str, text: str) -> Report:
    """`report` with the text of section `key` replaced."""
    sections = tuple(attrs.evolve(s, text=text) if s.key == key else s for s in report.sections)
    return attrs.evolve(report, sections=sections)


def check_all(report: Report, *, narrative: bool = False) -> list[Finding]:
    """Every finding of `check`, information included."""
    return check(report, narrative=narrative, min_severity="info")


def failing(findings: list[Finding]) -> set[tuple[str, str]]:
    """The (rule, key) of every failed finding."""
    return {(f.rule, f.key) for f in findings if f.status is Status.FAIL}


# ------------------------------------------------------------------------------------------
# Every rule of the catalogue, tripped alone by changing one cell (or one heading or clause)
# of a report that does not break it.

Run = Callable[[Report], list[Finding]]


def _narrative(report: Report) -> list[Finding]:
    return check_all(report, narrative=True)


def _review_with_one_value(upheld: Value) -> Report:
    blank = {f"{R}{g}.{c}": None for g in GROUPS for c in (*OUTCOMES, "total")}
    return zeros("2021").with_cells(blank | {f"{R}reconsideration.upheld": upheld})


def _heading(report: Report, key: str, heading: str) -> Report:
    sections = tuple(
        attrs.evolve(s, heading=heading) if s.key == key else s for s in report.sections
    )
    return attrs.evolve(report, sections=sections)


def _extra(value: str) -> Report:
    report = zeros("2021")
    assert report.proactive is not None
    row = ExtraRow("其他主动公开文件", (value,), after="normative_documents")
    return attrs.evolve(report, proactive=attrs.evolve(report.proactive, extra_rows=(row,)))


def _continuity(template: str, path: str, *, previous: bool = False) -> tuple[Run, Report, Report]:
    last, this = zeros(template, int(template)), zeros(template, int(template) + 1)

    def run(report: Report) -> list[Finding]:
        return check_continuity(report, this) if previous else check_continuity(last, report)

    base = last if previous else this
    return run, base, base.with_cells({path: 1})


def _aggregate() -> tuple[Run, Report, Report]:
    children = [zeros("2021"), zeros("2021")]

    def run(parent: Report) -> list[Finding]:
        return check_aggregate(parent, children)

    parent = aggregate(children)
    return run, parent, parent.with_cells({f"{R}reconsideration.upheld": 1})


def _case(rule_id: str) -> tuple[Run, Report, Report]:  # noqa: C901, PLR0911, PLR0912 - a table
    """The run, the report before and the report after for the one change tripping `rule_id`."""
    if rule_id == "balance":  # the blank 自然人 cell absorbs the row total
        base = zeros("2021", applications__new_received__natural_person=None)
        return check_all, base, base.with_cells({f"{A}new_received.total": 1})
    if rule_id == "row-total":  # the blank （七）总计 / 总计 absorbs the outcome sum
        base = zeros("2021", applications__results__total__total=None)
        return check_all, base, base.with_cells({f"{A}results.disclosed.total": 1})
    if rule_id == "results-total":  # the blank 总计 of the row absorbs the row total
        base = zeros("2019", applications__results__disclosed__total=None)
        return check_all, base, base.with_cells({f"{A}results.disclosed.natural_person": 1})
    if rule_id == "review-total":
        base = zeros("2021")
        return check_all, base, base.with_cells({f"{R}reconsideration.upheld": 1})
    if rule_id == "negative-value":
        base = zeros("2021")
        return check_all, base, base.with_cells({"proactive.licensing.decisions": -3})
    if rule_id == "non-numeric-cell":
        base = zeros("2021")
        return check_all, base, base.with_cells({"proactive.licensing.decisions": "abc"})
    if rule_id == "money-precision":
        base = zeros("2021")
        return check_all, base, base.with_cells({"proactive.fees.amount": Decimal("1.1234567")})
    if rule_id == "not-reported":
        base = zeros("2021")
        return check_all, base, base.with_cells({"proactive.licensing.decisions": None})
    if rule_id == "missing-table":  # the last value of section 四 goes blank
        return check_all, _review_with_one_value(0), _review_with_one_value(None)
    if rule_id == "section-order":
        base = zeros("2021")
        return check_all, base, _heading(base, "problems", "六、存在的主要问题及改进情况")
    if rule_id == "extra-row-number":
        return check_all, _extra("/"), _extra("3")
    if rule_id == "published-exceeds-total":
        base = zeros("2019")
        return check_all, base, base.with_cells({"proactive.rules.published": 1})
    if rule_id == "repealed-exceeds-stock":
        base = zeros("2021")
        return check_all, base, base.with_cells({"proactive.rules.repealed": 1})
    if rule_id == "template-year":
        base = zeros("2021")
        return check_all, base, attrs.evolve(base, year=2020)
    if rule_id == "narrative-applications":
        base = with_text(zeros("2021"), "overview", "共收到政府信息公开申请0件。")
        return _narrative, base, with_text(base, "overview", "共收到政府信息公开申请1件。")
    if rule_id == "narrative-review":
        base = with_text(zeros("2021"), "review_litigation", "行政复议0件。")
        return _narrative, base, with_text(base, "review_litigation", "行政复议1件。")
    if rule_id == "narrative-year":
        base = with_text(zeros("2021"), "overview", "本机关2021年度政府信息公开工作如下。")
        return _narrative, base, with_text(base, "overview", "本机关2020年度政府信息公开工作如下。")
    if rule_id == "narrative-long-number":
        base = with_text(zeros("2021"), "overview", "收到申请0件。")
        return _narrative, base, with_text(base, "overview", f"收到申请{'1' * 20}件。")
    if rule_id == "carried-over":
        return _continuity("2021", f"{A}carried_forward.natural_person", previous=True)
    if rule_id == "stock-flow":
        return _continuity("2021", "proactive.rules.in_force")
    if rule_id == "previous-items":
        return _continuity("2019", "proactive.licensing.previous_items")
    if rule_id == "published-flow":
        return _continuity("2019", "proactive.rules.total_published")
    if rule_id == "aggregate-sum":
        return _aggregate()
    raise AssertionError(rule_id)  # pragma: no cover - every rule has a case


@pytest.mark.parametrize("rule_id", list(RULES))
def test_one_change_trips_exactly_its_rule(rule_id: str) -> None:
    """Each rule has a report it passes and a one-cell change of it that fails it alone."""
    run, before, after = _case(rule_id)
    found = failing(run(after)) - failing(run(before))
    assert {rule_id} == {rule for rule, _ in found}
    for finding in run(after):
        if finding.rule == rule_id:
            assert RULES[rule_id].severity == finding.severity
            assert finding.message_zh
            assert finding.message_en


def test_every_rule_names_its_source() -> None:
    """Each rule says what kind of source it rests on, and that source in a sentence."""
    for rule in RULES.values():
        assert rule.source in set(Source)
        assert rule.why.endswith(".")
        assert rule.basis


# ------------------------------------------------------------------------------------------
# Bounds with blanks.


def _equations(template: Template) -> dict[str, tuple[set[str], set[str]]]:
    """Every exact equation of `template` by finding key, as (left cells, right cells)."""
    rows = [row.key for row in layout(template).table("applications").rows]
    outcomes = [r for r in rows if r.startswith("results.") and r != "results.total"]
    found: dict[str, tuple[set[str], set[str]]] = {}
    for c in COLUMNS:
        found[f"balance:applications.*.{c}"] = (
            {f"{A}new_received.{c}", f"{A}carried_over.{c}"},
            {f"{A}results.total.{c}", f"{A}carried_forward.{c}"},
        )
        found[f"results-total:applications.results.*.{c}"] = (
            {f"{A}results.total.{c}"},
            {f"{A}{r}.{c}" for r in outcomes},
        )
    for r in rows:
        found[f"row-total:applications.{r}.*"] = (
            {f"{A}{r}.total"},
            {f"{A}{r}.{c}" for c in APPLICANTS},
        )
    for g in GROUPS:
        found[f"review-total:review_litigation.{g}.*"] = (
            {f"{R}{g}.total"},
            {f"{R}{g}.{k}" for k in OUTCOMES},
        )
    return found


def _could_hold(cells: dict[str, Value], left: set[str], right: set[str]) -> bool:
    """Whether some non-negative values of the cells holding no number make left = right.

    Each side is an interval: its known sum alone if every cell is a number, else that sum
    and anything above. The equation can hold exactly when the two intervals meet.
    """
    sides = []
    for side in (left, right):
        known = sum(v for p in side if isinstance(v := cells.get(p), int))
        sides.append((known, any(not isinstance(cells.get(p), int) for p in side)))
    (low_l, open_l), (low_r, open_r) = sides
    # [low_l, high_l] meets [low_r, high_r]: each side's top reaches the other's bottom
    return (open_l or low_l >= low_r) and (open_r or low_r >= low_l)


@given(partial_reports(), st.data())
def test_filling_blanks_never_balances_a_failed_equation(
    report: Report, data: st.DataObject
) -> None:
    """A `fail` with blank operands stays a fail whatever non-negative values fill them."""
    findings = [f for f in check_all(report) if f.status is Status.FAIL and f.missing]
    for finding in findings:
        if finding.rule not in {"balance", "row-total", "results-total", "review-total"}:
            continue
        fill = {path: data.draw(st.integers(0, 10**6), label=path) for path in finding.missing}
        filled = report.with_cells(fill, template=report.template)
        (again,) = [f for f in check_all(filled) if f.key == finding.key]
        assert (Status.FAIL, ()) == (again.status, again.missing)
        assert again.difference


@given(partial_reports())
def test_bounded_verdicts_agree_with_intervals(report: Report) -> None:
    """Every exact equation fails or not exactly as the interval reasoning says it must."""
    template = report.template
    if template is None:
        return
    cells = {c.path: c.value for c in report.cells()}
    verdicts = {f.key: f.status for f in check_all(report)}
    for key, (left, right) in _equations(template).items():
        operands = left | right
        if not operands & cells.keys():
            continue  # the report shows none of the equation's cells
        broken = not _could_hold(cells, left, right)
        assert broken == (verdicts.get(key) is Status.FAIL), key


@pytest.mark.parametrize("template", list(Template))
@given(data=st.data())
def test_one_more_in_a_count_fails_every_equation_that_cannot_absorb_it(
    template: Template, data: st.DataObject
) -> None:
    """+1 on a count fails, naming that cell, each equation whose unknowns cannot absorb it."""
    report = data.draw(reports(template))
    cells = {c.path: c.value for c in report.cells()}
    counted = sorted(
        p for p, v in cells.items() if isinstance(v, int) and not p.startswith("proactive.")
    )
    path = data.draw(st.sampled_from(counted))
    value = cells[path]
    assert isinstance(value, int)
    changed = {**cells, path: value + 1}
    expected = {
        key
        for key, (left, right) in _equations(template).items()
        if path in left | right and not _could_hold(changed, left, right)
    }
    found = [
        f
        for f in check_all(report.with_cells({path: value + 1}))
        if f.status is Status.FAIL and f.severity is Severity.ERROR
    ]
    assert expected == {f.key for f in found}
    for finding in found:
        assert path in {c.path for c in finding.cells}
    # an equation through the cell whose operands are all numbers can absorb nothing
    whole = {
        key
        for key, (left, right) in _equations(template).items()
        if path in left | right and all(isinstance(changed.get(p), int) for p in left | right)
    }
    assert whole <= expected


def test_bounded_fail_known_answer() -> None:
    """Known parts above a printed total fail whatever the blank holds, saying by how much."""
    report = zeros("2021", applications__new_received__research=1).with_cells(
        {f"{A}new_received.other_org": None}
    )
    (finding,) = [f for f in check_all(report) if f.rule == "row-total"]
    assert (Status.FAIL, (f"{A}new_received.other_org",)) == (finding.status, finding.missing)
    assert (
        "applications.new_received.total: total 0 ≠ natural_person 0 + commercial 0 + research 1"
        " + nonprofit 0 + legal_service 0 + other_org ? (other_org is blank; the known operands "
        "already add up to 1, more than 0: no non-negative values in those cells can make it "
        "hold)"
    ) == finding.message_en
    assert finding.lhs is not None
    assert finding.rhs is not None
    assert (0, None, 1, None) == (
        finding.lhs.value,
        finding.rhs.value,
        finding.rhs.known,
        finding.difference,
    )


def test_a_signed_unknown_absorbs_anything() -> None:
    """2019 本年增/减 may be negative, so a blank one never makes an item flow fail."""
    last = zeros("2019", 2019, proactive__licensing__previous_items=5)
    this = zeros("2019", 2020)
    found = check_continuity(last.with_cells({"proactive.licensing.change": None}), this)
    (finding,) = [f for f in found if f.rule == "previous-items"]
    assert Status.NOT_ASSESSABLE == finding.status


# ------------------------------------------------------------------------------------------
# Severities.


def test_severities_are_ordered_and_filter_check() -> None:
    """Info < warning < error; `min_severity` (warning by default) keeps those at or above it."""
    assert Severity.INFO < Severity.WARNING < Severity.ERROR
    assert sorted([Severity.ERROR, Severity.INFO, Severity.WARNING]) == [
        Severity.INFO,
        Severity.WARNING,
        Severity.ERROR,
    ]
    report = attrs.evolve(
        zeros("2021", review_litigation__reconsideration__upheld=1).with_cells(
            {"proactive.licensing.decisions": None}
        ),
        year=2020,
    )
    everything = check(report, min_severity="info")
    assert {"info", "warning", "error"} == {f.severity.value for f in everything}
    assert ["error"] == [f.severity for f in check(report, min_severity="error")]
    assert [f for f in everything if f.severity >= Severity.WARNING] == check(report)
    assert check(report) == check(report, min_severity=Severity.WARNING)
    with pytest.raises(ValueError, match="bogus"):
        check(report, min_severity="bogus")


# ------------------------------------------------------------------------------------------
# Cell and structure rules, known answers.


def test_non_numeric_cell_known_answers() -> None:
    """Text that is not a no-value marker is an error quoting it; markers are not."""
    report = zeros("2021").with_cells(
        {
            f"{R}reconsideration.upheld": "abc",
            f"{R}reconsideration.corrected": "/",
            f"{R}reconsideration.other": "不适用",
        }
    )
    found = [f for f in check_all(report) if f.rule == "non-numeric-cell"]
    assert [
        (
            "review_litigation.reconsideration.upheld: error non-numeric-cell 行政复议 / 结果维持: "
            "应为数目或无数值标记，却为“abc”"
        ),
    ] == [str(f) for f in found]
    assert [
        (
            "review_litigation.reconsideration.upheld: a count or a no-value marker expected, "
            "found “abc”"
        ),
    ] == [f.message_en for f in found]


def test_a_digit_run_past_the_limit_never_reaches_a_cell() -> None:
    """A run of more than MAX_DIGITS digits is refused by the model, so no check sees it."""
    with pytest.raises(CellValueError, match="more than 24 digits") as raised:
        zeros("2021").with_cells({"proactive.licensing.decisions": "9" * 5000})
    assert "proactive.licensing.decisions" == raised.value.path


def test_not_reported_lists_a_tables_cells_in_one_finding() -> None:
    """Blanks and markers in one table make one info finding naming every such cell."""
    report = zeros("2021").with_cells(
        {f"{R}reconsideration.upheld": None, f"{R}litigation_direct.total": "/"}
    )
    (finding,) = [f for f in check_all(report) if f.rule == "not-reported"]
    assert (Severity.INFO, Status.FAIL) == (finding.severity, finding.status)
    assert "not-reported:review_litigation" == finding.key
    assert (f"{R}reconsideration.upheld", f"{R}litigation_direct.total") == finding.missing
    assert (
        "review_litigation.reconsideration.upheld: 2 cells of the review_litigation table report "
        "no number (review_litigation.reconsideration.upheld is blank; "
        'review_litigation.litigation_direct.total is "/")'
    ) == finding.message_en


@pytest.mark.parametrize("module", [report_json, report_csv])
def test_a_heading_without_its_table_survives_json_and_csv(module: object) -> None:
    """Section 三's heading with no table is found after a JSON or CSV round trip."""
    report = attrs.evolve(zeros("2021"), applications=None)
    back = module.loads(module.dumps(report))  # type: ignore[attr-defined]
    found = [f for f in check_all(back) if f.rule == "missing-table"]
    assert ["missing-table:applications"] == [f.key for f in found]
    assert [
        (
            "applications.new_received.natural_person: the heading is printed, the applications "
            "table is not"
        )
    ] == [f.message_en for f in found]
    assert [] == [
        f for f in check_all(attrs.evolve(back, sections=())) if f.rule == "missing-table"
    ]


def test_section_order_known_answers() -> None:
    """A section printed after a later one, or misnumbered, is information."""
    base = zeros("2021")
    swapped = attrs.evolve(base, sections=(base.sections[1], base.sections[0], *base.sections[2:]))
    assert ["section-order:overview"] == [f.key for f in check_all(swapped)]
    renumbered = _heading(base, "other_matters", "七、其他需要报告的事项")
    (finding,) = check_all(renumbered)
    assert (
        "七、其他需要报告的事项: “七、其他需要报告的事项”的编号不是模板的“六、”"
        == finding.message_zh
    )
    assert [] == check_all(_heading(base, "overview", "一. 总体情况"))


# ------------------------------------------------------------------------------------------
# Narrative.


@pytest.mark.parametrize(
    ("text", "paths", "stated"),
    [
        (
            "行政诉讼7件",
            (f"{R}litigation_direct.total", f"{R}litigation_after_reconsideration.total"),
            7,
        ),
        ("行政复议20件", (f"{R}reconsideration.total",), 20),
        ("未经复议直接起诉6件", (f"{R}litigation_direct.total",), 6),
        ("复议后起诉1件", (f"{R}litigation_after_reconsideration.total",), 1),
        ("行政复议结果维持3件", (f"{R}reconsideration.upheld",), 3),
        (
            "行政诉讼结果纠正2件",
            (f"{R}litigation_direct.corrected", f"{R}litigation_after_reconsideration.corrected"),
            2,
        ),
    ],
)
def test_narrative_review_reads_section_four(
    text: str, paths: tuple[str, ...], stated: int
) -> None:
    """Each phrasing is compared with its cells of section 四, summed where it names two."""
    report = with_text(zeros("2021"), "review_litigation", f"本年度{text}。")
    (finding,) = [f for f in check_all(report, narrative=True) if f.rule == "narrative-review"]
    assert paths == tuple(c.path for c in finding.cells)
    assert (stated, 0, stated) == (finding.lhs.value, finding.rhs.value, finding.difference)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text",
    ["行政复议和行政诉讼各0件", "其中行政复议3件", "行政复议维持1件纠正1件", "行政复议3起4件"],
)
def test_narrative_review_skips_what_it_cannot_read_for_sure(text: str) -> None:
    """Two facts, a breakdown, two outcomes or two counts in one clause are skipped."""
    report = with_text(zeros("2021"), "review_litigation", text)
    assert [] == check_all(report, narrative=True)


def test_narrative_evidence_points_at_the_clause() -> None:
    """Each narrative finding carries the clause and its place in the text it was read from."""
    text = "本机关2022年度，全年答复3278件，行政诉讼7件。"
    report = with_text(zeros("2021", 2023), "overview", text)
    findings = check_all(report, narrative=True)
    assert ["narrative-applications", "narrative-review", "narrative-year"] == sorted(
        (f.rule for f in findings), key=list(RULES).index
    )
    for finding in findings:
        (statement,) = finding.evidence
        assert ("overview", statement.text) == (
            statement.section,
            text[statement.start : statement.end],
        )
    year = next(f for f in findings if f.rule == "narrative-year")
    assert (
        "proactive.rules.issued: the text “本机关2022年度” reports on 2022, the report is for 2023"
        == (year.message_en)
    )
    compared = with_text(
        zeros("2021", 2023), "overview", "与2022年度相比，本机关2023年度共收到申请0件。"
    )
    assert [] == check_all(compared, narrative=True)


def test_narrative_is_linear_and_never_converts_huge_numbers() -> None:
    """A 100 KB run of digits is read at once, and a 5,000-digit count is not converted."""
    digits = "7" * 100_000
    assert [] == check_all(with_text(zeros("2021"), "overview", digits), narrative=True)
    assert [] == check_all(with_text(zeros("2021"), "overview", f"共{digits}次"), narrative=True)
    huge = with_text(zeros("2021"), "overview", f"收到申请{'8' * 5000}件")
    (long,) = check_all(huge, narrative=True)
    assert ("narrative-long-number", Severity.INFO) == (long.rule, long.severity)
    assert "5000 digits" in long.message_en


# ------------------------------------------------------------------------------------------
# Across years and aggregation.


def test_2019_flows_known_answers() -> None:
    """2019 after 2019: item counts and published totals flow, as warnings."""
    last = zeros(
        "2019", 2019, proactive__licensing__previous_items=5, proactive__licensing__change=-2
    )
    last = last.with_cells({"proactive.rules.total_published": 10})
    this = zeros(
        "2019", 2020, proactive__licensing__previous_items=4, proactive__rules__published=3
    )
    this = this.with_cells({"proactive.rules.total_published": 12})
    assert [
        (
            "proactive.rules.total_published: warning published-flow 第二十条第（一）项 规章 / "
            "对外公开总数量: 对外公开总数量 12 ≠ 上年报告的对外公开总数量 10 + 本年新公开数量 3 "
            "(差 -1)"
        ),
        (
            "proactive.licensing.previous_items: warning previous-items 第二十条第（五）项 行政许可"
            " / 上一年项目数量: 上一年项目数量 4 ≠ 上年报告的上一年项目数量 5 + "
            "上年报告的本年增/减 -2 (差 1)"
        ),
    ] == [str(f) for f in check_continuity(last, this)]
    assert [] == [
        f.rule
        for f in check_continuity(last, zeros("2021", 2021))
        if f.rule in {"previous-items", "published-flow", "stock-flow"}
    ]


def test_aggregate_sums_amounts_past_28_digits_exactly() -> None:
    """Members within the digit limit whose running sum needs 47 digits are summed exactly."""
    # Each amount has at most MAX_DIGITS digits; 10^23 + 10^-23 needs 47, past decimal's default
    # 28-digit context, which would round it to 10^23 and give 0 after the third member.
    big, tiny = Decimal(10**23), Decimal("1E-23")
    assert all(fits(v) for v in (big, tiny, -big))
    members = [zeros("2021").with_cells({"proactive.fees.amount": v}) for v in (big, tiny, -big)]
    parent = aggregate(members)
    assert tiny == parent.get("proactive.fees.amount")
    assert [] == [f for f in check_aggregate(parent, members) if f.status is Status.FAIL]
    off = parent.with_cells({"proactive.fees.amount": Decimal(0)})
    (finding,) = [f for f in check_aggregate(off, members) if f.status is Status.FAIL]
    assert -tiny == finding.difference


# ------------------------------------------------------------------------------------------
# Findings are built lazily and behave as values.


def test_finding_details_are_built_once_and_only_when_read() -> None:
    """A lazy finding calls its builder on first read of a detail, once."""
    calls = []

    def make() -> _Details:
        calls.append(1)
        return _Details("中文", "english")

    finding = Finding.lazy("balance", Severity.ERROR, Status.FAIL, "p", "balance:p", make)
    assert ("balance", "p", []) == (finding.rule, finding.path, calls)
    assert ("english", "中文", ()) == (finding.message_en, finding.message_zh, finding.cells)
    assert [1] == calls
    eager = Finding(
        "balance",
        Severity.ERROR,
        Status.FAIL,
        "p",
        "balance:p",
        message_zh="中文",
        message_en="english",
    )
    assert eager == finding
    assert hash(eager) == hash(finding)
    assert finding == pickle.loads(pickle.dumps(finding))  # noqa: S301 - our own bytes
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        finding.rule = "other"


def test_check_leaves_messages_unbuilt() -> None:
    """`check` returns findings whose messages are not built until read."""
    report = zeros("2021", review_litigation__reconsideration__upheld=1)
    (finding,) = check_all(report)
    assert finding._details is None
    assert finding.message_en.startswith("review_litigation.reconsideration.total: total 0 ≠")
    assert finding._details is not None
