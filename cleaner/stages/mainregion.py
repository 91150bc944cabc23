"""The main region of a text dump: which lines are the article, chosen as a sequence.

Text mode only. The rule stages before this one remove the junk phrase lists can
name; what is left is the junk nobody can list: link lists, menus in any
language, teaser lists, footers, comment threads written in prose, sidebars.
This stage labels every remaining kept block content or boilerplate and drops
the boilerplate, each drop with a rule and a reason.

How
---
1. Measures (`Line`). One pass over every block, dropped ones included (a run
   of lines the rules removed is a sure sign of junk around): size in words
   (Han and kana count one word per two characters: they are written without
   spaces), the share of function words (the page language's `[stopwords]
   words`; when the language is unknown or has no list, the list with most hits
   on the page, see `page_stopwords`), sentence end, punctuation, digits,
   capitals, bullet and indent, glued title+summary joins
   ("...NeighborhoodVisiting..."), a line that says its first words again (a
   link and its label), dates, time stamps ("9:46 pm", "3 hours ago"), comment
   cues (the `[comments]` phrases), name-shaped lines, and a learned word table
   (`lexicon`: log-odds of content per frequent word).
2. Page structure (`extract`). Prose runs (`prose_runs`): stretches of kept
   lines maximising the words of prose lines less a cost per other line, cut at
   every comment cue or time stamp, so that an article and the comment thread
   under it are two runs. The biggest is the main run; every line gets its
   distance to it (lines and words, before or after), the share of its own run,
   the comment cues and stamps between the main run and it, and window counts
   around it (prose, removed, repeated, dates, stamps, names, same-shape runs:
   teaser and link lists; a short line whose shape comes back every few lines:
   the name / date / "Reply" frame of each comment).
3. Score (`Model`). `FEATURES` go through an additive model read from
   `cleaner/models/textmode.json`: per feature a table of bin edges and
   log-odds, summed with a bias, evaluated in plain Python. It is trained by
   `bench/train_textmode.py` (WCXB dev pages only), which imports `extract`
   from here so training and running see the same features.
4. Sequence (`viterbi`). A two-state Viterbi over the kept blocks
   (content/boilerplate) takes the scores as emissions and charges
   `switch_cost` per change of state: a stretch is cut or kept as a whole.
5. Header. The unbroken run of metadata lines (date, byline, reading time, the
   site name on line 1) directly above the first kept line stays: the byline and
   title stages, which run next, take them out as metadata.
6. Do no harm. Nothing is dropped unless at least `min_confident` lines score
   below `-confident` (confident boilerplate), nor when the cut would take more
   than `max_drop_share` of the prose words (a warning is logged): a clean text
   has no region to cut.

Rules: `outside_main` (before or after the article), `comment_thread` (after
the article, with comment cues or stamps), `link_list` (a run of short lines),
`low_score` (a stretch inside the article). The reason gives the line's score
and what pushed its stretch down most.

Cost: a few microseconds a line (columns built with comprehensions, the tables
evaluated with `map`), no numpy.
"""
from __future__ import annotations

import bisect
import json
import math
import re
from functools import lru_cache
from itertools import accumulate, repeat
from operator import getitem
from pathlib import Path
from typing import Any

from ..document import Block, Document
from ..patterns import Patterns
from ..text import GLUED
from . import register
from .base import Stage

MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "textmode.json"

WORD = re.compile(r"\w+")
# Han and kana (full and half width): scripts written without spaces. Hangul has spaces.
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")
SENT_ENDS = frozenset(".!?…。！？")
CLOSERS = "\"'”’»)]"
CAPITALISED = re.compile(r"(?<!\S)[A-ZÀ-ÖØ-ÞА-ЯЁΑ-Ω]")
DATE = re.compile(r"\b(?:19|20)\d\d\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b")
# a time of day or an "N hours ago": comment and post stamps
STAMP = re.compile(r"\b\d{1,2}[:h]\d\d\b|\b\d{1,2}\s*[ap]\.?m\b|\bago\b|\bil y a\b|\bvor \d|\bhace \d", re.IGNORECASE)
# an image a text browser left behind: "[photo_368]", "rtr4iun7.jpg", "[image: ...]"
IMAGE = re.compile(r"\.(?:jpe?g|png|gif|webp|svg)\b|^\[[^\]]*\]$", re.IGNORECASE)
# no space between a lower-case letter or a closing mark and a capitalised word
JOIN = re.compile(r"(?<=[a-zà-öø-ÿ0-9?!)”’\"'])(?=[A-ZÀ-ÖØ-Þ](?:[a-zà-öø-ÿ]|\s))")
NUMBERING = re.compile(r"^[\d.)\]#\s-]+|\[[^\]]*\]")
DIGIT = re.compile(r"[0-9]")
PATTERN_RADIUS = 12  # lines each side in which a short line's shape is looked for again
SHORT = 15  # words: dates, stamps and cues are looked for in lines up to this size

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

