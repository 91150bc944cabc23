"""How the CPU time of some work grows with the size of its input: linear, or worse.

`growth(prepare, n)` times the work on an input of size n and on one of size 4n and gives
the ratio t(4n)/t(n): about 4 for linear work, 16 for quadratic, far more for exponential.
A ratio over LIMIT (10) is called super-linear. To be robust on a loaded machine it uses:
  - CPU time (of the calling thread, `time.thread_time`: the measuring code is single
    threaded), not wall time, so waiting for a core shared with other programs does not
    count. Not `time.process_time`: on this project's machines the process clock falls
    to 4 ms steps while an ITIMER_PROF timer (the budget below) is armed, and for a while
    after, which made 256 short calls measure 0 s; the thread clock stays exact;
  - enough calls per measurement that one measurement takes at least `min_time` seconds;
  - rounds of one measurement at n and one at 4n, next to each other in time, and the
    median of the rounds' ratios: CPU time is not immune to load (a busy sibling
    hyperthread or cache slows every instruction, 1.8x seen on a loaded machine), and the
    minimum of each size over rounds once mixed a slow t(n) with a fast t(4n), giving 9
    for a quadratic pattern. One round is enough when its ratio is clearly linear (CALM or
    under); otherwise rounds go on (at most `rounds`) until 3 or more agree on a median
    over LIMIT or one at CALM or under;
  - a CPU-time budget on the 4n measurement (SIGPROF), so an exponential case is cut off
    once its ratio is known to be over LIMIT instead of running for hours; such a round
    counts as a ratio of CUT, whatever its own t(n) (slowed by load, it once gave 9 for a
    quadratic pattern when the cut-off time was divided by it).

`in_child(module, function, *args)` runs a function in a fresh interpreter (the work tree's
`cleaner` and `tests/` first on the path) and returns its JSON result, with a wall-clock
guard: timings there are not disturbed by the state of the pytest process.
"""
from __future__ import annotations

import json
import math
import os
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LIMIT = 10.0  # t(4n)/t(n) over this is super-linear: linear is ~4, quadratic ~16
CALM = 6.0  # a ratio at or under this is clearly linear: no more rounds needed
CUT = 2 * LIMIT  # the 4n measurement is stopped past CUT * t(n): the ratio is over LIMIT anyway
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

Work = Callable[[], object]


class OverBudget(BaseException):
    """The work used more CPU time than it was allowed (a BaseException, so that an
    `except Exception` in the code measured cannot swallow it)."""


@contextmanager
def cpu_budget(seconds: float) -> Iterator[None]:
    """Raise OverBudget in the block once it has used `seconds` of CPU time (main thread only).

    Uses ITIMER_PROF (user + system CPU time of the process), so a loaded machine does not
    make it fire early. A regular expression match checks for signals, so this stops one.
    """
    def on_prof(signum: int, frame: object) -> None:
        raise OverBudget(f"over {seconds:.3g} s of CPU time")

    previous = signal.signal(signal.SIGPROF, on_prof)
    signal.setitimer(signal.ITIMER_PROF, max(seconds, 0.001))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def cpu_seconds(work: Work, calls: int = 1, budget: float | None = None) -> float:
    """CPU seconds used by `calls` calls of work(); math.inf when over `budget` seconds."""
    start = time.thread_time()
    try:
        if budget is None or budget == math.inf:
            for _ in range(calls):
                work()
        else:
            with cpu_budget(budget):
                for _ in range(calls):
                    work()
    except OverBudget:
        return math.inf
    return time.thread_time() - start


def enough_calls(work: Work, min_time: float, calls: int = 1) -> tuple[int, float]:
    """Calls of work() (from a first guess `calls`) that take at least `min_time` CPU
    seconds together, and the CPU seconds they took. One short call is mostly clock noise."""
    spent = cpu_seconds(work, calls)
    while spent < min_time and calls < 1 << 22:
        calls = max(calls + 1, math.ceil(calls * min_time * 1.2 / max(spent, 1e-7)))
        spent = cpu_seconds(work, calls)
    return calls, spent


