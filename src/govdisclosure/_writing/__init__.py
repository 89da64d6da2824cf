"""What the writers share: a report's cells as printed, and its tables laid out once.

`printed_table` lays out a table of a report as the official form prints it (rows of cells with
spans and roles); the text, HTML and Word writers only render it. `row_texts` and
`extra_rows_after` give a row's printed cells.
"""

from __future__ import annotations

from govdisclosure._writing._cells import extra_rows_after, row_texts
from govdisclosure._writing.printed import Cell, Line, PrintedTable, lines, printed_table

__all__ = [
    "Cell",
    "Line",
    "PrintedTable",
    "extra_rows_after",
    "lines",
    "printed_table",
    "row_texts",
]
