"""The same input reaches the same cells and problem kinds through every reader (issue 16).

One complete report (the Xiangtan golden report, 2019 template) is written as text, as an HTML
page and as the wide CSV of its section 三 table; then one row is varied the same way in each
form: the label numbered ``1、`` instead of ``1.``, a count printed ``3件`` or ``2.5``, a blank,
``/`` or ``-``, and an unknown row after it. Each reader must give the same row, the same extra
rows and the same problem kinds beyond those it reports for the unvaried form.

The text, HTML and wide CSV readers are front ends of one staged reader: the wide CSV's section
三 rows are matched, detected and read by its table stage (`govdisclosure._reading.tables`), and
its section 四 groups by the stage's `ReviewReader`; section 四 is varied the same way below (a
group printed with a short label, a blank cell, ``/``, ``3件``).
Where a reader still disagrees, the case is a strict xfail that says how, so the test turns red
the day it agrees.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from govdisclosure import csv, html, text
from govdisclosure.csv._wide import read_table
from govdisclosure.errors import Problem
from govdisclosure.model import Report

CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus"
LABEL = "1.属于国家秘密"
UNKNOWN = "其他未列情形"


def _report() -> Report:
    return text.parse((CORPUS / "xiangtan-audit-2020.txt").read_bytes()).report


# A variant: (new label, new first value, add an unknown row after the row).
Variant = tuple[str, str, bool]
VARIANTS: dict[str, Variant] = {
    "numbered-1、": ("1、属于国家秘密", "0", False),
    "count-3件": (LABEL, "3件", False),
    "count-2.5": (LABEL, "2.5", False),
    "blank": (LABEL, "", False),
    "slash": (LABEL, "/", False),
    "dash": (LABEL, "-", False),
    "unknown-row": (LABEL, "0", True),
}


def _text(variant: Variant) -> tuple[Any, list[Problem]]:
    label, value, unknown = variant
    out = []
    for line in text.dumps(_report()).split("\n"):
        if LABEL in line:
            cells = line.split("|")
            cells[1] = f" {label} "
            cells[2] = f" {value} "
            line = "|".join(cells)  # noqa: PLW2901
            if unknown:
                line += "\n" + "|".join(cells).replace(label, UNKNOWN)  # noqa: PLW2901
        out.append(line)
    result = text.parse("\n".join(out))
    return result.report.applications, list(result.problems)


def _html(variant: Variant) -> tuple[Any, list[Problem]]:
    label, value, unknown = variant
    page = html.dumps(_report())
    cell = '<td data-path="applications.results.withheld.state_secret.natural_person">0</td>'
    row = re.search(rf"<tr>.*?{re.escape(LABEL)}.*?</tr>", page)
    assert row is not None
    changed = row[0].replace(f">{LABEL}<", f">{label}<").replace(cell, f"<td>{value}</td>")
    if unknown:
        values = "".join("<td>0</td>" for _ in range(7))
        changed += f'<tr><th scope="row">{UNKNOWN}</th>{values}</tr>'
    result = html.parse(page.replace(row[0], changed))
    return result.report.applications, list(result.problems)


def _csv(variant: Variant) -> tuple[Any, list[Problem]]:
    label, value, unknown = variant
    out = []
    for line in csv.dumps_table(_report(), "applications").splitlines():
        fields = line.split(",")
        if LABEL in fields:
            fields[fields.index(LABEL) + 1] = value
            fields[fields.index(LABEL)] = label
            line = ",".join(fields)  # noqa: PLW2901
            if unknown:
                line += "\r\n" + ",".join(["", "", UNKNOWN, *(["0"] * 7)])  # noqa: PLW2901
        out.append(line)
    return read_table("\r\n".join(out) + "\r\n", "applications", None, excel=False)


READERS: dict[str, Callable[[Variant], tuple[Any, list[Problem]]]] = {
    "text": _text,
    "html": _html,
    "csv": _csv,
}
UNCHANGED: Variant = (LABEL, "0", False)

# Where the wide CSV reader disagrees with the staged one today (measured), and how.
CSV_DISAGREES: dict[str, str] = {}


def _seen(reader: str, variant: Variant) -> tuple[Any, Any, Counter[str]]:
    table, problems = READERS[reader](variant)
    _, before = READERS[reader](UNCHANGED)
    kinds = Counter(p.kind for p in problems) - Counter(p.kind for p in before)
    row = None if table is None else table.results.withheld.state_secret
    extras = None if table is None else [(e.label, e.values) for e in table.extra_rows]
    return row, extras, kinds


CASES = [
    pytest.param(
        reader,
        name,
        marks=[pytest.mark.xfail(reason=CSV_DISAGREES[name], strict=True)]
        if reader == "csv" and name in CSV_DISAGREES
        else [],
        id=f"{reader}-{name}",
    )
    for reader in ("html", "csv")
    for name in VARIANTS
]


@pytest.mark.parametrize(("reader", "name"), CASES)
def test_readers_agree_with_the_text_reader(reader: str, name: str) -> None:
    """The same variant gives the same row, extra rows and new problem kinds in every reader."""
    variant = VARIANTS[name]
    assert _seen("text", variant) == _seen(reader, variant)


def test_unvaried_forms_agree() -> None:
    """Without a variant every reader gives the report's own table, with no problem."""
    table = _report().applications
    for reader in READERS.values():
        read, problems = reader(UNCHANGED)
        assert table == read
        assert [] == [p.kind for p in problems if p.path and p.path.startswith("applications")]


