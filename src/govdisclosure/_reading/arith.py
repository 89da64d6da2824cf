"""Arithmetic-decided splitting: a row's cells glued into one digit string, split only if forced.

Flattened pages (`govdisclosure._reading.flat`) run a row's cells together: ``713000074`` for
``71 3 0 0 0 0 74``. Every split into the row's columns is enumerated (no leading zeros except
``0`` itself, at most `MAX_DIGITS` digits a cell) and only those the template's equations allow
are kept: within the row (a 总计 column is the sum of the columns before it) and, for section 三,
across rows once the neighbours are known (一 + 二 = 三（七） + 四, and 三's rows sum to （七）).
A split is taken only when exactly one survives; every search is bounded (`_NODES`, `_KEEP`,
`_COMBOS`), so a long page costs at most a constant per row.

A blank cell leaves no trace in glued digits, so a split assumes every cell of the row printed a
number; the problem recorded for the split says so. A split no equation checks (section 二's rows)
is taken only when no two of its parts could be one number (``0 | 0 | 0``): that reading is the
only one even if cells were blank.

Where the page printed its blank cells as ``&nbsp;`` (`BLANK_MARK`), each mark is one blank cell
(``82135``, two marks, ``21859``: two cells, two blanks, then two cells and the total). A blank is
never counted as 0: an equation with a blank in it checks nothing, so such a row is split only as
far as the count of its cells forces (``18``, five marks, ``18``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cache
from itertools import pairwise, product
from typing import NamedTuple

from govdisclosure._memo import memo
from govdisclosure.layout import Row, Template, layout
from govdisclosure.model.values import MAX_DIGITS

__all__ = [
    "BLANK_MARK",
    "Decision",
    "Glued",
    "application_equations",
    "decide",
    "glued_cells",
    "row_sums",
    "splits",
]

BLANK_MARK = "\xa0"
"""A blank cell as a page prints it (``<td>&nbsp;</td>``), left standing once its tags are gone."""

_NODES = 3000
"""Work a row's enumeration may do (parts tried); past it the row is left unsplit."""
_KEEP = 64
"""Splits kept per row; more than this and the row is left unsplit (far from decided)."""
_COMBOS = 4096
"""Combinations of candidate rows one equation across rows may try."""

Sum = tuple[tuple[int, ...], int]
"""An equation within a row: the indices of the parts that sum to the part at the last index."""


def glued_cells(text: str) -> bool:
    """Whether `text` is glued cells: ASCII digits and blank marks (a digit, or two marks)."""
    digits = text.replace(BLANK_MARK, "")
    return (digits.isdigit() and digits.isascii()) or (not digits and len(text) > 1)


class Glued(NamedTuple):
    """A run of digits standing where a row's (or several rows') cells belong.

    Its `digits` may hold blank marks (`BLANK_MARK`), each one blank cell.
    """

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
    if not glued_cells(digits) or not width <= len(digits) <= width * MAX_DIGITS:
        return []
    marked = BLANK_MARK in digits
    # Where the next blank mark stands from each place: no part runs across one.
    mark = len(digits)
    marks = [0] * len(digits)
    for at in range(len(digits) - 1, -1, -1):
        if digits[at] == BLANK_MARK:
            mark = at
        marks[at] = mark
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
        if digits[at] == BLANK_MARK:
            parts.append("")  # a blank cell
            ok = search(at + 1)
            parts.pop()
            return ok
        need = left
        for group in () if marked else pending[index]:
            need += max(len(parts[m]) for m in group) - 1
        if rest < need:
            return True  # a total to come has as many digits as its largest part so far
        members = totals.get(index)
        if members is not None and all(parts[m] for m in members):
            forced = str(sum(int(parts[m]) for m in members))
            if digits.startswith(forced, at):
                parts.append(forced)
                ok = search(at + len(forced))
                parts.pop()
                return ok
            return True
        longest = 1 if digits[at] == "0" else min(MAX_DIGITS, rest - (left - 1), marks[at] - at)
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


Cells = tuple[int | None, ...]
"""A row's cells as numbers, None for a blank one."""


def _cells(parts: Sequence[str]) -> Cells:
    return tuple(int(part) if part else None for part in parts)


def _combos(candidates: Sequence[Sequence[Cells]]) -> Iterator[tuple[Cells, ...]]:
    return product(*candidates)


def _holds(equation: Across, values: Mapping[tuple[str, ...], Cells]) -> bool:
    """Whether `equation` holds in every column it can be checked in (no member blank there)."""
    width = len(next(iter(values.values())))
    for column in range(width):
        plus = [values[p][column] for p in equation.plus]
        minus = [values[p][column] for p in equation.minus]
        if None in plus or None in minus:
            continue  # a blank is never counted as 0: the column checks nothing
        if sum(v for v in plus if v is not None) != sum(v for v in minus if v is not None):
            return False
    return True


def _narrow(equation: Across, candidates: dict[tuple[str, ...], list[Cells]]) -> bool | None:
    """Keep each row's candidates some combination satisfying `equation` uses.

    Returns whether anything changed, or None when the equation cannot be applied (a row of it
    unread, or too many combinations).
    """
    paths = tuple(dict.fromkeys((*equation.plus, *equation.minus)))
    if any(not candidates.get(p) for p in paths):
        return None
    if math.prod(len(candidates[p]) for p in paths) > _COMBOS:
        return None
    used: dict[tuple[str, ...], set[Cells]] = {p: set() for p in paths}
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
    words: list[list[str]] = [[] for _ in glued]
    candidates: dict[tuple[str, ...], list[Cells]] = {
        path: [value] for path, value in known.items()
    }
    owner: dict[tuple[str, ...], int] = {}
    for index, (g, options) in enumerate(zip(glued, found, strict=True)):
        if options is not None and len(g.rows) == 1 and g.rows[0].path not in candidates:
            candidates[g.rows[0].path] = [_cells(o) for o in options]
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
            options = [o for o in fitting if _cells(o) in left]
        out.append(_verdict(g, options, words[index]))
    return out


def _could_hide_a_blank(parts: Sequence[str]) -> bool:
    """Whether two neighbouring parts of `parts` could be one number, leaving a cell for a blank.

    Parts next to each other in the digits (no blank mark between) join into one number unless
    the first is ``0`` (no number has a leading zero): ``0 | 0 | 5`` hides none, ``2 | 4 | 0`` may.
    """
    return any(first and second and first != "0" for first, second in pairwise(parts))


def _verdict(glued: Glued, options: Sequence[tuple[str, ...]], across: list[str]) -> Decision:
    """The decision on `glued`: the splits left, the equations across rows that narrowed them.

    The row's own 总计 counts as checked only where the split prints it and all its members.
    """
    parts = options[0] if len(options) == 1 else None
    said = across
    if parts is not None and any(
        parts[total] and all(parts[m] for m in members) for members, total in glued.sums
    ):
        said = [f"{glued.rows[-1].columns[-1].label} = the sum of the columns before it", *said]
    if parts is not None and not said and _could_hide_a_blank(parts):
        # No equation checked the split, and a blank cell leaves no trace once glued (24 | 0 |
        # blank prints 240, as 2 | 4 | 0 does): only a split no two parts of which could be one
        # number is certain.
        parts = None
    return Decision(parts, len(options), tuple(dict.fromkeys(said)))
