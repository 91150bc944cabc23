"""Folder batches: --jobs N gives the bytes --jobs 1 gives, streaming stays bounded, a
document over the time limit is recorded as a timeout and stops nothing."""
from __future__ import annotations

import os
import signal
import sqlite3
import time
from pathlib import Path

from cleaner import api
from cleaner.cli import main
from cleaner.corpus.manifest import MANIFEST
from cleaner.corpus.parallel import ordered_map
from corpus import make_folder, snapshot


def test_jobs_two_writes_the_same_bytes_as_jobs_one(tmp_path: Path) -> None:
    raw = make_folder(tmp_path / "raw", 24)
    (raw / "sub").mkdir()
    (raw / "sub" / "doc0000.txt").write_bytes((raw / "doc0001.txt").read_bytes())
    (raw / "empty.txt").write_bytes(b"")
    assert main(["clean", str(raw), str(tmp_path / "one"), "--jobs", "1", "--quiet"]) == 1
    assert main(["clean", str(raw), str(tmp_path / "two"), "--jobs", "2", "--quiet"]) == 1
    one, two = snapshot(tmp_path / "one"), snapshot(tmp_path / "two")
    assert len(one) == 2 * 25 and "sub/doc0000.json" in one
    assert one == two


def _square(x: int) -> int:
    return x * x


def test_ordered_map_keeps_order_and_reads_ahead_only_a_window() -> None:
    pulled: list[int] = []

    def items():
        for i in range(10_000):
            pulled.append(i)
            yield i

    results = ordered_map(_square, items(), jobs=2, chunk=4, window=3)
    first = [next(results) for _ in range(5)]
    assert first == [0, 1, 4, 9, 16]
    assert len(pulled) <= 4 * 4, "no more than window + 1 chunks are read ahead of the output"
    assert list(results) == [i * i for i in range(5, 10_000)]
    assert list(ordered_map(_square, iter(range(5)), jobs=1)) == [0, 1, 4, 9, 16]


_PREPARED: list[int] = []


def _prepare() -> None:
    _PREPARED.append(os.getpid())


def _prepared_in_parent(_: int) -> bool:
    return bool(_PREPARED) and _PREPARED[0] != os.getpid()  # the worker holds the parent's record


def test_prepare_runs_once_in_the_parent_before_the_workers_fork() -> None:
    _PREPARED.clear()
    assert list(ordered_map(_prepared_in_parent, range(3), jobs=1, prepare=_prepare)) == [False] * 3
    assert _PREPARED == []  # one process: no workers to prepare for
    assert list(ordered_map(_prepared_in_parent, range(3), jobs=2, prepare=_prepare)) == [True] * 3
    assert _PREPARED == [os.getpid()]


def test_a_document_over_the_time_limit_is_a_timeout_and_the_batch_goes_on(
        tmp_path: Path, monkeypatch, capsys) -> None:
    raw = make_folder(tmp_path / "raw", 3)
    real = api.read_document

    def stuck_on_doc1(data, path=None, **kwargs):
        if path and path.endswith("doc0001.txt"):
            time.sleep(30)
        return real(data, path=path, **kwargs)

    monkeypatch.setattr(api, "read_document", stuck_on_doc1)
    out = tmp_path / "out"
    started = time.monotonic()
    assert main(["clean", str(raw), str(out), "--jobs", "1", "--timeout", "0.2"]) == 1
    assert time.monotonic() - started < 25
    err = capsys.readouterr().err
    assert f"error: {raw / 'doc0001.txt'}: took longer than 0.2 s (the time limit)" in err
    assert (out / "doc0000.txt").is_file() and (out / "doc0002.txt").is_file()
    assert not (out / "doc0001.txt").exists()
    rows = dict(sqlite3.connect(out / MANIFEST).execute("SELECT output, status FROM inputs"))
    assert rows == {"doc0000": "ok", "doc0001": "timeout", "doc0002": "ok"}

    monkeypatch.setattr(api, "read_document", real)
    assert main(["clean", str(raw), str(out), "--jobs", "1"]) == 0, "a timeout is retried"
    assert "(0 failed, 2 unchanged)" in capsys.readouterr().err
    assert (out / "doc0001.txt").is_file()


def test_stage_options_reach_the_stages_and_bad_ones_are_usage_errors(tmp_path: Path, capsys) -> None:
    raw = make_folder(tmp_path / "raw", 1)
    (raw / "doc0000.txt").write_text(
        "The council met on Monday to discuss the state of the flood defences along the river, "
        "which engineers have described as too low for the storms of recent winters.\n\n"
        "The mayor said a report would be published before the end of the year, with a plan "
        "and a budget for raising the walls in the lower town near the old market.\n\n"
        "Comments\n\nBob from Leeds says the council should have acted years ago, and he is right.\n",
        encoding="utf-8")
    assert main(["clean", str(raw), str(tmp_path / "default"), "--quiet"]) == 0
    assert main(["clean", str(raw), str(tmp_path / "set"), "--quiet",
                 "--set", "comments.min_words_before=100000"]) == 0
    assert "Bob from Leeds" not in (tmp_path / "default" / "doc0000.txt").read_text()
    assert "Bob from Leeds" in (tmp_path / "set" / "doc0000.txt").read_text()
    assert main(["clean", str(raw), str(tmp_path / "a"), "--set", "nosuch.x=1"]) == 2
    assert main(["clean", str(raw), str(tmp_path / "b"), "--set", "comments.no_such_option=1"]) == 2
    assert main(["clean", str(raw), str(tmp_path / "c"), "--set", "comments"]) == 2
    assert main(["clean", str(raw), str(tmp_path / "d"), "--jobs", "0"]) == 2
    assert main(["clean", str(raw), str(tmp_path / "e"), "--timeout", "-1"]) == 2
    err = capsys.readouterr().err
    assert "unknown stage(s): nosuch" in err and "STAGE.KEY=VALUE" in err and "Traceback" not in err


def _dies_on_seven(x: int) -> int:
    if x == 7:
        os.kill(os.getpid(), signal.SIGKILL)  # as a segfault in a C library would end it
    return x * x


def test_a_worker_that_dies_costs_its_item_only() -> None:
    results = list(ordered_map(_dies_on_seven, range(40), jobs=2, chunk=4,
                               on_crash=lambda x: f"crashed on {x}"))
    assert results == [x * x if x != 7 else "crashed on 7" for x in range(40)]
