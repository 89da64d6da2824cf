"""Per-template plans: every cell of a report read into one flat list, and equations over it.

A plan is derived from the layout once per template (and once for reports whose template is
unknown). Reading a report is then one attribute chain per row; an equation is two tuples of
indices into the flat list, summed with plain ``sum``. Messages and findings are only built for
the rare equation that fails or cannot be checked.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from functools import cache, partial
from itertools import compress
from typing import Any, Final, cast

import attrs

from govdisclosure.checks._findings import (
    RULES,
    Finding,
    Operand,
    Rule,
    Side,
    Status,
    _Details,
)
from govdisclosure.layout import CellKind, CellSpec, Row, Template, section_of_table
from govdisclosure.model import Report, Value
from govdisclosure.model._shape import cells_of


class Absent:
    """The value of a cell in a row or table the report does not show."""

    def __repr__(self) -> str:
        return "<not shown>"


ABSENT: Final = Absent()
Slot = Value | Absent
"""A cell as read into a plan's flat list: a value, or ABSENT."""

NUMBER_TYPES = frozenset((int, Decimal))
"""The classes of printed numbers (the model holds exactly these: no bool, no subclass)."""
_IS_NUMBER_TYPE = NUMBER_TYPES.__contains__
_HOLDS: dict[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq,
    "≥": operator.ge,
    "≤": operator.le,
}
_BROKEN = {"=": "≠", "≥": "<", "≤": ">"}
_NAMED = 4
"""How many unreadable cells a not-assessable message names before it counts the rest."""


# ------------------------------------------------------------------------------------------
# Equations and the findings they produce.


@attrs.frozen
class Term:
    """A cell as it takes part in an equation: where its value is, and what to call it."""

    spec: CellSpec
    index: int
    """Position of the cell's value in the values the equation is evaluated on."""
    name_zh: str
    name_en: str
    report: str | None = None
    label: str = attrs.field(init=False)
    """The cell's official label, built once (the layout builds it on every access)."""
    # The operands of the commonest values, built once: findings share them (they are frozen).
    zero: Operand = attrs.field(init=False)
    blank: Operand = attrs.field(init=False)
    unshown: Operand = attrs.field(init=False)

    @label.default
    def _label(self) -> str:
        return self.spec.label

    @zero.default
    def _zero(self) -> Operand:
        return Operand(self.spec.path, self.label, 0, shown=True, report=self.report)

    @blank.default
    def _blank(self) -> Operand:
        return Operand(self.spec.path, self.label, None, shown=True, report=self.report)

    @unshown.default
    def _unshown(self) -> Operand:
        return Operand(self.spec.path, self.label, None, shown=False, report=self.report)


