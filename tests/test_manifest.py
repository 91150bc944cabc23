"""The manifest: re-runs skip what is done, --force redoes it, a run killed with kill -9
is completed by the next one, and `cleaner status` says where a folder stands."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from cleaner.cli import main
from cleaner.corpus.manifest import MANIFEST, Manifest
from corpus import make_folder, snapshot

REPO = Path(__file__).resolve().parent.parent


def rows(out: Path) -> dict[str, tuple[str, str | None]]:
    db = sqlite3.connect(out / MANIFEST)
    try:
        return {name: (status, error) for name, status, error in
                db.execute("SELECT output, status, error FROM inputs")}
    finally:
        db.close()


def mtimes(out: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in out.glob("*.txt")}


def test_a_rerun_skips_unchanged_inputs_and_redoes_the_rest(tmp_path: Path, capsys) -> None:
    raw = make_folder(tmp_path / "raw", 6)
    (raw / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    assert main(["clean", str(raw), str(out), "--jobs", "1"]) == 1
    first = snapshot(out)
    before = mtimes(out)
    assert rows(out)["empty"] == ("failed", "empty input")
    assert sum(status == "ok" for status, _ in rows(out).values()) == 6
    capsys.readouterr()

    (raw / "doc0002.txt").write_text("A page that changed since the last run, with a sentence "
                                     "long enough to be kept as the article body of it.\n")
    (out / "doc0004.json").unlink()  # an output lost: its row is no longer true
    time.sleep(0.01)
    assert main(["clean", str(raw), str(out), "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert "error: " + str(raw / "empty.txt") + ": empty input" in err, "a known failure is still reported"
    assert "cleaned 6 of 7 files (1 failed, 5 unchanged)" in err
    after = mtimes(out)
    redone = sorted(name for name in after if after[name] != before[name])
    assert redone == ["doc0002.txt", "doc0004.txt"]
    assert snapshot(out)["doc0004.json"] == first["doc0004.json"]
    assert "changed since" in (out / "doc0002.txt").read_text()

    assert main(["clean", str(raw), str(out), "--jobs", "1", "--disable", "names"]) == 1
    assert " unchanged)" not in capsys.readouterr().err, "another config redoes everything"
    assert main(["clean", str(raw), str(out), "--jobs", "1", "--disable", "names", "--force"]) == 1
    assert " unchanged)" not in capsys.readouterr().err, "--force redoes everything"
    assert all(json.loads((out / f"doc000{i}.json").read_text())["cleaner"]["disabled"] == ["names"]
               for i in range(6))


def test_status_summarises_the_manifest(tmp_path: Path, capsys) -> None:
    raw = make_folder(tmp_path / "raw", 3)
    (raw / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    out = tmp_path / "out"
    assert main(["status", str(out)]) == 2
    assert "no manifest" in capsys.readouterr().err
    main(["clean", str(raw), str(out), "--quiet", "--jobs", "1"])
    capsys.readouterr()
    assert main(["status", str(out)]) == 1
    text = capsys.readouterr().out
    assert f"{out}: 4 inputs: 1 failed, 3 ok" in text
    assert f"failed   {raw / 'image.txt'}: binary file (PNG image), not a web page" in text
    assert "4 inputs, 3 cleaned, 0 unchanged, 1 failed" in text

    (raw / "image.txt").unlink()
    main(["clean", str(raw), str(out), "--quiet", "--jobs", "1"])
    (out / "doc0001.txt").unlink()
    capsys.readouterr()
    assert main(["status", str(out), "--json"]) == 1
    state = json.loads(capsys.readouterr().out)
    assert state["missing_outputs"] == ["doc0001"]
    assert state["last_run"]["unchanged"] == 3 and state["last_run"]["cleaned"] == 0


def test_stale_temporary_files_are_swept_and_a_busy_folder_refused(tmp_path: Path, capsys) -> None:
    raw = make_folder(tmp_path / "raw", 2)
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    stale = [out / ".doc0000.txt.ab12cd_9.tmp", out / "sub" / ".x.json.zz99yy00.tmp"]
    for path in stale:
        path.write_text("half written")
    (out / "notes.tmp").write_text("not ours")
    assert main(["clean", str(raw), str(out), "--quiet", "--jobs", "1"]) == 0
    assert not any(p.exists() for p in stale)
    assert (out / "notes.tmp").exists()

    with Manifest(out):  # a run in this process
        assert main(["clean", str(raw), str(out), "--jobs", "1"]) == 2
    assert "another cleaner run is writing into" in capsys.readouterr().err
    holder = subprocess.Popen([sys.executable, "-c", "import sys; from cleaner.corpus.manifest import Manifest\n"
                               "with Manifest(sys.argv[1]):\n print('held', flush=True); sys.stdin.read()",
                               str(out)], cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        assert main(["clean", str(raw), str(out), "--jobs", "1"]) == 2  # a run in another process
        assert "another cleaner run is writing into" in capsys.readouterr().err
    finally:
        holder.communicate("")
    assert main(["clean", str(raw), str(out), "--jobs", "1", "--quiet"]) == 0, "released when the run ends"


def _run(raw: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "cleaner", "clean", str(raw), str(out), "--jobs", "2",
                             "--quiet"], cwd=REPO, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_a_run_killed_with_kill_9_is_completed_by_the_next(tmp_path: Path) -> None:
    raw = make_folder(tmp_path / "raw", 200)
    reference = tmp_path / "reference"
    assert main(["clean", str(raw), str(reference), "--quiet"]) == 0
    expected = snapshot(reference)

    out = tmp_path / "out"
    proc = _run(raw, out)
    deadline = time.monotonic() + 60
    while len(list(out.glob("*.json"))) < 20 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.005)
    assert proc.poll() is None, "the run ended before it could be killed: give it more pages"
    os.killpg(proc.pid, signal.SIGKILL)  # the run and its worker processes, at once
    proc.wait()
    partial = snapshot(out)
    assert 0 < len(partial) < len(expected)
    for name, data in partial.items():
        if not name.endswith(".tmp"):
            assert data == expected[name], f"{name} is not whole"

    proc = _run(raw, out)
    assert proc.wait(timeout=120) == 0, proc.stderr.read().decode()
    assert snapshot(out) == expected
    assert not [p for p in out.rglob("*.tmp")], "no temporary file left"
    assert set(rows(out).values()) == {("ok", None)} and len(rows(out)) == 200


def _alive(group: int) -> bool:
    """True while a process of the group is running (zombies left unreaped by a container's
    init do not count)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            return True
    return False


