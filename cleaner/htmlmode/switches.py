"""The DOM pre-pass's kinds of boilerplate: the rule each kind's removals are logged under,
their drop kind, and what the `html` stage's option `dom_off` can switch off. Apart from
`prune` (and lxml), so that the stage's declaration loads with every pipeline, text-only too.
"""
from __future__ import annotations

from ..document import CAPTION, COMMENT, JUNK, RELATED

# Each kind of boilerplate (a section of `patterns/markup.toml`, or `unextracted` and
# `other_posts`, decided here) -> the rule its removals are logged under, their drop kind,
# and what the rule removes. A section new in markup.toml needs its line here.
DOM_RULES: dict[str, tuple[str, str, str]] = {
    "comments": ("dom_comments", COMMENT, "markup of a comment thread or comment form"),
    "share": ("dom_share", JUNK, "markup of share buttons"),
    "newsletter": ("dom_newsletter", JUNK, "markup of a newsletter sign-up (or a form asking for an e-mail)"),
    "related": ("dom_related", RELATED, "markup of a related, popular or latest list"),
    "promo": ("dom_promo", JUNK, "markup of an ad, a house promotion or a call to action"),
    "paywall": ("dom_paywall", JUNK, "markup of a paywall or registration-wall prompt"),
    "popup": ("dom_popup", JUNK, "markup of a pop-up, modal, lightbox, tooltip or hover card"),
    "print_only": ("dom_print_only", JUNK, "markup only a printout shows"),
    "author_box": ("dom_author_box", JUNK, "markup of the box about the author"),
    "footnotes": ("dom_footnotes", JUNK, "markup of notes and reference lists"),
    "cookie": ("dom_cookie", JUNK, "markup of a cookie or consent banner"),
    "captions": ("dom_captions", CAPTION, "markup of an image caption or photo credit"),
    "navigation": ("dom_navigation", JUNK, "a <nav>, <aside> or <footer> outside the article"),
    "hidden": ("dom_hidden", JUNK, "markup hidden from readers"),
    "unextracted": ("dom_unextracted", JUNK, "an element trafilatura deletes whatever it holds (<nav>, <figure>...)"),
    "other_posts": ("dom_other_posts", RELATED, "other posts of a listing beside the page's own <article>"),
}

# what the `html` stage's option `dom_off` can switch off: every kind of DOM_RULES, and the
# joining of a split article body (which removes nothing)
DOM_SWITCHES: tuple[str, ...] = (*DOM_RULES, "join")


def dom_switches(value: object) -> frozenset[str]:
    """The DOM rules a `dom_off` option value names: a comma-separated string or a list of
    names, each a kind ("share") or its rule ("dom_share", "html:dom_share"). ValueError on
    an unknown name."""
    if value is None:
        return frozenset()
    items = value.split(",") if isinstance(value, str) else list(value)  # type: ignore[call-overload]
    names = set()
    for item in items:
        name = str(item).strip().removeprefix("html:").removeprefix("dom_")
        if not name:
            continue
        if name not in DOM_SWITCHES:
            raise ValueError(f"html.dom_off: unknown DOM rule {item!r}; known: {', '.join(DOM_SWITCHES)}")
        names.add(name)
    return frozenset(names)
