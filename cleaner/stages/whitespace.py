"""Runs of white space inside a block collapsed to one space, ends stripped.

A single no-break space (U+00A0, the narrow U+202F, the figure space U+2007) is
kept: French typography puts one before « ; : ! ? » and inside numbers
("7 000"). A run that mixes it with other spaces becomes one plain space.
"""
from __future__ import annotations

import re

from .. import _native
from ..document import Document
from ..stage import Stage

# A run of two or more white-space characters, or one that is neither a plain
# space nor a no-break space (a tab, a line break, a thin space...).
RUNS = re.compile(r"\s{2,}|[^\S \u00a0\u202f\u2007]")


def collapse(text: str) -> str:
    """`text` with white-space runs made one space and its ends stripped."""
    if text.isprintable() and "  " not in text:
        # every white-space character but the plain space is a control or a separator, which
        # `isprintable` refuses: no run to collapse (`tests/test_shortcuts.py`)
        return text.strip()
    return RUNS.sub(" ", text).strip()


class WhitespaceStage(Stage):
    """Collapse white space inside each kept block (rule `collapse`)."""

    name = "whitespace"
    rules = {"collapse": "runs of white space inside a block made one space"}

    def run(self, doc: Document) -> None:
        """One logged change per block whose spacing changed (only the blocks whose white
        space `collapse` may change are asked: `_native.collapsible`)."""
        kept = doc.kept_blocks()
        for pos in _native.collapsible([b.text for b in kept]):
            block = kept[pos]
            text = collapse(block.text)
            if text != block.text:  # most blocks: nothing to log, no edit asked
                self.edit(doc, block, text, "collapse", "runs of white space collapsed to one space")
