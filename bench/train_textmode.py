"""Train the text-mode main-region model (`cleaner/models/textmode.json`) on WCXB dev and news-dev.

Usage (from the repository root; scikit-learn in the venv, never needed by the package).
The model of `bench/models/textmode_news.json` (not shipped; bench/README.md, "The text-mode model"):

    OMP_NUM_THREADS=1 .venv/bin/python bench/train_textmode.py --cache /tmp/tm.pkl --data-cache /tmp/dc.pkl \\
        --jobs 1 --sequence '{"switch_cost": 0.5, "confident": 3.0, "min_confident": 2}' \\
        --out bench/models/textmode_news.json  # [--no-write]

Code: `textmode_sources.py` (which pages, their site, gold and weight), `textmode_pages.py`
(pages, synthetic variants, line labels), `textmode_data.py` (feature rows, labels, weights, word
table), `textmode_model.py` (boosting written out as step tables), `textmode_eval.py` (whole-pipeline
figures per folder and shape), this file (cross-validation, the sequence settings, the command).

Data (`--sets`, `--weights`). WCXB dev `text` dumps (711 article pages, mostly English; one
without main_content is skipped) and news-dev's three folders (fundus, daniel, europa: news in
25+ languages) as `text` (one line per block) and `text80` (hard-wrapped at 80 columns: the
`unwrap` stage rebuilds the paragraphs) dumps. Each page in each shape weighs its folder's
weight: europa is one template, daniel's 1,631 pages would swamp the others. Never ScrapingHub.

Pages. Each dump goes through the real pipeline up to the stage before `mainregion` (segment,
unwrap, mojibake, chrome, ..., language), so the model sees the blocks, and the drops, it will
see at run time. The gold texts go through it too, as clean inputs (every line content): what
the stage must not cut. WCXB pages also get a synthetic variant (comments, teasers spliced in)
and a "foreign" copy (no rule drops, no word table: a language nothing knows).

Labels. The kept blocks' tokens (lower-cased `\\w+`, each Han / kana character a token of its
own) are laid end to end and aligned to the gold tokens with difflib's SequenceMatcher (autojunk
off): the longest common runs, in order, so a menu word that also occurs in the article does not
count unless it sits where the article does. A block is content when at least half of its tokens
are aligned. The title line (equal to the gold title) is labelled content too: the `title`
stage, later, takes it out as metadata. Blocks without any token get no label (weight 0).
Features: `cleaner.stages.mainregion.extract`, the function the stage runs.

Model. Gradient boosting with scikit-learn, each depth-2 tree on one feature or on one of the
`--pairs` pairs an unconstrained fit uses most: an additive model of step functions written out
as tables of bin edges and log-odds (`values[bisect_left(edges, x)]`), evaluated by the stage in
plain Python. Sample weights: the folder's weight times 1 + the square root of the line's size.

Sequence. The stage decodes the scores with a two-state Viterbi (`switch_cost` per change) and
keeps everything when fewer than `min_confident` lines score below `-confident`: the three are
chosen on the out-of-fold scores (best weighted dump F1 keeping clean texts), or `--sequence`.

Figures. 5-fold cross-validation grouped by site (GroupKFold: no site is in training and test):
line accuracy, page word F1 of the kept lines, then through the whole rest of the pipeline
(byline, captions, title, layout... run after the stage), per folder and shape
(`textmode_eval.py`): the figure comparable to `bench/quality.py --mode text`.
"""
from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from textmode_data import LEX_MIN_ABS, LEX_MIN_PAGES, Data, Item  # noqa: F401 (Item: for --data-cache pickles)
from textmode_eval import evaluate, guard_table, mean, table
from textmode_model import N_PAIRS, choose_pairs, fit, spec_of, table_scores, to_tables
from textmode_pages import ROOT, Page, prepare_pages
from textmode_sources import DEFAULT_SETS, DEFAULT_WEIGHTS, parse_sets, parse_weights


