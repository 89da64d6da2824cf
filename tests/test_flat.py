"""Flattened pages (issue 10, items 1 and 7): re-lining, arithmetic-decided splits, section 四.

Fixtures under ``tests/fixtures/families/flattened/`` are made by ``make_flattened.py`` from the
corpus (every line and every row's cells joined without separators);
``tests/fixtures/families/review-shapes/`` holds section 四 printed in the shapes real reports use.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govdisclosure import html, strategies, text
from govdisclosure._reading.arith import BLANK_MARK, row_sums, splits
from govdisclosure._reading.outline import flat_title
from govdisclosure.layout import OUTLINE, Template, layout

FAMILIES = Path(__file__).parent / "fixtures" / "families"
CORPUS = Path(__file__).parent / "fixtures" / "corpus"
_spec = importlib.util.spec_from_file_location("make_flattened", FAMILIES / "make_flattened.py")
assert _spec is not None
assert _spec.loader is not None
make_flattened: Any = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_flattened)

FLAT = sorted((FAMILIES / "flattened").glob("*.txt"))


def _glued(values: list[object]) -> bool:
    """Whether a row's flattened cells run together: two numbers side by side (``0无`` does not)."""
    numbers = [isinstance(v, int | Decimal) and not isinstance(v, bool) for v in values]
    return any(a and b for a, b in pairwise(numbers))


def _same(got: object, expected: object) -> bool:
    return got == expected or str(got) == str(expected)  # money is a string in expect files


def _expected(name: str) -> dict[str, Any]:
    found = CORPUS / name.replace(".txt", ".expect.json")
    if found.exists():
        cells: dict[str, Any] = json.loads(found.read_text("utf-8"))["cells"]
        return cells
    source = CORPUS / name
    result = text.parse(source.read_text("utf-8"))  # the Xiangtan report: its unflattened read
    return {path: result.report.get(path) for path in result.positions}


def _unflattened(name: str) -> Any:
    source = CORPUS / name
    if source.exists():
        return text.parse(source.read_text("utf-8"))
    return html.parse(source.with_suffix(".html").read_bytes())


def test_the_fixtures_are_what_the_script_makes() -> None:
    """The committed flattened copies are the script's output, each one line."""
    for name in make_flattened.SOURCES:
        page = (CORPUS / name).read_text("utf-8")
        if name.endswith(".html"):
            page = make_flattened.scrape(page)
        made = make_flattened.flatten(page) + "\n"
        target = FAMILIES / "flattened" / Path(name).with_suffix(".txt").name
        assert made == target.read_text("utf-8")
        assert made.count("\n") == 1  # one line: no line structure left


@pytest.mark.parametrize("path", FLAT, ids=[p.stem for p in FLAT])
def test_flattened_reports_read_no_wrong_cell(path: Path) -> None:
    """Every cell read is the one the expect file lists; no cell is read that the expect omits."""
    result = text.parse(path.read_text("utf-8"))
    expected = _expected(path.name)
    for cell in result.positions:
        assert cell in expected or cell in _unflattened(path.name).positions, cell
        if cell in expected:
            assert _same(result.report.get(cell), expected[cell]), cell


# How many of the listed cells each flattened copy reads (measured; the rest stay unread with a
# problem, asserted below). The Shanghai page prints its empty cells as &nbsp;, one mark a blank
# cell: its rows are read where the count of cells and marks, or a total, forces the split.
READ = {
    "xiangtan-audit-2020": 198,
    "002-taojiang-audit-2020": 47,
    "009-taojiang-zhabu-township-2021": 4,
    "019-shijiazhuang-education-2021": 7,
    "020-district-education-hybrid-template-2021": 46,
    "023-weishan-liangcheng-town-2020": 36,
    "031-hukou-health-2022": 9,
    "033-wendeng-housing-2019": 20,
    "040-szf2024-city-pdf-page4-2024": 87,  # with its proactive table, before 三
    "001-shanghai-municipal-govt-office-2019": 112,
}


@pytest.mark.parametrize("name", sorted(READ))
def test_flattened_reports_read_the_cells_they_show(name: str) -> None:
    """Each flattened copy reads the measured count of listed cells, right."""
    result = text.parse((FAMILIES / "flattened" / f"{name}.txt").read_text("utf-8"))
    expected = _expected(f"{name}.txt")
    read = [
        c for c in expected if c in result.positions and _same(result.report.get(c), expected[c])
    ]
    assert len(read) == READ[name]


