"""Sphinx directives generated from `govdisclosure.messages`: problem kinds, rule names.

Usage in a MyST page::

    ```{problem-catalogue}
    ```

    ```{rule-names}
    ```

The first prints every entry of `PROBLEM_KINDS` (id, readers, meaning in English and Chinese);
the second every rule of `govdisclosure.checks.RULES` with its names and severity in both
languages. Both come from the code at build time, so the pages cannot miss an entry.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.application import Sphinx
from tablenodes import table

from govdisclosure.checks import RULES
from govdisclosure.messages import PROBLEM_KINDS, rule_name, severity_name


def _code(text: str) -> nodes.literal:
    return nodes.literal(text, text)


class ProblemCatalogue(Directive):
    """Print the problem-kind catalogue as a table."""

    def run(self) -> list[nodes.Node]:
        """Build the table."""
        rows: list[list[nodes.Node | str]] = [
            [_code(kind.id), ", ".join(kind.readers), kind.en, kind.zh]
            for kind in sorted(PROBLEM_KINDS.values(), key=lambda k: k.id)
        ]
        return [table(["kind", "raised by", "meaning", "含义"], rows)]


class RuleNames(Directive):
    """Print every rule's names and severity in English and Chinese."""

    def run(self) -> list[nodes.Node]:
        """Build the table."""
        rows: list[list[nodes.Node | str]] = [
            [
                _code(rule.id),
                rule_name(rule.id, lang="en"),
                rule_name(rule.id, lang="zh"),
                " / ".join(severity_name(rule.severity.value, lang=lang) for lang in ("en", "zh")),
            ]
            for rule in RULES.values()
        ]
        return [table(["rule", "name", "名称", "severity / 级别"], rows)]


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directives."""
    app.add_directive("problem-catalogue", ProblemCatalogue)
    app.add_directive("rule-names", RuleNames)
    return {"parallel_read_safe": True, "version": "1"}
