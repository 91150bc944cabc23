"""The headline of a text dump: candidate lines, their measures, and the scorer that reads them.

A dump has no `<h1>`: the headline is one line among menus, kickers, breadcrumbs, captions,
teasers and the lede. The candidates are the short lines of the page's header: the blocks
just above the article's first long paragraph (and the first few below it), whatever
stage dropped them. Each is measured natively (`native/src/headline.rs`; `FEATURES`: its
shape, its place, its neighbours, the words it shares with the article, whether it is
printed again on the page, a byline or date beside it) and scored by a logistic model read
from `models/headline.json` in plain Python (`bench/train_headline.py` trains it): the
page's lines compete with each other and with "no title", and the best is the title only
when its probability clears the model's threshold: when unsure, no title.
`HeadlineModel.explain` names the features that weighed most in a decision. Some lines are
never the headline, whatever they score (`veto`).
"""
from __future__ import annotations

import json
import math
import operator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from . import _native
from ._native import PhraseList
from .document import Block, Document, measure
from .text import ends_sentence
from .textmode.features import word_set

MODEL_PATH = Path(__file__).resolve().parent / "models" / "headline.json"

PARAGRAPH_WORDS = 15  # a block of this many words that ends a sentence is a paragraph
ABOVE = 30  # candidates: at most this many blocks above the article's first paragraph...
BELOW = 4  # ...and this many below it
REPEAT_SPAN = 400  # blocks on each side of the header looked at for copies of a candidate
BODY_BLOCKS = 80  # blocks of the article read for its words
NEIGHBOURS = 3  # blocks on each side of a candidate its measures read

FEATURES: tuple[str, ...] = tuple(_native.HEADLINE_FEATURES)  # the measures, in a row's order
_DROPPED = {None: 0, "junk": 1}  # a block's drop as the native measures read it (2: another kind)


@dataclass
class Candidate:
    """A line that may be the headline: its block, its measures (in `FEATURES` order) and, when
    `candidates` was given a model, its score under that model (`HeadlineModel.score`)."""

    block: Block
    row: list[float]
    score: float | None = None


def ws(text: str) -> str:
    """`text` with runs of white space made one space, stripped."""
    return " ".join(text.split())  # str.split and re's \s know the same white space


def is_paragraph(block: Block) -> bool:
    """A prose paragraph: `PARAGRAPH_WORDS` words or more, ending like a sentence."""
    return block.n_words >= PARAGRAPH_WORDS and ends_sentence(block.text)


def article_start(blocks: list[Block]) -> int | None:
    """The index of the article's first paragraph: the first one still kept (the main region's),
    else the page's first paragraph; None for a page without any."""
    first = None
    for pos, block in enumerate(blocks):
        if is_paragraph(block):
            if block.kept:
                return pos
            if first is None:
                first = pos
    return first


def veto(block: Block, after: Block | None, credit: PhraseList) -> str | None:
    """Why `block` can never be the headline, whatever it scores (None when it may be): a photo
    "caption" credit, a "link" (an address, a bracketed link or image label), a "sentence"
    (ending with a full stop), a "clause" (ending with a comma, semicolon or colon), or half
    a sentence "continued" on the next block (`after`), which opens in lower case."""
    return _native.headline_veto(block.text, bool(credit.search(block.norm)), None if after is None else after.text)


