"""Property-based tests (hypothesis): random and mutated pages never break the cleaner.

Inputs: the seed pages (and a small HTML page) with bytes flipped, cut, spliced into each
other; random text; random HTML fragments. Properties:

1. `cleaner.clean` returns or raises InputError (a refused input), nothing else.
2. Idempotence: cleaning the clean text again, without the `header` and `title` stages,
   changes nothing but `layout:duplicate`. They take the headline above the first paragraph
   (and the byline beside it) out of the text (it becomes metadata), so on a second pass they
   take the next headline-like line: their job, not a defect. A paragraph printed twice with a rule or a junk line between is kept
   twice (tests/test_boilerplate.py); once the line between is gone the copies touch and
   the second pass keeps one. Any other change on the second pass fails the test.
3. Nothing is invented: every word of the clean text of a text input appears in the input,
   in order, unless a logged edit put it there (a word of some edit's `after`). For HTML
   the order is not the page's (the DOM pre-pass joins an article split around ads), so
   every run of letters and digits must occur in the page's text (entities decoded, an
   apostrophe may differ), or in an edit, or be some of its runs glued: trafilatura drops
   stray tags without a space (`<li>a</li><li>b</li>` outside a list gives "ab"), and
   combining marks or unassigned characters between two runs can go; known losses, noted
   here rather than hidden.

The budget is fixed and derandomised for CI (about half a minute);
`CLEANER_FUZZ_EXAMPLES=5000 python -m pytest tests/test_fuzz.py` runs a longer, random search.
"""
from __future__ import annotations

import html
import os
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cleaner
from cleaner.config import Config
from cleaner.document import EDIT, WARN
from cleaner.reading import InputError
from cleaner.text import words

SEEDS = sorted((Path(__file__).parent / "fixtures" / "seeds" / "raw").glob("*.txt"))
HTML_SEED = ("<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'><title>La crue</title></head><body>"
             "<nav><a href='/'>Accueil</a> <a href='/a'>Actualités</a></nav><article><h1>La crue</h1>"
             "<p>Par Jeanne Martin, le 14 septembre 2023</p>"
             "<p>La rivière est montée de près de deux mètres pendant la nuit, et au matin les rues "
             "basses près du marché étaient sous l'eau.</p><ul><li>Premier point</li><li>Second point</li></ul>"
             "<p>Les habitants disent n'avoir jamais vu l'eau monter aussi vite ; plusieurs familles ont "
             "passé la nuit à l'étage.</p><div class='share'>Partager cet article</div></article>"
             "<section class='comments'><h2>Commentaires (2)</h2><p>Super article !</p></section>"
             "<footer>© 2023 Le Journal</footer></body></html>").encode()
SOURCES = [p.read_bytes() for p in SEEDS] + [HTML_SEED]
EXTRA = int(os.environ.get("CLEANER_FUZZ_EXAMPLES", "0"))


