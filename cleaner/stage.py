"""Base classes for stages: the loop, the logging and the declared needs live here."""
from __future__ import annotations

from itertools import compress
from operator import or_
from typing import Any, ClassVar

from . import _native
from .document import DROP_KINDS, JUNK, Block, Change, Document, measure
from .patterns import Patterns


class UndeclaredRule(ValueError):
    """A change logged under a rule its stage does not declare (a programming error)."""


def check_rule(owner: str, rules: dict[str, str], rule: str) -> str:
    """`rule`, when `rules` (the declared rules of `owner`) has it; else UndeclaredRule."""
    if rule not in rules:
        raise UndeclaredRule(f"{owner}: rule {rule!r} is not declared; declared: {', '.join(rules) or 'none'}")
    return rule


class Stage:
    """A named step of the pipeline.

    `requires` names what earlier stages must provide (for example "blocks" or
    "language"); `provides` names what this stage adds. `formats` limits the
    stage to "text" or "html" inputs. `options` holds the tunable settings with
    their defaults, `option_help` what each means; `Config.options[name]` overrides them.

    `rules` declares every rule the stage logs a change under (name -> one-line
    description): `drop`, `edit` and `warn` refuse any other. `drop_kinds` gives the kind
    (`document.DROP_KINDS`) of each rule that drops: what the dropped text was, which is
    what later stages may ask, never which stage dropped it.
    """

    name: ClassVar[str] = "stage"
    requires: ClassVar[frozenset[str]] = frozenset({"blocks"})
    provides: ClassVar[frozenset[str]] = frozenset()
    formats: ClassVar[frozenset[str]] = frozenset({"text", "html"})
    options: ClassVar[dict[str, Any]] = {}
    option_help: ClassVar[dict[str, str]] = {}
    rules: ClassVar[dict[str, str]] = {}
    drop_kinds: ClassVar[dict[str, str]] = {}

    def __init__(self, patterns: Patterns, **overrides: Any) -> None:
        unknown = set(overrides) - set(self.options)
        if unknown:
            raise ValueError(f"stage {self.name}: unknown option(s) {sorted(unknown)}; "
                             f"valid: {', '.join(self.options) or 'none'} (see `cleaner stages --options`)")
        self.patterns = patterns
        self.opts: dict[str, Any] = {**self.options, **overrides}

    @classmethod
    def declaration_problems(cls) -> list[str]:
        """What is wrong with the class's declarations: an option without a description, a
        drop kind for an undeclared rule or of an unknown kind (empty when all is well)."""
        where = f"stage {cls.name}"
        problems = [f"{where}: option {o!r} has no description in option_help"
                    for o in cls.options if not cls.option_help.get(o)]
        problems += [f"{where}: option_help describes {o!r}, which is no option"
                     for o in cls.option_help if o not in cls.options]
        problems += [f"{where}: rule {r!r} has no description" for r, d in cls.rules.items() if not d]
        problems += [f"{where}: drop kind given for undeclared rule {r!r}" for r in cls.drop_kinds if r not in cls.rules]
        problems += [f"{where}: rule {r!r} has unknown drop kind {k!r}"
                     for r, k in cls.drop_kinds.items() if k not in DROP_KINDS]
        return problems

    def applies_to(self, doc: Document) -> bool:
        """True when this stage should run on `doc` (by input format)."""
        return doc.source.format in self.formats

    def run(self, doc: Document) -> None:
        """Label, edit or annotate `doc` in place, always through its change log."""
        raise NotImplementedError

    # helpers so subclasses log under their own name, and only under a declared rule
    def drop(self, doc: Document, block: Block, rule: str, reason: str = "") -> None:
        """Drop `block` as `self.name:rule`, a drop of the rule's declared kind."""
        doc.drop(block, self.name, rule, reason, kind=self.drop_kind(rule))

    def drop_all(self, doc: Document, blocks: list[Block], rule: str, reasons: list[str]) -> None:
        """Drop each of `blocks` as `self.name:rule`, with its reason (one lookup of the kind)."""
        doc.drop_all(blocks, self.name, rule, reasons, kind=self.drop_kind(rule))

    def drop_text(self, doc: Document, text: str, rule: str, reason: str) -> Change:
        """Log `text`, removed before the page has blocks, as dropped by `self.name:rule`."""
        return doc.drop_text(text, self.name, rule, reason, kind=self.drop_kind(rule))

    def edit(self, doc: Document, block: Block, text: str, rule: str, reason: str = "") -> None:
        """Edit `block` as `self.name:rule`."""
        doc.edit(block, text, self.name, check_rule(f"stage {self.name}", self.rules, rule), reason)

    def set_meta(self, doc: Document, key: str, value: Any, replace: bool = False) -> bool:
        """Set `doc`'s metadata `key` as found by this stage (see `Document.set_meta`)."""
        return doc.set_meta(key, value, self.name, replace)

    def warn(self, doc: Document, rule: str, reason: str, block: Block | None = None) -> None:
        """Warn as `self.name:rule`."""
        doc.warn(self.name, check_rule(f"stage {self.name}", self.rules, rule), reason, block)

    def drop_kind(self, rule: str) -> str:
        """The declared kind of the drops of `rule` (UndeclaredRule when the stage does not
        declare the rule, or declares no kind for it)."""
        kind = self.drop_kinds.get(rule)
        if kind is None or rule not in self.rules:
            check_rule(f"stage {self.name}", self.rules, rule)
            raise UndeclaredRule(f"stage {self.name}: rule {rule!r} drops but has no kind in drop_kinds")
        return kind


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
    chrome items and a "+": nothing else is left once they are taken out. The items are
    tried longest first, each from a word start to a word end (CPython's word characters), and matched
    natively (`native/src/items.rs`), one call a page. `match` is for the lines of other
    shapes a subclass drops too.
    """

    section: ClassVar[str] = ""
    options: ClassVar[dict[str, Any]] = {"max_words": 16}
    option_help: ClassVar[dict[str, str]] = {"max_words": "longest line (in words) looked at"}
    rules: ClassVar[dict[str, str]] = {"items": "a line made only of items of the stage's phrase list"}
    drop_kinds: ClassVar[dict[str, str]] = {"items": JUNK}

    def __init__(self, patterns: Patterns, **overrides: Any) -> None:
        super().__init__(patterns, **overrides)
        self.item_phrases = sorted(patterns.all_entries(self.section, "items"), key=len, reverse=True)
        self.items = _native.ItemList(self.item_phrases)

    def match(self, block: Block, doc: Document) -> tuple[str, str] | None:
        """`(rule, reason)` for a line of another shape to drop; None here."""
        return None

    def may_match(self, blocks: list[Block], lines: list[str]) -> list[bool]:
        """Which of `blocks` (`lines`: their `norm`s) `match` may drop: all, for a subclass with
        a `match` of its own (which may say better), none otherwise."""
        return [type(self).match is not ItemLineRule.match] * len(blocks)

    def run(self, doc: Document) -> None:
        kept = doc.kept_blocks()
        measure(kept)
        lines = [b.norm for b in kept]
        limit = self.opts["max_words"]
        only = self.items.only_items_where(lines, [b.n_words <= limit for b in kept])
        may = self.may_match(kept, lines)
        # only the lines one of the two tests may drop (most lines are neither)
        for pos in compress(range(len(kept)), map(or_, only, may)):
            block = kept[pos]
            hit = (("items", f"only {self.section} items: {lines[pos][:80]!r}") if only[pos]
                   else self.match(block, doc) if may[pos] else None)
            if hit:
                self.drop(doc, block, *hit)
