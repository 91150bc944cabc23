"""Map a function over a stream in worker processes, in order, with bounded memory.

`Pool.imap` reads its whole input into the task queue as fast as it can; for a corpus that
is the corpus in memory. `ordered_map` keeps at most `window` chunks in flight instead.
"""
from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from multiprocessing.pool import AsyncResult
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
                chunk: int = 8, window: int | None = None) -> Iterator[R]:
    """`fn(item)` for each of `items`, yielded in the order of `items`.

    jobs <= 1 runs in this process. Otherwise a pool of `jobs` processes (fork where the
    platform has it, so the pipeline built here is shared; spawn elsewhere) receives `chunk`
    items per task, with at most `window` tasks (default 4 per process) queued or running:
    memory holds about `chunk * window` items and results, whatever the length of `items`.
    `fn` and the items must be picklable; `initializer(*initargs)` runs once in each worker
    process (not when jobs <= 1).
    """
    if jobs <= 1:
        yield from map(fn, items)
        return
    window = window or 4 * jobs
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with multiprocessing.get_context(method).Pool(jobs, initializer, initargs) as pool:
        pending: deque[AsyncResult[list[R]]] = deque()
        stream = iter(items)
        while batch := list(islice(stream, chunk)):
            pending.append(pool.apply_async(_apply, (fn, batch)))
            if len(pending) >= window:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def _apply(fn: Callable[[T], R], batch: list[T]) -> list[R]:
    return [fn(item) for item in batch]
