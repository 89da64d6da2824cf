"""Stage 0, flat: re-line text a scraper flattened onto one line, before lexing.

A scraper that strips tags without separators leaves a report body on one line, its labels glued
to the numbers around them (``一、本年新收政府信息公开申请数量713000074二、上年结转…``). This
stage finds, in a long line, the section headings the layout knows and, inside the sections that
hold a table, the table's structure (captions, headers, row labels: `labels.is_structural`'s
labels, matched in the folded form `labels.key` uses), and cuts the line into logical lines at
those boundaries. Each piece keeps its source line and column, so every cell's position points at
the real line and column. Prose before a table and after its last values stays one verbatim piece.

A row's cells glued into one digit string are split only as `arith` decides; a split is recorded
as a ``decided-by-arithmetic`` problem, and a run no split is forced for stays one value (the
tables stage then leaves the row unplaced) with an ``ambiguous-split`` problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from itertools import pairwise
from typing import NamedTuple

from govdisclosure._cells import is_symbol_marker
from govdisclosure._reading.arith import (
    BLANK_MARK,
    Decision,
    Glued,
    application_equations,
    decide,
    glued_cells,
    row_sums,
)
from govdisclosure._reading.collect import Out
from govdisclosure._reading.labels import _structural_keys, key, marker_text, vote
from govdisclosure._reading.lex import Kind, SourceLine, Token
from govdisclosure._reading.outline import NUMERALS, flat_title, flat_title_end
from govdisclosure.layout import (
    OUTLINE,
    Row,
    Template,
    iter_layouts,
    layout,
    normalize_label,
    sections,
)
from govdisclosure.model._shape import FALLBACK

__all__ = ["reline"]

_GROUP = 5
"""Cells of a section 四 group (结果维持 … 总计)."""
_KEEP_MARKS = "".join(c for c in map(chr, range(0x3001)) if c.isspace() and c != BLANK_MARK)
"""What `_body` strips: every space but the blank mark, which is a cell."""
_LONG = 200
"""Lines shorter than this are never flattened pages (a heading, a row, a paragraph)."""


class _Trie(dict[str, "_Trie"]):
    """A trie of words: each character to the rest; ``""`` marks a word's end."""


def _trie_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """One regex matching the longest of `words` at each place: a trie, so linear to scan."""
    trie = _Trie()
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, _Trie())
        node[""] = _Trie()

    def build(node: _Trie) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return re.compile(build(trie))


@cache
def _headings() -> tuple[re.Pattern[str], dict[str, str]]:
    """Numbered section headings (一、 … 十、 + a known title), folded: pattern and section keys."""
    found: dict[str, str] = {}
    for spec in sections():
        for title in (spec.title, *spec.aliases):
            for numeral in NUMERALS:
                found[key(numeral + "、" + title)] = spec.key
            found[key("、" + title)] = spec.key  # its numeral lost (``、主动公开…``)
    return _trie_pattern(found), found


_UNNUMBERED = key("、")
_SENTENCE_ENDS = OUTLINE.sentence_ends


def _heading_here(text: str, start: int, folded_heading: str) -> bool:
    """Whether a heading found at text[start] is one.

    A heading whose numeral is lost must start the line or follow a sentence's end
    (``…提案。、主动公开…``): not a list in prose (``总体情况、主动公开政府信息情况、…``).
    """
    if not folded_heading.startswith(_UNNUMBERED):
        return True
    return start == 0 or text[start - 1] in _SENTENCE_ENDS or text[start - 1].isspace()


@cache
def _structure() -> re.Pattern[str]:
    return _trie_pattern(_structural_keys())


@cache
def _row_labels(table: str) -> dict[str, tuple[Row, ...]]:
    """Folded row labels (and aliases) of `table` -> the rows, one per template, they name."""
    found: dict[str, dict[Template, Row]] = {}
    for lay in iter_layouts():
        for row in lay.table(table).rows:
            for label in (row.label, *row.aliases):
                found.setdefault(key(label), {})[lay.template] = row
    return {label: tuple(rows.values()) for label, rows in found.items()}


