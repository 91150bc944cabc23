"""Comment sections: from the comments heading (or comment form) to the end of the
page, with every comment and author line; comment-form and moderation lines anywhere."""
from __future__ import annotations

import re
from typing import Any

from ..document import COMMENT, Block, Document
from ..patterns import Patterns
from ..stage import Stage
from ..textmode.features import DATE, SHORT, TIME_OF_DAY

STAMPED = re.compile(f"{DATE.pattern}|{TIME_OF_DAY}")


class CommentsStage(Stage):
    """Drop the comment section and stray comment-form lines.

    A heading (`[comments] headings`, matched on the whole line) opens the
    section when at least `min_words_before` words of prose (blocks of
    `prose_words` words or more) come before it; a heading higher up (a
    "3 comments" link by the byline) or inside a bulleted menu is dropped alone, and so is
    one with more prose below than above and no date or time in the lines under it, when a
    later heading has more above than below (a "Join the conversation" link over the article).
    """

    name = "comments"
    options = {"min_words_before": 60, "prose_words": 15, "form_max_words": 30}
    option_help = {"min_words_before": "words of prose needed above a comments heading for it to open "
                                       "the section (to the end of the page)",
                   "prose_words": "shortest block (in words) counted as prose",
                   "form_max_words": "longest comment-form or moderation line (in words)"}
    rules = {"heading": "a comments heading (\"Leave a reply\"), alone or opening the section",
             "section": "a block of the comment section, from its heading to the end of the page",
             "form": "a comment-form or moderation line"}
    drop_kinds = dict.fromkeys(rules, COMMENT)

    def __init__(self, patterns: Patterns, **overrides: Any) -> None:
        super().__init__(patterns, **overrides)
        self.headings = patterns.native_lines("comments", "headings")
        self.form = patterns.native("comments", "form")

    def run(self, doc: Document) -> None:
        kept = doc.kept_blocks()
        words_before = 0
        lines = [block.norm for block in kept]
        heading = self.headings.fullmatch_where([line.rstrip(" :") for line in lines], [True] * len(lines))
        headings = [pos for pos, yes in enumerate(heading) if yes]
        limit = self.opts["form_max_words"]
        form = self.form.search_where(lines, [block.n_words <= limit for block in kept])
        if not headings and True not in form:
            return  # the loop below only counts words until a heading or a form line
        for pos, block in enumerate(kept):
            line = block.norm
            if heading[pos]:
                if words_before >= self.opts["min_words_before"] and block.kind != "list_item" \
                        and not self._link_above_article(kept, pos, words_before, headings):
                    self._drop_section(doc, kept[pos:], line)
                    return
                self.drop(doc, block, "heading", "comments heading above the article text")
                continue
            if form[pos]:
                self.drop(doc, block, "form", "comment form or moderation line")
                continue
            if block.n_words >= self.opts["prose_words"]:
                words_before += block.n_words

    def _link_above_article(self, kept: list[Block], pos: int, words_before: int, headings: list[int]) -> bool:
        """A heading with more prose below it than above, no dated line right under it, and
        another heading further down that has more above than below: the first is a link by
        the byline ("Join the conversation"), the article follows it."""
        prose = [b.n_words if b.n_words >= self.opts["prose_words"] else 0 for b in kept]
        after = sum(prose[pos + 1:])
        if words_before >= after or any(b.n_words <= SHORT and STAMPED.search(b.text) for b in kept[pos + 1:pos + 6]):
            return False  # a date or time under the heading: the frame of the first comment
        return any(sum(prose[:later]) >= sum(prose[later + 1:]) for later in headings if later > pos)

    def _drop_section(self, doc: Document, section: list[Block], heading: str) -> None:
        self.drop(doc, section[0], "heading", "comments heading")
        for block in section[1:]:
            self.drop(doc, block, "section", f"inside the comment section opened by {heading[:40]!r}")
