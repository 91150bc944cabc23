"""Reading one input: gunzip, refuse binaries, decode, sniff HTML vs text.

`read_document` turns the bytes of one input into a `Document` whose `source`
records how they were read: the format is sniffed from the content (the file
extension is only kept in `source.path`), and `source.encoding_note` says how
the encoding was chosen: "bom", "meta" (declared by the page), "utf-8" (valid
UTF-8), "utf-16 (no bom)", "detected CODEC (how)" (undeclared legacy bytes, see
`charsets`), or "fallback ..." when nothing above worked.
"""
from __future__ import annotations

import codecs
import gzip
import hashlib
import re
import zlib
from io import BytesIO

from .charsets import guess_legacy
from .document import Document, Source

GZIP_MAGIC = b"\x1f\x8b"

# (prefix, what it is); checked after gunzip, so a gzip inside gzip is refused too
BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"%PDF", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"\x00\x00\x01\x00", "icon"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
    (b"\x7fELF", "ELF executable"),
    (b"MZ\x90\x00", "Windows executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office document"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"OggS", "Ogg media"),
    (b"fLaC", "FLAC audio"),
    (b"ID3", "MP3 audio"),
    (b"\x00asm", "WebAssembly module"),
    (b"wOFF", "WOFF font"),
    (b"wOF2", "WOFF2 font"),
)
_RIFF_KINDS = {b"WEBP": "WebP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}

BOMS: tuple[tuple[bytes, str], ...] = (  # UTF-32 first: its LE BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Declared labels that browsers read as a superset (WHATWG Encoding Standard), keyed
# by Python's canonical codec name. A page declaring UTF-16 in ASCII bytes is not UTF-16.
SUPERSETS = {
    "gb2312": "gb18030", "gbk": "gb18030", "iso8859-1": "cp1252", "ascii": "cp1252",
    "shift_jis": "cp932", "euc_kr": "cp949", "iso8859-9": "cp1254", "tis-620": "cp874",
    "iso8859-11": "cp874", "utf-16": "utf-8", "utf-16-le": "utf-8", "utf-16-be": "utf-8",
    "utf-32": "utf-8", "utf-32-le": "utf-8", "utf-32-be": "utf-8",
}

_DECLARED = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:\-]+)"""
    rb"""|<\?xml[^>]*?encoding\s*=\s*["']([a-z0-9_.:\-]+)""", re.IGNORECASE)
_LEADING_JUNK = re.compile(r"^(?:\s|\ufeff|<!--.*?-->)*", re.DOTALL)
_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE)
_HTML_TAG = re.compile(
    r"<(div|p|span|a|meta|title|script|style|link|table|tr|td|ul|ol|li|br|img|h[1-6]|form|"
    r"section|article|header|footer|nav|iframe|noscript|input|button|strong|em|b|i)\b[^<>]{0,300}>",
    re.IGNORECASE)
_NEWLINES = re.compile(r"\r\n?")
# control bytes that text does not use (tab, newlines, form feed and escape are left out)
_CONTROL_BYTES = bytes([*range(0, 9), 11, *range(14, 27), *range(28, 32)])
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"


class InputError(Exception):
    """An input that cannot be read as a web page or text; the message is for the user."""


def read_document(data: bytes, path: str | None = None, max_bytes: int = 20 * 1024 * 1024) -> Document:
    """Read the raw bytes of one input into a Document (see the module docstring).

    Raises InputError for inputs that are too large, empty, corrupt gzip, or binary.
    """
    size = len(data)
    if size > max_bytes:
        raise InputError(f"input too large ({size} bytes; the limit is {max_bytes})")
    digest = hashlib.sha256(data).hexdigest()
    compressed = data.startswith(GZIP_MAGIC)
    body = _gunzip(data, max_bytes) if compressed else data
    if not body.strip():
        raise InputError("empty input")
    binary = binary_kind(body)
    if binary:
        raise InputError(f"binary file ({binary}), not a web page")
    text, encoding, note = decode(body)
    text = _NEWLINES.sub("\n", text)
    if not text.strip(" \t\n\r\f\v" + _INVISIBLE):
        raise InputError("empty input")
    source = Source(path=printable_path(path) if path else path, sha256=digest, size=size, format=sniff_format(text),
                    encoding=encoding, encoding_note=note, compressed=compressed)
    return Document(raw=text, source=source)


