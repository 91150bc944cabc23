"""Edit helpers shared by repair stages: one logged Change per fix, not one per block."""
from __future__ import annotations

import re
from typing import Callable

from ..document import Block, Document
from .base import Stage

Replacement = str | Callable[[re.Match[str]], str | None]
Reason = str | Callable[[re.Match[str]], str]


def sub_logged(stage: Stage, doc: Document, block: Block, regex: re.Pattern[str],
               repl: Replacement, rule: str, reason: Reason) -> int:
    """Apply `regex` to `block` match by match, logging each real change as `stage.name:rule`.

    `repl` is a template (as for `re.sub`) or a function of the match; a function
    may return None to leave that match alone. `reason` is a string or a function
    of the match. The final text equals `regex.sub(repl, text)` (less the skipped
    matches); the return value is the number of changes logged.
    """
    count = 0
    shift = 0  # how much the text has grown or shrunk before the current match
    for match in list(regex.finditer(block.text)):
        new = match.expand(repl) if isinstance(repl, str) else repl(match)
        if new is None or new == match.group(0):
            continue
        start, end = match.start() + shift, match.end() + shift
        text = block.text
        why = reason(match) if callable(reason) else reason
        stage.edit(doc, block, text[:start] + new + text[end:], rule, why)
        shift += len(new) - (match.end() - match.start())
        count += 1
    return count


def replace_spans(stage: Stage, doc: Document, block: Block,
                  fixes: list[tuple[list[tuple[int, int, str]], str, str]]) -> int:
    """Apply groups of span replacements to `block`, one logged Change per group.

    Each fix is `(spans, rule, reason)` where `spans` are `(start, end, new)` in
    the block's current text coordinates; groups must not overlap and are applied
    in text order. Returns the number of changes logged.
    """
    count = 0
    shift = 0
    ordered = sorted(fixes, key=lambda fix: min(s for s, _, _ in fix[0]))
    for spans, rule, reason in ordered:
        text = block.text
        growth = 0
        for start, end, new in sorted(spans, reverse=True):
            text = text[:start + shift] + new + text[end + shift:]
            growth += len(new) - (end - start)
        if text != block.text:
            stage.edit(doc, block, text, rule, reason)
            count += 1
        shift += growth
    return count
