"""The JSON Schema as tools in other languages use it: ajv (strict mode) and TypeScript types.

The JavaScript tools are installed with npm into ``build/node-tools`` (or
``$GOVDISCLOSURE_NODE_TOOLS``) on first use. Without npm or the registry the tests are skipped
with the reason, except in CI (``CI`` set), where that is a failure.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any, NoReturn

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdisclosure import json as gdjson
from govdisclosure.json import _schema
from govdisclosure.model import is_marker
from govdisclosure.strategies import (
    MARKERS,
    broken_reports,
    partial_reports,
    reports,
    sample,
)

ROOT = Path(__file__).resolve().parent.parent
BAD = Path(__file__).resolve().parent / "fixtures" / "bad" / "json"
EXAMPLE = ROOT / "examples" / "xiangtan-audit-2020.json"
TOOLS = ("ajv@8.17.1", "json-schema-to-typescript@15.0.4")
_TABLES = (
    "ProactiveTable2019",
    "ProactiveTable2021",
    "ApplicationTable2019",
    "ApplicationTable2021",
    "ApplicationTableNoTemplate",
    "ReviewLitigationTable",
)

TRICKY = (
    *MARKERS,
    "５",  # noqa: RUF001 - full-width forms quoted on purpose
    "１２３",  # noqa: RUF001 - full-width forms quoted on purpose
    "1，234",
    "−5",  # noqa: RUF001 - full-width forms quoted on purpose
    "﹣5",
    "①",
    "⑫",
    "𝟓",  # noqa: RUF001 - full-width forms quoted on purpose
    "⒈",
    "٣",
    "3件",
    "３ 件",  # noqa: RUF001 - full-width forms quoted on purpose
    "24.5万元",
    "1.",
    ".5",
    "5\n",
    "\n5",
    "\u30005",
    "5\u3000",
    "\ufeff5",
    "5\u200b",
    "\x1c5",
    "\u00855",
    "",
    " ",
    "a b",
    "无 ",
    "1,23",
    "1,234,567",
    "+0",
    "- 3",
    "0.00",
)
"""Strings where ECMAScript's and Python's regexes, or folding, could disagree."""


def _unavailable(reason: str) -> NoReturn:
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the JavaScript schema checks: {reason}")
    pytest.skip(reason)  # raises: the line after is never reached


@pytest.fixture(scope="session")
def node_tools() -> Path:
    """A directory with ajv and json-schema-to-typescript installed by npm (once, then kept)."""
    tools = Path(os.environ.get("GOVDISCLOSURE_NODE_TOOLS", ROOT / "build" / "node-tools"))
    installed = tools / "node_modules" / ".govdisclosure-tools"
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        _unavailable("node and npm are needed for the JavaScript schema checks")
    if installed.exists() and installed.read_text() == " ".join(TOOLS):
        return tools
    tools.mkdir(parents=True, exist_ok=True)
    try:
        done = subprocess.run(  # noqa: S603 - fixed arguments, npm found on PATH
            [npm, "install", "--prefix", str(tools), "--no-audit", "--no-fund", *TOOLS],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    except subprocess.TimeoutExpired:
        _unavailable("npm install took more than 10 minutes")
    if done.returncode != 0:
        _unavailable(f"npm install failed: {done.stderr.strip()[-500:]}")
    installed.write_text(" ".join(TOOLS))
    return tools


def _documents() -> list[str]:
    """The example and 240 generated documents: complete, clean, inconsistent, partial, broken."""
    drawn = [
        *sample(80, seed=13, strategy=reports()),
        *sample(40, seed=14, strategy=reports(blanks=False, markers=False)),
        *sample(40, seed=15, strategy=reports(consistent=False)),
        *sample(60, seed=16, strategy=partial_reports()),
        *(b.report for b in sample(20, seed=17, strategy=broken_reports("negative-value"))),
    ]
    return [EXAMPLE.read_text(encoding="utf-8"), *(gdjson.dumps(report) for report in drawn)]


def _loadable(path: Path) -> bool:
    """True for a bad fixture that is JSON text both validators can load at all."""
    try:
        json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, RecursionError):
        return False  # broken syntax, undecodable bytes, integers or nesting past the limits
    return True


def _bad_documents() -> dict[str, str]:
    """The bad JSON fixtures that are JSON documents the schema can judge."""
    return {
        path.name: path.read_text(encoding="utf-8")
        for path in sorted(BAD.glob("*.json"))
        if _loadable(path)
    }


def _ajv(tools: Path, documents: list[str], markers: tuple[str, ...], tmp: Path) -> Any:
    request = tmp / "request.json"
    request.write_text(
        json.dumps({"schema": gdjson.schema(), "documents": documents, "markers": markers}),
        encoding="utf-8",
    )
    script = Path(__file__).resolve().parent / "js" / "validate.js"
    done = subprocess.run(  # noqa: S603 - fixed arguments
        ["node", str(script), str(tools), str(request)],  # noqa: S607 - node found on PATH above
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert "" == done.stderr
    return json.loads(done.stdout)


def test_ajv_in_strict_mode_agrees_with_python(node_tools: Path, tmp_path: Path) -> None:
    """Ajv compiles the schema in strict mode; it and jsonschema accept the same documents."""
    documents = _documents()
    bad = _bad_documents()
    result = _ajv(node_tools, [*documents, *bad.values()], TRICKY, tmp_path)
    assert 241 == len(documents)
    assert [[]] * len(documents) == result["documents"][: len(documents)]
    validator = jsonschema.Draft202012Validator(gdjson.schema())
    python = [validator.is_valid(json.loads(text)) for text in documents]
    assert [True] * len(documents) == python
    verdicts = dict(zip(bad, result["documents"][len(documents) :], strict=True))
    # NaN is no JSON, but Python's reader takes it: only the documents both can read compare.
    assert {"nan-in-cell.json"} == {name for name, errors in verdicts.items() if errors is None}
    js_bad = {name: not errors for name, errors in verdicts.items() if errors is not None}
    python_bad = {name: validator.is_valid(json.loads(bad[name])) for name in js_bad}
    assert python_bad == js_bad
    assert [is_marker(text) for text in TRICKY] == result["markers"]


def test_typescript_types_name_every_table(node_tools: Path, tmp_path: Path) -> None:
    """json-schema-to-typescript gives every table an interface, and no type is unknown."""
    schema = tmp_path / "report.schema.json"
    schema.write_text(json.dumps(gdjson.schema(), ensure_ascii=False), encoding="utf-8")
    done = subprocess.run(  # noqa: S603 - the tool installed above
        [str(node_tools / "node_modules" / ".bin" / "json2ts"), "-i", str(schema)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert (0, "") == (done.returncode, done.stderr)
    types = done.stdout
    assert "unknown" not in types
    assert "export type GovdisclosureReport = Report2019 | Report2021 | ReportNoTemplate;" in types
    interfaces = set(re.findall(r"^export interface (\w+) \{", types, flags=re.MULTILINE))
    assert set(_TABLES) <= interfaces
    assert "natural_person: number | null | Marker;" in types


def _python_marker(text: str) -> bool:
    """Whether the schema's marker definition accepts `text`, by Python's regexes."""
    return (
        re.search(_schema.marker_pattern(), text) is not None
        and re.search(_schema.number_pattern(), text) is None
    )


_ALPHABET = st.sampled_from(
    "0123456789０１２３５９,，.．+-−－ \u3000\t\n\u00a0\u2007件元万人次/无—abc①⑫𝟓٣\ufeff\x1c"  # noqa: RUF001 - full-width forms quoted on purpose
)


@pytest.mark.parametrize("text", TRICKY)
def test_the_schema_marker_is_the_model_marker_on_tricky_text(text: str) -> None:
    """Full-width digits, other scripts' digits and odd spaces are judged as the model does."""
    assert is_marker(text) == _python_marker(text)


@given(st.text(_ALPHABET, max_size=8) | st.text(max_size=4))
def test_the_schema_marker_is_the_model_marker(text: str) -> None:
    """The schema's marker pattern accepts exactly the strings the model accepts as markers."""
    assert is_marker(text) == _python_marker(text)


def test_the_schema_has_an_id_and_a_branch_per_template() -> None:
    """The schema names itself and gives each template value its own complete object schema."""
    schema = gdjson.schema()
    assert "urn:govdisclosure:schema:report:1" == schema["$id"]
    branches = [schema["$defs"][ref["$ref"].rsplit("/", 1)[1]] for ref in schema["oneOf"]]
    assert [
        {"const": "2019", "type": "string"},
        {"const": "2021", "type": "string"},
        {"type": "null"},
    ] == [
        {k: v for k, v in branch["properties"]["template"].items() if k != "description"}
        for branch in branches
    ]
    proactive = schema["$defs"]["ProactiveTable2021"]
    assert "ProactiveTable2021" == proactive["title"]
    assert (
        "本年制发件数 (issued)"
        == schema["$defs"]["Documents2021"]["properties"]["issued"]["description"]
    )
    assert proactive["properties"]["rules"]["description"].startswith("第二十条第（一）项")
