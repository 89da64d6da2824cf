"""What a lenient parse returns: the report, the problems, and where each cell stood.

Every reader (`govdisclosure.text`, `govdisclosure.html`, `govdisclosure.csv`, …) returns a
`ParseResult` from its ``parse``; `Position` is a 1-based line and column in the source.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

import attrs

from govdisclosure.errors import Problem
from govdisclosure.model import Report

__all__ = ["ParseResult", "Position", "Positions"]


class Position(NamedTuple):
    """A 1-based line and column in the source."""

    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.line}:{self.column}"


class Positions(Mapping[str, Position]):
    """Cell path -> `Position`, kept as the reader's own records until a position is asked for.

    Readers record a position for every cell they read; most callers never look at them, so the
    `Position` objects are made on first access, from records whose last two items are the line
    and the column. Compares equal to any mapping of the same items.
    """

    __slots__ = ("_built", "_pairs")

    def __init__(self, records: Mapping[str, tuple[Any, ...]]) -> None:
        self._pairs = records
        self._built: dict[str, Position] | None = None

    def _positions(self) -> dict[str, Position]:
        if self._built is None:
            self._built = {path: Position(r[-2], r[-1]) for path, r in self._pairs.items()}
        return self._built

    def __getitem__(self, path: str) -> Position:
        return self._positions()[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self._pairs)

    def __len__(self) -> int:
        return len(self._pairs)

    def __contains__(self, path: object) -> bool:
        return path in self._pairs

    def __repr__(self) -> str:
        return f"Positions({self._positions()!r})"


@attrs.frozen
class ParseResult:
    """What a lenient parse could read, what it could not, and where each cell came from.

    `report` holds everything that could be read; cells, rows, tables and sections that could
    not be read stay absent, never guessed. `problems` says what was missing or unreadable, each
    with its line and column. `positions` maps each cell path read to where its value stood.
    """

    report: Report
    problems: tuple[Problem, ...] = ()
    positions: Mapping[str, Position] = attrs.field(factory=dict)

    @property
    def ok(self) -> bool:
        """True when nothing was missing or unreadable."""
        return not self.problems