def test_flattened_xiangtan_reads_every_cell_and_its_title_with_positions() -> None:
    """The Xiangtan report on one line reads as its lines do; positions point at the cells."""
    flat = (FAMILIES / "flattened" / "xiangtan-audit-2020.txt").read_text("utf-8")
    result = text.parse(flat)
    original = text.parse((CORPUS / "xiangtan-audit-2020.txt").read_text("utf-8"))
    assert result.report.title == original.report.title
    assert result.report.template is Template.V2019
    assert {p: result.report.get(p) for p in result.positions} == {
        p: original.report.get(p) for p in original.positions
    }
    for path, position in result.positions.items():
        assert position.line == 1
        printed = str(result.report.get(path))
        assert flat[position.column - 1 :].startswith(printed), path
    kinds = {p.kind for p in result.problems}
    assert kinds == {"decided-by-arithmetic"}
    # The sections' narrative is kept verbatim: each is a run of the flattened line.
    for section in result.report.sections:
        for paragraph in section.text.split("\n"):
            assert paragraph in flat


# ------------------------------------------------------------------------------------------------
# The title, organ, year and template of a flattened page

# Flattened copies whose organ is not certain: the organ stays unread (missing-title), the year and
# template are still right.
ORGAN_NOT_CERTAIN = {
    # ``您当前的位置: 首页 >政务公开 >政府信息公开年报`` glued to ``重庆市巴南区…局2023年…``:
    # where the breadcrumb's last item ends and the organ starts, the text does not say.
    "046-cq-banan-market-regulation-2023",
}
WITH_EXPECT = [p for p in FLAT if (CORPUS / p.name.replace(".txt", ".expect.json")).exists()]


@pytest.mark.parametrize("path", WITH_EXPECT, ids=[p.stem for p in WITH_EXPECT])
def test_flattened_reports_read_the_organ_year_and_template(path: Path) -> None:
    """Each flattened corpus copy gives the expect file's organ, year and template.

    Where the organ's start is not certain it is not read (and the title is reported missing),
    never read with the page chrome glued to it.
    """
    expect = json.loads((CORPUS / path.name.replace(".txt", ".expect.json")).read_text("utf-8"))
    result = text.parse(path.read_text("utf-8"))
    report = result.report
    assert report.year == expect["year"]
    assert (report.template.value if report.template else None) == expect["template"]
    if path.stem in ORGAN_NOT_CERTAIN:
        assert report.organ is None
        assert "missing-title" in {p.kind for p in result.problems}
    else:
        assert report.organ == expect["organ"]


def test_flattened_titles_are_cut_from_what_is_glued_around_them() -> None:
    """The title span: from the page's start, the year, or a repeated organ; to the report word."""
    title = "宁强县自然资源局关于2021年度政府信息公开情况的报告"
    cases = {
        # the title starts the page; the preamble glued after it is cut off
        title + "根据《条例》编制本报告。": (0, len(title)),
        # the year starts the title; the page's date line after it is cut off
        "2018年建新镇政府信息公开工作年度报告作者:本站原创": (
            0,
            len("2018年建新镇政府信息公开工作年度报告"),
        ),
        # the page repeats the organ and year under the title: the chrome before it is cut off
        "首页 新闻中心 专题专栏" + title + "宁强县自然资源局关于2021年度…": (12, 12 + len(title)),
    }
    # the organ printed after the title, between spaces (a PDF's text)
    pdf = "编辑: hs 2019-07-14 -2018 年度政府信息公开 年度报告 成都市住房和城乡建设局 2019."
    cases[pdf] = (pdf.index("2018 "), pdf.index("局 2019") + 1)
    for head, span in cases.items():
        assert flat_title(head) == span, head


def test_a_flattened_title_whose_start_is_not_certain_gives_no_organ() -> None:
    """Breadcrumbs, menus and prose glued before the organ: no title, never a wrong organ."""
    title = "重庆市巴南区市场监督管理局2023年政府信息公开工作年度报告"
    heads = (
        "您当前的位置: 首页 >政务公开 >政府信息公开年报" + title,
        "首页 走进巴南 新闻中心 专题专栏" + title,
        "根据《条例》的有关规定,现向社会公布" + title + "。",
        "首页>政务公开2023年建新镇政府信息公开工作年度报告",  # a crumb glued before the year
    )
    for head in heads:
        assert flat_title(head) is None, head
        page = head + "日期:2024-01-30一、总体情况" + "本年度工作顺利。" * 30
        result = text.parse(page)
        assert result.report.organ is None, head
        assert "missing-title" in {p.kind for p in result.problems}, head


