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
from html import escape
from typing import Literal, NamedTuple, Protocol

from govdisclosure._writing import Cell, printed_table
from govdisclosure.model import Report

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


def _cell(cell: Cell, mark: _Mark | None) -> str:
    """A printed cell as HTML; a cell of the model carries its path."""
    tag = "th" if cell.header else "td"
    attributes = ""
    if cell.scope is not None:
        attributes += f' scope="{cell.scope}"'
    if cell.columns > 1:
        attributes += f' colspan="{cell.columns}"'
    if cell.rows > 1:
        attributes += f' rowspan="{cell.rows}"'
    if cell.path is not None:  # identifiers and dots: nothing to escape
        attributes += f' data-path="{cell.path}"'
    if mark is not None:
        attributes += f' class="{mark.classes}"'
        if mark.titles:
            attributes += f' title="{_text(mark.titles)}"'
    return f"<{tag}{attributes}>{_text(cell.text)}</{tag}>"


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
    printed = printed_table(report, key)
    if printed is None:
        return []
    out = [f'<table class="govdisclosure-{key.replace("_", "-")}">']
    for tag, rows in printed.groups:
        out.append(f"<{tag}>")
        out.extend(
            "<tr>"
            + "".join(
                _cell(cell, marks.get(cell.path) if cell.path is not None else None) for cell in row
            )
            + "</tr>"
            for row in rows
        )
        out.append(f"</{tag}>")
    out.append("</table>")
    return out
