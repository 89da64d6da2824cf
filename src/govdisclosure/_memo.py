"""Memoise functions of one text, bounded in bytes rather than in entries.

The reader looks up the same short texts again and again (``0``, ``|``, row labels) within and
across reports, so it remembers them. An entry-bounded `functools.lru_cache` kept whole lines of
large inputs, and values as large as their keys: 181 MB after a run of large pages. Here a text
longer than `longest` characters is never kept (long lines do not repeat), and the oldest entries
go once the kept keys and values pass `budget` bytes. A hit costs one dict lookup, as fast as
`lru_cache`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

__all__ = ["clear", "memo", "retained"]

_V = TypeVar("_V")
_ENTRY = 100
"""Bytes a dict entry and its references cost, beside the key and the value themselves."""

_STORES: list[tuple[str, dict[str, Any], list[int]]] = []
"""Every memo's name, entries and the bytes they are counted to hold (for `clear`, `retained`)."""


class _Decorator(Protocol):
    def __call__(self, function: Callable[[str], _V], /) -> Callable[[str], _V]: ...


def _weight(text: str, value: object) -> int:
    return sys.getsizeof(text) + sys.getsizeof(value) + _ENTRY


def memo(
    *, budget: int, longest: int, weight: Callable[[str, Any], int] | None = None
) -> _Decorator:
    """Memoise a function of one text: texts up to `longest` characters, `budget` bytes in all.

    `weight` counts the bytes an entry holds (default: the key, the value's own size, and the
    dict entry); give one for values that hold other objects (tuples of tokens).
    """
    count = weight or _weight

    def decorate(function: Callable[[str], _V]) -> Callable[[str], _V]:
        store: dict[str, _V] = {}
        used = [0]
        _STORES.append((function.__qualname__, store, used))

        def cached(text: str) -> _V:
            try:
                return store[text]
            except KeyError:
                pass
            value = function(text)
            if len(text) <= longest:
                store[text] = value
                used[0] += count(text, value)
                while used[0] > budget:
                    try:
                        oldest = next(iter(store))
                        used[0] -= count(oldest, store.pop(oldest))
                    except (
                        StopIteration,
                        KeyError,
                        RuntimeError,
                    ):  # pragma: no cover - a thread race
                        break
            return value

        cached.__doc__ = function.__doc__
        cached.__name__ = function.__name__
        cached.__qualname__ = function.__qualname__
        cached.__wrapped__ = function  # type: ignore[attr-defined]
        return cached

    return decorate


def clear() -> None:
    """Forget every memoised text (for measurements that must start cold)."""
    for _, store, used in _STORES:
        store.clear()
        used[0] = 0


def retained() -> dict[str, tuple[int, int]]:
    """Each memo's entries and the bytes they are counted to hold, by function name."""
    return {name: (len(store), used[0]) for name, store, used in _STORES}
