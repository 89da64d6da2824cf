"""govdisclosure.messages: every problem kind, severity and rule named in English and Chinese."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import govdisclosure
from govdisclosure import ParseError, Problem, csv, html, text
from govdisclosure import json as gdjson
from govdisclosure.checks import RULES, Severity, check
from govdisclosure.cli import main
from govdisclosure.messages import (
    PROBLEM_KINDS,
    READERS,
    RULE_NAMES,
    SEVERITY_NAMES,
    describe,
    problem_message,
    rule_name,
    severity_name,
)
from govdisclosure.strategies import broken_reports, sample

# The package's own source files, wherever it is installed (the tree, or a built wheel).
SOURCE = Path(govdisclosure.__file__).resolve().parent
BAD = Path(__file__).resolve().parent / "fixtures" / "bad"
# A kind is a slug passed as `kind=...`, as the first argument of a reader's `problem(...)`, or
# as the last item of a (message, kind) pair: the places readers name the kinds they raise.
_KIND = re.compile(
    r'kind\s*=\s*"([a-z]+(?:-[a-z]+)*)"'
    r'|problem\(\s*"([a-z]+(?:-[a-z]+)*)"'
    r'|Note\(\s*"([a-z]+(?:-[a-z]+)*)"'
)


def _kinds_in_source() -> set[str]:
    found: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        if path.name in {"_kinds.py", "messages.py", "strategies.py"} or "checks" in path.parts:
            continue
        for match in _KIND.finditer(path.read_text(encoding="utf-8")):
            found.add(next(group for group in match.groups() if group))
    return found


def _source_text() -> str:
    return "\n".join(
        path.read_text(encoding="utf-8")
        for path in SOURCE.rglob("*.py")
        if path.name not in {"_kinds.py", "messages.py"}
    )


def test_every_kind_the_readers_name_is_catalogued() -> None:
    """Each kind named where a problem is made is catalogued; each entry is named in the source."""
    assert set() == _kinds_in_source() - set(PROBLEM_KINDS)
    source = _source_text()
    assert [] == [kind for kind in PROBLEM_KINDS if f'"{kind}"' not in source]


def test_catalogue_entries_are_complete() -> None:
    """Every kind has an English and a Chinese meaning and names readers that exist."""
    for kind in PROBLEM_KINDS.values():
        assert kind.en.endswith(".")
        assert kind.zh.endswith("。")
        assert re.search(r"[\u4e00-\u9fff]", kind.zh)
        assert kind.readers
        assert set(kind.readers) <= set(READERS)


def _raised(reader: str, path: Path) -> list[Problem]:
    data = path.read_bytes()
    if reader == "json":
        with pytest.raises(ParseError) as caught:
            gdjson.loads(data)
        return list(caught.value.problems)
    if reader == "csv":
        try:
            csv.loads(data)
        except ParseError as error:
            return list(error.problems)
        return []
    if reader == "csv-table":
        try:
            csv.loads_table(data)
        except ParseError as error:
            return list(error.problems)
        return []
    return list(html.parse(data).problems)


@pytest.mark.parametrize(
    ("reader", "path"),
    [
        *(("json", p) for p in sorted((BAD / "json").glob("*.json"))),
        *(
            ("csv-table" if p.name.startswith("table-") else "csv", p)
            for p in sorted((BAD / "csv").glob("*.csv"))
        ),
        *(("html", p) for p in sorted((BAD / "html").glob("*.html"))),
    ],
    ids=lambda value: value.name if isinstance(value, Path) else value,
)
def test_bad_inputs_raise_catalogued_kinds_of_their_reader(reader: str, path: Path) -> None:
    """Every problem of a bad fixture has a kind the catalogue lists for that reader."""
    for problem in _raised(reader, path):
        assert problem.kind in PROBLEM_KINDS
        assert reader in PROBLEM_KINDS[problem.kind].readers or problem.kind == "error"


def test_every_rule_and_severity_has_both_names() -> None:
    """RULE_NAMES names every rule of the catalogue; SEVERITY_NAMES every severity."""
    assert set(RULES) <= set(RULE_NAMES)
    for rule in RULES:
        assert re.search(r"[\u4e00-\u9fff]", rule_name(rule, lang="zh"))
        assert rule_name(rule, lang="en")[0].isupper()
    assert {s.value for s in Severity} <= set(SEVERITY_NAMES)
    assert "错误" == severity_name("error", lang="zh")
    assert "无法核验" == severity_name("not_assessable", lang="zh")


def test_describe_a_problem_in_both_languages() -> None:
    """A reading problem reads in English as its message and in Chinese as its kind's meaning."""
    result = text.parse("某局2021年政府信息公开工作年度报告\n二、主动公开政府信息情况\n")
    problem = next(p for p in result.problems if p.kind == "missing-section")
    assert str(problem) == describe(problem, lang="en")
    assert describe(problem, lang="zh").endswith(PROBLEM_KINDS["missing-section"].zh)
    assert PROBLEM_KINDS["missing-section"].zh == problem_message(problem, lang="zh")
    error = ParseError([problem, Problem("x", kind="error")])
    assert 2 == len(describe(error, lang="zh").splitlines())


def test_describe_a_finding_in_both_languages() -> None:
    """A finding reads with its severity and rule named in the language asked for."""
    [broken] = sample(1, seed=2, strategy=broken_reports("row-total"))
    finding = check(broken.report)[0]
    assert f"：错误 行合计 (row-total) {finding.message_zh}" in describe(finding, lang="zh")
    assert f": error Row total (row-total) {finding.message_en}" in describe(finding, lang="en")


def test_cli_lang_covers_reading_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command line's --lang gives reading problems in Chinese (zh) or English (en)."""
    page = tmp_path / "report.txt"
    page.write_text(
        "某局2021年政府信息公开工作年度报告\n二、主动公开政府信息情况\n", encoding="utf-8"
    )
    messages = {}
    for lang in ("zh", "en"):
        main(["check", str(page), "--format", "json", "--lang", lang])
        (record,) = json.loads(capsys.readouterr().out)["files"]
        messages[lang] = [(p["kind"], p["message"]) for p in record["problems"]]
    problems = text.parse(page.read_text(encoding="utf-8")).problems
    assert [(p.kind, p.message) for p in problems] == messages["en"]
    assert [(p.kind, PROBLEM_KINDS[p.kind].zh) for p in problems] == messages["zh"]
