"""No language word in the code: a language is only a TOML file of `cleaner/patterns/`.

Every module under `cleaner/` but `patterns/` is parsed with `ast`, and the strings that can
hold the words of a language are collected:

- regex sources: the string constants of the pattern argument of `re.compile`, `re.search`
  and the like (f-strings, concatenations and joined lists included, but not the arguments
  of the calls inside it: `patterns.all_entries("byline", "prefixes")` names a list), and of
  the module-level names used there;
- word collections: set, list and tuple literals of two or more strings, and the strings a
  line is tested with by `str.startswith` and `str.endswith`.

Docstrings, messages and reasons are none of these, so they are not read. Regex sources are
cut into words once escapes, character classes and group syntax are left out (words of two
letters or more: a lone letter there is a piece of a pattern such as "[ap]m"); a word of any
list of the shipped language files or `common.toml` (read the same way) is a language word.
Word collections are mostly identifiers (metadata keys, stage and tag names, many of them
English words), so there only the stop words count: the function words ("and", "von", "par")
that a list of name connectors or date labels would hold. A word found fails the test
unless `ALLOWED` has it.
"""
from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path
from typing import Any, Iterator

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "cleaner"
PATTERNS = PACKAGE / "patterns"
REGEX_FUNCTIONS = {"compile", "search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer"}
WORD_TESTS = {"startswith", "endswith"}

# Technical words that are words of a phrase list too: each with where it stands.
ALLOWED = frozenset({
    # HTML tag names (reading.py, htmlmode/prune.py, htmlmode/rules.py) and a file type (textmode/features.py)
    "a", "i", "u", "em", "ins", "img", "link", "table", "section", "article", "svg",
    # CSS classes: "show-for-large", "min-h-screen", "tab-content" (htmlmode/rules.py)
    "show", "for", "min", "content",
    # CSS values of `visibility` (htmlmode/rules.py); lynx's "Visible links" heading is in common.toml
    "hidden", "visible",
    "w",  # an East Asian width class of `unicodedata` (views/term.py)
})
# assignments whose strings are identifiers: `__slots__`, `__all__`, `A, B = "a", "b"`
IDENTIFIER_TARGETS = ("__slots__", "__all__")

_ESCAPE = re.compile(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}]*\}|.)", re.DOTALL)
_CLASS = re.compile(r"\[\^?\]?(?:\\.|[^\]\\])*\]")
_GROUP_SYNTAX = re.compile(r"\(\?(?:P<\w+>|P=\w+\)|[aiLmsux-]+[:)]|<?[=!:]|:)?|\{\d*,?\d*\}")
_WORD = re.compile(r"[^\W\d_]+")


def regex_words(source: str, min_length: int = 2) -> set[str]:
    """The alphabetic words of a regex source, lower-cased: escapes, classes and group syntax
    left out."""
    bare = _GROUP_SYNTAX.sub(" ", _CLASS.sub(" ", _ESCAPE.sub(" ", source)))
    return {w.lower() for w in _WORD.findall(bare) if len(w) >= min_length}


def plain_words(text: str) -> set[str]:
    """The words of a plain string made of letters only, lower-cased: "says:" holds "says",
    an identifier such as "koi8_r" or "non_white" none."""
    return {w.lower() for w in re.findall(r"\w+", text) if w.isalpha()}


