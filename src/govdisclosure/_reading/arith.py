"""Arithmetic-decided splitting: a row's cells glued into one digit string, split only if forced.

Flattened pages (`govdisclosure._reading.flat`) run a row's cells together: ``713000074`` for
``71 3 0 0 0 0 74``. Every split into the row's columns is enumerated (no leading zeros except
``0`` itself, at most `MAX_DIGITS` digits a cell) and only those the template's equations allow
are kept: within the row (a 总计 column is the sum of the columns before it) and, for section 三,
across rows once the neighbours are known (一 + 二 = 三（七） + 四, and 三's rows sum to （七）).
A split is taken only when exactly one survives; every search is bounded (`_NODES`, `_KEEP`,
`_COMBOS`), so a long page costs at most a constant per row.

A blank cell leaves no trace in glued digits, so a split assumes every cell of the row printed a
number; the problem recorded for the split says so. A row no equation checks (section 二) is split
only when it is all zeros, one a cell: that reading is the only one even if cells were blank.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cache
from itertools import product
from typing import NamedTuple

from govdisclosure._memo import memo
from govdisclosure.layout import Row, Template, layout
from govdisclosure.model.values import MAX_DIGITS

__all__ = ["Decision", "Glued", "application_equations", "decide", "row_sums", "splits"]

_NODES = 3000
"""Work a row's enumeration may do (parts tried); past it the row is left unsplit."""
_KEEP = 64
"""Splits kept per row; more than this and the row is left unsplit (far from decided)."""
_COMBOS = 4096
"""Combinations of candidate rows one equation across rows may try."""

Sum = tuple[tuple[int, ...], int]
"""An equation within a row: the indices of the parts that sum to the part at the last index."""


class Glued(NamedTuple):
    """A run of digits standing where a row's (or several rows') cells belong."""

    rows: tuple[Row, ...]
    """The rows whose cells the digits hold, in printed order (section 四 may glue all three)."""
    digits: str
    sums: tuple[Sum, ...]
    """The equations within the glued parts."""


class Decision(NamedTuple):
    """What the arithmetic says about one glued run."""

    parts: tuple[str, ...] | None
    """The one split that fits, or None."""
    fits: int | None
    """How many splits fit (None: more than the search may look at)."""
    equations: tuple[str, ...]
    """The equations that decided (or narrowed) it, in words."""


def row_sums(rows: Sequence[Row]) -> tuple[Sum, ...]:
    """Each row's 总计: the row's last column, when its key is ``total``, sums the ones before."""
    sums: list[Sum] = []
    start = 0
    for row in rows:
        width = len(row.columns)
        if width > 1 and row.columns[-1].key == "total":
            sums.append((tuple(range(start, start + width - 1)), start + width - 1))
        start += width
    return tuple(sums)


def splits(digits: str, width: int, sums: tuple[Sum, ...]) -> list[tuple[str, ...]] | None:
    """Every split of `digits` into `width` parts the `sums` allow; None past the search bound.

    Remembered, within a budget of bytes, per row shape (pages repeat rows: zeros, the same counts).
    """
    found = _searcher(width, sums)(digits)
    return None if found is None else list(found)


_Found = tuple[tuple[str, ...], ...] | None


def _found_weight(digits: str, found: _Found) -> int:
    """Bytes an entry holds: the key, and about 60 a part of every split."""
    return 100 + len(digits) + 60 * sum(len(split) for split in found or ())


@cache
def _searcher(width: int, sums: tuple[Sum, ...]) -> Callable[[str], _Found]:
    @memo(budget=1 << 20, longest=200, weight=_found_weight)
    def search(digits: str) -> _Found:
        found = _splits(digits, width, sums)
        return None if found is None else tuple(found)

    return search


def _splits(  # noqa: C901 - the search and its bounds, kept together
    digits: str, width: int, sums: tuple[Sum, ...]
) -> list[tuple[str, ...]] | None:
    if (
        not digits.isdigit()
        or not digits.isascii()
        or not width <= len(digits) <= width * MAX_DIGITS
    ):
        return []
    totals = {total: members for members, total in sums}
    pending = [
        [tuple(m for m in group if m < index) for group, total in sums if total >= index > group[0]]
        for index in range(width + 1)
    ]
    found: list[tuple[str, ...]] = []
    parts: list[str] = []
    work = 0

    def search(at: int) -> bool:  # noqa: C901, PLR0911 - each bound ends its branch
        """Extend `parts` from `at`; False once the bounds are passed."""
        nonlocal work
        work += 1
        if work > _NODES or len(found) > _KEEP:
            return False
        index = len(parts)
        left = width - index
        rest = len(digits) - at
        if left == 0:
            if rest == 0:
                found.append(tuple(parts))
            return True
        if not left <= rest <= left * MAX_DIGITS:
            return True
        need = left
        for group in pending[index]:
            need += max(len(parts[m]) for m in group) - 1
        if rest < need:
            return True  # a total to come has as many digits as its largest part so far
        members = totals.get(index)
        if members is not None:
            forced = str(sum(int(parts[m]) for m in members))
            if digits.startswith(forced, at):
                parts.append(forced)
                ok = search(at + len(forced))
                parts.pop()
                return ok
            return True
        longest = 1 if digits[at] == "0" else min(MAX_DIGITS, rest - (left - 1))
        for size in range(1, longest + 1):
            parts.append(digits[at : at + size])
            ok = search(at + size)
            parts.pop()
            if not ok:
                return False
        return True

    if not search(0) or len(found) > _KEEP:
        return None
    return found


