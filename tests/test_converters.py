"""Tests for govdisclosure.converters: cattrs converters holding reports as the JSON document."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime
from decimal import Decimal
from types import ModuleType
from typing import Any

import attrs
import cattrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdisclosure import ParseError, Report, Template
from govdisclosure import json as gdjson
from govdisclosure.converters import configure_converter, make_converter, to_parse_error
from govdisclosure.model import (
    ApplicantCounts,
    ApplicationTable,
    Fees2021,
    OtherHandling,
    ProactiveTable2021,
    Procurement2019,
    Results,
    Section,
)
from govdisclosure.strategies import partial_reports, reports

TEMPLATES = [template.value for template in Template]
CONVERTER = make_converter()


@attrs.frozen
class Submission:
    """A user's own attrs class holding a report, as in the issue."""

    id: int
    report: Report
    received: datetime


def _money(report: Report) -> list[tuple[str, str]]:
    """Every money cell of `report` with its digits as printed (str, not ==: 282.10 != 282.1)."""
    return [
        (cell.path, str(cell.value)) for cell in report.cells() if isinstance(cell.value, Decimal)
    ]


def _any_report() -> st.SearchStrategy[Report]:
    """Complete and partial reports of both templates."""
    return st.one_of([strategy(t) for t in TEMPLATES for strategy in (reports, partial_reports)])


# ------------------------------------------------------------------------------------------------
# The laws: the converter's document is the JSON module's, both ways.


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("strategy", [reports, partial_reports], ids=["complete", "partial"])
@given(data=st.data())
def test_the_converter_holds_the_json_document(template: str, strategy: Any, data: Any) -> None:
    """unstructure(r) == json.to_dict(r) and structure(json.to_dict(r), Report) == r."""
    report = data.draw(strategy(template))
    document = gdjson.to_dict(report)
    assert document == CONVERTER.unstructure(report)
    structured = CONVERTER.structure(document, Report)
    assert report == structured
    assert _money(report) == _money(structured)


# ------------------------------------------------------------------------------------------------
# Every cattrs preconf format installed in the dev extra.

PRECONF = ["json", "orjson", "msgpack", "msgspec", "pyyaml", "tomlkit", "cbor2", "bson"]


def _preconf(name: str) -> ModuleType:
    """The cattrs.preconf module for `name` (its library is a dev dependency)."""
    return importlib.import_module(f"cattrs.preconf.{name}")


def _configured(name: str) -> Any:
    """A preconf converter of `name` with the report hooks registered."""
    converter = _preconf(name).make_converter()
    configure_converter(converter)
    return converter


@pytest.mark.parametrize("name", PRECONF)
@given(report=_any_report(), key=st.integers(0, 2**31))
def test_reports_round_trip_through_every_preconf_format(
    name: str, report: Report, key: int
) -> None:
    """A Submission holding any report goes through the format and back equal, digits kept."""
    converter = _configured(name)
    # BSON reads datetimes back without a time zone (as UTC): give it a naive one.
    received = datetime(2021, 3, 1, 8, 30, tzinfo=None if name == "bson" else UTC)
    submission = Submission(key, report, received)
    loaded = converter.loads(converter.dumps(submission), Submission)
    assert submission == loaded
    assert _money(report) == _money(loaded.report)


@pytest.mark.parametrize("name", PRECONF)
@pytest.mark.parametrize("digits", ["282.10", "0.00", "-3.50", "96171.6", "0.0000001", "-0.00"])
def test_money_keeps_its_printed_digits_in_every_format(name: str, digits: str) -> None:
    """282.10 stays 282.10 (not 282.1) through every format, negative zero included."""
    converter = _configured(name)
    report = Report(proactive=ProactiveTable2021(fees=Fees2021(amount=Decimal(digits))))
    loaded = converter.loads(converter.dumps(report), Report)
    assert [("proactive.fees.amount", str(Decimal(digits)))] == _money(loaded)


@pytest.mark.parametrize("name", PRECONF)
def test_zero_blank_and_marker_stay_apart_in_every_format(name: str) -> None:
    """A 0, a blank and a "/" in one row come back as 0, None and "/" from every format."""
    converter = _configured(name)
    row = ApplicantCounts(natural_person=0, commercial=None, research="/", total=0)
    report = attrs.evolve(Report.empty("2019"), applications=ApplicationTable(new_received=row))
    loaded = converter.loads(converter.dumps(report), Report)
    assert loaded.applications is not None
    assert row == loaded.applications.new_received


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("json", str),
        ("orjson", str),
        ("msgpack", str),
        ("msgspec", str),
        ("pyyaml", str),
        ("tomlkit", str),
        ("cbor2", Decimal),
        ("bson", "Decimal128"),
    ],
)
def test_each_format_holds_money_in_the_form_it_can_keep(name: str, expected: Any) -> None:
    """Formats without decimals get the digits as a string, cbor2 a Decimal, BSON Decimal128."""
    report = Report(proactive=ProactiveTable2021(fees=Fees2021(amount=Decimal("282.10"))))
    amount = _configured(name).unstructure(report)["proactive"]["fees"]["amount"]
    if expected == "Decimal128":
        assert "Decimal128('282.10')" == repr(amount)
    else:
        assert expected is type(amount)
        assert "282.10" == str(amount)


