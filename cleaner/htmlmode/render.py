"""The text a page shows, as the lines a text browser would print: one per block element.

`visible_lines` walks the tree once (iteratively: pages nest deeper than Python recurses)
and cuts the text at every block-level element, leaving out what a reader never sees
(scripts, styles, templates, the head). A picture's alt text is not shown (a browser
shows it only when the picture fails), so it is not a line either. The `html` stage compares these lines with what
extraction kept, so that every piece of text the page showed is either in the output or
in the record of removals.
"""
from __future__ import annotations

import re

from lxml import etree
from lxml.etree import _Element

BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hgroup", "hr", "li", "main", "nav", "ol", "option", "p", "pre", "section",
    "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "button", "label", "legend",
})
UNSEEN_TAGS = frozenset({"script", "style", "noscript", "template", "head", "title", "meta", "link",
                         "svg", "math", "iframe", "object", "embed", "canvas", "select", "textarea"})
_SPACES = re.compile(r"\s+")


def visible_lines(tree: _Element) -> list[str]:
    """The page's text, one line per block element, white space collapsed, empty lines left out."""
    lines: list[str] = []
    parts: list[str] = []
    hidden = 0  # depth inside an element no reader sees

    def flush() -> None:
        text = _SPACES.sub(" ", "".join(parts)).strip()
        if text:
            lines.append(text)
        parts.clear()

    for event, el in etree.iterwalk(tree, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if hidden or tag in UNSEEN_TAGS:
                hidden += 1
                continue
            if tag in BLOCK_TAGS:
                flush()
            if el.text:
                parts.append(el.text)
        else:
            if hidden:
                hidden -= 1
                if hidden:
                    continue
            elif tag in BLOCK_TAGS:
                flush()
            if el.tail:
                parts.append(el.tail)
    flush()
    return lines
