"""A worker pool that survives its workers: results in order, in a bounded buffer, as they come.

`concurrent.futures` ends the whole run when one worker dies (``BrokenProcessPool``). Here each
worker has its own pipe and takes one file at a time, so a dead worker (out of memory, killed)
costs only its file: a new worker takes its place and the file is tried once more, then
reported. A task yields its results one by one and the worker sends each as it comes, so a
file holding thousands of reports (a corpus CSV) streams too. At most ``window`` files are
given out ahead of the first one not yet finished, so memory stays flat however many there are.
Workers ignore SIGINT (the parent decides) and leave when the parent's end of the pipe closes,
so no worker outlives its parent.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import multiprocessing.connection
import signal
import sys
import threading
from collections.abc import Callable, Generator, Iterable, Iterator
from typing import Any, TypeVar

_log = logging.getLogger("govdisclosure.corpus")
_I = TypeVar("_I")

Task = Callable[[Any, Any], Iterable[Any]]
"""A task: (input, options) -> the results for that input, yielded one by one."""

Failed = Callable[[Any, str], Any]
"""Makes the result standing for an input whose task raised or whose worker died, from why."""


def run(
    task: Task,
    items: Iterable[_I],
    options: Any,
    *,
    jobs: int,
    failed: Failed,
    window: int | None = None,
) -> Generator[Any, None, None]:
    """Yield the results of `task` over `items`, in order, in `jobs` worker processes.

    With ``jobs == 1`` everything runs here, one item at a time. An exception in a task ends
    that item's results with ``failed(item, reason)``, never the run.
    """
    if jobs <= 1:
        for item in items:
            yield from _guarded(task, item, options, failed)
        return
    yield from _Pool(task, options, jobs, failed, window or jobs * 4).run(iter(items))


def _guarded(task: Task, item: Any, options: Any, failed: Failed) -> Iterator[Any]:
    try:
        yield from task(item, options)
    except Exception as error:  # noqa: BLE001 - one input's failure is that input's result
        yield failed(item, _reason(error))


def _reason(error: BaseException) -> str:
    text = str(error).splitlines()[0] if str(error) else ""
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _context() -> multiprocessing.context.BaseContext:
    """Return how workers start: fork where it is safe, else a fork server, else spawn.

    Forking is fast, and scripts need no ``if __name__ == "__main__"`` guard; it is unsafe on
    macOS and beside other threads (Python 3.12 warns), where the fork server (POSIX) or spawn
    (Windows) start workers that import govdisclosure afresh.
    """
    methods = multiprocessing.get_all_start_methods()
    if sys.platform != "darwin" and "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:  # pragma: no cover - a program with threads
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")  # pragma: no cover - Windows


_HELD = {signal.SIGINT, signal.SIGTERM}


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM while the block runs (where signal masks exist)."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _work(
    connection: multiprocessing.connection.Connection,
    task: Task,
    options: Any,
    inherited: list[multiprocessing.connection.Connection],
) -> None:
    """A worker's loop: take an (index, item), send each result, then ``done``; stop at None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)
    # A forked worker holds copies of the parent's ends of every pipe: closed, so that each
    # worker sees its pipe end (and leaves) when the parent goes, however it goes.
    for other in inherited:
        other.close()
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return  # the parent has gone
        if message is None:
            return
        index, item = message
        try:
            for result in task(item, options):
                connection.send(("result", index, result))
        except Exception as error:  # noqa: BLE001 - reported as this item's failure
            connection.send(("failed", index, _reason(error)))
        connection.send(("done", index, None))


class _Worker:
    def __init__(
        self,
        context: Any,
        task: Task,
        options: Any,
        others: list[multiprocessing.connection.Connection],
    ) -> None:
        ours, theirs = context.Pipe(duplex=True)
        self.connection: multiprocessing.connection.Connection = ours
        inherited = [ours, *others] if context.get_start_method() == "fork" else []
        self.process = context.Process(
            target=_work, args=(theirs, task, options, inherited), daemon=True
        )
        # A signal handler that raises (the CLI's, on SIGTERM) must not run inside fork(): an
        # exception in fork's own callbacks is ignored, and the run would go on. Held until the
        # worker has started, the signal then arrives in ordinary code.
        with _signals_held():
            self.process.start()
        theirs.close()
        self.index: int | None = None
        """The item this worker is on, if any."""

    def stop(self, *, wait: float) -> None:
        with contextlib.suppress(OSError):  # already gone
            self.connection.send(None)
        self.process.join(wait)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.connection.close()


