"""Hypothesis strategies that draw reports, for testing tools built on govdisclosure.

Install with the ``strategies`` extra (``pip install 'govdisclosure[strategies]'``)::

    from hypothesis import given
    from govdisclosure.strategies import reports

    @given(reports(template="2021", blanks=False, markers=False))
    def test_my_exporter_keeps_every_cell(report): ...

`reports` draws complete reports, by default arithmetically consistent, with a realistic
minority of blank and marked cells; its keywords turn each of those off, or draw reports as
scrapers meet them (``partial=True``). `broken_reports` draws a report (or the pair or group of
reports a rule compares) that breaks exactly one rule of `govdisclosure.checks.RULES`. One
strategy per table draws the tables alone. Importing this module registers a strategy for every
model class, so ``st.from_type(Report)`` and ``st.builds`` of classes holding model objects draw
valid objects. `sample` draws a fixed, seeded list of reports, for writing fixture folders.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from functools import cache
from typing import Any, Final, cast

import attrs

try:
    from hypothesis import strategies as st
except ImportError as error:  # pragma: no cover - exercised only without the extra
    msg = "govdisclosure.strategies needs hypothesis: pip install 'govdisclosure[strategies]'"
    raise ImportError(msg) from error

from govdisclosure.checks import (
    RULES,
    Finding,
    Severity,
    Status,
    check,
    check_aggregate,
    check_continuity,
)
from govdisclosure.layout import (
    EXTRA_HEADINGS,
    EXTRA_ROWS,
    CellKind,
    Template,
    layout,
    sections,
    shows_template,
)
from govdisclosure.model import (
    ExtraRow,
    Report,
    Section,
    SectionKey,
    Value,
)
from govdisclosure.model import report as _report_module
from govdisclosure.model import tables as _tables
from govdisclosure.model._shape import FALLBACK, shape_template

__all__ = [
    "MARKERS",
    "Broken",
    "application_tables",
    "broken_reports",
    "markers",
    "narratives",
    "partial_reports",
    "proactive_tables",
    "reports",
    "review_litigation_tables",
    "sample",
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
    "一是政府信息公开内容有待丰富；二是公开渠道有待拓展。",
    "如对本报告有任何疑问，请与办公室联系（电话：0731-57821234）。",
    "本年度未发生信息处理费收费情况。",
    "无",
    "进一步加强门户网站建设和管理, 提高公开质量.",
    'Rules "quoted", commas, and = + - @ are kept verbatim.',
)
_STATING = ("本年度，本机关未收到政府信息公开申请。",)
"""Sentences stating an application count (compared with the tables by the narrative rule)."""
_EXTRA_HEADINGS = EXTRA_HEADINGS
_NUMERALS = "一二三四五六七八九十"
_REVIEW_LABEL = layout(FALLBACK).table("review_litigation").rows[0].label
"""行政复议, as the sentences of the narrative rule name it."""


def templates() -> st.SearchStrategy[Template]:
    """Draw a template."""
    return st.sampled_from(list(Template))


def markers() -> st.SearchStrategy[str]:
    """Draw a non-numeric cell marker, mostly the ones published reports use."""
    return st.sampled_from(MARKERS)


def _narratives(max_paragraphs: int, *, stating: bool) -> st.SearchStrategy[str]:
    sentences = _SENTENCES + _STATING if stating else _SENTENCES
    paragraph = st.lists(st.sampled_from(sentences), min_size=1, max_size=3).map("".join)
    return st.lists(paragraph, max_size=max_paragraphs).map("\n".join)


def narratives(*, max_paragraphs: int = 3) -> st.SearchStrategy[str]:
    """Draw narrative text: paragraphs of report prose, one per line (may be empty)."""
    return _narratives(max_paragraphs, stating=True)


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
_BY_KIND: Final[dict[CellKind, st.SearchStrategy[Value]]] = {
    CellKind.COUNT: _COUNT,
    CellKind.SIGNED_COUNT: _SIGNED,
    CellKind.MONEY: _MONEY,
}

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
            cells[f"{prefix}.{column.key}"] = draw(_BY_KIND[column.kind])
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
    rows = layout(FALLBACK).table("review_litigation").rows
    grid = _sparse(draw, len(rows), 4, 5)
    cells: Cells = {}
    for row, parts in zip(rows, grid, strict=True):
        for column, value in zip(row.columns, [*parts, sum(parts)], strict=True):
            cells[f"review_litigation.{row.key}.{column.key}"] = value
    return cells


@st.composite
def _any_cells(draw: st.DrawFn, template: Template, table: str) -> Cells:
    """Every cell of `table` drawn on its own: the totals need not add up."""
    return {
        cell.path: draw(_BY_KIND[cell.column.kind])
        for cell in layout(template).cells
        if cell.table == table
    }


@st.composite
def _damage(draw: st.DrawFn, cells: Cells, blanks: bool, marked: bool) -> Cells:  # noqa: FBT001
    """Blank out or mark a realistic minority of cells (a printed total included)."""
    paths = sorted(cells)
    out = dict(cells)
    if blanks:
        for path in draw(st.lists(st.sampled_from(paths), max_size=6, unique=True)):
            out[path] = None
    if marked:
        for path in draw(st.lists(st.sampled_from(paths), max_size=4, unique=True)):
            out[path] = draw(markers())
    return out


_CellsFor = Callable[[Template, bool], st.SearchStrategy[Cells]]


def _proactive_for(template: Template, consistent: bool) -> st.SearchStrategy[Cells]:  # noqa: FBT001
    return _proactive_cells(template) if consistent else _any_cells(template, "proactive")


def _applications_for(template: Template, consistent: bool) -> st.SearchStrategy[Cells]:  # noqa: FBT001
    return _application_cells(template) if consistent else _any_cells(template, "applications")


def _review_for(template: Template, consistent: bool) -> st.SearchStrategy[Cells]:  # noqa: FBT001
    return _review_cells() if consistent else _any_cells(template, "review_litigation")


_TABLES: Final[dict[str, _CellsFor]] = {
    "proactive": _proactive_for,
    "applications": _applications_for,
    "review_litigation": _review_for,
}


def _table_strategy(
    template: Template | str | None,
    key: str,
    *,
    consistent: bool,
    blanks: bool,
    markers: bool,
) -> st.SearchStrategy[Any]:
    chosen = st.just(Template(template)) if template is not None else templates()

    def build(t: Template) -> st.SearchStrategy[Any]:
        return (
            _TABLES[key](t, consistent)
            .flatmap(lambda cells: _damage(cells, blanks, markers))
            .map(lambda c: getattr(Report.empty(t).with_cells(c), key))
        )

    return chosen.flatmap(build)


def proactive_tables(
    template: Template | str | None = None,
    *,
    consistent: bool = True,
    blanks: bool = True,
    markers: bool = True,
) -> st.SearchStrategy[Any]:
    """Draw a section 二 table (`ProactiveTable2019` or `ProactiveTable2021`); see `reports`."""
    return _table_strategy(
        template, "proactive", consistent=consistent, blanks=blanks, markers=markers
    )


def application_tables(
    template: Template | str | None = None,
    *,
    consistent: bool = True,
    blanks: bool = True,
    markers: bool = True,
) -> st.SearchStrategy[Any]:
    """Draw a section 三 `ApplicationTable` of `template` (any if None); see `reports`."""
    return _table_strategy(
        template, "applications", consistent=consistent, blanks=blanks, markers=markers
    )


def review_litigation_tables(
    *, consistent: bool = True, blanks: bool = True, markers: bool = True
) -> st.SearchStrategy[Any]:
    """Draw a section 四 `ReviewLitigationTable` (alike in both templates); see `reports`."""
    return _table_strategy(
        FALLBACK, "review_litigation", consistent=consistent, blanks=blanks, markers=markers
    )


@st.composite
def _sections(draw: st.DrawFn, stating: bool) -> tuple[Section, ...]:  # noqa: FBT001
    specs = list(sections())
    titles = [draw(st.sampled_from((spec.title, *spec.aliases))) for spec in specs]
    keyed: list[tuple[SectionKey | None, str]] = [
        (cast("SectionKey", spec.key), title) for spec, title in zip(specs, titles, strict=True)
    ]
    if draw(st.booleans()):
        position = draw(st.integers(4, len(keyed)))
        keyed.insert(position, (None, draw(st.sampled_from(_EXTRA_HEADINGS))))
    text = _narratives(3, stating=stating)
    return tuple(
        Section(key, f"{_NUMERALS[i]}、{title}", draw(text)) for i, (key, title) in enumerate(keyed)
    )


@st.composite
def _complete(
    draw: st.DrawFn,
    template: Template | str | None,
    consistent: bool,  # noqa: FBT001
    blanks: bool,  # noqa: FBT001
    marked: bool,  # noqa: FBT001
) -> Report:
    chosen = Template(template) if template is not None else draw(templates())
    cells: Cells = {}
    for cells_for in _TABLES.values():
        cells.update(draw(cells_for(chosen, consistent)))
    cells = draw(_damage(cells, blanks, marked))
    organ = draw(st.sampled_from(_ORGANS))
    first_year = 2019 if chosen is Template.V2019 else 2021
    year = draw(st.integers(first_year, first_year + (1 if chosen is Template.V2019 else 4)))
    report = Report.empty(
        chosen, organ=organ, year=year, title=f"{organ}{year}年政府信息公开工作年度报告"
    )
    return attrs.evolve(
        report.with_cells(cells),
        preamble=draw(_narratives(1, stating=not consistent)),
        sections=draw(_sections(not consistent)),
    )


def reports(
    template: Template | str | None = None,
    *,
    consistent: bool = True,
    blanks: bool = True,
    markers: bool = True,
    partial: bool = False,
) -> st.SearchStrategy[Report]:
    """Draw a report of `template` (any if None).

    With `consistent` (the default) every rule of `govdisclosure.checks.check` holds, the
    narrative rule included: totals are computed from their parts, section 三 balances in every
    column, the 2019 对外公开总数量 ≥ 本年新公开数量 and the 2021 本年废止件数 ≤ 现行有效件数 +
    本年制发件数, the year fits the template and the prose states no count the tables
    contradict. Without it every cell is drawn on its own.

    `blanks` and `markers` let a few cells be blank or hold a marker (the rules over them are
    then not assessable); with both False, a consistent report has no finding at all.

    `partial` draws reports as scrapers meet them: the title, sections, tables and rows may be
    missing, a row the template lacks may be present, and (unless `consistent`) some cells hold
    negative or huge numbers.

    >>> from govdisclosure.checks import check
    >>> from govdisclosure.strategies import reports, sample
    >>> [check(r) for r in sample(3, seed=1, strategy=reports(blanks=False, markers=False))]
    [[], [], []]
    """
    complete = _complete(template, consistent, blanks, markers)
    if not partial:
        return complete
    return _partial(complete, wild=not consistent)


def partial_reports(template: Template | str | None = None) -> st.SearchStrategy[Report]:
    """Draw a report as scrapers meet them: ``reports(template, consistent=False, partial=True)``.

    Every drawn report is valid for the model and can be written and read back by every format.
    """
    return reports(template, consistent=False, partial=True)


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
def _partial(draw: st.DrawFn, complete: st.SearchStrategy[Report], *, wild: bool) -> Report:
    report = draw(complete)
    chosen = shape_template(report.template)  # a complete report always shows its template
    if wild:
        any_count = st.one_of(st.integers(-(10**6), 10**7), markers(), st.none())
        values = {
            cell.path: draw(any_count)
            for cell in draw(st.lists(st.sampled_from(layout(chosen).cells), max_size=8))
            if cell.column.kind is not CellKind.MONEY
        }
        report = report.with_cells(values)
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
                lowest = 1 + next(i for i, path in enumerate(rows) if shows_template(key, path))
            table = _drop_rows(table, rows, draw(st.integers(lowest, len(rows))))
        if draw(st.booleans()):
            present = _present_rows(table, rows)
            # A table the template lacks a row for prints it after a row it has (section 四
            # prints one data row, so its extra rows follow the last group shown).
            if key == "review_litigation":
                after = present[-1] if present else None
            else:
                after = draw(st.sampled_from([None, *present]))
            printed = ("0", "1", "", "/") if wild else ("", "/")
            extra = ExtraRow(
                draw(st.sampled_from(EXTRA_ROWS)),
                tuple(draw(st.lists(st.sampled_from(printed), min_size=1, max_size=7).filter(any))),
                after=after,
            )
            table = attrs.evolve(table, extra_rows=(extra,))
        changes[key] = table
    partial = attrs.evolve(report, **changes)
    if wild:
        return partial
    # A consistent page prints no heading over a table it does not show (that is a finding).
    empty = {
        finding.key.partition(":")[2]
        for finding in check(partial)
        if finding.rule == "missing-table"
    }
    tables = {spec.key: spec.table for spec in sections()}
    return attrs.evolve(
        partial, sections=tuple(s for s in partial.sections if tables.get(s.key or "") not in empty)
    )


# ------------------------------------------------------------------------------------------------
# Reports that break exactly one rule.


@attrs.frozen
class Broken:
    """Reports that break exactly `rule`: the report, and the reports the rule compares it with.

    `previous` is last year's report for a ``continuity`` rule; `children` are the members of an
    aggregated `report` for an ``aggregate`` rule. `findings` runs the rule's check.
    """

    rule: str
    report: Report
    previous: Report | None = None
    children: tuple[Report, ...] = ()

    def findings(self) -> list[Finding]:
        """Run the check the rule belongs to (`check`, `check_continuity`, `check_aggregate`)."""
        group = RULES[self.rule].group
        if group == "continuity":
            return check_continuity(cast("Report", self.previous), self.report)
        if group == "aggregate":
            return check_aggregate(self.report, self.children)
        # An information-level rule is hidden by default: ask for it (and so for every level).
        least = Severity.INFO if RULES[self.rule].severity is Severity.INFO else Severity.WARNING
        return check(self.report, narrative=group == "narrative", min_severity=least)


_BIG: Final = 10**9
"""How far a perturbation moves a count: past any slack a drawn report has (counts ≤ 5·10^6)."""
_FINE: Final = Decimal("0.0000001")
_TEXT: Final = "见附件"
"""Text that is neither a number nor a no-value marker, as clerks write in a count cell."""
_LONG_COUNT: Final = 10**15
"""A count of 16 digits: longer than the narrative rules read."""


@attrs.frozen
class _Change:
    """One way of changing the reports a rule looks at, found to break that rule alone."""

    where: str
    """Which report: ``report``, ``previous`` or ``child``."""
    cells: tuple[tuple[str, str], ...] = ()
    """(path, how) pairs: how is ``up`` (+10^9), ``negative``, ``fine`` (a 0.0000001 more),
    ``text`` (words that are no number) or ``blank``."""
    extra: str | None = None
    """The table given an extra row holding a number."""
    absent: str | None = None
    """The table left out, its heading still printed."""
    swap: bool = False
    """Print the first two sections in each other's place."""
    year: bool = False
    """Move the year to the other template's years."""
    stating: str | None = None
    """What the overview states against the tables: ``received`` (one more application than
    the table), ``review`` (one more reconsideration), ``year`` (the year before the report's)
    or ``long`` (a count of 16 digits)."""

    def apply(self, report: Report) -> Report:
        values = {path: _moved(report.get(path), how) for path, how in self.cells}
        changed = report.with_cells(values) if values else report
        if self.extra is not None:
            table = getattr(changed, self.extra)
            # Section 四 prints one data row: a row it lacks follows that row.
            rows = layout(cast("Template", changed.template)).table(self.extra).rows
            after = rows[-1].key if self.extra == "review_litigation" else None
            row = ExtraRow("备注", ("1",), after=after)
            changed = attrs.evolve(changed, **{self.extra: attrs.evolve(table, extra_rows=(row,))})
        if self.absent is not None:
            changed = attrs.evolve(changed, **cast("dict[str, Any]", {self.absent: None}))
        if self.swap and len(changed.sections) >= 2:  # noqa: PLR2004 - the two swapped
            first, second, *rest = changed.sections
            changed = attrs.evolve(changed, sections=(second, first, *rest))
        if self.year:
            changed = _with_year(changed, 2024 if changed.template is Template.V2019 else 2019)
        if self.stating is not None:
            changed = _stating(changed, self.stating)
        return changed


