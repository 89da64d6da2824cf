"""Sphinx directive ``rule-catalogue``: every rule of `govdisclosure.checks.RULES`, from the code.

Usage in a MyST page::

    ```{rule-catalogue}
    ```

For each rule it prints the id, severity, templates, the function that runs it, the
description and an example finding, produced at build time by running the checks on a small
hand-built report that breaks the rule. A rule without an example here is a build error, so
the catalogue can never miss a rule or show a message the code no longer produces.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, ClassVar

import attrs
from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.application import Sphinx
from tablenodes import table

from govdisclosure import Report
from govdisclosure.checks import (
    RULES,
    Finding,
    Rule,
    Severity,
    aggregate,
    check,
    check_aggregate,
    check_continuity,
)
from govdisclosure.layout import CellKind, layout
from govdisclosure.model import ExtraRow, Value

_A = "applications."
_RUNNERS = {
    "report": "check(report)",
    "narrative": "check(report, narrative=True)",
    "continuity": "check_continuity(previous, current)",
    "aggregate": "check_aggregate(parent, children)",
}


def _zeros(template: str, year: int | None, **cells: Value) -> Report:
    """A report of `template` with every cell 0, then `cells` (paths with ``__`` for dots)."""
    values: dict[str, Value] = {
        c.path: Decimal(0) if c.column.kind is CellKind.MONEY else 0 for c in layout(template).cells
    }
    values |= {path.replace("__", "."): value for path, value in cells.items()}
    return Report.empty(template, organ="湘潭县审计局", year=year).with_cells(values)


def _runner(rule: Rule) -> str:
    """How to call the function that runs `rule` so that its findings come back."""
    call = _RUNNERS[rule.group]
    if rule.severity is Severity.INFO:
        call = call.replace(")", ', min_severity="info")', 1)
    return call


def _check(report: Report, *, narrative: bool = False) -> list[Finding]:
    """Every finding of `check`, information included."""
    return check(report, narrative=narrative, min_severity="info")


def _extra_row() -> list[Finding]:
    report = _zeros("2021", 2021)
    assert report.proactive is not None  # noqa: S101 - an empty report shows every table
    extra = ExtraRow("其他主动公开文件", ("3",), after="normative_documents")
    return _check(
        attrs.evolve(report, proactive=attrs.evolve(report.proactive, extra_rows=(extra,)))
    )


def _narrative(text: str, key: str = "overview", year: int = 2021) -> Callable[[], list[Finding]]:
    def run() -> list[Finding]:
        report = _zeros("2021", year)
        sections = tuple(attrs.evolve(s, text=text) if s.key == key else s for s in report.sections)
        return _check(attrs.evolve(report, sections=sections), narrative=True)

    return run


def _renumbered() -> list[Finding]:
    report = _zeros("2021", 2021)
    sections = tuple(
        attrs.evolve(s, heading="七、" + s.heading[2:]) if s.key == "other_matters" else s
        for s in report.sections
    )
    return _check(attrs.evolve(report, sections=sections))


def _aggregate() -> list[Finding]:
    children = [_zeros("2021", 2021, review_litigation__reconsideration__upheld=v) for v in (2, 1)]
    parent = aggregate(children).with_cells({"review_litigation.reconsideration.upheld": 4})
    return check_aggregate(parent, children)


EXAMPLES: dict[str, Callable[[], list[Finding]]] = {
    "balance": lambda: _check(
        _zeros(
            "2021",
            2021,
            applications__new_received__natural_person=12,
            applications__new_received__total=12,
            applications__results__disclosed__natural_person=10,
            applications__results__disclosed__total=10,
            applications__results__total__natural_person=10,
            applications__results__total__total=10,
            applications__carried_forward__natural_person=1,
            applications__carried_forward__total=1,
        )
    ),
    "row-total": lambda: _check(_zeros("2019", 2020, applications__results__disclosed__total=3)),
    "results-total": lambda: _check(
        _zeros("2021", 2021, applications__results__withheld__state_secret__commercial=2)
    ),
    "review-total": lambda: _check(
        _zeros("2021", 2021, review_litigation__reconsideration__total=1)
    ),
    "negative-value": lambda: _check(_zeros("2021", 2021, proactive__licensing__decisions=-3)),
    "money-precision": lambda: _check(
        _zeros("2021", 2021, proactive__fees__amount=Decimal("24252.3110825"))
    ),
    "extra-row-number": _extra_row,
    "published-exceeds-total": lambda: _check(
        _zeros("2019", 2020, proactive__rules__published=5, proactive__rules__total_published=3)
    ),
    "repealed-exceeds-stock": lambda: _check(
        _zeros("2021", 2021, proactive__rules__repealed=9, proactive__rules__in_force=3)
    ),
    "template-year": lambda: _check(_zeros("2019", 2022)),
    "non-numeric-cell": lambda: _check(
        _zeros("2021", 2021, review_litigation__reconsideration__upheld="见附件")
    ),
    "not-reported": lambda: _check(
        _zeros("2021", 2021, proactive__licensing__decisions=None, proactive__fees__amount="/")
    ),
    "missing-table": lambda: _check(attrs.evolve(_zeros("2021", 2021), review_litigation=None)),
    "section-order": _renumbered,
    "narrative-applications": _narrative(
        "全年共收到政府信息公开申请70件，办结69件，1件结转下年度。"
    ),
    "narrative-review": _narrative("本年度行政诉讼7件。", key="review_litigation"),
    "narrative-year": _narrative("本机关2022年度政府信息公开工作情况如下。", year=2023),
    "narrative-long-number": _narrative(f"共收到申请{'3' * 40}件。"),
    "carried-over": lambda: check_continuity(
        _zeros("2019", 2020, applications__carried_forward__natural_person=4),
        _zeros("2021", 2021, applications__carried_over__natural_person=3),
    ),
    "stock-flow": lambda: check_continuity(
        _zeros("2021", 2021, proactive__rules__in_force=2),
        _zeros("2021", 2022, proactive__rules__in_force=5),
    ),
    "previous-items": lambda: check_continuity(
        _zeros(
            "2019", 2019, proactive__licensing__previous_items=5, proactive__licensing__change=2
        ),
        _zeros("2019", 2020, proactive__licensing__previous_items=6),
    ),
    "published-flow": lambda: check_continuity(
        _zeros("2019", 2019, proactive__rules__total_published=10),
        _zeros("2019", 2020, proactive__rules__published=3, proactive__rules__total_published=12),
    ),
    "aggregate-sum": _aggregate,
}


def _paragraph(*parts: nodes.Node | str) -> nodes.paragraph:
    paragraph = nodes.paragraph()
    for part in parts:
        paragraph += nodes.Text(part) if isinstance(part, str) else part
    return paragraph


class RuleCatalogue(Directive):
    """Render the rule catalogue: a summary table, then each rule with an example finding."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        """Build the nodes, running every example."""
        out: list[nodes.Node] = [
            table(
                ["id", "severity", "source", "templates", "run by", "description"],
                [
                    [
                        rule.id,
                        rule.severity.value,
                        rule.source.value,
                        ", ".join(t.value for t in rule.templates),
                        _runner(rule),
                        rule.description,
                    ]
                    for rule in RULES.values()
                ],
            )
        ]
        for rule in RULES.values():
            out.append(nodes.rubric(text=rule.id))
            out.append(
                _paragraph(
                    nodes.strong(text=rule.severity.value),
                    f" · templates {', '.join(t.value for t in rule.templates)} · run by ",
                    nodes.literal(text=_runner(rule)),
                    f" · format specification {'§4 ' if rule.basis[0] == 'R' else ''}{rule.basis}",
                )
            )
            out.append(_paragraph(rule.description))
            out.append(_paragraph(nodes.emphasis(text=f"Source ({rule.source.value}): "), rule.why))
            example = EXAMPLES.get(rule.id)
            found = [f for f in example() if f.rule == rule.id] if example else []
            if not found:
                error = self.state.document.reporter.error(
                    f"rule {rule.id!r} has no example finding in docs/_ext/rulecatalogue.py",
                    line=self.lineno,
                )
                out.append(error)
                continue
            finding = found[0]
            out.append(
                nodes.literal_block(text=f"{finding}\n{finding.message_en}\nkey: {finding.key}")
            )
        return out


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directive."""
    app.add_directive("rule-catalogue", RuleCatalogue)
    return {"parallel_read_safe": True, "version": "1"}