def test_a_killed_runs_lock_and_workers_die_with_it(tmp_path: Path) -> None:
    """kill -9 of the parent alone: its forked workers die with it (they would otherwise live
    on, orphaned, writing beside the next run), an immediate re-run is not refused as "another
    cleaner run" (the lock was the parent's), and completes the batch as an uninterrupted
    run would."""
    raw = make_folder(tmp_path / "raw", 200)
    reference = tmp_path / "reference"
    assert main(["clean", str(raw), str(reference), "--quiet"]) == 0
    expected = {name: data for name, data in snapshot(reference).items() if not name.endswith(".tmp")}

    out = tmp_path / "out"
    proc = _run(raw, out)  # its own process group: the workers can be found and ended after
    try:
        deadline = time.monotonic() + 60
        while len(list(out.glob("*.json"))) < 10 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.005)
        assert proc.poll() is None, "the run ended before it could be killed: give it more pages"
        os.kill(proc.pid, signal.SIGKILL)  # the parent only
        proc.wait()
        deadline = time.monotonic() + 30  # a guard, not a speed check: the kernel acts at once
        while _alive(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(proc.pid), "the workers outlived their parent"

        again = _run(raw, out)
        assert again.wait(timeout=120) == 0, again.stderr.read().decode()
        again.stderr.close()
    finally:
        if _alive(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)  # the orphaned workers of the killed run
        proc.stderr.close()
    final = {name: data for name, data in snapshot(out).items() if not name.endswith(".tmp")}
    assert final == expected  # (an orphan may have left a temporary file: the next run sweeps it)
    assert set(rows(out).values()) == {("ok", None)} and len(rows(out)) == 200
