"""Tests for govdisclosure.layout: the templates as data, and label normalisation."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdisclosure import layout as layout_module
from govdisclosure._reading.labels import key
from govdisclosure.layout import (
    SECTION_KEYS,
    CellKind,
    Template,
    fold_characters,
    iter_layouts,
    layout,
    normalize_label,
)


def test_cell_counts_match_the_spec() -> None:
    """The 2019 template has 22 + 161 + 15 cells and the 2021 template 10 + 175 + 15."""
    counts = {
        lay.template: {t.key: sum(len(r.columns) for r in t.rows) for t in lay.tables}
        for lay in iter_layouts()
    }
    assert {
        Template.V2019: {"proactive": 22, "applications": 161, "review_litigation": 15},
        Template.V2021: {"proactive": 10, "applications": 175, "review_litigation": 15},
    } == counts


def test_row_counts_of_section_three() -> None:
    """Section 三 has 23 numeric rows in 2019 and 25 in 2021."""
    assert len(layout("2019").table("applications").rows) == 23
    assert len(layout("2021").table("applications").rows) == 25


@pytest.mark.parametrize("template", list(Template))
def test_cell_paths_and_labels_are_unique(template: Template) -> None:
    """Every cell of a template has a distinct path and a distinct official label."""
    cells = layout(template).cells
    assert len({c.path for c in cells}) == len(cells)
    assert len({c.label for c in cells}) == len(cells)


def test_official_labels_are_exact() -> None:
    """A sample of labels reads exactly as the official templates print them."""
    lay = layout("2021")
    assert (
        "三、本年度办理结果 （七）总计 / 自然人"
        == lay.cell("applications.results.total.natural_person").label
    )
    assert (
        "第二十条第（八）项 行政事业性收费 / 本年收费金额（单位：万元）"
        == lay.cell("proactive.fees.amount").label
    )
    assert (
        "3.危及“三安全一稳定”"
        == lay.table("applications").row("results.withheld.security_stability").label
    )
    assert (
        "行政诉讼 复议后起诉 / 结果维持"
        == lay.cell("review_litigation.litigation_after_reconsideration.upheld").label
    )


def test_cell_kinds() -> None:
    """Money and signed cells are marked as such; everything else is a count."""
    kinds = {
        t.value: {c.path for c in layout(t).cells if c.column.kind is not CellKind.COUNT}
        for t in Template
    }
    assert {
        "2019": {
            "proactive.licensing.change",
            "proactive.other_services.change",
            "proactive.penalties.change",
            "proactive.enforcement.change",
            "proactive.fees.change",
            "proactive.procurement.amount",
        },
        "2021": {"proactive.fees.amount"},
    } == kinds


def test_sections_are_the_six_template_sections() -> None:
    """Both templates print the same six sections, in order."""
    expected = (
        "overview",
        "proactive",
        "applications",
        "review_litigation",
        "problems",
        "other_matters",
    )
    assert expected == SECTION_KEYS
    assert (
        "四、政府信息公开行政复议、行政诉讼情况"
        == layout("2019").section("review_litigation").heading
    )


@pytest.mark.parametrize(
    ("printed", "official"),
    [
        (
            "(二)部分公开(区分处理的,只计这一情形,不计其他情形)",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        ),
        ("商 业 企\n业", "商业企业"),
        ("本年收費金額(單位:萬元)", "本年收费金额（单位：万元）"),
        ("本年制發(fā)件數(shù)", "本年制发件数"),
        (
            "1.申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请",
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        ),
        ("第二十条 第（八）项", "第二十条第（八）项"),
    ],
)
def test_normalize_label_folds_printed_variants(printed: str, official: str) -> None:
    """Variants seen in real reports fold to the same form as the official label."""
    assert normalize_label(official) == normalize_label(printed)


def test_traditional_map_covers_every_label_character() -> None:
    """Every Traditional form OpenCC gives for a label character folds back (spot check)."""
    assert normalize_label("政府資訊公開") != normalize_label("政府信息公开")  # different words
    assert normalize_label("總計") == normalize_label("总计")
    assert normalize_label("結轉下年度繼續辦理") == normalize_label("结转下年度继续办理")


def _reference_normalize(text: str) -> str:
    """`normalize_label` as first written: one translate per step, whatever the text holds."""
    folded = unicodedata.normalize("NFKC", text).translate(layout_module._TRADITIONAL)
    folded = re.sub(r"\([a-zA-Z\u00c0-\u024f\u1e00-\u1eff]+\)", "", folded)
    punct = str.maketrans(layout_module._PUNCT)
    return re.sub(r"\s+", "", folded).translate(punct)


_FOLDABLE = st.text(
    st.one_of(
        st.characters(),
        st.sampled_from("、，;；“”「」．（）(zhāng) \t\u3000\xa0\u2028萬業關條項１２３"),  # noqa: RUF001 - full-width and dash forms the reader folds on purpose
    ),
    max_size=60,
)


@given(_FOLDABLE)
def test_normalize_label_agrees_with_the_plain_definition(text: str) -> None:
    """The faster folding gives exactly what one translate per step gives, on any text."""
    assert _reference_normalize(text) == normalize_label(text)


_WIDE_PROSE = st.text(
    st.one_of(
        st.characters(),
        st.characters(min_codepoint=0xFF01, max_codepoint=0xFF5E),
        st.sampled_from("\u3000\u0301\u0308\u309a\u3099か٣萬業。，：（）"),
    ),
    max_size=60,
)


@given(_WIDE_PROSE)
def test_fold_characters_is_nfkc_then_simplified(text: str) -> None:
    """Full-width forms replaced before NFKC give exactly NFKC's result (combining marks too)."""
    expected = unicodedata.normalize("NFKC", text).translate(layout_module._TRADITIONAL)
    assert fold_characters(text) == expected


def test_fold_characters_of_every_full_width_form() -> None:
    """Each full-width ASCII form and the ideographic space, alone and before a combining mark."""
    for code in (*range(0xFF01, 0xFF5F), 0x3000):
        for text in (chr(code), f"{chr(code)}\u0301", f"政府{chr(code)}\u3099公开"):
            expected = unicodedata.normalize("NFKC", text).translate(layout_module._TRADITIONAL)
            assert fold_characters(text) == expected


_NUMBERED = st.text(
    st.one_of(st.characters(), st.sampled_from("0123456789.,、，．１２a政")),  # noqa: RUF001 - full-width forms on purpose
    max_size=30,
)


@given(_NUMBERED)
def test_label_key_canonicalises_numbering_as_first_written(text: str) -> None:
    """`key` looks only for ``1,`` numbering: replacing a ``1.`` match changes nothing."""
    expected = re.sub(r"(?<![\d.])(\d{1,2})[,.](?=\D)", r"\1.", normalize_label(text))
    assert key.__wrapped__(text) == expected  # type: ignore[attr-defined]
