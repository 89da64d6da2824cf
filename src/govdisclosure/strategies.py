"""Hypothesis strategies that draw reports, for testing tools built on govdisclosure.

Install with the ``strategies`` extra (``pip install 'govdisclosure[strategies]'``)::

    from hypothesis import given
    from govdisclosure.strategies import reports

    @given(reports(template="2021"))
    def test_my_exporter_keeps_every_cell(report): ...

`reports` draws complete, arithmetically consistent reports: every printed total equals the
sum of its parts, section 三 balances per column, and the plausibility rules hold, while a
realistic minority of cells is blank or holds a marker (``/``, ``-``, ``无``…). `partial_reports`
draws reports as scrapers meet them: metadata, sections, tables and rows may be missing, rows
the template lacks may be present, and cells need not add up.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, cast

import attrs

try:
    from hypothesis import strategies as st
except ImportError as error:  # pragma: no cover - exercised only without the extra
    msg = "govdisclosure.strategies needs hypothesis: pip install 'govdisclosure[strategies]'"
    raise ImportError(msg) from error

from govdisclosure.layout import CellKind, Template, layout, sections
from govdisclosure.model import (
    ExtraRow,
    Report,
    Section,
    SectionKey,
    Value,
)

__all__ = [
    "MARKERS",
    "application_tables",
    "markers",
    "narratives",
    "partial_reports",
    "proactive_tables",
    "reports",
    "review_litigation_tables",
    "templates",
]

MARKERS: tuple[str, ...] = ("/", "-", "—", "无", "不适用", "－", "／", "——", "空")  # noqa: RUF001 - full-width markers as published
"""Non-numeric cell markers seen in published reports."""

_ORGANS = (
    "湘潭县审计局",
    "桃江县鲊埠回族乡人民政府",
    "宁强县自然资源局",
    "武汉市公安局",
    "重庆市巴南区市场监督管理局",
    "上海市人民政府办公厅",
    "石家庄市教育局",
    "湖口县卫生健康委员会",
)
_SENTENCES = (
    "我局严格按照《中华人民共和国政府信息公开条例》要求，扎实推进政府信息公开工作。",
    "全年主动公开政府信息38条，其中工作动态31条、机构信息1条。",
    "坚持“以公开为常态、不公开为例外”原则，依法依规做好依申请公开工作。",
    "本年度，本机关未收到政府信息公开申请。",
    "一是政府信息公开内容有待丰富；二是公开渠道有待拓展。",
    "如对本报告有任何疑问，请与办公室联系（电话：0731-57821234）。",
    "本年度未发生信息处理费收费情况。",
    "无",
    "进一步加强门户网站建设和管理, 提高公开质量.",
    'Rules "quoted", commas, and = + - @ are kept verbatim.',
)
_EXTRA_HEADINGS = ("下一步工作打算", "其他工作情况", "工作考核、社会评议和责任追究情况")
_NUMERALS = "一二三四五六七八九十"


def templates() -> st.SearchStrategy[Template]:
    """Draw a template."""
    return st.sampled_from(list(Template))


def markers() -> st.SearchStrategy[str]:
    """Draw a non-numeric cell marker, mostly the ones published reports use."""
    return st.sampled_from(MARKERS)


def narratives(*, max_paragraphs: int = 3) -> st.SearchStrategy[str]:
    """Draw narrative text: paragraphs of report prose, one per line (may be empty)."""
    paragraph = st.lists(st.sampled_from(_SENTENCES), min_size=1, max_size=3).map("".join)
    return st.lists(paragraph, max_size=max_paragraphs).map("\n".join)


# Module-level strategies: built once, so drawing a report costs draws, not strategy setup.
_SMALL = st.integers(0, 30)
_COUNT = st.one_of(st.just(0), _SMALL, st.integers(0, 5_000_000))
"""Counts, mostly small, sometimes large (a city's 行政处罚 runs to millions)."""
_NONZERO = st.one_of(st.integers(1, 9), st.integers(1, 100_000))
_MONEY = st.one_of(
    st.just(Decimal(0)),
    st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False),
    st.decimals(min_value=0, max_value=10**5, places=6, allow_nan=False),
    st.integers(0, 10**6).map(Decimal),
)
_SIGNED = st.integers(-50, 50)

Cells = dict[str, Value]


@st.composite
def _proactive_cells(draw: st.DrawFn, template: Template) -> Cells:
    cells: Cells = {}
    for row in layout(template).table("proactive").rows:
        prefix = f"proactive.{row.key}"
        if template is Template.V2019 and row.path[0] in {"rules", "normative_documents"}:
            published = draw(_COUNT)
            cells[f"{prefix}.made"] = draw(_COUNT)
            cells[f"{prefix}.published"] = published
            cells[f"{prefix}.total_published"] = published + draw(_COUNT)
            continue
        if template is Template.V2021 and row.path[0] in {"rules", "normative_documents"}:
            issued, in_force = draw(_COUNT), draw(_COUNT)
            cells[f"{prefix}.issued"] = issued
            cells[f"{prefix}.in_force"] = in_force
            cells[f"{prefix}.repealed"] = draw(st.integers(0, issued + in_force))
            continue
        for column in row.columns:
            path = f"{prefix}.{column.key}"
            if column.kind is CellKind.MONEY:
                cells[path] = draw(_MONEY)
            elif column.kind is CellKind.SIGNED_COUNT:
                cells[path] = draw(_SIGNED)
            else:
                cells[path] = draw(_COUNT)
    return cells


