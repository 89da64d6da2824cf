"""Tests for govdisclosure.csv: the tidy form, corpus files and the official wide tables."""

from __future__ import annotations

import contextlib
import csv as stdlib_csv
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govdisclosure import ParseError, Report, Section, Template, csv
from govdisclosure.csv import _wide
from govdisclosure.errors import GovDisclosureError, Problem
from govdisclosure.layout import TABLE_KEYS
from govdisclosure.model import (
    ApplicantCounts,
    ApplicationTable,
    ExtraRow,
    Fees2021,
    OtherHandling,
    Outcomes,
    ProactiveTable2019,
    ProactiveTable2021,
    Procurement2019,
    ReviewLitigationTable,
    is_marker,
)
from govdisclosure.strategies import markers, partial_reports, reports

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BAD = FIXTURES / "bad" / "csv"
EXAMPLE_TEXT = ROOT / "examples" / "xiangtan-audit-2020.txt"
XIANGTAN_CSV = FIXTURES / "csv" / "xiangtan-audit-2020.csv"
XIANGTAN_APPLICATIONS = FIXTURES / "csv" / "xiangtan-audit-2020-applications.csv"
TEMPLATES = list(Template)
KEYS: list[csv.TableKey] = ["proactive", "applications", "review_litigation"]

# Text a spreadsheet or a CSV reader might trip on: commas, quotes, line breaks of every kind,
# formula-like starts, an apostrophe (the escape of the Excel mode), tabs and NUL.
_AWKWARD = (
    "=SUM(A1:A9)",
    "+86 731",
    "-",
    "@cmd",
    "'",
    "'=already quoted",
    "''",
    "a,b,c",
    'say "hi"',
    '"',
    "line\nbreak",
    "cr\ronly",
    "crlf\r\nend",
    "\t=1",
    "\r=2",
    " padded ",
    "null\x00byte",
    "",
)
TEXT = st.one_of(st.sampled_from(_AWKWARD), st.text(max_size=20))
MARKERS = st.one_of(markers(), TEXT.filter(is_marker))


@st.composite
def wild_reports(draw: st.DrawFn, template: Template | None = None) -> Report:
    """A report with awkward text everywhere text can go, awkward markers, and extra rows."""
    report = draw(partial_reports(template))
    sections = tuple(Section(section.key, draw(TEXT), draw(TEXT)) for section in report.sections)
    report = attrs.evolve(
        report,
        title=draw(st.none() | TEXT),
        organ=draw(st.none() | TEXT),
        preamble=draw(TEXT),
        sections=sections,
    )
    paths = [cell.path for cell in report.cells()]
    if paths:
        chosen = draw(st.lists(st.sampled_from(paths), max_size=5, unique=True))
        report = report.with_cells({path: draw(MARKERS) for path in chosen})
    changes = {}
    for key in TABLE_KEYS:
        table = getattr(report, key)
        if table is not None and draw(st.booleans()):
            extra = ExtraRow(
                draw(TEXT), tuple(draw(st.lists(TEXT, max_size=4))), draw(st.none() | TEXT)
            )
            changes[key] = attrs.evolve(table, extra_rows=(*table.extra_rows, extra))
    return attrs.evolve(report, **changes)


