"""The headline of a text dump: candidate lines, their measures, and the scorer that reads them.

A dump has no `<h1>`: the headline is one line among menus, kickers, breadcrumbs, captions,
teasers and the lede. The candidates are the short lines of the page's header: the blocks
just above the article's first long paragraph (and the first few below it), whatever
stage dropped them. Each is measured (`FEATURES`: its shape, its place, its neighbours, the
words it shares with the article, whether it is printed again on the page, a byline or
date beside it) and scored by a logistic model read from `models/headline.json` in plain
Python (`bench/train_headline.py` trains it): the page's lines compete with each other and
with "no title", and the best is the title only when its probability clears the model's
threshold: when unsure, no title. `HeadlineModel.explain` names the features that weighed
most in a decision. Some lines are never the headline, whatever they score (`veto`).
"""
from __future__ import annotations

import json
import math
import operator
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from . import _native
from ._native import PhraseList
from .document import Block, Document
from .text import ends_sentence, words as words_of

MODEL_PATH = Path(__file__).resolve().parent / "models" / "headline.json"

SEPARATOR = re.compile(r"\s[|•·»›>/]\s|\s[-–—]\s")
OPENERS = "«\"“'‘„¿¡([‹"
LINK_MARK = re.compile(r"https?://|www\.|@\w|\[[^\[\]]{0,120}\]")

PARAGRAPH_WORDS = 15  # a block of this many words that ends a sentence is a paragraph
ABOVE = 30  # candidates: at most this many blocks above the article's first paragraph...
BELOW = 4  # ...and this many below it
MAX_WORDS = 40  # longer blocks are no candidates
REPEAT_SPAN = 400  # blocks on each side of the header looked at for copies of a candidate
BODY_BLOCKS = 80  # blocks of the article read for its words

FEATURES: tuple[str, ...] = (
    "words", "short", "three_four", "mid", "long", "chars", "name_like",
    "end_question", "end_other_punct", "last_stop",
    "first_upper", "first_lower", "first_digit", "first_quote", "caps_share", "all_caps", "stop_share",
    "digit_share", "bullet", "separator",
    "dist_up", "above_near", "past_start", "words_between", "nearest_shaped", "shaped_rank",
    "kept", "dropped_junk", "dropped_other", "page_top", "candidates",
    "next_paragraph", "next_lower", "prev_short", "next_short", "prev_kicker", "next_dek", "prev_dek",
    "gap_before", "gap_after",
    "repeat_equal", "repeat_inside", "body_overlap", "body_cover", "byline_below", "byline_above",
)
_ROW = operator.itemgetter(*FEATURES)  # a candidate's measures, named, as a row in `FEATURES` order
_FIRST_LOWER, _SHORT, _NEAREST_SHAPED, _SHAPED_RANK, _CANDIDATES = map(
    FEATURES.index, ("first_lower", "short", "nearest_shaped", "shaped_rank", "candidates"))


@dataclass
class Candidate:
    """A line that may be the headline: its block and its measures (in `FEATURES` order)."""

    block: Block
    row: list[float]


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
    text = block.text.rstrip()
    if credit.search(block.norm):
        return "caption"
    if LINK_MARK.search(text):
        return "link"
    if text.endswith(".") and not text.endswith(".."):
        return "sentence"
    if text.endswith((",", ";", ":")):
        return "clause"
    if after is not None and after.text[:1].islower() and not ends_sentence(text):
        return "continued"
    return None


