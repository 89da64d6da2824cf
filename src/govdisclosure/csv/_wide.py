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

from govdisclosure._cells import Note, read_cell
from govdisclosure._cells import number as cell_number
from govdisclosure._reading.collect import Out
from govdisclosure._reading.labels import group_owner, is_structural
from govdisclosure._reading.labels import key as label_key
from govdisclosure._reading.lex import Kind, Token
from govdisclosure._reading.tables import TableReader, _Run, read_applications
from govdisclosure.csv._common import decode, neutralise, number_text, records, restore
from govdisclosure.csv._shape import (
    build,
    optional_groups,
    shape_template,
    table_layout,
    table_shape,
    walk,
)
from govdisclosure.errors import Problem
from govdisclosure.layout import (
    TABLE_KEYS,
    Block,
    Column,
    Group,
    Row,
    Table,
    Template,
    layout,
    sections,
)
from govdisclosure.model import ExtraRow, Report, Value, read_number

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
    """Return the lines of table `key` of `report` in the official layout."""
    if key not in TABLE_KEYS:
        msg = f"expected a table key ({', '.join(TABLE_KEYS)}), found {key!r}"
        raise ValueError(msg)
    table = getattr(report, key)
    if table is None:
        msg = (
            f"the report has no {key} table; for a blank form to fill in, write a table of "
            "Report.empty(template)"
        )
        raise ValueError(msg)
    template = report.template
    heading = next(s.heading for s in sections() if s.table == key)
    writer = _Writer(table, table_layout(template, key), template, excel=excel)
    if key == "proactive":
        body = writer.proactive()
    elif key == "review_litigation":
        body = writer.review()
    else:
        body = writer.grid()
    return [[heading], *body]


