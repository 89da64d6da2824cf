"""Tests for govdisclosure.checks: the rules within one report (`check`) and the catalogue."""

from __future__ import annotations

import itertools
import re
from decimal import Decimal

import attrs
import pytest
from hypothesis import given

from govdisclosure import Report, Section, Template
from govdisclosure.checks import RULES, Finding, Severity, Status, check
from govdisclosure.checks._narrative import _fact
from govdisclosure.checks._plan import plan
from govdisclosure.checks._report import decimal_places
from govdisclosure.layout import CellKind, layout
from govdisclosure.model import ApplicationTable, ExtraRow, Results, ReviewLitigationTable, Value
from govdisclosure.strategies import partial_reports, reports

A = "applications."
APPLICANTS = ("natural_person", "commercial", "research", "nonprofit", "legal_service", "other_org")
COLUMNS = (*APPLICANTS, "total")
GROUPS = ("reconsideration", "litigation_direct", "litigation_after_reconsideration")


def zeros(template: str, year: int | None) -> Report:
    """A report of `template` with every cell an explicit 0, as Xiangtan's audit bureau prints."""
    cells: dict[str, Value] = {
        c.path: Decimal(0) if c.column.kind is CellKind.MONEY else 0 for c in layout(template).cells
    }
    return Report.empty(template, organ="湘潭县审计局", year=year).with_cells(cells)


def lines(findings: list[Finding]) -> list[str]:
    """Each finding as its linter line."""
    return [str(f) for f in findings]


def english(findings: list[Finding]) -> list[str]:
    """Each finding's English message."""
    return [f.message_en for f in findings]


def failures(findings: list[Finding]) -> list[Finding]:
    """The findings that failed (not the ones that could not be checked)."""
    return [f for f in findings if f.status is Status.FAIL]


# ------------------------------------------------------------------------------------------
# An oracle written apart from the implementation: which cells each equation rule adds up.


def equations(template: Template) -> dict[str, set[str]]:
    """Every exact-arithmetic equation of `template`, by finding key, with its cell paths."""
    rows = [row.key for row in layout(template).table("applications").rows]
    outcomes = [r for r in rows if r.startswith("results.") and r != "results.total"]
    found: dict[str, set[str]] = {}
    for column in COLUMNS:
        balance = ("new_received", "carried_over", "results.total", "carried_forward")
        found[f"balance:applications.*.{column}"] = {f"{A}{r}.{column}" for r in balance}
        found[f"results-total:applications.results.*.{column}"] = {
            f"{A}{r}.{column}" for r in [*outcomes, "results.total"]
        }
    for row in rows:
        found[f"row-total:applications.{row}.*"] = {f"{A}{row}.{c}" for c in COLUMNS}
    for group in GROUPS:
        found[f"review-total:review_litigation.{group}.*"] = {
            f"review_litigation.{group}.{k}"
            for k in ("upheld", "corrected", "other", "pending", "total")
        }
    return found


def is_number(value: object) -> bool:
    """A printed number: an int or a Decimal (never a blank or a marker)."""
    return isinstance(value, int | Decimal)


# ------------------------------------------------------------------------------------------
# Laws.


def test_xiangtan_all_zero_report_has_no_findings() -> None:
    """The Xiangtan audit bureau's 2020 report (every cell 0, 2019 template) has no findings."""
    report = attrs.evolve(
        zeros("2019", 2020),
        sections=(Section("overview", "一、总体情况", "局网站累计发布各类政务公开信息38条。"),),
    )
    assert [] == check(report)
    assert [] == check(report, narrative=True)


@given(reports())
def test_consistent_reports_have_no_failures(report: Report) -> None:
    """A consistent report fails no warning or error; the others name their blank cells."""
    findings = check(report, min_severity="warning")
    assert [] == failures(findings)
    for finding in findings:
        assert Status.NOT_ASSESSABLE == finding.status
        involved = {c.path: c.value for c in finding.cells}
        assert {p for p, v in involved.items() if not is_number(v)} == set(finding.missing)
        assert finding.missing
        for path in finding.missing:
            assert not is_number(report.get(path))
        assert finding.difference is None
    order = {c.path: i for i, c in enumerate(report.cells())}
    positions = [order[f.path] for f in findings]
    assert sorted(positions) == positions


