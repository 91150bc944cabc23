"""The main region of a text dump: which lines are the article, chosen as a sequence.

Text mode only. The rule stages before this one remove the junk phrase lists can
name; what is left is the junk nobody can list: link lists, menus in any
language, teaser lists, footers, comment threads written in prose, sidebars.
This stage labels every remaining kept block content or boilerplate and drops
the boilerplate, each drop with a rule and a reason.

The design (measures, page structure, score, sequence, header, do no harm) is in
`docs/textmode.md`; the measures are `cleaner.textmode.features`, the model
`cleaner.textmode.model`; the native core (`native/`) computes them and decodes the scores.
"""
from __future__ import annotations

from collections import Counter
from itertools import compress
from operator import gt
from typing import Any

from ..document import COMMENT, JUNK, Block, Document
from ..patterns import Patterns
from ..stage import Stage
from ..text import headline_shaped
from .. import _native
from .._native import decide, viterbi
from ..textmode.features import (CJK, FEATURES, SHORT, WORD, Cues, LineFacts, PageFacts, cue_phrases, extract,
                                 line_cues, measure, word_table)
from ..textmode.model import MODEL_PATH, Model, load_model
from .byline import byline_regex

__all__ = ["FEATURES", "MODEL_PATH", "Cues", "MainRegionStage", "Model", "cue_phrases", "decide", "extract",
           "line_cues", "load_model", "page_stopwords", "viterbi"]


def page_stopwords(patterns: Patterns, doc: Document) -> frozenset[str]:
    """The stop words of the page language; when unknown or without a list, the list
    with most hits among the page's words (or characters, for CJK lists)."""
    lang = doc.metadata.get("language")
    words = patterns.words(lang, "stopwords", "words") if lang else frozenset()
    if words:
        return words
    text = " ".join(b.norm for b in doc.blocks[:300])
    seen = Counter(WORD.findall(text.lower()))  # the words and the CJK characters, each counted once
    seen.update(CJK.findall(text))
    best, best_hits = frozenset(), 0
    for code in patterns.languages:
        stop = patterns.words(code, "stopwords", "words")
        hits = sum(seen[word] for word in stop if word in seen)
        if hits > best_hits:
            best, best_hits = stop, hits
    return best


# A cut that leaves next to nothing falls back to the stretch the scores less this quantile of
# the page's scores decode to (see `MainRegionStage._fall_back`).
FALLBACK_QUANTILE = 0.75
# What `fallback` may be (a mapping: these are option values, not words of a language).
FALLBACKS = {"stretch": "the page's best-scoring stretch", "all": "nothing cut",
             "off": "the cut stands, even to nothing"}
HEADLINE_NOT_ENDING = (".", ":", ";", ",", "!", "?")  # a header's headline ends with none of these
WHY_ROWS = 8  # a dropped stretch's reason names what pushed down its first this many lines
# The rule of each kind of stretch `Page.stretches` finds, by its number (`native/src/stretch.rs`).
STRETCH_RULES = ("comment_thread", "link_list", "outside_main", "low_score")

# How a reason names the features that pushed a stretch down (default: the feature name).


DESCRIBE = {
    "units": "short", "stop_share": "few stop words", "stop_count": "few stop words",
    "sentence_end": "no sentence end", "repeats": "repeated on the page", "before_main": "before the main run",
    "after_main": "after the main run", "words_before_main": "before the main run",
    "words_after_main": "after the main run", "in_main": "outside the main run", "bullet": "bullets",
    "shape_run": "lines of the same shape", "shape_run2": "lines of alternating shapes",
    "bullet_run": "a bullet list", "cue": "comment cue", "win_cue": "comment cues around",
    "win_dropped": "among removed lines", "prev_dropped": "after a removed line",
    "next_dropped": "before a removed line", "win_stamp": "time stamps around", "stamp": "time stamp",
    "win_date": "dates around", "win_name": "names around", "pattern": "a shape that repeats",
    "pattern_near": "a frame that repeats", "lex": "boilerplate words", "glued": "glued headline",
    "echo": "text said twice", "seen_before": "already on the page", "cues_after_main": "comments above",
    "stamps_after_main": "time stamps above", "image": "image", "lex_cover": "words the table knows", "junk_between": "furniture between it and the article", "teaser_join": "headline glued to a summary", "win_image": "images around",
    "run_share": "small prose run", "win_prose": "little prose around", "title_case": "capitalised words",
    "digit_share": "digits", "punct_rate": "punctuation",
}