def _strings(node: ast.AST) -> Iterator[str]:
    """The string constants of `node`, but those of the calls inside it (their arguments name
    things) other than joins (`"|".join([...])` joins pieces of the pattern)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.Call):
        if isinstance(node.func, ast.Attribute) and node.func.attr == "join":
            for child in [node.func.value, *node.args]:
                yield from _strings(child)
    else:
        for child in ast.iter_child_nodes(node):
            yield from _strings(child)


def _names(node: ast.AST) -> Iterator[str]:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name):
            yield sub.id


def code_strings(source: str) -> Iterator[tuple[int, str, str]]:
    """`(line, kind, string)` for every regex source ("regex"), word collection element or
    word test ("word") of the module `source`."""
    tree = ast.parse(source)
    constants: dict[str, ast.AST] = {}
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                if isinstance(target, ast.Name):
                    constants[target.id] = node.value
    identifiers = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Assign) and any(
        isinstance(t, ast.Tuple) or isinstance(t, ast.Name) and t.id in IDENTIFIER_TARGETS for t in node.targets)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args:
            pattern = node.args[0]
            if node.func.attr in REGEX_FUNCTIONS and isinstance(node.func.value, ast.Name) \
                    and node.func.value.id == "re":
                yield from ((node.lineno, "regex", s) for s in _strings(pattern))
                for name in _names(pattern):
                    if name in constants:
                        yield from ((node.lineno, "regex", s) for s in _strings(constants[name]))
            elif node.func.attr in WORD_TESTS:
                yield from ((node.lineno, "word", s) for s in _strings(pattern))
        elif isinstance(node, (ast.Set, ast.List, ast.Tuple)) and id(node) not in identifiers and len(node.elts) >= 2 \
                and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
            yield from ((node.lineno, "word", e.value) for e in node.elts)  # type: ignore[attr-defined]


def _entries(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _entries(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _entries(item)


def phrase_list_words() -> tuple[frozenset[str], frozenset[str]]:
    """Every word of every list of the language files and of `common.toml`, and the stop
    words among them."""
    words: set[str] = set()
    stop: set[str] = set()
    for path in PATTERNS.glob("*.toml"):
        if path.stem == "common" or len(path.stem) == 2:
            table = tomllib.loads(path.read_text(encoding="utf-8"))
            for entry in _entries(table):
                words |= regex_words(entry, min_length=1)
            stop |= {w.lower() for w in table.get("stopwords", {}).get("words", [])}
    return frozenset(words), frozenset(stop)


def language_words(source: str, vocabulary: tuple[frozenset[str], frozenset[str]]) -> list[tuple[int, str]]:
    """`(line, word)` for each language word found in the code strings of `source`."""
    words_, stop = vocabulary
    found: set[tuple[int, str]] = set()
    for line, kind, text in code_strings(source):
        if kind == "regex":
            found |= {(line, w) for w in regex_words(text) if w in words_ and w not in ALLOWED}
        else:
            found |= {(line, w) for w in plain_words(text) if w in stop and w not in ALLOWED}
    return sorted(found)


def modules() -> list[Path]:
    """Every module of the package outside `patterns/`."""
    return sorted(p for p in PACKAGE.rglob("*.py") if PATTERNS not in p.parents)


@pytest.fixture(scope="module")
def vocabulary() -> tuple[frozenset[str], frozenset[str]]:
    return phrase_list_words()


def test_the_phrase_lists_give_a_vocabulary(vocabulary: tuple[frozenset[str], frozenset[str]]) -> None:
    words, stop = vocabulary
    assert {"the", "und", "par", "written", "publié"} <= words
    assert {"the", "und", "par"} <= stop and "written" not in stop


def test_no_module_holds_a_language_word(vocabulary: tuple[frozenset[str], frozenset[str]]) -> None:
    found = {str(path.relative_to(PACKAGE)): hits for path in modules()
             if (hits := language_words(path.read_text(encoding="utf-8"), vocabulary))}
    assert not found, found


PLANTED = '''
"""Bylines "written by" someone: a docstring is not read."""
import re

BY = re.compile(r"^(?:(?:posted|written)\\s+)?(?:by|par)\\b\\s*:?", re.IGNORECASE)
_SPACE = "[ \\u00a0]+(?:und|y)"
GLUE = re.compile(rf"\\w{_SPACE}\\w")
JOINS = frozenset({"and", "et", "&"})
ENDS = re.compile(r"[\\d\\s]+[ap]\\.?m\\b")


def said(text):
    warn(f"posted by {text}")  # a message is not read
    return text.endswith(" says.")
'''


def test_a_planted_language_word_is_found(vocabulary: tuple[frozenset[str], frozenset[str]]) -> None:
    words = {word for _, word in language_words(PLANTED, vocabulary)}
    assert words == {"posted", "written", "by", "par", "und", "and", "et", "says"}


def test_regex_syntax_is_no_word() -> None:
    assert regex_words(r"(?P<name>\d+)(?-i:[A-Za-z]{2,})\s*(?:de|la)\b\xe9\u00e0") == {"de", "la"}
