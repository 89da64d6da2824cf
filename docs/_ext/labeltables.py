"""Sphinx directive ``label-table``: a table of cells and official labels, read from the layout.

Usage in a MyST page::

    ```{label-table} 2021 applications
    ```

The table is generated from `govdisclosure.layout` at build time, so the docs can never
disagree with the code.
"""

from __future__ import annotations

from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.application import Sphinx
from tablenodes import table

from govdisclosure.layout import layout


class LabelTable(Directive):
    """Render the cells of one table of one template: path, official label, kind."""

    required_arguments = 2
    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        """Build the table node."""
        template, key = self.arguments
        spec = layout(template).table(key)
        rows = [
            [
                f"{key}.{row.key}.{column.key}",
                f"{row.full_label} / {column.full_label}",
                column.kind.value + (f" ({column.unit})" if column.unit else ""),
            ]
            for row in spec.rows
            for column in row.columns
        ]
        return [table(["path", "official label", "kind"], rows)]


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directive."""
    app.add_directive("label-table", LabelTable)
    return {"parallel_read_safe": True, "version": "1"}
