"""The `html` stage's DOM pre-pass, on the lxml tree of the page before trafilatura sees it.

Every removal that held text is logged as a DROP change `html:dom_<kind>` with
`block=None` (blocks do not exist yet), the rule and its drop kind read from `DOM_RULES`,
and, given `Marks`, a mark left where it stood (`htmlmode.place`: the views show it there).
In order:

1. `<head>` is emptied but for its <title> and JSON-LD (metadata has been read), and
   the elements no reader sees (scripts, styles, SVG...) go, unlogged: they hold no text.
2. Widgets (`htmlrules`): comment threads, share bars, sign-up forms, related lists,
   captions, pop-ups, print-only notices, nav/aside/footer outside the article, and what
   the page hides from readers (schema.org copies of the article, closed dialogs,
   screen-reader labels) -> `dom_<kind>` as named in `patterns/markup.toml`.
3. What trafilatura deletes whatever it holds (<nav>, <aside>, <figure>, <time>,
   <button>, <label>...) -> `dom_unextracted`; inline tags it unwraps are unwrapped, and
   containers with no text at all deleted. The result is the same, the tree trafilatura
   walks again and again a third smaller.
4. Other posts: the `<article>` siblings of a listing beside the page's own article
   -> `dom_other_posts`.
5. Not a removal: an article body split into sibling containers of the same class (a
   layout interleaving ads) is joined into the first, so that the extractor, which keeps
   one container, keeps the whole article.

A safety net keeps any element holding more than half of the page's remaining text,
whatever it matches: a widget that large is the page. An element whose marker is of a kind
`[prose_guard]` of markup.toml lists (hidden, related, captions...) stays when it holds
paragraphs of prose: article text. Any rule can be switched off by name (the `html` stage's
option `dom_off`, DOM_SWITCHES); `bench/domcost.py` measures what each costs.
"""
from __future__ import annotations

from lxml import etree
from lxml.etree import XPath, _Element

from ..document import Document
from ..stage import Stage
from .place import Marks
from .render import visible_lines
from .rules import INLINE_TAGS, MarkupRules, in_running_text, is_panel, markup_rules
from .switches import DOM_RULES, DOM_SWITCHES, dom_switches

__all__ = ["DOM_RULES", "DOM_SWITCHES", "prune", "markup_rules", "visible_length", "non_white", "dom_switches"]

# elements no reader sees and trafilatura deletes anyway; JSON-LD scripts stay (trafilatura
# reads them: forum pages, its baseline)
INVISIBLE_TAGS = ("script", "style", "noscript", "template", "svg", "link", "meta", "iframe")
# inline tags trafilatura unwraps anyway (its MANUALLY_STRIPPED less <meta>, <template>):
# unwrapped here, they no longer weigh on its passes over the tree
INERT_TAGS = ("img", "font", "small", "abbr", "acronym", "cite", "ins", "mark", "nobr", "tbody", "thead",
              "tfoot", "wbr", "bdi", "bdo", "big", "data", "dfn", "hgroup", "ruby", "address")
# elements trafilatura deletes whatever they hold (its MANUALLY_CLEANED, forms aside): deleted
# here, and logged, they no longer weigh on its passes over the tree
UNEXTRACTED_TAGS = ("aside", "footer", "nav", "button", "input", "select", "option", "textarea", "label",
                    "fieldset", "legend", "picture", "source", "video", "audio", "canvas", "map", "object",
                    "embed", "menu", "dialog", "datalist", "progress", "output", "math", "time", "figure")
# containers deleted when they hold no text, and elements that mean something even empty
_EMPTY_CONTAINERS = ("div", "section", "ul", "ol", "header")
_KEEP_EMPTY = ("br", "hr", "td", "th", "tr", "table", "script")
_BODY_TAGS = frozenset({"div", "section", "article"})
_JSON_LD = "application/ld+json"
_WHITE = " \t\n\r\u00a0"
_STRING = XPath("string(.)")
_TEXT_NODES = XPath(".//text()[normalize-space()]")


# ---- the pass ---------------------------------------------------------------------

