"""Shortcuts taken for speed give the answer the long way gives.

- mojibake: a block it skips is one ftfy would leave unchanged;
- menus (ItemLineRule): the native item test answers as CPython's substitution did;
- phrase lists: trying word-initial phrases at word starts only finds the same lines, but for
  a phrase found inside a word ("te recomendamos" in "neueste recomendamos"), on purpose;
- phrase lists as tries (`union_test`): they match where the plain alternation matches;
- norm: `str.replace` and `str.split` give what `str.translate` and a regex of white space give;
- whitespace: a printable text without two spaces has no run for the collapsing regex;
- typography: a text its screens pass over has no stray space before a mark, no doubled stop;
- mojibake: ftfy's badness regex matched natively finds what `is_bad` finds;
- teaser, byline: the pre-tests (marker at the start, sentence gap, four-digit year) are
  necessary for the full regexes to match; a line the byline screen passes over says nothing.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from ftfy import fix_and_explain
from ftfy.badness import is_bad
from hypothesis import example, given, settings
from hypothesis import strategies as st
from textgen import texts

from cleaner import _native
from cleaner.dates import DateFinder
from cleaner.document import Block, measure
from cleaner.patterns import factored, load_patterns, norm, union, union_test
from cleaner.patterns.syntax import atoms, literal_prefix, opens_a_word, top_alternatives
from cleaner.stages.byline import YEAR, BylineStage
from cleaner.stages.chrome import (ENTRY_DECORATION, ENTRY_LEADS, ENTRY_TAILS, MENU_SEPARATOR, SEPARATORS, ChromeStage,
                                   LaterCopies, entry_key, has_separator)
from cleaner.stages.garbled import _SPACE as GARBLED_SPACE, capitalised_function_words, function_word_regex
from cleaner.stages.mojibake import fixer_config, may_be_bad, may_need_fixing, may_need_fixing_all
from cleaner.stages.segment import BLANK, segment_lines
from cleaner.stages.share import ShareStage
from cleaner.stages.teaser import SENTENCE_GAP, TeaserStage
from cleaner.stages.typography import DOUBLED_STOP, DOUBLED_STOP_SCREEN, TypographyStage, space_before_regexes
from cleaner.stages.whitespace import RUNS, collapse
from cleaner.text import words
from wrapref import read_lines

FIXTURES = Path(__file__).parent / "fixtures"

# characters that drive ftfy's fixers, mixed into ordinary text
TRICKY = "&;éèàç’“”«»\u00a0\u202f\r\u2028\x1b\x85\x93\ufb01\u0301ÃÂ©â€™Å“\u200b\ufeffﬁ"


# and pieces of HTML entities: decoded ones, numeric ones, ones ftfy leaves, and bare "&"
ENTITIES = ["&amp;", "&eacute;", "&EACUTE;", "&nTILDE;", "&#233;", "&#x27;", "&zz;", "AT&T", "&", "#", ";", "Q&A;"]
TRICKY_TEXT = st.lists(st.characters() | st.sampled_from(TRICKY) | st.sampled_from(ENTITIES), max_size=40).map("".join)


@settings(max_examples=600, deadline=None, derandomize=True)
@given(TRICKY_TEXT)
def test_a_skipped_block_is_one_ftfy_leaves_unchanged(text: str) -> None:
    if not may_need_fixing(text):
        assert fix_and_explain(text, fixer_config())[0] == text


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(TRICKY_TEXT, max_size=6))
def test_a_page_screened_at_once_is_each_block_screened_alone(texts: list[str]) -> None:
    assert may_need_fixing_all(texts) == [may_need_fixing(text) for text in texts]


def test_mojibake_and_clean_text_are_told_apart() -> None:
    assert may_need_fixing("Ã©tÃ© 2023")
    assert may_need_fixing("Tom &amp; Jerry") and may_need_fixing("&#233;t&#233;")
    assert not may_need_fixing("AT&T & co.") and not may_need_fixing("L’été & l’hiver")  # no entity
    assert may_need_fixing("e\u0301te\u0301")  # decomposed accents: NFC composes them
    assert not may_need_fixing("L’été sera chaud, dit-il « vraiment ».")
    assert not may_need_fixing("Plain ASCII text, with punctuation!")


SECTIONS = [("comments", "headings"), ("comments", "form"), ("captions", "credits"), ("paywall", "phrases"),
            ("teaser", "headings"), ("newsletter", "signals"), ("reading_time", "phrases")]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.sampled_from(SECTIONS), st.data())
def test_phrase_union_finds_the_same_lines(section: tuple[str, str], data: st.DataObject) -> None:
    patterns = load_patterns()
    items = patterns.all_entries(*section)
    plain = re.compile("|".join(f"(?:{i})" for i in items), re.IGNORECASE)
    vocabulary = sorted({w for i in items for w in re.findall(r"[^\W\d_]{2,}", i)}) + ["12", "(", ")", "/", "©", "AFP"]
    text = " ".join(data.draw(st.lists(st.sampled_from(vocabulary), max_size=8)))
    found = bool(union(items).search(text))
    plain_hits = list(plain.finditer(text))
    assert not found or plain_hits  # never more than the plain alternation
    at_word_start = [m for m in plain_hits if not re.match(r"\w", text[m.start() - 1:m.start()])]
    assert found or not at_word_start  # never less, but for hits inside a word ("te" in "neueste")


@pytest.mark.parametrize("item, word_start", [
    ("comments?", True), (r"\bfoo|bar", True), ("©|foo", False), ("(?:a|b)c", True), (r"(?:a|\()x", False),
    (r"(?:déjà )?abonné", True), (r"(?:a)?\(", False), ("(?:ab)?", False), ("(?:ab){0,2}c", True),
    (r"(?:^|\s)getty", False), (r"(?-i:\b(?:AFP|AP))\s*$", True), ("[|]x", False),
    (r"(?<!\d)\d+ comments?", True), (r"(?<!\S)(?:getty|alamy)\s*$", True), (r"(?<!\w)©", False),
])
def test_which_phrases_are_tried_at_word_starts_only(item: str, word_start: bool) -> None:
    assert opens_a_word(item) == word_start


MENU_WORDS = ["Home", "News", "Contact", "Accueil", "Recherche", "Partager", "+", "|", "•", "x", "Sport"]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(MENU_WORDS), min_size=1, max_size=8))
def test_item_lines_are_what_cpythons_substitution_leaves_no_word_of(words: list[str]) -> None:
    """The chrome stage's native item test agrees with CPython's `sub` of its items, longest
    first, each from a word start to a word end (the test before the native core)."""
    stage = ChromeStage(load_patterns())
    items = sorted(load_patterns().all_entries("chrome", "items"), key=len, reverse=True)
    regex = re.compile(r"(?<!\w)(?:" + "|".join(f"(?:{i})" for i in items) + r")(?!\w)", re.IGNORECASE)
    block = Block(0, " ".join(words), " ".join(words), (1, 1))
    rest = regex.sub(" ", block.norm)
    assert stage.items.only_items(block.norm) == (rest != block.norm and not re.search(r"\w", rest))


# ---- phrase lists as tries (`factored`, `union_test`) ---------------------------------

TRIE_SECTIONS = [*SECTIONS, ("chrome", "items"), ("share", "items"), ("captions", "placeholders"),
                 ("teaser", "markers"), ("byline", "prefixes")]


def _vocabulary(items: list[str]) -> list[str]:
    words = sorted({w for i in items for w in re.findall(r"[^\W\d_]{1,}", i)})
    return words + ["12", "2024", "(", ")", "/", "©", "AFP", ":", "-", "|", "+", "'", "’", "İ", "ſ", "K"]


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.sampled_from(TRIE_SECTIONS), st.data())
def test_trie_union_matches_where_the_plain_union_does(section: tuple[str, str], data: st.DataObject) -> None:
    patterns = load_patterns()
    items = patterns.all_entries(*section)
    plain, trie = union(items), union_test(items)
    sep = data.draw(st.sampled_from([" ", "", " | ", ": "]))
    text = sep.join(data.draw(st.lists(st.sampled_from(_vocabulary(items)), max_size=8)))
    assert bool(trie.search(text)) == bool(plain.search(text))
    assert bool(trie.fullmatch(text)) == bool(plain.fullmatch(text))
    for at in range(len(text) + 1):
        assert bool(trie.match(text, at)) == bool(plain.match(text, at))


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.sampled_from(["chrome", "share"]), st.data())
def test_item_lines_of_the_lists_own_words(section: str, data: st.DataObject) -> None:
    """Lines of the lists' own words, joined as menus are, judged as CPython's `sub` judges them."""
    stage = (ChromeStage if section == "chrome" else ShareStage)(load_patterns())
    items = sorted(load_patterns().all_entries(section, "items"), key=len, reverse=True)
    regex = re.compile(r"(?<!\w)(?:" + "|".join(f"(?:{i})" for i in items) + r")(?!\w)", re.IGNORECASE)
    sep = data.draw(st.sampled_from([" ", " | ", "", " · "]))
    text = sep.join(data.draw(st.lists(st.sampled_from(_vocabulary(items)), max_size=6)))
    rest = regex.sub(" ", text)
    assert stage.items.only_items(text) == (rest != text and not re.search(r"\w", rest))


def test_every_phrase_list_keeps_its_matches_on_real_lines() -> None:
    patterns = load_patterns()
    lines = [line for path in sorted(FIXTURES.rglob("*.txt"))[:40]
             for line in path.read_text(encoding="utf-8", errors="replace").splitlines()]
    lines += ["Home | News | Contact", "Log in", "Logout", "3 comments", "Read more: the rest", "© AFP"]
    for section in TRIE_SECTIONS:
        plain, trie = union(patterns.all_entries(*section)), union_test(patterns.all_entries(*section))
        for line in map(norm, lines):
            assert bool(trie.search(line)) == bool(plain.search(line)), (section, line)
            assert bool(trie.fullmatch(line)) == bool(plain.fullmatch(line)), (section, line)


@pytest.mark.parametrize("items, expected", [
    (["log in", "log out", "home"], r"(?:log\ (?:in|out)|home)"),
    (["Home", "home(?:page)?"], r"(?:home(?:|(?:(?:page)?)))"),
    (["shares?", r"\d+ x|a"], r"(?:share(?:s?)|a|(?:\d+ x))"),
    (["ÉTÉ", "été"], r"(?:ÉtÉ|été)"),  # only ASCII letters are folded
])
def test_trie_shape(items: list[str], expected: str) -> None:
    assert factored(items) == expected


@pytest.mark.parametrize("item, length", [
    ("log ?in", 3), ("home(?:page)?", 4), ("comments are closed\\.?", 19), ("e-?mail", 1), (r"\d+", 0),
    ("a{2}", 0), ("plain words", 11), ("x|y", 1),
])
def test_literal_prefix(item: str, length: int) -> None:
    assert literal_prefix(item) == length


@pytest.mark.parametrize("item, alternatives", [
    ("a|(b|c)|[|]|\\||d", ["a", "(b|c)", "[|]", "\\|", "d"]),
    ("[^]|]x|y", ["[^]|]x", "y"]),  # "]" right after "[^" is a literal
    ("[]|]x|y", ["[]|]x", "y"]),
    ("\\x7c|\\N{VERTICAL LINE}|z", ["\\x7c", "\\N{VERTICAL LINE}", "z"]),
])
def test_top_alternatives(item: str, alternatives: list[str]) -> None:
    assert top_alternatives(item) == alternatives
    assert [re.fullmatch(item, s) is not None for s in ("a", "y", "z")] == [
        any(re.fullmatch(a, s) for a in alternatives) for s in ("a", "y", "z")]


def test_atoms_of_a_verbose_regex() -> None:
    source = """
        [a-z] \\s? (?:x|y)+ # a comment (with | and [ in it
        \\xe9{2,3}? . [ ]
    """
    assert top_alternatives(source, verbose=True) == [source]
    assert atoms(source, verbose=True) == [("[a-z]", False), ("\\s", True), ("(?:x|y)", True), ("\\xe9", True),
                                           (".", False), ("[ ]", False)]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.text(alphabet="ab-.*(|", min_size=1, max_size=4), min_size=1, max_size=6), st.data())
def test_a_trie_of_literal_words_finds_them(words: list[str], data: st.DataObject) -> None:
    trie = re.compile(factored(words, literal=True))
    plain = re.compile("|".join(map(re.escape, words)))
    text = data.draw(st.text(alphabet="ab-.*(|A", max_size=12))
    assert bool(trie.search(text)) == bool(plain.search(text))
    for at in range(len(text) + 1):
        assert bool(trie.match(text, at)) == bool(plain.match(text, at))


# ---- norm ----------------------------------------------------------------------------

def test_re_and_str_agree_on_white_space() -> None:
    for code in range(0x110000):
        ch = chr(code)
        assert bool(re.fullmatch(r"\s", ch)) == ch.isspace(), hex(code)


# no lone surrogates: a page's text is decoded from bytes, and Rust strings cannot hold them
NORM_ALPHABET = st.characters(exclude_categories=("Cs",)) | st.sampled_from(" \t\n\u00a0\u202f\u2028\u3000\x1c’‘`'•·▪►▸*-e\u0301")


REPLACED = str.maketrans({"’": "'", "‘": "'", "`": "'", "\u00a0": " ", "\u202f": " "})
BULLET = re.compile(r"^\s*(?:[•·▪►▸*]|-(?=\s))\s*")


def norm_reference(text: str) -> str:
    """`norm` written the plain way, the reference the native scan is tested against."""
    text = unicodedata.normalize("NFC", text).translate(REPLACED)
    return re.sub(r"\s+", " ", BULLET.sub("", text)).strip()


@settings(max_examples=600, deadline=None, derandomize=True)
@given(texts(NORM_ALPHABET, max_size=40))
def test_norm_is_the_plain_normalisation(text: str) -> None:
    assert norm(text) == norm_reference(text)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(texts(NORM_ALPHABET, max_size=40), max_size=6))
def test_a_page_measured_at_once_is_each_block_measured_alone(texts: list[str]) -> None:
    page = [Block(i, text, text) for i, text in enumerate(texts)]
    measure(page)
    for block, text in zip(page, texts):
        alone = Block(0, text, text)  # measured on first use
        assert (block.norm, block.n_words) == (alone.norm, alone.n_words) == (norm_reference(text), len(words(norm_reference(text))))


def composed_second() -> set[str]:
    """The characters NFC may join to the one before: the second of every canonical pair
    decomposition, and the Hangul vowels and final consonants."""
    seconds = {chr(c) for c in [*range(0x1161, 0x1176), *range(0x11A8, 0x11C3)]}
    for code in range(0x110000):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            seconds.add(chr(int(parts[1], 16)))
    return seconds


def test_a_text_measured_without_asking_cpython_is_nfc() -> None:
    """The characters `measure` takes as NFC without asking CPython (`forms::surely_nfc`) keep
    any text of them NFC: no combining mark, none NFC changes, none NFC may join to the one
    before (nor opening with one, decomposed)."""
    asked: list[str] = []

    def nfc(text: str) -> str:
        asked.append(text)
        return unicodedata.normalize("NFC", text)

    seconds = composed_second()
    trusted = []
    for code in range(0x30000):
        char = chr(code)
        if unicodedata.category(char) == "Cs":
            continue
        before = len(asked)
        _native.measure_blocks([Block(0, char, char)], nfc)
        if len(asked) == before:
            trusted.append(char)
    assert len(trusted) > 30000 and "é" in trusted and "’" in trusted and "e\u0301"[1] not in trusted
    for char in trusted:
        assert unicodedata.combining(char) == 0 and unicodedata.normalize("NFC", char) == char, hex(ord(char))
        assert char not in seconds and unicodedata.normalize("NFD", char)[0] not in seconds, hex(ord(char))
    # what CPython is asked is given back made NFC
    for text in ["e\u0301", "\u2126 x", "\u1100\u1161", "x\u0323\u0301"]:
        block = Block(0, text, text)
        measure([block])
        assert block.norm == norm(text) == unicodedata.normalize("NFC", text)


# ---- segment: the dump's lines, read natively ------------------------------------------

def segment_reference(text: str) -> list[tuple[int, str, str, int, str]]:
    """The lines of a dump read the plain way: what `segment_lines` gives each block."""
    out = []
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip(BLANK)
        if stripped:
            lead = line[: len(line) - len(line.lstrip(BLANK))]
            bullet = re.match(r"^(?:[•·▪◦‣►▸]|[-*](?=\s))", stripped)
            out.append((number, line, stripped, len(lead.expandtabs(4)), "list_item" if bullet else "paragraph"))
    return out


@settings(max_examples=600, deadline=None, derandomize=True)
@given(texts(st.sampled_from(BLANK + "\x1c\x85ab•◦-*é") | st.characters(exclude_categories=("Cs",)),
               max_size=60))
def test_the_native_lines_are_the_plain_ones(text: str) -> None:
    got = [(b.lines[0], b.original, b.text, b.features["indent"], b.kind) for b in segment_lines(text)]
    assert got == segment_reference(text)
    assert [b.index for b in segment_lines(text)] == list(range(len(got)))


# ---- chrome: a table of contents' entries -----------------------------------------------

@settings(max_examples=800, deadline=None, derandomize=True)
@given(texts(st.sampled_from(" \t\u00a0" + ENTRY_LEADS + ENTRY_TAILS + "1٣.)aB") | st.characters(
    exclude_categories=("Cs",)), max_size=14))
def test_an_entry_key_is_the_decoration_taken_off(text: str) -> None:
    assert entry_key(text) == " ".join(ENTRY_DECORATION.sub("", text).lower().split())


# entries that often hold each other: a word, a longer one, with and without decoration
ENTRY_TEXT = st.lists(st.sampled_from(["a", "ab", "Ab", "1.", "•", "…", ":", " ", "ΟΣ", "İ"]) | st.characters(
    exclude_categories=("Cs",)), max_size=5).map("".join)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(ENTRY_TEXT, min_size=1, max_size=12), st.data())
def test_a_later_copy_is_found_as_every_later_key_computed_finds_it(texts: list[str], data: st.DataObject) -> None:
    """LaterCopies answers as the table of every later block's key did (its last index)."""
    blocks = [Block(index, text, text) for index, text in enumerate(["Contents", *texts])]
    measure(blocks)
    last_seen = {entry_key(b.norm): b.index for b in blocks[1:]}
    later = LaterCopies(blocks[1:])
    for block in blocks[1:]:
        key = data.draw(st.sampled_from([entry_key(block.norm), *last_seen]))
        if key:
            assert later(key, block.index) == (last_seen.get(key, -1) > block.index), (key, block.index)


