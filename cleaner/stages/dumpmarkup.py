"""The marks text renderers leave in a dump: lynx's link numbers and its list of link
targets, html2text's and markdown's headings, links, images and emphasis.

lynx -dump prints `[12]` before each link's text and ends the page with "References" and
the numbered list of every target; html2text writes `# Heading`, `[text](url)`,
`![alt](url)`, `**bold**` and `_italic_`. Left in place, URLs and numbers become words of
the article. The list of link targets goes (kind junk); the marks are edited out of the
text, each edit logged. Each mark goes only where its tool's signature is there too: the
list of link targets only at the end of a page whose text calls them by number (an
article's own list of references stays), a link number only above such a list (a bracketed
number elsewhere may be a footnote call), a heading's marks only on a line standing alone
between blank lines and starting like a title (a code comment stays), emphasis marks only
on a page with other markdown marks.
"""
from __future__ import annotations

import re
from typing import Any

from ..document import JUNK, Block, Document
from ..edits import sub_logged
from ..patterns import Patterns
from ..stage import Stage

LINK_TARGET = re.compile(r"^\d{1,5}\. (?:[a-z][a-z0-9+.-]{1,20}:|/)\S*$")
LYNX_NUMBER = re.compile(r"\[(\d{1,5})\](?=\S)")
# an address may hold "- ": html2text wraps lines after a hyphen, inside addresses too, and
# unwrap's join put a space where the line ended
URL_CHARS = r"(?:[^()\s]|(?<=-) )"
MD_IMAGE = re.compile(r"!\[([^\]\n]{0,300})\]\(" + URL_CHARS + r"{1,2000}(?: \"[^\"\n]{0,300}\")?\)")
MD_LINK = re.compile(r"\[([^\[\]\n]{1,300})\]\((?:[a-z][a-z0-9+.-]{1,20}:|/|#|\.)" + URL_CHARS + r"{0,2000}"
                     r"(?: \"[^\"\n]{0,300}\")?\)")
MD_HEADING = re.compile(r"^(#{1,6})[ \t]+(?=[^\W_a-z])(.*?)(?:[ \t]+#+)?[ \t]*$")
MD_STRONG = re.compile(r"(?<![\w*])\*\*(?=\S)([^*\n]{1,300}?)(?<=\S)\*\*(?![\w*])"
                       r"|(?<![\w_])__(?=\S)([^_\n]{0,300} [^_\n]{0,300}?)(?<=\S)__(?![\w_])")
MD_EMPHASIS = re.compile(r"(?<![\w_])_(?=[^\s_])([^_\n]{1,300}?)(?<=[^\s_])_(?![\w_])")


class DumpMarkupStage(Stage):
    """Take out the marks text renderers leave: lynx's link numbers and link list, markdown's
    headings, links, images and emphasis."""

    name = "dumpmarkup"
    formats = frozenset({"text"})
    options = {"min_targets": 3}
    option_help = {"min_targets": "fewest numbered link targets under a references heading for the list to go"}
    rules = {"references": "the numbered list of link targets a text browser prints at the end (lynx)",
             "link_numbers": "a link's number printed before its text ([12]Home), on a page with that list",
             "headings": "a markdown heading's # marks (the line becomes a heading block)",
             "links": "a markdown link written [text](url): its text stays",
             "images": "a markdown image ![alt](url): a picture's description and address",
             "emphasis": "markdown emphasis marks (**bold**, __bold__, _italic_) on a markdown page"}
    drop_kinds = {"references": JUNK}

    def __init__(self, patterns: Patterns, **overrides: Any) -> None:
        super().__init__(patterns, **overrides)
        self.reference_lines = patterns.native_lines("dumps", "reference_headings")  # a page's lines at once

    def run(self, doc: Document) -> None:
        lynx = self._drop_references(doc, doc.kept_blocks())
        markdown = 0
        kept = doc.kept_blocks()
        # without lynx's link numbers to take out, a line is edited only if it holds an image or
        # a link, or opens with a heading mark (a line with neither is not edited before its test)
        for block in kept if lynx else [b for b in kept if "](" in b.text or b.text.startswith("#")]:
            if lynx:
                sub_logged(self, doc, block, LYNX_NUMBER, "", "link_numbers", "lynx's link number")
            if "](" in block.text:  # what an image and a link both hold
                markdown += sub_logged(self, doc, block, MD_IMAGE, "", "images",
                                       lambda m: f"a markdown image ({m.group(1)[:60]!r})")
                markdown += sub_logged(self, doc, block, MD_LINK, r"\1", "links", "a markdown link's address")
            if block.text.startswith("#") and (m := MD_HEADING.match(block.text)) is not None \
                    and self._stands_alone(doc, block):
                self.edit(doc, block, m.group(2), "headings", f"markdown heading marks ({m.group(1)})")
                block.kind = "heading"
                markdown += 1
        if markdown:
            for block in doc.kept_blocks():
                if "**" in block.text or "__" in block.text:
                    sub_logged(self, doc, block, MD_STRONG, lambda m: m.group(1) or m.group(2), "emphasis",
                               "markdown bold marks")
                if "_" in block.text:
                    sub_logged(self, doc, block, MD_EMPHASIS, r"\1", "emphasis", "markdown italic marks")

    @staticmethod
    def _stands_alone(doc: Document, block: Block) -> bool:
        """A blank line (or the page's edge) above and below the block's lines."""
        if block.lines is None:
            return True
        pos = block.index
        above = doc.blocks[pos - 1].lines if pos > 0 else None
        below = doc.blocks[pos + 1].lines if pos + 1 < len(doc.blocks) else None
        return (above is None or above[1] < block.lines[0] - 1) and (below is None or below[0] > block.lines[1] + 1)

    def _drop_references(self, doc: Document, blocks: list[Block]) -> bool:
        """Drop the references heading that ends the page, followed by at least `min_targets`
        numbered link targets which the text above calls by number, with them; True when
        there was one."""
        found = False
        headings = self.reference_lines.fullmatch_where([b.text for b in blocks], [True] * len(blocks))
        for pos, block in enumerate(blocks):
            if not headings[pos] or block.dropped:
                continue
            targets = []
            for below, heading in zip(blocks[pos + 1:], headings[pos + 1:]):
                if LINK_TARGET.match(below.text):
                    targets.append(below)
                elif not heading:
                    break
            at_end = all(heading or LINK_TARGET.match(b.text) for b, heading in zip(blocks[pos + 1:], headings[pos + 1:]))
            called = {int(n) for above in blocks[:pos] for n in LYNX_NUMBER.findall(above.text)}
            if len(targets) < self.opts["min_targets"] or not at_end or \
                    len({n for n in called if 0 < n <= len(targets)}) < self.opts["min_targets"]:
                continue
            found = True
            self.drop(doc, block, "references", f"heading of a list of {len(targets)} link targets")
            for target in targets:
                self.drop(doc, target, "references", "a link target of the list at the end")
        return found
