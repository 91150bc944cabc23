"""The text a page shows, as the lines a text browser would print: one per block element.

`visible_lines` walks the tree once (iteratively: pages nest deeper than Python recurses)
and cuts the text at every block-level element, leaving out what a reader never sees
(scripts, styles, templates, the head). A picture's alt text is not shown (a browser
shows it only when the picture fails), so it is not a line either. The `html` stage compares these lines with what
extraction kept, so that every piece of text the page showed is either in the output or
in the record of removals. Given `spots`, it also says where each of those elements stood
among the lines (the marks the DOM pre-pass leaves where it removed something, `htmlmode.place`).
"""
from __future__ import annotations

from typing import Any

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
MARK = "cleaner-mark"  # the tag of the marks `htmlmode.place.Marks` leaves in the tree
BEFORE, INSIDE = 0, 2  # a mark's side of its line: before it, or inside it (after some of its text)


def visible_lines(tree: _Element, spots: dict[_Element, Any] | None = None) -> list[str]:
    """The page's text, one line per block element, white space collapsed, empty lines left out.

    `spots`: elements (marks) without text whose place is wanted; each key found in the tree
    is set to `(line, side)`: the index of the line it stands at, `BEFORE` that line or
    `INSIDE` it (its line had text before it); a mark after the last line has `len(lines)`."""
    lines: list[str] = []
    parts: list[str] = []
    hidden = 0  # depth inside an element no reader sees

    def flush() -> None:
        if not parts:
            return
        text = " ".join("".join(parts).split())  # `\s` and `str.split` know the same white space
        if text:
            lines.append(text)
        parts.clear()

    for event, el in etree.iterwalk(tree, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == MARK and spots is not None and el in spots:  # no text, no line of its own
            if event == "start":
                spots[el] = (len(lines), INSIDE if any(p.strip() for p in parts) else BEFORE)
            elif not hidden and el.tail:
                parts.append(el.tail)
            continue
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
