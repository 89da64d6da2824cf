"""Tests for govdisclosure.html: reading government web pages and writing the official layout."""

from __future__ import annotations

import importlib
import io
import json
import re
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path
from typing import Any

import html5lib
import lxml.html
import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from govdisclosure import ParseError, Report, Template, check, html, text
from govdisclosure._reading import Kind
from govdisclosure.checks import RULES, Status
from govdisclosure.html import _read
from govdisclosure.layout import layout
from govdisclosure.model import ExtraRow, cell_text
from govdisclosure.strategies import Broken, broken_reports, partial_reports, reports

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = FIXTURES / "corpus"
SHANGHAI = CORPUS / "001-shanghai-municipal-govt-office-2019.html"
PAGES = FIXTURES / "html"
BAD = FIXTURES / "bad" / "html"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _expected_value(path: str, value: Any) -> Any:
    return Decimal(value) if isinstance(value, str) and path.endswith(".amount") else value


def _page(body: str) -> str:
    return f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>{body}</body></html>'


# -- the Shanghai corpus page ----------------------------------------------------------------------


def test_shanghai_page_reads_what_it_shows() -> None:
    """The Shanghai 2019 page reads into the organ, year, template and every cell it shows."""
    expected = json.loads(SHANGHAI.with_name(SHANGHAI.stem + ".expect.json").read_text("utf-8"))
    result = html.parse(SHANGHAI.read_bytes())
    report = result.report
    assert report.template is not None
    assert (expected["organ"], expected["year"], expected["template"]) == (
        report.organ,
        report.year,
        report.template.value,
    )
    want = {path: _expected_value(path, value) for path, value in expected["cells"].items()}
    assert want == {cell.path: cell.value for cell in report.cells()}
    # The only problem is the unit printed in the procurement amount (251000元).
    assert [("unit-stripped", "proactive.procurement.amount")] == [
        (p.kind, p.path) for p in result.problems
    ]


def test_shanghai_blank_cells_stay_blank() -> None:
    """``&nbsp;`` cells are blank (None), never 0, and printed zeros stay 0."""
    report = html.parse(SHANGHAI.read_bytes()).report
    assert report.get("applications.new_received.research") is None
    assert report.get("applications.results.disclosed.total") is None
    assert report.get("review_litigation.litigation_after_reconsideration.total") is None
    assert 0 == report.get("proactive.licensing.previous_items")
    assert Decimal(251000) == report.get("proactive.procurement.amount")


def test_shanghai_sections_and_narrative() -> None:
    """Headings, title and narrative come out of the page's paragraphs in order."""
    report = html.parse(SHANGHAI.read_bytes()).report
    assert "2019年上海市人民政府办公厅政府信息公开工作年度报告" == report.title
    assert [
        "overview",
        "proactive",
        "applications",
        "review_litigation",
        "problems",
        "other_matters",
    ] == [section.key for section in report.sections]
    assert report.preamble.startswith("本年度报告根据《中华人民共和国政府信息公开条例》")
    assert report.other_matters is not None
    assert "无。" == report.other_matters.text
    assert report.overview is not None
    # Escaped markup in the prose is text: 《上海市贯彻<长江三角洲…>实施方案》.
    assert "《上海市贯彻<长江三角洲区域一体化发展规划纲要>实施方案》" in report.overview.text


def test_shanghai_positions_point_at_the_cells() -> None:
    """Each cell's position is the line and column of its ``<td`` start tag in the source."""
    source = SHANGHAI.read_text(encoding="utf-8")
    result = html.parse(source)
    lines = source.split("\n")
    for path, shown in [
        ("applications.results.total.total", "805"),
        ("proactive.rules.made", "13"),
        ("review_litigation.reconsideration.total", "7"),
    ]:
        position = result.positions[path]
        at = lines[position.line - 1][position.column - 1 :]
        assert at.startswith("<td")
        assert f">{shown}</p></td>" == re.search(r">[^<>]*</p></td>", at)[0]  # type: ignore[index]