@settings(max_examples=800, deadline=None, derandomize=True)
@given(texts(st.sampled_from(" \t\u00a0|•·/-a") | st.characters(exclude_categories=("Cs",)), max_size=14))
def test_a_line_without_a_separator_character_has_no_menu_separator(text: str) -> None:
    assert has_separator(text) == (not frozenset("|•·/").isdisjoint(text)) == (SEPARATORS.screen([text])[0] == 1)
    if not has_separator(text):
        assert MENU_SEPARATOR.search(text) is None


# ---- header: the article's words, lowered together --------------------------------------

@settings(max_examples=600, deadline=None, derandomize=True)
@given(st.lists(texts(st.sampled_from("ΣΑσ'’.İ a\u0345\u0307") | st.characters(exclude_categories=("Cs",)),
                        max_size=12), max_size=5))
def test_lines_lowered_together_give_the_words_they_give_alone(texts: list[str]) -> None:
    alone = {w for text in texts for w in words(text.lower())}
    assert set(words("\n".join(texts).lower())) == alone


# ---- garbled: the function-word screen, matched natively ---------------------------------

@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.data())
def test_the_function_word_screen_finds_what_its_regex_finds(data: st.DataObject) -> None:
    patterns = load_patterns()
    lang = data.draw(st.sampled_from([code for code in patterns.languages
                                      if patterns.entries(code, "garbled", "capitalised_function_words")]))
    words = patterns.entries(lang, "garbled", "capitalised_function_words")
    screen = function_word_regex(words)
    plain = re.compile(rf"\w{GARBLED_SPACE}(?:{'|'.join(re.escape(w) for w in words)}){GARBLED_SPACE}\w")
    pieces = words + [w.lower() for w in words] + ["arrivée", "x", " ", "  ", "\u00a0", "\u202f", "\t", ".", "-",
                                                   "'", "’", "2", "_"] + [f"à-la {w}\u00a0x" for w in words] \
        + [f"{before} {w} {after}" for w in words for before, after in (("arrivée", "été"), ("2", "x"), ("x_", "_"))]
    text = "".join(data.draw(st.lists(st.sampled_from(pieces), max_size=12)))
    assert bool(screen.quick.search(text)) == bool(plain.search(text))
    if screen.full.search(text):
        assert screen.quick.search(text)
    whole = [f"{m.group('prev')} {m.group('word')}" for m in screen.full.finditer(text)
             if m.group("prev").islower() and m.group("next").islower()]
    assert capitalised_function_words(text, screen) == whole  # the scan from the first hit on


