"""How often the language stage's stop-word shortcut answers, and whether langdetect agrees.

    python bench/language_agreement.py [--shared ../shared]

For every text dump of both benchmarks (no declared language: the case the shortcut is
for), the sample the language stage takes is checked twice: the stop-word leader when
`LanguageStage.settled_by_stop_words` gives it, and langdetect on the same sample. Prints how many
pages the shortcut decided, how many of those langdetect agrees with, and the others.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import cleaner  # noqa: E402
from cleaner import Config  # noqa: E402
from cleaner.reading import InputError  # noqa: E402
from cleaner.patterns import load_patterns  # noqa: E402
from cleaner.stages.language import LanguageStage, detect, sample  # noqa: E402

# the stages the language stage runs after are the only ones left on
AFTER_LANGUAGE = ("language", "chrome", "share", "comments", "paywall", "newsletter", "teaser", "mainregion",
                  "byline", "captions", "title", "layout", "whitespace", "typography", "quotes", "names",
                  "garbled")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = ap.parse_args(argv)
    stage = LanguageStage(load_patterns())
    config = Config(disable=AFTER_LANGUAGE)
    agree, disagree, undecided = Counter(), [], 0
    for path in sorted(args.shared.glob("benchmarks/*/text/*.txt")):
        try:
            doc = cleaner.clean(path.read_bytes(), config=config).document
        except InputError:
            continue
        text = sample(doc, stage.opts["max_chars"])
        leader = stage.settled_by_stop_words(text)
        if not leader:
            undecided += 1
            continue
        found = detect(text, stage.opts["trials"])
        if found and found[0] == leader:
            agree[leader] += 1
        else:
            disagree.append((path.name, leader, found))
    decided = sum(agree.values()) + len(disagree)
    print(f"{decided + undecided} dumps: stop words decide {decided}, langdetect agrees on "
          f"{sum(agree.values())} ({dict(agree.most_common())}); left to langdetect: {undecided}")
    for name, leader, found in disagree:
        print(f"  disagree: {name}: stop words {leader}, langdetect {found}")
    return 1 if disagree else 0


if __name__ == "__main__":
    raise SystemExit(main())
