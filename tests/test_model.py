"""Tests for govdisclosure.model: the report classes and path-based access."""

from __future__ import annotations

import typing
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdisclosure import ParseError, Report, Section, Template
from govdisclosure.errors import CellValueError
from govdisclosure.layout import layout
from govdisclosure.model import (
    ApplicantCounts,
    ApplicationTable,
    Count,
    Documents2021,
    ExtraRow,
    Fees2021,
    Money,
    OtherHandling,
    Outcomes,
    ProactiveTable2019,
    ProactiveTable2021,
    Procurement2019,
    Results,
    ReviewLitigationTable,
    cell_text,
    is_marker,
    read_number,
)
from govdisclosure.model import tables as tables_module
from govdisclosure.model.values import MAX_DIGITS, fits, looks_numeric
from govdisclosure.strategies import partial_reports, reports

_CELL_TYPES = {Count, Money}


def _model_paths(cls: type[Any], template: Template, prefix: str) -> set[str]:
    """Every cell path the model classes define, walking attrs fields from `cls`."""
    attrs.resolve_types(cls, globalns=vars(tables_module))
    paths: set[str] = set()
    for field in attrs.fields(cls):
        if field.name == "extra_rows":
            continue
        path = f"{prefix}.{field.name}"
        if field.type in _CELL_TYPES:
            paths.add(path)
            continue
        options = [a for a in typing.get_args(field.type) if a is not type(None)] or [field.type]
        if cls is Results and field.name == "other_handling":
            options = [ApplicantCounts if template is Template.V2019 else OtherHandling]
        (child,) = options
        paths |= _model_paths(child, template, path)
    return paths


@pytest.mark.parametrize("template", list(Template))
def test_layout_and_model_fields_are_a_bijection(template: Template) -> None:
    """Every model cell field has exactly one layout label, and every label one field."""
    proactive = ProactiveTable2019 if template is Template.V2019 else ProactiveTable2021
    model = (
        _model_paths(proactive, template, "proactive")
        | _model_paths(ApplicationTable, template, "applications")
        | _model_paths(ReviewLitigationTable, template, "review_litigation")
    )
    labelled = [cell.path for cell in layout(template).cells]
    assert len(labelled) == len(set(labelled))
    assert model == set(labelled)


def test_four_facts_stay_apart() -> None:
    """A printed number, an explicit 0, a blank and a marker are four different values."""
    row = ApplicantCounts(natural_person=12, commercial=0, research=None, nonprofit="/")
    assert (12, 0, None, "/") == (row.natural_person, row.commercial, row.research, row.nonprofit)
    assert row != ApplicantCounts(natural_person=12, commercial=None, research=0, nonprofit="/")


@pytest.mark.parametrize("bad", ["0", " 3", "1,234", "251000元", "", " / ", "-5", "３"])  # noqa: RUF001 - a full-width digit on purpose
def test_numeric_or_padded_strings_are_not_markers(bad: str) -> None:
    """A string that reads as a number (or is blank or padded) is rejected as a marker."""
    with pytest.raises(ValueError, match="marker"):
        ApplicantCounts(total=bad)


@pytest.mark.parametrize("bad", [True, 1.5, Decimal(1), b"0"])
def test_counts_reject_other_types(bad: object) -> None:
    """Counts hold int, str or None only (no bool, float or Decimal)."""
    with pytest.raises(TypeError):
        Outcomes(upheld=bad)  # type: ignore[arg-type]


def test_negative_counts_are_held() -> None:
    """The model holds a negative count as printed; the checks flag it, not the model."""
    assert -3 == Outcomes(total=-3).total


def test_money_is_exact() -> None:
    """Money keeps the digits as printed: 282.10 stays 282.10."""
    fees = Fees2021(amount=Decimal("282.10"))
    assert "282.10" == str(fees.amount)
    assert Decimal(251000) == Procurement2019(amount=251000).amount  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "bad", [Decimal("NaN"), Decimal("Infinity"), Decimal("1E+3"), "96,171.6", "96171.6万元"]
)
def test_money_rejects_non_printed_forms(bad: object) -> None:
    """Money is a finite decimal as printed: no NaN, exponent, or string of more than digits."""
    with pytest.raises(ValueError, match="amount"):
        Fees2021(amount=bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", (0, None)),
        ("１２３", (123, None)),  # noqa: RUF001 - full-width digits on purpose
        ("1,234", (1234, None)),
        ("-417", (-417, None)),
        ("251000元", (251000, "元")),
        ("24.5万元", (Decimal("24.5"), "万元")),
        ("282.10", (Decimal("282.10"), None)),
        ("/", None),
        ("无", None),
        ("1.属于国家秘密", None),
        ("", None),
        ("9" * 5000, None),
        ("9" * 25, None),
        ("9" * 24, (int("9" * 24), None)),
        ("0." + "1" * 24, None),
    ],
)
def test_read_number(text: str, expected: object) -> None:
    """Printed numbers read with units apart; anything else is not a number."""
    assert expected == read_number(text)


