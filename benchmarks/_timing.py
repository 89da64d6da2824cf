"""Paired timing: a subject and its baseline, measured in turns so machine noise hits both.

On a shared two-core machine the load changes from second to second. Timing the subject for a
while and then the baseline for a while would let that drift into the ratio, so each round times
one batch of the baseline and, straight after, one batch of the subject, and the figure is the
median of the per-round ratios. Each batch repeats the call enough times to last a few
milliseconds at least, so the clock's resolution and one-off hiccups do not matter.

The garbage collector stays on (the library allocates many small objects, and collecting them is
part of what a user pays), but each batch starts from a fresh collection.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

_WARMUP = 0.05
"""Seconds spent calling each function before timing: caches, plans and branch predictors."""


@dataclass(frozen=True)
class Paired:
    """The per-call times of a subject and of its baseline, and their ratio."""

    subject: float
    """Median seconds per call of the subject over the rounds."""
    baseline: float
    """Median seconds per call of the baseline over the rounds."""
    subject_best: float
    """The fastest round of the subject, seconds per call."""
    baseline_best: float
    """The fastest round of the baseline, seconds per call."""
    ratio: float
    """Median over the rounds of subject / baseline, each pair measured back to back."""
    ratio_spread: tuple[float, float]
    """The lowest and highest per-round ratio: how much the machine's noise moved it."""
    loops: int
    """Calls of the subject per batch."""


def _batch(function: Callable[[], object], loops: int) -> float:
    gc.collect()
    start = time.perf_counter()
    for _ in range(loops):
        function()
    return time.perf_counter() - start


def _loops_for(function: Callable[[], object], batch_seconds: float) -> int:
    """Return how many calls make a batch of at least `batch_seconds`."""
    loops = 1
    while True:
        elapsed = _batch(function, loops)
        if elapsed >= batch_seconds:
            return loops
        # Grow towards the target without overshooting it by more than about twice.
        loops = max(loops * 2, int(loops * batch_seconds / max(elapsed, 1e-9) * 1.1))


def _warm(function: Callable[[], object]) -> None:
    end = time.perf_counter() + _WARMUP
    function()
    while time.perf_counter() < end:
        function()


def paired(
    subject: Callable[[], object],
    baseline: Callable[[], object],
    *,
    rounds: int = 15,
    batch_seconds: float = 0.02,
) -> Paired:
    """Time `subject` against `baseline`, alternating batches, and return both and their ratio."""
    _warm(baseline)
    _warm(subject)
    subject_loops = _loops_for(subject, batch_seconds)
    baseline_loops = _loops_for(baseline, batch_seconds)
    subject_times: list[float] = []
    baseline_times: list[float] = []
    for _ in range(rounds):
        baseline_times.append(_batch(baseline, baseline_loops) / baseline_loops)
        subject_times.append(_batch(subject, subject_loops) / subject_loops)
    ratios = [s / b for s, b in zip(subject_times, baseline_times, strict=True)]
    return Paired(
        subject=statistics.median(subject_times),
        baseline=statistics.median(baseline_times),
        subject_best=min(subject_times),
        baseline_best=min(baseline_times),
        ratio=statistics.median(ratios),
        ratio_spread=(min(ratios), max(ratios)),
        loops=subject_loops,
    )
