"""PDF: read reports from PDF files with a text layer, as organs publish them.

Each page's text lines and ruled tables are read through the same layout data and label
matching as `govdisclosure.text` and `govdisclosure.html`, with the same problems. Tables drawn
with ruling lines are read cell by cell (merged cells included); tables without them are read
from their text lines. Page headers, footers and page numbers are left out, and a table
continuing on the next page is joined to its first part.

Positions are pages and lines: in what `parse` returns, `Position.line` and `Problem.line` are
the page (from 1), and `Position.column` and `Problem.column` the line on that page, counting a
table row as a line. Narrative text is kept as printed, except that a paragraph wrapped over
several lines is joined back where a line runs to the right edge of the text: compare narrative
ignoring line breaks and spaces at them.

A scanned PDF (no text layer), an encrypted, truncated or damaged file gives one problem saying
so, never an empty report. Needs pdfplumber: ``pip install 'govdisclosure[pdf]'``.
"""

from __future__ import annotations

try:
    import pdfplumber as _pdfplumber
except ImportError as error:  # pragma: no cover - exercised only without the extra
    msg = "govdisclosure.pdf needs pdfplumber: pip install 'govdisclosure[pdf]'"
    raise ImportError(msg) from error

from typing import Any, Protocol

from govdisclosure._reading import ParseResult, Position
from govdisclosure.errors import ParseError
from govdisclosure.model import Report
from govdisclosure.pdf import _read

__all__ = ["ParseResult", "Position", "load", "loads", "parse"]

del _pdfplumber


class _SupportsRead(Protocol):
    def read(self, /) -> bytes: ...


def parse(source: bytes, *, password: str = "") -> ParseResult:
    """Read a report leniently from the bytes of a PDF file; never raises on any bytes.

    `password` opens an encrypted PDF.

    Raises:
        TypeError: `source` is not bytes.
    """
    _check_argument(source, bytes | bytearray | memoryview, "parse() needs the bytes of a PDF file")
    return _read.parse(bytes(source), password=password)


def loads(source: bytes, *, password: str = "") -> Report:
    """Read a report strictly from the bytes of a PDF file.

    Raises:
        ParseError: with every problem (page and line, what was expected and what was found)
            if anything is missing or unreadable.
        TypeError: `source` is not bytes.
    """
    result = parse(source, password=password)
    if result.problems:
        raise ParseError(result.problems)
    return result.report


def load(fp: _SupportsRead, *, password: str = "") -> Report:
    """Read a report strictly from a binary file object (see `loads`)."""
    return loads(fp.read(), password=password)


def _check_argument(value: object, expected: Any, message: str) -> None:
    """Raise TypeError for an argument of the wrong type (a programming error, not bad input)."""
    if not isinstance(value, expected):
        msg = f"{message}, not {type(value).__name__}"
        raise TypeError(msg)
