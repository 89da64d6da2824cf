"""Tests for govdisclosure.docx: reading Word documents and writing the official layout."""

from __future__ import annotations

import importlib
import io
import re
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("docx", reason="the docx extra (python-docx) is not installed")

from docx import Document
from docx.oxml.ns import qn
from hypothesis import given

from govdisclosure import ParseError, Report, Template, docx, json, text
from govdisclosure.cli import main
from govdisclosure.layout import layout
from govdisclosure.strategies import partial_reports, reports

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MADE = FIXTURES / "pdf"
BAD = FIXTURES / "bad" / "docx"
DOCUMENTS = sorted(MADE.glob("*.docx"))


def _source(path: Path) -> Report:
    return json.loads(path.with_name(path.name.split(".")[0] + ".json").read_text("utf-8"))


def _document(*blocks: str | list[list[str]]) -> bytes:
    """A Word document of paragraphs (str) and tables (rows of cell texts), made by python-docx."""
    document: Any = Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        table = document.add_table(rows=len(block), cols=max(len(row) for row in block))
        for cells, row in zip(block, table.rows, strict=True):
            for value, cell in zip(cells, row.cells, strict=False):
                cell.text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# -- the committed documents -----------------------------------------------------------------------


@pytest.mark.parametrize("path", DOCUMENTS, ids=[p.name for p in DOCUMENTS])
def test_committed_documents_read_back_to_their_reports(path: Path) -> None:
    """Every committed Word fixture reads back, without problems, to the report it was made from."""
    assert _source(path) == docx.loads(path.read_bytes())


def test_fixtures_cover_both_templates() -> None:
    """The committed documents hold reports of both templates."""
    assert {Template.V2019, Template.V2021} == {_source(p).template for p in DOCUMENTS}


def test_positions_count_paragraphs_and_rows() -> None:
    """A cell's position is its paragraph or table row in document order, and its grid column."""
    report = _source(MADE / "v2021-nonzero.docx")
    data = docx.dumps(report)
    body = Document(io.BytesIO(data)).element.body
    number = 0
    rows: list[int] = []
    for child in body:
        if child.tag == qn("w:p"):
            number += 1
        elif child.tag == qn("w:tbl"):
            for _ in child.iterchildren(qn("w:tr")):
                number += 1
                rows.append(number)
    # Section 四's data row is the fourth row of the last table; its first cell the first column.
    review_row = rows[-1]
    positions = docx.parse(data).positions
    assert (review_row, 1) == tuple(positions["review_litigation.reconsideration.upheld"])
    assert (review_row, 15) == tuple(
        positions["review_litigation.litigation_after_reconsideration.total"]
    )


# -- reading ---------------------------------------------------------------------------------------


def test_merged_cells_are_read_once_where_they_start() -> None:
    """A cell merged down rows is read once, in its first row, as HTML's rowspan is."""
    report = Report.empty(Template.V2021, title="某局2021年政府信息公开工作年度报告", organ="某局")
    report = report.with_cells({"applications.results.disclosed.total": 4})
    assert report.applications == docx.parse(docx.dumps(report)).report.applications


def test_breaks_tabs_and_content_controls() -> None:
    """A line break starts a new line, a tab is kept, and text inside content controls is read."""
    document: Any = Document()
    paragraph = document.add_paragraph("某局2021年政府信息公开工作年度报告")
    paragraph.add_run().add_break()
    paragraph.add_run("一、总体情况")
    body = document.add_paragraph("第一段\t有制表符")
    sdt = body._p.makeelement(qn("w:sdt"), {})
    content = sdt.makeelement(qn("w:sdtContent"), {})
    content.append(document.add_paragraph("控件里的段落")._p)
    sdt.append(content)
    body._p.addnext(sdt)
    out = io.BytesIO()
    document.save(out)
    report = docx.parse(out.getvalue()).report
    assert "某局2021年政府信息公开工作年度报告" == report.title
    overview = report.overview
    assert overview is not None
    assert "第一段\t有制表符\n控件里的段落" == overview.text


