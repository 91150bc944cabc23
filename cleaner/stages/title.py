"""The page title and the site's masthead line: metadata, not body."""
from __future__ import annotations

import re

from ..document import METADATA, Block, Document
from ..patterns import norm
from ..text import ends_sentence, headline_shaped, word_count
from ..stage import Stage

MASTHEAD = re.compile(r"^(?:[A-Z][\w&.'-]*|[A-Z0-9&.]{2,})(?: [A-Z][\w&.'-]*)?$")
ALL_CAPS = re.compile(r"^[A-Z0-9&.' -]{2,}$")


class TitleStage(Stage):
    """Take the title and the masthead out of the header of a page.

    The header is what comes before the first paragraph of `paragraph_words`
    words (a page without such a paragraph has none). In it, on HTML pages without a title
    in the markup, the first headline-shaped line (`min_words`..`max_words` words, not
    ending like a sentence) is the title (in a text dump the `header` stage chose the
    headline, or none: its line goes, wherever it is); a one- or two-word name
    in capitals, or a single name on the page's first line, is the site.
    On HTML pages the title is known from the markup: only lines equal to it go.
    """

    name = "title"
    provides = frozenset({"title"})
    options = {"paragraph_words": 15, "min_words": 3, "max_words": 30}
    option_help = {"paragraph_words": "shortest paragraph (in words, ending a sentence) that ends the header",
                   "min_words": "shortest title (in words)",
                   "max_words": "longest title (in words)"}
    rules = {"title": "the headline (chosen by `header` in text dumps), or a line equal to the page's known title",
             "site": "the site's name (masthead) above the article"}
    drop_kinds = {"title": METADATA, "site": METADATA}

    def run(self, doc: Document) -> None:
        known = doc.metadata.get("title")
        text_mode = doc.source.format == "text"
        for block in doc.kept_blocks():  # the headline the `header` stage read, wherever it is
            if "title" in doc.metadata_blocks.get(block.index, ()):
                self.drop(doc, block, "title", "the headline, kept as metadata")
        for pos, block in enumerate(self._header(doc)):
            line = block.norm
            if known and line == norm(known):
                self.drop(doc, block, "title", "the page title, kept as metadata")
            elif known is None and not text_mode and self._is_title(line):
                known = " ".join(block.text.split())
                self.set_meta(doc, "title", known, replace=True)
                self.drop(doc, block, "title", "headline above the article, kept as metadata")
            elif self._is_masthead(line, block, doc):
                self.set_meta(doc, "site", " ".join(block.text.split()))
                self.drop(doc, block, "site", "site name above the article, kept as metadata")

    def _header(self, doc: Document) -> list[Block]:
        """The kept blocks above the first paragraph; none when the page has no paragraph (a
        list, a poem, a page of short lines has no header to take a title from)."""
        header: list[Block] = []
        for block in doc.iter_kept():
            if block.n_words >= self.opts["paragraph_words"] and ends_sentence(block.text):
                return header
            header.append(block)
        return []

    def _is_title(self, line: str) -> bool:
        if not self.opts["min_words"] <= word_count(line) <= self.opts["max_words"]:
            return False
        return headline_shaped(line)

    @staticmethod
    def _is_masthead(line: str, block: Block, doc: Document) -> bool:
        if not MASTHEAD.fullmatch(line):
            return False
        first_line = block is doc.blocks[0] if doc.blocks else False
        return bool(ALL_CAPS.fullmatch(line)) or (first_line and " " not in line)