_CHAR_FOLD: dict[str, str] = {}


def _folded(text: str) -> tuple[str, list[int]]:
    """`text` folded as `labels.key` folds, and each folded character's index in `text`."""
    chars: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        folded = _CHAR_FOLD.get(char)
        if folded is None:
            folded = _CHAR_FOLD[char] = normalize_label(char)
        for piece in folded:
            chars.append(piece)
            where.append(index)
    # key's canonical numbering (1、 -> 1.), also right after a number glued before it.
    return re.sub(r"(?<=\d),(?=\D)", ".", "".join(chars)), where


class _Piece(NamedTuple):
    start: int
    end: int
    label: str | None
    """The folded label the piece is, or None for text between labels."""


_LEADING_VALUES = re.compile(r"\s*[0-9０-９](?:[0-9０-９\s]|[.．](?=[0-9０-９]))*")  # noqa: RUF001 - full-width digits


def _cut_table(text: str, folded: str, where: list[int], start: int, end: int) -> list[_Piece]:
    """Pieces of the table section text[start:end] (folded indices fstart:fend)."""
    lo = _bisect(where, start)
    hi = _bisect(where, end)
    matches = [
        (where[m.start()], where[m.end() - 1] + 1, m.group())
        for m in _structure().finditer(folded, lo, hi)
        if m.group()
    ]
    first = next((i for i, m in enumerate(matches) if marker_text(m[2]) is not None), None)
    if first is None:
        return [_Piece(start, end, None)]
    pieces: list[_Piece] = []
    at = start
    last_values = max(
        (i for i in range(first, len(matches)) if _LEADING_VALUES.match(text, matches[i][1])),
        default=None,
    )
    for index in range(first, len(matches) if last_values is None else last_values + 1):
        m_start, m_end, label = matches[index]
        if m_start < at:
            continue
        if m_start > at:
            pieces.append(_Piece(at, m_start, None))
        pieces.append(_Piece(m_start, m_end, label))
        at = m_end
    if at < end:
        values = _LEADING_VALUES.match(text, at, end)
        if (
            values is not None
            and values.end() > at
            and pieces
            and pieces[-1].label is not None
            and not is_symbol_marker(text[values.end() : values.end() + 1])
        ):
            # Values glued to a marker (0/) would be cells the arithmetic never saw: kept whole.
            pieces.append(_Piece(at, values.end(), None))
            at = values.end()
        if at < end:
            pieces.append(_Piece(at, end, None))
    return pieces


def _cut_head(text: str, folded: str, where: list[int], end: int) -> list[_Piece]:
    """The text before the first heading: its title (where certain) a piece of its own.

    The outline's `flat_title` says where the title stands; the chrome before it stays a piece
    of its own, verbatim. What follows the title may hold the end of a table whose heading the
    page does not show (a PDF's page 4 starting inside section 二): cut as a table section is.
    """
    span = flat_title(text[:end])
    if span is None:
        # Title words whose start is not certain: the text up to them stays one piece (no title
        # is read from it); what follows may still hold a table's end.
        words = flat_title_end(text[:end])
        if words is None:
            return _cut_table(text, folded, where, 0, end)
        return [
            _Piece(0, words, None),
            *(_cut_table(text, folded, where, words, end) if words < end else []),
        ]
    start, title_end = span
    head = [_Piece(a, b, None) for a, b in pairwise((0, start, title_end)) if b > a]
    return head + (_cut_table(text, folded, where, title_end, end) if title_end < end else [])


