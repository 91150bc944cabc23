"""Map a function over a stream in worker processes, in order, with bounded memory.

`Pool.imap` reads its whole input into the task queue as fast as it can; for a corpus that
is the corpus in memory. `ordered_map` keeps at most `window` chunks in flight instead, and
survives a worker process that dies (a crash in a C library, the out-of-memory killer).
"""
from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

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
                on_crash: Callable[[T], R] | None = None,
                prepare: Callable[[], None] | None = None) -> Iterator[R]:
    """`fn(item)` for each of `items`, yielded in the order of `items`.

    jobs <= 1 runs in this process. Otherwise `jobs` worker processes (forked where the
    platform can, so what this process built is shared; spawned elsewhere) receive `chunk`
    items per task, with at most `window` tasks (default 4 per process) queued or running:
    memory holds about `chunk * window` items and results, whatever the length of `items`.
    `fn` and the items must be picklable; `initializer(*initargs)` runs once in each worker
    process (not when jobs <= 1). When a worker process dies, the pool is restarted and the
    items of the lost tasks are retried one by one; an item that kills its worker again gets
    `on_crash(item)` as its result (without `on_crash`, BrokenProcessPool is raised).
    `prepare()` runs once in this process before the workers start (when jobs > 1): what each
    would otherwise do alike, done once and shared by the fork.
    """
    if jobs <= 1:
        yield from map(fn, items)
        return
    from .workers import Task, Workers, collect  # the process pool's modules load only for one

    window = window or 4 * jobs
    if prepare is not None:
        prepare()
    workers = Workers(jobs, initializer, initargs)
    pending: deque[Task[T, R]] = deque()
    try:
        stream = iter(items)
        while batch := list(islice(stream, chunk)):
            pending.append(Task(batch, workers.submit(fn, batch)))
            if len(pending) >= window:
                yield from collect(workers, fn, pending, on_crash)
        while pending:
            yield from collect(workers, fn, pending, on_crash)
    finally:
        workers.executor.shutdown(wait=True, cancel_futures=True)


