"""The two published extraction metrics, as pure functions (no I/O, no globals that change).

ScrapingHub (scrapinghub/article-extraction-benchmark):
    `\\w+` tokens, case kept; multisets of 4-token shingles; per document
    precision = shared / predicted shingles and recall = shared / gold shingles;
    precision is averaged over the documents whose prediction is not empty, recall
    over all documents, and F1 = 2PR / (P + R) is taken from the two averages.
    Accuracy = share of documents whose `\\w+` token sequence equals the gold one.
    -> `shingle_scores()` per document, `aggregate_scrapinghub()` over a run.

WCXB (web-content-extraction-benchmark):
    lowercase, `\\w+` tokens as a bag (multiset); per page precision = shared /
    predicted, recall = shared / gold, F1; the figure is the mean of per-page F1.
    `with` snippets found are true positives (missed: false negatives), `without`
    snippets found are false positives (absent: true negatives).
    -> `word_bag_scores()` and `snippet_confusion()` per page, `aggregate_wcxb()`.

Conventions the READMEs leave open (chosen here, and relied on by the tests):

* "Empty" means "has no `\\w+` token": a prediction of only spaces or punctuation is
  empty (it has no shingle, so its precision would be 0/0).
* A text shorter than n tokens makes one shingle of all its tokens (this is what
  upstream's `_ngrams` does: `range(max(1, len(tokens) - n + 1))`), so a 2-word
  text still counts.
* ScrapingHub, empty prediction: no precision (left out of the precision average,
  as the README says), recall 0 -- or 1 when the gold is empty too.
* Empty gold (a few WCXB pages have none): the page scores 1 when the prediction is
  empty too, and 0 otherwise (P, R and F1; for ScrapingHub the recall, and the
  precision when there is a prediction). So a page with no gold can never be won
  by outputting something; pages are never dropped from the means.
* WCXB, empty prediction against a non-empty gold: P = R = F1 = 0.
* Snippets are "found" when their lowercased `\\w+` token sequence occurs as a
  contiguous run in the prediction's lowercased token sequence (so whitespace,
  punctuation, quote styles and line breaks do not matter, but "home" is not found
  inside "homepage"). Snippets without any token are not counted.

CJK: `\\w+` makes a whole Chinese or Japanese sentence (no spaces) one "word", so on
such pages both metrics are near all-or-nothing. With `cjk_chars=True` every
Han / kana character is a token of its own (other text is tokenised as usual, so
pages without CJK score exactly the same). The published metric is the default.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

# Han (with extension A, compatibility ideographs, the supplementary planes),
# hiragana, katakana (full and half width) and the ideographic marks 々〆〇.
_CJK_RANGES = (
    "\u3005-\u3007\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f"
)
TOKEN_RE = re.compile(r"\w+")
CJK_TOKEN_RE = re.compile(rf"[{_CJK_RANGES}]|[^\W{_CJK_RANGES}]+")
_CJK_CHAR = re.compile(rf"[{_CJK_RANGES}]")
_WORD_CHAR = re.compile(r"\w")


def tokenize(text: str | None, *, lower: bool = False, cjk_chars: bool = False) -> list[str]:
    """The `\\w+` tokens of `text` (optionally lowercased, optionally CJK char by char)."""
    if not text:
        return []
    if lower:
        text = text.lower()
    return (CJK_TOKEN_RE if cjk_chars else TOKEN_RE).findall(text)


def cjk_share(text: str | None) -> float:
    """Share of the word characters of `text` that are Han / kana (0.0 for no text)."""
    if not text:
        return 0.0
    words = len(_WORD_CHAR.findall(text))
    return len(_CJK_CHAR.findall(text)) / words if words else 0.0


def shingles(tokens: Sequence[str], n: int = 4) -> Counter[tuple[str, ...]]:
    """Multiset of the n-token shingles of `tokens` (one shorter shingle if fewer than n)."""
    if not tokens:
        return Counter()
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)))


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def shingle_scores(pred: str | None, gold: str | None, n: int = 4, *,
                   cjk_chars: bool = False) -> dict[str, Any]:
    """ScrapingHub scores of one document.

    Returns precision (None when the prediction is empty), recall, a per-document f1
    (only used to rank pages; the published F1 comes from `aggregate_scrapinghub`),
    accuracy (token sequences equal), the shingle counts and the word counts.
    """
    pred_tokens = tokenize(pred, cjk_chars=cjk_chars)
    gold_tokens = tokenize(gold, cjk_chars=cjk_chars)
    pred_sh, gold_sh = shingles(pred_tokens, n), shingles(gold_tokens, n)
    shared = sum((pred_sh & gold_sh).values())
    n_pred, n_gold = sum(pred_sh.values()), sum(gold_sh.values())
    precision = shared / n_pred if n_pred else None
    if n_gold:
        recall = shared / n_gold
    else:
        recall = 1.0 if not n_pred else 0.0
    if precision is None:
        f1 = 1.0 if not n_gold else 0.0
    else:
        f1 = _f1(precision, recall)
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "accuracy": pred_tokens == gold_tokens,
        "shared": shared,
        "pred_shingles": n_pred,
        "gold_shingles": n_gold,
        "pred_words": len(pred_tokens),
        "gold_words": len(gold_tokens),
    }


def aggregate_scrapinghub(rows: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Published ScrapingHub figures from per-document `shingle_scores` rows.

    precision: mean over rows whose precision is not None (non-empty prediction);
    recall and accuracy: mean over all rows; f1 from the two means. With no row
    (or no non-empty prediction) the undefined mean is reported as 0.0.
    """
    rows = list(rows)
    precisions = [r["precision"] for r in rows if r["precision"] is not None]
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(row["recall"] for row in rows) / len(rows) if rows else 0.0
    acc = sum(1 for row in rows if row["accuracy"]) / len(rows) if rows else 0.0
    return {"precision": p, "recall": r, "f1": _f1(p, r), "accuracy": acc,
            "n": len(rows), "n_empty_pred": len(rows) - len(precisions)}


