"""Check a corpus of text reports on a Dask cluster and add up what was found.

On one machine, a local cluster with a worker process per core::

    python dask_corpus.py reports/

On a cluster you already run, by its scheduler's address::

    python dask_corpus.py reports/ --scheduler tcp://10.0.0.5:8786

Every worker needs govdisclosure installed and must see the files (a shared file system).
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from dask.distributed import Client, LocalCluster

from govdisclosure import checks, text


class Summary(NamedTuple):
    """What one file held: small enough to send back from a worker by the hundred thousand."""

    file: str
    organ: str | None = None
    year: int | None = None
    problems: int = 0
    """What the reader could not read (rows cut off, ambiguous rows…)."""
    failed: tuple[str, ...] = ()
    """The rule of each failed check, in the order the checks report them."""
    not_assessable: int = 0
    """Checks that could not be made because a cell is blank or a marker."""
    error: str | None = None
    """Why the file holds no report at all, or None."""


def summarize(path: str) -> Summary:
    """Read one text report and check it; never raise, so one bad file never stops the run."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        return Summary(path, error=f"cannot read: {error.strerror or error}")
    result = text.parse(data)  # lenient: never raises
    report = result.report
    if not (report.title or report.sections or report.applications or report.proactive):
        return Summary(path, error="no report found")
    findings = checks.check(report)  # never raises
    failed = tuple(f.rule for f in findings if f.status is checks.Status.FAIL)
    return Summary(
        path,
        report.organ,
        report.year,
        len(result.problems),
        failed,
        len(findings) - len(failed),
    )


def summarize_batch(paths: Sequence[str]) -> list[Summary]:
    """Summarize several files in one task, so the scheduler tracks one task per batch."""
    return [summarize(path) for path in paths]


def check_corpus(client: Client, paths: Sequence[str], *, batch: int = 100) -> list[Summary]:
    """Summarize every file on the cluster behind `client`; return the summaries in order."""
    batches = [list(paths[i : i + batch]) for i in range(0, len(paths), batch)]
    # Not pure: a file may change between two runs, so Dask must not reuse an earlier result.
    futures = client.map(summarize_batch, batches, pure=False)
    return [summary for part in client.gather(futures) for summary in part]


def totals(summaries: Sequence[Summary]) -> str:
    """Describe the run: reports read, failed checks by rule, and each unreadable file."""
    unreadable = [s for s in summaries if s.error is not None]
    by_rule = Counter(rule for s in summaries for rule in s.failed)
    head = (
        f"{len(summaries)} file(s): {len(summaries) - len(unreadable)} read, "
        f"{len(unreadable)} unreadable; {by_rule.total()} failed check(s), "
        f"{sum(s.not_assessable for s in summaries)} not assessable, "
        f"{sum(s.problems for s in summaries)} reading problem(s)"
    )
    lines = [
        head,
        *(f"  {rule}: {count}" for rule, count in sorted(by_rule.items())),
        *(f"  unreadable {s.file}: {s.error}" for s in unreadable),
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Check every ``.txt`` file under a directory; return 1 if anything was found, else 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--scheduler", help="address of a running Dask scheduler")
    parser.add_argument("--workers", type=int, help="local worker processes (default: cores)")
    args = parser.parse_args(argv)
    paths = sorted(str(path) for path in args.directory.rglob("*.txt"))
    if args.scheduler:
        with Client(args.scheduler) as client:
            summaries = check_corpus(client, paths)
    else:
        # One thread per worker: parsing is pure Python and holds the GIL.
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, dashboard_address=":0")
        with cluster, Client(cluster) as client:
            summaries = check_corpus(client, paths)
    print(totals(summaries))
    found = any(s.error or s.failed or s.problems for s in summaries)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
