"""The named input families scrapers and converters deliver (tests/fixtures/families/).

Each fixture is written by ``tests/fixtures/families/make_families.py`` from the Xiangtan example
or a corpus report, so what it must read to is known exactly: the organ, year, template, title,
preamble and every cell — the organ, title and narrative as printed, never folded.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdisclosure import ParseResult, Report, Template, html, text
from govdisclosure._reading import SourceLine, read
from govdisclosure._reading.fast import read_text_lines
from govdisclosure.layout import OUTLINE, layout, section_of_table
from govdisclosure.strategies import reports

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FAMILIES = FIXTURES / "families"
CORPUS = FIXTURES / "corpus"
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "xiangtan-audit-2020.txt"
XIANGTAN = text.parse(EXAMPLE.read_bytes()).report
TITLE = "湘潭县审计局2020年政府信息公开年度报告"
METADATA = (
    f"标题: {TITLE}\n"
    "发布时间: 2021-01-15 10:20\n"
    "原文链接: http://www.xiangtan.gov.cn/109/171/content_898765.html\n"
    "来源: 湘潭县审计局\n"
    "====== 正文 ======"
)
_BREAK = re.compile(r"\r\n|\r|\n")


def _make_families() -> Any:
    spec = importlib.util.spec_from_file_location("make_families", FAMILIES / "make_families.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MAKE = _make_families()


def _read(path: Path) -> ParseResult:
    if path.suffix == ".html":
        return html.parse(path.read_bytes())
    return text.parse(path.read_bytes())


def _cells(report: Report) -> dict[str, object]:
    return {cell.path: cell.value for cell in report.cells()}


def _fast_agrees(source: str) -> None:
    """The fast path gives the lenient reader's result, or hands over."""
    lines = _BREAK.split(source)
    fast = read_text_lines(lines)
    if fast is not None:
        lenient = read([SourceLine(line, number) for number, line in enumerate(lines, 1)])
        assert lenient.report == fast.report
        assert lenient.problems == fast.problems


def _kinds(result: ParseResult) -> list[str]:
    return [problem.kind for problem in result.problems]


def test_fixtures_are_what_the_script_writes() -> None:
    """The committed fixtures are the script's output (rerun it after changing either)."""
    for family, make in MAKE.FAMILIES.items():
        for name, content in make().items():
            assert content == (FAMILIES / family / name).read_text(encoding="utf-8"), name


# -- chrome: scraper metadata above the report ----------------------------------------------------


@pytest.mark.parametrize("name", ["scraper-metadata.txt", "scraper-metadata.html"])
def test_scraper_metadata_is_kept_in_the_preamble_never_the_organ(name: str) -> None:
    """A metadata block above the title: kept verbatim in the preamble, the report whole."""
    result = _read(FAMILIES / "chrome" / name)
    report = result.report
    assert [] == _kinds(result)
    assert ("湘潭县审计局", 2020, Template.V2019) == (report.organ, report.year, report.template)
    assert TITLE == report.title
    assert METADATA == report.preamble
    assert _cells(XIANGTAN) == _cells(report)
    assert XIANGTAN.sections == report.sections


def test_a_title_line_with_no_body_title_gives_title_organ_and_year() -> None:
    """``标题: …`` is the only title: it is read, kept in the preamble, and a problem says so."""
    result = _read(FAMILIES / "chrome" / "title-line-only.txt")
    report = result.report
    assert ["title-from-page"] == _kinds(result)
    assert ("湘潭县审计局", 2020, Template.V2019) == (report.organ, report.year, report.template)
    assert TITLE == report.title
    assert METADATA == report.preamble
    assert _cells(XIANGTAN) == _cells(report)


def test_the_organ_only_in_the_html_title() -> None:
    """The body starts with its first section: the page's <title>, without the site name."""
    result = _read(FAMILIES / "chrome" / "page-title-only.html")
    report = result.report
    assert ["title-from-page"] == _kinds(result)
    assert ("湘潭县审计局", 2020, Template.V2019) == (report.organ, report.year, report.template)
    assert TITLE == report.title
    assert "" == report.preamble
    assert _cells(XIANGTAN) == _cells(report)


