"""Small, pure measurements of a line of text that several stages share."""
from __future__ import annotations

import re

from . import _native

WORD = re.compile(r"\w+(?:['’]\w+)*")
# what ends a sentence, closing marks counted as an end (`ends_sentence`'s default)
SENTENCE_ENDS = ".!?…»\"”)"
GLUED = re.compile(r"(?<=[a-zà-öø-ÿ])(?=[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ])")  # "KremlinParti": a lower letter glued to a capital


def words(text: str) -> list[str]:
    """The words of `text` (letters, digits, inner apostrophes)."""
    return WORD.findall(text)


def word_count(text: str) -> int:
    """How many words `text` has: the matches of `WORD`, counted natively."""
    return _native.word_count(text)


def ends_sentence(text: str, ends: str = SENTENCE_ENDS, after: str | None = None) -> bool:
    """True when `text` ends like a sentence: its last character, once the characters of
    `after` (white space when None) are stripped from its end, is one of `ends` (by default
    ., !, ?, … or a closing quote or bracket)."""
    tail = text.rstrip(after)
    return bool(tail) and tail[-1] in ends


def headline_shaped(text: str, not_ending: tuple[str, ...] = (".", ":", ";", ",")) -> bool:
    """True for a line shaped like a headline: it opens with a capital, a digit or an opening
    quote and does not end with one of `not_ending` (a sentence, a label, a list)."""
    return not text.endswith(not_ending) and (text[:1].isupper() or text[:1] in "0123456789«\"“'")


def is_long(text: str, min_words: int = 20) -> bool:
    """True for a prose-sized block."""
    return word_count(text) >= min_words


def stopword_share(text: str, stopwords: frozenset[str]) -> float:
    """Share of the words of `text` that are function words."""
    ws = WORD.findall(text.lower())
    if not ws:
        return 0.0
    return sum(w in stopwords for w in ws) / len(ws)


def looks_like_name(text: str, connectors: frozenset[str], max_tokens: int = 9) -> bool:
    """True for a person or agency name list: 'L.L avec AFP', 'Jane Doe and John Roe'
    (`connectors`: the lower-case words that may join the names, `[names] byline_joins`)."""
    tokens = [t for t in re.split(r"[\s,]+", text.strip()) if t]
    if not tokens or len(tokens) > max_tokens or text.rstrip().endswith((".", "!", "?", ":")) and not re.search(r"\b[A-Z]\.$", text.strip()):
        return False
    named = 0
    for tok in tokens:
        if tok.lower() in connectors:
            continue
        if tok[0].isupper() or re.fullmatch(r"(?:[A-Z]\.)+[A-Z]?\.?", tok) or tok.startswith("@"):
            named += 1
            continue
        return False
    return named > 0


_NO_SPACE = re.compile(r"\s+")


def same_title(text: str, titles: list[str]) -> bool:
    """True when `text` is one of `titles` but for white space and case."""
    key = _NO_SPACE.sub("", text).casefold()
    return any(_NO_SPACE.sub("", t).casefold() == key for t in titles)
