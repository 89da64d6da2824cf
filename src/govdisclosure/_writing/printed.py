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

from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cache
from typing import Any, NamedTuple

from govdisclosure._writing._cells import Getters, by_identity, getters, row_texts, texts_of
from govdisclosure.layout import (
    Block,
    Group,
    Row,
    Table,
    Template,
    layout,
    normalize_label,
    shows_template,
)
from govdisclosure.model import ApplicationTable, ExtraRow, Report
from govdisclosure.model._shape import nodes, shape_template, table_shape, walk

__all__ = ["Cell", "Escape", "Line", "PrintedTable", "lines", "printed_table", "spreadsheet"]


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
    alone: Mapping[int, Sequence[tuple[int, str]]] = {}
    """Optional groups the table holds without any row shown (2021 （六）其他处理), before the row
    at each index, with the label column they sit in: the spreadsheet form prints their label
    alone on a line (`spreadsheet`), so that the group reads back."""
    opening: int = 0
    """How many rows after the first block's header are the extra rows printed before every row
    (the spreadsheet form prints them before the first caption, as it always has)."""

    @property
    def rows(self) -> list[Printed]:
        """Every row, header rows first."""
        return [row for _, rows in self.groups for row in rows]

    @property
    def header_rows(self) -> int:
        """How many of the rows are header rows (the ``thead``)."""
        return sum(len(rows) for tag, rows in self.groups if tag == "thead")


def printed_table(report: Report, key: str, *, spreadsheet: bool = False) -> PrintedTable | None:
    """The printed form of table `key` of `report`; None if the report does not show it.

    With `spreadsheet`, section 四 stays one line of values even when a group is missing before
    a shown one (the wide CSV's form, `spreadsheet`); else it prints a small table per group.
    """
    table = getattr(report, key)
    if table is None:
        return None
    template = shape_template(report.template)
    lay = layout(template).table(key)
    if key == "proactive":
        return _proactive_printed(table, lay, template)
    if key == "applications":
        return _applications(table, lay, report.template)
    return PrintedTable(key, _review(table, lay, one_line=spreadsheet), 0)


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
    if not table.extra_rows:
        return []
    keys = _row_keys(lay)
    last = lay.rows[-1].key
    return [
        extra
        for extra in table.extra_rows
        if (extra.after if extra.after is None or extra.after in keys else last) == after
    ]


@by_identity
def _row_keys(lay: Table) -> frozenset[str]:
    return frozenset(row.key for row in lay.rows)


# ------------------------------------------------------------------------------------------------
# Section 二: one row group per block


@by_identity
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


def _block_head(block: Block, width: int) -> Sequence[Printed]:
    """A block's caption row and its 信息内容 header row (made once per width, shared)."""
    heads = _heads(block)
    found = heads.get(width)
    if found is None:
        found = heads[width] = _block_rows(block, width)
    return found


@by_identity
def _heads(_block: Block) -> dict[int, Sequence[Printed]]:
    """A block's header rows made so far, by width (`_block_head`)."""
    return {}


def _block_rows(block: Block, width: int) -> Sequence[Printed]:
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


def _proactive_row(row: Row, values: Sequence[str], width: int) -> list[Cell]:
    """A section 二 row: its label, then its values, the last taking what is left of `width`."""
    head, paths = _row_head(row)
    last = len(values) - 1
    cells = [head, *map(_value, values[:last], paths[:last])]
    cells.append(_new(Cell, (values[last], False, width - last, 1, None, paths[last], True)))
    return cells


@by_identity
def _row_head(row: Row) -> tuple[Cell, tuple[str, ...]]:
    """A section 二 row's label cell and the paths of its cells."""
    return _row_label(row.label), tuple(_paths("proactive", row))


_FILLED: dict[tuple[Any, ...], tuple[Table, PrintedTable, list[bool]]] = {}


