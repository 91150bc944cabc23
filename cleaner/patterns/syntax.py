"""What cleaner reads of a regular expression's source, without compiling it: its top-level
alternatives, its groups, its pieces ("atoms") and the plain characters it opens with.

The phrase tries (`trie.factored`), the word-start grouping of phrase lists (`union`) and
the mojibake stage's pre-test read Python regex sources through these functions. They know
this subset of the syntax, and treat anything else as an opaque piece:

- escapes: `\\x` (two characters), `\\xhh`, `\\uhhhh`, `\\Uhhhhhhhh`, `\\N{name}`, and up
  to three digits (an octal escape or a group reference);
- character classes `[...]`, `[^...]`, a "]" right after the opening "[" or "[^" being a
  literal;
- groups `(...)` of any kind (`(?:`, `(?-i:`, look-arounds, capturing);
- quantifiers `?`, `*`, `+`, `{...}` (any "{" after a piece counts as one), lazy or not;
- with `verbose`, white space and `#` comments outside classes are skipped (`re.VERBOSE`).

Phrases are joined into one regex, so they use no backreference and no named group, and no
global inline flag (`(?i)`, `(?x)`): a scoped one (`(?-i:...)`) is fine.
"""
from __future__ import annotations

from typing import Iterator

META = frozenset("\\.^$*+?{}[]|()")
QUANTIFIERS = frozenset("?*+{")


def escape_end(item: str, at: int) -> int:
    """Where the escape sequence starting with the backslash at `at` ends (exclusive)."""
    kind = item[at + 1:at + 2]
    if kind == "x":
        return at + 4
    if kind == "u":
        return at + 6
    if kind == "U":
        return at + 10
    if kind == "N" and item[at + 2:at + 3] == "{" and "}" in item[at:]:
        return item.index("}", at) + 1
    end = at + 2
    while kind.isdigit() and end < at + 4 and item[end:end + 1].isdigit():
        end += 1
    return end


def class_end(item: str, at: int) -> int:
    """Index of the "]" closing the character class opened at `at` (len(item) if none)."""
    i = at + 1
    if item[i:i + 1] == "^":
        i += 1
    if item[i:i + 1] == "]":  # "[]...]", "[^]...]": the first "]" is a literal
        i += 1
    while i < len(item):
        if item[i] == "\\":
            i = escape_end(item, i)
            continue
        if item[i] == "]":
            return i
        i += 1
    return len(item)


def _skip_verbose(item: str, at: int) -> int:
    """The first index from `at` that is neither white space nor inside a `#` comment."""
    while at < len(item):
        if item[at].isspace():
            at += 1
        elif item[at] == "#":
            newline = item.find("\n", at)
            at = len(item) if newline < 0 else newline + 1
        else:
            break
    return at


def without_verbose(item: str) -> str:
    """The regex `item`, written for `re.VERBOSE`, as it reads without that flag: the white
    space and `#` comments outside character classes and escapes taken out."""
    out: list[str] = []
    i = _skip_verbose(item, 0)
    while i < len(item):
        if item[i] == "\\":
            end = escape_end(item, i)
        elif item[i] == "[":
            end = class_end(item, i) + 1
        else:
            end = i + 1
        out.append(item[i:end])
        i = _skip_verbose(item, end)
    return "".join(out)


def structure(item: str, verbose: bool = False) -> Iterator[tuple[int, str, int]]:
    """`(index, char, depth)` for each "(", ")" and "|" of the regex `item` that is neither
    escaped nor inside a character class (nor a comment, with `verbose`); depth is the group
    depth after the character."""
    depth, i = 0, 0
    while i < len(item):
        if verbose:
            i = _skip_verbose(item, i)
            if i >= len(item):
                break
        ch = item[i]
        if ch == "\\":
            i = escape_end(item, i)
            continue
        if ch == "[":
            i = class_end(item, i) + 1
            continue
        if ch in "()|":
            depth += {"(": 1, ")": -1, "|": 0}[ch]
            yield i, ch, depth
        i += 1


def group_end(item: str, verbose: bool = False) -> int:
    """Index of the ")" closing the group that opens `item` (-1 if none)."""
    return next((i for i, ch, depth in structure(item, verbose) if ch == ")" and depth == 0), -1)


def top_alternatives(item: str, verbose: bool = False) -> list[str]:
    """`item` split at the `|` that are outside groups and character classes."""
    cuts = [i for i, ch, depth in structure(item, verbose) if ch == "|" and depth == 0]
    return [item[a + 1:b] for a, b in zip([-1, *cuts], [*cuts, len(item)])]


def atoms(alternative: str, verbose: bool = False) -> list[tuple[str, bool]]:
    """The pieces of one alternative, in order: `(source, quantified)` for each character,
    escape, class or group, `quantified` when a quantifier follows it (anchors and "." are
    pieces too)."""
    found: list[tuple[str, bool]] = []
    i = 0
    while True:
        if verbose:
            i = _skip_verbose(alternative, i)
        if i >= len(alternative):
            return found
        ch = alternative[i]
        if ch == "\\":
            end = escape_end(alternative, i)
        elif ch == "[":
            end = class_end(alternative, i) + 1
        elif ch == "(":
            inner = group_end(alternative[i:], verbose)
            end = len(alternative) if inner < 0 else i + inner + 1
        else:
            end = i + 1
        after = _skip_verbose(alternative, end) if verbose else end
        quantified = alternative[after:after + 1] in QUANTIFIERS
        found.append((alternative[i:end], quantified))
        i = _quantifier_end(alternative, after) if quantified else end


def _quantifier_end(item: str, at: int) -> int:
    """Where the quantifier at `at` ends, its lazy or possessive mark included."""
    end = item.index("}", at) + 1 if item[at] == "{" and "}" in item[at:] else at + 1
    return end + 1 if item[end:end + 1] in ("?", "+") else end


def literal_prefix(item: str) -> int:
    """Length of the start of the regex `item` made of plain characters (no metacharacter,
    none that a quantifier follows): "log ?in" -> 3 ("log"), "home(?:page)?" -> 4."""
    n = 0
    for source, quantified in atoms(item):
        if quantified or len(source) != 1 or source in META:
            break
        n += 1
    return n


def opens_a_word(item: str) -> bool:
    """True when every top-level alternative of the regex `item` starts with a word character
    (looking past leading look-behinds and into a leading `(?:...)` or `(?-i:...)` group)."""
    for alt in top_alternatives(item):
        while alt.startswith(("(?<!", "(?<=")) and group_end(alt) > 0:  # zero-width: look past it
            alt = alt[group_end(alt) + 1:]
        if alt[:1].isalnum() or alt.startswith(("\\b", "\\d", "^")):
            continue
        opener = next((o for o in ("(?:", "(?-i:") if alt.startswith(o)), None)
        end = group_end(alt) if opener else -1
        if end < 0 or not opens_a_word(alt[len(opener):end]):
            return False
        after = _after_optional(alt, end + 1)
        if after is not None and not opens_a_word(alt[after:]):  # "(?:déjà )?abonné": both must
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