def rows_of(text: str) -> list[dict[str, str]]:
    """The records of a tidy CSV as dictionaries, read with the standard library."""
    return list(stdlib_csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


# ------------------------------------------------------------------------------------------------
# Tidy form: round trips


@pytest.mark.parametrize("template", TEMPLATES)
@given(data=st.data(), excel=st.booleans())
def test_tidy_round_trip_of_complete_reports(template: Template, *, excel: bool, data: Any) -> None:
    """Every complete report reads back equal from its tidy CSV, plain or for Excel."""
    report = data.draw(reports(template))
    assert report == csv.loads(csv.dumps(report, excel=excel), excel=excel)


@pytest.mark.parametrize("template", TEMPLATES)
@given(data=st.data(), excel=st.booleans())
def test_tidy_round_trip_of_partial_reports(template: Template, *, excel: bool, data: Any) -> None:
    """Absent metadata, sections, tables and rows, and extra rows, all survive the trip."""
    report = data.draw(partial_reports(template))
    assert report == csv.loads(csv.dumps(report, excel=excel), excel=excel)


@given(report=wild_reports(), excel=st.booleans())
def test_tidy_round_trip_of_awkward_text(*, excel: bool, report: Report) -> None:
    """Commas, quotes, line breaks, formula-like starts and markers come back verbatim."""
    assert report == csv.loads(csv.dumps(report, excel=excel), excel=excel)


def test_money_stays_exact() -> None:
    """A money cell is written as its exact decimal text and read back with the same digits."""
    report = Report(proactive=ProactiveTable2021(fees=Fees2021(amount=Decimal("282.10"))))
    text = csv.dumps(report)
    (row,) = [r for r in rows_of(text) if r["path"] == "proactive.fees.amount"]
    assert ("money", "282.10") == (row["kind"], row["amount"])
    assert "282.10" == str(csv.loads(text).get("proactive.fees.amount"))


def test_zero_blank_and_marker_stay_apart() -> None:
    """A printed 0, a blank cell and a marker are three kinds, never merged into one."""
    row = Outcomes(upheld=0, corrected=None, other="/", pending=-2, total=None)
    report = Report(review_litigation=ReviewLitigationTable(reconsideration=row))
    text = csv.dumps(report)
    kinds = {
        r["column"]: (r["kind"], r["count"], r["marker"])
        for r in rows_of(text)
        if r["row"] == "reconsideration"
    }
    expected = {
        "upheld": ("count", "0", ""),
        "corrected": ("blank", "", ""),
        "other": ("marker", "", "/"),
        "pending": ("count", "-2", ""),
        "total": ("blank", "", ""),
    }
    assert expected == kinds
    assert report == csv.loads(text)


def test_absent_row_differs_from_a_row_of_blanks() -> None:
    """A row the report does not show writes no line; a row of blank cells writes its cells."""
    shown = Report(review_litigation=ReviewLitigationTable(reconsideration=Outcomes()))
    absent = Report(review_litigation=ReviewLitigationTable())
    assert 5 == sum(r["row"] == "reconsideration" for r in rows_of(csv.dumps(shown)))
    assert 0 == sum(r["row"] == "reconsideration" for r in rows_of(csv.dumps(absent)))
    assert shown == csv.loads(csv.dumps(shown))
    assert absent == csv.loads(csv.dumps(absent))


def test_template_brings_back_the_template_classes() -> None:
    """A 2021 section 二 and （六） group come back as the 2021 classes, and 2019 as 2019."""
    new = csv.loads(csv.dumps(Report.empty("2021")))
    old = csv.loads(csv.dumps(Report.empty("2019")))
    assert new.applications is not None
    assert old.applications is not None
    assert isinstance(new.proactive, ProactiveTable2021)
    assert isinstance(new.applications.results.other_handling, OtherHandling)
    assert isinstance(old.proactive, ProactiveTable2019)
    assert isinstance(old.applications.results.other_handling, ApplicantCounts)


def test_metadata_and_sections_are_rows() -> None:
    """Template, title, organ, year, preamble and every section (extra ones too) are rows."""
    report = Report.empty("2021", title="T", organ="O", year=2022)
    extra = Section(None, "七、下一步工作打算", "继续努力")
    report = attrs.evolve(report, preamble="前言", sections=(*report.sections, extra))
    rows = rows_of(csv.dumps(report))
    by_path = {r["path"]: r for r in rows}
    assert "2021" == by_path["template"]["text"]
    assert ("count", "2022") == (by_path["year"]["kind"], by_path["year"]["count"])
    assert "前言" == by_path["preamble"]["text"]
    assert ("", "七、下一步工作打算", "继续努力") == (
        by_path["sections.7"]["section"],
        by_path["sections.7"]["label"],
        by_path["sections.7"]["text"],
    )
    assert (
        "三、本年度办理结果 （七）总计 / 自然人"
        == (by_path["applications.results.total.natural_person"]["label"])
    )


def test_tidy_columns_are_the_documented_ones() -> None:
    """The header is COLUMNS, in order, and every row has the same fields."""
    text = csv.dumps(Report.empty("2019"))
    records = list(stdlib_csv.reader(io.StringIO(text, newline="")))
    assert list(csv.COLUMNS) == records[0]
    assert {len(csv.COLUMNS)} == {len(record) for record in records}


# ------------------------------------------------------------------------------------------------
# Corpus files


@given(st.lists(partial_reports(), max_size=3))
def test_corpus_round_trip_keeps_reports_in_order(found: list[Report]) -> None:
    """Many reports in one CSV read back as the same reports, in order, numbered from 1."""
    loaded = csv.loads_corpus(csv.dumps_corpus(found))
    assert [str(i) for i in range(1, len(found) + 1)] == list(loaded)
    assert found == list(loaded.values())


@given(found=st.dictionaries(TEXT, wild_reports(), max_size=2), excel=st.booleans())
def test_corpus_round_trip_keeps_identifiers(*, excel: bool, found: dict[str, Report]) -> None:
    """Report identifiers, however awkward, come back with their reports."""
    assert found == csv.loads_corpus(csv.dumps_corpus(found, excel=excel), excel=excel)


def test_reports_of_the_same_organ_and_year_stay_apart() -> None:
    """Two reports of one organ and year (a draft and a revision) stay two reports."""
    first = Report.empty("2021", organ="湘潭县审计局", year=2021)
    second = first.with_cells({"applications.new_received.natural_person": 5})
    loaded = csv.loads_corpus(csv.dumps_corpus({"draft.txt": first, "final.txt": second}))
    assert {"draft.txt": first, "final.txt": second} == loaded


def test_every_corpus_row_names_organ_year_template_and_report() -> None:
    """Organ, year, template and report identifier are on every row, for grouping."""
    found = {
        "a": Report.empty("2021", organ="甲", year=2021),
        "b": Report.empty("2019", organ="乙"),
    }
    rows = rows_of(csv.dumps_corpus(found))
    assert {("a", "2021", "甲", "2021"), ("b", "2019", "乙", "")} == {
        (r["report"], r["template"], r["organ"], r["year"]) for r in rows
    }


def test_rows_of_a_report_need_not_be_together() -> None:
    """A corpus sorted by path (reports interleaved) still reads back by report."""
    found = [Report.empty("2021", organ="甲"), Report.empty("2019", organ="乙")]
    lines = csv.dumps_corpus(found).splitlines(keepends=True)
    shuffled = lines[:1] + sorted(lines[1:], key=lambda line: line.split(",")[4])
    loaded = csv.loads_corpus("".join(shuffled))
    assert found == list(loaded.values())


def test_loads_wants_exactly_one_report() -> None:
    """Reading one report refuses a corpus of two, pointing at the second and at loads_corpus."""
    text = csv.dumps_corpus([Report(), Report()])
    with pytest.raises(ParseError, match="loads_corpus") as caught:
        csv.loads(text)
    assert [(7, 1, "report-count")] == _where(caught.value)


@settings(max_examples=1)
@given(st.lists(reports(), min_size=20, max_size=20))
def test_corpus_of_1000_reports_loads_in_polars_with_integer_counts(
    tmp_path_factory: pytest.TempPathFactory, base: list[Report]
) -> None:
    """A corpus CSV of 1,000 generated reports loads in polars with nullable integer counts."""
    pl = pytest.importorskip("polars")
    found = {
        f"report-{i}": attrs.evolve(base[i % len(base)], organ=f"机关{i}", year=2019 + i % 7)
        for i in range(1000)
    }
    path = tmp_path_factory.mktemp("corpus") / "corpus.csv"
    with path.open("w", encoding="utf-8", newline="") as fp:
        csv.dump_corpus(found, fp)
    frame = pl.read_csv(path, infer_schema_length=None, schema_overrides={"amount": pl.String})
    assert pl.Int64 == frame.schema["count"]
    assert pl.Int64 == frame.schema["year"]
    counts = frame.filter(pl.col("kind") == "count", pl.col("path") != "year")
    assert 0 == counts["count"].null_count()
    assert frame.filter(pl.col("kind") != "count")["count"].null_count() > 0
    expected = sum(
        cell.value
        for report in found.values()
        for cell in report.cells()
        if isinstance(cell.value, int)
    )
    assert expected == counts["count"].sum()
    assert 1000 == frame["report"].n_unique()
    with path.open(encoding="utf-8", newline="") as fp:
        assert found == csv.load_corpus(fp)


# ------------------------------------------------------------------------------------------------
# File objects, encodings and the Excel mode


def test_dump_and_load_through_files(tmp_path: Path) -> None:
    """dump/load work on text files opened with newline='' and on binary files."""
    report = Report.empty("2019", organ="湘潭县审计局").with_cells(
        {"proactive.procurement.amount": Decimal("251000.00")}
    )
    path = tmp_path / "report.csv"
    with path.open("w", encoding="utf-8", newline="") as fp:
        csv.dump(report, fp, excel=True)
    with path.open(encoding="utf-8", newline="") as fp:
        assert report == csv.load(fp, excel=True)
    with path.open("rb") as binary:
        assert report == csv.load(binary, excel=True)
    buffer = io.StringIO(newline="")
    csv.dump(report, buffer)
    assert report == csv.load(io.StringIO(buffer.getvalue(), newline=""))


def test_bytes_saved_by_a_chinese_excel_are_read() -> None:
    """A CSV saved in GB18030 (Excel on a Chinese Windows) reads as its UTF-8 twin."""
    report = Report.empty("2021", organ="湘潭县审计局", year=2021)
    text = csv.dumps(report)
    assert report == csv.loads(text.encode("gb18030"))
    assert report == csv.loads(b"\xef\xbb\xbf" + text.encode("utf-8"))


def test_excel_mode_writes_bom_crlf_and_neutralises_formulas() -> None:
    """Excel mode: BOM, CRLF, an apostrophe before =+-@ text, and every number untouched."""
    report = Report(
        title="=HYPERLINK(1)",
        organ="@机关",
        sections=(Section(None, "+标题", "-正文"),),
        review_litigation=ReviewLitigationTable(
            reconsideration=Outcomes(upheld=-3, corrected="-", other=0, pending=None, total=1)
        ),
    )
    plain, excel = csv.dumps(report), csv.dumps(report, excel=True)
    assert excel.startswith("\ufeff")
    assert excel.count("\r\n") == excel.count("\n") == plain.count("\n")
    rows = {r["path"]: r for r in rows_of(excel)}
    assert "'=HYPERLINK(1)" == rows["title"]["text"]
    assert "'@机关" == rows["title"]["organ"]
    assert ("'+标题", "'-正文") == (rows["sections.1"]["label"], rows["sections.1"]["text"])
    assert "'-" == rows["review_litigation.reconsideration.corrected"]["marker"]
    assert "-3" == rows["review_litigation.reconsideration.upheld"]["count"]
    numbers = [(r["count"], r["amount"], r["year"]) for r in rows_of(plain)]
    assert numbers == [(r["count"], r["amount"], r["year"]) for r in rows_of(excel)]
    assert report == csv.loads(excel, excel=True)


# ------------------------------------------------------------------------------------------------
# Bad input: one fixture per problem, each with the line and column it names

BAD_CASES: dict[str, list[tuple[int | None, int | None, str]]] = {
    "unknown-path.csv": [(16, 5, "unknown-path")],
    "cell-of-other-template.csv": [(16, 5, "unknown-path")],
    "duplicate-cell.csv": [(16, 5, "duplicate")],
    "wrong-field-count.csv": [(7, 14, "field-count")],
    "count-not-a-number.csv": [(11, 11, "not-a-count")],
    "money-not-a-decimal.csv": [(9, 12, "not-a-decimal")],
    "missing-metadata.csv": [(2, 5, "missing-metadata")],
    "missing-column.csv": [(1, None, "missing-column")],
    "unknown-column.csv": [(1, 14, "unknown-column"), (1, None, "missing-column")],
    "bad-kind.csv": [(11, 10, "bad-kind")],
    "marker-reads-as-number.csv": [(13, 13, "not-a-marker")],
    "value-in-two-columns.csv": [(11, 12, "unexpected-value")],
    "inconsistent-organ.csv": [(12, 3, "inconsistent-metadata")],
    "bad-template.csv": [(2, 14, "bad-template")],
    "bad-section-key.csv": [(7, 6, "bad-section-key")],
    "missing-cell.csv": [(11, 5, "missing-cell")],
    "unclosed-quote.csv": [(7, 14, "csv-syntax")],
    "extra-row-value-missing.csv": [(16, 5, "missing-value")],
    "empty.csv": [(1, None, "missing-header")],
    "duplicate-column.csv": [(1, 14, "duplicate-column"), (1, None, "missing-column")],
    "section-key-twice.csv": [(16, 6, "duplicate")],
    "section-number-not-positive.csv": [(16, 5, "unknown-path")],
    "extra-row-values-without-row.csv": [(16, 5, "missing-extra-row")],
    "not-utf8-nor-gb18030.csv": [(2, None, "encoding")],
}
BAD_TABLES: dict[str, tuple[csv.TableKey | None, list[tuple[int | None, int | None, str]]]] = {
    "table-count-not-whole.csv": (None, [(5, 4, "not-whole")]),
    "table-unit-not-of-column.csv": (None, [(15, 2, "unit-stripped")]),
    "table-duplicate-row.csv": (None, [(7, 1, "duplicate")]),
    "table-value-in-empty-column.csv": (None, [(8, 3, "unexpected-value")]),
    # Headers of 2021 over the 2019 row label 规范性文件: the staged reader reads it as the
    # 2021 row by a variant label (issue 10), which strict reading refuses at the label.
    "table-mixed-templates.csv": (None, [(5, 1, "variant-label")]),
    "table-no-template-shown.csv": (None, [(2, None, "unknown-template")]),
    "table-numbers-without-label.csv": (None, [(6, 4, "unlabelled-row")]),
    "table-missing-column-label.csv": (None, [(4, None, "missing-column")]),
    "table-wrong-heading.csv": ("applications", [(1, 1, "wrong-table")]),
    "table-unknown.csv": (None, [(1, None, "unknown-table")]),
    "table-duplicate-column-label.csv": (
        None,
        [(3, 10, "duplicate-column"), (4, None, "missing-column")],
    ),
    "table-value-beyond-last-column.csv": (None, [(5, 16, "unexpected-value")]),
    "table-extra-row-without-label.csv": (None, [(6, 2, "unlabelled-row")]),
    "table-extra-row-labelled-by-a-number.csv": (None, [(6, 1, "unlabelled-row")]),
}


def _where(error: ParseError) -> list[tuple[int | None, int | None, str]]:
    return [(problem.line, problem.column, problem.kind) for problem in error.problems]


@pytest.mark.parametrize("name", sorted(BAD_CASES))
def test_bad_tidy_csv_names_line_and_column(name: str) -> None:
    """Each bad tidy CSV raises ParseError naming the line, column and kind of its problem."""
    with pytest.raises(ParseError) as caught:
        csv.loads((BAD / name).read_bytes())
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, GovDisclosureError)
    assert BAD_CASES[name] == _where(caught.value)
    assert all("expected" in problem.message for problem in caught.value.problems)


