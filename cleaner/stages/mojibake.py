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
from functools import lru_cache

from ftfy import TextFixerConfig, fix_and_explain
from ftfy.badness import BADNESS_RE, is_bad
from ftfy.chardata import CONTROL_CHARS, LIGATURES

from ..document import Document
from ..patterns.syntax import META, atoms, top_alternatives
from ..stage import Stage

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


# a class escape, an anchor or a group reference: a piece holding one is no list of characters
_NOT_LISTED = re.compile(r"\\[wWsSdDbBAZ1-9]")


@lru_cache(maxsize=256)
def _listed_chars(piece: str, flags: int) -> frozenset[str] | None:
    """The characters the regex piece (one of `syntax.atoms`) matches, when it is one listed
    character or a class of listed characters and ranges; else None. Found by testing the
    piece against every character up to the largest it can hold: its own characters, or
    U+FFFF with an escape (U+10FFFF with a `\\U` or `\\N` escape)."""
    if piece in META or piece.startswith(("(", "[^")) or _NOT_LISTED.search(piece):
        return None
    top = max(map(ord, piece))
    if "\\" in piece:
        top = 0x10FFFF if "\\U" in piece or "\\N" in piece else max(top, 0xFFFF)
    return frozenset(re.compile(piece, flags).findall(_characters(top > 0xFFFF), 0, top + 1))


@lru_cache(maxsize=2)
def _characters(astral: bool) -> str:
    """Every character of the Basic Multilingual Plane (with `astral`, of every plane)."""
    return "".join(map(chr, range(0x110000 if astral else 0x10000)))


def _rarity_cost(chars: frozenset[str]) -> int:
    """How common the characters of `chars` are in ordinary text (ASCII, then Latin letters)."""
    return sum(1000 if c.isascii() else 10 if c.isalpha() and ord(c) < 0x250 else 1 for c in chars)


def badness_clue() -> re.Pattern[str] | None:
    """A class of characters one of which is in every match of ftfy's `BADNESS_RE`: each
    top-level alternative of it must consume one character of some listed set (a piece
    without quantifier that is a character or a class of listed characters, see
    `_listed_chars`), the rarest of which joins the class. None when an alternative has no
    such piece (the test is then skipped)."""
    if BADNESS_RE.flags & re.IGNORECASE:  # literals would stand for their other cases too
        return None
    verbose = bool(BADNESS_RE.flags & re.VERBOSE)
    flags = BADNESS_RE.flags & ~re.VERBOSE
    clue: set[str] = set()
    for alternative in top_alternatives(BADNESS_RE.pattern, verbose):
        sets = [chars for piece, quantified in atoms(alternative, verbose) if not quantified
                and (chars := _listed_chars(piece, flags))]
        if not sets:
            return None
        clue |= min(sets, key=_rarity_cost)
    return re.compile("[" + "".join(map(re.escape, sorted(clue))) + "]")


@lru_cache(maxsize=1)
def _badness_clue() -> re.Pattern[str] | None:
    return badness_clue()


def may_be_bad(text: str) -> bool:
    """`ftfy.badness.is_bad(text)`, skipping its slow regex when no character of any of its
    matches is in `text`."""
    clue = _badness_clue()
    if clue is not None and not clue.search(text):
        return False
    return is_bad(text)


def may_need_fixing(text: str) -> bool:
    """False when ftfy (with CONFIG) is sure to return `text` unchanged: a cheap test that
    spares the full ftfy pass on the clean blocks that make up most pages."""
    if _FIXABLE.search(text):
        return True
    if text.isascii():
        return False
    return not unicodedata.is_normalized("NFC", text) or may_be_bad(text)


# ftfy reports re-decoding as (encode, codec) then (decode, codec) steps.
_CODEC_ACTIONS = frozenset({"encode", "decode", "transcode"})

# The rules, one per ftfy step CONFIG lets run, most telling first: an edit made by several
# steps is logged under the first of them here, and its reason lists every step.
STEP_RULES: dict[str, str] = {
    "fix_encoding": "text decoded with the wrong codec, re-decoded (ftfy's encode and decode steps)",
    "decode_inconsistent_utf8": "UTF-8 mojibake mixed with correct text, decoded",
    "unescape_html": "HTML entities (\"&amp;\", \"&eacute;\") made characters",
    "fix_c1_controls": "C1 control characters read as Windows-1252",
    "fix_latin_ligatures": "ligatures (\"ﬁ\") split into letters",
    "fix_line_breaks": "line-break characters (CRLF, U+2028) made \"\\n\"",
    "fix_surrogates": "UTF-16 surrogates made the characters they encode",
    "remove_terminal_escapes": "terminal escape sequences removed",
    "remove_control_chars": "control characters removed",
    "normalization": "composed to NFC (a letter and its accent typed apart, joined)",
    "fix": "an ftfy step not listed here",
}


def explain_steps(plan: list[tuple[str, str]]) -> tuple[str, str]:
    """`(rule, reason)` for an ftfy plan: the rule of its most telling step (the first of
    STEP_RULES it took; `fix` when it took none of them), and the plan in words."""
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
    return next((rule for rule in STEP_RULES if rule in names), "fix"), ", ".join(words)


class MojibakeStage(Stage):
    """Repair encoding damage in each kept block with ftfy, one logged change per block."""

    name = "mojibake"
    rules = STEP_RULES

    def run(self, doc: Document) -> None:
        """Fix every kept block; log the ftfy steps that changed it."""
        for block in doc.kept_blocks():
            if not may_need_fixing(block.text):
                continue
            fixed, plan = fix_and_explain(block.text, CONFIG)
            if fixed != block.text:
                rule, reason = explain_steps(plan or [])
                self.edit(doc, block, fixed, rule, reason)