def candidates(doc: Document, stopwords: frozenset[str], byline_at: Callable[[Block], str | None],
               credit: PhraseList, start: int | None = -1, model: HeadlineModel | None = None) -> list[Candidate]:
    """The header's candidate lines of `doc` with their measures.

    `byline_at(block)` says whether a block is a byline or date line ("author", "date" or None);
    `credit` matches a photo credit; `start`: `article_start(doc.blocks)` when the caller has it;
    `model`: the scorer whose scores the candidates carry (scored natively, the same bits as
    `HeadlineModel.score`); only that model may read them (`HeadlineModel.scores`)."""
    blocks = doc.blocks
    start = article_start(blocks) if start == -1 else start
    if start is None:
        return []
    lo, hi = max(0, start - ABOVE), min(len(blocks), start + BELOW + 1)
    first, last = max(0, lo - REPEAT_SPAN), min(len(blocks), hi + REPEAT_SPAN)
    window_start = max(0, lo - NEIGHBOURS)
    window = blocks[window_start:min(len(blocks), hi + NEIGHBOURS)]
    measure(window)
    credits = credit.search_where([b.norm for b in window], [True] * len(window))
    rows = _native.headline_rows(
        [b.text for b in blocks[first:last]], first,
        [(b.n_words, b.kind == "list_item", _DROPPED.get(b.dropped and b.dropped.drop_kind, 2), b.lines, hit,
          bool(byline_at(b))) for b, hit in zip(window, credits)], window_start,
        (lo, start, hi, len(blocks)),
        [b.text for b in blocks[start:start + BODY_BLOCKS] if b.kept], word_set(stopwords),
        None if model is None else (model.weights, model.bias))
    return [Candidate(blocks[pos], row, score) for pos, row, score in rows]


class HeadlineModel:
    """A conditional logit over `FEATURES`: each candidate of a page scores `bias + weights . row`,
    "none of them" scores 0, and a candidate's probability is its share of the exponentials
    (the page's lines compete with each other and with no title). The best line is the title
    when its probability (summed over its copies) reaches `threshold`."""

    def __init__(self, spec: dict[str, Any]) -> None:
        if tuple(spec["features"]) != FEATURES:
            raise ValueError("headline model features do not match cleaner.headline.FEATURES; "
                             "retrain it (bench/train_headline.py)")
        self.spec = spec
        self.weights: list[float] = spec["weights"]
        self.bias: float = spec["bias"]
        self.threshold: float = spec["threshold"]

    def score(self, row: list[float]) -> float:
        """The row's score (log-odds against "none of them")."""
        return self.bias + sum(map(operator.mul, self.weights, row))  # the same sum, in the same order

    def scores(self, cands: list[Candidate]) -> list[float]:
        """Each candidate's score: the one it carries (`candidates` was given this model), else
        its row's."""
        return [self.score(c.row) if c.score is None else c.score for c in cands]

    def probabilities(self, cands: list[Candidate], scores: list[float] | None = None) -> list[float]:
        """Each candidate's probability of being the headline, "none of them" beside them
        (`scores`: theirs, `scores(cands)`, when the caller has them)."""
        scores = self.scores(cands) if scores is None else scores
        top = max([0.0, *scores])
        exps = [math.exp(s - top) for s in scores]
        total = math.exp(-top) + sum(exps)
        return [e / total for e in exps]

    def explain(self, row: list[float], top: int = 3) -> str:
        """The `top` features that weighed most on this row, with their sign ("+gap_before, -first_lower")."""
        parts = sorted(((w * x, f) for w, x, f in zip(self.weights, row, FEATURES) if w * x), key=lambda p: -abs(p[0]))
        return ", ".join(f"{'+' if c > 0 else '-'}{f}" for c, f in parts[:top]) or "bias only"

    def choose(self, cands: list[Candidate], threshold: float | None = None,
               scores: list[float] | None = None) -> tuple[Candidate | None, float, float]:
        """The headline among `cands` (None when unsure), its probability and the runner-up's
        (`threshold`: instead of the model's; `scores`: the candidates', `scores(cands)`, when
        the caller has them)."""
        if not cands:
            return None, 0.0, 0.0
        probs: dict[str, float] = {}
        keys = [ws(cand.block.text) for cand in cands]
        for key, p in zip(keys, self.probabilities(cands, scores)):
            probs[key] = probs.get(key, 0.0) + p
        ranked = sorted(probs.items(), key=lambda kv: kv[1], reverse=True)
        best_text, best = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        if best < (self.threshold if threshold is None else threshold):
            return None, best, second
        return cands[keys.index(best_text)], best, second


@lru_cache(maxsize=4)
def load_headline_model(path: str = str(MODEL_PATH)) -> HeadlineModel:
    """The headline model at `path`, read once per process."""
    return HeadlineModel(json.loads(Path(path).read_text(encoding="utf-8")))
