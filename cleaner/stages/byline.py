"""Bylines, date lines and reading times: removed from the body, kept as metadata."""
from __future__ import annotations

import re
from itertools import compress
from typing import Any

from .. import _native
from ..dates import DateFinder
from ..document import METADATA, Block, Document, measure
from ..patterns import NEVER, Patterns
from ..patterns.syntax import opens_a_word
from ..text import is_long, looks_like_name
from ..stage import Stage

# (?<!\s): a run of spaces is tried from its start only (linear, not quadratic, on long runs)
SEGMENT_SPLIT = re.compile(r"(?<!\s)\s+(?:[|•·~]|//)\s+|(?<!\s)\s+[-–—]\s+(?=\S)|(?<=[a-z])[—–](?=\d)")
# what may hang at either end of a segment once split: separators glued to it
SEGMENT_EDGES = " \t|•·~/—–-"
# what every `SEGMENT_SPLIT` match holds one of: a line with none is one segment
SEGMENT_MARKS = "|•·~/-–—"
# a time of day, maybe with a time zone: "8:22AM EST", "07:29 GMT", "6:18 p.m."
TIME = re.compile(r"^\d{1,2}[:h.]\d\d\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?$", re.IGNORECASE)
# every date `DateFinder` finds has a year of four digits (`tests/test_shortcuts.py`)
YEAR = re.compile(r"\d{4}")
# A dropped line's rule: the first of these its segments are (a time of day comes with a
# date, else the line stays); its reason names every kind of segment it holds.
LINE_RULES = ("author", "author_repeat", "name", "date", "reading_time")
# the rule of a line that gave a metadata key (the `header` stage read it)
LINE_RULES_OF = {"author": "author", "published": "date", "reading_time": "reading_time"}


def byline_prefixes(patterns: Patterns) -> str:
    """The alternation of every loaded language's byline prefixes ("By", "Par", "Written by")."""
    return "|".join(f"(?:{p})" for p in patterns.all_entries("byline", "prefixes"))


def byline_regex(patterns: Patterns) -> re.Pattern[str]:
    """A byline: a prefix, maybe a colon, then the name (group `name`)."""
    return re.compile(rf"^(?:{byline_prefixes(patterns)})(?:\s*:)?\s+(?P<name>\S.*)$", re.IGNORECASE)