@attrs.frozen
class Equation:
    """``sum(lhs) relation sum(rhs)``, precomputed with the messages' names."""

    rule: Rule
    key: str
    spec: CellSpec
    """The primary cell: the finding's path and the label its Chinese message starts with."""
    lhs: tuple[Term, ...]
    rhs: tuple[Term, ...]
    relation: str = "="
    rhs_summary: tuple[str, str] | None = None
    """Names (zh, en) shown for the right side instead of every term, when it is long."""
    lhs_index: tuple[int, ...] = attrs.field(init=False)
    rhs_index: tuple[int, ...] = attrs.field(init=False)
    holds: Callable[[Any, Any], bool] = attrs.field(init=False)
    # Derived once, for building findings: every term, left first, with its position and names.
    terms: tuple[Term, ...] = attrs.field(init=False)
    index: tuple[int, ...] = attrs.field(init=False)
    names_zh: tuple[str, ...] = attrs.field(init=False)
    names_en: tuple[str, ...] = attrs.field(init=False)
    label: str = attrs.field(init=False)
    split: int = attrs.field(init=False)
    """How many of `terms` are on the left side."""
    signed: tuple[bool, ...] = attrs.field(init=False)
    """Per term: whether its cell may be negative (an unknown one then balances anything)."""
    any_signed: bool = attrs.field(init=False)
    pick: Callable[[Sequence[Slot]], tuple[Slot, ...]] = attrs.field(init=False)
    """The values of `terms` out of a report's values, picked at C speed."""

    @any_signed.default
    def _any_signed(self) -> bool:
        return any(self.signed)

    @pick.default
    def _pick(self) -> Callable[[Sequence[Slot]], tuple[Slot, ...]]:
        index = self.index
        if len(index) == 1:
            (only,) = index
            return lambda values: (values[only],)
        picker: Callable[[Sequence[Slot]], tuple[Slot, ...]] = operator.itemgetter(*index)
        return picker

    @split.default
    def _split(self) -> int:
        return len(self.lhs)

    @signed.default
    def _signed(self) -> tuple[bool, ...]:
        return tuple(t.spec.column.kind is CellKind.SIGNED_COUNT for t in self.terms)

    @lhs_index.default
    def _lhs_index(self) -> tuple[int, ...]:
        return tuple(t.index for t in self.lhs)

    @rhs_index.default
    def _rhs_index(self) -> tuple[int, ...]:
        return tuple(t.index for t in self.rhs)

    @holds.default
    def _holds(self) -> Callable[[Any, Any], bool]:
        return _HOLDS[self.relation]

    @terms.default
    def _terms(self) -> tuple[Term, ...]:
        return self.lhs + self.rhs

    @index.default
    def _index(self) -> tuple[int, ...]:
        return self.lhs_index + self.rhs_index

    @names_zh.default
    def _names_zh(self) -> tuple[str, ...]:
        return tuple(t.name_zh for t in self.terms)

    @names_en.default
    def _names_en(self) -> tuple[str, ...]:
        return tuple(t.name_en for t in self.terms)

    @label.default
    def _label(self) -> str:
        return self.spec.label


def evaluate(equation: Equation, values: Sequence[Slot]) -> Finding | None:
    """Return the finding for `equation` on `values`, or None when it holds.

    An equation none of whose cells the report shows gives no finding. One with a blank, a
    marker or an unshown cell among its operands fails when the numbers it does have already
    break it whatever non-negative values the others hold (a signed cell can hold any value);
    otherwise it is not assessable. Only the status is worked out here: the finding's
    messages and cells are built when first read.
    """
    slots = equation.pick(values)
    split = equation.split
    try:
        left = sum(slots[:split])  # type: ignore[arg-type]
        right = sum(slots[split:])  # type: ignore[arg-type]
    except TypeError:  # a blank (None), a marker (str) or ABSENT: never counted as 0
        return _unknown(equation, slots)
    if equation.holds(left, right):
        return None
    rule = equation.rule
    return Finding.lazy(
        rule.id,
        rule.severity,
        Status.FAIL,
        equation.spec.path,
        equation.key,
        partial(_details, equation, slots, Status.FAIL),
    )


def _unknown(equation: Equation, slots: tuple[Slot, ...]) -> Finding | None:
    """The finding of an equation with an operand that is not a number (see `evaluate`)."""
    if slots.count(ABSENT) == len(slots):
        return None  # the report shows none of the equation's cells: nothing to check
    status = _open_status(equation, slots)
    rule = equation.rule
    return Finding.lazy(
        rule.id,
        rule.severity,
        status,
        equation.spec.path,
        equation.key,
        partial(_details, equation, slots, status),
    )


