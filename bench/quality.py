"""Extraction quality of `cleaner` next to trafilatura and jusText on the shared benchmarks.

    python bench/quality.py [--bench scrapinghub,wcxb,fundus,daniel,europa|both|news|all]
        [--mode html|text|both] [--shape text,text80,inscriptis,bs4] [--limit N]
        [--worst K] [--titles K] [--systems cleaner,trafilatura,...] [--json OUT]
        [--shared PATH] [--dumps PATH] [--cjk-chars] [--timeout S]

Pages are loaded by bench/benches.py, the systems live in bench/systems.py, the metrics
in bench/metrics.py. See bench/README.md for what the figures mean.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.benches import (  # noqa: E402,F401 - BENCH_DIRS, BENCHES, Page: used by bench/gate.py
    ALL_BENCHES, BENCH_DIRS, BENCHES, DEFAULT_DUMPS, GROUPS, MODES, NEWS, SHAPES, Page,
    ShapeUnavailable, expand_benches, load_pages)
from bench.metrics import (  # noqa: E402
    aggregate_scrapinghub, aggregate_wcxb, cjk_share, shingle_scores, snippet_confusion,
    word_bag_scores)
from bench.systems import (  # noqa: E402,F401 - run_system: used by bench/gate.py and the tests
    CLEANER_OPTIONS, SYSTEMS, Output, as_output, run_system)

DEFAULT_SYSTEMS = ",".join(SYSTEMS)

# F1 figures the benchmark READMEs publish for the same inputs (text mode: the `text` shape).
REFERENCE_F1 = {
    ("scrapinghub", "html", "trafilatura"): 0.960,
    ("scrapinghub", "html", "trafilatura-precision"): 0.964,
    ("scrapinghub", "text", "trafilatura"): 0.670,
    ("scrapinghub", "text", "keep-everything"): 0.642,
    ("wcxb", "html", "trafilatura"): 0.937,
    ("wcxb", "text", "trafilatura"): 0.806,
    ("wcxb", "text", "keep-everything"): 0.784,
}


# ---------------------------------------------------------------- scoring


def scored_text(bench: str, page: Page, output: Output | str) -> str:
    """The text a page is scored on: news-dev pages whose gold includes the headline get the
    headline the system's metadata found (if any) followed by the clean text."""
    out = as_output(output)
    if bench in NEWS and page.title_in_gold and out.title:
        return f"{out.title}\n\n{out.text}"
    return out.text


def score_page(bench: str, page: Page, output: Output | str, cjk_chars: bool) -> dict[str, Any]:
    """Per-page scores: ScrapingHub 4-shingles, else the WCXB word bag (plus WCXB snippets).
    news-dev zh/ja pages are always tokenised one Han/kana character per token."""
    text = scored_text(bench, page, output)
    if bench == "scrapinghub":
        return shingle_scores(text, page.gold, cjk_chars=cjk_chars)
    cjk = cjk_chars or (bench in NEWS and page.cjk)
    row = word_bag_scores(text, page.gold, cjk_chars=cjk)
    if bench == "wcxb":
        row.update(snippet_confusion(text, page.with_, page.without, cjk_chars=cjk))
    return row


