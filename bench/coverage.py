"""How much of the text a page shows ends up in the output or in the record of removals.

    python bench/coverage.py [--bench scrapinghub|wcxb] [--limit N]

For each page, the words of its w3m dump (`text/<id>.txt`: what a reader sees) are looked
up in the words of the clean text and of every removal (`removed[].text`) of the HTML run;
the figure is the share of the dump's word occurrences found, per page, averaged. It is
printed with and without the `html:not_extracted` records (the text extraction left out),
to show what they add. Words the page hides from readers but w3m prints (no CSS) count as
shown; the pre-pass records hidden elements too.
"""
from __future__ import annotations

import argparse
import gzip
import re
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner import clean  # noqa: E402

WORD = re.compile(r"\w+")
FOLDERS = {"scrapinghub": "scrapinghub", "wcxb": "wcxb-dev-articles"}


def coverage(dump: str, found: str) -> float:
    """Share of the word occurrences of `dump` that `found` has (case-folded)."""
    have = set(WORD.findall(found.casefold()))
    words = WORD.findall(dump.casefold())
    return sum(w in have for w in words) / len(words) if words else 1.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", choices=sorted(FOLDERS), default="scrapinghub")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args(argv)
    folder = args.shared / "benchmarks" / FOLDERS[args.bench]
    pages = sorted((folder / "html").iterdir())[: args.limit]
    with_record, without = [], []
    for page in pages:
        dump = folder / "text" / (page.name.split(".")[0] + ".txt")
        if not dump.exists():
            continue
        result = clean(gzip.decompress(page.read_bytes()), source=page.name)
        meta, body = result.metadata, result.text
        text = dump.read_text(encoding="utf-8", errors="replace")
        out = [meta.get("title") or "", *(r["text"] for r in meta["removed"])]
        kept = [r["text"] for r in meta["removed"] if r["rule"] != "not_extracted"]
        with_record.append(coverage(text, " ".join([body, *out])))
        without.append(coverage(text, " ".join([body, meta.get("title") or "", *kept])))
    print(f"{args.bench}: {len(with_record)} pages; words shown found in the output or the record: "
          f"{statistics.mean(with_record):.3f} (without the not_extracted records: {statistics.mean(without):.3f}); "
          f"pages under 0.95: {sum(c < 0.95 for c in with_record)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