def _proactive_printed(table: Any, lay: Table, template: Template) -> PrintedTable:
    """Section 二 printed; built once for each set of rows and extra rows, then filled in.

    As for section 三 (`_applications`): the printed table kept for a shape has its value cells
    replaced, in order, by the table's values; everything else is shared.
    """
    plans = _plans(lay)
    values = [texts_of(table, plan.found) for plan in plans]
    key = (id(lay), template, tuple(value is None for value in values), table.extra_rows)
    entry = _FILLED.get(key)
    if entry is None or entry[0] is not lay:
        groups, opening = _proactive(table, lay, template)
        printed = PrintedTable("proactive", groups, 1, opening=opening)
        printed_paths = [cell.path for row in printed.rows for cell in row if cell.path]
        paths = [path for plan, v in zip(plans, values, strict=True) if v for path in plan.paths]
        if printed_paths == paths:  # the values print in the layout's order: it can be kept
            if len(_FILLED) >= _SKELETON_CACHE:
                _FILLED.clear()
            holds = [any(cell.path for cell in row) for row in printed.rows]
            _FILLED[key] = (lay, printed, holds)
        return printed
    _, printed, holds = entry
    texts = iter([text for value in values if value for text in value])
    rows = iter(holds)
    groups = [
        (
            tag,
            [
                [_new(Cell, (next(texts), *cell[1:])) if cell.path else cell for cell in row]
                if next(rows)
                else row
                for row in group
            ],
        )
        for tag, group in printed.groups
    ]
    return printed._replace(groups=groups)


def _proactive(
    table: Any, lay: Table, template: Template
) -> tuple[list[tuple[str, list[Printed]]], int]:
    """The row groups, and how many extra rows before every row follow the first header."""
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
                rows.append(_proactive_row(row, values, width))
            if table.extra_rows:
                extras = _extra_lines(table, row.key, lay, template)
                interrupted = interrupted or any(line[0].scope == "colgroup" for line in extras)
                rows.extend(extras)
        if number == 0 and hybrid_first and not rows and leading[0][0].text == block.caption:
            continue  # the block printed the other template's way only, as the source had it
        head = _block_head(block, width)
        if number == 0 and not hybrid_first:
            head = [*head, *leading]
        groups.append(("tbody", [*head, *rows]))
    return groups, 0 if hybrid_first else len(leading)


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


@cache
def _optional_ends(template: Template) -> Mapping[str, tuple[tuple[int, Group], ...]]:
    """The optional groups of `template` (2021 （六）其他处理), by the key of their last row.

    Each comes with the label column it sits in (its level).
    """
    lay = layout(template).table("applications")
    paths = {
        node.path
        for node in nodes(table_shape(template, "applications"))
        if node.path and node.row is None and node.optional
    }
    ends: dict[str, list[tuple[int, Group]]] = {}
    for level, group in {
        (level, group)
        for row in lay.rows
        for level, group in enumerate(row.parents)
        if group.path in paths
    }:
        last = [row for row in lay.rows if group in row.parents][-1]
        ends.setdefault(last.key, []).append((level, group))
    return {key: tuple(sorted(found, key=lambda item: item[0])) for key, found in ends.items()}


class _RowPlan(NamedTuple):
    """What printing a row of a layout table needs that never changes: worked out once."""

    row: Row
    key: str
    paths: tuple[str, ...]
    placed: tuple[Group, ...]
    """The row's groups printed only where the table holds them (`group_shown`)."""
    found: Getters


@by_identity
def _plans(lay: Table) -> tuple[_RowPlan, ...]:
    return tuple(
        _RowPlan(
            row,
            row.key,
            tuple(_paths(lay.key, row)),
            tuple(g for g in row.parents if g.path is not None and shows_template(lay.key, g.path)),
            getters(row),
        )
        for row in lay.rows
    )


def _application_items(
    table: ApplicationTable, lay: Table, template: Template | None
) -> tuple[list[_Item], dict[int, list[str]], dict[int, list[tuple[int, str]]]]:
    """The printed rows, and the group labels printed on lines of their own before each.

    The second mapping holds the group labels the text form prints (by the index of the row
    they precede); the third the optional groups held without a row shown, after their last
    row (`PrintedTable.alone`). The text form prints a group's label before its first row in
    the layout, shown or not (the last index, one past the rows, holds the labels after them).
    """
    ends = {} if template is None else _optional_ends(template)
    alone: dict[int, list[tuple[int, str]]] = {}
    shown: set[str] = set()
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

    extras = bool(table.extra_rows)
    for row, key, paths, placed, _ in _plans(lay):
        chain = _chain(table, row, placed) if placed else row.parents
        if chain:
            _first_seen(chain, seen, pending)
        values = row_texts(table, row)
        if values is not None:
            add(_Item(chain, row.label, values, False, paths))  # noqa: FBT003
            if ends:
                shown.update(group.label for group in row.parents)
        if key in ends:
            alone.update(_held_alone(table, ends[key], shown, len(items)))
        for extra in _extras(table, key, lay) if extras else ():
            add(_Item((), extra.label, extra.values, extra=True))
    if pending:
        headings[len(items)] = pending
    return _nested(items), headings, alone


