"""HTML input -> main-content blocks, with page metadata and a logged DOM pre-pass.

The page is parsed once with lxml (no network, no external entities, libxml2's
default depth limit; elements are lxml.html's, looked up in C). Metadata is read from
the untouched tree: meta tags, JSON-LD, then trafilatura's cheap title and site readers
and htmldate's quick date search for what is still missing. The pre-pass (`htmlprune`)
then removes boilerplate from that same tree, each removal with text logged as a DROP
change `html:dom_<kind>` (the rules of `htmlmode.prune.DOM_RULES`) with `block=None`,
because blocks do not exist yet; the lines of the pruned page the extraction leaves out are
`html:not_extracted`. Each of these drops gets its place among the blocks once they exist
(`Change.at`, `htmlmode.place`). The main content is extracted from the pruned tree
(`htmlextract`: trafilatura, and a second opinion when its result looks short); each
element of the result becomes one Block (a list item, a table row: one block each). The
author, when the page's metadata has none, comes from the pruned page's byline.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..document import JUNK, METADATA, Block, Change, Document
from ..patterns import Patterns
from ..stage import Stage
from ..text import same_title
from ..htmlmode.switches import DOM_RULES, DOM_SWITCHES, dom_switches

if TYPE_CHECKING:
    from lxml.etree import _Element

    from ..htmlmode.metadata import BylineWords

WORD = re.compile(r"\w+")

__all__ = ["HtmlStage"]



class HtmlStage(Stage):
    """Extract the main content of an HTML page as blocks; page metadata into `doc.metadata`."""

    name = "html"
    requires = frozenset()
    provides = frozenset({"blocks"})
    formats = frozenset({"html"})
    rules = {"title": "the first block, equal to the page's title: kept as metadata",
             **{rule: what for rule, _, what in DOM_RULES.values()},
             "not_extracted": "text the page shows that the main-content extraction left out",
             "parse_error": "lxml could not parse the page: its plain text kept",
             "trafilatura_error": "trafilatura failed on the page",
             "fallback": "no main content found: trafilatura's baseline or the plain text kept"}
    drop_kinds = {"title": METADATA, "not_extracted": JUNK, **{rule: kind for rule, kind, _ in DOM_RULES.values()}}
    options = {"dom_off": ""}
    option_help = {"dom_off": "DOM pre-pass rules switched off, comma-separated (e.g. \"share,captions\"; "
                              f"from {', '.join(DOM_SWITCHES)}; \"join\": the split-body join)"}

    def __init__(self, patterns: Patterns, **overrides: Any) -> None:
        super().__init__(patterns, **overrides)
        self.dom_off = dom_switches(self.opts["dom_off"])
        self._bylines: BylineWords | None = None

    def run(self, doc: Document) -> None:
        # lxml and the HTML modules load with the first HTML page: a text-only run never needs them
        from ..htmlmode.metadata import byline_author, byline_words, fill_metadata, read_metadata, set_once
        from ..htmlmode.parse import collapse, paragraphs, parse_html, soup_text
        from ..htmlmode.place import LINE, Marks, place
        from ..htmlmode.prune import markup_rules, prune

        if self._bylines is None:
            self._bylines = byline_words(self.patterns)
        tree = parse_html(doc.raw)
        if tree is None:
            self.warn(doc, "parse_error", "lxml could not parse the page; kept its plain text")
            set_blocks(doc, [("paragraph", p) for p in paragraphs(soup_text(doc.raw))])
            return
        found: dict[str, Any] = {}
        titles = read_metadata(tree, found, self._bylines)
        page_title = collapse(tree.findtext(".//title") or "")
        fill_metadata(tree, found, titles)
        marks = Marks()
        page = prune(tree, doc, markup_rules(), self, marks, self.dom_off)
        shown, spots = marks.render(tree)  # before extraction, which may change the tree
        if "author" not in found:
            set_once(found, "author", byline_author(tree, self._bylines))
        blocks = self._extract(tree, doc, page)
        set_once(found, "title", page_title)
        for key, value in found.items():
            self.set_meta(doc, key, value)
        set_blocks(doc, blocks)
        left_out = self._record_left_out(doc, shown)
        place(doc, shown, spots + left_out)
        # dropped here, not by the title stage: by then `captions` would take this headline and
        # a later copy of it as one caption printed twice (same_title is the title stage's test too)
        if doc.blocks and same_title(doc.blocks[0].text, titles):
            self.drop(doc, doc.blocks[0], "title", "page title, kept as metadata")

    def _record_left_out(self, doc: Document, shown: list[str]) -> list[tuple[Change, tuple[int, int]]]:
        """Record every line the pruned page shows with a word the extracted blocks lack: so
        each piece of the page's text is in the output or in the record of removals. Returns
        each drop with its spot (its line) for `place`."""
        from ..htmlmode.place import LINE

        kept = set(WORD.findall(" ".join(b.text for b in doc.blocks).casefold()))
        out = []
        for i, line in enumerate(shown):
            if not kept.issuperset(WORD.findall(line.casefold())):
                change = self.drop_text(doc, line, "not_extracted", "not in the main content the extraction found")
                out.append((change, (i, LINE)))
        return out

    def _extract(self, tree: _Element, doc: Document, page: int) -> list[tuple[str, str]]:
        from ..htmlmode.extract import element_blocks, extract_body
        from ..htmlmode.parse import paragraphs, soup_text

        try:
            body = extract_body(tree, page)
        except Exception as err:  # trafilatura raises more than ValueError (RecursionError too)
            body = None
            self.warn(doc, "trafilatura_error", f"trafilatura failed: {type(err).__name__}: {err}")
        if body is not None and len(body):
            blocks = element_blocks(body)
            if blocks:
                return blocks
        import trafilatura  # here, not at import: text input never loads it

        try:
            body, _, _ = trafilatura.baseline(tree)
            blocks = element_blocks(body)
        except Exception:
            blocks = []
        how = "trafilatura's baseline"
        if not blocks:  # lxml stops at libxml2's depth limit; BeautifulSoup's parser does not
            blocks = [("paragraph", p) for p in paragraphs(soup_text(doc.raw))]
            how = "the plain text of the page"
        self.warn(doc, "fallback", f"no main content found; kept {how} instead")
        return blocks


def set_blocks(doc: Document, blocks: list[tuple[str, str]]) -> None:
    """Replace `doc.blocks` by fresh blocks (any line blocks made before are superseded)."""
    doc.blocks = [Block(i, text, original=text, lines=None, kind=kind)
                  for i, (kind, text) in enumerate(blocks)]