def budget(ci: int) -> settings:
    """`ci` examples, derandomised, in CI; CLEANER_FUZZ_EXAMPLES random examples when set."""
    return settings(max_examples=EXTRA or ci, deadline=None, derandomize=not EXTRA, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# ---- strategies -------------------------------------------------------------------------

@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A seed page with bytes flipped, cut, and spliced with another."""
    data = bytearray(draw(st.sampled_from(SOURCES)))
    for _ in range(draw(st.integers(0, 3))):
        op = draw(st.sampled_from(["flip", "cut", "splice", "insert"]))
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        if op == "flip":
            for i in range(at, min(len(data), at + draw(st.integers(1, 16)))):
                data[i] ^= draw(st.integers(1, 255))
        elif op == "cut":
            data = data[:at] if draw(st.booleans()) else data[at:]
        elif op == "splice":
            other = draw(st.sampled_from(SOURCES))
            data = data[:at] + other[draw(st.integers(0, len(other) - 1)):]
        else:
            data[at:at] = draw(st.binary(max_size=64))
    return bytes(data)


_TAGS = ["p", "div", "span", "a", "b", "i", "h1", "h2", "li", "ul", "table", "tr", "td", "article", "nav",
         "aside", "footer", "script", "style", "br", "figure", "figcaption", "section", "blockquote", "pre"]
_ATTRS = ['class="comments"', 'class="share"', 'id="main"', 'hidden', 'style="display:none"', 'class="article-body"',
          'href="http://example.invalid/"', 'role="tabpanel"', 'class="related"']
_WORDS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30)


def fragments() -> st.SearchStrategy[str]:
    """Random, often ill-formed, HTML."""
    leaf = st.one_of(_WORDS.map(html.escape), _WORDS, st.sampled_from(["&amp;", "&nbsp;", "&#0;", "&bogus;", "<", ">",
                                                                       "</p>", "<!--", "-->", "<![CDATA[x]]>"]))

    def wrap(children: st.SearchStrategy[list[str]]) -> st.SearchStrategy[str]:
        return st.tuples(st.sampled_from(_TAGS), st.lists(st.sampled_from(_ATTRS), max_size=2), children,
                         st.booleans()).map(
            lambda t: f"<{t[0]} {' '.join(t[1])}>{''.join(t[2])}" + (f"</{t[0]}>" if t[3] else ""))

    return st.recursive(leaf, lambda inner: wrap(st.lists(inner, max_size=5)), max_leaves=40)


pages = st.one_of(
    mutated(),
    st.text(max_size=3000).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.lists(_WORDS, max_size=200).map(lambda ws: "\n".join(ws).encode()),
    fragments().map(lambda f: f"<!DOCTYPE html><html><body>{f}</body></html>".encode()),
    st.binary(max_size=2000),
)


# ---- properties ---------------------------------------------------------------------------

_RUNS = re.compile(r"[^\W_]+")  # HTML: runs of letters and digits (entities and apostrophes vary)
_CONTROLS = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32)])


def clean_or_refuse(data: bytes) -> cleaner.Result | None:
    """The result, or None for an input refused with InputError; any other exception fails."""
    try:
        return cleaner.clean(data, source="fuzz")
    except InputError:
        return None


def edit_words(result: cleaner.Result) -> set[str]:
    return {w for c in result.changes if c.kind == EDIT for w in words(c.after)}


def assert_idempotent(text: str) -> None:
    """The clean text, cleaned again (a text input now), comes out the same (module docstring)."""
    config = Config(disable=("header", "title"))
    try:
        again = cleaner.clean(text.encode(), source="again", config=config)
    except InputError:
        assert not text.strip()
        return
    changed = [c.label for c in again.changes if c.kind != WARN]
    assert set(changed) <= {"layout:duplicate"}, changed
    if not changed:
        assert again.text == text


def _glued(word: str, seen: set[str]) -> bool:
    """Whether `word` is runs of `seen` glued together (what was between them dropped)."""
    ends = {0}
    for end in range(1, len(word) + 1):
        if any(word[start:end] in seen for start in ends):
            ends.add(end)
    return len(word) in ends


def assert_nothing_invented(data: bytes, result: cleaner.Result) -> None:
    raw = result.document.raw
    added = edit_words(result)
    out = words(result.text)
    if result.document.source.format == "html":
        # lxml cannot hold C0 control characters: the parse drops them, which may join two words
        seen = set(_RUNS.findall(html.unescape(raw).translate(_CONTROLS)))
        added = set(_RUNS.findall(" ".join(added)))
        invented = [w for w in _RUNS.findall(result.text) if w not in seen and w not in added and not _glued(w, seen)]
        assert not invented, invented[:10]
        return
    source = words(raw)
    pos = 0
    for word in out:
        if word in added:
            continue
        try:
            pos = source.index(word, pos) + 1
        except ValueError:
            raise AssertionError(f"{word!r} is not in the input after word {pos}, nor in a logged edit") from None


@budget(ci=300)
@given(pages)
def test_random_pages_never_raise_and_invent_nothing(data: bytes) -> None:
    result = clean_or_refuse(data)
    if result is not None:
        assert_nothing_invented(data, result)


@budget(ci=200)
@given(st.one_of(mutated(), fragments().map(lambda f: f"<html><body>{f}</body></html>".encode())))
def test_cleaning_is_idempotent(data: bytes) -> None:
    result = clean_or_refuse(data)
    if result is not None and result.text.strip():
        assert_idempotent(result.text)


def test_the_properties_can_fail() -> None:
    """The checks catch an invented word and a text that changes when cleaned again."""
    result = cleaner.clean("Some words of a page, long enough to be kept as they are written.\n".encode())
    result.text += " invented"
    try:
        assert_nothing_invented(b"", result)
    except AssertionError as err:
        assert "invented" in str(err)
    else:
        raise AssertionError("an invented word went unnoticed")
    try:
        assert_idempotent("Text  with  double spaces that the whitespace stage collapses into one.")
    except AssertionError:
        pass
    else:
        raise AssertionError("a text that changes went unnoticed")
