"""Run govdisclosure's benchmarks: each figure a ratio against a baseline timed in the same process.

Usage::

    python benchmarks/run.py              # everything; exit 1 if a target is missed
    python benchmarks/run.py --no-fail    # print the table, always exit 0
    python benchmarks/run.py --only parse,json --quick

See benchmarks/README.md for what each figure means and the latest results.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import os
import platform
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import _batch
import _flat
import _inputs
import _memory
import _scaling
import _structs
import _timing
import attrs
import cattrs.preconf.orjson
import orjson

from govdisclosure import Report, checks, converters, text
from govdisclosure import csv as report_csv
from govdisclosure import json as report_json

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
"""Where `text.parse` ends lines (not at the other breaks str.splitlines knows)."""

GROUPS = (
    "memory",
    "parse",
    "large",
    "scaling",
    "json",
    "check",
    "csv",
    "html",
    "pdf",
    "docx",
    "batch",
    "flat",
    "parquet",
)
"""In the order they run: memory first, so the parser's caches are measured cold."""


@dataclass(frozen=True)
class Figure:
    """One line of the results table."""

    name: str
    value: float
    """A ratio (library / baseline, or -j 2 speed-up), or kilobytes for memory."""
    unit: str
    target: tuple[str, float] | None
    """("<=", 10.0): the value must be at most 10; None: a figure for context only."""
    detail: str
    """The absolute figures behind the value."""

    @property
    def met(self) -> bool | None:
        """Whether the target is met; None when there is no target."""
        if self.target is None:
            return None
        op, bound = self.target
        return self.value <= bound if op == "<=" else self.value >= bound


@dataclass(frozen=True)
class Options:
    """How long to measure."""

    rounds: int
    batch_seconds: float
    reports: int
    files: int
    batch_rounds: int
    flat: int = 10_000
    """Reports in the large run of the flat-memory figures (the small run has a tenth)."""
    parquet: int = 1_000
    """Reports in the corpus written to Parquet and CSV."""


def _time(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.1f} µs"


def _ratio(
    name: str,
    subject: Callable[[], object],
    baseline: Callable[[], object],
    options: Options,
    *,
    target: tuple[str, float] | None,
    baseline_name: str,
    per: str = "call",
) -> Figure:
    timing = _timing.paired(
        subject, baseline, rounds=options.rounds, batch_seconds=options.batch_seconds
    )
    low, high = timing.ratio_spread
    detail = (
        f"{_time(timing.subject)} vs {_time(timing.baseline)} per {per} ({baseline_name}); "
        f"rounds {low:.2f}-{high:.2f}x"
    )
    return Figure(name, timing.ratio, "x", target, detail)


class _Cycle:
    """Call `function` on the items in turn, counting the calls (to tell whether any repeated)."""

    def __init__(self, function: Callable[[Any], object], items: Sequence[Any]) -> None:
        self.function = function
        self.items = items
        self.calls = 0

    def __call__(self) -> object:
        item = self.items[self.calls % len(self.items)]
        self.calls += 1
        return self.function(item)


def _split_strip(source: str) -> list[str]:
    return [line.strip() for line in source.splitlines()]


def _unique_texts(reports: Sequence[Report], variants: int) -> list[str]:
    """Text forms of the reports, each narrative made unique, grid and one-cell-per-line mixed."""
    texts = []
    for variant in range(variants):
        for number, report in enumerate(reports):
            unique = variant * len(reports) + number
            sections = tuple(
                attrs.evolve(s, text=f"{unique}. {s.text}" if s.text else s.text)
                for s in report.sections
            )
            copy = attrs.evolve(report, sections=sections)
            texts.append(text.dumps(copy, style="lines" if unique % 2 else "grid"))
    return texts


# ------------------------------------------------------------------------------------------------
# The groups


def bench_parse(options: Options) -> Iterator[Figure]:
    """Text `parse` vs ``splitlines()`` + ``strip()`` of the same text; the fast path's share."""
    source = _inputs.xiangtan_text()
    figure = _ratio(
        "text parse, Xiangtan (same text each call)",
        lambda: text.parse(source),
        lambda: _split_strip(source),
        options,
        target=("<=", 15.0),
        baseline_name="splitlines+strip",
    )
    yield replace(figure, detail=f"{figure.detail}; {_fast_share([source])}")
    texts = _unique_texts(_inputs.generated(options.reports), variants=10)
    subject = _Cycle(text.parse, texts)
    figure = _ratio(
        f"text parse, {len(texts)} distinct generated texts",
        subject,
        _Cycle(_split_strip, texts),
        options,
        target=("<=", 20.0),
        baseline_name="splitlines+strip",
    )
    repeated = "none repeated" if subject.calls <= len(texts) else "some repeated"
    yield replace(
        figure, detail=f"{figure.detail}; {subject.calls} calls, {repeated}; {_fast_share(texts)}"
    )