@pytest.mark.parametrize("name", sorted(BAD_TABLES))
def test_bad_wide_table_names_line_and_column(name: str) -> None:
    """Each bad wide table raises ParseError naming the line, column and kind of its problem."""
    key, expected = BAD_TABLES[name]
    with pytest.raises(ParseError) as caught:
        csv.loads_table((BAD / name).read_bytes(), key)
    assert expected == _where(caught.value)
    assert all("expected" in problem.message for problem in caught.value.problems)


def test_every_bad_fixture_has_a_test() -> None:
    """No file in tests/fixtures/bad/csv goes untested."""
    assert {p.name for p in BAD.iterdir()} == set(BAD_CASES) | set(BAD_TABLES)


def test_problem_names_the_csv_column_and_what_was_found() -> None:
    """A problem's message names the CSV column; `found` holds the offending text."""
    with pytest.raises(ParseError) as caught:
        csv.loads((BAD / "count-not-a-number.csv").read_text(encoding="utf-8"))
    (problem,) = caught.value.problems
    assert problem.message.startswith("column 'count': expected a whole number")
    assert ("1件", "review_litigation.reconsideration.upheld") == (problem.found, problem.path)


def test_lenient_parse_collects_every_problem_and_keeps_the_rest() -> None:
    """A lenient parse returns the readable rest and every problem, without raising."""
    lines = (FIXTURES / "csv" / "small-2021.csv").read_text(encoding="utf-8").splitlines()
    lines[8] = lines[8].replace("96171.60", "9万")  # money cell on line 9
    lines[10] = lines[10].replace(",count,1,", ",count,one,")  # count cell on line 11
    lines.append(lines[11])  # a duplicate of line 12, as line 16
    text = "\n".join(lines) + "\n"
    parsed = csv.parse(text)
    assert [(9, 12, "not-a-decimal"), (11, 11, "not-a-count"), (16, 5, "duplicate")] == sorted(
        (p.line, p.column, p.kind) for p in parsed.problems
    )
    assert not parsed.ok
    report = parsed.report
    assert report is not None
    assert ("测试局", 2021) == (report.organ, report.year)
    assert None is report.get("review_litigation.reconsideration.upheld")
    assert 0 == report.get("review_litigation.reconsideration.corrected")
    with pytest.raises(ParseError) as caught:
        csv.loads(text)
    assert parsed.problems == caught.value.problems


