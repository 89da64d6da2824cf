"""Fuzzing every reader: mutated corpus files and writer output only ever give problems.

Lenient `parse` functions return a result for any str or bytes; strict `loads` functions raise
only `ParseError`. The mutants are drawn from seeded random generators, so a failure names a
reader and a seed that reproduce it (``mutant("text", 17)``). The fast profile tries a few per
reader, the thorough one more; ``python tests/fuzz_many.py`` runs thousands and counts the
unexpected exceptions. Every crashing input found is kept in ``tests/fixtures/fuzz`` as
``<reader>-<reason>.<ext>``.
"""

from __future__ import annotations

import os
import random
import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import cache
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdisclosure import ParseError, Report, text
from govdisclosure import csv as report_csv
from govdisclosure import html as report_html
from govdisclosure import json as report_json
from govdisclosure.errors import Problem
from govdisclosure.layout import CellKind, Template, layout
from govdisclosure.model import Value

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = FIXTURES / "corpus"
CRASHERS = FIXTURES / "fuzz"
READERS = ("text", "html", "csv", "wide", "json")
"""The readers fuzzed: text, HTML, the tidy CSV (and corpus), the wide CSV table, JSON."""
PER_READER = {"fast": 60, "thorough": 400}
"""Mutants a reader gets in the unit tests, by hypothesis profile."""

Source = str | bytes

# ------------------------------------------------------------------------------------------------
# What is mutated: the corpus and every writer's output


def _filled(template: Template, *, proactive: bool) -> Report:
    """A report of `template` with every cell printed: numbers, money, blanks and markers."""
    values: dict[str, Value] = {}
    for number, cell in enumerate(layout(template).cells):
        if number % 7 == 3:
            values[cell.path] = None if number % 2 else "/"
        elif cell.column.kind is CellKind.MONEY:
            values[cell.path] = Decimal(f"{number}.5")
        else:
            values[cell.path] = number
    report = Report.empty(template, title=f"某局{2000 + len(values)}年政府信息公开工作年度报告")
    report = report.with_cells(values)
    return report if proactive else attrs.evolve(report, proactive=None)


@cache
def _reports() -> tuple[Report, ...]:
    """Reports to write: each corpus file as read, and whole reports of both templates."""
    found = [text.parse(p.read_bytes()).report for p in sorted(CORPUS.glob("*.txt"))]
    found += [report_html.parse(p.read_bytes()).report for p in sorted(CORPUS.glob("*.html"))]
    for template in Template:
        found += [_filled(template, proactive=True), _filled(template, proactive=False)]
    return tuple(found)


def _table_keys(report: Report) -> list[report_csv.TableKey]:
    keys: list[report_csv.TableKey] = ["proactive", "applications", "review_litigation"]
    return [key for key in keys if getattr(report, key) is not None]


