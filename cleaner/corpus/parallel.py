"""Map a function over a stream in worker processes, in order, with bounded memory.

`Pool.imap` reads its whole input into the task queue as fast as it can; for a corpus that
is the corpus in memory. `ordered_map` keeps at most `window` chunks in flight instead, and
survives a worker process that dies (a crash in a C library, the out-of-memory killer).
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Any, Generic, TypeVar

PR_SET_PDEATHSIG = 1  # linux/prctl.h
T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def ordered_map(fn: Callable[[T], R], items: Iterable[T], *, jobs: int,
                initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = (),
                chunk: int = 8, window: int | None = None,
                on_crash: Callable[[T], R] | None = None) -> Iterator[R]:
    """`fn(item)` for each of `items`, yielded in the order of `items`.

    jobs <= 1 runs in this process. Otherwise `jobs` worker processes (forked where the
    platform can, so what this process built is shared; spawned elsewhere) receive `chunk`
    items per task, with at most `window` tasks (default 4 per process) queued or running:
    memory holds about `chunk * window` items and results, whatever the length of `items`.
    `fn` and the items must be picklable; `initializer(*initargs)` runs once in each worker
    process (not when jobs <= 1). When a worker process dies, the pool is restarted and the
    items of the lost tasks are retried one by one; an item that kills its worker again gets
    `on_crash(item)` as its result (without `on_crash`, BrokenProcessPool is raised).
    """
    if jobs <= 1:
        yield from map(fn, items)
        return
    window = window or 4 * jobs
    workers = _Workers(jobs, initializer, initargs)
    pending: deque[_Task[T, R]] = deque()
    try:
        stream = iter(items)
        while batch := list(islice(stream, chunk)):
            pending.append(_Task(batch, workers.submit(fn, batch)))
            if len(pending) >= window:
                yield from _collect(workers, fn, pending, on_crash)
        while pending:
            yield from _collect(workers, fn, pending, on_crash)
    finally:
        workers.executor.shutdown(wait=True, cancel_futures=True)


class _Task(Generic[T, R]):
    def __init__(self, batch: list[T], future: Future[list[R]]) -> None:
        self.batch, self.future = batch, future


class _Workers:
    """A process pool that can be replaced when one of its processes dies."""

    def __init__(self, jobs: int, initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        self._args = dict(max_workers=jobs, mp_context=multiprocessing.get_context(method),
                          initializer=_start_worker, initargs=(os.getpid(), initializer, initargs))
        self.executor = ProcessPoolExecutor(**self._args)
        self.broken = False

    def submit(self, fn: Callable[[T], R], batch: list[T]) -> Future[list[R]]:
        """The future of `fn` over `batch`; a future failed with BrokenProcessPool when a worker
        died since the pool was made (the caller sees it where it collects, in order)."""
        try:
            return self.executor.submit(_apply, fn, batch)
        except BrokenProcessPool as exc:
            self.broken = True
            failed: Future[list[R]] = Future()
            failed.set_exception(exc)
            return failed

    def restart(self) -> None:
        """A fresh pool in place of a broken one (no-op while the pool works)."""
        if self.broken:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = ProcessPoolExecutor(**self._args)
            self.broken = False


def _collect(workers: _Workers, fn: Callable[[T], R], pending: deque[_Task[T, R]],
             on_crash: Callable[[T], R] | None) -> list[R]:
    """The results of the oldest task. When the pool broke, every task in it is lost: the
    oldest one's items are retried one at a time, each alone in the pool, so an item that
    kills its worker again is the one blamed; then the other pending tasks are submitted again."""
    head = pending.popleft()
    try:
        return head.future.result()
    except BrokenProcessPool:
        if on_crash is None:
            raise
        workers.broken = True
    results: list[R] = []
    for item in head.batch:
        workers.restart()
        try:
            results += workers.submit(fn, [item]).result()
        except BrokenProcessPool:
            workers.broken = True
            results.append(on_crash(item))
    workers.restart()
    for task in pending:
        task.future = workers.submit(fn, task.batch)
    return results


def _start_worker(parent: int, initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    """Tie this worker's life to its parent's, then run the caller's initializer.

    A worker blocked on the task queue would outlive a parent killed with `kill -9` (it
    holds the queue's write end itself, so it never sees end-of-file) and go on writing
    outputs beside the next run. On Linux the kernel sends it SIGKILL when the parent dies."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: orphans finish their task and stop there
        pass
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)
    if initializer is not None:
        initializer(*initargs)


def _apply(fn: Callable[[T], R], batch: list[T]) -> list[R]:
    return [fn(item) for item in batch]
