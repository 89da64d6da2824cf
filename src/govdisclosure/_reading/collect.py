"""What reading collects on the way: problems and each cell's position."""

from __future__ import annotations

from govdisclosure._reading.lex import Token
from govdisclosure.errors import Problem
from govdisclosure.results import Position

__all__ = ["Out", "undecodable"]


def undecodable(codec: str, place: tuple[int, int]) -> Problem:
    """The problem of bytes that did not decode: where the first stood (they read as U+FFFD)."""
    line, column = place
    message = f"expected {codec} text, found bytes that do not decode; they read as U+FFFD"
    return Problem(message, line=line, column=column, kind="encoding")


class Out:
    """Collects what reading produces: positions, problems and stray text."""

    def __init__(self) -> None:
        self.positions: dict[str, Position] = {}
        self.problems: list[Problem] = []

    def problem(
        self,
        kind: str,
        message: str,
        token: Token | None,
        path: str | None = None,
        found: str | None = None,
    ) -> None:
        self.problems.append(
            Problem(
                message,
                path=path,
                line=token.line if token else None,
                column=token.column if token else None,
                found=found,
                kind=kind,
            )
        )
