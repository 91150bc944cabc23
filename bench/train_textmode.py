"""Train the text-mode main-region model (`cleaner/models/textmode.json`) on WCXB dev.

Usage (from the repository root, scikit-learn installed in the venv; the package
itself never needs it):

    .venv/bin/python bench/train_textmode.py                 # CV figures + write the model
    .venv/bin/python bench/train_textmode.py --no-write      # CV figures only
    .venv/bin/python bench/train_textmode.py --cache /tmp/wcxb.pkl   # reuse prepared pages

Code: `textmode_pages.py` (pages, synthetic variants, line labels), `textmode_model.py`
(boosting written out as step tables), this file (feature rows, cross-validation, the
sequence settings, the command).

Data. Only `benchmarks/wcxb-dev-articles` (711 article pages; one has no
main_content and is skipped). ScrapingHub is the report set: never read here.

Pages. Each `text/<id>.txt` goes through the real pipeline up to the stage before
`mainregion` (segment, mojibake, whitespace, language, chrome, share, comments,
paywall, newsletter, teaser), so the model sees the blocks, and the drops, it
will see at run time.

Labels. The kept blocks' `\\w+` tokens (lower-cased) are laid end to end and
aligned to the gold main_content tokens with difflib's SequenceMatcher
(autojunk off): the longest common runs, in order, so a menu word that also
occurs in the article does not count unless it sits where the article does, and
an article paragraph repeated in a teaser counts once. A block is content when
at least half of its tokens are aligned. The title line (equal to the gold
`title`) is labelled content too: the `title` stage, later, takes it out as
metadata, and it needs it there. Blocks without any token get no label (weight
0). Keeping exactly the lines labelled content scores word F1 0.995 on these
pages: the labels are not the limit.

Features. `cleaner.stages.mainregion.extract`, the function the stage runs:
nothing is re-implemented here.

Model. Gradient boosting of stumps (depth-1 trees) with scikit-learn, i.e. an
additive model: each stump splits one feature, so the sum of the stumps on one
feature is a step function. Each step function is written out as a table of
bin edges and log-odds (`values[bisect_left(edges, x)]`), the initial log-odds
as `bias`: the stage evaluates it in plain Python. Sample weights: 1 + the
square root of the block's token count, so long lines (most of the words the
page is scored on) count more without short ones being ignored.

Sequence. The stage decodes the scores with a two-state Viterbi
(`switch_cost` per change) and keeps everything when no line scores below
`-confident`. Both are chosen on the out-of-fold scores by page word F1.

Figures. 5-fold cross-validation grouped by page (GroupKFold on page id):
line accuracy and page word F1, first on the kept lines alone, then through
the whole rest of the pipeline (byline, captions, title, layout... run after
the stage), which is the figure comparable to `bench/quality.py --mode text`.
"""
from __future__ import annotations

import argparse
import copy
import json
import math
import tempfile
import time
from collections import Counter
from pathlib import Path

from textmode_model import N_PAIRS, choose_pairs, decode, fit, spec_of, table_scores, to_tables
from textmode_pages import ROOT, _bare, _pipelines, line_labels, prepare_pages, tokens, word_f1

from cleaner.patterns import load_patterns
from cleaner.stages.mainregion import FEATURES, MainRegionStage, extract, lex_score, line_cues, page_stopwords

LEX_MIN_PAGES = 25  # a word enters the lexicon when it occurs on this many training pages
LEX_MIN_ABS = 0.3  # ... and its log-odds is at least this far from 0


