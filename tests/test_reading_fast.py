"""The fast path gives exactly the lenient reader's result, or hands over to it."""

from __future__ import annotations

import pickle
import re
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdisclosure import ParseResult, Report, text
from govdisclosure._reading import SourceLine, fast, read
from govdisclosure._reading.fast import read_text_lines
from govdisclosure.strategies import partial_reports, reports

FIXTURES = Path(__file__).resolve().parent / "fixtures"
XIANGTAN = (FIXTURES / "corpus" / "xiangtan-audit-2020.txt").read_text(encoding="utf-8")
CORPUS = [p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "corpus").glob("*.txt"))]
_BREAK = re.compile(r"\r\n|\r|\n")
JUNK = [
    "|",
    "\t",
    "0",
    "-",
    "/",
    "无",
    "一、",
    "（六）其他处理",
    "第二十条第（一）项",
    "１２",  # noqa: RUF001 - full-width and dash forms the reader folds on purpose
    "3件",
]


def _lines(source: str) -> list[str]:
    return _BREAK.split(source)


def _lenient(source: str) -> ParseResult:
    return read([SourceLine(line, number) for number, line in enumerate(_lines(source), 1)])


def _agrees(source: str) -> bool:
    """Assert the fast path's result, when it gives one, is the lenient reader's; say if it did."""
    fast = read_text_lines(_lines(source))
    if fast is None:
        return False
    lenient = _lenient(source)
    assert lenient.report == fast.report
    assert lenient.problems == fast.problems
    assert dict(lenient.positions) == dict(fast.positions)
    return True


@st.composite
def damaged(draw: st.DrawFn, source: str) -> str:
    """`source` with a few lines deleted, duplicated, swapped, replaced by junk or changed."""
    lines = _lines(source)
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        operation = draw(st.sampled_from(["delete", "duplicate", "swap", "junk", "char"]))
        if operation == "delete" and len(lines) > 1:
            del lines[index]
        elif operation == "duplicate":
            lines.insert(index, lines[index])
        elif operation == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif operation == "junk":
            lines[index] = draw(st.sampled_from(JUNK))
        elif lines[index]:
            at = draw(st.integers(0, len(lines[index]) - 1))
            new = draw(st.sampled_from(["0", "1", " ", "|", "、", "x", "（", "无"]))
            lines[index] = lines[index][:at] + new + lines[index][at + 1 :]
    return "\n".join(lines)


def test_xiangtan_takes_the_fast_path() -> None:
    """The Xiangtan report, complete and clean, is read on the fast path, as the lenient reader."""
    assert _agrees(XIANGTAN)


@given(reports(), st.sampled_from(["grid", "lines"]))
def test_complete_reports_take_the_fast_path(report: Report, style: str) -> None:
    """Every complete report the text writer prints is read on the fast path, identically."""
    assert _agrees(text.dumps(report, style=style))  # type: ignore[arg-type]


@given(partial_reports(), st.sampled_from(["grid", "lines"]))
def test_partial_reports_agree(report: Report, style: str) -> None:
    """A partial report is read identically, or handed to the lenient reader."""
    _agrees(text.dumps(report, style=style))  # type: ignore[arg-type]


@given(st.data())
def test_damaged_texts_agree(data: st.DataObject) -> None:
    """Damaged copies of Xiangtan and of writer outputs are read identically or handed over."""
    source = data.draw(
        st.one_of(
            st.just(XIANGTAN),
            st.sampled_from(CORPUS),
            reports().map(lambda r: text.dumps(r, style="grid")),
            reports().map(lambda r: text.dumps(r, style="lines")),
        )
    )
    _agrees(data.draw(damaged(source)))


def test_a_problem_hands_over_to_the_lenient_reader() -> None:
    """A unit glued to a number is a problem, so the fast path hands the input over."""
    source = XIANGTAN.replace("\t0\n", "\t0件\n", 1)
    assert read_text_lines(_lines(source)) is None
    assert ["unit-stripped"] == [p.kind for p in text.parse(source).problems]


def _with_line(source: str, after: str, line: str) -> str:
    return source.replace(after, f"{after}\n{line}", 1)


def test_shapes_only_the_lenient_reader_reads_are_handed_over() -> None:
    """Page numbers, bar lines, a body on one line, repeated headings go to the lenient reader."""
    shapes = {
        "page number": _with_line(XIANGTAN, "一、总体情况", "- 4 -"),
        "bar line": _with_line(XIANGTAN, "一、总体情况", "|"),
        "inline headings": _with_line(
            XIANGTAN, "一、总体情况", "x " * 120 + "二、主动公开政府信息情况 " + "y" * 10
        ),
        "repeated heading": _with_line(XIANGTAN, "一、总体情况", "一、总体情况"),
        "no title": XIANGTAN.split("\n", 2)[2],
    }
    for name, source in shapes.items():
        assert read_text_lines(_lines(source)) is None, name
        assert _lenient(source) == text.parse(source), name


# ------------------------------------------------------------------------------------------------
# Placement plans: a table shape read once is followed, with the readers' result


_CELL = re.compile(r"(?<=\|)(\s*)(\d+)(\s*)(?=\|)")
_VALUE_LINE = re.compile(r"^(\s*)(\d+)(\s*)$")


