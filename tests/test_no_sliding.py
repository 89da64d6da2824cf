"""No sliding: a row of values is placed only by its own label, never given to a neighbour's.

Text converted from PDFs garbles or loses row labels. Whatever happens to the labels, every cell
the reader fills must hold the value the report prints in that cell: a row whose label is gone
stays unplaced (with a problem), its values never slide onto the row above or below.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from govdisclosure import Report, text
from govdisclosure.layout import iter_layouts, normalize_label
from govdisclosure.strategies import reports

# Every row label of both templates, folded: the lines of a rendered report that print one.
_ROW_LABELS = frozenset(
    normalize_label(label)
    for lay in iter_layouts()
    for table in lay.tables
    for row in table.rows
    for label in (row.label, row.text)
    if label
)
_GARBLE = "口囗□�?#亻氵"


def _render(report: Report, style: str) -> str:
    """The report as the text writer prints it; ``pdf`` is the grid with its rules lost."""
    if style == "pdf":
        return text.dumps(report, style="grid").replace("|", " ")
    return text.dumps(report, style=style)  # type: ignore[arg-type]


def _label_of(line: str) -> tuple[int, int] | None:
    """Where the row label a rendered line starts with stands: (start, end), or None."""
    stripped = line.lstrip(" \t|")
    start = len(line) - len(stripped)
    label = stripped.split("|", 1)[0].split("  ", 1)[0].rstrip()
    if label and normalize_label(label) in _ROW_LABELS:
        return start, start + len(label)
    return None


@st.composite
def damaged(draw: st.DrawFn) -> tuple[Report, str]:
    """A generated report and its rendering with some row labels deleted, truncated or garbled.

    Some rows also lose their values and keep their label (a PDF cell the converter dropped),
    so a damaged label next to them has a label without values before it to slide onto. One
    combination is left out: a row that lost its values right above a row whose label is gone
    altogether. That text is exactly how a report printing the second row's values for the first
    row (its label on one line, its values on the next) would read, so no reader could tell.
    """
    report = draw(reports())
    style = draw(st.sampled_from(["grid", "lines", "pdf"]))
    lines = _render(report, style).split("\n")
    targets = [(n, place) for n, line in enumerate(lines) if (place := _label_of(line))]
    chosen = draw(st.lists(st.sampled_from(targets), min_size=1, max_size=6, unique=True))
    following = {n: after for (n, _), (after, _) in pairwise(targets)}
    emptied: set[int] = set()
    for number, (start, end) in sorted(chosen, reverse=True):
        line = lines[number]
        label = line[start:end]
        how = draw(st.sampled_from(["delete", "truncate", "garble", "values lost"]))
        if how == "values lost":
            if following.get(number) in emptied:
                continue  # indistinguishable from a label whose values stand on the next line
            if style == "lines":
                stop = number + 1
                while stop < len(lines) and lines[stop].strip():
                    stop += 1
                del lines[number + 1 : stop]
            else:
                lines[number] = line[:end]
            continue
        if how == "delete":
            new = ""
        elif how == "truncate":
            new = label[: draw(st.integers(0, max(0, len(label) - 1)))]
        else:
            chars = list(label)
            for index in draw(
                st.lists(st.integers(0, len(chars) - 1), min_size=1, max_size=len(chars))
            ):
                chars[index] = draw(st.sampled_from(_GARBLE))
            new = "".join(chars)
        if not new:
            emptied.add(number)
        lines[number] = line[:start] + new + line[end:]
    return report, "\n".join(lines)


def _cells(report: Report) -> dict[str, Any]:
    return {cell.path: cell.value for cell in report.cells()}


@given(damaged())
def test_no_cell_gets_a_value_that_is_not_its_own(case: tuple[Report, str]) -> None:
    """Each cell read from a report with damaged row labels equals the report's own cell."""
    report, damaged_text = case
    original = _cells(report)
    read = _cells(text.parse(damaged_text).report)
    wrong = {
        path: (value, original.get(path, "absent"))
        for path, value in read.items()
        if path not in original or original[path] != value
    }
    assert {} == wrong
