"""Tests for the "at scale" example, examples/dask_corpus.py: checking a corpus on Dask.

The docs page (docs/scale.md) shows that file as it is, so these tests run the code users read.
"""

from __future__ import annotations

import importlib
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from distributed import Client, LocalCluster
from hypothesis import given, settings
from hypothesis import strategies as st

from govdisclosure import text
from govdisclosure.strategies import reports

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "xiangtan-audit-2020.txt"


@pytest.fixture(scope="module")
def dask_corpus() -> Iterator[ModuleType]:
    """The example module, imported as a module (not run as a script) from examples/."""
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(ROOT / "examples"))
        yield importlib.import_module("dask_corpus")


@pytest.fixture(scope="module")
def client(dask_corpus: ModuleType) -> Iterator[Any]:
    """Two one-thread worker processes, sent the example module as docs/scale.md says."""
    # distributed's functions carry no annotations.
    cluster = LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    )
    with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
        client.upload_file(dask_corpus.__file__)
        yield client


def _corpus(directory: Path) -> list[str]:
    """Write five files and return their paths, then the path of a file that does not exist.

    In order: the example as published, a copy cut off in section 三, a copy with an arithmetic
    error, a copy with a blank cell, an empty file.
    """
    source = EXAMPLE.read_text(encoding="utf-8")
    report = text.loads(source)
    broken = report.with_cells({"applications.new_received.natural_person": 2})
    blank = report.with_cells({"applications.carried_forward.natural_person": None})
    files = {"clean.txt": source, "cut.txt": "\n".join(source.split("\n")[:112])}
    files |= {"broken.txt": text.dumps(broken), "blank.txt": text.dumps(blank), "empty.txt": ""}
    for name, content in files.items():
        (directory / name).write_text(content, encoding="utf-8")
    return [str(directory / name) for name in [*files, "missing.txt"]]


def test_check_corpus_summarizes_every_file_in_order(
    dask_corpus: ModuleType, client: Any, tmp_path: Path
) -> None:
    """Each file comes back summarized, in order, with failures, blanks and unreadable files."""
    paths = _corpus(tmp_path)
    clean, cut, broken, blank, empty, missing = paths
    summary = dask_corpus.Summary
    organ = "湘潭县审计局"
    expected = [
        summary(clean, organ, 2020),
        summary(cut, organ, 2020, problems=5, failed=("missing-table",)),
        summary(broken, organ, 2020, failed=("row-total", "balance")),
        summary(blank, organ, 2020, not_assessable=2),
        summary(empty, error="no report found"),
        summary(missing, error="cannot read: No such file or directory"),
    ]
    assert expected == dask_corpus.check_corpus(client, paths, batch=4)


# Each example is a round trip through the cluster (~0.2 s): 25 keep the thorough profile quick,
# and the law holds for any list of files, so more examples add little.
@settings(max_examples=25)
@given(
    documents=st.lists(reports().map(text.dumps), max_size=6),
    batch=st.integers(1, 4),
)
def test_check_corpus_equals_summarizing_in_one_process(
    dask_corpus: ModuleType, client: Any, documents: list[str], batch: int
) -> None:
    """Whatever the batch size, the cluster returns what summarizing file by file returns."""
    with tempfile.TemporaryDirectory() as directory:
        paths = []
        for number, document in enumerate(documents):
            path = Path(directory) / f"{number}.txt"
            path.write_text(document, encoding="utf-8")
            paths.append(str(path))
        expected = [dask_corpus.summarize(path) for path in paths]
        assert expected == dask_corpus.check_corpus(client, paths, batch=batch)


def test_main_checks_a_directory_on_its_own_cluster(
    dask_corpus: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command starts a local cluster, prints the totals and exits 1 when anything is found."""
    empty = _corpus(tmp_path)[4]
    assert 1 == dask_corpus.main([str(tmp_path), "--workers", "2"])
    head = "5 file(s): 4 read, 1 unreadable; 3 failed check(s), 2 not assessable, "
    expected = [
        head + "5 reading problem(s)",
        "  balance: 1",
        "  missing-table: 1",
        "  row-total: 1",
        f"  unreadable {empty}: no report found",
    ]
    assert expected == capsys.readouterr().out.splitlines()