def test_layout_table_is_read_as_text() -> None:
    """A one-column table laying out the page is read as paragraphs, not as a data table."""
    data = _document(
        [["某局2021年政府信息公开工作年度报告"], ["一、总体情况"], ["本年度工作有序开展。"]]
    )
    report = docx.parse(data).report
    assert "某局2021年政府信息公开工作年度报告" == report.title
    assert report.overview is not None
    assert "本年度工作有序开展。" == report.overview.text


def test_parse_refuses_other_types() -> None:
    """Text instead of bytes is a programming error: TypeError, not a problem."""
    with pytest.raises(TypeError, match=r"bytes of a \.docx file"):
        docx.parse("某局")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Report"):
        docx.dumps("某局")  # type: ignore[arg-type]


BAD_INPUTS = [
    ("zip-not-docx.docx", "not-docx", "a zip file without a readable Word document"),
    ("truncated.docx", "not-docx", "a damaged zip file"),
    ("word-97-2003.doc", "doc-not-docx", "convert it to .docx first"),
]


@pytest.mark.parametrize(("name", "kind", "message"), BAD_INPUTS)
def test_bad_documents_give_one_problem(name: str, kind: str, message: str) -> None:
    """Each bad file gives exactly one problem of its kind; `loads` raises ParseError with it."""
    data = (BAD / name).read_bytes()
    result = docx.parse(data)
    assert [kind] == [problem.kind for problem in result.problems]
    assert message in result.problems[0].message
    with pytest.raises(ParseError) as caught:
        docx.loads(data)
    assert result.problems == caught.value.problems


@pytest.mark.parametrize(
    ("data", "kind"),
    [(b"", "not-docx"), (b"%PDF-1.7 ...", "not-docx"), (b"{\\rtf1 ...}", "doc-not-docx")],
)
def test_other_bytes_say_what_they_are(data: bytes, kind: str) -> None:
    """Empty bytes, a PDF and an RTF file each give one problem saying what was found."""
    assert [kind] == [problem.kind for problem in docx.parse(data).problems]


def test_load_and_dump_file_objects() -> None:
    """`dump` writes the bytes `dumps` returns; `load` reads them back."""
    report = _source(DOCUMENTS[0])
    binary = io.BytesIO()
    docx.dump(report, binary)
    assert report == docx.load(io.BytesIO(binary.getvalue()))


# -- writing ---------------------------------------------------------------------------------------


@given(reports(Template.V2019))
def test_round_trip_2019_reports(report: Report) -> None:
    """A complete 2019-template report written as a Word document reads back equal."""
    assert report == docx.loads(docx.dumps(report))


@given(reports(Template.V2021))
def test_round_trip_2021_reports(report: Report) -> None:
    """A complete 2021-template report written as a Word document reads back equal."""
    assert report == docx.loads(docx.dumps(report))


@given(partial_reports())
def test_round_trip_partial_reports(report: Report) -> None:
    """A partial report (cut tables, missing sections, extra rows) reads back equal."""
    assert report == docx.parse(docx.dumps(report)).report


def _spans(table: Any) -> dict[str, tuple[int, int]]:
    """Each starting cell's text and its (rows, columns) span, from gridSpan and vMerge."""
    rows = [list(tr.iterchildren(qn("w:tc"))) for tr in table._tbl.iterchildren(qn("w:tr"))]
    starts: dict[tuple[int, int], list[Any]] = {}
    for number, cells in enumerate(rows):
        column = 0
        for tc in cells:
            span = tc.tcPr.find(qn("w:gridSpan"))
            width = int(span.get(qn("w:val"))) if span is not None else 1
            merge = tc.tcPr.find(qn("w:vMerge"))
            if merge is not None and merge.get(qn("w:val")) != "restart":
                above = next(
                    s for (r, c), s in reversed(starts.items()) if c == column and r < number
                )
                above[1] += 1
            else:
                text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
                starts[number, column] = [text, 1, width]
            column += width
    return {text: (height, width) for text, height, width in starts.values() if text}


