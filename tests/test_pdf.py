"""Tests for govdisclosure.pdf: reading reports from PDF files made with real office software."""

from __future__ import annotations

import functools
import importlib
import re
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pdfplumber", reason="the pdf extra (pdfplumber) is not installed")

import pdfplumber
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govdisclosure import ParseError, Report, Template, json, pdf
from govdisclosure._reading import read
from govdisclosure.cli import main
from govdisclosure.pdf import ParseResult, _read

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MADE = FIXTURES / "pdf"
BAD = FIXTURES / "bad" / "pdf"
PDFS = sorted(MADE.glob("*.pdf"))
NO_RULES = MADE / "v2019-no-rules.lo.pdf"
_SPACE = re.compile(r"\s+")


@functools.cache
def _parsed(path: Path) -> ParseResult:
    """Each fixture parsed once: pdfminer reads a page in a tenth of a second or more."""
    return pdf.parse(path.read_bytes())


def _source(path: Path) -> Report:
    return json.loads(path.with_name(path.name.split(".")[0] + ".json").read_text("utf-8"))


def _unwrapped(text: str) -> str:
    """Narrative compared as the docs say: ignoring line breaks and the spaces at them."""
    return _SPACE.sub("", text)


def _pages_of(path: Path) -> list[str]:
    """Pdfplumber's own text of each page, for finding where a label is printed."""
    with pdfplumber.open(path) as document:
        return [_SPACE.sub("", page.extract_text() or "") for page in document.pages]


# -- the committed PDFs ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", PDFS, ids=[p.name for p in PDFS])
def test_committed_pdfs_read_back_to_their_reports(path: Path) -> None:
    """Each PDF reads back, without problems, to its report: cells, title, organ, year, sections."""
    expected = _source(path)
    result = _parsed(path)
    assert () == result.problems
    report = result.report
    assert {c.path: c.value for c in expected.cells()} == {c.path: c.value for c in report.cells()}
    assert (expected.title, expected.organ, expected.year, expected.template) == (
        report.title,
        report.organ,
        report.year,
        report.template,
    )
    assert [(s.key, s.heading) for s in expected.sections] == [
        (s.key, s.heading) for s in report.sections
    ]
    assert [_unwrapped(s.text) for s in expected.sections] == [
        _unwrapped(s.text) for s in report.sections
    ]
    assert _unwrapped(expected.preamble) == _unwrapped(report.preamble)


@pytest.mark.parametrize("path", [p for p in PDFS if ".lo." in p.name], ids=lambda p: p.name)
def test_libreoffice_pdfs_read_back_exactly(path: Path) -> None:
    """LibreOffice's PDFs keep the space at every line break: they read back to the very report."""
    assert _source(path) == _parsed(path).report


def test_fixtures_cover_both_templates_and_both_programs() -> None:
    """The fixtures hold reports of both templates, made by LibreOffice and by Chromium."""
    assert {Template.V2019, Template.V2021} == {_source(p).template for p in PDFS}
    assert {"lo", "chromium"} == {p.name.split(".")[1] for p in PDFS}


@pytest.mark.parametrize("path", PDFS, ids=[p.name for p in PDFS])
def test_positions_are_pages_and_lines(path: Path) -> None:
    """A cell's position is a page and a line on it: a table's first row is on its heading's page.

    Section headings are printed on one line, so pdfplumber's own text finds their page; the
    first row of section 三 follows its heading on that page or, after a page break, the next.
    """
    pages = _pages_of(path)
    heading = _SPACE.sub(
        "", next(s.heading for s in _source(path).sections if s.key == "applications")
    )
    home = next(number for number, text in enumerate(pages, 1) if heading in text)
    page, line = _parsed(path).positions["applications.new_received.natural_person"]
    assert page in {home, home + 1}
    assert 1 <= line <= 80


def test_a_table_across_pages_is_joined() -> None:
    """Section 三 crosses a page: its rows on both pages are read, the repeated header dropped."""
    path = MADE / "v2021-nonzero.chromium.pdf"
    positions = _parsed(path).positions
    pages = {positions[p].line for p in positions if p.startswith("applications.")}
    assert 2 <= len(pages)
    assert _source(path).applications == _parsed(path).report.applications


def test_headers_footers_and_page_numbers_are_left_out() -> None:
    """The running header and the ``- n -`` page numbers are not read into the report."""
    path = MADE / "v2021-header-footer.lo.pdf"
    assert any("宁强县自然资源局政府信息公开工作年度报告" in page for page in _pages_of(path))
    report = _parsed(path).report
    assert _source(path) == report
    assert "政府信息公开工作年度报告" not in "".join(s.text for s in report.sections)


def test_browser_header_and_footer_are_left_out() -> None:
    """Chromium's date, title and file URL in the margins are not read as report text."""
    path = MADE / "xiangtan-audit-2020.chromium.pdf"
    assert any("file://" in page for page in _pages_of(path))
    report = _parsed(path).report
    assert "file://" not in report.preamble + "".join(s.text for s in report.sections)


def test_table_without_ruling_lines_reads_in_drawing_order() -> None:
    """Without ruling lines, the page is read again in the order its text is drawn.

    Top to bottom, the wrapped labels of section 三 interleave with the values beside them and
    those rows cannot be placed; in drawing order (cell by cell) every row is read.
    """
    data = NO_RULES.read_bytes()
    pages, failed = _read._pages(data, "")
    assert failed is None
    assert [] == [table for page in pages for table in page.tables]
    lines, _ = _read.source_lines(pages)
    geometric = read(lines)
    assert geometric.problems
    assert _source(NO_RULES).applications != geometric.report.applications
    assert _source(NO_RULES) == pdf.loads(data)


