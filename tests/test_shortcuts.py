"""Shortcuts taken for speed give the answer the long way gives.

- mojibake: a block it skips is one ftfy would leave unchanged;
- names: the capitalised words found by `_MAYBE_CAPITALISED` are those of `WORD`;
- menus (ItemLineRule): the cheap test before the substitution rejects no menu line;
- phrase lists: trying word-initial phrases at word starts only finds the same lines, but for
  a phrase found inside a word ("te recomendamos" in "neueste recomendamos"), on purpose.
"""
from __future__ import annotations

import re

from ftfy import fix_and_explain
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.document import Block
from cleaner.patterns import _opens_a_word, load_patterns, union
from cleaner.stages.chrome import ChromeStage
from cleaner.stages.mojibake import CONFIG, may_need_fixing
from cleaner.stages.names import _MAYBE_CAPITALISED, WORD

# characters that drive ftfy's fixers, mixed into ordinary text
TRICKY = "&;éèàç’“”«»\u00a0\u202f\r\u2028\x1b\x85\x93\ufb01\u0301ÃÂ©â€™Å“\u200b\ufeffﬁ"


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.text(alphabet=st.characters() | st.sampled_from(TRICKY), max_size=60))
def test_a_skipped_block_is_one_ftfy_leaves_unchanged(text: str) -> None:
    if not may_need_fixing(text):
        assert fix_and_explain(text, CONFIG)[0] == text


def test_mojibake_and_clean_text_are_told_apart() -> None:
    assert may_need_fixing("Ã©tÃ© 2023")
    assert may_need_fixing("Tom &amp; Jerry")
    assert may_need_fixing("e\u0301te\u0301")  # decomposed accents: NFC composes them
    assert not may_need_fixing("L’été sera chaud, dit-il « vraiment ».")
    assert not may_need_fixing("Plain ASCII text, with punctuation!")


SECTIONS = [("comments", "headings"), ("comments", "form"), ("captions", "credits"), ("paywall", "phrases"),
            ("teaser", "headings"), ("newsletter", "signals"), ("reading_time", "phrases")]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.sampled_from(SECTIONS), st.data())
def test_phrase_union_finds_the_same_lines(section: tuple[str, str], data: st.DataObject) -> None:
    patterns = load_patterns()
    items = patterns.all_entries(*section)
    plain = re.compile("|".join(f"(?:{i})" for i in items), re.IGNORECASE)
    vocabulary = sorted({w for i in items for w in re.findall(r"[^\W\d_]{2,}", i)}) + ["12", "(", ")", "/", "©", "AFP"]
    text = " ".join(data.draw(st.lists(st.sampled_from(vocabulary), max_size=8)))
    found = bool(union(items).search(text))
    plain_hits = list(plain.finditer(text))
    assert not found or plain_hits  # never more than the plain alternation
    at_word_start = [m for m in plain_hits if not re.match(r"\w", text[m.start() - 1:m.start()])]
    assert found or not at_word_start  # never less, but for hits inside a word ("te" in "neueste")


@pytest.mark.parametrize("item, word_start", [
    ("comments?", True), (r"\bfoo|bar", True), ("©|foo", False), ("(?:a|b)c", True), (r"(?:a|\()x", False),
    (r"(?:déjà )?abonné", True), (r"(?:a)?\(", False), ("(?:ab)?", False), ("(?:ab){0,2}c", True),
    (r"(?:^|\s)getty", False), (r"(?-i:\b(?:AFP|AP))\s*$", True), ("[|]x", False),
    (r"(?<!\d)\d+ comments?", True), (r"(?<!\S)(?:getty|alamy)\s*$", True), (r"(?<!\w)©", False),
])
def test_which_phrases_are_tried_at_word_starts_only(item: str, word_start: bool) -> None:
    assert _opens_a_word(item) == word_start


WORDS = st.text(alphabet=st.sampled_from("aBcÉéz-- .'1_ΣσЖж"), max_size=40)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(WORDS)
def test_capitalised_words_are_those_word_finds(text: str) -> None:
    slow = [(m.start(), m.group()) for m in WORD.finditer(text) if m.group()[0].isupper()]
    fast = [(m.start(), m.group()) for m in _MAYBE_CAPITALISED.finditer(text) if m.group()[0].isupper()]
    assert fast == slow


MENU_WORDS = ["Home", "News", "Contact", "Accueil", "Recherche", "Partager", "+", "|", "•", "x", "Sport"]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(MENU_WORDS), min_size=1, max_size=8))
def test_menu_precheck_rejects_no_menu_line(words: list[str]) -> None:
    stage = ChromeStage(load_patterns())
    line = " ".join(words)
    block = Block(0, line, line, (1, 1))
    rest = stage.items.sub(" ", block.norm)
    by_substitution = rest != block.norm and not any(ch.isalnum() for ch in rest)
    assert (stage.match(block, None) is not None) == by_substitution
