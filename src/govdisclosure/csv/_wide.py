"""The wide CSV form: one table in the official layout, as a person types it into a spreadsheet.

Labels are read back in the staged reader's folded form (`govdisclosure._reading.labels.key`:
`normalize_label` plus canonical ``1.`` numbering) and the layout's aliases, so full- or
half-width punctuation, spaces and line breaks inside a label, Traditional characters and ``1、``
numbering all match; cells are read by the one cell policy (`govdisclosure._cells`). The
lookups below are derived from the layout once per template.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

import attrs

from govdisclosure._reading.collect import Out
from govdisclosure._reading.labels import group_owner, is_structural, vote
from govdisclosure._reading.labels import key as label_key
from govdisclosure._reading.lex import Kind, Token
from govdisclosure._reading.tables import (
    ReviewReader,
    TableReader,
    _Run,
    blocks_of,
    caption_item,
    detect_template,
    read_applications,
    read_proactive,
    review_group,
)
from govdisclosure._writing.printed import Cell, Escape, printed_table, spreadsheet
from govdisclosure.csv._common import FORMULA_START, decode, neutralise, records, restore
from govdisclosure.csv._shape import shape_template, table_layout
from govdisclosure.errors import Problem
from govdisclosure.layout import (
    TABLE_KEYS,
    Block,
    Column,
    Group,
    Row,
    Template,
    layout,
    sections,
)
from govdisclosure.model import ExtraRow, Report, read_number
from govdisclosure.model.values import looks_numeric

_OTHER = {Template.V2019: Template.V2021, Template.V2021: Template.V2019}


# ------------------------------------------------------------------------------------------------
# Vocabulary: every printed form of every label, normalised, derived from the layout.


@attrs.frozen
class _Vocab:
    rows: Mapping[str, tuple[Row, ...]]
    groups: Mapping[str, Group]
    columns: Mapping[str, Column]
    captions: Mapping[str, Block]
    header: frozenset[str]
    """Words a header line holds: column labels, header groups, the corner note."""
    words: frozenset[str]
    """Every label of the table."""


def _norms(*forms: str | None) -> set[str]:
    return {label_key(form) for form in forms if form}


def _row_forms(row: Row) -> set[str]:
    return _norms(row.label, row.text, row.full_label, *row.aliases)


def _group_forms(group: Group) -> set[str]:
    return _norms(group.label, group.text, *group.aliases)


@cache
def _vocab(template: Template, key: str) -> _Vocab:
    table = layout(template).table(key)
    rows: dict[str, list[Row]] = {}
    for row in table.rows:
        for form in _row_forms(row):
            rows.setdefault(form, []).append(row)
    groups = {
        form: group
        for row in table.rows
        for group in row.parents
        for form in _group_forms(group)
        if form not in rows
    }
    columns = {
        form: column
        for column in table.columns
        for form in _norms(column.label, column.full_label, *column.aliases)
    }
    captions = {label_key(block.caption): block for block in table.blocks}
    header = set(columns) | _norms(table.header, table.corner, *table.column_groups)
    header |= _norms(*(column.group for column in table.columns))
    header |= _norms(*(block.header for block in table.blocks))
    if key == "review_litigation":  # its row labels are printed in the header
        header |= set(rows) | set(groups)
    words = header | set(rows) | set(groups) | set(captions)
    return _Vocab(
        {form: tuple(found) for form, found in rows.items()},
        groups,
        columns,
        captions,
        frozenset(header),
        frozenset(words),
    )


@cache
def _headings() -> Mapping[str, str]:
    """Normalised section headings (numbered or not, aliases too) -> table key."""
    found: dict[str, str] = {}
    for section in sections():
        if section.table is None:
            continue
        for title in (section.title, *section.aliases):
            for form in _norms(title, section.number + title):
                found[form] = section.table
    return found


# ------------------------------------------------------------------------------------------------
# Writing


def table_rows(report: Report, key: str, *, excel: bool) -> list[list[str]]:
    """Return the lines of table `key` of `report` in the official layout.

    The table is the printed table the text and HTML writers render
    (`govdisclosure._writing.printed_table`), rendered in the spreadsheet form
    (`govdisclosure._writing.spreadsheet`): this writer lays nothing out itself.
    """
    if key not in TABLE_KEYS:
        msg = f"expected a table key ({', '.join(TABLE_KEYS)}), found {key!r}"
        raise ValueError(msg)
    printed = printed_table(report, key, spreadsheet=True)
    if printed is None:
        msg = (
            f"the report has no {key} table; for a blank form to fill in, write a table of "
            "Report.empty(template)"
        )
        raise ValueError(msg)
    heading, labels = _frame(shape_template(report.template), key)
    return [[heading], *spreadsheet(printed, labels, _EXCEL if excel else None)]


@cache
def _frame(template: Template, key: str) -> tuple[str, int]:
    """The heading of table `key`, and how many label columns its spreadsheet form has."""
    heading = next(s.heading for s in sections() if s.table == key)
    rows = layout(template).table(key).rows
    labels = 1 + max(len(row.parents) for row in rows) if key == "applications" else 1
    return heading, labels


def _excel(cell: Cell) -> str:
    """A cell's text, with an apostrophe before text a spreadsheet would run as a formula.

    A number the model holds (a signed count prints ``-3``) stays as it is; a marker, a label
    and an extra row's text are neutralised.
    """
    text = cell.text
    if cell.path is not None and looks_numeric(text):
        return text
    return neutralise(text)


_EXCEL = Escape(FORMULA_START, _excel)


# ------------------------------------------------------------------------------------------------
# Reading


@attrs.frozen
class _Line:
    line: int
    cells: list[str]
    norms: list[str]

    def filled(self, end: int | None = None) -> list[int]:
        """Positions of the non-blank cells before `end`."""
        return [i for i, cell in enumerate(self.cells[:end]) if cell.strip()]


def read_table(
    source: str | bytes, key: str | None, template: Template | None, *, excel: bool
) -> tuple[Any, list[Problem]]:
    """Read one table in the official layout; return it (None if unreadable) and the problems."""
    if key is not None and key not in TABLE_KEYS:
        msg = f"expected a table key ({', '.join(TABLE_KEYS)}), found {key!r}"
        raise ValueError(msg)
    text, problem = decode(source)
    problems: list[Problem] = [problem] if problem else []
    lines = []
    for number, fields in records(text, problems):
        cells = [restore(cell) for cell in fields] if excel else fields
        lines.append(_Line(number, cells, [label_key(cell) for cell in cells]))
    key = _table_key(lines, key, problems)
    if key is None:
        return None, problems
    if key != "review_litigation":  # only section 四's line of numbers may be all blank
        lines = [line for line in lines if line.filled()]
    return _Reader(key, template, problems).read(lines), problems


def _table_key(lines: list[_Line], key: str | None, problems: list[Problem]) -> str | None:
    """Return the table key, from the heading line or else the labels; drop the heading line."""
    first = next((line for line in lines if line.filled()), None)
    filled = first.filled() if first else []
    found = _headings().get(first.norms[filled[0]]) if first and len(filled) == 1 else None
    if first is not None and found is not None:
        lines.remove(first)
        if key is not None and found != key:
            problems.append(
                Problem(
                    f"expected the {key} table, found the heading of the {found} table",
                    line=first.line,
                    column=filled[0] + 1,
                    found=first.cells[filled[0]],
                    kind="wrong-table",
                )
            )
            return None
        return found
    if key is not None:
        return key
    counts = {k: sum(n in _own_words(k) for line in lines for n in line.norms) for k in TABLE_KEYS}
    best = max(TABLE_KEYS, key=lambda k: counts[k])
    if counts[best] == 0:
        problems.append(
            Problem(
                "expected the heading or the labels of section 二, 三 or 四, found neither; "
                "pass key= to say which table this is",
                line=first.line if first else 1,
                kind="unknown-table",
            )
        )
        return None
    return best


@cache
def _own_words(key: str) -> frozenset[str]:
    """Labels only table `key` prints (in either template)."""
    both = (Template.V2019, Template.V2021)
    mine = frozenset().union(*(_vocab(t, key).words for t in both))
    others = frozenset().union(*(_vocab(t, k).words for t in both for k in TABLE_KEYS if k != key))
    return mine - others


@cache
def _content_keys() -> frozenset[str]:
    """The first field of a section 二 header line (信息内容), folded."""
    return frozenset(
        label_key(block.header)
        for template in _OTHER
        for block in layout(template).table("proactive").blocks
    )


@cache
def _column_places() -> Mapping[str, int]:
    """Section 二 column label (any form, either template), folded -> its place in its block.

    A header's fields are put in this order, the order the stage reads a row's cells in.
    """
    places: dict[str, int] = {}
    for template in _OTHER:
        for block in layout(template).table("proactive").blocks:
            for place, column in enumerate(block.columns):
                for form in _norms(column.label, column.full_label, *column.aliases):
                    places.setdefault(form, place)
    return places


def _is_number(text: str) -> bool:
    """Return True if `text` reads as a number (however many digits)."""
    try:
        return read_number(text) is not None
    except ValueError:  # more digits than Python converts: a number all the same
        return True


# The staged reader's problems, as the strict reader raises them. A CSV table prints only the
# rows it shows, so rows absent are no problem; a row kept as an extra row (one the template
# lacks, or a hybrid block's under the template the caller names) keeps what the source
# printed and is reported but not refused. A row read by another template's label
# (`variant-label`) is refused: strictly, a label is its template's own.
_NOT_SHOWN = frozenset({"row-missing", "text-cut-off"})
KEPT = frozenset({"unknown-row", "hybrid-block"})
"""Problems `loads_table` does not refuse: the source's text is kept, where it stood."""
_RENAMED = {"duplicate-row": "duplicate", "template-unknown": "unknown-template"}