# ---- evaluation -------------------------------------------------------------------
def run_rest(doc, spec: dict, after) -> str:
    """The clean text of `doc` (a prepared page) with the stage on `spec`, then the later stages."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(spec, fh)
        path = fh.name
    stage = MainRegionStage(load_patterns(), model=path)
    doc = copy.deepcopy(doc)
    stage.run(doc)
    for later in after:
        if later.applies_to(doc):
            later.run(doc)
    Path(path).unlink()
    return doc.text()


class Data:
    """Feature rows of every kept block of every page (dumps and clean texts), with labels."""

    def __init__(self, pages) -> None:
        import numpy as np
        patterns = load_patterns()
        cues = line_cues(patterns)
        X, y, w, g = [], [], [], []
        self.words: list[list[str]] = []  # each row's words, for the lexicon feature
        self.items = []  # (group, kind, first row, end row, blocks, gold, doc)
        for n, (pid, doc, gold, title, clean, (synth_kind, synth)) in enumerate(pages):
            for kind, d in (("dump", doc), ("clean", clean), ("synth:" + synth_kind, synth),
                            ("foreign", _bare(doc))):
                blocks, rows, facts = extract(d, page_stopwords(patterns, d), cues)
                labels = line_labels(blocks, gold, title) if kind != "clean" else [
                    1.0 if tokens(b.text) else None for b in blocks]
                self.items.append((n, kind, len(X), len(X) + len(rows), blocks, gold, d))
                for block, row, lab, line in zip(blocks, rows, labels, facts["lines"]):
                    self.words.append(line.words if kind != "foreign" else None)
                    X.append(row)
                    y.append(lab if lab is not None else 0.0)
                    w.append(0.0 if lab is None else 1.0 + math.sqrt(len(tokens(block.text))))
                    g.append(n)
        self.X, self.y, self.w, self.g = np.array(X), np.array(y), np.array(w), np.array(g)
        self.dump = np.zeros(len(X), dtype=bool)  # rows of real dumps (and synthetic variants)
        for _, kind, a, b, *_ in self.items:
            self.dump[a:b] = kind != "clean"

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
        for n, kind, a, b, *_ in self.items:
            if kind == "foreign":
                continue
            known = total = 0
            for k in range(a, b):
                ws = self.words[k]
                X[k, col] = lex_score(ws, lexicon)
                known += sum(1 for word in ws if word in lexicon)
                total += len(ws)
            X[a:b, cover_col] = known / total if total else 0.0
        return X

    def page_f1(self, scores, sequence: dict, kind: str = "dump") -> float:
        """Mean word F1 of the kept lines (before the later stages) over pages of `kind`."""
        total, count = 0.0, 0
        for n, k, a, b, blocks, gold, _ in self.items:
            if not k.startswith(kind):
                continue
            keep = decode(list(scores[a:b]), sequence)
            ref = gold if kind != "clean" else " ".join(bl.text for bl in blocks)
            total += word_f1(" ".join(bl.text for bl, kp in zip(blocks, keep) if kp), ref)
            count += 1
        return total / max(count, 1)


def cross_validate(data: Data, folds: int, trees: int, rate: float):
    """Out-of-fold scores (from the tables, as the stage computes them) and each page's fold
    model (tables and lexicon, both from the other folds only)."""
    import numpy as np
    from sklearn.model_selection import GroupKFold
    oof = np.zeros(len(data.X))
    fold_tables, fold_of_group = [], {}
    y, w, g = data.y, data.w, data.g
    for k, (tr, te) in enumerate(GroupKFold(folds).split(data.X, y, g)):
        lexicon = data.lexicon(tr)
        X = data.with_lexicon(lexicon)
        pairs = choose_pairs(X[tr], y[tr], w[tr], trees, rate)
        clf = fit(X[tr], y[tr], w[tr], trees, rate, pairs)
        tables = to_tables(clf, X[tr])
        fold_tables.append((tables, lexicon))
        fold_of_group.update({int(p): k for p in set(g[te])})
        oof[te] = table_scores(tables, X[te])
        off = np.abs(clf.decision_function(X[te]) - oof[te]) > 1e-2
        if off.any():  # sklearn compares float32 copies of X; a value at an edge may fall the other way
            print(f"fold {k}: {int(off.sum())} of {len(te)} rows differ from sklearn by > 0.01")
    return oof, fold_tables, fold_of_group


SWITCH_COSTS = (0.0, 0.5, 1.0, 1.5, 2.0, 3.0)
CONFIDENT = (2.0, 3.0, 4.0)
MIN_CONFIDENT = (1, 2, 3)
MIN_CLEAN = 0.997  # mean word F1 the clean texts must keep (against themselves)


def choose_sequence(data: Data, oof) -> tuple[dict, list[str]]:
    """The sequence settings with the best dump F1 among those that keep clean texts
    (mean clean-text F1 >= `MIN_CLEAN`)."""
    lines, best = [], None
    for sc in SWITCH_COSTS:
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "cleaner" / "models" / "textmode.json")
    ap.add_argument("--cache", type=Path, default=None, help="pickle of prepared pages (made if missing)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--trees", type=int, default=300)
    ap.add_argument("--rate", type=float, default=0.15)
    ap.add_argument("--min-switch-cost", type=float, default=0.5,
                    help="floor for the Viterbi switch cost the grid chooses: 0.5 is the smallest with which "
                         "tests/test_seeds.py's do-no-harm check on clean article bodies passes")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--no-pipeline-cv", action="store_true", help="skip the whole-pipeline CV figure")
    ap.add_argument("--verbose", action="store_true", help="print the whole sequence grid")
    ap.add_argument("--no-cv", action="store_true", help="only fit on every page and write (sequence kept from --out)")
    args = ap.parse_args(argv)
    import numpy as np

    t0 = time.time()
    pages = prepare_pages(args.cache, args.jobs)
    data = Data(pages)
    X, y, w = data.X, data.y, data.w
    print(f"{len(pages)} pages (+ their gold texts as clean inputs), {len(X)} lines "
          f"({int(y.sum())} content), prepared in {time.time() - t0:.0f}s")
    if args.no_cv:
        lexicon = data.lexicon(range(len(X)))
        X = data.with_lexicon(lexicon)
        clf = fit(X, y, w, args.trees, args.rate, choose_pairs(X, y, w, args.trees, args.rate))
        old = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {}
        spec = spec_of(to_tables(clf, X), old.get("sequence", {"switch_cost": 1.0, "confident": 3.0, "min_confident": 1}),
                       {"what": "fit without cross-validation (development only)"}, lexicon)
        args.out.write_text(json.dumps(spec, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {args.out} in {time.time() - t0:.0f}s")
        return 0
    oof, fold_tables, fold_of_group = cross_validate(data, args.folds, args.trees, args.rate)
    labelled = w > 0
    dump_rows = np.zeros(len(X), dtype=bool)
    for _, kind, a, b, *_ in data.items:
        dump_rows[a:b] = kind == "dump"
    acc = float(np.mean((oof[labelled & dump_rows] > 0) == (y[labelled & dump_rows] > 0.5)))
    print(f"out-of-fold line accuracy on dumps {acc:.4f} (labelled lines)")
    sign = {"switch_cost": 0.0, "confident": 0.0, "min_confident": 0}
    print(f"kept lines, per-line sign: dumps {data.page_f1(oof, sign):.4f} "
          f"clean texts {data.page_f1(oof, sign, 'clean'):.4f}")
    sequence, grid = choose_sequence(data, oof)
    sequence["switch_cost"] = max(sequence["switch_cost"], args.min_switch_cost)
    if args.verbose:
        print("\n".join(grid))
    f_dump = data.page_f1(oof, sequence)
    f_clean = data.page_f1(oof, sequence, "clean")
    print(f"kept lines, Viterbi {sequence}: dumps {f_dump:.4f} clean texts {f_clean:.4f} "
          f"synthetic variants {data.page_f1(oof, sequence, 'synth'):.4f} "
          f"dumps without rule drops or word table {data.page_f1(oof, sequence, 'foreign'):.4f}")

    pipeline_note = ""
    if not args.no_pipeline_cv:
        _, after = _pipelines()
        totals: dict[str, list] = {}
        for n, kind, a, b, blocks, gold, doc in data.items:
            if kind == "foreign":  # its table-less features exist only in training
                continue
            tables, lexicon = fold_tables[fold_of_group[n]]
            spec = spec_of(tables, sequence, {}, lexicon)
            ref = gold if kind != "clean" else run_rest(doc, {**spec, "sequence": {**sequence, "confident": 1e9}}, after)
            totals.setdefault(kind, []).append((word_f1(run_rest(doc, spec, after), ref), pages[n][0]))
        f_pipe = sum(f for f, _ in totals["dump"]) / len(totals["dump"])
        f_pipe_clean = sum(f for f, _ in totals["clean"]) / len(totals["clean"])
        pipeline_note = f", whole pipeline word F1 {f_pipe:.4f} (clean texts vs the stage off: {f_pipe_clean:.4f})"
        print(f"whole pipeline, {args.folds}-fold CV: dumps word F1 {f_pipe:.4f}; clean texts, "
              f"vs the same pipeline without the stage: {f_pipe_clean:.4f}")
        print("worst dumps:", ", ".join(f"{pid} {f1:.2f}" for f1, pid in sorted(totals["dump"])[:12]))
        print("worst clean texts:", ", ".join(f"{pid} {f1:.3f}" for f1, pid in sorted(totals["clean"])[:6]))
        print("synthetic variants:", ", ".join(f"{kind[6:]} {sum(f for f, _ in v) / len(v):.4f} ({len(v)})"
                                             for kind, v in sorted(totals.items()) if kind.startswith("synth")))

    if not args.no_write:
        lexicon = data.lexicon(range(len(X)))
        X = data.with_lexicon(lexicon)
        clf = fit(X, y, w, args.trees, args.rate, choose_pairs(X, y, w, args.trees, args.rate))
        note = {
            "what": "additive model (boosted stumps as step-function tables) scoring kept text-dump "
                    "lines as article content; see bench/train_textmode.py",
            "trained_on": f"WCXB dev article pages ({len(pages)} dumps, and their gold texts as clean "
                          f"inputs), {int(labelled.sum())} labelled lines; ScrapingHub never used",
            "labels": "dump line is content when >= half its tokens align to the gold main_content "
                      "(difflib), or it equals the gold title; every line of a clean text is content",
            "model": f"sklearn HistGradientBoostingClassifier, {args.trees} trees of depth 2, rate {args.rate}, "
                     f"each tree on one feature or one of the {N_PAIRS} pairs an unconstrained depth-2 fit uses most; "
                     "weight 1+sqrt(tokens); lexicon: word log-odds of content lines vs other lines, words on "
                     f">= {LEX_MIN_PAGES} pages, |log-odds| >= {LEX_MIN_ABS}",
            "cv": f"{args.folds}-fold grouped by page: line accuracy {acc:.4f}, kept-lines word F1 "
                  f"{f_dump:.4f} (clean texts {f_clean:.4f}){pipeline_note}",
            "sequence": "two-state Viterbi; switch_cost, confident and min_confident chosen on out-of-fold "
                        "scores (best dump F1 with clean-text F1 >= 0.997), switch_cost floored at "
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