def aggregate(bench: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The published figures of a run: ScrapingHub's, or the mean per-page word-bag ones."""
    return aggregate_scrapinghub(rows) if bench == "scrapinghub" else aggregate_wcxb(rows)


def normalise_ws(text: str | None) -> str:
    """White space runs as one space, none at the ends."""
    return " ".join((text or "").split())


def headline_summary(base: dict[str, Any], pages: list[Page], outputs: list[Output]) -> dict[str, Any]:
    """Headline accuracy of one run: found title == meta title after white-space
    normalisation, over pages with a gold title (and, looser, found title a prefix of the
    meta title: daniel's titles are mostly the <title> element, "Headline - Site");
    and how many found an author."""
    pairs = [(p, o) for p, o in zip(pages, outputs) if normalise_ws(p.title)]
    misses = [(p.id, normalise_ws(p.title), normalise_ws(o.title)) for p, o in pairs
              if normalise_ws(o.title) != normalise_ws(p.title)]
    prefix = sum(1 for p, o in pairs
                 if normalise_ws(o.title) and normalise_ws(p.title).startswith(normalise_ws(o.title)))
    return {**base, "pages": len(pages), "gold_titles": len(pairs), "exact": len(pairs) - len(misses),
            "prefix": prefix,
            "found_title": sum(1 for o in outputs if normalise_ws(o.title)),
            "found_author": sum(1 for o in outputs if normalise_ws(o.author)), "misses": misses}


# ---------------------------------------------------------------- printing


def _fmt(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _share(n: int, d: int) -> str:
    return f"{n / d:.3f}" if d else "-"


def print_rows(lines: list[tuple[str, ...]], left: int = 4) -> None:
    """A table: the first `left` columns left-aligned, the rest right-aligned; a row shorter
    than the header is a free-text row (its last cell printed as is)."""
    widths = [max(len(line[i]) for line in lines if i < len(line)) for i in range(len(lines[0]))]
    for n, line in enumerate(lines):
        cells = [c.ljust(widths[i]) if i < left else c.rjust(widths[i]) for i, c in enumerate(line)]
        if len(line) < len(lines[0]):
            cells = [c.ljust(widths[i]) for i, c in enumerate(line[:-1])] + [line[-1]]
        print("  ".join(cells).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))


def print_table(summaries: list[dict[str, Any]]) -> None:
    """The main table, one row per bench / mode / shape / system."""
    lines = [("bench", "mode", "shape", "system", "P", "R", "F1", "Acc", "pages/s", "secs", "pages",
              "empty", "errors", "README F1")]
    for s in summaries:
        if s.get("skipped"):
            lines.append((s["bench"], s["mode"], s["shape"], s["system"], "skipped: " + s["skipped"]))
            continue
        lines.append((
            s["bench"], s["mode"], s["shape"], s["system"], _fmt(s["precision"]), _fmt(s["recall"]),
            _fmt(s["f1"]), _fmt(s["accuracy"]) if s["bench"] == "scrapinghub" else "-",
            f"{s['pages_per_second']:.1f}", f"{s['seconds']:.1f}", str(s["n"]),
            str(s["n_empty_pred"]), str(s["n_errors"]), _fmt(s.get("reference_f1")),
        ))
    print_rows(lines)


def print_snippets(summaries: list[dict[str, Any]]) -> None:
    """The WCXB snippet table (with found / missed, without found / absent)."""
    lines = [("bench", "mode", "shape", "system", "with found (TP)", "with missed (FN)",
              "without found (FP)", "without absent (TN)", "with recall", "without leak")]
    for s in summaries:
        if s["bench"] != "wcxb" or s.get("skipped"):
            continue
        with_total, without_total = s["tp"] + s["fn"], s["fp"] + s["tn"]
        lines.append((s["bench"], s["mode"], s["shape"], s["system"], str(s["tp"]), str(s["fn"]),
                      str(s["fp"]), str(s["tn"]), _share(s["tp"], with_total),
                      _share(s["fp"], without_total)))
    if len(lines) > 1:
        print("\nWCXB snippets (with: must appear; without: boilerplate that must not)")
        print_rows(lines)


def print_headlines(heads: list[dict[str, Any]], k: int) -> None:
    """Headline accuracy per news-dev folder / mode / shape, and up to `k` misses of each."""
    if not heads:
        return
    print("\nHeadlines (news-dev): cleaner's metadata title vs meta.jsonl's, exact after white-space "
          "normalisation;\nprefix: the found title starts the meta title (e.g. without a ' - Site' "
          "suffix); authors found (no gold)")
    lines = [("bench", "mode", "shape", "system", "pages", "gold titles", "exact", "accuracy",
              "prefix", "prefix share", "title found", "author found", "author share")]
    for h in heads:
        lines.append((h["bench"], h["mode"], h["shape"], h["system"], str(h["pages"]), str(h["gold_titles"]),
                      str(h["exact"]), _share(h["exact"], h["gold_titles"]), str(h["prefix"]),
                      _share(h["prefix"], h["gold_titles"]), str(h["found_title"]),
                      str(h["found_author"]), _share(h["found_author"], h["pages"])))
    print_rows(lines)
    for h in heads if k > 0 else ():
        print(f"\n{min(k, len(h['misses']))} of {len(h['misses'])} headline misses: "
              f"{h['bench']} / {h['mode']} / {h['shape']}  (id: gold | found)")
        for pid, gold, found in h["misses"][:k]:
            print(f"  {pid[:60]}: {gold[:80]!r} | {found[:80]!r}")


def print_worst(key: tuple[str, str, str, str], rows: list[dict[str, Any]], k: int) -> None:
    """The `k` lowest per-page F1 of one run, with P, R and words predicted / gold."""
    bench, mode, shape, system = key
    ranked = sorted(rows, key=lambda r: (r["f1"], r["precision"] or 0.0, r["recall"], r["id"]))[:k]
    print(f"\n{k} worst pages for {system}: {bench} / {mode} / {shape} (per-page F1; "
          f"{'4-shingle' if bench == 'scrapinghub' else 'word-bag'})")
    lines = [("id", "F1", "P", "R", "words pred/gold", "note")]
    for r in ranked:
        note = r["error"] or ("empty output" if not r["pred_words"] else "")
        if not r["gold_words"]:
            note = (note + "; " if note else "") + "empty gold"
        lines.append((r["id"][:70], _fmt(r["f1"]), _fmt(r["precision"]), _fmt(r["recall"]),
                      f"{r['pred_words']}/{r['gold_words']}", note[:100]))
    widths = [max(len(line[i]) for line in lines) for i in range(6)]
    for n, line in enumerate(lines):
        print("  ".join(c.ljust(widths[i]) if i in (0, 5) else c.rjust(widths[i])
                        for i, c in enumerate(line)).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))


