"""A time limit for one document, so a pathological page is recorded, not waited for forever."""
from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class DocumentTimeout(BaseException):
    """A document took longer than `Config.timeout`.

    A BaseException, like KeyboardInterrupt, so that an `except Exception` inside a stage or
    a library cannot swallow it and carry on with a half-processed document.
    """


def can_time_out() -> bool:
    """True when a limit can be enforced here: SIGALRM exists and this is the main thread."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise DocumentTimeout in the block when it runs longer than `seconds` (None: no limit).

    Uses SIGALRM (ITIMER_REAL), so it only applies in the main thread; elsewhere the block
    runs without a limit. Code stuck inside one C call (a single regex match, one lxml parse)
    is interrupted when that call returns to Python.
    """
    if not seconds or seconds <= 0 or not can_time_out():
        yield
        return

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise DocumentTimeout(f"took longer than {seconds:g} s (the time limit)")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
