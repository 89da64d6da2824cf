r"""Plain text in and out: read real published reports, write the official layout.

Reading accepts the shapes reports reach users in — one cell per line (copied web pages), cells
between ``|`` bars or blank lines, markdown-style pipe tables, PDF text with one row per line,
headers split across lines, Traditional Chinese copies, page chrome around the body, pages cut off:

>>> from govdisclosure import text
>>> result = text.parse("一、总体情况\n本年度无申请。")
>>> result.report.overview.text
'本年度无申请。'

`parse` is lenient and never raises: it returns what could be read, the problems (each with line
and column) and where each cell came from. `loads` is strict: it raises `ParseError` carrying
every problem unless there are none.

Writing renders the official structure: the title, the sections with their headings as printed,
the narrative, and every table as a grid aligned by display width (a CJK character takes two
columns), or — ``style="lines"`` — one cell per line as copied web pages have it. What is written
reads back to the same report. The text form carries the title, not a separate organ and year:
those are read from the title. Markers read back when they are punctuation (``/``, ``-``, ``—``)
or the words 无, 不适用, 空, 暂无 and 未统计.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from typing import IO, Any, Literal, NamedTuple

import attrs

from govdisclosure._reading import SourceLine, read, undecodable
from govdisclosure._reading.fast import read_text_lines
from govdisclosure._writing import extra_rows_after, row_texts
from govdisclosure.encoding import Decoded, decode_report
from govdisclosure.errors import ParseError
from govdisclosure.layout import Table, layout
from govdisclosure.model import ApplicationTable, OtherHandling, Report
from govdisclosure.results import ParseResult, Position

__all__ = ["ParseResult", "Position", "dump", "dumps", "load", "loads", "parse"]

Style = Literal["grid", "lines"]

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def parse(source: str | bytes) -> ParseResult:
    """Read a report leniently: everything readable, the problems, and each cell's position.

    Bytes are decoded first (UTF-8 with or without BOM, else GB18030); bytes that do not
    decode read as U+FFFD, with an ``encoding`` problem at the first. Never raises.
    """
    decoded = decode_report(source) if isinstance(source, bytes) else Decoded(source, "", None)
    text = decoded.text.removeprefix("\ufeff")
    # Lines end at \r\n, \r or \n (not at the other breaks str.splitlines knows).
    raw = _LINE_BREAK.split(text) if "\r" in text else text.split("\n")
    result = read_text_lines(raw)
    if result is None:
        result = read([SourceLine(line, number) for number, line in enumerate(raw, 1)])
    if decoded.error is not None:
        problem = undecodable(decoded.codec, decoded.error)
        result = attrs.evolve(result, problems=(problem, *result.problems))
    return result


def loads(source: str | bytes) -> Report:
    """Read a report strictly.

    Raises:
        ParseError: with every problem (line, column, what was expected and what was found)
            if anything is missing or unreadable.
    """
    result = parse(source)
    if result.problems:
        raise ParseError(result.problems)
    return result.report


def load(fp: IO[str] | IO[bytes]) -> Report:
    """Read a report strictly from a text or binary file object (see `loads`)."""
    return loads(fp.read())


def dumps(report: Report, *, style: Style = "grid") -> str:
    """Render `report` in the official structure, as an aligned grid or one cell per line."""
    writer = _GridWriter() if style == "grid" else _LinesWriter()
    return "\n".join(_document(report, writer)) + "\n"


def dump(report: Report, fp: IO[str], *, style: Style = "grid") -> None:
    """Write `report` to a text file object (see `dumps`)."""
    fp.write(dumps(report, style=style))


# ------------------------------------------------------------------------------------------------
# Writing


def _document(report: Report, writer: _Writer) -> Iterator[str]:
    if report.title is not None:
        yield report.title
        yield ""
    if report.preamble:
        yield from report.preamble.split("\n")
        yield ""
    homes = {section.key for section in report.sections}
    for table_key in ("proactive", "applications", "review_litigation"):
        if table_key not in homes:  # a table printed without its section heading
            yield from _table(report, table_key, writer)
    for section in report.sections:
        yield section.heading
        if section.text:
            yield from section.text.split("\n")
        if section.key in {"proactive", "applications", "review_litigation"}:
            yield from _table(report, section.key, writer)
        yield ""


def _table(report: Report, key: str, writer: _Writer) -> Iterator[str]:
    table = getattr(report, key)
    template = report.template
    if table is None:
        return
    if key == "proactive":
        assert template is not None  # noqa: S101 - a section 二 table always shows its template
        yield from writer.proactive(table, layout(template).table(key))
    elif key == "applications":
        yield from writer.applications(table, _applications_layout(report))
    else:
        yield from writer.review(table, layout("2021").table(key))


def _applications_layout(report: Report) -> Table:
    template = report.template
    return layout(template or "2021").table("applications")


class _Line(NamedTuple):
    """One printed row of a table: its cells, and whether it carries data (else it is a header)."""

    cells: Sequence[str]
    data: bool = False


class _Writer:
    """Renders the three tables; subclasses choose the grid or the one-cell-per-line form."""

    def proactive(self, table: Any, lay: Table) -> Iterator[str]:
        lines: list[_Line] = []
        for number, block in enumerate(lay.blocks):
            lines.append(_Line([block.caption]))
            lines.append(_Line([block.header, *(column.label for column in block.columns)]))
            if number == 0:
                lines.extend(_extra_lines(table, None))
            for row in block.rows:
                cells = row_texts(table, row)
                if cells is not None:
                    lines.append(_Line([row.label, *cells], data=True))
                lines.extend(_extra_lines(table, row.key))
        yield from self.render(lines, label_columns=1)

    def applications(self, table: ApplicationTable, lay: Table) -> Iterator[str]:
        columns = lay.rows[0].columns
        groups = [column.group or column.label for column in columns]
        lines: list[_Line] = [
            _Line([lay.corner or "", lay.header or ""]),
            _Line(["", *(g if i == 0 or g != groups[i - 1] else "" for i, g in enumerate(groups))]),
            _Line(["", *("" if column.group is None else column.label for column in columns)]),
            *_extra_lines(table, None),
        ]
        printed: set[str] = set()
        for row in lay.rows:
            for group in row.parents:
                if group.label not in printed and _group_shown(table, group.path):
                    printed.add(group.label)
                    lines.append(_Line([group.label]))
            cells = row_texts(table, row)
            if cells is not None:
                lines.append(_Line([row.label, *cells], data=True))
            lines.extend(_extra_lines(table, row.key))
        yield from self.render(lines, label_columns=1)

    def review(self, table: Any, lay: Table) -> Iterator[str]:
        rows = lay.rows
        outcomes = [column.label for column in rows[0].columns]
        blank = [""] * (len(outcomes) - 1)
        litigation = rows[1].parents[0].label
        lines: list[_Line] = [
            _Line([rows[0].label, *blank, litigation, *blank, "", *blank]),
            _Line([*outcomes, rows[1].label, *blank, rows[2].label, *blank]),
            _Line([*([""] * len(outcomes)), *outcomes, *outcomes]),
        ]
        data: list[str] = []
        last: str | None = None
        for row in rows:
            cells = row_texts(table, row)
            if cells is None:
                break
            data.extend(cells)
            last = row.key
        if last is None:
            lines.extend(_extra_lines(table, None))
        else:
            lines.append(_Line(data, data=True))
            lines.extend(_extra_lines(table, last))
        yield from self.render(lines, label_columns=0)

    def render(self, lines: Sequence[_Line], *, label_columns: int) -> Iterator[str]:
        raise NotImplementedError


def _extra_lines(table: Any, after: str | None) -> list[_Line]:
    return [_Line([label, *values], data=True) for label, values in extra_rows_after(table, after)]


def _group_shown(table: ApplicationTable, path: tuple[str, ...] | None) -> bool:
    """Print a group label when the group exists: （六） only when it is the 2021 group."""
    if path == ("results", "other_handling"):
        return isinstance(table.results.other_handling, OtherHandling)
    return True


def width(text: str) -> int:
    """Display width of `text` in a terminal: wide and full-width characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class _GridWriter(_Writer):
    """Pipe-separated rows, padded so columns line up by display width."""

    def render(self, lines: Sequence[_Line], *, label_columns: int) -> Iterator[str]:
        widths: dict[int, int] = {}
        for line in lines:
            if len(line.cells) > 1:  # captions and group labels span the table
                for index, cell in enumerate(line.cells):
                    widths[index] = max(widths.get(index, 0), width(cell))
        for line in lines:
            if len(line.cells) == 1:
                yield f"| {line.cells[0]} |"
                continue
            padded = []
            for index, cell in enumerate(line.cells):
                pad = " " * (widths[index] - width(cell))
                right = line.data and index >= label_columns
                padded.append(pad + cell if right else cell + pad)
            yield "| " + " | ".join(padded) + " |"


class _LinesWriter(_Writer):
    """One cell per line, tab-indented; an empty cell is a line holding only a tab."""

    def render(self, lines: Sequence[_Line], *, label_columns: int) -> Iterator[str]:
        _ = label_columns
        for line in lines:
            yield from (f"\t{cell}" for cell in line.cells if cell or line.data)
            yield ""
