"""The native core (`cleaner._native`, built from `native/`) measures lines as the Python
regexes it replaced did: those regexes are kept here as the reference, and the character
classes are checked against CPython over every code point."""
from __future__ import annotations

import math
import re
import sys
import unicodedata
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from textgen import texts

from cleaner import _native
from cleaner.patterns import load_patterns, norm
from cleaner.text import ends_sentence

# ---------------------------------------------------------------- the reference, in Python

DATE = re.compile(r"\b(?:19|20)\d\d\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b")
IMAGE = re.compile(r"\.(?:jpe?g|png|gif|webp|svg)\b|^\[[^\]]*\]$", re.IGNORECASE)
CAPITALISED = re.compile(r"(?<!\S)[A-ZÀ-ÖØ-ÞА-ЯЁΑ-Ω]")
GLUED = re.compile(r"(?<=[a-zà-öø-ÿ])(?=[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ])")
JOIN = re.compile(r"(?<=[a-zà-öø-ÿ0-9?!)”’\"'])(?=[A-ZÀ-ÖØ-Þ](?:[a-zà-öø-ÿ]|\s))")
NUMBERING = re.compile(r"^[\d.)\]#\s-]+|\[[^\][]*\]")
WIDE_PUNCT = "，。；：、"


def teaser_join(text: str) -> bool:
    m = JOIN.search(text, 0, 200)
    if not m:
        return False
    head = text[:m.start()]
    words = head.split()
    if len(words) < 3 or ". " in head:
        return False
    return head[-1] in "?!" or sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha()) > 0.5 * len(words)


def echo(text: str) -> bool:
    bare = NUMBERING.sub("", text, count=1)
    return len(bare) >= 24 and bare.find(bare[:12], 8) > 0


def punctuation(text: str) -> int:
    return sum(map(text.count, ",.;:" + WIDE_PUNCT))


def reference_shapes(text: str) -> tuple:
    return (bool(DATE.search(text)), bool(IMAGE.search(text)), len(CAPITALISED.findall(text)),
            len(GLUED.findall(text)), echo(text), teaser_join(text), ends_sentence(text, ".!?…。！？", "\"'”’»)]"),
            punctuation(text))


def reference_name(text: str, joins: frozenset[str], ends: tuple[str, ...]) -> bool:
    if text.endswith((".", "!", "?")) and not text.endswith(ends):
        return False
    tokens = NUMBERING.sub("", text).split()
    return bool(tokens) and all(t[:1].isupper() or t.lower() in joins or t[:1] == "@" for t in tokens)


# characters around which the patterns turn: digits of two scripts, separators, brackets,
# capitals and small letters of three alphabets, glued punctuation, Han, a combining mark
ALPHABET = "0129٣/.-:[]()#@?!'\"”’» ,;。、aAzZéÉжЖωΩıİſgjpensvifwbGJPESV中文_\u0301²"
LINES = st.text(alphabet=ALPHABET, max_size=60)


@given(LINES)
@settings(max_examples=3000, deadline=None)
def test_line_shapes_match_the_python_patterns(text: str) -> None:
    assert _native.line_shapes(text) == reference_shapes(text)


@given(LINES)
@settings(max_examples=1500, deadline=None)
def test_numbers_are_stripped_as_python_stripped_them(text: str) -> None:
    assert _native.strip_numbering(text, 0) == NUMBERING.sub("", text)
    assert _native.strip_numbering(text, 1) == NUMBERING.sub("", text, count=1)


@given(st.lists(st.sampled_from(["Anna", "lee", "and", "@bo", "1.", "[3]", "says.", "Zoë", "de", "x."]),
                max_size=6).map(" ".join))
@settings(max_examples=1000, deadline=None)
def test_names_are_read_as_python_read_them(text: str) -> None:
    joins, ends = frozenset({"and", "de"}), (" says.",)
    assert _native.is_name(text, _native.WordSet(sorted(joins)), list(ends)) == reference_name(text, joins, ends)


@pytest.mark.parametrize("text, date", [("12/05/2024", True), ("1999", True), ("x1999", False),
                                        ("12/05/24567", False), ("٣/٣/٢٠٢٤", True), ("2024a", False)])
def test_dates_of_any_script_with_word_boundaries(text: str, date: bool) -> None:
    assert _native.line_shapes(text)[0] is date