def cross_validate(data: Data, folds: int, trees: int, rate: float, n_pairs: int):
    """Out-of-fold scores (from the tables, as the stage computes them), each fold's model
    (tables and lexicon, both from the other folds only) and the fold of each page. Folds are
    grouped by site: no site is in the training and the test part of a fold."""
    import numpy as np
    from sklearn.model_selection import GroupKFold
    oof = np.zeros(len(data.X))
    fold_row = np.zeros(len(data.X), dtype=int)
    fold_tables = []
    y, w = data.y, data.w
    for k, (tr, te) in enumerate(GroupKFold(folds).split(data.X, y, data.site)):
        t0 = time.time()
        lexicon = data.lexicon(tr)
        X = data.with_lexicon(lexicon)
        pairs = choose_pairs(X[tr], y[tr], w[tr], trees, rate, n_pairs) if n_pairs else []
        clf = fit(X[tr], y[tr], w[tr], trees, rate, pairs)
        tables = to_tables(clf, X[tr])
        fold_tables.append((tables, lexicon))
        fold_row[te] = k
        oof[te] = table_scores(tables, X[te])
        off = np.abs(clf.decision_function(X[te]) - oof[te]) > 1e-2
        if off.any():  # sklearn compares float32 copies of X; a value at an edge may fall the other way
            print(f"fold {k}: {int(off.sum())} of {len(te)} rows differ from sklearn by > 0.01")
        print(f"fold {k}: {len(tr)} training rows, {time.time() - t0:.0f}s", flush=True)
    fold_of_page = {item.page: int(fold_row[item.a]) for item in data.items if item.b > item.a}
    return oof, fold_tables, fold_of_page


SWITCH_COSTS = (0.0, 0.5, 1.0, 1.5, 2.0, 3.0)
CONFIDENT = (2.0, 3.0, 4.0)
MIN_CONFIDENT = (1, 2, 3)
MIN_CLEAN = 0.997  # mean word F1 the clean texts must keep (against themselves)


def choose_sequence(data: Data, oof, min_switch_cost: float = 0.0) -> tuple[dict, list[str]]:
    """The sequence settings with the best dump F1 among those that keep clean texts
    (mean clean-text F1 >= `MIN_CLEAN`), with a switch cost of at least `min_switch_cost`."""
    lines, best = [], None
    for sc in (c for c in SWITCH_COSTS if c >= min_switch_cost):
        for cf in CONFIDENT:
            for mc in MIN_CONFIDENT:
                seq = {"switch_cost": sc, "confident": cf, "min_confident": mc}
                dump, clean = data.page_f1(oof, seq), data.page_f1(oof, seq, "clean")
                lines.append(f"  {seq}: dumps {dump:.4f} clean texts {clean:.4f}")
                if clean >= MIN_CLEAN and (best is None or dump > best[0]):
                    best = (dump, seq)
    if best is None:
        best = (0.0, {"switch_cost": SWITCH_COSTS[-1], "confident": CONFIDENT[-1], "min_confident": MIN_CONFIDENT[-1]})
    return best[1], lines