@pytest.mark.parametrize(
    ("line", "organ", "year"),
    [
        ("标题:沭阳县发展和改革局2023年政府信息公开工作年度报告", "沭阳县发展和改革局", 2023),
        ("标题: 平潭综合实验区2022年政府信息公开工作年度报告", "平潭综合实验区", 2022),
        ("标题：無錫市司法局2021年政府信息公開工作年度報告", "無錫市司法局", 2021),
    ],
)
def test_a_title_line_above_the_body_title_is_not_the_organ(
    line: str, organ: str, year: int
) -> None:
    """The issue's ``标题:`` lines: the organ is the body title's; the line is preamble."""
    body_title = line.split(":", 1)[-1].split("：", 1)[-1].strip()
    source = f"{line}\n发布时间: 2024-01-10\n\n{body_title}\n\n" + MAKE._body()
    result = text.parse(source)
    assert (organ, year, body_title) == (
        result.report.organ,
        result.report.year,
        result.report.title,
    )
    assert f"{line}\n发布时间: 2024-01-10" == result.report.preamble
    assert _cells(XIANGTAN) == _cells(result.report)
    _fast_agrees(source)


def test_a_page_title_that_names_no_report_is_not_taken() -> None:
    """A <title> that is only the site's name gives no title and no organ."""
    page = (FAMILIES / "chrome" / "page-title-only.html").read_text(encoding="utf-8")
    page = page.replace(f"<title>{TITLE}_湘潭县人民政府</title>", "<title>湘潭县人民政府</title>")
    result = html.parse(page)
    assert (None, None) == (result.report.title, result.report.organ)
    assert "missing-title" in _kinds(result)


def test_a_title_line_citing_the_report_in_a_sentence_is_not_taken() -> None:
    """A ``标题:`` line holding the preamble's sentence (``根据…现向社会公布2021年…报告。``).

    Read as a title it gave the organ ``根据《…》的有关规定,现向社会公布``: no title and no organ.
    """
    source = (CORPUS / "019-shijiazhuang-education-2021.txt").read_text(encoding="utf-8")
    result = text.parse("标题: " + source.splitlines()[0] + "\n发布时间: 2021-03-01\n" + source)
    assert (None, None) == (result.report.title, result.report.organ)
    assert "missing-title" in _kinds(result)
    assert result.report.year == 2021


# -- Traditional mirrors: values as printed ------------------------------------------------------


@pytest.mark.parametrize("name", ["xiangtan-trad.txt", "xiangtan-trad.html"])
def test_traditional_xiangtan_keeps_its_organ_title_and_narrative_as_printed(name: str) -> None:
    """The organ, title, headings and narrative in Traditional, as printed; cells read."""
    result = _read(FAMILIES / "traditional" / name)
    report = result.report
    assert [] == _kinds(result)
    assert ("湘潭县審計局", 2020, Template.V2019) == (report.organ, report.year, report.template)
    assert "湘潭县審計局2020年政府信息公開年度報告" == report.title
    assert [
        (s.key, MAKE.traditional(s.heading), MAKE.traditional(s.text)) for s in XIANGTAN.sections
    ] == [(s.key, s.heading, s.text) for s in report.sections]
    assert _cells(XIANGTAN) == _cells(report)


@pytest.mark.parametrize("name", MAKE.TRADITIONAL_CORPUS)
def test_traditional_corpus_mirrors_read_as_printed(name: str) -> None:
    """The mirror reads to the original with every string in its Traditional form, as printed."""
    expected = json.loads((CORPUS / f"{name}.expect.json").read_text(encoding="utf-8"))
    original = text.parse((CORPUS / f"{name}.txt").read_bytes()).report
    mirror = _read(FAMILIES / "traditional" / f"{name}-trad.txt").report
    assert expected["organ"] == original.organ
    assert MAKE.traditional(expected["organ"]) == mirror.organ
    assert (expected["year"], expected["template"]) == (
        mirror.year,
        mirror.template.value if mirror.template else None,
    )
    assert original.title is not None
    assert MAKE.traditional(original.title) == mirror.title
    assert MAKE.traditional(original.preamble) == mirror.preamble
    assert [
        (s.key, MAKE.traditional(s.heading), MAKE.traditional(s.text)) for s in original.sections
    ] == [(s.key, s.heading, s.text) for s in mirror.sections]
    cells = _cells(mirror)
    assert {path: cells.get(path, "absent") for path in expected["cells"]} == expected["cells"]
    assert _cells(original) == cells


