"""The work done for one document, the same on every engine (in-process, process pool, Ray).

`run_file` cleans one input file into OUT/NAME.txt + OUT/NAME.json; `run_line` cleans one
JSONL line into one output line. Both return an `Outcome` and never raise for a bad input,
a timeout or a bug in a stage: the caller reports it and goes on with the batch.
"""
from __future__ import annotations

import gc
import hashlib
import io
import json
import os
import signal
import stat
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from .. import __version__
from ..api import Result, clean, get_pipeline
from ..config import Config
from ..jsontext import dumps
from ..reading import InputError, printable_path
from .files import write_atomic
from ..limits import DocumentTimeout
from ..stages.mojibake import load_fixer
from ..report import body_text, sidecar_json, summary_counts

OK, FAILED, ERROR, TIMEOUT = "ok", "failed", "error", "timeout"
# Statuses a re-run does not redo when input, config and version are the same: the result
# would be the same. A timeout or an internal error may not recur, so they are redone.
SETTLED = (OK, FAILED)
OWN_FIELDS = ("id", "text", "metadata")  # what a JSONL output line gets from cleaner
CRASHED = "internal error: the worker process died on it (a crash, or killed for lack of memory)"


@dataclass
class Outcome:
    """What became of one document.

    status: OK, FAILED (not a page: empty, binary, too large, bad JSONL line...), ERROR (a bug,
        `detail` holds the traceback) or TIMEOUT.
    skipped: True when the manifest says the same input was already done with the same config.
    output: the output line (JSONL), UTF-8 encoded where it was made (a worker's answer crosses
        to the parent as bytes, written as they are: no decoding and encoding it again there).
    """

    status: str
    error: str | None = None
    detail: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    sha256: str | None = None
    skipped: bool = False
    output: bytes | None = None
    line: int | None = None
    doc_id: Any = None


@dataclass(frozen=True)
class Previous:
    """What the manifest holds for one output name from an earlier run."""

    path: str
    sha256: str | None
    fingerprint: str
    version: str
    status: str
    error: str | None
    counts: dict[str, int]


@dataclass(frozen=True)
class FileJob:
    """What every file of a batch shares: the options and where outputs go."""

    config: Config
    out_dir: str
    force: bool = False
    cwd: str = ""  # relative paths are read from here (a Ray worker runs in another folder)


@dataclass(frozen=True)
class FileTask:
    """One input file: its path as given, its output name under OUT, its manifest row."""

    path: str
    name: str
    previous: Previous | None = None


@dataclass(frozen=True)
class LineJob:
    """What every line of a JSONL stream shares: the options and the field names."""

    config: Config
    label: str = "stdin"  # the input as named on the command line: default ids and sources
    text_field: str = "text"
    html_field: str | None = None
    id_field: str = "id"


# A page makes a few thousand objects (blocks, changes, their dicts) that live until it is
# written; collecting the youngest generation every 700 allocations (CPython's default) spent
# ~2% of a batch's CPU (`perf stat` of `cleaner clean --jsonl` over 300 WCXB dumps).
BATCH_GC_THRESHOLD = 10_000


def tune_gc_for_batch() -> None:
    """Collect less often in a process that cleans a batch (a worker, or the CLI alone)."""
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(BATCH_GC_THRESHOLD, older, oldest)


def prepare_workers() -> None:
    """Import, before the workers fork, what each would import on its first page needing a fix
    (ftfy and what it loads: ~0.1 s a process)."""
    load_fixer()


