"""The Ray engine: the same per-document functions (`cleaner.corpus.work`) on Ray Data.

Install with `pip install 'cleaner[ray]'` on every node; inputs and the output folder must be
on a path every node sees (the driver passes absolute paths). Workers read the inputs and
write the outputs themselves; results come back to the driver in input order, where they are
reported and recorded in the manifest exactly as with the local engine.
"""
from __future__ import annotations

import logging
import pickle
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any


class EngineError(Exception):
    """The engine cannot run (Ray missing, cluster unreachable); the message says why."""


def connect(address: str | None = None) -> Any:
    """The `ray` module, connected: to the cluster already joined in this process if any,
    else to `address` (None: a cluster found through RAY_ADDRESS, or a new local one)."""
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise EngineError("the ray engine needs Ray Data: pip install 'cleaner[ray]'") from None
    if not ray.is_initialized():
        try:
            ray.init(address=address, include_dashboard=False, logging_level=logging.ERROR,
                     log_to_driver=False)
        except (ConnectionError, RuntimeError, ValueError) as err:
            raise EngineError(f"cannot connect to Ray at {address or 'a local cluster'}: {err}") from None
    return ray


def map_ordered(fn: Callable[[Any], Any], items: Iterable[Any], *, address: str | None = None,
                quiet: bool = False) -> Iterator[Any]:
    """`fn(item)` for each of `items` on Ray Data workers, yielded in the order of `items`.

    `fn` and the items travel pickled (cloudpickle for `fn`), so `cleaner` must be
    importable on every node; each worker process builds the pipeline once and keeps it.
    The items are listed in the driver first (Ray Data's `from_items`): keep them small.
    """
    items = list(items)
    if not items:
        return
    ray = connect(address)
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True
    context.enable_progress_bars = not quiet and sys.stderr.isatty()
    logging.getLogger("ray.data").setLevel(logging.ERROR)
    rows = ray.data.from_items([{"task": pickle.dumps(item)} for item in items])
    for row in rows.map(_Apply(fn)).iter_rows():
        yield pickle.loads(row["result"])


class _Apply:
    """The row function Ray Data runs: unpickle the task, run `fn`, pickle the result."""

    def __init__(self, fn: Callable[[Any], Any]) -> None:
        self.fn = fn

    def __call__(self, row: dict[str, Any]) -> dict[str, Any]:
        return {"result": pickle.dumps(self.fn(pickle.loads(row["task"])))}