@cache
def seeds(reader: str) -> tuple[tuple[str, Source], ...]:
    """The inputs a reader's mutants start from, each with a name."""
    reports = _reports()
    found: list[tuple[str, Source]] = []
    if reader == "text":
        found += [(p.name, p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.txt"))]
        for number, report in enumerate(reports):
            found.append((f"text.dumps grid #{number}", text.dumps(report)))
            found.append((f"text.dumps lines #{number}", text.dumps(report, style="lines")))
    elif reader == "html":
        pages = [*CORPUS.glob("*.html"), *(FIXTURES / "html").glob("*.html")]
        found += [(p.name, p.read_bytes()) for p in sorted(pages)]
        found += [(f"html.dumps #{n}", report_html.dumps(r)) for n, r in enumerate(reports)]
    elif reader == "csv":
        found += [(f"csv.dumps #{n}", report_csv.dumps(r)) for n, r in enumerate(reports)]
        found.append(("csv.dumps_corpus", report_csv.dumps_corpus(reports[:4])))
        found.append(("csv.dumps excel", report_csv.dumps(reports[0], excel=True)))
    elif reader == "wide":
        for number, report in enumerate(reports):
            for key in _table_keys(report):
                found.append((f"dumps_table {key} #{number}", report_csv.dumps_table(report, key)))
    else:
        found += [
            (f"json.dumps #{n}", report_json.dumps(r, indent=1)) for n, r in enumerate(reports)
        ]
    return tuple(found)


# ------------------------------------------------------------------------------------------------
# Mutations

JUNK = (
    "|", "||||", "\t", "0", "-", "/", "无", "一、", "（六）其他处理", "第二十条第（一）项", "   ",
    "１２", "\u3000", "第1页", "- 4 -", "三、收到和处理政府信息公开申请情况", "信息内容",  # noqa: RUF001 - full-width forms quoted on purpose
    "<table>", "</td>", "<tr><td>0</td>", "<td rowspan=0>", "<td colspan=99999>", "&#0;",
    "&#xD800;", "<!--", "<script>", "<pre>", "<br>", "</table>", '"', ",,,", '"a""b', "{",
    "]", ":", '"\\ud800"', "1e999999", "-0", "NaN", "null", "\\u0000", "\r", "\x0c", "\x85",
    "\u2028", "\ufeff", "\u200b", "２.５", "3件", "1,000", "24.5万元",  # noqa: RUF001 - full-width forms quoted on purpose
)  # fmt: skip
HUGE = ("9" * 4001, "9" * 4301, "1" * 20000, "1E999999999", "1e-999999999", "9" * 30 + ".5",
        "0." + "0" * 5000 + "1", "-" + "9" * 4300)  # fmt: skip
CJK_BYTES = (
    "公开".encode("gbk"), "政府資訊".encode("big5"), b"\x81\x30\x81\x30", b"\xa1", b"\xff\xfe",
    b"\x80", b"\xe4\xb8", b"\xed\xa0\x80", b"\xc0\x80",
)  # fmt: skip
VALUES = (
    "", "0", "/", "-", "—", "无", "不适用", "1.5", "2.5万元", "3件", "-1", "+2", "１,０００",  # noqa: RUF001 - full-width forms quoted on purpose
    "1,00", "0.0", "00", "1e3", "١٢", "²", "½", "Ⅳ", "①", "NaN", "null", "true", "[]", "{}",
    '"x"', "9" * 40, "9" * 4001, "0." + "9" * 40, "1 2", "1|2", "1\n2", " ", "\t",
)  # fmt: skip
ODD_CHARACTERS = (
    "\ufdfa", "\u3220", "\u2488", "\u2460", "\u00bd", "\u0301", "\u200d", "\x00", "\x0b",
    "\x1c", "\x85", "\u2028", "\ue000", "\uffff", "\U0010ffff", "\ufffd", "\u3000", "\uff5c",
    "\u2502", "\u4e00", "\u3001", "\uff08", "\uff09", "\u5341",
)  # fmt: skip
BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\x2b\x2f\x76")
DIGITS = re.compile(r"\d+")
FULL_WIDTH = str.maketrans("0123456789.-", "０１２３４５６７８９．－")  # noqa: RUF001 - full-width forms quoted on purpose


def _bytes(value: Source) -> bytes:
    return value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")


def _lines(value: Source) -> list[Source]:
    return list(value.split(b"\n" if isinstance(value, bytes) else "\n"))  # type: ignore[arg-type]


def _join(lines: Sequence[Source], like: Source) -> Source:
    if isinstance(like, bytes):
        return b"\n".join(_bytes(line) for line in lines)
    return "\n".join(line if isinstance(line, str) else line.decode("latin-1") for line in lines)


def _insert(value: Source, piece: Source, rng: random.Random) -> Source:
    at = rng.randint(0, len(value))
    if isinstance(value, bytes) or isinstance(piece, bytes):
        data = _bytes(value)
        at = min(at, len(data))
        return data[:at] + _bytes(piece) + data[at:]
    return value[:at] + piece + value[at:]


def _flip(value: Source, rng: random.Random) -> Source:
    data = bytearray(_bytes(value))
    for _ in range(rng.randint(1, 8)):
        if data:
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    return bytes(data)


def _truncate(value: Source, rng: random.Random) -> Source:
    return value[: rng.randint(0, len(value))]


def _line_edit(value: Source, rng: random.Random) -> Source:
    lines = _lines(value)
    index = rng.randrange(len(lines))
    operation = rng.choice(("delete", "duplicate", "swap"))
    if operation == "delete":
        del lines[index]
    elif operation == "duplicate":
        lines.insert(index, lines[index])
    else:
        other = rng.randrange(len(lines))
        lines[index], lines[other] = lines[other], lines[index]
    return _join(lines, value)


def _block(value: Source, rng: random.Random) -> Source:
    """Delete a run of lines, or graft one in from another seed (a table of the other template)."""
    lines = _lines(value)
    start = rng.randrange(len(lines))
    size = rng.randint(2, 80)
    if rng.random() < 0.4:
        del lines[start : start + size]
        return _join(lines, value)
    _, other = rng.choice(_all_seeds() if rng.random() < 0.2 else seeds(_reader_of(value)))
    donor = _lines(other)
    at = rng.randrange(len(donor))
    lines[start:start] = donor[at : at + size]
    return _join(lines, value)


def _value(value: Source, rng: random.Random) -> Source:
    """Replace a number with another cell: a marker, a fraction, a unit, a sign, a word."""
    source = value.decode("utf-8", "surrogateescape") if isinstance(value, bytes) else value
    numbers = list(DIGITS.finditer(source))
    if not numbers:
        return value
    changed = source
    chosen = rng.sample(numbers, min(len(numbers), rng.randint(1, 5)))
    for found in sorted(chosen, key=lambda m: -m.start()):
        cell = rng.choice(VALUES)
        changed = changed[: found.start()] + cell + changed[found.end() :]
    return changed.encode("utf-8", "surrogateescape") if isinstance(value, bytes) else changed


def _char(value: Source, rng: random.Random) -> Source:
    """Replace a character with an odd one: NFKC-expanding, combining, control, private use."""
    source = value.decode("utf-8", "surrogateescape") if isinstance(value, bytes) else value
    if not source:
        return value
    at = rng.randrange(len(source))
    odd = rng.choice((*ODD_CHARACTERS, chr(rng.randint(0, 0x10FFFF))))
    changed = source[:at] + odd + source[at + 1 :]
    return changed.encode("utf-8", "surrogatepass") if isinstance(value, bytes) else changed


def _junk(value: Source, rng: random.Random) -> Source:
    piece = rng.choice(JUNK)
    return _insert(value, rng.choice((piece, f"\n{piece}\n")), rng)


def _nul(value: Source, rng: random.Random) -> Source:
    return _insert(value, "\x00" * rng.randint(1, 3), rng)


def _surrogate(value: Source, rng: random.Random) -> Source:
    return _insert(value, chr(rng.randint(0xD800, 0xDFFF)), rng)


def _cjk_bytes(value: Source, rng: random.Random) -> Source:
    if rng.random() < 0.3:  # the whole text in a legacy code page
        codec = rng.choice(("gbk", "big5", "gb18030", "utf-16", "utf-16-le", "utf-16-be"))
        source = value.decode("utf-8", "replace") if isinstance(value, bytes) else value
        return source.encode(codec, "replace")
    if rng.random() < 0.3:
        return rng.choice(BOMS) + _bytes(value)[: rng.choice((None, 1, 2, 3, 101))]
    return _insert(_bytes(value), rng.choice(CJK_BYTES), rng)


def _full_width(value: Source, rng: random.Random) -> Source:
    source = value.decode("utf-8", "surrogateescape") if isinstance(value, bytes) else value
    at = rng.randint(0, len(source))
    end = at + rng.randint(1, 2000)
    changed = source[:at] + source[at:end].translate(FULL_WIDTH) + source[end:]
    return changed.encode("utf-8", "surrogateescape") if isinstance(value, bytes) else changed


def _huge(value: Source, rng: random.Random) -> Source:
    source = value.decode("utf-8", "surrogateescape") if isinstance(value, bytes) else value
    numbers = list(DIGITS.finditer(source))
    if not numbers:
        return _insert(value, rng.choice(HUGE), rng)
    found = rng.choice(numbers)
    changed = source[: found.start()] + rng.choice(HUGE) + source[found.end() :]
    return changed.encode("utf-8", "surrogateescape") if isinstance(value, bytes) else changed


def _nest(value: Source, rng: random.Random) -> Source:
    depth = rng.choice((257, 300, 1000, 3000))
    tag = rng.choice(("div", "span", "table", "td", "b"))
    return _insert(_insert(value, f"</{tag}>" * depth, rng), f"<{tag}>" * depth, rng)


def _run(value: Source, rng: random.Random) -> Source:
    piece = rng.choice((" ", "|", "0", "、", "一", "-", "\t", "（", "\n")) * rng.randint(50, 2000)
    return _insert(value, piece, rng)


MUTATIONS: dict[str, Callable[[Source, random.Random], Source]] = {
    "flip": _flip,
    "truncate": _truncate,
    "line": _line_edit,
    "block": _block,
    "value": _value,
    "char": _char,
    "junk": _junk,
    "nul": _nul,
    "surrogate": _surrogate,
    "cjk-bytes": _cjk_bytes,
    "full-width": _full_width,
    "huge": _huge,
    "nest": _nest,
    "run": _run,
}
_WEIGHTS = {"line": 3, "junk": 3, "truncate": 2, "flip": 2, "value": 3, "block": 4, "char": 2}


_CURRENT: list[str] = ["text"]
"""The reader whose mutant is being made (a graft takes lines of that reader's inputs)."""


def _reader_of(_value: Source) -> str:
    return _CURRENT[0]


@cache
def _all_seeds() -> tuple[tuple[str, Source], ...]:
    return tuple(seed for reader in READERS for seed in seeds(reader))


def mutant(reader: str, number: int) -> tuple[str, Source]:
    """Mutant `number` of `reader`'s seeds: the same description and input on every run."""
    rng = random.Random(f"{reader}-{number}")  # noqa: S311 - reproducible, not secret
    _CURRENT[0] = reader
    # Now and then another reader's input: every reader takes any text.
    name, value = rng.choice(_all_seeds() if rng.random() < 0.05 else seeds(reader))
    names = list(MUTATIONS)
    weights = [_WEIGHTS.get(n, 1) for n in names]
    applied = rng.choices(names, weights, k=rng.randint(1, 4))
    for operation in applied:
        if value:
            value = MUTATIONS[operation](value, rng)
    return f"{reader} #{number}: {name} + {', '.join(applied)}", value


# ------------------------------------------------------------------------------------------------
# What a reader must do with any input


def _strict(load: Callable[[Source], object], source: Source) -> None:
    """A strict reader returns or raises ParseError with at least one problem, nothing else."""
    try:
        load(source)
    except ParseError as error:
        assert error.problems, "a ParseError carries its problems"  # noqa: PT017


def _check_text(source: Source) -> None:
    result = text.parse(source)
    assert isinstance(result.report, Report)
    assert all(isinstance(problem, Problem) for problem in result.problems)
    _strict(text.loads, source)


def _check_html(source: Source) -> None:
    result = report_html.parse(source)
    assert isinstance(result.report, Report)
    assert all(isinstance(problem, Problem) for problem in result.problems)
    _strict(report_html.loads, source)


def _check_csv(source: Source) -> None:
    parsed = report_csv.parse(source)
    assert all(isinstance(report, Report) for report in parsed.reports.values())
    _strict(report_csv.loads, source)
    _strict(report_csv.loads_corpus, source)


def _check_wide(source: Source) -> None:
    _strict(report_csv.loads_table, source)
    report_csv.parse(source)


def _check_json(source: Source) -> None:
    _strict(report_json.loads, source)


CHECKS: dict[str, Callable[[Source], None]] = {
    "text": _check_text,
    "html": _check_html,
    "csv": _check_csv,
    "wide": _check_wide,
    "json": _check_json,
}


def failure(reader: str, source: Source) -> str | None:
    """Run `reader`'s checks on `source`; describe the exception it raised, or None."""
    try:
        CHECKS[reader](source)
    except Exception as error:  # noqa: BLE001 - every unexpected exception is the finding
        return f"{type(error).__name__}: {str(error)[:200]}"
    return None


def _profile() -> str:
    return os.environ.get("GOVDISCLOSURE_PROFILE", "fast")


# ------------------------------------------------------------------------------------------------
# Tests


@pytest.mark.parametrize("reader", READERS)
def test_mutants_give_problems_not_exceptions(reader: str) -> None:
    """Seeded mutants of the corpus and of the writers' output never make a reader raise."""
    failures = []
    for number in range(PER_READER.get(_profile(), PER_READER["fast"])):
        description, source = mutant(reader, number)
        found = failure(reader, source)
        if found is not None:
            failures.append(f"{description}: {found}")
    assert [] == failures


def _crashers() -> list[Path]:
    return sorted(p for p in CRASHERS.iterdir() if p.suffix != ".md")


@pytest.mark.parametrize("path", _crashers(), ids=lambda p: p.name)
def test_crashers_found_by_fuzzing_give_problems(path: Path) -> None:
    """Every input that once made a reader raise is read, as bytes and as text."""
    reader = path.name.split("-", 1)[0]
    data = path.read_bytes()
    assert [None, None] == [
        failure(reader, data),
        failure(reader, data.decode("utf-8", "surrogatepass") if _utf8(data) else data),
    ]


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        return False
    return True


def test_every_reader_has_crasher_fixtures_named_for_it() -> None:
    """A crasher's file name starts with the reader it crashed."""
    assert [] == [p.name for p in _crashers() if p.name.split("-", 1)[0] not in READERS]


def test_mutants_are_reproducible() -> None:
    """The same reader and number give the same mutant, so a failure can be replayed."""
    assert mutant("text", 3) == mutant("text", 3)


@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    """Any bytes are read by every lenient reader without an exception."""
    assert [None] * len(READERS) == [failure(reader, data) for reader in READERS]


@given(st.text(max_size=300))
def test_arbitrary_text_never_crashes(source: str) -> None:
    """Any text, lone surrogates included, is read by every reader without an exception."""
    assert [None] * len(READERS) == [failure(reader, source) for reader in READERS]


@given(
    st.text(
        alphabet=st.sampled_from(list("|0一、（）\t\n 规章总计-/无年报告第二十条项")), max_size=300
    )
)
def test_table_like_noise_never_crashes(source: str) -> None:
    """Noise made of table characters parses without an exception."""
    assert isinstance(text.parse(source).report, Report)


@given(st.sampled_from(sorted(CORPUS.glob("*.txt"))), st.data())
def test_mutated_reports_agree_between_parse_and_loads(path: Path, data: st.DataObject) -> None:
    """`loads` raises exactly the problems `parse` reports, or returns the same report."""
    lines = path.read_text(encoding="utf-8").split("\n")
    index = data.draw(st.integers(0, len(lines) - 1))
    lines[index] = data.draw(st.one_of(st.sampled_from(JUNK), st.text(max_size=20)))
    source = "\n".join(lines)
    result = text.parse(source)
    if result.problems:
        with pytest.raises(ParseError) as caught:
            text.loads(source)
        assert result.problems == caught.value.problems
    else:
        assert result.report == text.loads(source)


_SHAPES = {
    "spaces": " ",
    "digits": "1",
    "table bars": "|",
    "punctuation": "、",
    "one repeated character": "一",
}
_TABLE = (
    "二、主动公开政府信息情况\n第二十条第（一）项\n"
    "信息内容 本年制发件数 本年废止件数 现行有效件数\n"
)
_PLACES = {
    "heading": "一、a{run}b\n",
    "label": _TABLE + "规章{run} 0 0 0\n",
    "prose": "一、总体情况\n本年度{run}。\n",
}


@pytest.mark.parametrize("place", list(_PLACES))
@pytest.mark.parametrize("shape", list(_SHAPES))
def test_100_kb_run_of_one_character_parses(place: str, shape: str) -> None:
    """A 100 KB run of one character in a heading, a label or prose is read (benchmarks time it)."""
    source = _PLACES[place].format(run=_SHAPES[shape] * 100_000)
    assert None is failure("text", source)


def test_100_kb_html_shapes_parse() -> None:
    """A 100 KB paragraph of spaces, or of table rows spanning to the end, is read."""
    page = "<h1>某局2021年政府信息公开工作年度报告</h1>"
    spaces = f"{page}<p>一、a{' ' * 100_000}b</p>"
    rows = f"{page}<table>{'<tr><td rowspan=0>规章</td><td>0</td></tr>' * 2500}</table>"
    assert [None, None] == [failure("html", spaces), failure("html", rows)]
