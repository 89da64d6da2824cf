"""The tidy CSV form: one row per fact, lossless, for one report or a corpus of them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from functools import cache
from typing import IO, Any, cast

import attrs

from govdisclosure.csv._common import (
    Record,
    decode,
    neutralise,
    number_text,
    records,
    records_of,
    restore,
)
from govdisclosure.csv._shape import (
    CellRef,
    build,
    cells_of,
    group_of,
    optional_groups,
    shape_template,
    table_layout,
    table_shape,
    tables_of,
    walk,
)
from govdisclosure.errors import Problem
from govdisclosure.layout import SECTION_KEYS, CellKind, Template, sections
from govdisclosure.model import ExtraRow, Report, Section, SectionKey, Value, is_marker
from govdisclosure.model.values import MAX_DIGITS, fits

COLUMNS: tuple[str, ...] = (
    "report",
    "template",
    "organ",
    "year",
    "path",
    "section",
    "row",
    "column",
    "label",
    "kind",
    "count",
    "amount",
    "marker",
    "text",
)
"""The columns of the tidy form, in the order they are written."""

(_REPORT, _TEMPLATE, _ORGAN, _YEAR, _PATH, _SECTION, _ROW, _COLUMN, _LABEL, _KIND) = range(10)
_COUNT, _AMOUNT, _MARKER, _TEXT = range(10, 14)
_VALUE_COLUMNS = (_COUNT, _AMOUNT, _MARKER, _TEXT)
_OWN_COLUMN = {"count": _COUNT, "money": _AMOUNT, "marker": _MARKER, "text": _TEXT}
# Columns that hold free text, neutralised for spreadsheets; the others hold identifiers from
# the layout, digits, or a kind.
_FREE_TEXT = (_REPORT, _ORGAN, _LABEL, _MARKER, _TEXT)

_META = ("template", "title", "organ", "year", "preamble")
_TEXT_OR_BLANK = frozenset({"text", "blank"})
_META_KINDS = {
    "template": _TEXT_OR_BLANK,
    "title": _TEXT_OR_BLANK,
    "organ": _TEXT_OR_BLANK,
    "year": frozenset({"count", "blank"}),
    "preamble": frozenset({"text"}),
}
_CELL_KINDS = {
    CellKind.COUNT: frozenset({"count", "marker", "blank"}),
    CellKind.SIGNED_COUNT: frozenset({"count", "marker", "blank"}),
    CellKind.MONEY: frozenset({"money", "marker", "blank"}),
}
# The model's one digit limit (MAX_DIGITS): longer digit strings are not counts or amounts.
_INTEGER = re.compile(rf"-?[0-9]{{1,{MAX_DIGITS}}}")
_DECIMAL_FORM = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def _is_amount(text: str) -> bool:
    return _DECIMAL_FORM.fullmatch(text) is not None and fits(Decimal(text))


_INDEX = re.compile(r"[1-9][0-9]{0,8}")
# kind -> (column, check, conversion, what is expected, problem kind)
_TYPED: Mapping[str, tuple[int, Callable[[str], object], Callable[[str], Value], str, str]] = {
    "count": (
        _COUNT,
        _INTEGER.fullmatch,
        int,
        f"a whole number of at most {MAX_DIGITS} digits such as 12 or -3",
        "not-a-count",
    ),
    "money": (
        _AMOUNT,
        _is_amount,
        Decimal,
        f"a decimal number of at most {MAX_DIGITS} digits such as 282.10",
        "not-a-decimal",
    ),
    "marker": (
        _MARKER,
        is_marker,
        str,
        "a marker (non-empty text that is not a number, without surrounding spaces)",
        "not-a-marker",
    ),
}

# ------------------------------------------------------------------------------------------------
# Writing


class _Text:
    """Turn fields into CSV text (RFC 4180 quoting), neutralising free text for spreadsheets.

    The tidy form is written without the csv module: most of every row is the same for every
    report of a template (path, section, row, column, label), so it is quoted once, cached,
    and joined with the few fields that change.
    """

    def __init__(self, *, excel: bool) -> None:
        self.excel = excel
        self.end = "\r\n" if excel else "\n"

    def free(self, text: str) -> str:
        """Quote free text, neutralised first for spreadsheets."""
        return quote(neutralise(text) if self.excel else text)

    def line(self, *fields: str, free: Sequence[int] = ()) -> str:
        """Join `fields` into one line; the fields at positions `free` are free text."""
        return (
            ",".join(self.free(f) if i in free else quote(f) for i, f in enumerate(fields))
            + self.end
        )

    def value(self, value: Value) -> str:
        """The kind, count, amount, marker and text fields of a cell, and the line end."""
        if value is None:
            return "blank,,,," + self.end
        if isinstance(value, str):
            return f"marker,,,{self.free(value)},{self.end}"
        if isinstance(value, Decimal):
            return f"money,,{number_text(value)},,{self.end}"
        return f"count,{value},,,{self.end}"


def quote(field: str) -> str:
    """Quote `field` if it holds a comma, a quote or a line break (RFC 4180)."""
    if _NEEDS_QUOTES.search(field) is None:
        return field
    return '"' + field.replace('"', '""') + '"'


_NEEDS_QUOTES = re.compile(r'[,"\r\n]')


_FREE = (_LABEL - _PATH, _TEXT - _PATH)
"""The free-text fields of a line written from the path on: label and text."""


# A table's write plan, in printed order: ("group", node path, fixed text) before the rows of
# an optional group, and ("row", row path, ((column, fixed text), ...)) for each data row. The
# fixed text is the quoted path, section, row, column and label, ending in a comma.
_Step = tuple[str, tuple[str, ...], Any]


@cache
def _plan(template: Template | None, key: str, *, excel: bool) -> tuple[_Step, ...]:
    refs = cells_of(template)
    chosen = shape_template(template)
    text = _Text(excel=excel)
    pending = list(optional_groups(chosen, key)) if template else []
    steps: list[_Step] = []

    def fixed(path: str, row: str, column: str, label: str) -> str:
        return ",".join((quote(path), key, quote(row), quote(column), text.free(label))) + ","

    for row in table_layout(template, key).rows:
        for group in [g for g in pending if row.path[: len(g.path)] == g.path]:
            dotted = ".".join(group.path)
            label = cast("Any", group_of(chosen, key, group.path)).label
            line = fixed(f"{key}.{dotted}", dotted, "", label) + "group,,,," + text.end
            steps.append(("group", group.path, line))
            pending.remove(group)
        columns = tuple(
            (column.key, fixed(ref.path, row.key, column.key, ref.label))
            for column in row.columns
            if (ref := refs.get(f"{key}.{row.key}.{column.key}")) is not None
        )
        if columns:
            steps.append(("row", row.path, columns))
    table_line = fixed(key, "", "", _headings()[key]) + "table,,,," + text.end
    return (("table", (), table_line), *steps)


def report_text(report_id: str, report: Report, *, excel: bool) -> str:
    """Return the tidy rows of one report as CSV text."""
    out = _Text(excel=excel)
    template = report.template
    year = "" if report.year is None else str(report.year)
    organ = out.free(report.organ or "")
    head = f"{out.free(report_id)},{template.value if template else ''},{organ},{year},"

    def fact(path: str, value: str | None, section: str = "", label: str = "") -> str:
        """A text row (``blank`` when `value` is None)."""
        kind, text = ("blank", "") if value is None else ("text", value)
        return head + out.line(path, section, "", "", label, kind, "", "", "", text, free=_FREE)

    parts = [
        fact("template", template.value if template else None),
        fact("title", report.title),
        fact("organ", report.organ),
        head + (f"year,,,,,count,{year},,,{out.end}" if year else f"year,,,,,blank,,,,{out.end}"),
        fact("preamble", report.preamble),
    ]
    parts.extend(
        fact(f"sections.{i}", section.text, section.key or "", section.heading)
        for i, section in enumerate(report.sections, start=1)
    )
    for key in tables_of(template):
        table = getattr(report, key)
        if table is not None:
            _table_text(parts, head, template, key, table, out=out)
    return "".join(parts)


def _table_text(
    parts: list[str], head: str, template: Template | None, key: str, table: Any, *, out: _Text
) -> None:
    for step, path, fixed in _plan(template, key, excel=out.excel):
        if step != "row":
            if step == "table" or walk(table, path) is not None:
                parts.append(head + fixed)
            continue
        obj = walk(table, path)
        if obj is not None:
            parts.extend(head + cell + out.value(getattr(obj, column)) for column, cell in fixed)
    for n, extra in enumerate(table.extra_rows, start=1):
        base, row = f"{key}.extra_rows.{n}", f"extra_rows.{n}"
        kind, after = ("blank", "") if extra.after is None else ("text", extra.after)
        label = extra.label
        parts.append(
            head + out.line(base, key, row, "", label, kind, "", "", "", after, free=_FREE)
        )
        parts.extend(
            head
            + out.line(
                f"{base}.{m}", key, row, str(m), label, "text", "", "", "", value, free=_FREE
            )
            for m, value in enumerate(extra.values, start=1)
        )


@cache
def _headings() -> Mapping[str, str]:
    return {section.key: section.heading for section in sections()}


# ------------------------------------------------------------------------------------------------
# Reading


@attrs.frozen
class Parsed:
    """What a lenient read of a tidy CSV could read, and every problem it met.

    `reports` maps each report identifier (the ``report`` column) to its report, in the order
    the file first mentions them. Rows with problems are left out; everything else is kept.
    """

    reports: Mapping[str, Report]
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the file was read without any problem."""
        return not self.problems

    @property
    def report(self) -> Report | None:
        """The report, when the file holds exactly one; otherwise None."""
        if len(self.reports) != 1:
            return None
        return next(iter(self.reports.values()))