log1p = math.log1p


class Line:
    """Measures of one block, computed once: what every block needs (kept or removed: the
    removed ones are context), then, for kept blocks only, `surface` measures."""

    __slots__ = ("block", "kept", "text", "words", "units", "stop", "stop_share", "sent", "punct",
                 "digits", "title", "bullet", "indent", "glued", "date", "stamp", "cue", "name",
                 "colon", "echo", "image", "tjoin", "key", "prose", "shape", "sig")

    def __init__(self, block: Block, stopwords: frozenset[str], cue_rx: re.Pattern[str]) -> None:
        self.block = block
        self.kept = kept = block.dropped is None
        self.text = text = block.norm
        low = text.lower()
        self.words = words = WORD.findall(low)
        if not text.isascii() and (cjk := len(CJK.findall(text))):
            rest = WORD.findall(CJK.sub(" ", low))
            self.units = units = len(rest) + cjk / 2
            self.stop = sum(map(stopwords.__contains__, text)) + sum(map(stopwords.__contains__, rest))
            self.stop_share = self.stop / (cjk + len(rest))
        else:
            self.units = units = len(words)
            self.stop = sum(map(stopwords.__contains__, words))
            self.stop_share = self.stop / units if units else 0.0
        self.sent = 1.0 if text and text.rstrip(CLOSERS)[-1:] in SENT_ENDS else 0.0
        self.bullet = 1.0 if block.kind == "list_item" else 0.0
        if units <= SHORT:
            self.date = 1.0 if DATE.search(text) else 0.0
            self.stamp = 1.0 if STAMP.search(text) else 0.0
            if not kept:  # a line the comments stage removed is a cue; others are not looked at
                self.cue = 1.0 if block.dropped.stage == "comments" else 0.0
            else:
                self.cue = 1.0 if units <= 12 and cue_rx.search(text) else 0.0
            self.name = 1.0 if 0 < units <= 5 and _name(text) else 0.0
            self.image = 1.0 if units <= 12 and IMAGE.search(text) else 0.0
            self.tjoin = 0.0
            self.key = low if units <= 12 and low else None
        else:
            self.date = self.stamp = self.cue = self.name = self.image = 0.0
            self.tjoin = 1.0 if _teaser_join(text) else 0.0
            self.key = None
        self.prose = units >= 12 and (self.sent > 0 or self.stop_share >= 0.2) and not self.tjoin
        bucket = 0 if units <= 3 else 1 if units <= 16 else 2 if units <= 40 else 3
        self.shape = (bucket, self.bullet, self.sent)
        self.sig = None if self.prose else (min(int(units) // 3, 4), self.date, self.stamp, self.name,
                                            self.bullet, self.sent, self.image)

    def surface(self) -> None:
        """Punctuation, digits, capitals, indent, glued words, echo: for kept blocks."""
        text = self.text
        n_words = len(self.words)
        self.punct = text.count(",") + text.count(".") + text.count(";") + text.count(":")
        self.digits = len(DIGIT.findall(text)) / (len(text) or 1)
        self.title = len(CAPITALISED.findall(text)) / n_words if n_words else 0.0
        self.indent = float(self.block.features.get("indent", 0))
        self.glued = len(GLUED.findall(text)) if self.units > 3 else 0
        self.colon = 1.0 if text.endswith(":") else 0.0
        # a line that says its first words again ("Title hereTitle here"): a link and its label
        self.echo = 1.0 if len(text) >= 24 and text.find(text[:12], 8) > 0 else 0.0


NAME_JOINS = frozenset({"and", "et", "und", "y", "e", "de", "da", "di", "du", "van", "von", "der", "den", "la",
                        "le", "del", "&", "|", "-", "·", "on", "says", "says:", "said:", "wrote:"})


def _name(text: str) -> bool:
    """A person's name, maybe numbered or with "says:": "1. [763d3]John Scalzi", "Anna Lee says:"."""
    if text.endswith((".", "!", "?")) and not text.endswith(" says."):
        return False
    tokens = NUMBERING.sub("", text).split()
    return bool(tokens) and all(t[:1].isupper() or t.lower() in NAME_JOINS or t[:1] == "@" for t in tokens)


def _teaser_join(text: str) -> bool:
    """A headline glued to its summary: "Is Violence In Sports On The Rise?Violence is part of..."
    (no space where the headline ends, in the first 200 characters, after a capitalised or
    question-like headline of three words or more)."""
    m = JOIN.search(text, 0, 200)
    if not m:
        return False
    head = text[:m.start()]
    words = head.split()
    if len(words) < 3 or ". " in head:
        return False
    return head[-1] in "?!" or sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha()) > 0.5 * len(words)