class _Writer:
    def __init__(self, table: Any, lay: Table, template: Template | None, *, excel: bool) -> None:
        self.table = table
        self.lay = lay
        self.template = template
        self.excel = excel
        self.anchored: dict[int, list[ExtraRow]] = {}
        keys = [row.key for row in lay.rows]
        for extra in table.extra_rows:
            if extra.after is None:
                index = -1
            elif extra.after in keys:
                index = keys.index(extra.after)
            else:
                index = len(keys) - 1
            self.anchored.setdefault(index, []).append(extra)

    def text(self, value: str) -> str:
        return neutralise(value) if self.excel else value

    def cell(self, value: Value) -> str:
        if value is None:
            return ""
        if isinstance(value, str):
            return self.text(value)
        return number_text(value)

    def extras(self, index: int, indent: int) -> list[list[str]]:
        return [
            [self.text(extra.label), *([""] * indent), *map(self.text, extra.values)]
            for extra in self.anchored.get(index, ())
        ]

    def proactive(self) -> list[list[str]]:
        width = max(len(block.columns) for block in self.lay.blocks)
        lines = self.extras(-1, 0)
        index = 0
        for block in self.lay.blocks:
            lines.append([block.caption, *([""] * width)])
            labels = [column.label for column in block.columns]
            lines.append([block.header, *labels, *([""] * (width - len(labels)))])
            for row in block.rows:
                obj = walk(self.table, row.path)
                if obj is not None:
                    values = [self.cell(getattr(obj, c.key)) for c in row.columns]
                    lines.append([row.label, *values, *([""] * (width - len(values)))])
                lines.extend(self.extras(index, 0))
                index += 1
        return lines

    def grid(self) -> list[list[str]]:
        """Section 三: three label columns, a two-line column header, one line per row."""
        rows = self.lay.rows
        depth = max(len(row.parents) for row in rows) + 1
        columns = self.lay.columns
        pad = [""] * depth
        lines = [
            [self.lay.corner or "", *pad[1:], self.lay.header or "", *([""] * (len(columns) - 1))]
        ]
        groups = [column.group for column in columns]
        lines.append(
            [
                *pad,
                *(
                    c.label if not g else (g if i == 0 or groups[i - 1] != g else "")
                    for i, (c, g) in enumerate(zip(columns, groups, strict=True))
                ),
            ]
        )
        lines.append([*pad, *(c.label if c.group else "" for c in columns)])
        lines.extend(self.extras(-1, depth - 1))
        printed: set[str] = set()
        ends = self._group_ends()
        for index, row in enumerate(rows):
            obj = walk(self.table, row.path)
            if obj is not None:
                labels = list(pad)
                for level, parent in enumerate(row.parents):
                    if parent.label not in printed:
                        labels[level] = parent.label
                        printed.add(parent.label)
                labels[len(row.parents)] = row.label
                lines.append([*labels, *(self.cell(getattr(obj, c.key)) for c in row.columns)])
            for group, level in ends.get(index, ()):
                if walk(self.table, group.path or ()) is not None and group.label not in printed:
                    # A group the report shows without any of its rows: its label alone, the
                    # line stopping there (a 2019 row with blank cells would go on).
                    labels = [""] * (level + 1)
                    labels[level] = group.label
                    lines.append(labels)
                    printed.add(group.label)
            lines.extend(self.extras(index, depth - 1))
        return lines

    def _group_ends(self) -> dict[int, list[tuple[Group, int]]]:
        """Optional groups by the index of their last row, with the label column they sit in."""
        if self.template is None:
            return {}
        paths = {node.path for node in optional_groups(self.template, self.lay.key)}
        ends: dict[int, list[tuple[Group, int]]] = {}
        for index, row in enumerate(self.lay.rows):
            for level, parent in enumerate(row.parents):
                if parent.path in paths:
                    last = max(i for i, r in enumerate(self.lay.rows) if parent in r.parents)
                    if last == index:
                        ends.setdefault(index, []).append((parent, level))
        return ends

    def review(self) -> list[list[str]]:
        """Section 四: the official header lines over one line of numbers."""
        rows = self.lay.rows
        stacks = [[*(p.label for p in row.parents), row.label] for row in rows]
        depth = max(len(stack) for stack in stacks) + 1
        lines = []
        for level in range(depth):
            line: list[str] = []
            for i, (row, stack) in enumerate(zip(rows, stacks, strict=True)):
                for j, column in enumerate(row.columns):
                    if level < len(stack):
                        same = (
                            i > 0
                            and level < len(stacks[i - 1])
                            and (stacks[i - 1][level] == stack[level])
                        )
                        line.append(stack[level] if j == 0 and not same else "")
                    else:
                        line.append(column.label if level == len(stack) else "")
            lines.append(line)
        values: list[str] = []
        shown = 0
        for row in rows:
            obj = walk(self.table, row.path)
            values.extend(
                self.cell(None if obj is None else getattr(obj, c.key)) for c in row.columns
            )
            if obj is not None:
                shown = len(values)
        # The line stops after the last group shown (a page cut off); a line with no group at
        # all still holds one empty field, so that the lines after it stay extra rows.
        lines.append(values[:shown] or [""])
        lines.extend(
            [self.text(extra.label), *map(self.text, extra.values)]
            for extra in self.table.extra_rows
        )
        return lines


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


_Evidence = dict[Template, tuple[_Line, int]]


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


def _cell_value(text: str, column: Column) -> tuple[Value, Note | None]:
    """Read stripped cell text as a value of `column` by the one cell policy (`_cells`).

    Empty text is a blank cell. A unit glued to the number is the policy's ``unit-stripped``
    (the number kept), except the column's own unit (``282.1万元`` under 万元), which the form
    prints and which is no problem here.
    """
    if not text:
        return None, None
    value, note = read_cell(text, column)
    if note is not None and note.kind == "unit-stripped":
        read = cell_number(text)
        if read is not None and read[1] == column.unit:
            return value, None
        expected = f"in {column.unit}" if column.unit else "without a unit"
        note = note._replace(
            message=f"expected a number {expected}, found {text!r}: {note.message}"
        )
    return value, note


def _is_number(text: str) -> bool:
    """Return True if `text` reads as a number (however many digits)."""
    try:
        return read_number(text) is not None
    except ValueError:  # more digits than Python converts: a number all the same
        return True


