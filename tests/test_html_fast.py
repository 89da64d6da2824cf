"""The HTML fast path gives exactly the lenient reader's result, or hands the page over to it."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from govdisclosure import ParseResult, html
from govdisclosure.encoding import Decoded
from govdisclosure.html import _fast, _read
from govdisclosure.strategies import partial_reports, reports

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PAGES = [
    FIXTURES / "corpus" / "001-shanghai-municipal-govt-office-2019.html",
    *sorted((FIXTURES / "html").glob("*.html")),
    *sorted((FIXTURES / "bad" / "html").glob("*.html")),
]
XIANGTAN = Path(__file__).resolve().parent.parent / "examples" / "xiangtan-audit-2020.json"


def _fast_result(page: str | bytes) -> ParseResult | None:
    decoded = _read._decode(page) if isinstance(page, bytes) else Decoded(page, "", None)
    walked = _read._page(decoded.text)
    if walked.root is None:
        return None
    return _fast.read_page(walked, _read.Cells(walked.text, walked.root))


def _agrees(page: str | bytes) -> bool:
    """Assert the fast path's result, when it gives one, is the lenient reader's; say if it did."""
    lenient = _read.parse(page, fast=False)
    both = html.parse(page)
    assert lenient.report == both.report
    assert lenient.problems == both.problems
    assert dict(lenient.positions) == dict(both.positions)
    return _fast_result(page) is not None


def test_written_pages_take_the_fast_path() -> None:
    """A page `html.dumps` writes is read on the fast path, with the lenient reader's positions."""
    from govdisclosure import json  # noqa: PLC0415 - only this test needs it

    page = html.dumps(json.loads(XIANGTAN.read_bytes()))
    assert _agrees(page)
    assert _agrees(page.encode())


def test_fixture_pages_agree() -> None:
    """Real and damaged pages: the fast path agrees with the lenient reader, or hands over."""
    for path in PAGES:
        _agrees(path.read_bytes())


@given(reports())
def test_generated_pages_agree(report: object) -> None:
    """Every complete written page takes the fast path, with the lenient reader's result."""
    page = html.dumps(report)  # type: ignore[arg-type]
    assert _agrees(page)


@given(partial_reports())
def test_partial_pages_agree(report: object) -> None:
    """Pages missing cells or rows: the readers agree (the fast path hands them over)."""
    _agrees(html.dumps(report))  # type: ignore[arg-type]


_RESHAPES: dict[str, Callable[[str], str]] = {
    "one line": lambda page: page.replace("\n", ""),
    "cells on their own lines": lambda page: page.replace("<td", "\n<td").replace("<th", "\n<th"),
    "rows over two lines": lambda page: page.replace("</th><td", "</th>\n<td"),
    "two rows a line": lambda page: re.sub(r"</tr>\n<tr>", "</tr><tr>", page, count=7),
    "paragraphs a line": lambda page: page.replace("</p>\n<p>", "</p><p>"),
    "upper-case tags": lambda page: page.replace("<td", "<TD").replace("</td>", "</TD>"),
    "comments": lambda page: page.replace("<tr>", "<!-- <td>0</td> --><tr>", 5),
    "breaks in cells": lambda page: page.replace('">0</td>', '">0<br>x</td>', 2),
}


@given(reports(), st.sampled_from(sorted(_RESHAPES)))
def test_reshaped_pages_agree(report: object, reshape: str) -> None:
    """Source lines shared by rows, rows over several lines, comments: the readers agree."""
    _agrees(_RESHAPES[reshape](html.dumps(report)))  # type: ignore[arg-type]


@st.composite
def _damaged(draw: st.DrawFn, report: object) -> str:
    """A written page with a few lines deleted, duplicated, swapped or a character changed."""
    lines = html.dumps(report).split("\n")  # type: ignore[arg-type]
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        operation = draw(st.sampled_from(["delete", "duplicate", "swap", "char"]))
        if operation == "delete" and len(lines) > 1:
            del lines[index]
        elif operation == "duplicate":
            lines.insert(index, lines[index])
        elif operation == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif lines[index]:
            at = draw(st.integers(0, len(lines[index]) - 1))
            new = draw(st.sampled_from(["0", "1", " ", "|", "、", "x", "（", "无", "<", ">"]))
            lines[index] = lines[index][:at] + new + lines[index][at + 1 :]
    return "\n".join(lines)


@given(st.data())
def test_damaged_pages_agree(data: st.DataObject) -> None:
    """Lines of a written page deleted, repeated, swapped or changed: the readers agree."""
    _agrees(data.draw(_damaged(data.draw(reports()))))