def test_spanning_cells_are_not_copied_into_the_rows_they_span() -> None:
    """A label with rowspan adds nothing to later rows; a value with colspan is one value."""
    found, _ = _read.lines(SHANGHAI.read_text(encoding="utf-8"))
    by_label = {line.cells[0].text: line.cells for line in found if line.cells}
    # 2.其他法律行政法规禁止公开 sits under （三）不予公开 (rowspan 8) and 三、… (rowspan 20).
    prohibited = next(cells for label, cells in by_label.items() if label.startswith("2.其他"))
    assert 1 + 7 + 1 == len(prohibited)
    assert [Kind.TEXT, *[Kind.BLANK] * 7, Kind.END] == [t.kind for t in prohibited]
    # 规章 | 13 | 13 (colspan 2) | 524: three values, not four.
    assert ["规章", "13", "13", "524", ""] == [t.text for t in by_label["规章"]]


# -- whole pages and encodings ---------------------------------------------------------------------


def test_full_page_with_chrome_reads_like_the_bare_report() -> None:
    """A whole GB2312 page (navigation, sidebar, layout table, scripts) reads as the bare report."""
    data = (PAGES / "shanghai-2019-full-page-gb2312.html").read_bytes()
    assert b"charset=gb2312" in data
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert html.parse(SHANGHAI.read_bytes()).report == html.parse(data).report


def test_gb18030_page_without_declaration() -> None:
    """A page saved in GB18030 that declares nothing is decoded as GB18030."""
    data = (PAGES / "shanghai-2019-gb18030-undeclared.html").read_bytes()
    assert b"charset" not in data
    assert html.parse(SHANGHAI.read_bytes()).report == html.parse(data).report


def test_gb2312_declaration_reads_characters_beyond_gb2312() -> None:
    """A page declaring gb2312 is decoded as GB18030, its superset (𠀀 and € are not in GB2312)."""
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        "</head><body><p>某局2021年政府信息公开工作年度报告</p><p>一、总体情况</p>"
        "<p>𠀀 € 镕</p></body></html>"
    )
    data = page.encode("gb18030")
    with pytest.raises(UnicodeEncodeError):
        page.encode("gb2312")
    report = html.parse(data).report
    assert report.overview is not None
    assert "𠀀 € 镕" == report.overview.text


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'<meta charset="GBK">', "gbk"),
        (b"<meta charset=gb2312 />", "gb2312"),
        (b'<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=GB2312">', "gb2312"),
        (b'<?xml version="1.0" encoding="gb18030"?>', "gb18030"),
        (b'<meta charset="utf-16">', None),
        (b"<p>no declaration</p>", None),
    ],
)
def test_declared_charset(head: bytes, expected: str | None) -> None:
    """The charset is read from ``<meta charset>``, ``http-equiv`` or the XML declaration."""
    assert expected == _read.declared_charset(b"<html><head>" + head)


def test_utf8_bom_and_xml_declaration() -> None:
    """A UTF-8 byte-order mark and an XML declaration in a str are no obstacle."""
    body = "<p>某局2021年政府信息公开工作年度报告</p><p>一、总体情况</p><p>概述</p>"
    expected = html.parse(_page(body)).report
    assert expected == html.parse(b"\xef\xbb\xbf" + _page(body).encode()).report
    xhtml = '<?xml version="1.0" encoding="gbk"?>\r\n' + _page(body)
    assert expected == html.parse(xhtml).report


# -- reading page bodies ---------------------------------------------------------------------------


def test_chrome_is_ignored() -> None:
    """Navigation, headers, footers, scripts, styles, hidden parts and link lists are not read."""
    page = _page(
        "<header><h1>某市人民政府门户网站</h1></header>"
        "<nav><a>首页</a> 一、总体情况</nav>"
        '<ul class="related"><li><a href="/2018">2018年某局政府信息公开工作年度报告</a></li></ul>'
        "<script>document.write('二、主动公开政府信息情况')</script><style>p{}</style>"
        '<div style="display: none">五、存在的主要问题及改进情况</div>'
        "<article><header><h1>某局2021年政府信息公开工作年度报告</h1></header>"
        "<p>一、总体情况</p><p>本机关依法公开。</p></article>"
        "<footer>主办单位：某局 一、总体情况</footer>"
    )
    result = html.parse(page)
    report = result.report
    assert ("某局2021年政府信息公开工作年度报告", 2021) == (report.title, report.year)
    assert [("overview", "本机关依法公开。")] == [(s.key, s.text) for s in report.sections]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("0", 0),
        ("&nbsp;", None),
        ("", None),
        ("\u3000", None),
        ("<p class=MsoNormal><span>&nbsp;</span><o:p></o:p></p>", None),
        ("<p><span lang=EN-US>12</span><o:p></o:p></p>", 12),
        ("/", "/"),
        ("<p>无</p>", "无"),
        ("１,２３４", 1234),  # noqa: RUF001 - full-width digits on purpose
    ],
)
def test_cells_keep_numbers_blanks_and_markers_apart(cell: str, expected: Any) -> None:
    """0, blank (``&nbsp;``, empty, Word's empty paragraphs) and markers stay distinct."""
    page = _page(
        "<p>二、主动公开政府信息情况</p><table>"
        "<tr><td colspan=4>第二十条第（一）项</td></tr>"
        "<tr><td>信息内容</td><td>本年制<br>发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>"
        f"<tr><td><p>规章</p></td><td>{cell}</td><td>7</td><td>7</td></tr></table>"
    )
    report = html.parse(page).report
    assert Template.V2021 == report.template
    assert expected == report.get("proactive.rules.issued")


