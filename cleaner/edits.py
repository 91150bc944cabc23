"""Edit helpers shared by repair stages: one logged Change per fix, not one per block.

Logging a change costs a pass over the block (`Document.edit` computes the
changed span), so past `limit` fixes in one block the remaining ones are made
in a single logged change: a pathological block stays linear, not quadratic.
"""
from __future__ import annotations

import re
from typing import Callable

from .document import Block, Document
from .stage import Stage

Replacement = str | Callable[[re.Match[str]], str | None]
Reason = str | Callable[[re.Match[str]], str]
Span = tuple[int, int, str]  # start, end, new text
Fix = tuple[list[Span], str, str]  # spans, rule, reason

LIMIT = 50


def sub_logged(stage: Stage, doc: Document, block: Block, regex: re.Pattern[str],
               repl: Replacement, rule: str, reason: Reason, limit: int = LIMIT) -> int:
    """Apply `regex` to `block` match by match, logging each real change as `stage.name:rule`.

    `repl` is a template (as for `re.sub`) or a function of the match; a function
    may return None to leave that match alone. `reason` is a string or a function
    of the match. The final text equals `regex.sub(repl, text)` (less the skipped
    matches); the return value is the number of changes logged.
    """
    fixes: list[Fix] = []
    for match in regex.finditer(block.text):
        new = match.expand(repl) if isinstance(repl, str) else repl(match)
        if new is None or new == match.group(0):
            continue
        why = reason(match) if callable(reason) else reason
        fixes.append(([(match.start(), match.end(), new)], rule, why))
    return replace_spans(stage, doc, block, fixes, limit) if fixes else 0


def replace_spans(stage: Stage, doc: Document, block: Block, fixes: list[Fix], limit: int = LIMIT) -> int:
    """Apply groups of span replacements to `block`, one logged change per group.

    Each fix is `(spans, rule, reason)`, its spans `(start, end, new)` in the
    block's current text; fixes must not overlap and are applied in text order.
    Fixes past the first `limit` are merged into one change (callers pass one
    rule per call). Returns the number of changes logged.
    """
    ordered = sorted(fixes, key=lambda fix: min(start for start, _, _ in fix[0]))
    if len(ordered) > limit:
        rest = ordered[limit:]
        merged = [span for spans, _, _ in rest for span in spans]
        ordered = ordered[:limit] + [(merged, rest[0][1], f"{rest[0][2]} (and {len(rest) - 1} more like it)")]
    count = 0
    shift = 0  # how much earlier fixes have grown or shrunk the text
    for spans, rule, reason in ordered:
        old = block.text
        pieces: list[str] = []
        last = 0
        for start, end, new in sorted(spans):
            pieces += [old[last:start + shift], new]
            last = end + shift
        pieces.append(old[last:])
        text = "".join(pieces)
        if text != old:
            stage.edit(doc, block, text, rule, reason)
            count += 1
        shift += len(text) - len(old)
    return count
