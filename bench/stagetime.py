"""CPU time per stage and per page, on the benchmark text dumps or HTML pages.

    python bench/stagetime.py [--mode text|html] [--pages 300] [--bench wcxb|scrapinghub|news]

Each registered stage's `run` is wrapped to add up `time.process_time()` (CPU time of
this process: another job on the machine slows the wall clock, not this). The first
20 pages are cleaned once untimed (caches, lazy imports). Prints ms per page for each
stage, the time outside the stages (reading, decoding, the sidecar) and the total. `news`:
news-dev's three sets (80-column dumps in text mode), `pages` spread evenly over them.
"""
from __future__ import annotations

import argparse
import gzip
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # this tree's package, first: ahead of PYTHONPATH and an editable install

import cleaner  # noqa: E402
from cleaner.stages import load_all  # noqa: E402

BENCH_DIRS = {"wcxb": "wcxb-dev-articles", "scrapinghub": "scrapinghub", "news": "news-dev"}


def load(shared: Path, bench: str, mode: str, pages: int) -> list[bytes]:
    """The first `pages` inputs (sorted by name) of `bench` in `mode` (news: spread evenly)."""
    root = shared / "benchmarks" / BENCH_DIRS[bench]
    if bench == "news":
        files = sorted(root.glob("*/text80/*.txt") if mode == "text" else root.glob("*/html/*.html.gz"))
        files = files[::max(1, len(files) // pages)][:pages]
        read = (lambda p: p.read_bytes()) if mode == "text" else (lambda p: gzip.decompress(p.read_bytes()))
        return [read(p) for p in files]
    if mode == "text":
        return [p.read_bytes() for p in sorted((root / "text").glob("*.txt"))[:pages]]
    return [gzip.decompress(p.read_bytes()) for p in sorted((root / "html").glob("*.html.gz"))[:pages]]


def timed(name: str, run: Callable, spent: dict[str, float]) -> Callable:
    """`run` that adds its CPU time to `spent[name]`."""
    def wrapper(self, doc):  # noqa: ANN001, ANN202
        start = time.process_time()
        try:
            return run(self, doc)
        finally:
            spent[name] += time.process_time() - start
    return wrapper


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mode", choices=("text", "html"), default="text")
    ap.add_argument("--bench", choices=tuple(BENCH_DIRS), default="wcxb")
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = ap.parse_args(argv)
    inputs = [data for data in load(args.shared, args.bench, args.mode, args.pages) if data.strip()]
    for data in inputs[:20]:  # builds the pipeline, so every stage class is registered
        cleaner.clean(data)
    spent: dict[str, float] = defaultdict(float)
    for name, cls in load_all().items():
        cls.run = timed(name, cls.run, spent)
    start = time.process_time()
    for data in inputs:
        cleaner.clean(data)
    total = 1000 * (time.process_time() - start) / len(inputs)
    print(f"{args.bench} {args.mode}: {len(inputs)} pages, CPU ms per page")
    for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {name:12s} {1000 * seconds / len(inputs):6.2f}")
    outside = total - 1000 * sum(spent.values()) / len(inputs)
    print(f"  {'(outside)':12s} {outside:6.2f}\n  {'total':12s} {total:6.2f}  = {1000 / total:.1f} pages per CPU-second")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
