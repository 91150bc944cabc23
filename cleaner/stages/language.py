"""The page language: the declared one when the page's stop words confirm it; on a page
that declares none (text dumps), the language whose stop words dominate it, when they do by
the same margins; else detected with langdetect on the longest kept blocks.

langdetect samples n-grams at random. Every detector here gets the same seed and
reseeds before each detection, so a text always gets the same answer whatever
was detected before it. Its text handling and random walk run in the native core
(`NativeDetector`), with langdetect's tables, the same random numbers and float operations
as langdetect's own, so the same n-grams and answers.
The profiles are read once per process, in sorted file order so the result does not depend
on the file system; their n-gram table is filled as detections ask.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from langdetect.detector import Detector
from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import ErrorCode, LangDetectException
from langdetect.utils import unicode_block as ub
from langdetect.utils.ngram import NGram

from .. import _native
from ..document import Document
from ..patterns import Patterns
from ..stage import Stage

SEED = 0
TOKEN = re.compile(r"\w+")
LETTER = re.compile(r"[^\W\d_]")
HAN = re.compile(r"[\u4e00-\u9fff]")
HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")


class LazyProbabilities(Mapping[str, list[float]]):
    """langdetect's n-gram -> per-language probability table, each entry computed the first
    time a detection asks for it, as `DetectorFactory.add_profile` computes all 87,598 of them
    at load (half a second): the count of the n-gram in each language's profile over that
    profile's number of n-grams of its length (0.0 where the profile lacks it, and for
    n-grams longer than 3). The profiles are read and the entries computed by the native
    core (`native/src/ngrams.rs`); an entry, once asked for, is kept here."""

    def __init__(self, profiles: _native.NgramProfiles) -> None:
        self._profiles = profiles
        self._made: dict[str, list[float]] = {}

    def __contains__(self, word: object) -> bool:
        try:
            return isinstance(word, str) and word in self._profiles
        except UnicodeEncodeError:  # a lone surrogate, in no profile
            return False

    def __getitem__(self, word: str) -> list[float]:
        made = self._made.get(word)
        if made is not None:
            return made
        probs = self._profiles.probabilities(word)
        if probs is None:
            raise KeyError(word)
        self._made[word] = probs
        return probs

    def __iter__(self) -> Iterator[str]:
        return iter(self._profiles.words())

    def __len__(self) -> int:
        return len(self._profiles)

    @property
    def profiles(self) -> _native.NgramProfiles:
        """The native table the entries are read from."""
        return self._profiles


class NativeDetector(Detector):
    """langdetect's detector with its text handling (`append`, `cleaning_text`,
    `_extract_ngrams`: native/src/langtext.rs) and its random walk (`_detect_block`:
    native/src/langwalk.rs) run by the native core, over langdetect's own tables
    (`_text_tables`): the same n-grams and the same `langprob`, bit for bit, as langdetect's
    Python makes on CPython 3.11, whose `sum` adds floats left to right (3.12's compensates;
    tests/test_langwalk.py, tests/test_langtext.py), at a fraction of the time.
    The appended texts are kept as they come (`texts`), not in `text`. Needs the factory's
    table to be a `LazyProbabilities` and an int seed."""

    def __init__(self, factory: DetectorFactory) -> None:
        super().__init__(factory)
        self.profiles: _native.NgramProfiles = factory.word_lang_prob_map.profiles
        self.tables = _text_tables()
        self.texts: list[tuple[str, int]] = []

    def append(self, text: str) -> None:
        """`Detector.append`, done when detecting: `text` and the length it is cut at."""
        self.texts.append((text, self.max_text_length))

    def ngrams(self) -> list[str]:
        """The n-grams `cleaning_text` then `_extract_ngrams` give langdetect after the same appends."""
        return self.tables.ngrams(self.profiles, self.texts)

    def _detect_block(self) -> None:
        langprob = self.tables.detect_block(
            self.profiles, self.texts, self.seed, self.n_trial, self.alpha, self.ALPHA_WIDTH,
            self.BASE_FREQ, self.CONV_THRESHOLD, self.ITERATION_LIMIT, self.prior_map)
        if langprob is None:
            raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
        self.langprob = langprob


@lru_cache(maxsize=1)
def _text_tables() -> _native.LangText:
    """langdetect's tables for its text handling, as `langdetect.utils` builds them from its
    files (`messages.properties`, `unicode_block.py`) on import: the Unicode blocks, the
    characters normalised away, the CJK classes, the Vietnamese letter + mark pairs."""
    blocks = [ub.UNICODE_BASIC_LATIN, ub.UNICODE_LATIN_1_SUPPLEMENT, ub.UNICODE_LATIN_EXTENDED_B,
              ub.UNICODE_GENERAL_PUNCTUATION, ub.UNICODE_ARABIC, ub.UNICODE_LATIN_EXTENDED_ADDITIONAL,
              ub.UNICODE_HIRAGANA, ub.UNICODE_KATAKANA, ub.UNICODE_BOPOMOFO, ub.UNICODE_BOPOMOFO_EXTENDED,
              ub.UNICODE_CJK_UNIFIED_IDEOGRAPHS, ub.UNICODE_HANGUL_SYLLABLES]
    return _native.LangText(ub._unicode_blocks, blocks, NGram.LATIN1_EXCLUDED, NGram.CJK_MAP,
                            NGram.TO_NORMALIZE_VI_CHARS, NGram.DMARK_CLASS, NGram.NORMALIZED_VI_CHARS)


@lru_cache(maxsize=1)
def _factory() -> DetectorFactory:
    """langdetect's factory over its shipped profiles (sorted by file name), its table filled
    on demand (`LazyProbabilities`)."""
    profiles = _native.NgramProfiles([p.read_text(encoding="utf-8")
                                      for p in sorted(Path(PROFILES_DIRECTORY).iterdir()) if p.is_file()])
    factory = DetectorFactory()
    factory.langlist = profiles.names
    factory.word_lang_prob_map = LazyProbabilities(profiles)
    factory.set_seed(SEED)
    return factory


def _detector(trials: int) -> NativeDetector:
    detector = NativeDetector(_factory())  # what `DetectorFactory.create` makes, run natively
    detector.seed = SEED  # per detector, so nothing global can change it
    detector.n_trial = trials
    return detector


def primary_subtag(code: str) -> str:
    """"fr" for "fr-FR", "zh" for "zh-cn": the lower-case primary language subtag."""
    return code.replace("_", "-").split("-")[0].strip().lower()


def detect(text: str, trials: int = 7) -> tuple[str, float] | None:
    """`(code, probability)` of the most likely language of `text`, or None when it has no letters.
    `trials`: how many random walks langdetect averages (its default is 7)."""
    if not any(ch.isalpha() for ch in text):
        return None
    detector = _detector(trials)
    detector.append(text)
    try:
        ranked = detector.get_probabilities()
    except LangDetectException:
        return None
    if not ranked:
        return None
    return language_code(ranked[0].lang, text), ranked[0].prob


def language_code(detected: str, text: str) -> str:
    """The code to report for langdetect's answer: the primary subtag, but `zh-tw` for
    Traditional Chinese, which langdetect also calls `ko` when the text has no Hangul."""
    if detected == "zh-tw" or (detected == "ko" and HAN.search(text) and not HANGUL.search(text)):
        return "zh-tw"
    return primary_subtag(detected)


def sample(doc: Document, max_chars: int) -> str:
    """The longest kept blocks' text, longest first, up to about `max_chars` characters;
    blocks without a letter (a rule of "━" drawn by a text browser) are passed over."""
    texts = [block.text for block in doc.kept_blocks()]
    sizes = list(map(len, texts))
    parts: list[str] = []
    size = 0
    for pos in sorted(range(len(texts)), key=sizes.__getitem__, reverse=True):  # stable: ties in page order
        if size >= max_chars:
            break
        if not LETTER.search(texts[pos]):
            continue
        parts.append(texts[pos])
        size += sizes[pos] + 1
    return "\n".join(parts)[:max_chars]


class LanguageStage(Stage):
    """Set `metadata["language"]`, `["language_probability"]` and `["language_source"]`."""

    name = "language"
    provides = frozenset({"language"})
    # 600 characters and 3 walks: the language found with 1200 and 7 on 891 of the 892
    # HTML benchmark pages (ScrapingHub + WCXB dev), at half the cost
    options = {"max_chars": 600, "trials": 3, "min_probability": 0.8,
               "confirm_share": 0.25, "confirm_margin": 2.0, "confirm_min_words": 40}
    option_help = {"max_chars": "characters sampled from the longest blocks",
                   "trials": "random walks langdetect averages",
                   "min_probability": "below this detection probability, the page's declared language wins",
                   "confirm_share": "share of the sample's words that must be stop words of a language "
                                    "to settle it without langdetect",
                   "confirm_margin": "how many times any other list's stop-word share the settled one must be",
                   "confirm_min_words": "fewest words in the sample for the stop-word test"}
    rules = {"undetected": "no letters to detect a language from",
             "uncertain": "detection unsure and the page declares another language: the declared one kept"}

    def __init__(self, patterns: Patterns, **overrides: Any) -> None:
        super().__init__(patterns, **overrides)
        self.stopwords = {code: patterns.words(code, "stopwords", "words") for code in patterns.languages}
        # each stop word's languages: a sample's words looked up once, not once a language
        self.stop_languages: dict[str, list[str]] = {}
        for code, stop in self.stopwords.items():
            for word in stop:
                self.stop_languages.setdefault(word, []).append(code)
        _factory()  # langdetect's profiles (a tenth of a second) load with the pipeline, not mid-batch
        _text_tables()

    def run(self, doc: Document) -> None:
        """Take the page's declared language when its stop words confirm it (or, with none
        declared, the stop-word leader when confirmed the same way); else detect it, and
        prefer the declared one when detection is unsure."""
        text = sample(doc, self.opts["max_chars"])
        declared = doc.metadata.get("html_lang")
        declared = primary_subtag(declared) if isinstance(declared, str) and declared.strip() else None
        settled = self.settled_by_stop_words(text, declared)
        if settled:
            self.set_meta(doc, "language", settled, replace=True)
            self.set_meta(doc, "language_probability", None, replace=True)
            self.set_meta(doc, "language_source", "declared" if declared else "stop words", replace=True)
            return
        found = detect(text, self.opts["trials"])
        self.set_meta(doc, "language_source", "detected", replace=True)
        language, probability = found if found else (None, None)
        if found is None:
            self.warn(doc, "undetected", "no letters to detect a language from"
                      + (f"; using the page's declared language {declared!r}" if declared else ""))
            language = declared
        elif declared and declared != primary_subtag(language) and probability < self.opts["min_probability"]:
            self.warn(doc, "uncertain", f"detected {language!r} with probability {probability:.2f} only; "
                      f"using the page's declared language {declared!r}")
            language = declared
            self.set_meta(doc, "language_source", "declared, detection unsure", replace=True)
        self.set_meta(doc, "language", language, replace=True)
        self.set_meta(doc, "language_probability", round(probability, 3) if probability is not None else None,
                      replace=True)

    def settled_by_stop_words(self, text: str, declared: str | None = None) -> str | None:
        """The language the sample's stop words settle, without langdetect: the `declared`
        one, or with none declared the one whose list covers most words, when its stop words
        make up at least `confirm_share` of the sample's words and `confirm_margin` times the
        share of any other shipped list (a page in a language without a list never is)."""
        words = TOKEN.findall(text.lower())
        if len(words) < self.opts["confirm_min_words"]:
            return None
        hits = dict.fromkeys(self.stopwords, 0)  # each list's stop words among the words, in list order
        for codes in filter(None, map(self.stop_languages.get, words)):
            for code in codes:
                hits[code] += 1
        code = declared or max(hits, key=hits.__getitem__, default=None)
        if code not in hits or hits[code] < self.opts["confirm_share"] * len(words):
            return None
        margin = self.opts["confirm_margin"]
        return code if all(hits[code] >= margin * n for other, n in hits.items() if other != code) else None
