"""Read a Word document: walk its body into paragraphs and table rows for the shared reader.

Paragraphs, headings and tables are taken in document order; a cell merged across columns
(``gridSpan``) or rows (``vMerge``) is one cell, in the row where it starts, as in HTML. Page
headers and footers live in parts of their own and are never read. Everything after the walk —
headings, template, labels, problems — is the shared reader's (`govdisclosure._reading`).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from docx import Document
from docx.oxml.ns import qn

from govdisclosure._reading import Kind, ParseResult, SourceLine, Token, lex_line, read
from govdisclosure.errors import Problem
from govdisclosure.model import Report

__all__ = ["lines", "parse"]

_P, _TBL, _TR, _TC, _SDT = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:sdt")
_SDT_CONTENT, _T, _TAB, _BR, _CR = (
    qn("w:sdtContent"), qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
)  # fmt: skip
_TC_PR, _GRID_SPAN, _V_MERGE, _VAL = qn("w:tcPr"), qn("w:gridSpan"), qn("w:vMerge"), qn("w:val")
_TR_PR, _GRID_BEFORE = qn("w:trPr"), qn("w:gridBefore")
_LAYOUT_CELL = 300
"""A data table's cells hold labels and numbers; a cell this long holds a page, not a label."""
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CONVERT = "convert it to .docx first (Word, WPS or LibreOffice: Save As .docx)"


def kind_of(text: str) -> Kind:
    """The kind of a cell's text, as the shared reader lexes it: blank, value or text."""
    tokens = lex_line(text, 1)
    return tokens[0].kind if len(tokens) == 1 else Kind.BLANK if not tokens else Kind.TEXT


def refusal(data: bytes) -> Problem | None:
    """A problem for bytes that cannot be a Word document, saying what they are instead."""
    if data.startswith(_OLE):
        return Problem(
            f"this is a Word 97-2003 (.doc) or WPS file, not a .docx: {_CONVERT}",
            kind="doc-not-docx",
        )
    if data.lstrip().startswith(b"{\\rtf"):
        return Problem(f"this is an RTF file, not a .docx: {_CONVERT}", kind="doc-not-docx")
    if data.startswith(b"%PDF"):
        return Problem(
            "this is a PDF, not a .docx: read it with govdisclosure.pdf", kind="not-docx"
        )
    if not data.startswith(b"PK"):
        found = "no bytes" if not data else f"bytes starting {data[:8]!r}"
        return Problem(
            f"expected a Word document (.docx, a zip file), found {found}", kind="not-docx"
        )
    return None


def _open(data: bytes) -> tuple[Any, Problem | None]:
    problem = refusal(data)
    if problem is not None:
        return None, problem
    try:
        return Document(io.BytesIO(data)), None
    # python-docx and zipfile raise many types on a damaged or foreign zip (KeyError, BadZipFile,
    # ValueError, lxml's XMLSyntaxError, PackageNotFoundError): each means "not a Word document".
    except Exception as error:  # noqa: BLE001
        what = "a damaged zip file" if isinstance(error, zipfile.BadZipFile) else "a zip file"
        return None, Problem(
            f"expected a Word document (.docx), found {what} without a readable Word document "
            f"in it ({type(error).__name__}: {error})",
            kind="not-docx",
        )


