"""What each rule did across the batch, gathered one sidecar at a time in bounded memory.

Per `stage:rule`: how many blocks (edits, warnings), how many characters, in
how many documents, the longest block it removed (the first thing to look at
when a rule may be too greedy) and a few examples sampled from distinct
documents (reservoir sampling, seeded: the same batch gives the same examples).
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from ..blocks import one_line

SAMPLES = 4
EXAMPLE_CHARS = 300


@dataclass
class Example:
    """A block a rule touched, cut to EXAMPLE_CHARS, and where it is."""

    doc: str
    lines: list[int] | None
    text: str
    size: int


@dataclass
class RuleStats:
    """The running totals of one `stage:rule`."""

    label: str
    count: int = 0
    chars: int = 0
    docs: int = 0
    longest: Example | None = None
    sample: list[Example] = field(default_factory=list)
    _last_doc: str | None = None

    def add(self, doc: str, lines: Any, text: str, rng: random.Random) -> None:
        self.count += 1
        self.chars += len(text)
        if self.longest is None or len(text) > self.longest.size:
            self.longest = _example(doc, lines, text)
        if doc == self._last_doc:
            return
        self._last_doc = doc
        self.docs += 1
        if len(self.sample) < SAMPLES:
            self.sample.append(_example(doc, lines, text))
        else:
            slot = rng.randrange(self.docs)
            if slot < SAMPLES:
                self.sample[slot] = _example(doc, lines, text)

    @property
    def stage(self) -> str:
        return self.label.split(":", 1)[0]


def _example(doc: str, lines: Any, text: str) -> Example:
    flat = one_line(text)
    cut = flat if len(flat) <= EXAMPLE_CHARS else flat[:EXAMPLE_CHARS - 1] + "…"
    return Example(doc, list(lines) if isinstance(lines, (list, tuple)) else None, cut, len(text))


@dataclass
class BatchStats:
    """Per-rule statistics of removals, edits and warnings, plus batch totals."""

    removed: dict[str, RuleStats] = field(default_factory=dict)
    fixes: dict[str, RuleStats] = field(default_factory=dict)
    warnings: dict[str, RuleStats] = field(default_factory=dict)
    documents: int = 0
    chars_in: int = 0
    chars_out: int = 0
    rng: random.Random = field(default_factory=lambda: random.Random(0))

    def add(self, name: str, meta: dict[str, Any]) -> None:
        """Count the sidecar `meta` of document `name`."""
        self.documents += 1
        stats = meta.get("stats") or {}
        self.chars_in += int(stats.get("chars_in") or 0)
        self.chars_out += int(stats.get("chars_out") or 0)
        for c in meta.get("removed") or []:
            self._rule(self.removed, c).add(name, c.get("lines"), c.get("text") or "", self.rng)
        for c in meta.get("fixes") or []:
            text = f'"{c.get("before") or ""}" -> "{c.get("after") or ""}"'
            self._rule(self.fixes, c).add(name, c.get("lines"), text, self.rng)
        for c in meta.get("warnings") or []:
            text = f'{c.get("reason") or ""}: {c.get("text") or ""}' if c.get("text") else c.get("reason") or ""
            self._rule(self.warnings, c).add(name, c.get("lines"), text, self.rng)

    @staticmethod
    def _rule(table: dict[str, RuleStats], change: dict[str, Any]) -> RuleStats:
        label = f"{change.get('stage')}:{change.get('rule')}"
        if label not in table:
            table[label] = RuleStats(label)
        return table[label]
