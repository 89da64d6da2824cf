"""govdisclosure.strategies: what each strategy promises, for every rule and every format."""

from __future__ import annotations

import json
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govdisclosure import Report, Section, csv, html, text
from govdisclosure import json as gdjson
from govdisclosure.checks import RULES, Status, check
from govdisclosure.layout import Template
from govdisclosure.model import ApplicantCounts, Fees2021, Outcomes
from govdisclosure.model import tables as model_tables
from govdisclosure.strategies import (
    Broken,
    application_tables,
    broken_reports,
    partial_reports,
    proactive_tables,
    reports,
    review_litigation_tables,
    sample,
)

UNBREAKABLE: frozenset[str] = frozenset()
"""Rules of the catalogue `broken_reports` cannot break by its generic changes (none today:
every issue-15 rule is broken by a generic change, see `broken_reports`).

A new rule that no change of one or two cells, an extra row, the year or the prose breaks alone
must be listed here (and the gap said in the rule's issue), or `broken_reports` taught a change.
"""

_VALIDATOR = jsonschema.Draft202012Validator(gdjson.schema())

TEXT_CELL_GAP: frozenset[str] = frozenset({"non-numeric-cell"})
"""Rules whose broken reports put words in a cell: drawn apart, in
`test_words_in_a_cell_read_back_from_text_and_html`, where the text and HTML readers read the
words in their cell (a row of separate cells, its own label first, exactly its columns)."""


def _tables_in_reports() -> st.SearchStrategy[Report]:
    """The per-table strategies' tables, each put in a report of its template."""

    def put(key: str, table: Any) -> Report:
        template = Template.V2019 if type(table).__name__.endswith("2019") else Template.V2021
        return attrs.evolve(Report.empty(template), **{key: table})

    return st.one_of(
        proactive_tables().map(lambda t: put("proactive", t)),
        proactive_tables(consistent=False, blanks=False).map(lambda t: put("proactive", t)),
        application_tables("2019").map(
            lambda t: attrs.evolve(Report.empty("2019"), applications=t)
        ),
        application_tables("2021", markers=False).map(
            lambda t: attrs.evolve(Report.empty("2021"), applications=t)
        ),
        review_litigation_tables().map(lambda t: put("review_litigation", t)),
    )


EVERY_STRATEGY = st.one_of(
    reports(),
    reports(blanks=False, markers=False),
    reports("2019", consistent=False),
    reports("2021", partial=True),
    partial_reports(),
    st.sampled_from(sorted(set(RULES) - TEXT_CELL_GAP))
    .flatmap(broken_reports)
    .map(lambda broken: broken.report),
    _tables_in_reports(),
    st.from_type(Report),
)


@settings(max_examples=60)
@given(EVERY_STRATEGY)
def test_every_strategy_validates_and_round_trips_through_every_format(report: Report) -> None:
    """Whatever a strategy draws is valid for the schema and reads back equal in every format."""
    document = gdjson.dumps(report)
    assert [] == [error.message for error in _VALIDATOR.iter_errors(json.loads(document))]
    assert report == gdjson.loads(document)
    assert report == csv.loads(csv.dumps(report))
    assert report == text.parse(text.dumps(report)).report
    assert report == html.parse(html.dumps(report)).report


@given(st.sampled_from(sorted(TEXT_CELL_GAP)).flatmap(broken_reports))
def test_words_in_a_cell_read_back_in_json_and_csv(broken: Broken) -> None:
    """Broken reports with words in a cell are valid and read back equal from JSON and CSV."""
    document = gdjson.dumps(broken.report)
    assert [] == [error.message for error in _VALIDATOR.iter_errors(json.loads(document))]
    assert broken.report == gdjson.loads(document)
    assert broken.report == csv.loads(csv.dumps(broken.report))


@settings(max_examples=5)
@given(st.sampled_from(sorted(TEXT_CELL_GAP)).flatmap(broken_reports))
def test_words_in_a_cell_read_back_from_text_and_html(broken: Broken) -> None:
    """Words in a count cell read back in their cell from the text and HTML formats."""
    assert broken.report == text.parse(text.dumps(broken.report)).report
    assert broken.report == html.parse(html.dumps(broken.report)).report