def candidates(doc: Document, stopwords: frozenset[str], byline_at: Callable[[Block], str | None],
               credit: PhraseList) -> list[Candidate]:
    """The header's candidate lines of `doc` with their measures.

    `byline_at(block)` says whether a block is a byline or date line ("author", "date" or None);
    `credit` matches a photo credit."""
    blocks = doc.blocks
    start = article_start(blocks)
    if start is None:
        return []
    lo, hi = max(0, start - ABOVE), min(len(blocks), start + BELOW + 1)
    first, last = max(0, lo - REPEAT_SPAN), min(len(blocks), hi + REPEAT_SPAN)
    texts = [""] * len(blocks)  # read in [first, last) only, which holds every candidate
    texts[first:last] = _native.single_spaced([b.text for b in blocks[first:last]])
    folded = [text.casefold() for text in texts[first:last]]
    counts = Counter(folded)
    near = Copies([key for key, text in zip(folded, texts[first:last]) if len(text) <= 600])
    # lower() changes no character by what follows a line break: the lines' words, lowered together
    body = "\n".join(b.text for b in blocks[start:start + BODY_BLOCKS] if b.kept)
    body_words = set(words_of(body.lower())).difference(stopwords)
    shaped_seen, between = 0, 0  # words between the line looked at and the article's start
    out: list[Candidate] = []
    for pos in range(start - 1, lo - 1, -1):  # nearest first, to rank the headline-shaped lines
        cand = _measure(blocks, texts, pos, start, between, stopwords, byline_at, credit, counts, near, body_words)
        between += blocks[pos].n_words
        if cand is None:
            continue
        shaped = cand.row[_FIRST_LOWER] == 0 and cand.row[_SHORT] == 0
        cand.row[_NEAREST_SHAPED] = float(shaped and shaped_seen == 0)
        cand.row[_SHAPED_RANK] = min(shaped_seen, 5) / 5 if shaped else 1.0
        shaped_seen += shaped
        out.append(cand)
    for pos in range(start + 1, hi):
        cand = _measure(blocks, texts, pos, start, 0, stopwords, byline_at, credit, counts, near, body_words)
        if cand is not None:
            cand.row[_SHAPED_RANK] = 1.0
            out.append(cand)
    many = math.log1p(len(out)) / 4  # the more lines compete, the likelier one is the headline
    for cand in out:
        cand.row[_CANDIDATES] = many
    return out


def _measure(blocks: list[Block], texts: list[str], pos: int, start: int, between: int, stopwords: frozenset[str],
             byline_at: Callable[[Block], str | None], credit: PhraseList, counts: dict[str, int],
             near: "Copies", body_words: set[str]) -> Candidate | None:
    block, text = blocks[pos], texts[pos]
    words = words_of(text)
    n = len(words)
    if not 1 <= n <= MAX_WORDS or is_paragraph(block) or veto(block, blocks[pos + 1] if pos + 1 < len(blocks)
                                                                else None, credit) or byline_at(block):
        return None  # a byline or date line is no headline either
    lower = [w.lower() for w in words]
    first, last = text[:1], text[-1:]
    caps = sum(w[:1].isupper() for w in words)
    content = [w for w in lower if w not in stopwords and not w.isdigit()]
    key = text.casefold()
    prev_b = blocks[pos - 1] if pos > 0 else None
    next_b = blocks[pos + 1] if pos + 1 < len(blocks) else None
    around = [blocks[k] for k in range(max(0, pos - 3), pos)]
    after = [blocks[k] for k in range(pos + 1, min(len(blocks), pos + 4))]
    row = {
        "words": min(n, 30) / 30, "short": float(n <= 2), "three_four": float(3 <= n <= 4), "mid": float(5 <= n <= 15),
        "long": float(n > 20), "chars": min(len(text), 300) / 300,
        "name_like": float(2 <= n <= 4 and caps == n and not any(w.isdigit() for w in words)),
        "end_question": float(last in "?!"),
        "end_other_punct": float(last in "-–—|/…" or text.endswith("...")),
        "last_stop": float(lower[-1] in stopwords and n > 1),
        "first_upper": float(first.isupper()), "first_lower": float(first.islower()),
        "first_digit": float(first.isdigit()), "first_quote": float(first in OPENERS),
        "caps_share": caps / n, "all_caps": float(text.upper() == text and any(c.isalpha() for c in text)),
        "stop_share": sum(w in stopwords for w in lower) / n,
        "digit_share": sum(w.isdigit() for w in lower) / n, "bullet": float(block.kind == "list_item"),
        "separator": float(bool(SEPARATOR.search(text))),
        "dist_up": min(start - pos, 30) / 30 if pos < start else 0.0, "above_near": float(0 < start - pos <= 3),
        "past_start": float(pos > start), "words_between": math.log1p(between) / 6,
        "kept": float(block.kept), "page_top": float(pos == 0),
        "dropped_junk": float(not block.kept and block.dropped is not None and block.dropped.drop_kind == "junk"),
        "dropped_other": float(not block.kept and block.dropped is not None and block.dropped.drop_kind != "junk"),
        "next_paragraph": float(next_b is not None and is_paragraph(next_b)),
        "next_lower": float(next_b is not None and next_b.text[:1].islower()),
        "prev_short": sum(b.n_words <= 4 for b in around) / 3, "next_short": sum(b.n_words <= 4 for b in after) / 3,
        "prev_kicker": float(prev_b is not None and 1 <= prev_b.n_words <= 6 and not ends_sentence(prev_b.text)),
        "next_dek": float(_dek(next_b)), "prev_dek": float(_dek(prev_b)),
        "gap_before": _gap(prev_b, block), "gap_after": _gap(block, next_b),
        "repeat_equal": min(counts.get(key, 1) - 1, 3) / 3,
        "repeat_inside": min(near.holding(key) - counts.get(key, 1), 3) / 3 if n >= 3 else 0.0,
        "body_overlap": sum(w in body_words for w in content) / len(content) if content else 0.0,
        "body_cover": min(sum(w in body_words for w in content), 10) / 10,
        "byline_below": float(any(byline_at(b) for b in after)),
        "byline_above": float(any(byline_at(b) for b in around)),
        "nearest_shaped": 0.0, "shaped_rank": 0.0, "candidates": 0.0,  # set by `candidates`, which sees them all
    }
    return Candidate(block, list(_ROW(row)))