def test_bson_money_at_the_digit_limit_is_exact() -> None:
    """The longest money the model holds (MAX_DIGITS) fits a Decimal128 and reads back exactly."""
    converter = _configured("bson")
    digits = "1234567890123456789012.10"  # 24 digits, trailing zero kept
    report = Report(proactive=ProactiveTable2021(fees=Fees2021(amount=Decimal(digits))))
    assert [("proactive.fees.amount", digits)] == _money(
        converter.loads(converter.dumps(report), Report)
    )


def test_toml_leaves_out_null_and_reads_it_back() -> None:
    """TOML has no null: null keys are left out, and read back as null where null is allowed."""
    converter = _configured("tomlkit")
    report = Report.empty("2021", organ="湘潭县审计局")
    text = converter.dumps(report)
    assert "title" not in text
    assert "organ = " in text
    assert report == converter.loads(text, Report)


def test_toml_still_refuses_a_missing_key_that_cannot_be_null() -> None:
    """Only keys that may be null are filled in: a missing heading is still an error."""
    converter = _configured("tomlkit")
    document = converter.unstructure(Report(sections=(Section("overview", "一、总体情况"),)))
    del document["sections"][0]["heading"]
    with pytest.raises(ParseError) as raised:
        converter.structure(document, Report)
    assert [("$.sections[0].heading", "missing-key")] == [
        (problem.path, problem.kind) for problem in raised.value.problems
    ]


def test_digit_strings_are_money_only_in_money_cells() -> None:
    """A format's "282.10" reads as money in a money cell, and stays refused in a count."""
    converter = _configured("json")
    document = converter.unstructure(Report.empty("2019"))
    document["proactive"]["procurement"]["amount"] = "282.10"
    document["proactive"]["procurement"]["items"] = "3"
    with pytest.raises(ParseError) as raised:
        converter.structure(document, Report)
    assert [("$.proactive.procurement.items", "numeric-marker")] == [
        (problem.path, problem.kind) for problem in raised.value.problems
    ]
    del document["proactive"]["procurement"]["items"]
    document["proactive"]["procurement"]["items"] = 3
    proactive = converter.structure(document, Report).proactive
    assert isinstance(proactive.procurement, Procurement2019)
    assert "282.10" == str(proactive.procurement.amount)


# ------------------------------------------------------------------------------------------------
# Inside users' own types.


def test_a_users_class_holding_a_report_structures_in_one_line(xiangtan_report: Report) -> None:
    """Submission(id, report, received) unstructures and structures with make_converter()."""
    submission = Submission(7, xiangtan_report, datetime(2021, 1, 28, 9, 0, tzinfo=UTC))
    data = make_converter().unstructure(submission)
    assert gdjson.to_dict(xiangtan_report) == data["report"]
    assert "2021-01-28T09:00:00+00:00" == data["received"]
    assert submission == make_converter().structure(data, Submission)


def test_reports_in_lists_and_dicts(xiangtan_report: Report) -> None:
    """Reports inside lists and dicts of a user's types go both ways."""
    reports_by_organ = {"湘潭县审计局": [xiangtan_report, Report.empty("2021")]}
    data = CONVERTER.unstructure(reports_by_organ, dict[str, list[Report]])
    assert reports_by_organ == CONVERTER.structure(data, dict[str, list[Report]])


def test_the_template_is_read_from_the_document_never_guessed() -> None:
    """A 2021-shaped （六） under template "2019" is refused, not read as a 2021 report."""
    document = gdjson.to_dict(Report.empty("2021"))
    document["proactive"] = None
    document["template"] = "2019"
    with pytest.raises(ParseError) as raised:
        CONVERTER.structure(document, Report)
    assert [("$.applications.results.other_handling", "template-mismatch")] == [
        (problem.path, problem.kind) for problem in raised.value.problems
    ]


