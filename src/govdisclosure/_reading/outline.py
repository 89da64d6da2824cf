"""Stage 3, outline: the title and its organ and year, section headings, regions and tables.

Splits the lines into the preamble and the printed sections, finds where each table's tokens
stand, and keeps the prose around them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
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
from govdisclosure.layout import OUTLINE, fold_characters, sections

__all__ = [
    "Heading",
    "find_regions",
    "flat_title",
    "flat_title_end",
    "match_heading",
    "metadata",
    "split_tables",
    "year_from_text",
]


# ------------------------------------------------------------------------------------------------
# Headings, title and metadata: patterns built from the layout's vocabulary (`layout.OUTLINE`)

_W = OUTLINE
NUMERALS = _W.numerals
_MARK = _W.heading_marks[0]
_HEADING = re.compile(
    rf"^\s*(?P<num>[{NUMERALS}]{{1,3}})?\s*[{re.escape(_W.heading_marks)}]\s*(?P<title>\S.*)$"
)
_HEADING_MAX = 30
_SENTENCE_END = re.compile(f"[{re.escape(_W.sentence_ends)}]")
_NOT_IN_CLAUSE = f"[^{re.escape(_W.sentence_ends[0] + _W.clause_marks)}]"
_NOT_IN_SENTENCE = f"[^{re.escape(_W.sentence_ends[0])}]"
_KEYWORDS = _W.section_keywords
_SPACES = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
_MARKS = _SPACES + "|#>*"
"""What `unmark` strips from both ends: whitespace, table bars, Markdown heading, quote and
bold marks (from PDF-to-Markdown converters and one-line pages)."""


class Heading(NamedTuple):
    """A section heading found in the source."""

    key: str | None
    text: str


def unmark(text: str) -> str:
    """`text` without surrounding whitespace, ``|`` bars and Markdown marks (``#``, ``**``).

    One `str.strip` with a set of characters: linear in the length, whatever the mix.
    """
    return text.strip(_MARKS)


def markdown_rule(text: str) -> bool:
    """A Markdown table's separator row (``|---|:--:|``): markup, not a row of dash values."""
    stripped = text.strip()
    if "|" not in stripped or "---" not in stripped:
        return False
    cells = stripped.strip("|").split("|")
    return all(
        len(cell.strip().strip(":")) >= 3 and not cell.strip().strip(":").strip("-")  # noqa: PLR2004 - Markdown's rule
        for cell in cells
    )


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


@memo(budget=1 << 20, longest=100)
def match_heading(text: str) -> Heading | None:
    """Return the section heading `text` is, or None.

    A heading is a numbered line (``六、下一步工作打算``; the numeral may be lost, ``、主动公开…``)
    whose title names a template section, or a short numbered title of a section the template
    does not have. Table row labels such as ``三、本年度办理结果`` are never headings. Bars and
    Markdown marks around it (``## 一、…``, ``**一、…**``) are not part of it.
    """
    cleaned = unmark(text)
    if len(cleaned) > _HEADING_MAX + 4:
        return None  # before the pattern: a long line costs nothing
    match = _HEADING.match(cleaned)
    if match is None:
        return None
    title = match["title"].strip()
    folded = key(cleaned)
    if folded.startswith(_table_labels()):
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
        or any(mark in title for mark in _W.clause_marks)
    ):
        return None
    return Heading(None, cleaned)


@cache
def _table_labels() -> tuple[str, ...]:
    """`table_label_keys` as a tuple: `str.startswith` tries them all in one call."""
    return tuple(table_label_keys())


def _section_by_keyword(title_key: str) -> str | None:
    for section_key, words in _KEYWORDS:
        if any(word in title_key for word in words):
            return section_key
    return None


_YEAR_CHAR = re.escape(_W.title_year_suffix)
_YEAR_ANY = rf"(?:19|20)\d{{2}}\s*{_YEAR_CHAR}"
_TITLE_YEAR = re.compile(rf"((?:19|20)\d{{2}})\s*{_YEAR_CHAR}")
_SUBJECT = _alternatives(_W.title_subject)
_KIND = _alternatives(_W.title_kind)
_HAS_SUBJECT = re.compile(_SUBJECT)
_HAS_KIND = re.compile(_KIND)
_CHROME = re.compile(
    rf"^(?:{_alternatives(_W.navigation)})|"
    rf"^\s*(?:{_alternatives(_W.chrome_keys)})\s*[:：]|"
    rf"【?(?:{_alternatives(_W.buttons)})】?"
)
_META_LINE = re.compile(
    rf"^\s*(?:{_alternatives(_W.metadata_keys)})\s*[:：]\s*(?P<value>.*)$",
    re.IGNORECASE,
)
_PAGE_INFO = re.compile(rf"(?:{_alternatives((*_W.page_info_keys, *_W.chrome_keys))})\s*[:：]")
_TITLE_KEY = _W.metadata_keys[0]
_BANNER_CHARS = frozenset("=-*#_~+<>[]【】《》 \t\u3000")
_FOOTER = re.compile(_alternatives(_W.footer_words))
_CHROME_MAX = 80
_TITLE_MAX = 70
_SHORT_TAIL = 8
"""The longest second line of a title split over two (``年度报告``)."""