@given(partial_reports())
def test_check_never_raises_and_points_at_template_cells(report: Report) -> None:
    """Any valid report, however partial, is checked without raising; paths are real cells."""
    template = report.template
    paths = {c.path for c in layout(template or Template.V2021).cells}
    for finding in check(report, narrative=True):
        assert finding.path in paths
        assert finding.rule in RULES
        assert RULES[finding.rule].severity == finding.severity
        assert finding.key.startswith(f"{finding.rule}:")
        assert finding.message_zh
        assert finding.message_en
        if finding.status is Status.FAIL and finding.lhs is not None and not finding.missing:
            assert finding.lhs.value is not None
            assert finding.rhs is not None
            assert finding.rhs.value is not None
            assert finding.lhs.value - finding.rhs.value == finding.difference


# ------------------------------------------------------------------------------------------
# Known answers: hand-built reports, one error each, exact text in both languages.


def test_balance_known_answer() -> None:
    """一 + 二 ≠ （七） + 四 is reported per column, with the labels and values of each term."""
    report = zeros("2021", 2021).with_cells(
        {
            f"{A}new_received.natural_person": 12,
            f"{A}new_received.total": 12,
            f"{A}results.disclosed.natural_person": 10,
            f"{A}results.disclosed.total": 10,
            f"{A}results.total.natural_person": 10,
            f"{A}results.total.total": 10,
            f"{A}carried_forward.natural_person": 1,
            f"{A}carried_forward.total": 1,
        }
    )
    findings = check(report)
    assert [
        (
            "applications.results.total.natural_person: error balance 三、本年度办理结果 （七）总"
            "计 / "
            "自然人: 本年新收 12 + 上年结转 0 ≠ 本年度办理结果总计 10 + 结转下年度继续办理 1 (差 1)"
        ),
        (
            "applications.results.total.total: error balance 三、本年度办理结果 （七）总计 / 总计: "
            "本年新收 12 + 上年结转 0 ≠ 本年度办理结果总计 10 + 结转下年度继续办理 1 (差 1)"
        ),
    ] == lines(findings)
    assert [
        (
            "applications.results.total.natural_person: new_received 12 + carried_over 0 ≠ "
            "results.total 10 + carried_forward 1 (difference 1)"
        ),
        (
            "applications.results.total.total: new_received 12 + carried_over 0 ≠ "
            "results.total 10 + carried_forward 1 (difference 1)"
        ),
    ] == english(findings)
    first = findings[0]
    assert "balance:applications.*.natural_person" == first.key
    assert first.lhs is not None
    assert first.rhs is not None
    assert (12, 11, 1, "=") == (first.lhs.value, first.rhs.value, first.difference, first.relation)
    assert [
        (
            "applications.new_received.natural_person",
            "一、本年新收政府信息公开申请数量 / 自然人",
            12,
        ),
        (
            "applications.carried_over.natural_person",
            "二、上年结转政府信息公开申请数量 / 自然人",
            0,
        ),
        ("applications.results.total.natural_person", "三、本年度办理结果 （七）总计 / 自然人", 10),
        ("applications.carried_forward.natural_person", "四、结转下年度继续办理 / 自然人", 1),
    ] == [(c.path, c.label, c.value) for c in first.cells]


