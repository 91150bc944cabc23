"""The article's header of a text dump read for metadata: headline, author, date. Drops nothing.

Text mode only. Runs right after `mainregion` and reads every block as the page gave it,
dropped or not, so that a byline line some stage removed still gives its author and date.
It only reads: each block that gave metadata is recorded (`Document.read_metadata_from`),
so whichever stage removes it, before or after, the removal has the kind `metadata` and
says what the line gave. The `title` and `byline` stages, later, remove those lines still
kept. The headline is chosen by a small learned scorer (`cleaner.headline`, model
`models/headline.json`): when it is unsure there is no title, and the line stays.

It runs after `mainregion`, not before it: a stage before the text model is part of what
the model was trained behind (`cleaner.textmode.fingerprint`), and the main region it found
is the best clue to where the article starts.
"""
from __future__ import annotations

from typing import Any

from ..document import Block, Document
from ..headline import (ABOVE, BELOW, MODEL_PATH, NEIGHBOURS, HeadlineModel, article_start, candidates,
                        load_headline_model, ws)
from ..patterns import Patterns
from ..stage import Stage
from .byline import BylineStage

KEYS = {"author": "author", "date": "published", "reading_time": "reading_time"}  # what a byline segment gives
TITLE = "title"  # the metadata key


class HeaderStage(Stage):
    """Read the headline, the author and the date from the header of a text dump."""

    name = "header"
    formats = frozenset({"text"})
    provides = frozenset({"title", "author", "published"})
    options = {"model": None, "byline_above": 3, "threshold": None}
    option_help = {"model": "path of the headline model (null: the shipped cleaner/models/headline.json)",
                   "byline_above": "lines above the headline (or, without one, the article) read for a byline or date",
                   "threshold": "least probability a headline needs (null: the model's)"}
    rules = {"no_model": "no usable headline model: no title read",
             "unsure": "a line that may be the headline, not taken: no title (the line stays)"}
    # an unsure headline is worth a warning from this probability on
    UNSURE_FROM = 0.25

    def __init__(self, patterns: Patterns, **overrides: Any) -> None:
        super().__init__(patterns, **overrides)
        self.bylines = BylineStage(patterns)
        self.credit = patterns.native("captions", "credits")
        try:
            self.model: HeadlineModel | None = load_headline_model(self.opts["model"] or str(MODEL_PATH))
        except (OSError, ValueError, KeyError) as exc:
            self.model, self.model_error = None, str(exc)

    def run(self, doc: Document) -> None:
        lang = doc.metadata.get("language")
        stopwords = self.patterns.words(lang, "stopwords", "words") if lang in self.patterns.languages else frozenset()
        read: dict[int, list[tuple[str, str]] | None] = {}
        start = article_start(doc.blocks)
        screened = self._screen(doc.blocks, start)

        limit = self.bylines.opts["max_words"]

        def byline_at(block: Block) -> str | None:
            index = block.index
            if index not in read:
                # the screen said no (with no author given, `read` finds nothing then): not asked
                hit = screened.get(index)
                read[index] = self.bylines.read(block.norm, lang, split_date=True, screened=hit) \
                    if block.n_words <= limit and hit is not False else None
            found = read[index]
            return found[0][0] if found else None

        title = self._title(doc, stopwords, byline_at, start)
        if start is None:
            return
        top = (title.index if title else start) - self.opts["byline_above"]
        for block in doc.blocks[max(0, top):start + BELOW + 1]:
            if block is title or not byline_at(block):
                continue
            author = doc.metadata.get("author")
            gave = tuple(KEYS[kind] for kind, value in read[block.index] or []  # type: ignore[union-attr]
                         if kind in KEYS and self.set_meta(doc, KEYS[kind], value))
            if gave or author and any(kind == "author_repeat" for kind, _ in read[block.index] or []):
                doc.read_metadata_from(block, gave or ("author",))

    def _screen(self, blocks: list[Block], start: int | None) -> dict[int, bool]:
        """The byline screen's answer (`BylineStage.may_say_screen`) for the blocks the header
        reads (the candidates, their neighbours, the lines above the headline), by block index,
        asked in one native call."""
        if start is None:
            return {}
        lo, hi = max(0, start - ABOVE - NEIGHBOURS), min(len(blocks), start + BELOW + NEIGHBOURS + 1)
        near = blocks[lo:hi]
        return {block.index: hit for block, hit in zip(near, self.bylines.screen(near))}

    def _title(self, doc: Document, stopwords: frozenset[str], byline_at: Any, start: int | None) -> Block | None:
        """The headline's block (its text set as the title), or None when unsure (`start`: the
        article's first paragraph, `article_start`)."""
        if self.model is None:
            self.warn(doc, "no_model", f"no usable headline model, no title read: {self.model_error}")
            return None
        if TITLE in doc.metadata:
            return None
        cands = candidates(doc, stopwords, byline_at, self.credit, start, self.model)
        threshold = self.opts["threshold"]
        scores = self.model.scores(cands)
        best, prob, second = self.model.choose(cands, None if threshold is None else float(threshold), scores)
        if best is None:
            # the first of the best scored, as `max` picks it
            top = cands[scores.index(max(scores))] if cands else None
            if top is not None and prob >= self.UNSURE_FROM:  # the best line, not taken
                self.warn(doc, "unsure", f"may be the headline, not taken (p {prob:.2f}, next {second:.2f}: "
                          f"{self.model.explain(top.row)}): {ws(top.block.text)[:80]!r}", top.block)
            return None
        self.set_meta(doc, TITLE, ws(best.block.text))
        self.set_meta(doc, "title_evidence", f"p {prob:.2f} (next {second:.2f}): {self.model.explain(best.row)}")
        doc.read_metadata_from(best.block, (TITLE,))
        return best.block
