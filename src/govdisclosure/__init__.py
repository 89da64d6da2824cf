"""govdisclosure: China's government information disclosure annual reports as typed, checked data.

The model lives in `govdisclosure.model`, the template layouts in `govdisclosure.layout`, and each
format in a module of its own (`govdisclosure.json`), with the same verbs: ``loads``/``dumps`` for
strings and ``load``/``dump`` for file objects.
"""

from govdisclosure.errors import GovDisclosureError, ParseError, Problem
from govdisclosure.layout import Template
from govdisclosure.model import Cell, Report, Section

__all__ = [
    "Cell",
    "GovDisclosureError",
    "ParseError",
    "Problem",
    "Report",
    "Section",
    "Template",
]
__version__ = "0.1.0"
