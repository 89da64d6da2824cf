"""Messages in English and Chinese: reading problems, findings, severities and rule names.

A clerk-facing tool shows everything in Chinese (``lang="zh"``); a developer's tool in English.
Problem kinds are catalogued in `PROBLEM_KINDS` (id, meaning in both languages, which readers
raise it), as the rules are in `govdisclosure.checks.RULES`; `RULE_NAMES` and `SEVERITY_NAMES`
name the rules and severities in both languages.

>>> from govdisclosure import Problem
>>> from govdisclosure.messages import describe, rule_name
>>> problem = Problem("expected a whole number", path="applications.new_received.total",
...                   line=12, column=5, found="2.5", kind="not-whole")
>>> describe(problem, lang="zh")
'12:5 applications.new_received.total：此处应为整数（件数），却为小数，该单元格留空。（原文：2.5）'
>>> rule_name("balance", lang="zh")
'申请数量收支平衡'
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final, Literal

from govdisclosure import _kinds
from govdisclosure._kinds import ProblemKind
from govdisclosure.checks import Finding, Status
from govdisclosure.errors import ParseError, Problem

__all__ = [
    "PROBLEM_KINDS",
    "READERS",
    "RULE_NAMES",
    "SEVERITY_NAMES",
    "STATUS_NAMES",
    "Lang",
    "ProblemKind",
    "describe",
    "problem_message",
    "rule_name",
    "severity_name",
]

Lang = Literal["en", "zh"]
"""A message language: English or Chinese."""

PROBLEM_KINDS: Final[Mapping[str, ProblemKind]] = _kinds.PROBLEM_KINDS
"""The problem-kind catalogue, by id: every `Problem.kind` a reader raises."""

READERS: Final[tuple[str, ...]] = _kinds.READERS
"""Who raises problems: ``text``, ``html``, ``json``, ``csv`` (the tidy form), ``csv-table``
(one table in the official layout, `loads_table`) and ``model`` (`Report.with_cells` and
`cell_from_text`)."""

SEVERITY_NAMES: Final[Mapping[str, Mapping[Lang, str]]] = MappingProxyType(
    {
        "error": {"en": "error", "zh": "错误"},
        "warning": {"en": "warning", "zh": "警告"},
        "info": {"en": "info", "zh": "提示"},
    }
)
"""Each severity (`govdisclosure.checks.Severity` value) in both languages."""

STATUS_NAMES: Final[Mapping[str, Mapping[Lang, str]]] = MappingProxyType(
    {
        "fail": {"en": "fail", "zh": "不通过"},
        "not_assessable": {"en": "not assessable", "zh": "无法核验"},
    }
)
"""Each finding status (`govdisclosure.checks.Status` value) in both languages."""

RULE_NAMES: Final[Mapping[str, Mapping[Lang, str]]] = MappingProxyType(
    {
        "balance": {"en": "Applications balance", "zh": "申请数量收支平衡"},
        "row-total": {"en": "Row total", "zh": "行合计"},
        "results-total": {"en": "Results total", "zh": "办理结果合计"},
        "review-total": {"en": "Reconsideration and litigation total", "zh": "复议诉讼合计"},
        "negative-value": {"en": "Negative value", "zh": "出现负数"},
        "non-numeric-cell": {"en": "Non-numeric cell", "zh": "单元格内容不是数字"},
        "money-precision": {"en": "Money precision", "zh": "金额精度"},
        "not-reported": {"en": "Cells not reported", "zh": "表格有未填报的项目"},
        "missing-table": {"en": "Missing table", "zh": "有标题而无表格数据"},
        "section-order": {"en": "Section order", "zh": "章节顺序或编号与模板不符"},
        "extra-row-number": {"en": "Number in an extra row", "zh": "模板外的行含数字"},
        "published-exceeds-total": {
            "en": "Published exceeds total",
            "zh": "本年新公开数量超过对外公开总数量",
        },
        "repealed-exceeds-stock": {
            "en": "Repealed exceeds stock",
            "zh": "本年废止件数超过现行有效件数与本年制发件数之和",
        },
        "template-year": {"en": "Template and year", "zh": "模板与报告年度不符"},
        "narrative-applications": {
            "en": "Text and applications table",
            "zh": "正文所述申请数量与表格不一致",
        },
        "narrative-review": {
            "en": "Text and reconsideration and litigation table",
            "zh": "正文所述复议诉讼数量与表格不一致",
        },
        "narrative-year": {"en": "Year in the text", "zh": "正文所述年度与报告年度不符"},
        "narrative-long-number": {
            "en": "Overlong number in the text",
            "zh": "正文中的数字位数过长",
        },
        "carried-over": {"en": "Carried over", "zh": "上年结转与上年度结转下年度不一致"},
        "stock-flow": {"en": "Stock and flow", "zh": "现行有效件数增减不一致"},
        "previous-items": {
            "en": "Previous items",
            "zh": "上一年项目数量与上年度报告不衔接",
        },
        "published-flow": {
            "en": "Published flow",
            "zh": "对外公开总数量与上年度报告及本年新公开数量不衔接",
        },
        "aggregate-sum": {"en": "Aggregate sum", "zh": "汇总数与各单位之和不一致"},
    }
)
"""Each rule of `govdisclosure.checks.RULES`, named in both languages."""


def rule_name(rule_id: str, *, lang: Lang = "en") -> str:
    """Name the rule `rule_id` in `lang`; an id without a name yet is its own name."""
    return RULE_NAMES.get(rule_id, {}).get(lang, rule_id)


def severity_name(severity: str, *, lang: Lang = "en") -> str:
    """Name a severity (or a finding status) in `lang`."""
    names = SEVERITY_NAMES.get(severity) or STATUS_NAMES.get(severity) or {}
    return names.get(lang, severity)


def _where(line: int | None, column: int | None, path: str | None) -> str:
    parts = []
    if line is not None:
        parts.append(f"{line}:{column}" if column is not None else f"{line}")
    if path:
        parts.append(path)
    return " ".join(parts)


def problem_message(problem: Problem, *, lang: Lang = "en") -> str:
    """Say what is wrong, without where: the message, or in Chinese the meaning of its kind."""
    if lang == "en":
        return problem.message
    kind = PROBLEM_KINDS.get(problem.kind)
    meaning = kind.zh if kind is not None and problem.kind != "error" else problem.message
    return f"{meaning}（原文：{problem.found}）" if problem.found else meaning


def _problem(problem: Problem, lang: Lang) -> str:
    if lang == "en":
        return str(problem)
    where = _where(problem.line, problem.column, problem.path)
    message = problem_message(problem, lang=lang)
    return f"{where}：{message}" if where else message


def describe(item: Problem | ParseError | Finding, *, lang: Lang = "en") -> str:
    """Say what `item` is, in `lang`, as a linter line: where it is, then what is wrong.

    A `Problem` in English is its message; in Chinese it is the meaning of its kind (with what
    was found), since the messages name English identifiers. A `ParseError` gives one line per
    problem. A `Finding` gives its severity (or status), rule name and message.
    """
    if isinstance(item, ParseError):
        return "\n".join(_problem(problem, lang) for problem in item.problems)
    if isinstance(item, Problem):
        return _problem(item, lang)
    level = item.severity.value if item.status is Status.FAIL else item.status.value
    message = item.message_zh if lang == "zh" else item.message_en
    separator = "：" if lang == "zh" else ": "
    return (
        f"{item.path}{separator}{severity_name(level, lang=lang)} "
        f"{rule_name(item.rule, lang=lang)} ({item.rule}) {message}"
    )
