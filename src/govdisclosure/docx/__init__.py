"""Word: read reports from ``.docx`` files, and write the official layout as a Word document.

Reading walks the document body in order — paragraphs, headings, tables with cells merged across
columns or rows — and reads it through the same layout data and label matching as
`govdisclosure.text` and `govdisclosure.html`, with the same problems. A position is the
paragraph or table row counted from 1 in document order (`Position.line`) and, for a table cell,
its column in the table's grid (`Position.column`). A ``.doc`` (Word 97-2003) or WPS file is not
read: the problem says to convert it to ``.docx`` first.

`dumps` writes a real Word document: the title, the sections' headings and narrative paragraphs,
and the three tables with the official merged header cells and ruling lines. What it writes
reads back to the same report.

Needs python-docx: ``pip install 'govdisclosure[docx]'``.
"""

from __future__ import annotations

try:
    import docx as _docx
except ImportError as error:  # pragma: no cover - exercised only without the extra
    msg = "govdisclosure.docx needs python-docx: pip install 'govdisclosure[docx]'"
    raise ImportError(msg) from error

from typing import Any, Protocol

from govdisclosure._reading import ParseResult, Position
from govdisclosure.docx import _read, _write
from govdisclosure.errors import ParseError
from govdisclosure.model import Report

__all__ = ["ParseResult", "Position", "dump", "dumps", "load", "loads", "parse"]

del _docx


class _SupportsRead(Protocol):
    def read(self, /) -> bytes: ...


class _SupportsWrite(Protocol):
    def write(self, data: bytes, /) -> object: ...


def parse(source: bytes) -> ParseResult:
    """Read a report leniently from the bytes of a ``.docx`` file; never raises on any bytes.

    Raises:
        TypeError: `source` is not bytes.
    """
    _check_argument(
        source, bytes | bytearray | memoryview, "parse() needs the bytes of a .docx file"
    )
    return _read.parse(bytes(source))


def loads(source: bytes) -> Report:
    """Read a report strictly from the bytes of a ``.docx`` file.

    Raises:
        ParseError: with every problem (paragraph or row, what was expected and what was
            found) if anything is missing or unreadable.
        TypeError: `source` is not bytes.
    """
    result = parse(source)
    if result.problems:
        raise ParseError(result.problems)
    return result.report


def load(fp: _SupportsRead) -> Report:
    """Read a report strictly from a binary file object (see `loads`)."""
    return loads(fp.read())


def dumps(report: Report) -> bytes:
    """Return `report` as the bytes of a Word document (``.docx``) in the official layout.

    Raises:
        TypeError: `report` is not a `Report`.
    """
    _check_argument(report, Report, "dumps() needs a govdisclosure Report")
    return _write.document(report)


def dump(report: Report, fp: _SupportsWrite) -> None:
    """Write `report` as a Word document to the binary file object `fp`."""
    fp.write(dumps(report))


def _check_argument(value: object, expected: Any, message: str) -> None:
    """Raise TypeError for an argument of the wrong type (a programming error, not bad input)."""
    if not isinstance(value, expected):
        msg = f"{message}, not {type(value).__name__}"
        raise TypeError(msg)
