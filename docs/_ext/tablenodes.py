"""Docutils table nodes, shared by the docs extensions that generate tables from the code."""

from __future__ import annotations

from docutils import nodes


def table(headers: list[str], rows: list[list[nodes.Node | str]]) -> nodes.table:
    """Build a table node with a header row; a cell is text or an inline node (a link)."""
    node = nodes.table()
    group = nodes.tgroup(cols=len(headers))
    node += group
    group.extend(nodes.colspec(colwidth=1) for _ in headers)
    head = nodes.thead()
    group += head
    head += _row(list(headers))
    body = nodes.tbody()
    group += body
    body.extend(_row(cells) for cells in rows)
    return node


def _row(cells: list[nodes.Node | str]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        paragraph = nodes.paragraph()
        paragraph += nodes.Text(cell) if isinstance(cell, str) else cell
        entry += paragraph
        row += entry
    return row
