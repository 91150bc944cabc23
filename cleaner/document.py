"""The one record every view reads: a Document of Blocks and the Changes made to them.

Stages never delete a block or rewrite text silently: they call `Document.drop`,
`Document.edit` or `Document.warn`, which append a `Change`. The clean text, the
metadata sidecar, the diff and the statistics are all computed from this record.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import partial
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from . import _native

DROP, EDIT, WARN = "drop", "edit", "warn"
_KEPT = attrgetter("kept")

# What a dropped text was, given by the stage that drops it (`Stage.drop_kinds`): later stages
# and the text model ask what was removed, never who removed it.
JUNK = "junk"
METADATA = "metadata"
COMMENT = "comment"
RELATED = "related"
CAPTION = "caption"
DUPLICATE = "duplicate"
DROP_KINDS: dict[str, str] = {
    JUNK: "page furniture: navigation, menus, share bars, sign-up and paywall prompts, widgets, "
          "hidden or never-extracted markup, lines outside the article",
    METADATA: "the title, byline, date, reading time or site name: out of the body, kept as metadata",
    COMMENT: "reader comments: a comment section, thread, heading or form",
    RELATED: "other articles: teasers, related lists, other posts of a listing",
    CAPTION: "photo captions, credits, image placeholders and descriptions",
    DUPLICATE: "a second copy of text kept just before it",
}


@dataclass
class Change:
    """One logged action: a block dropped, a span of text edited, or a warning."""

    kind: str  # DROP, EDIT or WARN
    stage: str
    rule: str
    reason: str
    block: int | None = None  # index of the block touched, None for document-level
    before: str = ""  # the text touched (the whole block for a drop)
    after: str = ""
    lines: tuple[int, int] | None = None  # 1-based inclusive line span in the input
    drop_kind: str = ""  # for a DROP, what was dropped (a key of DROP_KINDS); "kind" in `as_dict`
    gave: tuple[str, ...] = ()  # for a DROP, the metadata keys the block gave (its kind is then METADATA)
    # for a DROP of no block (an HTML page's pre-pass, text extraction left out): where it stood,
    # (the index of the block it came before, len(blocks) after the last; its rank in page order
    # among the page's drops of no block), set by `htmlmode.place`; None when unknown
    at: tuple[int, int] | None = None

    @property
    def label(self) -> str:
        """`stage:rule`, the name users see and can grep."""
        return f"{self.stage}:{self.rule}"

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view of this change. A drop with no line span (HTML pages) says where it
        stood instead: `block` (the block dropped) or `at` (see the field)."""
        lines = self.lines
        if self.kind == DROP and lines and not self.gave and self.at is None:
            # most changes: a line of a text dump dropped, its dict made in one go
            return {"stage": self.stage, "rule": self.rule, "reason": self.reason, "kind": self.drop_kind,
                    "text": self.before, "lines": [lines[0], lines[1]]}
        out: dict[str, Any] = {"stage": self.stage, "rule": self.rule, "reason": self.reason}
        if self.kind == DROP:
            out["kind"] = self.drop_kind
            if self.gave:
                out["gave"] = list(self.gave)
            out["text"] = self.before
            if not lines and self.block is not None:
                out["block"] = self.block
            elif self.at is not None:
                out["at"] = list(self.at)
        elif self.kind == EDIT:
            out["before"], out["after"] = self.before, self.after
        if lines:
            out["lines"] = list(lines)
        return out