def _bisect(where: list[int], index: int) -> int:
    """The first folded index whose source index is at least `index`."""
    lo, hi = 0, len(where)
    while lo < hi:
        mid = (lo + hi) // 2
        if where[mid] < index:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _cut(text: str) -> list[tuple[str | None, list[_Piece]]] | None:
    """The line cut at its section headings; each part's section and pieces. None if no heading."""
    pattern, keys = _headings()
    if pattern.search(normalize_label(text)) is None:
        return None  # no heading: the per-character fold below is not needed
    folded, where = _folded(text)
    heads = [
        m
        for m in pattern.finditer(folded)
        if m.group() and _heading_here(text, where[m.start()], m.group())
    ]
    if not heads:
        return None
    parts: list[tuple[str | None, list[_Piece]]] = []
    starts = [where[m.start()] for m in heads]
    if starts[0] > 0:
        parts.append((None, _cut_head(text, folded, where, starts[0])))
    for number, m in enumerate(heads):
        h_start, h_end = where[m.start()], where[m.end() - 1] + 1
        end = starts[number + 1] if number + 1 < len(heads) else len(text)
        section = keys[m.group()]
        pieces = [_Piece(h_start, h_end, m.group())]
        if h_end < end:
            tabled = section in {"proactive", "applications", "review_litigation"}
            pieces.extend(
                _cut_table(text, folded, where, h_end, end)
                if tabled
                else [_Piece(h_end, end, None)]
            )
        parts.append((section, pieces))
    return parts


# ------------------------------------------------------------------------------------------------
# Glued cells


class _Run(NamedTuple):
    glued: Glued
    piece: int
    """Index of the piece holding the digits."""


def _proactive_template(text: str, pieces: Sequence[_Piece]) -> Template | None:
    votes: set[Template] = set()
    for piece in pieces:
        if piece.label is not None:
            votes |= vote(text[piece.start : piece.end])
    return next(iter(votes)) if len(votes) == 1 else None


def _body(text: str) -> tuple[str, int]:
    """`text` stripped of spaces but blank marks (each a cell); and where it starts in `text`."""
    body = text.strip(_KEEP_MARKS)
    return body, len(text) - len(text.lstrip(_KEEP_MARKS))


def _glued_rows(  # noqa: C901, PLR0912 - one branch per table's way of gluing
    section: str, text: str, pieces: Sequence[_Piece], template: Template | None
) -> tuple[list[_Run], dict[tuple[str, ...], tuple[int, ...]], Template | None]:
    """The digit runs standing after a row label (or section 四's header); rows read apart."""
    labels = _row_labels(section)
    runs: list[_Run] = []
    known: dict[tuple[str, ...], tuple[int, ...]] = {}
    seen: set[Template] = set()
    review = layout(FALLBACK).table("review_litigation").rows
    for index, piece in enumerate(pieces):
        if piece.label is not None or index == 0 or pieces[index - 1].label is None:
            continue
        body = _body(text[piece.start : piece.end])[0]
        before = pieces[index - 1].label or ""
        rows = labels.get(before, ())
        if section == "review_litigation":
            # Blank marks alone after a header are its empty header cells, not a group's cells.
            if glued_cells(body) and len(body) >= _GROUP and body.strip(BLANK_MARK):
                runs.append(_Run(Glued(review, body, row_sums(review)), index))
            continue
        if template is not None:
            rows = tuple(r for r in rows if r in layout(template).table(section).rows)
        if len({len(r.columns) for r in rows}) != 1:
            continue
        row = rows[0]
        if len(rows) == 1 and section == "applications":
            owners = [
                lay.template
                for lay in iter_layouts()
                if row.key in {r.key for r in lay.table(section).rows}
            ]
            if len(owners) == 1:
                seen.add(owners[0])
        words = body.split()
        if len(row.columns) > 1 and len(words) == len(row.columns):
            if all(w.isdigit() and w.isascii() for w in words):
                known[row.path] = tuple(map(int, words))
            continue
        if len(row.columns) <= len(body) and len(row.columns) > 1 and glued_cells(body):
            runs.append(_Run(Glued((row,), body, row_sums((row,))), index))
    if section == "applications" and template is None and len(seen) == 1:
        template = next(iter(seen))
    if section == "review_litigation" and len(runs) == len(review):
        # three group tables: each group's digits after its own header
        runs = [
            _Run(Glued((row,), run.glued.digits, row_sums((row,))), run.piece)
            for row, run in zip(review, runs, strict=True)
        ]
    elif section == "review_litigation" and len(runs) != 1:
        runs = []
    return runs, known, template


