"""Stage 3, outline: the title and its organ and year, section headings, regions and tables.

Splits the lines into the preamble and the printed sections, finds where each table's tokens
stand, and keeps the prose around them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from govdisclosure._memo import memo
from govdisclosure._reading.collect import Out
from govdisclosure._reading.labels import (
    key,
    proactive_row_keys,
    section_titles,
    table_label_keys,
    table_marker,
)
from govdisclosure._reading.lex import Kind, SourceLine, Token, tokens_of
from govdisclosure.layout import fold_characters, sections

__all__ = ["Heading", "find_regions", "match_heading", "metadata", "split_tables", "year_from_text"]


# ------------------------------------------------------------------------------------------------
# Headings, title and metadata

NUMERALS = "一二三四五六七八九十"
_HEADING = re.compile(rf"^\s*(?P<num>[{NUMERALS}]{{1,3}})?\s*[、.．]\s*(?P<title>\S.*)$")  # noqa: RUF001 - full-width and dash forms the reader folds on purpose
_HEADING_MAX = 30
_SENTENCE_END = re.compile(r"[。；;！!？?]")  # noqa: RUF001 - full-width and dash forms the reader folds on purpose
_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("overview", ("总体情况", "概述", "基本情况")),
    ("proactive", ("主动公开",)),
    ("applications", ("收到和处理", "依申请公开", "申请情况")),
    ("review_litigation", ("行政复议", "行政诉讼")),
    ("problems", ("存在的主要问题", "存在问题", "主要问题", "存在的问题")),
    ("other_matters", ("其他需要报告", "其它需要报告", "其他事项", "其它事项")),
)


class Heading(NamedTuple):
    """A section heading found in the source."""

    key: str | None
    text: str


@memo(budget=1 << 20, longest=100)
def match_heading(text: str) -> Heading | None:
    """Return the section heading `text` is, or None.

    A heading is a numbered line (``六、下一步工作打算``; the numeral may be lost, ``、主动公开…``)
    whose title names a template section, or a short numbered title of a section the template
    does not have. Table row labels such as ``三、本年度办理结果`` are never headings.
    """
    cleaned = text.strip().strip("|").strip()
    if len(cleaned) > _HEADING_MAX + 4:
        return None  # before the pattern: a long line costs nothing
    match = _HEADING.match(cleaned)
    if match is None:
        return None
    title = match["title"].strip()
    folded = key(cleaned)
    if any(folded.startswith(label) for label in table_label_keys()):
        return None
    title_key = key(title)
    known = section_titles().get(title_key) or _section_by_keyword(title_key)
    if known is not None:
        return Heading(known, cleaned)
    if (
        match["num"] is None
        or _SENTENCE_END.search(title)
        or len(title) > _HEADING_MAX
        or any(ch.isdigit() for ch in title)
        or "，" in title
        or "," in title
    ):
        return None
    return Heading(None, cleaned)


def _section_by_keyword(title_key: str) -> str | None:
    for section_key, words in _KEYWORDS:
        if any(word in title_key for word in words):
            return section_key
    return None


_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_TITLE_WORDS = re.compile(r"(?:信息公开|政务公开).*(?:报告|年报)|(?:报告|年报)")
_CHROME = re.compile(
    r"^(?:首页|您当前的位置|当前位置|您现在的位置)|"
    r"(?:发布时间|发布日期|发文日期|来源|作者|日期|时间|字号|点击|阅读|浏览|分享到?|打印|保存|收藏|"
    r"编辑|访问量|信息来源)\s*[:：]|"
    r"^[|\s]+$|【?(?:打印本页|关闭窗口|返回顶部)】?"
)
_FOOTER = re.compile(
    r"主办单位|承办单位|版权所有|网站标识码|ICP备|公网安备|关闭窗口|打印本页|返回顶部|技术支持|网站地图"
)
_CHROME_MAX = 80
_TITLE_MAX = 70


def _is_chrome(text: str) -> bool:
    folded = fold_characters(text.strip())
    return len(folded) <= _CHROME_MAX and bool(_CHROME.search(folded))


def _title_line(text: str) -> bool:
    folded = fold_characters(text.strip().strip("|").strip())
    return (
        len(folded) <= _TITLE_MAX
        and _TITLE_YEAR.search(folded) is not None
        and ("报告" in folded or "年报" in folded)
        and ("信息公开" in folded or "政务公开" in folded)
        and not folded.startswith(("根据", "依据", "按照"))
        and not _SENTENCE_END.search(folded)
    )


_ORGAN_BEFORE = re.compile(r"^(?P<organ>.+?)\s*(?:关于)?\s*(?:19|20)\d{2}\s*年")
_ORGAN_AFTER_YEAR = re.compile(
    r"^\s*(?:19|20)\d{2}\s*年度?\s*(?P<organ>.*?)\s*(?:政府信息公开|政务公开|信息公开)"
)
_ORGAN_AFTER_TITLE = re.compile(r"(?:报告|年报)\s*(?P<organ>[^\d\s]{2,40})")


def _organ_from_title(title: str) -> str | None:
    for pattern in (_ORGAN_BEFORE, _ORGAN_AFTER_YEAR, _ORGAN_AFTER_TITLE):
        match = pattern.search(title)
        if match:
            organ = match["organ"].strip(" |")
            if organ and not organ.startswith(("年", "关于")):
                return organ
    return None


_YEAR_PATTERNS = (
    re.compile(
        r"(?:统计期限|统计时限|统计期间|统计时间|统计区间)[^。]{0,12}?((?:19|20)\d{2})\s*年"
    ),
    re.compile(r"((?:19|20)\d{2})\s*年度?[^。，,]{0,30}?信息公开[^。]{0,10}?报告"),
    re.compile(r"((?:19|20)\d{2})\s*年"),
)


class _Meta(NamedTuple):
    title: str | None
    organ: str | None
    year: int | None
    title_lines: int
    """How many source lines the title took (it may be split over two)."""


_TITLE_EDGE = "| \t\u3000\u00a0"
"""What a title line's ends may hold besides the title: table bars from a flattened page and the
spaces between them (``…报告 | |||||``); none of it is the title."""


def _find_title(lines: Sequence[SourceLine]) -> tuple[int, _Meta] | None:
    """Find the title among the lines before the first heading; return its index and metadata."""
    for index, line in enumerate(lines[:20]):
        if line.cells is not None or not _title_line(line.text):
            continue
        title = line.text.strip().strip(_TITLE_EDGE).strip()
        folded = fold_characters(title)
        if _TITLE_YEAR.match(folded.strip()) and index > 0:
            previous = lines[index - 1]
            before = previous.text.strip()
            if (
                previous.cells is None
                and 1 < len(before) <= 20  # noqa: PLR2004 - an organ name, not a sentence
                and not any(ch.isdigit() for ch in before)
                and not _is_chrome(before)
                and not _SENTENCE_END.search(before)
            ):
                return index - 1, _Meta(before + title, before, _year(folded), 2)
        return index, _Meta(title, _organ_from_title(folded), _year(folded), 1)
    return None


def _year(folded: str) -> int | None:
    match = _TITLE_YEAR.search(folded)
    return int(match.group(1)) if match else None


def year_from_text(texts: Iterable[str]) -> int | None:
    """Infer the reporting year from prose: the statistics period, or the first year named."""
    joined = fold_characters("\n".join(texts))
    for pattern in _YEAR_PATTERNS:
        match = pattern.search(joined)
        if match:
            return int(match.group(1))
    return None


# ------------------------------------------------------------------------------------------------
# Assembling a report


class Region(NamedTuple):
    heading: Heading | None
    heading_line: SourceLine | None
    lines: list[SourceLine]


def split_inline_headings(lines: Sequence[SourceLine]) -> list[SourceLine]:
    """Split a line that holds a whole report body (headings inline) at its known headings."""
    out: list[SourceLine] = []
    pattern = re.compile(rf"(?<=\s)(?=[{NUMERALS}]{{1,2}}、)")
    for line in lines:
        if line.cells is not None or len(line.text) < 200:  # noqa: PLR2004
            out.append(line)
            continue
        start = 0
        pieces: list[tuple[int, str]] = []
        for match in pattern.finditer(line.text):
            candidate = line.text[match.start() : match.start() + 40]
            if _inline_heading(candidate):
                pieces.append((start, line.text[start : match.start()]))
                start = match.start()
        pieces.append((start, line.text[start:]))
        for offset, piece in pieces:
            if not piece.strip():
                continue
            heading = _inline_heading(piece[:40]) if offset else None
            if heading is not None:
                out.append(SourceLine(heading, line.line, line.column + offset))
                rest = piece[len(heading) :]
                if rest.strip():
                    out.append(SourceLine(rest, line.line, line.column + offset + len(heading)))
            else:
                out.append(SourceLine(piece, line.line, line.column + offset))
    return out


def _inline_heading(text: str) -> str | None:
    """The known section heading `text` starts with (numeral, 、, a template section title)."""
    match = re.match(rf"([{NUMERALS}]{{1,2}}、)", text)
    if match is None:
        return None
    folded_rest = text[match.end() :]
    folded = fold_characters(folded_rest)  # once, not once per title
    for spec in sections():
        for title in (spec.title, *spec.aliases):
            if folded_rest.startswith(title) or folded.startswith(title):
                return match.group(1) + folded_rest[: len(title)]
    return None


def numeral(heading: str) -> int | None:
    """The value of a heading's Chinese numeral (一 … 十九), or None if it has none."""
    match = re.match(rf"\s*([{NUMERALS}]{{1,2}})", heading)
    if match is None:
        return None
    digits = match.group(1)
    if len(digits) == 1:
        return NUMERALS.index(digits) + 1
    if digits[0] == "十":
        return 10 + NUMERALS.index(digits[1]) + 1
    return None


