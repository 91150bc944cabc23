"""Quality gate: a fixed benchmark sample, scored and compared with a committed baseline.

    python bench/gate.py                       # score the sample, compare, print the table
    python bench/gate.py --write-baseline      # on purpose only: rewrite bench/gate_baseline.json
    python bench/gate.py --disable mainregion --figures scrapinghub/text,wcxb/text   # try a config

The sample: 60 ScrapingHub and 60 WCXB-dev pages (evenly spaced in sorted id order; the ids
are listed in the baseline file, so the sample stays fixed), each run as the HTML page and
as the `text/` dump, plus the 5 seed pages. Figures: ScrapingHub 4-shingle F1 and WCXB mean
word-bag F1 (`bench/metrics.py`, through `bench/quality.py`'s loading and scoring), and the
seeds' mean bag-of-words F1 (`seeds/score.py`, as `tests/test_seeds.py` uses it). The gate
fails when a figure is more than `TOLERANCE` below its baseline. `tests/test_quality_gate.py`
runs it in CI. See bench/README.md, "Quality gate".
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.metrics import tokenize  # noqa: E402
from bench.quality import (  # noqa: E402
    BENCH_DIRS, BENCHES, MODES, Page, aggregate, load_pages, run_system, score_page)
from cleaner import Config  # noqa: E402
from cleaner.api import clean  # noqa: E402

BASELINE = REPO / "bench" / "gate_baseline.json"
SHARED = REPO.parent / "shared"
TOLERANCE = 0.005  # a figure may fall this much below its baseline, no more
SAMPLE_SIZE = 60  # pages per benchmark
PAGE_TIMEOUT = 60.0  # seconds; a page taking longer is scored as empty output (an error)
SEEDS = "seeds"
FIGURES = (*(f"{b}/{m}" for b in BENCHES for m in MODES), SEEDS)


class GateError(Exception):
    """The gate cannot run: the benchmarks or the baseline are missing or do not match."""


@dataclass(frozen=True)
class Figure:
    """One measured figure: its value, pages scored, empty outputs, pages that raised."""

    name: str
    value: float
    pages: int
    empty: int
    errors: int
    seconds: float
    first_error: str | None = None


@dataclass(frozen=True)
class Row:
    """One line of the comparison: a figure's baseline, its value now, and the verdict."""

    figure: str
    baseline: float | None
    now: float | None
    status: str  # "ok", "FAIL", "missing" (not measured) or "no baseline"

    @property
    def delta(self) -> float | None:
        """now - baseline (None when either is missing)."""
        return None if self.baseline is None or self.now is None else self.now - self.baseline


@dataclass(frozen=True)
class Comparison:
    """The gate's verdict: one row per figure; it passes when every row is "ok"."""

    rows: list[Row]
    tolerance: float

    @property
    def failed(self) -> list[Row]:
        """The rows that fail the gate."""
        return [row for row in self.rows if row.status != "ok"]

    @property
    def passed(self) -> bool:
        """True when no figure fails."""
        return not self.failed


# ---------------------------------------------------------------- the sample


def check_shared(shared: Path) -> None:
    """Raise GateError naming what is missing when `shared` lacks the benchmarks or the seeds."""
    needed = [shared / "benchmarks" / BENCH_DIRS[b] / sub for b in BENCHES for sub in ("html", "text")]
    needed += [shared / "seeds" / "raw", shared / "seeds" / "expected", shared / "seeds" / "score.py"]
    missing = [str(path) for path in needed if not path.exists()]
    if missing:
        raise GateError(f"the quality gate needs the shared benchmarks beside the repo ({shared}); "
                        f"missing: {', '.join(missing)}")


def all_ids(shared: Path, bench: str) -> list[str]:
    """Every page id of `bench` (those with a ground-truth entry, as `load_pages` reads them), sorted."""
    root = shared / "benchmarks" / BENCH_DIRS[bench]
    if bench == "scrapinghub":
        return sorted(json.loads((root / "ground-truth.json").read_text(encoding="utf-8")))
    return sorted(path.stem for path in (root / "ground-truth").glob("*.json"))


def seed_names(shared: Path) -> list[str]:
    """The seed page names (stems of `seeds/raw/*.txt`), sorted."""
    return sorted(path.stem for path in (shared / "seeds" / "raw").glob("*.txt"))


