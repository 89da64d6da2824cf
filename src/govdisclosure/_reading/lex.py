"""Stage 1, lex: source lines to tokens — cells, label text and row ends, each with its position.

A front end (text, HTML, wide CSV, PDF, Word) hands in `SourceLine`s: plain lines of text, or
table rows already split into cells. Lexing classifies each cell once (a value, a blank, text).
"""

from __future__ import annotations

import enum
import re
import sys
from collections.abc import Sequence
from typing import NamedTuple

from govdisclosure._cells import is_number, is_symbol_marker, is_value
from govdisclosure._memo import memo

__all__ = ["Kind", "SourceLine", "Token", "bar_lines", "classify", "lex_line", "tokens_of"]


# ------------------------------------------------------------------------------------------------
# Tokens


class Kind(enum.IntEnum):
    """What a token is."""

    TEXT = 0
    VALUE = 1
    BLANK = 2
    END = 3
    """The end of a table row whose cells stood together (one line, one ``<tr>``)."""


class Token(NamedTuple):
    """A cell or a piece of label text, with where it stood."""

    kind: Kind
    text: str
    line: int
    column: int


class SourceLine(NamedTuple):
    """A line of the source: its text, or a table row already split into cells."""

    text: str
    line: int
    column: int = 1
    cells: tuple[Token, ...] | None = None


# Page numbers PDF text keeps between lines ("- 4 -", "第4页"); a bare number is a cell, not this.
PAGE_LINE = re.compile(
    r"^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*共\s*\d{1,3}\s*页)?)\s*$"  # noqa: RUF001 - full-width and dash forms the reader folds on purpose
)


@memo(budget=2 << 20, longest=200)
def classify(text: str) -> Kind:
    """Return the kind of a stripped cell text: blank, a value (number or marker), or text."""
    if not text:
        return Kind.BLANK
    if is_value(text):
        return Kind.VALUE
    return Kind.TEXT


def lex_line(text: str, line: int, column: int = 1) -> list[Token]:
    """Split one line of text into tokens.

    ``a | b | c`` lines are split at the bars (empty cells are blanks, a row end follows); a
    line ending in numbers (``行政处罚 3985758``, PDF text) is split into its label and values;
    a whitespace-only line holding a tab or an ideographic space is a blank cell (one cell per
    line copies print empty cells so); anything else is one token.
    """
    base = column - 1
    return [Token(kind, cell, line, base + offset) for kind, cell, offset in shape(text)]


_Shape = tuple[tuple[Kind, str, int], ...]


def _shape_weight(text: str, shape: _Shape) -> int:
    """Bytes a line's shape holds: the line, and about 120 per token (tuple, text, column)."""
    return sys.getsizeof(text) + 120 * (len(shape) + 1)


@memo(budget=8 << 20, longest=400, weight=_shape_weight)
def shape(text: str) -> _Shape:
    """The tokens of a line as (kind, text, 1-based column): lines repeat, so this is cached."""
    stripped = text.strip()
    if not stripped:
        if text and ("\t" in text or "\u3000" in text):
            return ((Kind.BLANK, "", 1),)
        return ()
    if stripped == "|":
        return ((Kind.BLANK, "", text.index("|") + 1),)
    if "|" in stripped:
        return _shape_pipes(text)
    return _shape_words(text)


def _shape_pipes(text: str) -> _Shape:
    parts: list[tuple[str, int]] = []
    start = 0
    for part in text.split("|"):  # the text between bars, and where it starts
        parts.append((part, start))
        start += len(part) + 1
    if parts and not parts[0][0].strip():
        parts = parts[1:]
    if parts and not parts[-1][0].strip():
        parts = parts[:-1]
    cells = []
    for raw, at in parts:
        stripped = raw.strip()
        cells.append((classify(stripped), stripped, at + len(raw) - len(raw.lstrip()) + 1))
    if len(cells) >= 2:  # noqa: PLR2004 - a row of cells, not a single cell with a bar after it
        cells.append((Kind.END, "", len(text)))
    return tuple(cells)


_WORD = re.compile(r"\S+")


def _is_value_word(word: str) -> bool:
    return is_number(word) or is_symbol_marker(word)


def _shape_words(text: str) -> _Shape:
    words = [(m.group(), m.start()) for m in _WORD.finditer(text)]
    split = len(words)
    while split > 0 and _is_value_word(words[split - 1][0]):
        split -= 1
    stripped = text.strip()
    if split == len(words) or len(words) == 1:
        return ((classify(stripped), stripped, words[0][1] + 1),)
    cells: list[tuple[Kind, str, int]] = []
    if split > 0:
        start = words[0][1]
        end = words[split - 1][1] + len(words[split - 1][0])
        cells.append((Kind.TEXT, text[start:end], start + 1))
    cells.extend((Kind.VALUE, word, at + 1) for word, at in words[split:])
    cells.append((Kind.END, "", len(text)))
    return tuple(cells)


def tokens_of(lines: Sequence[SourceLine], *, bar_lines: bool) -> list[tuple[Token, int]]:
    """Tokens of `lines`, each with the index of the line it came from.

    With `bar_lines`, a line holding only ``|`` separates cells (copies that put a bar line
    after every cell); two bars in a row then enclose an empty cell.
    """
    out: list[tuple[Token, int]] = []
    previous_bar = False
    for index, line in enumerate(lines):
        if line.cells is not None:
            out.extend((token, index) for token in line.cells)
            previous_bar = False
            continue
        bar = line.text.strip() == "|"
        if bar and bar_lines:
            if previous_bar:
                out.append((Token(Kind.BLANK, "", line.line, line.column), index))
            previous_bar = True
            continue
        if line.text.strip():
            previous_bar = False
        out.extend((token, index) for token in lex_line(line.text, line.line, line.column))
    return out


def bar_lines(lines: Sequence[SourceLine]) -> bool:
    """True if the source separates cells by lines holding only ``|`` (one after every cell)."""
    bare = sum(1 for line in lines if line.cells is None and line.text.strip() == "|")
    barred = sum(
        1 for line in lines if line.cells is None and "|" in line.text and line.text.strip() != "|"
    )
    return bare >= 5 and bare > 2 * barred  # noqa: PLR2004