def run_cv(args, data: Data, pages: list[Page]) -> dict:
    """Cross-validate, print the figures, choose the sequence: {"sequence", "acc", "f_dump",
    "f_clean", "cv_note"}."""
    import numpy as np
    X, y, w = data.X, data.y, data.w
    oof, fold_tables, fold_of_page = cross_validate(data, args.folds, args.trees, args.rate, args.pairs)
    labelled = w > 0
    dump_rows = np.zeros(len(X), dtype=bool)
    for item in data.items:
        dump_rows[item.a:item.b] = item.kind == "dump"
    acc = float(np.mean((oof[labelled & dump_rows] > 0) == (y[labelled & dump_rows] > 0.5)))
    print(f"out-of-fold line accuracy on dumps {acc:.4f} (labelled lines)")
    sign = {"switch_cost": 0.0, "confident": 0.0, "min_confident": 0}
    print(f"kept lines, per-line sign: dumps {data.page_f1(oof, sign):.4f} "
          f"clean texts {data.page_f1(oof, sign, 'clean'):.4f} (weighted means)")
    sequence, grid = choose_sequence(data, oof, args.min_switch_cost)
    if args.sequence:  # settings given: the grid is printed (--verbose), not used
        sequence = json.loads(args.sequence)
    if args.verbose:
        print("\n".join(grid))
    f_dump, f_clean = data.page_f1(oof, sequence), data.page_f1(oof, sequence, "clean")
    kept = {key: [(f, "") for f, _ in v] for key, v in data.kept_f1(oof, sequence).items()}
    print(f"kept lines, Viterbi {sequence}: dumps {f_dump:.4f} clean texts {f_clean:.4f} "
          f"synthetic variants {data.page_f1(oof, sequence, 'synth'):.4f} "
          f"WCXB dumps without rule drops or word table {data.page_f1(oof, sequence, 'foreign'):.4f}")
    print(table({"kept lines, CV": kept}), flush=True)

    cv_note = ""
    if not args.no_pipeline_cv:
        specs = [spec_of(tables, sequence, {}, lexicon) for tables, lexicon in fold_tables]
        if args.fold_models:  # to score the same folds again (textmode_eval.py --fold-models)
            args.fold_models.write_text(json.dumps({"specs": specs, "fold_of_page": list(fold_of_page.items())}))
        guard: dict = {}
        empty: dict = {}
        dumps, cleans = evaluate(pages, lambda n: specs[fold_of_page.get(n, 0)], guard=guard, empty=empty)
        print(f"whole pipeline, {args.folds}-fold CV grouped by site:")
        print(table({"new model, CV": dumps}))
        print("empty outputs:", ", ".join(f"{k[0]} {k[1]} {len(v)}" for k, v in sorted(empty.items())) or "none")
        print("guard against a cut to next to nothing (mainregion:too_little):")
        print(guard_table(dumps, guard))
        print(f"clean texts vs the same pipeline without cuts: {mean(cleans):.4f}; worst: "
              + ", ".join(f"{k} {f:.3f}" for f, k in sorted(cleans)[:6]))
        for key, rows in sorted(dumps.items()):
            print(f"worst {key[0]}:{key[1]}:", ", ".join(f"{pid} {f:.2f}" for f, pid in sorted(rows)[:8]))
        cv_note = "; whole pipeline page word F1: " + ", ".join(
            f"{source} {shape} {mean(rows):.4f}" for (source, shape), rows in sorted(dumps.items()))
        cv_note += f" (clean texts vs the stage off: {mean(cleans):.4f})"
        if args.rows:
            args.rows.write_text(json.dumps({f"{k[0]}:{k[1]}": sorted(v, key=lambda r: r[1]) for k, v in dumps.items()}))
    return {"sequence": sequence, "acc": acc, "f_dump": f_dump, "f_clean": f_clean, "cv_note": cv_note,
            "folds": args.folds}


