"""Extraction quality of `cleaner` next to trafilatura on the shared benchmarks.

    python bench/quality.py [--bench scrapinghub|wcxb|both] [--mode html|text|both]
        [--limit N] [--worst K] [--systems cleaner,trafilatura,...] [--json OUT]
        [--shared PATH] [--cjk-chars] [--timeout S]

See bench/README.md for what the figures mean.
"""
from __future__ import annotations

import argparse
import gzip
import html
import json
import signal
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.metrics import (  # noqa: E402
    aggregate_scrapinghub,
    aggregate_wcxb,
    cjk_share,
    shingle_scores,
    snippet_confusion,
    word_bag_scores,
)

BENCHES = ("scrapinghub", "wcxb")
BENCH_DIRS = {"scrapinghub": "scrapinghub", "wcxb": "wcxb-dev-articles"}
MODES = ("html", "text")

# F1 figures the benchmark READMEs publish for the same inputs (None: none published).
REFERENCE_F1 = {
    ("scrapinghub", "html", "trafilatura"): 0.960,
    ("scrapinghub", "html", "trafilatura-precision"): 0.964,
    ("scrapinghub", "text", "trafilatura"): 0.670,
    ("scrapinghub", "text", "keep-everything"): 0.642,
    ("wcxb", "html", "trafilatura"): 0.937,
    ("wcxb", "text", "trafilatura"): 0.806,
    ("wcxb", "text", "keep-everything"): 0.784,
}


@dataclass
class Page:
    """One benchmark page: its input (bytes, already gunzipped) and its gold."""

    id: str
    path: str
    data: bytes
    gold: str
    with_: list[str] = field(default_factory=list)
    without: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- loading


def load_pages(shared: Path, bench: str, mode: str, limit: int | None,
               ids: list[str] | None = None) -> list[Page]:
    """The pages of `bench` in `mode`, sorted by id (or only `ids`, in that order; ValueError
    on an unknown one), the first `limit` of them."""
    root = shared / "benchmarks" / BENCH_DIRS[bench]
    golds: dict[str, tuple[str, list[str], list[str]]] = {}
    if bench == "scrapinghub":
        truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
        for pid, entry in truth.items():
            golds[pid] = ((entry or {}).get("articleBody") or "", [], [])
    else:
        for path in sorted((root / "ground-truth").glob("*.json")):
            gt = json.loads(path.read_text(encoding="utf-8")).get("ground_truth") or {}
            golds[path.stem] = (gt.get("main_content") or "", list(gt.get("with") or []),
                                list(gt.get("without") or []))
    if ids is not None:
        unknown = [pid for pid in ids if pid not in golds]
        if unknown:
            raise ValueError(f"{bench}: no page {unknown[0]!r} in {root} ({len(unknown)} unknown ids)")
    pages = []
    for pid in (sorted(golds) if ids is None else list(ids))[:limit]:
        path = root / "html" / f"{pid}.html.gz" if mode == "html" else root / "text" / f"{pid}.txt"
        raw = path.read_bytes()
        data = gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
        gold, with_, without = golds[pid]
        pages.append(Page(pid, str(path), data, gold, with_, without))
    return pages


# ---------------------------------------------------------------- systems

Extractor = Callable[[Page], str]