def test_character_classes_follow_cpython_on_every_code_point() -> None:
    """The tables in native/src/pyunicode.rs were generated from this interpreter's Unicode
    (python native/gen_tables.py): a mismatch means they must be generated again."""
    text = "".join(chr(cp) for cp in range(sys.maxunicode + 1) if not 0xD800 <= cp <= 0xDFFF)
    got = _native.char_classes(text)
    tests = (lambda c: c.isalnum() or c == "_", str.isdecimal, str.isupper, str.isalpha, str.isspace,
             str.islower, str.isdigit, lambda c: c.upper() != c,
             lambda c: unicodedata.east_asian_width(c) in ("W", "F"))
    wrong = [c for c, bits in zip(text, got)
             if bits != sum(1 << i for i, test in enumerate(tests) if test(c))]
    assert not wrong, f"{len(wrong)} characters differ, first {wrong[0]!r}: run python native/gen_tables.py"


def test_lower_and_casefold_follow_cpython_on_every_code_point() -> None:
    text = "".join(chr(cp) for cp in range(sys.maxunicode + 1) if not 0xD800 <= cp <= 0xDFFF)
    for start in range(0, len(text), 4096):  # each character alone, and beside a capital sigma
        chunk = text[start:start + 4096]
        assert _native.lowered(chunk) == (chunk.lower(), chunk.casefold())
        for probe in ("{}Σ", "AΣ{}", "A{}Σ", "Σ{}A"):  # a line break is neither cased nor skipped
            probes = "\n".join(probe.format(ch) for ch in chunk)
            assert _native.lowered(probes)[0] == probes.lower(), probe


@settings(max_examples=500, deadline=None, derandomize=True)
@given(texts(st.sampled_from("ΣσAa'’.\u0345\u0307\u02b0İ -") | st.characters(exclude_categories=("Cs",)),
               max_size=16))
def test_final_sigma_as_cpython_decides_it(text: str) -> None:
    assert _native.lowered(text) == (text.lower(), text.casefold())


# ---------------------------------------------------------------- the API's guards

NO_PHRASES = _native.PhraseList([], True)


def blocks_of(texts: list[str], dropped: dict[int, str] | None = None) -> list[SimpleNamespace]:
    """Stand-ins for a page's blocks, as `Page` reads them: `texts` as their `norm`; `dropped`:
    the drop kind of the removed ones, by position."""
    dropped = dropped or {}
    return [SimpleNamespace(norm=text, kind="paragraph", features={},
                            dropped=SimpleNamespace(drop_kind=dropped[j]) if j in dropped else None)
            for j, text in enumerate(texts)]


def new_page(blocks: list[SimpleNamespace], stop: _native.WordSet, stamps: _native.PhraseList = NO_PHRASES,
             cues: _native.PhraseList = NO_PHRASES) -> _native.Page:
    """A page of these blocks, with no names' joins or ends, no word table."""
    return _native.Page(blocks, _native.WordTable(stop), stamps, cues, _native.WordSet([]), [], "comment")


def test_a_page_refuses_labels_of_another_length_and_reasons_before_scores() -> None:
    page = new_page(blocks_of(["one", "two", "three"], {1: "junk"}), _native.WordSet(["the"]))
    assert page.kept == [0, 2]
    with pytest.raises(ValueError, match="label"):
        page.stretches([True, False, True])
    with pytest.raises(ValueError, match="scores"):
        page.reasons(0, 1, "")
    with pytest.raises(ValueError):
        page.line(2)


def test_a_model_whose_tables_do_not_fit_is_refused() -> None:
    edges, values = [[0.5]] * 38, [[0.0, 1.0]] * 38
    _native.TextModel(0.0, edges, values, [(0, 1, [0.5], [0.5], [[0.0, 0.0], [0.0, 1.0]])])
    with pytest.raises(ValueError):
        _native.TextModel(0.0, edges[:5], values[:5], [])
    with pytest.raises(ValueError):
        _native.TextModel(0.0, edges, values, [(0, 99, [0.5], [0.5], [[0.0, 0.0], [0.0, 1.0]])])
    with pytest.raises(ValueError):
        _native.TextModel(0.0, edges, values, [(0, 1, [0.5], [0.5], [[0.0], [0.0, 1.0]])])