def test_report_inside_a_layout_table() -> None:
    """A report laid out inside the cell of a page-layout table is read, its tables as tables."""
    inner = (
        "<p>某局2021年政府信息公开工作年度报告</p><p>四、政府信息公开行政复议、行政诉讼情况</p>"
        "<table><tr><td colspan=5>行政复议</td><td colspan=10>行政诉讼</td></tr>"
        "<tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>"
        "<td colspan=5>未经复议直接起诉</td><td colspan=5>复议后起诉</td></tr>"
        "<tr>" + "<td>1</td>" * 15 + "</tr></table>"
    )
    page = _page(f"<table><tr><td>导航</td><td>{inner}</td></tr></table>")
    report = html.parse(page).report
    assert report.review_litigation is not None
    assert 1 == report.get("review_litigation.litigation_after_reconsideration.total")


def test_preformatted_text_keeps_its_lines() -> None:
    """A report pasted into ``<pre>`` is read line by line, as text is."""
    source = (EXAMPLES / "xiangtan-audit-2020.txt").read_text(encoding="utf-8")
    page = _page(f"<pre>{source.replace('&', '&amp;').replace('<', '&lt;')}</pre>")
    assert text.loads(source) == html.loads(page)


def test_hidden_text_in_a_cell_and_captions() -> None:
    """Hidden text inside a cell is not read; a caption is read as a line before the rows."""
    page = _page(
        "<p>某局2021年政府信息公开工作年度报告</p><table><caption>二、主动公开政府信息情况</caption>"
        "<tr><td colspan=4>第二十条第（一）项</td></tr>"
        "<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>"
        '<tr><td>规章</td><td><span style="display:none">9</span>1</td><td>2</td><td>3</td></tr>'
        "</table>"
    )
    report = html.parse(page).report
    assert ["proactive"] == [section.key for section in report.sections]
    assert 1 == report.get("proactive.rules.issued")


@pytest.mark.parametrize(
    "layout_table",
    [
        "<table><tr><td>{}</td></tr></table>",  # one column
        "<table><tr><td>导航</td><td>{}" + "。" * 300 + "</td></tr></table>",  # long text
    ],
)
def test_layout_tables_are_read_as_page_text(layout_table: str) -> None:
    """A table laying out the page is read as the text it holds, its headings as headings."""
    body = "<p>某局2021年政府信息公开工作年度报告</p><p>一、总体情况</p><p>概述</p>"
    report = html.parse(_page(layout_table.format(body))).report
    assert ("某局2021年政府信息公开工作年度报告", ["overview"]) == (
        report.title,
        [section.key for section in report.sections],
    )


def test_lone_surrogates_in_text_are_replaced() -> None:
    """Text that cannot be encoded (a lone surrogate) is read with the character replaced."""
    report = html.parse(
        _page("<p>某局2021年政府信息公开工作年度报告</p><p>一、总体情况</p><p>a\ud800b</p>")
    )
    assert report.report.overview is not None
    assert "a?b" == report.report.overview.text