def find_regions(lines: Sequence[SourceLine]) -> list[Region]:
    """Split the lines at section headings.

    A heading naming a template section always starts a section. A numbered line with another
    title starts one only when its numeral comes after the previous heading's (六 after 五): a
    sub-item numbered 一、 inside 一、总体情况 stays text.
    """
    regions = [Region(None, None, [])]
    last: int | None = None
    for line in lines:
        heading = match_heading(line.text) if line.cells is None else None
        if heading is not None and heading.key is None:
            number = numeral(heading.text)
            if last is not None and (number is None or number <= last):
                heading = None
        if heading is not None:
            regions.append(Region(heading, line, []))
            last = numeral(heading.text) or last
        else:
            regions[-1].lines.append(line)
    return regions


class _Segment(NamedTuple):
    table: str
    tokens: list[Token]


def split_tables(
    lines: Sequence[SourceLine], *, bars: bool = False
) -> tuple[list[str], list[_Segment]]:
    """Split a region into its prose before the first table, and its table segments.

    Prose after a table stays in the table's tokens and comes back as stray text.
    """
    tokens = tokens_of(lines, bar_lines=bars)
    first: int | None = None
    segments: list[_Segment] = []
    for position, (token, line_index) in enumerate(tokens):
        marker = table_marker(token) if token.kind is Kind.TEXT else None
        if marker is None and token.kind is Kind.TEXT and key(token.text) in proactive_row_keys():
            following = tokens[position + 1][0] if position + 1 < len(tokens) else None
            if following is not None and following.kind is Kind.VALUE and not segments:
                marker = "proactive"
        if marker is not None and (not segments or segments[-1].table != marker):
            if first is None:
                first = line_index
            segments.append(_Segment(marker, []))
        if segments:
            segments[-1].tokens.append(token)
    if first is None:
        return [line.text for line in lines if line.cells is None], []
    return [line.text for line in lines[:first] if line.cells is None], segments


