"""Related-article teasers: "READ <headline>" lines, "À LIRE AUSSI <title>" glued
into a paragraph, and headed lists of other articles ("À ne pas manquer")."""
from __future__ import annotations

import re
from collections import Counter
from typing import Any

from ..document import RELATED, Block, Document
from ..patterns import Patterns, factored
from ..text import GLUED, ends_sentence, word_count
from ..stage import Stage

# what `inline` needs, found much faster: a sentence end then a space
SENTENCE_GAP = re.compile(r"[.!?»\"”]\s")


class TeaserStage(Stage):
    """Drop teaser lines and teaser lists; cut teasers glued inside paragraphs."""

    name = "teaser"
    options = {"max_words": 30, "list_max_lines": 12, "list_line_max_words": 20, "sentence_min_words": 10,
               "inline_max_chars": 220, "label_repeats": 3}
    option_help = {"max_words": "longest teaser line or headline (in words)",
                   "list_max_lines": "most lines dropped under a teaser-list heading",
                   "list_line_max_words": "longest line (in words) of a teaser list",
                   "sentence_min_words": "a line of this many words ending a sentence ends a teaser list",
                   "inline_max_chars": "furthest (in characters) a glued teaser's end is looked for",
                   "label_repeats": "a marker said this many times is a link label: it goes alone"}
    rules = {"label": "a teaser marker or heading said again and again: a link label (\"Read more\")",
             "marker": "a teaser marker alone on its line (\"À LIRE AUSSI\")",
             "line": "another article's headline: after a marker, on its line or the next",
             "list_heading": "the heading of a list of other articles (\"À ne pas manquer\")",
             "list_item": "a short line under a teaser-list heading",
             "inline": "a teaser glued into a paragraph, cut out",
             "inline_unsure": "a teaser marker inside a paragraph whose end is unclear, left as is"}
    drop_kinds = dict.fromkeys(("label", "marker", "line", "list_heading", "list_item"), RELATED)

    def __init__(self, patterns: Patterns, **overrides: Any) -> None:
        super().__init__(patterns, **overrides)
        markers = "|".join(f"(?:{m})" for m in patterns.all_entries("teaser", "markers"))
        # what `line_start` and `marker_only` both open with, faster: no marker, neither matches
        self.opens_with_marker = re.compile(factored(patterns.all_entries("teaser", "markers")), re.IGNORECASE)
        # A marker that opens a line, then a separator or the headline itself.
        self.line_start = re.compile(rf"^(?P<marker>{markers})(?P<sep>\s*[:|>»›–—-]+\s*|\s{{2,}}|\s+(?=\S))", re.IGNORECASE)
        self.marker_only = re.compile(rf"^(?:{markers})\s*[:.!]?$", re.IGNORECASE)
        # Inside a paragraph: after a sentence end, a marker in capitals or followed by a colon.
        self.inline = re.compile(rf"(?<=[.!?»\"”])\s+(?P<marker>(?:{markers}))(?:\s*:)?\s+(?=\S)", re.IGNORECASE)
        self.headings = patterns.native_lines("teaser", "headings")
        # what `opens_with_marker` and `inline` both need somewhere in a text: a line without
        # a marker, as the native core finds them, has neither
        self.markers = patterns.native("teaser", "markers")

    def run(self, doc: Document) -> None:
        kept = doc.kept_blocks()
        # a marker or heading said again and again is the label of a link under each item
        # ("Read more" after every entry of a list): it goes alone, the items stay (counted
        # when a heading or a marker alone first asks)
        short: Counter[str] | None = None
        skip_until = -1
        lines, small = [b.norm for b in kept], [b.n_words <= 4 for b in kept]  # as the page came (edits below)
        headings = self.headings.fullmatch_where([line.rstrip(" :") for line in lines], [True] * len(kept))
        marked_lines = self.markers.search_where(lines, [True] * len(kept))
        marked_texts = self.markers.search_where([b.text for b in kept], [True] * len(kept))
        # every rule below needs a heading or a marker in the line: the others are passed over
        flagged = [pos for pos, found in enumerate(map(any, zip(headings, marked_lines, marked_texts))) if found]
        for pos in flagged:
            block = kept[pos]
            if pos <= skip_until:
                continue
            line = block.norm
            marker = marked_lines[pos] and self.opens_with_marker.match(line) is not None
            heading = headings[pos]
            marker_only = marker and self.marker_only.match(line) is not None
            label = heading or marker_only
            if label and short is None:
                short = Counter(text.lower() for text, few in zip(lines, small) if few)
            repeats = short[line.lower()] if label and short is not None else 0
            if label and repeats >= self.opts["label_repeats"]:
                self.drop(doc, block, "label", f"link label repeated {repeats} times on the page")
            elif heading:
                skip_until = self._drop_list(doc, kept, pos)
            elif marker_only:
                self.drop(doc, block, "marker", "teaser marker on its own line")
                nxt = kept[pos + 1] if pos + 1 < len(kept) else None
                if nxt and nxt.n_words <= self.opts["max_words"] and not ends_sentence(nxt.text):
                    self.drop(doc, nxt, "line", "headline after a teaser marker")
                    skip_until = pos + 1
            elif marker and self._is_teaser_line(line):
                self.drop(doc, block, "line", "teaser marker then another article's headline")
            elif marked_texts[pos]:
                self._cut_inline(doc, block)

    def _is_teaser_line(self, line: str) -> bool:
        if word_count(line) > self.opts["max_words"]:
            return False
        m = self.line_start.match(line)
        rest = line[m.end():] if m else ""
        if not rest:
            return False
        marker = m.group("marker")
        headline = rest[0].isupper() or rest[0].isdigit()
        # a separator after the marker, or the marker's own colon before a headline ("Related: <Title>")
        separated = bool(re.search(r"[:|>»›–—-]", m.group("sep"))) or headline and marker.endswith(":")
        # "READ Driggs...", "Read more: ...", "Lire aussi Macron ..." are teasers;
        # "Watch out for ..." is a sentence.
        return separated or headline and (self._marker_is_caps(marker) or len(marker.split()) >= 2)

    @staticmethod
    def _marker_is_caps(marker: str) -> bool:
        letters = [c for c in marker if c.isalpha()]
        return bool(letters) and all(c.isupper() for c in letters)

    def _drop_list(self, doc: Document, kept: list[Block], pos: int) -> int:
        """Drop a teaser-list heading and the short lines under it; return the last position."""
        self.drop(doc, kept[pos], "list_heading", f"heading of a list of other articles: {kept[pos].text[:60]!r}")
        last = pos
        for nxt in kept[pos + 1: pos + 1 + self.opts["list_max_lines"]]:
            n = nxt.n_words
            if n > self.opts["list_line_max_words"] or n >= self.opts["sentence_min_words"] and ends_sentence(nxt.text):
                break
            self.drop(doc, nxt, "list_item", "short line under a teaser-list heading")
            last += 1
        return last

    def _cut_inline(self, doc: Document, block: Block) -> None:
        text = block.text
        if not SENTENCE_GAP.search(text):
            return None
        for m in self.inline.finditer(text):
            if not (self._marker_is_caps(m.group("marker")) or ":" in m.group(0)):
                continue
            tail = text[m.end(): m.end() + self.opts["inline_max_chars"]]
            glued = GLUED.search(tail)
            if glued:
                cut_to = m.end() + glued.start()
                new = text[:m.start()] + " " + text[cut_to:]
                self.edit(doc, block, new, "inline", "teaser glued into the paragraph, cut up to the glued join")
                return self._cut_inline(doc, block)
            if word_count(text[m.end():]) <= self.opts["max_words"] and m.end() + len(tail) >= len(text):
                self.edit(doc, block, text[:m.start()], "inline", "teaser at the end of the paragraph")
                return None
            self.warn(doc, "inline_unsure", f"teaser marker {m.group('marker')!r} inside a paragraph; "
                      "its end is unclear, left as is", block)
        return None
