"""Paywall and login prompts ("Ce service est réservé aux abonnés. S'identifier")."""
from __future__ import annotations

from typing import Any

from ..document import JUNK, Block, Document
from ..patterns import Patterns
from ..stage import DropRule


class PaywallStage(DropRule):
    """Drop short lines that carry a paywall or login phrase (`[paywall] phrases`)."""

    name = "paywall"
    options = {"max_words": 30}
    option_help = {"max_words": "longest line (in words) looked at"}
    rules = {"prompt": "a short line with a paywall or login phrase"}
    drop_kinds = {"prompt": JUNK}

    def __init__(self, patterns: Patterns, **overrides: Any) -> None:
        super().__init__(patterns, **overrides)
        self.phrases = patterns.any("paywall", "phrases")
        self.phrases_test = patterns.any_test("paywall", "phrases")

    def match(self, block: Block, doc: Document) -> tuple[str, str] | None:
        line = block.norm
        if block.n_words > self.opts["max_words"]:
            return None
        hit = self.phrases.search(line) if self.phrases_test.search(line) else None
        return ("prompt", f"paywall phrase {hit.group(0)!r}") if hit else None
