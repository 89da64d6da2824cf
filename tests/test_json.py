"""Tests for govdisclosure.json: lossless round trips, every bad input, the schema, the example."""

from __future__ import annotations

import io
import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govdisclosure import GovDisclosureError, ParseError, Report, Template
from govdisclosure import json as gdjson
from govdisclosure.json import _read, _write
from govdisclosure.model import (
    ApplicantCounts,
    ApplicationTable,
    Fees2021,
    ProactiveTable2021,
    Procurement2019,
)
from govdisclosure.strategies import MARKERS, partial_reports, reports

ROOT = Path(__file__).resolve().parent.parent
BAD = Path(__file__).resolve().parent / "fixtures" / "bad" / "json"
EXAMPLE = ROOT / "examples" / "xiangtan-audit-2020.json"
EXAMPLE_TEXT = ROOT / "examples" / "xiangtan-audit-2020.txt"
TEMPLATES = [template.value for template in Template]

_VALIDATOR = jsonschema.Draft202012Validator(gdjson.schema())


def _validate_tree(obj: Any) -> None:
    """Run the model's attrs validators on `obj` and every model object inside it."""
    if attrs.has(type(obj)):
        attrs.validate(obj)
        for field in attrs.fields(type(obj)):
            _validate_tree(getattr(obj, field.name))
    elif isinstance(obj, tuple):
        for item in obj:
            _validate_tree(item)


def _schema_errors(text: str) -> list[str]:
    """Validate a JSON text against the schema; return the error messages."""
    document = json.loads(text)  # as a tool in another language would see it: floats
    return [error.message for error in _VALIDATOR.iter_errors(document)]


# ------------------------------------------------------------------------------------------------
# Round trips.


def _assert_round_trip(report: Report) -> None:
    """Reading the written report gives it back, by both passes, as valid model objects."""
    text = gdjson.dumps(report)
    loaded = gdjson.loads(text)
    assert report == loaded
    assert report == _read._Careful().document(_read.decode(text))
    _validate_tree(loaded)  # the fast pass builds objects without their __init__


# At least 500 generated reports of each template in CI's thorough profile (issue 2).
_FIVE_HUNDRED = (
    settings(max_examples=500)
    if os.environ.get("GOVDISCLOSURE_PROFILE") == "thorough"
    else settings()
)


@pytest.mark.parametrize("template", TEMPLATES)
@_FIVE_HUNDRED
@given(data=st.data())
def test_complete_reports_round_trip(template: str, data: st.DataObject) -> None:
    """Every complete report of each template is read back equal to what was written."""
    _assert_round_trip(data.draw(reports(template)))


@pytest.mark.parametrize("template", TEMPLATES)
@_FIVE_HUNDRED
@given(data=st.data())
def test_partial_reports_round_trip(template: str, data: st.DataObject) -> None:
    """Every partial report of each template is read back equal to what was written."""
    _assert_round_trip(data.draw(partial_reports(template)))


@given(partial_reports(), st.sampled_from([0, 2, 4]))
def test_compact_and_indented_texts_agree(report: Report, indent: int) -> None:
    """Compact text is the stdlib encoder's, and indented text holds the same document."""
    compact = gdjson.dumps(report)
    assert _write.encode(report, None) == compact
    text = gdjson.dumps(report, indent=indent)
    assert json.loads(compact, parse_float=Decimal) == json.loads(text, parse_float=Decimal)
    assert report == gdjson.loads(text)


def test_dump_and_load_through_file_objects() -> None:
    """Reports are dumped to and loaded from text and binary file objects."""
    report = Report.empty("2021", organ="湘潭县审计局", year=2021).with_cells(
        {"proactive.fees.amount": Decimal("282.10")}
    )
    text, binary = io.StringIO(), io.BytesIO()
    gdjson.dump(report, text)
    gdjson.dump(report, binary, indent=2)
    assert gdjson.dumps(report) == text.getvalue()
    assert gdjson.dumps(report, indent=2).encode() == binary.getvalue()
    text.seek(0)
    binary.seek(0)
    assert report == gdjson.load(text)
    assert report == gdjson.load(binary)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-32"])