def findings_of(
    equations: Sequence[Equation], listed: Iterable[int], values: Sequence[Slot]
) -> list[Finding]:
    """Return the findings of the equations `compile_equations`' function listed.

    The hot path of checking a report with blanks: each finding is made with its status
    worked out and nothing else (see `Finding.lazy`); `_open_status` is inlined for the
    common case.
    """
    out = []
    lazy = Finding.lazy
    is_number = _IS_NUMBER_TYPE
    for n in listed:
        if n >= 0:  # every operand a number, and the equation does not hold
            equation = equations[n]
            slots = equation.pick(values)
            status = _FAIL
        else:  # an operand holds no number; the report shows some cell (see compile_equations)
            equation = equations[~n]
            slots = equation.pick(values)
            if equation.any_signed:
                status = _open_status(equation, slots)
            else:
                split = equation.split
                left, right = slots[:split], slots[split:]
                known_left = tuple(compress(left, map(is_number, map(type, left))))
                known_right = tuple(compress(right, map(is_number, map(type, right))))
                status = (
                    _FAIL
                    if bound_broken(
                        equation.relation,
                        sum(cast("tuple[int, ...]", known_left)),
                        sum(cast("tuple[int, ...]", known_right)),
                        open_left=len(known_left) != split,
                        open_right=len(known_right) != len(right),
                    )
                    else _NOT_ASSESSABLE
                )
        rule = equation.rule
        out.append(
            lazy(
                rule.id,
                rule.severity,
                status,
                equation.spec.path,
                equation.key,
                partial(_details, equation, slots, status),
            )
        )
    return out


def _open_status(equation: Equation, slots: tuple[Slot, ...]) -> Status:
    """The status of an equation with an operand holding no number (see `bound_broken`)."""
    split = equation.split
    left, right = slots[:split], slots[split:]
    known_left = tuple(compress(left, map(_IS_NUMBER_TYPE, map(type, left))))
    known_right = tuple(compress(right, map(_IS_NUMBER_TYPE, map(type, right))))
    if equation.any_signed and any(
        signed and v.__class__ not in NUMBER_TYPES
        for signed, v in zip(equation.signed, slots, strict=True)
    ):
        return _NOT_ASSESSABLE  # an unknown signed cell balances anything
    if bound_broken(
        equation.relation,
        sum(cast("tuple[int, ...]", known_left)),
        sum(cast("tuple[int, ...]", known_right)),
        open_left=len(known_left) != split,
        open_right=len(known_right) != len(right),
    ):
        return _FAIL
    return _NOT_ASSESSABLE


_FAIL = Status.FAIL
_NOT_ASSESSABLE = Status.NOT_ASSESSABLE


def bound_broken(
    relation: str,
    left: int | Decimal,
    right: int | Decimal,
    *,
    open_left: bool,
    open_right: bool,
) -> bool:
    """Whether ``left + x relation right + y`` fails for every x, y >= 0.

    `left` and `right` are the sums of the known operands; `open_left` says the left side has
    an unknown operand (x can be any non-negative value), else x is 0.
    """
    if relation == "=":
        return (not open_left and left < right) or (not open_right and right < left)
    if relation == "≥":
        return not open_left and left < right
    return not open_right and right < left  # ≤


_PYTHON = {"=": "==", "≥": ">=", "≤": "<="}


def compile_equations(equations: Sequence[Equation]) -> Callable[[Sequence[Slot]], list[int]]:
    """Return a function giving the positions of the `equations` that do not plainly hold.

    The function is generated once per template: one arithmetic expression per equation over
    the flat values, with no call or loop per equation, which makes a clean report cost a
    few microseconds. Every side starts from ``0 +`` so that a blank, a marker or ABSENT
    raises TypeError, and such an equation is listed too, as ``~n`` (negative), unless the
    report shows none of its cells: `findings_of` then works out whether it fails.
    """
    lines = ["def holds_not(v):", "    out = []"]
    for n, equation in enumerate(equations):
        lhs = " + ".join(["0", *(f"v[{i}]" for i in equation.lhs_index)])
        rhs = " + ".join(["0", *(f"v[{i}]" for i in equation.rhs_index)])
        unshown = " and ".join(f"v[{i}] is A" for i in equation.index)
        lines += [
            "    try:",
            f"        if not ({lhs} {_PYTHON[equation.relation]} {rhs}):",
            f"            out.append({n})",
            "    except TypeError:",
            f"        if not ({unshown}):",  # an equation the report does not show at all
            f"            out.append({~n})",
        ]
    lines.append("    return out")
    namespace: dict[str, Any] = {"A": ABSENT}
    # Generated from the layout's own indices, never from input: nothing outside is run.
    exec(compile("\n".join(lines), "<govdisclosure.checks equations>", "exec"), namespace)  # noqa: S102
    function: Callable[[Sequence[Slot]], list[int]] = namespace["holds_not"]
    return function


