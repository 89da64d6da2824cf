"""Tests for govdisclosure.csv's streaming corpus reader: iter_corpus and parse_corpus."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdisclosure import ParseError, Report, csv
from govdisclosure.strategies import reports


@given(st.lists(reports(), max_size=4))
def test_iter_corpus_yields_what_dump_corpus_wrote(found: list[Report]) -> None:
    """Streaming a written corpus yields its reports, in order, from text and from bytes."""
    document = csv.dumps_corpus(found)
    expected = [(str(n), report) for n, report in enumerate(found, start=1)]
    assert expected == list(csv.iter_corpus(io.StringIO(document, newline="")))
    assert expected == list(csv.iter_corpus(io.BytesIO(document.encode())))


def test_iter_corpus_reads_gb18030_bytes() -> None:
    """A corpus saved by Excel on a Chinese Windows (GB18030) streams as UTF-8 does."""
    report = Report.empty("2021", organ="湘潭县审计局", year=2021)
    document = csv.dumps_corpus({"甲": report})
    assert [("甲", report)] == list(csv.iter_corpus(io.BytesIO(document.encode("gb18030"))))


def test_iter_corpus_yields_the_good_reports_before_a_bad_one() -> None:
    """Reports before a bad row are yielded; the bad report raises with its line."""
    good = Report.empty("2021", organ="甲", year=2021)
    document = csv.dumps_corpus({"a": good, "b": good})
    lines = document.splitlines(keepends=True)
    last = lines[-1].split(",")
    last[10] = "x"  # the count column
    stream = csv.iter_corpus(io.StringIO("".join([*lines[:-1], ",".join(last)]), newline=""))
    assert ("a", good) == next(stream)
    with pytest.raises(ParseError) as caught:
        next(stream)
    assert len(lines) == caught.value.line


def test_parse_corpus_reports_rows_of_a_report_met_again() -> None:
    """A report whose rows come back after another's is said, and its later rows left out."""
    one = Report.empty("2021", organ="甲", year=2021)
    two = Report.empty("2021", organ="乙", year=2021)
    lines = csv.dumps_corpus({"a": one, "b": two}).splitlines(keepends=True)
    rows_of_a = [line for line in lines[1:] if line.startswith("a,")]
    rows_of_b = [line for line in lines[1:] if line.startswith("b,")]
    moved = [lines[0], *rows_of_a[:-1], *rows_of_b, rows_of_a[-1]]
    parsed = list(csv.parse_corpus(io.StringIO("".join(moved), newline="")))
    split = [p for item in parsed for p in item.problems if p.kind == "report-split"]
    assert [len(moved)] == [problem.line for problem in split]
    # the list forms read such a file whole, grouped by report
    assert {"a": one, "b": two} == csv.loads_corpus("".join(moved))
    assert {"a": one, "b": two} == csv.load_corpus(io.StringIO("".join(moved), newline=""))


def test_parse_corpus_says_what_is_wrong_with_a_file_holding_no_corpus() -> None:
    """An empty file and bytes that decode as nothing are problems, never exceptions."""
    (empty,) = csv.parse_corpus(io.BytesIO(b""))
    assert ["missing-header"] == [p.kind for p in empty.problems]
    header = ",".join(csv.COLUMNS).encode() + b"\n"
    found = list(csv.parse_corpus(io.BytesIO(header + b"\xff\xfe\x80\x81" * 4)))
    assert [("encoding", 1)] == [(p.kind, p.line) for item in found for p in item.problems]
