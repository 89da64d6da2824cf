"""Arrow tables, Parquet files and DataFrames of a corpus, in the tidy shape of the corpus CSV.

Needs the ``arrow`` extra (pyarrow); `to_pandas` and `to_polars` need pandas or polars too.
The table has the columns of `govdisclosure.csv.COLUMNS`, one row per fact, typed: ``year`` a
nullable 32-bit integer, ``count`` a nullable 64-bit integer, ``amount`` a nullable decimal
(38 digits, `MONEY_SCALE` places: one fen in 万元), the others text, null where the CSV field
is empty. A blank cell, a ``0`` and a marker stay three different rows (``kind`` ``blank``,
``count``, ``marker``), as in the CSV, and `read_parquet` gives back the very reports.

Reports are converted in batches (`BATCH` reports at a time), so `write_parquet` streams a
corpus of any size. DuckDB reads the files as they are (``SELECT … FROM 'corpus.parquet'``).
"""

from __future__ import annotations

import io
import itertools
import os
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from govdisclosure.checks import FINDING_COLUMNS, findings_table
from govdisclosure.csv import COLUMNS
from govdisclosure.csv._common import fail
from govdisclosure.csv._tidy import Parsed, report_text, stream_records
from govdisclosure.errors import Problem
from govdisclosure.model import Report

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "BATCH",
    "MONEY_SCALE",
    "findings_to_arrow",
    "read_parquet",
    "to_arrow",
    "to_pandas",
    "to_polars",
    "write_findings_parquet",
    "write_parquet",
]

MONEY_SCALE = 6
"""Decimal places of the ``amount`` column: amounts are in 万元, so six places is one fen."""
BATCH = 500
"""Reports converted at a time."""

_Reports = Mapping[str, Report] | Iterable[Report] | Iterable[tuple[str, Report]]


def _pyarrow() -> Any:
    try:
        import pyarrow as pa  # noqa: PLC0415 - an optional extra
        import pyarrow.csv  # noqa: PLC0415
        import pyarrow.parquet  # noqa: PLC0415
    except ImportError as error:  # pragma: no cover - the extra is installed to test
        msg = "govdisclosure.arrow needs pyarrow: pip install 'govdisclosure[arrow]'"
        raise ImportError(msg) from error
    return pa


def _schema() -> pa.Schema:
    """The Arrow schema of the tidy table."""
    pa = _pyarrow()
    types = {
        "year": pa.int32(),
        "count": pa.int64(),
        "amount": pa.decimal128(38, MONEY_SCALE),
    }
    return pa.schema([(name, types.get(name, pa.string())) for name in COLUMNS])


def _pairs(reports: _Reports) -> Iterator[tuple[str, Report]]:
    if isinstance(reports, Mapping):
        yield from reports.items()
        return
    for number, item in enumerate(reports, start=1):
        yield (str(number), item) if isinstance(item, Report) else cast("tuple[str, Report]", item)


def _batches(reports: _Reports) -> Iterator[pa.RecordBatch]:
    """Yield the tidy rows of `BATCH` reports at a time as Arrow record batches."""
    pa = _pyarrow()
    wanted = _schema()
    options = pa.csv.ConvertOptions(
        column_types=wanted,
        strings_can_be_null=True,
        quoted_strings_can_be_null=True,
        null_values=[""],
    )
    read_options = pa.csv.ReadOptions(column_names=list(COLUMNS))
    # Narratives span lines inside quoted fields.
    parse_options = pa.csv.ParseOptions(newlines_in_values=True)
    pairs = _pairs(reports)
    while chunk := list(itertools.islice(pairs, BATCH)):
        # The tidy CSV text is the one writer of the rows; Arrow's CSV reader types it in C++.
        document = "".join(report_text(rid, report, excel=False) for rid, report in chunk)
        try:
            table = pa.csv.read_csv(
                io.BytesIO(document.encode()),
                read_options=read_options,
                parse_options=parse_options,
                convert_options=options,
            )
        except pa.ArrowInvalid as error:
            msg = f"cannot store these reports in Arrow: {error}"
            raise ValueError(msg) from None
        yield from table.cast(wanted).to_batches()


