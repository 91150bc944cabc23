"""The Ray engine on a local Ray (2 CPUs): the same outputs as the local engine.

CI and the README's test command install `.[test,ray]`, so this test runs there. Without Ray
(the light local install, `.[test]`) it is skipped, saying how to run it; but where `CI` is
set a missing Ray fails the run instead, so CI cannot pass without testing the Ray engine.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

NEEDS_RAY = "Ray is not installed (the light '.[test]' install); pip install -e '.[test,ray]' runs this test"
try:
    import ray
except ImportError:
    if not os.environ.get("CI"):
        pytest.skip(NEEDS_RAY, allow_module_level=True)
    ray = None  # under CI: the test below fails, saying why

from cleaner.cli import main
from corpus import make_folder, make_jsonl, snapshot


@pytest.fixture(scope="module")
def local_ray():
    if ray is None:
        pytest.fail(f"CI must test the Ray engine: {NEEDS_RAY}", pytrace=False)
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def test_ray_engine_writes_what_the_local_engine_writes(tmp_path: Path, local_ray, capsys) -> None:
    raw = make_folder(tmp_path / "raw", 8)
    (raw / "empty.txt").write_bytes(b"")
    assert main(["clean", str(raw), str(tmp_path / "local"), "--jobs", "1", "--quiet"]) == 1
    assert main(["clean", str(raw), str(tmp_path / "ray"), "--engine", "ray", "--quiet"]) == 1
    assert f"error: {raw / 'empty.txt'}: empty input" in capsys.readouterr().err
    local, remote = snapshot(tmp_path / "local"), snapshot(tmp_path / "ray")
    assert len(local) == 16 and local == remote
    assert main(["status", str(tmp_path / "ray")]) == 1
    assert "9 inputs: 1 failed, 8 ok" in capsys.readouterr().out
    assert main(["clean", str(raw), str(tmp_path / "ray"), "--engine", "ray"]) == 1
    assert "(1 failed, 9 unchanged)" in capsys.readouterr().err

    src = make_jsonl(tmp_path / "in.jsonl", 10)
    with src.open("a") as out:
        out.write("{broken\n")
    assert main(["clean", "--jsonl", str(src), "-o", str(tmp_path / "local.jsonl"), "--jobs", "1", "--quiet"]) == 1
    assert main(["clean", "--jsonl", str(src), "-o", str(tmp_path / "ray.jsonl"), "--engine", "ray"]) == 1
    assert f"error: {src}:11: invalid JSON" in capsys.readouterr().err
    assert (tmp_path / "local.jsonl").read_bytes() == (tmp_path / "ray.jsonl").read_bytes()
    assert (tmp_path / "ray.jsonl").read_bytes().count(b"\n") == 10