def _is_chrome(text: str) -> bool:
    """A page widget or navigation line (字号, 打印本页, 首页 > …): dropped."""
    folded = fold_characters(text.strip())
    return len(folded) <= _CHROME_MAX and (
        bool(_CHROME.search(folded)) or (bool(folded) and not folded.strip("|" + _SPACES))
    )


def _is_page_info(text: str) -> bool:
    """A short line naming the page's publishing details (发布日期: …, 来源: …, 点击: …)."""
    folded = fold_characters(text.strip())
    return len(folded) <= _CHROME_MAX and bool(_PAGE_INFO.search(folded))


def is_metadata(text: str) -> bool:
    """A scraper's or page's metadata line: ``发布时间: …``, ``原文链接: …``, ``=== 正文 ===``.

    Kept verbatim in the preamble, never read as the title or the organ.
    """
    folded = fold_characters(text.strip())
    if len(folded) > _CHROME_MAX * 4 or not folded:
        return False
    if _META_LINE.match(folded):
        return True
    return _is_banner(folded)


def _is_banner(folded: str) -> bool:
    """``====== 正文 ======``: a run of rule characters around at most a banner word."""
    if sum(map(folded.count, "=-*#_~+")) < 6:  # noqa: PLR2004 - a rule, not a dash
        return False
    rest = "".join(ch for ch in folded if ch not in _BANNER_CHARS)
    return not rest or rest in _W.banner_words


def _metadata_title(text: str) -> str | None:
    """The value of a ``标题: …`` line, cut from the line as printed, or None."""
    stripped = text.strip()
    if len(stripped) > _CHROME_MAX * 4:
        return None
    folded, origin = _fold_mapped(stripped)
    match = _META_LINE.match(folded)
    if match is None or not key(folded).startswith(key(_TITLE_KEY)):
        return None
    return unmark(stripped[origin[match.start("value")] :]) or None


def _title_line(text: str) -> bool:
    folded = fold_characters(unmark(text))
    return (
        len(folded) <= _TITLE_MAX
        and _TITLE_YEAR.search(folded) is not None
        and _HAS_KIND.search(folded) is not None
        and _HAS_SUBJECT.search(folded) is not None
        and not folded.startswith(_W.not_title_starts)
        and not _SENTENCE_END.search(folded)
        and not is_metadata(text)
        and not _is_chrome(text)
    )


def _title_head(text: str) -> bool:
    """The first line of a title split over two: year and subject, no report word yet."""
    folded = fold_characters(unmark(text))
    return (
        len(folded) <= _TITLE_MAX
        and _TITLE_YEAR.search(folded) is not None
        and _HAS_SUBJECT.search(folded) is not None
        and _HAS_KIND.search(folded) is None
        and not folded.startswith(_W.not_title_starts)
        and not _SENTENCE_END.search(folded)
        and not is_metadata(text)
    )


def _title_tail(text: str) -> bool:
    """The second line of a split title: short, and it names the report (``年度报告``)."""
    if len(text) > _SHORT_TAIL * 8:
        return False  # before folding: a paragraph costs nothing
    folded = fold_characters(unmark(text))
    return (
        0 < len(folded) <= _SHORT_TAIL
        and _HAS_KIND.search(folded) is not None
        and not _SENTENCE_END.search(folded)
    )


_ORGAN_BEFORE = re.compile(rf"^(?P<organ>.+?)\s*(?:{re.escape(_W.about)})?\s*{_YEAR_ANY}")
_ORGAN_AFTER_YEAR = re.compile(
    rf"^\s*{_YEAR_ANY}{re.escape(_W.title_year_after)}?\s*(?P<organ>.*?)\s*(?:{_SUBJECT})"
)
_ORGAN_AFTER_TITLE = re.compile(rf"(?:{_KIND})\s*(?P<organ>[^\d\s]{{2,40}})")


