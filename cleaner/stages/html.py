"""HTML input -> main-content blocks, with page metadata and a logged DOM pre-pass.

The page is parsed once with lxml (no network, no external entities, libxml2's
default depth limit; elements are lxml.html's, looked up in C). Metadata is read from
the untouched tree: meta tags, JSON-LD, then trafilatura's cheap title and site readers
and htmldate's quick date search for what is still missing. The pre-pass (`htmlprune`)
then removes boilerplate from that same tree, each removal with text logged as a DROP
change `html:dom_<kind>` with `block=None`, because blocks do not exist yet. The main
content is extracted from the pruned tree (`htmlextract`: trafilatura, and a second
opinion when its result looks short); each element of the result becomes one Block (a
list item, a table row: one block each). The author, when the page's metadata has none,
comes from the pruned page's byline.
"""
from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import lxml.html
import trafilatura
from bs4 import BeautifulSoup
from lxml import etree
from lxml.etree import _Element

try:  # trafilatura's cheap metadata readers; without them the page's own meta tags only
    from htmldate import find_date
    from trafilatura.metadata import extract_sitename, extract_title
except ImportError:  # pragma: no cover - a trafilatura that moved them
    find_date = extract_sitename = extract_title = None

from ..document import Block, Document
from . import register
from .base import Stage
from .htmlextract import element_blocks, extract_body
from .htmlprune import markup_rules, prune

__all__ = ["HtmlStage", "markup_rules", "parse_html", "read_metadata", "element_blocks"]

_NO_SPACE = re.compile(r"\s+")
_SPACES = re.compile(r"[ \t\n\r\f\v]+")
# characters XML cannot hold (lxml refuses them): C0 controls but tab and line ends, U+FFFE/U+FFFF
_XML_INVALID_BYTES = bytes(range(0x00, 0x09)) + b"\x0b\x0c" + bytes(range(0x0e, 0x20))
_ISO_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?!\d)")


@register
class HtmlStage(Stage):
    """Extract the main content of an HTML page as blocks; page metadata into `doc.metadata`."""

    name = "html"
    requires = frozenset()
    provides = frozenset({"blocks"})
    formats = frozenset({"html"})

    def run(self, doc: Document) -> None:
        tree = parse_html(doc.raw)
        if tree is None:
            self.warn(doc, "parse_error", "lxml could not parse the page; kept its plain text")
            set_blocks(doc, [("paragraph", p) for p in _paragraphs(_soup_text(doc.raw))])
            return
        titles = read_metadata(tree, doc.metadata)
        page_title = _collapse(tree.findtext(".//title") or "")
        fill_metadata(tree, doc.metadata, titles)
        page = prune(tree, doc, markup_rules())
        if "author" not in doc.metadata:
            _set(doc.metadata, "author", byline_author(tree))
        blocks = self._extract(tree, doc, page)
        _set(doc.metadata, "title", page_title)
        set_blocks(doc, blocks)
        if doc.blocks and _same(doc.blocks[0].text, titles):
            self.drop(doc, doc.blocks[0], "title", "page title, kept as metadata")

    def _extract(self, tree: _Element, doc: Document, page: int) -> list[tuple[str, str]]:
        try:
            body = extract_body(tree, page)
        except Exception as err:  # trafilatura raises more than ValueError (RecursionError too)
            body = None
            self.warn(doc, "trafilatura_error", f"trafilatura failed: {type(err).__name__}: {err}")
        if body is not None and len(body):
            blocks = element_blocks(body)
            if blocks:
                return blocks
        try:
            body, _, _ = trafilatura.baseline(tree)
            blocks = element_blocks(body)
        except Exception:
            blocks = []
        how = "trafilatura's baseline"
        if not blocks:  # lxml stops at libxml2's depth limit; BeautifulSoup's parser does not
            blocks = [("paragraph", p) for p in _paragraphs(_soup_text(doc.raw))]
            how = "the plain text of the page"
        self.warn(doc, "fallback", f"no main content found; kept {how} instead")
        return blocks


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


# ---- metadata ---------------------------------------------------------------------

# meta tag names (name, property or itemprop) per field, in order of trust
META_KEYS = {
    "title": ("og:title",),
    "author": ("author", "article:author"),
    "published": ("article:published_time",),
    "site": ("og:site_name",),
}
# other conventions, read after JSON-LD
MORE_META_KEYS = {
    "title": ("twitter:title", "dc.title", "headline"),
    "author": ("byl", "dc.creator", "dcterms.creator", "parsely-author", "sailthru.author",
               "citation_author", "creator"),
    "published": ("datepublished", "date", "pubdate", "publishdate", "publish-date", "publish_date",
                  "dc.date", "dc.date.issued", "dcterms.date", "dcterms.issued", "dcterms.created",
                  "og:published_time", "article.published", "parsely-pub-date", "sailthru.date",
                  "datecreated"),
    "site": ("application-name", "dc.publisher", "publisher", "twitter:site"),
}


