"""Tests for govdisclosure.text: reading real published reports and writing the official layout."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdisclosure import ParseError, Report, Template, text
from govdisclosure import json as gjson
from govdisclosure.model import ExtraRow
from govdisclosure.strategies import partial_reports, reports

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus"
EXPECTS = sorted(CORPUS.glob("*.expect.json"))
TEXT_EXPECTS = [p for p in EXPECTS if (CORPUS / json.loads(p.read_text())["file"]).suffix == ".txt"]

# The 2019/2021 hybrid page prints 第二十条第（一）项 with the 2019 headers inside a 2021 table. Its
# expect file records those six cells under 2019 identifiers, which a 2021 table does not have: the
# reader keeps the block verbatim as extra rows instead (checked in test_hybrid_block_is_kept).
HYBRID_CELLS = {
    f"proactive.{row}.{column}"
    for row in ("rules", "normative_documents")
    for column in ("made", "published", "total_published")
}


def _expected_value(path: str, value: Any) -> Any:
    return Decimal(value) if isinstance(value, str) and path.endswith(".amount") else value


# -- the Xiangtan golden report ------------------------------------------------------------------


def test_xiangtan_golden() -> None:
    """The seed report reads whole: 2019 template, metadata, every cell 0, sections in order."""
    result = text.parse((EXAMPLES / "xiangtan-audit-2020.txt").read_text(encoding="utf-8"))
    report = result.report
    assert () == result.problems
    assert (Template.V2019, "湘潭县审计局", 2020) == (report.template, report.organ, report.year)
    assert "湘潭县审计局2020年政府信息公开年度报告" == report.title
    cells = list(report.cells())
    assert 198 == len(cells)
    assert {0} == {cell.value for cell in cells}
    assert [
        ("overview", "一、总体情况"),
        ("proactive", "二、主动公开政府信息情况"),
        ("applications", "三、收到和处理政府信息公开申请情况"),
        ("review_litigation", "四、政府信息公开行政复议、行政诉讼情况"),
        ("problems", "五、工作存在的问题及改进措施"),
        (None, "六、下一步工作打算"),
        ("other_matters", "七、其他需要报告的事项"),
    ] == [(s.key, s.heading) for s in report.sections]
    assert report.other_matters is not None
    assert "无" == report.other_matters.text
    assert report.overview is not None
    assert report.overview.text.startswith("2020年湘潭县审计局在县委、县政府的正确领导下")
    assert 4 == len(report.overview.text.split("\n"))
    assert report == text.loads(text.dumps(report))
    assert report == text.loads(text.dumps(report, style="lines"))


def test_xiangtan_text_and_json_examples_agree() -> None:
    """The shipped text example reads to exactly the shipped JSON example."""
    from_text = text.loads((EXAMPLES / "xiangtan-audit-2020.txt").read_bytes())
    from_json = gjson.loads((EXAMPLES / "xiangtan-audit-2020.json").read_text(encoding="utf-8"))
    assert from_json == from_text


def test_xiangtan_positions_point_at_the_source() -> None:
    """Each cell's position is the line and column its value stands on."""
    source = (EXAMPLES / "xiangtan-audit-2020.txt").read_text(encoding="utf-8")
    result = text.parse(source)
    lines = source.split("\n")
    position = result.positions["applications.results.total.natural_person"]
    assert "0" == lines[position.line - 1][position.column - 1]
    assert "（七）总计" in lines[position.line - 2]
    assert len(result.positions) == 198


# -- the corpus ----------------------------------------------------------------------------------


@pytest.mark.parametrize("expect", TEXT_EXPECTS, ids=lambda p: p.name.split(".")[0])
def test_corpus_files_read_what_they_show(expect: Path) -> None:
    """Every corpus page parses, reading the cells, organ, year and template it shows."""
    expected = json.loads(expect.read_text(encoding="utf-8"))
    result = text.parse((CORPUS / expected["file"]).read_bytes())
    report = result.report
    template = report.template.value if report.template else None
    assert (expected["organ"], expected["year"], expected["template"]) == (
        report.organ,
        report.year,
        template,
    )
    got = {cell.path: cell.value for cell in report.cells()}
    want = {
        path: _expected_value(path, value)
        for path, value in expected["cells"].items()
        if path not in HYBRID_CELLS
    }
    assert want == {path: got.get(path, "absent") for path in want}
    # Money read from text keeps its printed digits.
    for path, value in want.items():
        if isinstance(value, Decimal):
            assert str(value) == str(got[path])