@pytest.mark.parametrize("depth", [257, 300, 2000])
def test_page_nested_deeper_than_libxml2s_default_is_read_whole(depth: int) -> None:
    """Sections inside more than 256 levels of elements, and what follows, are all read."""
    page = _page(
        "<p>某局2021年政府信息公开工作年度报告</p>"
        + "<div>" * depth
        + "<p>一、总体情况</p><p>深处的文字。</p>"
        + "</div>" * depth
        + "<p>五、存在的主要问题及改进情况</p><p>之后的文字。</p>"
    )
    result = html.parse(page)
    texts = [(s.key, s.text) for s in result.report.sections]
    assert [("overview", "深处的文字。"), ("problems", "之后的文字。")] == texts
    assert "page-too-deep" not in {p.kind for p in result.problems}


def test_page_nested_past_lxmls_limit_says_where_it_stops() -> None:
    """Past 2,048 levels the rest of a page cannot be read: a problem says so, with its place."""
    page = "<p>某局2021年政府信息公开工作年度报告</p>\n" + "<div>" * 3000 + "<p>一、总体情况</p>"
    deep = [p for p in html.parse(page).problems if p.kind == "page-too-deep"]
    assert [2] == [p.line for p in deep]
    with pytest.raises(ParseError) as caught:
        html.loads(page)
    assert "page-too-deep" in {p.kind for p in caught.value.problems}


def test_section_heading_printed_as_a_table_row() -> None:
    """A section heading printed as a one-cell row of the table still opens its section."""
    page = _page(
        "<p>某局2021年政府信息公开工作年度报告</p><table>"
        "<tr><td colspan=4>二、主动公开政府信息情况</td></tr>"
        "<tr><td colspan=4>第二十条第（一）项</td></tr>"
        "<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>"
        "<tr><td>规章</td><td>1</td><td>2</td><td>3</td></tr>"
        "<tr><td colspan=4>三、收到和处理政府信息公开申请情况</td></tr></table>"
    )
    report = html.parse(page).report
    assert ["proactive", "applications"] == [section.key for section in report.sections]
    assert (1, 2, 3) == tuple(
        report.get(f"proactive.rules.{c}") for c in ("issued", "repealed", "in_force")
    )


def test_empty_and_unparseable_input_returns_problems() -> None:
    """Empty text, whitespace and non-HTML bytes give problems, not exceptions."""
    for source in ("", "   \n", b"\x00\xff\xfe garbage", "<", b""):
        result = html.parse(source)
        assert "missing-title" in {p.kind for p in result.problems}


def test_parse_refuses_other_types() -> None:
    """A wrong argument type is a programming error: TypeError, not a problem."""
    with pytest.raises(TypeError, match="str or bytes"):
        html.parse(3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Report"):
        html.dumps("report")  # type: ignore[arg-type]


# -- problems and strictness -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind", "path", "line", "column"),
    [
        ("merged-value-cells", "ambiguous-row", "applications.new_received", 10, 5),
        ("value-spans-rows", "ambiguous-row", "proactive.normative_documents", 10, 5),
        ("table-as-image", "table-absent", "proactive", 8, 1),
        ("unknown-row", "unknown-row", "proactive", 11, 5),
        ("cut-off-page", "row-cut-off", "proactive.normative_documents", 10, 5),
    ],
)
def test_bad_pages_say_what_and_where(
    name: str, kind: str, path: str, line: int, column: int
) -> None:
    """Each bad page gives its problem at the element's line and column; `loads` raises it."""
    data = (BAD / f"{name}.html").read_bytes()
    result = html.parse(data)
    assert (kind, path, line, column) in {
        (p.kind, p.path, p.line, p.column) for p in result.problems
    }
    with pytest.raises(ParseError) as caught:
        html.loads(data)
    assert result.problems == caught.value.problems


def test_merged_value_cell_is_not_guessed() -> None:
    """One value merged across seven columns is left absent, never spread or copied."""
    report = html.parse((BAD / "merged-value-cells.html").read_bytes()).report
    assert report.applications is not None
    assert report.applications.new_received is None
    assert 0 == report.get("applications.carried_over.total")


def test_unknown_row_is_kept() -> None:
    """A row the template lacks is kept verbatim as an extra row after the row before it."""
    report = html.parse((BAD / "unknown-row.html").read_bytes()).report
    assert report.proactive is not None
    assert (
        ExtraRow("其他主动公开文件", ("12", "12", "40"), after="normative_documents"),
    ) == report.proactive.extra_rows


