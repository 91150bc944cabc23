"""Phrase lists per language, kept as data (`<lang>.toml`) and compiled once.

Each TOML file has sections (one per kind of boilerplate or repair) whose keys
hold lists of regular expressions. `Patterns.any(section, key)` is the union of
every loaded language (menus in English on a French page are common);
`Patterns.lang(code, section, key)` is one language's list, for repairs that
depend on the language of the text. Regexes are case-insensitive unless they
switch it off inline with `(?-i:...)`. `common.toml` holds the patterns that
belong to no language (agency credits, ISO dates); it is always loaded.
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

HERE = Path(__file__).resolve().parent
NEVER = re.compile(r"(?!x)x")  # matches nothing: the union of an empty list


def shipped_languages() -> list[str]:
    """Language codes with a phrase file in this package."""
    return sorted(p.stem for p in HERE.glob("*.toml") if len(p.stem) == 2)


class Patterns:
    """Compiled phrase lists for a set of languages."""

    def __init__(self, tables: dict[str, dict[str, Any]]) -> None:
        self.tables = tables
        self._cache: dict[tuple[str, str, str], re.Pattern[str]] = {}

    @property
    def languages(self) -> list[str]:
        """The loaded language codes."""
        return sorted(k for k in self.tables if k != "common")

    def entries(self, lang: str, section: str, key: str) -> list[Any]:
        """Raw entries of one language's `section.key` (empty when absent)."""
        return list(self.tables.get(lang, {}).get(section, {}).get(key, []))

    def all_entries(self, section: str, key: str) -> list[Any]:
        """Raw entries of `section.key` across every loaded language."""
        out: list[Any] = []
        for lang in ["common", *self.languages]:
            out += self.entries(lang, section, key)
        return out

    def lang(self, lang: str, section: str, key: str) -> re.Pattern[str]:
        """One language's entries as one alternation (matches nothing if none)."""
        return self._compile(lang, section, key, self.entries(lang, section, key))

    def any(self, section: str, key: str) -> re.Pattern[str]:
        """Every language's entries as one alternation."""
        return self._compile("*", section, key, self.all_entries(section, key))

    def any_test(self, section: str, key: str) -> re.Pattern[str]:
        """What `any` finds, as a faster regex (see `union_test`): for telling whether a line
        holds a phrase, not for which phrase or where."""
        cache_key = ("test", section, key)
        if cache_key not in self._cache:
            self._cache[cache_key] = union_test(self.all_entries(section, key))
        return self._cache[cache_key]

    def words(self, lang: str, section: str, key: str) -> frozenset[str]:
        """One language's entries as a set of lower-case words (for stop-word lists)."""
        return frozenset(w.lower() for w in self.entries(lang, section, key))

    def _compile(self, lang: str, section: str, key: str, items: list[str]) -> re.Pattern[str]:
        cache_key = (lang, section, key)
        if cache_key not in self._cache:
            self._cache[cache_key] = union(items)
        return self._cache[cache_key]


def union(items: list[str]) -> re.Pattern[str]:
    """One case-insensitive pattern matching any of `items` (matches nothing if none).

    Phrases that open with a letter, a digit, `\\b`, `\\d` or `^` match from the start
    of a word only: behind one `(?<!\\w)` they are tried at a fraction of the positions
    (about 4 times faster on real pages), and "comment" is not found in "nocomment".
    """
    if not items:
        return NEVER
    words = [i for i in items if _opens_a_word(i)]
    parts = [r"(?<!\w)(?:" + "|".join(f"(?:{i})" for i in words) + ")"] if words else []
    parts += [f"(?:{i})" for i in items if not _opens_a_word(i)]
    return re.compile("|".join(parts), re.IGNORECASE)


def union_test(items: list[str]) -> re.Pattern[str]:
    """`union(items)` with the literal prefixes of the phrases shared (see `factored`).

    At each position it matches where `union(items)` matches, so `search`, `match` and
    `fullmatch` succeed on the same strings; the span found may differ, since the phrases
    are no longer tried in their listed order. Several times faster on long lists.
    """
    if not items:
        return NEVER
    words = [i for i in items if _opens_a_word(i)]
    others = [i for i in items if not _opens_a_word(i)]
    parts = [r"(?<!\w)" + factored(words)] if words else []
    parts += [factored(others)] if others else []
    return re.compile("|".join(parts), re.IGNORECASE)


@dataclass
class _Node:
    """A trie node: the regex tails of the phrases whose literal prefix ends here, and the
    next characters."""

    tails: list[str] = field(default_factory=list)
    children: dict[str, _Node] = field(default_factory=dict)


def factored(items: list[str]) -> str:
    """A case-insensitive regex source for the alternation of `items`, as a trie of their
    literal prefixes: "log in|log out|home" becomes "(?:log\\ (?:in|out)|home)", so `re`
    tries one branch per distinct first character instead of one per phrase.

    It matches the same strings at each position as the plain alternation (only the order in
    which alternatives are tried changes). ASCII letters are folded to lower case, which
    `re.IGNORECASE` does anyway.
    """
    root = _Node()
    for item in items:
        for alt in _top_alternatives(item):
            n = _literal_prefix(alt)
            node = root
            for ch in alt[:n]:
                node = node.children.setdefault(ch.lower() if ch.isascii() else ch, _Node())
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