# The staged reader's problems, as the strict reader raises them. A CSV table prints only the
# rows it shows, so rows absent are no problem; a row kept as an extra row, or read by a
# variant of its label, keeps what the source printed and is reported but not refused.
_NOT_SHOWN = frozenset({"row-missing", "text-cut-off"})
KEPT = frozenset({"unknown-row", "variant-label", "hybrid-block"})
"""Problems `loads_table` does not refuse: the source's text is kept, where it stood."""
_RENAMED = {"duplicate-row": "duplicate"}


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
        adapted.append(attrs.evolve(problem, kind=kind, message=message))
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
        self.rows: dict[tuple[str, ...], dict[str, Value]] = {}
        self.row_lines: dict[tuple[str, ...], int] = {}
        self.groups: set[tuple[str, ...]] = set()
        self.extra: list[ExtraRow] = []
        self.last: str | None = None
        self.staged: Any = None
        """The table the staged reader built (section 三), if it read this one."""

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
            template = self.body(lines)
        except _StopError:
            return None
        if self.staged is not None:
            return self.staged
        try:
            return build(
                table_shape(shape_template(template), self.key), self.rows, self.groups, self.extra
            )
        except (TypeError, ValueError) as error:  # pragma: no cover - values checked on reading
            self.problems.append(Problem(str(error), kind="invalid"))
            return None

    def body(self, lines: list[_Line]) -> Template | None:
        """Read the rows; return the template they follow. Raises _StopError if unreadable."""
        if self.key == "proactive":
            template = self.decide(lines, {})
            if template is None:
                raise _StopError
            self.proactive(lines, template)
            return template
        if self.key == "review_litigation":
            # Section 四 is the same in both templates.
            template = self.template or Template.V2021
            self.review(lines, template)
            return template
        return self.applications(lines)

    def decide(self, lines: list[_Line], evidence: _Evidence) -> Template | None:
        """Decide the template from labels only one template prints, and `evidence`."""
        for chosen in (Template.V2019, Template.V2021):
            own = _vocab(chosen, self.key).words - _vocab(_OTHER[chosen], self.key).words
            for line in lines:
                hit = next((i for i, norm in enumerate(line.norms) if norm in own), None)
                if hit is not None:
                    evidence.setdefault(chosen, (line, hit))
                    break
        if self.template is not None:
            other = _OTHER[self.template]
            if other in evidence:
                line, index = evidence[other]
                self.problem(
                    line,
                    index,
                    f"expected a table of the {self.template} template, found a label of the "
                    f"{other} template",
                    "wrong-template",
                )
                raise _StopError
            return self.template
        if len(evidence) > 1:
            line, index = evidence[Template.V2021]
            self.problem(
                line,
                index,
                "expected the labels of one template, found labels of both 2019 and 2021",
                "mixed-templates",
            )
            raise _StopError
        if evidence:
            return next(iter(evidence))
        if self.key == "proactive":
            self.problems.append(
                Problem(
                    "expected labels that show the template (the column headers of section 二), "
                    "found none; pass template=",
                    line=lines[0].line if lines else 1,
                    kind="unknown-template",
                )
            )
        return None

    # -- cells ----------------------------------------------------------------------------------

    def value(self, line: _Line, index: int, column: Column, path: str) -> tuple[bool, Value]:
        """Read the cell at `index` as a value of `column` (a line cut short reads blank)."""
        raw = line.cells[index] if index < len(line.cells) else ""
        value, note = _cell_value(raw.strip(), column)
        if note is None:
            return True, value
        self.problem(line, index, note.message, note.kind, path)
        return note.kind == "unit-stripped", value  # a stripped unit keeps its number

    def take_row(self, line: _Line, row: Row, positions: Mapping[str, int], label: int) -> None:
        """Read `row` from `line`, its values at `positions`; nothing else may follow the label."""
        if row.path in self.rows:
            self.problem(
                line,
                label,
                f"expected each row once, found {row.label!r} again "
                f"(first on line {self.row_lines[row.path]})",
                "duplicate",
                f"{self.key}.{row.key}",
            )
            return
        cells: dict[str, Value] = {}
        for column in row.columns:
            index = positions.get(column.key)
            if index is not None:
                ok, value = self.value(line, index, column, f"{self.key}.{row.key}.{column.key}")
                if ok:
                    cells[column.key] = value
        if label >= 0:
            used = set(positions.values())
            for index in line.filled():
                if index > label and index not in used:
                    self.problem(
                        line,
                        index,
                        f"expected no value in this column for {row.label!r}, found "
                        f"{line.cells[index]!r}",
                        "unexpected-value",
                        f"{self.key}.{row.key}",
                    )
        self.rows[row.path] = cells
        self.row_lines[row.path] = line.line
        self.last = row.key

    def take_extra(self, line: _Line, label: int, start: int) -> None:
        """Keep `line` as a row the template lacks, anchored after the last row read."""
        text = line.cells[label]
        if _is_number(text):
            self.problem(
                line,
                label,
                f"expected a row label, found the number {text!r} (is a line missing or one "
                "too many?)",
                "unlabelled-row",
            )
            return
        values = list(line.cells[start:])
        while values and not values[-1]:
            values.pop()
        self.extra.append(ExtraRow(text, tuple(values), self.last))

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

    def proactive(self, lines: list[_Line], template: Template) -> None:
        vocab = _vocab(template, self.key)
        block: Block | None = None
        maps: dict[str, dict[str, int]] = {}
        for line in lines:
            first = line.filled()[0]
            norm = line.norms[first]
            if norm in vocab.captions:
                block = vocab.captions[norm]
                continue
            if block is not None and self.block_header(line, block, vocab, maps):
                continue
            row = self.match(vocab, norm)
            if row is None:
                self.take_extra(line, first, first + 1)
                continue
            owner = next(b for b in vocab.captions.values() if row in b.rows)
            default = {c.key: first + 1 + i for i, c in enumerate(owner.columns)}
            self.take_row(line, row, maps.get(owner.key, default), first)

    def block_header(
        self, line: _Line, block: Block, vocab: _Vocab, maps: dict[str, dict[str, int]]
    ) -> bool:
        """Read the 信息内容 line of `block`; return False if `line` is not a header line."""
        filled = line.filled()
        words = [line.norms[i] for i in filled]
        content = label_key(block.header)
        if words[0] != content and not all(word in vocab.header for word in words):
            return False
        own = {form: c for c in block.columns for form in _norms(c.label, *c.aliases)}
        positions: dict[str, int] = {}
        for index in filled:
            norm = line.norms[index]
            if norm == content:
                continue
            column = own.get(norm)
            if column is None:
                self.problem(
                    line,
                    index,
                    f"expected a column label of {block.caption} "
                    f"({', '.join(c.label for c in block.columns)}), found {line.cells[index]!r}",
                    "unknown-column",
                )
            else:
                positions[column.key] = index
        self.missing_columns(line, block.columns, positions, f" of {block.caption}")
        maps[block.key] = positions
        return True

    def match(self, vocab: _Vocab, norm: str) -> Row | None:
        """Return the row labelled `norm` (every printed form of a row label is unique)."""
        found = vocab.rows.get(norm, ())
        return found[0] if found else None

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

    def review(self, lines: list[_Line], template: Template) -> None:
        vocab = _vocab(template, self.key)
        rows = table_layout(template, self.key).rows
        header, body = self.split_header(lines, vocab)
        positions = self.review_map(header, vocab, rows)
        if not body:
            return
        data, extras = body[0], body[1:]
        used: set[int] = set()
        for row in rows:
            columns = positions.get(row.key, {})
            if columns and max(columns.values()) < len(data.cells):
                self.take_row(data, row, columns, -1)
                used.update(columns.values())
            # else the line stops before this group ends: the report does not show it
        for index in data.filled():
            if index not in used:
                self.problem(
                    data,
                    index,
                    "expected the values under the column headers (a group cut short, or a "
                    f"value beyond the last column?), found {data.cells[index]!r}",
                    "unexpected-value",
                )
        for line in extras:
            filled = line.filled()
            if not filled:
                continue
            if filled[0] != 0:
                self.problem(
                    line,
                    filled[0],
                    "expected a row label in the first column, found none",
                    "unlabelled-row",
                )
                continue
            self.take_extra(line, 0, 1)

    def review_map(
        self, header: list[_Line], vocab: _Vocab, rows: Sequence[Row]
    ) -> dict[str, dict[str, int]]:
        """Map each row and column to a position; a merged header cell spans rightwards."""
        if not header:
            return _review_default(rows)
        context, leaves = _spread(header, vocab)
        positions: dict[str, dict[str, int]] = {}
        for index, (line, column) in sorted(leaves.items()):
            owners = [row for row in rows if _row_forms(row) & context[index]]
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


def _review_default(rows: Sequence[Row]) -> dict[str, dict[str, int]]:
    """Positions without a header: the groups side by side, in order."""
    positions: dict[str, dict[str, int]] = {}
    index = 0
    for row in rows:
        for column in row.columns:
            positions.setdefault(row.key, {})[column.key] = index
            index += 1
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