def parse(source: str | bytes, *, excel: bool = False) -> Parsed:
    """Read a tidy CSV leniently: every report it holds, and every problem, without raising."""
    return read(source, excel=excel)[0]


def read(source: str | bytes, *, excel: bool) -> tuple[Parsed, dict[str, tuple[int, int]]]:
    """Read a tidy CSV; also return where each report starts (line, report column).

    The rows of a report may be spread over the file (a corpus sorted by path): they are
    grouped by the ``report`` column first, so this form holds the whole file in memory.
    """
    text, problem = decode(source)
    problems: list[Problem] = [problem] if problem else []
    rows = _rows(records(text, problems), problems, excel=excel)
    order = next(rows, None)
    if order is None:
        return Parsed({}, tuple(problems)), {}
    grouped: dict[str, list[Record]] = {}
    for report_id, record in cast("Iterator[tuple[str, Record]]", rows):
        found = grouped.get(report_id)
        if found is None:
            grouped[report_id] = [record]
        else:
            found.append(record)
    reports = {
        report_id: _ReportReader(report_id, group, cast("list[int]", order), problems).read()
        for report_id, group in grouped.items()
    }
    column = cast("list[int]", order)[_REPORT] + 1
    starts = {report_id: (group[0][0], column) for report_id, group in grouped.items()}
    return Parsed(reports, tuple(problems)), starts


