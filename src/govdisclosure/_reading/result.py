"""Stage 5, result: run the stages over the lines and assemble the report and its problems."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from govdisclosure._reading.collect import Out
from govdisclosure._reading.flat import reline
from govdisclosure._reading.labels import is_structural
from govdisclosure._reading.lex import (
    PAGE_LINE,
    Kind,
    SourceLine,
    Token,
    bar_lines,
    lex_line,
    tokens_of,
)
from govdisclosure._reading.outline import (
    Body,
    Heading,
    Region,
    _Segment,
    drop_footer,
    find_regions,
    markdown_rule,
    metadata,
    paragraphs,
    split_inline_headings,
    split_tables,
    year_from_text,
)
from govdisclosure._reading.tables import (
    ReviewReader,
    TableReader,
    read_applications,
    read_proactive,
)
from govdisclosure.layout import Template, sections
from govdisclosure.model import Report, Section
from govdisclosure.results import ParseResult

__all__ = ["read"]


def read(lines: Sequence[SourceLine], page_title: str | None = None) -> ParseResult:
    """Read a report from source lines; never raises on any input.

    `page_title` is the title the page gives itself (an HTML ``<title>``), used only when the
    body prints none.
    """
    out = Out()
    kept = [
        line
        for line in lines
        if line.cells is not None
        or not line.text.strip()
        or not (PAGE_LINE.match(line.text) or markdown_rule(line.text))
    ]
    bars = bar_lines(kept)
    regions = find_regions(split_inline_headings(reline(kept, out)))
    meta, preamble_lines = metadata(regions[0].lines, out, page_title)
    regions[0] = Region(None, None, preamble_lines)

    segments: dict[str, list[Token]] = {}
    homes: dict[str, int] = {}
    bodies: list[Body] = []
    used: set[str] = set()
    for number, region in enumerate(regions):
        prose, found = split_tables(region.lines, bars=bars)
        if region.heading is not None and region.heading.key == "review_litigation":
            prose, found = _review_segment(region.lines, prose, found, bars=bars)
        for segment in found:
            segments.setdefault(segment.table, []).extend(segment.tokens)
            homes.setdefault(segment.table, number)
        heading = region.heading
        if heading is not None and heading.key is not None:
            if heading.key in used:
                heading = Heading(None, heading.text)  # a repeated heading: kept, as an extra
            used.add(heading.key or "")
        bodies.append(Body(heading, region.heading_line, prose))
    last = bodies[-1]
    bodies[-1] = Body(last.heading, last.line, drop_footer(last.prose))

    stops = _stops(bodies, homes)
    tables, stray = _read_tables(segments, homes, out, stops)
    preamble = ""
    found_sections: list[Section] = []
    for number, body in enumerate(bodies):
        text = paragraphs([*body.prose, *stray.get(number, [])])
        if body.heading is None:
            preamble = text
        else:
            found_sections.append(Section(body.heading.key, body.heading.text, text))  # type: ignore[arg-type]
    _report_missing(found_sections, tables, bodies, out)

    year = meta.year
    if year is None and meta.title is None:
        overview = [s.text for s in found_sections if s.key == "overview"]
        year = year_from_text([preamble, *overview])
        if year is not None:
            out.problem(
                "year-from-text",
                f"no title: the year {year} is read from the report's text",
                None,
                "year",
            )
    report = Report(
        title=meta.title,
        organ=meta.organ,
        year=year,
        preamble=preamble,
        sections=tuple(found_sections),
        **tables,
    )
    return ParseResult(report, tuple(out.problems), out.positions)


def _review_segment(
    lines: Sequence[SourceLine], prose: list[str], found: list[_Segment], *, bars: bool
) -> tuple[list[str], list[_Segment]]:
    """Section 四's table: from its first line of structure or of values only.

    A group label, the outcome headers (结果维持 …) or a line of values start it, even when it
    does not open with 行政复议 (three group tables, 直接起诉 first; a shorter header; no
    header); the prose before it stays prose.
    """
    if any(segment.table != "review_litigation" for segment in found):
        return prose, found
    for index, line in enumerate(lines):
        if line.cells is not None or not line.text.strip():
            continue
        tokens = lex_line(line.text, line.line, line.column)
        texts = [t for t in tokens if t.kind is Kind.TEXT]
        values = [t for t in tokens if t.kind is Kind.VALUE]
        if (not texts and len(values) > 1) or (texts and all(is_structural(t.text) for t in texts)):
            rest = lines[index:]
            segment = _Segment("review_litigation", [t for t, _ in tokens_of(rest, bar_lines=bars)])
            return [ln.text for ln in lines[:index] if ln.cells is None], [segment]
    return prose, found


def _stops(bodies: Sequence[Body], homes: Mapping[str, int]) -> frozenset[str]:
    """The tables the text may stop inside: no section heading follows the region they stand in."""
    later = -1
    for number, body in enumerate(bodies):
        if body.heading is not None and body.heading.key is not None:
            later = number
    return frozenset(table for table, home in homes.items() if home >= later)


def _read_tables(
    segments: Mapping[str, list[Token]],
    homes: Mapping[str, int],
    out: Out,
    stops: frozenset[str] = frozenset(),
) -> tuple[dict[str, Any], dict[int, list[str]]]:
    """Read every table found; return them and the stray text per region.

    `stops`: the tables the text ends in; the rows the text never reached are one problem.
    """
    tables: dict[str, Any] = {}
    stray: dict[int, list[str]] = {}
    template: Template | None = None
    if "proactive" in segments:
        table, template, text = read_proactive(
            segments["proactive"], out, stops="proactive" in stops
        )
        if table is not None:
            tables["proactive"] = table
        stray.setdefault(homes["proactive"], []).extend(text)
    if "applications" in segments:
        reader = TableReader("applications", template, out)
        reader.read(segments["applications"])
        if template is None and len(reader.row_templates) == 1:
            template = next(iter(reader.row_templates))
        tokens = segments["applications"]
        end = tokens[-1] if "applications" in stops and tokens else None
        tables["applications"] = read_applications(reader, template, out, end)
        stray.setdefault(homes["applications"], []).extend(reader.stray)
    if "review_litigation" in segments:
        review = ReviewReader(out, stops="review_litigation" in stops)
        tables["review_litigation"] = review.read(segments["review_litigation"])
        stray.setdefault(homes["review_litigation"], []).extend(review.stray)
    return tables, stray


def _report_missing(
    found: Sequence[Section], tables: Mapping[str, Any], bodies: Sequence[Body], out: Out
) -> None:
    keys = {section.key for section in found}
    heading_lines = {
        b.heading.key: b.line for b in bodies if b.heading is not None and b.heading.key
    }
    for spec in sections():
        if spec.key not in keys:
            out.problem("missing-section", f"section {spec.heading} not found", None, spec.key)
        elif spec.table is not None and spec.table not in tables:
            line = heading_lines.get(spec.key)
            token = Token(Kind.TEXT, "", line.line, line.column) if line else None
            out.problem(
                "table-absent",
                f"section {spec.heading} prints no table (published as an image, or omitted)",
                token,
                spec.table,
            )