def test_row_and_results_total_known_answer() -> None:
    """A count added to one outcome cell breaks its row total and its column's results total."""
    findings = check(
        zeros("2019", 2020).with_cells({f"{A}results.withheld.state_secret.commercial": 2})
    )
    assert [
        (
            "applications.results.withheld.state_secret.total: error row-total 三、本年度办理结果 "
            "（三）不予公开 1.属于国家秘密 / 总计: 总计 0 ≠ 自然人 0 + 商业企业 2 + 科研机构 0 + "
            "社会公益组织 0 + 法律服务机构 0 + 其他 0 (差 -2)"
        ),
        (
            "applications.results.total.commercial: error results-total 三、本年度办理结果 （七）"
            "总计 / "
            "法人或其他组织 商业企业: （七）总计 0 ≠ （一）至（六）之和 2 (差 -2)"
        ),
    ] == lines(findings)
    assert [
        (
            "applications.results.withheld.state_secret.total: total 0 ≠ natural_person 0 + "
            "commercial 2 + research 0 + nonprofit 0 + legal_service 0 + other_org 0 (difference -"
            "2)"
        ),
        (
            "applications.results.total.commercial: results.total 0 ≠ sum of the outcome rows 2 "
            "(difference -2)"
        ),
    ] == english(findings)
    assert ["row-total:applications.results.withheld.state_secret.*"] == [findings[0].key]


@pytest.mark.parametrize(("template", "year", "count"), [("2019", 2020, 20), ("2021", 2021, 22)])
def test_results_total_adds_every_outcome_row(template: str, year: int, count: int) -> None:
    """（七）总计 is checked against every outcome row: （六） is one row in 2019, three in 2021."""
    report = zeros(template, year).with_cells({f"{A}results.total.research": 1})
    (finding,) = [f for f in check(report) if f.rule == "results-total"]
    key = "results-total:applications.results.*.research"
    assert key == finding.key
    assert count == len(finding.cells)
    assert equations(Template(template))[key] == {c.path for c in finding.cells}


def test_review_total_known_answer() -> None:
    """Section 四 totals are checked per group."""
    findings = check(
        zeros("2021", 2021).with_cells(
            {
                "review_litigation.litigation_direct.total": 3,
                "review_litigation.litigation_direct.upheld": 2,
            }
        )
    )
    assert [
        (
            "review_litigation.litigation_direct.total: error review-total 行政诉讼 未经复议直接起"
            "诉 / "
            "总计: 总计 3 ≠ 结果维持 2 + 结果纠正 0 + 其他结果 0 + 尚未审结 0 (差 1)"
        )
    ] == lines(findings)
    assert [
        (
            "review_litigation.litigation_direct.total: total 3 ≠ upheld 2 + corrected 0 + other 0 "
            "+ pending 0 (difference 1)"
        )
    ] == english(findings)


def test_negative_value_known_answer() -> None:
    """A negative count is an error; the 2019 本年增/减 column may be negative."""
    findings = check(zeros("2021", 2021).with_cells({"proactive.licensing.decisions": -3}))
    assert [
        (
            "proactive.licensing.decisions: error negative-value 第二十条第（五）项 行政许可 / "
            "本年处理决定数量: 数值 -3 为负数"
        )
    ] == lines(findings)
    assert ["proactive.licensing.decisions: negative value -3"] == english(findings)
    assert -3 == findings[0].difference
    assert [] == check(zeros("2019", 2020).with_cells({"proactive.licensing.change": -8}))


def test_negative_value_is_found_beside_blanks() -> None:
    """A negative count is found even when other cells are blank or markers."""
    report = zeros("2019", 2020).with_cells(
        {
            "proactive.penalties.decisions": -1,
            "proactive.rules.made": None,
            "proactive.fees.change": "/",
        }
    )
    assert ["negative-value"] == [f.rule for f in check(report, min_severity="warning")]


def test_money_precision_known_answer() -> None:
    """Money finer than one fen is a warning; 24252.311082 万元 (six places) is fine."""
    assert [] == check(
        zeros("2021", 2021).with_cells({"proactive.fees.amount": Decimal("24252.311082")})
    )
    findings = check(
        zeros("2021", 2021).with_cells({"proactive.fees.amount": Decimal("24252.3110825")})
    )
    assert [
        (
            "proactive.fees.amount: warning money-precision 第二十条第（八）项 行政事业性收费 / "
            "本年收费金额（单位：万元）: 金额 24252.3110825 有 7 位小数，细于1分"
        )
    ] == lines(findings)
    assert [
        "proactive.fees.amount: amount 24252.3110825 has 7 decimal places, finer than one fen"
    ] == english(findings)