@given(reports(blanks=False, markers=False))
def test_consistent_reports_without_blanks_or_markers_have_no_finding(report: Report) -> None:
    """Consistent, blank-free, marker-free reports pass every rule, the narrative one included."""
    assert [] == check(report, narrative=True)


@given(reports())
def test_consistent_reports_fail_no_rule(report: Report) -> None:
    """Blanks and markers make rules not assessable, never failed."""
    assert set() == {f.rule for f in check(report, narrative=True) if f.status is Status.FAIL}


@given(reports(blanks=False), reports(markers=False))
def test_blanks_and_markers_can_be_turned_off(no_blanks: Report, no_markers: Report) -> None:
    """blanks=False draws no blank cell; markers=False draws no marker."""
    assert None not in [cell.value for cell in no_blanks.cells()]
    assert [] == [cell.value for cell in no_markers.cells() if isinstance(cell.value, str)]


@given(reports("2019", partial=True, consistent=True))
def test_partial_consistent_reports_fail_no_rule(report: Report) -> None:
    """A consistent report with parts missing fails no rule: what is missing is not assessable."""
    assert set() == {f.rule for f in check(report) if f.status is Status.FAIL}


@pytest.mark.parametrize("rule", sorted(RULES))
def test_broken_reports_break_exactly_their_rule(rule: str) -> None:
    """For every rule of the catalogue, each draw fails that rule and no other check finds more."""
    if rule in UNBREAKABLE:
        with pytest.raises(ValueError, match="cannot draw it"):
            broken_reports(rule)
        return

    @settings(max_examples=10)
    @given(broken_reports(rule))
    def each(broken: Broken) -> None:
        findings = broken.findings()
        assert findings
        assert {(rule, Status.FAIL)} == {(f.rule, f.status) for f in findings}

    each()


@pytest.mark.parametrize("template", list(Template))
def test_broken_reports_keep_to_the_template(template: Template) -> None:
    """Asked for a template, broken_reports draws reports of it; a rule of the other refuses."""
    rule = "repealed-exceeds-stock" if template is Template.V2021 else "published-exceeds-total"
    [broken] = sample(1, seed=5, strategy=broken_reports(rule, template))
    assert template is broken.report.template
    other = Template.V2019 if template is Template.V2021 else Template.V2021
    with pytest.raises(ValueError, match="cannot draw it"):
        broken_reports(rule, other)


def test_sample_is_seeded() -> None:
    """Sampling gives n values, the same for the same seed and different for another seed."""
    first = sample(4, seed=11)
    assert 4 == len(first)
    assert first == sample(4, seed=11)
    assert first != sample(4, seed=12)
    assert len({r.organ for r in sample(12, seed=11)}) > 1


_MODEL_CLASSES = [
    getattr(model_tables, name) for name in model_tables.__all__ if name != "ProactiveTable"
]


@pytest.mark.parametrize("cls", [*_MODEL_CLASSES, Report, Section], ids=lambda c: c.__name__)
def test_from_type_draws_valid_model_objects(cls: type[Any]) -> None:
    """st.from_type of every model class draws valid objects of that class."""

    @settings(max_examples=10)
    @given(st.from_type(cls))
    def each(obj: Any) -> None:
        assert isinstance(obj, cls)
        attrs.validate(obj)

    each()


@attrs.frozen
class _Holder:
    """A user's class holding model objects, for st.builds."""

    report: Report
    row: ApplicantCounts
    outcomes: Outcomes
    fees: Fees2021


attrs.resolve_types(_Holder)


@given(st.builds(_Holder))
def test_builds_of_a_class_holding_model_objects_draws_valid_cells(holder: _Holder) -> None:
    """st.builds infers registered strategies: valid reports and rows with valid cells."""
    assert holder.report.template is not None
    for obj in (holder.row, holder.outcomes, holder.fees):
        attrs.validate(obj)
    assert [] == [f for f in check(holder.report) if f.status is Status.FAIL]
