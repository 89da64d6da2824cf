"""The package's exceptions: one base class, and one error for every kind of unreadable input."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

__all__ = ["CellValueError", "GovDisclosureError", "ParseError", "Problem"]


class GovDisclosureError(Exception):
    """Base class of every exception this package raises on purpose."""


@attrs.frozen
class Problem:
    """One thing an input got wrong: where it is, and what was expected instead.

    `path` is the place in the document model (``applications.results.total.natural_person``,
    or a JSON/CSV path); `line` and `column` are 1-based positions in the source text when the
    input was text. `found` is what the input held there, when there was something.
    """

    message: str
    path: str | None = None
    line: int | None = None
    column: int | None = None
    found: str | None = None
    kind: str = "error"
    """A short slug naming the kind of problem (``missing-section``, ``unit-stripped``…)."""

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(
                f"{self.line}:{self.column}" if self.column is not None else f"{self.line}"
            )
        if self.path:
            where.append(self.path)
        prefix = " ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message

    def to_dict(self) -> dict[str, str | int | None]:
        """Return the problem as a flat dict of plain values, one row of a table or JSON."""
        return {
            "kind": self.kind,
            "message": self.message,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "found": self.found,
        }


class ParseError(GovDisclosureError, ValueError):
    """Raised when input cannot be read into a report; carries every problem found.

    `problems` lists them all (not just the first); `path`, `line` and `column` are those of
    the first, for callers that handle one place at a time.
    """

    problems: tuple[Problem, ...]

    def __init__(self, problems: Sequence[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = (Problem(problems),)
        elif isinstance(problems, Problem):
            problems = (problems,)
        self.problems = tuple(problems)
        if not self.problems:
            msg = "ParseError needs at least one problem"
            raise ValueError(msg)
        super().__init__(self._summary())

    def _summary(self) -> str:
        first = str(self.problems[0])
        more = len(self.problems) - 1
        if more == 0:
            return first
        lines = "\n".join(f"  {problem}" for problem in self.problems)
        return f"{len(self.problems)} problems:\n{lines}"

    @property
    def path(self) -> str | None:
        """The path of the first problem."""
        return self.problems[0].path

    @property
    def line(self) -> int | None:
        """The 1-based line of the first problem, for text input."""
        return self.problems[0].line

    @property
    def column(self) -> int | None:
        """The 1-based column of the first problem, for text input."""
        return self.problems[0].column


class CellValueError(ParseError, TypeError):
    """Raised when cells are given values they cannot hold (`Report.with_cells`, `cell_from_text`).

    Each problem names the cell's path and says what was expected and why. It is a `ParseError`
    (and a `ValueError`), and a `TypeError` too, as a wrong type of value is.
    """