@pytest.mark.parametrize("template", list(Template))
def test_merged_headers_follow_the_official_tables(template: Template) -> None:
    """Header cells merge as the official tables do (corner, 申请人情况, 行政复议, captions…)."""
    report = Report.empty(
        template, organ="某局", year=2021, title="某局2021年政府信息公开工作年度报告"
    )
    document: Any = Document(io.BytesIO(docx.dumps(report)))
    proactive, applications, review = (_spans(t) for t in document.tables)
    lay = layout(template)

    two = lay.table("proactive")
    width = max(len(block.columns) for block in two.blocks)
    for block in two.blocks:
        assert (1, 1 + width) == proactive[block.caption]

    three = lay.table("applications")
    columns = three.rows[0].columns
    assert (3, 3) == applications[three.corner or ""]
    assert (1, 7) == applications[three.header or ""]
    assert (1, 5) == applications[three.column_groups[0]]
    assert (2, 1) == applications[columns[0].label]  # 自然人
    assert (2, 1) == applications[columns[-1].label]  # 总计
    for group in three.groups:
        assert sum(1 for row in three.rows if group in row.parents) == applications[group.label][0]

    four = lay.table("review_litigation")
    assert (1, 5) == review[four.column_groups[0]]
    assert (1, 10) == review[four.column_groups[1]]
    assert (1, 5) == review[four.rows[1].label]
    assert (1, 5) == review[four.rows[2].label]


def test_written_document_is_a_word_document() -> None:
    """The output is a .docx package: the title in the Title style, sections as Heading 1."""
    report = _source(DOCUMENTS[0])
    document: Any = Document(io.BytesIO(docx.dumps(report)))
    styles = {p.style.name: p.text for p in document.paragraphs if p.style.name != "Normal"}
    assert report.title == styles["Title"]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert [s.heading for s in report.sections] == headings
    assert 3 == len(document.tables)


def test_import_without_python_docx_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without python-docx, importing govdisclosure.docx says which extra to install."""
    monkeypatch.setitem(sys.modules, "docx", None)
    for name in [n for n in sys.modules if n.startswith(("govdisclosure.docx", "docx."))]:
        monkeypatch.delitem(sys.modules, name)
    with pytest.raises(ImportError, match=re.escape("govdisclosure[docx]")):
        importlib.import_module("govdisclosure.docx")


# -- the command line


EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "xiangtan-audit-2020.txt"


def test_cli_writes_and_reads_word_documents(tmp_path: Path) -> None:
    """``convert --to docx -o`` writes a document that ``check`` and ``convert`` read back."""
    written = tmp_path / "xiangtan.docx"
    assert 0 == main(["convert", str(EXAMPLE), "--to", "docx", "-o", str(written)])
    assert 0 == main(["check", str(written)])
    copy = tmp_path / "copy.json"
    assert 0 == main(["convert", str(written), "--to", "json", "-o", str(copy)])
    assert text.loads(EXAMPLE.read_bytes()) == json.loads(copy.read_bytes())
    renamed = tmp_path / "xiangtan.bin"
    renamed.write_bytes(written.read_bytes())
    assert 0 == main(["check", "--from", "docx", str(renamed)])


def test_cli_docx_needs_an_output_file(capsys: pytest.CaptureFixture[str]) -> None:
    """A Word document is binary: without -o the command says so and exits 2."""
    assert 2 == main(["convert", str(EXAMPLE), "--to", "docx"])
    assert "--to docx writes a binary file: give -o FILE or -o FOLDER" in capsys.readouterr().err


def test_cli_writes_one_document_per_input(tmp_path: Path) -> None:
    """Several inputs go to a directory, one .docx each."""
    copy = tmp_path / "copy.txt"
    copy.write_bytes(EXAMPLE.read_bytes())
    out = tmp_path / "out"
    assert 0 == main(["convert", str(EXAMPLE), str(copy), "--to", "docx", "-o", str(out)])
    assert ["copy.docx", "xiangtan-audit-2020.docx"] == sorted(p.name for p in out.iterdir())


@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_cli_asks_to_convert_old_word_files(
    tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A .doc or WPS file is refused with a clear "convert it to .docx first" (exit 2)."""
    old = tmp_path / f"report{suffix}"
    old.write_bytes((BAD / "word-97-2003.doc").read_bytes())
    assert 2 == main(["check", str(old)])
    assert f"{old}: unreadable a Word 97-2003 (.doc) or WPS file" in capsys.readouterr().out
    assert 2 == main(["convert", str(old), "--to", "json"])
    assert "convert it to .docx first" in capsys.readouterr().err