def main(argv: list[str] | None = None) -> int:
    """Cross-validate, choose the sequence settings, fit on every page and write the model."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "cleaner" / "models" / "textmode.json")
    ap.add_argument("--cache", type=Path, default=None, help="pickle of prepared pages (made if missing)")
    ap.add_argument("--data-cache", type=Path, default=None,
                    help="pickle of the feature rows and labels (made if missing; remove it when features change)")
    ap.add_argument("--sets", default=DEFAULT_SETS, help="source:shape pairs, comma-separated")
    ap.add_argument("--weights", default=DEFAULT_WEIGHTS, help="weight of a page (in one shape) per source")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--trees", type=int, default=400)
    ap.add_argument("--rate", type=float, default=0.15)
    ap.add_argument("--pairs", type=int, default=N_PAIRS, help="feature pairs allowed to interact (2-D tables)")
    ap.add_argument("--min-switch-cost", type=float, default=0.5,
                    help="floor for the Viterbi switch cost the grid chooses: 0.5 is the smallest with which "
                         "tests/test_seeds.py's do-no-harm check on clean article bodies passes")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--no-pipeline-cv", action="store_true", help="skip the whole-pipeline CV figures")
    ap.add_argument("--rows", type=Path, default=None, help="write each page's whole-pipeline CV F1 here (JSON)")
    ap.add_argument("--fold-models", type=Path, default=None, help="write each fold's model here (JSON)")
    ap.add_argument("--summary", type=Path, default=None,
                    help="JSON of the CV figures and chosen sequence: written after CV, read with --no-cv")
    ap.add_argument("--sequence", default=None, help='the sequence settings instead of the grid\'s choice, as JSON: '
                    '{"switch_cost": 0.5, "confident": 3.0, "min_confident": 2}')
    ap.add_argument("--no-cv", action="store_true", help="fit on every page and write, with --summary's sequence")
    ap.add_argument("--verbose", action="store_true", help="print the whole sequence grid")
    args = ap.parse_args(argv)

    t0 = time.time()
    sets, weights = parse_sets(args.sets), parse_weights(args.weights)
    pages = prepare_pages(args.cache, args.jobs, sets)
    data = Data(pages, weights, args.jobs, args.data_cache)
    X, y, w = data.X, data.y, data.w
    print(f"{len(pages)} dumps ({args.sets}; weights {args.weights}), with clean texts and variants "
          f"{len(data.items)} inputs, {len(X)} lines ({int(y.sum())} content), prepared in {time.time() - t0:.0f}s",
          flush=True)
    if args.no_cv:  # the CV figures and sequence of an earlier run of the same settings
        summary = json.loads(args.summary.read_text(encoding="utf-8"))
    else:
        summary = run_cv(args, data, pages)
        if args.summary:
            args.summary.write_text(json.dumps(summary, indent=1))
    sequence = summary["sequence"]
    labelled = w > 0

    if not args.no_write:
        lexicon = data.lexicon(range(len(X)))
        X = data.with_lexicon(lexicon)
        pairs = choose_pairs(X, y, w, args.trees, args.rate, args.pairs) if args.pairs else []
        clf = fit(X, y, w, args.trees, args.rate, pairs)
        counts = Counter(f"{p.ref.source} {p.ref.shape}" for p in pages)
        note = {
            "what": "additive model (boosted depth-2 trees as step-function tables) scoring kept text-dump "
                    "lines as article content; see bench/train_textmode.py",
            "trained_on": "dumps run through the pipeline up to mainregion: " + ", ".join(
                f"{v} {k}" for k, v in sorted(counts.items())) + f"; weight per page and shape {args.weights}; "
                "their gold texts as clean inputs; WCXB synthetic variants; "
                f"{int(labelled.sum())} labelled lines; ScrapingHub never used",
            "labels": "dump line is content when >= half its tokens (lower-cased \\w+, Han/kana per character) "
                      "align to the gold (difflib), or it equals the gold title; every line of a clean text is content",
            "model": f"sklearn HistGradientBoostingClassifier, {args.trees} trees of depth 2, rate {args.rate}, "
                     f"each tree on one feature or one of the {args.pairs} pairs an unconstrained depth-2 fit uses "
                     "most; weight: folder weight x (1 + sqrt(line size)); lexicon: word log-odds of content lines "
                     f"vs other lines, words on >= {LEX_MIN_PAGES} pages, |log-odds| >= {LEX_MIN_ABS}",
            "cv": f"{summary['folds']}-fold grouped by site: line accuracy {summary['acc']:.4f}, kept-lines weighted "
                  f"word F1 {summary['f_dump']:.4f} (clean texts {summary['f_clean']:.4f}){summary['cv_note']}",
            "sequence": "two-state Viterbi; switch_cost, confident and min_confident chosen on out-of-fold "
                        "scores (best weighted dump F1 with clean-text F1 >= 0.997), switch_cost at least "
                        f"{args.min_switch_cost} (tests/test_seeds.py's do-no-harm check on clean bodies)",
            "use": "score = bias + sum over features of values[bisect_left(edges, x)] + sum over pairs of "
                   "values[bisect_left(edges[0], x_a)][bisect_left(edges[1], x_b)]",
        }
        spec = spec_of(to_tables(clf, X), sequence, note, lexicon)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(spec, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")
    print(f"done in {time.time() - t0:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
