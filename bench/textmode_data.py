"""The training data of the text-mode model (`train_textmode.py`): the feature rows of every kept
block of every input (dumps, their gold texts as clean inputs, synthetic and "foreign" variants),
their labels and weights, the word table (lexicon) learnt from training rows, and the page word F1
of the kept lines for a given labelling (what the sequence settings are chosen on)."""
from __future__ import annotations

import math
import pickle
from collections import Counter
from pathlib import Path
from typing import NamedTuple

from textmode_model import decode
from textmode_pages import Page, _bare, line_labels, tokens, word_f1

from cleaner import _native
from cleaner.patterns import load_patterns
from cleaner.stages.mainregion import FEATURES, extract, line_cues, page_stopwords

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
        table = _native.Lexicon(lexicon)
        for item in self.items:
            if item.kind == "foreign":
                continue
            lines = [self.words[k] for k in range(item.a, item.b)]
            for k, ws in enumerate(lines, start=item.a):
                X[k, col] = table.score(ws) if lexicon else 0.0
            X[item.a:item.b, cover_col] = table.cover(lines)
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