def _fold_mapped(text: str) -> tuple[str, list[int]]:
    """`text` folded character by character, and where each folded character came from.

    NFKC may turn one character into several (``㈠`` to ``(一)``): the map sends every folded
    index back to its source character, so a span found in folded text is cut from the source.
    """
    if fold_characters(text) == text:
        return text, list(range(len(text) + 1))
    pieces: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        folded = fold_characters(ch)
        pieces.append(folded)
        origin.extend([index] * len(folded))
    origin.append(len(text))
    return "".join(pieces), origin


def _organ_from_title(title: str) -> str | None:
    """The organ a title names, cut from the title as printed (never from its folded form)."""
    folded, origin = _fold_mapped(title)
    for pattern in (_ORGAN_BEFORE, _ORGAN_AFTER_YEAR, _ORGAN_AFTER_TITLE):
        match = pattern.search(folded)
        if match:
            start, end = match.span("organ")
            organ = unmark(title[origin[start] : origin[end]])
            if organ and not fold_characters(organ).startswith((_W.title_year_suffix, _W.about)):
                return organ
    return None


# ------------------------------------------------------------------------------------------------
# The title in a flattened line: the same title words, cut from what is glued around them

_FLAT_HEAD = 400
"""How far into a flattened page's text before its first heading the title is looked for."""
_FLAT_TITLE = re.compile(
    rf"(?P<year>{_YEAR_ANY}){re.escape(_W.title_year_after)}?{_NOT_IN_CLAUSE}{{0,30}}?"
    rf"(?:{_SUBJECT}){_NOT_IN_SENTENCE}{{0,10}}?(?:{_KIND})"
)
_ORGAN_CHARS = "（）()"
"""Marks an organ may print besides letters (a parenthetical)."""
_FLAT_ORGAN_MAX = 40
_ORGAN_AFTER = re.compile(rf"\s+(?:[^\W\d_]|[{_ORGAN_CHARS}]){{2,{_FLAT_ORGAN_MAX}}}(?=\s|$)")
_ECHO = 45
"""How far after a title its repetition (organ and year) must start and end."""


def _organ_char(ch: str) -> bool:
    return ch.isalpha() or ch in _ORGAN_CHARS


def flat_title(text: str) -> tuple[int, int] | None:
    """Where the title stands in the head of a flattened page (the text before its first heading).

    A flattened page glues the title to what stood before it (breadcrumbs, menus, widgets) and
    after it (the page's date line, the preamble). The title is found by the title words
    (`_title_line`'s: a year, a subject, a report word; it ends at the report word) and its
    start is taken only where it is certain:

    - the text before the year (or ``关于`` and the year) is the head's whole start, not page
      chrome, and short and plain enough to be an organ: the title starts the page;
    - the year is the title's first word (what stands before it cannot be part of an organ);
    - the page repeats the title's organ and year right after it (``…局关于2021年度…的报告`` then
      ``…局关于2021年度…``) and what stands before that organ is page chrome.

    Anything else (an organ glued to a breadcrumb's last item) is not certain: None, and the
    outline reports the title missing, never an organ with a breadcrumb in it. Looks at the first
    `_FLAT_HEAD` characters only, so the cost is bounded whatever the page.
    """
    head = text[:_FLAT_HEAD]
    folded, origin = _fold_mapped(head)
    match = _FLAT_TITLE.search(folded)
    if match is None:
        return None
    start = _flat_title_start(head, folded, origin, match.start("year"), match.end())
    if start is None:
        return None
    end = match.end()
    if _organ_from_title(head[start : origin[end]]) is None:
        after = _ORGAN_AFTER.match(folded, end)
        if after is not None:
            end = after.end()  # ``2018 年度…年度报告 成都市…局``: the organ printed after it
    return start, origin[end]


def flat_title_end(text: str) -> int | None:
    """Where `flat_title`'s title words end in a flattened head, their start certain or not.

    None where the head holds none. Text up to there that `flat_title` cannot cut stays one
    piece: cut at a table word in its breadcrumbs (``首页>信息内容>专…年度报告``), its tail
    would read as a title with a crumb in its organ.
    """
    head = text[:_FLAT_HEAD]
    folded, origin = _fold_mapped(head)
    match = _FLAT_TITLE.search(folded)
    return None if match is None else origin[match.end()]