def _sparse(draw: st.DrawFn, rows: int, columns: int, max_size: int) -> list[list[int]]:
    """A rows x columns grid of zeros with a few non-zero cells, as most reports print."""
    grid = [[0] * columns for _ in range(rows)]
    entries = st.tuples(st.integers(0, rows - 1), st.integers(0, columns - 1), _NONZERO)
    for row, column, value in draw(st.lists(entries, max_size=max_size)):
        grid[row][column] += value
    return grid


@st.composite
def _application_cells(draw: st.DrawFn, template: Template) -> Cells:
    table = layout(template).table("applications")
    applicants = [c.key for c in table.rows[0].columns if c.key != "total"]
    outcomes = [r for r in table.rows if r.path[0] == "results" and r.path[-1] != "total"]
    grid = _sparse(draw, len(outcomes), len(applicants), 16)
    per_row = {row.key: values for row, values in zip(outcomes, grid, strict=True)}
    results_total = [sum(values[i] for values in grid) for i in range(len(applicants))]
    forward = _sparse(draw, 1, len(applicants), 3)[0]
    carried_over = [
        draw(st.integers(0, t + f)) for t, f in zip(results_total, forward, strict=True)
    ]
    per_row["results.total"] = results_total
    per_row["carried_forward"] = forward
    per_row["carried_over"] = carried_over
    per_row["new_received"] = [
        t + f - c for t, f, c in zip(results_total, forward, carried_over, strict=True)
    ]
    cells: Cells = {}
    for row_key, values in per_row.items():
        for key, value in zip(applicants, values, strict=True):
            cells[f"applications.{row_key}.{key}"] = value
        cells[f"applications.{row_key}.total"] = sum(values)
    return cells


@st.composite
def _review_cells(draw: st.DrawFn) -> Cells:
    rows = layout(Template.V2021).table("review_litigation").rows
    grid = _sparse(draw, len(rows), 4, 5)
    cells: Cells = {}
    for row, parts in zip(rows, grid, strict=True):
        for column, value in zip(row.columns, [*parts, sum(parts)], strict=True):
            cells[f"review_litigation.{row.key}.{column.key}"] = value
    return cells


@st.composite
def _damage(draw: st.DrawFn, cells: Cells) -> Cells:
    """Blank out or mark a realistic minority of cells (a printed total included)."""
    paths = sorted(cells)
    blanks = draw(st.lists(st.sampled_from(paths), max_size=6, unique=True))
    marked = draw(st.lists(st.sampled_from(paths), max_size=4, unique=True))
    out = dict(cells)
    for path in blanks:
        out[path] = None
    for path in marked:
        out[path] = draw(markers())
    return out


def _table_strategy(
    template: Template | str | None, key: str, cells: Callable[[Template], st.SearchStrategy[Cells]]
) -> st.SearchStrategy[Any]:
    chosen = st.just(Template(template)) if template is not None else templates()

    def build(t: Template) -> st.SearchStrategy[Any]:
        return cells(t).flatmap(_damage).map(lambda c: getattr(Report.empty(t).with_cells(c), key))

    return chosen.flatmap(build)


def proactive_tables(template: Template | str | None = None) -> st.SearchStrategy[Any]:
    """Draw a consistent section 二 table (`ProactiveTable2019` or `ProactiveTable2021`)."""
    return _table_strategy(template, "proactive", _proactive_cells)


def application_tables(template: Template | str | None = None) -> st.SearchStrategy[Any]:
    """Draw a consistent section 三 `ApplicationTable` of `template` (any if None)."""
    return _table_strategy(template, "applications", _application_cells)


def review_litigation_tables() -> st.SearchStrategy[Any]:
    """Draw a consistent section 四 `ReviewLitigationTable`."""
    return _table_strategy(Template.V2021, "review_litigation", lambda _t: _review_cells())


@st.composite
def _sections(draw: st.DrawFn) -> tuple[Section, ...]:
    specs = list(sections())
    titles = [draw(st.sampled_from((spec.title, *spec.aliases))) for spec in specs]
    keyed: list[tuple[SectionKey | None, str]] = [
        (cast("SectionKey", spec.key), title) for spec, title in zip(specs, titles, strict=True)
    ]
    if draw(st.booleans()):
        position = draw(st.integers(4, len(keyed)))
        keyed.insert(position, (None, draw(st.sampled_from(_EXTRA_HEADINGS))))
    return tuple(
        Section(key, f"{_NUMERALS[i]}、{title}", draw(narratives()))
        for i, (key, title) in enumerate(keyed)
    )