def test_loads_reads_bytes_in_any_json_encoding(encoding: str) -> None:
    """Bytes in UTF-8 (with or without a BOM), UTF-16 or UTF-32 read as the same report."""
    report = Report.empty("2019", organ="湘潭县审计局", year=2020)
    assert report == gdjson.loads(gdjson.dumps(report).encode(encoding))


def _fees(amount: Decimal) -> Report:
    """A report whose only row is the 2021 行政事业性收费 row, with `amount`."""
    return Report(proactive=ProactiveTable2021(fees=Fees2021(amount=amount)))


def _read_fees(text: str) -> object:
    """Read a document written by `_fees` and return its amount."""
    proactive = gdjson.loads(text).proactive
    assert isinstance(proactive, ProactiveTable2021)
    assert proactive.fees is not None
    return proactive.fees.amount


@pytest.mark.parametrize(
    "digits",
    ["282.10", "0.00", "0", "96171.6", "0.0000001", "251000", "-3.50", "12345678901234.567"],
)
@pytest.mark.parametrize("indent", [None, 2])
def test_money_is_exact(digits: str, indent: int | None) -> None:
    """Money is written as the exact digits and read back with the same digits."""
    text = gdjson.dumps(_fees(Decimal(digits)), indent=indent)
    assert f'"amount": {digits}' in text
    assert str(Decimal(digits)) == str(_read_fees(text))


def test_integer_money_reads_as_decimal() -> None:
    """An integer in a money cell reads as a Decimal of the same value."""
    text = gdjson.dumps(_fees(Decimal(0))).replace('"amount": 0', '"amount": 251000')
    amount = _read_fees(text)
    assert isinstance(amount, Decimal)
    assert "251000" == str(amount)


def test_zero_blank_and_marker_stay_apart() -> None:
    """A 0, a blank and a "/" in the same row stay three different values."""
    row = ApplicantCounts(natural_person=0, commercial=None, research="/", total=0)
    report = attrs.evolve(Report.empty("2019"), applications=ApplicationTable(new_received=row))
    text = gdjson.dumps(report)
    assert '"natural_person": 0, "commercial": null, "research": "/"' in text
    loaded = gdjson.loads(text)
    assert loaded.applications is not None
    assert loaded.applications.new_received is not None
    assert row == loaded.applications.new_received
    assert (0, None, "/") == (
        loaded.applications.new_received.natural_person,
        loaded.applications.new_received.commercial,
        loaded.applications.new_received.research,
    )


def test_chinese_is_not_escaped() -> None:
    """Chinese text is written as it is, not as backslash-u escapes."""
    report = Report.empty("2021", organ="湘潭县审计局")
    for indent in (None, 2):
        text = gdjson.dumps(report, indent=indent)
        assert '"organ": "湘潭县审计局"' in text
        assert "\\u" not in text


def test_document_keys_follow_the_model() -> None:
    """The document has schema_version and template first, then the report's attributes."""
    document = json.loads(gdjson.dumps(Report.empty("2021")))
    names = [field.name for field in attrs.fields(Report)]
    assert ["schema_version", "template", *names] == list(document)
    assert gdjson.SCHEMA_VERSION == document["schema_version"]
    assert "2021" == document["template"]
    assert None is json.loads(gdjson.dumps(Report()))["template"]


def test_absent_rows_and_tables_are_null() -> None:
    """A row or table the report does not show is written as null, never left out."""
    document = json.loads(gdjson.dumps(Report(applications=ApplicationTable())))
    assert document["proactive"] is None
    assert document["applications"]["new_received"] is None
    assert document["applications"]["results"]["withheld"]["state_secret"] is None
    assert [] == document["applications"]["extra_rows"]


def test_int_subclasses_are_written_as_numbers() -> None:
    """A count held as an int subclass (an IntEnum, say) is written as its number."""

    class Count(int):
        """An int subclass, as a caller's own types might be."""

    report = Report(applications=ApplicationTable(new_received=ApplicantCounts(total=Count(7))))
    text = gdjson.dumps(report)
    assert '"total": 7}' in text
    assert report == gdjson.loads(text)