def read_metadata(tree: _Element, metadata: dict[str, Any]) -> list[str]:
    """Fill title, author, published, site, html_lang from the page's own markup: meta tags,
    then JSON-LD, then other meta conventions (keys already set are kept); return every title
    candidate seen."""
    meta: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = (el.get("content") or "").strip()
        if key and content:
            meta.setdefault(key, content)
    ld = _json_ld(tree)
    page_title = _collapse(tree.findtext(".//title") or "")
    first = {field: next((meta[k] for k in keys if k in meta), None) for field, keys in META_KEYS.items()}
    more = {field: next((meta[k] for k in keys if k in meta), None) for field, keys in MORE_META_KEYS.items()}
    _set(metadata, "title", first["title"] or ld.get("headline") or more["title"])
    _set(metadata, "author", next(filter(None, (_name(meta.get(k)) for k in META_KEYS["author"])), None)
         or _name(ld.get("author")) or _person(more["author"]))
    for value in (first["published"], ld.get("datePublished"), more["published"]):
        _set(metadata, "published", _iso_date(value))
    site = more["site"].lstrip("@") if more["site"] else None
    _set(metadata, "site", first["site"] or _name(ld.get("publisher")) or site)
    _set(metadata, "html_lang", (tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
                                 or "").strip())
    # the plain <title> often ends in " | Site": the <h1> title (fill_metadata) is preferred
    candidates = [first["title"], more["title"], ld.get("headline"), page_title]
    return [c for c in candidates if c]


def fill_metadata(tree: _Element, metadata: dict[str, Any], titles: list[str]) -> None:
    """Fill what the page's meta tags and JSON-LD left out with trafilatura's cheap readers
    (the title from the <h1> or <title>, the site from the title) and htmldate's quick
    search for the date (`byline_author` reads the pruned page for the author).
    trafilatura's own metadata pass is not run: its author and date searches cost as much
    as the extraction itself."""
    title = _call(extract_title, tree)
    if title:
        titles.append(title)
        _set(metadata, "title", title)
    if "published" not in metadata and find_date is not None:
        url = next((el.get("href") for el in tree.iterfind(".//head/link[@rel='canonical']")), None)
        _set(metadata, "published", _iso_date(_call(find_date, tree, url=url, original_date=True,
                                                    extensive_search=False)))
    _set(metadata, "site", _call(extract_sitename, tree))


def _person(value: str | None) -> str | None:
    """A name from a meta convention: "By Ann Lee" -> "Ann Lee"; a one-word user name is none."""
    name = _name(_BY.sub("", value)) if value else None
    return name if name and " " in name else None


def _call(function: Any, *args: Any, **kwargs: Any) -> Any:
    if function is None:
        return None
    try:
        return function(*args, **kwargs)
    except Exception:
        return None


_BYLINE = etree.XPath(".//*[@rel='author' or @itemprop='author' or contains(@class, 'author')"
                      " or contains(@class, 'byline')][string-length(.) < 200]")
BYLINES_TRIED = 5
_BY = re.compile(r"^(?:(?:posted|written|published|story|text|words)\s+)?(?:by|par|von|por|di|door)\b\s*:?\s*",
                 re.IGNORECASE)
_BYLINE_END = re.compile(r"(?<!\s)\s+[|•·–—-]\s|\s\d|(?<!\S)\S+@|(?<!\s)\s+(?:on|le|am|el|il)\s+\d|(?<!\s)\s*\(")


def byline_author(tree: _Element) -> str | None:
    """The name in the first byline element of the pruned page: "By Ann Lee | June 3" -> "Ann Lee"."""
    for el in _BYLINE(tree)[:BYLINES_TRIED]:
        text = _collapse(" ".join(el.itertext()))
        if not 2 < len(text) < 120:
            continue
        name = _BYLINE_END.split(_BY.sub("", text), maxsplit=1)[0].strip(" ,;:")
        if 2 < len(name) < 80 and any(c.isalpha() for c in name) and name.count(" ") < 8:
            return name
    return None


def _json_ld(tree: _Element) -> dict[str, Any]:
    """The first headline, author, publisher and datePublished found in JSON-LD scripts."""
    found: dict[str, Any] = {}
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                for key in ("headline", "author", "publisher", "datePublished"):
                    if key in item and item[key]:
                        found.setdefault(key, item[key])
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(reversed(graph))
    return found


def _name(value: Any) -> str | None:
    """A display name from a meta content or a JSON-LD Person/Organization (or list of them)."""
    if isinstance(value, list):
        names = [n for n in (_name(v) for v in value) if n]
        return "; ".join(dict.fromkeys(names)) or None
    if isinstance(value, dict):
        value = value.get("name")
    if not isinstance(value, str):
        return None
    value = _collapse(value)
    return None if not value or value.startswith(("http://", "https://", "/")) else value


def _iso_date(value: Any) -> str | None:
    """`YYYY-MM-DD` (or `YYYY-MM`, `YYYY` when that is all that is given) from an ISO 8601 value."""
    match = _ISO_DATE.match(value) if isinstance(value, str) else None
    if not match:
        return None
    year, month, day = match.groups()
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    parts = [year] + [f"{int(p):02d}" for p in (month, day) if p]
    return "-".join(parts)


def _set(metadata: dict[str, Any], key: str, value: Any) -> None:
    if value and key not in metadata:
        metadata[key] = value


def set_blocks(doc: Document, blocks: list[tuple[str, str]]) -> None:
    """Replace `doc.blocks` by fresh blocks (any line blocks made before are superseded)."""
    doc.blocks = [Block(i, text, original=text, lines=None, kind=kind)
                  for i, (kind, text) in enumerate(blocks)]


# ---- fallbacks --------------------------------------------------------------------

def _soup_text(raw: str) -> str:
    soup = BeautifulSoup(raw, "html.parser")
    for el in soup(["script", "style", "noscript", "template"]):
        el.decompose()
    return (soup.body or soup).get_text("\n")


def _paragraphs(text: str) -> list[str]:
    return [line for line in (_collapse(t) for t in text.split("\n")) if line]


def _collapse(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _same(text: str, titles: list[str]) -> bool:
    key = _NO_SPACE.sub("", text).casefold()
    return any(_NO_SPACE.sub("", t).casefold() == key for t in titles)