# ---- wrapping: a dump line's measures, read natively ---------------------------------------

ITEM_START = re.compile(r"^(?:[•·▪◦‣►▸*+-]\s|\d{1,3}[.)]\s|\[\d+\]|#{1,6}\s)")
TABLE_GAP = re.compile(r"\S {3,}\S")
WRAP_ALPHABET = st.sampled_from(" \t\u00a0\u3000|•-*+#[]().1٣a日") | st.characters(exclude_categories=("Cs",))


def wrap_reference(raw: str) -> tuple[int, str, int, bool, bool, bool]:
    """A raw line read and measured the plain way (the Python `wrapping` had before the native core)."""
    def width(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)
    raw = raw.rstrip().expandtabs(4)
    text = raw.lstrip()
    prose = any(c.isalpha() for c in text) and not TABLE_GAP.search(text)
    breakable = prose and (" " in text or width(text) > len(text))
    measurable = (breakable and not ITEM_START.match(text) and text.count(" | ") < 2
                  and (width(raw) < 40 or not any(len(w) >= 40 and width(w) == len(w) for w in text.split())))
    return len(raw) - len(text), text, width(raw), prose, breakable, measurable


@settings(max_examples=800, deadline=None, derandomize=True)
@given(texts(WRAP_ALPHABET, max_size=24) | st.builds(lambda a, b: a + "x" * 40 + b,
                                                              texts(WRAP_ALPHABET, max_size=6),
                                                              texts(WRAP_ALPHABET, max_size=6)))
