"""CSV in and out: a lossless tidy form, the official wide tables, and corpus files.

The **tidy form** has one row per fact — a cell, a metadata field, a section, a table or an
extra row — with the columns in `COLUMNS`, so a report survives the trip exactly
(``loads(dumps(report)) == report``) and a corpus of reports loads straight into a DataFrame:

>>> from govdisclosure import Report, csv
>>> report = Report.empty("2021", organ="湘潭县审计局", year=2021)
>>> report = report.with_cells({"applications.new_received.natural_person": 3})
>>> csv.loads(csv.dumps(report)) == report
True

The **wide form** writes one table (section 二, 三 or 四) as the official form prints it, labels
and all, for a person to fill in a spreadsheet, and reads such a table back.

``excel=True`` writes a UTF-8 byte-order mark and CRLF line ends, and prefixes an apostrophe to
text that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``…); reading with
``excel=True`` removes it again. Open files with ``newline=""``.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import IO, Literal, overload

from govdisclosure.csv._common import decode, fail, lines_of, write_rows
from govdisclosure.csv._tidy import COLUMNS, Parsed, parse, read, stream, write_corpus
from govdisclosure.csv._wide import KEPT, read_table, table_rows
from govdisclosure.errors import ParseError, Problem
from govdisclosure.layout import Template
from govdisclosure.model import (
    ApplicationTable,
    ProactiveTable2019,
    ProactiveTable2021,
    Report,
    ReviewLitigationTable,
)

__all__ = [
    "COLUMNS",
    "Parsed",
    "TableKey",
    "dump",
    "dump_corpus",
    "dump_table",
    "dumps",
    "dumps_corpus",
    "dumps_table",
    "iter_corpus",
    "load",
    "load_corpus",
    "load_table",
    "loads",
    "loads_corpus",
    "loads_table",
    "parse",
    "parse_corpus",
]

TableKey = Literal["proactive", "applications", "review_litigation"]
"""The tables a wide CSV can hold: sections 二, 三 and 四."""

_AnyTable = ProactiveTable2019 | ProactiveTable2021 | ApplicationTable | ReviewLitigationTable


# ------------------------------------------------------------------------------------------------
# Tidy form


def dumps(report: Report, *, excel: bool = False) -> str:
    """Write `report` in the tidy form, as report ``1``."""
    return dumps_corpus([report], excel=excel)


def dump(report: Report, fp: IO[str], *, excel: bool = False) -> None:
    """Write `report` in the tidy form to a text file opened with ``newline=""``."""
    dump_corpus([report], fp, excel=excel)


def loads(source: str | bytes, *, excel: bool = False) -> Report:
    """Read the one report of a tidy CSV.

    Bytes are decoded as UTF-8 (with or without BOM) or else GB18030.

    Raises:
        ParseError: with every problem, each naming its line and column; also when the file
            holds no report or more than one (use `loads_corpus`).
    """
    parsed, starts = read(source, excel=excel)
    fail(parsed.problems)
    if len(parsed.reports) != 1:
        found = ", ".join(repr(k) for k in parsed.reports) or "none"
        message = f"expected one report, found {len(parsed.reports)} ({found}); use loads_corpus"
        line, column = list(starts.values())[1] if len(starts) > 1 else (2, None)
        raise ParseError(Problem(message, line=line, column=column, kind="report-count"))
    return next(iter(parsed.reports.values()))


def load(fp: IO[str] | IO[bytes], *, excel: bool = False) -> Report:
    """Read the one report of a tidy CSV file (see `loads`)."""
    return loads(fp.read(), excel=excel)


def dumps_corpus(reports: Mapping[str, Report] | Iterable[Report], *, excel: bool = False) -> str:
    """Write many reports to one tidy CSV.

    `reports` is a mapping from a report identifier (a file name, a URL…) to the report, or an
    iterable of reports, numbered from ``1``. The identifier goes in the ``report`` column of
    every row, with the organ, year and template, so reports with the same organ and year stay
    apart and each row can be grouped without a join.
    """
    out = io.StringIO(newline="")
    write_corpus(out, reports, excel=excel)
    return out.getvalue()


def dump_corpus(
    reports: Mapping[str, Report] | Iterable[Report], fp: IO[str], *, excel: bool = False
) -> None:
    """Write many reports to one tidy CSV file opened with ``newline=""`` (see `dumps_corpus`)."""
    write_corpus(fp, reports, excel=excel)


def loads_corpus(source: str | bytes, *, excel: bool = False) -> dict[str, Report]:
    """Read every report of a tidy CSV, by identifier, in the order the file first names them.

    A report's rows may be spread over the file (a corpus sorted by path, say).

    Raises:
        ParseError: with every problem, each naming its line and column.
    """
    text, problem = decode(source)
    if problem is not None:
        raise ParseError(problem)
    return _corpus(
        parse_corpus(io.StringIO(text, newline=""), excel=excel),
        lambda: parse(text, excel=excel),
    )


def load_corpus(fp: IO[str] | IO[bytes], *, excel: bool = False) -> dict[str, Report]:
    """Read every report of a tidy CSV file (see `loads_corpus`), streaming its lines.

    Only the reports are kept, never the file's rows; a file whose reports' rows are spread
    out is read again from the start, grouped, when it can seek (else it raises).
    """
    start = fp.tell() if fp.seekable() else None

    def again() -> Parsed:
        if start is None:
            return Parsed({}, ())
        fp.seek(start)
        return parse(fp.read(), excel=excel)

    return _corpus(parse_corpus(fp, excel=excel), again)


def _corpus(parsed: Iterable[Parsed], grouped: Callable[[], Parsed]) -> dict[str, Report]:
    """Collect a streamed corpus; read it `grouped` instead when a report's rows are spread."""
    reports: dict[str, Report] = {}
    problems: list[Problem] = []
    for item in parsed:
        reports.update(item.reports)
        problems += item.problems
    if any(problem.kind == "report-split" for problem in problems):
        whole = grouped()
        if whole.reports or whole.problems:
            reports, problems = dict(whole.reports), list(whole.problems)
    fail(problems)
    return reports