def stream(
    lines: Iterable[str], *, excel: bool, problems: list[Problem] | None = None
) -> Iterator[Parsed]:
    """Read a tidy CSV one report at a time, from its lines; memory stays that of one report.

    Each `Parsed` holds one report and the problems met since the previous one (a last one
    may hold problems and no report). A report's rows must stand together, as
    `write_corpus` writes them: rows of a report met again after another report's are left
    out, with a problem saying so. `problems` is where `lines` adds its own (encoding) problems.
    """
    problems = [] if problems is None else problems
    return stream_records(records_of(lines, problems), problems, excel=excel)


def stream_records(
    found: Iterator[Record], problems: list[Problem], *, excel: bool
) -> Iterator[Parsed]:
    """Read tidy records (the header first) one report at a time, as `stream` does."""
    rows = _rows(found, problems, excel=excel)
    order = next(rows, None)
    if order is None:
        yield Parsed({}, tuple(problems))
        return
    done: dict[str, int] = {}
    current: str | None = None
    group: list[Record] = []

    def finish() -> Parsed:
        report = _ReportReader(cast("str", current), group, cast("list[int]", order), problems)
        parsed = Parsed({cast("str", current): report.read()}, tuple(problems))
        problems.clear()
        return parsed

    for report_id, record in cast("Iterator[tuple[str, Record]]", rows):
        if report_id == current:
            group.append(record)
            continue
        if report_id in done:
            problems.append(_split_problem(report_id, record, done[report_id], order))
            continue
        if current is not None:
            done[current] = group[-1][0]
            yield finish()
        current, group = report_id, [record]
    if current is not None:
        yield finish()
    if problems:  # no report at all, or a problem after the last report's rows
        yield Parsed({}, tuple(problems))