def to_arrow(reports: _Reports) -> pa.Table:
    """Return the tidy table of `reports` (a mapping from identifier to report, or reports).

    Raises:
        ValueError: a count beyond 64 bits, or an amount finer than `MONEY_SCALE` places.
    """
    pa = _pyarrow()
    return pa.Table.from_batches(list(_batches(reports)), schema=_schema())


def write_parquet(reports: _Reports, path: str | os.PathLike[str]) -> None:
    """Write the tidy table of `reports` to a Parquet file, `BATCH` reports at a time.

    Raises:
        ValueError: as `to_arrow`.
    """
    pa = _pyarrow()
    with pa.parquet.ParquetWriter(os.fspath(path), _schema(), compression="zstd") as writer:
        for batch in _batches(reports):
            writer.write_batch(batch)


def read_parquet(path: str | os.PathLike[str]) -> dict[str, Report]:
    """Read the reports of a Parquet file `write_parquet` wrote (or any table of its columns).

    Raises:
        govdisclosure.ParseError: with every problem, as `govdisclosure.csv.loads_corpus`.
    """
    pa = _pyarrow()
    source = pa.parquet.ParquetFile(os.fspath(path))
    missing = [name for name in COLUMNS if name not in source.schema_arrow.names]
    if missing:
        fail([Problem(f"expected the columns {', '.join(missing)}", kind="missing-column")])
    problems: list[Problem] = []
    reports: dict[str, Report] = {}
    parsed: Iterable[Parsed] = stream_records(_records(source), problems, excel=False)
    for item in parsed:
        reports.update(item.reports)
        problems += item.problems
    fail(problems)
    return reports


def _records(source: Any) -> Iterator[tuple[int, list[str]]]:
    """The header, then each row as the tidy CSV's text fields (its row number as its line)."""
    yield 1, list(COLUMNS)
    line = 1
    for batch in source.iter_batches(columns=list(COLUMNS)):
        columns = [batch.column(name).to_pylist() for name in COLUMNS]
        for fields in zip(*columns, strict=True):
            line += 1
            yield line, [_text(value) for value in fields]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def to_pandas(reports: _Reports) -> Any:
    """Return the tidy table as a pandas DataFrame with nullable integer columns."""
    import pandas as pd  # noqa: PLC0415 - the user's choice of DataFrame

    pa = _pyarrow()
    nullable = {pa.int32(): pd.Int32Dtype(), pa.int64(): pd.Int64Dtype()}
    return to_arrow(reports).to_pandas(types_mapper=nullable.get)


def to_polars(reports: _Reports) -> Any:
    """Return the tidy table as a polars DataFrame."""
    import polars as pl  # noqa: PLC0415 - the user's choice of DataFrame

    return pl.from_arrow(to_arrow(reports))


def _findings_schema() -> pa.Schema:
    pa = _pyarrow()
    return pa.schema(
        [(name, pa.int32() if name == "year" else pa.string()) for name in FINDING_COLUMNS]
    )


def _finding_batches(reports: _Reports, *, narrative: bool) -> Iterator[pa.RecordBatch]:
    pa = _pyarrow()
    wanted = _findings_schema()
    rows = findings_table(_pairs(reports), narrative=narrative)
    while chunk := list(itertools.islice(rows, BATCH * 40)):
        yield pa.RecordBatch.from_pylist(chunk, schema=wanted)


def findings_to_arrow(reports: _Reports, *, narrative: bool = False) -> pa.Table:
    """Return `govdisclosure.checks.findings_table` of `reports` as an Arrow table."""
    pa = _pyarrow()
    batches = list(_finding_batches(reports, narrative=narrative))
    return pa.Table.from_batches(batches, schema=_findings_schema())


def write_findings_parquet(
    reports: _Reports, path: str | os.PathLike[str], *, narrative: bool = False
) -> None:
    """Write the findings of `reports` (one row each, `FINDING_COLUMNS`) to a Parquet file."""
    pa = _pyarrow()
    with pa.parquet.ParquetWriter(os.fspath(path), _findings_schema(), compression="zstd") as out:
        for batch in _finding_batches(reports, narrative=narrative):
            out.write_batch(batch)