def init_worker(config: Config) -> None:
    """Set up a worker process: Ctrl-C is the parent's to handle; the pipeline is built once,
    then what exists so far is frozen out of the garbage collector's reach (fewer
    copy-on-write pages, shorter collections), and the youngest objects collected less often."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    get_pipeline(config)
    gc.freeze()
    tune_gc_for_batch()


def crashed_file(task: FileTask) -> Outcome:
    """The outcome of a file whose worker process died."""
    return Outcome(ERROR, CRASHED)


def crashed_line(item: tuple[int, bytes]) -> Outcome:
    """The outcome of a JSONL line whose worker process died."""
    return Outcome(ERROR, CRASHED, line=item[0])


def attempt(config: Config, data: str | bytes, source: str | None,
            format: str | None = None) -> tuple[Result | None, Outcome | None]:
    """Clean `data`; (result, None), or (None, the Outcome that says why it could not be)."""
    try:
        return clean(data, source=source, config=config, format=format), None
    except InputError as err:
        return None, Outcome(FAILED, str(err))
    except DocumentTimeout as err:
        return None, Outcome(TIMEOUT, str(err))
    except Exception as err:  # a bug in a stage must not stop the batch
        return None, Outcome(ERROR, f"internal error, {type(err).__name__}: {err}",
                             detail=traceback.format_exc())


def read_bounded(stream: BinaryIO, max_bytes: int) -> bytes:
    """The bytes of `stream`, never more than `max_bytes` of them: InputError when there are
    more. A regular file larger than that is refused before it is read (fstat); anything else,
    a file that grows while it is read, a pipe, a device, stdin, is read up to one byte past
    the limit, then refused."""
    try:
        info = os.fstat(stream.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):  # no file descriptor (a test's BytesIO)
        info = None
    if info is not None and stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
        raise InputError(f"input too large ({info.st_size} bytes; the limit is {max_bytes})")
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(f"input too large (over {max_bytes} bytes; the limit is {max_bytes})")
    return data


def run_file(job: FileJob, task: FileTask) -> Outcome:
    """Clean `task.path` into OUT/NAME.txt and OUT/NAME.json, both written atomically,
    unless the manifest row says it is unchanged and its outputs are in place."""
    try:
        with open(os.path.join(job.cwd, task.path), "rb") as stream:
            data = read_bounded(stream, job.config.max_bytes)
    except InputError as err:
        return Outcome(FAILED, str(err))
    except OSError as err:
        return Outcome(FAILED, f"cannot read: {err.strerror or err}")
    sha256 = hashlib.sha256(data).hexdigest()
    target = Path(job.cwd, job.out_dir, task.name)
    txt, sidecar = target.with_name(f"{target.name}.txt"), target.with_name(f"{target.name}.json")
    prev = task.previous
    if (prev and not job.force and prev.status in SETTLED
            and prev.path == printable_path(task.path)
            and prev.sha256 == sha256 and prev.fingerprint == job.config.fingerprint()
            and prev.version == __version__
            and (prev.status != OK or (txt.is_file() and sidecar.is_file()))):
        return Outcome(prev.status, prev.error, counts=prev.counts, sha256=sha256, skipped=True)

    result, problem = attempt(job.config, data, task.path)
    if result is None:
        problem.sha256 = sha256
        return problem
    try:
        text, meta = body_text(result.text), sidecar_json(result.metadata)
    except Exception as err:  # e.g. metadata a stage left that JSON cannot hold
        return Outcome(ERROR, f"internal error, {type(err).__name__}: {err}",
                       detail=traceback.format_exc(), sha256=sha256)
    try:
        write_atomic(txt, text)
        write_atomic(sidecar, meta)
    except OSError as err:
        return Outcome(FAILED, f"cannot write to {job.out_dir}: {err.strerror or err}", sha256=sha256)
    return Outcome(OK, counts=summary_counts(result.document), sha256=sha256)


def run_line(job: LineJob, item: tuple[int, bytes]) -> Outcome:
    """Clean one JSONL line (`item`: its 1-based number and bytes) into one output line:
    `id`, `text` (the clean text) and `metadata` (the input's metadata object, if any, with
    the sidecar's keys set in it), then every other field of the input untouched."""
    number, raw = item
    try:
        record = json.loads(raw)
    except ValueError as err:  # JSONDecodeError and UnicodeDecodeError
        return Outcome(FAILED, f"invalid JSON ({err})", line=number)
    if not isinstance(record, dict):
        return Outcome(FAILED, f"not a JSON object but {type(record).__name__}", line=number)
    name = job.html_field or job.text_field
    page = record.get(name)
    doc_id = record.get(job.id_field, f"{job.label}/{number}")
    if not isinstance(page, str):
        why = f"no {name!r} field" if page is None else f"field {name!r} is not a string"
        return Outcome(FAILED, why, line=number, doc_id=doc_id)
    meta_in = record.get("metadata", {})
    if not isinstance(meta_in, dict):
        return Outcome(FAILED, "field 'metadata' is not an object", line=number, doc_id=doc_id)

    result, problem = attempt(job.config, page, f"{job.label}:{number}",
                              "html" if job.html_field else None)
    if result is None:
        problem.line, problem.doc_id = number, doc_id
        return problem
    rest = {k: v for k, v in record.items() if k not in (name, job.id_field, *OWN_FIELDS)}
    out = {"id": doc_id, "text": result.text.rstrip(), **rest, "metadata": {**meta_in, **result.metadata}}
    try:
        line = (dumps(out) + "\n").encode("utf-8")
    except Exception as err:
        return Outcome(ERROR, f"internal error, {type(err).__name__}: {err}",
                       detail=traceback.format_exc(), line=number, doc_id=doc_id)
    return Outcome(OK, counts=summary_counts(result.document), output=line, line=number, doc_id=doc_id)


def run_shard(job: LineJob, shard: tuple[str, int, int, int]) -> list[Outcome]:
    """`run_line` on every non-blank line of a byte range of a JSONL file (for engines whose
    workers read the input themselves): `shard` is (path, offset, length, first line number)."""
    path, offset, length, first = shard
    with open(path, "rb") as stream:
        stream.seek(offset)
        chunk = stream.read(length)
    lines = chunk.split(b"\n")
    if chunk.endswith(b"\n"):
        lines.pop()
    return [run_line(job, (first + i, line)) for i, line in enumerate(lines) if line.strip()]