class _Walk:
    """Collects the lines of a document body; `number` counts paragraphs and table rows."""

    def __init__(self) -> None:
        self.lines: list[SourceLine] = []
        self.number = 0

    def blocks(self, parent: Any) -> None:
        for child in parent:
            tag = child.tag
            if tag == _P:
                self.paragraph(child)
            elif tag == _TBL:
                self.table(child)
            elif tag == _SDT:
                for content in child.iterchildren(_SDT_CONTENT):
                    self.blocks(content)

    def paragraph(self, element: Any) -> None:
        self.number += 1
        for text in _paragraph_lines(element):
            if text.strip():
                self.lines.append(SourceLine(text, self.number, 1))

    def table(self, element: Any) -> None:
        rows = [list(_row_cells(tr)) for tr in element.iterchildren(_TR)]
        texts = {id(tc): _cell_text(tc) for row in rows for _, tc in row}
        widest = max((len(row) for row in rows), default=0)
        layout = (
            widest < 2  # noqa: PLR2004 - a table of data has a label and a value
            or any(len(text) > _LAYOUT_CELL for text in texts.values())
            or any(next(tc.iter(_TBL), None) is not None for row in rows for _, tc in row)
        )
        for row in rows:
            if layout:
                for _, tc in row:
                    self.blocks(tc)
                continue
            self.number += 1
            tokens = [
                Token(kind_of(texts[id(tc)]), texts[id(tc)], self.number, column + 1)
                for column, tc in row
            ]
            if len(tokens) == 1:
                # A row of one cell (a caption, a heading printed in the table) reads as a line.
                self.lines.append(SourceLine(tokens[0].text, self.number, tokens[0].column))
            elif tokens:
                cells = (*tokens, Token(Kind.END, "", self.number, tokens[-1].column))
                text = " | ".join(t.text for t in tokens)
                self.lines.append(SourceLine(text, self.number, 1, cells))


def _paragraph_lines(element: Any) -> list[str]:
    """The lines a paragraph shows: its text runs, tabs, and a new line at each break."""
    lines = [""]
    for node in element.iter(_T, _TAB, _BR, _CR):
        tag = node.tag
        if tag == _T:
            lines[-1] += node.text or ""
        elif tag == _TAB:
            lines[-1] += "\t"
        else:
            lines.append("")
    return lines


def _row_cells(tr: Any) -> Iterator[tuple[int, Any]]:
    """The cells that start in a row, with their grid column: merged continuations left out."""
    column = 0
    properties = tr.find(_TR_PR)
    before = properties.find(_GRID_BEFORE) if properties is not None else None
    if before is not None:
        column = _int(before.get(_VAL))
    for tc in _tcs(tr):
        span = 1
        merged = False
        properties = tc.find(_TC_PR)
        if properties is not None:
            grid_span = properties.find(_GRID_SPAN)
            if grid_span is not None:
                span = max(1, _int(grid_span.get(_VAL)))
            v_merge = properties.find(_V_MERGE)
            merged = v_merge is not None and v_merge.get(_VAL) != "restart"
        if not merged:
            yield column, tc
        column += span


def _tcs(parent: Any) -> Iterator[Any]:
    """The cells of a row in order, also those wrapped in content controls (``<w:sdt>``)."""
    for child in parent:
        if child.tag == _TC:
            yield child
        elif child.tag == _SDT:
            for content in child.iterchildren(_SDT_CONTENT):
                yield from _tcs(content)


def _int(text: str | None) -> int:
    try:
        return int(text or "0")
    except ValueError:
        return 0


def _cell_text(tc: Any) -> str:
    """A cell's text: its lines joined by spaces, as the HTML reader joins a cell's lines."""
    parts = [line.strip() for p in tc.iter(_P) for line in _paragraph_lines(p) if line.strip()]
    return " ".join(parts)


def lines(data: bytes) -> tuple[list[SourceLine], Problem | None]:
    """Walk a Word document into the lines the shared reader reads, or say why it cannot be."""
    doc, problem = _open(data)
    if doc is None:
        return [], problem
    walk = _Walk()
    try:
        walk.blocks(doc.element.body)
    except (AttributeError, TypeError, ValueError) as error:  # a malformed body
        message = f"expected a Word document body, found one that cannot be read ({error})"
        return [], Problem(message, kind="not-docx")
    return walk.lines, None


def parse(data: bytes) -> ParseResult:
    """Read a Word document leniently (see `govdisclosure.docx.parse`)."""
    found, problem = lines(data)
    if problem is not None:
        return ParseResult(Report(), (problem,))
    return read(found)