def prune(tree: _Element, doc: Document, rules: MarkupRules, stage: Stage, marks: Marks | None = None,
          off: frozenset[str] = frozenset()) -> int:
    """Remove the boilerplate `rules` name, logging each removal that had text as a drop by
    `stage` (and marking where it stood in `marks`); join a split article body; unwrap the
    inline tags trafilatura ignores. The kinds in `off` (names of DOM_SWITCHES) are left
    alone. Returns the characters of text left (white space excluded)."""
    lean_head(tree)
    body = tree.find("body")
    root = body if body is not None else tree
    strip_invisible(root)
    remaining = visible_length(root)
    bodies: list[_Element] = []
    doomed: list[tuple[_Element, str, int]] = []
    walk = etree.iterwalk(root, events=("start",))
    for _, el in walk:
        value = el.get("class")
        kind = rules.kind_of(el, value or "")
        if kind and (kind == "hidden" and is_panel(el) or kind != "hidden" and el.tag in INLINE_TAGS
                     and in_running_text(el)) or kind in off or kind in rules.prose_kinds and rules.holds_prose(el):
            kind = None
        if kind:
            size = visible_length(el)
            # the safety net: a widget holding most of the page text is the page
            if size * 2 <= remaining and el.find(".//main") is None:
                doomed.append((el, kind, size))
                remaining -= size
                walk.skip_subtree()
                continue
        if value and el.tag in _BODY_TAGS and rules.is_body(value):
            bodies.append(el)
    for el, kind, size in doomed:
        remove(el, doc, stage, kind, size, rules.reason(kind), marks)
    if "unextracted" not in off:
        remaining -= drop_unextracted(root, doc, stage, remaining, marks)
    etree.strip_tags(root, *INERT_TAGS)
    drop_empty(root, marks)
    if "other_posts" not in off:
        remaining -= drop_other_posts(root, doc, stage, remaining, marks)
    if "join" not in off:
        join_split_body(bodies)
    return remaining


def drop_unextracted(root: _Element, doc: Document, stage: Stage, remaining: int,
                     marks: Marks | None = None) -> int:
    """Delete (and log) the elements trafilatura deletes whatever they hold; the characters removed."""
    doomed = []
    walk = etree.iterwalk(root, events=("start",), tag=UNEXTRACTED_TAGS)
    for _, el in walk:
        if el.tag == "figure" and el.find(".//table") is not None:  # trafilatura keeps a table's figure
            continue
        size = visible_length(el)
        if size * 2 <= remaining:  # the safety net (a <button> left open swallows the page)
            doomed.append((el, size))
            remaining -= size
            walk.skip_subtree()
    for el, size in doomed:
        remove(el, doc, stage, "unextracted", size, f"is never extracted (trafilatura deletes every <{el.tag}>)",
               marks)
    return sum(size for _, size in doomed)


def drop_empty(root: _Element, marks: Marks | None = None) -> None:
    """Delete the block containers holding no text at all (ad slots, spacers): nothing to
    log, and fewer elements for trafilatura to walk again and again (the `marks` in one
    move out of it first)."""
    full: set[_Element] = set()
    for node in _TEXT_NODES(root):
        el = node.getparent()
        if node.is_tail:
            el = el.getparent()
        while el is not None and el not in full:
            full.add(el)
            el = el.getparent()
    for el in root.iter(_KEEP_EMPTY):
        while el is not None and el not in full:
            full.add(el)
            el = el.getparent()
    for el in list(root.iter(_EMPTY_CONTAINERS)):
        if el not in full and el.getparent() in full:  # the outermost empty container
            if marks is not None:
                marks.hoist(el)
            el.drop_tree()


def lean_head(tree: _Element) -> None:
    """Empty <head> but for its <title> and JSON-LD: metadata has been read, and every
    element less makes trafilatura's passes over the tree cheaper."""
    head = tree.find("head")
    if head is not None:
        for el in list(head):
            if el.tag != "title" and not _is_json_ld(el):
                head.remove(el)


def strip_invisible(root: _Element) -> None:
    """Delete the elements that are never shown (scripts, styles...), keeping their tails."""
    for el in list(root.iter(INVISIBLE_TAGS)):
        if not _is_json_ld(el):
            el.drop_tree()


def _is_json_ld(el: _Element) -> bool:
    return el.tag == "script" and (el.get("type") or "").strip().lower() == _JSON_LD


def visible_length(el: _Element) -> int:
    """Characters of text (white space excluded) under `el`, JSON-LD left out."""
    size = non_white(_STRING(el))
    if el.find(".//script") is not None:  # only JSON-LD is left after strip_invisible
        size -= sum(non_white(_STRING(script)) for script in el.iter("script"))
    return size


def non_white(text: str) -> int:
    """Characters of `text`, white space excluded."""
    return len(text) - sum(text.count(c) for c in _WHITE)


