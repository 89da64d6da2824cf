"""Stage 2, labels: one matcher from printed label text to the layout's rows, headers and tables.

Labels are compared in one folded form (`key`): `normalize_label` plus canonical ``1.``
numbering. Every lookup derives from `govdisclosure.layout`; nothing here types a label.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import NamedTuple

from govdisclosure._memo import memo
from govdisclosure._reading.lex import Token
from govdisclosure.layout import (
    ITEM_NUMERALS,
    TABLE_OPENERS,
    Row,
    Template,
    item_caption,
    iter_layouts,
    layout,
    normalize_label,
    sections,
)

__all__ = ["RowEntry", "is_structural", "key", "match_row", "row_entries", "table_marker", "vote"]


# ------------------------------------------------------------------------------------------------
# Label keys: labels are compared in one folded form, numbering canonicalised.

_NUMBERING = re.compile(r"(?<![\d.])(\d{1,2}),(?=\D)")
"""``1,`` numbering (a folded ``1、``) made ``1.``; a ``1.`` match would change nothing, so only a
comma is looked for (no match of either kind can overlap one of the other)."""
_TRAILING_NOTE = re.compile(r"\([^()]*\)$")


@memo(budget=4 << 20, longest=400)
def key(text: str) -> str:
    """Fold `text` for comparing with labels: `normalize_label` plus canonical ``1.`` numbering."""
    folded = normalize_label(text)
    if "," in folded and _NUMBERING.search(folded) is not None:
        return _NUMBERING.sub(r"\1.", folded)
    return folded


def _variants(folded: str) -> list[str]:
    """`folded`, then with trailing parenthetical notes removed (规章(设区的市…) -> 规章)."""
    out = [folded]
    current = folded
    for _ in range(3):
        stripped = _TRAILING_NOTE.sub("", current)
        if stripped == current or not stripped:
            break
        out.append(stripped)
        current = stripped
    return out


class RowEntry(NamedTuple):
    row: Row
    template: Template | None
    full: str
    """Key of the full label, numbering included."""
    loose: str | None
    """Key of the label text alone, when it is distinctive enough to match without a number."""
    variant: str | None = None
    """How a tolerated label differs from the row's own (a `variant-label` problem says so)."""


_DIGIT = re.compile(r"\d")
_LOOSE_MIN = 4
_CONTAIN_MIN = 6


def _entries(rows: Iterable[tuple[Row, Template | None]]) -> list[RowEntry]:
    built = []
    for row, template in rows:
        text = key(row.text)
        full = key(row.label)
        loose = text if (len(text) >= _LOOSE_MIN or not row.number) else None
        built.append(RowEntry(row, template, full, loose))
        built.extend(RowEntry(row, template, key(alias), None) for alias in row.aliases)
    return built


def _sorted(entries: Iterable[RowEntry]) -> tuple[RowEntry, ...]:
    """Longest label first (本年处理决定数量 before 处理决定数量); a row's own before a variant."""
    return tuple(sorted(entries, key=lambda e: (-len(e.full), e.variant is not None)))


@cache
def row_entries(table: str, template: Template | None) -> tuple[RowEntry, ...]:
    """Rows a reader of `table` looks for; both templates' rows when the template is unknown.

    Each row carries the template it belongs to, or None when both templates print it alike.
    Tolerated labels follow (`variant` set): a label's short form, and — when the template is
    known — the other template's label for a row, each only where it names exactly one row.
    """
    templates = [template] if template is not None else list(Template)
    found: dict[tuple[tuple[str, ...], str], tuple[Row, list[Template]]] = {}
    for t in templates:
        for row in layout(t).table(table).rows:
            found.setdefault((row.path, row.label), (row, []))[1].append(t)
    own = _entries((row, owners[0] if len(owners) == 1 else None) for row, owners in found.values())
    return _sorted([*own, *_tolerated(table, template, own)])


def _tolerated(table: str, template: Template | None, own: Sequence[RowEntry]) -> list[RowEntry]:
    """Short forms and other-template labels that name exactly one row of the table."""
    candidates: list[RowEntry] = []
    for entry in own:
        short = _TRAILING_NOTE.sub("", entry.full)
        if entry.variant is None and short not in {entry.full, ""} and entry.loose is not None:
            loose = _TRAILING_NOTE.sub("", entry.loose)
            candidates.append(
                RowEntry(
                    entry.row,
                    entry.template,
                    short,
                    loose if len(loose) >= _LOOSE_MIN else None,
                    "its short form",
                )
            )
    if template is not None:
        rows = layout(template).table(table)
        paths = {row.path for row in rows.rows}
        for other in iter_layouts():
            if other.template is template:
                continue
            for row in other.table(table).rows:
                if row.path not in paths or key(row.label) == key(rows.row(row.key).label):
                    continue
                text = key(row.text)
                candidates.append(
                    RowEntry(
                        rows.row(row.key),
                        template,
                        key(row.label),
                        text if len(text) >= _LOOSE_MIN or not row.number else None,
                        f"the {other.template} template's label for it",
                    )
                )
    return [c for c in candidates if _names_one_row(c, [*own, *candidates])]


