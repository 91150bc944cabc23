"""Photo captions and credits: "© AFP", "( POOL / X )", a caption printed twice, a line that
says what a picture shows ("A screenshot of the settings page")."""
from __future__ import annotations

from typing import Any

from .. import _native
from ..document import CAPTION, Block, Document
from ..patterns import Patterns
from ..patterns.syntax import top_alternatives
from ..text import ends_sentence, word_count
from ..stage import Stage


class CaptionsStage(Stage):
    """Drop credit lines, image placeholders, picture descriptions, and captions repeated
    on the next line.

    A caption is often printed twice (image alt text, then the caption, maybe
    with a credit appended): two adjacent lines where the second equals or
    starts with the first are both captions.
    """

    name = "captions"
    options = {"max_words": 60, "repeat_min_words": 3, "credit_max_words": 12, "prose_words": 15,
               "description_max_words": 40}
    option_help = {"max_words": "longest credit line or repeated caption (in words)",
                   "repeat_min_words": "shortest caption (in words) taken as printed twice",
                   "credit_max_words": "longest credit (in words) after the second copy of a caption",
                   "prose_words": "a line said twice with this many words and a sentence end is a "
                                  "paragraph, not a caption",
                   "description_max_words": "longest line (in words) that may say what a picture shows"}
    rules = {"placeholder": "an image placeholder (\"[image]\", bracketed file names)",
             "repeated": "a caption printed twice, on two lines in a row",
             "credit": "a photo credit, or a caption with its credit (\"© AFP\")",
             "description": "a line saying what a picture shows (alt text, a caption)"}
    drop_kinds = dict.fromkeys(rules, CAPTION)

    def __init__(self, patterns: Patterns, **overrides: Any) -> None:
        super().__init__(patterns, **overrides)
        self.credits = patterns.native("captions", "credits")
        self.placeholders = patterns.native_lines("captions", "placeholders")
        # a description opens the line: each phrase anchored at its start (not grouped when it
        # has one alternative, so that a `\b` that ends it stays at its end)
        self.descriptions = _native.PhraseList(
            [f"^{d}" if len(top_alternatives(d)) == 1 else f"^(?:{d})"
             for d in patterns.all_entries("captions", "descriptions")], False)

    def run(self, doc: Document) -> None:
        kept = doc.kept_blocks()
        lines = [block.norm for block in kept]
        placeholder = self.placeholders.fullmatch_where(lines, [True] * len(kept))
        credit = self.credits.search_where(lines, [b.n_words <= self.opts["max_words"] for b in kept])
        description = self.descriptions.search_where(lines, [b.n_words <= self.opts["description_max_words"]
                                                             for b in kept])
        following = [*lines[1:], ""]
        # a line none of the tests below may drop is passed over: no list hit, and the next
        # line does not open with it (what `_repeated` asks first)
        asked = map(any, zip(placeholder, credit, description, map(str.startswith, following, lines)))
        for pos in [pos for pos, ask in enumerate(asked) if ask]:
            block, line, nxt = kept[pos], lines[pos], following[pos]
            if placeholder[pos]:
                self.drop(doc, block, "placeholder", "image placeholder")
                continue
            if self._repeated(line, nxt):
                self.drop(doc, block, "repeated", "caption repeated on the next line")
                if nxt == line:
                    self.drop(doc, kept[pos + 1], "repeated", "caption repeated on the line before")
                continue
            if credit[pos]:
                self.drop(doc, block, "credit", "photo credit or caption with credit")
                if pos and self._first_half(doc, kept[pos - 1], block):
                    self.drop(doc, kept[pos - 1], "credit", "first half of a caption with credit, cut over two lines")
            elif description[pos]:
                self.drop(doc, block, "description", "says what a picture shows: alt text or a caption")

    def _first_half(self, doc: Document, before: Block, block: Block) -> bool:
        """In a text dump, the line before a credit caption that opens in lower case is the
        caption's first half when it does not end a sentence (a wrapped line unwrap left apart)."""
        return (doc.source.format == "text" and before.kept and block.text[:1].islower()
                and not ends_sentence(before.text) and before.n_words + block.n_words <= self.opts["max_words"])

    def _repeated(self, line: str, nxt: str) -> bool:
        if not nxt.startswith(line):  # most lines: the words are not counted
            return False
        n = word_count(line)
        if not self.opts["repeat_min_words"] <= n <= self.opts["max_words"]:
            return False
        if nxt == line and n >= self.opts["prose_words"] and ends_sentence(line):
            return False  # a paragraph printed twice: `layout` drops the second copy, not both
        # Equal, or the same caption with a short credit appended (not a paragraph
        # that happens to open with the words of a heading).
        rest = nxt[len(line):]
        return not rest or not rest[0].isalnum() and word_count(rest) <= self.opts["credit_max_words"]