def iter_corpus(fp: IO[str] | IO[bytes], *, excel: bool = False) -> Iterator[tuple[str, Report]]:
    """Yield ``(identifier, report)`` for each report of a tidy CSV file, one at a time.

    Memory stays that of one report however long the file is. The rows of each report must
    stand together, as `dump_corpus` writes them (read a file sorted otherwise with
    `load_corpus`). Open text files with ``newline=""``; binary files are decoded as UTF-8 or
    GB18030.

    Raises:
        ParseError: on reaching a report (or a row) with problems, with every problem met
            since the previous report; the reports before it have been yielded.
    """
    for parsed in parse_corpus(fp, excel=excel):
        fail(parsed.problems)
        yield from parsed.reports.items()


def parse_corpus(fp: IO[str] | IO[bytes], *, excel: bool = False) -> Iterator[Parsed]:
    """Read a tidy CSV file leniently, one report at a time, never raising on bad input.

    Each `Parsed` holds one report (`Parsed.report`) and the problems met since the previous
    one; the last may hold only problems. As `iter_corpus`, memory stays that of one report.
    """
    problems: list[Problem] = []
    yield from stream(lines_of(fp, problems), excel=excel, problems=problems)


# ------------------------------------------------------------------------------------------------
# Wide form


def dumps_table(report: Report, key: TableKey, *, excel: bool = False) -> str:
    """Write table `key` of `report` as the official form prints it.

    Section 二 is written block by block (caption, 信息内容 header, rows); section 三 with its
    three label columns and two header lines (自然人, 法人或其他组织 over its five columns,
    总计); section 四 as its three header lines over one line of fifteen numbers. A group label
    is printed once, on the first line under it, as merged cells export. Rows the report does
    not show are left out (section 四's line stops after the last group shown; a group missing
    before a shown one is written blank). Rows the template lacks are written after the row
    they follow, their label in the first column.

    Raises:
        ValueError: `key` is not a table, or the report does not show that table (for a blank
            form, write a table of ``Report.empty(template)``).
    """
    out = io.StringIO(newline="")
    write_rows(out, [table_rows(report, key, excel=excel)], excel=excel)
    return out.getvalue()


def dump_table(report: Report, key: TableKey, fp: IO[str], *, excel: bool = False) -> None:
    """Write table `key` of `report` to a text file opened with ``newline=""``."""
    write_rows(fp, [table_rows(report, key, excel=excel)], excel=excel)


@overload
def loads_table(
    source: str | bytes,
    key: Literal["proactive"],
    *,
    template: Template | str | None = None,
    excel: bool = False,
) -> ProactiveTable2019 | ProactiveTable2021: ...
@overload
def loads_table(
    source: str | bytes,
    key: Literal["applications"],
    *,
    template: Template | str | None = None,
    excel: bool = False,
) -> ApplicationTable: ...
@overload
def loads_table(
    source: str | bytes,
    key: Literal["review_litigation"],
    *,
    template: Template | str | None = None,
    excel: bool = False,
) -> ReviewLitigationTable: ...
@overload
def loads_table(
    source: str | bytes,
    key: TableKey | None = None,
    *,
    template: Template | str | None = None,
    excel: bool = False,
) -> _AnyTable: ...
def loads_table(
    source: str | bytes,
    key: TableKey | None = None,
    *,
    template: Template | str | None = None,
    excel: bool = False,
) -> _AnyTable:
    """Read one table written in the official layout, as typed into a spreadsheet.

    Labels match however they are printed: full- or half-width punctuation, spaces or line
    breaks inside a label, Traditional characters, numbering or not, and the layout's known
    variants. Values are numbers (thousands separators and full-width digits allowed), blank,
    or a marker such as ``/`` kept verbatim. A label the template lacks becomes an `ExtraRow`.

    `key` names the table; without it the heading line or the labels tell. `template` names
    the template; without it the labels tell (section 二's column headers, section 三's
    （六）其他处理 rows) — a section 三 table that shows neither is read without one, which fits
    a report of either template. Put the result into a report with ``attrs.evolve(report,
    applications=table)``.

    Raises:
        ParseError: with every problem, each naming its line and column.
        ValueError: `key` is not a table key.
    """
    chosen = None if template is None else Template(template)
    table, problems = read_table(source, key, chosen, excel=excel)
    fail([problem for problem in problems if problem.kind not in KEPT])
    if table is None:  # pragma: no cover - a table is only missing when a problem says why
        raise ParseError(Problem("expected a table, found none", kind="no-table"))
    return table  # type: ignore[no-any-return]


def load_table(
    fp: IO[str] | IO[bytes],
    key: TableKey | None = None,
    *,
    template: Template | str | None = None,
    excel: bool = False,
) -> _AnyTable:
    """Read one table in the official layout from a file (see `loads_table`)."""
    return loads_table(fp.read(), key, template=template, excel=excel)
