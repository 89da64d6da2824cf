"""The one model shape (`model._shape`) holds to the layout: a path per cell, a class a place."""

from __future__ import annotations

from random import Random

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdisclosure import layout as lay
from govdisclosure.layout import TABLE_KEYS, TEMPLATE_PLACES, Template
from govdisclosure.model import Report
from govdisclosure.model import _shape as shape
from govdisclosure.strategies import reports


@pytest.mark.parametrize("template", list(Template))
def test_every_row_and_column_has_exactly_one_path(template: Template) -> None:
    """Each (row, column) of a template's layout is one cell path, and the shape lists them all."""
    cells = lay.layout(template).cells
    paths = [cell.path for cell in cells]
    assert len(paths) == len(set(paths))
    for table in lay.layout(template).tables:
        for row in table.rows:
            for column in row.columns:
                matching = [c for c in cells if c.row is row and c.column is column]
                assert [c.path for c in matching] == [f"{table.key}.{row.key}.{column.key}"]
    assert list(shape.cells_of(template)) == paths


def test_shared_cells_are_what_both_templates_have_in_common() -> None:
    """The shared cells are the paths both templates have outside the places that differ."""
    older, newer = (set(shape.cells_of(t)) for t in (Template.V2019, Template.V2021))
    outside = {
        path
        for path in older & newer
        if not lay.shows_template(
            lay.layout(Template.V2021).cell(path).table,
            lay.layout(Template.V2021).cell(path).row.path,
        )
    }
    shared = [cell.path for cell in lay.shared_cells()]
    assert len(shared) == len(set(shared))
    assert set(shared) == outside
    assert list(shape.cells_of(None)) == shared
    for path in shared:
        one, other = (lay.layout(t).cell(path) for t in Template)
        assert one.label == other.label
        assert one.column.kind is other.column.kind


def test_the_templates_differ_only_in_the_places_that_show_the_template() -> None:
    """Outside `TEMPLATE_PLACES` both templates have the same cells; inside, each has some."""

    def outside(template: Template) -> set[str]:
        return {
            c.path
            for c in lay.layout(template).cells
            if not lay.shows_template(c.table, c.row.path)
        }

    assert outside(Template.V2019) == outside(Template.V2021) == set(shape.cells_of(None))
    for table, prefix in TEMPLATE_PLACES:
        inside = [
            {
                c.path
                for c in lay.layout(t).cells
                if c.table == table and c.row.path[: len(prefix)] == prefix
            }
            for t in Template
        ]
        assert all(inside)
        assert not set.intersection(*inside) or table == "proactive"


@pytest.mark.parametrize("template", list(Template))
def test_the_class_at_every_path_is_the_one_an_empty_report_holds(template: Template) -> None:
    """The shape's class at every path is the class `Report.empty` builds there."""
    report = Report.empty(template)
    for key in TABLE_KEYS:
        top = shape.table_shape(template, key)
        assert type(getattr(report, key)) is top.cls is shape.table_class(template, key)
        for node in shape.nodes(top):
            assert type(shape.walk(getattr(report, key), node.path)) is node.cls
            for child in node.children:
                assert shape.field_class(node.cls, child.path[-1], template) is child.cls
            if node.row is not None:
                assert {f.name for f in attrs.fields(node.cls)} >= {c.key for c in node.row.columns}


def test_choices_are_exactly_the_places_that_show_the_template() -> None:
    """A field's class depends on the template at the template places only, one class each."""
    places = set()
    for (owner, name), by_template in shape.choices().items():
        assert set(by_template) == set(Template)
        assert len(set(by_template.values())) == len(Template)
        places.add((owner, name))
    assert len(places) == len(TEMPLATE_PLACES)


@pytest.mark.parametrize("template", list(Template))
def test_each_place_alone_shows_the_template(template: Template) -> None:
    """Either place that shows the template shows it on its own."""
    full = Report.empty(template)
    assert shape.template_shown(full) is template
    assert shape.templates_shown(full) == [template] * len(TEMPLATE_PLACES)
    assert shape.template_shown(Report()) is None
    assert Report(applications=full.applications).template is template
    assert Report(proactive=full.proactive).template is template


def test_a_report_without_template_is_laid_out_in_the_fallback_rows() -> None:
    """A template-less report: the fallback's rows, no table that needs a template."""
    assert shape.shape_template(None) is shape.FALLBACK
    assert shape.table_shape(None, "applications") == shape.table_shape(
        shape.FALLBACK, "applications"
    )
    whole = {table for table, prefix in TEMPLATE_PLACES if not prefix}
    assert set(shape.tables_of(None)) == set(TABLE_KEYS) - whole
    assert shape.tables_of(Template.V2019) == TABLE_KEYS


def test_each_table_is_printed_by_one_section() -> None:
    """The layout says which section prints which table."""
    for key in TABLE_KEYS:
        assert lay.section_of_table(key).table == key
    with pytest.raises(KeyError):
        lay.section_of_table("overview")


@given(reports(), st.randoms(use_true_random=False))
def test_a_generated_builder_builds_what_build_table_builds(report: Report, rng: Random) -> None:
    """`table_builder` gives the table `build_table` gives from the same rows, in any row order."""
    template = report.template
    for table, rows in shape.row_plan(template):
        given_rows = [(row, [spec.column.key for spec in specs]) for row, specs in rows]
        rng.shuffle(given_rows)
        by_row = {
            row: {name: report.get(f"{table}.{'.'.join(row)}.{name}") for name in names}
            for row, names in given_rows
        }
        builder = shape.table_builder(template, table, given_rows)
        assert builder is not None
        flat = [value for cells in by_row.values() for value in cells.values()]
        built = builder(flat)
        assert built == shape.build_table(template, table, by_row)
        assert built == getattr(report, table)


def test_a_builder_is_not_made_for_a_row_given_twice() -> None:
    """Two spans for one row cannot be built: None, and the caller builds another way."""
    row = lay.layout(Template.V2021).table("review_litigation").rows[0]
    names = [column.key for column in row.columns]
    assert shape.table_builder(None, "review_litigation", [(row.path, names)] * 2) is None