@pytest.mark.parametrize("digits", ["9" * 25, "9" * 5000])
def test_numbers_past_the_digit_limit_are_problems(digits: str) -> None:
    """A count of more digits than the model's limit is a problem at its cell, never a crash."""
    tidy = (FIXTURES / "csv" / "small-2021.csv").read_text(encoding="utf-8")
    with pytest.raises(ParseError) as caught:
        csv.loads(tidy.replace(",count,0,", f",count,{digits},"))
    assert [(12, 11, "not-a-count")] == _where(caught.value)
    # In the official layout the cell is reported where it stands, not kept as a marker.
    wide = csv.dumps_table(Report.empty("2021"), "applications")
    wide = wide.replace(
        "一、本年新收政府信息公开申请数量,,,,", f"一、本年新收政府信息公开申请数量,,,{digits},"
    )
    with pytest.raises(ParseError) as caught:
        csv.loads_table(wide)
    assert [("applications.new_received.natural_person", "number-too-long")] == [
        (p.path, p.kind) for p in caught.value.problems
    ]


@given(text=st.text())
def test_arbitrary_text_reads_or_raises_parse_error(text: str) -> None:
    """Whatever the input, reading returns or raises ParseError: nothing else leaks out."""
    for read in (csv.loads, csv.loads_corpus, csv.loads_table):
        with contextlib.suppress(ParseError):
            read(text)