def test_arguments_of_the_wrong_type_raise_type_error() -> None:
    """Passing something that is not a report or not text is a programming error."""
    with pytest.raises(TypeError, match="Report"):
        gdjson.dumps({"organ": "湘潭县审计局"})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="str or bytes"):
        gdjson.loads(None)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------------
# Bad input: one fixture file per problem, named for it.

BAD_CASES = {
    "invalid-json.json": (None, "invalid-json"),
    "top-level-array.json": ("$", "not-an-object"),
    "wrong-schema-version.json": ("$.schema_version", "schema-version"),
    "unknown-template.json": ("$.template", "wrong-type"),
    "template-null-with-tables.json": ("$.proactive", "template-mismatch"),
    "template-2019-with-2021-rows.json": (
        "$.applications.results.other_handling",
        "template-mismatch",
    ),
    "template-without-tables.json": ("$.template", "template-mismatch"),
    "unknown-key.json": ("$.applications.new_received.applicants", "unknown-key"),
    "missing-key.json": ("$.applications.new_received.total", "missing-key"),
    "numeric-string-marker.json": ("$.applications.results.total.natural_person", "numeric-marker"),
    "number-with-unit-as-marker.json": ("$.proactive.procurement.amount", "numeric-marker"),
    "blank-as-empty-string.json": ("$.applications.results.total.commercial", "invalid-value"),
    "marker-with-spaces.json": ("$.applications.results.total.other_org", "invalid-value"),
    "count-as-float.json": ("$.review_litigation.reconsideration.upheld", "wrong-type"),
    "cell-is-boolean.json": ("$.applications.results.total.research", "wrong-type"),
    "nan-in-cell.json": ("$.review_litigation.reconsideration.pending", "wrong-type"),
    "money-with-exponent.json": ("$.proactive.procurement.amount", "invalid-value"),
    "title-not-a-string.json": ("$.title", "wrong-type"),
    "year-as-string.json": ("$.year", "wrong-type"),
    "repeated-section-key.json": ("$.sections[1].key", "invalid-value"),
    "unknown-section-key.json": ("$.sections[1].key", "wrong-type"),
    "row-as-array.json": ("$.review_litigation.reconsideration", "wrong-type"),
    "group-is-null.json": ("$.applications.results.withheld", "wrong-type"),
    "extra-row-value-not-a-string.json": ("$.applications.extra_rows[0].values[1]", "wrong-type"),
    "section-not-an-object.json": ("$.sections[2]", "wrong-type"),
    "sections-not-an-array.json": ("$.sections", "wrong-type"),
    "table-not-an-object.json": ("$.proactive", "wrong-type"),
    "unknown-key-with-spaces.json": ('$.review_litigation["行政 复议"]', "unknown-key"),
    "year-is-empty-string.json": ("$.year", "wrong-type"),
    "missing-template.json": ("$.template", "missing-key"),
    "missing-schema-version.json": ("$.schema_version", "missing-key"),
    "repeated-key.json": ("$.applications.new_received.total", "repeated-key"),
    "nested-too-deep.json": (None, "invalid-json"),  # 20,000 levels: 3.13 follows ~8,000
    "integer-too-long.json": (None, "invalid-json"),
    "undecodable-bytes.json": (None, "invalid-json"),
    "exponent-too-large.json": (None, "invalid-json"),
}
NOT_JSON = {
    "exponent-too-large.json",
    "invalid-json.json",
    "nested-too-deep.json",
    "integer-too-long.json",
    "undecodable-bytes.json",
}
"""Fixtures Python cannot decode (not JSON, or numbers it cannot hold): a line and column."""


def test_every_bad_fixture_has_a_case() -> None:
    """Each file in the bad-input folder is checked by a case below (and each case has a file)."""
    files = {path.name for path in BAD.glob("*.json")}
    assert {*BAD_CASES, "several-problems.json"} == files