def test_traditional_hybrid_block_keeps_its_labels_as_printed() -> None:
    """The other template's block kept as extra rows keeps its Traditional labels, not the layout's.

    The mirror of corpus 020 (a 2019 block inside a 2021 section 二) is built with the fixture
    script's converter: the same extra rows as the Simplified page, each label as printed; the
    text and HTML writers print them under their own block's headers, so they read back.
    """
    name = "020-district-education-hybrid-template-2021.txt"
    source = (CORPUS / name).read_text(encoding="utf-8")
    original = text.parse(source)
    mirror = text.parse(MAKE.traditional(source))
    assert original.report.proactive is not None
    assert mirror.report.proactive is not None
    simplified = original.report.proactive.extra_rows
    assert simplified  # the hybrid block is read as extra rows
    expected = tuple(
        attrs.evolve(extra, label=MAKE.traditional(extra.label)) for extra in simplified
    )
    assert all(e.label != s.label for e, s in zip(expected, simplified, strict=True))
    assert expected == mirror.report.proactive.extra_rows
    assert [p.kind for p in original.problems] == [p.kind for p in mirror.problems]
    for writer in (text, html):  # printed under their own block's headers, they read back
        back = writer.parse(writer.dumps(mirror.report)).report
        assert mirror.report.proactive == back.proactive


def test_traditional_mixed_template_rows_keep_their_labels_as_printed() -> None:
    """Section 三 printing rows of both templates, no section 二: kept with Traditional labels.

    The Xiangtan report (2019) as the text writer prints it, without section 二 and with the 2021
    （六） row 3.其他 under the 2019 （六） row: both rows are `mixed-template` extra rows, each
    with its label as printed.
    """
    lines = text.dumps(text.loads(MAKE.XIANGTAN)).split("\n")
    proactive = section_of_table("proactive").heading
    applications = section_of_table("applications").heading
    start = next(i for i, line in enumerate(lines) if line.startswith(proactive))
    end = next(i for i, line in enumerate(lines) if line.startswith(applications))
    lines = lines[:start] + lines[end:]
    older = layout(Template.V2019).table("applications").row("results.other_handling")
    newer = layout(Template.V2021).table("applications").row("results.other_handling.other")
    at = next(i for i, line in enumerate(lines) if older.label in line)
    lines.insert(at + 1, f"| {newer.label} |" + " 0 |" * len(newer.columns))
    source = "\n".join(lines)
    for page, fold in ((source, str), (MAKE.traditional(source), MAKE.traditional)):
        result = text.parse(page)
        assert result.report.applications is not None
        assert 2 == _kinds(result).count("mixed-template")
        labels = [extra.label for extra in result.report.applications.extra_rows]
        assert [fold(older.label), fold(newer.label)] == labels
    assert MAKE.traditional(older.label) != older.label  # the mirror's label differs


def test_a_half_covered_organ_is_not_half_folded() -> None:
    """錫 has no fold, 無 has one: the organ stays 無錫市司法局, not 无錫市司法局."""
    source = "無錫市司法局2021年政府信息公開工作年度報告\n\n" + MAKE._body()
    result = text.parse(source)
    assert "無錫市司法局" == result.report.organ
    assert "無錫市司法局2021年政府信息公開工作年度報告" == result.report.title
    _fast_agrees(source)


# -- two-line titles -----------------------------------------------------------------------------


def test_a_title_over_two_lines_gives_the_organ_and_the_whole_title() -> None:
    """``…政府信息公开工作`` / ``年度报告``: one title, its organ."""
    path = FAMILIES / "two-line-title" / "xiangtan-two-line.txt"
    result = _read(path)
    report = result.report
    assert [] == _kinds(result)
    assert ("湘潭县审计局", 2020, Template.V2019) == (report.organ, report.year, report.template)
    assert "2020 年湘潭县审计局政府信息公开工作年度报告" == report.title
    assert "" == report.preamble
    assert _cells(XIANGTAN) == _cells(report)
    _fast_agrees(path.read_text(encoding="utf-8"))


