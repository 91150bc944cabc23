"""Plain text -> one block per non-blank line, with its line number and indentation.

HTML input normally gets its blocks from the `html` stage. When that stage is
disabled (or ran later and found none), the page is rendered to text with
BeautifulSoup and segmented here; those blocks have no line numbers, since the
lines of the rendering are not lines of the input.
"""
from __future__ import annotations

from .. import _native
from ..document import Block, Document
from ..stage import Stage

# white space to Python plus the invisible characters that make a line look non-blank
BLANK = " \t\n\r\f\v\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009" \
        "\u200a\u2028\u2029\u202f\u205f\u3000\u1680\u0085\ufeff\u200b\u200c\u200d\u2060"


class SegmentStage(Stage):
    """Split text input into line blocks (and HTML input, when no other stage gave blocks)."""

    name = "segment"
    requires = frozenset()
    provides = frozenset({"blocks"})

    def applies_to(self, doc: Document) -> bool:
        """Text input, or HTML input that no stage has turned into blocks."""
        return doc.source.format == "text" or (doc.source.format == "html" and not doc.blocks)

    def run(self, doc: Document) -> None:
        if doc.source.format == "html":
            from ..htmlmode.parse import soup_text  # lxml: loaded by HTML input only

            doc.blocks = segment_lines(soup_text(doc.raw, "lxml", head=False), numbered=False)
        else:
            doc.blocks = segment_lines(doc.raw)


def segment_lines(text: str, numbered: bool = True) -> list[Block]:
    """One Block per non-blank line of `text` (lines split on "\\n" only, 1-based numbers), with
    its indentation (tabs expanded to 4 columns), a list item when it opens with a bullet ("-"
    and "*" before white space only: "-5 °C" and "*emphasis*" are none); the lines are read and
    the blocks made natively (`native/src/segment.rs`, `native/src/py_blocks.rs`: each block's
    attributes written at once, as `Block(...)` would set them, without a constructor call each)."""
    return _native.dump_blocks(Block, text, BLANK, numbered)