def lex_cover(lines: list[Line], lexicon: dict[str, float] | None) -> float:
    """Share of the words of `lines` that the word table knows: low on a page in a language
    the table was not learned on, where `lex` says little."""
    if not lexicon:
        return 0.0
    known = total = 0
    for line in lines:
        known += sum(map(lexicon.__contains__, line.words))
        total += len(line.words)
    return known / total if total else 0.0


def lex_score(words: list[str], lexicon: dict[str, float] | None) -> float:
    """Mean log-odds of content of the line's words (a learned table), shrunk towards 0."""
    if not lexicon:
        return 0.0
    return sum(map(lexicon.get, words, repeat(0.0))) / (len(words) + 3)


def prose_runs(lines: list[Line], kept: list[int], frame: list[bool] | None = None, line_cost: float = 4.0,
               frame_cost: float = 15.0, dropped_cost: float = 1.0) -> list[tuple[int, int, float]]:
    """Runs of prose among the kept blocks, as (first, last, gain) positions in `kept`: Kadane's
    scan where a prose line gains its words, another kept line costs `line_cost` (`frame_cost`
    when `frame[j]`: a short line whose shape or text comes back every few lines, the frame
    of a feed or of a comment thread), a removed block `dropped_cost`, and a comment cue or
    time stamp ends the run (comments break there)."""
    runs: list[tuple[int, int, float]] = []
    run, start, best, best_end = 0.0, 0, 0.0, -1
    prev_j = -1
    for pos, j in enumerate(kept):
        line = lines[j]
        gain = line.units if line.prose else -(frame_cost if frame and frame[j] else line_cost)
        if prev_j >= 0:
            gain -= dropped_cost * (j - prev_j - 1)
        prev_j = j
        if line.stamp or line.cue:  # a comment header or time stamp ends any run
            gain, run = 0.0, 0.0
        if run <= 0:
            if best_end >= start and best > 0:
                runs.append((start, best_end, best))
            run, start, best, best_end = 0.0, pos, 0.0, -1
        run += gain
        if run > best:
            best, best_end = run, pos
    if best_end >= start and best > 0:
        runs.append((start, best_end, best))
    return runs


def _prefix(values) -> list[float]:
    return list(accumulate(values, initial=0))


def _bounds(idx: list[int], r: int, n: int) -> list[tuple[int, int, float]]:
    """For each index j, the window [j - r, j + r] clipped to [0, n): (low, high, 1 / size)."""
    size = 2 * r + 1
    return [(j - r, j + r + 1, 1.0 / size) if r <= j and j + r < n else
            (max(j - r, 0), min(j + r + 1, n), 1.0 / (min(j + r + 1, n) - max(j - r, 0))) for j in idx]


def _windows(pre: list[float], bounds: list[tuple[int, int, float]]) -> list[float]:
    """Mean over each window of the series whose prefix sums are `pre`."""
    return [(pre[hi] - pre[lo]) * inv for lo, hi, inv in bounds]