def log_text(el: _Element) -> str:
    """The text under `el` for the log, whole, on one line: its block elements' lines as a
    reader sees them (scripts, styles and JSON-LD left out), so the record holds every word."""
    return " ".join(visible_lines(el))


def remove(el: _Element, doc: Document, stage: Stage, kind: str, size: int, reason: str,
           marks: Marks | None = None) -> None:
    """Remove `el` (its tail stays), logging its text, when it has some (`size` characters),
    under the rule of `kind` in DOM_RULES, and marking in `marks` where it stood."""
    text = log_text(el) if size else ""
    if marks is not None:
        marks.hoist(el)
    if text:
        label = el.tag + "".join(f"{'#' if a == 'id' else '.'}{el.get(a).split()[0]}"
                                 for a in ("id", "class") if (el.get(a) or "").split())
        change = stage.drop_text(doc, text, DOM_RULES[kind][0], f"<{label}> {reason}")
        if marks is not None:
            marks.add(el, change)
    el.drop_tree()


# ---- structure: other posts, split bodies -----------------------------------------

OTHER_POSTS_MIN = 2  # other <article> elements side by side make a listing
MAIN_ARTICLE_MIN = 300  # characters the page's own article must hold itself


def drop_other_posts(root: _Element, doc: Document, stage: Stage, remaining: int,
                     marks: Marks | None = None) -> int:
    """Remove the listing of other posts beside the page's own article; the characters removed.

    The page's own article is the `<article>` holding the page's `<h1>` (and some text of its
    own). A group of `<article>` siblings outside it are teasers or excerpts of other posts
    ("more from the blog", a listing under a single post). Nothing happens when the `<h1>`
    is in no `<article>`, or in several."""
    h1 = root.find(".//h1")
    if h1 is None:
        return 0
    main = next(h1.iterancestors("article"), None)
    if main is None or visible_length(main) < MAIN_ARTICLE_MIN:
        return 0
    inside_main = set(main.iter("article"))
    around_main = set(main.iterancestors("article"))
    groups: dict[_Element, list[_Element]] = {}
    for art in root.iter("article"):
        if art in inside_main or art in around_main:
            continue
        if any(a in groups.get(art.getparent(), ()) or a in inside_main for a in art.iterancestors("article")):
            continue  # nested in another post of a group
        groups.setdefault(art.getparent(), []).append(art)
    removed = 0
    for group in groups.values():
        if len(group) < OTHER_POSTS_MIN:
            continue
        for art in group:
            size = visible_length(art)
            if size * 2 > remaining - removed:
                continue  # the safety net
            remove(art, doc, stage, "other_posts", size, "is another post of a listing beside the article",
                   marks)
            removed += size
    return removed


def join_split_body(bodies: list[_Element]) -> None:
    """Move the later parts of an article body split into several containers of the same
    class (ads or video grids between them) into the first part. `bodies`: the elements
    whose class names an article body, in document order."""
    seen: dict[tuple[str, str], _Element] = {}
    for el in bodies:
        key = (el.tag, " ".join(el.get("class", "").split()))
        first = seen.get(key)
        if first is None:
            seen[key] = el
        elif _split_parts(first, el):
            _keep_tail(el)
            first.append(el)


def _keep_tail(el: _Element) -> None:
    """Leave the text after `el` where it is before `el` moves elsewhere."""
    if el.tail:
        prev, parent = el.getprevious(), el.getparent()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        elif parent is not None:
            parent.text = (parent.text or "") + el.tail
        el.tail = None


SPLIT_LEVELS = 3  # the parts of a split body share an ancestor at most this far above them
SPLIT_OTHER_TEXT = 0.2  # text beside the parts under that ancestor, at most, as a share of theirs


def _split_parts(first: _Element, el: _Element) -> bool:
    """Whether `el` continues the body `first` began: not nested in it, in the same `<article>`
    (if any), close to it in the tree, and with next to no text beside them (ads, an empty
    video slot: not a list of items each with a heading and a body of its own)."""
    above_first = list(first.iterancestors())
    if el in above_first or first in set(el.iterancestors()):
        return False
    if next(first.iterancestors("article"), None) is not next(el.iterancestors("article"), None):
        return False
    common = next((a for a in list(el.iterancestors())[:SPLIT_LEVELS] if a in above_first[:SPLIT_LEVELS]), None)
    if common is None:
        return False
    parts = visible_length(first) + visible_length(el)
    return visible_length(common) - parts <= SPLIT_OTHER_TEXT * parts
