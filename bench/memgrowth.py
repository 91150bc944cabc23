"""Resident memory of one process cleaning text dumps, every so many documents.

    python bench/memgrowth.py [--docs 4000] [--every 500] [--shared ../shared/benchmarks]

The dumps of ScrapingHub and WCXB dev (the 892 pages `throughput.py` replicates into its
corpus) are cleaned in a cycle through the library; every `--every` documents it prints the
process's resident memory (`VmRSS`) and how many n-grams langdetect's table has cached. Flat
once every page has been seen means no cache grows with the corpus.
"""
from __future__ import annotations

import argparse
import sys
from itertools import cycle, islice
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import cleaner  # noqa: E402
from cleaner.stages.language import _factory  # noqa: E402

BENCHES = ("scrapinghub", "wcxb-dev-articles")


def resident_mib() -> float:
    """This process's resident memory, MiB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=4000)
    ap.add_argument("--every", type=int, default=500)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "benchmarks")
    args = ap.parse_args(argv)
    pages = [text for bench in BENCHES for path in sorted((args.shared / bench / "text").glob("*.txt"))
             if (text := path.read_text(encoding="utf-8")).strip()]
    for done, page in enumerate(islice(cycle(pages), args.docs), 1):
        cleaner.clean(page, format="text")
        if done % args.every == 0:
            cached = len(_factory().word_lang_prob_map._made)
            print(f"{done:6d} documents  RSS {resident_mib():6.1f} MiB  langdetect n-grams cached {cached}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