# ------------------------------------------------------------------------------------------------
# Section 四: the wide CSV reads it through the stage's `ReviewReader` as well.

GROUP = "未经复议直接起诉"
# A variant of section 四: (the group's printed label, its first two cells).
Review = tuple[str, str, str]
REVIEW_VARIANTS: dict[str, Review] = {
    "short-label": ("直接起诉", "0", "0"),
    "blank": (GROUP, "", "0"),
    "slash": (GROUP, "0", "/"),
    "short-label-blank-slash": ("直接起诉", "", "/"),
    "count-3件": (GROUP, "3件", "0"),
}
REVIEW_UNCHANGED: Review = (GROUP, "0", "0")
FIRST = (
    "review_litigation.litigation_direct.upheld",
    "review_litigation.litigation_direct.corrected",
)


def _review_text(variant: Review) -> tuple[Any, list[Problem]]:
    label, upheld, corrected = variant
    lines = text.dumps(_report()).split("\n")
    start = lines.index("四、政府信息公开行政复议、行政诉讼情况")
    lines[start + 2] = lines[start + 2].replace(GROUP, label)
    cells = lines[start + 4].split("|")
    cells[6], cells[7] = f" {upheld} ", f" {corrected} "  # cells[0] is before the first |
    lines[start + 4] = "|".join(cells)
    result = text.parse("\n".join(lines))
    return result.report.review_litigation, list(result.problems)


def _review_html(variant: Review) -> tuple[Any, list[Problem]]:
    label, upheld, corrected = variant
    page = html.dumps(_report()).replace(f">{GROUP}<", f">{label}<")
    for path, value in zip(FIRST, (upheld, corrected), strict=True):
        page = page.replace(f'<td data-path="{path}">0</td>', f"<td>{value}</td>")
    result = html.parse(page)
    return result.report.review_litigation, list(result.problems)


def _review_csv(variant: Review) -> tuple[Any, list[Problem]]:
    label, upheld, corrected = variant
    lines = csv.dumps_table(_report(), "review_litigation").splitlines()
    lines[2] = lines[2].replace(GROUP, label)
    fields = lines[4].split(",")
    fields[5], fields[6] = upheld, corrected
    lines[4] = ",".join(fields)
    return read_table("\r\n".join(lines) + "\r\n", "review_litigation", None, excel=False)


REVIEW_READERS: dict[str, Callable[[Review], tuple[Any, list[Problem]]]] = {
    "text": _review_text,
    "html": _review_html,
    "csv": _review_csv,
}


def _review_seen(reader: str, variant: Review) -> tuple[Any, Counter[str]]:
    table, problems = REVIEW_READERS[reader](variant)
    _, before = REVIEW_READERS[reader](REVIEW_UNCHANGED)
    kinds = Counter(p.kind for p in problems) - Counter(p.kind for p in before)
    return table, kinds


@pytest.mark.parametrize("reader", ["html", "csv"])
@pytest.mark.parametrize("name", list(REVIEW_VARIANTS))
def test_review_readers_agree_with_the_text_reader(reader: str, name: str) -> None:
    """A section 四 variant gives the same cells and new problem kinds in every reader."""
    variant = REVIEW_VARIANTS[name]
    assert _review_seen("text", variant) == _review_seen(reader, variant)


def test_review_variants_change_the_cells() -> None:
    """The variants reach the cells they vary (so agreeing is no accident of reading nothing)."""
    table, problems = _review_csv(REVIEW_VARIANTS["short-label-blank-slash"])
    assert (None, "/") == (table.litigation_direct.upheld, table.litigation_direct.corrected)
    shown = _report().review_litigation
    assert shown is not None
    assert shown.reconsideration == table.reconsideration
    assert [] == problems
    table, problems = _review_csv(REVIEW_VARIANTS["count-3件"])
    assert 3 == table.litigation_direct.upheld
    assert ["unit-stripped"] == [p.kind for p in problems]


def test_unvaried_review_agrees() -> None:
    """Without a variant every reader gives the report's own section 四, with no problem."""
    for reader in REVIEW_READERS.values():
        read, problems = reader(REVIEW_UNCHANGED)
        assert _report().review_litigation == read
        assert [] == [p.kind for p in problems if (p.path or "").startswith("review_litigation")]