def _flat_title_start(
    head: str, folded: str, origin: Sequence[int], year: int, end: int
) -> int | None:
    """Where the title whose year stands at folded[year] starts in `head`, if that is certain."""
    before = folded[:year].rstrip(_SPACES)
    if before.endswith(_W.about):
        before = before[: -len(_W.about)].rstrip(_SPACES)
    run = len(before)
    while run > 0 and _organ_char(before[run - 1]):
        run -= 1
    lead = unmark(head[: origin[len(before)]])
    if not before.strip(_MARKS):
        return 0  # the year starts the page
    if run == len(before):
        # The year is the title's first word; what stands before it is no organ, unless the
        # outline would read it as the organ printed above the title: not certain then.
        return None if _is_organ_line(unmark(head[: origin[year]])) else origin[year]
    if (
        len(lead) <= _FLAT_ORGAN_MAX
        and not _is_chrome(lead)
        and not is_metadata(lead)
        and not any(ch.isdigit() for ch in lead)
        and not _SENTENCE_END.search(lead)
        and not any(mark in lead for mark in _W.clause_marks + "《>")
    ):
        return 0  # the title starts the page: its organ is everything before the year
    echoed = _echo(folded, before[run:], year, end)
    if echoed is None or not _is_chrome(folded[: len(before) - echoed]):
        return None
    return origin[len(before) - echoed]


def _echo(folded: str, run: str, year: int, end: int) -> int | None:
    """The organ's length, if the title's organ and year are printed again right after it.

    `run` is the organ-like text glued before the year; the repetition's organ must be a tail of
    it at least two characters long, and its organ and year the title's own.
    """
    again = _TITLE_YEAR.search(folded, end, end + _ECHO)
    if again is None:
        return None
    organ = folded[end : again.start()].rstrip(_SPACES)
    if organ.endswith(_W.about):
        organ = organ[: -len(_W.about)].rstrip(_SPACES)
    if len(organ) < 2 or not run.endswith(organ) or not all(map(_organ_char, organ)):  # noqa: PLR2004
        return None
    repeated = folded[end : again.end()]
    first_year = _TITLE_YEAR.match(folded, year)
    if first_year is None:
        return None
    first = folded[first_year.end() - len(repeated) : first_year.end()]
    return len(organ) if first == repeated else None


_YEAR_PATTERNS = (
    re.compile(
        rf"(?:{_alternatives(_W.year_periods)}){_NOT_IN_SENTENCE}{{0,12}}?"
        rf"((?:19|20)\d{{2}})\s*{_YEAR_CHAR}"
    ),
    re.compile(
        rf"((?:19|20)\d{{2}})\s*{_YEAR_CHAR}{re.escape(_W.title_year_after)}?"
        rf"{_NOT_IN_CLAUSE}{{0,30}}?(?:{_SUBJECT}){_NOT_IN_SENTENCE}{{0,10}}?(?:{_KIND})"
    ),
    re.compile(rf"((?:19|20)\d{{2}})\s*{_YEAR_CHAR}"),
)


class _Meta(NamedTuple):
    title: str | None
    organ: str | None
    year: int | None
    title_lines: int
    """How many source lines the title took (it may be split over two)."""


def _is_organ_line(before: str) -> bool:
    return (
        1 < len(before) <= 20  # noqa: PLR2004 - an organ name, not a sentence
        and not any(ch.isdigit() for ch in before)
        and not _is_chrome(before)
        and not is_metadata(before)
        and not _SENTENCE_END.search(before)
    )


def _find_title(lines: Sequence[SourceLine]) -> tuple[int, _Meta] | None:
    """Find the title among the lines before the first heading; return its index and metadata.

    Scraper metadata lines are passed over (a ``标题:`` line is not the body's title). A title
    may be printed over two lines: the organ above ``2020年…年度报告``, or ``2024 年…公开工作``
    above ``年度报告``.
    """
    for index, line in enumerate(lines[:20]):
        if line.cells is not None:
            continue
        following = lines[index + 1] if index + 1 < len(lines) else None
        if (
            following is not None
            and following.cells is None
            and _title_tail(following.text)
            and _title_head(line.text)
        ):
            title = unmark(line.text) + unmark(following.text)
            folded = fold_characters(title)
            return index, _Meta(title, _organ_from_title(title), _year(folded), 2)
        if not _title_line(line.text):
            continue
        title = unmark(line.text)
        folded = fold_characters(title)
        if _TITLE_YEAR.match(folded.strip()) and index > 0:
            previous = lines[index - 1]
            before = unmark(previous.text)
            if previous.cells is None and _is_organ_line(before):
                return index - 1, _Meta(before + title, before, _year(folded), 2)
        return index, _Meta(title, _organ_from_title(title), _year(folded), 1)
    return None