@pytest.mark.parametrize(
    ("printed", "places"),
    [("24252.311082", 6), ("1.0000000", 0), ("0.1234567", 7), ("100", 0), ("0E-9", 0)],
)
def test_decimal_places_ignore_trailing_zeros(printed: str, places: int) -> None:
    """Trailing zeros print no finer amount: 1.0000000 needs no decimal place."""
    assert places == decimal_places(Decimal(printed))


def test_extra_row_number_known_answer() -> None:
    """Numbers in a row the template does not have are flagged, anchored to a real cell."""
    base = zeros("2021", 2021)
    assert base.proactive is not None
    proactive = attrs.evolve(
        base.proactive,
        extra_rows=(
            ExtraRow("备注", ("/", "")),
            ExtraRow("其他主动公开文件", ("3", "/", "1,204"), after="normative_documents"),
        ),
    )
    findings = check(attrs.evolve(base, proactive=proactive))
    assert [
        (
            "proactive.normative_documents.issued: warning extra-row-number 二、主动公开政府信息情"
            "况: "
            "模板没有的行“其他主动公开文件”含有数字 3, 1,204"
        )
    ] == lines(findings)
    assert [
        (
            'proactive.normative_documents.issued: the row "其他主动公开文件", which the template '
            "does not have, holds numbers: 3, 1,204"
        )
    ] == english(findings)
    assert "extra-row-number:proactive.extra_rows[其他主动公开文件]" == findings[0].key
    assert [3, 1204] == [c.value for c in findings[0].cells]


def test_published_exceeds_total_known_answer() -> None:
    """2019: 对外公开总数量 below 本年新公开数量 is a warning."""
    findings = check(
        zeros("2019", 2020).with_cells(
            {"proactive.rules.published": 5, "proactive.rules.total_published": 3}
        )
    )
    assert [
        (
            "proactive.rules.total_published: warning published-exceeds-total 第二十条第（一）项 "
            "规章 / "
            "对外公开总数量: 对外公开总数量 3 < 本年新公开数量 5 (差 -2)"
        )
    ] == lines(findings)
    assert ["proactive.rules.total_published: total_published 3 < published 5 (difference -2)"] == (
        english(findings)
    )
    assert "≥" == findings[0].relation


def test_repealed_exceeds_stock_known_answer() -> None:
    """2021: 本年废止件数 above 现行有效件数 + 本年制发件数 is a warning."""
    findings = check(
        zeros("2021", 2021).with_cells(
            {
                "proactive.normative_documents.repealed": 9,
                "proactive.normative_documents.in_force": 3,
                "proactive.normative_documents.issued": 2,
            }
        )
    )
    assert [
        (
            "proactive.normative_documents.repealed: warning repealed-exceeds-stock 第二十条第（一"
            "）项 "
            "行政规范性文件 / 本年废止件数: 本年废止件数 9 > 现行有效件数 3 + 本年制发件数 2 (差 4)"
        )
    ] == lines(findings)
    assert [
        "proactive.normative_documents.repealed: repealed 9 > in_force 3 + issued 2 (difference 4)"
    ] == english(findings)