def _split_problem(report_id: str, record: Record, last: int, order: object) -> Problem:
    return Problem(
        f"expected the rows of report {report_id!r} together (its rows ended at line {last} "
        "and other reports followed); these rows are left out: sort the file by the report "
        "column, or read it with loads_corpus",
        line=record[0],
        column=cast("list[int]", order)[_REPORT] + 1,
        found=report_id,
        kind="report-split",
    )


def _rows(
    found: Iterator[Record], problems: list[Problem], *, excel: bool
) -> Iterator[list[int] | tuple[str, Record]]:
    """Yield the header's column order first, then (report id, record) for each usable record.

    Yields nothing when the header is missing or unusable (a problem says why).
    """
    first = next(found, None)
    if first is None:
        if not problems:
            problems.append(
                Problem(
                    f"expected a header row ({','.join(COLUMNS)}), found an empty file",
                    line=1,
                    kind="missing-header",
                )
            )
        return
    order = _header(first, problems)
    if order is None:
        return
    yield order
    identity = order == list(range(len(COLUMNS)))
    width = len(COLUMNS)
    for record in found:
        fields = record[1]
        if len(fields) != width:
            problems.append(
                Problem(
                    f"expected {width} fields as in the header, found {len(fields)}",
                    line=record[0],
                    column=min(len(fields), width) + 1,
                    kind="field-count",
                )
            )
            continue
        if not identity:
            fields[:] = [fields[i] for i in order]
        if excel:
            for index in _FREE_TEXT:
                fields[index] = restore(fields[index])
        yield fields[_REPORT], record


def _header(header: Record, problems: list[Problem]) -> list[int] | None:
    """Return, for each of COLUMNS, its position in the file; None if the header is unusable."""
    line, names = header
    position: dict[str, int] = {}
    bad = False
    for i, name in enumerate(names):
        if name not in COLUMNS:
            problems.append(
                Problem(
                    f"expected one of the columns {', '.join(COLUMNS)}, found {name!r}",
                    line=line,
                    column=i + 1,
                    found=name,
                    kind="unknown-column",
                )
            )
            bad = True
        elif name in position:
            problems.append(
                Problem(
                    f"expected each column once, found {name!r} again "
                    f"(first at column {position[name] + 1})",
                    line=line,
                    column=i + 1,
                    found=name,
                    kind="duplicate-column",
                )
            )
            bad = True
        else:
            position[name] = i
    for name in COLUMNS:
        if name not in position:
            problems.append(
                Problem(
                    f"expected a column {name!r} in the header, found none",
                    line=line,
                    kind="missing-column",
                )
            )
            bad = True
    return None if bad else [position[name] for name in COLUMNS]


class _Row:
    """One record of a report: its line, its fields in the order of COLUMNS, and its path."""

    __slots__ = ("fields", "line", "path")

    def __init__(self, line: int, fields: list[str]) -> None:
        self.line = line
        self.fields = fields
        self.path = fields[_PATH]


