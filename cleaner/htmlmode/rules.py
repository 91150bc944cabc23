"""The rules of the `html` stage's DOM pre-pass (see `htmlprune`): which elements are
boilerplate, read from the class/id tokens and tags of `patterns/markup.toml`, and which
are hidden from readers.

An element is a widget of some kind when its tag says so (<figcaption>; <nav>, <aside>,
<footer> outside the article), when a word of its class or id is a token of that kind
("comment-list" -> comments), or when the page hides it (the `hidden` attribute, an inline
`display:none` or `visibility:hidden`, a hiding utility class). Some look-alikes are not
widgets: a state class ("modal-enabled", "has-comments"), an id made from a heading
("how-popular-are-x"), a link in the middle of a sentence, a collapsed accordion panel,
content a script streams in.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from lxml.etree import XPath, _Element

from ..patterns import factored

MARKUP_FILE = Path(__file__).resolve().parent.parent / "patterns" / "markup.toml"
PROTECTED = frozenset({"html", "body", "main", "article"})
SLUG_WORDS = 5  # an id of this many words or more is an anchor made from a heading
# inline tags: one in running text ("see <a class="popup">the report</a> for") is part of it
INLINE_TAGS = frozenset({"a", "span", "em", "strong", "b", "i", "u", "sup", "sub", "abbr", "cite", "code", "q"})
_SQUEEZE = str.maketrans("", "", " \t\n\r-_:.")
_EMAIL_INPUT = XPath(".//input[@type='email' or contains(translate(@name, 'EMAIL', 'email'), 'email')]")
_WORD_SPLIT = re.compile(r"[\s\-_:.]+|(?<=[a-z0-9])(?=[A-Z])")
_WORD_CHARS = re.compile(r"\w\w")
_STRING = XPath("string(.)")
_WHITE = re.compile(r"\s+")
_HIDDEN_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important\s*)?(?:;|$)",
                           re.IGNORECASE)
# a display class for some screens only: Bootstrap "d-md-block", Foundation "show-for-large",
# Tailwind "lg:flex"
_RESPONSIVE = re.compile(r"^(?:d|visible)-(?:xs|sm|md|lg|xl|xxl)-|^(?:show|visible)-for-"
                         r"|^(?:xs|sm|md|lg|xl|\d?xl|min-\S*|max-\S*):", re.IGNORECASE)
# React's streamed server rendering parks content in <div hidden id="S:1"> until a script moves it
_STREAMED = re.compile(r"^S:[0-9a-f]+$")
# a collapsed disclosure panel (accordion, tab) is hidden until a click: it is content
_PANEL_ROLES = frozenset({"region", "tabpanel"})
_PANEL_WORDS = re.compile(r"collaps|accordion|expand|tabpanel|tab-content|tabcontent|disclosure", re.IGNORECASE)


@dataclass(frozen=True)
class MarkupRules:
    """The pre-pass rules of `markup.toml`, indexed for lookup."""

    tokens: dict[str, str]  # class/id word -> kind
    tags: dict[str, str]  # tag -> kind
    tags_outside_article: dict[str, str]
    ignore_prefixes: tuple[str, ...]
    ignore_suffixes: tuple[str, ...]
    ignore_values: frozenset[str]
    hidden_classes: frozenset[str]  # exact class values that hide an element
    body_tokens: frozenset[str]  # class words of an article body container
    reasons: dict[str, str]  # kind -> how the log describes it
    screen: re.Pattern[str]  # any token (or hiding class) inside a value squeezed of separators
    body_screen: re.Pattern[str]  # any body token inside a value squeezed of separators
    tag_rules: dict[str, tuple[str, bool]] = field(default_factory=dict)  # tag -> (kind, anywhere)
    prose_kinds: frozenset[str] = frozenset()  # kinds never removed when the element holds prose
    prose_chars: int = 150  # characters (white space excluded) of a paragraph of prose
    prose_paragraphs: int = 2  # paragraphs of prose that make an element prose
    _kinds: dict[tuple[str, bool], str | None] = field(default_factory=dict, compare=False, repr=False)
    _bodies: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    def words(self, value: str, is_class: bool = True) -> Iterator[str]:
        """The words of a class/id value, and adjacent pairs joined (see markup.toml). An id
        of SLUG_WORDS words or more is an anchor made from a heading ("how-popular-is-x"),
        not the name of a widget."""
        for item in value.split():
            if is_class and "--" in item.strip("-"):
                item = item.strip("-").split("--", 1)[0]  # a BEM modifier names a variant, not a widget
            low = item.lower()
            if low in self.ignore_values or low.startswith(self.ignore_prefixes) or low.endswith(self.ignore_suffixes):
                continue
            parts = [p.lower() for p in _WORD_SPLIT.split(item) if p]
            if not is_class and len(parts) >= SLUG_WORDS:
                continue
            yield from parts
            yield from (a + b for a, b in zip(parts, parts[1:]))

    def kind_of(self, el: _Element, value: str | None = None) -> str | None:
        """The kind of boilerplate `el` is, or None (`value`: its class, if read already)."""
        tag = el.tag
        rule = self.tag_rules.get(tag)
        if rule is not None:
            kind, anywhere = rule
            if not kind:  # <html>, <body>, <main>, <article>
                return None
            if anywhere or next(el.iterancestors("article", "main"), None) is None:
                return kind
        if value is None:
            value = el.get("class")
        if value:
            kind = self._value_kind(value, True)
            if kind:
                return kind
        ident = el.get("id")
        if el.get("hidden") is not None and not _STREAMED.match(ident or ""):
            return "hidden"
        style = el.get("style")
        if style and _HIDDEN_STYLE.search(style):
            return "hidden"
        if tag == "form" and _EMAIL_INPUT(el):
            return "newsletter"
        return self._value_kind(ident, False) if ident else None

    def _value_kind(self, value: str, is_class: bool) -> str | None:
        """The kind a class (or id) value names: "hidden" for a hiding utility class, else
        the kind of its first token (cached: pages repeat their class values)."""
        key = (value, is_class)
        try:
            return self._kinds[key]
        except KeyError:
            kind = None
            if self.screen.search(value.lower().translate(_SQUEEZE)):
                if is_class and _hides(value, self.hidden_classes):
                    kind = "hidden"
                else:
                    kind = next((self.tokens[w] for w in self.words(value, is_class) if w in self.tokens), None)
            if len(self._kinds) < 50_000:
                self._kinds[key] = kind
            return kind

    def is_body(self, value: str | None) -> bool:
        """Whether a class value names an article body container."""
        if not value:
            return False
        try:
            return self._bodies[value]
        except KeyError:
            found = bool(self.body_screen.search(value.lower().translate(_SQUEEZE))) and any(
                word in self.body_tokens for word in self.words(value))
            if len(self._bodies) < 50_000:
                self._bodies[value] = found
            return found

    def holds_prose(self, el: _Element) -> bool:
        """Whether `el` holds `prose_paragraphs` paragraphs (<p>) of `prose_chars` characters
        or more: article text, whatever its class says (a paywalled part of the article hidden
        until a script shows it, a "related" box of instructions, a credits section)."""
        found = 0
        for p in el.iter("p"):
            if _non_white(_STRING(p)) >= self.prose_chars:
                found += 1
                if found >= self.prose_paragraphs:
                    return True
        return False

    def reason(self, kind: str) -> str:
        return self.reasons.get(kind) or f"looks like {kind.replace('_', ' ')}"


def _non_white(text: str) -> int:
    return len(_WHITE.sub("", text))


def _hides(value: str, hidden_classes: frozenset[str]) -> bool:
    """Whether a class value hides its element: a hiding utility class ("hidden", not
    "hidden-xs"), not beside a class showing it on some screens ("d-none d-md-block",
    "hidden lg:flex"). The `hidden` attribute (not on a streamed segment, which a script
    shows) and an inline `display:none` / `visibility:hidden` hide it too (`kind_of`)."""
    classes = value.lower().split()
    return any(c in hidden_classes for c in classes) and not any(_RESPONSIVE.match(c) for c in classes)


@lru_cache(maxsize=1)
def markup_rules() -> MarkupRules:
    """Load `patterns/markup.toml` once."""
    data = tomllib.loads(MARKUP_FILE.read_text(encoding="utf-8"))
    ignore = data.pop("ignore", {})
    body = data.pop("body", {})
    guard = data.pop("prose_guard", {})
    tokens, tags, outside, reasons = {}, {}, {}, {}
    hidden: frozenset[str] = frozenset()
    for kind, section in data.items():
        tokens.update((t.lower(), kind) for t in section.get("tokens", []))
        tags.update((t, kind) for t in section.get("tags", []))
        outside.update((t, kind) for t in section.get("tags_outside_article", []))
        if "reason" in section:
            reasons[kind] = section["reason"]
        if "classes" in section:
            hidden = frozenset(c.lower() for c in section["classes"])
    screen = re.compile(factored([*tokens, *(c.translate(_SQUEEZE) for c in hidden)], literal=True))
    body_tokens = [t.lower() for t in body.get("tokens", [])]
    body_screen = re.compile(factored(body_tokens, literal=True))
    tag_rules = {**{t: (k, False) for t, k in outside.items()}, **{t: (k, True) for t, k in tags.items()},
                 **{t: ("", True) for t in PROTECTED}}
    return MarkupRules(tokens, tags, outside, tuple(ignore.get("class_prefixes", [])),
                       tuple(ignore.get("class_suffixes", [])), frozenset(ignore.get("class_values", [])), hidden,
                       frozenset(body_tokens), reasons, screen, body_screen, tag_rules,
                       frozenset(guard.get("kinds", [])), int(guard.get("paragraph_chars", 150)),
                       int(guard.get("paragraphs", 2)))


def is_panel(el: _Element) -> bool:
    """Whether `el`, hidden, is the panel of an accordion or tabs: content shown on a click."""
    role = el.get("role")
    if role in _PANEL_ROLES or (el.get("aria-labelledby") and role not in ("dialog", "alertdialog")):
        return True
    return any(_PANEL_WORDS.search(v) for k, v in el.items() if k == "class" or k.startswith("data-"))


def in_running_text(el: _Element) -> bool:
    """Whether the inline element `el` sits in a sentence: words right before or after it."""
    prev = el.getprevious()
    before = prev.tail if prev is not None else el.getparent().text
    return any(text and _WORD_CHARS.search(text) for text in (before, el.tail))
