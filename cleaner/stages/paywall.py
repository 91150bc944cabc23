"""Paywall and login prompts ("Ce service est réservé aux abonnés. S'identifier")."""
from __future__ import annotations

from typing import Any

from ..document import JUNK, Document
from ..patterns import Patterns
from ..stage import Stage


class PaywallStage(Stage):
    """Drop short lines that carry a paywall or login phrase (`[paywall] phrases`)."""

    name = "paywall"
    options = {"max_words": 30}
    option_help = {"max_words": "longest line (in words) looked at"}
    rules = {"prompt": "a short line with a paywall or login phrase"}
    drop_kinds = {"prompt": JUNK}

    def __init__(self, patterns: Patterns, **overrides: Any) -> None:
        super().__init__(patterns, **overrides)
        self.phrases = patterns.native("paywall", "phrases")

    def run(self, doc: Document) -> None:
        """Every kept block up to `max_words` words, the phrases looked for in one native call."""
        kept = doc.kept_blocks()
        limit = self.opts["max_words"]
        hits = self.phrases.first_where([b.norm for b in kept], [b.n_words <= limit for b in kept])
        for block, hit in zip(kept, hits):
            if hit is not None:
                self.drop(doc, block, "prompt", f"paywall phrase {hit!r}")