def _first_seen(chain: Sequence[Group], seen: set[str], pending: list[str]) -> None:
    """Add to `pending` (and `seen`) the labels of `chain` not seen before."""
    if not seen.issuperset(group.label for group in chain):
        new = [group.label for group in chain if group.label not in seen]
        seen.update(new)
        pending.extend(new)


def _chain(table: ApplicationTable, row: Row, placed: Sequence[Group]) -> tuple[Group, ...]:
    """The groups of `row` printed for `table` (`group_shown`), outermost first."""
    if not placed:
        return row.parents
    hidden = [group.label for group in placed if not group_shown(table, group)]
    return tuple(g for g in row.parents if g.label not in hidden) if hidden else row.parents


def _held_alone(
    table: ApplicationTable, ends: Sequence[tuple[int, Group]], shown: set[str], index: int
) -> dict[int, list[tuple[int, str]]]:
    """The groups ending here that `table` holds with none of their rows shown, at `index`."""
    held = [
        (level, group.label)
        for level, group in ends
        if group.label not in shown and walk(table, group.path or ()) is not None
    ]
    return {index: held} if held else {}


def _nested(items: list[_Item]) -> list[_Item]:
    """An extra row stands inside the groups shared by the rows printed around it."""
    if all(not item.extra for item in items):
        return items
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


class _Skeleton(NamedTuple):
    """Section 三 as printed for one set of rows shown, without the values (`_applications`)."""

    lay: Table
    printed: PrintedTable
    parts: Sequence[tuple[Sequence[Cell], int]]
    """Each body row: the label cells (group labels, row label) and the index in the layout of
    the row whose values follow them; an extra row: all its cells, and -1."""


_SKELETONS: dict[tuple[Any, ...], _Skeleton] = {}
_SKELETON_CACHE = 512


def _applications(table: ApplicationTable, lay: Table, template: Template | None) -> PrintedTable:
    """Section 三 printed; built once for each set of rows, groups and extra rows, then filled in.

    Everything but the values follows from which rows the table shows, which groups it holds
    and its extra rows: that skeleton is kept (bounded), so printing many reports of a few
    shapes makes only their value cells.
    """
    plans = _plans(lay)
    values = [texts_of(table, plan.found) for plan in plans]
    key = (
        id(lay),
        template,
        tuple(value is None for value in values),
        tuple(group_shown(table, group) for group in _placed(lay)),
        tuple(
            walk(table, group.path or ()) is None
            for ends in (_optional_ends(template).values() if template else ())
            for _, group in ends
        ),
        table.extra_rows,
    )
    skeleton = _SKELETONS.get(key)
    if skeleton is None or skeleton.lay is not lay:
        printed = _applications_built(table, lay, template)
        shown = iter([index for index, value in enumerate(values) if value is not None])
        parts = [
            (tuple(row), -1)
            if _is_extra(row)
            else (tuple(cell for cell in row if cell.path is None), next(shown))
            for row in printed.rows[printed.header_rows :]
        ]
        if len(_SKELETONS) >= _SKELETON_CACHE:
            _SKELETONS.clear()
        _SKELETONS[key] = _Skeleton(lay, printed, parts)
        return printed
    rows = [
        [
            *prefix,
            *[
                _new(Cell, (text, False, 1, 1, None, path, False))
                for text, path in zip(values[index] or (), plans[index].paths, strict=True)
            ],
        ]
        if index >= 0
        else list(prefix)
        for prefix, index in skeleton.parts
    ]
    printed = skeleton.printed
    return printed._replace(groups=[printed.groups[0], ("tbody", rows)])


@by_identity
def _placed(lay: Table) -> tuple[Group, ...]:
    """The groups of `lay` printed only where the table holds them (`group_shown`)."""
    return tuple(dict.fromkeys(group for plan in _plans(lay) for group in plan.placed))