@pytest.mark.parametrize(
    "part",
    [
        ApplicantCounts(natural_person=1, commercial="/", total=1),
        Section(None, "六、下一步工作打算", "无"),
        Procurement2019(items=2, amount=Decimal("282.10")),
        Results(other_handling=ApplicantCounts(total=0)),
        Results(other_handling=OtherHandling(other=ApplicantCounts(total=2))),
        ApplicationTable(results=Results(other_handling=OtherHandling())),
    ],
    ids=lambda part: type(part).__name__,
)
def test_every_model_class_has_hooks(part: Any) -> None:
    """A row, section or table on its own goes both ways (the （六） form says its template)."""
    data = CONVERTER.unstructure(part)
    assert isinstance(data, dict)
    assert part == CONVERTER.structure(data, type(part))


# ------------------------------------------------------------------------------------------------
# Errors.


def _bad_report() -> dict[str, Any]:
    """A report document with two problems."""
    document = gdjson.to_dict(Report.empty("2019"))
    document["year"] = "2020"
    document["applications"]["results"]["total"]["total"] = "5"
    return document


BAD_PATHS = [("$.year", "wrong-type"), ("$.applications.results.total.total", "numeric-marker")]


def test_structuring_a_bad_report_raises_parse_error_with_every_problem() -> None:
    """A bad report raises ParseError listing each problem at its path, as from_dict does."""
    with pytest.raises(ParseError) as raised:
        CONVERTER.structure(_bad_report(), Report)
    assert BAD_PATHS == [(problem.path, problem.kind) for problem in raised.value.problems]
    with pytest.raises(ParseError) as direct:
        gdjson.from_dict(_bad_report())
    assert direct.value.problems == raised.value.problems


def test_errors_inside_a_users_class_are_one_parse_error_with_full_paths() -> None:
    """The report's problems and the user's own fields' problems come back together."""
    with pytest.raises(ParseError) as raised:
        CONVERTER.structure({"id": "seven", "report": _bad_report()}, Submission)
    expected = [
        ("$.id", "invalid-value"),
        ("$.report.year", "wrong-type"),
        ("$.report.applications.results.total.total", "numeric-marker"),
        ("$.received", "missing-key"),
    ]
    assert expected == [(problem.path, problem.kind) for problem in raised.value.problems]
    assert isinstance(raised.value.__cause__, cattrs.ClassValidationError)


def test_errors_in_lists_and_dicts_name_the_index_and_key() -> None:
    """A bad report at index 1 of a list, or under a key of a dict, is named by its place."""
    good = gdjson.to_dict(Report())
    with pytest.raises(ParseError) as in_list:
        CONVERTER.structure([good, _bad_report()], list[Report])
    assert ["$[1].year", "$[1].applications.results.total.total"] == [
        problem.path for problem in in_list.value.problems
    ]
    with pytest.raises(ParseError) as in_dict:
        CONVERTER.structure({"湘潭 县": _bad_report()}, dict[str, Report])
    assert ['$["湘潭 县"].year', '$["湘潭 县"].applications.results.total.total'] == [
        problem.path for problem in in_dict.value.problems
    ]


def test_a_users_own_converter_raises_cattrs_errors_that_to_parse_error_translates() -> None:
    """configure_converter leaves cattrs' errors to the caller; to_parse_error gives the paths."""
    converter = cattrs.Converter()
    converter.register_structure_hook(datetime, lambda value, _: datetime.fromisoformat(value))
    configure_converter(converter)
    data = {"id": 1, "report": _bad_report(), "received": "2021-01-28T09:00:00+00:00"}
    with pytest.raises(cattrs.ClassValidationError) as raised:
        converter.structure(data, Submission)
    problems = to_parse_error(raised.value).problems
    assert [("$.report" + path[1:], kind) for path, kind in BAD_PATHS] == [
        (problem.path, problem.kind) for problem in problems
    ]


def test_to_parse_error_of_a_plain_exception_is_one_problem_at_the_path() -> None:
    """Any other exception becomes one problem at the path given."""
    error = to_parse_error(ValueError("not a date"), "$.received")
    assert [("$.received", "invalid-value")] == [
        (problem.path, problem.kind) for problem in error.problems
    ]
    assert "not a date" in error.problems[0].message


def test_a_converter_of_your_own_says_what_its_format_needs() -> None:
    """money= and omit_null= give a converter that is not a preconf one a format's needs."""
    converter = cattrs.Converter()
    configure_converter(converter, money="string", omit_null=True)
    report = Report(proactive=ProactiveTable2021(fees=Fees2021(amount=Decimal("282.10"))))
    data = converter.unstructure(report)
    assert {"amount": "282.10"} == data["proactive"]["fees"]
    assert "title" not in data
    assert report == converter.structure(data, Report)