def test_template_year_known_answers() -> None:
    """2019 tables from 2021 on, or 2021 tables before 2021, are warnings; no year: unknown."""
    old = check(attrs.evolve(zeros("2019", 2020), year=2022))
    assert [
        (
            "proactive.rules.made: warning template-year 二、主动公开政府信息情况: "
            "2022年度报告使用了2019年版格式的表格（该格式适用于2019—2020年度报告）"
        )
    ] == lines(old)
    assert [
        (
            "proactive.rules.made: a 2022 report uses the 2019 template's tables "
            "(that template is for the 2019–2020 reports)"  # noqa: RUF001 - the message's en dash
        )
    ] == english(old)
    early = check(attrs.evolve(zeros("2021", 2021), year=2020))
    assert [
        (
            "proactive.rules.issued: warning template-year 二、主动公开政府信息情况: "
            "2020年度报告使用了2021年版格式的表格（该格式适用于2021年及以后的年度报告）"
        )
    ] == lines(early)
    assert [
        (
            "proactive.rules.issued: a 2020 report uses the 2021 template's tables "
            "(that template is for the reports of 2021 on)"
        )
    ] == english(early)
    unknown = check(attrs.evolve(zeros("2021", 2021), year=None))
    assert [
        (
            "proactive.rules.issued: not_assessable template-year 二、主动公开政府信息情况: "
            "无法核对（报告年度未知）: 表格为2021年版格式"
        )
    ] == lines(unknown)
    assert ("year",) == unknown[0].missing
    assert [] == check(attrs.evolve(zeros("2019", 2020), year=2019))


def test_template_year_anchors_on_other_handling_without_section_two() -> None:
    """Without section 二 the template shows in （六）其他处理, where the finding points."""
    report = attrs.evolve(zeros("2019", 2023), proactive=None)
    assert ["applications.results.other_handling.natural_person"] == [
        f.path for f in check(report) if f.rule == "template-year"
    ]


def test_narrative_known_answer() -> None:
    """Counts the text states are compared with the table's 总计 cells (opt-in)."""
    text = "全年共收到政府信息公开申请70件，办结69件，1件结转下年度。上年结转申请0件。"
    report = attrs.evolve(
        zeros("2021", 2021), sections=(Section("overview", "一、总体情况", text),)
    )
    assert [] == check(report)
    findings = check(report, narrative=True)
    assert [
        (
            "applications.new_received.total: warning narrative-applications 一、本年新收政府信息"
            "公开"
            "申请数量 / 总计: 正文“全年共收到政府信息公开申请70件”为 70，表格为 0 (差 70)"
        ),
        (
            "applications.results.total.total: warning narrative-applications 三、本年度办理结果 "
            "（七）总计 / 总计: 正文“办结69件”为 69，表格为 0 (差 69)"
        ),
        (
            "applications.carried_forward.total: warning narrative-applications 四、结转下年度继续"
            "办理 / "
            "总计: 正文“1件结转下年度”为 1，表格为 0 (差 1)"
        ),
    ] == lines(findings)
    assert [
        (
            "applications.new_received.total: the text “全年共收到政府信息公开申请70件” states 70, "
            "the table 0 (difference 70)"
        ),
        (
            "applications.results.total.total: the text “办结69件” states 69, the table 0 "
            "(difference 69)"
        ),
        (
            "applications.carried_forward.total: the text “1件结转下年度” states 1, the table 0 "
            "(difference 1)"
        ),
    ] == english(findings)


def test_narrative_against_a_blank_total_is_not_assessable() -> None:
    """A stated count met by a blank 总计 cannot be compared: not assessable, never 0."""
    report = attrs.evolve(
        zeros("2021", 2021).with_cells({f"{A}new_received.total": None}),
        preamble="本年度共收到申请3件。",
    )
    found = [f for f in check(report, narrative=True) if f.rule == "narrative-applications"]
    assert [
        (
            "applications.new_received.total: not_assessable narrative-applications 一、本年新收政"
            "府"
            "信息公开申请数量 / 总计: 无法核对（表格为空白）: 正文“本年度共收到申请3件”为 3"
        )
    ] == lines(found)
    assert ("applications.new_received.total",) == found[0].missing


