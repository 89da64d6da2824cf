"""The report model: attrs classes for every section and table of both templates.

Classes are frozen and slotted; fields are the glossary identifiers. See `Report`.
"""

from govdisclosure.model.report import Cell, Report, Section, SectionKey
from govdisclosure.model.tables import (
    ApplicantCounts,
    ApplicationTable,
    Decisions2021,
    Documents2019,
    Documents2021,
    ExtraRow,
    FeeItems2019,
    Fees2021,
    Items2019,
    NotProcessed,
    OtherHandling,
    Outcomes,
    ProactiveTable,
    ProactiveTable2019,
    ProactiveTable2021,
    Procurement2019,
    Results,
    ReviewLitigationTable,
    Unavailable,
    Withheld,
)
from govdisclosure.model.values import Count, Money, Value, cell_text, is_marker, read_number

__all__ = [
    "ApplicantCounts",
    "ApplicationTable",
    "Cell",
    "Count",
    "Decisions2021",
    "Documents2019",
    "Documents2021",
    "ExtraRow",
    "FeeItems2019",
    "Fees2021",
    "Items2019",
    "Money",
    "NotProcessed",
    "OtherHandling",
    "Outcomes",
    "ProactiveTable",
    "ProactiveTable2019",
    "ProactiveTable2021",
    "Procurement2019",
    "Report",
    "Results",
    "ReviewLitigationTable",
    "Section",
    "SectionKey",
    "Unavailable",
    "Value",
    "Withheld",
    "cell_text",
    "is_marker",
    "read_number",
]
