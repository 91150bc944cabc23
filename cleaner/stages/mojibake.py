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
from functools import cache
from typing import TYPE_CHECKING

from .. import _native
from ..document import Document
from ..patterns.syntax import without_verbose
from ..stage import Stage
from .ftfy_screen import screen_data

if TYPE_CHECKING:
    from ftfy import TextFixerConfig


@cache
def fixer_config() -> TextFixerConfig:
    """The ftfy configuration the stage runs (ftfy is imported here, once a block needs it)."""
    from ftfy import TextFixerConfig

    return TextFixerConfig(
        uncurl_quotes=False,
        fix_character_width=False,
        fix_latin_ligatures=True,
        fix_line_breaks=True,
        normalization="NFC",
        explain=True,
    )


def load_fixer() -> None:
    """Import ftfy now (it loads on the first text that needs a fix, not with the pipeline:
    a tenth of a second that a one-page run rarely needs)."""
    import ftfy  # noqa: F401


def fix(text: str) -> tuple[str, list[tuple[str, str]] | None]:
    """`text` as ftfy fixes it with `fixer_config()`, and the plan of steps it took."""
    from ftfy import fix_and_explain

    return fix_and_explain(text, fixer_config())


_FTFY = screen_data()  # ftfy's characters, entity pattern and mojibake regex, read without importing ftfy

# Characters some fixer of `fixer_config()` acts on: C1 controls, ligatures, line breaks,
# surrogates, terminal escapes, control characters; and the HTML entities `unescape_html`
# decodes ("&" alone, in "AT&T", it leaves). A block with none of them, already NFC and not
# `is_bad` (ftfy's own mojibake test) comes out of ftfy unchanged.
_FIXABLE_CHARS = "\r\u2028\u2029\x1b" + "".join(map(chr, range(0x80, 0xA0))) + _FTFY.chars
_FIXABLE = re.compile("[" + re.escape(_FIXABLE_CHARS) + "\ud800-\udfff]")
_ENTITY = re.compile(_FTFY.entity)
_FIXABLE_SCREEN = _native.CharScreen(_FIXABLE_CHARS)  # a page's blocks at once (no surrogate: `may_need_fixing`)


def _badness() -> _native.PhraseList:
    """ftfy's `BADNESS_RE` matched natively, with its flags (verbose, case-sensitive or not)."""
    pattern = _FTFY.badness
    if _FTFY.badness_flags & re.VERBOSE:
        pattern = without_verbose(pattern)
    return _native.PhraseList([pattern], False, ignore_case=bool(_FTFY.badness_flags & re.IGNORECASE))


_BADNESS = _badness()
_SURROGATE = re.compile("[\ud800-\udfff]")


def may_be_bad(text: str) -> bool:
    """`ftfy.badness.is_bad(text)`, its regex matched by the native core (`_BADNESS`); True for
    a text holding a lone surrogate, which only ftfy can read (and `_FIXABLE` sends to it)."""
    return bool(_SURROGATE.search(text)) or _BADNESS.search(text)


def may_need_fixing(text: str) -> bool:
    """False when ftfy (with `fixer_config()`) is sure to return `text` unchanged: a cheap test that
    spares the full ftfy pass on the clean blocks that make up most pages."""
    if _FIXABLE.search(text) or _has_entity(text):
        return True
    if text.isascii():
        return False
    return _beyond_characters(text)


def _beyond_characters(text: str) -> bool:
    """What ftfy may change in a text that is not ASCII and holds none of the `_FIXABLE`
    characters: a form that is not NFC, or what `is_bad` calls mojibake."""
    return not unicodedata.is_normalized("NFC", text) or may_be_bad(text)


def may_need_fixing_all(texts: list[str]) -> list[bool]:
    """`may_need_fixing` of each text: the characters and ASCII looked for natively, in one call,
    and ftfy's badness regex in one more, over the texts that are not ASCII."""
    try:
        screened = _FIXABLE_SCREEN.screen(texts)
    except UnicodeEncodeError:  # a lone surrogate, which only ftfy can read
        return [may_need_fixing(text) for text in texts]
    # no lone surrogate (the screen read every text): `may_be_bad` is the badness regex alone
    bad = _BADNESS.search_where(texts, [screen == 2 for screen in screened])
    return [screen == 1 or _has_entity(text) or screen == 2 and (bad_ or not unicodedata.is_normalized("NFC", text))
            for text, screen, bad_ in zip(texts, screened, bad)]


def _has_entity(text: str) -> bool:
    """Whether `text` holds what ftfy's `unescape_html` may decode."""
    return "&" in text and _ENTITY.search(text) is not None


# ftfy reports re-decoding as (encode, codec) then (decode, codec) steps.
_CODEC_ACTIONS = frozenset({"encode", "decode", "transcode"})

# The rules, one per ftfy step `fixer_config()` lets run, most telling first: an edit made by several
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
        kept = doc.kept_blocks()
        for block, maybe in zip(kept, may_need_fixing_all([b.text for b in kept])):
            if not maybe:
                continue
            fixed, plan = fix(block.text)
            if fixed != block.text:
                rule, reason = explain_steps(plan or [])
                self.edit(doc, block, fixed, rule, reason)