def _fast_share(texts: Sequence[str]) -> str:
    """How many of `texts` the fast path reads (the rest go to the lenient reader)."""
    from govdisclosure._reading.fast import read_text_lines  # noqa: PLC0415 - private, measured

    fast = sum(read_text_lines(_LINE_BREAK.split(t)) is not None for t in texts)
    return f"fast path read {fast} of {len(texts)} ({fast / len(texts):.0%})"


def _best_of(function: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


_LARGE_SHAPES: tuple[tuple[str, Callable[[int], str]], ...] = (
    ("the Xiangtan report repeated", lambda size: _inputs.xiangtan_text() * (size // 2800 + 1)),
    ("one line of table bars", lambda size: "| 0 " * (size // 4)),
    ("one cell per line", lambda size: "\t0\n" * (size // 3)),
)


def bench_large(options: Options) -> Iterator[Figure]:
    """Parsing is linear: the cost per character of a 1 MB input against a 100 KB one."""
    rounds = 1 if options.rounds < 10 else 3
    for name, make in _LARGE_SHAPES:
        small, large = make(100_000), make(1_000_000)
        small_time = _best_of(lambda small=small: text.parse(small), rounds)  # type: ignore[misc]
        large_time = _best_of(lambda large=large: text.parse(large), rounds)  # type: ignore[misc]
        growth = (large_time / len(large)) / (small_time / len(small))
        yield Figure(
            f"large input, {name}: cost per character at 1 MB vs 100 KB",
            growth,
            "x",
            ("<=", 1.5),
            f"{len(large):,} characters in {_time(large_time)}; "
            f"{len(small):,} in {_time(small_time)} (linear is 1.0x)",
        )


_EXPONENT = 1 + math.log10(1.5)
"""The exponent of 1.5x the cost per character at 1 MB against 100 KB (linear is 1)."""


def bench_scaling(options: Options) -> Iterator[Figure]:
    """Every shape reads in linear time: the exponent of time against size, 100 KB to 1 MB."""
    rounds = 1 if options.rounds < 10 else 3
    cases: list[tuple[str, Callable[[str], object], Callable[[int, int], str]]] = [
        (f"text, {name}", text.parse, make) for name, make in _scaling.shapes()
    ]
    try:
        from govdisclosure import html  # noqa: PLC0415 - optional

        cases += [(f"HTML, {name}", html.parse, make) for name, make in _scaling.HTML.items()]
    except ImportError:
        print("scaling: HTML skipped, lxml is not installed", file=sys.stderr)
    for name, parse, make in cases:
        grown = _scaling.growth(parse, make, rounds)
        small, middle, large = (_time(seconds) for seconds in grown.seconds)
        yield Figure(
            f"scaling, {name}: exponent 100 KB to 1 MB",
            grown.exponent,
            "",
            ("<=", round(_EXPONENT, 2)),
            f"10 KB {small}, 100 KB {middle}, 1 MB {large}; exponent 10 KB to 100 KB "
            f"{grown.small_exponent:.2f}; cost per character at 1 MB vs 100 KB "
            f"{10 ** (grown.exponent - 1):.2f}x",
        )
    kept, detail = _scaling.cache_memory()
    yield Figure(
        "memory: what the parser's memos keep after 1 MB inputs of every shape",
        kept / 2**20,
        " MB",
        ("<=", 20.0),
        f"{kept / 2**20:.1f} MB traced after the inputs and results are dropped; {detail}",
    )


def _same_document(ours: str, theirs: bytes) -> bool:
    """Whether two JSON texts hold the same document (key order aside), money exact."""
    left = json.loads(ours, parse_float=Decimal)
    right = json.loads(theirs, parse_float=Decimal)
    return bool(left == right)


def _json_pool(reports: Sequence[Report]) -> list[bytes]:
    documents = [report_json.dumps(r).encode() for r in reports]
    for document in documents:
        decoded = _structs.DECODER.decode(document)
        if not _same_document(document.decode(), _structs.ENCODER.encode(decoded)):
            msg = "the msgspec mirror does not hold the same document: fix benchmarks/_structs.py"
            raise RuntimeError(msg)
    return documents


def bench_json(options: Options) -> Iterator[Figure]:
    """JSON `loads`/`dumps` vs msgspec Structs; orjson and the stdlib raw for context."""
    document = report_json.dumps(_inputs.xiangtan()).encode()
    generated = _inputs.generated(options.reports)
    pool = _json_pool([_inputs.xiangtan(), *generated])
    yield _ratio(
        "JSON loads, Xiangtan",
        lambda: report_json.loads(document),
        lambda: _structs.DECODER.decode(document),
        options,
        target=("<=", 3.0),
        baseline_name="msgspec Structs",
    )
    yield _ratio(
        f"JSON loads, {len(pool) - 1} generated",
        _Cycle(report_json.loads, pool[1:]),
        _Cycle(_structs.DECODER.decode, pool[1:]),
        options,
        target=("<=", 3.0),
        baseline_name="msgspec Structs",
    )
    report, mirror = _inputs.xiangtan(), _structs.DECODER.decode(document)
    yield _ratio(
        "JSON dumps, Xiangtan",
        lambda: report_json.dumps(report),
        lambda: _structs.ENCODER.encode(mirror),
        options,
        target=("<=", 3.0),
        baseline_name="msgspec encode",
    )
    mirrors = [_structs.DECODER.decode(d) for d in pool[1:]]
    yield _ratio(
        f"JSON dumps, {len(generated)} generated",
        _Cycle(report_json.dumps, generated),
        _Cycle(_structs.ENCODER.encode, mirrors),
        options,
        target=("<=", 3.0),
        baseline_name="msgspec encode",
    )
    yield from bench_json_floor(options)
    yield _ratio(
        "JSON loads vs orjson.loads raw, Xiangtan",
        lambda: report_json.loads(document),
        lambda: orjson.loads(document),
        options,
        target=None,
        baseline_name="orjson to dicts",
    )
    yield _ratio(
        "JSON loads vs stdlib json.loads raw, Xiangtan",
        lambda: report_json.loads(document),
        lambda: json.loads(document),
        options,
        target=None,
        baseline_name="json to dicts",
    )
    yield from bench_cattrs(options, document)


def bench_cattrs(options: Options, document: bytes) -> Iterator[Figure]:
    """The cost of the cattrs convenience: a converter's structure vs the library's loads."""
    converter = converters.make_converter()
    data = report_json.to_dict(report_json.loads(document))
    yield _ratio(
        "cattrs structure vs JSON loads, Xiangtan",
        lambda: converter.structure(data, Report),
        lambda: report_json.loads(document),
        options,
        target=None,
        baseline_name="govdisclosure.json.loads of its text",
    )
    orjson_converter = cattrs.preconf.orjson.make_converter()
    converters.configure_converter(orjson_converter)
    raw = orjson_converter.dumps(report_json.loads(document))
    yield _ratio(
        "cattrs orjson converter loads vs JSON loads, Xiangtan",
        lambda: orjson_converter.loads(raw, Report),
        lambda: report_json.loads(document),
        options,
        target=None,
        baseline_name="govdisclosure.json.loads",
    )


def bench_json_floor(options: Options) -> Iterator[Figure]:
    """What a reader or writer built on the stdlib json module pays before doing anything else."""
    document = report_json.dumps(_inputs.xiangtan()).encode()
    mirror = _structs.DECODER.decode(document)
    dicts = json.loads(document)
    yield _ratio(
        "floor: stdlib json.loads raw vs msgspec Structs, Xiangtan",
        lambda: json.loads(document),
        lambda: _structs.DECODER.decode(document),
        options,
        target=None,
        baseline_name="msgspec Structs",
    )
    yield _ratio(
        "floor: stdlib json.dumps of the dicts vs msgspec encode, Xiangtan",
        lambda: json.dumps(dicts, ensure_ascii=False),
        lambda: _structs.ENCODER.encode(mirror),
        options,
        target=None,
        baseline_name="msgspec encode",
    )


def bench_check(options: Options) -> Iterator[Figure]:
    """`check(report)` vs one JSON `loads` of the same report."""
    report = _inputs.xiangtan()
    document = report_json.dumps(report).encode()
    yield _ratio(
        "check vs JSON loads, Xiangtan",
        lambda: checks.check(report),
        lambda: report_json.loads(document),
        options,
        target=("<=", 1.0),
        baseline_name="govdisclosure.json.loads",
    )
    generated = _inputs.generated(options.reports)
    documents = [report_json.dumps(r).encode() for r in generated]
    yield _ratio(
        f"check vs JSON loads, {len(generated)} generated",
        _Cycle(checks.check, generated),
        _Cycle(report_json.loads, documents),
        options,
        target=("<=", 1.0),
        baseline_name="govdisclosure.json.loads",
    )


def _csv_round_trip(report: Report) -> Report:
    return report_csv.loads(report_csv.dumps(report))


def _stdlib_csv_round_trip(document: str) -> str:
    rows = list(csv.reader(io.StringIO(document, newline="")))
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def bench_csv(options: Options) -> Iterator[Figure]:
    """CSV round trip per report vs the stdlib csv module reading and writing the same rows."""
    for name, reports in (
        ("Xiangtan", [_inputs.xiangtan()]),
        (f"{options.reports} generated", list(_inputs.generated(options.reports))),
    ):
        yield _ratio(
            f"CSV round trip, {name}",
            _Cycle(_csv_round_trip, reports),
            _Cycle(_stdlib_csv_round_trip, [report_csv.dumps(r) for r in reports]),
            options,
            target=None,
            baseline_name="stdlib csv reader+writer",
            per="report",
        )


def bench_html(options: Options) -> Iterator[Figure]:
    """HTML parse per report vs lxml parsing the same page (needs the ``html`` extra)."""
    try:
        import lxml.html  # noqa: PLC0415 - optional

        from govdisclosure import html  # noqa: PLC0415 - optional
    except ImportError:
        print("html: skipped, lxml is not installed", file=sys.stderr)
        return
    for name, reports in (
        ("Xiangtan", [_inputs.xiangtan()]),
        (f"{options.reports} generated", list(_inputs.generated(options.reports))),
    ):
        pages = [html.dumps(r).encode() for r in reports]
        yield _ratio(
            f"HTML parse, {name}",
            _Cycle(html.parse, pages),
            _Cycle(lxml.html.document_fromstring, pages),
            options,
            target=("<=", 8.0),
            baseline_name="lxml.html.document_fromstring",
            per="page",
        )


_FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "pdf"


def _pdf_text(data: bytes) -> object:
    """Pdfplumber's own text extraction of every page (the baseline of the PDF reader)."""
    import pdfplumber  # noqa: PLC0415 - optional

    with pdfplumber.open(io.BytesIO(data)) as document:
        return [page.extract_text() for page in document.pages]


def _pdfium_text(data: bytes) -> object:
    """pypdfium2's text of every page (C, no table finder): context for choosing the library."""
    import pypdfium2  # noqa: PLC0415 - optional

    document = pypdfium2.PdfDocument(data)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def bench_pdf(options: Options) -> Iterator[Figure]:
    """PDF parse per page vs pdfplumber's own text extraction (needs the ``pdf`` extra)."""
    try:
        import pdfplumber  # noqa: PLC0415 - optional

        from govdisclosure import pdf  # noqa: PLC0415 - optional
    except ImportError:
        print("pdf: skipped, pdfplumber is not installed", file=sys.stderr)
        return
    for program, name in (
        ("LibreOffice", "v2021-nonzero.lo.pdf"),
        ("Chromium", "v2021-nonzero.chromium.pdf"),
        ("LibreOffice, long narrative", "v2019-long-narrative.lo.pdf"),
    ):
        data = (_FIXTURES / name).read_bytes()
        with pdfplumber.open(io.BytesIO(data)) as document:
            pages = len(document.pages)
        timing = _timing.paired(
            lambda data=data: pdf.parse(data),
            lambda data=data: _pdf_text(data),
            rounds=options.rounds,
            batch_seconds=options.batch_seconds,
        )
        low, high = timing.ratio_spread
        yield Figure(
            f"PDF parse, {program} ({pages} pages)",
            timing.ratio,
            "x",
            None,
            f"{_time(timing.subject / pages)} vs {_time(timing.baseline / pages)} per page "
            f"(pdfplumber extract_text); rounds {low:.2f}-{high:.2f}x",
        )
        try:
            import pypdfium2  # noqa: F401, PLC0415 - optional, context only
        except ImportError:
            continue
        timing = _timing.paired(
            lambda data=data: _pdf_text(data),
            lambda data=data: _pdfium_text(data),
            rounds=options.rounds,
            batch_seconds=options.batch_seconds,
        )
        yield Figure(
            f"pdfplumber text vs pypdfium2 text, {program}",
            timing.ratio,
            "x",
            None,
            f"{_time(timing.subject / pages)} vs {_time(timing.baseline / pages)} per page "
            "(context for the choice of library)",
        )


def _docx_text(data: bytes) -> object:
    """python-docx's own text of a document: paragraphs, then every table cell."""
    import docx as python_docx  # noqa: PLC0415 - optional

    document = python_docx.Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return [p.text for p in document.paragraphs], cells


def bench_docx(options: Options) -> Iterator[Figure]:
    """DOCX parse per report vs python-docx's own text extraction (needs the ``docx`` extra)."""
    try:
        from govdisclosure import docx  # noqa: PLC0415 - optional
    except ImportError:
        print("docx: skipped, python-docx is not installed", file=sys.stderr)
        return
    for name, reports in (
        ("Xiangtan", [_inputs.xiangtan()]),
        (f"{options.reports} generated", list(_inputs.generated(options.reports))),
    ):
        documents = [docx.dumps(r) for r in reports]
        yield _ratio(
            f"DOCX parse, {name}",
            _Cycle(docx.parse, documents),
            _Cycle(_docx_text, documents),
            options,
            target=None,
            baseline_name="python-docx paragraphs and cells",
            per="report",
        )


def bench_batch(options: Options) -> Iterator[Figure]:
    """``govdisclosure check DIR -j 2`` vs ``-j 1`` on a folder of files, wall clock."""
    with tempfile.TemporaryDirectory(prefix="govdisclosure-bench-") as temporary:
        folder = Path(temporary) / "reports"
        folder.mkdir()
        written = _batch.write_folder(folder, _inputs.generated(options.reports), options.files)
        outputs = {jobs: Path(temporary) / f"out-{jobs}.json" for jobs in (1, 2)}
        wall: dict[int, list[float]] = {1: [], 2: []}
        cpu: dict[int, list[float]] = {1: [], 2: []}
        machine: list[float] = []
        for _ in range(options.batch_rounds):
            machine.append(_batch.machine_speedup())
            for jobs in (1, 2):
                seconds, used = _batch.run_check(folder, jobs, outputs[jobs])
                wall[jobs].append(seconds)
                cpu[jobs].append(used)
        one, two = (_batch.read_output(outputs[jobs]) for jobs in (1, 2))
    summary = f"{options.files} report(s): {options.files} read"
    if one != two or not any(line.startswith(summary) for line in one.splitlines()):
        msg = "-j 1 and -j 2 disagree, or did not read every file: the batch figure is void"
        raise RuntimeError(msg)
    ratios = sorted(a / b for a, b in zip(wall[1], wall[2], strict=True))
    serial, parallel = min(wall[1]), min(wall[2])
    mix = ", ".join(f"{count} {suffix}" for suffix, count in sorted(written.items()))
    detail = (
        f"-j 1 {serial:.2f} s ({options.files / serial:.0f} files/s, CPU {min(cpu[1]):.1f} s), "
        f"-j 2 {parallel:.2f} s ({options.files / parallel:.0f} files/s, CPU "
        f"{min(cpu[2]):.1f} s), best of {options.batch_rounds}; "
        f"rounds {ratios[0]:.2f}-{ratios[-1]:.2f}x; {mix}"
    )
    yield Figure(
        f"batch check -j 2 vs -j 1, {options.files} files",
        ratios[len(ratios) // 2],
        "x",
        (">=", 1.7),
        detail,
    )
    machine.sort()
    yield Figure(
        "machine: 2 CPU-bound processes vs 1 (the most -j 2 can get now)",
        machine[len(machine) // 2],
        "x",
        None,
        f"rounds {machine[0]:.2f}-{machine[-1]:.2f}x; about 2 on an idle two-core machine",
    )


def bench_memory(_options: Options) -> Iterator[Figure]:
    """Retained size of one parsed report (tracemalloc)."""
    source = _inputs.xiangtan_text()
    measured = _memory.retained(lambda: text.parse(source).report)
    top = ", ".join(
        f"{name} {count}x {size / 1024:.1f} KB" for name, count, size in measured.by_type[:4]
    )
    yield Figure(
        "memory: one parsed Report kept, Xiangtan",
        measured.retained / 1024,
        "KB",
        ("<=", 30.0),
        f"{measured.objects} objects owned; {top}; peak while parsing "
        f"{measured.peak / 1024:.0f} KB; first parse grew the parser's caches by "
        f"{measured.cache_growth / 1024:.0f} KB",
    )
    result = _memory.retained(lambda: text.parse(source))
    yield Figure(
        "memory: the whole ParseResult kept (positions too)",
        result.retained / 1024,
        "KB",
        None,
        ", ".join(f"{n} {c}x {s / 1024:.1f} KB" for n, c, s in result.by_type[:4]),
    )
    document = _inputs.XIANGTAN_JSON.read_bytes()
    loaded = _memory.retained(lambda: report_json.loads(document))
    yield Figure(
        "memory: one Report from JSON loads kept",
        loaded.retained / 1024,
        "KB",
        None,
        ", ".join(f"{n} {c}x {s / 1024:.1f} KB" for n, c, s in loaded.by_type[:4]),
    )


def bench_flat(options: Options) -> Iterator[Figure]:
    """Peak RSS over `flat` reports vs a tenth of them: read_all, check DIR, the corpus reader."""
    base = list(_inputs.generated(options.reports))
    large, small = options.flat, options.flat // 10
    with tempfile.TemporaryDirectory(prefix="govdisclosure-flat-") as temporary:
        root = Path(temporary)
        inputs: dict[str, dict[int, Path]] = {"folder": {}, "corpus": {}}
        for count in (small, large):
            inputs["folder"][count] = root / f"folder-{count}"
            _flat.write_folder(inputs["folder"][count], base, count)
            inputs["corpus"][count] = root / f"corpus-{count}.csv"
            _flat.write_corpus(inputs["corpus"][count], base, count)
        for run, kind in (
            ("read_all", "folder"),
            ("check DIR -j 2", "folder"),
            ("csv.iter_corpus", "corpus"),
        ):
            few, many = (_flat.measure(run, inputs[kind][count]) for count in (small, large))
            ratios = [many.own / few.own]
            if few.workers:
                ratios.append(many.workers / few.workers)
            workers = (
                f"; largest worker {few.workers / 1024:.0f} MB -> {many.workers / 1024:.0f} MB"
                if few.workers
                else ""
            )
            size = (
                f"{inputs[kind][large].stat().st_size / 1e6:.0f} MB file, "
                if kind == "corpus"
                else ""
            )
            yield Figure(
                f"flat memory: {run}, peak RSS at {large:,} vs {small:,} reports",
                max(ratios),
                "x",
                ("<=", 1.2),
                f"{size}process {few.own / 1024:.0f} MB -> {many.own / 1024:.0f} MB{workers}; "
                f"{few.seconds:.1f} s -> {many.seconds:.1f} s",
            )


def bench_parquet(options: Options) -> Iterator[Figure]:
    """A corpus to Parquet vs to the corpus CSV: time to write and read, and bytes."""
    try:
        from govdisclosure import arrow  # noqa: PLC0415 - the optional extra
    except ImportError:  # pragma: no cover - without pyarrow there is no figure
        return
    base = list(_inputs.generated(options.reports))
    found = dict(_flat._variants(base, options.parquet))  # noqa: SLF001
    with tempfile.TemporaryDirectory(prefix="govdisclosure-parquet-") as temporary:
        parquet, corpus = Path(temporary, "c.parquet"), Path(temporary, "c.csv")

        def write_csv() -> None:
            with corpus.open("w", encoding="utf-8", newline="") as fp:
                report_csv.dump_corpus(found, fp)

        def read_csv() -> object:
            with corpus.open("rb") as fp:
                return report_csv.load_corpus(fp)

        rounds = 3 if options.rounds > 5 else 1
        times = {
            "write parquet": _best_of(lambda: arrow.write_parquet(found, parquet), rounds),
            "write csv": _best_of(write_csv, rounds),
            "read parquet": _best_of(lambda: arrow.read_parquet(parquet), rounds),
            "read csv": _best_of(read_csv, rounds),
        }
        if arrow.read_parquet(parquet) != found:
            msg = "the Parquet round trip changed the reports: the figure is void"
            raise RuntimeError(msg)
        sizes = {"parquet": parquet.stat().st_size, "csv": corpus.stat().st_size}
    n = options.parquet
    yield Figure(
        f"corpus to Parquet vs corpus CSV, {n:,} reports, write time",
        times["write parquet"] / times["write csv"],
        "x",
        None,
        f"Parquet {times['write parquet']:.2f} s, {sizes['parquet'] / 1e6:.2f} MB (zstd); "
        f"CSV {times['write csv']:.2f} s, {sizes['csv'] / 1e6:.1f} MB; "
        f"bytes {sizes['parquet'] / sizes['csv']:.3f}x",
    )
    yield Figure(
        f"corpus from Parquet vs corpus CSV, {n:,} reports, read time",
        times["read parquet"] / times["read csv"],
        "x",
        None,
        f"read_parquet {times['read parquet']:.2f} s, load_corpus {times['read csv']:.2f} s",
    )


_BENCHES: dict[str, Callable[[Options], Iterator[Figure]]] = {
    "parse": bench_parse,
    "large": bench_large,
    "scaling": bench_scaling,
    "json": bench_json,
    "check": bench_check,
    "csv": bench_csv,
    "html": bench_html,
    "pdf": bench_pdf,
    "docx": bench_docx,
    "batch": bench_batch,
    "memory": bench_memory,
    "flat": bench_flat,
    "parquet": bench_parquet,
}


# ------------------------------------------------------------------------------------------------
# Output


def _target_text(figure: Figure) -> str:
    if figure.target is None:
        return "-"
    op, bound = figure.target
    sign = "≤" if op == "<=" else "≥"
    return f"{sign} {bound:g}{figure.unit}"


def _status(figure: Figure) -> str:
    met = figure.met
    if met is None:
        return ""
    return "met" if met else "MISSED"


def table(figures: Sequence[Figure]) -> str:
    """Return the results as a markdown table, with the absolute figures below each line."""
    lines = [
        "| figure | value | target | result |",
        "| --- | ---: | ---: | --- |",
    ]
    for figure in figures:
        value = f"{figure.value:.2f}{figure.unit}"
        lines.append(f"| {figure.name} | {value} | {_target_text(figure)} | {_status(figure)} |")
    lines.append("")
    lines += [f"- {figure.name}: {figure.detail}" for figure in figures]
    return "\n".join(lines)


def _environment() -> str:
    import msgspec  # noqa: PLC0415 - only to name its version

    return (
        f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores; "
        f"msgspec {msgspec.__version__}, orjson {orjson.__version__}"
    )


def _load() -> str:
    """The machine's load average over the last minute: above 0.5 or so, figures are noisy."""
    return f"load {os.getloadavg()[0]:.2f}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks named on the command line; return the exit code."""
    parser = argparse.ArgumentParser(description="Run govdisclosure's ratio benchmarks.")
    parser.add_argument(
        "--only", default=",".join(GROUPS), help=f"comma-separated groups: {', '.join(GROUPS)}"
    )
    parser.add_argument(
        "--no-fail", action="store_true", help="exit 0 even when a target is missed"
    )
    parser.add_argument(
        "--quick", action="store_true", help="fewer rounds and reports: a smoke run, noisier"
    )
    parser.add_argument("--files", type=int, default=2000, help="files in the batch folder")
    args = parser.parse_args(argv)
    groups = [group.strip() for group in args.only.split(",") if group.strip()]
    unknown = sorted(set(groups) - set(GROUPS))
    if unknown:
        parser.error(f"unknown group(s): {', '.join(unknown)}")
    options = (
        Options(
            rounds=5,
            batch_seconds=0.01,
            reports=10,
            files=args.files,
            batch_rounds=1,
            flat=1_000,
            parquet=100,
        )
        if args.quick
        else Options(rounds=15, batch_seconds=0.02, reports=60, files=args.files, batch_rounds=5)
    )
    figures: list[Figure] = []
    loads = []
    for group in (group for group in GROUPS if group in groups):
        start = time.perf_counter()
        loads.append(f"{group} {_load()}")
        figures += _BENCHES[group](options)
        print(f"{group}: {time.perf_counter() - start:.1f} s, {_load()}", file=sys.stderr)
    print(_environment())
    print(f"Machine load when each group started: {'; '.join(loads)}")
    print()
    print(table(figures))
    missed = [figure for figure in figures if figure.met is False]
    if missed and not args.no_fail:
        print(f"{len(missed)} target(s) missed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