def _gunzip(data: bytes, max_bytes: int) -> bytes:
    try:
        with gzip.GzipFile(fileobj=BytesIO(data)) as stream:
            out = stream.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as err:
        raise InputError(f"corrupt gzip data ({err})") from None
    if len(out) > max_bytes:
        raise InputError(f"input too large once decompressed (over {max_bytes} bytes)")
    return out


def binary_kind(data: bytes) -> str | None:
    """What binary format `data` is (e.g. "PNG image"), or None when it may be text."""
    for magic, kind in BINARY_MAGIC:
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] in _RIFF_KINDS:
        return _RIFF_KINDS[data[8:12]]
    if data[4:8] == b"ftyp":
        return "MP4/ISO media"
    head = data[:8192]
    if any(head.startswith(bom) for bom, _ in BOMS) or _utf16_without_bom(head):
        return None
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if head.count(0) > max(2, len(head) // 100) or controls > max(8, len(head) // 20):
        return "unknown binary data"
    return None


def _utf16_without_bom(head: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when NULs sit on every other byte, as in mostly-ASCII UTF-16."""
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def decode(data: bytes) -> tuple[str, str, str]:
    """Decode bytes as `(text, codec, note)`: BOM, then a declared charset, then UTF-8, then
    the legacy encoding `charsets.guess_legacy` finds, then cp1252 and latin-1 (which never
    fails); the note says which one decided."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), codec, "bom"
            except UnicodeDecodeError:
                return data[len(bom):].decode(codec, errors="replace"), codec, "bom (invalid bytes replaced)"
    bare16 = _utf16_without_bom(data[:8192])
    if bare16:
        try:
            return data.decode(bare16), bare16, "utf-16 (no bom)"
        except UnicodeDecodeError:
            pass
    declared = declared_charset(data)
    failed = ""
    if declared:
        for codec in dict.fromkeys((SUPERSETS.get(declared, declared), declared)):
            try:
                return data.decode(codec), codec, "meta"
            except UnicodeDecodeError:
                continue
        failed = f"declared {declared} does not decode; "
    try:
        return data.decode("utf-8"), "utf-8", failed + "utf-8"
    except UnicodeDecodeError:
        pass
    guessed = guess_legacy(data)
    if guessed:
        return data.decode(guessed[0]), guessed[0], failed + guessed[1]
    try:
        return data.decode("cp1252"), "cp1252", failed + "fallback: not utf-8"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1", failed + "fallback: neither utf-8 nor cp1252"


def declared_charset(data: bytes) -> str | None:
    """The Python codec named by a `<meta charset>` (or XML declaration) in the first 4 KB
    of an HTML page, or None when absent, unknown, or the bytes are not HTML."""
    head = data[:4096]
    if sniff_format(head.decode("latin-1")) != "html":
        return None
    match = _DECLARED.search(head)
    if not match:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii").strip(".:-_")
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def sniff_format(text: str) -> str:
    """"html" when `text` starts like an HTML document or is dense with HTML tags, else "text"."""
    start = _LEADING_JUNK.match(text[:65536])
    head = text[start.end() if start else 0:][:2048]
    lowered = head[:1024].lower()
    if _HTML_START.match(head):
        return "html"
    if lowered.startswith("<?xml") and _HTML_START.search(lowered):
        return "html"
    tags = [m.group(1).lower() for m in _HTML_TAG.finditer(head)]
    if len(tags) >= 3 and len(set(tags)) >= 2 and len(tags) * 1024 >= 3 * max(len(head), 1):
        return "html"
    return "text"


# ---- names ------------------------------------------------------------------------

# An output stem longer than this (UTF-8 bytes) is cut and given a hash of the whole name:
# room is left for a clash suffix ("__html_gz__2"), ".json" and write_atomic's temporary


def printable_path(path: str) -> str:
    """A file system path as valid UTF-8 text (for JSON, SQLite, messages): bytes that are
    not UTF-8 written `\\xNN`."""
    try:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate that is no escaped byte
        return path.encode("utf-8", "backslashreplace").decode("utf-8")