# ---------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line, checked (unknown bench, shape or system: an error)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", default="both",
                        help=f"comma-separated benches or groups, from {', '.join(ALL_BENCHES)}; "
                             "groups: " + ", ".join(f"{g}={'+'.join(m)}" for g, m in GROUPS.items())
                             + " (default both)")
    parser.add_argument("--mode", choices=(*MODES, "both"), default="both")
    parser.add_argument("--shape", default="text",
                        help=f"text-mode input shape(s), comma-separated, from {', '.join(SHAPES)} "
                             "(default text)")
    parser.add_argument("--dumps", type=Path, default=DEFAULT_DUMPS,
                        help=f"cache of the shapes bench/make_dumps.py makes (default {DEFAULT_DUMPS})")
    parser.add_argument("--set", action="append", default=[], metavar="STAGE.KEY=VALUE",
                        help="override a stage option for the cleaner runs (VALUE read as JSON), e.g. "
                             "--set mainregion.switch_cost=1.0 (repeatable)")
    parser.add_argument("--limit", type=int, default=None,
                        help="only the first N pages (by id) of each benchmark")
    parser.add_argument("--worst", type=int, default=10, metavar="K",
                        help="list the K worst pages for cleaner per bench/mode/shape (0: none)")
    parser.add_argument("--titles", type=int, default=0, metavar="K",
                        help="list up to K headline misses per news-dev folder/mode/shape (default 0)")
    parser.add_argument("--systems", default=DEFAULT_SYSTEMS,
                        help=f"comma-separated, from: {', '.join(SYSTEMS)} (default: all)")
    parser.add_argument("--json", metavar="OUT", help="write every per-page row (and the summary) here")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared",
                        help="the shared directory holding benchmarks/ (default: ../shared next to the repo)")
    parser.add_argument("--cjk-chars", action="store_true",
                        help="tokenise Han/kana characters one by one on every page (news-dev zh/ja "
                             "pages always are)")
    parser.add_argument("--timeout", type=float, default=300.0,
                        help="seconds one page may take before it counts as an error (0: no limit)")
    args = parser.parse_args(argv)
    try:
        args.benches = expand_benches(args.bench)
    except ValueError as err:
        parser.error(str(err))
    args.shapes = [s.strip() for s in args.shape.split(",") if s.strip()]
    bad = [s for s in args.shapes if s not in SHAPES]
    if bad or not args.shapes:
        parser.error(f"unknown shape(s): {', '.join(bad) or '(none)'}; known: {', '.join(SHAPES)}")
    args.systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    unknown = [s for s in args.systems if s not in SYSTEMS]
    if unknown:
        parser.error(f"unknown system(s): {', '.join(unknown)}; known: {', '.join(SYSTEMS)}")
    from cleaner.config import stage_options

    try:
        CLEANER_OPTIONS.update(stage_options(args.set))
    except ValueError as err:
        parser.error(str(err))
    return args


def runs(args: argparse.Namespace) -> list[tuple[str, str, str]]:
    """(bench, mode, shape) of every run asked for; html mode has the shape '-'."""
    modes = MODES if args.mode == "both" else (args.mode,)
    return [(bench, mode, shape) for bench in args.benches for mode in modes
            for shape in (args.shapes if mode == "text" else ("-",))]


