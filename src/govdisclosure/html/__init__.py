"""HTML: read reports straight from government web pages, and publish them in the official layout.

Reading takes a whole page as a scraper fetched it — site navigation, headers and footers
around the report, tables with merged cells, GBK or GB2312 bytes, Word exports with ``<p>`` and
``&nbsp;`` in every cell — and reads it the way `govdisclosure.text` reads text, through the same
layout data and label matching. A blank cell stays blank (None), a printed ``0`` is 0 and a marker
such as ``/`` is kept verbatim. Positions point at the element in the HTML source: its line, and
the column where its start tag begins.

`parse` is lenient and never raises; `loads` is strict and raises `govdisclosure.ParseError`
carrying every problem. `dumps` writes a standalone HTML5 page: the title, the sections with their
headings as printed, the narrative, and the three tables with the official merged header cells.
What it writes reads back to the same report.

Needs lxml: ``pip install 'govdisclosure[html]'``. Nothing is fetched over the network.
"""

from __future__ import annotations

try:
    from lxml import etree as _etree
except ImportError as error:  # pragma: no cover - exercised only without the extra
    msg = "govdisclosure.html needs lxml: pip install 'govdisclosure[html]'"
    raise ImportError(msg) from error

import io
from collections.abc import Iterable
from typing import Any, Literal, Protocol, TypeVar, cast

from govdisclosure.errors import ParseError
from govdisclosure.html import _read, _write
from govdisclosure.model import Report
from govdisclosure.results import ParseResult, Position

__all__ = ["ParseResult", "Position", "dump", "dumps", "load", "loads", "parse"]

del _etree

_T_contra = TypeVar("_T_contra", contravariant=True)


class _SupportsRead(Protocol):
    def read(self, /) -> str | bytes: ...


class _SupportsWrite(Protocol[_T_contra]):
    def write(self, data: _T_contra, /) -> object: ...


def parse(source: str | bytes) -> ParseResult:
    """Read a report leniently from a page: everything readable, the problems, each cell's place.

    Bytes are decoded by their byte-order mark, else the charset the page declares (``<meta
    charset>``, ``http-equiv``; GB2312 and GBK read as GB18030, their superset), else UTF-8, else
    GB18030. Never raises on any text or bytes.

    Raises:
        TypeError: `source` is neither text nor bytes.
    """
    _check_argument(source, str | bytes, "parse() needs str or bytes")
    return _read.parse(source)


def loads(source: str | bytes) -> Report:
    """Read a report strictly from a page.

    Raises:
        ParseError: with every problem (the element's line and column, what was expected and
            what was found) if anything is missing or unreadable.
        TypeError: `source` is neither text nor bytes.
    """
    result = parse(source)
    if result.problems:
        raise ParseError(result.problems)
    return result.report


def load(fp: _SupportsRead) -> Report:
    """Read a report strictly from a text or binary file object (see `loads`)."""
    return loads(fp.read())


def dumps(
    report: Report,
    *,
    findings: Iterable[_write.Markable] = (),
    lang: Literal["en", "zh"] = "zh",
) -> str:
    """Return `report` as a standalone HTML5 page in the official layout.

    Every value cell carries its path (``<td data-path="applications.results.total.total">``),
    so a page script or a test can find any cell. `findings` (from `govdisclosure.checks`)
    mark the cells they name: the finding's own cell gets the class ``finding-error``,
    ``finding-warning`` (one per severity) or ``finding-not-assessable`` and a tooltip with its
    message in `lang`; the other cells of its equation get ``finding-operand``. The page reads
    back the same either way.

    Raises:
        TypeError: `report` is not a `Report`.
    """
    _check_argument(report, Report, "dumps() needs a govdisclosure Report")
    return _write.page(report, findings, lang=lang)


def dump(report: Report, fp: _SupportsWrite[str] | _SupportsWrite[bytes]) -> None:
    """Write `report` as an HTML5 page to the file object `fp` (text, or binary as UTF-8)."""
    text = dumps(report)
    if isinstance(fp, io.RawIOBase | io.BufferedIOBase) or "b" in getattr(fp, "mode", ""):
        cast("_SupportsWrite[bytes]", fp).write(text.encode())
    else:
        cast("_SupportsWrite[str]", fp).write(text)


def _check_argument(value: object, expected: Any, message: str) -> None:
    """Raise TypeError for an argument of the wrong type (a programming error, not bad input)."""
    if not isinstance(value, expected):
        msg = f"{message}, not {type(value).__name__}"
        raise TypeError(msg)
