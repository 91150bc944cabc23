"""The native text handling of langdetect (`NativeDetector`, native/src/langtext.rs) against
langdetect's own, kept here as the reference: after `append(text)`, the same text before
`_extract_ngrams` (URLs and e-mail addresses blanked, Vietnamese normalised, spaces squeezed,
Latin letters cleaned away) and the same n-gram list, over the fixtures, benchmark text
dumps, texts in many scripts and made-up text; then the same `detect()` answer. The tables
(Unicode blocks, CJK classes, Vietnamese pairs) are checked code point by code point."""
from __future__ import annotations

import sys

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from langdetect.detector import Detector
from langdetect.utils.ngram import NGram

from cleaner.stages import language
from cleaner.stages.language import NativeDetector, _factory, _text_tables, detect

from tests.test_langwalk import benchmark_dumps, fixture_texts, made_up_text, pieces, reference_detect

MAX_LENGTHS = (10000, 50)


def native(texts: list[str], max_length: int = 10000) -> tuple[list[int], list[str]]:
    """The code points `_extract_ngrams` reads and the n-grams it gives, natively."""
    detector = NativeDetector(_factory())
    detector.set_max_text_length(max_length)
    for text in texts:
        detector.append(text)
    return detector.tables.text(detector.texts), detector.ngrams()


def reference(texts: list[str], max_length: int = 10000) -> tuple[list[int], list[str]]:
    """The same with langdetect's own `append`, `cleaning_text` and `_extract_ngrams`."""
    detector = Detector(_factory())
    detector.set_max_text_length(max_length)
    for text in texts:
        detector.append(text)
    detector.cleaning_text()
    return list(map(ord, detector.text)), detector._extract_ngrams()


def assert_same(text: str | list[str], max_length: int = 10000, trials: int | None = None) -> None:
    """The native text handling gives langdetect's text and n-grams for `text` (a list:
    appended one after another); with `trials`, `detect()` gives the same answer too."""
    texts = [text] if isinstance(text, str) else text
    assert native(texts, max_length) == reference(texts, max_length), repr(texts)[:300]
    if trials is not None and isinstance(text, str):
        assert detect(text, trials) == reference_detect(text, trials), text[:200]


def test_normalize_every_code_point_as_langdetect() -> None:
    tables = _text_tables()
    step = 0x1000
    for start in range(0, sys.maxunicode + 1, step):
        chars = [chr(c) for c in range(start, start + step) if not 0xD800 <= c <= 0xDFFF]
        assert tables.normalize("".join(chars)) == "".join(map(NGram.normalize, chars)), hex(start)


def test_capitals_and_cleaning_as_langdetect() -> None:
    # each character after an upper-case letter and before a lower-case one, and alone in a
    # word, among Latin letters (so counted for the cleaning) or among others: every one of
    # the BMP, and past it the cased ones and every 16th
    step = 0x400
    for start in range(0, sys.maxunicode + 1, step):
        chars = [chr(c) for c in range(start, start + step) if not 0xD800 <= c <= 0xDFFF
                 and (c < 0x10000 or c % 16 == 0 or chr(c).lower() != chr(c).upper())]
        assert_same("".join(f"A{ch}a b{ch}{ch}B {ch} " for ch in chars))
        assert_same("".join(f"Ω{ch}ω {ch}Ж" for ch in chars))


def test_vietnamese_pairs_as_langdetect() -> None:
    letters, marks = NGram.TO_NORMALIZE_VI_CHARS, NGram.DMARK_CLASS
    for letter in letters + "bB":
        for mark in marks + "\u0302x":
            for text in (letter + mark, f" {letter}{mark}{mark}{letter}{letter}{mark} ", letter + mark + letter):
                assert_same(text)
                assert_same(text.upper())


@pytest.mark.parametrize("max_length", MAX_LENGTHS)
def test_fixture_texts(max_length: int) -> None:
    for text in fixture_texts():
        for piece in pieces(text):
            assert_same(piece, max_length, 3)


def test_benchmark_dumps() -> None:
    dumps = benchmark_dumps()
    assert len(dumps) > 300
    for number, path in enumerate(dumps):
        text = path.read_text(encoding="utf-8", errors="replace")
        for piece in pieces(text) + [text]:
            assert_same(piece, MAX_LENGTHS[number % 2], 3 if number % 2 else 7)