@given(report=partial_reports(), data=st.data())
def test_damaged_csv_reads_or_raises_parse_error(report: Report, data: Any) -> None:
    """A valid CSV with one field replaced by anything reads or raises ParseError, only."""
    records = list(stdlib_csv.reader(io.StringIO(csv.dumps(report), newline="")))
    line = data.draw(st.integers(0, len(records) - 1))
    field = data.draw(st.integers(0, len(records[line]) - 1))
    records[line][field] = data.draw(TEXT)
    out = io.StringIO(newline="")
    stdlib_csv.writer(out).writerows(records)
    problems: tuple[Problem, ...] = ()
    try:
        csv.loads(out.getvalue())
    except ParseError as error:
        problems = error.problems
    assert all(problem.line is not None for problem in problems)


# ------------------------------------------------------------------------------------------------
# Wide tables


def _marked(report: Report, paths: list[str], values: list[str]) -> Report:
    return report.with_cells(dict(zip(paths, values, strict=False)))


@given(report=reports(), data=st.data())
def test_wide_round_trip_of_complete_tables(report: Report, data: Any) -> None:
    """Each table of a complete report reads back equal from its official layout."""
    paths = data.draw(st.lists(st.sampled_from([c.path for c in report.cells()]), max_size=4))
    report = _marked(report, paths, [data.draw(MARKERS) for _ in paths])
    for key in KEYS:
        excel = data.draw(st.booleans())
        text = csv.dumps_table(report, key, excel=excel)
        assert getattr(report, key) == csv.loads_table(text, excel=excel)