def test_hybrid_block_is_kept() -> None:
    """A 2019 block inside a 2021 section 二 is kept verbatim as extra rows, with a problem."""
    result = text.parse((CORPUS / "020-district-education-hybrid-template-2021.txt").read_bytes())
    assert result.report.proactive is not None
    assert (
        ExtraRow("规章", ("0", "0", "0"), after=None),
        ExtraRow("规范性文件", ("0", "0", "0"), after=None),
    ) == result.report.proactive.extra_rows
    assert ["hybrid-block"] == [p.kind for p in result.problems if p.kind == "hybrid-block"]


@pytest.mark.parametrize(
    "name",
    [p.name for p in sorted(CORPUS.glob("*.txt"))],
)
def test_corpus_files_never_raise_in_parse_and_loads_raises_parse_error(name: str) -> None:
    """`parse` returns for every corpus page; `loads` returns or raises ParseError only."""
    data = (CORPUS / name).read_bytes()
    result = text.parse(data)
    assert isinstance(result.report, Report)
    if result.problems:
        with pytest.raises(ParseError) as caught:
            text.loads(data)
        assert result.problems == caught.value.problems
    else:
        assert result.report == text.loads(data)


def test_cut_off_page_reports_the_cut_row() -> None:
    """A page cut inside a row label says which row was cut, with its line."""
    result = text.parse((CORPUS / "002-taojiang-audit-2020.txt").read_bytes())
    cut = [p for p in result.problems if p.kind == "row-cut-off"]
    assert ["applications.results.withheld.state_secret"] == [p.path for p in cut]
    assert cut[0].line is not None


def test_prose_only_page_knows_nothing_it_does_not_show() -> None:
    """A page with headings but no tables has no template and no tables, and says so."""
    result = text.parse((CORPUS / "011-wuchang-minyi-township-2021.txt").read_bytes())
    report = result.report
    assert (None, None, None, None) == (
        report.template,
        report.proactive,
        report.applications,
        report.review_litigation,
    )
    absent = {p.path for p in result.problems if p.kind == "table-absent"}
    assert {"proactive", "applications", "review_litigation"} == absent


def test_merged_cells_are_not_guessed() -> None:
    """A row whose single value spans merged cells is left absent, with an ambiguous-row problem."""
    result = text.parse((CORPUS / "008-zhashui-fenghuang-town-trad-pinyin-2021.txt").read_bytes())
    assert result.report.applications is not None
    assert result.report.applications.new_received is None
    ambiguous = {p.path for p in result.problems if p.kind == "ambiguous-row"}
    assert "applications.new_received" in ambiguous


def test_local_variant_extra_row_is_kept() -> None:
    """A row the template lacks (Hubei's 其他主动公开文件) is kept with its values."""
    result = text.parse((CORPUS / "026-tianmen-tuoshi-town-local-variant-2020.txt").read_bytes())
    assert result.report.proactive is not None
    (extra,) = result.report.proactive.extra_rows
    assert extra.label.startswith("其他主动公开文件")
    assert ("0", "0", "0") == extra.values
    assert "normative_documents" == extra.after


# -- reading shapes and values ---------------------------------------------------------------------


def _with_table(rows: str) -> str:
    return (
        "某局2021年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（一）项\n"
        "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数\n" + rows
    )


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("规章 | 0 | | / |", (0, None, "/")),
        ("规章 | １２ | 1,234 | — |", (12, 1234, "—")),  # noqa: RUF001 - full-width digits on purpose
        ("規章 | 3 | 无 | 0 |", (3, "无", 0)),
        ("规章 3 0 5", (3, 0, 5)),
        ("| 规章(设区的市应提供) | 0 | 0 | 0 | |", (0, 0, 0)),
    ],
)
def test_cells_keep_numbers_blanks_and_markers_apart(row: str, expected: tuple[Any, ...]) -> None:
    """0, blank and markers stay distinct; full-width digits and separators read as numbers."""
    report = text.parse(_with_table(row)).report
    assert report.proactive is not None
    rules = report.proactive.rules
    assert rules is not None
    assert expected == (rules.issued, rules.repealed, rules.in_force)  # type: ignore[union-attr]


def test_units_are_stripped_and_noted() -> None:
    """A unit glued to a number is stripped, the number kept as printed, and a problem noted."""
    source = (
        "第二十条第（八）项\n信息内容 | 本年收费金额（单位：万元）\n行政事业性收费 | 24.5万元 |\n"
    )
    result = text.parse(source)
    assert result.report.proactive is not None
    assert result.report.proactive.fees is not None
    assert Decimal("24.5") == result.report.proactive.fees.amount  # type: ignore[union-attr]
    (note,) = [p for p in result.problems if p.kind == "unit-stripped"]
    assert ("proactive.fees.amount", 3) == (note.path, note.line)