@settings(deadline=None)
@given(strategies.reports(blanks=False))
def test_a_flattened_generated_report_reads_its_title_organ_and_year(report: Any) -> None:
    """The title a flattened page starts with is cut from the text glued after it."""
    read = text.parse(_flat_report(report)).report
    assert (read.title, read.organ, read.year) == (report.title, report.organ, report.year)


_CRUMB = st.text(
    alphabet="政务公开信息年报告专栏法定主动内容区县市局重庆巴南", min_size=1, max_size=8
)
_CHROME = st.one_of(
    st.builds(
        lambda nav, colon, crumbs, sep: nav + colon + sep.join(["首页", *crumbs]),
        st.sampled_from(OUTLINE.navigation),
        st.sampled_from(("", ":", "：", ": ")),
        st.lists(_CRUMB, min_size=1, max_size=4),
        st.sampled_from((">", " > ", "»", " ")),
    ),
    st.builds(
        lambda key, value: key + "：" + value,
        st.sampled_from(OUTLINE.chrome_keys + OUTLINE.metadata_keys[1:]),
        st.one_of(_CRUMB, st.just("2024-01-30 10:00")),
    ),
    st.sampled_from(OUTLINE.buttons),
)


@settings(deadline=None)
@given(
    strategies.reports(blanks=False),
    st.lists(_CHROME, min_size=1, max_size=3),
    st.sampled_from(("", " ")),
)
def test_a_flattened_page_behind_chrome_never_gets_a_wrong_organ(
    report: Any, chrome: list[str], glue: str
) -> None:
    """A generated report flattened behind breadcrumbs, widgets or buttons (glued or spaced).

    Its organ is read as printed or not at all, never with the chrome (or part of it) on it.
    """
    page = glue.join(chrome) + glue + _flat_report(report)
    assert text.parse(page).report.organ in {report.organ, None}


def test_unforced_rows_stay_unread_with_a_problem() -> None:
    """The Shanghai page: 规章 ``1313524`` fits its three columns 15 ways; it stays unread."""
    flat = FAMILIES / "flattened" / "001-shanghai-municipal-govt-office-2019.txt"
    result = text.parse(flat.read_text("utf-8"))
    split = {p.path: p for p in result.problems if p.kind == "ambiguous-split"}
    assert "in 15 ways" in split["proactive.rules"].message
    assert "proactive.rules.made" not in result.positions
    assert result.report.get("proactive.rules.made") is None


# ------------------------------------------------------------------------------------------------
# The arithmetic


_APP = layout(Template.V2021).table("applications").rows[0]
_REVIEW = layout(Template.V2021).table("review_litigation").rows


def test_a_row_total_decides_the_split() -> None:
    """71 3 0 0 0 0 74: the only split whose seventh part is the sum of the six."""
    assert splits("713000074", 7, row_sums((_APP,))) == [("71", "3", "0", "0", "0", "0", "74")]
    assert splits("0000000", 7, row_sums((_APP,))) == [("0",) * 7]
    assert splits("1234", 3, ()) is not None
    assert len(splits("1234", 3, ()) or []) == 3


def test_no_leading_zeros_and_no_split_past_the_bounds() -> None:
    """No part but 0 starts with 0; too many digits fit nothing; too many splits: None."""
    assert splits("0102", 2, ()) == [("0", "102")]  # 01 | 02 and 010 | 2 have leading zeros
    assert splits("0102", 3, ()) == [("0", "10", "2")]
    assert splits("1" * 200, 7, row_sums((_APP,))) == []  # more digits than seven cells hold
    assert splits("1" * 160, 7, ()) is None  # far too many splits: not searched through


def test_section_four_glued_is_split_by_its_three_totals() -> None:
    """Fifteen glued digits: each group's 总计 is the sum of its first four."""
    found = splits("100012001300404", 15, row_sums(_REVIEW))
    assert found == [("1", "0", "0", "0", "1", "2", "0", "0", "1", "3", "0", "0", "4", "0", "4")]