class _ReportReader:
    """Read the rows of one report into a Report, collecting problems."""

    def __init__(
        self, report_id: str, rows: list[Record], order: list[int], problems: list[Problem]
    ) -> None:
        self.report_id = report_id
        self.rows = rows
        self.order = order
        """Position in the file of each of COLUMNS."""
        self.problems = problems
        self.seen: dict[str, int] = {}

    def problem(
        self, row: _Row, column: int, message: str, kind: str, *, found: str | None = None
    ) -> None:
        self.problems.append(
            Problem(
                f"column {COLUMNS[column]!r}: {message}",
                path=row.path or None,
                line=row.line,
                column=self.order[column] + 1,
                found=found,
                kind=kind,
            )
        )

    def first(self, row: _Row) -> bool:
        """Return True the first time `row`'s path is met; report a duplicate otherwise."""
        line = self.seen.get(row.path)
        if line is not None:
            self.problem(
                row,
                _PATH,
                f"expected each path once per report, found a repeat of line {line}",
                "duplicate",
                found=row.path,
            )
            return False
        self.seen[row.path] = row.line
        return True

    def value(self, row: _Row, allowed: frozenset[str]) -> tuple[bool, Value]:
        """Read the value of `row` if its kind is one of `allowed`; (False, None) if unreadable."""
        fields = row.fields
        kind = fields[_KIND]
        if kind not in allowed:
            self.problem(
                row,
                _KIND,
                f"expected {' or '.join(sorted(allowed))}, found {kind!r}",
                "bad-kind",
                found=kind,
            )
            return False, None
        own = _OWN_COLUMN.get(kind)
        ok = True
        for index in _VALUE_COLUMNS:
            if index != own and fields[index]:
                self.problem(
                    row,
                    index,
                    f"expected nothing in a {kind} row, found {fields[index]!r}",
                    "unexpected-value",
                    found=fields[index],
                )
                ok = False
        if not ok:
            return False, None
        return self._typed(row, kind)

    def _typed(self, row: _Row, kind: str) -> tuple[bool, Value]:
        reader = _TYPED.get(kind)
        if reader is None:  # text, blank, table, group: nothing to convert
            return True, None if kind != "text" else row.fields[_TEXT]
        index, check, convert, expected, problem_kind = reader
        text = row.fields[index]
        if check(text):
            return True, convert(text)
        self.problem(row, index, f"expected {expected}, found {text!r}", problem_kind, found=text)
        return False, None

    # -- the report ------------------------------------------------------------------------------

    def read(self) -> Report:
        meta = self._meta()
        template = cast("Template | None", meta.get("template"))
        self._check_copies(meta)
        reader = _BodyReader(self, template)
        reader.add_all(self.rows)
        changes = reader.finish()
        try:
            return Report(
                title=cast("str | None", meta.get("title")),
                organ=cast("str | None", meta.get("organ")),
                year=cast("int | None", meta.get("year")),
                preamble=cast("str", meta.get("preamble", "")),
                **changes,
            )
        except (TypeError, ValueError) as error:  # pragma: no cover - values are checked above
            self.problem(_Row(*self.rows[0]), _PATH, str(error), "invalid")
            return Report()

    def _meta(self) -> dict[str, object]:
        meta: dict[str, object] = {}
        given: set[str] = set()
        for line, fields in self.rows:
            name = fields[_PATH]
            if name not in _META:
                continue
            row = _Row(line, fields)
            if not self.first(row):
                continue
            given.add(name)
            ok, value = self.value(row, _META_KINDS[name])
            if not ok:
                continue
            if name == "template" and value is not None:
                try:
                    value = Template(cast("str", value))
                except ValueError:
                    self.problem(
                        row,
                        _TEXT,
                        f"expected 2019 or 2021, found {value!r}",
                        "bad-template",
                        found=cast("str", value),
                    )
                    continue
            meta[name] = value
        for name in _META:
            if name not in given:
                self.problem(
                    _Row(*self.rows[0]),
                    _PATH,
                    f"expected a {name!r} row for report {self.report_id!r} (every report has "
                    f"the rows {', '.join(_META)}), found none",
                    "missing-metadata",
                )
        return meta

    def _check_copies(self, meta: dict[str, object]) -> None:
        """Check that the template, organ and year on every row agree with the metadata rows."""
        if not all(name in meta for name in ("template", "organ", "year")):
            return  # a problem already says what is missing or unreadable
        template = cast("Template | None", meta["template"])
        year = meta["year"]
        expected = [
            template.value if template else "",
            cast("str | None", meta["organ"]) or "",
            "" if year is None else str(year),
        ]
        for line, fields in self.rows:
            if fields[_TEMPLATE : _YEAR + 1] == expected:
                continue
            row = _Row(line, fields)
            for index, text in zip((_TEMPLATE, _ORGAN, _YEAR), expected, strict=True):
                if row.fields[index] != text:
                    self.problem(
                        row,
                        index,
                        f"expected {text!r} as in the report's {COLUMNS[index]!r} row, "
                        f"found {row.fields[index]!r}",
                        "inconsistent-metadata",
                        found=row.fields[index],
                    )