# ------------------------------------------------------------------------------------------------
# Section 三's equations across rows, from the layout's row paths


class Across(NamedTuple):
    """A column-wise equation between rows: the sum of `plus` equals the sum of `minus`."""

    plus: tuple[tuple[str, ...], ...]
    minus: tuple[tuple[str, ...], ...]
    words: str


def application_equations(template: Template) -> tuple[Across, ...]:
    """Section 三's column equations: 一 + 二 = 三（七）+ 四, and 三's rows sum to （七）."""
    rows = layout(template).table("applications").rows
    by_path = {row.path: row for row in rows}
    total = ("results", "total")
    results = tuple(r.path for r in rows if r.path[0] == "results" and r.path != total)
    first, second, forward = ("new_received",), ("carried_over",), ("carried_forward",)
    label = {path: by_path[path].label for path in (first, second, forward, total)}
    return (
        Across(
            (first, second),
            (total, forward),
            f"{label[first]} + {label[second]} = {label[total]} + {label[forward]}",
        ),
        Across(results, (total,), f"the rows of 三 sum to {label[total]}"),
    )


def _combos(
    candidates: Sequence[Sequence[tuple[int, ...]]],
) -> Iterator[tuple[tuple[int, ...], ...]]:
    return product(*candidates)


def _holds(equation: Across, values: Mapping[tuple[str, ...], tuple[int, ...]]) -> bool:
    width = len(next(iter(values.values())))
    for column in range(width):
        left = sum(values[p][column] for p in equation.plus)
        right = sum(values[p][column] for p in equation.minus)
        if left != right:
            return False
    return True


def _narrow(
    equation: Across, candidates: dict[tuple[str, ...], list[tuple[int, ...]]]
) -> bool | None:
    """Keep each row's candidates some combination satisfying `equation` uses.

    Returns whether anything changed, or None when the equation cannot be applied (a row of it
    unread, or too many combinations).
    """
    paths = tuple(dict.fromkeys((*equation.plus, *equation.minus)))
    if any(not candidates.get(p) for p in paths):
        return None
    if math.prod(len(candidates[p]) for p in paths) > _COMBOS:
        return None
    used: dict[tuple[str, ...], set[tuple[int, ...]]] = {p: set() for p in paths}
    for combo in _combos([candidates[p] for p in paths]):
        values = dict(zip(paths, combo, strict=True))
        if _holds(equation, values):
            for path, value in values.items():
                used[path].add(value)
    changed = False
    for path in paths:
        kept = [c for c in candidates[path] if c in used[path]]
        if len(kept) != len(candidates[path]):
            candidates[path] = kept
            changed = True
    return changed


def decide(  # noqa: C901 - rows, then equations across them, then each row's verdict
    glued: Sequence[Glued],
    known: Mapping[tuple[str, ...], tuple[int, ...]],
    across: Sequence[Across] = (),
) -> list[Decision]:
    """Decide each glued run: its one split, or how many fit.

    `known` holds the rows read with their cells apart (numbers only); `across` the equations
    between rows. A row's split is narrowed by every equation whose rows are all read or glued.
    """
    found = [splits(g.digits, sum(len(r.columns) for r in g.rows), g.sums) for g in glued]
    words: list[list[str]] = [
        [f"{g.rows[-1].columns[-1].label} = the sum of the columns before it"]
        if g.sums and f is not None
        else []
        for g, f in zip(glued, found, strict=True)
    ]
    candidates: dict[tuple[str, ...], list[tuple[int, ...]]] = {
        path: [value] for path, value in known.items()
    }
    owner: dict[tuple[str, ...], int] = {}
    for index, (g, options) in enumerate(zip(glued, found, strict=True)):
        if options is not None and len(g.rows) == 1 and g.rows[0].path not in candidates:
            candidates[g.rows[0].path] = [tuple(map(int, o)) for o in options]
            owner[g.rows[0].path] = index
    for _ in range(4):
        changed = False
        for equation in across:
            before = {p: len(candidates.get(p, ())) for p in owner}
            result = _narrow(equation, candidates)
            if result:
                changed = True
                for path, count in before.items():
                    if len(candidates[path]) != count:
                        words[owner[path]].append(equation.words)
        if not changed:
            break
    out: list[Decision] = []
    for index, (g, fitting) in enumerate(zip(glued, found, strict=True)):
        if fitting is None:
            out.append(Decision(None, None, ()))
            continue
        options = fitting
        if len(g.rows) == 1 and g.rows[0].path in owner:
            left = candidates[g.rows[0].path]
            options = [o for o in fitting if tuple(map(int, o)) in left]
        parts = options[0] if len(options) == 1 else None
        if not g.sums and g.digits != "0" * len(g.digits):
            # No equation checks the row, and a blank cell leaves no trace once glued (24 | 0 |
            # blank prints 240, as 2 | 4 | 0 does): only zeros, one a cell, are certain.
            parts = None
        out.append(Decision(parts, len(options), tuple(dict.fromkeys(words[index]))))
    return out