@pytest.mark.parametrize(("name", "expected"), BAD_CASES.items(), ids=list(BAD_CASES))
def test_bad_input_raises_parse_error_with_its_path(name: str, expected: tuple[str, str]) -> None:
    """Each bad document raises ParseError with its one problem: where, what kind, and why."""
    with pytest.raises(ParseError) as raised:
        gdjson.loads((BAD / name).read_bytes())
    error = raised.value
    assert isinstance(error, ValueError)
    assert isinstance(error, GovDisclosureError)
    assert [expected] == [(problem.path, problem.kind) for problem in error.problems]
    assert "expect" in error.problems[0].message.lower()
    assert "found" in error.problems[0].message


def test_invalid_json_gives_line_and_column() -> None:
    """Text that is not JSON is reported with the line and column where it stops being JSON."""
    with pytest.raises(ParseError) as raised:
        gdjson.load(io.StringIO((BAD / "invalid-json.json").read_text(encoding="utf-8")))
    (problem,) = raised.value.problems
    # An unquoted title: every Python's decoder stops at the same place with the same words.
    assert (4, 12) == (problem.line, problem.column)
    assert problem.found is not None
    assert problem.found.startswith("湘潭县审计局")
    assert str(problem).startswith(f"4:12: invalid JSON: expecting value, found {problem.found!r}")


def test_numeric_string_message_says_what_was_expected() -> None:
    """A numeric string in a cell is refused with what was expected and what was found."""
    with pytest.raises(ParseError) as raised:
        gdjson.loads((BAD / "numeric-string-marker.json").read_text(encoding="utf-8"))
    (problem,) = raised.value.problems
    expected = "expected a number, null or a non-numeric marker, found the numeric string '0'"
    assert expected == problem.message
    assert "0" == problem.found


def test_several_problems_are_reported_at_once() -> None:
    """Every problem of a document comes back in one ParseError, in document order."""
    with pytest.raises(ParseError) as raised:
        gdjson.loads((BAD / "several-problems.json").read_text(encoding="utf-8"))
    expected = [
        ("$.schema_version", "schema-version"),
        ("$.year", "wrong-type"),
        ("$.applications.new_received.applicants", "unknown-key"),
        ("$.applications.results.total.natural_person", "numeric-marker"),
        ("$.review_litigation.reconsideration.total", "missing-key"),
    ]
    assert expected == [(problem.path, problem.kind) for problem in raised.value.problems]
    assert raised.value.path == "$.schema_version"
    assert str(raised.value).startswith("5 problems:")


@pytest.mark.parametrize("name", sorted({*BAD_CASES, "several-problems.json"}))
def test_every_problem_names_a_path_or_a_line_and_column(name: str) -> None:
    """Every problem of every bad document says where it is: a JSON path, or line and column."""
    with pytest.raises(ParseError) as raised:
        gdjson.loads((BAD / name).read_bytes())
    for problem in raised.value.problems:
        assert (problem.path is not None) != (
            problem.line is not None and problem.column is not None
        )


@pytest.mark.parametrize(
    ("name", "line", "column"),
    [
        ("nested-too-deep.json", 4, 111),  # the 100th "[", level 101 (the document is 1)
        ("integer-too-long.json", 6, 11),
        ("undecodable-bytes.json", 5, 19),
        ("exponent-too-large.json", 30, 17),
    ],
)
def test_unreadable_documents_give_line_and_column(name: str, line: int, column: int) -> None:
    """Nesting too deep, an integer too long and bytes that are not text are placed exactly."""
    with pytest.raises(ParseError) as raised:
        gdjson.loads((BAD / name).read_bytes())
    (problem,) = raised.value.problems
    assert (line, column) == (problem.line, problem.column)


def test_a_repeated_key_is_refused_whatever_else_is_wrong() -> None:
    """A repeated key is reported beside the document's other problems, each at its path."""
    text = (
        (BAD / "repeated-key.json")
        .read_text(encoding="utf-8")
        .replace('"year": 2020', '"year": "2020"')
    )
    with pytest.raises(ParseError) as raised:
        gdjson.loads(text)
    assert [("$.applications.new_received.total", "repeated-key"), ("$.year", "wrong-type")] == [
        (problem.path, problem.kind) for problem in raised.value.problems
    ]