class _Slot:
    """An item given out: its results so far, whether done, and how many workers died on it."""

    __slots__ = ("deaths", "done", "item", "results", "skip", "yielded")

    def __init__(self, item: Any) -> None:
        self.item = item
        self.results: list[Any] = []
        self.done = False
        self.deaths = 0
        self.yielded = 0
        """Results already yielded (the first item's are yielded as they come)."""
        self.skip = 0
        """Results of a retry to drop: a dead worker's that were yielded already."""


class _Pool:
    def __init__(self, task: Task, options: Any, jobs: int, failed: Failed, window: int) -> None:
        self.task, self.options, self.failed = task, options, failed
        self.jobs, self.window = jobs, max(window, jobs)
        self.context = _context()
        self.workers: list[_Worker] = []
        self.slots: dict[int, _Slot] = {}
        self.waiting: list[int] = []
        """Items given out but on no worker: new, or retried after a worker died."""

    def run(self, items: Iterator[Any]) -> Iterator[Any]:
        try:
            for _ in range(self.jobs):
                self.workers.append(self._start())
            yield from self._loop(items)
        finally:
            self._close()

    def _start(self) -> _Worker:
        others = [worker.connection for worker in self.workers if not worker.connection.closed]
        return _Worker(self.context, self.task, self.options, others)

    def _loop(self, items: Iterator[Any]) -> Iterator[Any]:
        first = 0  # the first item not yet finished: its results are yielded as they come
        given = 0
        exhausted = False
        while True:
            while not exhausted and given < first + self.window:
                item = next(items, _END)
                if item is _END:
                    exhausted = True
                    break
                self.slots[given] = _Slot(item)
                self.waiting.append(given)
                given += 1
            self._dispatch()
            head = self.slots.get(first)
            if head is not None:
                results, head.results = head.results, []
                head.yielded += len(results)
                yield from results
                if head.done:
                    del self.slots[first]
                    first += 1
                    continue
            elif exhausted:
                return
            self._receive()

    def _dispatch(self) -> None:
        for number, worker in enumerate(self.workers):
            if worker.index is None and self.waiting:
                index = self.waiting[0]
                try:
                    worker.connection.send((index, self.slots[index].item))
                except OSError:  # it died between two files: its successor takes the file
                    self._replace(worker)
                    worker = self.workers[number]  # noqa: PLW2901
                    worker.connection.send((index, self.slots[index].item))
                self.waiting.pop(0)
                worker.index = index

    def _receive(self) -> None:
        """Wait for a message or a dead worker, and take in everything that is ready."""
        busy = [worker for worker in self.workers if worker.index is not None]
        watched: list[Any] = [w.connection for w in busy] + [w.process.sentinel for w in busy]
        ready = set(multiprocessing.connection.wait(watched))
        for worker in busy:
            if worker.connection in ready:
                self._take(worker)
            elif worker.process.sentinel in ready:
                self._replace(worker)

    def _take(self, worker: _Worker) -> None:
        try:
            while worker.connection.poll():
                kind, index, payload = worker.connection.recv()
                slot = self.slots[index]
                if kind == "result" and slot.skip:
                    slot.skip -= 1
                elif kind == "result":
                    slot.results.append(payload)
                elif kind == "failed":
                    slot.results.append(self.failed(slot.item, payload))
                else:
                    slot.done = True
                    worker.index = None
                    return
        except (EOFError, OSError):
            self._replace(worker)

    def _replace(self, worker: _Worker) -> None:
        """A worker died on its item: start another; try the item once more, then report it."""
        index = worker.index
        worker.process.join()
        code = worker.process.exitcode
        worker.connection.close()
        self.workers[self.workers.index(worker)] = self._start()
        how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit {code}"
        if index is None:  # pragma: no cover - found dead between two files
            _log.warning("a worker died (%s) between files: replaced", how)
            return
        slot = self.slots[index]
        slot.deaths += 1
        slot.results = []  # what it sent before dying comes again on the retry
        slot.skip = slot.yielded
        if slot.deaths == 1:
            _log.warning("a worker died (%s) reading %s: trying it again", how, slot.item)
            self.waiting.insert(0, index)
            return
        slot.results = [self.failed(slot.item, f"the worker reading it died twice ({how})")]
        slot.done = True

    def _close(self) -> None:
        for worker in self.workers:
            worker.stop(wait=0 if worker.index is not None else 1)
        self.workers = []


_END: Any = object()
