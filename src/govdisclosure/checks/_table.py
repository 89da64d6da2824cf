"""Findings as rows: one flat dict per finding, with the report it belongs to, for DataFrames."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import cast

from govdisclosure.checks._findings import ROW_FIELDS
from govdisclosure.checks._report import check
from govdisclosure.model import Report

__all__ = ["FINDING_COLUMNS", "findings_table"]

_REPORT_COLUMNS = ("report", "organ", "year", "template")


FINDING_COLUMNS: tuple[str, ...] = (*_REPORT_COLUMNS, *ROW_FIELDS)
"""The columns of `findings_table`'s rows: the report's identifier, organ, year and template,
then those of `Finding.to_dict`."""


def findings_table(
    reports: Mapping[str, Report] | Iterable[Report] | Iterable[tuple[str, Report]],
    *,
    narrative: bool = False,
    failed_only: bool = False,
) -> Iterator[dict[str, object]]:
    """Check every report and yield one row (a flat dict, `FINDING_COLUMNS`) per finding.

    `reports` is a mapping from identifier to report (a corpus), pairs of the same, or reports
    alone, numbered from ``1``. Rows come as each report is checked, so any number of reports
    streams; ``list()`` them, or hand them to a DataFrame. `failed_only` leaves out the rules
    that could not be assessed.
    """
    for report_id, report in _pairs(reports):
        head: dict[str, object] = {
            "report": report_id,
            "organ": report.organ,
            "year": report.year,
            "template": report.template.value if report.template else None,
        }
        for finding in check(report, narrative=narrative):
            if failed_only and finding.status.value != "fail":
                continue
            yield {**head, **finding.to_dict()}


def _pairs(
    reports: Mapping[str, Report] | Iterable[Report] | Iterable[tuple[str, Report]],
) -> Iterator[tuple[str, Report]]:
    if isinstance(reports, Mapping):
        yield from reports.items()
        return
    for number, item in enumerate(reports, start=1):
        if isinstance(item, Report):
            yield str(number), item
        else:
            yield cast("tuple[str, Report]", item)
