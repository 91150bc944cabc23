"""Page metadata from the markup: meta tags, JSON-LD, trafilatura's cheap title and site
readers, htmldate's quick date search, and the byline element of the pruned page."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from lxml import etree
from lxml.etree import _Element

from ..patterns import NEVER, Patterns
from .parse import collapse


@lru_cache(maxsize=1)
def _readers() -> tuple[Any, Any, Any]:
    """trafilatura's cheap title and site readers and htmldate's date search, imported on the
    first HTML page (text input never pays for trafilatura's import); Nones without them."""
    try:
        from htmldate import find_date
        from trafilatura.metadata import extract_sitename, extract_title
    except ImportError:  # pragma: no cover - a trafilatura that moved them: the page's own meta tags only
        return None, None, None
    return extract_title, extract_sitename, find_date


_ISO_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?!\d)")

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


def read_metadata(tree: _Element, metadata: dict[str, Any], words: BylineWords) -> list[str]:
    """Fill title, author, published, site, html_lang from the page's own markup: meta tags,
    then JSON-LD, then other meta conventions (keys already set are kept); return every title
    candidate seen. `words`: how a byline opens ("By Ann Lee" in an author tag)."""
    meta: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = (el.get("content") or "").strip()
        if key and content:
            meta.setdefault(key, content)
    ld = _json_ld(tree)
    page_title = collapse(tree.findtext(".//title") or "")
    first = {field: next((meta[k] for k in keys if k in meta), None) for field, keys in META_KEYS.items()}
    more = {field: next((meta[k] for k in keys if k in meta), None) for field, keys in MORE_META_KEYS.items()}
    set_once(metadata, "title", first["title"] or ld.get("headline") or more["title"])
    set_once(metadata, "author", next(filter(None, (_name(meta.get(k)) for k in META_KEYS["author"])), None)
         or _name(ld.get("author")) or _person(more["author"], words))
    for value in (first["published"], ld.get("datePublished"), more["published"]):
        set_once(metadata, "published", _iso_date(value))
    site = more["site"].lstrip("@") if more["site"] else None
    set_once(metadata, "site", first["site"] or _name(ld.get("publisher")) or site)
    set_once(metadata, "html_lang", (tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
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
    extract_title, extract_sitename, find_date = _readers()
    title = _call(extract_title, tree)
    if title:
        titles.append(title)
        set_once(metadata, "title", title)
    if "published" not in metadata and find_date is not None:
        url = next((el.get("href") for el in tree.iterfind(".//head/link[@rel='canonical']")), None)
        set_once(metadata, "published", _iso_date(_call(find_date, tree, url=url, original_date=True,
                                                    extensive_search=False)))
    set_once(metadata, "site", _call(extract_sitename, tree))


def _person(value: str | None, words: BylineWords) -> str | None:
    """A name from a meta convention: "By Ann Lee" -> "Ann Lee"; a one-word user name is none."""
    name = _name(words.opening.sub("", value)) if value else None
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


@dataclass(frozen=True)
class BylineWords:
    """How the loaded languages write a name in a byline: `opening`, the words before it
    ("By", "Posted by", "Par"); `end`, where it ends (a separator, a digit, an e-mail
    address, a word before a date and the date, a parenthesis)."""

    opening: re.Pattern[str]
    end: re.Pattern[str]


def byline_words(patterns: Patterns) -> BylineWords:
    """The `[byline]` words of every loaded language (`name_by`, `name_by_leads`,
    `name_then_date`) as the two regexes of `BylineWords`."""
    by, leads = patterns.alternation("byline", "name_by"), patterns.alternation("byline", "name_by_leads")
    lead = rf"(?:(?:{leads})\s+)?" if leads else ""
    # \s*+: the spaces before a colon are not given back to the \s* after it (linear, not quadratic)
    opening = re.compile(rf"^{lead}(?:{by})\b\s*+:?\s*", re.IGNORECASE) if by else NEVER
    before_date = patterns.alternation("byline", "name_then_date")
    dated = rf"|(?<!\s)\s+(?:{before_date})\s+\d" if before_date else ""
    end = re.compile(rf"(?<!\s)\s+[|•·–—-]\s|\s\d|(?<!\S)\S+@{dated}|(?<!\s)\s*\(")
    return BylineWords(opening, end)


def byline_author(tree: _Element, words: BylineWords) -> str | None:
    """The name in the first byline element of the pruned page: "By Ann Lee | June 3" -> "Ann Lee"."""
    for el in _BYLINE(tree)[:BYLINES_TRIED]:
        text = collapse(" ".join(el.itertext()))
        if not 2 < len(text) < 120:
            continue
        name = words.end.split(words.opening.sub("", text), maxsplit=1)[0].strip(" ,;:")
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
    value = collapse(value)
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


def set_once(metadata: dict[str, Any], key: str, value: Any) -> None:
    """Set `metadata[key]` to `value` unless it is empty or the key is already set."""
    if value and key not in metadata:
        metadata[key] = value
