"""What each DOM pre-pass rule of the `html` stage costs and gains, per development set.

    python bench/domcost.py [--bench wcxb,fundus,daniel,europa] [--rules comments,share,...]
        [--sample daniel=400] [--set html.dom_off=...] [--examples K] [--json OUT]

One pass with the rules as configured (default: all on) records, per page, which rule
removed which text (`html:dom_<kind>` drops) and which rules fired at all (an element
removed, text or not; the split-body join). For each rule it counts the words removed, the
gold words among them, and the gold words *lost*: missing from the output and in that
rule's removed text (a multiset; one lost word may be counted for two rules). Then the
ablation: each rule switched off (`html.dom_off`), re-run on the pages where it fired (on
the others nothing can change), and the mean per-page F1 of the set with those pages'
new scores, next to trafilatura's default run on the same pages in the same process.
Scoring is `bench/quality.py`'s (the headline found put before the text where the gold
has one; zh/ja per character). `--sample BENCH=N`: at most N pages of a set, evenly spaced
through its sorted ids (stable).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.benches import NEWS, Page, expand_benches, load_pages, page_ids  # noqa: E402
from bench.metrics import tokenize  # noqa: E402
from bench.quality import score_page, scored_text  # noqa: E402
from bench.systems import Output, make_trafilatura, run_system  # noqa: E402

DEV_SETS = "wcxb,fundus,daniel,europa"
ABLATE = ("comments", "share", "captions", "hidden", "other_posts", "related", "author_box", "footnotes",
          "promo", "navigation", "newsletter", "popup", "paywall", "print_only", "cookie", "join")


class Recorder:
    """Wraps the pre-pass's `remove` and `_keep_tail` to note which rules fired on a page."""

    def __init__(self) -> None:
        from cleaner.htmlmode import prune

        self.fired: set[str] = set()
        original_remove, original_keep = prune.remove, prune._keep_tail

        def remove(el: Any, doc: Any, stage: Any, kind: str, size: int, reason: str) -> None:
            self.fired.add(kind)
            original_remove(el, doc, stage, kind, size, reason)

        def keep_tail(el: Any) -> None:
            self.fired.add("join")
            original_keep(el)

        prune.remove, prune._keep_tail = remove, keep_tail


