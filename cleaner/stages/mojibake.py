"""Encoding damage ("Ã©tÃ©" for "été", stray C1 controls, "&amp;") repaired by ftfy, per block.

The ftfy configuration keeps everything a careful French or English text may
legitimately contain:

- `uncurl_quotes=False`: ftfy's default turns the French apostrophe ’ and “ ” into
  straight quotes; those are typography, not damage.
- `normalization="NFC"`: composes decomposed accents ("e" + U+0301 -> "é") and
  nothing else. NFKC would also turn no-break spaces (U+00A0, U+202F) into plain
  spaces, "…" into "...", "½" into "1⁄2" and superscripts into digits.
- `fix_character_width=False`: full-width forms are correct in Chinese and
  Japanese text ("，" "！" and the ideographic space U+3000 would be replaced).
- `fix_latin_ligatures=True`: "ﬁ", "ﬂ" and friends only come from text copied
  out of PDFs or typesetting; they break search and word counts and no French
  or English text means them.
- `fix_line_breaks=True`: only normalises line-break characters (CRLF, U+2028),
  which the whitespace stage collapses anyway.
"""
from __future__ import annotations

import re
import unicodedata

from ftfy import TextFixerConfig, fix_and_explain
from ftfy.badness import is_bad
from ftfy.chardata import CONTROL_CHARS, LIGATURES

from ..document import Document
from . import register
from .base import Stage

CONFIG = TextFixerConfig(
    uncurl_quotes=False,
    fix_character_width=False,
    fix_latin_ligatures=True,
    fix_line_breaks=True,
    normalization="NFC",
    explain=True,
)

# Characters some fixer of CONFIG acts on: HTML entities, C1 controls, ligatures, line
# breaks, surrogates, terminal escapes, control characters. A block with none of them,
# already NFC and not `is_bad` (ftfy's own mojibake test) comes out of ftfy unchanged.
_FIXABLE = re.compile("[&\r\u2028\u2029\x1b\x80-\x9f\ud800-\udfff"
                      + "".join(re.escape(chr(c)) for c in sorted({*CONTROL_CHARS, *LIGATURES})) + "]")


def may_need_fixing(text: str) -> bool:
    """False when ftfy (with CONFIG) is sure to return `text` unchanged: a cheap test that
    spares the full ftfy pass on the clean blocks that make up most pages."""
    if _FIXABLE.search(text):
        return True
    if text.isascii():
        return False
    return not unicodedata.is_normalized("NFC", text) or is_bad(text)


# ftfy reports re-decoding as (encode, codec) then (decode, codec) steps.
_CODEC_ACTIONS = frozenset({"encode", "decode", "transcode"})


def explain_steps(plan: list[tuple[str, str]]) -> tuple[str, str]:
    """`(rule, reason)` for an ftfy plan: step names joined by "+", and the plan in words."""
    names: list[str] = []
    words: list[str] = []
    for action, arg in plan:
        if action in _CODEC_ACTIONS:
            name = "fix_encoding"
            words.append(f"{action} as {arg}")
        elif action == "normalize":
            name = "normalization"
            words.append(f"normalize to {arg}")
        else:
            name = arg
            words.append(arg)
        if name not in names:
            names.append(name)
    return "+".join(names), ", ".join(words)


@register
class MojibakeStage(Stage):
    """Repair encoding damage in each kept block with ftfy, one logged change per block."""

    name = "mojibake"

    def run(self, doc: Document) -> None:
        """Fix every kept block; log the ftfy steps that changed it."""
        for block in doc.kept_blocks():
            if not may_need_fixing(block.text):
                continue
            fixed, plan = fix_and_explain(block.text, CONFIG)
            if fixed != block.text:
                rule, reason = explain_steps(plan or [])
                self.edit(doc, block, fixed, rule or "fix", reason)
