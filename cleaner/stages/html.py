"""HTML input -> main-content blocks, with page metadata and a logged DOM pre-pass.

The page is parsed once with lxml (no network, no external entities, libxml2's
default depth limit). Metadata is read from the untouched tree. A pre-pass then
works on that same lxml tree (faster than a BeautifulSoup copy) and removes the
widgets listed in `patterns/markup.toml`: comment threads, share bars, sign-up
forms, related lists, captions... Each removal with text is logged as a DROP
change `html:dom_<kind>` with `block=None`, because blocks do not exist yet.
trafilatura then extracts the main content from the pruned tree; each element of
its output becomes one Block (a list item, a table row: one block each).
"""
from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

import lxml.html
import trafilatura
from bs4 import BeautifulSoup
from lxml.etree import _Element

from ..document import DROP, Block, Change, Document
from . import register
from .base import Stage

MARKUP_FILE = Path(__file__).resolve().parent.parent / "patterns" / "markup.toml"
PROTECTED = frozenset({"html", "body", "main", "article"})
INVISIBLE = "ancestor-or-self::script or ancestor-or-self::style or ancestor-or-self::noscript " \
            "or ancestor-or-self::template"
_VISIBLE_TEXT = f".//text()[not({INVISIBLE})]"
_EMAIL_INPUT = ".//input[@type='email' or contains(translate(@name, 'EMAIL', 'email'), 'email')]"
_WORD_SPLIT = re.compile(r"[\s\-_:.]+|(?<=[a-z0-9])(?=[A-Z])")
_SPACES = re.compile(r"[ \t\n\r\f\v]+")
_NO_SPACE = re.compile(r"\s+")
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ISO_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?!\d)")
BLOCKISH = frozenset({"p", "head", "list", "item", "quote", "table", "row", "cell", "code", "div"})
KINDS = {"p": "paragraph", "head": "heading", "quote": "quote", "code": "code"}
BEFORE_LIMIT = 500


@dataclass(frozen=True)
class MarkupRules:
    """The pre-pass rules of `markup.toml`, indexed for lookup."""

    tokens: dict[str, str]  # class/id word -> kind
    tags: dict[str, str]  # tag -> kind
    tags_outside_article: dict[str, str]
    ignore_prefixes: tuple[str, ...]
    ignore_values: frozenset[str]

    def words(self, value: str) -> Iterator[str]:
        """The words of a class/id value, and adjacent pairs joined (see markup.toml)."""
        for item in value.split():
            low = item.lower()
            if low in self.ignore_values or low.startswith(self.ignore_prefixes):
                continue
            parts = [p.lower() for p in _WORD_SPLIT.split(item) if p]
            yield from parts
            yield from (a + b for a, b in zip(parts, parts[1:]))

    def kind_of(self, el: _Element, in_article: bool) -> str | None:
        """The kind of boilerplate `el` is, or None."""
        tag = el.tag
        if tag in PROTECTED:
            return None
        if tag in self.tags:
            return self.tags[tag]
        if not in_article and tag in self.tags_outside_article:
            return self.tags_outside_article[tag]
        if tag == "form" and el.xpath(_EMAIL_INPUT):
            return "newsletter"
        for attr in ("class", "id"):
            value = el.get(attr)
            if value:
                for word in self.words(value):
                    if word in self.tokens:
                        return self.tokens[word]
        return None


@lru_cache(maxsize=1)
def markup_rules() -> MarkupRules:
    """Load `patterns/markup.toml` once."""
    data = tomllib.loads(MARKUP_FILE.read_text(encoding="utf-8"))
    ignore = data.pop("ignore", {})
    tokens, tags, outside = {}, {}, {}
    for kind, section in data.items():
        tokens.update((t.lower(), kind) for t in section.get("tokens", []))
        tags.update((t, kind) for t in section.get("tags", []))
        outside.update((t, kind) for t in section.get("tags_outside_article", []))
    return MarkupRules(tokens, tags, outside, tuple(ignore.get("class_prefixes", [])),
                       frozenset(ignore.get("class_values", [])))


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
        prune(tree, doc, markup_rules())
        blocks = self._extract(tree, doc, titles)
        _set(doc.metadata, "title", _collapse(tree.findtext(".//title") or ""))
        set_blocks(doc, blocks)
        if doc.blocks and _same(doc.blocks[0].text, titles):
            self.drop(doc, doc.blocks[0], "title", "page title, kept as metadata")

    def _extract(self, tree: _Element, doc: Document, titles: list[str]) -> list[tuple[str, str]]:
        try:
            result = trafilatura.bare_extraction(tree, include_comments=False, with_metadata=True)
        except Exception as err:  # trafilatura raises more than ValueError (RecursionError too)
            result = None
            self.warn(doc, "trafilatura_error", f"trafilatura failed: {type(err).__name__}: {err}")
        if result is not None:
            _set(doc.metadata, "title", result.title)
            _set(doc.metadata, "author", result.author)
            _set(doc.metadata, "published", _iso_date(result.date))
            _set(doc.metadata, "site", result.sitename)
            if result.title:
                titles.append(result.title)
            body = result.body
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
    """The lxml tree of `raw`, or None when lxml fails on it."""
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True,
                                  no_network=True, collect_ids=False, default_doctype=False)
    try:
        tree = lxml.html.document_fromstring(_XML_INVALID.sub("", raw).encode("utf-8", "replace"),
                                             parser=parser)
    except Exception:
        return None
    return tree if tree is not None and len(tree) else None


