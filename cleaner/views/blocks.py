"""One row per block of a cleaned Document: what it was, what became of it, and why."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from ..document import DROP, EDIT, WARN, Block, Change, Document

KEPT, REMOVED = "kept", "removed"
_SPACE = re.compile(r"\s+")
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")


@dataclass
class BlockRow:
    """A block (or a document-level removal) as the views show it.

    `raw` is the block as read from the input, `text` as the clean output has it
    ("" once removed). `label` is `stage:rule` for a removed block, "kept" otherwise.
    """

    status: str
    label: str
    reason: str
    lines: tuple[int, int] | None
    raw: str
    text: str
    edits: list[Change] = field(default_factory=list)
    warnings: list[Change] = field(default_factory=list)
    index: int | None = None  # the block's index; None for a removal made before blocks existed

    @property
    def removed(self) -> bool:
        return self.status == REMOVED


def block_rows(doc: Document) -> list[BlockRow]:
    """Every block of `doc` and every removal of no block, in reading order: the page whole.

    A removal of no block (an HTML page's DOM pre-pass, or a line the extraction left out)
    stands where it stood on the page, before the block `Change.at` names, in page order;
    one whose place is unknown comes first. Warnings with no block are left to
    `document_warnings`.
    """
    edits: dict[int, list[Change]] = {}
    warns: dict[int, list[Change]] = {}
    rows: list[BlockRow] = []
    placed: list[tuple[tuple[int, int], BlockRow]] = []
    for change in doc.changes:
        if change.block is None:
            if change.kind == DROP:
                row = BlockRow(REMOVED, change.label, change.reason, change.lines, one_line(change.before), "")
                if change.at is None:
                    rows.append(row)
                else:
                    placed.append((change.at, row))
            continue
        if change.kind == EDIT:
            edits.setdefault(change.block, []).append(change)
        elif change.kind == WARN:
            warns.setdefault(change.block, []).append(change)
    placed.sort(key=lambda item: item[0])
    n = 0
    for block in doc.blocks:
        while n < len(placed) and placed[n][0][0] <= block.index:
            rows.append(placed[n][1])
            n += 1
        rows.append(_row(block, edits.get(block.index, []), warns.get(block.index, [])))
    rows.extend(row for _, row in placed[n:])
    return rows


def _row(block: Block, edits: list[Change], warnings: list[Change]) -> BlockRow:
    raw = one_line(block.original or block.text)
    if block.dropped is not None:
        return BlockRow(REMOVED, block.dropped.label, block.dropped.reason, block.lines, raw, "",
                        edits, warnings, block.index)
    return BlockRow(KEPT, KEPT, "", block.lines, raw, block.text, edits, warnings, block.index)


def document_warnings(doc: Document) -> list[Change]:
    """Warnings about the whole document (no block)."""
    return [c for c in doc.warnings if c.block is None]


def one_line(text: str) -> str:
    """`text` with every run of white space (newlines included) as one space, stripped."""
    return _SPACE.sub(" ", text).strip()


def split_paragraphs(text: str) -> list[str]:
    """The paragraphs of a clean text (split at blank lines), stripped, empty ones left out."""
    return [p.strip() for p in _PARAGRAPH_BREAK.split(text) if p.strip()]


def span(lines: tuple[int, int] | list[int] | None) -> str:
    """A line span as people write it: "7", "5-8", or "-" when there is none."""
    if not lines:
        return "-"
    first, last = lines[0], lines[-1]
    return str(first) if first == last else f"{first}-{last}"


def edit_note(change: Change) -> str:
    """An edit as one line: `edit stage:rule "before" -> "after"`."""
    return f'edit {change.label} "{one_line(change.before)}" -> "{one_line(change.after)}"'


def warn_note(change: Change) -> str:
    """A warning as one line: `warn stage:rule reason`."""
    return f"warn {change.label} {one_line(change.reason)}"


def changed_tokens(old: str, new: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """`old` and `new` cut into pieces, each flagged True where only that side has it.

    Compared word by word (words, runs of space, single punctuation marks), so
    "retard ." -> "retard." flags the space alone.
    """
    if old == new:
        return [(old, False)], [(new, False)]
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    left: list[tuple[str, bool]] = []
    right: list[tuple[str, bool]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if i2 > i1:
            left.append(("".join(a[i1:i2]), op != "equal"))
        if j2 > j1:
            right.append(("".join(b[j1:j2]), op != "equal"))
    return left, right


def pair_up(a: list[str], b: list[str], similar: float = 0.6) -> list[tuple[int | None, int | None]]:
    """Align two lists of texts: (i, j) for a pair, (i, None) and (None, j) for the rest, in order.

    Equal texts pair up (difflib); in a stretch where the two sides differ, each
    text of `a` pairs with the next text of `b` that is at least `similar` alike
    (an edited paragraph), and what pairs with nothing stands alone.
    """
    out: list[tuple[int | None, int | None]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.extend(zip(range(i1, i2), range(j1, j2)))
            continue
        j = j1
        for i in range(i1, i2):
            k = next((k for k in range(j, j2) if _alike(a[i], b[k], similar)), None)
            if k is None:
                out.append((i, None))
                continue
            out.extend((None, n) for n in range(j, k))
            out.append((i, k))
            j = k + 1
        out.extend((None, n) for n in range(j, j2))
    return out


def _alike(x: str, y: str, similar: float) -> bool:
    matcher = SequenceMatcher(None, x, y, autojunk=False)
    return (matcher.real_quick_ratio() >= similar and matcher.quick_ratio() >= similar
            and matcher.ratio() >= similar)