def test_load_and_dump_file_objects() -> None:
    """`load` reads text and binary file objects; `dump` writes text and binary (UTF-8)."""
    report = text.loads((EXAMPLES / "xiangtan-audit-2020.txt").read_bytes())
    written = io.StringIO()
    html.dump(report, written)
    assert report == html.load(io.StringIO(written.getvalue()))
    binary = io.BytesIO()
    html.dump(report, binary)
    assert written.getvalue().encode("utf-8") == binary.getvalue()
    assert report == html.load(io.BytesIO(binary.getvalue()))


# -- writing ---------------------------------------------------------------------------------------


@given(reports())
def test_round_trip_complete_reports(report: Report) -> None:
    """A complete report of either template written as HTML reads back equal, without problems."""
    assert report == html.loads(html.dumps(report))


@given(partial_reports())
def test_round_trip_partial_reports(report: Report) -> None:
    """A partial report (cut tables, missing sections, extra rows) reads back equal."""
    assert report == html.parse(html.dumps(report)).report


@given(reports(Template.V2021))
def test_money_keeps_its_digits(report: Report) -> None:
    """Money written and read back keeps the exact digits printed."""
    amount = report.get("proactive.fees.amount")
    assert str(amount) == str(html.loads(html.dumps(report)).get("proactive.fees.amount"))


def test_text_is_escaped_and_spaces_kept() -> None:
    """Markup characters in text are escaped; runs of spaces survive the trip."""
    report = Report(
        title="某局2021年政府信息公开工作年度报告",
        organ="某局",
        year=2021,
        preamble='<script>alert("x")</script> & a  b   c',
    )
    page = html.dumps(report)
    assert "<script>" not in page
    assert report == html.parse(page).report


@given(partial_reports())
def test_output_is_well_formed_xml_and_html5(report: Report) -> None:
    """The page parses with a strict XML parser and with html5lib's strict HTML5 parser."""
    page = html.dumps(report)
    assert page.startswith("<!DOCTYPE html>\n")
    root = ET.fromstring(page)  # noqa: S314 - our own output, no entities
    assert "utf-8" == root.find("head/meta").get("charset")  # type: ignore[union-attr]
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    parser.parse(page)
    assert [] == parser.errors


def _cells(table: ET.Element) -> dict[str, ET.Element]:
    return {"".join(cell.itertext()): cell for cell in table.iter("th")}


def _spans(cell: ET.Element) -> tuple[int, int]:
    return int(cell.get("rowspan", "1")), int(cell.get("colspan", "1"))


@pytest.mark.parametrize("template", list(Template))
def test_merged_headers_follow_the_official_tables(template: Template) -> None:
    """Header cells merge as the official tables do (corner, 申请人情况, 行政复议, captions…)."""
    report = Report.empty(
        template, organ="某局", year=2021, title="某局2021年政府信息公开工作年度报告"
    )
    root = ET.fromstring(html.dumps(report))  # noqa: S314 - our own output
    proactive, applications, review = root.iter("table")
    lay = layout(template)

    two = lay.table("proactive")
    heads = _cells(proactive)
    width = max(len(block.columns) for block in two.blocks)
    for block in two.blocks:
        assert (1, 1 + width) == _spans(heads[block.caption])
    if template is Template.V2021:
        assert (1, 3) == _spans(heads[two.blocks[1].columns[0].label])

    three = lay.table("applications")
    heads = _cells(applications)
    columns = three.rows[0].columns
    assert (3, 3) == _spans(heads[three.corner or ""])
    assert (1, 7) == _spans(heads[three.header or ""])
    assert (1, 5) == _spans(heads[three.column_groups[0]])
    assert (2, 1) == _spans(heads[columns[0].label])  # 自然人
    assert (2, 1) == _spans(heads[columns[-1].label])  # 总计
    results = three.groups[0]
    rows_under_results = sum(1 for row in three.rows if results in row.parents)
    assert (20 if template is Template.V2019 else 22, 1) == (rows_under_results, 1)
    assert (rows_under_results, 1) == _spans(heads[results.label])
    for group in three.groups[1:]:
        assert (sum(1 for row in three.rows if group in row.parents), 1) == _spans(
            heads[group.label]
        )

    four = lay.table("review_litigation")
    cells = list(review.iter("th"))
    by_text = {"".join(c.itertext()): c for c in cells}
    assert (1, 5) == _spans(by_text[four.column_groups[0]])
    assert (1, 10) == _spans(by_text[four.column_groups[1]])
    assert (1, 5) == _spans(by_text[four.rows[1].label])
    assert (1, 5) == _spans(by_text[four.rows[2].label])
    outcomes = [c for c in cells if "".join(c.itertext()) == four.rows[0].columns[0].label]
    assert [(2, 1), (1, 1), (1, 1)] == [_spans(c) for c in outcomes]


