"""govdisclosure: China's government information disclosure annual reports as typed, checked data.

The model lives in `govdisclosure.model`, the template layouts in `govdisclosure.layout`, the
checks (勾稽关系) in `govdisclosure.checks`, and each format in a module of its own
(`govdisclosure.text`, `govdisclosure.json`, `govdisclosure.csv`, `govdisclosure.html`) with the
same verbs: ``loads``/``dumps`` for strings and ``load``/``dump`` for file objects.
"""

from govdisclosure._cells import cell_from_text
from govdisclosure.checks import (
    Finding,
    aggregate,
    check,
    check_aggregate,
    check_continuity,
    compare,
)
from govdisclosure.errors import GovDisclosureError, ParseError, Problem
from govdisclosure.layout import Template
from govdisclosure.model import Cell, Report, Section
from govdisclosure.results import ParseResult, Position

__all__ = [
    "Cell",
    "Finding",
    "GovDisclosureError",
    "ParseError",
    "ParseResult",
    "Position",
    "Problem",
    "Report",
    "Section",
    "Template",
    "aggregate",
    "cell_from_text",
    "check",
    "check_aggregate",
    "check_continuity",
    "compare",
]
__version__ = "0.1.0"