def paragraphs(texts: Iterable[str]) -> str:
    return "\n".join(text.strip() for text in texts if text.strip())


def drop_footer(texts: list[str]) -> list[str]:
    while texts and (not texts[-1].strip() or _FOOTER.search(fold_characters(texts[-1]))):
        texts = texts[:-1]
    return texts


def _repeats_title(text: str, title: str) -> bool:
    stripped = text.strip().strip("|").strip()
    return len(stripped) >= 4 and stripped in title and not stripped.isdigit()  # noqa: PLR2004


def metadata(lines: Sequence[SourceLine], out: Out) -> tuple[_Meta, list[SourceLine]]:
    """Find the title and its organ and year; return them and the preamble lines without them."""
    found = _find_title(lines)
    meta = _Meta(None, None, None, 0)
    rest = list(lines)
    if found is not None:
        index, meta = found
        rest = rest[index + meta.title_lines :]
    else:
        out.problem(
            "missing-title",
            "no title line (…年…政府信息公开工作年度报告) before the first section",
            None,
            "title",
        )
    title = meta.title
    if title is not None:
        # Pages often repeat the title's parts just under it (organ / year-and-title lines).
        while (
            rest
            and rest[0].cells is None
            and (not rest[0].text.strip() or _repeats_title(rest[0].text, title))
        ):
            rest = rest[1:]
    rest = [line for line in rest if line.cells is not None or not _is_chrome(line.text)]
    return meta, rest


class Body(NamedTuple):
    heading: Heading | None
    line: SourceLine | None
    prose: list[str]