def test_a_page_of_words_counts_han_characters_as_half_words() -> None:
    page = new_page(blocks_of(["新闻 news", "The end."]), _native.WordSet(["the", "闻"]))
    assert page.units == [2.0, 2.0]
    assert page.words(0) == ["新", "闻", "news"] and page.words(1) == ["the", "end"]
    assert page.kept == [0, 1] and len(page.rows()[0]) == 38


def test_a_page_reads_each_blocks_kind_indent_and_drop() -> None:
    """A list item is a bullet, `features["indent"]` the indent measure; a block dropped as a
    comment is a comment cue above the lines after the article, one dropped as anything else not."""
    prose = "This is a long line of prose, with more than twelve words in it, as articles have."
    texts = [prose, "Home", "Reply here", "Next"]
    blocks = blocks_of(texts, {2: "comment"})
    blocks[1].kind, blocks[1].features = "list_item", {"indent": 3}
    page = new_page(blocks, _native.WordSet(["a", "of", "in", "it"]))
    indent, cues_after_main = 7, 30
    assert page.kept == [0, 1, 3] and page.main == (0, 0)
    assert [row[indent] for row in page.rows()] == [0.0, 3.0, 0.0]
    assert [page.line(pos)[6] for pos in range(3)] == [False, True, False]  # bullet
    assert [row[cues_after_main] for row in page.rows()] == [0.0, 0.0, math.log(2)]
    junk = new_page(blocks_of(texts, {2: "junk"}), _native.WordSet(["a", "of", "in", "it"]))
    assert [row[cues_after_main] for row in junk.rows()] == [0.0, 0.0, 0.0]


# ---------------------------------------------------------------- linear time

# long adversarial lines for the native scans: runs that start a date, a numbering, an image
# name, a name, an echo or a glued headline again and again without finishing it
# (a prefix, the unit repeated, a suffix): "x111...1 thoughts on y" has a phrase match inside a
# word at every digit, and a word start nowhere before the end
ADVERSARIAL = [("", unit, "") for unit in ["1/", "1/1/", "[", "[a", "]", ".jp", ". ", "aB", "Ab?", "a", "中", "1. ",
                                           "#", "x" * 11 + " ", "1 thought on ", "x1 ", "1:", "ago"]]
ADVERSARIAL += [("x", "1", " thoughts on y"), ("", "x1", " thoughts on y"), ("x", "ago", "")]