def _same_runs(keys: list[Any], period: int) -> list[int]:
    """For each position, the length of the chain of equal keys `period` apart through it."""
    n = len(keys)
    run = [1] * n
    for pos in range(period, n):
        if keys[pos] == keys[pos - period]:
            run[pos] = run[pos - period] + 1
    for pos in range(n - 1 - period, -1, -1):
        if keys[pos] == keys[pos + period]:
            run[pos] = max(run[pos], run[pos + period])
    return run


def extract(doc: Document, stopwords: frozenset[str], cue_rx: re.Pattern[str],
            lexicon: dict[str, float] | None = None) -> tuple[list[Block], list[list[float]], dict[str, Any]]:
    """The kept blocks of `doc`, one feature vector each (in `FEATURES` order), and page facts
    (`lines`: the `Line` of each kept block; `main`: first and last position of the main run)."""
    lines = [Line(b, stopwords, cue_rx) for b in doc.blocks]
    n_all = len(lines)
    kept = [j for j, line in enumerate(lines) if line.kept]
    if not kept:
        return [], [], {"lines": [], "main": (0, -1)}
    klines = [lines[j] for j in kept]
    for line in klines:
        line.surface()
    n = len(kept)

    # repeated short lines; long lines already seen higher up the page
    counts: dict[str, int] = {}
    seen: set[str] = set()
    seen_before = [0.0] * n_all
    for j, line in enumerate(lines):
        if line.key:
            counts[line.key] = counts.get(line.key, 0) + 1
        elif line.units > 12:
            if line.text in seen:
                seen_before[j] = 1.0
            seen.add(line.text)
    # how often a short line's shape comes back within PATTERN_RADIUS lines (the frame of
    # each comment, teaser lists): positions of each signature, counted with bisect
    where: dict[Any, list[int]] = {}
    for j, line in enumerate(lines):
        if line.sig is not None:
            where.setdefault(line.sig, []).append(j)
    pattern = [0.0] * n_all
    for js in where.values():
        if len(js) > 1:
            for j in js:
                pattern[j] = float(bisect.bisect_right(js, j + PATTERN_RADIUS) - bisect.bisect_left(js, j - PATTERN_RADIUS) - 1)

    # window counts over all blocks (dropped ones included)
    pre_drop = _prefix(not line.kept for line in lines)
    pre_rep = _prefix(line.key is not None and counts[line.key] > 1 for line in lines)
    pre_cue = _prefix(line.cue for line in lines)
    pre_date = _prefix(line.date for line in lines)
    pre_stamp = _prefix(line.stamp for line in lines)
    pre_name = _prefix(line.name for line in lines)
    pre_image = _prefix(line.image for line in lines)

    # the main run and the other prose runs
    frame = [pattern[j] >= 2 or (line.key is not None and counts[line.key] > 1) for j, line in enumerate(lines)]
    runs = prose_runs(lines, kept, frame)
    first, last, main_gain = max(runs, key=lambda r: r[2]) if runs else (0, -1, 0.0)
    run_share = [0.0] * n
    runs_before = [0.0] * n
    big_starts = sorted(a for a, _, gain in runs if gain >= 0.3 * main_gain)
    for a, b, gain in runs:
        for pos in range(a, b + 1):
            run_share[pos] = gain / main_gain
    for pos in range(n):
        runs_before[pos] = float(bisect.bisect_left(big_starts, pos))
    units = [line.units for line in klines]
    total_units = sum(units) or 1.0
    cum = _prefix(units)
    main_units = cum[last + 1] - cum[first] if last >= first else 0.0
    main_end = kept[last] if last >= 0 else n_all - 1
    # furniture (removed, frame, stamp, cue or image lines) between the main run and each line
    pre_furniture = _prefix(not line.kept or frame[j] or line.stamp or line.cue or line.image
                            for j, line in enumerate(lines))
    main_start = kept[first] if last >= first else 0
    dropped_share = (n_all - n) / n_all
    short_share = sum(1 for u in units if u <= 4) / n
    log_units = [log1p(u) for u in units]
    shapes = [line.shape for line in klines]
    run1 = _same_runs(shapes, 1)
    bullet_run = _same_runs([line.bullet or -pos for pos, line in enumerate(klines)], 1)
    win_units = [sum(log_units[max(p - 2, 0): p + 3]) / (min(p + 3, n) - max(p - 2, 0)) for p in range(n)]
    main_share = main_units / total_units
    page_lines = log1p(n)
    cue_end, stamp_end = pre_cue[main_end + 1], pre_stamp[main_end + 1]
    w3, w4, w5, w6 = (_bounds(kept, r, n_all) for r in (3, 4, 5, 6))

    columns = (
        log_units,
        [line.stop_share for line in klines],
        [log1p(line.stop) for line in klines],
        [line.sent for line in klines],
        [line.punct / (line.units + 1) for line in klines],
        [line.digits for line in klines],
        [line.title for line in klines],
        [min(line.indent, 12.0) for line in klines],
        [min(line.glued, 5) for line in klines],
        [log1p(counts[line.key] - 1) if line.key else 0.0 for line in klines],
        [line.colon for line in klines],
        [u / total_units for u in units],
        [line.echo for line in klines],
        [seen_before[j] for j in kept],
        [lex_score(line.words, lexicon) for line in klines] if lexicon else [0.0] * n,
        [line.image for line in klines],
        [*log_units[1:], -1.0],
        win_units,
        _windows(pre_drop, w3),
        _windows(pre_rep, w5),
        [log1p(r) for r in run1],
        [log1p(r) if line.bullet else 0.0 for r, line in zip(bullet_run, klines)],
        _windows(pre_date, w5),
        _windows(pre_stamp, w6),
        _windows(pre_name, w5),
        _windows(pre_image, w4),
        [pos / n for pos in range(n)],
        [log1p(cum[first] - cum[pos + 1]) if pos < first else 0.0 for pos in range(n)],
        [main_share] * n,
        [page_lines] * n,
        [log1p(pre_cue[j] - cue_end) if j > main_end else 0.0 for j in kept],
        [log1p(pre_stamp[j] - stamp_end) if j > main_end else 0.0 for j in kept],
        run_share,
        runs_before,
        [dropped_share] * n,
        [short_share] * n,
        [log1p(pre_furniture[j] - pre_furniture[main_end + 1]) if j > main_end else
         log1p(pre_furniture[main_start] - pre_furniture[j + 1]) if j < main_start else 0.0 for j in kept],
        [lex_cover(klines, lexicon)] * n,
    )
    rows = [list(row) for row in zip(*columns)]
    return [line.block for line in klines], rows, {"lines": klines, "main": (first, last)}


