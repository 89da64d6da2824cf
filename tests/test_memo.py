"""Tests for govdisclosure._memo: the reader's memos are bounded in bytes, not in entries."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st

from govdisclosure import _memo


def _counted(budget: int, longest: int) -> tuple[list[str], Callable[[str], str]]:
    calls: list[str] = []

    @_memo.memo(budget=budget, longest=longest)
    def upper(text: str) -> str:
        """Upper-case `text`, recording the call."""
        calls.append(text)
        return text.upper()

    return calls, upper


def test_a_short_text_is_computed_once() -> None:
    """A text within `longest` is computed on the first call only, and the value is the same."""
    calls, upper = _counted(1 << 20, 10)
    assert ["AB", "AB"] == [upper("ab"), upper("ab")]
    assert ["ab"] == calls


def test_a_long_text_is_never_kept() -> None:
    """A text longer than `longest` is computed on every call and never kept."""
    calls, upper = _counted(1 << 20, 3)
    upper("abcd")
    upper("abcd")
    assert ["abcd", "abcd"] == calls
    assert 0 == _memo.retained()["_counted.<locals>.upper"][0]


@given(st.lists(st.text(max_size=50), max_size=200))
def test_the_memo_never_holds_more_than_its_budget(texts: list[str]) -> None:
    """Whatever texts are looked up, the bytes kept stay within the budget; values stay right."""
    budget = 2000
    _, upper = _counted(budget, 40)
    values = [upper(t) for t in texts]
    assert [t.upper() for t in texts] == values
    entries, used = _memo.retained()["_counted.<locals>.upper"]
    assert used <= budget
    assert entries <= len(set(texts))


def test_clear_forgets_everything() -> None:
    """After `clear` every memo is empty and holds no bytes."""
    _, upper = _counted(1 << 20, 10)
    upper("x")
    _memo.clear()
    assert (0, 0) == _memo.retained()["_counted.<locals>.upper"]
