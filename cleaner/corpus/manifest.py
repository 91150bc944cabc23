"""The manifest of an output folder: what each input became, so a re-run does only what changed.

OUT/.cleaner-manifest.sqlite (standard-library sqlite3) has one row per output name: the input
path as given, its sha256, the config fingerprint, the cleaner version, the status (ok, failed,
error, timeout) and the error. A row is written only after both outputs are in place, so a run
killed at any moment leaves rows that are true; what has no row (or a row without its outputs)
is redone by the next run. Only one run at a time may write into a folder: a run holds an
exclusive POSIX record lock (`fcntl.lockf`) on OUT/.cleaner-manifest.lock, which dies with the
run's process, even under `kill -9` while its forked workers live on (see `_lock`).
"""
from __future__ import annotations

import fcntl
import json
import os
import re
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, BinaryIO

from ..reading import printable_path
from .work import OK, Outcome, Previous

MANIFEST = ".cleaner-manifest.sqlite"
LOCK = ".cleaner-manifest.lock"  # the run's lock: a file of its own (see `_lock`)
# write_atomic's temporary files: ".NAME.txt.<8 random chars>.tmp"
_TEMP = re.compile(r"^\..+\.(?:txt|json)\.[a-z0-9_]{8}\.tmp$")
_COMMIT_EVERY = 1.0  # seconds; rows not yet committed when a run is killed are simply redone

_SCHEMA = """
CREATE TABLE IF NOT EXISTS inputs (
    output  TEXT PRIMARY KEY,   -- OUT/<output>.txt and OUT/<output>.json
    path    TEXT NOT NULL,      -- the input, as given on the command line
    sha256  TEXT,               -- of the raw bytes (NULL when they could not be read)
    config  TEXT NOT NULL,      -- Config.fingerprint()
    version TEXT NOT NULL,      -- cleaner version
    status  TEXT NOT NULL,      -- ok, failed, error, timeout
    error   TEXT,
    counts  TEXT NOT NULL,      -- JSON: blocks in, kept, removed, fixes, warnings
    updated TEXT NOT NULL       -- UTC, ISO 8601
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY, started TEXT, finished TEXT, input TEXT, engine TEXT,
    config TEXT, version TEXT, inputs INTEGER, cleaned INTEGER, unchanged INTEGER,
    failed INTEGER
);
"""


class ManifestBusy(Exception):
    """Another run holds the lock of this output folder."""


# lock files (st_dev, st_ino) this process holds: POSIX locks never conflict within a process
_HELD: set[tuple[int, int]] = set()