def _note(run: _Run, decision: Decision, token: Token, out: Out) -> None:
    glued = run.glued
    names = " / ".join(row.label for row in glued.rows)
    path = (
        f"review_litigation.{glued.rows[0].key}"
        if len(glued.rows) > 1
        else f"{_table_of(glued.rows[0])}.{glued.rows[0].key}"
    )
    width = sum(len(r.columns) for r in glued.rows)
    if decision.parts is not None:
        why = (
            "; ".join(decision.equations)
            if decision.equations
            else f"no other split fills the {width} cells"
        )
        blanks = (
            "each &nbsp; one blank cell, no other cell blank"
            if BLANK_MARK in glued.digits
            else "no cell blank"
        )
        out.problem(
            "decided-by-arithmetic",
            f"{names}: the glued digits {glued.digits!r} split one way only ({why}; {blanks}): "
            + " | ".join(part or "blank" for part in decision.parts),
            token,
            path,
            found=glued.digits,
        )
        return
    fits = "more splits than the search looks at" if decision.fits is None else decision.fits
    out.problem(
        "ambiguous-split",
        f"{names}: the glued digits {glued.digits!r} fit {width} cells in {fits} ways "
        "the template's equations allow"
        + ("" if glued.sums else " (no equation checks this row)")
        + "; the cells are left unread",
        token,
        path,
        found=glued.digits,
    )


def _table_of(row: Row) -> str:
    for lay in iter_layouts():
        for table in lay.tables:
            if row in table.rows:
                return table.key
    return ""


def reline(lines: Sequence[SourceLine], out: Out) -> list[SourceLine]:
    """`lines` with every flattened line cut into logical lines (and glued cells split)."""
    result: list[SourceLine] = []
    for line in lines:
        if line.cells is not None or len(line.text) < _LONG:
            result.append(line)
            continue
        parts = _cut(line.text)
        if parts is None:
            result.append(line)
            continue
        template: Template | None = None
        for section, pieces in parts:
            if section == "proactive":
                template = _proactive_template(line.text, pieces) or template
            result.extend(_lines(line, section, pieces, template, out))
    return result


def _lines(
    line: SourceLine,
    section: str | None,
    pieces: Sequence[_Piece],
    template: Template | None,
    out: Out,
) -> list[SourceLine]:
    text = line.text
    split: dict[int, tuple[str, ...]] = {}
    if section in {"proactive", "applications", "review_litigation"}:
        runs, known, table_template = _glued_rows(section, text, pieces, template)
        across = (
            application_equations(table_template)
            if section == "applications" and table_template is not None
            else ()
        )
        decisions = decide([r.glued for r in runs], known, across)
        for run, decision in zip(runs, decisions, strict=True):
            piece = pieces[run.piece]
            offset = _body(text[piece.start : piece.end])[1]
            where = Token(
                Kind.VALUE, run.glued.digits, line.line, line.column + piece.start + offset
            )
            _note(run, decision, where, out)
            if decision.parts is not None:
                split[run.piece] = decision.parts
    made: list[SourceLine] = []
    for index, piece in enumerate(pieces):
        body = text[piece.start : piece.end]
        parts = split.get(index)
        if parts is None and not body.strip():
            continue
        column = line.column + piece.start
        if parts is None:
            made.append(SourceLine(body, line.line, column))
            continue
        at = column + _body(body)[1]
        cells: list[Token] = []
        for part in parts:
            cells.append(Token(Kind.VALUE if part else Kind.BLANK, part, line.line, at))
            at += len(part) or 1  # a blank cell: its mark
        cells.append(Token(Kind.END, "", line.line, at))
        made.append(SourceLine(body, line.line, column, tuple(cells)))
    return made
