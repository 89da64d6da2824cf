"""Invariant checks (勾稽关系): every rule a report can break, returned as data.

`check` runs the rules within one report (``min_severity`` keeps the more severe findings);
`check_continuity` compares two consecutive years;
`aggregate` sums reports cell by cell and `check_aggregate` checks a compiled report against
its members; `compare` lists the cells that differ between two reports; `findings_table` gives the
findings of many reports as rows for a DataFrame. Checks never raise on
a valid model: every failure, and every rule that could not be checked because a cell is blank
or a marker, comes back as a `Finding`. The catalogue of rules is `RULES`.
"""

from govdisclosure.checks._across import aggregate, check_aggregate, check_continuity, compare
from govdisclosure.checks._findings import (
    RULES,
    Difference,
    Finding,
    Operand,
    Rule,
    Severity,
    Side,
    Source,
    Statement,
    Status,
)
from govdisclosure.checks._report import check
from govdisclosure.checks._table import FINDING_COLUMNS, findings_table

__all__ = [
    "FINDING_COLUMNS",
    "RULES",
    "Difference",
    "Finding",
    "Operand",
    "Rule",
    "Severity",
    "Side",
    "Source",
    "Statement",
    "Status",
    "aggregate",
    "check",
    "check_aggregate",
    "check_continuity",
    "compare",
    "findings_table",
]
