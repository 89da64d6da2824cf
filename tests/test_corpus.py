"""Tests for govdisclosure.corpus: read any format, read_all folders, the pool that survives."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from govdisclosure import Report, corpus, html, text
from govdisclosure import csv as gdcsv
from govdisclosure import json as gjson
from govdisclosure.corpus import _files, _pool

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "xiangtan-audit-2020.txt"
REPORT = text.loads(EXAMPLE.read_bytes())
WRITERS = {
    "text": lambda r: text.dumps(r).encode(),
    "json": lambda r: gjson.dumps(r).encode(),
    "csv": lambda r: gdcsv.dumps(r).encode(),
    "html": lambda r: html.dumps(r).encode(),
}


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_read_detects_every_format_from_content_and_extension(fmt: str, tmp_path: Path) -> None:
    """Each format is read from bytes (by content) and from a path (by extension) alike."""
    data = WRITERS[fmt](REPORT)
    assert fmt == corpus.detect_format(data)
    assert REPORT == corpus.read(data).report
    path = tmp_path / f"report{'.txt' if fmt == 'text' else '.' + fmt}"
    path.write_bytes(data)
    assert (REPORT, ()) == (corpus.read(path).report, corpus.read(path).problems)


def test_read_takes_a_forced_format_and_refuses_an_unknown_one(tmp_path: Path) -> None:
    """``format=`` overrides the extension; an unknown format is a ValueError."""
    path = tmp_path / "report.data"
    path.write_bytes(gjson.dumps(REPORT).encode())
    assert REPORT == corpus.read(path, format="json").report
    with pytest.raises(ValueError, match="format must be one of"):
        corpus.read(path, format="pdfx")


def test_read_is_lenient_for_json() -> None:
    """A JSON document with one bad cell gives the rest of the report and the problem."""
    document = gjson.dumps(REPORT).replace('"natural_person": 0', '"natural_person": true', 1)
    result = corpus.read(document.encode())
    (problem,) = result.problems
    assert "$.applications.new_received.natural_person" == problem.path
    assert REPORT.with_cells({"applications.new_received.natural_person": None}) == result.report


def test_read_of_a_corpus_gives_the_first_report_and_says_how_many() -> None:
    """A corpus CSV of two reports read as one gives the first, with a report-count problem."""
    result = corpus.read(gdcsv.dumps_corpus([REPORT, Report()]).encode())
    assert REPORT == result.report
    assert ["report-count"] == [problem.kind for problem in result.problems]


def test_read_all_streams_items_in_order_with_one_or_two_jobs(tmp_path: Path) -> None:
    """read_all yields one item per report, in input order, the same with one or two jobs."""
    for number, fmt in enumerate(sorted(WRITERS)):
        suffix = ".txt" if fmt == "text" else f".{fmt}"
        (tmp_path / f"{number}{suffix}").write_bytes(WRITERS[fmt](REPORT))
    (tmp_path / "corpus.csv").write_text(gdcsv.dumps_corpus({"x": REPORT, "y": REPORT}), "utf-8")
    (tmp_path / "nothing.txt").write_text("\n", encoding="utf-8")
    one = list(corpus.read_all([tmp_path], jobs=1))
    two = list(corpus.read_all([str(tmp_path)], jobs=2))
    assert one == two
    names = [Path(item.source).name for item in one]
    assert ["0.csv", "1.html", "2.json", "3.txt", "corpus.csv#x", "corpus.csv#y"] == names[:6]
    assert [REPORT] * 6 == [item.result.report for item in one[:6]]
    assert ["nothing.txt"] == [Path(item.source).name for item in one if item.error]


def test_read_all_refuses_bad_arguments() -> None:
    """Jobs below 1 and unknown formats are ValueErrors, raised before anything is read."""
    with pytest.raises(ValueError, match="jobs"):
        next(corpus.read_all(["."], jobs=0))
    with pytest.raises(ValueError, match="format"):
        next(corpus.read_all(["."], format="doc"))


def _inputs(folder: Path, count: int) -> list[_files.Input]:
    """`count` copies of the example; the fourth long, so that a kill lands while it is read."""
    for number in range(count):
        (folder / f"{number:02d}.txt").write_bytes(EXAMPLE.read_bytes())
    long = EXAMPLE.read_text(encoding="utf-8") + "本年度无其他情况。\n" * 100_000
    (folder / "03.txt").write_text(long, encoding="utf-8")
    return list(corpus._inputs([folder]))


class _Killing(_pool._Pool):
    """A pool that kills the worker given item `target`, `times` times, right after giving it."""

    def __init__(self, *args: Any, target: int, times: int) -> None:
        super().__init__(*args)
        self.target, self.times = target, times
        self.killed: set[int | None] = set()

    def _dispatch(self) -> None:
        super()._dispatch()
        for worker in self.workers:
            alive = worker.process.pid not in self.killed
            if worker.index == self.target and self.times and alive:
                self.times -= 1
                self.killed.add(worker.process.pid)
                worker.process.kill()


def _run_killing(found: list[_files.Input], *, times: int) -> list[corpus.Item]:
    pool = _Killing(corpus._read_input, None, 2, corpus._failed, 4, target=3, times=times)
    results: Iterator[corpus.Item] = pool.run(iter(found))
    return list(results)


def test_a_dead_worker_is_replaced_and_its_file_read_again(tmp_path: Path) -> None:
    """A worker killed on a file: a new worker reads it; the items are those of one process."""
    found = _inputs(tmp_path, 8)
    expected = list(corpus.read_all([tmp_path], jobs=1))
    assert expected == _run_killing(found, times=1)


def test_a_file_whose_worker_dies_twice_is_reported(tmp_path: Path) -> None:
    """A file two workers died on is an unreadable item saying so; every other file is read."""
    found = _inputs(tmp_path, 8)
    items = _run_killing(found, times=2)
    assert [item.path.name for item in found] == [Path(item.file).name for item in items]
    assert [3] == [n for n, item in enumerate(items) if item.error is not None]
    reason = f"killed by signal {signal.SIGKILL.value}"
    assert f"failed while reading: the worker reading it died twice ({reason})" == items[3].error


def _explode(item: int, _options: None) -> Iterator[int]:
    yield item
    if item % 3 == 0:
        raise ValueError(item)


def test_a_task_that_raises_ends_only_its_own_results() -> None:
    """An exception in a task becomes that item's last result, in order, with and without jobs."""
    expected = [
        result
        for item in range(7)
        for result in ([item, f"{item}: ValueError: {item}"] if item % 3 == 0 else [item])
    ]

    def failed(item: int, reason: str) -> str:
        return f"{item}: {reason}"

    assert expected == list(_pool.run(_explode, range(7), None, jobs=1, failed=failed))
