"""Site chrome: header, footer and navigation lines ("top of page", "Recherche"), and an
in-page table of contents."""
from __future__ import annotations

import re
from typing import Any

from ..document import Block, Document
from ..patterns import Patterns
from . import register
from .base import ItemLineRule

# what an entry of a table of contents may carry that its heading further down does not
ENTRY_DECORATION = re.compile(r"^[\s•·*▪◦○►›»\-–—]*(?:\d+(?:\.\d+)*[.)]?\s+)?|[\s:.…]+$")


def entry_key(text: str) -> str:
    """A line as a table-of-contents entry compares with the heading it points to."""
    return " ".join(ENTRY_DECORATION.sub("", text).lower().split())


@register
class ChromeStage(ItemLineRule):
    """Drop lines made only of navigation and platform items (`[chrome] items`), and a table
    of contents: its heading (`[chrome] contents`, the whole line) and the entries under it
    that are the page's own headings, found again further down."""

    name = "chrome"
    section = "chrome"
    options = {**ItemLineRule.options, "contents_min_entries": 2, "contents_entry_words": 15}

    def __init__(self, patterns: Patterns, **overrides: Any) -> None:
        super().__init__(patterns, **overrides)
        self.contents = patterns.any_test("chrome", "contents")

    def run(self, doc: Document) -> None:
        super().run(doc)
        kept = doc.kept_blocks()
        for pos, block in enumerate(kept):
            if block.n_words <= 8 and self.contents.fullmatch(block.norm.rstrip(" :")):
                self._drop_contents(doc, block, kept[pos + 1:])

    def _drop_contents(self, doc: Document, heading: Block, after: list[Block]) -> None:
        """Drop the heading, and the entries under it when there are enough of them."""
        last_seen: dict[str, int] = {}
        for block in doc.blocks[heading.index + 1:]:
            last_seen[entry_key(block.norm)] = block.index
        entries: list[Block] = []
        for block in after:
            key = entry_key(block.norm)
            if not key or block.n_words > self.opts["contents_entry_words"] or last_seen.get(key, -1) <= block.index:
                break
            entries.append(block)
        self.drop(doc, heading, "contents", "heading of a table of contents")
        if len(entries) >= self.opts["contents_min_entries"]:
            for block in entries:
                self.drop(doc, block, "contents", "table of contents entry: a heading found again further down")
