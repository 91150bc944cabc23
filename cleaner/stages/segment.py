"""Plain text -> one block per non-blank line, with its line number and indentation.

HTML input normally gets its blocks from the `html` stage. When that stage is
disabled (or ran later and found none), the page is rendered to text with
BeautifulSoup and segmented here; those blocks have no line numbers, since the
lines of the rendering are not lines of the input.
"""
from __future__ import annotations

import re

from ..document import Block, Document
from ..stage import Stage

# "-" and "*" need a space after them ("-5 °C" and "*emphasis*" are not list items)
BULLET = re.compile(r"^(?:[•·▪◦‣►▸]|[-*](?=\s))")
TAB_WIDTH = 4
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
    """One Block per non-blank line of `text` (lines split on "\\n" only, 1-based numbers)."""
    blocks: list[Block] = []
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip(BLANK)
        if not stripped:
            continue
        lead = line[: len(line) - len(line.lstrip(BLANK))]
        block = Block(index=len(blocks), text=stripped, original=line,
                      lines=(number, number) if numbered else None,
                      kind="list_item" if BULLET.match(stripped) else "paragraph")
        block.features["indent"] = len(lead.expandtabs(TAB_WIDTH))
        blocks.append(block)
    return blocks

