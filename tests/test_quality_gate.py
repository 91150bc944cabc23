"""The quality gate (bench/gate.py): the fixed benchmark sample must not score below the baseline.

The gate needs `../shared` (the benchmarks and the seeds) beside the repository, as CI has
it; without it these tests fail, saying so, rather than skip. A baseline is rewritten on
purpose only: `python bench/gate.py --write-baseline` (see bench/README.md, "Quality gate").
"""
from __future__ import annotations

from pathlib import Path

import pytest

from bench import gate
from cleaner import Config


@pytest.fixture(scope="module")
def shared() -> Path:
    """The shared benchmark folder; a clear failure (never a skip) when it is missing."""
    try:
        gate.check_shared(gate.SHARED)
    except gate.GateError as err:
        pytest.fail(f"{err}. CI keeps ../shared beside the clone; the quality gate cannot be skipped.")
    return gate.SHARED


@pytest.fixture(scope="module")
def baseline() -> dict:
    """The committed baseline file."""
    return gate.load_baseline(gate.BASELINE)


def test_baseline_holds_the_sample_and_every_figure(shared, baseline):
    assert list(baseline["figures"]) == list(gate.FIGURES)
    sample = baseline["sample"]
    for bench in gate.BENCHES:
        ids = sample[bench]
        assert len(ids) == gate.SAMPLE_SIZE and len(set(ids)) == len(ids)
        assert set(ids) <= set(gate.all_ids(shared, bench)), f"{bench}: sample ids not in the benchmark"
    assert sample[gate.SEEDS] == gate.seed_names(shared)


def test_quality_gate(shared):
    """The gate itself: every figure within the tolerance of its baseline."""
    comparison, measured = gate.run_gate(shared, gate.BASELINE, Config())
    table = gate.format_table(comparison, measured)
    print(table)
    assert comparison.passed, "\n" + table
    assert all(fig.pages for fig in measured.values())


def test_a_broken_config_fails_the_gate(shared, baseline):
    """The gate can fail: without the text-mode `mainregion` stage both text figures drop."""
    text_figures = ("scrapinghub/text", "wcxb/text")
    comparison, measured = gate.run_gate(shared, gate.BASELINE, Config(disable=("mainregion",)), text_figures)
    table = gate.format_table(comparison, measured)
    print(table)
    assert not comparison.passed, "\n" + table
    assert sorted(row.figure for row in comparison.failed) == sorted(text_figures), table
    for row in comparison.failed:
        assert row.status == "FAIL" and row.delta is not None and row.delta < -gate.TOLERANCE
    assert "FAIL" in table.splitlines()[-1]


def test_compare_fails_only_on_a_drop_beyond_the_tolerance():
    base = {"a": 0.5, "b": 0.5, "c": 0.5, "d": 0.5}
    comparison = gate.compare(base, {"a": 0.4951, "b": 0.4949, "c": 0.6, "d": 0.5}, tolerance=0.005)
    assert [(row.figure, row.status) for row in comparison.rows] == [
        ("a", "ok"), ("b", "FAIL"), ("c", "ok"), ("d", "ok")]
    assert [row.figure for row in comparison.failed] == ["b"] and not comparison.passed
    assert gate.compare(base, {"a": 0.5, "b": 0.5, "c": 0.5, "d": 0.5}).passed


def test_compare_fails_on_a_missing_figure_or_one_without_baseline():
    comparison = gate.compare({"a": 0.9, "b": 0.9}, {"a": 0.9, "z": 1.0})
    assert {row.figure: row.status for row in comparison.rows} == {"a": "ok", "b": "missing", "z": "no baseline"}
    assert not comparison.passed
    table = gate.format_table(comparison)
    assert "missing" in table and "FAIL: b, z" in table


def test_missing_benchmarks_stop_the_gate_with_a_clear_message(tmp_path):
    with pytest.raises(gate.GateError, match="missing: .*scrapinghub"):
        gate.check_shared(tmp_path)
    with pytest.raises(gate.GateError, match="shared benchmarks"):
        gate.run_gate(tmp_path, gate.BASELINE)