@given(st.text())
def test_is_marker_agrees_with_read_number(text: str) -> None:
    """A string is a marker exactly when it is non-blank, unpadded and not a number."""
    assert is_marker(text) == (text.strip() == text != "" and not looks_numeric(text))


@given(st.text())
def test_read_number_reads_what_looks_numeric(text: str) -> None:
    """Whatever read_number reads looks numeric; a numeric text it refuses is past the limit."""
    number = read_number(text)
    if number is not None:
        assert looks_numeric(text)
        assert fits(number[0])


def test_money_from_strings_and_ints() -> None:
    """Money takes a plain decimal string or an int as the exact Decimal it prints as."""
    assert Decimal("282.10") == Fees2021(amount="282.10").amount
    assert "282.10" == str(Fees2021(amount="282.10").amount)
    assert Decimal(-3) == Fees2021(amount="-3").amount
    assert Decimal(7) == Fees2021(amount=7).amount  # type: ignore[arg-type]


def test_money_refuses_floats_saying_why() -> None:
    """A float is refused with a message saying it is inexact and what to pass instead."""
    with pytest.raises(TypeError, match=r"Fees2021.amount: .*approximately.*Decimal\('1.5'\)"):
        Fees2021(amount=1.5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("cls", "name", "value"),
    [
        (Outcomes, "total", 10**24),
        (Outcomes, "total", -(10**24)),
        (Fees2021, "amount", Decimal("1E-999999999")),
        (Fees2021, "amount", Decimal("0." + "0" * 23 + "1")),
        (Fees2021, "amount", "1" * 25),
    ],
)
def test_values_past_the_digit_limit_are_refused(cls: type, name: str, value: object) -> None:
    """No cell holds a number of more than MAX_DIGITS digits as printed."""
    with pytest.raises(ValueError, match=f"at most {MAX_DIGITS} digits"):
        cls(**{name: value})


@given(
    st.integers(-(10**MAX_DIGITS) + 1, 10**MAX_DIGITS - 1),
    st.decimals(
        allow_nan=False, allow_infinity=False, places=6, max_value=10**17, min_value=-(10**17)
    ),
)
def test_values_within_the_limit_are_held(count: int, money: Decimal) -> None:
    """Every number within the limit is held as given."""
    assert (count, money) == (Outcomes(total=count).total, Fees2021(amount=money).amount)


def test_with_cells_names_every_bad_cell() -> None:
    """with_cells raises one CellValueError listing each bad cell by path with what it expected."""
    report = Report.empty("2021")
    bad = {
        "proactive.fees.amount": 1.5,
        "applications.new_received.total": "3",
        "applications.new_received.research": 4,
    }
    with pytest.raises(CellValueError) as caught:
        report.with_cells(bad)  # type: ignore[arg-type]
    problems = caught.value.problems
    assert ["proactive.fees.amount", "applications.new_received.total"] == [
        p.path for p in problems
    ]
    assert ["invalid-cell", "invalid-cell"] == [p.kind for p in problems]
    assert "reads as a number" in problems[1].message
    assert isinstance(caught.value, ParseError)
    assert isinstance(caught.value, TypeError)


@pytest.mark.parametrize(("template", "count"), [("2019", 198), ("2021", 200)])
def test_empty_report_has_every_cell_blank(template: str, count: int) -> None:
    """An empty report shows every cell of its template, all blank, and the six sections."""
    report = Report.empty(template, organ="湘潭县审计局", year=2020)
    cells = list(report.cells())
    assert count == len(cells)
    assert {None} == {cell.value for cell in cells}
    assert Template(template) == report.template
    assert ["一、总体情况", "二、主动公开政府信息情况"] == [s.heading for s in report.sections[:2]]


def test_get_and_with_cells() -> None:
    """Cells are read and replaced by path; absent rows read as the default."""
    report = Report()
    assert report.get("applications.new_received.total") is None
    sentinel = object()
    assert sentinel is report.get("applications.new_received.total", sentinel)
    filled = report.with_cells(
        {"applications.new_received.total": 5, "review_litigation.reconsideration.upheld": "/"}
    )
    assert 5 == filled.get("applications.new_received.total")
    assert filled.get("applications.new_received.natural_person", sentinel) is None
    assert "/" == filled.get("review_litigation.reconsideration.upheld")
    assert filled.applications is not None
    assert filled.applications.carried_over is None


def test_unknown_paths_raise_key_error() -> None:
    """A path that names no cell of the report's template raises KeyError."""
    report = Report.empty("2019")
    with pytest.raises(KeyError, match=r"proactive\.rules\.issued"):
        report.get("proactive.rules.issued")
    with pytest.raises(KeyError):
        Report().with_cells({"proactive.rules.made": 1})  # template unknown: no section 二
    with pytest.raises(KeyError, match="unknown template"):
        Report().with_cells({"proactive.licensing.decisions": 1})  # a path both templates have


