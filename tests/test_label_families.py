"""Label families as real pages print them: variant labels, garbled labels, cut-off pages.

The fixtures under ``tests/fixtures/families/`` are made by its ``make_label_families.py`` from the
library's own writer and the shipped example; each ``.expect.json`` holds the cells the damaged
text still shows, taken from the report written, and the cells it no longer shows.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govdisclosure import Template, text
from govdisclosure._reading.fast import read_text_lines

FAMILIES = Path(__file__).resolve().parent / "fixtures" / "families"

# Every problem each fixture gives: (kind, path, line).
PROBLEMS: dict[str, list[tuple[str, str | None, int | None]]] = {
    "variant-labels/2019-labels-in-2021.txt": [
        ("variant-label", "proactive", 7),
        ("variant-label", "proactive.normative_documents", 9),
        ("variant-label", "applications.results.partially_disclosed", 29),
    ],
    "variant-labels/no-caption-or-header.txt": [("variant-label", "proactive", 7)],
    "garbled-labels/pdf-text.txt": [
        ("unknown-row", "proactive", 16),
        ("row-missing", "proactive.enforcement", None),
        ("unknown-row", "applications", 32),
        ("unexpected-value", "applications", 41),
        ("row-missing", "applications.results.withheld.state_secret", None),
        ("row-missing", "applications.results.withheld.prohibited_by_law", None),
        ("row-missing", "applications.results.unavailable.needs_creation", None),
    ],
    "cut-off/inside-section-3.txt": [
        ("row-cut-off", "applications.results.withheld.security_stability", 169),
        ("text-cut-off", "applications", 172),
        ("missing-section", "review_litigation", None),
        ("missing-section", "problems", None),
        ("missing-section", "other_matters", None),
    ],
    "cut-off/inside-section-4.txt": [
        ("row-cut-off", "review_litigation.litigation_direct", 385),
        ("text-cut-off", "review_litigation", 385),
        ("missing-section", "problems", None),
        ("missing-section", "other_matters", None),
    ],
}


@pytest.mark.parametrize("name", sorted(PROBLEMS))
def test_family_fixture_reads_its_cells_and_says_what_it_could_not(name: str) -> None:
    """Every cell the text shows is read right, no other cell is read, and each problem is named."""
    source = (FAMILIES / name).read_text(encoding="utf-8")
    expect = json.loads((FAMILIES / name).with_suffix(".expect.json").read_text(encoding="utf-8"))
    result = text.parse(source)
    read = {cell.path: str(cell.value) for cell in result.report.cells()}
    assert expect["cells"] == read
    assert not set(expect["absent"]) & set(read)
    assert PROBLEMS[name] == [(p.kind, p.path, p.line) for p in result.problems]
    assert read_text_lines(source.split("\n")) is None  # problems: the fast path hands over


def test_variant_labels_say_what_was_read_how() -> None:
    """A 2019 label in a 2021 table names the label printed and the row it was read as."""
    result = text.parse((FAMILIES / "variant-labels" / "2019-labels-in-2021.txt").read_bytes())
    assert Template.V2021 is result.report.template
    header, row, short = result.problems
    assert "本年新制作数量" == header.found
    assert "规范性文件" == row.found
    assert "row 第二十条第（一）项 行政规范性文件" in row.message
    assert "2019 template's label" in row.message
    assert "（二）部分公开" == short.found
    assert "its short form" in short.message


def test_a_cut_off_page_is_one_problem_naming_where_it_stops() -> None:
    """The rows a page never reached are one problem; it names the row the text stops in."""
    result = text.parse((FAMILIES / "cut-off" / "inside-section-3.txt").read_bytes())
    (cut,) = (p for p in result.problems if p.kind == "text-cut-off")
    assert cut.message == (
        "the text stops in section 三 inside row 三、本年度办理结果 （三）不予公开 "
        "3.危及“三安全一稳定”; 15 rows not shown: 三、本年度办理结果 （三）不予公开 "
        "4.保护第三方合法权益 … 四、结转下年度继续办理"
    )


def test_a_row_missing_in_a_complete_table_is_still_its_own_problem() -> None:
    """A row dropped from the middle of a table the text completes keeps its own row-missing."""
    example = Path(__file__).resolve().parent.parent / "examples" / "xiangtan-audit-2020.txt"
    lines = example.read_text(encoding="utf-8").split("\n")
    start = lines.index("\t1.属于国家秘密")
    source = "\n".join(lines[:start] + lines[start + 9 :])
    kinds = [(p.kind, p.path) for p in text.parse(source).problems]
    assert [("row-missing", "applications.results.withheld.state_secret")] == kinds
