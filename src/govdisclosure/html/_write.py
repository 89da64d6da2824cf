"""Write a report as a standalone HTML5 page in the official layout.

Every label comes from `govdisclosure.layout`. The page mirrors what `govdisclosure.text` prints,
so the shared reader reads it back: a table follows its section's narrative, a table without its
section comes before the sections, absent rows are not printed, and an extra row follows the row
named by its `after`. Header cells are merged as the official templates merge them.

The output is also well-formed XML (void elements closed, numeric character references only), so
strict XML tools can read it too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache
from html import escape
from typing import Any, Literal, NamedTuple, Protocol

from govdisclosure._writing import extra_rows_after, row_texts
from govdisclosure.layout import Group, Table, Template, layout
from govdisclosure.model import ApplicationTable, OtherHandling, Report

__all__ = ["Markable", "page"]

_STYLE = (
    "body{font-family:sans-serif;max-width:60em;margin:auto;padding:1em}"
    "table{border-collapse:collapse;margin:1em 0}"
    "th,td{border:1px solid #444;padding:.2em .5em}"
    "td{text-align:right}"
    "th[scope=row],th[scope=rowgroup]{text-align:left;font-weight:normal}"
)
_MARK_STYLE = (
    "td.finding-error{background:#f8c8c8;outline:2px solid #c00}"
    "td.finding-warning{background:#fde9a9;outline:2px solid #b80}"
    "td.finding-info{background:#d6e8fb}"
    "td.finding-not-assessable{background:#e4e4e4}"
    "td.finding-operand{box-shadow:inset 0 0 0 2px #36c}"
)


class _Operand(Protocol):
    @property
    def path(self) -> str: ...


class Markable(Protocol):
    """What the page marks: a `govdisclosure.checks.Finding` (read by its attributes only)."""

    @property
    def path(self) -> str: ...
    @property
    def rule(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def message_zh(self) -> str: ...
    @property
    def message_en(self) -> str: ...
    @property
    def cells(self) -> Sequence[_Operand]: ...


class _Mark(NamedTuple):
    classes: str
    titles: str


def _marks(findings: Iterable[Markable], lang: str) -> Mapping[str, _Mark]:
    """The classes and tooltips of every cell a finding names: its own place, then operands."""
    classes: dict[str, list[str]] = {}
    titles: dict[str, list[str]] = {}
    for finding in findings:
        failed = str(finding.status) == "fail"
        level = str(finding.severity) if failed else "not-assessable"
        classes.setdefault(finding.path, []).append(f"finding-{level}")
        message = finding.message_zh if lang == "zh" else finding.message_en
        titles.setdefault(finding.path, []).append(f"{finding.rule}: {message}")
        for operand in finding.cells:
            if operand.path != finding.path:
                classes.setdefault(operand.path, []).append("finding-operand")
    return {
        path: _Mark(" ".join(dict.fromkeys(names)), "\n".join(dict.fromkeys(titles.get(path, []))))
        for path, names in classes.items()
    }


_UNTITLED = "govdisclosure report"
_RUN_OF_SPACES = re.compile(r" {2,}")
_TABLES = ("proactive", "applications", "review_litigation")


def _text(text: str) -> str:
    """Escape `text`; keep runs of spaces, which HTML would fold, as non-breaking spaces."""
    escaped = escape(text, quote=True)
    return _RUN_OF_SPACES.sub(lambda m: " " + "&#160;" * (len(m[0]) - 1), escaped)


class _Cell(NamedTuple):
    """One cell of a printed table; a cell of the model carries its path."""

    text: str
    header: bool = False
    columns: int = 1
    rows: int = 1
    scope: str | None = None
    path: str | None = None
    mark: _Mark | None = None

    def html(self) -> str:
        tag = "th" if self.header else "td"
        attributes = ""
        if self.scope is not None:
            attributes += f' scope="{self.scope}"'
        if self.columns > 1:
            attributes += f' colspan="{self.columns}"'
        if self.rows > 1:
            attributes += f' rowspan="{self.rows}"'
        if self.path is not None:  # identifiers and dots: nothing to escape
            attributes += f' data-path="{self.path}"'
        mark = self.mark
        if mark is not None:
            attributes += f' class="{mark.classes}"'
            if mark.titles:
                attributes += f' title="{_text(mark.titles)}"'
        return f"<{tag}{attributes}>{_text(self.text)}</{tag}>"


def _head(text: str, *, columns: int = 1, rows: int = 1, scope: str = "col") -> _Cell:
    return _Cell(text, header=True, columns=columns, rows=rows, scope=scope)


def _row_label(text: str, *, columns: int = 1) -> _Cell:
    return _Cell(text, header=True, columns=columns, scope="row")


Printed = Sequence[_Cell]


def page(
    report: Report, findings: Iterable[Markable] = (), *, lang: Literal["en", "zh"] = "zh"
) -> str:
    """Return `report` as an HTML5 page; mark the cells `findings` name (tooltips in `lang`)."""
    title = report.title
    marks = _marks(findings, lang)
    style = _STYLE + (_MARK_STYLE if marks else "")
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8" />',
        '<meta name="viewport" content="width=device-width, initial-scale=1" />',
        '<meta name="generator" content="govdisclosure" />',
        f"<title>{_text(title or report.organ or _UNTITLED)}</title>",
        f"<style>{style}</style>",
        "</head>",
        "<body>",
        "<main>",
    ]
    if title is not None:
        out.append(f"<h1>{_text(title)}</h1>")
    out.extend(_paragraphs(report.preamble))
    homes = {section.key for section in report.sections}
    for key in _TABLES:
        if key not in homes:  # a table printed without its section heading
            out.extend(_table(report, key, marks))
    for section in report.sections:
        out.append(f"<h2>{_text(section.heading)}</h2>")
        out.extend(_paragraphs(section.text))
        if section.key in _TABLES:
            out.extend(_table(report, section.key, marks))
    out.extend(["</main>", "</body>", "</html>", ""])
    return "\n".join(out)


def _paragraphs(text: str) -> Iterator[str]:
    for paragraph in text.split("\n"):
        if paragraph.strip():
            yield f"<p>{_text(paragraph)}</p>"


def _table(report: Report, key: str, marks: Mapping[str, _Mark]) -> list[str]:
    table = getattr(report, key)
    if table is None:
        return []
    template = report.template or Template.V2021
    if key == "proactive":
        groups = _proactive(table, layout(template).table(key))
    elif key == "applications":
        groups = _applications(table, layout(template).table(key))
    else:
        groups = _review(table, layout(template).table(key))
    out = [f'<table class="govdisclosure-{key.replace("_", "-")}">']
    for tag, rows in groups:
        out.append(f"<{tag}>")
        if marks:
            row_cells: Iterable[Printed] = ([_marked(cell, marks) for cell in row] for row in rows)
        else:
            row_cells = rows
        out.extend("<tr>" + "".join(cell.html() for cell in row) + "</tr>" for row in row_cells)
        out.append(f"</{tag}>")
    out.append("</table>")
    return out


def _marked(cell: _Cell, marks: Mapping[str, _Mark]) -> _Cell:
    mark = marks.get(cell.path) if cell.path is not None else None
    return cell if mark is None else cell._replace(mark=mark)


# ------------------------------------------------------------------------------------------------
# Cells of the model


def _paths(key: str, row: Any) -> list[str]:
    """The paths of the cells of a row of table `key`, in printed order."""
    return [f"{key}.{row.key}.{column.key}" for column in row.columns]


def _extra_row(label: str, values: Sequence[str], *, columns: int = 1) -> list[_Cell]:
    return [_row_label(label, columns=columns), *(_Cell(value) for value in values)]


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
) -> list[_Cell]:
    """Cells filling `width` columns: one each, the last one taking what is left."""
    last = len(texts) - 1
    return [
        _Cell(
            text,
            header=header,
            columns=width - last if index == last else 1,
            scope="col" if header else None,
            path=paths[index] if paths else None,
        )
        for index, text in enumerate(texts)
    ]


def _proactive(table: Any, lay: Table) -> list[tuple[str, list[Printed]]]:
    width = _width(lay)
    groups: list[tuple[str, list[Printed]]] = []
    for number, block in enumerate(lay.blocks):
        rows: list[Printed] = [
            [_head(block.caption, columns=width + 1, scope="colgroup")],
            [
                _head(block.header),
                *_spread([column.label for column in block.columns], width, header=True),
            ],
        ]
        if number == 0:
            rows.extend(
                _extra_row(label, values) for label, values in extra_rows_after(table, None)
            )
        for row in block.rows:
            values = row_texts(table, row)
            if values is not None:
                paths = _paths("proactive", row)
                rows.append([_row_label(row.label), *_spread(values, width, paths=paths)])
            rows.extend(
                _extra_row(label, values) for label, values in extra_rows_after(table, row.key)
            )
        groups.append(("tbody", rows))
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


def _group_shown(table: ApplicationTable, group: Group) -> bool:
    """A group label is printed for a group the table has: （六） only as the 2021 group."""
    if group.path == ("results", "other_handling"):
        return isinstance(table.results.other_handling, OtherHandling)
    return True


def _application_items(table: ApplicationTable, lay: Table) -> list[_Item]:
    items = [
        _Item((), label, values, extra=True) for label, values in extra_rows_after(table, None)
    ]
    for row in lay.rows:
        values = row_texts(table, row)
        if values is not None:
            chain = tuple(g for g in row.parents if _group_shown(table, g))
            paths = _paths("applications", row)
            items.append(_Item(chain, row.label, values, extra=False, paths=paths))
        items.extend(
            _Item((), label, values, extra=True)
            for label, values in extra_rows_after(table, row.key)
        )
    # An extra row stands inside the groups shared by the rows printed around it.
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


def _applications(table: ApplicationTable, lay: Table) -> list[tuple[str, list[Printed]]]:
    items = _application_items(table, lay)
    depth = 1 + max((len(item.chain) for item in items), default=0)
    columns = lay.rows[0].columns
    second: list[_Cell] = []
    third: list[_Cell] = []
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
            _head(lay.header or "", columns=len(columns), scope="colgroup"),
        ],
        second,
        third,
    ]
    body: list[Printed] = []
    for index, item in enumerate(items):
        cells: list[_Cell] = []
        for level, group in enumerate(item.chain):
            above = items[index - 1].chain if index else ()
            if above[level : level + 1] != (group,):
                span = 1
                while index + span < len(items) and items[index + span].chain[
                    level : level + 1
                ] == (group,):
                    span += 1
                cells.append(_Cell(group.label, header=True, rows=span, scope="rowgroup"))
        cells.append(_row_label(item.label, columns=depth - len(item.chain)))
        paths = item.paths or [None] * len(item.values)
        cells.extend(_Cell(v, path=p) for v, p in zip(item.values, paths, strict=True))
        body.append(cells)
    return [("thead", header), ("tbody", body)]


# ------------------------------------------------------------------------------------------------
# Section 四: three header rows and one data row of 15 cells


def _review(table: Any, lay: Table) -> list[tuple[str, list[Printed]]]:
    rows = lay.rows
    outcomes = [column.label for column in rows[0].columns]
    width = len(outcomes)
    first: list[_Cell] = []
    second: list[_Cell] = []
    third: list[_Cell] = []
    for index, row in enumerate(rows):
        top = row.parents[0].label if row.parents else row.label
        above = rows[index - 1] if index else None
        if above is None or (above.parents[0].label if above.parents else above.label) != top:
            span = sum(1 for r in rows if (r.parents[0].label if r.parents else r.label) == top)
            first.append(_head(top, columns=width * span, scope="colgroup"))
        if row.parents:
            second.append(_head(row.label, columns=width, scope="colgroup"))
            third.extend(_head(label) for label in outcomes)
        else:
            second.extend(_head(label, rows=2) for label in outcomes)
    body: list[Printed] = []
    data: list[_Cell] = []
    last: str | None = None
    for row in rows:
        values = row_texts(table, row)
        if values is None:
            break
        paths = _paths("review_litigation", row)
        data.extend(_Cell(v, path=p) for v, p in zip(values, paths, strict=True))
        last = row.key
    if last is not None:
        body.append(data)
    body.extend(_extra_row(label, values) for label, values in extra_rows_after(table, last))
    groups: list[tuple[str, list[Printed]]] = [("thead", [first, second, third])]
    if body:
        groups.append(("tbody", body))
    return groups