def main(argv: list[str] | None = None) -> int:
    """Run every bench / mode / shape / system asked for and print the report."""
    args = parse_args(argv)
    started = time.perf_counter()
    loaded: dict[tuple[str, str, str], list[Page]] = {}
    try:  # every input first: a missing shape stops the run before any system runs
        for bench, mode, shape in runs(args):
            loaded[bench, mode, shape] = load_pages(args.shared, bench, mode, args.limit,
                                                    shape="text" if shape == "-" else shape, dumps=args.dumps)
    except ShapeUnavailable as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    summaries: list[dict[str, Any]] = []
    all_rows: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    heads: list[dict[str, Any]] = []
    worst: list[tuple[tuple[str, str, str, str], list[dict[str, Any]]]] = []
    cjk_pages: dict[str, int] = {}

    for (bench, mode, shape), pages in loaded.items():
        cjk = sum(1 for p in pages if cjk_share(p.gold) > 0.5)
        auto = sum(1 for p in pages if p.cjk) if bench in NEWS else 0
        cjk_pages[bench] = auto
        print(f"[{bench}/{mode}/{shape}] {len(pages)} pages ({sum(1 for p in pages if not p.gold.strip())} "
              f"with empty gold, {cjk} with mostly-CJK gold, {auto} zh/ja scored per character)",
              file=sys.stderr, flush=True)
        for system in args.systems:
            factory, system_modes, _ = SYSTEMS[system]
            if mode not in system_modes:
                continue
            base = {"bench": bench, "mode": mode, "shape": shape, "system": system}
            try:
                extract = factory(mode)
            except Exception as err:  # noqa: BLE001 - e.g. a module still missing
                summaries.append({**base, "skipped": f"{type(err).__name__}: {err}"})
                print(f"  {system}: skipped ({type(err).__name__}: {err})", file=sys.stderr, flush=True)
                continue
            if pages:  # warm-up (imports, pipeline build, caches), not timed
                run_system(extract, pages[:1], args.timeout)
            results, seconds = run_system(extract, pages, args.timeout)
            outputs = [as_output(out) for out, _, _ in results]
            rows = []
            for page, out, (_, elapsed, error) in zip(pages, outputs, results):
                row = {**base, "id": page.id, "seconds": round(elapsed, 4), "error": error,
                       "title": out.title, **score_page(bench, page, out, args.cjk_chars)}
                rows.append(row)
                if error:
                    errors.append(row)
            summary = {**base, **aggregate(bench, rows), "seconds": seconds,
                       "pages_per_second": len(pages) / seconds if seconds > 0 else float("inf"),
                       "n_errors": sum(1 for r in rows if r["error"]),
                       "reference_f1": None if args.limit or args.cjk_chars or shape not in ("-", "text")
                       else REFERENCE_F1.get((bench, mode, system))}
            summaries.append(summary)
            all_rows.extend(rows)
            if system == "cleaner":
                worst.append(((bench, mode, shape, system), rows))
                if bench in NEWS:
                    heads.append(headline_summary(base, pages, outputs))
            print(f"  {system}: F1 {summary['f1']:.3f}, {seconds:.1f}s, {summary['n_errors']} errors",
                  file=sys.stderr, flush=True)

    notes = [" (--cjk-chars: Han/kana tokenised per character on every page)" if args.cjk_chars else ""]
    if any(cjk_pages.get(b) for b in NEWS):
        counts = ", ".join(f"{b} {n}" for b, n in cjk_pages.items() if b in NEWS and n)
        notes.append(f"\nnews-dev zh/ja pages are tokenised one Han/kana character per token, "
                     f"automatically ({counts} pages).")
    if any(b in NEWS for b in args.benches):
        notes.append("\nnews-dev (fundus, daniel, europa): mean per-page word-bag P / R / F1, per folder; "
                     "where the gold includes the headline, the system's headline (if any) is scored "
                     "before its text.")
    print(f"\nScrapingHub: 4-shingle P (non-empty predictions) / R (all) / F1 of the means / "
          f"exact-token accuracy.\nWCXB: mean per-page word-bag P / R / F1.{''.join(notes)}\n"
          f"pages/s: pages / summed wall time of the extraction calls (one process, after one "
          f"untimed warm-up page).\n")
    print_table(summaries)
    print_snippets(summaries)
    print_headlines(heads, args.titles)
    if args.worst > 0:
        for key, rows in worst:
            print_worst(key, rows, args.worst)
    if errors:
        print(f"\nPages that raised (scored as empty output): {len(errors)}")
        for row in errors:
            print(f"  {row['bench']}/{row['mode']}/{row['shape']}/{row['system']} {row['id']}: "
                  f"{row['error'][:200]}")
    print(f"\nTotal run time {time.perf_counter() - started:.0f}s", file=sys.stderr)

    if args.json:
        out = {"args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
               "summary": summaries, "headlines": heads, "rows": all_rows}
        Path(args.json).write_text(json.dumps(out, indent=1, ensure_ascii=False), encoding="utf-8")
        print(f"wrote {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
