"""What a run says on stderr: one line per problem, a progress bar on a terminal, a summary."""
from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..reading import printable_path
from .work import OK, Outcome


@dataclass
class Tally:
    """What a run has done so far, for the summary line."""

    inputs: int = 0
    failed: int = 0
    unchanged: int = 0
    cleaned_now: int = 0  # cleaned by this run (not unchanged)
    counts: Counter[str] = field(default_factory=Counter)

    def add(self, outcome: Outcome) -> None:
        """Count one document's outcome."""
        self.inputs += 1
        self.failed += outcome.status != OK
        self.unchanged += outcome.skipped
        self.cleaned_now += outcome.status == OK and not outcome.skipped
        self.counts.update(outcome.counts)


# control characters (C0, DEL, C1) and the Unicode line and paragraph separators
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def shown(text: str) -> str:
    """`text` (a path, or a message holding one) fit for one line of a terminal: bytes that
    are not UTF-8 written `\\xNN` (`io.printable_path`), control characters escaped
    (a newline as `\\n`, others `\\xNN` / `\\uNNNN`), so a file name cannot split the line."""
    return _CONTROL.sub(lambda m: _NAMED.get(m.group()) or repr(m.group())[1:-1], printable_path(text))


def error(label: str, message: str) -> None:
    """One `error: LABEL: MESSAGE` line on stderr (both escaped by `shown`)."""
    print(f"error: {shown(label)}: {shown(message)}", file=sys.stderr)


def warning(message: str) -> None:
    """One `warning: MESSAGE` line on stderr (escaped by `shown`)."""
    print(f"warning: {shown(message)}", file=sys.stderr)


def report(label: str, outcome: Outcome, debug: bool) -> None:
    """The error line of an outcome that is not OK (with the traceback of a bug under --debug)."""
    if outcome.status == OK:
        return
    message = outcome.error or outcome.status
    if outcome.detail and not debug:
        message += " (run with --debug for the traceback)"
    error(label, message)
    if outcome.detail and debug:
        print(outcome.detail, end="", file=sys.stderr)


def summary(tally: Tally, dest: str, quiet: bool, unit: str = "file") -> None:
    """Print the one summary line of the run to stderr (unless quiet).

    `N blocks in, K kept, R removed` adds up: N = K + R, R being the blocks not in the clean
    text. What an HTML page showed that never became a block (removed by the DOM pre-pass,
    or left out by extraction) is counted apart, `D HTML regions removed outside the blocks`,
    when there is any.
    """
    if quiet:
        return
    c = tally.counts
    done = tally.inputs - tally.failed
    units = unit if tally.inputs == 1 else f"{unit}s"
    unchanged = f", {tally.unchanged} unchanged" if tally.unchanged else ""
    regions = f", {c['regions']} HTML regions removed outside the blocks" if c["regions"] else ""
    print(f"cleaned {done} of {tally.inputs} {units} ({tally.failed} failed{unchanged}): "
          f"{c['blocks_in']} blocks in, {c['kept']} kept, {c['blocks_in'] - c['kept']} removed{regions}, "
          f"{c['fixes']} fixes, {c['warnings']} warnings -> {dest}", file=sys.stderr)


class Progress(Protocol):
    """What the runners need of a progress bar."""

    def update(self, n: int = 1) -> Any: ...
    def close(self) -> None: ...


class _Silent:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def progress(total: int | None, quiet: bool, unit: str) -> Progress:
    """A tqdm bar on stderr when stderr is a terminal and not `quiet`; else one that says nothing."""
    if quiet or not sys.stderr.isatty():
        return _Silent()
    from tqdm import tqdm

    return tqdm(total=total, unit=unit, file=sys.stderr, dynamic_ncols=True, leave=False)