def _moved(value: Value, how: str) -> Value:
    """`value` changed as `how` says (see `_Change.cells`)."""
    number: int | Decimal = value if isinstance(value, int | Decimal) else 0
    if how == "text":
        return _TEXT
    if how == "blank":
        return None
    if how == "up":
        return number + _BIG
    if how == "negative":
        return -abs(number) - _BIG  # type: ignore[operator,no-any-return]
    return Decimal(number) + _FINE


def _stating(report: Report, what: str) -> Report:
    """`report` whose overview states one thing the tables (or the year) do not show."""
    if what == "year":
        year = report.year if report.year is not None else 2022
        sentence = f"本报告反映{year - 1}年度政府信息公开工作情况。"
    elif what == "long":
        sentence = f"本年度共收到政府信息公开申请{_LONG_COUNT}件。"
    else:
        path = (
            "review_litigation.reconsideration.total"
            if what == "review"
            else "applications.new_received.total"
        )
        value = report.get(path)
        stated = (value if isinstance(value, int) else 0) + 1
        sentence = (
            f"本年度发生{_REVIEW_LABEL}{stated}件。"
            if what == "review"
            else f"本年度共收到政府信息公开申请{stated}件。"
        )
    heading = next(s.heading for s in sections() if s.key == "overview")
    kept = [s for s in report.sections if s.key == "overview"]
    overview = (
        attrs.evolve(kept[0], text=sentence) if kept else Section("overview", heading, sentence)
    )
    rest = tuple(s for s in report.sections if s.key != "overview")
    return attrs.evolve(report, sections=(overview, *rest))


