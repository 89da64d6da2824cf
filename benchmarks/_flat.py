"""Flat memory: peak RSS of a run over N reports against the same run over N / 10.

Each run is a new Python process, so its peak resident set size (``ru_maxrss``) is its own: the
parent's (where results are printed or collected) and the largest of its workers', when it has
any. Streaming code keeps both flat; code that keeps something per report grows with N.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import _batch
import attrs

from govdisclosure import Report
from govdisclosure import csv as report_csv

_MEASURE = """
import resource, sys, json
{setup}
{run}
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps([own, workers]))
"""

RUNS = {
    "read_all": (
        "from govdisclosure import corpus",
        "for item in corpus.read_all([sys.argv[1]]): pass",
    ),
    "check DIR -j 2": (
        "import io, contextlib\nfrom govdisclosure.cli import main",
        (
            "with open('/dev/null', 'w') as out, contextlib.redirect_stdout(out):\n"
            "    main(['check', sys.argv[1], '-j', '2'])"
        ),
    ),
    "csv.iter_corpus": (
        "from govdisclosure import csv",
        "with open(sys.argv[1], 'rb') as fp:\n    for _ in csv.iter_corpus(fp): pass",
    ),
}
"""What is measured: (imports, the run over the path in argv[1])."""


@dataclass(frozen=True)
class Peak:
    """The peak resident set sizes of one run, in KiB, and its wall-clock time."""

    own: int
    workers: int
    seconds: float


def measure(run: str, path: Path) -> Peak:
    """Run `run` (a key of RUNS) over `path` in a new process; return its peaks."""
    setup, body = RUNS[run]
    code = _MEASURE.format(setup=setup, run=body)
    start = time.perf_counter()
    done = subprocess.run(  # noqa: S603 - this interpreter, our own code
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        msg = f"{run} over {path} failed: {done.stderr[-2000:]}"
        raise RuntimeError(msg)
    own, workers = json.loads(done.stdout.splitlines()[-1])
    return Peak(own, workers, seconds)


def _variants(reports: Sequence[Report], count: int) -> Iterator[tuple[str, Report]]:
    for number in range(count):
        report = reports[number % len(reports)]
        yield f"r{number:06d}", attrs.evolve(report, organ=f"{report.organ or ''}{number}")


def write_corpus(path: Path, reports: Sequence[Report], count: int) -> None:
    """Write a corpus CSV of `count` reports, streaming (the writer keeps nothing either)."""
    with path.open("w", encoding="utf-8", newline="") as fp:
        report_csv.dump_corpus(dict(itertools.islice(_variants(reports, count), 0)), fp)
    with path.open("a", encoding="utf-8", newline="") as fp:
        for report_id, report in _variants(reports, count):
            fp.write(report_csv._tidy.report_text(report_id, report, excel=False))  # noqa: SLF001


def write_folder(folder: Path, reports: Sequence[Report], count: int) -> None:
    """Write `count` report files in `folder`, every format in turn."""
    folder.mkdir(parents=True, exist_ok=True)
    _batch.write_folder(folder, reports, count)
