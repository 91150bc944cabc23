"""A second look with neighbours (jusText's idea): short lines stranded among junk."""
from __future__ import annotations

from ..document import DUPLICATE, JUNK, METADATA, Block, Document
from ..text import ends_sentence
from ..stage import Stage


class LayoutStage(Stage):
    """Drop what only makes sense next to junk that is gone.

    - an orphan label ("Sources :") whose following block was removed or that ends the page;
    - a short line (`short_words` words, no sentence end) with removed blocks on both sides;
    - a line with no word at all: a rule drawn with "━━━━", a lone "|" or "•";
    - the second copy of a paragraph printed twice in a row.
    """

    name = "layout"
    options = {"label_words": 4, "short_words": 6}
    option_help = {"label_words": "longest orphan label (in words)",
                   "short_words": "longest stranded line (in words)"}
    rules = {"duplicate": "the second copy of a block printed twice in a row",
             "no_words": "a line with no letter or digit: a drawn rule, a stray symbol",
             "orphan_label": "a label (\"Sources :\") with nothing kept after it",
             "stranded": "a short line between two removed blocks (not metadata)"}
    drop_kinds = {"duplicate": DUPLICATE, "no_words": JUNK, "orphan_label": JUNK, "stranded": JUNK}

    def run(self, doc: Document) -> None:
        blocks = doc.blocks
        at = [i for i, block in enumerate(blocks) if block.kept]
        norms = [blocks[i].norm for i in at]
        # the lines a test below may drop: a second copy of the kept line before it (the line
        # a copy is compared with is never a dropped copy, so it is that line), or short
        limit = max(self.opts["label_words"], self.opts["short_words"])
        asked = [k for k, (i, line, before) in enumerate(zip(at, norms, [None, *norms]))
                 if line == before or blocks[i].n_words <= limit]
        for k in asked:
            i, line, block = at[k], norms[k], blocks[at[k]]
            if k and line == norms[k - 1]:
                self.drop(doc, block, "duplicate", "same text as the block before")
                continue
            nxt = self._neighbour(blocks, i, +1)
            prev = self._neighbour(blocks, i, -1)
            if not block.n_words:
                self.drop(doc, block, "no_words", "no letter or digit: a rule or a stray symbol")
            elif line.endswith(":") and block.n_words <= self.opts["label_words"] and (nxt is None or not nxt.kept):
                self.drop(doc, block, "orphan_label", "label with nothing after it")
            elif (block.n_words <= self.opts["short_words"] and not ends_sentence(line)
                  and self._junk(prev) and self._junk(nxt)):
                self.drop(doc, block, "stranded", "short line between removed blocks")

    @staticmethod
    def _neighbour(blocks: list[Block], i: int, step: int) -> Block | None:
        j = i + step
        return blocks[j] if 0 <= j < len(blocks) else None

    @staticmethod
    def _junk(block: Block | None) -> bool:
        """A removed block that was junk (not the title or a metadata line)."""
        return block is not None and block.dropped is not None and block.dropped.drop_kind != METADATA