_META = frozenset("\\.^$*+?{}[]|()")
_QUANTIFIERS = frozenset("?*+{")


def _literal_prefix(item: str) -> int:
    """Length of the start of the regex `item` made of plain characters (no metacharacter,
    none that a quantifier follows): "log ?in" -> 3 ("log"), "home(?:page)?" -> 4."""
    n = 0
    while n < len(item) and item[n] not in _META and item[n + 1:n + 2] not in _QUANTIFIERS:
        n += 1
    return n


def _opens_a_word(item: str) -> bool:
    """True when every top-level alternative of the regex `item` starts with a word character
    (looking past leading look-behinds and into a leading `(?:...)` or `(?-i:...)` group)."""
    for alt in _top_alternatives(item):
        while alt.startswith(("(?<!", "(?<=")) and _group_end(alt) > 0:  # zero-width: look past it
            alt = alt[_group_end(alt) + 1:]
        if alt[:1].isalnum() or alt.startswith(("\\b", "\\d", "^")):
            continue
        opener = next((o for o in ("(?:", "(?-i:") if alt.startswith(o)), None)
        end = _group_end(alt) if opener else -1
        if end < 0 or not _opens_a_word(alt[len(opener):end]):
            return False
        after = _after_optional(alt, end + 1)
        if after is not None and not _opens_a_word(alt[after:]):  # "(?:déjà )?abonné": both must
            return False
    return True


def _after_optional(item: str, at: int) -> int | None:
    """Where `item` goes on after a quantifier at `at` that lets the group before it match
    nothing ("?", "*", "{0,n}", lazy or not); None when there is no such quantifier."""
    if item[at:at + 1] in ("?", "*"):
        end = at + 1
    elif item[at:at + 2] == "{0" and "}" in item[at:]:
        end = item.index("}", at) + 1
    else:
        return None
    return end + 1 if item[end:end + 1] in ("?", "+") else end


def _group_end(item: str) -> int:
    """Index of the ")" closing the group that opens `item` (-1 if none)."""
    return next((i for i, ch, depth in _structure(item) if ch == ")" and depth == 0), -1)


def _top_alternatives(item: str) -> list[str]:
    """`item` split at the `|` that are outside groups and character classes."""
    cuts = [i for i, ch, depth in _structure(item) if ch == "|" and depth == 0]
    return [item[a + 1:b] for a, b in zip([-1, *cuts], [*cuts, len(item)])]


def _structure(item: str) -> Iterator[tuple[int, str, int]]:
    """`(index, char, depth)` for each "(", ")" and "|" of the regex `item` that is neither
    escaped nor inside a character class; depth is the group depth after the character."""
    depth, i, in_class = 0, 0, False
    while i < len(item):
        ch = item[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if item[i + 1:i + 2] == "]":  # "[]...]": the first "]" is a literal
                i += 1
        elif ch in "()|":
            depth += {"(": 1, ")": -1, "|": 0}[ch]
            yield i, ch, depth
        i += 1


@lru_cache(maxsize=8)
def _load(langs: tuple[str, ...]) -> Patterns:
    wanted = shipped_languages() if "*" in langs else list(langs)
    tables = {"common": tomllib.loads((HERE / "common.toml").read_text(encoding="utf-8"))}
    for code in wanted:
        path = HERE / f"{code}.toml"
        if not path.exists():
            raise ValueError(f"no phrase list for language {code!r} (have: {', '.join(shipped_languages())})")
        tables[code] = tomllib.loads(path.read_text(encoding="utf-8"))
    return Patterns(tables)


def load_patterns(langs: tuple[str, ...] | list[str] = ("*",)) -> Patterns:
    """Load and compile the phrase lists of `langs` ("*" for every shipped language)."""
    return _load(tuple(langs))


_REPLACED = {"’": "'", "‘": "'", "`": "'", "\u00a0": " ", "\u202f": " "}
_APOSTROPHES = str.maketrans(_REPLACED)
_BULLET = re.compile(r"^\s*(?:[•·▪►▸*]|-(?=\s))\s*")
_SPACES = re.compile(r"\s+")


def norm(text: str) -> str:
    """The form phrase lists are matched against: NFC, straight apostrophes,
    no leading bullet, single spaces, stripped."""
    text = unicodedata.normalize("NFC", text)
    for old, new in _REPLACED.items():  # str.translate, several times faster on plain text
        if old in text:
            text = text.replace(old, new)
    # `\s` and `str.split` know the same white space (`tests/test_shortcuts.py`)
    return " ".join(_BULLET.sub("", text).split())


def norm_reference(text: str) -> str:
    """`norm` written the plain way, the reference its shortcuts are tested against."""
    text = unicodedata.normalize("NFC", text).translate(_APOSTROPHES)
    return _SPACES.sub(" ", _BULLET.sub("", text)).strip()
