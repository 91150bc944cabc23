"""CPU time of the language stage and of `detect()` in a checkout, on news-dev's 80-column dumps.

    python bench/langtime.py ROOT [--pages 300]

Cleans `pages` of news-dev/{daniel,europa,fundus}/text80/*.txt (taken evenly across the
sorted list, from `ROOT/../shared/benchmarks`) with the checkout at ROOT, the first 20 once
untimed; prints CPU ms per page (`time.process_time`) of the language stage, of the
`detect()` calls in it, and of the whole cleaning. Run base and new in turn, a few rounds.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("root", type=Path, help="the checkout to time")
    ap.add_argument("--pages", type=int, default=300)
    args = ap.parse_args(argv)
    root = args.root.resolve()
    sys.path.insert(0, str(root))
    import cleaner
    from cleaner.stages import language
    from cleaner.stages.language import LanguageStage
    assert cleaner.__file__.startswith(str(root)), cleaner.__file__
    news = root.parent / "shared" / "benchmarks" / "news-dev"
    paths = sorted(p for source in ("daniel", "europa", "fundus") for p in (news / source / "text80").glob("*.txt"))
    step = len(paths) / args.pages
    inputs = [data for data in (paths[int(i * step)].read_bytes() for i in range(args.pages)) if data.strip()]
    for data in inputs[:20]:
        cleaner.clean(data)
    spent = {"stage": 0.0, "detect": 0.0}
    calls = 0
    run, detect = LanguageStage.run, language.detect

    def timed_run(self, doc):  # noqa: ANN001, ANN202
        start = time.process_time()
        try:
            return run(self, doc)
        finally:
            spent["stage"] += time.process_time() - start

    def timed_detect(text: str, trials: int = 7):  # noqa: ANN202
        nonlocal calls
        calls += 1
        start = time.process_time()
        try:
            return detect(text, trials)
        finally:
            spent["detect"] += time.process_time() - start

    LanguageStage.run = timed_run
    language.detect = timed_detect
    start = time.process_time()
    for data in inputs:
        cleaner.clean(data)
    total = time.process_time() - start
    n = len(inputs)
    print(f"{root}: {n} pages, {calls} detections; CPU ms a page: language {1000 * spent['stage'] / n:.3f}, "
          f"detect {1000 * spent['detect'] / n:.3f}, total {1000 * total / n:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