def test_a_dump_line_is_read_and_measured_as_plain_python_does(raw: str) -> None:
    line = read_lines([(1, raw)])[0]
    assert (line.indent, line.text, line.width, line.prose, line.breakable, line.measurable) == wrap_reference(raw)
    assert _native.measurable_lines([raw]) == [line.measurable]
    item = ITEM_START.match(line.text)
    assert _native.item_start(line.text) == (len(item.group()) if item else None)


# ---- whitespace: printable text has nothing to collapse ---------------------------------

def test_every_white_space_character_but_the_space_is_unprintable() -> None:
    for code in range(0x110000):
        ch = chr(code)
        if ch.isspace() and ch != " ":
            assert not ch.isprintable(), hex(code)


@settings(max_examples=600, deadline=None, derandomize=True)
@given(texts(NORM_ALPHABET, max_size=40))
def test_collapse_is_the_regex_substitution(text: str) -> None:
    assert collapse(text) == RUNS.sub(" ", text).strip()


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(texts(NORM_ALPHABET | st.sampled_from(" \u00a0\u202f\u2007\u2009\t\x85\u3000"), max_size=12))
@example(" x")
@example("x\u00a0")
@example("a\u00a0\u202fb")
def test_the_whitespace_screen_passes_every_text_collapse_changes(text: str) -> None:
    # the stage asks `collapse` only of the texts `collapsible` names
    if collapse(text) != text:
        assert _native.collapsible(["plain", text]) == [1]


