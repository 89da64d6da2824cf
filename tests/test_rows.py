"""Tests for findings and problems as rows: Finding.to_dict, Problem.to_dict, findings_table."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from govdisclosure import Problem, Report, checks, text
from govdisclosure.strategies import partial_reports, reports

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "xiangtan-audit-2020.txt"


def _broken() -> Report:
    """The Xiangtan report with one count changed: its totals no longer add up."""
    report = text.loads(EXAMPLE.read_bytes())
    return report.with_cells({"applications.new_received.natural_person": 3})


def test_finding_to_dict_is_flat_text_from_the_public_attributes() -> None:
    """A finding's row has its rule, levels, path, key, messages, sides' sums and difference."""
    failed = next(f for f in checks.check(_broken()) if f.status is checks.Status.FAIL)
    row = failed.to_dict()
    assert list(checks.FINDING_COLUMNS[4:]) == list(row)
    assert (failed.rule, failed.severity.value, "fail") == (
        row["rule"],
        row["severity"],
        row["status"],
    )
    assert (failed.path, failed.key, failed.message_en) == (
        row["path"],
        row["key"],
        row["message_en"],
    )
    assert str(failed.difference) == row["difference"]
    assert all(value is None or isinstance(value, str) for value in row.values())
    assert row == json.loads(json.dumps(row, ensure_ascii=False))


@given(partial_reports())
def test_every_finding_row_has_the_same_columns(report: Report) -> None:
    """Every finding of any report gives a row with exactly the FINDING_COLUMNS."""
    rows = list(checks.findings_table([report]))
    assert len(checks.check(report)) == len(rows)
    assert all(list(checks.FINDING_COLUMNS) == list(row) for row in rows)


def test_a_money_difference_keeps_its_exact_text() -> None:
    """A Decimal difference is written as its exact text (0.10 stays 0.10)."""
    finding = checks.Finding(
        rule="r",
        severity=checks.Severity.ERROR,
        status=checks.Status.FAIL,
        path="p",
        key="r:p",
        message_zh="z",
        message_en="e",
        difference=Decimal("0.10"),
        missing=("a", "b"),
    )
    assert ("0.10", "a b") == (finding.to_dict()["difference"], finding.to_dict()["missing"])


@settings(max_examples=10)  # each example checks up to three whole reports twice
@given(st.lists(reports(), max_size=3))
def test_findings_table_names_each_report(found: list[Report]) -> None:
    """Rows carry the report's number, organ, year and template, in the order checked."""
    rows = list(checks.findings_table(found))
    expected = [
        (str(n), r.organ, r.year, r.template.value if r.template else None, f.key)
        for n, r in enumerate(found, start=1)
        for f in checks.check(r)
    ]
    assert expected == [
        (row["report"], row["organ"], row["year"], row["template"], row["key"]) for row in rows
    ]


def test_findings_table_takes_a_mapping_and_leaves_out_the_unassessable() -> None:
    """A mapping names reports by key; failed_only keeps only the failed checks."""
    rows = list(checks.findings_table({"draft": _broken()}, failed_only=True))
    assert rows
    assert {("draft", "fail")} == {(row["report"], row["status"]) for row in rows}


def test_problem_to_dict() -> None:
    """A problem's row has its kind, message, path, line, column and what was found."""
    problem = Problem("expected a count", path="a.b", line=3, column=4, found="x", kind="k")
    expected = {
        "kind": "k",
        "message": "expected a count",
        "path": "a.b",
        "line": 3,
        "column": 4,
        "found": "x",
    }
    assert expected == problem.to_dict()