@dataclass(init=False)
class Block:
    """A paragraph or line of the input, as read and as stages have left it.

    Besides its fields it has `norm` (the text as phrase lists see it, `cleaner.patterns.norm`)
    and `n_words` (its number of words), measured on first use and again after an edit, and
    `kept` (True while no stage has dropped it): plain attributes, read many times a page.
    """

    index: int
    text: str
    original: str
    lines: tuple[int, int] | None = None
    kind: str = "paragraph"  # paragraph, heading, list_item, quote, table...
    dropped: Change | None = None
    features: dict[str, Any] = field(default_factory=dict)

    if TYPE_CHECKING:
        norm: str
        n_words: int
        kept: bool

    def __init__(self, index: int, text: str, original: str, lines: tuple[int, int] | None = None,
                 kind: str = "paragraph", dropped: Change | None = None,
                 features: dict[str, Any] | None = None) -> None:
        # one write of the instance dict: blocks are made by the hundred a page
        self.__dict__.update(index=index, text=text, original=original, lines=lines, kind=kind, dropped=dropped,
                             features={} if features is None else features, kept=dropped is None)

    def __getattr__(self, name: str) -> Any:
        if name in ("norm", "n_words") and "text" in self.__dict__:
            measure([self])
            return self.__dict__[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __setattr__(self, name: str, value: Any) -> None:
        self.__dict__[name] = value
        if name == "text":
            self.__dict__.pop("norm", None)
            self.__dict__.pop("n_words", None)
        elif name == "dropped":
            self.__dict__["kept"] = value is None


def measure(blocks: list[Block]) -> None:
    """Give the blocks not measured yet their `norm` (`cleaner.patterns.norm`) and `n_words`
    (`cleaner.text.word_count` of it), in one native call: a block asks it alone on first use,
    a stage for a page's blocks at once."""
    todo = [b for b in blocks if "norm" not in b.__dict__]
    if todo:
        _native.measure_blocks(todo, _NFC)


_NFC = partial(unicodedata.normalize, "NFC")  # what `measure` asks of a text not surely NFC


@dataclass
class Source:
    """Where the document came from and how its bytes were read."""

    path: str | None = None
    sha256: str | None = None
    size: int = 0
    format: str = "text"  # "text" or "html"
    encoding: str | None = None
    encoding_note: str | None = None  # how the encoding was chosen (bom, meta, utf-8, fallback)
    compressed: bool = False


@dataclass
class Document:
    """A page being cleaned: its decoded text, its blocks and the log of changes."""

    raw: str
    source: Source = field(default_factory=Source)
    blocks: list[Block] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    found_by: dict[str, str] = field(default_factory=dict)  # metadata key -> the stage that set it
    # block index -> the metadata keys read from that block (`read_metadata_from`)
    metadata_blocks: dict[int, tuple[str, ...]] = field(default_factory=dict)
    # the kept blocks, found once between drops: (the `blocks` list and its length they were
    # read from, the kept ones); `drop`, the one way to drop a block, forgets them
    _kept: tuple[list[Block], int, list[Block]] | None = field(default=None, init=False, repr=False, compare=False)

    # ---- reading -------------------------------------------------------
    def kept_blocks(self) -> list[Block]:
        """The blocks no stage has dropped, in order (a fresh list, safe to mutate the doc)."""
        found = self._kept
        if found is None or found[0] is not self.blocks or found[1] != len(self.blocks):
            found = self._kept = (self.blocks, len(self.blocks), list(filter(_KEPT, self.blocks)))
        return found[2].copy()

    def iter_kept(self) -> Iterator[Block]:
        """Iterate over kept blocks lazily."""
        return (b for b in self.blocks if b.kept)

    def body_blocks(self) -> list[Block]:
        """The blocks of the clean body: kept, with some text."""
        return [b for b in self.blocks if b.kept and b.text.strip()]

    def text(self) -> str:
        """The clean body: its blocks separated by one blank line."""
        return "\n\n".join(b.text for b in self.body_blocks())

    @property
    def removed(self) -> list[Change]:
        """Every drop, in the order it happened."""
        return [c for c in self.changes if c.kind == DROP]

    @property
    def fixes(self) -> list[Change]:
        """Every in-text edit."""
        return [c for c in self.changes if c.kind == EDIT]

    @property
    def warnings(self) -> list[Change]:
        """Every warning: doubts recorded instead of edits."""
        return [c for c in self.changes if c.kind == WARN]

    # ---- writing (always through the log) -------------------------------
    def drop(self, block: Block, stage: str, rule: str, reason: str = "", *, kind: str) -> Change | None:
        """Label `block` as removed by `stage:rule`, a drop of `kind` (see DROP_KINDS); a block
        already dropped stays as it was (None)."""
        made = self.drop_all((block,), stage, rule, (reason,), kind=kind)
        return made[0] if made else None

    def drop_all(self, blocks: Iterable[Block], stage: str, rule: str, reasons: Iterable[str], *,
                 kind: str) -> list[Change]:
        """`drop` each of `blocks` with its reason, in order: the changes made (a block already
        dropped, or given twice, is dropped once)."""
        kind = kind if kind in DROP_KINDS else _known(kind)
        given, made = self.metadata_blocks, []
        for block, reason in zip(blocks, reasons):
            if not block.kept:
                continue
            gave = given.get(block.index, ())
            change = Change(DROP, stage, rule, reason, block.index, block.text, "", block.lines,
                            METADATA if gave else kind, gave)
            state = block.__dict__  # `block.dropped = change`, written directly
            state["dropped"], state["kept"] = change, False
            made.append(change)
        if made:
            self._kept = None
            self.changes += made
        return made

    def drop_text(self, text: str, stage: str, rule: str, reason: str, *, kind: str) -> Change:
        """Log text removed before blocks exist (the HTML pre-pass) as a drop of no block (its
        place among the blocks, `Change.at`, is set once they exist)."""
        change = Change(DROP, stage, rule, reason, None, text, drop_kind=_known(kind))
        self.changes.append(change)
        return change

    def edit(self, block: Block, new_text: str, stage: str, rule: str, reason: str = "") -> Change | None:
        """Replace the text of `block`, logging the changed span; nothing is logged if equal."""
        old = block.text
        if new_text == old:
            return None
        before, after = changed_span(old, new_text)
        change = Change(EDIT, stage, rule, reason, block.index, before, after, block.lines)
        block.text = new_text
        self.changes.append(change)
        return change

    def set_meta(self, key: str, value: Any, stage: str, replace: bool = False) -> bool:
        """Set metadata `key` to `value` as found by `stage`, unless the key is set already
        (`replace`: set it anyway); True when it was set. `found_by` keeps who set each key."""
        if not replace and key in self.metadata:
            return False
        self.metadata[key] = value
        self.found_by[key] = stage
        return True

    def read_metadata_from(self, block: Block, keys: tuple[str, ...]) -> None:
        """Record that `block` gave the metadata `keys` (title, author, published...): its
        removal, by whatever stage and rule, has the kind `metadata` and says what it gave
        (`Change.gave`, "gave" in the sidecar), the stage's rule and reason kept. A block
        already dropped is relabelled so, now: what was removed was metadata after all."""
        keys = tuple(dict.fromkeys((*self.metadata_blocks.get(block.index, ()), *keys)))
        self.metadata_blocks[block.index] = keys
        if block.dropped is not None:
            block.dropped.drop_kind, block.dropped.gave = METADATA, keys

    def warn(self, stage: str, rule: str, reason: str, block: Block | None = None) -> Change:
        """Record a doubt (a fix not sure enough to make) without touching the text."""
        change = Change(WARN, stage, rule, reason, block.index if block else None,
                        block.text if block else "", "", block.lines if block else None)
        self.changes.append(change)
        return change


def _known(kind: str) -> str:
    if kind not in DROP_KINDS:
        raise ValueError(f"unknown drop kind {kind!r}; known: {', '.join(DROP_KINDS)}")
    return kind


def changed_span(old: str, new: str, context_words: int = 1) -> tuple[str, str]:
    """The differing middle of `old` and `new`, widened to whole words plus some context."""
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    start = _word_start(old, prefix, context_words)
    end_old = _word_end(old, len(old) - suffix, context_words)
    tail = len(old) - end_old
    return old[start:end_old], new[start:len(new) - tail]


def _word_start(text: str, pos: int, words: int) -> int:
    for _ in range(words + 1):
        while pos > 0 and not text[pos - 1].isspace():
            pos -= 1
        if _ < words:
            while pos > 0 and text[pos - 1].isspace():
                pos -= 1
    return pos


def _word_end(text: str, pos: int, words: int) -> int:
    n = len(text)
    for _ in range(words + 1):
        while pos < n and not text[pos].isspace():
            pos += 1
        if _ < words:
            while pos < n and text[pos].isspace():
                pos += 1
    return pos
