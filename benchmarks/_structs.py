"""The baseline for JSON: msgspec Structs that mirror govdisclosure's JSON document, key for key.

This is what a msgspec user would write by hand for the same documents: every key required,
unknown keys refused, counts typed ``int | str | None``, and the two templates as a tagged union
on the ``template`` key (msgspec cannot tell two untagged Struct types apart, and the section 二
table and the （六） rows differ between templates).

Money is the one place msgspec cannot say what the model says: a union may hold only one
string-like type, so ``Decimal | str | None`` is refused. Money fields are typed ``Any`` and the
decoder's ``float_hook=Decimal`` keeps the printed digits exactly; ``__post_init__`` then does
what the type would have done (accept a number, a marker string or null, and turn an int into a
Decimal), so the baseline checks as much as the library does there. What msgspec does not check
and the library does: that a marker string does not read as a number (``"12"`` as a count).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

import msgspec

Count = int | str | None
SectionKey = Literal[
    "overview", "proactive", "applications", "review_litigation", "problems", "other_matters"
]


class _Struct(msgspec.Struct, forbid_unknown_fields=True):
    """Every mirror: unknown keys are an error, as in the library's reader."""


def _money(value: Any) -> Any:
    if value is None or type(value) is Decimal or type(value) is str:
        return value
    if type(value) is int:
        return Decimal(value)
    msg = f"money must be a number, a marker or null, not {type(value).__name__}"
    raise ValueError(msg)


class Section(_Struct):
    """A section as printed."""

    key: SectionKey | None
    heading: str
    text: str


class ExtraRow(_Struct):
    """A row the template lacks."""

    label: str
    values: list[str]
    after: str | None


class ApplicantCounts(_Struct):
    """A row of section 三."""

    natural_person: Count
    commercial: Count
    research: Count
    nonprofit: Count
    legal_service: Count
    other_org: Count
    total: Count


class Withheld(_Struct):
    """（三）."""

    state_secret: ApplicantCounts | None
    prohibited_by_law: ApplicantCounts | None
    security_stability: ApplicantCounts | None
    third_party_rights: ApplicantCounts | None
    internal_affairs: ApplicantCounts | None
    process_information: ApplicantCounts | None
    enforcement_files: ApplicantCounts | None
    inquiry_matters: ApplicantCounts | None


class Unavailable(_Struct):
    """（四）."""

    not_held: ApplicantCounts | None
    needs_creation: ApplicantCounts | None
    unclear_after_correction: ApplicantCounts | None


class NotProcessed(_Struct):
    """（五）."""

    petition_complaint: ApplicantCounts | None
    duplicate: ApplicantCounts | None
    publication: ApplicantCounts | None
    vexatious: ApplicantCounts | None
    confirmation: ApplicantCounts | None


class OtherHandling(_Struct):
    """（六）, 2021."""

    no_correction: ApplicantCounts | None
    unpaid_fee: ApplicantCounts | None
    other: ApplicantCounts | None


class Results2019(_Struct):
    """三、本年度办理结果, 2019: （六） is one row."""

    disclosed: ApplicantCounts | None
    partially_disclosed: ApplicantCounts | None
    withheld: Withheld
    unavailable: Unavailable
    not_processed: NotProcessed
    other_handling: ApplicantCounts | None
    total: ApplicantCounts | None


class Results2021(_Struct):
    """三、本年度办理结果, 2021: （六） is three rows."""

    disclosed: ApplicantCounts | None
    partially_disclosed: ApplicantCounts | None
    withheld: Withheld
    unavailable: Unavailable
    not_processed: NotProcessed
    other_handling: OtherHandling | None
    total: ApplicantCounts | None


class Applications2019(_Struct):
    """Section 三, 2019."""

    new_received: ApplicantCounts | None
    carried_over: ApplicantCounts | None
    results: Results2019
    carried_forward: ApplicantCounts | None
    extra_rows: list[ExtraRow]


class Applications2021(_Struct):
    """Section 三, 2021."""

    new_received: ApplicantCounts | None
    carried_over: ApplicantCounts | None
    results: Results2021
    carried_forward: ApplicantCounts | None
    extra_rows: list[ExtraRow]


class Outcomes(_Struct):
    """A group of section 四."""

    upheld: Count
    corrected: Count
    other: Count
    pending: Count
    total: Count


class ReviewLitigation(_Struct):
    """Section 四."""

    reconsideration: Outcomes | None
    litigation_direct: Outcomes | None
    litigation_after_reconsideration: Outcomes | None
    extra_rows: list[ExtraRow]


class Documents2019(_Struct):
    """Section 二 (一), 2019."""

    made: Count
    published: Count
    total_published: Count


class Items2019(_Struct):
    """Section 二 (五)(六), 2019."""

    previous_items: Count
    change: Count
    decisions: Count


class FeeItems2019(_Struct):
    """Section 二 (八), 2019."""

    previous_items: Count
    change: Count


class Procurement2019(_Struct):
    """Section 二 (九), 2019."""

    items: Count
    amount: Any

    def __post_init__(self) -> None:
        """Check and convert the money cell."""
        self.amount = _money(self.amount)


class Proactive2019(_Struct):
    """Section 二, 2019."""

    rules: Documents2019 | None
    normative_documents: Documents2019 | None
    licensing: Items2019 | None
    other_services: Items2019 | None
    penalties: Items2019 | None
    enforcement: Items2019 | None
    fees: FeeItems2019 | None
    procurement: Procurement2019 | None
    extra_rows: list[ExtraRow]


class Documents2021(_Struct):
    """Section 二 (一), 2021."""

    issued: Count
    repealed: Count
    in_force: Count


class Decisions2021(_Struct):
    """Section 二 (五)(六), 2021."""

    decisions: Count


class Fees2021(_Struct):
    """Section 二 (八), 2021."""

    amount: Any

    def __post_init__(self) -> None:
        """Check and convert the money cell."""
        self.amount = _money(self.amount)


class Proactive2021(_Struct):
    """Section 二, 2021."""

    rules: Documents2021 | None
    normative_documents: Documents2021 | None
    licensing: Decisions2021 | None
    penalties: Decisions2021 | None
    enforcement: Decisions2021 | None
    fees: Fees2021 | None
    extra_rows: list[ExtraRow]


class Report2019(_Struct, tag_field="template", tag="2019"):
    """A report of the 2019 template."""

    schema_version: int
    title: str | None
    organ: str | None
    year: int | None
    preamble: str
    sections: list[Section]
    proactive: Proactive2019 | None
    applications: Applications2019 | None
    review_litigation: ReviewLitigation | None


class Report2021(_Struct, tag_field="template", tag="2021"):
    """A report of the 2021 template."""

    schema_version: int
    title: str | None
    organ: str | None
    year: int | None
    preamble: str
    sections: list[Section]
    proactive: Proactive2021 | None
    applications: Applications2021 | None
    review_litigation: ReviewLitigation | None


DECODER = msgspec.json.Decoder(Report2019 | Report2021, float_hook=Decimal)
"""Decodes a document of either template into the mirror Structs, money as exact Decimals."""
ENCODER = msgspec.json.Encoder(decimal_format="number")
"""Encodes the mirror Structs, money as JSON numbers with the printed digits (as the library)."""