def test_pdf_text_with_split_labels() -> None:
    """PDF text: one row per line, labels broken across lines and into single characters."""
    source = (
        "三、收到和处理政府信息公开申请情况\n"
        "（本列数据的勾稽关系为：第一项加第二项之和，\n等于第三项加第四项之和）\n申请人情况\n"
        "一、本年新收政府信息公开申请数量 3 1 0 0 0 0 4\n三、\n本\n年\n度\n"
        "（二）部分公开（区分处理的，只计这一情\n形，不计其他情形） 2 0 0 0 0 0 2\n"
        "（四）无 1.本机关不掌握相关政府信息 1 1 0 0 0 0 2\n"
    )
    report = text.parse(source).report
    assert report.applications is not None
    assert 4 == report.get("applications.new_received.total")
    assert 2 == report.get("applications.results.partially_disclosed.natural_person")
    assert 2 == report.get("applications.results.unavailable.not_held.total")


def test_line_endings_and_bom() -> None:
    """CRLF, CR and a UTF-8 byte-order mark read like plain newlines."""
    body = "一、总体情况\n概述\n五、存在的主要问题及改进情况\n问题"
    expected = text.parse(body).report
    assert expected == text.parse(body.replace("\n", "\r\n")).report
    assert expected == text.parse(body.replace("\n", "\r")).report
    assert expected == text.parse(("\ufeff" + body).encode("utf-8")).report


def test_gb18030_bytes_are_decoded() -> None:
    """Bytes in GB18030 are decoded automatically."""
    source = (EXAMPLES / "xiangtan-audit-2020.txt").read_text(encoding="utf-8")
    assert text.loads(source) == text.loads(source.encode("gb18030"))


def test_strict_loads_raises_every_problem() -> None:
    """`loads` raises one ParseError carrying every problem, each with its place."""
    with pytest.raises(ParseError) as caught:
        text.loads("一、总体情况\n概述")
    kinds = {p.kind for p in caught.value.problems}
    assert {"missing-title", "missing-section"} <= kinds
    assert isinstance(caught.value, ValueError)


def test_load_and_dump_file_objects() -> None:
    """`load` and `dump` use text and binary file objects."""
    report = text.loads((EXAMPLES / "xiangtan-audit-2020.txt").read_bytes())
    buffer = io.StringIO()
    text.dump(report, buffer)
    assert report == text.load(io.StringIO(buffer.getvalue()))
    assert report == text.load(io.BytesIO(buffer.getvalue().encode("gb18030")))


# -- writing ---------------------------------------------------------------------------------------


def test_grid_aligns_by_display_width() -> None:
    """Every line of a table grid has the same display width (CJK characters count two)."""
    report = text.loads((EXAMPLES / "xiangtan-audit-2020.txt").read_bytes())
    lines = text.dumps(report).split("\n")
    block = [
        line
        for line in lines
        if line.startswith("| ") and line.count("|") > 3 and "本年新" not in line
    ]
    applications = [line for line in block if line.count("|") == 9]
    assert {text.width(line) for line in applications} == {text.width(applications[0])}


@given(reports(), st.sampled_from(["grid", "lines"]))
def test_round_trip_complete_reports(report: Report, style: text.Style) -> None:
    """A complete report written in either style reads back equal and without problems."""
    assert report == text.loads(text.dumps(report, style=style))


@given(partial_reports(), st.sampled_from(["grid", "lines"]))
def test_round_trip_partial_reports(report: Report, style: text.Style) -> None:
    """A partial report (cut-off tables, missing sections, extra rows) reads back equal."""
    assert report == text.parse(text.dumps(report, style=style)).report


@given(reports(Template.V2021))
def test_money_keeps_its_digits(report: Report) -> None:
    """Money written and read back keeps the exact digits printed."""
    amount = report.get("proactive.fees.amount")
    back = text.loads(text.dumps(report)).get("proactive.fees.amount")
    assert str(amount) == str(back)


def test_numbered_sub_items_are_not_sections() -> None:
    """A numbered sub-item inside a section stays text; a following numbered title is a section."""
    source = (
        "某局2021年政府信息公开工作年度报告\n一、总体情况\n一、加强组织领导\n成立领导小组。\n"
        "五、存在的主要问题及改进情况\n问题\n六、下一步工作打算\n打算\n七、其他需要报告的事项\n无\n"
    )
    report = text.parse(source).report
    assert [
        ("overview", "一、总体情况"),
        ("problems", "五、存在的主要问题及改进情况"),
        (None, "六、下一步工作打算"),
        ("other_matters", "七、其他需要报告的事项"),
    ] == [(s.key, s.heading) for s in report.sections]
    assert report.overview is not None
    assert "一、加强组织领导\n成立领导小组。" == report.overview.text