def _applications_built(
    table: ApplicationTable, lay: Table, template: Template | None
) -> PrintedTable:
    items, headings, alone = _application_items(table, lay, template)
    depth = 1 + max((len(item.chain) for item in items), default=0)
    header = _application_header(lay)[depth]
    body: list[Printed] = []
    above: tuple[Group, ...] = ()
    for index, item in enumerate(items):
        cells: list[Cell] = []
        for level, group in enumerate(item.chain):
            if above[level : level + 1] != (group,):
                span = 1
                while index + span < len(items) and items[index + span].chain[
                    level : level + 1
                ] == (group,):
                    span += 1
                cells.append(_head(group.label, rows=span, scope="rowgroup"))
        above = item.chain
        cells.append(_row_label(item.label, columns=depth - len(item.chain)))
        if item.paths:
            cells.extend(map(_value, item.values, item.paths))
        else:
            cells.extend(Cell(value) for value in item.values)
        body.append(cells)
    groups = [("thead", header), ("tbody", body)]
    return PrintedTable(
        "applications",
        groups,
        depth,
        {k + 3: v for k, v in headings.items()},
        {k + 3: v for k, v in alone.items()},
    )


_new = tuple.__new__


def _value(text: str, path: str | None) -> Cell:
    """A value cell (made as a plain tuple: the fields' defaults but `text` and `path`)."""
    return _new(Cell, (text, False, 1, 1, None, path, False))


@by_identity
def _application_header(lay: Table) -> Mapping[int, Sequence[Printed]]:
    """Section 三's three header rows, by the number of label columns (made once, shared)."""
    deepest = 1 + max(len(row.parents) for row in lay.rows)
    return {depth: _application_header_rows(lay, depth) for depth in range(1, deepest + 1)}


def _application_header_rows(lay: Table, depth: int) -> Sequence[Printed]:
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
    return header


# ------------------------------------------------------------------------------------------------
# Section 四: three header rows and one data row of 15 cells


def _top(row: Any) -> str:
    return str(row.parents[0].label if row.parents else row.label)


def _review(table: Any, lay: Table, *, one_line: bool) -> list[tuple[str, list[Printed]]]:
    """Section 四: the three header rows over one row of values, then the extra rows.

    A table lacking a group before a shown one prints as one small table per group
    (`_review_groups`), unless `one_line`: the spreadsheet form keeps its one line of fifteen
    fields, the missing group blank, as its reader reads the values by position.
    """
    if not one_line and _has_gap(table, lay):
        return _review_groups(table, lay)
    body: list[Printed] = []
    data: list[Cell] = []
    shown = 0
    for row, _, paths, _, _ in _plans(lay):
        values = row_texts(table, row)
        if values is None:  # blank, if a row after it is shown; else the line stops before it
            data.extend(_value("", path) for path in paths)
        else:
            data.extend(map(_value, values, paths))
            shown = len(data)
    if shown:
        body.append(data[:shown])
    # Every extra row follows the line of values (or stands alone when there is none).
    body.extend(_extra_row(extra.label, extra.values) for extra in table.extra_rows)
    groups: list[tuple[str, list[Printed]]] = [("thead", _review_header(lay))]
    if body:
        groups.append(("tbody", body))
    return groups


@by_identity
def _review_header(lay: Table) -> list[Printed]:
    """Section 四's three header rows (made once, shared)."""
    rows = lay.rows
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
    return [first, second, third]


def _has_gap(table: Any, lay: Table) -> bool:
    """True if `table` lacks a group of section 四 before one it shows."""
    shown = [texts_of(table, plan.found) is not None for plan in _plans(lay)]
    return any(not here and any(shown[index + 1 :]) for index, here in enumerate(shown))


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


# ------------------------------------------------------------------------------------------------
# The spreadsheet form: one line per row, a merged cell as its text then blank fields


class Escape(NamedTuple):
    """How `spreadsheet` escapes text.

    A cell whose text starts with one of `starts` prints as `text` gives it (the CSV writer's
    Excel mode: an apostrophe before a formula-like text); checking the first character here
    spares a call for every other cell.
    """

    starts: frozenset[str]
    text: Callable[[Cell], str]


