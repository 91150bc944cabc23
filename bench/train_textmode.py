"""Train the text-mode main-region model (`cleaner/models/textmode.json`) on WCXB dev and news-dev.

Usage (from the repository root; scikit-learn in the venv, never needed by the package).
The shipped model (the sequence given: the grid's choice cuts clean bodies, see bench/README.md):

    .venv/bin/python bench/train_textmode.py --cache /tmp/tm.pkl --data-cache /tmp/dc.pkl \\
        --sequence '{"switch_cost": 0.5, "confident": 3.0, "min_confident": 2}'  # [--no-write]

Code: `textmode_sources.py` (which pages, their site, gold and weight), `textmode_pages.py`
(pages, synthetic variants, line labels), `textmode_model.py` (boosting written out as step
tables), `textmode_eval.py` (whole-pipeline figures per folder and shape), this file (feature
rows, cross-validation, the sequence settings, the command).

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
import math
import pickle
import time
from collections import Counter
from pathlib import Path
from typing import NamedTuple

from textmode_eval import evaluate, mean, table
from textmode_model import N_PAIRS, choose_pairs, decode, fit, spec_of, table_scores, to_tables
from textmode_pages import ROOT, Page, _bare, line_labels, prepare_pages, tokens, word_f1
from textmode_sources import DEFAULT_SETS, DEFAULT_WEIGHTS, parse_sets, parse_weights

from cleaner.patterns import load_patterns
from cleaner.stages.mainregion import FEATURES, extract, lex_score, line_cues, page_stopwords

LEX_MIN_PAGES = 25  # a word enters the lexicon when it occurs on this many training pages
LEX_MIN_ABS = 0.3  # ... and its log-odds is at least this far from 0


class Item(NamedTuple):
    """One input of one page: its kind ("dump", "clean", "synth:...", "foreign"), rows a:b."""

    page: int
    kind: str
    a: int
    b: int
    texts: list[str]


_PAGES: list[Page] = []  # the pages `_page_rows` reads in worker processes (inherited at fork)


def _page_rows(n: int) -> list[tuple[str, list, list, list, list, list[str]]]:
    """Every input of page `n` (the dump, its clean text and variants) as (kind, feature rows,
    labels, line sizes, words, block texts)."""
    patterns = load_patterns()
    cues = line_cues(patterns)
    page = _PAGES[n]
    ref = page.ref
    variants = [("dump", page.doc)]
    variants += [("clean", page.clean)] if page.clean is not None else []
    variants += [("synth:" + page.synth[0], page.synth[1])] if page.synth is not None else []
    variants += [("foreign", _bare(page.doc))] if ref.source == "wcxb" else []
    out = []
    for kind, d in variants:
        blocks, rows, facts = extract(d, page_stopwords(patterns, d), cues)
        labels = line_labels(blocks, ref.gold, ref.title) if kind != "clean" else [
            1.0 if tokens(b.text) else None for b in blocks]
        words = [line.words if kind != "foreign" else None for line in facts["lines"]]
        out.append((kind, rows, labels, [line.units for line in facts["lines"]], words, [b.text for b in blocks]))
    return out


SAVED = ("X", "y", "labelled", "units", "g", "site", "words", "items", "page_ids")  # what --data-cache keeps


class Data:
    """Feature rows of every kept block of every input (dumps, clean texts, variants), with labels
    and weights; `g`: the page of each row (a page in two shapes is one page), `site`: its site."""

    def __init__(self, pages: list[Page], weights: dict[str, float], jobs: int = 1, cache: Path | None = None) -> None:
        import numpy as np
        self.pages, self.weights = pages, weights
        self._memo: dict[tuple[int, bytes], float] = {}
        self.page_ids = [f"{page.ref.key}:{page.ref.shape}" for page in pages]
        if cache and cache.exists():
            saved = pickle.loads(cache.read_bytes())
            if saved["page_ids"] != self.page_ids:
                raise SystemExit(f"{cache} was made from other pages (--sets): remove it or give another path")
            self.__dict__.update(saved)
        else:
            self._build(jobs)
            if cache:
                cache.write_bytes(pickle.dumps({k: v for k, v in self.__dict__.items() if k in SAVED}))
        sources = [pages[item.page].ref.source for item in self.items]
        per_item = np.array([weights[src] for src in sources])
        lengths = np.array([item.b - item.a for item in self.items])
        self.w = np.where(self.labelled, np.repeat(per_item, lengths) * (1.0 + np.sqrt(self.units)), 0.0)
        self.dump = np.zeros(len(self.X), dtype=bool)  # rows of real dumps (and synthetic variants)
        for item in self.items:
            self.dump[item.a:item.b] = item.kind != "clean"

    def _build(self, jobs: int) -> None:
        import numpy as np
        from multiprocessing import Pool
        X, y, labelled, units, g, site = [], [], [], [], [], []
        self.words: list[list[str] | None] = []  # each row's words, for the lexicon feature
        self.items: list[Item] = []
        keys: dict[str, int] = {}
        sites: dict[str, int] = {}
        _PAGES[:] = self.pages
        with Pool(jobs) as pool:
            for n, inputs in enumerate(pool.imap(_page_rows, range(len(self.pages)), chunksize=16)):
                ref = self.pages[n].ref
                gid, sid = keys.setdefault(ref.key, len(keys)), sites.setdefault(ref.site, len(sites))
                for kind, rows, labels, sizes, words, texts in inputs:
                    self.items.append(Item(n, kind, len(X), len(X) + len(rows), texts))
                    X += rows
                    self.words += words
                    y += [lab if lab is not None else 0.0 for lab in labels]
                    labelled += [lab is not None for lab in labels]
                    units += sizes
                    g += [gid] * len(rows)
                    site += [sid] * len(rows)
        _PAGES.clear()
        self.X, self.y, self.labelled, self.units = np.array(X), np.array(y), np.array(labelled), np.array(units)
        self.g, self.site = np.array(g), np.array(site)

    def lexicon(self, rows) -> dict[str, float]:
        """Word -> log-odds of content, from the dump lines among `rows` (training rows only)."""
        pos, neg, pages = Counter(), Counter(), {}
        n_pos = n_neg = 0
        for k in rows:
            if not self.dump[k] or not self.w[k] or self.words[k] is None:
                continue
            ws = set(self.words[k])
            if self.y[k] > 0.5:
                pos.update(ws)
                n_pos += 1
            else:
                neg.update(ws)
                n_neg += 1
            for word in ws:
                pages.setdefault(word, set()).add(int(self.g[k]))
        out = {}
        for word, where in pages.items():
            if len(where) < LEX_MIN_PAGES or word.isdigit():
                continue
            lo = math.log((pos[word] + 1) / (n_pos + 2)) - math.log((neg[word] + 1) / (n_neg + 2))
            if abs(lo) >= LEX_MIN_ABS:
                out[word] = round(lo, 2)
        return out

    def with_lexicon(self, lexicon: dict[str, float]):
        """X with the `lex` and `lex_cover` columns computed from `lexicon` (as the stage computes
        them); rows of "foreign" pages keep 0 in both: a language the table does not know."""
        X = self.X.copy()
        col, cover_col = FEATURES.index("lex"), FEATURES.index("lex_cover")
        for item in self.items:
            if item.kind == "foreign":
                continue
            known = total = 0
            for k in range(item.a, item.b):
                ws = self.words[k]
                X[k, col] = lex_score(ws, lexicon)
                known += sum(1 for word in ws if word in lexicon)
                total += len(ws)
            X[item.a:item.b, cover_col] = known / total if total else 0.0
        return X

    def kept_f1(self, scores, sequence: dict, kind: str = "dump") -> dict[tuple[str, str], list]:
        """Word F1 of the kept lines (before the later stages) of each input of `kind`, per
        (source, shape): {(source, shape): [(f1, weight)]}."""
        out: dict[tuple[str, str], list] = {}
        for i, item in enumerate(self.items):
            if not item.kind.startswith(kind):
                continue
            ref = self.pages[item.page].ref
            keep = decode(list(scores[item.a:item.b]), sequence)
            memo = (i, bytes(map(bool, keep)))
            if memo not in self._memo:
                gold = ref.gold if kind != "clean" else " ".join(item.texts)
                self._memo[memo] = word_f1(" ".join(t for t, kp in zip(item.texts, keep) if kp), gold, ref.cjk_chars)
            out.setdefault((ref.source, ref.shape), []).append((self._memo[memo], self.weights[ref.source]))
        return out

    def page_f1(self, scores, sequence: dict, kind: str = "dump") -> float:
        """Mean word F1 of the kept lines over the inputs of `kind`, each page weighing its folder's weight."""
        rows = [r for v in self.kept_f1(scores, sequence, kind).values() for r in v]
        total = sum(wt for _, wt in rows)
        return sum(f * wt for f, wt in rows) / total if total else 0.0


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
        dumps, cleans = evaluate(pages, lambda n: specs[fold_of_page.get(n, 0)])
        print(f"whole pipeline, {args.folds}-fold CV grouped by site:")
        print(table({"new model, CV": dumps}))
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
    ap.add_argument("--summary", type=Path, default=None,
                    help="JSON of the CV figures and chosen sequence: written after CV, read with --no-cv")
    ap.add_argument("--sequence", default=None, help='the sequence settings instead of the grid\'s choice, as JSON: '
                    '{"switch_cost": 0.5, "confident": 3.0, "min_confident": 2}')
    ap.add_argument("--no-cv", action="store_true", help="fit on every page and write, with --summary's sequence")
    ap.add_argument("--verbose", action="store_true", help="print the whole sequence grid")
    args = ap.parse_args(argv)
    import numpy as np

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