def test_rows_across_decide_what_a_row_alone_does_not() -> None:
    """一 ``110000011`` splits two ways (11 | 0 … | 11, 1 | 10 | 0 … | 11); 一 + 二 = 七 + 四 fixes it."""  # noqa: E501
    rows = layout(Template.V2019).table("applications").rows
    labels = {row.key: row.label for row in rows}
    values = {
        "new_received": "11 0 0 0 0 0 11",
        "carried_over": "1 0 0 0 0 0 1",
        "results.total": "12 0 0 0 0 0 12",
        "carried_forward": "0 0 0 0 0 0 0",
    }
    head = (
        "三、收到和处理政府信息公开申请情况申请人情况自然人法人或其他组织"
        "商业企业科研机构社会公益组织法律服务机构其他总计"
    )
    body = "".join(
        labels[row.key]
        + (
            values[row.key].replace(" ", "")
            if row.key in values
            else ("12000001" + "2" if row.key == "results.disclosed" else "0000000")
        )
        for row in rows
    )
    page = "一、总体情况" + "本年度工作顺利。" * 30 + head + body + "五、存在的主要问题及改进情况无"
    result = text.parse(page)
    assert result.report.get("applications.new_received.natural_person") == 11
    assert result.report.get("applications.results.disclosed.natural_person") == 12
    decided = [p for p in result.problems if p.path == "applications.results.disclosed"]
    assert decided
    assert decided[0].kind == "decided-by-arithmetic"
    first = [p for p in result.problems if p.path == "applications.new_received"]
    assert "=" in first[0].message.split("(")[1]  # names the equation across rows


# ------------------------------------------------------------------------------------------------
# Properties


def _flat_report(report: Any) -> str:
    flattened: str = make_flattened.flatten(text.dumps(report))
    return flattened


@settings(deadline=None)
@given(strategies.reports(blanks=False))
def test_flattening_never_reads_a_wrong_cell(report: Any) -> None:
    """Flattened generated reports: every cell is read right or not at all.

    Every split that was taken is recorded as decided by arithmetic.

    Without blanks: a blank cell leaves no trace in glued digits, so a split assumes none (the
    recorded problem says so); with blanks, see the next property.
    """
    result = text.parse(_flat_report(report))
    for path in result.positions:
        assert _same(result.report.get(path), report.get(path)), path
    decided = {p.path for p in result.problems if p.kind == "decided-by-arithmetic"}
    for path in result.positions:
        table, *row, _column = path.split(".")
        row_path = f"{table}.{'.'.join(row)}"
        template = result.report.template or Template.V2021
        columns = layout(template).table(table).row(".".join(row)).columns
        printed = [report.get(f"{row_path}.{column.key}") for column in columns]
        if _glued(printed):
            assert row_path in decided or (
                table == "review_litigation" and "review_litigation.reconsideration" in decided
            ), path


@settings(deadline=None)
@given(strategies.reports())
def test_flattened_rows_no_equation_checks_are_never_misread_even_with_blanks(report: Any) -> None:
    """Section 二 rows (no equation) are split only when all zeros, which blanks cannot fake."""
    result = text.parse(_flat_report(report))
    for path in result.positions:
        if path.startswith("proactive."):
            assert _same(result.report.get(path), report.get(path)), path


@given(st.integers(1, 9999), st.integers(0, 99))
def test_a_balanced_row_is_always_split_right(first: int, second: int) -> None:
    """A row that balances is among the splits found, and every split found balances."""
    parts = (first, second, 0, 0, 0, 0, first + second)
    digits = "".join(map(str, parts))
    found = splits(digits, 7, row_sums((_APP,)))
    assert found is None or tuple(map(str, parts)) in found
    assert found is None or all(sum(map(int, f[:6])) == int(f[6]) for f in found)


# ------------------------------------------------------------------------------------------------
# Section 四 in any shape

_REVIEW_VALUES = {
    "reconsideration": (1, 0, 0, 0, 1),
    "litigation_direct": (2, 0, 0, 1, 3),
    "litigation_after_reconsideration": (0, 0, 4, 0, 4),
}
SHAPES = sorted((FAMILIES / "review-shapes").glob("*.txt"))


@pytest.mark.parametrize("path", SHAPES, ids=[p.stem for p in SHAPES])
def test_section_four_shapes_read_all_fifteen_cells(path: Path) -> None:
    """Three group tables (any order, short headers), or 15 on a line: all 15 cells, right."""
    result = text.parse(path.read_text("utf-8"))
    columns = [c.key for c in _REVIEW[0].columns]
    for row, values in _REVIEW_VALUES.items():
        for column, value in zip(columns, values, strict=True):
            assert result.report.get(f"review_litigation.{row}.{column}") == value
    assert not [p for p in result.problems if (p.path or "").startswith("review_litigation")]


def test_section_four_flattened_is_split_by_its_totals() -> None:
    """Section 四 flattened: its 15 glued digits split by the three groups' totals."""
    page = (
        "一、总体情况" + "本年度工作顺利。" * 30 + "四、政府信息公开行政复议、行政诉讼情况"
        "行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉"
        "结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计"
        "100012001300404五、存在的主要问题及改进情况无"
    )
    result = text.parse(page)
    for row, values in _REVIEW_VALUES.items():
        assert result.report.get(f"review_litigation.{row}.total") == values[-1]
    assert any(p.kind == "decided-by-arithmetic" for p in result.problems)


