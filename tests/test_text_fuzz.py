"""Fuzzing govdisclosure.text: mutated real reports only ever give problems or a ParseError."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdisclosure import ParseError, Report, text
from govdisclosure.errors import Problem

CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus"
SOURCES = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
JUNK = [
    "|",
    "||||",
    "\t",
    "0",
    "-",
    "/",
    "无",
    "一、",
    "（六）其他处理",
    "第二十条第（一）项",
    "   ",
    "１２",  # noqa: RUF001 - full-width digits on purpose
]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """Draw a corpus text with lines deleted, duplicated, swapped, truncated, junk and new chars."""
    lines = draw(st.sampled_from(SOURCES)).split("\n")
    for _ in range(draw(st.integers(1, 6))):
        if not lines:
            break
        index = draw(st.integers(0, len(lines) - 1))
        operation = draw(
            st.sampled_from(["delete", "duplicate", "swap", "truncate", "junk", "char"])
        )
        if operation == "delete":
            del lines[index]
        elif operation == "duplicate":
            lines.insert(index, lines[index])
        elif operation == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif operation == "truncate":
            lines = lines[: index + 1]
            lines[-1] = lines[-1][: draw(st.integers(0, len(lines[-1])))]
        elif operation == "junk":
            lines.insert(index, draw(st.one_of(st.sampled_from(JUNK), st.text(max_size=20))))
        else:
            line = lines[index]
            if line:
                at = draw(st.integers(0, len(line) - 1))
                lines[index] = line[:at] + draw(st.characters()) + line[at + 1 :]
    return "\n".join(lines)


@given(mutated())
def test_mutated_reports_give_problems_not_crashes(source: str) -> None:
    """`parse` returns a report and problems for any mutation; `loads` raises only ParseError."""
    result = text.parse(source)
    assert isinstance(result.report, Report)
    assert all(isinstance(problem, Problem) for problem in result.problems)
    if result.problems:
        with pytest.raises(ParseError) as caught:
            text.loads(source)
        assert result.problems == caught.value.problems
    else:
        assert result.report == text.loads(source)


@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    """Any bytes decode and parse without an exception."""
    assert isinstance(text.parse(data).report, Report)


@given(
    st.text(
        alphabet=st.sampled_from(list("|0一、（）\t\n 规章总计-/无年报告第二十条项")), max_size=300
    )
)
def test_table_like_noise_never_crashes(source: str) -> None:
    """Noise made of table characters parses without an exception."""
    assert isinstance(text.parse(source).report, Report)