def _printed(values: tuple[str, ...]) -> tuple[str, ...]:
    """Extra-row values as a spreadsheet keeps them: trailing blanks dropped."""
    kept = list(values)
    while kept and not kept[-1]:
        kept.pop()
    return tuple(kept)


@given(report=partial_reports())
def test_wide_round_trip_of_partial_tables(report: Report) -> None:
    """Absent rows stay absent; extra rows keep label and values; a second trip changes nothing."""
    for key in KEYS:
        table = getattr(report, key)
        if table is None:
            continue
        loaded: Any = csv.loads_table(csv.dumps_table(report, key), template=report.template)
        assert attrs.evolve(table, extra_rows=()) == attrs.evolve(loaded, extra_rows=())
        assert [(e.label, _printed(e.values)) for e in table.extra_rows] == [
            (e.label, e.values) for e in loaded.extra_rows
        ]
        again = attrs.evolve(report, **{key: loaded})
        assert loaded == csv.loads_table(csv.dumps_table(again, key), template=report.template)


@given(report=reports())
def test_wide_tables_read_when_padded_like_a_spreadsheet_export(report: Report) -> None:
    """Lines padded to one width with CRLF and a BOM, as Excel saves them, read the same."""
    for key in KEYS:
        written = csv.dumps_table(report, key)
        records = list(stdlib_csv.reader(io.StringIO(written, newline="")))
        width = max(len(record) for record in records)
        out = io.StringIO(newline="")
        padded = (record + [""] * (width - len(record)) for record in records)
        stdlib_csv.writer(out).writerows(padded)
        assert getattr(report, key) == csv.loads_table(("\ufeff" + out.getvalue()).encode())


def test_wide_applications_layout_is_the_official_one() -> None:
    """Section 三 prints the corner note, two header lines and merged group labels."""
    text = csv.dumps_table(Report.empty("2021"), "applications")
    records = list(stdlib_csv.reader(io.StringIO(text, newline="")))
    assert ["三、收到和处理政府信息公开申请情况"] == records[0]
    assert ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"] == records[2]
    assert ["", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""] == (
        records[3]
    )
    assert ["", "（三）不予公开", "1.属于国家秘密"] == records[8][:3]
    assert ["", "", "2.其他法律行政法规禁止公开"] == records[9][:3]


def test_wide_labels_match_however_they_are_typed() -> None:
    """Half-width brackets, spaces, line breaks, Traditional characters and aliases all match."""
    lines = [
        ",,,自 然 人,法人或其他组织 商业企业,科研机构,社会公益组织,法律服务机构,其他,总计",
        "一、本年新收政府信息公开申请数量,,,1,0,0,0,0,0,1",
        "三、本年度办理结果,(一)予以公开,,1,0,0,0,0,0,1",
        ',"（二）部分公開（區分處理的，只計這一情形，不計其他情形）",,0,0,0,0,0,0,0',
        ',（三）不予公开,"1. 属于\n国家秘密",0,0,0,0,0,0,0',
        ",,危及“三安全一稳定”,２,0,0,0,0,0,２",  # noqa: RUF001 - full-width digits on purpose
        ",,无正当理由大量反复申请,1,0,0,0,0,0,1",
    ]
    table = csv.loads_table("\n".join(lines), "applications")
    report = Report(applications=table)
    expected = {
        "applications.new_received.natural_person": 1,
        "applications.results.disclosed.total": 1,
        "applications.results.partially_disclosed.total": 0,
        "applications.results.withheld.state_secret.total": 0,
        "applications.results.withheld.security_stability.natural_person": 2,
        "applications.results.not_processed.vexatious.total": 1,
    }
    assert expected == {path: report.get(path) for path in expected}
    assert () == table.extra_rows


def test_wide_column_aliases_match() -> None:
    """A 2019 本年增减 header (the alias of 本年增/减) maps to the same column."""
    lines = [
        "第二十条第（五）项,,,",
        "信息内容,上一年项目数量,本年增减,处理决定数量",
        "行政许可,3,-1,2",
    ]
    table = csv.loads_table("\n".join(lines), "proactive")
    assert isinstance(table, ProactiveTable2019)
    assert table.licensing is not None
    assert (3, -1, 2) == (
        table.licensing.previous_items,
        table.licensing.change,
        table.licensing.decisions,
    )