def _with_year(report: Report, year: int | None) -> Report:
    """`report` of another year, its title saying so (readers take the year from the title)."""
    title = report.title
    if title is not None and report.year is not None:
        title = title.replace(f"{report.year}年", f"{year}年", 1)
    return attrs.evolve(report, year=year, title=title)


def _subject(rule: str, base: Report) -> Broken:
    group = RULES[rule].group
    if group == "continuity":
        return Broken(rule, _next_year(base), previous=base)
    if group == "aggregate":
        return Broken(rule, _aggregate_of(base), children=(base, base))
    return Broken(rule, base)


def _next_year(report: Report) -> Report:
    """The same organ's next report, consistent with `report` for the continuity rules."""
    year = None if report.year is None else report.year + 1
    values: dict[str, Value] = {}
    applications = layout(cast("Template", report.template)).table("applications")
    columns = [c.key for c in applications.rows[0].columns]
    for column in columns:
        forward = report.get(f"applications.carried_forward.{column}")
        over = report.get(f"applications.carried_over.{column}")
        received = report.get(f"applications.new_received.{column}")
        values[f"applications.carried_over.{column}"] = forward
        if all(isinstance(v, int) for v in (forward, over, received)):
            # Keep the balance: what was received makes up for the change in what was carried.
            values[f"applications.new_received.{column}"] = (
                cast("int", received) + cast("int", over) - cast("int", forward)
            )
    following = report.with_cells(values)
    if report.template is Template.V2021:
        for row in ("rules", "normative_documents"):
            stock = report.get(f"proactive.{row}.in_force")
            following = following.with_cells(
                {f"proactive.{row}.issued": 0, f"proactive.{row}.repealed": 0}
            ).with_cells({f"proactive.{row}.in_force": stock})
    else:
        following = following.with_cells(_proactive_flow_2019(report))
    return _with_year(following, year)


