"""What a Python user expects of the package: one version, a typed marker shipped, the
metadata (licence, readme, classifiers...) and extras that keep Ray out of the light test
install while CI still tests the Ray engine."""
from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import cleaner

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
TEST_COMMAND = "python3 -m venv .venv && .venv/bin/pip install -e '.[test,ray]' && .venv/bin/python -m pytest -q"


CRATE = tomllib.loads((ROOT / "native" / "Cargo.toml").read_text(encoding="utf-8"))


def test_the_version_is_written_once() -> None:
    """The native crate's Cargo.toml holds the version: maturin writes it into the package
    metadata, and `cleaner.__version__` reads it from the built extension."""
    assert "version" not in PROJECT["project"] and "version" in PROJECT["project"]["dynamic"]
    assert PROJECT["build-system"]["build-backend"] == "maturin"
    assert PROJECT["tool"]["maturin"]["manifest-path"] == "native/Cargo.toml"
    assert importlib.metadata.version("cleaner") == cleaner.__version__ == CRATE["package"]["version"]


def test_the_package_ships_its_data_and_typed_marker() -> None:
    assert (Path(cleaner.__file__).parent / "py.typed").is_file()
    shipped = PROJECT["tool"]["maturin"]["include"]
    assert {"cleaner/py.typed", "cleaner/patterns/*.toml", "cleaner/models/*"} <= set(shipped)
    assert PROJECT["tool"]["maturin"]["module-name"] == "cleaner._native"


def test_ci_tests_and_lints_the_native_crate() -> None:
    """`.ci/run` runs `cargo test` and clippy with warnings as errors, after the Python tests."""
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "cargo test --manifest-path native/Cargo.toml" in run
    assert "cargo clippy --manifest-path native/Cargo.toml --all-targets -- -D warnings" in run


def test_metadata_names_licence_readme_authors_keywords_classifiers() -> None:
    project = PROJECT["project"]
    assert project["license"] == "Apache-2.0" and project["license-files"] == ["LICENSE"]
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in licence and "Version 2.0, January 2004" in licence
    assert "END OF TERMS AND CONDITIONS" in licence
    assert project["readme"] == "README.md" and (ROOT / "README.md").is_file()
    assert project["authors"] and project["keywords"]
    assert "Typing :: Typed" in project["classifiers"]
    assert not [c for c in project["classifiers"] if c.startswith("License ::")], \
        "a licence expression (PEP 639) replaces the licence classifiers"
    assert "urls" not in project, "no URL until the project has a public home"


def test_the_test_extra_leaves_ray_out_and_ci_puts_it_in() -> None:
    extras = PROJECT["project"]["optional-dependencies"]
    assert {"pytest", "hypothesis", "selenium"} <= set(extras["test"])
    assert not [d for d in extras["test"] if d.startswith("ray")]
    assert [d for d in extras["ray"] if d.startswith("ray")]
    assert TEST_COMMAND in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert TEST_COMMAND in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def _ray_test_without_ray(ci: bool) -> subprocess.CompletedProcess[str]:
    """tests/test_ray.py run by pytest in a child where `import ray` fails, with CI set or not."""
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci:
        env["CI"] = "true"
    code = ("import sys; sys.modules['ray'] = None; import pytest; "
            "raise SystemExit(pytest.main(['-q', '-rsE', '-p', 'no:cacheprovider', 'tests/test_ray.py']))")
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("ci", [False, True], ids=["local", "ci"])
def test_the_ray_test_without_ray_skips_locally_and_fails_in_ci(ci: bool) -> None:
    run = _ray_test_without_ray(ci)
    if ci:
        assert run.returncode == 1, run.stdout
        assert "ERROR tests/test_ray.py::test_ray_engine_writes_what_the_local_engine_writes" in run.stdout
        assert "CI must test the Ray engine" in run.stdout
    else:
        assert run.returncode in (0, 5), run.stdout  # 5: the module skipped, so no test ran
        assert "1 skipped" in run.stdout and "error" not in run.stdout
        assert "Ray is not installed" in run.stdout and "'.[test,ray]'" in run.stdout