# ---- typography: the screens of its two rules -------------------------------------------

TYPOGRAPHY_ALPHABET = st.sampled_from(" \u00a0\u202f\t.,;:!?»”’\")]xX1%") | st.characters(exclude_categories=("Cs",))


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(texts(TYPOGRAPHY_ALPHABET, max_size=30))
@example("Fin.\u00a0.")
@example("Fin.  . Suite")
@example("Fin.\u202f.\u00a0»")
def test_typography_screens_pass_over_no_fix(text: str) -> None:
    patterns = load_patterns()
    for lang in patterns.languages:
        regexes = space_before_regexes(patterns.entries(lang, "typography", "no_space_before"))
        if regexes is not None and regexes[0].search(text):
            assert regexes[1].search(text), (lang, text)
    if DOUBLED_STOP.search(text):
        assert re.search(DOUBLED_STOP_SCREEN, text) and DOUBLED_STOPS.search(text)


DOUBLED_STOPS = TypographyStage(load_patterns()).doubled_stops


@settings(max_examples=800, deadline=None, derandomize=True)
@given(texts(TYPOGRAPHY_ALPHABET, max_size=30))
def test_removing_stray_spaces_makes_no_doubled_stop(text: str) -> None:
    """The doubled stop's screen reads a block before its stray spaces go: a stop doubled
    after they went was doubled before."""
    patterns = load_patterns()
    for lang in patterns.languages:
        regexes = space_before_regexes(patterns.entries(lang, "typography", "no_space_before"))
        if regexes is not None and DOUBLED_STOP.search(regexes[0].sub(r"\g<mark>", text)):
            assert DOUBLED_STOPS.search(text), (lang, text)


