"""Site chrome: header, footer and navigation lines ("top of page", "Recherche"), menus printed
on one line, and an in-page table of contents."""
from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate, compress
from typing import Any

from .. import _native
from ..document import JUNK, Block, Document
from ..patterns import Patterns
from ..stage import ItemLineRule

# between the items of a menu printed on one line: "Accueil | Politique | Recherche"
# (?<!\s): a run of spaces is tried from its start only (linear, not quadratic, on long runs)
MENU_SEPARATOR = re.compile(r"(?<!\s)\s+[|•·/]\s+|(?:(?<!\s)\s+)?\|\s*")


# `has_separator`'s characters, looked for in a page's lines at once (`screen` says 1 where one is)
SEPARATORS = _native.CharScreen("|/•·")


def has_separator(line: str) -> bool:
    """Whether `line` holds a character every `MENU_SEPARATOR` match holds (four substring
    searches: a ninth of the time of a set's `isdisjoint`, which hashes every character)."""
    return "|" in line or "/" in line or "•" in line or "·" in line


# what an entry of a table of contents may carry that its heading further down does not; a tail
# ("...", " :") right after the head is taken with it (the same `sub`), elsewhere it is tried from
# the start of its run only, and nothing is given back (linear, not quadratic, on a run of ": ")
ENTRY_DECORATION = re.compile(r"^[\s•·*▪◦○►›»\-–—]*+(?:\d+(?:\.\d+)*[.)]?\s++)?(?:[\s:.…]+$)?|(?<![\s:.…])[\s:.…]+$")


ENTRY_LEADS = "•·*▪◦○►›»-–—"  # what `ENTRY_DECORATION` may take first, besides white space and digits
ENTRY_TAILS = ":.…"  # ...and last, besides white space


def entry_key(text: str) -> str:
    """A line as a table-of-contents entry compares with the heading it points to."""
    first, last = text[:1], text[-1:]
    if first and not (first in ENTRY_LEADS or first.isspace() or first.isdecimal() or last in ENTRY_TAILS
                      or last.isspace()):
        return " ".join(text.lower().split())  # nothing for `ENTRY_DECORATION` to take
    return " ".join(ENTRY_DECORATION.sub("", text).lower().split())


class ChromeStage(ItemLineRule):
    """Drop lines made only of navigation and platform items (`[chrome] items`), a menu on one
    line (see `match`), and a table of contents: its heading (`[chrome] contents`, the whole
    line) and the entries under it that are the page's own headings, found again further down."""

    name = "chrome"
    section = "chrome"
    options = {**ItemLineRule.options, "contents_min_entries": 2, "contents_entry_words": 15,
               "menu_min_items": 3, "menu_min_known": 2, "menu_item_words": 3, "menu_max_words": 40}
    option_help = {**ItemLineRule.option_help,
                   "contents_min_entries": "fewest entries under a table-of-contents heading for them to go too",
                   "contents_entry_words": "longest table-of-contents entry (in words)",
                   "menu_min_items": "fewest items of a menu on one line",
                   "menu_min_known": "fewest of those items that must be chrome items",
                   "menu_item_words": "longest item (in words) of a menu on one line",
                   "menu_max_words": "longest menu line (in words)"}
    rules = {"items": "a line made only of navigation and platform items (\"top of page\", \"Recherche\")",
             "menu": "a menu on one line: short items between separators, some of them chrome items",
             "contents": "a table of contents: its heading, and entries found again as headings below"}
    drop_kinds = dict.fromkeys(rules, JUNK)

    def __init__(self, patterns: Patterns, **overrides: Any) -> None:
        super().__init__(patterns, **overrides)
        self.contents = patterns.native_lines("chrome", "contents")
        self.whole_items = _native.PhraseList.lines(self.item_phrases)  # one item as the whole text

    def match(self, block: Block, doc: Document) -> tuple[str, str] | None:
        """A menu on one line: short items between separators, at least `menu_min_known` of them
        chrome items, the others section names no list can hold."""
        line = block.norm
        if block.n_words > self.opts["menu_max_words"] or not has_separator(line) \
                or not MENU_SEPARATOR.search(line):
            return None
        parts = [p for p in (part.strip(" •") for part in MENU_SEPARATOR.split(block.norm.strip(" •"))) if p]
        if len(parts) < self.opts["menu_min_items"] or not all(
                0 < len(p.split()) <= self.opts["menu_item_words"] and not p.endswith((".", "!", "?", ":")) for p in parts):
            return None
        if sum(1 for p in parts if self.whole_items.fullmatch(p)) >= self.opts["menu_min_known"]:
            return "menu", f"a menu on one line: {block.norm[:80]!r}"
        return None

    def may_match(self, blocks: list[Block], lines: list[str]) -> list[bool]:
        """The lines `match` may find a menu in: with a separator (`has_separator`, natively)."""
        return [held == 1 for held in SEPARATORS.screen(lines)]

    def run(self, doc: Document) -> None:
        super().run(doc)
        kept = doc.kept_blocks()
        headings = self.contents.fullmatch_where([b.norm.rstrip(" :") for b in kept], [b.n_words <= 8 for b in kept])
        for pos in compress(range(len(kept)), headings):
            self._drop_contents(doc, kept[pos], kept[pos + 1:])

    def _drop_contents(self, doc: Document, heading: Block, after: list[Block]) -> None:
        """Drop the heading, and the entries under it when there are enough of them."""
        found_again = LaterCopies(doc.blocks[heading.index + 1:])
        entries: list[Block] = []
        for block in after:
            key = entry_key(block.norm)
            if not key or block.n_words > self.opts["contents_entry_words"] or not found_again(key, block.index):
                break
            entries.append(block)
        self.drop(doc, heading, "contents", "heading of a table of contents")
        if len(entries) >= self.opts["contents_min_entries"]:
            for block in entries:
                self.drop(doc, block, "contents", "table of contents entry: a heading found again further down")


class LaterCopies:
    """Whether a table-of-contents entry's key is found again as a later block's `entry_key`.

    A block's key is its `norm` (single-spaced already) less some decoration at either end, in
    lower case: a substring of the lower-cased `norm`. So the key is looked for as a substring
    of the lower-cased lines joined (one search in C), and only the blocks it is found in have
    their key computed (once): most headings' first entry is found nowhere below.
    """

    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks
        lows = [b.norm.lower() for b in blocks]
        self.starts = list(accumulate((len(low) + 1 for low in lows[:-1]), initial=0))
        self.text = "\n".join(lows)
        self.keys: dict[int, str] = {}

    def __call__(self, key: str, index: int) -> bool:
        """Whether a block after `index` (a block index of the page) has the key `key`."""
        pos = index + 1 - self.blocks[0].index if self.blocks else 0  # blocks[k].index is blocks[0].index + k
        while pos < len(self.blocks):
            at = self.text.find(key, self.starts[pos])
            if at == -1:
                return False
            pos = bisect_right(self.starts, at) - 1
            if pos not in self.keys:
                self.keys[pos] = entry_key(self.blocks[pos].norm)
            if self.keys[pos] == key:
                return True
            pos += 1
        return False