@st.composite
def _reports(draw: st.DrawFn, template: Template | str | None) -> Report:
    chosen = Template(template) if template is not None else draw(templates())
    cells: Cells = {}
    cells.update(draw(_proactive_cells(chosen)))
    cells.update(draw(_application_cells(chosen)))
    cells.update(draw(_review_cells()))
    cells = draw(_damage(cells))
    organ = draw(st.sampled_from(_ORGANS))
    first_year = 2019 if chosen is Template.V2019 else 2021
    year = draw(st.integers(first_year, first_year + (1 if chosen is Template.V2019 else 4)))
    report = Report.empty(
        chosen, organ=organ, year=year, title=f"{organ}{year}年政府信息公开工作年度报告"
    )
    return attrs.evolve(
        report.with_cells(cells),
        preamble=draw(narratives(max_paragraphs=1)),
        sections=draw(_sections()),
    )


def reports(template: Template | str | None = None) -> st.SearchStrategy[Report]:
    """Draw a complete, arithmetically consistent report of `template` (any if None).

    Totals are computed from their parts, section 三 balances in every column, and the 2019
    对外公开总数量 ≥ 本年新公开数量 and 2021 本年废止件数 ≤ 现行有效件数 + 本年制发件数 hold. A few
    cells are blank or hold a marker, so checks meet what real reports print.
    """
    return _reports(template)


def _drop_rows(table: Any, rows: Sequence[tuple[str, ...]], cut: int) -> Any:
    """Make every row from position `cut` on absent, as a page cut off mid-table."""
    for path in rows[cut:]:
        table = _set_absent(table, path)
    return table


def _set_absent(obj: Any, path: tuple[str, ...]) -> Any:
    head, rest = path[0], path[1:]
    child = getattr(obj, head)
    if rest and child is not None:
        return attrs.evolve(obj, **{head: _set_absent(child, rest)})
    return attrs.evolve(obj, **{head: None}) if not rest else obj


def _present_rows(table: Any, rows: Sequence[tuple[str, ...]]) -> list[str]:
    present = []
    for path in rows:
        obj = table
        for name in path:
            obj = getattr(obj, name) if obj is not None else None
        if obj is not None:
            present.append(".".join(path))
    return present


@st.composite
def _partial_reports(draw: st.DrawFn, template: Template | str | None) -> Report:
    report = draw(_reports(template))
    chosen = report.template or Template.V2021  # a complete report always shows its template
    any_count = st.one_of(st.integers(-(10**6), 10**7), markers(), st.none())
    wild = {
        cell.path: draw(any_count)
        for cell in draw(st.lists(st.sampled_from(layout(chosen).cells), max_size=8))
        if cell.column.kind is not CellKind.MONEY
    }
    report = report.with_cells(wild)
    changes: dict[str, Any] = {}
    if draw(st.booleans()):
        # A page cut off before its title: the organ and year it names are unknown too.
        changes.update(title=None, organ=None, year=None)
    kept = draw(st.lists(st.sampled_from(report.sections), unique=True, max_size=7))
    changes["sections"] = tuple(s for s in report.sections if s in kept)
    for key in ("proactive", "applications", "review_litigation"):
        table = getattr(report, key)
        mode = draw(st.sampled_from(("keep", "keep", "absent", "cut")))
        if mode == "absent":
            changes[key] = None
            continue
        rows = [row.path for row in layout(chosen).table(key).rows]
        if mode == "cut":
            lowest = 0
            if key == "applications" and changes.get("proactive", True) is None:
                # Without section 二 only the （六） rows show the template: keep one of them.
                lowest = 1 + next(
                    i for i, path in enumerate(rows) if path[:2] == ("results", "other_handling")
                )
            table = _drop_rows(table, rows, draw(st.integers(lowest, len(rows))))
        if draw(st.booleans()):
            present = _present_rows(table, rows)
            # A table the template lacks a row for prints it after a row it has (section 四
            # prints one data row, so its extra rows follow the last group shown).
            if key == "review_litigation":
                after = present[-1] if present else None
            else:
                after = draw(st.sampled_from([None, *present]))
            extra = ExtraRow(
                draw(st.sampled_from(("其他主动公开文件", "合计", "备注"))),
                tuple(
                    draw(
                        st.lists(
                            st.sampled_from(("0", "1", "", "/")), min_size=1, max_size=7
                        ).filter(any)
                    )
                ),
                after=after,
            )
            table = attrs.evolve(table, extra_rows=(extra,))
        changes[key] = table
    return attrs.evolve(report, **changes)


def partial_reports(template: Template | str | None = None) -> st.SearchStrategy[Report]:
    """Draw a report as scrapers meet them: anything may be missing or not add up.

    The title may be cut off (and with it the organ and year it names); sections may be
    missing; a table may be absent or cut off (its rows from some point on absent); a row the
    template lacks may follow a row that is shown; some cells hold negative or huge numbers.
    Every drawn report is valid for the model and can be written and read back by every format.
    """
    return _partial_reports(template)
