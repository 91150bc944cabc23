"""The one phrase-trie builder: many phrases as one regex whose shared literal prefixes are
tried once ("log in|log out|home" -> "(?:log\\ (?:in|out)|home)"), so `re` tries one branch
per distinct next character instead of one per phrase.

A phrase is a regex of the subset `syntax` reads (no backreference, no named group, no
global inline flag). Its literal prefix (`syntax.literal_prefix`: plain characters, none
quantified) goes into the trie; the rest stays as a regex tail tried after it. At each
position the trie matches the strings the plain alternation matches: only the order in
which the alternatives are tried changes, so `search`, `match` and `fullmatch` succeed on
the same strings, though the span found may differ.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .syntax import literal_prefix, top_alternatives


@dataclass
class _Node:
    """A trie node: the regex tails of the phrases whose literal prefix ends here, and the
    next characters."""

    tails: list[str] = field(default_factory=list)
    children: dict[str, _Node] = field(default_factory=dict)


def factored(items: list[str], literal: bool = False) -> str:
    """A regex source for the alternation of `items`, as a trie of their literal prefixes.

    Regex phrases (the default) are meant for `re.IGNORECASE`: their ASCII letters are folded
    to lower case, which it does anyway. With `literal`, every item is a plain string, put in
    the trie whole and as it is (matched case-sensitively unless compiled otherwise). No
    items: a regex that matches nothing."""
    if not items:
        return r"(?!x)x"
    root = _Node()
    for item in items:
        for alt in [item] if literal else top_alternatives(item):
            n = len(alt) if literal else literal_prefix(alt)
            node = root
            for ch in alt[:n]:
                key = ch if literal or not ch.isascii() else ch.lower()
                node = node.children.setdefault(key, _Node())
            if alt[n:] not in node.tails:
                node.tails.append(alt[n:])
    body = _node_regex(root)
    return body if len(root.children) + len(root.tails) > 1 else f"(?:{body})"


def _node_regex(node: _Node) -> str:
    """The regex of the phrases below `node`: its characters, each followed by its subtree,
    then its tails ("" when a phrase ends here)."""
    parts = [re.escape(ch) + _node_regex(child) for ch, child in node.children.items()]
    parts += [f"(?:{tail})" if tail else "" for tail in node.tails]
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
