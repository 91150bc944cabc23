"""Parsing a page: the lxml tree the `html` stage reads (no network, no external entities),
and the page's plain text when lxml cannot parse it."""
from __future__ import annotations

import re

import lxml.html
from lxml import etree
from lxml.etree import _Element

_SPACES = re.compile(r"[ \t\n\r\f\v]+")
# characters XML cannot hold (lxml refuses them): C0 controls but tab and line ends, U+FFFE/U+FFFF
_XML_INVALID_BYTES = bytes(range(0x00, 0x09)) + b"\x0b\x0c" + bytes(range(0x0e, 0x20))


def parse_html(raw: str) -> _Element | None:
    """The lxml tree of `raw`, or None when lxml fails on it.

    Every element is an `lxml.html.HtmlElement` (what trafilatura expects), looked up in C:
    lxml.html's own parser picks a class per element in Python, a tenth of the parse time."""
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True,
                              no_network=True, collect_ids=False, default_doctype=False)
    parser.set_element_class_lookup(etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction, entity=lxml.html.HtmlEntity))
    data = raw.encode("utf-8", "replace").translate(None, _XML_INVALID_BYTES)
    if b"\xef\xbf\xbe" in data or b"\xef\xbf\xbf" in data:  # U+FFFE, U+FFFF
        data = data.replace(b"\xef\xbf\xbe", b"").replace(b"\xef\xbf\xbf", b"")
    try:
        tree = lxml.html.document_fromstring(data, parser=parser)
    except Exception:
        return None
    return tree if tree is not None and len(tree) else None


def soup_text(raw: str, parser: str = "html.parser", head: bool = True) -> str:
    """The visible text of `raw` by BeautifulSoup (its own forgiving parser by default: no
    depth limit), one line per text node; scripts and styles left out. With `head`, the text
    of the <body> (of the whole page when it has none); without, of the whole page less its
    <head>."""
    from bs4 import BeautifulSoup  # here, not at import: a fallback few pages reach

    soup = BeautifulSoup(raw, parser)
    for el in soup(["script", "style", "noscript", "template", *([] if head else ["head"])]):
        el.decompose()
    return (soup.body or soup).get_text("\n") if head else soup.get_text("\n")


def paragraphs(text: str) -> list[str]:
    """The non-blank lines of `text`, white space collapsed."""
    return [line for line in (collapse(t) for t in text.split("\n")) if line]


def collapse(text: str) -> str:
    """`text` with every run of white space made one space, ends stripped."""
    return _SPACES.sub(" ", text).strip()
