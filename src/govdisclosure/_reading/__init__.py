"""The printed form, read: the one reader behind every format that prints the official layout.

Front ends (`govdisclosure.text`, `govdisclosure.html`, …) turn their source into `SourceLine`s
— lines of text, or table rows already split into cells — and call `read`. Reading runs in named
stages, each a module:

0. `flat` — a flattened page (one long line) cut into logical lines; glued cells split only as
   `arith`'s equations decide;
1. `lex` — lines to tokens (values, blanks, label text, row ends), each with its position;
2. `labels` — one matcher from folded label text to the layout's rows, headers and tables;
3. `outline` — the title, organ and year, section headings, regions, where each table stands;
4. `tables` — runs of values placed in the row their own label names, with one cell policy;
5. `result` — the report, the problems and the positions, assembled.

Nothing is guessed: a row whose values cannot be placed is left absent and reported as a
problem with its line and column.
"""

from govdisclosure._reading.collect import undecodable
from govdisclosure._reading.lex import Kind, SourceLine, Token, classify, lex_line
from govdisclosure._reading.outline import match_heading
from govdisclosure._reading.result import read
from govdisclosure.results import ParseResult, Position

__all__ = [
    "Kind",
    "ParseResult",
    "Position",
    "SourceLine",
    "Token",
    "classify",
    "lex_line",
    "match_heading",
    "read",
    "undecodable",
]