def _table_model_errors(table: Any) -> list[str]:
    """Overlapping cells, cells spanning past the last row, and columns where no cell starts."""
    rows = _read._rows(table)
    placed = _read.grid(rows)
    errors = []
    taken: set[tuple[int, int]] = set()
    for row in placed:
        for cell in row:
            if int(cell.cell.get("rowspan", "1")) > cell.rows:
                errors.append(f"row {cell.row}: rowspan past the last row")
            slots = {
                (cell.row + r, cell.column + c)
                for r in range(cell.rows)
                for c in range(cell.columns)
            }
            if slots & taken:
                errors.append(f"row {cell.row}: overlapping cells")
            taken |= slots
    width = max((c for _, c in taken), default=-1) + 1
    anchored = {cell.column for row in placed for cell in row}
    errors.extend(f"column {c}: no cell starts here" for c in range(width) if c not in anchored)
    return errors


@given(partial_reports())
def test_written_tables_have_no_table_model_errors(report: Report) -> None:
    """Every written table is valid in HTML's table model: no overlaps, dangling spans, gaps."""
    root = etree.fromstring(html.dumps(report), etree.HTMLParser())
    for table in root.iter("table"):
        assert [] == _table_model_errors(table)


def test_grid_places_spanning_cells() -> None:
    """Cells start in the first column no rowspan from above covers; rowspan 0 runs to the end."""
    table = etree.fromstring(
        "<table><tr><td rowspan=3>A</td><td colspan=2>B</td><td rowspan=0>C</td></tr>"
        "<tr><td>D</td><td>E</td></tr><tr><td colspan=2 rowspan=9>F</td></tr>"
        "<tr><td colspan=x>G</td></tr></table>",
        etree.HTMLParser(),
    )
    inner = table.find(".//table")
    assert inner is not None
    placed = _read.grid(_read._rows(inner))
    assert [
        [("A", 0, 3, 1), ("B", 1, 1, 2), ("C", 3, 4, 1)],
        [("D", 1, 1, 1), ("E", 2, 1, 1)],
        [("F", 1, 2, 2)],
        [("G", 0, 1, 1)],
    ] == [[(p.cell.text, p.column, p.rows, p.columns) for p in row] for row in placed]


# -- fuzzing ---------------------------------------------------------------------------------------

_PIECES = re.split(r"(<[^>]*>)", SHANGHAI.read_text(encoding="utf-8"))
_JUNK = (
    '<td rowspan="0">',
    '<td colspan="99999" rowspan="99999">',
    '<td rowspan="-3" colspan="x">',
    "</table>",
    "<table>",
    "<tr>",
    "</td>",
    "&nbsp;",
    "<br>",
    "\x00",
    "\ud800",
    '<?xml version="1.0" encoding="gbk"?>',
    "<!--",
    "<script>",
    "<pre>",
    "<p hidden>",
    '<div class="nav">',
    "<a>",
    "1",
    "/",
    "<![CDATA[",
    "\r",
)


@st.composite
def _mutated_pages(draw: st.DrawFn) -> str | bytes:
    """A slice of the Shanghai page with tags dropped, cells removed, spans broken, text cut."""
    start = draw(st.integers(0, len(_PIECES) - 1))
    pieces = _PIECES[start : start + draw(st.integers(1, 300))]
    edits = st.tuples(
        st.sampled_from(["drop", "insert", "span", "cut", "cell"]),
        st.integers(0, 10**6),
        st.sampled_from(_JUNK),
    )
    for edit, at, junk in draw(st.lists(edits, max_size=12)):
        if not pieces:
            break
        index = at % len(pieces)
        if edit == "drop":
            del pieces[index]
        elif edit == "insert":
            pieces.insert(index, junk)
        elif edit == "span":
            pieces[index] = re.sub(r'(rowspan|colspan)="\d+"', f'\\1="{at % 7 - 1}"', pieces[index])
        elif edit == "cell":
            cell = next((i for i in range(index, len(pieces)) if pieces[i].startswith("<td")), None)
            if cell is not None:
                end = next((i for i in range(cell, len(pieces)) if pieces[i] == "</td>"), cell)
                del pieces[cell : end + 1]
        else:
            pieces[index] = pieces[index][: at % (len(pieces[index]) + 1)]
    page = "".join(pieces)
    encoding = draw(st.sampled_from([None, "utf-8", "gb18030"]))
    return page if encoding is None else page.encode(encoding, "replace")