def test_typography_screens_find_what_the_rules_fix() -> None:
    regexes = space_before_regexes([r"[.,;:!?]"])
    assert regexes is not None
    regex, screen = regexes
    for text in ("Bonjour , le monde", "la fin .", "Quoi\u00a0?", "mot  ; puis"):
        assert regex.search(text) and screen.search(text), text
    assert DOUBLED_STOP.search("Fin. .") and DOUBLED_STOPS.search("Fin. .") and not DOUBLED_STOPS.search("Fin..")


# ---- mojibake: ftfy's badness regex, matched natively ----------------------------------

MOJIBAKE_BITS = "ÃÂ©â€™Å“ÐÑÎØÙ×²³°Œœàé€‚Ä√≈вЂВГРСβΒΓΞΟā“”«»‘’ ¡¢£¤¥¦§¨ª¬®¯±´µ¶·¸¹º¼½¾¿ abcXYZ.,!?:(1\x1c\u2028\x85"


@settings(max_examples=3000, deadline=None, derandomize=True)
@given(texts(st.sampled_from(MOJIBAKE_BITS) | st.characters(), max_size=30))
def test_native_badness_is_ftfys(text: str) -> None:
    if re.search("[\ud800-\udfff]", text):
        assert may_be_bad(text)  # a lone surrogate goes to ftfy
    else:
        assert may_be_bad(text) == is_bad(text)


def test_native_badness_catches_mojibake_on_real_lines() -> None:
    for text in ["Ã©tÃ© 2023", "donâ€™t", "Ð¿Ñ€Ð¸Ð²ÐµÑ‚", "cafÃ© ", "вЂ™", "Ã ", "a Â «"]:
        assert is_bad(text) and may_be_bad(text)
    assert not may_be_bad("L’été sera chaud, dit-il « vraiment ».")
    lines = [line for path in sorted(FIXTURES.rglob("*.txt"))
             for line in path.read_text(encoding="utf-8", errors="replace").splitlines()]
    # the fixtures' lines, and each with its accented letters read as Latin-1 (mojibake made)
    damaged = [line.encode("utf-8").decode("latin-1") for line in lines if not line.isascii()]
    assert all(may_be_bad(line) == is_bad(line) for line in lines + damaged)
    assert sum(is_bad(line) for line in damaged) > 20


