"""Base classes for stages: the loop, the logging and the declared needs live here."""
from __future__ import annotations

import re
from typing import Any, ClassVar

from .document import Block, Document
from .patterns import Patterns, factored

LETTER_OR_DIGIT = re.compile(r"\w")


class Stage:
    """A named step of the pipeline.

    `requires` names what earlier stages must provide (for example "blocks" or
    "language"); `provides` names what this stage adds. `formats` limits the
    stage to "text" or "html" inputs. `options` holds the tunable settings with
    their defaults; `Config.options[name]` overrides them.
    """

    name: ClassVar[str] = "stage"
    requires: ClassVar[frozenset[str]] = frozenset({"blocks"})
    provides: ClassVar[frozenset[str]] = frozenset()
    formats: ClassVar[frozenset[str]] = frozenset({"text", "html"})
    options: ClassVar[dict[str, Any]] = {}

    def __init__(self, patterns: Patterns, **overrides: Any) -> None:
        unknown = set(overrides) - set(self.options)
        if unknown:
            raise ValueError(f"stage {self.name}: unknown option(s) {sorted(unknown)}")
        self.patterns = patterns
        self.opts: dict[str, Any] = {**self.options, **overrides}

    def applies_to(self, doc: Document) -> bool:
        """True when this stage should run on `doc` (by input format)."""
        return doc.source.format in self.formats

    def run(self, doc: Document) -> None:
        """Label, edit or annotate `doc` in place, always through its change log."""
        raise NotImplementedError

    # helpers so subclasses log under their own name
    def drop(self, doc: Document, block: Block, rule: str, reason: str = "") -> None:
        """Drop `block` as `self.name:rule`."""
        doc.drop(block, self.name, rule, reason)

    def edit(self, doc: Document, block: Block, text: str, rule: str, reason: str = "") -> None:
        """Edit `block` as `self.name:rule`."""
        doc.edit(block, text, self.name, rule, reason)

    def set_meta(self, doc: Document, key: str, value: Any, replace: bool = False) -> bool:
        """Set `doc`'s metadata `key` as found by this stage (see `Document.set_meta`)."""
        return doc.set_meta(key, value, self.name, replace)

    def warn(self, doc: Document, rule: str, reason: str, block: Block | None = None) -> None:
        """Warn as `self.name:rule`."""
        doc.warn(self.name, rule, reason, block)


class DropRule(Stage):
    """A stage that looks at each kept block alone and drops the junk ones."""

    def match(self, block: Block, doc: Document) -> tuple[str, str] | None:
        """`(rule, reason)` when `block` is junk, else None."""
        raise NotImplementedError

    def run(self, doc: Document) -> None:
        for block in doc.kept_blocks():
            hit = self.match(block, doc)
            if hit:
                self.drop(doc, block, *hit)


class ItemLineRule(DropRule):
    """Drops lines made only of items from one phrase list (menus, share bars).

    "Editer l'article Suivre ce blog Administration + Créer mon blog" is four
    chrome items and a "+": nothing else is left once they are taken out.
    """

    section: ClassVar[str] = ""
    options: ClassVar[dict[str, Any]] = {"max_words": 16}

    def __init__(self, patterns: Patterns, **overrides: Any) -> None:
        super().__init__(patterns, **overrides)
        items = sorted(patterns.all_entries(self.section, "items"), key=len, reverse=True)
        self.items = re.compile(r"(?<!\w)(?:" + "|".join(f"(?:{i})" for i in items) + r")(?!\w)", re.IGNORECASE)
        # matches at the same positions as `items` (a trie of the same phrases), faster
        self.items_test = re.compile(r"(?<!\w)" + factored(items) + r"(?!\w)", re.IGNORECASE)

    def match(self, block: Block, doc: Document) -> tuple[str, str] | None:
        line = block.norm
        if not line or block.n_words > self.opts["max_words"]:
            return None
        # cheap test first: the line's first letter or digit must lie in an item, so one
        # item starts at or before it
        first = LETTER_OR_DIGIT.search(line)
        if not first or not any(self.items_test.match(line, i) for i in range(first.start() + 1)):
            return None
        rest = self.items.sub(" ", line)
        if rest != line and not LETTER_OR_DIGIT.search(rest):
            return "items", f"only {self.section} items: {line[:80]!r}"
        return None