def sample_ids(shared: Path, bench: str, n: int | None) -> list[str]:
    """The ids of `bench`, or `n` of them evenly spaced through the sorted ids."""
    ids = page_ids(shared, bench)
    if not n or n >= len(ids):
        return ids
    return [ids[(2 * i + 1) * len(ids) // (2 * n)] for i in range(n)]


def cleaner_runner(options: dict[str, dict[str, Any]], recorder: Recorder):
    """An extractor returning (Output, dom drops [(kind, text)], rules fired)."""
    from cleaner.api import clean
    from cleaner.config import Config

    config = Config(options=options)

    def run(page: Page) -> Any:
        recorder.fired = set()
        result = clean(page.data, source=page.path, config=config)
        drops = [(c.rule.removeprefix("dom_"), c.before) for c in result.changes
                 if c.stage == "html" and c.kind == "drop" and c.rule.startswith("dom_")]
        meta = result.metadata
        out = Output(result.text or "", meta.get("title") or None, meta.get("author") or None)
        out.drops, out.fired = drops, set(recorder.fired)  # type: ignore[attr-defined]
        return out

    return run


def tokens(bench: str, page: Page, text: str) -> Counter[str]:
    """The scoring tokens of `text` on `page` (lowercase `\\w+`; zh/ja one character each)."""
    return Counter(tokenize(text, lower=True, cjk_chars=bench in NEWS and page.cjk))


def attribution(bench: str, page: Page, out: Output) -> dict[str, dict[str, int]]:
    """Per rule: words removed, gold words among them, gold words lost (not in the output)."""
    gold = tokens(bench, page, page.gold)
    kept = tokens(bench, page, scored_text(bench, page, out))
    lost = gold - kept
    per: dict[str, Counter[str]] = {}
    for kind, text in out.drops:  # type: ignore[attr-defined]
        per.setdefault(kind, Counter()).update(tokens(bench, page, text))
    return {kind: {"words": sum(bag.values()), "gold": sum((bag & gold).values()),
                   "lost": sum((bag & lost).values())} for kind, bag in per.items()}


def worst_drop(bench: str, page: Page, out: Output, kind: str) -> str:
    """The removed text of `kind` on the page holding the most gold words (shortened)."""
    gold = tokens(bench, page, page.gold)
    texts = [t for k, t in out.drops if k == kind and t]  # type: ignore[attr-defined]
    return max(texts, key=lambda t: sum((tokens(bench, page, t) & gold).values()))[:160]


def with_options(base: dict[str, dict[str, Any]], off: str) -> dict[str, dict[str, Any]]:
    """`base` with the rule `off` added to `html.dom_off`."""
    html = dict(base.get("html", {}))
    now = html.get("dom_off") or ""
    now = now.split(",") if isinstance(now, str) else list(now)
    html["dom_off"] = ",".join([*[n for n in now if n.strip()], off])
    return {**base, "html": html}


def run_bench(args: argparse.Namespace, bench: str, options: dict, recorder: Recorder) -> dict[str, Any]:
    """The attribution pass, trafilatura and the ablation on one set."""
    pages = load_pages(args.shared, bench, "html", None, sample_ids(args.shared, bench, args.sample.get(bench)))
    print(f"[{bench}] {len(pages)} pages", file=sys.stderr, flush=True)
    results, secs = run_system(cleaner_runner(options, recorder), pages, args.timeout)
    outs = [r[0] if isinstance(r[0], Output) else Output("") for r in results]
    base = [score_page(bench, p, o, False)["f1"] for p, o in zip(pages, outs)]
    traf, _ = run_system(make_trafilatura("html"), pages, args.timeout)
    traf_f1 = [score_page(bench, p, o, False)["f1"] for p, (o, _, _) in zip(pages, traf)]
    attr: dict[str, Counter[str]] = {}
    examples: dict[str, list[tuple[int, str, str]]] = {}
    fired: dict[str, list[int]] = {}
    for i, (page, out) in enumerate(zip(pages, outs)):
        for kind in getattr(out, "fired", ()):
            fired.setdefault(kind, []).append(i)
        for kind, row in attribution(bench, page, out).items():
            attr.setdefault(kind, Counter()).update({**row, "pages": 1})
            if row["lost"]:
                examples.setdefault(kind, []).append((row["lost"], page.id, worst_drop(bench, page, out, kind)))
    n = len(pages)
    ablation = {}
    for rule in args.rules:
        idx = fired.get(rule, [])
        scores = list(base)
        if idx:
            redo, _ = run_system(cleaner_runner(with_options(options, rule), recorder),
                                 [pages[i] for i in idx], args.timeout)
            for i, (o, _, _) in zip(idx, redo):
                scores[i] = score_page(bench, pages[i], o if isinstance(o, Output) else Output(""), False)["f1"]
        up = sum(1 for i in idx if scores[i] > base[i] + 1e-9)
        down = sum(1 for i in idx if scores[i] < base[i] - 1e-9)
        ablation[rule] = {"fired": len(idx), "f1": sum(scores) / n, "up": up, "down": down,
                          "pages": {pages[i].id: round(scores[i] - base[i], 4) for i in idx
                                    if abs(scores[i] - base[i]) > 1e-9}}
        print(f"  off {rule}: fired {len(idx)}, F1 {sum(scores) / n:.4f} (+{up} -{down})",
              file=sys.stderr, flush=True)
    return {"bench": bench, "pages": n, "seconds": secs, "f1": sum(base) / n, "trafilatura": sum(traf_f1) / n,
            "attribution": {k: dict(v) for k, v in attr.items()}, "ablation": ablation,
            "examples": {k: sorted(v, reverse=True)[:args.examples] for k, v in examples.items()}}


def report(done: list[dict[str, Any]], rules: list[str]) -> None:
    """The attribution table and the ablation table."""
    print("\nRemoved text per rule (all rules as configured): pages with a removal / words removed / "
          "gold words in them / gold words lost (not in the output)")
    kinds = sorted({k for d in done for k in d["attribution"]})
    print("rule".ljust(14) + "".join(d["bench"].rjust(30) for d in done))
    for kind in kinds:
        cells = []
        for d in done:
            a = d["attribution"].get(kind, {})
            cells.append(f"{a.get('pages', 0)}/{a.get('words', 0)}/{a.get('gold', 0)}/{a.get('lost', 0)}".rjust(30))
        print(kind.ljust(14) + "".join(cells))
    print("\nAblation: mean per-page F1 with one rule off (pages where it fired: better / worse)")
    print("config".ljust(16) + "".join(d["bench"].rjust(26) for d in done))
    print("trafilatura".ljust(16) + "".join(f"{d['trafilatura']:.4f}".rjust(26) for d in done))
    print("all on".ljust(16) + "".join(f"{d['f1']:.4f}".rjust(26) for d in done))
    for rule in rules:
        cells = []
        for d in done:
            a = d["ablation"][rule]
            cells.append(f"{a['f1']:.4f} {a['f1'] - d['f1']:+.4f} ({a['up']}/{a['down']})".rjust(26))
        print(f"{rule} off".ljust(16) + "".join(cells))
    print("\nPages losing the most gold words to a rule (lost, id, removed text)")
    for d in done:
        for kind, rows in sorted(d["examples"].items()):
            for lost, pid, text in rows:
                print(f"  {d['bench']} {kind} {lost} {pid[:40]}: {text!r}")


def main(argv: list[str] | None = None) -> int:
    """Measure and print; `--json` keeps everything."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench", default=DEV_SETS)
    parser.add_argument("--rules", default=",".join(ABLATE), help="rules to switch off one at a time")
    parser.add_argument("--sample", action="append", default=[], metavar="BENCH=N",
                        help="at most N pages of BENCH, evenly spaced through its ids (repeatable)")
    parser.add_argument("--set", action="append", default=[], metavar="STAGE.KEY=VALUE")
    parser.add_argument("--examples", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--json", metavar="OUT")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args(argv)
    args.rules = [r.strip() for r in args.rules.split(",") if r.strip()]
    args.sample = {b: int(n) for b, _, n in (item.partition("=") for item in args.sample)}
    from cleaner.config import stage_options

    options = stage_options(args.set)
    recorder = Recorder()
    done = [run_bench(args, bench, options, recorder) for bench in expand_benches(args.bench)]
    report(done, args.rules)
    if args.json:
        Path(args.json).write_text(json.dumps(done, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
