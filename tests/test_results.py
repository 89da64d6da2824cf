"""Tests for govdisclosure.results: what a lenient parse returns."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdisclosure import ParseError, ParseResult, Position, Problem, Report, text
from govdisclosure.results import Positions

EXAMPLE = text.dumps(Report.empty("2021", title="湘潭县审计局2021年政府信息公开工作年度报告"))

_RECORDS = st.dictionaries(
    st.text(min_size=1, max_size=20),
    st.tuples(st.integers(1, 10**6), st.integers(1, 10**4)),
    max_size=20,
)


@given(_RECORDS)
def test_positions_are_the_mapping_of_their_records(records: dict[str, tuple[int, int]]) -> None:
    """Positions made lazily equal the mapping of Position built from each record's last two."""
    expected = {path: Position(line, column) for path, (line, column) in records.items()}
    positions = Positions({path: ("kind", "text", *pair) for path, pair in records.items()})
    assert expected == dict(positions)
    assert expected == positions
    assert len(expected) == len(positions)
    assert all(path in positions for path in expected)
    assert ("no such path" in expected) == ("no such path" in positions)


def test_positions_read_like_the_mapping_they_stand_for() -> None:
    """A position prints as line:column; the mapping's repr shows the positions."""
    positions = Positions({"a.b": (3, 7)})
    assert "3:7" == str(positions["a.b"])
    assert "Positions({'a.b': Position(line=3, column=7)})" == repr(positions)
    with pytest.raises(KeyError):
        positions["a.c"]


def test_fast_path_results_are_plain_parse_results() -> None:
    """A report read on the fast path gives a Position for every cell it read."""
    result = text.parse(EXAMPLE)
    assert isinstance(result, ParseResult)
    assert result.ok
    assert len(list(result.report.cells())) == len(result.positions)
    assert all(isinstance(p, Position) for p in result.positions.values())


def test_parse_error_takes_a_message_or_a_problem_but_never_nothing() -> None:
    """ParseError holds a string as one problem, a Problem as is, and refuses no problem."""
    assert ("bad",) == tuple(p.message for p in ParseError("bad").problems)
    problem = Problem("expected a number", line=2, column=5)
    error = ParseError(problem)
    assert (problem,) == error.problems
    assert 5 == error.column
    with pytest.raises(ValueError, match="at least one problem"):
        ParseError([])
