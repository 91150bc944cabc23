"""Paragraphs rebuilt from hard-wrapped lines, before anything judges a line.

A dump made at 80 columns (w3m, lynx) or 72-79 (html2text, mail) cuts each paragraph into
lines; judged one by one, a paragraph's last short line looks like a menu item and its
middle lines like nothing at all. When the text is wrapped (`cleaner.wrapping.wrap_plan`
finds the width), the lines cut at that width are joined with the lines they continue
into one block, which keeps the span of input lines it came from (the sidecar and the diff
still point at input lines). Menus, lists, tables and short lines stay as they are. A text
that is not wrapped is left exactly as `segment` made it. The width found is metadata
(`wrap_width`); the joins are no edit of the text (only line ends became spaces), so they
are not logged one by one: a block's `lines` says which input lines it holds.
"""
from __future__ import annotations

from .. import _native
from ..document import Block, Document
from ..stage import Stage
from ..wrapping import too_wide, wrap_plan


class UnwrapStage(Stage):
    """Join the lines of hard-wrapped paragraphs of a text dump into one block each."""

    name = "unwrap"
    formats = frozenset({"text"})

    def run(self, doc: Document) -> None:
        blocks = doc.blocks
        if len(blocks) < 2 or any(b.lines is None for b in blocks):
            return
        if too_wide([b.original for b in blocks]):
            return
        plan = wrap_plan([(b.lines[0], b.original) for b in blocks])  # type: ignore[index]
        if plan is None:
            return
        width, runs = plan
        merged = _native.unwrap_blocks(Block, blocks, runs)  # each run one block, its lines joined, numbered anew
        doc.blocks = merged
        self.set_meta(doc, "wrap_width", width)