def _adapted(problems: Sequence[Problem]) -> list[Problem]:
    """The staged reader's `problems` in the CSV reader's terms (each message says 'expected')."""
    adapted = []
    for problem in problems:
        if problem.kind in _NOT_SHOWN:
            continue
        kind = _RENAMED.get(problem.kind, problem.kind)
        message = problem.message
        if "expected" not in message:
            message = f"expected the official layout: {message}"
        column = None if kind == "unknown-template" else problem.column  # the whole table's
        adapted.append(attrs.evolve(problem, kind=kind, message=message, column=column))
    return adapted


def _trimmed(extra: ExtraRow) -> ExtraRow:
    values = list(extra.values)
    while values and not values[-1]:
        values.pop()
    return attrs.evolve(extra, values=tuple(values))


class _StopError(Exception):
    """The table cannot be read on: the problems say why (never leaves this module)."""


class _Reader:
    """Read the lines of one table into its model object."""

    def __init__(self, key: str, template: Template | None, problems: list[Problem]) -> None:
        self.key = key
        self.template = template
        self.problems = problems
        self.staged: Any = None
        """The table the staged reader built."""

    def problem(
        self, line: _Line, index: int | None, message: str, kind: str, path: str | None = None
    ) -> None:
        found = line.cells[index] if index is not None and index < len(line.cells) else None
        self.problems.append(
            Problem(
                message,
                path=path,
                line=line.line,
                column=None if index is None else index + 1,
                found=found,
                kind=kind,
            )
        )

    def read(self, lines: list[_Line]) -> Any:
        try:
            self.body(lines)
        except _StopError:
            return None
        return self.staged

    def body(self, lines: list[_Line]) -> None:
        """Read the rows into `staged`. Raises _StopError if unreadable."""
        if self.key == "proactive":
            self.proactive(lines)
        elif self.key == "review_litigation":
            self.review(lines)  # the same in both templates
        else:
            self.applications(lines)

    def missing_columns(
        self, line: _Line, wanted: Sequence[Column], found: Mapping[str, int], where: str
    ) -> None:
        """Report the columns of `wanted` that a header line did not name."""
        for column in wanted:
            if column.key not in found:
                self.problem(
                    line,
                    None,
                    f"expected a column {column.full_label!r} in the header{where}, found none",
                    "missing-column",
                )

    # -- section 二 -----------------------------------------------------------------------------

    def proactive(self, lines: list[_Line]) -> Template:
        """Section 二 through the staged reader's table stage (`read_proactive`).

        The front end's own work is the spreadsheet's: a header line's fields name the columns
        the rows under it fill (in any order; a value in a field the header leaves empty is
        refused). Each line becomes the stage's tokens — captions and headers as text, a row's
        label as text, then its cells in the order of the header's columns and a row end —
        and the stage detects the template from the headers (or takes the one given), keeps a
        block printing the other template's headers as extra rows (`hybrid-block`), matches
        the labels and reads every cell by the one cell policy.
        """
        tokens: list[Token] = []
        order: list[int] | None = None
        outside: dict[int, int] = {}
        """Line -> the first field holding a value where the header names no column."""
        for line in lines:
            filled = line.filled()
            first = filled[0]
            text = line.cells[first].strip()
            tokens.append(Token(Kind.TEXT, text, line.line, first + 1))
            if caption_item(text) is not None:
                order = None  # a new block: its own header follows, if any
                continue
            if label_key(text) in _content_keys():
                order = self.header(line, filled[1:], tokens)
                continue
            # The header's columns, then any other value (padding fields are no cells); with
            # no header, the fields up to the last value.
            beyond = [i for i in range(first + 1, filled[-1] + 1) if not order or i not in order]
            places = [*(order or ()), *beyond]
            if order and any(line.cells[i].strip() for i in beyond):
                outside[line.line] = next(i for i in beyond if line.cells[i].strip())
            if not places:
                # The label alone: a row the template lacks, printed without values (an empty
                # value keeps it a row; a template row needs its cells and is refused).
                tokens.append(Token(Kind.VALUE, "", line.line, first + 2))
            for index in places:
                cell = line.cells[index].strip() if index < len(line.cells) else ""
                kind = Kind.VALUE if cell else Kind.BLANK
                tokens.append(Token(kind, cell, line.line, index + 1))
            tokens.append(Token(Kind.END, "", line.line, len(line.cells) + 1))
        self.agree(tokens)
        out = Out()
        table, template, _ = read_proactive(tokens, out, template=self.template)
        self.problems.extend(_adapted(self.outside(out.problems, outside, lines)))
        if template is None:
            raise _StopError
        self.staged = attrs.evolve(table, extra_rows=tuple(map(_trimmed, table.extra_rows)))
        return template

    def outside(
        self, problems: Sequence[Problem], outside: Mapping[int, int], lines: Sequence[_Line]
    ) -> list[Problem]:
        """Problems with a row the stage could not place for a value outside the header's columns.

        The problem is then that value, at its field (`outside`: line -> field).
        """
        by_line = {line.line: line for line in lines}
        kept = []
        for problem in problems:
            index = outside.get(problem.line or 0)
            if problem.kind != "ambiguous-row" or index is None:
                kept.append(problem)
                continue
            line = by_line[problem.line or 0]
            kept.append(
                Problem(
                    f"expected no value in a column the header does not name, found "
                    f"{line.cells[index]!r}",
                    path=problem.path,
                    line=line.line,
                    column=index + 1,
                    found=line.cells[index],
                    kind="unexpected-value",
                )
            )
        return kept

    def header(self, line: _Line, fields: list[int], tokens: list[Token]) -> list[int]:
        """Read a block's header line into tokens; return its columns' fields in layout order."""
        known = _column_places()
        places: list[tuple[int, int]] = []
        for index in fields:
            text = line.cells[index].strip()
            place = known.get(label_key(text))
            if place is None:
                self.problem(
                    line,
                    index,
                    f"expected a column label of section 二, found {text!r}",
                    "unknown-column",
                )
                continue
            tokens.append(Token(Kind.TEXT, text, line.line, index + 1))
            places.append((place, index))
        return [index for _, index in sorted(places)]

    def agree(self, tokens: list[Token]) -> None:
        """Refuse headers that disagree: with the template given, or (none given) each other.

        A table whose blocks print both templates' headers is read as a hybrid (its other
        template's blocks kept as extra rows) only when the caller names the template.
        """
        if self.template is None:
            if self.mixed(tokens):
                raise _StopError
        elif detect_template(blocks_of(tokens)) not in (None, self.template):
            self.disagree(tokens, self.template)

    def disagree(self, tokens: Sequence[Token], template: Template) -> None:
        """The headers show the other template than the one given: refuse, at the first."""
        token = next(
            t for t in tokens if t.kind is Kind.TEXT and vote(t.text) == {_OTHER[template]}
        )
        self.problems.append(
            Problem(
                f"expected a table of the {template} template, found a label of the "
                f"{_OTHER[template]} template",
                line=token.line,
                column=token.column,
                found=token.text,
                kind="wrong-template",
            )
        )
        raise _StopError

    def mixed(self, tokens: Sequence[Token]) -> bool:
        """Headers of both templates and none given: refuse, at the first 2021 one."""
        votes = {
            t: [tok for tok in tokens if tok.kind is Kind.TEXT and vote(tok.text) == {t}]
            for t in _OTHER
        }
        if not all(votes.values()):
            return False
        token = votes[Template.V2021][0]
        self.problems.append(
            Problem(
                "expected the labels of one template, found labels of both 2019 and 2021",
                line=token.line,
                column=token.column,
                found=token.text,
                kind="mixed-templates",
            )
        )
        return True

    # -- section 三 -----------------------------------------------------------------------------

    def applications(self, lines: list[_Line]) -> Template | None:
        """Section 三 through the staged reader's table stage (`govdisclosure._reading.tables`).

        The front end's own work is the spreadsheet's: which field holds which column (the
        header, or the official order), and that no value stands outside the columns. Each line
        becomes the stage's tokens — its label cells as label text (a group label in its own
        column is the row's context, as a merged label cell is in HTML), then its seven cells in
        column order and a row end — and the stage matches the labels, detects the template
        from the rows only one template prints and reads every cell by the one cell policy.
        A line that stops after its labels (a group shown on its own) gives no cells.
        """
        both = _vocab(Template.V2021, self.key)
        header, body = self.split_header(lines, both)
        columns = table_layout(None, self.key).columns
        positions = self.column_map(header, both)
        if positions:
            self.missing_columns(header[-1], columns, positions, "")
        else:
            depth = max(len(row.parents) for row in table_layout(None, self.key).rows) + 1
            positions = {c.key: depth + i for i, c in enumerate(columns)}
        start = min(positions.values())
        order = [positions.get(c.key) for c in columns]
        out = Out()
        reader = TableReader(self.key, self.template, out)
        for line in body:
            self.feed(reader, line, start, order)
        # A CSV row ends where its last value does: trailing empty fields are no values.
        reader.extra = [_trimmed(extra) for extra in reader.extra]
        template = self.template
        if template is None and len(reader.row_templates) == 1:
            template = next(iter(reader.row_templates))
        self.staged = read_applications(reader, template, out)
        self.problems.extend(_adapted(out.problems))
        return template

    def feed(
        self, reader: TableReader, line: _Line, start: int, order: Sequence[int | None]
    ) -> None:
        """Hand one line to the stage: its label cells as text, its cells in column order."""
        labels = line.filled(start)
        if not labels:
            self.problem(
                line,
                line.filled()[0],
                "expected a row label before the values, found none",
                "unlabelled-row",
            )
            return
        for index in line.filled():
            if index >= start and index not in order:
                self.problem(
                    line,
                    index,
                    f"expected no value outside the table's columns, found {line.cells[index]!r}",
                    "unexpected-value",
                    self.key,
                )
        tokens = [Token(Kind.TEXT, line.cells[i].strip(), line.line, i + 1) for i in labels]
        if len(line.cells) <= start:
            # The line stops after its labels: a group shown on its own, or a row the
            # template lacks printed without values.
            label = " ".join(t.text for t in tokens)
            owner = group_owner(self.key, tokens[-1].text)
            if owner is not None:
                reader.row_templates.add(owner)
            elif not is_structural(label):
                reader.unknown(tokens, _Run([], "row", 0))
            return
        for place in order:
            text = "" if place is None or place >= len(line.cells) else line.cells[place].strip()
            kind = Kind.VALUE if text else Kind.BLANK
            tokens.append(Token(kind, text, line.line, (place or 0) + 1))
        tokens.append(Token(Kind.END, "", line.line, len(line.cells) + 1))
        stray = len(reader.stray)
        reader.read(tokens)  # one line at a time: a line's labels are its own
        if len(reader.stray) > stray:
            # Blank cells under a label no row has: the stage leaves them as structure,
            # but a line of the CSV is a row — one the template lacks.
            del reader.stray[stray:]
            reader.unknown(tokens[: len(labels)], _Run([], "row", 0))

    def split_header(self, lines: list[_Line], vocab: _Vocab) -> tuple[list[_Line], list[_Line]]:
        """Split off the leading header lines: column labels, no number, no row label in full."""
        # Section 四 prints its row labels in the header; section 三 never does.
        rows = () if self.key == "review_litigation" else table_layout(None, self.key).rows
        full = {label_key(row.label) for row in rows}
        for index, line in enumerate(lines):
            filled = line.filled()
            norms = [line.norms[i] for i in filled]
            if (
                not any(n in vocab.header for n in norms)
                or any(n in full for n in norms)
                or any(_is_number(line.cells[i]) for i in filled)
            ):
                return lines[:index], lines[index:]
        return lines, []

    def column_map(self, header: list[_Line], vocab: _Vocab) -> dict[str, int]:
        """Map each column key to the position of its label in the header lines."""
        positions: dict[str, int] = {}
        for line in header:
            for index in line.filled():
                column = vocab.columns.get(line.norms[index])
                if column is None:
                    continue
                if positions.get(column.key, index) != index:
                    self.problem(
                        line,
                        index,
                        f"expected the column {column.label!r} once, found it again "
                        f"(also column {positions[column.key] + 1})",
                        "duplicate-column",
                    )
                    continue
                positions[column.key] = index
        return positions

    # -- section 四 -----------------------------------------------------------------------------

    def review(self, lines: list[_Line]) -> None:
        """Section 四 through the staged reader's `ReviewReader` (`govdisclosure._reading.tables`).

        The front end's own work is the spreadsheet's: which fields hold which group's five
        columns (the header's group and column labels, or the groups side by side in the
        official order), that no value stands outside them, and that a line after the numbers
        starts with its label. Each group the line of numbers reaches becomes the stage's tokens
        — its own label, then its five cells in column order and a row end — which the stage
        places by that label and reads by the one cell policy; each line after it becomes a
        label and its values, which the stage keeps as an extra row. A group the line stops
        before is not shown.
        """
        vocab = _vocab(Template.V2021, self.key)
        rows = table_layout(None, self.key).rows
        header, body = self.split_header(lines, vocab)
        positions = self.review_map(header, vocab, rows)
        tokens: list[Token] = []
        if body:
            tokens.extend(self.review_groups(body[0], rows, positions))
        for line in body[1:]:
            tokens.extend(self.review_extra(line))
        out = Out()
        table = ReviewReader(out).read(tokens)
        self.problems.extend(_adapted(out.problems))
        self.staged = attrs.evolve(table, extra_rows=tuple(map(_trimmed, table.extra_rows)))

    def review_groups(
        self, data: _Line, rows: Sequence[Row], positions: Mapping[str, Mapping[str, int]]
    ) -> list[Token]:
        """The line of numbers as the stage's tokens: each group it reaches, by its own label.

        A group whose header lacks a column (reported as `missing-column`) is not handed on:
        where its cells stand is not certain.
        """
        tokens: list[Token] = []
        used: set[int] = set()
        for row in rows:
            columns = positions.get(row.key, {})
            if not columns or max(columns.values()) >= len(data.cells):
                continue  # the line stops before this group ends: the report does not show it
            used.update(columns.values())
            if len(columns) < len(row.columns):
                continue
            fields = [columns[c.key] for c in row.columns]
            tokens.append(Token(Kind.TEXT, row.label, data.line, fields[0] + 1))
            for index in fields:
                cell = data.cells[index].strip()
                tokens.append(Token(Kind.VALUE if cell else Kind.BLANK, cell, data.line, index + 1))
            tokens.append(Token(Kind.END, "", data.line, len(data.cells) + 1))
        for index in data.filled():
            if index not in used:
                self.problem(
                    data,
                    index,
                    "expected the values under the column headers (a group cut short, or a "
                    f"value beyond the last column?), found {data.cells[index]!r}",
                    "unexpected-value",
                )
        return tokens

    def review_extra(self, line: _Line) -> list[Token]:
        """A line after the numbers as the stage's tokens: its label, then its values.

        A label with no value gets one empty value, so that the stage keeps it as a row.
        """
        filled = line.filled()
        if not filled:
            return []
        label = line.cells[0].strip()
        if filled[0] != 0 or _is_number(label):
            found = "the number {label!r} (is a line missing or one too many?)"
            self.problem(
                line,
                filled[0],
                "expected a row label in the first column, found "
                + (found.format(label=label) if filled[0] == 0 else "none"),
                "unlabelled-row",
            )
            return []
        tokens = [Token(Kind.TEXT, label, line.line, 1)]
        values = [
            Token(Kind.VALUE if cell.strip() else Kind.BLANK, cell, line.line, index + 2)
            for index, cell in enumerate(line.cells[1:])
        ]
        if not any(t.kind is Kind.VALUE for t in values):
            values = [Token(Kind.VALUE, "", line.line, 2)]
        return [*tokens, *values, Token(Kind.END, "", line.line, len(line.cells) + 1)]

    def review_map(
        self, header: list[_Line], vocab: _Vocab, rows: Sequence[Row]
    ) -> dict[str, dict[str, int]]:
        """Map each row and column to a position; a merged header cell spans rightwards.

        Without a header the groups stand side by side, in order.
        """
        if not header:
            return {
                row.key: {c.key: number * len(row.columns) + i for i, c in enumerate(row.columns)}
                for number, row in enumerate(rows)
            }
        context, leaves = _spread(header, vocab)
        positions: dict[str, dict[str, int]] = {}
        for index, (line, column) in sorted(leaves.items()):
            numbers = {review_group(label) for label in context[index]} - {None}
            owners = [row for number, row in enumerate(rows) if number in numbers]
            owned = positions.setdefault(owners[0].key, {}) if len(owners) == 1 else None
            if owned is None:
                self.problem(
                    line,
                    index,
                    f"expected the column under exactly one of "
                    f"{', '.join(row.label for row in rows)}, found "
                    f"{'several' if owners else 'none'}",
                    "unknown-column",
                )
            elif column.key in owned:
                self.problem(
                    line,
                    index,
                    f"expected the column {column.label!r} once under "
                    f"{owners[0].label!r}, found it again",
                    "duplicate-column",
                )
            else:
                owned[column.key] = index
        for row in rows:
            self.missing_columns(
                header[-1], row.columns, positions.get(row.key, {}), f" under {row.label!r}"
            )
        return positions


def _spread(
    header: list[_Line], vocab: _Vocab
) -> tuple[list[set[str]], dict[int, tuple[_Line, Column]]]:
    """Return the group labels above each position, and the column label at each position.

    A merged cell exports its label in its leftmost cell only, so a group label covers the
    positions to its right until the next label on the same line.
    """
    width = max(len(line.cells) for line in header)
    context: list[set[str]] = [set() for _ in range(width)]
    leaves: dict[int, tuple[_Line, Column]] = {}
    for line in header:
        spread: str | None = None
        for index in range(width):
            norm = line.norms[index] if index < len(line.norms) else ""
            leaf = vocab.columns.get(norm)
            if leaf is not None:
                leaves.setdefault(index, (line, leaf))
                spread = None
            elif norm:
                spread = norm
            if spread is not None:
                context[index].add(spread)
    return context, leaves