def _proactive_flow_2019(report: Report) -> dict[str, Value]:
    """Next year's 2019 proactive cells that follow `report`: the running totals carried on.

    total_published grows by next year's published (kept as this year's); previous_items is
    this year's previous_items plus this year's change.
    """
    values: dict[str, Value] = {}
    for row in layout(Template.V2019).table("proactive").rows:
        path = "proactive." + ".".join(row.path)
        keys = {c.key for c in row.columns}
        numbers = {k: report.get(f"{path}.{k}") for k in keys}
        if not all(isinstance(v, int) for v in numbers.values()):
            continue
        counts = cast("dict[str, int]", numbers)
        if {"published", "total_published"} <= keys:
            values[f"{path}.total_published"] = counts["total_published"] + counts["published"]
        if {"previous_items", "change"} <= keys:
            values[f"{path}.previous_items"] = counts["previous_items"] + counts["change"]
    return values


def _aggregate_of(report: Report) -> Report:
    from govdisclosure.checks import aggregate  # noqa: PLC0415 - only the aggregate rules need it

    # The text formats read the year from the title: name the compiled report as its members.
    return attrs.evolve(
        aggregate([report, report]), title=report.title, organ=report.organ, year=report.year
    )


def _fails_exactly(rule: str, subject: Broken) -> bool:
    findings = subject.findings()
    return bool(findings) and all(f.rule == rule and f.status is Status.FAIL for f in findings)