def test_look_alike_characters_are_folded() -> None:
    """Radicals a browser's PDF puts for ideographs, and its ligatures, read as printed."""
    assert "工作门户——／fi" == _read.fold_look_alikes("⼯作⻔⼾⸺∕ﬁ")  # noqa: RUF001 - look-alike forms folded on purpose


@pytest.mark.parametrize(
    ("first", "second", "joined"),
    [
        ("政府信息公", "开工作", "政府信息公开工作"),
        ("kept", "verbatim", "kept verbatim"),
        ("0731-", "57821234", "0731-57821234"),
        ("2485", "0", "24850"),
        ("ends with a space ", "条", "ends with a space 条"),
    ],
)
def test_wrapped_lines_join(first: str, second: str, joined: str) -> None:
    """CJK joins directly, Latin words and a kept space get one space, numbers join whole."""
    assert joined == _read.join_wrapped(first, second)


# -- bad input ------------------------------------------------------------------------------------

BAD_INPUTS = [
    ("truncated.pdf", "damaged-pdf", "cut off"),
    ("encrypted.pdf", "encrypted-pdf", "encrypted"),
    ("scanned.pdf", "no-text-layer", "no text layer"),
]


@pytest.mark.parametrize(("name", "kind", "message"), BAD_INPUTS)
def test_bad_pdfs_give_one_problem(name: str, kind: str, message: str) -> None:
    """Each bad file gives exactly one problem of its kind; `loads` raises ParseError with it."""
    data = (BAD / name).read_bytes()
    result = pdf.parse(data)
    assert [kind] == [problem.kind for problem in result.problems]
    assert message in result.problems[0].message
    assert Report() == result.report
    with pytest.raises(ParseError) as caught:
        pdf.loads(data)
    assert result.problems == caught.value.problems


def test_encrypted_pdf_opens_with_its_password() -> None:
    """The encrypted fixture reads with its password to the report it was made from."""
    data = (BAD / "encrypted.pdf").read_bytes()
    secret, wrong = "secret", "wrong"  # the password make_pdf.py encrypted it with, and another
    assert _source(MADE / "v2021-nonzero.json") == pdf.loads(data, password=secret)
    assert ["encrypted-pdf"] == [p.kind for p in pdf.parse(data, password=wrong).problems]


@pytest.mark.parametrize("data", [b"", b"<html>not a pdf</html>", b"PK\x03\x04 a zip"])
def test_other_bytes_are_not_a_pdf(data: bytes) -> None:
    """Bytes without a PDF header give one not-pdf problem."""
    assert ["not-pdf"] == [problem.kind for problem in pdf.parse(data).problems]


def test_parse_refuses_other_types() -> None:
    """Text instead of bytes is a programming error: TypeError, not a problem."""
    with pytest.raises(TypeError, match="bytes of a PDF file"):
        pdf.parse("%PDF-1.7")  # type: ignore[arg-type]


_SMALL = (MADE / "v2021-nonzero.lo.pdf").read_bytes()


@settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.data())
def test_damaged_pdfs_only_give_problems(data: Any) -> None:
    """A PDF with bytes overwritten or cut gives a result or problems, never another exception."""
    position = data.draw(st.integers(0, len(_SMALL) - 1))
    junk = data.draw(st.binary(min_size=1, max_size=64))
    cut = data.draw(st.booleans())
    broken = _SMALL[:position] + (b"" if cut else junk + _SMALL[position + len(junk) :])
    result = pdf.parse(broken)
    assert isinstance(result.report, Report)
    if result.problems:
        with pytest.raises(ParseError):
            pdf.loads(broken)


def test_load_reads_a_file_object() -> None:
    """`load` reads the bytes of an open file."""
    path = MADE / "v2021-nonzero.lo.pdf"
    with path.open("rb") as fp:
        assert _source(path) == pdf.load(fp)


def test_import_without_pdfplumber_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pdfplumber, importing govdisclosure.pdf says which extra to install."""
    monkeypatch.setitem(sys.modules, "pdfplumber", None)
    for name in [n for n in sys.modules if n.startswith(("govdisclosure.pdf", "pdfplumber."))]:
        monkeypatch.delitem(sys.modules, name)
    with pytest.raises(ImportError, match=re.escape("govdisclosure[pdf]")):
        importlib.import_module("govdisclosure.pdf")


# -- the command line


def test_cli_reads_pdfs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``.pdf`` files are read by the PDF reader (or any file with --from pdf), lines are pages."""
    path = MADE / "xiangtan-audit-2020.lo.pdf"
    assert 0 == main(["check", str(path)])
    copy = tmp_path / "xiangtan.json"
    assert 0 == main(["convert", str(path), "--to", "json", "-o", str(copy)])
    assert _source(path) == json.loads(copy.read_bytes())
    renamed = tmp_path / "report.bin"
    renamed.write_bytes((MADE / "v2021-nonzero.lo.pdf").read_bytes())
    assert 1 == main(["check", "--from", "pdf", str(renamed)])  # its made-up cells do not add up
    assert f"{renamed}:1: error row-total" in capsys.readouterr().out


def test_cli_scanned_pdf_is_a_reading_problem(capsys: pytest.CaptureFixture[str]) -> None:
    """A scanned PDF holds no report that can be read: unreadable, exit 2, saying why."""
    assert 2 == main(["check", str(BAD / "scanned.pdf")])
    assert "no text layer" in capsys.readouterr().out