SCRIPT_TEXTS = [
    "Zoë Saldaña flew to São Paulo; Ærøskøbing, Łódź, Şırnak, Țară și oraș, façade, naïve, Ñuñoa",
    "Thủ tướng đã đến Hà Nội vào tối qua. Người dân Việt Nam", "Thu\u0309 tu\u031bo\u031bng Ha\u0300 No\u0323i",
    "Владимир Путин прибыл в Северную Корею с большим опозданием. ЦСКА и НАТО",
    "Ο πρωθυπουργός συναντήθηκε με τους εκπροσώπους των εργαζομένων. ΕΛΛΑΔΑ",
    "وصل الرئيس الروسي إلى كوريا الشمالية في وقت متأخر من الليل، ی و ک فارسی",
    "ראש הממשלה הגיע לירושלים בשעות הערב המאוחרות", "प्रधानमंत्री ने आज संसद में बजट पेश किया।",
    "นายกรัฐมนตรีเดินทางถึงกรุงเทพฯ แล้ว", "普京总统在深夜抵达朝鲜，受到金正恩的欢迎。",
    "普京總統在深夜抵達朝鮮，受到金正恩的歡迎。臺灣與香港", "푸틴 대통령이 늦은 밤 북한에 도착했다. ㄱㄴㄷ ᄀᄂ",
    "プーチン大統領は深夜に北朝鮮に到着した。ひらがな カタカナ ｶﾀｶﾅ", "ㄅㄆㄇㄈ ㆠㆡ 注音符號",
    "Հայաստանի Հանրապետություն", "საქართველოს პრეზიდენტი", "ᎠᏂᏴᏫᏯ ᐃᓄᒃᑎᑐᑦ ሰላም ለዓለም",
    "THE NEW YORK TIMES reports NASA and the UN; McDonald's iPhone eBay ABCdef AbC",
    "See http://example.com/a?b=c&d=e#f and https://x.y/z, or mail john.doe@example.co.uk!",
    "httpx://a http:// https:/ http://é mail@ @host a@b a@b. a@.b x@y.z@w.v ab@cd@ef",
    "e-mail: first-last_name.x@sub_domain-1.example.org, a@b.c.d.e.f", "\u2028\u2029\u00a0\u00ad «quoted» 12°",
    "ș ț Ș Ț ş ţ", "Ǆ ǅ ǆ ᾈ ᾉ ⅠⅡⅢ ⓐⒶ 𝐀𝐁𝐂 𝐚𝐛", "x\ud800y \udfff ab\ud83d", "   a   b   ", "",
]


def test_languages_and_scripts() -> None:
    for text in SCRIPT_TEXTS:
        for max_length in MAX_LENGTHS + (1, 7):
            assert_same(text, max_length)
        for trials in (1, 3, 7):
            assert_same(text, trials=trials)


def test_texts_appended_one_after_another() -> None:
    for texts in (["a ", " b"], ["first part ", " second"], SCRIPT_TEXTS, ["http://x", ".y z"], ["a@b", ".cd"]):
        for max_length in MAX_LENGTHS + (3,):
            assert_same(texts, max_length)


def test_long_urls_and_addresses_as_the_regexes() -> None:
    for n in (1, 63, 64, 65, 254, 255, 256, 300, 2075, 2076, 2077, 2500):
        part = "a" * n
        for text in (f"http://{part} x", f"https://{part}http://b c", f"{part}@{part}", f"{part}@{part}.{part} z",
                     f"x {part}.q@w{part}", f"u@{part}.", f"u@{part}@v.w"):
            assert_same(text, 10000)


URLISH = st.lists(st.sampled_from(list("htps:/.@-_?&~;+=#aZ09 éAЖ") + ["http://", "https://", "@", "\u0301", "a\u0300"]),
                  max_size=60).map("".join)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(URLISH)
@example("ab@c http://d")
def test_made_up_urls_and_addresses(text: str) -> None:
    assert_same(text)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.one_of(made_up_text(), st.text(max_size=300), st.text(st.characters(), max_size=60),
                 st.text(st.one_of(st.characters(), st.integers(0xD800, 0xDFFF).map(chr)), max_size=60)),
       st.sampled_from([1, 3, 7]), st.sampled_from([10000, 40]))
def test_made_up_text(text: str, trials: int, max_length: int) -> None:
    assert_same(text, max_length, trials)


def test_native_detector_is_the_stage_detector() -> None:
    assert language.NativeDetector is NativeDetector
    assert NativeDetector(_factory()).tables is _text_tables()
