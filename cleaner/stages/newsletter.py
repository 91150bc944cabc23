"""Newsletter and sign-up boxes, removed whole: heading, pitch, form messages, legal line."""
from __future__ import annotations

from typing import Any

from ..document import JUNK, Document
from ..patterns import Patterns
from ..stage import Stage


class NewsletterStage(Stage):
    """Find short lines with sign-up signals and drop the box they form.

    A box is a run of short signal lines (`[newsletter] signals`) in which at
    most `max_gap` short lines without a signal sit between two signal lines
    ("Tous les mardis à 11h", "Merci !" inside a sign-up box).
    """

    name = "newsletter"
    options = {"max_words": 25, "gap_max_words": 12, "max_gap": 2}
    option_help = {"max_words": "longest sign-up line (in words)",
                   "gap_max_words": "longest line (in words) without a signal inside a box",
                   "max_gap": "most lines without a signal between two signal lines of one box"}
    rules = {"box": "a line of a sign-up box: its signal lines and the short lines between them"}
    drop_kinds = {"box": JUNK}

    def __init__(self, patterns: Patterns, **overrides: Any) -> None:
        super().__init__(patterns, **overrides)
        self.signals = patterns.native("newsletter", "signals")

    def run(self, doc: Document) -> None:
        kept = doc.kept_blocks()
        limit = self.opts["max_words"]
        signal = self.signals.search_where([b.norm for b in kept], [b.n_words <= limit for b in kept])
        i = 0
        while i < len(kept):
            if not signal[i]:
                i += 1
                continue
            end = i
            j = i + 1
            while j < len(kept) and j - end <= self.opts["max_gap"] + 1:
                if signal[j]:
                    end = j
                elif kept[j].n_words > self.opts["gap_max_words"]:
                    break
                j += 1
            box = kept[i:end + 1]
            for pos, block in enumerate(box, start=i):
                why = "sign-up line" if signal[pos] else "short line inside a sign-up box"
                self.drop(doc, block, "box", f"{why} ({len(box)} lines in box)")
            i = end + 1
