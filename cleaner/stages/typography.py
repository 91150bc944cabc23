"""Stray spaces before punctuation and doubled full stops, per the page language.

`[typography] no_space_before` lists the marks that take no space before them
("." and "," in French; also ; : ! ? in English). A space before such a mark is
only stray when the mark ends something: it is followed by white space, a
closing quote or bracket, or the end of the block. So " .NET", ".com", " .5",
"3 .5", ellipses "..." and spaced ellipses ". . ." are left alone, and so are
French spaces before ; : ! ? » (correct there).
"""
from __future__ import annotations

import re
from typing import Any

from .. import _native
from ..document import Block, Document
from ..patterns import Patterns
from ..stage import Stage
from ..edits import sub_logged

_SPACES = "[ \\u00a0\\u202f]+"
# What may end the word before the stray space: a letter or digit, a closing
# bracket or quote, a percent sign.
_BEFORE = r"(?<=[\w)\]»”\"’%])"
# What must follow the mark; ")" and "]" only when the mark is not ":" or ";"
# (emoticons such as ":)").
_AFTER = r"(?=\s|$|[\"”’»]|(?<![:;])[)\]])(?![ \u00a0\u202f]*\.)"

DOUBLED_STOP = re.compile(r"(?<=[^\s.])\.[ \u00a0\u202f]+\.(?![ \u00a0\u202f]*\.)(?=[\s\"”’»)\]]|$)")
# what every `DOUBLED_STOP` match holds, without the look-arounds: the screen matched natively
DOUBLED_STOP_SCREEN = r"\.[ \u00a0\u202f]+\."


def space_before_regexes(marks: list[str]) -> tuple[re.Pattern[str], _native.PhraseList] | None:
    """The regex of a stray space before one of `marks` (regex entries), and its screen: what
    every such space holds, a space right before the mark, without the look-arounds, matched
    by the native core over a page's blocks at once (`tests/test_shortcuts.py`). None when
    there are no marks."""
    if not marks:
        return None
    alternation = "|".join(f"(?:{m})" for m in marks)
    return (re.compile(f"{_BEFORE}{_SPACES}(?P<mark>{alternation}){_AFTER}"),
            _native.PhraseList([f"[ \u00a0\u202f](?:{alternation})"], False, ignore_case=False))


class TypographyStage(Stage):
    """Remove stray spaces before punctuation (`space_before_punct`) and doubled stops (`doubled_stop`)."""

    name = "typography"
    requires = frozenset({"blocks", "language"})
    rules = {"space_before_punct": "a stray space before punctuation removed (per the page language)",
             "doubled_stop": "a full stop typed twice made one"}

    def __init__(self, patterns: Patterns, **overrides: Any) -> None:
        super().__init__(patterns, **overrides)
        self._regexes: dict[str, tuple[re.Pattern[str], _native.PhraseList] | None] = {}
        self.doubled_stops = _native.PhraseList([DOUBLED_STOP_SCREEN], False, ignore_case=False)

    def space_before(self, language: str | None) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
        """The compiled stray-space regex of `language` and its screen (cached), None when
        it has no rule."""
        if not language:
            return None
        if language not in self._regexes:
            self._regexes[language] = space_before_regexes(
                self.patterns.entries(language, "typography", "no_space_before"))
        return self._regexes[language]

    def run(self, doc: Document) -> None:
        """Fix every kept block, one logged change per fix."""
        regexes = self.space_before(doc.metadata.get("language"))
        kept = doc.kept_blocks()
        texts, everyone = [b.text for b in kept], [True] * len(kept)
        spaced = regexes[1].search_where(texts, everyone) if regexes else [False] * len(kept)
        doubled = self.doubled_stops.search_where(texts, everyone)
        for block, space, stops in zip(kept, spaced, doubled):
            if space or stops:
                self.fix_block(doc, block, regexes[0] if regexes and space else None, stops)

    def fix_block(self, doc: Document, block: Block, stray_space: re.Pattern[str] | None,
                  doubled_stop: bool = True) -> None:
        """Apply both rules to one block: the stray-space regex (`stray_space`) when its screen
        found a space before a mark, the doubled stop when its screen found one (`doubled_stop`)."""
        if stray_space is not None:
            sub_logged(self, doc, block, stray_space, r"\g<mark>", "space_before_punct",
                       lambda m: f"no space before {m.group('mark')!r}")
        if doubled_stop:  # removing stray spaces never makes a doubled stop: the screen read the text before
            sub_logged(self, doc, block, DOUBLED_STOP, ".", "doubled_stop", "full stop typed twice")