class MainRegionStage(Stage):
    """Keep the article's region of a text dump; drop the unnamed junk around it."""

    name = "mainregion"
    formats = frozenset({"text"})
    requires = frozenset({"blocks"})
    options = {"switch_cost": None, "confident": None, "min_confident": None, "max_drop_share": 0.8,
               "min_kept_words": 15, "fallback": "stretch", "header_lines": 6, "model": None}
    option_help = {"switch_cost": "what a change between content and boilerplate costs the sequence "
                                  "(null: the model's)",
                   "confident": "a line scoring below minus this is confidently boilerplate (null: the model's)",
                   "min_confident": "confidently-boilerplate lines a page needs for anything to be cut "
                                    "(null: the model's)",
                   "max_drop_share": "largest share of the page's prose a cut may remove; above it nothing is cut",
                   "min_kept_words": "fewest words a cut may leave of a page that has more: below it, the fallback",
                   "fallback": "what a cut leaving next to nothing becomes: "
                               + ", ".join(f"'{k}' ({v})" for k, v in FALLBACKS.items()),
                   "header_lines": "most header lines (date, byline, headline) kept above the article",
                   "model": "path of the model file (null: the shipped cleaner/models/textmode.json)"}
    rules = {"comment_thread": "a stretch after the article with comment cues or time stamps",
             "link_list": "a stretch of three lines or more, most of them short",
             "outside_main": "a stretch above or below the article",
             "low_score": "a stretch inside the article's span the model scores as boilerplate",
             "no_model": "no usable text model: nothing removed",
             "kept_all": "the cut would remove too much of the prose: nothing removed",
             "too_little": "the cut would leave next to nothing of a page with text: the page's best-scoring "
                           "stretch is kept instead (or nothing is cut)"}
    drop_kinds = {"comment_thread": COMMENT, "link_list": JUNK, "outside_main": JUNK, "low_score": JUNK}

    def __init__(self, patterns: Patterns, **overrides: Any) -> None:
        super().__init__(patterns, **overrides)
        if self.opts["fallback"] not in FALLBACKS:
            raise ValueError(f"mainregion.fallback must be one of {', '.join(FALLBACKS)}, "
                             f"not {self.opts['fallback']!r}")
        try:
            self.model: Model | None = load_model(self.opts["model"] or str(MODEL_PATH))
        except (OSError, ValueError, KeyError) as exc:  # a missing or stale model: warn on each page
            self.model, self.model_error = None, str(exc)
        seq = {"switch_cost": 1.0, "confident": 3.0, "min_confident": 1, **(self.model.sequence if self.model else {})}
        self.switch_cost = self._opt("switch_cost", seq)
        self.confident = self._opt("confident", seq)
        self.min_confident = self._opt("min_confident", seq)
        self.cues = line_cues(patterns)
        self.byline_rx = byline_regex(patterns) if patterns.all_entries("byline", "prefixes") else None
        self.reading_rx = patterns.native("reading_time", "phrases")

    def _opt(self, key: str, seq: dict[str, float]) -> float:
        return self.opts[key] if self.opts[key] is not None else seq[key]

    def run(self, doc: Document) -> None:
        if self.model is None:
            self.warn(doc, "no_model", f"no usable model, nothing removed: {self.model_error}")
            return
        page, blocks, facts = measure(doc, word_table(page_stopwords(self.patterns, doc), self.model.native_lexicon),
                                      self.cues)
        if not blocks:
            return
        scores = page.scores(self.model.native)
        labels = decide(scores, self.switch_cost, self.confident, self.min_confident)
        if all(labels):
            return
        if self._too_little(labels, facts):
            labels = self._fall_back(doc, scores, labels, facts)
            if all(labels):
                return
        self._keep_header(labels, facts)
        units, prose = facts.units, facts.prose
        prose_total = sum(compress(units, prose))
        prose_cut = sum(compress(units, map(gt, prose, labels)))  # prose, not kept
        if prose_total and prose_cut > self.opts["max_drop_share"] * prose_total:
            self.warn(doc, "kept_all", f"the cut would remove {prose_cut / prose_total:.0%} of the prose; kept all")
            return
        self._drop_segments(doc, blocks, page, labels)

    def _too_little(self, labels: list[bool], facts: PageFacts) -> bool:
        """Whether the cut leaves fewer than `min_kept_words` words of a page that has more."""
        if self.opts["fallback"] == "off":
            return False
        floor = self.opts["min_kept_words"]
        total = sum(facts.units)
        return total > floor and sum(compress(facts.units, labels)) < floor

    def _fall_back(self, doc: Document, scores: list[float], labels: list[bool], facts: PageFacts) -> list[bool]:
        """What a cut leaving next to nothing becomes (a warning says so): the page's best-scoring
        stretch, decoded on the scores less their `FALLBACK_QUANTILE` quantile (the model found
        no article by its own scale, so the page's best lines stand for it), or, with
        `fallback` 'all' or when that stretch is next to nothing too, nothing cut."""
        total = sum(facts.units)
        kept = sum(compress(facts.units, labels))
        what = f"the cut would keep {kept:.0f} of {total:.0f} words"
        if self.opts["fallback"] == "stretch":
            shift = sorted(scores)[int(FALLBACK_QUANTILE * (len(scores) - 1))]
            stretch = viterbi([s - shift for s in scores], self.switch_cost)
            if not self._too_little(stretch, facts):
                n = sum(stretch)
                self.warn(doc, "too_little", f"{what}; kept the best-scoring stretch instead ({n} of {len(labels)} "
                          f"lines, scores less their {FALLBACK_QUANTILE:.0%} quantile {shift:+.1f})")
                return stretch
        self.warn(doc, "too_little", f"{what}; kept all")
        return [True] * len(labels)

    def _keep_header(self, labels: list[bool], facts: PageFacts) -> None:
        """Keep the header just above the article (date, byline, author name, reading time,
        one headline, the site name on the first line): the byline and title stages, later,
        take them out as metadata. Only the unbroken run of such lines directly above the
        first kept line, at most `header_lines` of them."""
        if True not in labels:
            return
        pos = labels.index(True) - 1
        limit = self.opts["header_lines"]
        headline = False
        while pos >= 0 and limit > 0:
            kind = self._header_kind(facts.line(pos))
            if kind is None or (kind == "headline" and headline):
                break
            headline = headline or kind == "headline"
            labels[pos] = True
            pos -= 1
            limit -= 1

    def _header_kind(self, line: LineFacts) -> str | None:
        """"meta" for a date, byline, name, reading time or site line, "headline" for a title-shaped
        line, None for anything else."""
        text = line.text
        if line.units > SHORT:
            return "headline" if line.units <= 30 and headline_shaped(text, HEADLINE_NOT_ENDING) else None
        person = line.name and 2 <= line.units <= 5 and not line.bullet
        if (line.date or line.stamp or person or (self.byline_rx and self.byline_rx.match(text))
                or self.reading_rx.search(text) or (line.block.index == 0 and line.units <= 3)):
            return "meta"
        return "headline" if line.units >= 3 and headline_shaped(text, HEADLINE_NOT_ENDING) else None

    def _drop_segments(self, doc: Document, blocks: list[Block], page: _native.Page, labels: list[bool]) -> None:
        """Drop each stretch labelled boilerplate under the rule that fits its shape
        (`Page.stretches`; `page`: the measured and scored page, its rows by kept block)."""
        for pos, end, rule in page.stretches(labels):
            stop = end + 1
            why = self._why(page.contributions(self.model.native, list(range(pos, min(stop, pos + WHY_ROWS)))))
            where = f"{stop - pos} lines" if stop - pos > 1 else "1 line"
            self.drop_all(doc, blocks[pos:stop], STRETCH_RULES[rule], page.reasons(pos, stop, f"; stretch of {where}: {why}"))

    def _why(self, totals: list[float]) -> str:
        """The (up to) three features that pushed some rows down most (`totals`: each feature's
        log-odds summed over them)."""
        names: list[str] = []
        for i in sorted(range(len(totals)), key=totals.__getitem__):
            if totals[i] >= 0 or len(names) == 3:
                break
            label = DESCRIBE.get(FEATURES[i], FEATURES[i].replace("_", " "))
            if label not in names:
                names.append(label)
        return ", ".join(names) or "low score"