def _page_title(lines: Sequence[SourceLine], page_title: str | None) -> _Meta | None:
    """The title a ``标题:`` line before the first heading names, else the page's ``<title>``.

    For a body that prints none. Only a title that names a report counts.
    """
    candidates = [_metadata_title(line.text) for line in lines[:20] if line.cells is None]
    for candidate in (*candidates, page_title):
        if not candidate or len(candidate) > _CHROME_MAX * 4:
            continue  # a title names a report in a line, not a page of text
        whole = unmark(candidate)
        title = _cut_site_name(whole)
        folded = fold_characters(title)
        if (
            _TITLE_YEAR.search(folded)
            and _HAS_KIND.search(folded)
            and _HAS_SUBJECT.search(folded)
            and not folded.startswith(_W.not_title_starts)  # a sentence citing the title
            and not _SENTENCE_END.search(folded)
        ):
            organ = _organ_from_title(title) or _organ_from_title(whole)
            return _Meta(title, organ, _year(folded), 0)
    return None


def _cut_site_name(title: str) -> str:
    """A page title without the site name after it (``…年度报告_某市人民政府``)."""
    folded, origin = _fold_mapped(title)
    last = None
    for last in _HAS_KIND.finditer(folded):  # noqa: B007 - the last match is wanted
        pass
    if last is None:
        return title
    return unmark(title[: origin[last.end()]])


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
    pattern = re.compile(rf"(?<=\s)(?=[{NUMERALS}]{{1,2}}{_MARK})")
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
    match = re.match(rf"([{NUMERALS}]{{1,2}}{_MARK})", text)
    if match is None:
        return None
    folded_rest = text[match.end() :]
    folded = fold_characters(folded_rest)  # once, not once per title
    for spec in sections():
        for title in (spec.title, *spec.aliases):
            if folded_rest.startswith(title) or folded.startswith(title):
                return match.group(1) + folded_rest[: len(title)]
    return None


_NUMERAL = re.compile(rf"\s*([{NUMERALS}]{{1,2}})")


def numeral(heading: str) -> int | None:
    """The value of a heading's Chinese numeral (一 … 十九), or None if it has none."""
    match = _NUMERAL.match(heading)
    if match is None:
        return None
    digits = match.group(1)
    if len(digits) == 1:
        return NUMERALS.index(digits) + 1
    if digits[0] == NUMERALS[-1]:
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


def _after_title(lines: Sequence[SourceLine], title: str) -> list[SourceLine]:
    """The lines under the title without the repeats of its parts that pages print there.

    Pages often repeat the title's parts just under it (organ / year-and-title lines). They are
    dropped up to the first other line of text, across table lines standing between (a stray
    table line is kept, and so is a blank line after it): the same lines are dropped whether or
    not a stray line separates them from the title, so a preamble the writer prints reads back.
    """
    kept: list[SourceLine] = []
    start = 0
    for start, line in enumerate(lines):  # noqa: B007 - `start` is where the text goes on
        if line.cells is None and not line.text.strip():
            if kept:
                kept.append(line)
        elif line.cells is None and _repeats_title(line.text, title):
            continue
        elif line.cells is not None or line.text.lstrip().startswith("|"):
            kept.append(line)
        else:
            break
    else:
        start = len(lines)
    return [*kept, *lines[start:]]


def metadata(
    lines: Sequence[SourceLine], out: Out, page_title: str | None = None
) -> tuple[_Meta, list[SourceLine]]:
    """Find the title and its organ and year; return them and the preamble lines without them.

    Scraper metadata above the title (``标题: …``, ``发布时间: …``, ``=== 正文 ===``) stays in the
    preamble, verbatim. A body that prints no title takes it from its ``标题:`` line, else from
    `page_title` (an HTML page's ``<title>``), with a problem saying so.
    """
    found = _find_title(lines)
    meta = _Meta(None, None, None, 0)
    rest = list(lines)
    if found is not None:
        index, meta = found
        after = _after_title(rest[index + meta.title_lines :], meta.title or "")
        # Above the title: a scraper's metadata block, kept; under it: the page's publishing
        # line and widgets, dropped as chrome.
        after = [line for line in after if line.cells is not None or not _is_page_info(line.text)]
        rest = [*rest[:index], *after]
    else:
        named = _page_title(lines, page_title)
        if named is not None:
            meta = named
            out.problem(
                "title-from-page",
                f"no title line in the body: the title {meta.title!r}, its organ and year are "
                "read from the page's own title (its metadata title line or <title>)",
                None,
                "title",
            )
        else:
            out.problem(
                "missing-title",
                "no title line (the year, the organ and the report's name) before the first "
                "section",
                None,
                "title",
            )
    rest = [
        line
        for line in rest
        if line.cells is not None or is_metadata(line.text) or not _is_chrome(line.text)
    ]
    return meta, rest


class Body(NamedTuple):
    heading: Heading | None
    line: SourceLine | None
    prose: list[str]
