"""Phrase lists per language, kept as data (`<lang>.toml`) and compiled once.

Each TOML file has sections (one per kind of boilerplate or repair) whose keys
hold lists of regular expressions (of the syntax `patterns.syntax` describes), or of
plain words for the word lists (`[stopwords]`, `[names]`: `Patterns.words`,
`Patterns.all_words`). `Patterns.any(section, key)` is the union of
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
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import _native
from .syntax import opens_a_word
from .trie import factored

__all__ = ["NEVER", "Patterns", "factored", "load_patterns", "norm", "shipped_languages", "union", "union_test"]

HERE = Path(__file__).resolve().parent
NEVER = re.compile(factored([]))  # matches nothing: the union of an empty list


def shipped_languages() -> list[str]:
    """Language codes with a phrase file in this package."""
    return sorted(p.stem for p in HERE.glob("*.toml") if len(p.stem) == 2)


class Patterns:
    """Compiled phrase lists for a set of languages."""

    def __init__(self, tables: dict[str, dict[str, Any]]) -> None:
        self.tables = tables
        self._cache: dict[tuple[str, ...], Any] = {}

    @property
    def languages(self) -> list[str]:
        """The loaded language codes."""
        return sorted(k for k in self.tables if k != "common")

    def entries(self, lang: str, section: str, key: str) -> list[Any]:
        """Raw entries of one language's `section.key` (empty when absent); a regional code
        ("zh-tw", "pt-BR") reads its language's file when it has none of its own."""
        table = self.tables.get(lang) or self.tables.get(lang.replace("_", "-").split("-")[0].lower(), {})
        return list(table.get(section, {}).get(key, []))

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

    def native(self, section: str, key: str) -> _native.PhraseList:
        """What `any` finds, matched by the native core (`native/src/phrases.rs`): `search`,
        `first` (the text `any(...).search` matches), and their batch forms over many lines."""
        cache_key = ("native", section, key)
        if cache_key not in self._cache:
            items = self.all_entries(section, key)
            self._cache[cache_key] = _native.PhraseList(items, [opens_a_word(i) for i in items])
        return self._cache[cache_key]

    def native_lines(self, section: str, key: str) -> _native.PhraseList:
        """What `any(...).fullmatch` finds, matched by the native core: for phrases that must
        be a whole line (they may open with a look-behind or end with a look-ahead)."""
        cache_key = ("lines", section, key)
        if cache_key not in self._cache:
            self._cache[cache_key] = _native.PhraseList.lines(self.all_entries(section, key))
        return self._cache[cache_key]

    def served_natively(self) -> set[tuple[str, str]]:
        """The `(section, key)` lists `native` or `native_lines` has compiled so far: matched by
        the native core, whose regex engine runs in linear time (no backtracking)."""
        return {(key[1], key[2]) for key in self._cache if key[0] in ("native", "lines")}

    def words(self, lang: str, section: str, key: str) -> frozenset[str]:
        """One language's entries as a set of lower-case words (for stop-word lists), made once."""
        cache_key = ("words", lang, section, key)
        if cache_key not in self._cache:
            self._cache[cache_key] = frozenset(w.lower() for w in self.entries(lang, section, key))
        return self._cache[cache_key]

    def all_words(self, section: str, key: str) -> frozenset[str]:
        """Every loaded language's entries as a set of lower-case words."""
        return frozenset(w.lower() for w in self.all_entries(section, key))

    def alternation(self, section: str, key: str) -> str:
        """Every loaded language's entries as the source of one alternation ("(?:a)|(?:b)"), in
        the order `all_entries` gives, each entry once; "" when there is none."""
        return "|".join(f"(?:{e})" for e in dict.fromkeys(self.all_entries(section, key)))

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
    words = [i for i in items if opens_a_word(i)]
    parts = [r"(?<!\w)(?:" + "|".join(f"(?:{i})" for i in words) + ")"] if words else []
    parts += [f"(?:{i})" for i in items if not opens_a_word(i)]
    return re.compile("|".join(parts), re.IGNORECASE)


def union_test(items: list[str]) -> re.Pattern[str]:
    """`union(items)` with the literal prefixes of the phrases shared (see `factored`).

    At each position it matches where `union(items)` matches, so `search`, `match` and
    `fullmatch` succeed on the same strings; the span found may differ, since the phrases
    are no longer tried in their listed order. Several times faster on long lists.
    """
    if not items:
        return NEVER
    words = [i for i in items if opens_a_word(i)]
    others = [i for i in items if not opens_a_word(i)]
    parts = [r"(?<!\w)" + factored(words)] if words else []
    parts += [factored(others)] if others else []
    return re.compile("|".join(parts), re.IGNORECASE)


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


def norm(text: str) -> str:
    """The form phrase lists are matched against: NFC, straight apostrophes (for ’ ‘ `), spaces
    for the no-break spaces, no leading bullet, single spaces, stripped (`_native.phrase_form`;
    `cleaner.document.measure` does a page's blocks in one call)."""
    return _native.phrase_form(unicodedata.normalize("NFC", text))