class Model:
    """An additive model: per feature, bin edges and one log-odds value per bin (`tables`),
    a bias, the word table (`lexicon`) and the sequence settings."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.features: list[str] = spec["features"]
        if tuple(self.features) != FEATURES:
            raise ValueError("model features do not match the stage's FEATURES; retrain it "
                             "(bench/train_textmode.py)")
        self.bias: float = spec["bias"]
        self.edges: list[list[float]] = [spec["tables"][f]["edges"] for f in self.features]
        self.values: list[list[float]] = [spec["tables"][f]["values"] for f in self.features]
        self.sequence: dict[str, float] = spec.get("sequence", {})
        self.lexicon: dict[str, float] = spec.get("lexicon", {})
        index = {name: i for i, name in enumerate(self.features)}
        self.pairs: list[tuple[int, int, list[float], list[float], list[list[float]]]] = [
            (index[p["features"][0]], index[p["features"][1]], p["edges"][0], p["edges"][1], p["values"])
            for p in spec.get("pairs", [])]

    def contributions(self, row: list[float]) -> list[float]:
        """Each feature's log-odds for one row (a pair's value split between its two features)."""
        out = list(map(getitem, self.values, map(bisect.bisect_left, self.edges, row)))
        for a, b, ea, eb, grid in self.pairs:
            half = grid[bisect.bisect_left(ea, row[a])][bisect.bisect_left(eb, row[b])] / 2
            out[a] += half
            out[b] += half
        return out

    def score(self, row: list[float]) -> float:
        """Log-odds that the row is content."""
        total = self.bias + sum(map(getitem, self.values, map(bisect.bisect_left, self.edges, row)))
        for a, b, ea, eb, grid in self.pairs:
            total += grid[bisect.bisect_left(ea, row[a])][bisect.bisect_left(eb, row[b])]
        return total


def cue_pattern(patterns: Patterns) -> re.Pattern[str]:
    """Comment cues of every loaded language: the `[comments]` headings and form lines."""
    items = (*patterns.all_entries("comments", "form"), *patterns.all_entries("comments", "headings"))
    # anchored at word starts: the same matches, tried at a fifth of the positions
    return re.compile(r"(?<!\w)(?:" + "|".join(f"(?:{p})" for p in items) + ")", re.IGNORECASE)


@lru_cache(maxsize=4)
def load_model(path: str = str(MODEL_PATH)) -> Model:
    """The model at `path`, read once per process."""
    return Model(json.loads(Path(path).read_text(encoding="utf-8")))


def viterbi(scores: list[float], switch_cost: float) -> list[bool]:
    """Content (True) / boilerplate labels maximising the sum of the scores of the content
    lines less `switch_cost` per change of label (two states, boilerplate emits 0)."""
    if not scores:
        return []
    back: list[tuple[bool, bool]] = []
    junk, good = 0.0, scores[0]
    for s in scores[1:]:
        to_good_from_junk = junk - switch_cost
        to_junk_from_good = good - switch_cost
        back.append((good >= to_good_from_junk, to_junk_from_good > junk))
        good, junk = max(good, to_good_from_junk) + s, max(junk, to_junk_from_good)
    state = good >= junk
    out = [state]
    for good_prev, junk_prev in reversed(back):
        state = good_prev if state else junk_prev
        out.append(state)
    out.reverse()
    return out


def page_stopwords(patterns: Patterns, doc: Document) -> frozenset[str]:
    """The stop words of the page language; when unknown or without a list, the list
    with most hits among the page's words (or characters, for CJK lists)."""
    lang = doc.metadata.get("language")
    words = patterns.words(lang, "stopwords", "words") if lang else frozenset()
    if words:
        return words
    text = " ".join(b.norm for b in doc.blocks[:300])
    sample = WORD.findall(text.lower())
    chars = CJK.findall(text)
    best, best_hits = frozenset(), 0
    for code in patterns.languages:
        stop = patterns.words(code, "stopwords", "words")
        hits = sum(map(stop.__contains__, sample)) + sum(map(stop.__contains__, chars))
        if hits > best_hits:
            best, best_hits = stop, hits
    return best


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