@pytest.mark.parametrize(
    ("clause", "fact"),
    [
        ("全年共收到政府信息公开申请70件", ("applications.new_received.total", 70)),
        ("共收到70件申请", ("applications.new_received.total", 70)),
        ("２０２１年新收申请１２件", ("applications.new_received.total", 12)),
        ("本年度未收到政府信息公开申请", ("applications.new_received.total", 0)),
        ("已全部办结69件", ("applications.results.total.total", 69)),
        ("1件结转下年度继续办理", ("applications.carried_forward.total", 1)),
        ("上年结转申请2件", ("applications.carried_over.total", 2)),
        ("其中自然人申请65件", None),
        ("答复3278件", ("applications.results.total.total", 3278)),
        ("本年新收150件", ("applications.new_received.total", 150)),
        ("办理结果总计152件", ("applications.results.total.total", 152)),
        ("收到行政复议申请3件", None),
        ("收到申请1234567890123456件", None),
        ("办结上年结转申请2件", None),
        ("收到申请70余件", None),
        ("按时办结率100%", None),
        ("全年主动公开政府信息38条", None),
        ("共收到人大代表建议12件", None),
    ],
)
def test_narrative_clauses(clause: str, fact: tuple[str, int] | None) -> None:
    """A clause states a fact only when its wording and its one count are unambiguous."""
    assert fact == _fact(clause)


# ------------------------------------------------------------------------------------------
# Blanks and markers are never 0.


@pytest.mark.parametrize("value", [None, "/", "—", "无"])
def test_blank_or_marker_operand_is_not_assessable(value: Value) -> None:
    """A blank or marked operand that could balance the rule makes it not assessable."""
    report = zeros("2021", 2021).with_cells(
        {f"{A}carried_over.commercial": value, f"{A}carried_forward.commercial": 5}
    )
    findings = check(report)
    assert [] == failures([f for f in findings if f.key == "balance:applications.*.commercial"])
    (balance,) = [f for f in findings if f.key == "balance:applications.*.commercial"]
    assert Status.NOT_ASSESSABLE == balance.status
    assert ("applications.carried_over.commercial",) == balance.missing
    assert balance.lhs is not None
    assert balance.lhs.value is None
    assert balance.difference is None
    shown = "空白" if value is None else f"“{value}”"
    assert (
        "三、本年度办理结果 （七）总计 / 法人或其他组织 商业企业: 无法核对（上年结转为"
        f"{shown}）: 本年新收 0 + 上年结转 ? = 本年度办理结果总计 0 + 结转下年度继续办理 5"
    ) == balance.message_zh


def test_long_not_assessable_messages_name_four_cells_and_count_the_rest() -> None:
    """A rule missing many cells names four in its message and lists them all in `missing`."""
    rows = layout("2019").table("applications").rows
    withheld = [f"{A}{r.key}.research" for r in rows if r.key.startswith("results.withheld.")]
    report = zeros("2019", 2020).with_cells(dict.fromkeys(withheld))
    found = [f for f in check(report) if f.key == "results-total:applications.results.*.research"]
    (finding,) = found
    assert tuple(withheld) == finding.missing
    assert (
        "三、本年度办理结果 （七）总计 / 法人或其他组织 科研机构: 无法核对（（三）1.属于国家秘密为"
        "空白，"
        "（三）2.其他法律行政法规禁止公开为空白，（三）3.危及“三安全一稳定”为空白，"
        "（三）4.保护第三方合法权益为空白，等共8格）: （七）总计 0 = （一）至（六）之和 ?"
    ) == finding.message_zh
    assert finding.message_en.endswith(
        "(results.withheld.state_secret is blank; results.withheld.prohibited_by_law is blank; "
        "results.withheld.security_stability is blank; results.withheld.third_party_rights is "
        "blank; and 4 more): results.total 0 = sum of the outcome rows ?"
    )


def test_unshown_row_is_not_assessable_and_unshown_table_gives_nothing() -> None:
    """A row the report does not show makes its equations not assessable; a missing table none."""
    base = zeros("2021", 2021)
    assert base.applications is not None
    cut = attrs.evolve(base, applications=attrs.evolve(base.applications, carried_forward=None))
    findings = [f for f in check(cut) if f.rule != "not-reported"]
    assert {f"balance:applications.*.{c}" for c in COLUMNS} == {f.key for f in findings}
    assert {Status.NOT_ASSESSABLE} == {f.status for f in findings}
    operand = findings[0].cells[-1]
    assert (False, None) == (operand.shown, operand.value)
    assert "无法核对（结转下年度继续办理未列出）" in findings[0].message_zh
    dropped = check(attrs.evolve(base, applications=None, review_litigation=None))
    assert ["missing-table:applications", "missing-table:review_litigation"] == [
        f.key for f in dropped
    ]
    assert [] == check(attrs.evolve(base, applications=None, review_litigation=None, sections=()))


