"""The inputs every benchmark shares: the Xiangtan report and distinct generated reports."""

from __future__ import annotations

import contextlib
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, seed, settings

from govdisclosure import Report, Template, text
from govdisclosure import json as report_json
from govdisclosure.strategies import reports

ROOT = Path(__file__).resolve().parent.parent
XIANGTAN_TEXT = ROOT / "examples" / "xiangtan-audit-2020.txt"
XIANGTAN_JSON = ROOT / "examples" / "xiangtan-audit-2020.json"
SEED = 20240607
"""Fixed, so every run measures the same generated reports."""


class _EnoughError(Exception):
    """Stops drawing once enough distinct reports are found."""


@cache
def xiangtan_text() -> str:
    """Return the seed report as published text (409 lines, one cell per line)."""
    return XIANGTAN_TEXT.read_text(encoding="utf-8")


@cache
def xiangtan() -> Report:
    """Return the seed report as read from its JSON form."""
    return report_json.loads(XIANGTAN_JSON.read_bytes())


@cache
def generated(count: int) -> tuple[Report, ...]:
    """Draw `count` distinct complete reports from the public strategies, half of each template.

    Only distinct text forms are kept, so no report repeats and a parser's caches of repeated
    lines get no easy wins.
    """
    old = _draw(count // 2, Template.V2019)
    new = _draw(count - count // 2, Template.V2021)
    mixed = [report for pair in zip(old, new, strict=False) for report in pair]
    return (*mixed, *new[len(old) :])


def _draw(count: int, template: Template) -> list[Report]:
    found: dict[str, Report] = {}

    @seed(SEED)
    @settings(
        max_examples=count * 10,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(reports(template))
    def collect(report: Report) -> None:
        found.setdefault(text.dumps(report), report)
        if len(found) == count:
            raise _EnoughError

    with contextlib.suppress(_EnoughError):
        collect()
    if len(found) < count:
        msg = f"drew only {len(found)} distinct {template} reports, wanted {count}"
        raise RuntimeError(msg)
    return list(found.values())
