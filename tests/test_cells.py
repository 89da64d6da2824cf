"""cell_from_text and the one cell policy every reader shares."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdisclosure import ParseError, cell_from_text, text
from govdisclosure import json as gdjson
from govdisclosure.errors import CellValueError
from govdisclosure.layout import CellKind
from govdisclosure.model import Report, cell_text
from govdisclosure.model.values import MAX_DIGITS


@pytest.mark.parametrize(
    ("typed", "kind", "expected"),
    [
        ("3", "count", 3),
        ("３件", "count", 3),
        (" 12 ", CellKind.COUNT, 12),
        ("1,234", "count", 1234),
        ("-3", "signed_count", -3),
        ("0", "count", 0),
        ("", "count", None),
        ("   ", "money", None),
        ("/", "count", "/"),
        (" 无 ", "count", "无"),
        ("不适用", "money", "不适用"),
        ("282.10", "money", Decimal("282.10")),
        ("24.5万元", "money", Decimal("24.5")),
        ("7", "money", Decimal(7)),
    ],
)
def test_cell_from_text_reads_form_fields_as_the_readers_do(
    typed: str, kind: Any, expected: object
) -> None:
    """Form text becomes the cell a reader would read from the same printed text."""
    assert expected == cell_from_text(typed, kind)


@pytest.mark.parametrize(
    ("typed", "kind"),
    [("2.5", "count"), ("9" * (MAX_DIGITS + 1), "count"), ("0." + "1" * MAX_DIGITS, "money")],
)
def test_cell_from_text_refuses_what_the_readers_leave_blank(typed: str, kind: str) -> None:
    """A fraction in a count, or a number past the digit limit, raises naming the path."""
    with pytest.raises(CellValueError) as caught:
        cell_from_text(typed, kind, path="applications.new_received.total")
    (problem,) = caught.value.problems
    assert ("applications.new_received.total", typed) == (problem.path, problem.found)
    assert isinstance(caught.value, ParseError)


def _one_cell_report(printed: str) -> str:
    return (
        "某局2021年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（一）项\n"
        f"信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数\n规章 | {printed} | 0 | 0 |\n"
    )


_PRINTED = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.sampled_from(["/", "无", "-", "３", "２.５", "3件", "1,234", "—", "不适用"]),  # noqa: RUF001 - full-width forms quoted on purpose
    st.decimals(allow_nan=False, allow_infinity=False, places=3, max_value=10**6).map(str),
)


@given(_PRINTED)
def test_the_text_reader_and_cell_from_text_agree(printed: str) -> None:
    """The text reader reads a printed cell as cell_from_text does, or reports what it refused."""
    result = text.parse(_one_cell_report(printed))
    assert result.report.proactive is not None
    assert result.report.proactive.rules is not None
    read = result.report.proactive.rules.issued  # type: ignore[union-attr]
    refused: tuple[Any, ...] = ()
    try:
        expected = cell_from_text(printed, "count")
    except CellValueError as error:
        refused, expected = error.problems, None
    assert expected == read
    assert {p.kind for p in refused} <= {p.kind for p in result.problems}


def test_the_readers_report_numbers_past_the_limit_at_the_cell() -> None:
    """A count past the digit limit is a number-too-long problem at its cell in text and JSON."""
    digits = "9" * (MAX_DIGITS + 1)
    result = text.parse(_one_cell_report(digits))
    (problem,) = [p for p in result.problems if p.kind == "number-too-long"]
    assert ("proactive.rules.issued", 5) == (problem.path, problem.line)
    document = gdjson.dumps(Report.empty("2021")).replace(
        '"issued": null', f'"issued": {digits}', 1
    )
    with pytest.raises(ParseError) as caught:
        gdjson.loads(document)
    assert [("$.proactive.rules.issued", "number-too-long")] == [
        (p.path, p.kind) for p in caught.value.problems
    ]


@pytest.mark.parametrize("amount", ["1E-999999999", "1" + "0" * MAX_DIGITS, "0." + "0" * 30 + "1"])
def test_the_json_reader_refuses_money_no_writer_could_print(amount: str) -> None:
    """Money a writer would print as a huge string is refused at its path, by both passes."""
    document = gdjson.dumps(Report.empty("2021")).replace(
        '"amount": null', f'"amount": {amount}', 1
    )
    with pytest.raises(ParseError) as caught:
        gdjson.loads(document)
    assert [("$.proactive.fees.amount", "number-too-long")] == [
        (p.path, p.kind) for p in caught.value.problems
    ]


@given(st.integers(-(10**MAX_DIGITS) + 1, 10**MAX_DIGITS - 1))
def test_every_count_the_model_holds_prints_and_reads_back(count: int) -> None:
    """Within the limit, a count prints as text that cell_from_text reads back to the count."""
    assert count == cell_from_text(cell_text(count), "signed_count")


# ------------------------------------------------------------------------------------------------
# The up-front rejection of prose in `is_number` / `is_value` (a speed-up) changes no answer.


def _reference_is_number(text: str) -> bool:
    """`is_number` as it was before prose was rejected up front: the full tests only."""
    from govdisclosure.model.values import looks_numeric, read_number  # noqa: PLC0415

    return read_number(text) is not None or looks_numeric(text)


def _reference_is_value(text: str) -> bool:
    """`is_value` as it was before prose was rejected up front."""
    from govdisclosure._cells import is_symbol_marker, is_word_marker  # noqa: PLC0415

    return _reference_is_number(text) or is_symbol_marker(text) or is_word_marker(text)


def test_nfkc_keeps_every_unified_ideograph_and_composes_none() -> None:
    """What the rejection rests on, over every code point: an ideograph in a text survives NFKC."""
    import sys  # noqa: PLC0415
    import unicodedata  # noqa: PLC0415

    for point in range(0x4E00, 0xA000):
        assert unicodedata.normalize("NFKC", chr(point)) == chr(point)
    for point in range(sys.maxunicode + 1):
        decomposed = unicodedata.normalize("NFD", chr(point))
        if len(decomposed) > 1:  # a composite NFC could build: no ideograph may take part
            assert not any(0x4E00 <= ord(ch) <= 0x9FFF for ch in decomposed), hex(point)


def _pieces() -> st.SearchStrategy[str]:
    from govdisclosure._cells import _WORD_MARKERS  # noqa: PLC0415
    from govdisclosure.layout import TRADITIONAL_FORMS, UNITS  # noqa: PLC0415

    return st.sampled_from(
        [
            *UNITS,
            *_WORD_MARKERS,
            *TRADITIONAL_FORMS,
            *"0123456789０１２３４５６７８９,.，．-+−－ /／—\u3000\t\u0301\u2f46\uf900\u2460",  # noqa: RUF001 - full-width forms on purpose
            *"的年政府信息公开",
        ]
    ) | st.text(max_size=3)


@given(st.lists(_pieces(), max_size=8).map("".join))
def test_is_value_and_is_number_answer_as_the_full_tests(raw: str) -> None:
    """Numbers, markers, units, Traditional forms, radicals, combining marks: same answers."""
    from govdisclosure._cells import is_number, is_value  # noqa: PLC0415

    for text_ in (raw, raw.strip()):
        assert is_number(text_) == _reference_is_number(text_)
        assert is_value(text_) == _reference_is_value(text_)


@pytest.mark.parametrize(
    "printed", ["无", "無", "不適用", "未統計", "3件", "１２人次", "的", "12的", "⽆"]
)
def test_is_value_on_ideographs(printed: str) -> None:
    """Markers in Traditional forms and glued units stay values; prose does not."""
    from govdisclosure._cells import is_value  # noqa: PLC0415

    assert is_value(printed) == _reference_is_value(printed)