def operand(term: Term, value: Slot) -> Operand:
    """Return the public view of `term` holding `value`."""
    if isinstance(value, Absent):
        return term.unshown
    if value is None:
        return term.blank
    if value.__class__ is int and value == 0:
        return term.zero
    return Operand(term.spec.path, term.label, value, shown=True, report=term.report)


def _sum(values: Iterable[Slot]) -> int | Decimal | None:
    total: int | Decimal = 0
    for value in values:
        if value.__class__ not in NUMBER_TYPES:
            return None
        total += value  # type: ignore[operator]
    return total


def show(value: object) -> str:
    """Format a value inside an equation: numbers as printed, anything else as ``?``."""
    return str(value) if value.__class__ in NUMBER_TYPES else "?"


def missing_zh(name: str, value: Slot) -> str:
    """Say in Chinese why the cell called `name` cannot be counted."""
    if value is ABSENT:
        return f"{name}未列出"
    return f"{name}为空白" if value is None else f"{name}为“{value}”"


def missing_en(name: str, value: Slot) -> str:
    """Say in English why the cell called `name` cannot be counted."""
    if value is ABSENT:
        return f"{name} is not shown"
    return f"{name} is blank" if value is None else f'{name} is "{value}"'


def _details(equation: Equation, slots: Sequence[Slot], status: Status) -> _Details:
    """Build what a finding of `equation` says: its messages, cells and sides.

    Called the first time a finding's message or cells are read, so a caller filtering on
    rule, status or key never pays for it.
    """
    terms = equation.terms
    split = equation.split
    cells = tuple(map(operand, terms, slots))
    left, right = _sum(slots[:split]), _sum(slots[split:])
    known_left, known_right = _known(slots[:split]), _known(slots[split:])
    summary = equation.rhs_summary
    shown = [show(v) for v in (slots if summary is None else slots[:split])]
    texts: list[str] = []
    for lang, names in enumerate((equation.names_zh, equation.names_en)):
        pairs = [f"{name} {value}" for name, value in zip(names, shown, strict=False)]
        texts.append(" + ".join(pairs[:split]) or "0")
        if summary is None:
            texts.append(" + ".join(pairs[split:]) or "0")
        else:
            texts.append(f"{summary[lang]} {show(right)}")
    lhs_zh, rhs_zh, lhs_en, rhs_en = texts
    path = equation.spec.path
    lhs = Side(cells[:split], left, known_left)
    rhs = Side(cells[split:], right, known_right)
    gaps = [n for n, v in enumerate(slots) if v.__class__ not in NUMBER_TYPES]
    missing = tuple(dict.fromkeys(terms[n].spec.path for n in gaps))
    relation = equation.relation
    if status is Status.FAIL and not gaps:
        difference = left - right  # type: ignore[operator]
        broken = _BROKEN[relation]
        return _Details(
            f"{equation.label}: {lhs_zh} {broken} {rhs_zh} (差 {difference})",
            f"{path}: {lhs_en} {broken} {rhs_en} (difference {difference})",
            cells,
            lhs,
            rhs,
            relation,
            difference,
        )
    named = gaps[:_NAMED]  # `missing` lists them all; the message names the first few
    why_zh = "，".join(missing_zh(equation.names_zh[n], slots[n]) for n in named)
    why_en = "; ".join(missing_en(equation.names_en[n], slots[n]) for n in named)
    if len(gaps) > _NAMED:
        why_zh += f"，等共{len(gaps)}格"
        why_en += f"; and {len(gaps) - _NAMED} more"
    if status is Status.FAIL:  # broken whatever the unknown cells hold: say by how much
        broken = _BROKEN[relation]
        low, high = sorted((known_left, known_right))
        return _Details(
            f"{equation.label}: {lhs_zh} {broken} {rhs_zh}（{why_zh}；已知的数已合计 {high}，"
            f"大于 {low}，这些格填入任何非负数都不能成立）",
            f"{path}: {lhs_en} {broken} {rhs_en} ({why_en}; the known operands already add up "
            f"to {high}, more than {low}: no non-negative values in those cells can make it hold)",
            cells,
            lhs,
            rhs,
            relation,
            None,
            missing,
        )
    return _Details(
        f"{equation.label}: 无法核对（{why_zh}）: {lhs_zh} {relation} {rhs_zh}",
        f"{path}: not assessable ({why_en}): {lhs_en} {relation} {rhs_en}",
        cells,
        lhs,
        rhs,
        relation,
        None,
        missing,
    )


