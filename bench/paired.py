"""CPU time of cleaner (on the text dump and on the HTML) and of trafilatura (on the HTML),
page by page in one process.

    python bench/paired.py [--pages 300] [--shared ../shared/benchmarks]
        [--benches scrapinghub,wcxb-dev-articles] [--dumps text] [--spread]

--benches news-dev/fundus,news-dev/daniel,news-dev/europa --dumps text80 --spread times the
news pages and their 80-column dumps: --spread takes pages evenly over all the benchmarks'
pages (sorted by name, which groups them by language) instead of the first ones.

`throughput.py` runs whole processes, what a user sees; but on this VM the machine's speed
drifts by a third within a minute, and two whole runs a minute apart can disagree more than
the systems do. Here each page is cleaned as a dump, cleaned as HTML and extracted by
trafilatura (its default, `extract(include_comments=False)`) one right after the other, the
order turning from page to page, each call timed with `time.process_time()`: a drift slows
the three alike. Start-up is left out (`throughput.py` counts it). Prints the pages per
CPU-second of each, and the ratios to trafilatura's.
"""
from __future__ import annotations

import argparse
import gzip
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import trafilatura  # noqa: E402

import cleaner  # noqa: E402

BENCHES = ("scrapinghub", "wcxb-dev-articles")  # as throughput.py, in its order
WARM_UP = 10


def load_pairs(shared: Path, pages: int, benches: tuple[str, ...] = BENCHES, dumps: str = "text",
               spread: bool = False) -> list[tuple[str, str]]:
    """`(html, text dump)` of `pages` pages that have both, benchmark by benchmark: the first
    ones, or (`spread`) pages evenly spaced over all of them. `dumps`: the dumps' folder."""
    found: list[tuple[Path, Path]] = []
    for bench in benches:
        for page in sorted((shared / bench / "html").glob("*.html.gz")):
            dump = shared / bench / dumps / page.name.replace(".html.gz", ".txt")
            if dump.is_file():
                found.append((page, dump))
    if spread and len(found) > pages:
        found = [found[i * len(found) // pages] for i in range(pages)]
    return [(gzip.decompress(page.read_bytes()).decode("utf-8", errors="replace"), dump.read_text(encoding="utf-8"))
            for page, dump in found[:pages]]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "benchmarks")
    ap.add_argument("--benches", default=",".join(BENCHES), help="benchmark folders under --shared")
    ap.add_argument("--dumps", default="text", help="the dumps' folder in each (news-dev: text or text80)")
    ap.add_argument("--spread", action="store_true", help="pages evenly over all, not the first ones")
    args = ap.parse_args(argv)
    pairs = load_pairs(args.shared, args.pages, tuple(args.benches.split(",")), args.dumps, args.spread)
    if not pairs:
        raise SystemExit(f"no pages with both HTML and a text dump under {args.shared}")
    systems: dict[str, Callable[[str, str], object]] = {
        "cleaner text": lambda page, dump: cleaner.clean(dump, format="text"),
        "cleaner html": lambda page, dump: cleaner.clean(page, format="html"),
        "trafilatura html": lambda page, dump: trafilatura.extract(page, include_comments=False),
    }
    names = list(systems)
    for page, dump in pairs[:WARM_UP]:  # builds the pipeline, imports trafilatura's fallbacks
        for name in names:
            systems[name](page, dump)
    spent = dict.fromkeys(names, 0.0)
    for i, (page, dump) in enumerate(pairs):
        for name in names[i % 3:] + names[:i % 3]:
            start = time.process_time()
            systems[name](page, dump)
            spent[name] += time.process_time() - start
    speed = {name: len(pairs) / seconds for name, seconds in spent.items()}
    print(f"{len(pairs)} pages, each through the three in turn (CPU time, start-up left out)")
    for name in names:
        print(f"  {name:17s} {1000 * spent[name] / len(pairs):6.2f} ms a page  {speed[name]:6.1f} pages per CPU-second")
    base = speed["trafilatura html"]
    print(f"  text / trafilatura {speed['cleaner text'] / base:.2f}x   html / trafilatura {speed['cleaner html'] / base:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