def _names_one_row(candidate: RowEntry, entries: Sequence[RowEntry]) -> bool:
    """True if no other row's label reads the same as the candidate (or as its ending)."""
    mine = [label for label in (candidate.full, candidate.loose) if label]
    for entry in entries:
        if entry.row.path == candidate.row.path:
            continue
        for theirs in (label for label in (entry.full, entry.loose) if label):
            if any(label.endswith(theirs) or theirs.endswith(label) for label in mine):
                return False
    return True


def match_row(buffer: Sequence[Token], entries: Sequence[RowEntry]) -> tuple[RowEntry, int] | None:
    """Find the row whose label ends the text in `buffer`; return it and where its label starts."""
    limit = min(len(buffer), 12)
    for count in range(1, limit + 1):
        folded = key("".join(t.text for t in buffer[-count:]))
        for variant in _variants(folded):
            for entry in entries:
                if variant.endswith(entry.full) or (
                    entry.loose is not None and variant.endswith(entry.loose)
                ):
                    return entry, len(buffer) - count
    # A label with a note after it on its line (1.属于国家秘密（注）). The label must end in the
    # buffer's last text and be followed by no digit: a label whose own values are lost (or
    # printed with words among them) never takes the values of the next row, which has lost its.
    tail = key("".join(t.text for t in buffer[-3:]))
    last = len(key(buffer[-1].text)) if buffer else 0
    for entry in entries:
        loose = entry.loose or ""
        if len(loose) >= _CONTAIN_MIN:
            end = tail.rfind(loose) + len(loose)
            if end >= len(loose) and end > len(tail) - last and not _DIGIT.search(tail, end):
                return entry, max(0, len(buffer) - 3)
    return None


@cache
def _structural_keys() -> tuple[str, ...]:
    """Keys of every label a table prints as structure: captions, headers, groups, rows."""
    labels: set[str] = set()
    for lay in iter_layouts():
        for table in lay.tables:
            labels.update(filter(None, (table.header, table.corner)))
            labels.update(table.column_groups)
            labels.update(group.label for group in table.groups)
            labels.update(block.caption for block in table.blocks)
            labels.update(block.header for block in table.blocks)
            for row in table.rows:
                labels.add(row.label)
                labels.update(row.aliases)
                for column in row.columns:
                    labels.add(column.label)
                    labels.update(column.aliases)
                    if column.group:
                        labels.add(column.group)
    return tuple(sorted({key(label) for label in labels}, key=len, reverse=True))


@memo(budget=1 << 20, longest=400)
def is_structural(text: str) -> bool:
    """Return True if `text` is table structure: labels, or fragments of them (split headers)."""
    folded = key(text)
    if not folded:
        return True
    labels = _structural_keys()
    if any(folded in label for label in labels):
        return True
    return _decomposes(folded, labels)


def _decomposes(folded: str, labels: Sequence[str]) -> bool:
    """True if `folded` is a run of labels, possibly starting mid-label and ending mid-label."""
    reachable = [False] * (len(folded) + 1)
    reachable[0] = True
    for start in range(len(folded)):
        if not reachable[start]:
            continue
        rest = folded[start:]
        for label in labels:
            if rest.startswith(label):
                reachable[start + len(label)] = True
            elif start == 0:
                # A label's tail opens the text (a header cut at the start of a page).
                for cut in range(1, len(label)):
                    if rest.startswith(label[cut:]):
                        reachable[len(label) - cut] = True
        if any(label.startswith(rest) for label in labels):
            return True  # ends on the start of a label (a header cut at the end)
    return reachable[-1]


@cache
def section_titles() -> Mapping[str, str]:
    titles: dict[str, str] = {}
    for spec in sections():
        for title in (spec.title, *spec.aliases):
            titles[key(title)] = spec.key
    return titles


@cache
def table_label_keys() -> frozenset[str]:
    return frozenset(
        key(label)
        for lay in iter_layouts()
        for table in lay.tables
        for label in (*(row.label for row in table.rows), *(g.label for g in table.groups))
    )


# ------------------------------------------------------------------------------------------------
# Table segments: which tokens belong to which table


def table_marker(token: Token) -> str | None:
    """The table a TEXT token opens, if it is one of the tables' unmistakable first labels."""
    return marker_text(token.text)