def _known(values: Iterable[Slot]) -> int | Decimal:
    total: int | Decimal = 0
    for value in values:
        if value.__class__ in NUMBER_TYPES:
            total += value  # type: ignore[operator]
    return total


# ------------------------------------------------------------------------------------------
# Plans: how to read every cell of a report of one template into a flat list.

_RowReader = tuple[Callable[[Any], Any], Callable[[Any], tuple[Slot, ...]], tuple[Absent, ...]]


def _row_getter(path: tuple[str, ...]) -> Callable[[Any], Any]:
    return operator.attrgetter(".".join(path))


def _columns_getter(keys: tuple[str, ...]) -> Callable[[Any], tuple[Slot, ...]]:
    if len(keys) == 1:
        (key,) = keys
        return lambda row: (getattr(row, key),)
    getter: Callable[[Any], tuple[Slot, ...]] = operator.attrgetter(*keys)
    return getter


@attrs.frozen
class Plan:
    """Everything the checks need to know about one template, derived from its layout."""

    template: Template | None
    specs: tuple[CellSpec, ...]
    """Every cell, in printed order: position i of a report's values is the cell specs[i]."""
    index: dict[str, int]
    """Cell path -> position."""
    tables: tuple[tuple[str, tuple[_RowReader, ...], tuple[Absent, ...]], ...]
    rows: tuple[tuple[str, Row, int], ...]
    """(table key, row, position of its first cell), in printed order."""
    read: Callable[[Report], tuple[list[Slot], set[str]]] = attrs.field(
        init=False, eq=False, repr=False
    )
    """Read every cell of `report`, and the keys of the tables showing at least one row
    (generated code, see `_compile_reader`; `_read` is the same, written as a loop)."""

    @read.default
    def _reader(self) -> Callable[[Report], tuple[list[Slot], set[str]]]:
        return _compile_reader(self.tables, self.rows)

    def values(self, report: Report) -> list[Slot]:
        """Read every cell of `report` into a list, ABSENT where the report shows no row."""
        return self.read(report)[0]

    def _read(self, report: Report) -> tuple[list[Slot], set[str]]:
        """What `read` does, as a loop over the row readers (the reference for a test)."""
        out: list[Slot] = []
        shown: set[str] = set()
        extend = out.extend
        for key, readers, absent in self.tables:
            table = getattr(report, key)
            if table is None:
                extend(absent)
                continue
            any_row = False
            for get_row, get_columns, blank in readers:
                try:
                    row = get_row(table)
                except AttributeError:  # a group above the row is not shown
                    row = None
                if row is None:
                    extend(blank)
                else:
                    extend(get_columns(row))
                    any_row = True
            if any_row:
                shown.add(key)
        return out, shown

    def row_start(self, table: str, row_key: str) -> int | None:
        """Return the position of the first cell of row `row_key` of `table`, if any."""
        return self.index.get(f"{table}.{row_key}.{self.first_column(table, row_key)}")

    def first_column(self, table: str, row_key: str) -> str:
        """Return the key of the first column of a row (empty if the plan lacks the row)."""
        for key, row, _ in self.rows:
            if key == table and row.key == row_key:
                return row.columns[0].key
        return ""