@pytest.mark.parametrize("prefix, unit, suffix", ADVERSARIAL)
def test_native_line_measures_grow_linearly_on_adversarial_lines(prefix: str, unit: str, suffix: str) -> None:
    """The measures of one long line take time in proportion to its length (t(4n)/t(n) under
    the regex-safety test's limit), whatever the line repeats."""
    from growth import LIMIT, growth

    def prepare(n: int):
        line = prefix + unit * (n // len(unit)) + suffix
        stop, joins = _native.WordSet(["a"]), _native.WordSet([])
        stamps = _native.PhraseList([r"\d{1,2}[:h]\d\d\b", "ago\\b"], True)
        cues = _native.PhraseList([r"(?<!\d)\d+ thoughts? on .{1,120}", "reply"], True)
        items = _native.ItemList([r"\d[\d,.]*[km]? views?", r"share(?: on \w+)?", "1 thought on", "x", "ago\\b"])
        blocks, words = blocks_of([line, line], {1: "junk"}), _native.WordTable(stop)

        def work() -> None:
            _native.line_shapes(line)
            _native.is_name(line, joins, [])
            stamps.search(line)
            cues.search(line)
            items.only_items(line)
            _native.Page(blocks, words, stamps, cues, joins, [], "comment")
        return work

    measured = growth(prepare, 4096)
    assert measured.ratio <= LIMIT, measured.describe()


# ---------------------------------------------------------------- phrase lists


def test_phrase_lists_refuse_what_the_native_engine_cannot_read() -> None:
    for phrase in [r"a(?=b)", r"(a)\1", r"a++", r"x(?<!\d)1", r"(?>a)"]:
        with pytest.raises(ValueError, match="native engine"):
            _native.PhraseList([phrase], True)
    assert _native.PhraseList([r"(?<!\d)\d+ comments?"], True).search("3 Comments")
    assert not _native.PhraseList([], False).search("anything")


def test_a_list_is_compiled_when_first_matched_and_its_error_raised_there() -> None:
    # read (and refused, above) when built; compiled by the regex crate when first asked
    huge = _native.PhraseList([r"(?:\w{1000}){1000}"], False)
    for ask in (huge.search, huge.first, huge.fullmatch):
        with pytest.raises(ValueError, match="does not compile"):
            ask("x")


@given(st.text(alphabet="12 :hamp.xagoıİIi-", max_size=30))
@settings(max_examples=2000, deadline=None)
def test_phrase_lists_find_what_python_finds_from_word_starts(text: str) -> None:
    phrases = [r"\d{1,2}[:h]\d\d\b", r"\d{1,2}\s*[ap]\.?m\b", r"ago\b", r"il y a\b", r"(?<!\d)\d+ min"]
    python = re.compile(r"(?<!\w)(?:" + "|".join(f"(?:{p})" for p in phrases) + ")", re.IGNORECASE)
    assert _native.PhraseList(phrases, True).search(text) == bool(python.search(text))


# ---------------------------------------------------------------- the stages' phrase lists

ROOT = Path(__file__).resolve().parent.parent


def _lines() -> list[str]:
    """Every line of the example pages and fixtures, as the phrase lists see them (`norm`),
    and each with a prefix and a suffix that a phrase boundary must notice."""
    found: list[str] = []
    for path in [*ROOT.glob("raw/*.txt"), *ROOT.glob("tests/fixtures/**/*.txt")]:
        found += [norm(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return found + [f"x{line}" for line in found[:400]] + [f"{line}x" for line in found[:400]]


@pytest.mark.parametrize("section, key", [("paywall", "phrases"), ("newsletter", "signals"), ("comments", "form"),
                                          ("captions", "credits"), ("reading_time", "phrases"), ("dates", "opens")])
def test_native_phrase_lists_find_what_the_python_union_finds(section: str, key: str) -> None:
    """`Patterns.native` answers `search` and `group(0)` as `Patterns.any` (CPython's `re`)."""
    patterns = load_patterns()
    python, native = patterns.any(section, key), patterns.native(section, key)
    lines = _lines()
    hits = 0
    for line in lines:
        m = python.search(line)
        assert native.first(line) == (m.group(0) if m else None), line
        hits += m is not None
    assert 0 < hits < len(lines)


@pytest.mark.parametrize("section, key", [("comments", "headings"), ("teaser", "headings"), ("chrome", "contents"),
                                          ("captions", "placeholders"), ("reading_time", "phrases"),
                                          ("dumps", "reference_headings")])
def test_native_whole_lines_match_what_python_fullmatches(section: str, key: str) -> None:
    patterns = load_patterns()
    python, native = patterns.any(section, key), patterns.native_lines(section, key)
    lines = _lines() + ["12 Comments", "3 commentaires", "Kommentare (3)", "one response to “A title”", "x12 comments",
                        "Related articles", "More from News", "Table of Contents", "Sommaire", "Inhaltsverzeichnis",
                        "[image]", "[svg][team-photo]", "[68dacc7f64]", "[INS::INS]", "[a] [b]", "[[x-1]]", "[img] x",
                        "5 min read", "Lesezeit: 3 Minuten", "12 min de lecture", "x5 min read", "References",
                        "Visible links:", "HIDDEN LINKS", "Visible links: 3", "references."]
    assert any(python.fullmatch(line) for line in lines)
    for line in lines:
        assert native.fullmatch(line) == bool(python.fullmatch(line)), line
    with pytest.raises(ValueError, match="whole lines only"):
        native.search("12 comments")


# ---------------------------------------------------------------- lines made only of items


def _only_items_in_python(items: list[str], line: str) -> bool:
    """The reference: CPython's `sub` of the items (tried in order, each from a word start to a
    word end) takes one out and leaves no `\\w`, as `ItemLineRule` asked it before the native core."""
    regex = re.compile(r"(?<!\w)(?:" + "|".join(f"(?:{i})" for i in items) + r")(?!\w)", re.IGNORECASE)
    rest = regex.sub(" ", line)
    return rest != line and not re.search(r"\w", rest)


@pytest.mark.parametrize("section", ["chrome", "share"])
def test_item_lines_are_found_as_python_finds_them(section: str) -> None:
    """The shipped item lists (longest first, as `ItemLineRule` orders them) judge every line
    of the examples and fixtures, and lines built of their literal items, as CPython does."""
    items = sorted(load_patterns().all_entries(section, "items"), key=len, reverse=True)
    native = _native.ItemList(items)
    literal = [i for i in items if re.fullmatch(r"[\w' -]+", i)]
    built = [f"{a} | {b}" for a, b in zip(literal, literal[1:])] + [f"{a}x {b}" for a, b in zip(literal, literal[3:])]
    built += [f"{a.upper()} · {b}_" for a, b in zip(literal, literal[5:])] + ["12,5k views", "x,5 views", "Share on Ünal"]
    hits = 0
    for line in _lines() + built:
        expected = _only_items_in_python(items, line)
        assert native.only_items(line) == expected, line
        hits += expected
    assert hits > 20


@given(st.text(alphabet="sign ax1²_é\u0301|.,", max_size=12))
@example("si\u0301")
@example("x²")
@example("sign in x")
@example("no\u0301 | a²")
@settings(max_examples=3000, deadline=None)
def test_item_lines_follow_python_on_any_text(text: str) -> None:
    """Items that end inside a word, overlap, or end in a `\\w` CPython and the `regex` crate
    read differently (a superscript two, a combining accent) are judged as CPython judges them."""
    items = ["sign in", "sign", "in", r"a\w+", "x", r"\d[\d,.]*", "é", r"si\b", r"(?:o|n)\b"]
    assert _native.ItemList(items).only_items(text) == _only_items_in_python(items, text)


def test_an_item_list_that_matches_nothing_is_refused() -> None:
    with pytest.raises(ValueError, match="empty text"):
        _native.ItemList(["x?", "share"])
    with pytest.raises(ValueError, match="native engine"):
        _native.ItemList([r"(?<![\d,.])\d+ views"])


@given(st.text(alphabet="ab1²_ \u0301'’-é中.", max_size=30))
@example("l'homme d’État")
@example("a''b 'x' y'")
@settings(max_examples=3000, deadline=None)
def test_words_are_counted_as_the_python_word_pattern_finds_them(text: str) -> None:
    from cleaner.text import WORD
    assert _native.word_count(text) == len(WORD.findall(text))


# ---------------------------------------------------------------- the names stage's words

_NAME_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_MAYBE_CAPITALISED = re.compile(r"(?<![^\W\d_])(?<![^\W\d_]-)(?![a-z])[^\W\d_]+(?:-[^\W\d_]+)*")


def _index_names_in_python(texts: list[str]) -> tuple[dict, set, set, dict]:
    """The reference: `names.index_names` as it was in Python before the native core (counts,
    lower-case words, words seen inside a sentence, first occurrences)."""
    def initial(text: str, start: int) -> bool:
        i = start
        while i > 0 and text[i - 1] in " \u00a0\u202f\t«“\"'‘([–—-•*":
            i -= 1
        return i == 0 or text[i - 1] in ".!?…"

    counts: dict[str, int] = {}
    mid: set[str] = set()
    first: dict[str, tuple[int, int, int, bool]] = {}
    words: set[str] = set()
    for pos, text in enumerate(texts):
        words.update(_NAME_WORD.findall(text))
        for match in _MAYBE_CAPITALISED.finditer(text):
            word = match.group()
            if len(word) > 40 or not word[0].isupper() or (len(word) > 1 and word.isupper()):
                continue
            counts[word] = counts.get(word, 0) + 1
            if not initial(text, match.start()):
                mid.add(word)
            first.setdefault(word, (pos, match.start(), match.end(), initial(text, match.start())))
    return counts, {w.lower() for w in words if not w[0].isupper()}, mid, first


@given(st.lists(st.text(alphabet="aBcÉéz-- .!'«1_ΣσЖжǅᾈ\u0301²", max_size=40), max_size=4))
@example(["Le Kremlin. Kremlin-Ouest, l'Élysée 3Moscou", "« Kremlin »", "ab-Cd x_Y"])
@settings(max_examples=2000, deadline=None)
def test_the_names_index_is_what_python_found(texts: list[str]) -> None:
    """`index_names` (its words read natively) gives the Python version's counts, in the same
    order, the same words used in lower case too, sentence-inner words and first occurrences."""
    from cleaner.document import Block
    from cleaner.stages.names import index_names

    index = index_names([Block(i, t, t) for i, t in enumerate(texts)])
    counts, lower, mid, first = _index_names_in_python(texts)
    assert list(index.capitalised.items()) == list(counts.items())
    assert (index.common, index.mid_sentence) == ({w for w in counts if w.lower() in lower}, mid)
    assert {w: (o.block.index, o.start, o.end, o.initial) for w in index.first for o in [index.occurrence(w)]} == first


def _near_names_in_python(words: list[str], names: list[str]) -> list[list[str]]:
    """The reference: the names stage's SymSpell search as it was in Python."""
    def deletions(word: str) -> set[str]:
        return {word} | {word[:i] + word[i + 1:] for i in range(len(word))}

    def edit_span(a: str, b: str) -> tuple[int, int] | None:
        if a == b or abs(len(a) - len(b)) > 1:
            return None
        if len(a) > len(b):
            a, b = b, a
        i = 0
        while i < len(a) and a[i] == b[i]:
            i += 1
        if len(a) < len(b):
            return (i, i) if a[i:] == b[i + 1:] else None
        if a[i + 1:] == b[i + 1:]:
            return i, i
        if i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2:] == b[i + 2:]:
            return i, i + 1
        return None

    def plausible(word: str, name: str) -> bool:
        if word.lower() == name.lower():
            return False
        span = edit_span(word, name)
        return span is not None and span[0] > 0 and span[1] < max(len(word), len(name)) - 2

    variants: dict[str, set[str]] = {}
    for name in names:
        for variant in deletions(name):
            variants.setdefault(variant, set()).add(name)
    return [sorted({n for v in deletions(w) for n in variants.get(v, ()) if plausible(w, n)}) for w in words]


_NAME_LETTERS = st.text(alphabet="abcΣσςÉéİi\u0307ǅǄ", min_size=1, max_size=9)


@st.composite
def _edited(draw: st.DrawFn, names: list[str]) -> str:
    """A name of `names` with one or two edits (insertion, deletion, substitution, swap of two
    neighbours, a letter's case), or a new word."""
    if not names or draw(st.booleans()) and draw(st.booleans()):
        return draw(_NAME_LETTERS)
    word = draw(st.sampled_from(names))
    for _ in range(draw(st.integers(1, 2))):
        at = draw(st.integers(0, len(word)))
        letter = draw(st.sampled_from("abcΣσςÉéİi\u0307ǅǄ"))
        edit = draw(st.sampled_from(["insert", "delete", "substitute", "swap", "case"]))
        if edit == "insert":
            word = word[:at] + letter + word[at:]
        elif at < len(word) and edit in ("delete", "substitute", "case"):
            new = "" if edit == "delete" else letter if edit == "substitute" else word[at].swapcase()
            word = word[:at] + new + word[at + 1:]
        elif at + 1 < len(word):
            word = word[:at] + word[at + 1] + word[at] + word[at + 2:]
    return word


@given(st.data())
@example(None)
@settings(max_examples=2000, deadline=None)
def test_the_names_near_a_word_are_what_python_found(data: st.DataObject | None) -> None:
    """`near_names` (the one-deletion index, the one-edit span, `str.lower` for a case-only
    difference) gives the Python search's sorted names for every word."""
    if data is None:
        words, names = ["Vladirmir", "Kermlin", "VLADIMIR", "Vladimri", "abcΣ", "ǅabc"], \
            ["Vladimir", "Kremlin", "Vladimiro", "abcσ", "ǆabc", "abcς"]
    else:
        names = list(dict.fromkeys(data.draw(st.lists(_NAME_LETTERS, max_size=6))))
        words = data.draw(st.lists(_edited(names), max_size=8))
    assert _native.near_names(words, names) == _near_names_in_python(words, names)


def test_picture_descriptions_open_the_line_as_python_matched_them() -> None:
    """The captions stage's descriptions, anchored natively, answer as CPython's `match`."""
    from cleaner.stages.captions import CaptionsStage

    patterns = load_patterns()
    python, native = patterns.any("captions", "descriptions"), CaptionsStage(patterns).descriptions
    lines = _lines() + ["A photo of the team", "An illustration showing x", "Une photo de groupe", "x a photo of y",
                        "Una foto de la playa", "photo ofx", "A screenshot of"]
    assert sum(bool(python.match(line)) for line in lines) >= 4
    for line in lines:
        assert native.search(line) == bool(python.match(line)), line