def _lock(out_dir: Path) -> tuple[BinaryIO, tuple[int, int]]:
    """Take the run lock of `out_dir` (ManifestBusy when another run holds it); return the
    open lock file (the lock lasts until it is closed) and its key in `_HELD`.

    A POSIX record lock (`fcntl.lockf`), not `flock`: an flock belongs to the open file, which
    forked pool workers share, so after a `kill -9` of the parent the orphaned workers kept
    the folder locked until they ended; a record lock belongs to the process that took it, is
    never inherited across fork and is released by the kernel when that process dies, however
    it dies. Closing the fd in each worker instead would depend on every fork (pool restarts,
    libraries) doing so, and would leave a window before it does. Record locks are dropped
    when the process closes *any* fd of the locked file, so the lock has a file of its own,
    which SQLite never opens; and they never conflict within one process, hence `_HELD`.
    They also work on NFS (lockd/NFSv4), where a cluster's output folder may live.
    """
    busy = ManifestBusy(f"another cleaner run is writing into {out_dir}")
    path = out_dir / LOCK
    if path.exists() and _key(os.stat(path)) in _HELD:  # checked before opening: closing
        raise busy  # another fd of the file would drop this process's own lock on it
    stream = open(path, "ab")  # noqa: SIM115  (held until Manifest.close)
    try:
        fcntl.lockf(stream, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        stream.close()
        raise busy from None
    key = _key(os.fstat(stream.fileno()))
    _HELD.add(key)
    return stream, key


def _key(info: os.stat_result) -> tuple[int, int]:
    return info.st_dev, info.st_ino


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Manifest:
    """The manifest of one output folder, opened for a run (holding the folder's lock)."""

    def __init__(self, out_dir: Path) -> None:
        """Lock `out_dir` for this run (ManifestBusy if another run has it) and open its manifest."""
        self.out_dir = Path(out_dir)
        self._lock, self._key = _lock(self.out_dir)
        self.db = sqlite3.connect(self.out_dir / MANIFEST)
        # the default rollback journal (no WAL: it needs shared memory, which a network file
        # system shared by a cluster may not give); commits are batched, about once a second
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_SCHEMA)
        self._last_commit = time.monotonic()
        self._run: int | None = None

    def sweep(self) -> int:
        """Delete the temporary files a killed run left in the folder; return how many."""
        removed = 0
        for folder, _, files in os.walk(self.out_dir):
            for name in files:
                if _TEMP.match(name):
                    Path(folder, name).unlink(missing_ok=True)
                    removed += 1
        return removed

    def previous(self, name: str) -> Previous | None:
        """The row of output `name` from an earlier run, or None."""
        row = self.db.execute("SELECT path, sha256, config, version, status, error, counts "
                              "FROM inputs WHERE output = ?", (name,)).fetchone()
        if row is None:
            return None
        return Previous(*row[:6], counts=json.loads(row[6]))

    def record(self, name: str, path: str, fingerprint: str, version: str, outcome: Outcome) -> None:
        """Write the row of output `name` (call it once both outputs are in place)."""
        self.db.execute(
            "INSERT OR REPLACE INTO inputs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (name, printable_path(path), outcome.sha256, fingerprint, version, outcome.status, outcome.error,
             json.dumps(outcome.counts), _now()))
        if time.monotonic() - self._last_commit > _COMMIT_EVERY:
            self.commit()

    def commit(self) -> None:
        """Make the rows written so far durable."""
        self.db.commit()
        self._last_commit = time.monotonic()

    def start_run(self, source: str, engine: str, fingerprint: str, version: str) -> None:
        """Note that a run starts (its totals are filled in by `finish_run`)."""
        cur = self.db.execute("INSERT INTO runs (started, input, engine, config, version) "
                              "VALUES (?, ?, ?, ?, ?)", (_now(), printable_path(source), engine, fingerprint, version))
        self._run = cur.lastrowid
        self.commit()

    def finish_run(self, inputs: int, cleaned: int, unchanged: int, failed: int) -> None:
        """Record the totals of the run and commit."""
        self.db.execute("UPDATE runs SET finished = ?, inputs = ?, cleaned = ?, unchanged = ?, "
                        "failed = ? WHERE id = ?", (_now(), inputs, cleaned, unchanged, failed, self._run))
        self.commit()

    def close(self) -> None:
        """Commit, close the database and release the folder's lock."""
        self.commit()
        self.db.close()
        _HELD.discard(self._key)
        self._lock.close()

    def __enter__(self) -> Manifest:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass
class Status:
    """What a manifest says about an output folder."""

    rows: int
    by_status: dict[str, int]
    missing_outputs: list[str]
    problems: list[tuple[str, str, str]]  # (path, status, error)
    configs: int
    versions: list[str]
    last_run: dict[str, Any] | None


def read_status(out_dir: Path) -> Status:
    """Summarise the manifest of `out_dir` (read-only); FileNotFoundError when there is none."""
    path = Path(out_dir) / MANIFEST
    if not path.is_file():
        raise FileNotFoundError(f"{out_dir}: no manifest ({MANIFEST}); is it a `cleaner clean` output folder?")
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        by_status = dict(db.execute("SELECT status, count(*) FROM inputs GROUP BY status ORDER BY status"))
        missing = [name for (name,) in db.execute("SELECT output FROM inputs WHERE status = ? ORDER BY output", (OK,))
                   if not (Path(out_dir, f"{name}.txt").is_file() and Path(out_dir, f"{name}.json").is_file())]
        problems = list(db.execute("SELECT path, status, error FROM inputs WHERE status != ? ORDER BY path", (OK,)))
        configs = db.execute("SELECT count(DISTINCT config) FROM inputs").fetchone()[0]
        versions = [v for (v,) in db.execute("SELECT DISTINCT version FROM inputs ORDER BY version")]
        db.row_factory = sqlite3.Row
        last = db.execute("SELECT * FROM runs ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        db.close()
    return Status(sum(by_status.values()), by_status, missing, problems, configs, versions,
                  dict(last) if last else None)
