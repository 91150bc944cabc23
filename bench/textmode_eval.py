"""Whole-pipeline figures of a text model for `train_textmode.py`: the prepared pages through the
`mainregion` stage (on a given model file) and every later stage, scored per folder and shape.

As a command, it scores one model file on prepared pages, e.g. the shipped one:

    .venv/bin/python bench/textmode_eval.py --cache /tmp/tm.pkl --model cleaner/models/textmode.json

Scores: `textmode_pages.page_f1` (WCXB's word-bag F1 from `bench/metrics.py`; Han / kana per
character on news-dev pages; the headline the pipeline found put on top where the gold
includes the headline). Clean texts (the gold as input) are scored against the same pipeline
with the stage kept from cutting anything: what the stage takes from a clean text.
"""
from __future__ import annotations

import argparse
import copy
import json
import re
import sys
import tempfile
import time
from pathlib import Path

from textmode_pages import ROOT, Page, _pipelines, page_f1, prepare_pages, word_f1
from textmode_sources import DEFAULT_SETS, SOURCES, parse_sets

from cleaner.document import Document
from cleaner.patterns import load_patterns
from cleaner.stages.mainregion import MainRegionStage

NEVER = 1e9  # a `confident` threshold no score passes: the stage cuts nothing


def stage_of(spec: dict, **options) -> MainRegionStage:
    """The stage running on the model `spec` (written to a temporary file, read once), with `options`."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as fh:
        json.dump(spec, fh)
        path = fh.name
    stage = MainRegionStage(load_patterns(), model=path, **options)
    Path(path).unlink()
    return stage


def run_rest(doc: Document, stage: MainRegionStage | None, after) -> Document:
    """A copy of `doc` (a prepared page) after `stage` and the later stages."""
    doc = copy.deepcopy(doc)
    if stage is not None:
        stage.run(doc)
    for later in after:
        if later.applies_to(doc):
            later.run(doc)
    return doc


def guarded(doc: Document) -> bool:
    """Whether the stage's guard against a cut to next to nothing fired on `doc`."""
    return any(w.stage == "mainregion" and w.rule == "too_little" for w in doc.warnings)


def evaluate(pages: list[Page], spec_of_page, clean: bool = True, guard: dict | None = None,
             empty: dict | None = None) -> tuple[dict, list]:
    """Whole-pipeline page F1 of every dump, per (source, shape): {(source, shape): [(f1, id)]},
    and of every clean text against the pipeline without cuts: [(f1, id)]. `spec_of_page(n)` is
    the model spec page `n` is scored with (its fold's, in cross-validation). `guard`, when
    given, gets per (source, shape) the pages where the guard against a cut to next to nothing
    fired: [(f1 with it, f1 with `fallback` off, f1 with `fallback` all, id)] (elsewhere the
    three are the same). `empty`, when given, gets per (source, shape) the ids of the pages
    whose clean text has no word."""
    _, after = _pipelines()
    stages: dict[int, tuple[MainRegionStage, MainRegionStage]] = {}
    variants: dict[tuple[int, str], MainRegionStage] = {}
    dumps: dict[tuple[str, str], list] = {}
    cleans: list = []
    for n, page in enumerate(pages):
        spec = spec_of_page(n)
        if id(spec) not in stages:
            stages[id(spec)] = (stage_of(spec), stage_of({**spec, "sequence": {**spec["sequence"], "confident": NEVER}}))
        stage, no_cut = stages[id(spec)]
        out = run_rest(page.doc, stage, after)
        f1 = page_f1(out.text(), page.ref, out.metadata.get("title"))
        dumps.setdefault((page.ref.source, page.ref.shape), []).append((f1, page.ref.pid))
        if empty is not None and not re.search(r"\w", out.text()):
            empty.setdefault((page.ref.source, page.ref.shape), []).append(page.ref.pid)
        if guard is not None and guarded(out):
            f1s = []
            for fallback in ("off", "all"):
                if (id(spec), fallback) not in variants:
                    variants[id(spec), fallback] = stage_of(spec, fallback=fallback)
                other = run_rest(page.doc, variants[id(spec), fallback], after)
                f1s.append(page_f1(other.text(), page.ref, other.metadata.get("title")))
            guard.setdefault((page.ref.source, page.ref.shape), []).append((f1, *f1s, page.ref.pid))
        if clean and page.clean is not None:
            got, ref = run_rest(page.clean, stage, after).text(), run_rest(page.clean, no_cut, after).text()
            cleans.append((word_f1(got, ref, page.ref.cjk_chars), page.ref.key))
    return dumps, cleans


