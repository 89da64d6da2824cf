"""The report: metadata, narrative sections in printed order, and the three tables.

Also the generic, path-based access that tool builders use: iterate every cell with its path
and official label, get a cell by path, copy a report with cells replaced, and create an empty
report of a template for an authoring tool to fill in.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Literal, TypeVar, cast

import attrs

from govdisclosure.errors import CellValueError, Problem
from govdisclosure.layout import (
    SECTION_KEYS,
    CellKind,
    CellSpec,
    Template,
    layout,
    sections,
)
from govdisclosure.model._shape import (
    cells_of,
    compile_template_shown,
    field_class,
    row_plan,
    table_class,
    templates_shown,
    walk,
)
from govdisclosure.model.tables import (
    ApplicationTable,
    ProactiveTable2019,
    ProactiveTable2021,
    ReviewLitigationTable,
)
from govdisclosure.model.values import Value, cell_error, instance_of

__all__ = ["Cell", "Report", "Section", "SectionKey"]

SectionKey = Literal[
    "overview", "proactive", "applications", "review_litigation", "problems", "other_matters"
]
"""Identifiers of the six template sections."""

_T = TypeVar("_T")
_D = TypeVar("_D")


def _optional_str() -> str | None:
    field: str | None = attrs.field(default=None, validator=instance_of(str, optional=True))
    return field


def _check_key(_instance: object, _attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and value not in SECTION_KEYS:
        msg = f"section key must be one of {', '.join(SECTION_KEYS)} or None; got {value!r}"
        raise ValueError(msg)


@attrs.frozen
class Section:
    """A section of the report as printed: its heading and its narrative text.

    `key` names the template section it is (``overview`` … ``other_matters``), or is None for a
    section the template does not have (such as 下一步工作打算). `heading` is kept as printed,
    numbering included. `text` holds the paragraphs, one per line.
    """

    key: SectionKey | None = attrs.field(validator=_check_key)
    heading: str = attrs.field(validator=instance_of(str))
    text: str = attrs.field(default="", validator=instance_of(str))


@attrs.frozen
class Cell:
    """One numeric cell of a report: its path, its official label and its value."""

    path: str
    label: str
    value: Value


def _check_year(_instance: object, _attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
        msg = f"'year' must be an int or None; got {type(value).__name__} {value!r}"
        raise TypeError(msg)


def _to_sections(sections: Iterable[Section]) -> tuple[Section, ...]:
    return tuple(sections)


def _check_sections(
    _instance: object, _attribute: attrs.Attribute[Any], value: tuple[object, ...]
) -> None:
    seen: set[str] = set()
    for section in value:
        if not isinstance(section, Section):
            msg = f"'sections' must hold Section objects; got {type(section).__name__}"
            raise TypeError(msg)
        if section.key is not None:
            if section.key in seen:
                msg = f"section {section.key!r} appears twice; a repeat must have key None"
                raise ValueError(msg)
            seen.add(section.key)


def _check_tables(instance: Report, _attribute: attrs.Attribute[Any], _value: object) -> None:
    shown = tuple(templates_shown(instance))
    if len(shown) > 1 and shown[0] is not shown[1]:
        msg = (
            f"the section 二 table follows the {shown[0]} template but "
            f"applications.results.other_handling follows the {shown[1]} template"
        )
        raise ValueError(msg)


@attrs.frozen
class Report:
    """A government information disclosure annual report (政府信息公开工作年度报告).

    Everything is stored as the report prints it. `title`, `organ` and `year` are None when the
    text does not show them; a table is None when the report does not print it (tables published
    as images, pages cut off). The template is not stored: it is what the tables show
    (`template`). `sections` keeps every section in printed order with its heading as printed,
    including sections beyond the template's six.
    """

    title: str | None = _optional_str()
    organ: str | None = _optional_str()
    year: int | None = attrs.field(default=None, validator=_check_year)
    preamble: str = attrs.field(default="", validator=instance_of(str))
    """Text between the title and the first section heading."""
    sections: tuple[Section, ...] = attrs.field(
        default=(), converter=_to_sections, validator=_check_sections
    )
    proactive: ProactiveTable2019 | ProactiveTable2021 | None = attrs.field(
        default=None,
        validator=instance_of((ProactiveTable2019, ProactiveTable2021), optional=True),
    )
    """二、主动公开政府信息情况: the proactive disclosure table."""
    applications: ApplicationTable | None = attrs.field(
        default=None,
        validator=instance_of(ApplicationTable, optional=True),
    )
    """三、收到和处理政府信息公开申请情况: applications received and handled."""
    review_litigation: ReviewLitigationTable | None = attrs.field(
        default=None,
        validator=[
            instance_of(ReviewLitigationTable, optional=True),
            _check_tables,
        ],
    )
    """四、政府信息公开行政复议、行政诉讼情况: reconsideration and litigation."""

    # -- template and sections ----------------------------------------------------------------

    @property
    def template(self) -> Template | None:
        """The template the tables follow, or None if no table shows it.

        The section 二 table and the （六）其他处理 rows differ between templates; section 四 and
        the rest of section 三 do not, so a report showing only those has no known template.
        """
        return _template_shown(self)

    def section(self, key: SectionKey) -> Section | None:
        """Return the template section `key` as printed, or None if the report lacks it."""
        for section in self.sections:
            if section.key == key:
                return section
        return None

    @property
    def overview(self) -> Section | None:
        """一、总体情况."""
        return self.section("overview")

    @property
    def problems(self) -> Section | None:
        """五、存在的主要问题及改进情况."""
        return self.section("problems")

    @property
    def other_matters(self) -> Section | None:
        """六、其他需要报告的事项."""
        return self.section("other_matters")

    @property
    def extra_sections(self) -> tuple[Section, ...]:
        """Sections the template does not have (such as 下一步工作打算), in printed order."""
        return tuple(section for section in self.sections if section.key is None)

    # -- generic access by path -----------------------------------------------------------------

    def cells(self) -> Iterator[Cell]:
        """Yield every cell of every row the report shows, in printed order.

        Blank cells are included (value None); rows and tables the report does not show are not.
        """
        for table_key, rows in row_plan(self.template):
            table = getattr(self, table_key)
            if table is None:
                continue
            for row_path, specs in rows:
                row = walk(table, row_path)
                if row is None:
                    continue
                for spec in specs:
                    yield Cell(spec.path, spec.label, getattr(row, spec.column.key))

    def get(self, path: str, default: _D = None) -> Value | _D:  # type: ignore[assignment]
        """Return the value of the cell at `path` (e.g. ``applications.results.total.total``).

        Returns `default` when the row or table holding the cell is not shown by the report
        (a blank cell returns None). Raises KeyError if `path` names no cell of this report's
        template.
        """
        spec = _cell_spec(self.template, path)
        table = getattr(self, spec.table)
        row = None if table is None else walk(table, spec.row.path)
        if row is None:
            return default
        return cast("Value", getattr(row, spec.column.key))

    def with_cells(
        self, values: Mapping[str, Value], *, template: Template | str | None = None
    ) -> Report:
        """Return a copy with the cells at the given paths set to the given values.

        A row or table the report does not show is created, its other cells blank. `template`
        says which template's cells to allow when the report's tables do not show one yet (an
        empty `Report()`); it must agree with `template` when they do.

        Raises:
            KeyError: a path names no cell of the template.
            ValueError: `template` disagrees with the report's; or a value a cell cannot hold
                (`govdisclosure.errors.CellValueError`, a ValueError and a TypeError, lists
                every such cell by path and says what it expected).
        """
        own = self.template
        if template is not None:
            template = Template(template)
            if own is not None and own is not template:
                msg = f"the report follows the {own} template, not {template}"
                raise ValueError(msg)
        template = own or template
        trees: dict[str, _Tree] = {}
        for path, value in values.items():
            spec = _cell_spec(template, path)
            node = trees.setdefault(spec.table, _Tree())
            for name in spec.row.path:
                node = node.children.setdefault(name, _Tree())
            node.cells[spec.column.key] = value
        changes: dict[str, Any] = {}
        try:
            for table_key, tree in trees.items():
                table = getattr(self, table_key)
                if table is None:
                    table = table_class(template, table_key)()
                changes[table_key] = _merge(table, tree, template)
        except (TypeError, ValueError):
            # Only now look at each cell, so the usual case costs nothing more.
            problems = _cell_problems(values, template)
            if not problems:  # pragma: no cover - every cell validator is covered above
                raise
            raise CellValueError(problems) from None
        return attrs.evolve(self, **changes)

    @classmethod
    def empty(
        cls,
        template: Template | str,
        *,
        title: str | None = None,
        organ: str | None = None,
        year: int | None = None,
    ) -> Report:
        """Return a report of `template` with the six official sections and every cell blank.

        Meant for authoring tools: fill it in with `with_cells`.
        """
        template = Template(template)
        skeleton = cls(
            title=title,
            organ=organ,
            year=year,
            sections=tuple(Section(cast("SectionKey", s.key), s.heading) for s in sections()),
            proactive=table_class(template, "proactive")(),
            applications=ApplicationTable(),
            review_litigation=ReviewLitigationTable(),
        )
        return skeleton.with_cells(dict.fromkeys(c.path for c in layout(template).cells))


# ------------------------------------------------------------------------------------------------
# Helpers for path access. The plans are derived from the layout once per template.


def _cell_spec(template: Template | None, path: str) -> CellSpec:
    try:
        return cells_of(template)[path]
    except KeyError:
        known = f"the {template} template" if template else "a report of unknown template"
        msg = f"{path!r} is not a cell of {known}"
        raise KeyError(msg) from None


def _cell_problems(values: Mapping[str, Value], template: Template | None) -> list[Problem]:
    problems = []
    for path, value in values.items():
        money = _cell_spec(template, path).column.kind is CellKind.MONEY
        message = cell_error(path, value, money=money)
        if message is not None:
            problems.append(Problem(message, path=path, found=repr(value), kind="invalid-cell"))
    return problems


class _Tree:
    """The changes to make under one attribute: cells of a row, or changes to its children."""

    __slots__ = ("cells", "children")

    def __init__(self) -> None:
        self.cells: dict[str, Value] = {}
        self.children: dict[str, _Tree] = {}


def _merge(obj: _T, tree: _Tree, template: Template | None) -> _T:
    """Return `obj` with every change in `tree` made, rebuilding each object once."""
    changes: dict[str, Any] = {}
    for name, sub in tree.children.items():
        child = getattr(obj, name)
        if sub.cells:
            if child is None:
                changes[name] = field_class(type(obj), name, template)(**sub.cells)
            else:
                changes[name] = attrs.evolve(child, **sub.cells)
            continue
        if child is None:
            child = field_class(type(obj), name, template)()
        changes[name] = _merge(child, sub, template)
    return attrs.evolve(obj, **changes)  # type: ignore[misc]


_template_shown = compile_template_shown()
"""The template a report's tables show (`Report.template`), generated once from the layout."""