@given(partial_reports(), st.text(alphabet=':"{}[] ', max_size=5))
def test_colons_in_text_never_hide_or_invent_a_repeated_key(report: Report, noise: str) -> None:
    """Colons and quotes inside strings change no verdict: a repeat is found, none is invented."""
    report = attrs.evolve(report, preamble=noise, title=f'"{noise}":')
    text = gdjson.dumps(report)
    assert report == gdjson.loads(text)
    repeated = text.replace('"preamble": ', '"preamble": "x", "preamble": ', 1)
    with pytest.raises(ParseError) as raised:
        gdjson.loads(repeated)
    assert [("$.preamble", "repeated-key")] == [
        (problem.path, problem.kind) for problem in raised.value.problems
    ]


@pytest.mark.parametrize("name", sorted(set(BAD_CASES) - NOT_JSON - {"repeated-key.json"}))
def test_the_fast_pass_refuses_every_bad_document(name: str) -> None:
    """The fast pass, which skips the model's __init__, accepts none of the bad documents."""
    document = _read.decode((BAD / name).read_bytes())
    with pytest.raises(Exception):  # noqa: B017, PT011 - any refusal sends it to the careful pass
        _read._fast(document)


@pytest.mark.parametrize(
    ("data", "message", "where"),
    [
        (b'{"a": "\xff"}', "UTF-8", (1, 8)),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply", (1, 101)),
        ('{"year": ' + "9" * 5000 + "}", "at most 4300 digits", (1, 10)),
        ('\ufeff{"a":\n "\u00e9'.encode("utf-16-le") + b"x", "UTF-16", (2, 4)),
    ],
    ids=["undecodable-bytes", "too-deep", "huge-integer", "undecodable-utf-16"],
)
def test_unreadable_text_raises_parse_error(
    data: str | bytes, message: str, where: tuple[int, int]
) -> None:
    """Bytes that are not text, or text Python's JSON reader cannot hold, raise ParseError."""
    with pytest.raises(ParseError, match=message) as raised:
        gdjson.loads(data)
    (problem,) = raised.value.problems
    assert ("invalid-json", where) == (problem.kind, (problem.line, problem.column))


# ------------------------------------------------------------------------------------------------
# The schema.


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    """schema() returns a valid draft 2020-12 JSON Schema, a fresh copy each call."""
    schema = gdjson.schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert "https://json-schema.org/draft/2020-12/schema" == schema["$schema"]
    schema["title"] = "changed"
    assert "changed" != gdjson.schema()["title"]


@given(reports())
def test_complete_reports_are_valid_against_the_schema(report: Report) -> None:
    """Every document written for a complete report is valid against the schema."""
    assert [] == _schema_errors(gdjson.dumps(report))


@given(partial_reports())
def test_partial_reports_are_valid_against_the_schema(report: Report) -> None:
    """Every document written for a partial report is valid against the schema."""
    assert [] == _schema_errors(gdjson.dumps(report))


def test_example_is_valid_against_the_schema() -> None:
    """The shipped example is valid against the schema."""
    assert [] == _schema_errors(EXAMPLE.read_text(encoding="utf-8"))


SCHEMA_BLIND = {
    *NOT_JSON,  # not JSON (or not text Python reads): nothing to validate
    "count-as-float.json",  # 3.0 is an integer to JSON Schema
    "money-with-exponent.json",  # 2.5e5 is a number to JSON Schema
    "repeated-key.json",  # a decoded object holds one value per key: the schema sees one
}
"""Bad documents that only `loads` refuses (the schema() docstring says so)."""


