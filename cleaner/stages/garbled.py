"""Paragraphs that look machine-garbled, flagged and never edited.

Two signals, for paragraphs of at least `min_words` words:

- it starts with a lower-case word ("russe Le président...") although the
  paragraph before it ended its sentence; words with a capital or a digit
  inside ("iPhone", "my6sense") do not count;
- a capitalised function word of the page language (`[garbled]
  capitalised_function_words`) follows a lower-case word with nothing but a
  space between, and is itself followed by a lower-case word ("arrivée Il
  s’agit", "russe Le président"). A capitalised word after it means a title or
  a proper name ("le journal Le Monde") and is not counted.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .. import _native
from ..document import Block, Document
from ..patterns import Patterns
from ..stage import Stage
from ..text import ends_sentence

MAX_SHOWN = 5  # pairs quoted in a warning
_SPACE = "[ \\u00a0\\u202f]+"
_PUNCT = ",.;:!?…)]»”\"’'"
STOPS = ".!?…"  # a sentence ends with one of these, maybe followed by CLOSING
CLOSING = " \u00a0\u202f»”\"’'"
LEAD = re.compile(r"[«“\"'‘]?(?<!\s)\s*(?P<word>[^\W\d_]+(?:[-'’][^\W\d_]+)*)")


@dataclass(frozen=True)
class FunctionWords:
    """The capitalised-function-word test of one language: `full` finds the pairs; `quick`
    (a word character, space, function word, space, a word character) is what any match of
    `full` contains, and rules out most paragraphs at a fraction of the cost (a function word
    opening a sentence, after a full stop, among them)."""

    quick: _native.PhraseList
    full: re.Pattern[str]


def function_word_regex(words: list[str]) -> FunctionWords | None:
    """Case-sensitive regex of a lower-case word, a space, one of `words`, a space, a lower-case letter."""
    if not words:
        return None
    alternation = "|".join(re.escape(w) for w in words)
    return FunctionWords(
        quick=_native.PhraseList([rf"\w{_SPACE}(?:{alternation}){_SPACE}\w"], False, ignore_case=False),
        full=re.compile(
            rf"(?<![\w'’-])(?P<prev>[^\W\d_]+(?:-[^\W\d_]+)*){_SPACE}(?P<word>{alternation}){_SPACE}"
            rf"(?P<next>[^\W\d_])"))


def starts_lower(text: str) -> str | None:
    """The first word of `text` when it is all lower case, else None.

    Only an opening quote may come before it: "[les deux...]" (an editor's
    insertion), "- la diplomatie :" (a list item), "— name (@handle)" or
    "1 lemon" are not sentences starting in lower case.
    """
    match = LEAD.match(text)
    if not match:
        return None
    word = match.group("word")
    glued = text[match.end():match.end() + 1]
    if glued and not (glued.isspace() or glued in _PUNCT):
        return None  # "my6sense", "e-mail@": not a plain word
    return word if word.islower() else None


def capitalised_function_words(text: str, regex: FunctionWords) -> list[str]:
    """The "lower-case word + capitalised function word" pairs found in `text`."""
    hit = regex.quick.first(text)
    if hit is None:
        return []
    # every match holds a quick hit at the end of its `prev` word, which has no " " in it: none
    # starts before the space in front of the first hit (`first`'s text is found where it matched)
    start = text.rfind(" ", 0, text.find(hit)) + 1
    return [f"{m.group('prev')} {m.group('word')}" for m in regex.full.finditer(text, start)
            if m.group("prev").islower() and m.group("next").islower()]


class GarbledStage(Stage):
    """Warn (`machine_garbled`) on paragraphs that look machine-garbled."""

    name = "garbled"
    requires = frozenset({"blocks", "language"})
    options = {"min_words": 8}
    option_help = {"min_words": "shortest paragraph (in words) checked"}
    rules = {"machine_garbled": "a paragraph that looks machine-garbled (flagged, never edited)"}

    def __init__(self, patterns: Patterns, **overrides: Any) -> None:
        super().__init__(patterns, **overrides)
        self._regexes: dict[str, FunctionWords | None] = {}

    def regex(self, language: str | None) -> FunctionWords | None:
        """The compiled function-word regex of `language` (cached), None when it has no list."""
        if not language:
            return None
        if language not in self._regexes:
            self._regexes[language] = function_word_regex(
                self.patterns.entries(language, "garbled", "capitalised_function_words"))
        return self._regexes[language]

    def run(self, doc: Document) -> None:
        """Flag each kept paragraph showing one of the signals."""
        regex = self.regex(doc.metadata.get("language"))
        least = self.opts["min_words"]
        kept = doc.kept_blocks()
        texts = [b.text for b in kept]
        # the paragraphs long enough to be checked (`least` words, without splitting them all)
        long = [len(text.split(None, least)) >= least for text in texts]
        # the function-word test only where its quick screen finds something (one native call)
        quick = regex.quick.search_where(texts, long) if regex else [False] * len(texts)
        for pos in [pos for pos, ask in enumerate(long) if ask]:
            block = kept[pos]
            signals = self.signals(block, regex if quick[pos] else None, texts[pos - 1] if pos else "")
            if signals:
                self.warn(doc, "machine_garbled", "; ".join(signals), block)

    def signals(self, block: Block, regex: FunctionWords | None, previous: str = "") -> list[str]:
        """The reasons to think `block`, a paragraph of `min_words` words or more (`run` asks
        no other), is garbled (empty when it looks fine).

        A lower-case start only counts when the previous paragraph (`previous`,
        empty for the first) ended its sentence: otherwise the paragraph is a
        list item or a wrapped line that carries its sentence on.
        """
        text = block.text
        found: list[str] = []
        first = None
        if not text[:1].isupper():  # a capital first is the first word's (`LEAD`): not a lower-case start
            carries_on = block.kind == "list_item" or (bool(previous) and not ends_sentence(previous, STOPS, CLOSING))
            first = None if carries_on else starts_lower(text)
        if first:
            found.append(f"starts with a lower-case word ({first!r})")
        pairs = capitalised_function_words(text, regex) if regex else []
        if pairs:
            shown = ", ".join(repr(p) for p in pairs[:MAX_SHOWN])
            more = f" and {len(pairs) - MAX_SHOWN} more" if len(pairs) > MAX_SHOWN else ""
            found.append(f"capitalised function word mid-sentence: {shown}{more}")
        return found
