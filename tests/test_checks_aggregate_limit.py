"""Sums at the digit limit: `aggregate` and `check_aggregate` return a result, never raise.

Every cell holds a value at or near `MAX_DIGITS` digits, so the sums of two or more reports pass
the limit. A sum a cell can hold is the exact sum; one it cannot is left blank, and
`check_aggregate` reports that cell as not assessable (nothing rounded, cut or invented).
"""

from __future__ import annotations

from decimal import Decimal, localcontext

from hypothesis import given, settings
from hypothesis import strategies as st

from govdisclosure import Report
from govdisclosure.checks import Status, aggregate, check, check_aggregate
from govdisclosure.checks._across import EXACT
from govdisclosure.layout import CellKind, Template, layout
from govdisclosure.model.values import MAX_DIGITS, fits

_TOP = 10**MAX_DIGITS - 1

_COUNTS = st.one_of(
    st.sampled_from((_TOP, _TOP - 1, 10 ** (MAX_DIGITS - 1), 0)),
    st.integers(0, _TOP),
)
_SIGNED = st.one_of(_COUNTS, _COUNTS.map(lambda n: -n))


@st.composite
def _money(draw: st.DrawFn) -> Decimal:
    places = draw(st.integers(0, MAX_DIGITS - 1))
    digits = draw(st.integers(MAX_DIGITS - places - 1, MAX_DIGITS - places))
    unscaled = draw(st.sampled_from((10**digits - 1, 10 ** max(digits - 1, 0))))
    value = Decimal(unscaled).scaleb(-places)
    return value if fits(value) else Decimal(unscaled)


_BY_KIND = {CellKind.COUNT: _COUNTS, CellKind.SIGNED_COUNT: _SIGNED, CellKind.MONEY: _money()}


@st.composite
def _report(draw: st.DrawFn, template: Template) -> Report:
    values = {cell.path: draw(_BY_KIND[cell.column.kind]) for cell in layout(template).cells}
    return Report.empty(template, year=2022).with_cells(values)


@st.composite
def _members(draw: st.DrawFn) -> list[Report]:
    template = draw(st.sampled_from(list(Template)))
    return draw(st.lists(_report(template), min_size=1, max_size=3))


@settings(max_examples=min(settings().max_examples, 50))
@given(_members())
def test_sums_past_the_digit_limit_are_left_blank_and_reported(members: list[Report]) -> None:
    """Each cell is the exact sum when it fits, else blank with a not-assessable finding."""
    result = aggregate(members)
    findings = check_aggregate(result, members)
    by_path = {finding.path: finding for finding in findings}
    assert result.template is members[0].template
    for cell in result.cells():
        with localcontext(EXACT):
            total = sum(member.get(cell.path) for member in members)  # type: ignore[misc]
        if fits(total):
            assert cell.value == total
            assert cell.path not in by_path
        else:
            assert cell.value is None
            assert by_path[cell.path].status is Status.NOT_ASSESSABLE
    assert all(finding.status is Status.NOT_ASSESSABLE for finding in findings)
    assert isinstance(check(result), list)
    assert isinstance(check(members[0]), list)


def test_a_count_sum_one_past_the_limit_is_blank() -> None:
    """Two counts of 10^24 - 1 sum past the limit: the cell is blank, the others summed."""
    path = "review_litigation.reconsideration.upheld"
    one = Report.empty("2021", year=2021).with_cells({path: _TOP, f"{path[:-6]}corrected": 1})
    result = aggregate([one, one])
    assert result.get(path) is None
    assert result.get("review_litigation.reconsideration.corrected") == 2
    (finding,) = [f for f in check_aggregate(result, [one, one]) if f.path == path]
    assert finding.status is Status.NOT_ASSESSABLE
    assert [c.report for c in finding.cells] == ["parent", "children[0]", "children[1]"]


def test_an_amount_whose_digits_add_up_past_the_limit_is_blank() -> None:
    """10^23 and 0.1 both fit; their exact sum has 25 digits, so it is no cell's value."""
    path = "proactive.fees.amount"
    big = Report.empty("2021", year=2021).with_cells({path: Decimal(10**23)})
    small = Report.empty("2021", year=2021).with_cells({path: Decimal("0.1")})
    assert aggregate([big, small]).get(path) is None
    assert aggregate([big, big]).get(path) == Decimal(2 * 10**23)