def _revalued(source: str, numbers: st.SearchStrategy[int], draw: Callable[..., int]) -> str:
    """`source` with every whole-number cell changed: same shape, other values."""
    out = []
    for line in _lines(source):
        if "|" in line:
            line = _CELL.sub(lambda m: f"{m[1]}{draw(numbers)}{m[3]}", line)  # noqa: PLW2901
        else:
            line = _VALUE_LINE.sub(lambda m: f"{m[1]}{draw(numbers)}{m[3]}", line)  # noqa: PLW2901
        out.append(line)
    return "\n".join(out)


def _followed(source: str) -> bool:
    """Whether the fast path reads `source` by following a plan (and agrees with the lenient)."""
    with mock.patch.object(fast, "_follow", wraps=fast._follow) as follow:
        took = _agrees(source)
    return took and follow.called


@given(reports(), st.sampled_from(["grid", "lines"]), st.data())
def test_a_shape_read_before_is_followed_with_the_readers_result(
    report: Report, style: str, data: st.DataObject
) -> None:
    """Values changed in a text of a shape already read: the plan places them as the readers do."""
    source = text.dumps(report, style=style)  # type: ignore[arg-type]
    assert _agrees(source)  # read by the readers (or a plan) and remembered
    assert _followed(source)
    changed = _revalued(source, st.integers(0, 10**6), data.draw)
    assert _followed(changed)


@given(partial_reports(), st.sampled_from(["grid", "lines"]), st.data())
def test_partial_shapes_followed_or_read_agree(
    report: Report, style: str, data: st.DataObject
) -> None:
    """Partial reports read twice, values changed, agree with the lenient reader every time."""
    source = text.dumps(report, style=style)  # type: ignore[arg-type]
    _agrees(source)
    _agrees(source)
    _agrees(_revalued(source, st.integers(0, 10**6), data.draw))


def test_a_followed_plan_still_hands_a_problem_over() -> None:
    """A unit glued to a value of a known shape is a problem: following the plan hands it over."""
    assert _agrees(XIANGTAN)
    lines = _lines(XIANGTAN)
    at = lines.index("\t申请人情况")
    at += next(n for n, line in enumerate(lines[at:]) if line.strip().isdigit())
    lines[at] = lines[at].replace(lines[at].strip(), "3件")
    source = "\n".join(lines)
    with mock.patch.object(fast, "_follow", wraps=fast._follow) as follow:
        assert read_text_lines(_lines(source)) is None
    assert follow.called
    assert ["unit-stripped"] == [p.kind for p in text.parse(source).problems]


def test_plans_are_bounded_and_stay_right_when_forgotten(monkeypatch: pytest.MonkeyPatch) -> None:
    """With room for a few shapes, lines and two plans, many reads keep the bounds and results."""
    monkeypatch.setattr(fast, "_SHAPE_CACHE", 40)
    monkeypatch.setattr(fast, "_PLAN_CACHE", 2)
    monkeypatch.setattr(fast, "_SHAPE_IDS", {})
    monkeypatch.setattr(fast, "_PIECE_IDS", {})
    monkeypatch.setattr(fast, "_OLDER_PIECE_IDS", {})
    monkeypatch.setattr(fast, "_PLANS", {})
    monkeypatch.setattr(fast, "_LINE_CACHE", 30)
    fast._LINES.clear()  # a memo (HTML's fast path shares the object): refilled as needed
    fast._OLDER_LINES.clear()
    sources = [XIANGTAN, *CORPUS[:4]] * 2
    for source in sources:
        _agrees(source)
        assert len(fast._SHAPE_IDS) <= 40
        assert len(fast._PIECE_IDS) <= 40
        assert len(fast._OLDER_PIECE_IDS) <= 40
        assert len(fast._PLANS) <= 2
        assert len(fast._LINES) <= 30
        assert len(fast._OLDER_LINES) <= 30
    assert fast._OLDER_LINES  # the young generation filled and became the older one


def test_a_followed_result_pickles_as_it_reads() -> None:
    """A result read by following a plan (text and HTML) pickles, for worker processes."""
    from govdisclosure import html  # noqa: PLC0415 - only this test reads HTML

    page = html.dumps(text.parse(XIANGTAN).report)
    for parse, source in ((text.parse, XIANGTAN), (html.parse, page)):
        parse(source)
        with mock.patch.object(fast, "_follow", wraps=fast._follow) as follow:
            result = parse(source)
        assert follow.called
        copy = pickle.loads(pickle.dumps(result))  # noqa: S301 - our own bytes
        assert copy == result
        assert dict(copy.positions) == dict(result.positions)


def test_lines_followed_cell_by_cell_agree() -> None:
    """Lines where a table opens after other cells, or a 二 row label comes first, agree."""
    lines = _lines(XIANGTAN)
    caption = lines.index("\t第二十条第（一）项")
    sources = {
        "opened mid-line": [
            *lines[:caption],
            "| 情况如下 | 第二十条第（一）项 |",
            *lines[caption + 1 :],
        ],
        "row label first": [*lines[:caption], *lines[caption + 2 :]],
        "row label, then text": [*lines[:caption], "\t规章", "\t说明", *lines[caption + 2 :]],
    }
    for name, source in sources.items():
        _agrees("\n".join(source))
        assert _lenient("\n".join(source)) == text.parse("\n".join(source)), name