def test_the_issues_two_line_title() -> None:
    """The issue's own example: the organ between the year and 政府信息公开."""
    source = "2024 年上海市科委政府信息公开工作\n年度报告\n\n" + MAKE._body()
    report = text.parse(source).report
    assert ("上海市科委", 2024) == (report.organ, report.year)
    assert "2024 年上海市科委政府信息公开工作年度报告" == report.title


# -- Markdown from PDF converters ----------------------------------------------------------------


def test_markdown_marks_are_not_kept_and_do_not_stop_headings() -> None:
    """``#``/``**`` headings are headings; ``|---|`` rows are not values."""
    path = FAMILIES / "markdown" / "xiangtan.md"
    result = _read(path)
    report = result.report
    assert [] == _kinds(result)
    assert ("湘潭县审计局", 2020, Template.V2019) == (report.organ, report.year, report.template)
    assert TITLE == report.title
    assert "" == report.preamble
    assert [(s.key, s.heading) for s in XIANGTAN.sections] == [
        (s.key, s.heading) for s in report.sections
    ]
    assert _cells(XIANGTAN) == _cells(report)
    _fast_agrees(path.read_text(encoding="utf-8"))


def test_a_markdown_heading_mark_is_not_in_the_organ() -> None:
    """``# `` from a converter is not part of the title or the organ."""
    source = "# 沭阳县人民政府2023年政府信息公开工作年度报告\n\n" + MAKE._body()
    report = text.parse(source).report
    assert ("沭阳县人民政府", 2023) == (report.organ, report.year)
    assert "沭阳县人民政府2023年政府信息公开工作年度报告" == report.title


def test_a_one_line_page_title_keeps_no_stray_bar() -> None:
    """Corpus 043 prints its title as ``… 年度报告 | |||||``: the bars are not the title's."""
    report = text.parse(
        (CORPUS / "043-nanjing-xuanwu-justice-oneline-2023.txt").read_bytes()
    ).report
    assert "南京市玄武区司法局2023年政府信息公开工作年度报告" == report.title
    assert "南京市玄武区司法局" == report.organ


@pytest.mark.parametrize(
    "path",
    sorted(p for p in FAMILIES.rglob("*") if p.suffix in {".txt", ".md"}),
    ids=lambda p: p.name,
)
def test_the_fast_path_agrees_or_hands_over(path: Path) -> None:
    """Every text family reads the same on the fast path, or is handed over."""
    _fast_agrees(path.read_text(encoding="utf-8"))


# -- properties ----------------------------------------------------------------------------------

_VALUES = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")), max_size=30
)


@given(reports(), st.lists(st.tuples(st.sampled_from(OUTLINE.metadata_keys), _VALUES), max_size=5))
def test_a_metadata_block_above_any_report_is_preamble(
    report: Report, block: list[tuple[str, str]]
) -> None:
    """Scraper lines above the title change nothing but the preamble, which keeps them verbatim."""
    lines = [f"{name}: {value}".strip() for name, value in block]
    source = "\n".join([*lines, "====== 正文 ======", "", text.dumps(report)])
    got = text.parse(source).report
    assert (report.title, report.organ, report.year) == (got.title, got.organ, got.year)
    assert _cells(report) == _cells(got)
    assert report.sections == got.sections
    assert "\n".join([*lines, "====== 正文 ======", report.preamble]).strip() == got.preamble


@given(reports(), st.sampled_from(["grid", "lines"]))
def test_a_traditional_mirror_of_any_report_reads_as_printed(
    report: Report, style: text.Style
) -> None:
    """A generated report's Traditional mirror: its strings as printed, its cells the same."""
    got = text.parse(MAKE.traditional(text.dumps(report, style=style))).report
    mirror = MAKE.traditional
    # A marker (无, 不适用) is a value: kept as printed, in its Traditional form too.
    assert {
        path: mirror(value) if isinstance(value, str) else value
        for path, value in _cells(report).items()
    } == _cells(got)
    assert (mirror(report.title or ""), mirror(report.organ or ""), report.year) == (
        got.title or "",
        got.organ or "",
        got.year,
    )
    assert [(s.key, mirror(s.heading), mirror(s.text)) for s in report.sections] == [
        (s.key, s.heading, s.text) for s in got.sections
    ]
