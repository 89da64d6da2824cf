"""Batch throughput: ``govdisclosure check DIR -j N`` over a folder of generated reports.

The command runs as a user types it (text output, as a new process), so the figure includes
starting Python, finding the files, the workers, and printing.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

from govdisclosure import Report, text
from govdisclosure import csv as report_csv
from govdisclosure import json as report_json

try:
    from govdisclosure import html as report_html
except ImportError:  # without lxml the folder holds no HTML pages
    report_html = None  # type: ignore[assignment]


def _renderings() -> list[tuple[str, Any]]:
    writers: list[tuple[str, Any]] = [
        (".txt", text.dumps),
        (".json", report_json.dumps),
        (".csv", report_csv.dumps),
        (".txt", lambda report: text.dumps(report, style="lines")),
    ]
    if report_html is not None:
        writers.append((".html", report_html.dumps))
    return writers


def _variant(report: Report, number: int) -> Report:
    """The report with its narrative made unique to file `number` (its findings unchanged)."""
    sections = tuple(
        attrs.evolve(section, text=f"{number}. {section.text}" if section.text else section.text)
        for section in report.sections
    )
    return attrs.evolve(report, sections=sections)


def write_folder(folder: Path, reports: Sequence[Report], count: int) -> dict[str, int]:
    """Write `count` report files in `folder`, the formats in turn; return files per suffix."""
    writers = _renderings()
    written: dict[str, int] = {}
    for number in range(count):
        suffix, write = writers[number % len(writers)]
        report = _variant(reports[number % len(reports)], number)
        path = folder / f"{number:05d}{suffix}"
        path.write_text(write(report), encoding="utf-8", newline="")
        written[suffix] = written.get(suffix, 0) + 1
    return written


def run_check(folder: Path, jobs: int, output: Path) -> tuple[float, float]:
    """Run the command line as a user would, as a new process.

    Returns the wall-clock seconds and the CPU seconds (user and system) of the process and its
    workers: when -j 2 is not twice as fast, the CPU time says whether the work grew (overhead
    of the workers) or the machine did not give the second core.
    """
    command = [
        sys.executable,
        "-m",
        "govdisclosure",
        "check",
        str(folder),
        "-j",
        str(jobs),
    ]
    with output.open("w", encoding="utf-8") as out:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(command, stdout=out, stderr=subprocess.PIPE, check=False)  # noqa: S603
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in {0, 1}:
        msg = f"govdisclosure check -j {jobs} exited {done.returncode}: {done.stderr.decode()}"
        raise RuntimeError(msg)
    return elapsed, cpu


_SPIN = "sum(range(30_000_000))"
"""About a second of pure CPU work for one Python process, nothing shared."""


def machine_speedup() -> float:
    """Return how much faster two CPU-bound processes finish than one after the other, now.

    On an idle two-core machine this is about 2; when other work holds a core it drops towards
    1, and no ``-j 2`` can do better than it. Measured next to each batch round as its context.
    """
    command = [sys.executable, "-c", _SPIN]
    start = time.perf_counter()
    subprocess.run(command, check=True)  # noqa: S603
    one = time.perf_counter() - start
    start = time.perf_counter()
    both = [subprocess.Popen(command) for _ in range(2)]  # noqa: S603
    for process in both:
        process.wait()
    two = time.perf_counter() - start
    return 2 * one / two


def read_output(output: Path) -> str:
    """What a run printed: each failed check, then the summary."""
    return output.read_text(encoding="utf-8")