def test_report_without_a_template_is_checked_on_the_common_cells() -> None:
    """Tables that do not show the template are still checked, except the outcome sums."""
    table = ApplicationTable(results=Results())
    row: dict[str, Value] = {f"{A}new_received.{c}": 0 for c in APPLICANTS}
    report = Report(applications=table, review_litigation=ReviewLitigationTable()).with_cells(
        {**row, f"{A}new_received.natural_person": 2, f"{A}new_received.total": 1}
    )
    assert report.template is None
    assert ["row-total:applications.new_received.*"] == [
        f.key for f in failures(check(report, min_severity="warning"))
    ]
    assert not any(f.rule == "results-total" for f in check(report))
    assert [] == check(Report())


def test_not_assessable_findings_are_returned_and_easy_to_filter() -> None:
    """By default both statuses come back; filtering on status or on accepted keys is a line."""
    report = zeros("2021", 2021).with_cells(
        {
            "review_litigation.reconsideration.total": 1,
            "review_litigation.litigation_direct.total": None,
        }
    )
    findings = check(report, min_severity="warning")
    assert ["fail", "not_assessable"] == [f.status for f in findings]
    accepted = {"review-total:review_litigation.reconsideration.*"}
    assert [Status.NOT_ASSESSABLE] == [f.status for f in findings if f.key not in accepted]


def test_keys_do_not_depend_on_values() -> None:
    """The same broken equation keeps its key whatever the values, so acceptances stick."""
    one = check(zeros("2021", 2021).with_cells({"review_litigation.reconsideration.total": 1}))
    two = check(zeros("2021", 2022).with_cells({"review_litigation.reconsideration.total": 7}))
    assert [f.key for f in one] == [f.key for f in two]


# ------------------------------------------------------------------------------------------
# The catalogue.


def test_rule_catalogue_is_well_formed() -> None:
    """Every rule has a stable slug id, a severity, a one-line description and templates."""
    assert len(RULES) == len({rule.id for rule in RULES.values()})
    for rule_id, rule in RULES.items():
        assert rule_id == rule.id
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.id)
        assert "\n" not in rule.description
        assert rule.description.endswith(".")
        assert rule.templates
        assert set(rule.templates) <= set(Template)
        assert rule.group in {"report", "narrative", "continuity", "aggregate"}
    errors = {r.id for r in RULES.values() if r.severity is Severity.ERROR}
    assert {
        "balance",
        "row-total",
        "results-total",
        "review-total",
        "negative-value",
        "non-numeric-cell",
        "carried-over",
        "aggregate-sum",
    } == errors


@given(partial_reports())
def test_generated_reader_reads_what_the_loop_reads(report: Report) -> None:
    """The generated cell reader gives the same values and shown tables as the plain loop."""
    the_plan = plan(report.template)
    assert the_plan._read(report) == the_plan.read(report)


def test_severities_compare_by_rank() -> None:
    """Severities order info < warning < error under every comparison, and only with each other."""
    from govdisclosure.checks import Severity  # noqa: PLC0415 - the class under test

    ordered = [Severity.INFO, Severity.WARNING, Severity.ERROR]
    for low, high in itertools.pairwise(ordered):
        assert low < high
        assert low <= high
        assert high > low
        assert high >= low
        assert not high < low
    assert ordered == sorted([Severity.ERROR, Severity.INFO, Severity.WARNING])
    assert NotImplemented is Severity.INFO.__lt__("info")
    assert NotImplemented is Severity.INFO.__le__("info")
    assert NotImplemented is Severity.INFO.__gt__("info")
    assert NotImplemented is Severity.INFO.__ge__("info")