def _decode(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def _lines_as_html(text: str) -> str:
    """A text dump as a minimal HTML page, each non-blank line one <p> (README baseline)."""
    paragraphs = "\n".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    return f"<html><head><meta charset=\"utf-8\"></head><body>\n{paragraphs}\n</body></html>"


# per-stage option overrides for the cleaner runs (`--set STAGE.KEY=VALUE`)
CLEANER_OPTIONS: dict[str, dict[str, Any]] = {}


def make_cleaner(mode: str) -> Extractor:
    from cleaner.api import clean
    from cleaner.config import Config

    config = Config(options=CLEANER_OPTIONS)

    def run(page: Page) -> str:
        return clean(page.data, source=page.path, config=config).text or ""

    return run


def make_trafilatura(mode: str, **options: Any) -> Extractor:
    import trafilatura

    def run(page: Page) -> str:
        text = _decode(page.data)
        doc = text if mode == "html" else _lines_as_html(text)
        return trafilatura.extract(doc, include_comments=False, **options) or ""

    return run


def make_keep_everything(mode: str) -> Extractor:
    def run(page: Page) -> str:
        return _decode(page.data)

    return run


# name -> (factory, modes it applies to, description)
SYSTEMS: dict[str, tuple[Callable[[str], Extractor], tuple[str, ...], str]] = {
    "cleaner": (make_cleaner, MODES, "cleaner.api.clean() on the input bytes"),
    "trafilatura": (make_trafilatura, MODES,
                    "trafilatura.extract(include_comments=False); text mode: one <p> per dump line"),
    "trafilatura-precision": (lambda mode: make_trafilatura(mode, favor_precision=True), ("html",),
                              "trafilatura.extract(include_comments=False, favor_precision=True)"),
    "keep-everything": (make_keep_everything, ("text",), "the text dump itself"),
}
DEFAULT_SYSTEMS = ",".join(SYSTEMS)


class PageTimeout(Exception):
    """A page took longer than --timeout seconds."""


def _on_alarm(signum: int, frame: Any) -> None:
    raise PageTimeout("timed out")


def run_system(extract: Extractor, pages: list[Page], timeout: float) -> tuple[list[tuple[str, float, str | None]], float]:
    """(output, seconds, error) per page, and the summed seconds of the extraction calls.

    An exception (or a timeout) on one page gives an empty output and its error text.
    """
    results = []
    total = 0.0
    use_alarm = timeout > 0 and hasattr(signal, "setitimer")
    if use_alarm:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
    try:
        for page in pages:
            error = None
            start = time.perf_counter()
            try:
                if use_alarm:
                    signal.setitimer(signal.ITIMER_REAL, timeout)
                try:
                    out = extract(page)
                finally:
                    if use_alarm:
                        signal.setitimer(signal.ITIMER_REAL, 0)
            except Exception as err:  # noqa: BLE001 - one bad page must not stop the run
                out = ""
                error = f"{type(err).__name__}: {err}".strip()
                tb = traceback.extract_tb(err.__traceback__)
                if tb:
                    error += f" (at {Path(tb[-1].filename).name}:{tb[-1].lineno})"
            elapsed = time.perf_counter() - start
            total += elapsed
            if not isinstance(out, str):
                out = "" if out is None else str(out)
            results.append((out, elapsed, error))
    finally:
        if use_alarm:
            signal.signal(signal.SIGALRM, previous)
    return results, total


# ---------------------------------------------------------------- scoring


def score_page(bench: str, page: Page, output: str, cjk_chars: bool) -> dict[str, Any]:
    if bench == "scrapinghub":
        return shingle_scores(output, page.gold, cjk_chars=cjk_chars)
    row = word_bag_scores(output, page.gold, cjk_chars=cjk_chars)
    row.update(snippet_confusion(output, page.with_, page.without, cjk_chars=cjk_chars))
    return row


def aggregate(bench: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    return aggregate_scrapinghub(rows) if bench == "scrapinghub" else aggregate_wcxb(rows)


# ---------------------------------------------------------------- printing


def _fmt(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def print_table(summaries: list[dict[str, Any]]) -> None:
    header = ("bench", "mode", "system", "P", "R", "F1", "Acc", "pages/s", "secs", "pages",
              "empty", "errors", "README F1")
    lines = [header]
    for s in summaries:
        if s.get("skipped"):
            lines.append((s["bench"], s["mode"], s["system"], "skipped: " + s["skipped"]))
            continue
        lines.append((
            s["bench"], s["mode"], s["system"], _fmt(s["precision"]), _fmt(s["recall"]), _fmt(s["f1"]),
            _fmt(s["accuracy"]) if s["bench"] == "scrapinghub" else "-",
            f"{s['pages_per_second']:.1f}", f"{s['seconds']:.1f}", str(s["n"]),
            str(s["n_empty_pred"]), str(s["n_errors"]), _fmt(s.get("reference_f1")),
        ))
    _print_rows(lines)


def print_snippets(summaries: list[dict[str, Any]]) -> None:
    lines = [("bench", "mode", "system", "with found (TP)", "with missed (FN)",
              "without found (FP)", "without absent (TN)", "with recall", "without leak")]
    for s in summaries:
        if s["bench"] != "wcxb" or s.get("skipped"):
            continue
        with_total, without_total = s["tp"] + s["fn"], s["fp"] + s["tn"]
        lines.append((s["bench"], s["mode"], s["system"], str(s["tp"]), str(s["fn"]), str(s["fp"]),
                      str(s["tn"]), _fmt(s["tp"] / with_total if with_total else None),
                      _fmt(s["fp"] / without_total if without_total else None)))
    if len(lines) > 1:
        print("\nWCXB snippets (with: must appear; without: boilerplate that must not)")
        _print_rows(lines)


def _print_rows(lines: list[tuple[str, ...]]) -> None:
    widths = [max(len(line[i]) for line in lines if i < len(line)) for i in range(len(lines[0]))]
    for n, line in enumerate(lines):
        cells = [c.ljust(widths[i]) if i < 3 else c.rjust(widths[i]) for i, c in enumerate(line)]
        if len(line) < len(lines[0]):  # a "skipped" row: one free-text cell
            cells = [c.ljust(widths[i]) for i, c in enumerate(line[:3])] + [line[3]]
        print("  ".join(cells).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))


def print_worst(bench: str, mode: str, system: str, rows: list[dict[str, Any]], k: int) -> None:
    ranked = sorted(rows, key=lambda r: (r["f1"], r["precision"] or 0.0, r["recall"], r["id"]))[:k]
    print(f"\n{k} worst pages for {system}: {bench} / {mode} (per-page F1; "
          f"{'4-shingle' if bench == 'scrapinghub' else 'word-bag'})")
    lines = [("id", "F1", "P", "R", "words pred/gold", "note")]
    for r in ranked:
        note = r["error"] or ("empty output" if not r["pred_words"] else "")
        if not r["gold_words"]:
            note = (note + "; " if note else "") + "empty gold"
        lines.append((r["id"], _fmt(r["f1"]), _fmt(r["precision"]), _fmt(r["recall"]),
                      f"{r['pred_words']}/{r['gold_words']}", note[:100]))
    widths = [max(len(line[i]) for line in lines) for i in range(6)]
    for n, line in enumerate(lines):
        print("  ".join(c.ljust(widths[i]) if i in (0, 5) else c.rjust(widths[i])
                        for i, c in enumerate(line)).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))


# ---------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", choices=(*BENCHES, "both"), default="both")
    parser.add_argument("--mode", choices=(*MODES, "both"), default="both")
    parser.add_argument("--set", action="append", default=[], metavar="STAGE.KEY=VALUE",
                        help="override a stage option for the cleaner runs (VALUE read as JSON), e.g. "
                             "--set mainregion.switch_cost=1.0 (repeatable)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages (by id) of each benchmark")
    parser.add_argument("--worst", type=int, default=10, metavar="K",
                        help="list the K worst pages for cleaner per bench/mode (0: none)")
    parser.add_argument("--systems", default=DEFAULT_SYSTEMS,
                        help=f"comma-separated, from: {', '.join(SYSTEMS)} (default: all)")
    parser.add_argument("--json", metavar="OUT", help="write every per-page row (and the summary) here")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared",
                        help="the shared directory holding benchmarks/ (default: ../shared next to the repo)")
    parser.add_argument("--cjk-chars", action="store_true",
                        help="tokenise Han/kana characters one by one (not the published metric)")
    parser.add_argument("--timeout", type=float, default=300.0,
                        help="seconds one page may take before it counts as an error (0: no limit)")
    args = parser.parse_args(argv)
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


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    benches = BENCHES if args.bench == "both" else (args.bench,)
    modes = MODES if args.mode == "both" else (args.mode,)
    summaries: list[dict[str, Any]] = []
    all_rows: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    worst: list[tuple[str, str, str, list[dict[str, Any]]]] = []
    started = time.perf_counter()

    for bench in benches:
        for mode in modes:
            pages = load_pages(args.shared, bench, mode, args.limit)
            cjk = sum(1 for p in pages if cjk_share(p.gold) > 0.5)
            empty_gold = sum(1 for p in pages if not p.gold.strip())
            print(f"[{bench}/{mode}] {len(pages)} pages ({empty_gold} with empty gold, "
                  f"{cjk} with mostly-CJK gold)", file=sys.stderr, flush=True)
            for system in args.systems:
                factory, system_modes, _ = SYSTEMS[system]
                if mode not in system_modes:
                    continue
                base = {"bench": bench, "mode": mode, "system": system}
                try:
                    extract = factory(mode)
                except Exception as err:  # noqa: BLE001 - e.g. a module still missing
                    summaries.append({**base, "skipped": f"{type(err).__name__}: {err}"})
                    print(f"  {system}: skipped ({type(err).__name__}: {err})", file=sys.stderr, flush=True)
                    continue
                if pages:  # warm-up (imports, pipeline build, caches), not timed
                    run_system(extract, pages[:1], args.timeout)
                outputs, seconds = run_system(extract, pages, args.timeout)
                rows = []
                for page, (output, elapsed, error) in zip(pages, outputs):
                    row = {**base, "id": page.id, "seconds": round(elapsed, 4), "error": error,
                           **score_page(bench, page, output, args.cjk_chars)}
                    rows.append(row)
                    if error:
                        errors.append(row)
                summary = {**base, **aggregate(bench, rows), "seconds": seconds,
                           "pages_per_second": len(pages) / seconds if seconds > 0 else float("inf"),
                           "n_errors": sum(1 for r in rows if r["error"]),
                           "reference_f1": None if args.limit or args.cjk_chars
                           else REFERENCE_F1.get((bench, mode, system))}
                summaries.append(summary)
                all_rows.extend(rows)
                if system == "cleaner":
                    worst.append((bench, mode, system, rows))
                print(f"  {system}: F1 {summary['f1']:.3f}, {seconds:.1f}s, "
                      f"{summary['n_errors']} errors", file=sys.stderr, flush=True)

    metric_note = " (--cjk-chars: Han/kana tokenised per character)" if args.cjk_chars else ""
    print(f"\nScrapingHub: 4-shingle P (non-empty predictions) / R (all) / F1 of the means / "
          f"exact-token accuracy.\nWCXB: mean per-page word-bag P / R / F1.{metric_note}\n"
          f"pages/s: pages / summed wall time of the extraction calls (one process, after one "
          f"untimed warm-up page).\n")
    print_table(summaries)
    print_snippets(summaries)
    if args.worst > 0:
        for bench, mode, system, rows in worst:
            print_worst(bench, mode, system, rows, args.worst)
    if errors:
        print(f"\nPages that raised (scored as empty output): {len(errors)}")
        for row in errors:
            print(f"  {row['bench']}/{row['mode']}/{row['system']} {row['id']}: {row['error'][:200]}")
    print(f"\nTotal run time {time.perf_counter() - started:.0f}s", file=sys.stderr)

    if args.json:
        out = {"args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
               "summary": summaries, "rows": all_rows}
        Path(args.json).write_text(json.dumps(out, indent=1, ensure_ascii=False), encoding="utf-8")
        print(f"wrote {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