# ---- teaser and byline pre-tests -----------------------------------------------------

@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.data())
def test_teaser_pretests_are_necessary(data: st.DataObject) -> None:
    stage = TeaserStage(load_patterns())
    vocabulary = _vocabulary(load_patterns().all_entries("teaser", "markers")) + [".", "!", "»", "”", "  ", "\u00a0"]
    text = " ".join(data.draw(st.lists(st.sampled_from(vocabulary), max_size=8)))
    if not stage.opens_with_marker.match(text):
        assert not stage.line_start.match(text) and not stage.marker_only.match(text)
    if not SENTENCE_GAP.search(text):
        assert not list(stage.inline.finditer(text))
    if not stage.markers.search(text):  # the native screen of a page's lines
        assert not stage.opens_with_marker.match(text) and not list(stage.inline.finditer(text))


def test_every_date_pattern_needs_a_four_digit_year() -> None:
    finder = DateFinder(load_patterns())
    regexes = [finder.iso, finder.numeric] + [rx for day_first, month_first, _, _, _ in finder.textual
                                              for rx in (day_first, month_first)]
    for rx in regexes:
        assert r"\d{4}" in rx.pattern, rx.pattern


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.data())
def test_a_segment_without_a_year_has_no_date(data: st.DataObject) -> None:
    patterns = load_patterns()
    months = _vocabulary(patterns.all_entries("dates", "months"))
    pieces = months + ["1", "12", "123", "2024", "03/04/2020", "2023-09-14", "14th", ",", ".", "/", "-"]
    text = " ".join(data.draw(st.lists(st.sampled_from(pieces), max_size=6)))
    if not YEAR.search(text):
        assert DateFinder(patterns).find(text) is None


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.data())
def test_a_textual_date_holds_a_month_name_the_screen_finds(data: st.DataObject) -> None:
    patterns = load_patterns()
    finder = DateFinder(patterns)
    months = _vocabulary(patterns.all_entries("dates", "months"))
    day, year = st.sampled_from(["1", "3.", "14th", "1er", "31", "x1"]), st.sampled_from(["2024", "1999", "20245"])
    month = st.sampled_from(months + [m.upper() for m in months] + ["Mayday", "x"])
    date = st.one_of(st.tuples(day, month, year), st.tuples(month, day, year)).map(" ".join)
    text = data.draw(st.tuples(st.sampled_from(["", "Updated", "By Jane Doe |"]), date).map(" ".join))
    if any(rx.search(text) for day_first, month_first, _, _, _ in finder.textual for rx in (day_first, month_first)):
        assert finder.month_names.search(text), text  # (a fifth of these texts hold a textual date)
    for day_first, month_first, _, _, screen in finder.textual:  # and the language's own screen
        if day_first.search(text) or month_first.search(text):
            assert screen.search(text), text


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.data())
def test_a_reading_time_at_a_line_end_holds_a_phrase_the_screen_finds(data: st.DataObject) -> None:
    stage = BylineStage(load_patterns())
    pieces = _vocabulary(load_patterns().all_entries("reading_time", "phrases")) + [
        "3", "12", "min", "|", "By", "x", "5 min read", "4 min de lecture", "Reading time: 3 minutes",
        "Lesezeit 4 Minuten", "6 minutos de lectura", "Temps de lecture : 2 mn", "lecture 3 min.", "x5 min read"]
    text = " ".join(data.draw(st.lists(st.sampled_from(pieces), min_size=1, max_size=4)))
    if stage.reading_tail.search(text):
        assert stage.reading.search(text), text


BYLINE_PIECES = ["By", "Par", "von", "Von", "Written by", "Jane", "Doe", "Jean", "Dupont", "|", "•", "-", "—", ",", ":",
                 "March", "3", "2024", "3 mars 2024", "2024-03-01", "12:30", "5 min read", "4 min de lecture", "le",
                 "Photo", "AFP", "baby", "nearby", "Reading time: 3 minutes", "Updated", "Publié le", "ago"]