class BylineStage(Stage):
    """Turn byline, date and reading-time lines into metadata and drop them.

    A line may hold several of them ("By Jane Doe | 20 June 2024 | 4 min read");
    it is dropped only when every segment is one of them. A date line between
    two paragraphs is kept: it is a heading of a timeline, not page furniture.
    """

    name = "byline"
    provides = frozenset({"author", "published"})
    options = {"max_words": 24, "label_repeats": 3}
    option_help = {"max_words": "longest line (in words) that may be a byline or date line",
                   "label_repeats": "a lone byline prefix (\"By:\") said this many times heads list items: "
                                    "the name under it stays"}
    rules = {
        "author": "a byline (\"By Jane Doe\", maybe with a date, time or reading time), or a lone prefix "
                  "and the name under it",
        "author_repeat": "the page's author named again, with a date or reading time maybe",
        "name": "a name with no \"By\" beside a date or a reading time",
        "date": "a date line, maybe with a time of day or a reading time",
        "reading_time": "a reading time (\"4 min read\")",
        "date_label": "a date label glued before the text (\"Published 2024-03-01 The...\") cut out",
    }
    drop_kinds = dict.fromkeys(LINE_RULES, METADATA)

    def __init__(self, patterns: Patterns, **overrides: Any) -> None:
        super().__init__(patterns, **overrides)
        self.dates = DateFinder(patterns)
        prefixes = byline_prefixes(patterns)
        self.byline = byline_regex(patterns)
        self.prefix_alone = re.compile(rf"^(?:{prefixes})(?:\s*:)?$", re.IGNORECASE)  # "Written by" / name below
        self.reading = patterns.native("reading_time", "phrases")  # a segment (fullmatch), or in a line
        # what `_may_say` looks for, in one native search: a year, a reading time (from a word
        # start as in its own list), or a byline prefix opening the line (after separators)
        reading = patterns.all_entries("reading_time", "phrases")
        opening = [f"^[{re.escape(SEGMENT_EDGES)}]*(?:{p})" for p in patterns.all_entries("byline", "prefixes")]
        self.may_say_screen = _native.PhraseList([YEAR.pattern, *reading, *opening],
                                                 [False, *map(opens_a_word, reading), *[False] * len(opening)])
        # a date clause run on after a byline: "Par Jean Dupont Publié le 3 mars 2024"; a run of
        # spaces, commas and semicolons is tried from its start only (linear, not quadratic, on a
        # long run), or, when it opens the line, from after its first comma or semicolon
        opens = patterns.all_entries("dates", "opens")
        self.clause = re.compile(r"(?:(?<=[^\s,;])|(?<=[,;])(?<!\S[,;]))[\s,;]+(?=(?:" + "|".join(f"(?:{o})" for o in opens) + r")(?!\w))",
                                 re.IGNORECASE) if opens else None
        # what a clause opens with, after white space, a comma or a semicolon: from a word start
        self.clause_opens = patterns.native("dates", "opens")
        # a reading time glued to the end of a date or byline: "Nov 8, 2025 7 min read"
        self.reading_tail = re.compile(r"(?<!\w)(?:" + "|".join(f"(?:{p})" for p in patterns.all_entries(
            "reading_time", "phrases")) + r")\s*$", re.IGNORECASE)
        tokens = [*patterns.all_entries("dates", "months"), *patterns.all_entries("dates", "weekdays"),
                  *patterns.all_entries("dates", "labels")]
        self.date_words = re.compile(r"(?<!\w)(?:" + "|".join(f"(?:{t})" for t in tokens) + r")(?!\w)", re.IGNORECASE)
        labels = patterns.alternation("dates", "iso_labels")
        self.date_label = re.compile(rf"^(?:{labels})\s*(?::\s*)?(?P<date>\d{{4}}-\d{{2}}(?:-\d{{2}})?)\s+(?=\S)",
                                     re.IGNORECASE) if labels else NEVER
        # what a line `date_label` matches opens with (a line of `max_words` words or fewer has a
        # year too: `may_say_screen` finds it)
        self.label_screen = _native.PhraseList([f"^(?:{label})" for label in patterns.all_entries("dates", "iso_labels")],
                                               False)
        # what is left of a date line once its date is out: day numbers, ordinals, hours, separators
        suffixes = "|".join(filter(None, [patterns.alternation("dates", "ordinals"), r"h\d*"]))
        self.date_rest = re.compile(rf"\d+(?:{suffixes})?|[\s:/.,|•·()–—-]+")
        self.name_joins = patterns.all_words("names", "byline_joins")

    # ---- what a segment is --------------------------------------------------
    def _author(self, seg: str) -> str | None:
        m = self.byline.match(seg)
        if m and looks_like_name(m.group("name"), self.name_joins):
            return m.group("name").strip()
        return None

    def _date(self, seg: str, lang: str | None) -> str | None:
        found = self.dates.find(seg, lang) if YEAR.search(seg) else None
        if not found:
            return None
        rest = self.date_words.sub(" ", seg[:found.start] + " " + seg[found.end:])
        rest = self.date_rest.sub(" ", rest)
        # once more: "8:22AM" and "6:18 p.m." leave an "AM", a "p m" only now
        rest = self.date_words.sub(" ", rest.replace(" a m ", " am ").replace(" p m ", " pm "))
        return found.iso if not rest.strip() else None

    def _classify(self, seg: str, lang: str | None, author: str | None) -> tuple[str, str] | None:
        if self.reading.fullmatch(seg):
            return "reading_time", seg
        if TIME.match(seg):
            return "time", seg
        if author and seg == author:
            return "author_repeat", seg
        if (name := self._author(seg)) is not None:
            return "author", name
        if (iso := self._date(seg, lang)) is not None:
            return "date", iso
        if 2 <= len(seg.split()) <= 5 and looks_like_name(seg, self.name_joins):
            return "name", seg  # a name with no "By": a byline only beside a date (not taken as the author)
        return None

    def _classify_all(self, segments: list[str], lang: str | None, author: str | None) -> list[tuple[str, str] | None]:
        """`_classify` of each segment, up to the first that is none of the kinds (None, last)."""
        found = []
        for seg in segments:
            found.append(kind := self._classify(seg, lang, author))
            if kind is None:
                break
        return found

    # ---- the pass ---------------------------------------------------------------
    def run(self, doc: Document) -> None:
        lang = doc.metadata.get("language")
        given = doc.metadata_blocks  # the lines the `header` stage read a byline or date from
        if gave_lines := {index for index, keys in given.items() if any(k in LINE_RULES_OF for k in keys)}:
            for block in doc.kept_blocks():
                if block.index in gave_lines:
                    gave = [LINE_RULES_OF[k] for k in given[block.index] if k in LINE_RULES_OF]
                    self.drop(doc, block, gave[0], f"{', '.join(gave)} line read by the header, kept as metadata")
        kept = doc.kept_blocks()
        measure(kept)
        lines, sizes = [b.norm for b in kept], [b.n_words for b in kept]
        limit = self.opts["max_words"]
        short = [size <= limit for size in sizes]
        screened = self.screen_lines(lines, short)
        # a line `date_label` or `prefix_alone` matches, or `read` reads with no author given,
        # is `screened` or, past `max_words` words, `labelled`
        labelled = self.label_screen.search_where(lines, [not s for s in short])
        # a lone "By:" said again and again heads the items of a list (books, talks), not the page
        may_be_alone = screened if limit >= 3 else [True] * len(kept)
        lone_prefixes = sum(1 for pos in compress(range(len(kept)), may_be_alone)
                            if sizes[pos] <= 3 and self.prefix_alone.match(lines[pos]))
        author = doc.metadata.get("author")
        for pos, block in enumerate(kept):
            if not (screened[pos] or labelled[pos] or author and short[pos] and author in lines[pos]):
                continue  # `read` finds nothing in it
            if block.dropped:  # the name under a lone "Written by", dropped with it
                continue
            line = lines[pos]
            if (m := self.date_label.match(line)) and not is_long(line[:m.end()]):
                self.set_meta(doc, "published", m.group("date"))
                self.edit(doc, block, block.text[block.text.find(m.group("date")) + len(m.group("date")):].lstrip(),
                          "date_label", "date label glued before the text, kept as metadata")
                continue
            if not line or not short[pos]:
                continue
            if (lone_prefixes < self.opts["label_repeats"] and self.prefix_alone.match(line) and pos + 1 < len(kept)
                    and self._author_below(doc, block, kept[pos + 1])):
                author = doc.metadata.get("author")
                continue
            found = self.read(line, lang, author, screened=screened[pos])
            if found is None:
                continue
            kinds = [k for k, _ in found]
            if kinds == ["date"] and self._between_paragraphs(kept, pos):
                continue
            for kind, value in found:
                key = {"author": "author", "date": "published", "reading_time": "reading_time"}.get(kind)
                if key:
                    self.set_meta(doc, key, value)
            author = doc.metadata.get("author")
            rule = next(r for r in LINE_RULES if r in kinds)
            self.drop(doc, block, rule, f"{', '.join(dict.fromkeys(kinds))} line, kept as metadata")

    def read(self, line: str, lang: str | None, author: str | None = None,
             split_date: bool = False, screened: bool | None = None) -> list[tuple[str, str]] | None:
        """What a byline, date or reading-time line says, segment by segment (`(kind, value)`:
        kind one of "author", "author_repeat", "name", "date", "time", "reading_time"); None
        when some segment is none of them, or the line is a time alone or names alone
        (`author`: the page's author known so far). With `split_date`, a name and a date
        with no separator between them ("By Jane Doe March 3, 2024") are read too. `screened`:
        what `may_say_screen` said of the line, when the caller asked it of a page at once."""
        if not line or not self._may_say(line, author, screened):
            return None
        found = self._classify_all(self._segments(line), lang, author)
        if None in found and self.clause and self.clause_opens.search(line) and self.clause.search(line):
            found = self._classify_all(self._segments(line, clauses=True), lang, author)
        if None in found and split_date:
            found = self._name_then_date(line, lang, author) or found
        if not found or None in found:
            return None
        kinds = [k for k, _ in found]  # type: ignore[misc]
        if "time" in kinds and "date" not in kinds:
            return None  # a time of day alone may head a live blog's entry
        if "name" in kinds and not {"date", "reading_time"} & set(kinds):
            return None  # a name alone, or beside another name: a heading, a credit, a list
        return found  # type: ignore[return-value]

    def screen(self, blocks: list[Block]) -> list[bool]:
        """`may_say_screen` asked of the blocks' lines at once (False past `max_words` words)."""
        limit = self.opts["max_words"]
        return self.screen_lines([b.norm for b in blocks], [b.n_words <= limit for b in blocks])

    def screen_lines(self, lines: list[str], short: list[bool]) -> list[bool]:
        """`may_say_screen` asked of `lines` (their `norm`s) at once, of the `short` ones only
        (`max_words` words or fewer; False for the others)."""
        return self.may_say_screen.search_where(lines, short)

    def _may_say(self, line: str, author: str | None, screened: bool | None = None) -> bool:
        """False when `read` is sure to find nothing in `line` (a line of `norm`): it finds
        something only when a segment is a date (a year of four digits), a reading time, or the
        author again, or when every segment is a byline, the first one too, which opens the
        line but for separators; every segment of a line starts after a separator, where a
        phrase from a word start is found by a search of the whole line (`may_say_screen`;
        `screened`: its answer, when known)."""
        if screened is None:
            screened = self.may_say_screen.search(line)
        return screened or bool(author and author in line)

    def _name_then_date(self, line: str, lang: str | None, author: str | None) -> list[tuple[str, str] | None] | None:
        """A byline and a date run together: the name before the date, the date (with maybe
        a time of day) to the end of the line."""
        hit = self.dates.find(line, lang) if YEAR.search(line) else None
        if hit is None or hit.start == 0:
            return None
        words = line[:hit.start].strip(SEGMENT_EDGES + ",").split()
        while words and words[-1].lower() in self.name_joins:  # "Par Jean Dupont le 3 mars 2024"
            words.pop()
        head = self._classify(" ".join(words), lang, author)
        iso = self._date(line[hit.start:].strip(SEGMENT_EDGES), lang)
        if head is None or head[0] not in ("author", "author_repeat", "name") or iso is None:
            return None
        return [head, ("date", iso)]

    def _author_below(self, doc: Document, label: Block, below: Block) -> bool:
        """A byline prefix alone on its line ("Written by") and a name on the next: both go."""
        name = below.norm
        if not (2 <= len(name.split()) <= 5 and looks_like_name(name, self.name_joins)):
            return False
        self.set_meta(doc, "author", name)
        self.drop(doc, label, "author", "byline prefix alone, the name on the next line, kept as metadata")
        self.drop(doc, below, "author", "author name under a byline prefix, kept as metadata")
        return True

    def _segments(self, line: str, clauses: bool = False) -> list[str]:
        """The parts of a line between separators, a reading time glued at the end apart;
        with `clauses`, a date clause run on after a name apart too."""
        segments = SEGMENT_SPLIT.split(line) if any(mark in line for mark in SEGMENT_MARKS) else [line]
        if clauses and self.clause:
            segments = [part for seg in segments for part in self.clause.split(seg)]
        # a reading time at the end holds a reading-time phrase: the native search rules most out
        tail = self.reading_tail.search(segments[-1]) if self.reading.search(segments[-1]) else None
        if tail and tail.start() > 0:
            segments[-1:] = [segments[-1][:tail.start()], tail.group()]
        return [seg for seg in (s.strip(SEGMENT_EDGES) for s in segments) if seg]

    @staticmethod
    def _between_paragraphs(kept: list[Block], pos: int) -> bool:
        before = kept[pos - 1].text if pos > 0 else ""
        after = kept[pos + 1].text if pos + 1 < len(kept) else ""
        return is_long(before) and is_long(after)