class Copies:
    """Texts (casefolded) in which a candidate's text is looked for."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.equal = Counter(texts)
        self.joined = "\0".join(texts)

    def holding(self, key: str) -> int:
        """How many of the texts contain `key`."""
        equal = self.equal.get(key, 0)
        if "\0" not in key and self.joined.count(key) == equal:
            return equal  # found only as the texts equal to it: one time each
        return sum(key in text for text in self.texts)


def _dek(block: Block | None) -> bool:
    """A line shaped like a standfirst: 6 to 40 words, no paragraph, opening in upper case."""
    return block is not None and 6 <= block.n_words <= MAX_WORDS and not is_paragraph(block) \
        and not block.text[:1].islower()


def _gap(a: Block | None, b: Block | None) -> float:
    """1.0 when a blank line (or more) separates two blocks of the input, else 0.0."""
    if a is None or b is None or a.lines is None or b.lines is None:
        return 1.0
    return float(b.lines[0] - a.lines[1] > 1)


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

    def probabilities(self, cands: list[Candidate]) -> list[float]:
        """Each candidate's probability of being the headline, "none of them" beside them."""
        scores = [self.score(c.row) for c in cands]
        top = max([0.0, *scores])
        exps = [math.exp(s - top) for s in scores]
        total = math.exp(-top) + sum(exps)
        return [e / total for e in exps]

    def explain(self, row: list[float], top: int = 3) -> str:
        """The `top` features that weighed most on this row, with their sign ("+gap_before, -first_lower")."""
        parts = sorted(((w * x, f) for w, x, f in zip(self.weights, row, FEATURES) if w * x), key=lambda p: -abs(p[0]))
        return ", ".join(f"{'+' if c > 0 else '-'}{f}" for c, f in parts[:top]) or "bias only"

    def choose(self, cands: list[Candidate], threshold: float | None = None) -> tuple[Candidate | None, float, float]:
        """The headline among `cands` (None when unsure), its probability and the runner-up's
        (`threshold`: instead of the model's)."""
        if not cands:
            return None, 0.0, 0.0
        probs: dict[str, float] = {}
        for cand, p in zip(cands, self.probabilities(cands)):
            key = ws(cand.block.text)
            probs[key] = probs.get(key, 0.0) + p
        ranked = sorted(probs.items(), key=lambda kv: kv[1], reverse=True)
        best_text, best = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        if best < (self.threshold if threshold is None else threshold):
            return None, best, second
        return next(c for c in cands if ws(c.block.text) == best_text), best, second


@lru_cache(maxsize=4)
def load_headline_model(path: str = str(MODEL_PATH)) -> HeadlineModel:
    """The headline model at `path`, read once per process."""
    return HeadlineModel(json.loads(Path(path).read_text(encoding="utf-8")))
