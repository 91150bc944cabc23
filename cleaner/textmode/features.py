"""Line features for the main-region stage (text mode): what each kept line of a text
dump looks like, alone, among its neighbours and on the page.

`measure` turns a Document into one row of numbers per kept block, in `FEATURES` order:
the native core computes them (`native/src/lines.rs`, `shapes.rs`, `page.rs`, through
`cleaner._native.Page`), given what the phrase lists find here (`Cues`). The stage scores
the rows with `model.Model`, and `bench/train_textmode.py` calls `extract`, the same
measures as lists, to train it, so training and running see the same features. See
`docs/textmode.md` for what each family measures.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .. import _native
from ..document import COMMENT, Block, Document
from ..patterns import Patterns
from ..patterns.syntax import opens_a_word

WORD = re.compile(r"\w+")
# Han and kana (full and half width): scripts written without spaces. Hangul has spaces.
CJK_RANGES = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
CJK = re.compile(f"[{CJK_RANGES}]")
DATE = re.compile(r"\b(?:19|20)\d\d\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b")
# a time of day: comment and post stamps (with the `[dates] ago` phrases, see `line_cues`);
# as phrases matched from a word start, and as the regex the comments stage reads
TIME_OF_DAY = r"\b\d{1,2}[:h]\d\d\b|\b\d{1,2}\s*[ap]\.?m\b"
TIME_OF_DAY_PHRASES = [part.removeprefix(r"\b") for part in TIME_OF_DAY.split("|")]
SHORT = 15  # words: stamps and cues are looked for in lines up to this size (`lines::SHORT`)

FEATURES: tuple[str, ...] = (
    # the line alone
    "units", "stop_share", "stop_count", "sentence_end", "punct_rate", "digit_share", "title_case",
    "indent", "glued", "repeats", "ends_colon", "units_share", "echo", "seen_before", "lex", "image",
    # its neighbours (dropped blocks included)
    "next_units", "win_units", "win_dropped", "win_repeat", "shape_run", "bullet_run", "win_date",
    "win_stamp", "win_name", "win_image",
    # the page
    "pos", "words_before_main", "main_share", "page_lines", "cues_after_main", "stamps_after_main",
    "run_share", "runs_before", "dropped_share", "short_share", "junk_between", "lex_cover",
)

@dataclass(frozen=True)
class Cues:
    """What the phrase lists tell the line measures, matched by the native core from word
    starts: a comment cue (`comment`: `[comments]` headings and form lines), a time stamp
    (`stamp`: a time of day, `[dates] ago`), and the words of a comment's author line beside
    its names (`name_joins`: `[names] author_joins`; `name_ends`: " says." for each of
    `[names] author_verbs`)."""

    comment: _native.PhraseList
    stamp: _native.PhraseList
    name_joins: frozenset[str]
    name_ends: tuple[str, ...]


def cue_phrases(patterns: Patterns) -> list[str]:
    """Comment cues of every loaded language: the `[comments]` form lines and headings."""
    return [*patterns.all_entries("comments", "form"), *patterns.all_entries("comments", "headings")]


def stamp_phrases(patterns: Patterns) -> list[str]:
    """A time of day, or a `[dates] ago` phrase of any loaded language ("3 hours ago", "il y a"),
    each from a word start (the `\\b` each opens with in the comments stage's regex)."""
    ago = patterns.all_entries("dates", "ago")
    wordless = [p for p in ago if not opens_a_word(p)]
    if wordless:
        raise ValueError(f"[dates] ago phrases must open with a word: {wordless}")
    return [*TIME_OF_DAY_PHRASES, *ago]


def line_cues(patterns: Patterns) -> Cues:
    """The `Cues` of every loaded language."""
    verbs = tuple(f" {v}." for v in patterns.all_entries("names", "author_verbs"))
    return Cues(_native.PhraseList(cue_phrases(patterns), True), _native.PhraseList(stamp_phrases(patterns), True),
                patterns.all_words("names", "author_joins"), verbs)


@lru_cache(maxsize=64)
def word_set(words: frozenset[str]) -> _native.WordSet:
    """`words` as the native core's set (built once per list: stop words, name joins)."""
    return _native.WordSet(sorted(words))


@lru_cache(maxsize=64)
def word_table(stopwords: frozenset[str], lexicon: _native.Lexicon | None) -> _native.WordTable:
    """The stop words and the word table (None: none) merged natively, each word of a page then
    looked up once (built once per language and model)."""
    return _native.WordTable(word_set(stopwords), lexicon)


class LineFacts:
    """What the stage reads of one kept block's measures; `words` asks the page for them."""

    __slots__ = ("block", "text", "units", "prose", "cue", "stamp", "name", "date", "bullet", "_page", "_index")

    def __init__(self, block: Block, facts: tuple[float, bool, bool, bool, bool, bool, bool],
                 page: _native.Page, index: int) -> None:
        self.block, self.text = block, block.norm
        self.units, self.prose, self.cue, self.stamp, self.name, self.date, self.bullet = facts
        self._page, self._index = page, index

    @property
    def words(self) -> list[str]:
        """The line's words, lower case (each Han or kana character a word of its own)."""
        return self._page.words(self._index)


class PageFacts:
    """What the stage reads of the kept blocks' measures: `units` and `prose`, a column each in
    kept-block order, read from the page when first asked; `line(pos)`, the `LineFacts` of one
    block."""

    __slots__ = ("blocks", "_units", "_prose", "_page", "_index")

    def __init__(self, blocks: list[Block], page: _native.Page, index: list[int]) -> None:
        self.blocks, self._page, self._index = blocks, page, index
        self._units: list[float] | None = None
        self._prose: list[bool] | None = None

    @property
    def units(self) -> list[float]:
        """Each kept block's size in words (a Han or kana character half a word)."""
        if self._units is None:
            self._units = self._page.units
        return self._units

    @property
    def prose(self) -> list[bool]:
        """Whether each kept block is prose."""
        if self._prose is None:
            self._prose = self._page.prose
        return self._prose

    def line(self, pos: int) -> LineFacts:
        """The `LineFacts` of the kept block at `pos`."""
        return LineFacts(self.blocks[pos], self._page.line(pos), self._page, self._index[pos])

    def lines(self) -> list[LineFacts]:
        """The `LineFacts` of every kept block."""
        return [self.line(pos) for pos in range(len(self.blocks))]


def measure(doc: Document, words: _native.WordTable, cues: Cues) -> tuple[_native.Page, list[Block], PageFacts]:
    """The measured page (`rows`, `row(pos)`, `scores(model)`, `main`), its kept blocks and
    their facts. `words`: the stop words and the word table (`word_table`). The page reads
    each block's `norm`, `dropped` (a comment's drop kind), `kind` (a list item) and
    `features["indent"]` itself."""
    blocks = doc.blocks
    page = _native.Page(blocks, words, cues.stamp, cues.comment, word_set(cues.name_joins), cues.name_ends, COMMENT)
    index = page.kept
    kept = list(map(blocks.__getitem__, index))
    return page, kept, PageFacts(kept, page, index)


def extract(doc: Document, stopwords: frozenset[str], cues: Cues,
            lexicon: dict[str, float] | None = None) -> tuple[list[Block], list[list[float]], dict[str, Any]]:
    """The kept blocks of `doc`, one feature vector each (in `FEATURES` order), and page facts
    (`lines`: the `LineFacts` of each kept block; `main`: first and last position of the main
    run). `cues`: what the phrase lists say (`line_cues`); `lexicon`: the word table."""
    words = _native.WordTable(word_set(stopwords), _native.Lexicon(lexicon) if lexicon else None)
    page, blocks, facts = measure(doc, words, cues)
    return blocks, page.rows(), {"lines": facts.lines(), "main": page.main}

