"""What a lenient parse returns: the report, the problems, and where each cell stood.

Every reader (`govdisclosure.text`, `govdisclosure.html`, `govdisclosure.csv`, …) returns a
`ParseResult` from its ``parse``; `Position` is a 1-based line and column in the source.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import attrs

from govdisclosure.errors import Problem
from govdisclosure.model import Report

__all__ = ["ParseResult", "Position"]


class Position(NamedTuple):
    """A 1-based line and column in the source."""

    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.line}:{self.column}"


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