def _apply(change: _Change, subject: Broken) -> Broken:
    if change.where == "previous":
        return attrs.evolve(subject, previous=change.apply(cast("Report", subject.previous)))
    if change.where == "child":
        return attrs.evolve(
            subject, children=(change.apply(subject.children[0]), subject.children[1])
        )
    return attrs.evolve(subject, report=change.apply(subject.report))


def _candidates(template: Template, where: str) -> Iterator[tuple[_Change, ...]]:
    """The changes tried, in tiers, simplest first: one cell; the report itself; two cells."""
    cells = layout(template).cells
    singles: list[_Change] = []
    for cell in cells:
        singles.append(_Change(where, ((cell.path, "up"),)))
        singles.append(_Change(where, ((cell.path, "negative"),)))
        if cell.column.kind is CellKind.MONEY:
            singles.append(_Change(where, ((cell.path, "fine"),)))
    yield tuple(singles)
    yield tuple(_Change(where, ((cell.path, how),)) for how in ("text", "blank") for cell in cells)
    tables = ("proactive", "applications", "review_litigation")
    yield (
        *(_Change(where, extra=table) for table in tables),
        *(_Change(where, absent=table) for table in tables),
        _Change(where, swap=True),
        _Change(where, year=True),
        *(_Change(where, stating=what) for what in ("received", "review", "year", "long")),
    )
    by_row: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    by_column: dict[tuple[str, str], list[str]] = {}
    for cell in cells:
        by_row.setdefault((cell.table, cell.row.path), []).append(cell.path)
        by_column.setdefault((cell.table, cell.column.key), []).append(cell.path)
    for groups in (by_row, by_column):
        yield tuple(
            _Change(where, ((first, "up"), (second, "up")))
            for paths in groups.values()
            for i, first in enumerate(paths)
            for second in paths[i + 1 :]
        )