def guard_table(dumps: dict, guard: dict) -> str:
    """Per (source, shape): pages where the guard fired, their mean F1 with the best stretch /
    with nothing cut / with the cut standing, and the folder's mean F1 with the guard / without."""
    lines = ["| folder | shape | pages | guard fired | those pages: stretch / all / off | folder: guard / off |",
             "|---|---|---|---|---|---|"]
    for key in sorted(dumps, key=lambda k: (SOURCES.index(k[0]), k[1])):
        rows, fired = dumps[key], guard.get(key, [])
        n = len(rows)
        on, off, every = (sum(r[i] for r in fired) for i in (0, 1, 2))
        cells = f"{on / len(fired):.3f} / {every / len(fired):.3f} / {off / len(fired):.3f}" if fired else "-"
        lines.append(f"| {key[0]} | {key[1]} | {n} | {len(fired)} | {cells} | "
                     f"{mean(rows):.4f} / {mean(rows) - (on - off) / n:.4f} |")
    return "\n".join(lines)


def mean(values: list) -> float:
    """The mean of the first items of `values` (0.0 for none)."""
    return sum(v[0] for v in values) / len(values) if values else 0.0


def table(columns: dict[str, dict[tuple[str, str], list]]) -> str:
    """A markdown table: one row per (source, shape), one column per model."""
    keys = sorted({k for col in columns.values() for k in col}, key=lambda k: (SOURCES.index(k[0]), k[1]))
    lines = ["| folder | shape | pages | " + " | ".join(columns) + " |",
             "|---|---|---|" + "---|" * len(columns)]
    for key in keys:
        n = max(len(col.get(key, [])) for col in columns.values())
        cells = [f"{mean(col[key]):.4f}" if key in col else "" for col in columns.values()]
        lines.append(f"| {key[0]} | {key[1]} | {n} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Score a model file on prepared pages, per folder and shape."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", type=Path, default=ROOT / "cleaner" / "models" / "textmode.json")
    ap.add_argument("--cache", type=Path, default=None, help="pickle of prepared pages (made if missing)")
    ap.add_argument("--sets", default=DEFAULT_SETS, help="source:shape pairs, comma-separated")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--worst", type=int, default=0, help="list the worst pages of each folder and shape")
    ap.add_argument("--fold-models", type=Path, default=None,
                    help="each fold's model (train_textmode.py --fold-models) instead of --model: the CV figures")
    ap.add_argument("--rows", type=Path, default=None, help="write each page's F1 here (JSON)")
    args = ap.parse_args(argv)
    t0 = time.time()
    pages = prepare_pages(args.cache, args.jobs, parse_sets(args.sets))
    guard: dict = {}
    empty: dict = {}
    if args.fold_models:  # cross-validation: each page scored by its fold's model
        folds = json.loads(args.fold_models.read_text(encoding="utf-8"))
        specs, fold_of_page = folds["specs"], dict(folds["fold_of_page"])
        dumps, cleans = evaluate(pages, lambda n: specs[fold_of_page.get(n, 0)], guard=guard, empty=empty)
    else:
        spec = json.loads(args.model.read_text(encoding="utf-8"))
        dumps, cleans = evaluate(pages, lambda n: spec, guard=guard, empty=empty)
    print(table({args.model.name: dumps}))
    print("empty outputs:", ", ".join(f"{k[0]} {k[1]} {len(v)}" for k, v in sorted(empty.items())) or "none")
    print("guard against a cut to next to nothing (mainregion:too_little):")
    print(guard_table(dumps, guard))
    print(f"clean texts vs the pipeline without cuts: {mean(cleans):.4f} ({len(cleans)}); "
          f"worst: " + ", ".join(f"{k} {f:.3f}" for f, k in sorted(cleans)[:5]))
    for key, rows in sorted(dumps.items()) if args.worst else ():
        print(f"worst {key[0]}:{key[1]}:", ", ".join(f"{pid} {f:.2f}" for f, pid in sorted(rows)[:args.worst]))
    if args.rows:
        args.rows.write_text(json.dumps({f"{k[0]}:{k[1]}": sorted(v, key=lambda r: r[1]) for k, v in dumps.items()}))
    print(f"done in {time.time() - t0:.0f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