def _byline_lines() -> list[str]:
    lines = [norm(line) for path in sorted(FIXTURES.rglob("*.txt"))
             for line in path.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    return [line for line in lines if len(line.split()) <= 24]


def _says_nothing_past_the_screen(stage: BylineStage, lines: list[str]) -> None:
    """Each line the screen (`_may_say`) passes over gets nothing from the unscreened `read`."""
    whole = BylineStage.read
    for line in lines:
        for author in (None, "Jane Doe"):
            if stage._may_say(line, author):
                continue
            stage._may_say = lambda *_: True  # type: ignore[method-assign]
            try:
                assert whole(stage, line, "en", author, True) is None, line
                assert whole(stage, line, "en", author, False) is None, line
            finally:
                del stage._may_say


CLAUSE_PIECES = ["Jane Doe", "published", "Publié", "mis à jour", "updated", "PUBLISHED", "last updated", "x", ",", ";",
                 " ", "  ", "\t", ", ", "; ", "3 mars 2024", "-", "—", "–", "|", "•", "//", "/", "~", "·", "a", "1"]


@settings(max_examples=800, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(CLAUSE_PIECES) | st.characters(exclude_categories=("Cs",)), max_size=10))
def test_the_byline_splits_need_what_their_screens_look_for(pieces: list[str]) -> None:
    """A line is split into segments only where it holds a separator mark, and a date clause
    opens only where `clause_opens` finds its opening word."""
    from cleaner.stages.byline import SEGMENT_MARKS, SEGMENT_SPLIT
    stage, line = BylineStage(load_patterns()), "".join(pieces)
    if SEGMENT_SPLIT.search(line):
        assert any(mark in line for mark in SEGMENT_MARKS), line
    if stage.clause is not None and stage.clause.search(line):
        assert stage.clause_opens.search(line), line


@settings(max_examples=600, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(BYLINE_PIECES) | st.text(alphabet="1234٣ byPAR:|-—·", max_size=6), min_size=1, max_size=7))
def test_the_byline_screen_is_a_year_a_prefix_or_a_reading_time(pieces: list[str]) -> None:
    """`may_say_screen`, one native search, finds what a year's regex and the reading times'
    own list find, and a byline prefix opening the line but for separators."""
    from cleaner.stages.byline import SEGMENT_EDGES, byline_prefixes
    stage, patterns = BylineStage(load_patterns()), load_patterns()
    line = norm(" ".join(pieces))
    opening = re.match(rf"[{re.escape(SEGMENT_EDGES)}]*(?:{byline_prefixes(patterns)})", line, re.IGNORECASE)
    alone = bool(YEAR.search(line)) or bool(opening) or patterns.native("reading_time", "phrases").search(line)
    assert stage.may_say_screen.search(line) == alone, line
    assert stage.may_say_screen.search_where([line], [True]) == [alone]


@settings(max_examples=600, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(BYLINE_PIECES), min_size=1, max_size=7))
def test_a_line_of_byline_words_the_screen_passes_over_says_nothing(pieces: list[str]) -> None:
    """`BylineStage.read` finds nothing in a line its screen passes over: the screen changes
    no answer, it only spares the time."""
    _says_nothing_past_the_screen(BylineStage(load_patterns()), [norm(" ".join(pieces))])


def test_a_fixture_line_the_byline_screen_passes_over_says_nothing() -> None:
    _says_nothing_past_the_screen(BylineStage(load_patterns()), _byline_lines())


def test_the_byline_screen_passes_over_most_lines_and_no_byline() -> None:
    stage = BylineStage(load_patterns())
    lines = _byline_lines()
    assert sum(not stage._may_say(line, None) for line in lines) > len(lines) / 2
    for line in ["By Jane Doe", "Par Jean Dupont | 3 mars 2024", "5 min read", "Updated March 3, 2024"]:
        assert stage._may_say(line, None) and stage.read(line, "en") is not None, line


# ---- mainregion: the stop-word list of a page in no known language --------------------------

def _stopwords_counted_word_by_word(patterns, doc):  # noqa: ANN001, ANN202
    from cleaner.textmode.features import CJK, WORD
    text = " ".join(b.norm for b in doc.blocks[:300])
    sample, chars = WORD.findall(text.lower()), CJK.findall(text)
    best, best_hits = frozenset(), 0
    for code in patterns.languages:
        stop = patterns.words(code, "stopwords", "words")
        hits = sum(map(stop.__contains__, sample)) + sum(map(stop.__contains__, chars))
        if hits > best_hits:
            best, best_hits = stop, hits
    return best


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["the", "le", "der", "de", "la", "und", "and", "x", "的", "是", "在", "Die", "LES", "y",
                                 "el", "que", "hallo", "ist", " ", "\u3000", "了"]), max_size=40), st.data())
def test_the_stop_words_of_a_page_counted_once_are_those_counted_word_by_word(words: list[str],
                                                                            data: st.DataObject) -> None:
    from cleaner.document import Document
    from cleaner.stages.mainregion import page_stopwords
    patterns = load_patterns()
    lines = " ".join(words).split("  ") or [""]
    doc = Document(raw="")
    doc.blocks = [Block(i, line, line) for i, line in enumerate(lines)]
    doc.metadata["language"] = data.draw(st.sampled_from([None, "xx"]))  # none known: every list competes
    assert page_stopwords(patterns, doc) == _stopwords_counted_word_by_word(patterns, doc)
