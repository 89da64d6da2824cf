"""The printed table: the official tables laid out once, for every writer to render.

A table of a report becomes rows of cells — text, column and row spans, and a role (a header
cell, a row label, a group label spanning rows, or a value carrying its model path) — exactly as
the official templates print them: section 二 block by block (caption, 信息内容 header, rows),
section 三 under three header rows with its labels nested in merged label columns, section 四
as three header rows over one row of fifteen values. Rows the report does not show are left out;
an extra row follows the row named by its `after`.

The HTML and Word writers render these cells as they are (spans become ``colspan``/``rowspan``
or merged cells); the text writer collapses the label columns into one and prints a group label
on a line of its own (`lines`). Every label comes from `govdisclosure.layout`, every value from
`govdisclosure.model.cell_text`.

Rows the layout itself would claim are printed so that they read back as what they are: the
rows of the other template's block kept as extra rows (the reader's ``hybrid-block``) are
printed under that block's own caption and header, as the source printed them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from typing import Any, NamedTuple

from govdisclosure._writing._cells import row_texts
from govdisclosure.layout import (
    Block,
    Group,
    Table,
    Template,
    layout,
    normalize_label,
    shows_template,
)
from govdisclosure.model import ApplicationTable, ExtraRow, Report
from govdisclosure.model._shape import nodes, shape_template, table_shape, walk

__all__ = ["Cell", "Line", "PrintedTable", "lines", "printed_table"]


class Cell(NamedTuple):
    """One printed cell.

    `scope` is the cell's role: ``col``/``colgroup`` a column header, ``row`` a row label,
    ``rowgroup`` a group label spanning the rows under it, None a value (`path` names its model
    cell; None for an extra row's value). `rest` marks a cell that takes what is left of its
    row: a grid writer spans it, the text writer prints it as one cell.
    """

    text: str
    header: bool = False
    columns: int = 1
    rows: int = 1
    scope: str | None = None
    path: str | None = None
    rest: bool = False


Printed = Sequence[Cell]


class PrintedTable(NamedTuple):
    """A table as printed: its row groups (``thead``/``tbody`` and their rows)."""

    key: str
    groups: Sequence[tuple[str, Sequence[Printed]]]
    labels: int
    """How many columns of the grid hold labels (the text writer prints them as one)."""
    headings: Mapping[int, Sequence[str]] = {}
    """Group labels the text form prints on lines of their own, before the row at each index."""

    @property
    def rows(self) -> list[Printed]:
        """Every row, header rows first."""
        return [row for _, rows in self.groups for row in rows]

    @property
    def header_rows(self) -> int:
        """How many of the rows are header rows (the ``thead``)."""
        return sum(len(rows) for tag, rows in self.groups if tag == "thead")


def printed_table(report: Report, key: str) -> PrintedTable | None:
    """The printed form of table `key` of `report`; None if the report does not show it."""
    table = getattr(report, key)
    if table is None:
        return None
    template = shape_template(report.template)
    lay = layout(template).table(key)
    if key == "proactive":
        return PrintedTable(key, _proactive(table, lay, template), 1)
    if key == "applications":
        return _applications(table, lay)
    return PrintedTable(key, _review(table, lay), 0)


def _head(text: str, *, columns: int = 1, rows: int = 1, scope: str = "col") -> Cell:
    return Cell(text, header=True, columns=columns, rows=rows, scope=scope)


def _row_label(text: str, *, columns: int = 1) -> Cell:
    return Cell(text, header=True, columns=columns, scope="row")


def _paths(key: str, row: Any) -> list[str]:
    """The paths of the cells of a row of table `key`, in printed order."""
    return [f"{key}.{row.key}.{column.key}" for column in row.columns]


def _extra_row(label: str, values: Sequence[str], *, columns: int = 1) -> list[Cell]:
    return [_row_label(label, columns=columns), *(Cell(value) for value in values)]


def _extras(table: Any, after: str | None, lay: Table) -> list[ExtraRow]:
    """The extra rows printed after the row `after` (None: before the first row).

    An extra row that names no row of the layout is printed after the last row, not lost.
    """
    keys = _row_keys(lay)
    last = lay.rows[-1].key
    return [
        extra
        for extra in table.extra_rows
        if (extra.after if extra.after is None or extra.after in keys else last) == after
    ]


@cache
def _row_keys(lay: Table) -> frozenset[str]:
    return frozenset(row.key for row in lay.rows)


# ------------------------------------------------------------------------------------------------
# Section 二: one row group per block


@cache
def _width(table: Table) -> int:
    return max(len(block.columns) for block in table.blocks)


def _spread(
    texts: Sequence[str],
    width: int,
    *,
    header: bool = False,
    paths: Sequence[str | None] = (),
) -> list[Cell]:
    """Cells filling `width` columns: one each, the last one taking what is left."""
    last = len(texts) - 1
    return [
        Cell(
            text,
            header=header,
            columns=width - last if index == last else 1,
            scope="col" if header else None,
            path=paths[index] if paths else None,
            rest=index == last,
        )
        for index, text in enumerate(texts)
    ]


def _block_head(block: Block, width: int) -> list[Printed]:
    """A block's caption row and its 信息内容 header row."""
    return [
        [Cell(block.caption, header=True, columns=width + 1, scope="colgroup", rest=True)],
        [
            _head(block.header),
            *_spread([column.label for column in block.columns], width, header=True),
        ],
    ]


def _hybrid(extras: Sequence[ExtraRow], template: Template) -> tuple[Block, int] | None:
    """The block of the other template whose rows open `extras`, and how many rows they are.

    The reader keeps a block printed under the other template's headers as extra rows labelled
    with that template's row labels and values (``hybrid-block``). Printed as plain rows under
    this template's headers they would not read back: a label this template's rows claim (规章,
    or 规范性文件 inside 行政规范性文件) reads as that row, and more values than the block has
    columns are refused. So such rows are printed under their own block's caption and header.
    Labels are compared folded: a Traditional page's rows keep their labels as printed.
    """
    other = Template.V2019 if template is Template.V2021 else Template.V2021
    for block in layout(other).table("proactive").blocks:
        labels = {normalize_label(row.label): len(row.columns) for row in block.rows}
        count = 0
        while count < len(extras) and labels.get(normalize_label(extras[count].label)) == len(
            extras[count].values
        ):
            count += 1
        if count:
            return block, count
    return None


def _extra_lines(table: Any, after: str | None, lay: Table, template: Template) -> list[Printed]:
    """The extra rows after `after`: as they are, or under their own block's caption and header."""
    extras = _extras(table, after, lay)
    rows: list[Printed] = []
    while extras:
        found = _hybrid(extras, template)
        if found is None:
            rows.append(_extra_row(extras[0].label, extras[0].values))
            extras = extras[1:]
            continue
        block, count = found
        rows.extend(_block_head(block, _width(lay)))
        rows.extend(_extra_row(extra.label, extra.values) for extra in extras[:count])
        extras = extras[count:]
    return rows


def _proactive(table: Any, lay: Table, template: Template) -> list[tuple[str, list[Printed]]]:
    width = _width(lay)
    groups: list[tuple[str, list[Printed]]] = []
    leading = _extra_lines(table, None, lay, template)
    hybrid_first = bool(leading) and leading[0][0].scope == "colgroup"
    for number, block in enumerate(lay.blocks):
        rows: list[Printed] = []
        if number == 0 and hybrid_first:
            groups.append(("tbody", leading))
        interrupted = False  # by the other template's block: this block's header again
        for row in block.rows:
            values = row_texts(table, row)
            if values is not None:
                if interrupted:
                    rows.extend(_block_head(block, width))
                    interrupted = False
                paths = _paths("proactive", row)
                rows.append([_row_label(row.label), *_spread(values, width, paths=paths)])
            extras = _extra_lines(table, row.key, lay, template)
            interrupted = interrupted or any(line[0].scope == "colgroup" for line in extras)
            rows.extend(extras)
        if number == 0 and hybrid_first and not rows and leading[0][0].text == block.caption:
            continue  # the block printed the other template's way only, as the source had it
        head = _block_head(block, width)
        if number == 0 and not hybrid_first:
            head.extend(leading)
        groups.append(("tbody", [*head, *rows]))
    return groups


# ------------------------------------------------------------------------------------------------
# Section 三: three header rows, labels nested in up to three merged label columns


class _Item(NamedTuple):
    """A printed data row: its groups (outermost first), its label and its values."""

    chain: tuple[Group, ...]
    label: str
    values: Sequence[str]
    extra: bool
    paths: Sequence[str | None] = ()


def group_shown(table: ApplicationTable, group: Group) -> bool:
    """A group label is printed for a group the table has.

    A group in a place that shows the template (`layout.TEMPLATE_PLACES`: （六）其他处理, a
    group of three in 2021) is printed only where the table holds that group's class there
    (`model._shape`), not for a report laid out in `FALLBACK`'s rows without a template.
    """
    path = group.path
    if path is None or not shows_template("applications", path):
        return True
    return isinstance(walk(table, path), _group_classes("applications", path))


@cache
def _group_classes(table: str, path: tuple[str, ...]) -> tuple[type[Any], ...]:
    """The classes the group at `path` of `table` has in the templates that print it as one."""
    return tuple(
        node.cls
        for template in Template
        for node in nodes(table_shape(template, table))
        if node.path == path and node.row is None
    )


def _application_items(
    table: ApplicationTable, lay: Table
) -> tuple[list[_Item], dict[int, list[str]]]:
    """The printed rows, and the group labels the text form prints before each (by index).

    The text form prints a group's label before its first row in the layout, shown or not (the
    last index, one past the rows, holds the labels after them).
    """
    items = [
        _Item((), extra.label, extra.values, extra=True) for extra in _extras(table, None, lay)
    ]
    headings: dict[int, list[str]] = {}
    pending: list[str] = []
    seen: set[str] = set()

    def add(item: _Item) -> None:
        if pending:
            headings[len(items)] = list(pending)
            pending.clear()
        items.append(item)

    for row in lay.rows:
        for group in row.parents:
            if group.label not in seen and group_shown(table, group):
                seen.add(group.label)
                pending.append(group.label)
        values = row_texts(table, row)
        if values is not None:
            chain = tuple(g for g in row.parents if group_shown(table, g))
            add(_Item(chain, row.label, values, extra=False, paths=_paths("applications", row)))
        for extra in _extras(table, row.key, lay):
            add(_Item((), extra.label, extra.values, extra=True))
    if pending:
        headings[len(items)] = pending
    return _nested(items), headings


def _nested(items: list[_Item]) -> list[_Item]:
    """An extra row stands inside the groups shared by the rows printed around it."""
    rows = [index for index, item in enumerate(items) if not item.extra]
    for index, item in enumerate(items):
        if item.extra:
            before = [items[i].chain for i in rows if i < index][-1:]
            after = [items[i].chain for i in rows if i > index][:1]
            if before and after:
                items[index] = item._replace(chain=_common(before[0], after[0]))
    return items


def _common(first: tuple[Group, ...], second: tuple[Group, ...]) -> tuple[Group, ...]:
    shared: list[Group] = []
    for one, other in zip(first, second, strict=False):
        if one != other:
            break
        shared.append(one)
    return tuple(shared)


def _applications(table: ApplicationTable, lay: Table) -> PrintedTable:
    items, headings = _application_items(table, lay)
    depth = 1 + max((len(item.chain) for item in items), default=0)
    columns = lay.rows[0].columns
    second: list[Cell] = []
    third: list[Cell] = []
    for index, column in enumerate(columns):
        if column.group is None:
            second.append(_head(column.label, rows=2))
            continue
        if index == 0 or columns[index - 1].group != column.group:
            span = sum(1 for c in columns if c.group == column.group)
            second.append(_head(column.group, columns=span, scope="colgroup"))
        third.append(_head(column.label))
    header: list[Printed] = [
        [
            _head(lay.corner or "", columns=depth, rows=3, scope="colgroup"),
            Cell(lay.header or "", header=True, columns=len(columns), scope="colgroup", rest=True),
        ],
        second,
        third,
    ]
    body: list[Printed] = []
    for index, item in enumerate(items):
        cells: list[Cell] = []
        for level, group in enumerate(item.chain):
            above = items[index - 1].chain if index else ()
            if above[level : level + 1] != (group,):
                span = 1
                while index + span < len(items) and items[index + span].chain[
                    level : level + 1
                ] == (group,):
                    span += 1
                cells.append(_head(group.label, rows=span, scope="rowgroup"))
        cells.append(_row_label(item.label, columns=depth - len(item.chain)))
        paths = item.paths or [None] * len(item.values)
        cells.extend(Cell(v, path=p) for v, p in zip(item.values, paths, strict=True))
        body.append(cells)
    groups = [("thead", header), ("tbody", body)]
    return PrintedTable("applications", groups, depth, {k + 3: v for k, v in headings.items()})


# ------------------------------------------------------------------------------------------------
# Section 四: three header rows and one data row of 15 cells


def _top(row: Any) -> str:
    return str(row.parents[0].label if row.parents else row.label)


def _review(table: Any, lay: Table) -> list[tuple[str, list[Printed]]]:
    rows = lay.rows
    shown = [row_texts(table, row) is not None for row in rows]
    if any(not here and any(shown[index + 1 :]) for index, here in enumerate(shown)):
        return _review_groups(table, lay)
    outcomes = [column.label for column in rows[0].columns]
    width = len(outcomes)
    first: list[Cell] = []
    second: list[Cell] = []
    third: list[Cell] = []
    for index, row in enumerate(rows):
        top = _top(row)
        if index == 0 or _top(rows[index - 1]) != top:
            span = sum(1 for r in rows if _top(r) == top)
            first.append(_head(top, columns=width * span, scope="colgroup"))
        if row.parents:
            second.append(_head(row.label, columns=width, scope="colgroup"))
            third.extend(_head(label) for label in outcomes)
        else:
            second.extend(_head(label, rows=2) for label in outcomes)
    body: list[Printed] = []
    data: list[Cell] = []
    last: str | None = None
    for row in rows:
        values = row_texts(table, row)
        if values is None:
            break
        paths = _paths("review_litigation", row)
        data.extend(Cell(v, path=p) for v, p in zip(values, paths, strict=True))
        last = row.key
    if last is not None:
        body.append(data)
    # Every extra row follows the line of values (or stands alone when there is none).
    body.extend(_extra_row(extra.label, extra.values) for extra in table.extra_rows)
    groups: list[tuple[str, list[Printed]]] = [("thead", [first, second, third])]
    if body:
        groups.append(("tbody", body))
    return groups


def _review_groups(table: Any, lay: Table) -> list[tuple[str, list[Printed]]]:
    """Section 四 as one small table per group it has, each under its label and outcomes.

    For a table lacking a group before another: in one line of fifteen cells the groups after
    the gap would take its place (or be lost); under their own labels they keep theirs.
    """
    body: list[Printed] = []
    top: str | None = None
    for row in lay.rows:
        values = row_texts(table, row)
        if values is None:
            continue
        width = len(row.columns)
        if row.parents and _top(row) != top:  # 行政诉讼 over its groups, as the header prints it
            top = _top(row)
            body.append([Cell(top, header=True, columns=width, scope="colgroup", rest=True)])
        body.append([Cell(row.label, header=True, columns=width, scope="colgroup", rest=True)])
        body.append([_head(column.label) for column in row.columns])
        paths = _paths("review_litigation", row)
        body.append([Cell(v, path=p) for v, p in zip(values, paths, strict=True)])
    body.extend(_extra_row(extra.label, extra.values) for extra in table.extra_rows)
    return [("tbody", body)]


# ------------------------------------------------------------------------------------------------
# The text form: label columns as one, group labels on lines of their own


class Line(NamedTuple):
    """One printed line of the text form: its cells, and whether it carries data."""

    cells: Sequence[str]
    data: bool = False


def lines(printed: PrintedTable) -> Iterator[Line]:
    """The lines of the text form of `printed`.

    The label columns print as one (a row's label, or blank where a header merged from above
    covers them); a group label prints on a line of its own (`PrintedTable.headings`); a merged
    header cell prints its text then a blank per column it covers, except a cell that takes the
    rest of its row, which prints as one.
    """
    covered: set[tuple[int, int]] = set()
    rows = printed.rows
    for number, row in enumerate(rows):
        yield from (Line([text]) for text in printed.headings.get(number, ()))
        yield _line(row, number, printed.labels, covered)
    yield from (Line([text]) for text in printed.headings.get(len(rows), ()))


def _line(row: Printed, number: int, labels: int, covered: set[tuple[int, int]]) -> Line:
    """Row `number` as a text line; `covered` holds the slots merged cells above cover."""
    label: str | None = None
    values: list[str] = []
    column = 0
    data = False

    def skip_covered() -> None:
        nonlocal column, label
        while (number, column) in covered:
            if column >= labels:
                values.append("")
            elif label is None:
                label = ""
            column += 1

    for cell in row:
        skip_covered()
        covered.update(
            (r, c)
            for r in range(number + 1, number + cell.rows)
            for c in range(column, column + cell.columns)
        )
        if cell.scope != "rowgroup":  # a group label prints from `headings`
            data = data or cell.scope in {"row", None}
            # Among the label columns the cell is the label; past them, a column of its own.
            spill = max(0, column + cell.columns - max(column, labels))
            if column < labels:
                label = cell.text
            else:
                values.append(cell.text)
                spill -= 1
            if not cell.rest:
                values.extend([""] * spill)
        column += cell.columns
    skip_covered()
    return Line(values if label is None else [label, *values], data=data)