_ENOUGH: Final = 6
"""Changes kept per rule and template: enough for variety, found in one pass."""


@cache
def _changes(rule: str, template: Template) -> tuple[_Change, ...]:
    """The changes that break `rule` alone in a consistent report of `template`, found by trying."""
    if template not in RULES[rule].templates:
        return ()
    base = _subject(rule, _probe(template))
    places = {"continuity": ("report", "previous"), "aggregate": ("report", "child")}
    found: list[_Change] = []
    for where in places.get(RULES[rule].group, ("report",)):
        for tier in _candidates(template, where):
            for change in tier:
                if _fails_exactly(rule, _apply(change, base)):
                    found.append(change)
                    if len(found) >= _ENOUGH:
                        return tuple(found)
            if found:  # the simplest tier that breaks the rule alone is enough
                break
    return tuple(found)


@cache
def _probe(template: Template) -> Report:
    """A consistent report with every cell a number: what the changes are tried on."""
    zeros = {
        cell.path: (Decimal(0) if cell.column.kind is CellKind.MONEY else 0)
        for cell in layout(template).cells
    }
    year = 2020 if template is Template.V2019 else 2022
    printed = tuple(Section(spec.key, spec.heading, "") for spec in sections())  # type: ignore[arg-type]
    report = Report.empty(template, organ=_ORGANS[0], year=year, title="年度报告书").with_cells(
        zeros
    )
    return attrs.evolve(report, sections=printed)


