"""The wide CSV writer prints what it printed before it rendered the printed table (issue 16).

`tests/fixtures/csv_wide_golden/make.py` wrote, with the wide writer that laid the tables out by
itself, the wide CSV (plain and for Excel) of every table of ~50 varied reports: the development
corpus, both templates empty, partial reports, extra rows before, after and naming no row,
hybrid blocks, Traditional labels, markers, blanks and money. Each report is kept in the
lossless tidy form next to its outputs; the writer must give them back byte for byte.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from govdisclosure import csv

GOLDEN = Path(__file__).resolve().parent / "fixtures" / "csv_wide_golden"
CASES = sorted(
    pytest.param(path.parent, path.name, id=f"{path.parent.name}-{path.name}")
    for path in GOLDEN.glob("*/*.csv")
    if path.name != "report.csv"
)


def test_there_are_golden_files() -> None:
    """The fixtures are there: a glob finding nothing would pass every case vacuously."""
    assert len({case.values[0] for case in CASES}) >= 30


@pytest.mark.parametrize(("folder", "name"), CASES)
def test_wide_csv_is_byte_identical(folder: Path, name: str) -> None:
    """`csv.dumps_table` writes the golden file's bytes exactly."""
    report = csv.loads((folder / "report.csv").read_bytes())
    key, _, mode = name.removesuffix(".csv").partition(".")
    written = csv.dumps_table(report, key, excel=mode == "excel")  # type: ignore[arg-type]
    assert (folder / name).read_bytes() == written.encode("utf-8")