def spreadsheet(
    printed: PrintedTable, labels: int, escape: Escape | None = None
) -> list[list[str]]:
    """The lines of `printed` as a person types them into a spreadsheet (the wide CSV).

    A merged cell prints its text in its first field and a blank in every other field it
    covers, a cell merged from above a blank; so a group label prints once, on the first line
    under it, as merged cells export. The label columns are widened to `labels` (section 三
    keeps its three label columns however deep the rows shown go). An extra row prints its
    label in the first field and its values after the label columns: a spreadsheet has no
    merged group cell for it to stand inside. An optional group held without a row shown
    prints its label alone on a line (`PrintedTable.alone`); the extra rows before every row of
    section 二 print before its first caption (`PrintedTable.opening`); section 四's line of
    values is there even when no row is shown, one empty field, so the lines after it stay
    extra rows. `escape` says which cells print otherwise than as their text (`Escape`).
    """
    covered: dict[int, set[int]] = {}
    lines: list[list[str]] = []
    alone = printed.alone
    grid = printed.labels
    widen = [""] * (labels - grid)
    indent = [""] * (labels - 1)
    for number, row in enumerate(printed.rows):
        if alone:
            lines.extend([*([""] * level), label] for level, label in alone.get(number, ()))
        if _is_extra(row):
            texts = [_text(cell, escape) for cell in row]
            lines.append([texts[0], *indent, *texts[1:]])
            continue
        lines.append(_grid_line(row, number, covered, grid=grid, widen=widen, escape=escape))
    if alone:
        lines.extend([*([""] * level), label] for level, label in alone.get(len(printed.rows), ()))
    if printed.opening:  # after the first caption and header: before them
        opening = lines[2 : 2 + printed.opening]
        del lines[2 : 2 + printed.opening]
        lines[0:0] = opening
    if printed.key == "review_litigation" and (
        len(lines) == printed.header_rows or _is_extra(printed.rows[printed.header_rows])
    ):
        lines.insert(printed.header_rows, [""])
    return lines


def _grid_line(
    row: Printed,
    number: int,
    covered: dict[int, set[int]],
    *,
    grid: int,
    widen: list[str],
    escape: Escape | None,
) -> list[str]:
    """Row `number` as fields, the label columns (`grid` of them) widened by `widen`.

    `covered` holds, by row, the columns merged cells above cover (this row's are taken out).
    """
    line: list[str] = []
    cols = covered.pop(number, None) if covered else None
    if cols is None and not widen:  # the common line: nothing merged from above, no widening
        return _plain_line(row, number, covered, escape)
    column = 0
    for cell in row:
        if cols:
            column = _skip(line, cols, column, grid, widen)
        span = cell.columns
        if cell.rows > 1:
            _cover(covered, cell, number, column)
        text = cell.text
        if escape is not None and text[:1] in escape.starts:
            text = escape.text(cell)
        line.append(text)
        if span > 1:
            line += [""] * (span - 1)
        if column < grid <= column + span:
            line += widen
        column += span
    if cols:
        _skip(line, cols, column, grid, widen)
    return line


def _plain_line(
    row: Printed, number: int, covered: dict[int, set[int]], escape: Escape | None
) -> list[str]:
    """`_grid_line` of a row with no column merged from above and no label columns to widen."""
    line: list[str] = []
    for cell in row:
        if cell.rows > 1:
            _cover(covered, cell, number, len(line))
        line.append(_text(cell, escape))
        if cell.columns > 1:
            line += [""] * (cell.columns - 1)
    return line


def _cover(covered: dict[int, set[int]], cell: Cell, number: int, column: int) -> None:
    """Note the columns `cell`, in row `number` from `column` on, covers in the rows below."""
    for below in range(number + 1, number + cell.rows):
        covered.setdefault(below, set()).update(range(column, column + cell.columns))


def _skip(line: list[str], cols: set[int], column: int, grid: int, widen: list[str]) -> int:
    """Print a blank for each covered column from `column` on; return the next free column."""
    while column in cols:
        line.append("")
        column += 1
        if column == grid:
            line += widen
    return column


def _text(cell: Cell, escape: Escape | None) -> str:
    text = cell.text
    return escape.text(cell) if escape is not None and text[:1] in escape.starts else text


def _is_extra(row: Printed) -> bool:
    """An extra row: a row label over values no model cell holds."""
    return bool(row) and row[0].scope == "row" and all(cell.path is None for cell in row[1:])
