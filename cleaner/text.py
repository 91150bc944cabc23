"""Small, pure measurements of a line of text that several stages share."""
from __future__ import annotations

import re

WORD = re.compile(r"\w+(?:['’]\w+)*")
SENTENCE_END = re.compile(r"[.!?…»\"”)]\s*$")
GLUED = re.compile(r"(?<=[a-zà-öø-ÿ])(?=[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ])")  # "KremlinParti": a lower letter glued to a capital


def words(text: str) -> list[str]:
    """The words of `text` (letters, digits, inner apostrophes)."""
    return WORD.findall(text)


def word_count(text: str) -> int:
    """How many words `text` has."""
    return len(WORD.findall(text))


def ends_sentence(text: str) -> bool:
    """True when `text` ends like a sentence (., !, ?, …, or a closing quote)."""
    return bool(SENTENCE_END.search(text))


def is_long(text: str, min_words: int = 20) -> bool:
    """True for a prose-sized block."""
    return word_count(text) >= min_words


def stopword_share(text: str, stopwords: frozenset[str]) -> float:
    """Share of the words of `text` that are function words."""
    ws = WORD.findall(text.lower())
    if not ws:
        return 0.0
    return sum(w in stopwords for w in ws) / len(ws)


def looks_like_name(text: str, connectors: frozenset[str] = frozenset(
        {"and", "et", "avec", "with", "de", "du", "des", "van", "von", "der", "den", "la", "le", "da", "di", "&", "y"}),
        max_tokens: int = 9) -> bool:
    """True for a person or agency name list: 'L.L avec AFP', 'Jane Doe and John Roe'."""
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
