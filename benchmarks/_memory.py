"""Memory: what one parsed report keeps alive, measured with tracemalloc.

Parsing allocates far more than it keeps (tokens, lines, candidate matches, positions). The
retained size is the memory that freeing the report gives back: a snapshot with the report kept,
another after dropping it, and the difference between the two. Transient allocations were freed
before the first of them, so they do not count; what the parser adds to its own caches stays in
both snapshots, so it does not count either, and is reported on its own.

What dominates is read off the report's object graph: every object reachable from the report
that was allocated during the parse (tracemalloc knows where it was allocated; objects that
existed before, such as small ints, None or interned labels, are shared and not the report's),
sized with `sys.getsizeof` and grouped by type. Dicts, lists and tuples come from CPython's free
lists without a new allocation, so tracemalloc may not know them: a non-empty one reachable from
the report counts as made by the parse.
"""

from __future__ import annotations

import gc
import sys
import tracemalloc
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Retained:
    """What keeping one parsed report costs."""

    retained: int
    """Bytes given back when the report is dropped."""
    cache_growth: int
    """Bytes the parser's caches kept after parsing this text for the first time."""
    peak: int
    """Peak bytes allocated while parsing (transient included), above the starting point."""
    objects: int
    """Objects owned by the report (allocated by the parse, reachable from the report)."""
    by_type: tuple[tuple[str, int, int], ...]
    """(type name, objects, bytes) of the owned objects, largest first."""


def _traced() -> int:
    gc.collect()
    return tracemalloc.get_traced_memory()[0]


_REUSED = (dict, list, tuple)
"""Types CPython takes from free lists without a new allocation, so tracemalloc may not know
them; one reachable from the report and not empty (``()`` is shared) was made by the parse."""


def _owned(root: object) -> list[object]:
    """Objects reachable from `root` that the parse made (see the module docstring)."""
    seen: set[int] = set()
    owned: list[object] = []
    todo: list[Any] = [root]
    while todo:
        obj = todo.pop()
        if id(obj) in seen or isinstance(obj, type):
            continue
        seen.add(id(obj))
        made = tracemalloc.get_object_traceback(obj) is not None
        if not made and not (isinstance(obj, _REUSED) and len(obj)):
            continue  # existed before the parse: shared, not this report's
        owned.append(obj)
        todo.extend(gc.get_referents(obj))
        if isinstance(obj, dict):
            todo.extend(obj)  # gc does not visit the str keys of a dict
    return owned


def retained(parse: Callable[[], object]) -> Retained:
    """Measure the report `parse` returns: parse once cold, then once more to keep and measure."""
    gc.collect()
    tracemalloc.start()
    try:
        start = _traced()
        parse()
        cache_growth = _traced() - start
    finally:
        tracemalloc.stop()
    # Trace afresh: only what the second parse allocates has a traceback, so the objects the
    # first parse left in caches are not counted as the report's.
    tracemalloc.start()
    try:
        before = _traced()
        tracemalloc.reset_peak()
        report = parse()
        peak = tracemalloc.get_traced_memory()[1] - before
        kept = _traced()
        del report
        after = _traced()
    finally:
        tracemalloc.stop()
    # The breakdown allocates as it counts, so it looks at a third report, traced on its own.
    tracemalloc.start()
    try:
        report = parse()
        counts: Counter[str] = Counter()
        sizes: Counter[str] = Counter()
        for owned in _owned(report):
            name = type(owned).__name__
            counts[name] += 1
            sizes[name] += sys.getsizeof(owned)
    finally:
        tracemalloc.stop()
    return Retained(
        retained=kept - after,
        cache_growth=cache_growth + (after - before),
        peak=peak,
        objects=sum(counts.values()),
        by_type=tuple((name, counts[name], size) for name, size in sizes.most_common()),
    )