def test_wide_template_is_read_from_the_rows() -> None:
    """（六）其他处理 as a row shows 2019, its sub-rows show 2021, neither fits both."""
    old = Report.empty("2019").with_cells({"applications.results.other_handling.total": 4})
    new = Report.empty("2021").with_cells({"applications.results.other_handling.other.total": 4})
    read_old = csv.loads_table(csv.dumps_table(old, "applications"))
    read_new = csv.loads_table(csv.dumps_table(new, "applications"))
    assert isinstance(read_old, ApplicationTable)
    assert isinstance(read_new, ApplicationTable)
    assert isinstance(read_old.results.other_handling, ApplicantCounts)
    assert isinstance(read_new.results.other_handling, OtherHandling)
    results = attrs.evolve(read_old.results, other_handling=None)
    neither = Report(applications=attrs.evolve(read_old, results=results))
    assert neither.template is None
    assert neither.applications == csv.loads_table(csv.dumps_table(neither, "applications"))


def test_wide_template_given_must_agree_with_the_labels() -> None:
    """Reading a 2021 table as 2019 is refused with the line and column of a 2021 label."""
    text = csv.dumps_table(Report.empty("2021"), "proactive")
    with pytest.raises(ParseError) as caught:
        csv.loads_table(text, "proactive", template="2019")
    assert [(3, 2, "wrong-template")] == _where(caught.value)


def test_wide_review_line_stops_where_the_page_was_cut() -> None:
    """A section 四 line of five numbers shows 行政复议 only; the other groups are absent."""
    report = Report(review_litigation=ReviewLitigationTable(reconsideration=Outcomes(upheld=1)))
    text = csv.dumps_table(report, "review_litigation")
    assert "1,,,," == text.splitlines()[4]
    assert report.review_litigation == csv.loads_table(text)


def test_blank_form_filled_in_a_spreadsheet_loads_into_a_report() -> None:
    """An official fills the blank form in Excel; the table loads into the report."""
    report = Report.empty("2021", organ="湘潭县审计局", year=2021)
    form = csv.dumps_table(report, "applications", excel=True)
    records = list(stdlib_csv.reader(io.StringIO(form.removeprefix("\ufeff"), newline="")))
    records[4][3] = "12"  # 一、本年新收… / 自然人
    records[4][9] = "12"  # 一、本年新收… / 总计
    records[5][3] = "／"  # 二、上年结转… / 自然人: a marker, kept verbatim  # noqa: RUF001 - a full-width marker on purpose
    out = io.StringIO(newline="")
    out.write("\ufeff")
    stdlib_csv.writer(out).writerows(records)
    table = csv.loads_table(out.getvalue(), "applications", excel=True)
    filled = attrs.evolve(report, applications=table)
    assert 12 == filled.get("applications.new_received.natural_person")
    assert 12 == filled.get("applications.new_received.total")
    assert "／" == filled.get("applications.carried_over.natural_person")  # noqa: RUF001 - a full-width marker on purpose
    assert None is filled.get("applications.carried_over.total")


def test_dumps_table_needs_the_table() -> None:
    """Writing a table the report does not show, or a key that is no table, is refused."""
    with pytest.raises(ValueError, match="no applications table"):
        csv.dumps_table(Report(), "applications")
    with pytest.raises(ValueError, match="table key"):
        csv.dumps_table(Report.empty("2021"), "overview")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="table key"):
        csv.loads_table("", "overview")  # type: ignore[call-overload]


def test_wide_table_file_objects(tmp_path: Path) -> None:
    """dump_table and load_table work on files opened with newline=''."""
    report = Report.empty("2019").with_cells({"proactive.procurement.amount": Decimal(8040)})
    path = tmp_path / "proactive.csv"
    with path.open("w", encoding="utf-8", newline="") as fp:
        csv.dump_table(report, "proactive", fp, excel=True)
    with path.open(encoding="utf-8", newline="") as fp:
        table = csv.load_table(fp, "proactive", excel=True)
    assert report.proactive == table
    assert isinstance(table, ProactiveTable2019)
    assert isinstance(table.procurement, Procurement2019)


def test_columns_may_come_in_any_order() -> None:
    """A tidy CSV whose columns a spreadsheet user reordered reads the same."""
    report = Report.empty("2019", organ="湘潭县审计局", year=2020)
    records = list(stdlib_csv.reader(io.StringIO(csv.dumps(report), newline="")))
    out = io.StringIO(newline="")
    stdlib_csv.writer(out).writerows(record[::-1] for record in records)
    assert report == csv.loads(out.getvalue())


@pytest.mark.parametrize("key", KEYS)
def test_wide_table_is_known_by_its_labels_without_heading(key: csv.TableKey) -> None:
    """Without the heading line, the labels tell which table a file holds."""
    report = Report.empty("2019").with_cells(
        {"applications.results.other_handling.natural_person": 2}
    )
    lines = csv.dumps_table(report, key).splitlines(keepends=True)
    assert getattr(report, key) == csv.loads_table("".join(lines[1:]))


