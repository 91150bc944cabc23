"""Choosing the encoding of bytes that are not UTF-8 and declare none.

`guess_legacy(data)` is called by `io.decode` after the BOM, a declared charset and UTF-8 have
all failed. It returns `(codec, note)`, or None to keep the fallbacks (cp1252, then latin-1).

Two questions, two tools (measured on 1-3 sentence paragraphs, see tests/test_charsets.py):

- **Which script?** charset_normalizer, run on at most the first 64 KB, restricted to the legacy
  encodings the web uses (WHATWG's locale defaults). It is reliable across scripts: Cyrillic
  (cp1251, KOI8-R), Greek, Hebrew, Arabic, Thai and the CJK multi-byte encodings come out right
  with a language identified (or, for CJK, a clean decode). Its answer is taken only when it is
  confident: a non-Latin code page with low chaos and an identified language (single-byte) or a
  clean multi-byte decode, and a text that differs from cp1252's.
- **Which Latin code page?** Here charset_normalizer is no better than chance on short text:
  it ranked cp1250 first for 7 of 9 French, English, German and Spanish cp1252 paragraphs, and
  the right code page first for only 2 of 7 Polish and Czech ISO-8859-2 ones (its chaos is 0 for
  every candidate; letter frequencies barely differ). So cp1252 stays the default (the web's,
  for undeclared Western pages) unless its text shows the mark of Central European letters read
  as cp1252: ISO-8859-2's ą ł ś š ž ź ť ż... are cp1252's ± ³ ¶ ¹ ¾ ¼ » ¿, symbols that real
  text does not put before a letter ("zwi±zków", "¾e") or, for the ones Western text uses
  (¿ ¡ « » © ® £ ª º), between two letters ("tak¿e"). Then ISO-8859-2 when the bytes have none
  in 0x80-0x9F (C1 controls in ISO-8859-2), else windows-1250, its superset for those bytes.

Latin code pages that differ from cp1252 in a few letters only (cp1254 Turkish, cp1257 Baltic,
cp1258 Vietnamese, ISO-8859-15) are not candidates: nothing tells them apart from cp1252 on a
short text, and choosing one wrongly would garble a Western page.
"""
from __future__ import annotations

import re

SAMPLE_BYTES = 64 * 1024  # the detector reads at most this much (cut at a space or newline)

LATIN = ("cp1252", "iso8859_2", "cp1250")
_NON_LATIN_SINGLE = ("cp1251", "koi8_r", "cp1253", "cp1255", "cp1256", "cp874")
_MULTI_BYTE = ("gb18030", "big5", "cp932", "euc_jp", "cp949")
CANDIDATES = LATIN + _NON_LATIN_SINGLE + _MULTI_BYTE

_MAX_CHAOS = 0.1  # charset_normalizer's mess ratio above which a non-Latin guess is not taken
_MIN_COHERENCE = 0.2  # and the language match a single-byte one needs

# cp1252 readings of ISO-8859-2 letters: symbols before a letter, or (the ones Western text
# uses: Spanish ¿¡, guillemets, ©®£, ordinals ª º) between two letters
_LETTER = r"[^\W\d_]"
_MISREAD = re.compile(rf"[±³¶¹¼¾¬¯¦¥](?={_LETTER})|(?<={_LETTER})[¿¡«»©®£ªº](?={_LETTER})")
_C1 = re.compile(rb"[\x80-\x9f]")


def guess_legacy(data: bytes) -> tuple[str, str] | None:
    """The codec for `data` (not UTF-8, no charset declared) and a note saying how it was
    chosen, or None when cp1252 (then latin-1) should be used (see the module docstring).
    The codec returned decodes the whole of `data`."""
    sample = _sample(data)
    western = sample.decode("cp1252", errors="replace")
    script = _other_script(sample, western)
    if script and _decodes(data, script[0]):
        return script
    if _MISREAD.search(western):
        codec = "cp1250" if _C1.search(sample) else "iso8859_2"
        if _decodes(data, codec):
            return codec, f"detected {codec} (Central European letters read as cp1252 symbols)"
    return None


def _other_script(sample: bytes, western: str) -> tuple[str, str] | None:
    """charset_normalizer's confident answer for a non-Latin script, as (codec, note)."""
    from charset_normalizer import from_bytes

    best = from_bytes(sample, cp_isolation=list(CANDIDATES)).best()
    if best is None or best.encoding in LATIN or best.chaos > _MAX_CHAOS:
        return None
    multi = best.encoding in _MULTI_BYTE
    if not multi and best.coherence < _MIN_COHERENCE:
        return None
    if str(best) == western:  # the same text as cp1252: keep the default
        return None
    return best.encoding, f"detected {best.encoding} (charset_normalizer)"


def _sample(data: bytes) -> bytes:
    """At most SAMPLE_BYTES of `data`, cut after a space or newline (never inside a
    multi-byte character: those bytes are no trail byte in any candidate)."""
    if len(data) <= SAMPLE_BYTES:
        return data
    head = data[:SAMPLE_BYTES]
    cut = max(head.rfind(b" "), head.rfind(b"\n"))
    return head[: cut + 1] if cut > 0 else head


def _decodes(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return False
    return True