# ---- metadata ---------------------------------------------------------------------

def read_metadata(tree: _Element, metadata: dict[str, Any]) -> list[str]:
    """Fill title, author, published, site, html_lang from the page's own markup
    (keys already set are kept); return every title candidate seen."""
    meta: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = (el.get("content") or "").strip()
        if key and content:
            meta.setdefault(key, content)
    ld = _json_ld(tree)
    page_title = _collapse(tree.findtext(".//title") or "")
    _set(metadata, "title", meta.get("og:title") or ld.get("headline"))
    _set(metadata, "author", _name(meta.get("author")) or _name(meta.get("article:author"))
         or _name(ld.get("author")))
    for value in (meta.get("article:published_time"), ld.get("datePublished"),
                  meta.get("datepublished"), meta.get("date")):
        _set(metadata, "published", _iso_date(value))
    _set(metadata, "site", meta.get("og:site_name") or _name(ld.get("publisher")))
    _set(metadata, "html_lang", (tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
                                 or "").strip())
    # the plain <title> often ends in " | Site": trafilatura's title (set later) is preferred
    candidates = [meta.get("og:title"), meta.get("twitter:title"), ld.get("headline"), page_title]
    return [c for c in candidates if c]


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


# ---- DOM pre-pass -----------------------------------------------------------------

def prune(tree: _Element, doc: Document, rules: MarkupRules) -> None:
    """Remove the boilerplate widgets `rules` name, logging each one that had text."""
    body = tree.find("body")
    root = body if body is not None else tree
    remaining = visible_length(root)
    stack: list[tuple[_Element, bool]] = [(root, False)]
    while stack:
        el, in_article = stack.pop()
        kind = rules.kind_of(el, in_article)
        if kind:
            size = visible_length(el)
            # the safety net: a widget holding most of the page text is the page
            if size * 2 <= remaining and el.find(".//main") is None:
                _remove(el, doc, kind, size)
                remaining -= size
                continue
        in_article = in_article or el.tag in ("article", "main")
        stack.extend((c, in_article) for c in reversed(el) if isinstance(c.tag, str))


def _remove(el: _Element, doc: Document, kind: str, size: int) -> None:
    if size:
        text = _collapse(" ".join(el.xpath(_VISIBLE_TEXT)))
        if len(text) > BEFORE_LIMIT:
            text = text[: BEFORE_LIMIT - 1] + "…"
        label = el.tag + "".join(f"{'#' if a == 'id' else '.'}{el.get(a).split()[0]}"
                                 for a in ("id", "class") if (el.get(a) or "").split())
        doc.changes.append(Change(kind=DROP, stage="html", rule=f"dom_{kind}",
                                  reason=f"<{label}> looks like {kind.replace('_', ' ')}",
                                  block=None, before=text))
    el.drop_tree()


def visible_length(el: _Element) -> int:
    """Characters of text (white space excluded) under `el`, outside scripts and styles."""
    return sum(len(_NO_SPACE.sub("", t)) for t in el.xpath(_VISIBLE_TEXT))


# ---- trafilatura output -> blocks ---------------------------------------------------

def element_blocks(body: _Element) -> list[tuple[str, str]]:
    """`(kind, text)` for each block of trafilatura's output tree (or baseline's <body>)."""
    out: list[tuple[str, str]] = []
    _emit_children(body, out, "paragraph")
    return [(kind, text) for kind, text in out if text]


def _emit_children(el: _Element, out: list[tuple[str, str]], loose: str) -> None:
    """Emit each child of `el`, and the text between them (trafilatura leaves some
    paragraphs as bare text or tails) as blocks of kind `loose`."""
    out.append((loose, _collapse(el.text or "")))
    for child in el:
        if isinstance(child.tag, str):
            _emit(child, out)
        out.append((loose, _collapse(child.tail or "")))


def _emit(el: _Element, out: list[tuple[str, str]]) -> None:
    tag = el.tag
    if tag == "list":
        for item in el.iterchildren("item"):
            out.append(("list_item", _collapse(_text(item, skip="list"))))
            for sub in item.iterchildren("list"):
                _emit(sub, out)
    elif tag == "table":
        for row in el.iter("row"):
            cells = (_collapse(_text(cell)) for cell in row.iterchildren("cell"))
            out.append(("table", " | ".join(c for c in cells if c)))
    elif tag == "quote" and any(c.tag in BLOCKISH for c in el):
        for kind, text in element_blocks(el):
            out.append(("quote", text))
    elif tag == "code":
        # keep the line structure of code; only trailing spaces go
        code = "".join(el.itertext()).strip("\n")
        out.append(("code", "\n".join(line.rstrip() for line in code.split("\n"))))
    elif tag not in ("graphic", "lb"):
        out.append((KINDS.get(tag, "paragraph"), _collapse(_text(el))))


def _text(el: _Element, skip: str = "") -> str:
    """The text under `el` with line breaks and block boundaries as white space;
    subtrees tagged `skip` are left out (their tails are kept)."""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag != skip:
            gap = " " if child.tag in BLOCKISH else ""
            parts += [gap, "\n" if child.tag == "lb" else _text(child, skip), gap]
        parts.append(child.tail or "")
    return "".join(parts)


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