# ------------------------------------------------------------------------------------------------
# Linear time


def test_a_long_flattened_page_reads_in_linear_time() -> None:
    """Ten times the flattened rows cost about ten times the work, not a hundred.

    The work is counted, not timed: the Python lines the reader executes (a deterministic count,
    unlike a clock on a shared machine). Timings live in the benchmarks' scaling group.
    """
    row = layout(Template.V2021).table("applications").rows[0].label
    head = "一、总体情况" + "本年度工作顺利。" * 30 + "三、收到和处理政府信息公开申请情况申请人情况"

    def page(count: int) -> str:
        return head + "".join(f"{row}{n % 90 + 10}3000000{n % 90 + 13}" for n in range(count))

    def work(count: int) -> int:
        source = page(count)
        executed = 0

        def trace(_frame: Any, event: str, _arg: Any) -> Any:
            nonlocal executed
            if event == "line":
                executed += 1
            return trace

        text.parse(source)  # warm the memos, so both counts measure the same steady state
        outer = sys.gettrace()  # coverage's tracer, when the suite measures coverage
        sys.settrace(trace)
        try:
            text.parse(source + " ")
        finally:
            sys.settrace(outer)
        return executed

    small, large = work(100), work(1000)
    assert large < 15 * small


def test_a_table_word_in_the_breadcrumbs_does_not_cut_the_organ_out_of_them() -> None:
    """Breadcrumbs holding 信息内容 (a section 二 header) glued to the title: no organ.

    Cut there, the tail ``>专湘潭县…`` would read as a title whose organ has the breadcrumb's
    last item glued on. Found by `test_a_flattened_page_behind_chrome_never_gets_a_wrong_organ`.
    """
    head = "首页首页>信息内容>专湘潭县审计局2021年政府信息公开工作年度报告"
    assert flat_title(head) is None
    result = text.parse(head + "一、总体情况" + "本年度工作顺利。" * 30)
    assert result.report.organ is None
    assert "missing-title" in {p.kind for p in result.problems}


def _flat_marked(report: Any) -> str:
    """`report` flattened as a scraper leaves a page whose empty cells hold ``&nbsp;``."""
    out: list[str] = []
    for line in text.dumps(report).splitlines():
        stripped = line.strip()
        if stripped.startswith("|") and len(stripped) > 1:
            cells = [cell.strip() for cell in stripped[1:-1].split("|")]
            out.append("".join(cell or BLANK_MARK for cell in cells))
        else:
            out.append(stripped)
    return "".join(out)


@settings(deadline=None)
@given(strategies.reports())
def test_flattened_pages_that_mark_their_blanks_never_read_a_wrong_cell(report: Any) -> None:
    """Blank cells printed as ``&nbsp;``: every cell, blank ones too, is read right or not at all.

    A blank is never counted as 0, so an equation with a blank in it decides nothing.
    """
    result = text.parse(_flat_marked(report))
    for path in result.positions:
        assert _same(result.report.get(path), report.get(path)), path


def test_blank_marks_are_cells_and_a_blank_checks_nothing() -> None:
    """The Shanghai page flattened: each &nbsp; is a blank cell, and a blank checks nothing.

    A row whose 总计 would need a blank counted as 0 stays unread (``82135``, two marks,
    ``21859`` fits six ways).
    """
    flat = FAMILIES / "flattened" / "001-shanghai-municipal-govt-office-2019.txt"
    result = text.parse(flat.read_text("utf-8"))
    report = result.report
    blank_row = "applications.results.withheld.prohibited_by_law"
    assert all(f"{blank_row}.{c}" in result.positions for c in ("natural_person", "total"))
    assert report.get(f"{blank_row}.natural_person") is None
    assert report.get("applications.results.partially_disclosed.natural_person") == 3
    assert report.get("applications.carried_over.natural_person") == 18
    assert report.get("applications.carried_over.commercial") is None
    assert "applications.new_received.natural_person" not in result.positions
    kinds = {"decided-by-arithmetic", "ambiguous-split"}
    split = {p.path: p.message for p in result.problems if p.kind in kinds}
    assert "each &nbsp; one blank cell" in split["applications.carried_over"]
    assert "fit 7 cells in 6 ways" in split["applications.new_received"]