def per_call(work: Work, min_time: float, budget: float) -> float:
    """CPU seconds of one call of work(), measured over calls adding up to `min_time`;
    math.inf when the first call alone is over `budget` CPU seconds."""
    one = cpu_seconds(work, 1, budget)
    if one == math.inf or one >= min_time:
        return one
    calls, spent = enough_calls(work, min_time, math.ceil(min_time * 1.2 / max(one, 1e-7)))
    return spent / calls


@dataclass
class Growth:
    """CPU seconds of `calls` calls of the work at size n and at size 4n, one pair a round
    (the 4n time is a lower bound, the budget, when that run was cut off)."""

    n: int
    calls: int
    pairs: list[tuple[float, float]]

    @property
    def ratios(self) -> list[float]:
        """t(4n)/t(n) of each round."""
        return [large / small if small > 0 else math.inf for small, large in self.pairs]

    @property
    def ratio(self) -> float:
        """The median of the rounds' t(4n)/t(n): ~4 linear, ~16 quadratic."""
        return statistics.median(self.ratios)

    @property
    def superlinear(self) -> bool:
        """Whether the ratio is over LIMIT."""
        return self.ratio > LIMIT

    def describe(self) -> str:
        """One line for a failure message."""
        cut = sum(large >= CUT * small for small, large in self.pairs)
        rounds = ", ".join(f"{r:.1f}" for r in self.ratios)
        small = min(small for small, _ in self.pairs)
        return (f"t({4 * self.n})/t({self.n}) = {self.ratio:.1f}, the median of {rounds}"
                + (f" ({cut} 4n run(s) cut off)" if cut else "")
                + f"; t({self.n}) = {small * 1000:.1f} ms for {self.calls} call(s)")


def growth(prepare: Callable[[int], Work], n: int, *, min_time: float = 0.005, rounds: int = 5,
           calls: int = 1) -> Growth:
    """Time prepare(n)() and prepare(4n)() (inputs built outside the timing); see the module
    doc. `calls` is a first guess of the calls per measurement, raised as needed."""
    small_work, large_work = prepare(n), prepare(4 * n)
    calls, first = enough_calls(small_work, min_time, calls)
    pairs: list[tuple[float, float]] = []
    fastest = first
    for done in range(rounds):

        def large() -> float:  # math.inf when cut off; below ~50 ms the interval timer is coarse
            return cpu_seconds(large_work, calls, max(CUT * fastest, 0.05))

        if done == 0:
            small, big = first, large()
        elif done % 2:  # every other round the other way round: a drift in speed favours neither
            big = large()
            small = cpu_seconds(small_work, calls)
        else:
            small = cpu_seconds(small_work, calls)
            big = large()
        # A 4n run cut off took over CUT times the fastest t(n): its round counts as a ratio of
        # CUT, even when this round's own t(n) was slowed by load (a cut-off time over a slow
        # t(n) once gave 9 for a quadratic pattern).
        pair = (small, CUT * small if big == math.inf else big)
        pairs.append(pair)
        fastest = min(fastest, pair[0])
        ratio = statistics.median(large / small for small, large in pairs)
        if ratio <= CALM or (len(pairs) >= 3 and ratio > LIMIT):
            break
    return Growth(n, calls, pairs)


def in_child(module: str, function: str, *args: Any, timeout: float) -> Any:
    """`module.function(*args)` run in a fresh interpreter; its JSON-encoded return value.

    The child's stderr is its progress log: on a timeout (the hard guard) or a crash the
    AssertionError quotes its end, e.g. which regular expression was running.
    """
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(HERE)])}
    code = (f"import json, sys; from {module} import {function} as f; "
            f"print(json.dumps(f(*json.loads(sys.argv[1]))))")
    child = subprocess.Popen([sys.executable, "-c", code, json.dumps(args)], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        out, err = child.communicate()
        raise AssertionError(f"no end after {timeout} s (the hard guard); last progress: {err[-1000:]}")
    assert child.returncode == 0, err[-3000:]
    return json.loads(out.splitlines()[-1])
