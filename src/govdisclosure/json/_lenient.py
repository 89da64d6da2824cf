"""A lenient JSON read: the report a damaged document holds, and every problem, never raising.

The strict reader says what is wrong and where (a JSON path per problem). Each problem is
repaired at its path the way that keeps the most and invents nothing: an unknown key is
dropped, a missing key or a bad value becomes ``null`` (a blank cell, or a row or table not
shown), and a value that cannot be ``null`` there takes its container with it. The strict
reader then reads the repaired document again, until it reads. Every problem found on the way
is returned, so nothing is dropped silently.
"""

from __future__ import annotations

import json
import re
from typing import Any

from govdisclosure._reading import ParseResult
from govdisclosure.errors import ParseError, Problem
from govdisclosure.json import _read
from govdisclosure.json._plan import SCHEMA_VERSION
from govdisclosure.model import Report

__all__ = ["parse"]

_STEP = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[([0-9]+)\]|\[(\"(?:[^\"\\]|\\.)*\")\]")
_ROUNDS = 64
"""Repairs tried before giving up on a document (each round repairs every problem found)."""


def parse(source: str | bytes | bytearray) -> ParseResult:
    """Read a report from a JSON document leniently: what can be read, and every problem.

    A valid document gives the same report as `loads`, with no problems. Text that is not
    JSON, or JSON that holds no report object, gives an empty `Report` and the problem.

    Raises:
        TypeError: `source` is neither text nor bytes.
    """
    given: object = source  # checked at run time for callers without type checking
    if not isinstance(given, str | bytes | bytearray):
        msg = f"parse() needs str or bytes, not {type(given).__name__}"
        raise TypeError(msg)
    try:
        document = _read.decode(source)
    except ParseError as error:
        return ParseResult(Report(), error.problems)
    # A key given twice is a problem, as for `loads`; the decoded document keeps the last one.
    problems: list[Problem] = _read.repeated_keys(_read.text_of(source))
    tried: dict[str, int] = {}
    for _ in range(_ROUNDS):
        try:
            report = _read.read(document)
        except ParseError as error:
            if not isinstance(document, dict):
                return ParseResult(Report(), error.problems)
            problems += [problem for problem in error.problems if problem not in problems]
            # Later places first, so that dropping an array item leaves earlier paths right.
            for problem in reversed(error.problems):
                _repair(document, problem, tried)
        else:
            return ParseResult(report, tuple(problems))
    return ParseResult(Report(), tuple(problems))  # pragma: no cover - every round repairs


def _steps(path: str | None) -> list[str | int] | None:
    """Split a JSON path (``$.sections[2].key``) into keys and indexes; None if it is not one."""
    if not path or not path.startswith("$"):
        return None
    steps: list[str | int] = []
    at = 1
    while at < len(path):
        match = _STEP.match(path, at)
        if match is None:
            return None
        name, index, quoted = match.groups()
        steps.append(name if name is not None else int(index) if index else json.loads(quoted))
        at = match.end()
    return steps


_INSTEAD: tuple[Any, ...] = (None, [], "")
"""What a bad value is replaced with, in turn, until the reader takes one: null (a blank cell,
a row or table not shown), then an empty array (no sections), then empty text."""


def _repair(document: dict[str, Any], problem: Problem, tried: dict[str, int]) -> None:
    """Repair `document` in place at the problem's path (see the module docstring)."""
    steps = _steps(problem.path)
    if not steps:
        return
    if steps == ["schema_version"]:
        document["schema_version"] = SCHEMA_VERSION
        return
    parent = _at(document, steps[:-1])
    last = steps[-1]
    if isinstance(parent, dict) and isinstance(last, str):
        if problem.kind == "unknown-key":
            parent.pop(last, None)
            return
        attempt = tried.get(problem.path or "", 0)
        tried[problem.path or ""] = attempt + 1
        if attempt < len(_INSTEAD):
            parent[last] = _INSTEAD[attempt]
        elif len(steps) > 1:  # nothing fits here: drop the object holding it
            _repair(document, Problem("", path=_path(steps[:-1]), kind="drop"), tried)
    elif isinstance(parent, list) and isinstance(last, int) and last < len(parent):
        del parent[last]


def _at(document: Any, steps: list[str | int]) -> Any:
    node = document
    for step in steps:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _path(steps: list[str | int]) -> str:
    out = "$"
    for step in steps:
        out += f"[{step}]" if isinstance(step, int) else f"[{json.dumps(step)}]"
    return out