@given(_mutated_pages())
def test_mutated_pages_only_give_problems(page: str | bytes) -> None:
    """Broken HTML gives problems from `parse` and only ParseError from `loads`, nothing else."""
    result = html.parse(page)
    assert isinstance(result.report, Report)
    if result.problems:
        with pytest.raises(ParseError) as caught:
            html.loads(page)
        assert result.problems == caught.value.problems
    else:
        assert result.report == html.loads(page)


def test_import_without_lxml_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without lxml, importing govdisclosure.html says which extra to install."""
    monkeypatch.setitem(sys.modules, "lxml", None)
    for name in [n for n in sys.modules if n == "govdisclosure.html" or n.startswith("lxml.")]:
        monkeypatch.delitem(sys.modules, name)
    with pytest.raises(ImportError, match=re.escape("govdisclosure[html]")):
        importlib.import_module("govdisclosure.html")


# -- cell paths and findings marked ---------------------------------------------------------------


def _value_cells(page: str) -> list[tuple[str, str]]:
    """(data-path, text) of every value cell of a page, in document order."""
    tree = lxml.html.fromstring(page.encode())
    return [(td.get("data-path") or "", td.text_content()) for td in tree.iter("td")]


@given(partial_reports())
def test_every_value_cell_carries_its_path(report: Report) -> None:
    """Each cell of the model is a <td data-path> holding its printed value; others carry none."""
    printed = [(p, t) for p, t in _value_cells(html.dumps(report)) if p]
    expected = {cell.path: cell_text(cell.value) for cell in report.cells()}
    assert expected == dict(printed)
    assert len(expected) == len(printed)


@given(st.sampled_from(sorted(RULES)).flatmap(broken_reports))
def test_findings_are_marked_by_severity_and_the_page_reads_back(broken: Broken) -> None:
    """A finding's cell gets its severity's class and message; the page reads back the same."""
    findings = broken.findings()
    page = html.dumps(broken.report, findings=findings, lang="en")
    tree = lxml.html.fromstring(page.encode())
    for finding in findings:
        cells = tree.xpath(f'//td[@data-path="{finding.path}"]')
        if cells:  # a finding about the year or an extra row names a cell it may not print
            (cell,) = cells
            assert f"finding-{finding.severity.value}" in (cell.get("class") or "").split()
            assert finding.message_en in (cell.get("title") or "")
    assert broken.report == html.parse(page).report


def test_not_assessable_findings_have_their_own_class() -> None:
    """A rule that cannot be checked marks its cell finding-not-assessable, not by severity."""
    # A value in every table, so that no table is empty (a missing-table warning that fails).
    report = Report.empty("2021").with_cells(
        {
            "applications.new_received.natural_person": 1,
            "proactive.licensing.decisions": 1,
            "review_litigation.reconsideration.upheld": 1,
        }
    )
    findings = check(report)
    page = html.dumps(report, findings=findings)
    tree = lxml.html.fromstring(page.encode())
    marked = {td.get("data-path"): (td.get("class") or "").split() for td in tree.iter("td")}
    unassessable = [f for f in findings if f.status is Status.NOT_ASSESSABLE]
    assert unassessable
    for finding in unassessable:
        assert "finding-not-assessable" in marked[finding.path]
        assert "finding-error" not in marked[finding.path]


def _reference_fold(text_: str) -> str:
    """`_read.fold` as it was before its shortcut for text that only needs stripping."""
    return _read._SPACES.sub(" ", _read._INVISIBLE.sub("", text_)).replace("\xa0", " ").strip()


@given(
    st.text(
        alphabet=st.sampled_from([*" \t\n\r\f\v\xa0\u3000\u200b\u2060\ufeffa数3/"])
        | st.characters()
    )
)
def test_fold_shortcut_changes_nothing(text_: str) -> None:
    """Folding a cell's text with the shortcut gives what the full folding gives."""
    assert _read.fold(text_) == _reference_fold(text_)