def breakable(rule: str) -> tuple[Template, ...]:
    """The templates in which `broken_reports` can break `rule` (by trying changes, once)."""
    return tuple(t for t in RULES[rule].templates if _changes(rule, t))


def broken_reports(rule: str, template: Template | str | None = None) -> st.SearchStrategy[Broken]:
    """Draw reports that break exactly `rule` of `govdisclosure.checks.RULES`, and nothing else.

    The rule's check (see `Broken.findings`) returns only failing findings of `rule`. Works for
    every rule in the catalogue, new ones included, without a list of rules: each draw is a
    consistent report without blanks or markers, changed in one of the ways found (once per
    rule) to break that rule alone: a cell moved up or made negative, money given a seventh
    decimal place, words or a blank in a cell, two cells of a row moved together, a number in
    an extra row, a table left out under its printed heading, the first two sections swapped,
    the year moved to the other template's, the prose stating an application or
    reconsideration count the table does not show, another year, or a 16-digit count; for a
    continuity rule, last year's report changed instead; for an aggregate rule, a member.
    `Broken.findings` asks for information-level findings when the rule is one.

    >>> from govdisclosure.strategies import broken_reports, sample
    >>> [broken] = sample(1, seed=3, strategy=broken_reports("row-total"))
    >>> sorted({f.rule for f in broken.findings()})
    ['row-total']

    Raises:
        KeyError: `rule` is not in the catalogue.
        ValueError: no such change breaks `rule` alone (in `template`), so no report can be
            drawn; the message says so. Every rule of today's catalogue can be broken.
    """
    spec = RULES[rule]
    allowed = [Template(template)] if template is not None else list(spec.templates)
    usable = [t for t in allowed if _changes(rule, t)]
    if not usable:
        msg = (
            f"no change of one or two cells, an extra row, the year or the prose breaks "
            f"{rule!r} alone in the {', '.join(t.value for t in allowed)} template; "
            "broken_reports cannot draw it"
        )
        raise ValueError(msg)

    @st.composite
    def draw_broken(draw: st.DrawFn) -> Broken:
        chosen = draw(st.sampled_from(usable))
        base = draw(reports(chosen, blanks=False, markers=False))
        if spec.group in {"continuity", "aggregate"}:
            base = _with_year(base, 2019 if chosen is Template.V2019 else 2022)
        change = draw(st.sampled_from(_changes(rule, chosen)))
        return _apply(change, _subject(rule, base))

    return draw_broken().filter(lambda broken: _fails_exactly(rule, broken))


# ------------------------------------------------------------------------------------------------
# Seeded samples and type registration.