@memo(budget=1 << 20, longest=400)
def marker_text(text: str) -> str | None:
    folded = key(text)
    for table, starts, contains, longest in _openers():
        if (folded.startswith(starts) and (longest is None or len(folded) <= longest)) or any(
            part in folded for part in contains
        ):
            return table
    return None


@cache
def _openers() -> tuple[tuple[str, tuple[str, ...], tuple[str, ...], int | None], ...]:
    """`layout.TABLE_OPENERS`, folded."""
    return tuple(
        (
            opener.table,
            tuple(map(key, opener.starts)),
            tuple(map(key, opener.contains)),
            opener.longest,
        )
        for opener in TABLE_OPENERS
    )


@cache
def proactive_row_keys() -> frozenset[str]:
    return frozenset(
        key(row.label) for lay in iter_layouts() for row in lay.table("proactive").rows
    )


_CUT_MIN = 3


def is_cut_label(tail: str, entry: RowEntry) -> bool:
    """True if the text ends with the beginning of the row's label (the page stops inside it)."""
    return any(
        tail.endswith(entry.full[:size]) for size in range(len(entry.full), _CUT_MIN - 1, -1)
    )


# ------------------------------------------------------------------------------------------------
# Section 二: blocks, template votes and rows


def _item_pattern() -> re.Pattern[str]:
    """The folded 第二十条第（X）项 caption, from `layout.item_caption`, X captured."""
    before, after = key(item_caption("@")).split("@")
    return re.compile(f"{re.escape(before)}([{ITEM_NUMERALS}]){re.escape(after)}")


ITEM = _item_pattern()


@cache
def item_owner(item: str | None) -> Template | None:
    """The template whose section 二 alone prints 第二十条 item `item` (九 -> 2019), if one does."""
    owners = [
        lay.template
        for lay in iter_layouts()
        if any(block.item == item for block in lay.table("proactive").blocks)
    ]
    return owners[0] if len(owners) == 1 else None


@cache
def _header_votes() -> Mapping[str, frozenset[Template]]:
    """Header label key -> the templates whose section 二 prints it."""
    votes: dict[str, set[Template]] = {}
    for lay in iter_layouts():
        for block in lay.table("proactive").blocks:
            for column in block.columns:
                for label in (column.label, *column.aliases):
                    votes.setdefault(key(label), set()).add(lay.template)
    return {label: frozenset(templates) for label, templates in votes.items()}


@memo(budget=1 << 20, longest=400)
def vote(text: str) -> frozenset[Template]:
    """The templates a header text belongs to (本年处理决定数量 -> 2021; 本年新 -> 2019).

    A text may hold several headers (PDF rows: 信息内容 上一年项目数量 本年增/减 …); each header
    it holds counts, the longest reading winning (本年处理决定数量 is not 处理决定数量).
    """
    folded = key(text)
    if not folded:
        return frozenset()
    votes = _header_votes()
    if folded in votes:
        return votes[folded]
    found = [label for label in votes if label in folded]
    found = [label for label in found if not any(label != o and label in o for o in found)]
    matches: set[Template] = set()
    for label in found:
        matches |= votes[label]
    if not found and len(folded) >= 3:  # noqa: PLR2004 - a header cut short (本年新)
        for label, templates in votes.items():
            if label.startswith(folded):
                matches |= templates
    return frozenset(matches)


# ------------------------------------------------------------------------------------------------
# Groups that show the template


@cache
def _group_owners(table: str) -> Mapping[str, Template]:
    """Label key -> the template printing it as a group of `table`, the other as a row.

    2021's other-handling group (item 六 of the results) is 2019's row.
    """
    groups: dict[Template, set[str]] = {}
    rows: dict[Template, set[str]] = {}
    for lay in iter_layouts():
        lay_rows = lay.table(table).rows
        groups[lay.template] = {
            key(form)
            for row in lay_rows
            for group in row.parents
            for form in (group.label, group.text, *group.aliases)
            if form
        }
        rows[lay.template] = {
            key(form)
            for row in lay_rows
            for form in (row.label, row.text, row.full_label, *row.aliases)
            if form
        }
    owners: dict[str, Template] = {}
    for template, found in groups.items():
        others = set().union(*(rows[t] for t in rows if t is not template))
        for label in found & others:
            owners[label] = template
    return owners


def group_owner(table: str, text: str) -> Template | None:
    """The template a label shows when printed as a group, with no cells of its own.

    A label one template prints as a group and the other as a row with cells shows the first
    when it stands alone: a wide CSV line that stops after the label, or a merged label cell.
    """
    return _group_owners(table).get(key(text))