@register
class MainRegionStage(Stage):
    """Keep the article's region of a text dump; drop the unnamed junk around it."""

    name = "mainregion"
    formats = frozenset({"text"})
    requires = frozenset({"blocks"})
    options = {"switch_cost": None, "confident": None, "min_confident": None, "max_drop_share": 0.8,
               "header_lines": 6, "model": None}

    def __init__(self, patterns: Patterns, **overrides: Any) -> None:
        super().__init__(patterns, **overrides)
        try:
            self.model: Model | None = load_model(self.opts["model"] or str(MODEL_PATH))
        except (OSError, ValueError, KeyError) as exc:  # a missing or stale model: warn on each page
            self.model, self.model_error = None, str(exc)
        seq = {"switch_cost": 1.0, "confident": 3.0, "min_confident": 1, **(self.model.sequence if self.model else {})}
        self.switch_cost = self._opt("switch_cost", seq)
        self.confident = self._opt("confident", seq)
        self.min_confident = self._opt("min_confident", seq)
        self.cue_rx = cue_pattern(patterns)
        prefixes = "|".join(f"(?:{p})" for p in patterns.all_entries("byline", "prefixes"))
        self.byline_rx = re.compile(rf"^(?:{prefixes})\s*:?\s+\S", re.IGNORECASE) if prefixes else None
        self.reading_rx = patterns.any("reading_time", "phrases")

    def _opt(self, key: str, seq: dict[str, float]) -> float:
        return self.opts[key] if self.opts[key] is not None else seq[key]

    def run(self, doc: Document) -> None:
        if self.model is None:
            self.warn(doc, "no_model", f"no usable model, nothing removed: {self.model_error}")
            return
        blocks, rows, facts = extract(doc, page_stopwords(self.patterns, doc), self.cue_rx, self.model.lexicon)
        if not blocks:
            return
        score = self.model.score
        scores = [score(r) for r in rows]
        labels = decide(scores, self.switch_cost, self.confident, self.min_confident)
        if all(labels):
            return
        lines = facts["lines"]
        self._keep_header(blocks, labels, lines)
        prose_total = sum(line.units for line in lines if line.prose)
        prose_cut = sum(line.units for line, keep in zip(lines, labels) if not keep and line.prose)
        if prose_total and prose_cut > self.opts["max_drop_share"] * prose_total:
            self.warn(doc, "kept_all", f"the cut would remove {prose_cut / prose_total:.0%} of the prose; kept all")
            return
        self._drop_segments(doc, blocks, rows, scores, labels, lines)

    def _keep_header(self, blocks: list[Block], labels: list[bool], lines: list[Line]) -> None:
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
            kind = self._header_kind(blocks[pos], lines[pos])
            if kind is None or (kind == "headline" and headline):
                break
            headline = headline or kind == "headline"
            labels[pos] = True
            pos -= 1
            limit -= 1

    def _header_kind(self, block: Block, line: Line) -> str | None:
        """"meta" for a date, byline, name, reading time or site line, "headline" for a title-shaped
        line, None for anything else."""
        text = line.text
        if line.units > SHORT:
            return "headline" if line.units <= 30 and self._headline(text) else None
        person = line.name and 2 <= line.units <= 5 and not line.bullet
        if (line.date or line.stamp or person or (self.byline_rx and self.byline_rx.match(text))
                or self.reading_rx.search(text) or (block.index == 0 and line.units <= 3)):
            return "meta"
        return "headline" if line.units >= 3 and self._headline(text) else None

    @staticmethod
    def _headline(text: str) -> bool:
        return not text.endswith((".", ":", ";", ",", "!", "?")) and (text[:1].isupper() or text[:1] in "0123456789«\"“'")

    def _drop_segments(self, doc: Document, blocks: list[Block], rows: list[list[float]],
                       scores: list[float], labels: list[bool], lines: list[Line]) -> None:
        """Drop each stretch labelled boilerplate under the rule that fits its shape."""
        content = [pos for pos, keep in enumerate(labels) if keep]
        first_c, last_c = (content[0], content[-1]) if content else (len(blocks), -1)
        cues_col, stamps_col = FEATURES.index("cues_after_main"), FEATURES.index("stamps_after_main")
        pos = 0
        while pos < len(blocks):
            if labels[pos]:
                pos += 1
                continue
            end = pos
            while end + 1 < len(blocks) and not labels[end + 1]:
                end += 1
            seg = range(pos, end + 1)
            short = sum(lines[k].units <= 8 for k in seg)
            if pos > last_c and any(lines[k].cue or lines[k].stamp or rows[k][cues_col] or rows[k][stamps_col] for k in seg):
                rule = "comment_thread"
            elif len(seg) >= 3 and short >= 0.7 * len(seg):
                rule = "link_list"
            elif end < first_c or pos > last_c:
                rule = "outside_main"
            else:
                rule = "low_score"
            why = self._why([rows[k] for k in seg])
            where = f"{len(seg)} lines" if len(seg) > 1 else "1 line"
            for k in seg:
                self.drop(doc, blocks[k], rule, f"score {scores[k]:+.1f}; stretch of {where}: {why}")
            pos = end + 1

    def _why(self, rows: list[list[float]]) -> str:
        """The (up to) three features that pushed these rows down most (the first 8 rows)."""
        totals = [0.0] * len(FEATURES)
        for row in rows[:8]:
            totals = [t + c for t, c in zip(totals, self.model.contributions(row))]
        names: list[str] = []
        for i in sorted(range(len(totals)), key=totals.__getitem__):
            if totals[i] >= 0 or len(names) == 3:
                break
            label = DESCRIBE.get(FEATURES[i], FEATURES[i].replace("_", " "))
            if label not in names:
                names.append(label)
        return ", ".join(names) or "low score"


def decide(scores: list[float], switch_cost: float, confident: float, min_confident: float) -> list[bool]:
    """Content labels for these scores: all True unless at least `min_confident` lines score
    below `-confident` (no confident boilerplate, nothing to cut); else the Viterbi path."""
    if sum(1 for s in scores if s < -confident) < min_confident:
        return [True] * len(scores)
    return viterbi(scores, switch_cost)