@pytest.mark.parametrize("name", sorted(set(BAD_CASES) - SCHEMA_BLIND))
def test_schema_rejects_bad_documents(name: str) -> None:
    """The schema rejects every bad document whose problem a schema can describe."""
    assert [] != _schema_errors((BAD / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(SCHEMA_BLIND - NOT_JSON))
def test_schema_accepts_only_what_it_cannot_describe(name: str) -> None:
    """The schema accepts the bad documents its docstring says only loads refuses."""
    assert [] == _schema_errors((BAD / name).read_text(encoding="utf-8"))


def _marker_validator() -> Any:
    """A validator for the schema's marker definition alone."""
    schema = gdjson.schema()
    marker = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": "#/$defs/marker"}
    return jsonschema.Draft202012Validator(marker)


@pytest.mark.parametrize("marker", MARKERS)
def test_schema_accepts_markers(marker: str) -> None:
    """Every marker seen in published reports is a marker for the schema, unless padded."""
    validator = _marker_validator()
    assert validator.is_valid(marker)
    assert not validator.is_valid(f"{marker}\n")
    assert not validator.is_valid(f" {marker}")


@pytest.mark.parametrize("text", ["0", "-5", "1,234", "251000元", "24.5万元", "282.10", "3 件", ""])
def test_schema_refuses_numeric_strings_as_markers(text: str) -> None:
    """A string that reads as a number (or is empty) is not a marker for the schema."""
    assert not _marker_validator().is_valid(text)


# ------------------------------------------------------------------------------------------------
# The shipped example: the Xiangtan County Audit Bureau 2020 report, built by hand.


def test_example_is_the_report_built_by_hand(xiangtan_report: Report) -> None:
    """examples/xiangtan-audit-2020.json is exactly the hand-built report, indented by 2."""
    report = xiangtan_report
    assert gdjson.dumps(report, indent=2) + "\n" == EXAMPLE.read_text(encoding="utf-8")
    assert report == gdjson.loads(EXAMPLE.read_bytes())


def test_example_holds_what_the_report_prints() -> None:
    """The example keeps the printed headings, paragraphs and zeros of the Xiangtan report."""
    report = gdjson.loads(EXAMPLE.read_text(encoding="utf-8"))
    assert (Template.V2019, "湘潭县审计局", 2020) == (report.template, report.organ, report.year)
    assert "六、下一步工作打算" == report.extra_sections[0].heading
    assert report.other_matters is not None
    assert "无" == report.other_matters.text
    assert report.overview is not None
    paragraphs = report.overview.text.split("\n")
    assert 4 == len(paragraphs)
    assert paragraphs[0].startswith("2020年湘潭县审计局在县委、县政府的正确领导下")
    assert paragraphs[3].endswith("的“闭环”流程办理到位。")
    next_steps = report.extra_sections[0].text.split("\n")
    assert ["1、完善", "2、推动", "3、丰富"] == [paragraph[:4] for paragraph in next_steps]
    assert report.problems is not None
    assert "五、工作存在的问题及改进措施" == report.problems.heading
    assert ("", "", "") == tuple(s.text for s in report.sections[1:4])
    assert {0} == {cell.value for cell in report.cells()}
    assert isinstance(report.proactive, type(Report.empty("2019").proactive))
    procurement = getattr(report.proactive, "procurement", None)
    assert isinstance(procurement, Procurement2019)
    assert isinstance(procurement.amount, Decimal)


# ------------------------------------------------------------------------------------------------
# The document as Python data.


@given(partial_reports())
def test_to_dict_is_the_document_and_from_dict_reads_it(report: Report) -> None:
    """to_dict gives the written document as dicts and lists; from_dict reads it back."""
    document = gdjson.to_dict(report)
    assert json.loads(gdjson.dumps(report), parse_float=Decimal) == document
    assert report == gdjson.from_dict(document)


@pytest.mark.parametrize("name", sorted(set(BAD_CASES) - NOT_JSON - {"repeated-key.json"}))
def test_from_dict_refuses_what_loads_refuses(name: str) -> None:
    """A bad document as Python data has the same problems as its text."""
    text = (BAD / name).read_text(encoding="utf-8")
    with pytest.raises(ParseError) as from_text:
        gdjson.loads(text)
    with pytest.raises(ParseError) as from_data:
        gdjson.from_dict(json.loads(text, parse_float=Decimal, parse_constant=_read._Constant))
    assert from_text.value.problems == from_data.value.problems


@pytest.mark.parametrize(
    ("value", "path", "message"),
    [
        (
            ("proactive", "fees", "amount", 282.1),
            "$.proactive.fees.amount",
            (
                "expected an exact decimal (a float cannot keep printed digits: 282.10), null "
                "or a marker, found the float 282.1"
            ),
        ),
        (
            ("applications", "extra_rows", None, ("1", "2")),
            "$.applications.extra_rows",
            "expected an array, found a Python tuple, which is not a JSON value",
        ),
        (
            ("review_litigation", "reconsideration", "total", 3.0),
            "$.review_litigation.reconsideration.total",
            "expected a number, null or a non-numeric marker, found the float 3.0",
        ),
    ],
    ids=["float-money", "tuple", "float-count"],
)
def test_from_dict_says_what_python_values_are_not(
    value: tuple[str, str, str | None, Any], path: str, message: str
) -> None:
    """Python values no JSON decoder gives (floats for money, tuples) are named in the message."""
    document = gdjson.to_dict(Report.empty("2021"))
    table, row, key, item = value
    if key is None:
        document[table][row] = item
    else:
        document[table][row][key] = item
    with pytest.raises(ParseError) as raised:
        gdjson.from_dict(document)
    assert [(path, message)] == [(p.path, p.message) for p in raised.value.problems]


def test_to_dict_needs_a_report() -> None:
    """Passing something that is not a report to to_dict is a programming error."""
    with pytest.raises(TypeError, match="Report"):
        gdjson.to_dict({"organ": "湘潭县审计局"})  # type: ignore[arg-type]


_JUNK = st.sampled_from(
    [
        *'":,{}[]\\0-\x00é',
        '"a": 1, ',
        "1e99999999999999999999",
        "9" * 4400,
        "[" * 20_000,
    ]
)
"""Damage: JSON's punctuation, a repeated key, numbers Python cannot hold, nesting too deep."""


@given(
    partial_reports(),
    st.lists(st.tuples(st.integers(0, 10**6), _JUNK, st.booleans()), min_size=1, max_size=4),
    st.sampled_from(["text", "bytes"]),
)
def test_damaged_documents_raise_only_parse_error_with_a_place(
    report: Report, damage: list[tuple[int, str, bool]], form: str
) -> None:
    """A damaged document reads as a report or raises ParseError, each problem placed."""
    text = gdjson.dumps(report)
    for position, junk, replace in damage:
        at = position % (len(text) + 1)
        text = text[:at] + junk + text[at + replace :]
    data: str | bytes = text.encode("utf-8", "surrogatepass") if form == "bytes" else text
    try:
        gdjson.loads(data)
    except ParseError as error:
        for problem in error.problems:
            assert (problem.path is not None) or (problem.line is not None)


def test_colons_in_the_narrative_need_no_second_decoding() -> None:
    """A web address or a time in the text is counted off: the one-count check still decides."""
    report = attrs.evolve(
        Report.empty("2021"), preamble="网址：http://www.xiangtan.gov.cn，时间 10:30"
    )
    text = gdjson.dumps(report)
    assert _read._no_repeated_key(text, gdjson.loads(text))
    repeated = text.replace('"organ": ', '"organ": "a:b", "organ": ', 1)
    assert not _read._no_repeated_key(repeated, _read._fast(_read.decode(repeated)))


def test_an_escaped_colon_cannot_hide_a_repeated_key() -> None:
    """A colon written as an escape in a string is not counted off: a repeat is still found."""
    text = gdjson.dumps(Report.empty("2021"))
    text = text.replace('"preamble": ""', '"preamble": "\\u003a", "organ": null', 1)
    with pytest.raises(ParseError) as raised:
        gdjson.loads(text)
    assert [("$.organ", "repeated-key")] == [
        (problem.path, problem.kind) for problem in raised.value.problems
    ]