def word_bag_scores(pred: str | None, gold: str | None, *, cjk_chars: bool = False) -> dict[str, Any]:
    """WCXB scores of one page: lowercase `\\w+` bags; precision, recall, f1, word counts."""
    pred_bag = Counter(tokenize(pred, lower=True, cjk_chars=cjk_chars))
    gold_bag = Counter(tokenize(gold, lower=True, cjk_chars=cjk_chars))
    n_pred, n_gold = sum(pred_bag.values()), sum(gold_bag.values())
    shared = sum((pred_bag & gold_bag).values())
    if not n_pred or not n_gold:
        p = r = f1 = 1.0 if n_pred == n_gold else 0.0
    else:
        p, r = shared / n_pred, shared / n_gold
        f1 = _f1(p, r)
    return {"precision": p, "recall": r, "f1": f1, "shared": shared,
            "pred_words": n_pred, "gold_words": n_gold}


def _joined(tokens: Sequence[str]) -> str:
    # tokens are \w runs, so a space can never occur inside one: " a b " in " x a b y "
    # is exactly "the run a, b occurs in x, a, b, y".
    return " " + " ".join(tokens) + " "


def snippet_confusion(pred: str | None, with_: Iterable[str] | None, without: Iterable[str] | None,
                      *, cjk_chars: bool = False) -> dict[str, int]:
    """Confusion counts of the WCXB snippets: with found = tp, missed = fn;
    without found = fp, absent = tn (see the module docstring for "found")."""
    haystack = _joined(tokenize(pred, lower=True, cjk_chars=cjk_chars))
    counts = {"tp": 0, "fn": 0, "fp": 0, "tn": 0}
    for snippets, hit, miss in ((with_, "tp", "fn"), (without, "fp", "tn")):
        for snippet in snippets or ():
            tokens = tokenize(snippet, lower=True, cjk_chars=cjk_chars)
            if tokens:
                counts[hit if _joined(tokens) in haystack else miss] += 1
    return counts


def aggregate_wcxb(rows: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Mean per-page precision, recall and F1 (F1 is the published figure), plus the
    summed snippet counts of rows that have them (keys tp, fn, fp, tn)."""
    rows = list(rows)
    n = len(rows)

    def mean(key: str) -> float:
        return sum(row[key] for row in rows) / n if n else 0.0

    out: dict[str, Any] = {"precision": mean("precision"), "recall": mean("recall"),
                           "f1": mean("f1"), "n": n,
                           "n_empty_pred": sum(1 for row in rows if not row["pred_words"])}
    for key in ("tp", "fn", "fp", "tn"):
        out[key] = sum(row.get(key, 0) for row in rows)
    return out