@pytest.mark.parametrize("key", ["applications", "review_litigation"])
def test_wide_table_without_header_reads_by_position(key: csv.TableKey) -> None:
    """A table typed without header lines reads its values in the official column order."""
    report = Report.empty("2021").with_cells(
        {
            "applications.carried_forward.other_org": 7,
            "review_litigation.litigation_direct.total": 3,
        }
    )
    lines = csv.dumps_table(report, key).splitlines(keepends=True)
    assert getattr(report, key) == csv.loads_table("".join(lines[4:]), key)


def test_wide_group_shown_without_its_rows() -> None:
    """A 2021 （六）其他处理 group shown with none of its rows comes back shown and empty."""
    report = Report.empty("2021")
    assert report.applications is not None
    results = attrs.evolve(report.applications.results, other_handling=OtherHandling())
    report = Report(applications=attrs.evolve(report.applications, results=results))
    text = csv.dumps_table(report, "applications")
    assert ",（六）其他处理" in text.splitlines()
    assert report.applications == csv.loads_table(text)
    assert report == csv.loads(csv.dumps(report))


def test_wide_group_line_holds_no_values() -> None:
    """Numbers on the line of a group label (which has none of its own) are refused."""
    typed = "三、本年度办理结果,,,,,,,,,\n,（三）不予公开,,1,,,,,,\n"
    with pytest.raises(ParseError) as caught:
        csv.loads_table(typed, "applications")
    assert [(2, 4, "unexpected-value")] == _where(caught.value)


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_printed_form_of_a_row_label_is_unique(template: Template) -> None:
    """No two rows of a table share a printed label form, so a label names one row."""
    for key in KEYS:
        forms = _wide._vocab(template, key).rows
        assert all(len(rows) == 1 for rows in forms.values())


# ------------------------------------------------------------------------------------------------
# The Xiangtan County Audit Bureau 2020 report


def test_xiangtan_golden_csv_is_the_report(xiangtan_report: Report) -> None:
    """The golden tidy CSV of the Xiangtan report is exactly its dump, and reads back as it."""
    report = xiangtan_report
    assert XIANGTAN_CSV.read_text(encoding="utf-8") == csv.dumps(report)
    assert report == csv.loads(XIANGTAN_CSV.read_bytes())


def test_xiangtan_golden_wide_table_is_the_official_layout(xiangtan_report: Report) -> None:
    """The golden section 三 of the Xiangtan report is its official 2019 layout, and reads back."""
    report = xiangtan_report
    assert XIANGTAN_APPLICATIONS.read_text(encoding="utf-8") == csv.dumps_table(
        report, "applications"
    )
    table = csv.loads_table(XIANGTAN_APPLICATIONS.read_text(encoding="utf-8"), "applications")
    assert report.applications == table
    assert isinstance(table.results.other_handling, ApplicantCounts)


def test_xiangtan_text_to_csv_to_model_is_unchanged() -> None:
    """The Xiangtan report read from its text survives CSV (tidy and wide) unchanged."""
    text = pytest.importorskip("govdisclosure.text")
    report = text.loads(EXAMPLE_TEXT.read_text(encoding="utf-8"))
    assert report == csv.loads(csv.dumps(report))
    assert report == csv.loads(csv.dumps(report, excel=True), excel=True)
    for key in KEYS:
        assert getattr(report, key) == csv.loads_table(csv.dumps_table(report, key))


def test_wide_review_groups_are_placed_by_their_own_labels() -> None:
    """Section 四's header may name a group by a short label; lines after the numbers are kept.

    The line stops after 直接起诉, so 复议后起诉 is not shown; the lines after it are extra rows
    anchored after the last group shown, even one as long as the line of numbers.
    """
    typed = (
        "四、政府信息公开行政复议、行政诉讼情况\n"
        "行政复议,,,,,行政诉讼,,,,,,,,,\n"
        "结果维持,结果纠正,其他结果,尚未审结,总计,直接起诉,,,,,复议后起诉,,,,\n"
        ",,,,,结果维持,结果纠正,其他结果,尚未审结,总计,结果维持,结果纠正,其他结果,尚未审结,总计\n"
        "1,,/,,,2,,,,,\n"
        "合计,1,,2\n"
        f"说明,{','.join(['1'] * 15)}\n"
    )
    table = csv.loads_table(typed, "review_litigation")
    assert Outcomes(upheld=1, other="/") == table.reconsideration
    assert Outcomes(upheld=2) == table.litigation_direct
    assert None is table.litigation_after_reconsideration
    assert [
        ("合计", ("1", "", "2"), "litigation_direct"),
        ("说明", ("1",) * 15, "litigation_direct"),
    ] == [(e.label, e.values, e.after) for e in table.extra_rows]
