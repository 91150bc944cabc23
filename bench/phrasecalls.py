"""The stages' calls of the native phrase lists, recorded on benchmark pages and timed again.

    python bench/phrasecalls.py record CALLS.pkl [--pages 300]    # in the tree whose calls count
    python bench/phrasecalls.py time CALLS.pkl [--rounds 3] [--per-list] [--answers OUT.pkl]

`record` cleans the first `--pages` WCXB text dumps with every `PhraseList` and `ItemList`
the stages build wrapped, and writes each list (how it was built) and each call of
`search_where`, `first_where`, `fullmatch_where`, `only_items_where` and their one-text forms
(the list, the texts, the asks). The text model's two lists (`Cues`) are left unwrapped: the
native `Page.measure` reads them itself. `time` rebuilds the lists with the native core of the
tree it runs in and calls them again: the median CPU time of all calls over `--rounds`, and
per list the fastest round (`--per-list`). `--answers` writes every call's answer, for
comparing two builds (`cmp` of the two files, or pickle equality).
"""
from __future__ import annotations

import argparse
import dataclasses
import pickle
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import cleaner._native as native  # noqa: E402

CALLS = ("search_where", "first_where", "fullmatch_where", "only_items_where")
ONE = {"search": "search_where", "first": "first_where", "fullmatch": "fullmatch_where",
       "only_items": "only_items_where"}
Recording = tuple[list[tuple[Any, ...]], list[tuple[int, str, list[str], list[bool]]]]


class Recorded:
    """A native list whose matching calls are written to `calls`."""

    def __init__(self, real: Any, spec: tuple[Any, ...], lists: list, calls: list) -> None:
        self.real, self.index, self.calls = real, len(lists), calls
        lists.append(spec)

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.real, name)
        if name in CALLS:
            def many(texts: list[str], ask: list[bool]) -> Any:
                self.calls.append((self.index, name, list(texts), list(ask)))
                return method(texts, ask)
            return many
        if name in ONE:
            def one(text: str) -> Any:
                self.calls.append((self.index, ONE[name], [text], [True]))
                return method(text)
            return one
        return method


def record(pages: int) -> Recording:
    """Clean the first `pages` WCXB text dumps with the lists wrapped; their specs and calls."""
    lists: list[tuple[Any, ...]] = []
    calls: list[tuple[int, str, list[str], list[bool]]] = []
    real_phrases, real_items = native.PhraseList, native.ItemList

    def phrase_list(items: list[str], word_start: Any, ignore_case: bool = True) -> Recorded:
        spec = ("P", list(items), word_start if isinstance(word_start, bool) else list(word_start), ignore_case)
        return Recorded(real_phrases(items, word_start, ignore_case), spec, lists, calls)

    def whole_lines(items: list[str]) -> Recorded:
        return Recorded(real_phrases.lines(items), ("L", list(items)), lists, calls)

    def item_list(items: list[str]) -> Recorded:
        return Recorded(real_items(items), ("I", list(items)), lists, calls)

    phrase_list.lines = whole_lines  # type: ignore[attr-defined]
    native.PhraseList, native.ItemList = phrase_list, item_list  # type: ignore[misc, assignment]
    import cleaner
    import cleaner.stages.mainregion as mainregion
    from cleaner.textmode import features

    real_cues = features.line_cues

    def line_cues(patterns: Any) -> Any:
        cues = real_cues(patterns)
        return dataclasses.replace(cues, comment=cues.comment.real, stamp=cues.stamp.real)

    features.line_cues = mainregion.line_cues = line_cues  # type: ignore[assignment]
    root = REPO.parent / "shared" / "benchmarks" / "wcxb-dev-articles" / "text"
    for path in sorted(root.glob("*.txt"))[:pages]:
        data = path.read_bytes()
        if data.strip():
            cleaner.clean(data)
    return lists, calls


def rebuilt(spec: tuple[Any, ...]) -> Any:
    """The native list `spec` describes, built by this tree's native core."""
    if spec[0] == "P":
        return native.PhraseList(spec[1], spec[2], spec[3])
    if spec[0] == "L":
        return native.PhraseList.lines(spec[1])
    return native.ItemList(spec[1])


def replay(recording: Recording, rounds: int) -> tuple[list[float], dict[int, float], list[Any]]:
    """CPU seconds of all calls per round, the fastest round per list, and the answers."""
    lists, calls = recording
    built = [rebuilt(spec) for spec in lists]
    bound = [(getattr(built[i], name), texts, ask, i) for i, name, texts, ask in calls]
    answers = [call(texts, ask) for call, texts, ask, _ in bound]  # compiles the lists, warms their caches
    totals, per_list = [], defaultdict(lambda: float("inf"))
    for _ in range(rounds):
        spent: dict[int, float] = defaultdict(float)
        start = time.process_time()
        for call, texts, ask, i in bound:
            t = time.process_time()
            call(texts, ask)
            spent[i] += time.process_time() - t
        totals.append(time.process_time() - start)
        for i, s in spent.items():
            per_list[i] = min(per_list[i], s)
    return totals, dict(per_list), answers


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("record")
    rec.add_argument("calls", type=Path)
    rec.add_argument("--pages", type=int, default=300)
    tim = sub.add_parser("time")
    tim.add_argument("calls", type=Path)
    tim.add_argument("--rounds", type=int, default=3)
    tim.add_argument("--per-list", action="store_true")
    tim.add_argument("--answers", type=Path)
    args = ap.parse_args(argv)
    if args.command == "record":
        lists, calls = record(args.pages)
        args.calls.write_bytes(pickle.dumps((lists, calls)))
        print(f"{len(lists)} lists, {len(calls)} calls, {sum(len(c[2]) for c in calls)} texts")
        return 0
    recording = pickle.loads(args.calls.read_bytes())
    totals, per_list, answers = replay(recording, args.rounds)
    print(f"all calls: {statistics.median(totals) * 1e3:.1f} ms (median of {args.rounds})")
    if args.per_list:
        lists, calls = recording
        for i in sorted(per_list, key=lambda k: -per_list[k]):
            texts = sum(len(c[2]) for c in calls if c[0] == i)
            print(f"{per_list[i] * 1e3:8.1f} ms  {lists[i][0]} {len(lists[i][1]):4d} phrases  {texts:7d} texts  "
                  f"{lists[i][1][0][:40]!r}")
    if args.answers:
        args.answers.write_bytes(pickle.dumps(answers))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
