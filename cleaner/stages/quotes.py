"""French guillemets turned the wrong way (machine translation): d' »attaque » -> d'« attaque ».

The page language's `[quotes] guillemets` gives the opening and closing marks;
languages without it (English, or German where » opens) are left alone. A
closing mark is turned into an opening one only when the pairing is certain: no
quotation is open, it stands where a quotation starts (start of the paragraph,
after a space, an apostrophe or an opening bracket) glued to a word, and the
next guillemet of the paragraph is a closing one. The mirror case, an opening
mark that closes the only open quotation at the end of its paragraph, is fixed
too. Anything else that does not pair is only warned about.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..document import Block, Document
from ..stage import Stage
from ..edits import Fix, Span, replace_spans

SPACES = " \u00a0\u202f"
APOSTROPHES = "'’"
OPENERS = "([{"
MAX_DOUBTS = 5  # warnings per paragraph


@dataclass
class QuotePlan:
    """What to do with one paragraph's guillemets: fixes to apply and doubts to report."""

    fixes: list[Fix] = field(default_factory=list)
    doubts: list[str] = field(default_factory=list)
    open_at_end: bool = False


def _opens_here(text: str, pos: int) -> bool:
    after_ok = pos + 1 < len(text) and text[pos + 1].isalnum()
    before_ok = pos == 0 or text[pos - 1] in SPACES + APOSTROPHES + OPENERS
    return after_ok and before_ok


def _closes_here(text: str, pos: int) -> bool:
    return pos > 0 and (pos + 1 == len(text) or not text[pos + 1].isalnum())


def _context(text: str, pos: int, width: int = 25) -> str:
    return text[max(0, pos - width):pos + width].strip()


def _turn_opener(text: str, pos: int, partner: int, marks: str, inner: str) -> list[Span]:
    """Spans that make the closing mark at `pos` an opening one, spaced the French way."""
    start = pos
    while start > 0 and text[start - 1] in SPACES:
        start -= 1
    if start == 0 or text[start - 1] not in APOSTROPHES:
        start = pos  # keep the space before the quotation; drop it only after an apostrophe
    spans = [(start, pos + 1, marks[0] + inner)]
    if text[partner - 1] not in SPACES:
        spans.append((partner, partner + 1, inner + marks[1]))
    return spans


def _turn_closer(text: str, pos: int, marks: str, inner: str) -> list[Span]:
    """Spans that make the opening mark at `pos` a closing one."""
    space = "" if text[pos - 1] in SPACES else inner
    return [(pos, pos + 1, space + marks[1])]


def _capital_follows(text: str, pos: int) -> bool:
    rest = text[pos + 1:pos + 8].lstrip(SPACES)
    return bool(rest) and rest[0].isupper()


def plan_paragraph(text: str, marks: str, inner: str, carried: bool, next_quotes: bool) -> QuotePlan:
    """Pair the guillemets of `text`.

    `marks` is opening + closing mark; `inner` the space to put inside them;
    `carried` is True when the previous paragraph left a quotation open (so a
    guillemet starting this one continues it: « or, in the old style, »); `next_quotes`
    is True when the next paragraph starts with a guillemet (a quotation may go on).
    """
    opening, closing = marks
    plan = QuotePlan()
    where = [i for i, ch in enumerate(text) if ch in marks]
    first = len(text) - len(text.lstrip(SPACES))
    depth = 0
    if carried and where and where[0] == first:
        where = where[1:]  # the sign that continues the quotation of the previous paragraph
        depth = 1
    k = 0
    while k < len(where):
        pos = where[k]
        partner = where[k + 1] if k + 1 < len(where) else None
        if text[pos] == opening:
            if (depth == 1 and partner is None and not next_quotes and _closes_here(text, pos)
                    and not _capital_follows(text, pos)):
                plan.fixes.append((_turn_closer(text, pos, marks, inner), "reversed_guillemet",
                                   f"{opening} closing the quotation turned to {closing}"))
                depth = 0
            else:
                depth += 1
        elif depth > 0:
            depth -= 1
        elif (_opens_here(text, pos) and partner is not None and text[partner] == closing
              and _closes_here(text, partner)):
            plan.fixes.append((_turn_opener(text, pos, partner, marks, inner), "reversed_guillemet",
                               f"{closing} opening a quotation turned to {opening}"))
            k += 2
            continue
        else:
            plan.doubts.append(f"{closing} closes no quotation: {_context(text, pos)!r}")
        k += 1
    plan.open_at_end = depth > 0
    if depth > 0 and not next_quotes:
        plan.doubts.append(f"{opening} opened but never closed in this paragraph")
    return plan


def inner_space(doc: Document, opening: str) -> str:
    """The space this page puts after an opening guillemet (a plain space if it shows none)."""
    seen: Counter[str] = Counter()
    for block in doc.iter_kept():
        text = block.text
        start = text.find(opening)
        while start != -1:
            if start + 1 < len(text) and text[start + 1] in SPACES:
                seen[text[start + 1]] += 1
            start = text.find(opening, start + 1)
    return seen.most_common(1)[0][0] if seen else " "


class QuotesStage(Stage):
    """Turn wrong-way guillemets the right way (`reversed_guillemet`); warn on `unpaired_guillemets`."""

    name = "quotes"
    requires = frozenset({"blocks", "language"})
    rules = {"reversed_guillemet": "a guillemet turned the wrong way, turned back (d' »attaque » -> d'« attaque »)",
             "unpaired_guillemets": "a guillemet that pairs with none, left as is"}

    def run(self, doc: Document) -> None:
        """Check every kept block of a page whose language uses guillemets."""
        language = doc.metadata.get("language")
        entries = self.patterns.entries(language, "quotes", "guillemets") if language else []
        if len(entries) != 2:
            return
        marks = entries[0] + entries[1]
        blocks = doc.kept_blocks()
        if not any(mark in b.text for b in blocks for mark in marks):
            return
        inner = inner_space(doc, marks[0])
        carried = False
        for i, block in enumerate(blocks):
            following = blocks[i + 1].text.lstrip(SPACES)[:1] if i + 1 < len(blocks) else ""
            plan = plan_paragraph(block.text, marks, inner, carried, bool(following) and following in marks)
            self.apply(doc, block, plan)
            carried = plan.open_at_end

    def apply(self, doc: Document, block: Block, plan: QuotePlan) -> None:
        """Apply a paragraph's fixes and record its doubts."""
        replace_spans(self, doc, block, plan.fixes)
        doubts = plan.doubts[:MAX_DOUBTS]
        if len(plan.doubts) > MAX_DOUBTS:
            doubts[-1] += f" (and {len(plan.doubts) - MAX_DOUBTS} more in this paragraph)"
        for doubt in doubts:
            self.warn(doc, "unpaired_guillemets", doubt, block)