def spread(ids: list[str], size: int) -> list[str]:
    """`size` ids evenly spaced through `ids` (the middle of each of `size` equal slices)."""
    if size >= len(ids):
        return list(ids)
    return [ids[(2 * i + 1) * len(ids) // (2 * size)] for i in range(size)]


def draw_sample(shared: Path, size: int = SAMPLE_SIZE) -> dict[str, list[str]]:
    """The deterministic sample: `size` ids per benchmark and every seed name."""
    sample = {bench: spread(all_ids(shared, bench), size) for bench in BENCHES}
    sample[SEEDS] = seed_names(shared)
    return sample


# ---------------------------------------------------------------- scoring


def _seed_score(shared: Path) -> ModuleType:
    """`seeds/score.py` as a module (the seeds' own metric, as tests/test_seeds.py loads it)."""
    spec = importlib.util.spec_from_file_location("seed_score", shared / "seeds" / "score.py")
    if spec is None or spec.loader is None:
        raise GateError(f"cannot load {shared / 'seeds' / 'score.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score_bench(shared: Path, bench: str, mode: str, ids: list[str], config: Config) -> Figure:
    """The published figure of `bench` in `mode` on the pages `ids`, cleaned with `config`."""
    try:
        pages = load_pages(shared, bench, mode, None, ids=ids)
    except (OSError, ValueError) as err:
        raise GateError(f"{bench}/{mode}: cannot load the sample: {err}") from err

    def extract(page: Page) -> str:
        return clean(page.data, source=page.path, config=config).text or ""

    outputs, seconds = run_system(extract, pages, PAGE_TIMEOUT)
    rows = [score_page(bench, page, output, False) for page, (output, _, _) in zip(pages, outputs)]
    summary = aggregate(bench, rows)
    errors = [f"{page.id}: {error}" for page, (_, _, error) in zip(pages, outputs) if error]
    return Figure(f"{bench}/{mode}", summary["f1"], len(pages), summary["n_empty_pred"], len(errors),
                  seconds, errors[0] if errors else None)


def score_seeds(shared: Path, names: list[str], config: Config) -> Figure:
    """Mean F1 of `seeds/score.py` over the seed pages `names`, cleaned with `config` as the
    seed tests clean them (text and sidecar written to a temporary folder, then scored)."""
    score = _seed_score(shared)
    errors: list[str] = []
    empty = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="gate-seeds-") as tmp:
        out = Path(tmp)
        for name in names:
            try:
                result = clean((shared / "seeds" / "raw" / f"{name}.txt").read_bytes(),
                               source=f"raw/{name}.txt", config=config)
            except Exception as err:  # noqa: BLE001 - scored as a missing output, like a bench page
                errors.append(f"{name}: {type(err).__name__}: {err}")
                empty += 1
                continue
            empty += not tokenize(result.text)
            (out / f"{name}.txt").write_text(result.text + "\n", encoding="utf-8")
            (out / f"{name}.json").write_text(json.dumps(result.metadata, ensure_ascii=False), encoding="utf-8")
        seconds = time.perf_counter() - started
        rows = [score.score_page(name, out) for name in names]
    mean = sum(row["f1"] for row in rows) / len(rows) if rows else 0.0
    return Figure(SEEDS, mean, len(rows), empty, len(errors), seconds, errors[0] if errors else None)


def measure(shared: Path, sample: Mapping[str, list[str]], config: Config | None = None,
            figures: Iterable[str] = FIGURES) -> dict[str, Figure]:
    """Score `figures` (names from FIGURES) on `sample` with `config` (default `Config()`)."""
    config = config or Config()
    check_shared(shared)
    measured: dict[str, Figure] = {}
    for name in figures:
        if name == SEEDS:
            measured[name] = score_seeds(shared, list(sample[SEEDS]), config)
        elif name in FIGURES:
            bench, mode = name.split("/")
            measured[name] = score_bench(shared, bench, mode, list(sample[bench]), config)
        else:
            raise GateError(f"unknown figure {name!r}; known: {', '.join(FIGURES)}")
    return measured


# ---------------------------------------------------------------- baseline and verdict


def compare(baseline: Mapping[str, float], current: Mapping[str, float],
            tolerance: float = TOLERANCE) -> Comparison:
    """Each figure of `baseline` against `current`: "FAIL" when it is more than `tolerance`
    below the baseline, "missing" when not measured; a measured figure without a baseline
    is "no baseline". Every status but "ok" fails the gate."""
    rows = []
    for name, base in baseline.items():
        now = current.get(name)
        if now is None:
            rows.append(Row(name, base, None, "missing"))
        else:
            rows.append(Row(name, base, now, "FAIL" if now < base - tolerance else "ok"))
    rows += [Row(name, None, now, "no baseline") for name, now in current.items() if name not in baseline]
    return Comparison(rows, tolerance)


def load_baseline(path: Path = BASELINE) -> dict[str, Any]:
    """The committed baseline: {"sample": {bench: ids}, "figures": {name: value}, ...}."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise GateError(f"cannot read the baseline {path}: {err} (write it with "
                        f"`python bench/gate.py --write-baseline`)") from err
    if not isinstance(data.get("sample"), dict) or not isinstance(data.get("figures"), dict):
        raise GateError(f"{path} has no 'sample' or no 'figures'")
    return data


def write_baseline(path: Path, sample: Mapping[str, list[str]], measured: Mapping[str, Figure]) -> None:
    """Write the baseline file: the sample ids, the figures (6 decimals) and their details."""
    data = {
        "about": "Quality gate baseline (bench/gate.py, bench/README.md 'Quality gate'). Written by "
                 "`python bench/gate.py --write-baseline` with the default Config; regenerate on purpose only.",
        "tolerance": TOLERANCE,
        "figures": {name: round(fig.value, 6) for name, fig in measured.items()},
        "details": {name: {k: v for k, v in asdict(fig).items() if k in ("pages", "empty", "errors")}
                    for name, fig in measured.items()},
        "sample": {key: list(ids) for key, ids in sample.items()},
    }
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def run_gate(shared: Path = SHARED, baseline_path: Path = BASELINE, config: Config | None = None,
             figures: Iterable[str] | None = None) -> tuple[Comparison, dict[str, Figure]]:
    """Measure `figures` (default: every figure of the baseline) on the baseline's sample with
    `config` and compare them with the baseline's values: (the comparison, the measurements)."""
    baseline = load_baseline(baseline_path)
    names = list(baseline["figures"]) if figures is None else list(figures)
    unknown = [name for name in names if name not in baseline["figures"]]
    if unknown:
        raise GateError(f"no baseline for {', '.join(unknown)} in {baseline_path}")
    measured = measure(shared, baseline["sample"], config, names)
    current = {name: fig.value for name, fig in measured.items()}
    return compare({name: baseline["figures"][name] for name in names}, current), measured


def format_table(comparison: Comparison, measured: Mapping[str, Figure] | None = None) -> str:
    """The comparison as a text table: figure, pages, baseline, now, delta, status."""
    measured = measured or {}

    def num(value: float | None, sign: str = "") -> str:
        if value is not None and abs(value) < 5e-5:
            value = 0.0  # no "-0.0000" for a baseline rounded to 6 decimals
        return "-" if value is None else f"{value:{sign}.4f}"

    lines = [("figure", "pages", "errors", "baseline", "now", "delta", "status")]
    for row in comparison.rows:
        fig = measured.get(row.figure)
        status = row.status if row.status != "FAIL" else f"FAIL (drop > {comparison.tolerance})"
        lines.append((row.figure, str(fig.pages) if fig else "-", str(fig.errors) if fig else "-",
                      num(row.baseline), num(row.now), num(row.delta, "+"), status))
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    text = []
    for n, line in enumerate(lines):
        text.append("  ".join(c.ljust(widths[i]) if i in (0, 6) else c.rjust(widths[i])
                              for i, c in enumerate(line)).rstrip())
        if n == 0:
            text.append("  ".join("-" * w for w in widths))
    for fig in measured.values():
        if fig.first_error:
            text.append(f"{fig.name}: {fig.errors} page(s) raised, e.g. {fig.first_error[:200]}")
    verdict = "PASS" if comparison.passed else f"FAIL: {', '.join(r.figure for r in comparison.failed)}"
    text.append(f"quality gate {verdict} (tolerance {comparison.tolerance} below the baseline)")
    return "\n".join(text)


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    """Command line: run the gate (exit 1 on a failure, 2 when it cannot run) or write the baseline."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write-baseline", action="store_true",
                        help="measure with the default Config and rewrite the baseline (on purpose only)")
    parser.add_argument("--resample", action="store_true",
                        help="with --write-baseline: draw the sample afresh instead of keeping the baseline's")
    parser.add_argument("--baseline", type=Path, default=BASELINE, help=f"default {BASELINE.relative_to(REPO)}")
    parser.add_argument("--shared", type=Path, default=SHARED, help="the folder holding benchmarks/ and seeds/")
    parser.add_argument("--figures", help=f"comma-separated subset of: {', '.join(FIGURES)}")
    parser.add_argument("--disable", action="append", default=[], metavar="STAGE",
                        help="skip a stage (repeatable; see `cleaner stages`)")
    args = parser.parse_args(argv)
    config = Config(disable=tuple(args.disable))
    figures = [f.strip() for f in args.figures.split(",") if f.strip()] if args.figures else None
    started = time.perf_counter()
    try:
        if args.write_baseline:
            if args.disable or figures:
                parser.error("--write-baseline takes the default Config and every figure")
            check_shared(args.shared)
            keep = not args.resample and args.baseline.exists()
            sample = load_baseline(args.baseline)["sample"] if keep else draw_sample(args.shared)
            measured = measure(args.shared, sample, Config(), FIGURES)
            write_baseline(args.baseline, sample, measured)
            for fig in measured.values():
                print(f"{fig.name:18} {fig.value:.4f}  ({fig.pages} pages, {fig.errors} errors, "
                      f"{fig.seconds:.1f}s)")
            print(f"wrote {args.baseline} in {time.perf_counter() - started:.1f}s")
            return 0
        comparison, measured = run_gate(args.shared, args.baseline, config, figures)
    except GateError as err:
        print(f"quality gate cannot run: {err}", file=sys.stderr)
        return 2
    print(format_table(comparison, measured))
    print(f"{sum(f.pages for f in measured.values())} pages in {time.perf_counter() - started:.1f}s")
    return 0 if comparison.passed else 1


if __name__ == "__main__":
    sys.exit(main())