class _BodyReader:
    """Read sections, tables, groups, cells and extra rows of one report."""

    def __init__(self, owner: _ReportReader, template: Template | None) -> None:
        self.owner = owner
        self.template = template
        self.refs = cells_of(template)
        self.tables = tables_of(template)
        chosen = shape_template(template)
        self.groups = {
            f"{key}.{'.'.join(node.path)}": (key, node.path)
            for key in self.tables
            for node in (optional_groups(chosen, key) if template else ())
        }
        self.sections: list[tuple[int, _Row]] = []
        self.shown: set[str] = set()
        self.shown_groups: dict[str, set[tuple[str, ...]]] = {}
        self.cells: dict[tuple[str, tuple[str, ...]], dict[str, Value]] = {}
        self.first_line: dict[tuple[str, tuple[str, ...]], int] = {}
        self.extra: dict[str, dict[int, tuple[_Row, str | None]]] = {}
        self.extra_values: dict[str, dict[int, dict[int, tuple[_Row, str]]]] = {}

    def add_all(self, rows: list[Record]) -> None:
        """Read every row but the metadata; the usual cells take a short path."""
        refs, seen, cells, first_line = self.refs, self.owner.seen, self.cells, self.first_line
        integer, money = _INTEGER.fullmatch, CellKind.MONEY
        for line, fields in rows:
            path = fields[_PATH]
            ref = refs.get(path)
            if ref is None or path in seen:
                if path not in _META:
                    self.add(_Row(line, fields))
                continue
            kind = fields[_KIND]
            value: Value
            if (
                kind == "count"
                and ref.kind is not money
                and not (fields[_AMOUNT] or fields[_MARKER] or fields[_TEXT])
                and integer(fields[_COUNT])
            ):
                value = int(fields[_COUNT])
            elif kind == "blank" and not (
                fields[_COUNT] or fields[_AMOUNT] or fields[_MARKER] or fields[_TEXT]
            ):
                value = None
            else:
                self.add(_Row(line, fields))
                continue
            seen[path] = line
            where = (ref.table, ref.row)
            found = cells.get(where)
            if found is None:
                cells[where] = found = {}
                first_line[where] = line
            found[ref.column] = value

    def add(self, row: _Row) -> None:
        """Read one row other than metadata, saying what is wrong with it if anything."""
        path = row.path
        ref = self.refs.get(path)
        if ref is not None:
            self._cell(row, ref)
            return
        if not self.owner.first(row):
            return
        if path.startswith("sections."):
            self._section(row, path.removeprefix("sections."))
        elif path in self.tables:
            if self.owner.value(row, frozenset({"table"}))[0]:
                self.shown.add(path)
        elif path in self.groups:
            if self.owner.value(row, frozenset({"group"}))[0]:
                key, group = self.groups[path]
                self.shown_groups.setdefault(key, set()).add(group)
        elif not self._extra(row):
            self._unknown(row)

    def _section(self, row: _Row, index: str) -> None:
        if not _INDEX.fullmatch(index):
            self._unknown(row)
            return
        ok, _ = self.owner.value(row, frozenset({"text"}))
        key = row.fields[_SECTION]
        if key and key not in SECTION_KEYS:
            self.owner.problem(
                row,
                _SECTION,
                f"expected a section key ({', '.join(SECTION_KEYS)}) or nothing for a section "
                f"the template lacks, found {key!r}",
                "bad-section-key",
                found=key,
            )
            return
        if key and any(other.fields[_SECTION] == key for _, other in self.sections):
            self.owner.problem(
                row,
                _SECTION,
                f"expected section {key!r} once, found it again",
                "duplicate",
                found=key,
            )
            return
        if ok:
            self.sections.append((int(index), row))

    def _cell(self, row: _Row, ref: CellRef) -> None:
        if not self.owner.first(row):
            return
        ok, value = self.owner.value(row, _CELL_KINDS[ref.kind])
        if not ok:
            return
        where = ref.where
        if where not in self.cells:
            self.cells[where] = {}
            self.first_line[where] = row.line
        self.cells[where][ref.column] = value

    def _extra(self, row: _Row) -> bool:
        key, _, rest = row.path.partition(".extra_rows.")
        if key not in self.tables or not rest:
            return False
        n, _, m = rest.partition(".")
        if not _INDEX.fullmatch(n) or (m and not _INDEX.fullmatch(m)):
            return False
        if m:
            ok, value = self.owner.value(row, frozenset({"text"}))
            if ok:
                values = self.extra_values.setdefault(key, {}).setdefault(int(n), {})
                values[int(m)] = (row, cast("str", value))
        else:
            ok, value = self.owner.value(row, _TEXT_OR_BLANK)
            if ok:
                self.extra.setdefault(key, {})[int(n)] = (row, cast("str | None", value))
        return True

    def _unknown(self, row: _Row) -> None:
        path = row.path
        hint = ""
        for other in Template:
            if other is not self.template and path in cells_of(other):
                hint = f" (it is a cell of the {other} template)"
                break
        template = (
            f"the {self.template} template" if self.template else "a report without a template"
        )
        self.owner.problem(
            row,
            _PATH,
            f"expected a path of {template}: metadata, sections.N, a table, a cell or an "
            f"extra row; found {path!r}{hint}",
            "unknown-path",
            found=path,
        )

    # -- assembling -----------------------------------------------------------------------------

    def finish(self) -> dict[str, Any]:
        changes: dict[str, Any] = {
            "sections": tuple(
                Section(
                    cast("SectionKey | None", row.fields[_SECTION] or None),
                    row.fields[_LABEL],
                    row.fields[_TEXT],
                )
                for _, row in sorted(self.sections, key=lambda item: item[0])
            )
        }
        chosen = shape_template(self.template)
        for key in self.tables:
            rows = {row: cells for (table, row), cells in self.cells.items() if table == key}
            groups = self.shown_groups.get(key, set())
            extra = self._extra_rows(key)
            if key not in self.shown and not rows and not groups and not extra:
                continue
            self._check_complete(key, rows)
            try:
                changes[key] = build(table_shape(chosen, key), rows, groups, extra)
            except (TypeError, ValueError) as error:  # pragma: no cover - values checked above
                self.owner.problem(_Row(*self.owner.rows[0]), _PATH, str(error), "invalid")
        return changes

    def _check_complete(self, key: str, rows: dict[tuple[str, ...], dict[str, Value]]) -> None:
        layout_rows = {row.path: row for row in table_layout(self.template, key).rows}
        for path, cells in rows.items():
            for column in layout_rows[path].columns:
                if column.key not in cells:
                    first = self.first_line[key, path]
                    missing = f"{key}.{'.'.join(path)}.{column.key}"
                    cells[column.key] = None
                    if missing in self.owner.seen:
                        continue  # given but unreadable: its own problem says why
                    self.owner.problems.append(
                        Problem(
                            f"expected a row for every cell of a row the report shows, found "
                            f"none for {missing!r} (line {first} shows its row)",
                            path=missing,
                            line=first,
                            column=self.owner.order[_PATH] + 1,
                            kind="missing-cell",
                        )
                    )

    def _extra_rows(self, key: str) -> list[ExtraRow]:
        heads = self.extra.get(key, {})
        values = self.extra_values.get(key, {})
        for n, given in values.items():
            if n not in heads:
                row = next(iter(given.values()))[0]
                self.owner.problem(
                    row,
                    _PATH,
                    f"expected a row {key}.extra_rows.{n} (label and 'after') before its values, "
                    "found none",
                    "missing-extra-row",
                    found=row.path,
                )
        result = []
        for n in sorted(heads):
            row, after = heads[n]
            cells = values.get(n, {})
            for m in range(1, max(cells, default=0) + 1):
                if m not in cells:
                    self.owner.problem(
                        row,
                        _PATH,
                        f"expected the values of {row.path} numbered 1 to {max(cells)}, "
                        f"found no value {m}",
                        "missing-value",
                    )
            texts = tuple(cells[m][1] for m in sorted(cells))
            result.append(ExtraRow(row.fields[_LABEL], texts, after))
        return result


# ------------------------------------------------------------------------------------------------
# Public helpers


def write_corpus(
    out: IO[str], reports: Mapping[str, Report] | Iterable[Report], *, excel: bool
) -> None:
    """Write the header, then the rows of each report; reports without ids are numbered from 1."""
    text = _Text(excel=excel)
    if excel:
        out.write("\ufeff")
    out.write(",".join(COLUMNS) + text.end)
    items = (
        reports.items()
        if isinstance(reports, Mapping)
        else ((str(i), r) for i, r in enumerate(reports, start=1))
    )
    for report_id, report in items:
        out.write(report_text(report_id, report, excel=excel))