def test_template_comes_from_the_tables() -> None:
    """The template is what the tables show, never stored separately."""
    assert Report().template is None
    assert Template.V2021 == Report(proactive=ProactiveTable2021()).template
    only_section_four = Report(review_litigation=ReviewLitigationTable())
    assert only_section_four.template is None
    other = ApplicationTable(results=Results(other_handling=ApplicantCounts()))
    assert Template.V2019 == Report(applications=other).template


def test_mixed_templates_are_rejected() -> None:
    """A 2021 section 二 with a 2019 （六）其他处理 row is not a valid report."""
    with pytest.raises(ValueError, match="template"):
        Report(
            proactive=ProactiveTable2021(rules=Documents2021()),
            applications=ApplicationTable(results=Results(other_handling=ApplicantCounts())),
        )


def test_sections_by_key() -> None:
    """Template sections are found by key; extra sections keep their printed headings."""
    report = Report(
        sections=(
            Section("overview", "一、总体情况", "概述"),
            Section(None, "六、下一步工作打算", "打算"),
            Section("other_matters", "七、其他需要报告的事项", "无"),
        )
    )
    assert report.overview is not None
    assert "概述" == report.overview.text
    assert report.problems is None
    assert ("六、下一步工作打算",) == tuple(s.heading for s in report.extra_sections)
    assert report.other_matters == report.section("other_matters")
    with pytest.raises(ValueError, match="twice"):
        Report(sections=(Section("overview", "一、总体情况"), Section("overview", "一、概述")))
    with pytest.raises(ValueError, match="section key"):
        Section("summary", "一、总体情况")  # type: ignore[arg-type]


def test_computed_sums_are_separate_from_printed_totals() -> None:
    """Printed totals are stored as printed; computed sums skip nothing and invent nothing."""
    row = ApplicantCounts(
        natural_person=3,
        commercial=1,
        research=0,
        nonprofit=0,
        legal_service=0,
        other_org=0,
        total=5,
    )
    assert 4 == row.applicants_sum
    assert 5 == row.total
    assert ApplicantCounts(natural_person=3).applicants_sum is None
    assert Outcomes(upheld=1, corrected="/", other=0, pending=0).outcomes_sum is None


@given(reports())
def test_generated_reports_expose_every_cell(report: Report) -> None:
    """A complete generated report shows every cell of its template, in layout order."""
    assert report.template is not None
    assert [c.path for c in layout(report.template).cells] == [c.path for c in report.cells()]


@given(partial_reports())
def test_with_cells_round_trips_through_get(report: Report) -> None:
    """Setting every shown cell to its own value changes nothing."""
    values = {cell.path: cell.value for cell in report.cells()}
    assert report == report.with_cells(values)
    for path, value in values.items():
        assert value == report.get(path)


@given(
    st.one_of(
        st.integers(-(10**12), 10**12),
        st.decimals(
            allow_nan=False, allow_infinity=False, places=6, min_value=-(10**9), max_value=10**9
        ),
    )
)
def test_cell_text_prints_what_read_number_reads(value: int | Decimal) -> None:
    """A number printed by cell_text reads back to the same value with the same digits."""
    printed = cell_text(value)
    assert "E" not in printed
    read = read_number(printed)
    assert read is not None
    assert (value, None) == read
    assert printed == cell_text(read[0])  # the same digits, trailing zeros included


def test_cell_text_of_blank_and_marker() -> None:
    """A blank prints as nothing and a marker verbatim; money keeps its trailing zeros."""
    assert ("", "/", "282.10", "0.0000001") == (
        cell_text(None),
        cell_text("/"),
        cell_text(Decimal("282.10")),
        cell_text(Decimal("1E-7")),
    )


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda: Report(proactive=3),  # type: ignore[arg-type]
            (
                "Report.proactive: expected ProactiveTable2019 or ProactiveTable2021 or None, "
                "found int 3"
            ),
        ),
        (
            lambda: ApplicationTable(new_received="x"),  # type: ignore[arg-type]
            "ApplicationTable.new_received: expected ApplicantCounts or None, found str 'x'",
        ),
        (lambda: ExtraRow("备注", (1,)), "ExtraRow.values: expected str, found int 1"),  # type: ignore[arg-type]
        (
            lambda: ApplicantCounts(total=2.5),  # type: ignore[arg-type]
            (
                "ApplicantCounts.total: expected a count (int), None (blank) or a marker (str), "
                "found float 2.5"
            ),
        ),
    ],
)
def test_constructor_errors_are_one_message_naming_the_field(build: Any, message: str) -> None:
    """A wrong value raises a TypeError whose text is one message naming class and field."""
    with pytest.raises(TypeError) as caught:
        build()
    assert message == str(caught.value)
