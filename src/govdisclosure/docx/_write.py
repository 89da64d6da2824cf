"""Write a report as a Word document in the official layout.

The document mirrors the HTML page (`govdisclosure.html`): the title, the preamble, each
section's heading and narrative paragraphs, and the three tables with the official merged header
cells right after their section's narrative (a table without its section comes before the
sections). The tables have ruling lines (the "Table Grid" style) and their header rows repeat on
every page a table crosses.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from govdisclosure.docx._grid import Placed, place, printed_table
from govdisclosure.model import Report

__all__ = ["document"]

_TABLES = ("proactive", "applications", "review_litigation")
_A4 = (Cm(21), Cm(29.7))
_MARGIN = Cm(2.5)
_TEXT_WIDTH = Cm(16)
_LABELS = 0.4
"""The share of a table's width its label columns take; the value columns share the rest."""
_FONT = "SimSun"
"""The East Asian font named in the document (Word's usual 宋体); viewers substitute their own."""


def document(report: Report) -> bytes:
    """Return `report` as the bytes of a ``.docx`` file."""
    doc: Any = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = _A4
    section.left_margin = section.right_margin = _MARGIN
    _set_fonts(doc)
    doc.core_properties.title = report.title or ""
    doc.core_properties.author = report.organ or ""
    doc.core_properties.comments = "govdisclosure"
    # Style ids looked up once: python-docx searches the styles by name on every paragraph.
    title, heading = (doc.styles[name].style_id for name in ("Title", "Heading 1"))
    grid = doc.styles["Table Grid"]
    if report.title is not None:
        doc.add_paragraph(report.title)._p.style = title  # noqa: SLF001
    _paragraphs(doc, report.preamble)
    homes = {section.key for section in report.sections}
    for key in _TABLES:
        if key not in homes:  # a table printed without its section heading
            _table(doc, report, key, grid)
    for section in report.sections:
        doc.add_paragraph(section.heading)._p.style = heading  # noqa: SLF001
        _paragraphs(doc, section.text)
        if section.key in _TABLES:
            _table(doc, report, section.key, grid)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _set_fonts(doc: Any) -> None:
    for name in ("Normal", "Title", "Heading 1"):
        style = doc.styles[name]
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), _FONT)
    doc.styles["Normal"].font.size = Pt(11)


def _paragraphs(doc: Any, text: str) -> None:
    for paragraph in text.split("\n"):
        if paragraph.strip():
            doc.add_paragraph(paragraph)


def _table(doc: Any, report: Report, key: str, style: Any) -> None:
    if getattr(report, key) is None:
        return
    rows, headers = printed_table(report, key)
    placed, width = place(rows)
    table = doc.add_table(rows=0, cols=width)
    table.style = style
    table.autofit = False
    widths = _widths(width, values=_values(key, width))
    for column, grid_column in zip(widths, table._tbl.tblGrid.gridCol_lst, strict=True):  # noqa: SLF001 - python-docx has no API for spans
        grid_column.w = column
    starts = {(p.row, p.column): p for p in placed}
    covered = {
        (p.row + r, p.column): p for p in placed for r in range(1, p.cell.rows)
    }  # the first slot of every row a cell spans below its own
    for number in range(len(rows)):
        tr = OxmlElement("w:tr")
        table._tbl.append(tr)  # noqa: SLF001
        column = 0
        while column < width:
            start = starts.get((number, column))
            below = covered.get((number, column))
            if start is not None:
                tr.append(_cell(widths, start, restart=start.cell.rows > 1))
                column += start.cell.columns
            elif below is not None:
                tr.append(_cell(widths, below, restart=None))
                column += below.cell.columns
            else:  # pragma: no cover - `place` leaves no holes
                column += 1
        properties = OxmlElement("w:trPr")
        properties.append(OxmlElement("w:cantSplit"))  # a row stays on one page, as printed
        if number < headers:
            properties.append(OxmlElement("w:tblHeader"))
        tr.insert(0, properties)


def _values(key: str, width: int) -> int:
    """How many of a table's `width` columns hold values (the rest hold row labels)."""
    if key == "review_litigation":
        return width
    if key == "proactive":
        return width - 1
    return 7  # section 三: one column per applicant


def _widths(width: int, *, values: int) -> list[int]:
    """Column widths (EMU): label columns first, the innermost the widest, values even."""
    labels = width - values
    total = int(_TEXT_WIDTH)
    if not labels:
        return [total // width] * width
    outer = [int(total * 0.08)] * (labels - 1)
    inner = int(total * _LABELS) - sum(outer)
    return [*outer, inner, *[(total - inner - sum(outer)) // values] * values]


def _cell(widths: Sequence[int], placed: Placed, *, restart: bool | None) -> Any:
    """A ``<w:tc>`` for `placed`; `restart` None: the continuation of a cell merged from above."""
    tc = OxmlElement("w:tc")
    properties = OxmlElement("w:tcPr")
    width = OxmlElement("w:tcW")
    spanned = sum(widths[placed.column : placed.column + placed.cell.columns])
    width.set(qn("w:w"), str(spanned // 635))  # EMU to twentieths of a point
    width.set(qn("w:type"), "dxa")
    properties.append(width)
    if placed.cell.columns > 1:
        span = OxmlElement("w:gridSpan")
        span.set(qn("w:val"), str(placed.cell.columns))
        properties.append(span)
    if restart is not False:  # the first cell of a vertical merge, or one of its continuations
        merge = OxmlElement("w:vMerge")
        if restart:
            merge.set(qn("w:val"), "restart")
        properties.append(merge)
    tc.append(properties)
    tc.append(_paragraph("" if restart is None else placed.cell.text, bold=placed.cell.header))
    return tc


def _paragraph(text: str, *, bold: bool) -> Any:
    paragraph = OxmlElement("w:p")
    if text:
        run = OxmlElement("w:r")
        properties = OxmlElement("w:rPr")
        if bold:
            properties.append(OxmlElement("w:b"))
        size = OxmlElement("w:sz")
        size.set(qn("w:val"), "18")  # 9 points: seven applicant columns fit across the page
        properties.append(size)
        run.append(properties)
        for piece in _pieces(text):
            run.append(piece)
        paragraph.append(run)
    return paragraph


def _pieces(text: str) -> Sequence[Any]:
    """Text elements for `text`: tabs as ``<w:tab/>``, spaces kept."""
    out = []
    for index, part in enumerate(text.split("\t")):
        if index:
            out.append(OxmlElement("w:tab"))
        if part:
            element = OxmlElement("w:t")
            element.text = part
            element.set(qn("xml:space"), "preserve")
            out.append(element)
    return out
