"""Tests for govdisclosure.arrow: the tidy table in Arrow, Parquet, pandas and polars."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govdisclosure import Report, checks
from govdisclosure import csv as gdcsv
from govdisclosure.strategies import reports

pa = pytest.importorskip("pyarrow")
from govdisclosure import arrow  # noqa: E402 - only with the extra


@settings(max_examples=1)
@given(st.lists(reports(), min_size=20, max_size=20))
def test_parquet_round_trip_of_1000_reports(
    tmp_path_factory: pytest.TempPathFactory, base: list[Report]
) -> None:
    """A Parquet file of 1,000 generated reports reads back to the very reports."""
    found = {
        f"report-{i}": attrs.evolve(base[i % len(base)], organ=f"机关{i}", year=2019 + i % 7)
        for i in range(1000)
    }
    path = tmp_path_factory.mktemp("parquet") / "corpus.parquet"
    arrow.write_parquet(found, path)
    assert found == arrow.read_parquet(path)


@settings(max_examples=10)  # each example converts up to three whole reports
@given(st.lists(reports(), max_size=3))
def test_arrow_table_holds_the_corpus_csv_rows_typed(found: list[Report]) -> None:
    """The table has the CSV's columns and one row per CSV record, counts and years typed."""
    table = arrow.to_arrow(found)
    assert list(gdcsv.COLUMNS) == table.schema.names
    assert pa.int64() == table.schema.field("count").type
    assert pa.int32() == table.schema.field("year").type
    assert len(list(gdcsv._common.records(gdcsv.dumps_corpus(found), []))) - 1 == table.num_rows
    counts = [c.value for r in found for c in r.cells() if isinstance(c.value, int)]
    cells = table.filter(pa.compute.not_equal(table["path"], "year"))
    assert sum(counts) == (pa.compute.sum(cells["count"]).as_py() or 0)


def test_blank_zero_and_marker_stay_apart() -> None:
    """A blank cell, a 0 and a marker are three kinds of row; amounts are exact decimals."""
    report = Report.empty("2021", organ="甲", year=2021).with_cells(
        {
            "applications.new_received.natural_person": 0,
            "applications.new_received.commercial": "/",
            "proactive.fees.amount": Decimal("282.10"),
        }
    )
    frame = arrow.to_polars([report])
    rows = {row["path"]: row for row in frame.iter_rows(named=True)}

    def fields(path: str) -> tuple[object, ...]:
        return tuple(rows[path][k] for k in ("kind", "count", "marker", "amount"))

    prefix = "applications.new_received."
    assert ("count", 0, None, None) == fields(prefix + "natural_person")
    assert ("marker", None, "/", None) == fields(prefix + "commercial")
    assert ("blank", None, None, None) == fields(prefix + "research")
    assert ("money", None, None, Decimal("282.10")) == fields("proactive.fees.amount")


def test_pandas_columns_are_nullable_integers() -> None:
    """to_pandas gives nullable Int64 counts and Int32 years, with <NA> for blanks."""
    pd = pytest.importorskip("pandas")
    report = Report.empty("2021", organ="甲", year=2021)
    frame = arrow.to_pandas({"a": report})
    assert (pd.Int64Dtype(), pd.Int32Dtype()) == (frame["count"].dtype, frame["year"].dtype)
    assert frame["count"].isna().any()


def test_an_amount_finer_than_the_scale_is_refused() -> None:
    """An amount with more places than MONEY_SCALE raises rather than losing digits."""
    cells = {"proactive.fees.amount": Decimal("0.1234567")}
    report = Report.empty("2021", organ="甲", year=2021).with_cells(cells)
    with pytest.raises(ValueError, match="cannot store"):
        arrow.to_arrow([report])


def test_findings_parquet_holds_the_findings_table(tmp_path: Path) -> None:
    """The findings Parquet has one row per finding, the columns of findings_table."""
    pq = pytest.importorskip("pyarrow.parquet")
    report = Report.empty("2021", organ="甲", year=2021).with_cells(
        {"applications.new_received.natural_person": 3}
    )
    path = tmp_path / "findings.parquet"
    arrow.write_findings_parquet({"a": report}, path)
    table = pq.read_table(path)
    expected = list(checks.findings_table({"a": report}))
    assert list(checks.FINDING_COLUMNS) == table.schema.names
    assert expected == table.to_pylist()
