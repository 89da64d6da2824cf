"""The three tables of a report, as printed: every cell stored as the report gives it.

Field names are the glossary identifiers and follow the layout in `govdisclosure.layout`
(a test checks the two agree, field for field). Printed totals are ordinary fields even when
they are wrong; sums computed from the parts are separate properties named ``*_sum``.
A row the report does not show (cut off, unreadable) is None; a row shown with empty cells is a
row whose cells are None.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

import attrs

from govdisclosure.model.values import (
    Count,
    Money,
    count_validator,
    instance_of,
    money_validator,
    to_money,
)

__all__ = [
    "ApplicantCounts",
    "ApplicationTable",
    "Decisions2021",
    "Documents2019",
    "Documents2021",
    "ExtraRow",
    "FeeItems2019",
    "Fees2021",
    "Items2019",
    "NotProcessed",
    "OtherHandling",
    "Outcomes",
    "ProactiveTable2019",
    "ProactiveTable2021",
    "Procurement2019",
    "Results",
    "ReviewLitigationTable",
    "Unavailable",
    "Withheld",
]


def _count() -> Count:
    field: Count = attrs.field(default=None, validator=count_validator, kw_only=True)
    return field


def _money() -> Money:
    field: Money = attrs.field(
        default=None, converter=to_money, validator=money_validator, kw_only=True
    )
    return field


def _to_strings(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


_R = TypeVar("_R")


def _optional(cls: type[_R]) -> _R | None:
    field: _R | None = attrs.field(
        default=None,
        validator=instance_of(cls, optional=True),
        kw_only=True,
    )
    return field


def _sum(*values: Count) -> int | None:
    """Sum whole numbers; None if any operand is blank or a marker (never counted as 0)."""
    total = 0
    for value in values:
        if not isinstance(value, int):
            return None
        total += value
    return total


@attrs.frozen
class ExtraRow:
    """A row the template does not have, kept as printed (e.g. 其他主动公开文件).

    `after` is the identifier of the template row printed just before it (None: first row).
    """

    label: str = attrs.field(validator=instance_of(str))
    values: tuple[str, ...] = attrs.field(
        default=(),
        converter=_to_strings,
        validator=attrs.validators.deep_iterable(instance_of(str)),
    )
    after: str | None = attrs.field(default=None, validator=instance_of(str, optional=True))


def _to_extra_rows(rows: Iterable[ExtraRow]) -> tuple[ExtraRow, ...]:
    return tuple(rows)


def _extra_rows() -> Any:
    return attrs.field(
        default=(),
        converter=_to_extra_rows,
        validator=attrs.validators.deep_iterable(instance_of(ExtraRow)),
        kw_only=True,
    )


# ---------------------------------------------------------------------------------------------
# Section 二 — 主动公开政府信息情况 (proactive disclosure), 2019 trial template.


@attrs.frozen
class Documents2019:
    """第二十条第（一）项 row, 2019: 本年新制作数量 / 本年新公开数量 / 对外公开总数量."""

    made: Count = _count()
    published: Count = _count()
    total_published: Count = _count()


@attrs.frozen
class Items2019:
    """第二十条第（五）（六）项 row, 2019: 上一年项目数量 / 本年增/减 / 处理决定数量."""

    previous_items: Count = _count()
    change: Count = _count()
    """本年增/减: may be negative."""
    decisions: Count = _count()


@attrs.frozen
class FeeItems2019:
    """第二十条第（八）项 row, 2019: 上一年项目数量 / 本年增/减 (fee items, not money)."""

    previous_items: Count = _count()
    change: Count = _count()


@attrs.frozen
class Procurement2019:
    """第二十条第（九）项 row, 2019: 采购项目数量 / 采购总金额 (money, no official unit)."""

    items: Count = _count()
    amount: Money = _money()


@attrs.frozen
class ProactiveTable2019:
    """二、主动公开政府信息情况 — proactive disclosure table, 2019 trial template."""

    rules: Documents2019 | None = _optional(Documents2019)
    normative_documents: Documents2019 | None = _optional(Documents2019)
    licensing: Items2019 | None = _optional(Items2019)
    other_services: Items2019 | None = _optional(Items2019)
    penalties: Items2019 | None = _optional(Items2019)
    enforcement: Items2019 | None = _optional(Items2019)
    fees: FeeItems2019 | None = _optional(FeeItems2019)
    procurement: Procurement2019 | None = _optional(Procurement2019)
    extra_rows: tuple[ExtraRow, ...] = _extra_rows()


# ---------------------------------------------------------------------------------------------
# Section 二 — proactive disclosure, 2021 revised template.


@attrs.frozen
class Documents2021:
    """第二十条第（一）项 row, 2021: 本年制发件数 / 本年废止件数 / 现行有效件数."""

    issued: Count = _count()
    repealed: Count = _count()
    in_force: Count = _count()


@attrs.frozen
class Decisions2021:
    """第二十条第（五）（六）项 row, 2021: 本年处理决定数量."""

    decisions: Count = _count()


@attrs.frozen
class Fees2021:
    """第二十条第（八）项 row, 2021: 本年收费金额（单位：万元）, an exact decimal."""

    amount: Money = _money()


@attrs.frozen
class ProactiveTable2021:
    """二、主动公开政府信息情况 — proactive disclosure table, 2021 revised template."""

    rules: Documents2021 | None = _optional(Documents2021)
    normative_documents: Documents2021 | None = _optional(Documents2021)
    licensing: Decisions2021 | None = _optional(Decisions2021)
    penalties: Decisions2021 | None = _optional(Decisions2021)
    enforcement: Decisions2021 | None = _optional(Decisions2021)
    fees: Fees2021 | None = _optional(Fees2021)
    extra_rows: tuple[ExtraRow, ...] = _extra_rows()


# ---------------------------------------------------------------------------------------------
# Section 三 — 收到和处理政府信息公开申请情况 (applications), both templates.


@attrs.frozen
class ApplicantCounts:
    """One row of section 三: a count per applicant type (申请人情况) and the printed 总计."""

    natural_person: Count = _count()
    commercial: Count = _count()
    research: Count = _count()
    nonprofit: Count = _count()
    legal_service: Count = _count()
    other_org: Count = _count()
    total: Count = _count()

    @property
    def applicants_sum(self) -> int | None:
        """The sum of the six applicant columns; None if any of them is blank or a marker."""
        return _sum(
            self.natural_person,
            self.commercial,
            self.research,
            self.nonprofit,
            self.legal_service,
            self.other_org,
        )


@attrs.frozen
class Withheld:
    """（三）不予公开 — withheld, by reason."""

    state_secret: ApplicantCounts | None = _optional(ApplicantCounts)
    prohibited_by_law: ApplicantCounts | None = _optional(ApplicantCounts)
    security_stability: ApplicantCounts | None = _optional(ApplicantCounts)
    third_party_rights: ApplicantCounts | None = _optional(ApplicantCounts)
    internal_affairs: ApplicantCounts | None = _optional(ApplicantCounts)
    process_information: ApplicantCounts | None = _optional(ApplicantCounts)
    enforcement_files: ApplicantCounts | None = _optional(ApplicantCounts)
    inquiry_matters: ApplicantCounts | None = _optional(ApplicantCounts)


@attrs.frozen
class Unavailable:
    """（四）无法提供 — cannot be provided, by reason."""

    not_held: ApplicantCounts | None = _optional(ApplicantCounts)
    needs_creation: ApplicantCounts | None = _optional(ApplicantCounts)
    unclear_after_correction: ApplicantCounts | None = _optional(ApplicantCounts)


@attrs.frozen
class NotProcessed:
    """（五）不予处理 — not processed, by reason."""

    petition_complaint: ApplicantCounts | None = _optional(ApplicantCounts)
    duplicate: ApplicantCounts | None = _optional(ApplicantCounts)
    publication: ApplicantCounts | None = _optional(ApplicantCounts)
    vexatious: ApplicantCounts | None = _optional(ApplicantCounts)
    confirmation: ApplicantCounts | None = _optional(ApplicantCounts)


@attrs.frozen
class OtherHandling:
    """（六）其他处理 — other handling, 2021 template (a single row in 2019)."""

    no_correction: ApplicantCounts | None = _optional(ApplicantCounts)
    unpaid_fee: ApplicantCounts | None = _optional(ApplicantCounts)
    other: ApplicantCounts | None = _optional(ApplicantCounts)


def _other_handling() -> ApplicantCounts | OtherHandling | None:
    field: ApplicantCounts | OtherHandling | None = attrs.field(
        default=None,
        validator=instance_of((ApplicantCounts, OtherHandling), optional=True),
        kw_only=True,
    )
    return field


@attrs.frozen
class Results:
    """三、本年度办理结果 — how the year's applications were handled.

    `other_handling` is an `ApplicantCounts` row in the 2019 template and an `OtherHandling`
    group of three rows in the 2021 template; None when the report does not show it.
    """

    disclosed: ApplicantCounts | None = _optional(ApplicantCounts)
    partially_disclosed: ApplicantCounts | None = _optional(ApplicantCounts)
    withheld: Withheld = attrs.field(
        factory=Withheld, validator=instance_of(Withheld), kw_only=True
    )
    unavailable: Unavailable = attrs.field(
        factory=Unavailable, validator=instance_of(Unavailable), kw_only=True
    )
    not_processed: NotProcessed = attrs.field(
        factory=NotProcessed, validator=instance_of(NotProcessed), kw_only=True
    )
    other_handling: ApplicantCounts | OtherHandling | None = _other_handling()
    total: ApplicantCounts | None = _optional(ApplicantCounts)


@attrs.frozen
class ApplicationTable:
    """三、收到和处理政府信息公开申请情况 — applications received and handled (both templates)."""

    new_received: ApplicantCounts | None = _optional(ApplicantCounts)
    carried_over: ApplicantCounts | None = _optional(ApplicantCounts)
    results: Results = attrs.field(factory=Results, validator=instance_of(Results), kw_only=True)
    carried_forward: ApplicantCounts | None = _optional(ApplicantCounts)
    extra_rows: tuple[ExtraRow, ...] = _extra_rows()


# ---------------------------------------------------------------------------------------------
# Section 四 — 政府信息公开行政复议、行政诉讼情况 (reconsideration and litigation).


@attrs.frozen
class Outcomes:
    """Case outcomes of one group of section 四, and the printed 总计."""

    upheld: Count = _count()
    corrected: Count = _count()
    other: Count = _count()
    pending: Count = _count()
    total: Count = _count()

    @property
    def outcomes_sum(self) -> int | None:
        """维持 + 纠正 + 其他 + 尚未审结; None if any of them is blank or a marker."""
        return _sum(self.upheld, self.corrected, self.other, self.pending)


@attrs.frozen
class ReviewLitigationTable:
    """四、政府信息公开行政复议、行政诉讼情况 — reconsideration and litigation (both templates)."""

    reconsideration: Outcomes | None = _optional(Outcomes)
    litigation_direct: Outcomes | None = _optional(Outcomes)
    """行政诉讼 / 未经复议直接起诉."""
    litigation_after_reconsideration: Outcomes | None = _optional(Outcomes)
    """行政诉讼 / 复议后起诉."""
    extra_rows: tuple[ExtraRow, ...] = _extra_rows()


ProactiveTable = ProactiveTable2019 | ProactiveTable2021
"""The section 二 table of either template."""
