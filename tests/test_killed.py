"""A run killed with SIGKILL leaves no partial output: every NAME.txt / NAME.json in the
output folder is whole (the one an uninterrupted run writes), and the only other files are
hidden temporary files that the next run sweeps away. (Resuming the batch is
tests/test_batch's business; here it only shows the leftovers do no harm.)
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cleaner.cli import main

SEEDS = sorted((Path(__file__).parent / "fixtures" / "seeds" / "raw").glob("*.txt"))
INPUTS = 40
STARTUP = 120  # seconds: a guard for the child to start writing, not a measurement


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """INPUTS distinct pages and the output of an uninterrupted run over them."""
    root = tmp_path_factory.mktemp("killed")
    folder = root / "in"
    folder.mkdir()
    for i in range(INPUTS):
        seed = SEEDS[i % len(SEEDS)].read_text(encoding="utf-8")
        (folder / f"page{i:03d}.txt").write_text(f"Édition numéro {i} du journal local.\n\n{seed}", encoding="utf-8")
    reference = root / "reference"
    assert main(["clean", str(folder), str(reference), "--jobs", "1", "--quiet"]) == 0
    return folder, reference


def outputs(folder: Path) -> dict[str, Path]:
    return {p.name: p for p in folder.iterdir() if p.suffix in (".txt", ".json") and not p.name.startswith(".")}


def kill_when(out: Path, folder: Path, ready) -> None:
    """Start `cleaner clean folder out` in a child and SIGKILL it as soon as `ready(out)`."""
    child = subprocess.Popen([sys.executable, "-m", "cleaner", "clean", str(folder), str(out), "--jobs", "1",
                              "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + STARTUP
    try:
        while not (out.is_dir() and ready(out)):
            assert child.poll() is None, "the run ended before the moment to kill it came: " + \
                child.stderr.read().decode()[-2000:]
            assert time.monotonic() < deadline, "the run wrote nothing in time"
            time.sleep(0.001)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        child.stderr.close()


def assert_only_whole_outputs(out: Path, reference: Path) -> int:
    """Every visible output equals the uninterrupted run's; the rest is hidden temporary files."""
    expected = outputs(reference)
    seen = outputs(out)
    for name, path in seen.items():
        if name.endswith(".json"):
            assert json.loads(path.read_text(encoding="utf-8")) == json.loads(expected[name].read_text(encoding="utf-8"))
        else:
            assert path.read_bytes() == expected[name].read_bytes(), f"{name} is not whole"
    others = [p.name for p in out.iterdir() if p.name not in seen]
    assert all(n.startswith(".") and (n.endswith(".tmp") or n.startswith(".cleaner-manifest")) for n in others), others
    return len(seen)


@pytest.mark.parametrize("moment", ["first temporary file", "half the outputs"])
def test_kill_9_leaves_only_whole_outputs(corpus: tuple[Path, Path], tmp_path: Path, moment: str) -> None:
    folder, reference = corpus
    out = tmp_path / "out"
    if moment == "first temporary file":  # killed in the middle of write_atomic
        kill_when(out, folder, lambda d: any(n.endswith(".tmp") for n in os.listdir(d)))
    else:
        kill_when(out, folder, lambda d: len(outputs(d)) >= INPUTS)
    assert assert_only_whole_outputs(out, reference) < 2 * INPUTS

    assert main(["clean", str(folder), str(out), "--jobs", "1", "--quiet"]) == 0
    assert assert_only_whole_outputs(out, reference) == 2 * INPUTS
    assert not [n for n in os.listdir(out) if n.endswith(".tmp")], "the re-run sweeps the temporary files"
