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

from govdisclosure import Report, Section
from govdisclosure.checks import (
    RULES,
    Finding,
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


def _extra_row() -> list[Finding]:
    report = _zeros("2021", 2021)
    assert report.proactive is not None  # noqa: S101 - an empty report shows every table
    extra = ExtraRow("其他主动公开文件", ("3",), after="normative_documents")
    return check(
        attrs.evolve(report, proactive=attrs.evolve(report.proactive, extra_rows=(extra,)))
    )


def _narrative() -> list[Finding]:
    text = "全年共收到政府信息公开申请70件，办结69件，1件结转下年度。"
    report = attrs.evolve(
        _zeros("2021", 2021), sections=(Section("overview", "一、总体情况", text),)
    )
    return check(report, narrative=True)


def _aggregate() -> list[Finding]:
    children = [_zeros("2021", 2021, review_litigation__reconsideration__upheld=v) for v in (2, 1)]
    parent = aggregate(children).with_cells({"review_litigation.reconsideration.upheld": 4})
    return check_aggregate(parent, children)


EXAMPLES: dict[str, Callable[[], list[Finding]]] = {
    "balance": lambda: check(
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
    "row-total": lambda: check(_zeros("2019", 2020, applications__results__disclosed__total=3)),
    "results-total": lambda: check(
        _zeros("2021", 2021, applications__results__withheld__state_secret__commercial=2)
    ),
    "review-total": lambda: check(
        _zeros("2021", 2021, review_litigation__reconsideration__total=1)
    ),
    "negative-value": lambda: check(_zeros("2021", 2021, proactive__licensing__decisions=-3)),
    "money-precision": lambda: check(
        _zeros("2021", 2021, proactive__fees__amount=Decimal("24252.3110825"))
    ),
    "extra-row-number": _extra_row,
    "published-exceeds-total": lambda: check(
        _zeros("2019", 2020, proactive__rules__published=5, proactive__rules__total_published=3)
    ),
    "repealed-exceeds-stock": lambda: check(
        _zeros("2021", 2021, proactive__rules__repealed=9, proactive__rules__in_force=3)
    ),
    "template-year": lambda: check(_zeros("2019", 2022)),
    "narrative-applications": _narrative,
    "carried-over": lambda: check_continuity(
        _zeros("2019", 2020, applications__carried_forward__natural_person=4),
        _zeros("2021", 2021, applications__carried_over__natural_person=3),
    ),
    "stock-flow": lambda: check_continuity(
        _zeros("2021", 2021, proactive__rules__in_force=2),
        _zeros("2021", 2022, proactive__rules__in_force=5),
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
                ["id", "severity", "templates", "run by", "description"],
                [
                    [
                        rule.id,
                        rule.severity.value,
                        ", ".join(t.value for t in rule.templates),
                        _RUNNERS[rule.group],
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
                    nodes.literal(text=_RUNNERS[rule.group]),
                    f" · format specification {'§4 ' if rule.basis[0] == 'R' else ''}{rule.basis}",
                )
            )
            out.append(_paragraph(rule.description))
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