def _compile_reader(
    tables: tuple[tuple[str, tuple[_RowReader, ...], tuple[Absent, ...]], ...],
    rows: tuple[tuple[str, Row, int], ...],
) -> Callable[[Report], tuple[list[Slot], set[str]]]:
    """Generate the function reading a report's cells: one attribute chain per row, no loop.

    Each group above a row (``results``, ``results.withheld``) is read once; a group or row
    that is None gives ABSENT for its cells, as `Plan._read` does.
    """
    lines = ["def read(report):", "    out = []", "    shown = set()"]
    namespace: dict[str, Any] = {}
    by_table: dict[str, list[Row]] = {}
    for key, row, _ in rows:
        by_table.setdefault(key, []).append(row)
    for n, (key, readers, absent) in enumerate(tables):
        namespace[f"T{n}"] = absent
        lines += [f"    t = report.{key}", "    if t is None:", f"        out += T{n}", "    else:"]
        lines.append("        s = False")
        groups: dict[tuple[str, ...], str] = {(): "t"}
        for m, row in enumerate(by_table[key]):
            for depth in range(1, len(row.path)):
                path = row.path[:depth]
                if path not in groups:
                    name = groups[path] = "g_" + "_".join(path)
                    parent = groups[path[:-1]]
                    lines.append(
                        f"        {name} = {parent}.{path[-1]} if {parent} is not None else None"
                    )
            parent = groups[row.path[:-1]]
            columns = ", ".join(f"r.{c.key}" for c in row.columns)
            namespace[f"B{n}_{m}"] = readers[m][2]
            lines += [
                f"        r = {parent}.{row.path[-1]} if {parent} is not None else None",
                "        if r is None:",
                f"            out += B{n}_{m}",
                "        else:",
                f"            out += ({columns},)",
                "            s = True",
            ]
        lines += ["        if s:", f"            shown.add({key!r})"]
    lines.append("    return out, shown")
    # Generated from the layout's own identifiers, never from input: nothing outside is run.
    exec(compile("\n".join(lines), "<govdisclosure.checks reader>", "exec"), namespace)  # noqa: S102
    function: Callable[[Report], tuple[list[Slot], set[str]]] = namespace["read"]
    return function


@cache
def plan(template: Template | None) -> Plan:
    """Return the plan of `template`; None means the cells both templates share."""
    specs = tuple(cells_of(template).values())
    grouped: dict[str, dict[tuple[str, ...], list[CellSpec]]] = {}
    for spec in specs:
        grouped.setdefault(spec.table, {}).setdefault(spec.row.path, []).append(spec)
    tables = []
    rows = []
    position = 0
    for key, by_row in grouped.items():
        readers = []
        for row_specs in by_row.values():
            row = row_specs[0].row
            columns = tuple(s.column.key for s in row_specs)
            rows.append((key, row, position))
            position += len(columns)
            readers.append(
                (_row_getter(row.path), _columns_getter(columns), (ABSENT,) * len(columns))
            )
        cells = sum(len(r) for r in by_row.values())
        tables.append((key, tuple(readers), (ABSENT,) * cells))
    return Plan(
        template,
        tuple(specs),
        {spec.path: i for i, spec in enumerate(specs)},
        tuple(tables),
        tuple(rows),
    )


def heading(table: str) -> str:
    """Return the official heading of the section that prints `table`."""
    return section_of_table(table).heading


def rule(rule_id: str) -> Rule:
    """Return the catalogue entry `rule_id`."""
    return RULES[rule_id]
