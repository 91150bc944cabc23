"""Clean a JSONL stream (one document per line) into a JSONL stream, in order.

Input lines are read one at a time and handed to `work.run_line` on an engine; output
lines come back in input order. A line that cannot be used (invalid JSON, not an object,
no page field) or a page that cannot be cleaned is named on stderr and left out of the
output; the run goes on and ends with exit status 1. Blank lines are ignored. An output
file is written under a temporary name and renamed when the run ends, so it is never
seen half-written; stdout is written as lines come.
"""
from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from functools import partial
from itertools import islice
from pathlib import Path
from typing import IO, BinaryIO

from .batch import RunOptions
from .console import Tally, progress, report, summary
from .parallel import ordered_map
from .work import LineJob, Outcome, crashed_line, init_worker, prepare_workers, run_line, run_shard

STDIO = "-"
SHARD_LINES = 256  # lines per task when workers read the file themselves (Ray)


def run_jsonl(source: str, dest: str, job: LineJob, opts: RunOptions) -> int:
    """Clean the JSONL at `source` ('-': stdin) into `dest` ('-': stdout); return the exit
    status (0 every line cleaned, 1 some line left out)."""
    tally = Tally()
    bar = progress(None, opts.quiet, "doc")
    with _open_output(dest) as out:
        with _open_input(source) as stream:
            for outcome in _outcomes(source, stream, job, opts):
                if outcome.output is not None:
                    out.write(outcome.output)
                report(_where(job.label, outcome), outcome, opts.debug)
                tally.add(outcome)
                bar.update()
        bar.close()
    summary(tally, "stdout" if dest == STDIO else dest, opts.quiet, unit="line")
    return 1 if tally.failed else 0


def _outcomes(source: str, stream: BinaryIO, job: LineJob, opts: RunOptions) -> Iterator[Outcome]:
    if opts.engine == "ray":
        from .engines import ray as ray_engine

        shards = list(_shards(os.path.abspath(source), stream))
        for batch in ray_engine.map_ordered(partial(run_shard, job), shards,
                                            address=opts.address, quiet=opts.quiet):
            yield from batch
        return
    yield from ordered_map(partial(run_line, job), _lines(stream), jobs=opts.jobs, chunk=16,
                           initializer=init_worker, initargs=(job.config,), on_crash=crashed_line,
                           prepare=prepare_workers)


def _lines(stream: Iterable[bytes]) -> Iterator[tuple[int, bytes]]:
    """(1-based line number, line) for each non-blank line."""
    for number, line in enumerate(stream, 1):
        if line.strip():
            yield number, line


def _shards(path: str, stream: BinaryIO) -> Iterator[tuple[str, int, int, int]]:
    """(path, byte offset, byte length, first line number) of runs of SHARD_LINES lines."""
    offset, first = 0, 1
    while lines := list(islice(stream, SHARD_LINES)):
        length = sum(map(len, lines))
        yield path, offset, length, first
        offset, first = offset + length, first + len(lines)


def _where(label: str, outcome: Outcome) -> str:
    where = f"{label}:{outcome.line}"
    return where if outcome.doc_id is None else f"{where} (id {outcome.doc_id!r})"


class _open_input:
    """The input as a binary stream: a file, or stdin for '-' (left open)."""

    def __init__(self, source: str) -> None:
        self.stream: BinaryIO = sys.stdin.buffer if source == STDIO else open(source, "rb")  # noqa: SIM115
        self.own = source != STDIO

    def __enter__(self) -> BinaryIO:
        return self.stream

    def __exit__(self, *exc: object) -> None:
        if self.own:
            self.stream.close()


class _open_output:
    """Where output lines go: stdout for '-', else a temporary file in the destination's
    folder renamed to the destination when the block ends normally (deleted otherwise)."""

    def __init__(self, dest: str) -> None:
        self.dest = dest
        self.tmp: IO[bytes] | None = None
        if dest != STDIO:
            path = Path(dest)
            path.parent.mkdir(parents=True, exist_ok=True)
            self.tmp = tempfile.NamedTemporaryFile(  # noqa: SIM115  (closed in __exit__)
                "wb", delete=False, dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")

    def __enter__(self) -> IO[bytes]:
        if self.tmp is not None:
            return self.tmp
        sys.stdout.flush()  # the lines (UTF-8 bytes) go under the text layer, after what it holds
        return sys.stdout.buffer

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if self.tmp is None:
            sys.stdout.buffer.flush()
            return
        try:
            self.tmp.flush()
            if exc_type is None:
                os.fsync(self.tmp.fileno())
            self.tmp.close()
            if exc_type is None:
                mask = os.umask(0o022)
                os.umask(mask)
                os.chmod(self.tmp.name, 0o666 & ~mask)
                os.replace(self.tmp.name, self.dest)
        finally:
            if exc_type is not None or not self.tmp.closed:
                Path(self.tmp.name).unlink(missing_ok=True)
