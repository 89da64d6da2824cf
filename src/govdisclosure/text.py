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
from typing import IO, Literal

import attrs

from govdisclosure._reading import SourceLine, read, undecodable
from govdisclosure._reading.fast import read_text_lines
from govdisclosure._writing import Line, lines, printed_table
from govdisclosure.encoding import Decoded, decode_report
from govdisclosure.errors import ParseError
from govdisclosure.model import Report
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
    printed = printed_table(report, key)
    if printed is not None:
        yield from writer.render(list(lines(printed)), label_columns=min(printed.labels, 1))


class _Writer:
    """Renders a printed table's lines; subclasses choose the grid or one cell per line."""

    def render(self, lines: Sequence[Line], *, label_columns: int) -> Iterator[str]:
        raise NotImplementedError


def width(text: str) -> int:
    """Display width of `text` in a terminal: wide and full-width characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class _GridWriter(_Writer):
    """Pipe-separated rows, padded so columns line up by display width."""

    def render(self, lines: Sequence[Line], *, label_columns: int) -> Iterator[str]:
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

    def render(self, lines: Sequence[Line], *, label_columns: int) -> Iterator[str]:
        _ = label_columns
        for line in lines:
            yield from (f"\t{cell}" for cell in line.cells if cell or line.data)
            yield ""
