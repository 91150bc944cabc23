"""Where each removal of no block stood on an HTML page, among the blocks extracted from it.

The DOM pre-pass removes elements before blocks exist, and the extraction leaves lines of the
page out: both are logged as drops of no block (`Document.drop_text`). So that the views can
show the page whole, each such drop gets `Change.at = (block, rank)`: the index of the block
it stood before (`len(blocks)`: after the last) and its rank in page order among the page's
drops of no block (those before one block are shown in that order).

How, in one rendering of the pruned page:

1. `prune` leaves a mark (an empty element, `Marks.add`) where each element it removed stood;
   a mark inside an element removed later, or in an empty container deleted, moves out of it
   to where that element stood (`Marks.hoist`).
2. `Marks.render` renders the pruned page once, in document order (`render.visible_lines`):
   its lines and the line each mark stands at; it then takes the marks out, the tree left
   exactly as without them (a mark's tail goes where the removed element's tail went).
3. After extraction, `place` matches the blocks, in order, to the lines they came from (their
   first words) and puts each removal before the first block at or after its line; a line
   the extraction left out (`html:not_extracted`) stands at its own line.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import islice

from lxml.etree import _Element

from ..document import Change, Document
from .render import BEFORE, MARK, visible_lines

__all__ = ["Marks", "place", "block_lines", "LINE"]

LINE = 1  # the side of a line the extraction left out: the line itself (between BEFORE and INSIDE)
KEY_WORDS = 4  # a block is matched to a line by its first words
WINDOW = 40  # lines after the last match searched for a block of fewer words, or not found by its key
_WORD = re.compile(r"\w+")
Spot = tuple[int, int]  # (line index, side: BEFORE, LINE or INSIDE)


class Marks:
    """The marks left in a page's tree where the DOM pre-pass removed elements with text."""

    def __init__(self) -> None:
        self.changes: dict[_Element, Change] = {}  # mark -> the removal it stands for

    def add(self, el: _Element, change: Change) -> None:
        """Mark the place of `el`, about to be removed as `change`: just before it."""
        mark = el.makeelement(MARK, {})
        el.addprevious(mark)
        self.changes[mark] = change

    def hoist(self, el: _Element) -> None:
        """Move the marks inside `el`, about to be removed whole, to just before it (their tails,
        text of `el`, go with `el`)."""
        if not self.changes:
            return
        for mark in [m for m in el.iter(MARK) if m in self.changes]:
            mark.tail = None
            el.addprevious(mark)

    def render(self, tree: _Element) -> tuple[list[str], list[tuple[Change, Spot]]]:
        """The visible lines of the pruned `tree` and the spot of each removal marked in it, in
        document order; the marks are then taken out of the tree."""
        spots: dict[_Element, Spot | None] = dict.fromkeys(self.changes)
        lines = visible_lines(tree, spots)
        for mark in self.changes:
            _drop(mark)
        found = [(self.changes[m], spot) for m, spot in spots.items() if spot is not None]
        self.changes = {}
        return lines, found


def _drop(mark: _Element) -> None:
    """Take `mark` out of its tree, its tail joined to the text before it (lxml's `drop_tree`)."""
    parent = mark.getparent()
    if parent is None:
        return
    if mark.tail:
        previous = mark.getprevious()
        if previous is None:
            parent.text = (parent.text or "") + mark.tail
        else:
            previous.tail = (previous.tail or "") + mark.tail
    parent.remove(mark)


def place(doc: Document, lines: list[str], spots: list[tuple[Change, Spot]]) -> None:
    """Set `at` (the block it stood before, its rank in page order) on each change of `spots`,
    `lines` being the rendering of the page the spots refer to and `doc.blocks` extracted."""
    starts = block_lines(lines, [b.text for b in doc.blocks])
    order = sorted(range(len(spots)), key=lambda i: spots[i][1])  # stable: marks at one spot in log order
    for rank, i in enumerate(order):
        change, (line, side) = spots[i]
        before = bisect_left(starts, line) if side == BEFORE else bisect_right(starts, line)
        change.at = (before, rank)


def block_lines(lines: list[str], texts: list[str]) -> list[int]:
    """For each block text, in order, the index of the line it came from: non-decreasing.

    A block is found by its first KEY_WORDS words (the first line at or after the previous
    block's that starts with them; within WINDOW lines for a block of fewer words), else in
    the next WINDOW lines, as a run of words in a line or a line its start (a table row is its
    cells' lines). A block found nowhere takes the line of the block before it (the first ones:
    of the first found); when none is found, every block is after every line."""
    index: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        index.setdefault(_key(line), []).append(i)
    found: list[int | None] = []
    cursor = 0
    for text in texts:
        key = _key(text)
        hit = _by_key(index.get(key, []), cursor, len(key.split()) >= KEY_WORDS) if key else None
        if hit is None and key:
            hit = _scan(lines, cursor, key)
        if hit is not None:
            cursor = hit
        found.append(hit)
    known = [n for n in found if n is not None]
    if not known:
        return [len(lines)] * len(texts)
    out, last = [], known[0]
    for n in found:
        last = n if n is not None else last
        out.append(last)
    return out


def _key(text: str) -> str:
    """The first KEY_WORDS words of `text`, case folded, space separated."""
    return " ".join(islice(_WORD.findall(text[:300].casefold()), KEY_WORDS))


def _by_key(indices: list[int], cursor: int, long: bool) -> int | None:
    j = bisect_left(indices, cursor)
    if j < len(indices) and (long or indices[j] - cursor <= WINDOW):
        return indices[j]
    return None


def _scan(lines: list[str], cursor: int, key: str) -> int | None:
    """The first line of the WINDOW from `cursor` holding the words `key`, or starting them."""
    padded = f" {key} "
    for i in range(cursor, min(cursor + WINDOW, len(lines))):
        words = " ".join(_WORD.findall(lines[i].casefold()))
        if words and (padded in f" {words} " or padded.startswith(f" {_key(words)} ")):
            return i
    return None