def sample(n: int, *, seed: int, strategy: st.SearchStrategy[Any] | None = None) -> list[Any]:
    """Draw `n` values of `strategy` (default `reports()`), the same for the same `seed`.

    Meant for writing fixture folders and examples, outside tests: inside a test, use
    ``@given``. The values depend on `seed`, `n` and the installed hypothesis version.

    >>> from govdisclosure.strategies import sample
    >>> len(sample(2, seed=7)), sample(2, seed=7) == sample(2, seed=7)
    (2, True)
    """
    from hypothesis import HealthCheck, Phase, given, settings  # noqa: PLC0415
    from hypothesis import seed as seeded  # noqa: PLC0415

    chosen = reports() if strategy is None else strategy
    drawn: list[Any] = []
    attempt = 0
    while len(drawn) < n:
        batch: list[Any] = []

        @settings(
            max_examples=n - len(drawn) + 1,
            database=None,
            phases=[Phase.generate],
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(chosen)
        def draw(value: Any) -> None:
            batch.append(value)  # noqa: B023 - run at once, inside this iteration

        seeded(seed * 1009 + attempt)(draw)()
        # Hypothesis tries the simplest value first: it is the same for every seed, so skip it.
        drawn.extend(batch[1:][: n - len(drawn)])
        attempt += 1
    return drawn


def _cell_strategy(kind: CellKind) -> st.SearchStrategy[Value]:
    return st.one_of(_BY_KIND[kind], st.none(), markers())


@cache
def _row_kinds() -> dict[type[Any], dict[str, CellKind]]:
    """The cell kind of every field of every row class, read off the layouts."""
    kinds: dict[type[Any], dict[str, CellKind]] = {}
    for template in Template:
        empty = Report.empty(template)
        for table in layout(template).tables:
            for row in table.rows:
                obj: Any = getattr(empty, table.key)
                for name in row.path:
                    obj = getattr(obj, name)
                kinds.setdefault(type(obj), {}).update({c.key: c.kind for c in row.columns})
    return kinds


def _row_strategy(cls: type[Any]) -> st.SearchStrategy[Any]:
    """A row: each cell a number of its kind, a blank or a marker."""
    kinds = _row_kinds()[cls]
    return st.builds(cls, **{name: _cell_strategy(kind) for name, kind in kinds.items()})


def _register() -> None:
    """Let ``st.from_type`` draw valid model objects (and `st.builds` of classes holding them)."""
    for cls in (*(getattr(_tables, name) for name in _tables.__all__), Report, Section):
        module = _tables if cls.__module__ == _tables.__name__ else _report_module
        attrs.resolve_types(cls, globalns=vars(module))
    named: dict[type[Any], st.SearchStrategy[Any]] = {
        Report: reports(),
        _tables.ProactiveTable2019: proactive_tables("2019"),
        _tables.ProactiveTable2021: proactive_tables("2021"),
        _tables.ApplicationTable: application_tables(),
        _tables.ReviewLitigationTable: review_litigation_tables(),
        Section: _sections(stating=True).flatmap(st.sampled_from),
        ExtraRow: st.builds(
            ExtraRow,
            st.sampled_from(EXTRA_ROWS),
            st.lists(st.sampled_from(("0", "1", "", "/")), max_size=7).map(tuple),
        ),
    }
    groups: dict[type[Any], Callable[[Any], st.SearchStrategy[Any]]] = {
        _tables.Results: lambda t: application_tables(t).map(lambda a: a.results),
        _tables.Withheld: lambda t: application_tables(t).map(lambda a: a.results.withheld),
        _tables.Unavailable: lambda t: application_tables(t).map(lambda a: a.results.unavailable),
        _tables.NotProcessed: lambda t: application_tables(t).map(
            lambda a: a.results.not_processed
        ),
        _tables.OtherHandling: lambda _t: application_tables("2021").map(
            lambda a: a.results.other_handling
        ),
    }
    for cls, table_part in groups.items():
        named[cls] = table_part(None)
    for name in _tables.__all__:
        cls = getattr(_tables, name)
        if isinstance(cls, type) and cls not in named:
            named[cls] = _row_strategy(cls)
    for cls, strategy in named.items():
        st.register_type_strategy(cls, strategy)


_register()
