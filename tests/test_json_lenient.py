"""Tests for govdisclosure.json.parse: a lenient read of damaged JSON documents."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given

from govdisclosure import ParseError, Report
from govdisclosure import json as gjson
from govdisclosure.strategies import reports

BAD = sorted((Path(__file__).resolve().parent / "fixtures" / "bad" / "json").glob("*.json"))


@given(reports())
def test_parse_of_a_valid_document_is_loads(report: Report) -> None:
    """A valid document parses to the report loads gives, without problems."""
    result = gjson.parse(gjson.dumps(report))
    assert (report, ()) == (result.report, result.problems)


@pytest.mark.parametrize("path", BAD, ids=[path.stem for path in BAD])
def test_parse_reports_every_problem_loads_finds(path: Path) -> None:
    """On each bad fixture, parse returns without raising and lists at least loads' problems."""
    data = path.read_bytes()
    with pytest.raises(ParseError) as caught:
        gjson.loads(data)
    result = gjson.parse(data)
    assert set(caught.value.problems) <= set(result.problems)


def test_parse_keeps_everything_but_the_bad_value() -> None:
    """A bad cell becomes absent (blank) with its problem; every other value is kept."""
    report = Report.empty("2021", organ="甲", year=2021).with_cells(
        {"applications.new_received.natural_person": 3, "applications.new_received.total": 3}
    )
    document = gjson.dumps(report).replace('"natural_person": 3', '"natural_person": "3件"', 1)
    result = gjson.parse(document)
    assert ["$.applications.new_received.natural_person"] == [p.path for p in result.problems]
    assert report.with_cells({"applications.new_received.natural_person": None}) == result.report


def test_parse_of_text_that_is_not_a_report_gives_an_empty_report() -> None:
    """Text that is not JSON, or JSON that is not an object, gives an empty report and why."""
    for source, kind in (("{", "invalid-json"), ("[1, 2]", "not-an-object")):
        result = gjson.parse(source)
        assert (Report(), [kind]) == (result.report, [p.kind for p in result.problems])
    with pytest.raises(TypeError):
        gjson.parse(3)  # type: ignore[arg-type]
