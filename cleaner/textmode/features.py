"""Line features for the main-region stage (text mode): what each kept line of a text
dump looks like, alone, among its neighbours and on the page.

`extract` turns a Document into one row of numbers per kept block, in `FEATURES`
order; the stage scores the rows with `linemodel.Model`, and
`bench/train_textmode.py` calls the same function to train it, so training and
running see the same features. See `mainregion` for what each family measures.
"""
from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass
from itertools import accumulate, repeat
from typing import Any

from ..document import COMMENT, Block, Document
from ..patterns import Patterns, factored
from ..text import GLUED, ends_sentence

WORD = re.compile(r"\w+")
# Han and kana (full and half width): scripts written without spaces. Hangul has spaces.
CJK_RANGES = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
CJK = re.compile(f"[{CJK_RANGES}]")
# the words of a line with Han or kana: each such character a word of its own (the word
# table learns characters there: `\w+` would make a whole sentence one word), other `\w+` runs
CJK_WORD = re.compile(f"[{CJK_RANGES}]|[^\\W{CJK_RANGES}]+")
# commas, full stops, semicolons and colons, the full-width ones too (Chinese, Japanese)
WIDE_PUNCT = "，。；：、"
SENT_ENDS = ".!?…。！？"
CLOSERS = "\"'”’»)]"
CAPITALISED = re.compile(r"(?<!\S)[A-ZÀ-ÖØ-ÞА-ЯЁΑ-Ω]")
DATE = re.compile(r"\b(?:19|20)\d\d\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b")
# a time of day: comment and post stamps (with the `[dates] ago` phrases, see `line_cues`)
TIME_OF_DAY = r"\b\d{1,2}[:h]\d\d\b|\b\d{1,2}\s*[ap]\.?m\b"
# an image a text browser left behind: "[photo_368]", "rtr4iun7.jpg", "[image: ...]"
IMAGE = re.compile(r"\.(?:jpe?g|png|gif|webp|svg)\b|^\[[^\]]*\]$", re.IGNORECASE)
# no space between a lower-case letter or a closing mark and a capitalised word
JOIN = re.compile(r"(?<=[a-zà-öø-ÿ0-9?!)”’\"'])(?=[A-ZÀ-ÖØ-Þ](?:[a-zà-öø-ÿ]|\s))")
NUMBERING = re.compile(r"^[\d.)\]#\s-]+|\[[^\][]*\]")
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

    def __init__(self, block: Block, stopwords: frozenset[str], cues: Cues) -> None:
        self.block = block
        self.kept = kept = block.dropped is None
        self.text = text = block.norm
        low = text.lower()
        self.words = words = WORD.findall(low)
        if not text.isascii() and (cjk := len(CJK.findall(text))):
            rest = WORD.findall(CJK.sub(" ", low))
            self.words = CJK_WORD.findall(low)
            self.units = units = len(rest) + cjk / 2
            self.stop = sum(map(stopwords.__contains__, text)) + sum(map(stopwords.__contains__, rest))
            self.stop_share = self.stop / (cjk + len(rest))
        else:
            self.units = units = len(words)
            self.stop = sum(map(stopwords.__contains__, words))
            self.stop_share = self.stop / units if units else 0.0
        self.sent = 1.0 if ends_sentence(text, SENT_ENDS, CLOSERS) else 0.0
        self.bullet = 1.0 if block.kind == "list_item" else 0.0
        if units <= SHORT:
            self.date = 1.0 if DATE.search(text) else 0.0
            self.stamp = 1.0 if cues.stamp.search(text) else 0.0
            if not kept:  # a line removed as a comment is a cue; others are not looked at
                self.cue = 1.0 if block.dropped.drop_kind == COMMENT else 0.0
            else:
                self.cue = 1.0 if units <= 12 and cues.comment.search(text) else 0.0
            self.name = 1.0 if 0 < units <= 5 and _name(text, cues) else 0.0
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
        if not text.isascii():
            self.punct += sum(map(text.count, WIDE_PUNCT))
        self.digits = len(DIGIT.findall(text)) / (len(text) or 1)
        self.title = len(CAPITALISED.findall(text)) / n_words if n_words else 0.0
        self.indent = float(self.block.features.get("indent", 0))
        self.glued = len(GLUED.findall(text)) if self.units > 3 else 0
        self.colon = 1.0 if text.endswith(":") else 0.0
        # a line that says its first words again ("Title hereTitle here"): a link and its label
        bare = NUMBERING.sub("", text, count=1)  # "1. TitleTitle": the number is printed once
        self.echo = 1.0 if len(bare) >= 24 and bare.find(bare[:12], 8) > 0 else 0.0


@dataclass(frozen=True)
class Cues:
    """What the phrase lists tell the line measures: a comment cue (`comment`: `[comments]`
    headings and form lines), a time stamp (`stamp`: a time of day, `[dates] ago`), and the
    words of a comment's author line beside its names (`name_joins`: `[names] author_joins`;
    `name_ends`: " says." for each of `[names] author_verbs`)."""

    comment: re.Pattern[str]
    stamp: re.Pattern[str]
    name_joins: frozenset[str]
    name_ends: tuple[str, ...]


def cue_pattern(patterns: Patterns) -> re.Pattern[str]:
    """Comment cues of every loaded language: the `[comments]` headings and form lines.
    Only whether a line has one is asked (`search`), so the phrases go in as a trie
    (`patterns.factored`): a few branches tried at each word start instead of every phrase."""
    items = [*patterns.all_entries("comments", "form"), *patterns.all_entries("comments", "headings")]
    return re.compile(r"(?<!\w)(?:" + factored(items) + ")", re.IGNORECASE)


def line_cues(patterns: Patterns) -> Cues:
    """The `Cues` of every loaded language."""
    ago = patterns.alternation("dates", "ago")
    stamp = re.compile(TIME_OF_DAY + (rf"|\b(?:{ago})" if ago else ""), re.IGNORECASE)
    verbs = tuple(f" {v}." for v in patterns.all_entries("names", "author_verbs"))
    return Cues(cue_pattern(patterns), stamp, patterns.all_words("names", "author_joins"), verbs)


def _name(text: str, cues: Cues) -> bool:
    """A person's name, maybe numbered or with "says:": "1. [763d3]John Scalzi", "Anna Lee says:"."""
    if text.endswith((".", "!", "?")) and not text.endswith(cues.name_ends):
        return False
    tokens = NUMBERING.sub("", text).split()
    joins = cues.name_joins
    return bool(tokens) and all(t[:1].isupper() or t.lower() in joins or t[:1] == "@" for t in tokens)


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


def extract(doc: Document, stopwords: frozenset[str], cues: Cues,
            lexicon: dict[str, float] | None = None) -> tuple[list[Block], list[list[float]], dict[str, Any]]:
    """The kept blocks of `doc`, one feature vector each (in `FEATURES` order), and page facts
    (`lines`: the `Line` of each kept block; `main`: first and last position of the main run).
    `cues`: what the phrase lists say (`line_cues`)."""
    lines = [Line(b, stopwords, cues) for b in doc.blocks]
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
