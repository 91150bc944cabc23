"""The process pool behind `parallel.ordered_map`: replaced when one of its processes dies,
its workers tied to their parent's life. Imported only when a run asks for more than one job.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Generic, TypeVar

PR_SET_PDEATHSIG = 1  # linux/prctl.h
T = TypeVar("T")
R = TypeVar("R")


class Task(Generic[T, R]):
    """A batch of items and the future of their results."""

    def __init__(self, batch: list[T], future: Future[list[R]]) -> None:
        self.batch, self.future = batch, future


class Workers:
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


def collect(workers: Workers, fn: Callable[[T], R], pending: deque[Task[T, R]],
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
