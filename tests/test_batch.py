"""Batch checking at corpus scale: ``govdisclosure check DIR -j 2`` over 2,000 files.

A handful of reports is drawn once from the public strategies and written many times, in every
format the command reads (text as a grid and one cell per line, JSON, tidy CSV, HTML), each copy
with its own narrative and some with a changed cell, so the files differ and their findings vary.
A few broken files sit among them. What the command reports is compared with what
`checks.check` finds on the reports that were written, computed here without reading any file.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings

from govdisclosure import Report, checks, html, text
from govdisclosure import csv as report_csv
from govdisclosure import json as report_json
from govdisclosure.cli import main
from govdisclosure.strategies import reports

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FILES = 2000
BROKEN = {
    # file name in the batch: (fixture, what the reason must mention)
    "broken-invalid.json": (FIXTURES / "bad" / "json" / "invalid-json.json", "invalid JSON"),
    "broken-array.json": (FIXTURES / "bad" / "json" / "top-level-array.json", "array"),
    "broken-empty.txt": (FIXTURES / "bad" / "batch" / "empty.txt", "no report"),
}
DAMAGED = {
    # file name in the batch: (fixture, what its one reading problem must mention); read
    # leniently, as everything else in it can be
    "broken-count.csv": (FIXTURES / "bad" / "csv" / "count-not-a-number.csv", "whole number"),
}
WRITERS: tuple[tuple[str, Callable[[Report], str]], ...] = (
    (".txt", text.dumps),
    (".json", report_json.dumps),
    (".csv", report_csv.dumps),
    (".html", html.dumps),
    (".txt", lambda report: text.dumps(report, style="lines")),
)


def _draw(count: int) -> list[Report]:
    """Draw `count` distinct complete reports, both templates, the same ones every run."""
    drawn: dict[str, Report] = {}

    @seed(2021)
    @settings(
        max_examples=count * 5,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(reports())
    def collect(report: Report) -> None:
        drawn.setdefault(report_json.dumps(report), report)
        if len(drawn) == count:
            raise _EnoughError

    with contextlib.suppress(_EnoughError):
        collect()
    assert count == len(drawn)
    return list(drawn.values())


class _EnoughError(Exception):
    """Stops drawing once enough distinct reports are found."""


def _copy(report: Report, number: int) -> Report:
    """Copy `number` of `report`: its own narrative, and every third copy a cell changed."""
    sections = tuple(
        attrs.evolve(s, text=f"{number}. {s.text}" if s.text else s.text) for s in report.sections
    )
    report = attrs.evolve(report, sections=sections)
    if number % 3 == 1:
        report = report.with_cells({"applications.new_received.natural_person": number % 11})
    elif number % 3 == 2:
        report = report.with_cells({"review_litigation.reconsideration.total": number % 7})
    return report


def _expected(report: Report) -> list[tuple[str, str, str | None]]:
    return [(f.rule, f.status.value, f.path) for f in checks.check(report)]


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """A folder of 2,000 files and, per file name, the findings its report has (or None)."""
    folder = tmp_path_factory.mktemp("batch")
    base = _draw(8)
    expected: dict[str, Any] = {}
    for number in range(FILES - len(BROKEN) - len(DAMAGED)):
        suffix, write = WRITERS[number % len(WRITERS)]
        report = _copy(base[number % len(base)], number)
        name = f"{number:04d}{suffix}"
        (folder / name).write_text(write(report), encoding="utf-8", newline="")
        expected[name] = _expected(report)
    for name, (fixture, _) in BROKEN.items():
        shutil.copyfile(fixture, folder / name)
        expected[name] = None
    for name, (fixture, _) in DAMAGED.items():
        shutil.copyfile(fixture, folder / name)
        parsed = report_csv.parse(fixture.read_bytes())
        assert parsed.report is not None
        expected[name] = _expected(parsed.report)
    return folder, expected


@pytest.fixture(scope="module")
def output(batch: tuple[Path, dict[str, Any]]) -> tuple[int, dict[str, Any]]:
    """The exit code and the JSON document of ``check DIR -j 2 --format json``."""
    folder, _ = batch
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stdout", out)
        code = main(["check", str(folder), "-j", "2", "--format", "json", "--lang", "en"])
    document: dict[str, Any] = json.loads(out.getvalue())
    return code, document


def test_every_file_is_reported_once_in_order(
    batch: tuple[Path, dict[str, Any]], output: tuple[int, dict[str, Any]]
) -> None:
    """Each of the 2,000 files has exactly one record, in the order of the file names."""
    _, expected = batch
    _, document = output
    assert sorted(expected) == [Path(record["file"]).name for record in document["files"]]


def test_summary_counts_reports_and_unreadable_files(output: tuple[int, dict[str, Any]]) -> None:
    """The summary counts every report, reads all but the broken files, and exits 2 for them."""
    code, document = output
    summary = document["summary"]
    assert 2 == code
    assert FILES == summary["reports"]
    assert FILES - len(BROKEN) == summary["read"]
    assert len(BROKEN) == summary["unreadable"]
    assert len(DAMAGED) == summary["problems"]


def test_each_broken_file_is_listed_with_its_reason(output: tuple[int, dict[str, Any]]) -> None:
    """Exactly the broken files are unreadable, each with a reason saying what is wrong."""
    _, document = output
    unreadable = {
        Path(record["file"]).name: record["error"]
        for record in document["files"]
        if record["error"] is not None
    }
    assert set(BROKEN) == set(unreadable)
    for name, (_, mention) in BROKEN.items():
        assert mention in unreadable[name], name


def test_a_damaged_file_is_read_with_its_problem(output: tuple[int, dict[str, Any]]) -> None:
    """A corpus file with one bad cell is read leniently: one problem saying what is wrong."""
    _, document = output
    problems = {
        Path(record["file"]).name: [problem["message"] for problem in record["problems"]]
        for record in document["files"]
        if record["problems"] and record["error"] is None
    }
    assert set(DAMAGED) == set(problems)
    for name, (_, mention) in DAMAGED.items():
        (message,) = problems[name]
        assert mention in message, name


def test_findings_are_those_check_gives_on_the_written_reports(
    batch: tuple[Path, dict[str, Any]], output: tuple[int, dict[str, Any]]
) -> None:
    """Each file's findings, and the summary's counts by rule, are what `checks.check` finds."""
    _, expected = batch
    _, document = output
    found = {
        Path(record["file"]).name: [(f["rule"], f["status"], f["path"]) for f in record["findings"]]
        for record in document["files"]
        if record["error"] is None
    }
    wanted = {name: findings for name, findings in expected.items() if findings is not None}
    assert wanted == found
    every = [finding for findings in wanted.values() for finding in findings]
    failed = Counter(rule for rule, status, _ in every if status == "fail")
    summary = document["summary"]
    assert dict(sorted(failed.items())) == summary["by_rule"]
    assert sum(failed.values()) == summary["failed"]
    assert len(every) - sum(failed.values()) == summary["not_assessable"]
    assert sum(failed.values()) > 0  # the changed cells do break rules: the test sees findings


@pytest.mark.parametrize("name", ["bytes-without-report.txt", "page-without-report.html"])
def test_file_holding_no_report_is_unreadable(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Bytes or a web page in which no title, section or table can be read are unreadable."""
    code = main(["check", str(FIXTURES / "bad" / "batch" / name), "--format", "json"])
    record = json.loads(capsys.readouterr().out)["files"][0]
    assert (2, "no report") == (code, (record["error"] or "")[:9])
