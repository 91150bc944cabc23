"""Reading inputs (gunzip, refuse binaries, decode, sniff HTML vs text) and writing outputs.

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
import os
import re
import stat
import tempfile
import zlib
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

from .charsets import guess_legacy
from .document import Document, Source

GZIP_MAGIC = b"\x1f\x8b"
BASE_SUFFIXES: tuple[str, ...] = (".txt", ".html", ".htm", ".text", ".xhtml")
INPUT_SUFFIXES: tuple[str, ...] = BASE_SUFFIXES + tuple(s + ".gz" for s in BASE_SUFFIXES)
NOT_INPUT = f"not a {'/'.join(BASE_SUFFIXES)} name (each optionally .gz)"  # why a file is left out

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
# name within the 255 bytes a file name may have.
MAX_STEM_BYTES = 200
_HASHED = 8  # hex digits of sha256 that tell two cut names apart
# undecodable bytes (os.fsdecode's surrogates) and control characters: written %XX in names
_UNSAFE = re.compile(r"[\x00-\x1f\x7f\udc80-\udcff]")


def _split_suffix(name: str) -> tuple[str, str]:
    """`a.html.gz` -> ("a", ".html.gz"); a name without an input suffix has none."""
    low = name.lower()
    gz = ".gz" if low.endswith(".gz") else ""
    base = name[: len(name) - len(gz)]
    for suffix in BASE_SUFFIXES:
        if base.lower().endswith(suffix) and len(base) > len(suffix):
            return base[: -len(suffix)], name[len(base) - len(suffix):]
    return base, gz


def output_name(path: Path) -> str:
    """The output stem for an input file: `a.html.gz` -> `a`, `d.txt` -> `d`, `e` -> `e`,
    made a safe file name by `safe_name`."""
    return safe_name(_split_suffix(path.name)[0])


def clash_tag(path: Path) -> str:
    """What tells an input apart from another with the same stem: its suffixes, `a.html.gz`
    -> `html_gz`, `a.txt` -> `txt` (`dup` when it has none)."""
    return safe_name(_split_suffix(path.name)[1].strip(".").replace(".", "_")) or "dup"


def safe_name(name: str) -> str:
    """`name` as one safe output file name component: undecodable bytes and control
    characters written `%XX`, "." and ".." spelt out, and a name over MAX_STEM_BYTES cut at a
    character boundary and ended by `~` and a hash of the whole name (deterministic: the
    same input name always gives the same output name, two different ones never the same)."""
    name = _UNSAFE.sub(lambda m: f"%{ord(m.group()) & 0xFF:02X}", name)
    if name in (".", ".."):
        name = name.replace(".", "%2E")
    data = name.encode("utf-8", "surrogatepass")
    if len(data) <= MAX_STEM_BYTES:
        return name
    digest = hashlib.sha256(data).hexdigest()[:_HASHED]
    head = data[: MAX_STEM_BYTES - _HASHED - 1].decode("utf-8", "ignore")  # a cut character goes
    return f"{head}~{digest}"


def printable_path(path: str) -> str:
    """A file system path as valid UTF-8 text (for JSON, SQLite, messages): bytes that are
    not UTF-8 written `\\xNN`."""
    try:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate that is no escaped byte
        return path.encode("utf-8", "backslashreplace").decode("utf-8")


def is_input(path: Path) -> bool:
    """True when the file name has an input suffix (optionally followed by `.gz`)."""
    return path.name.lower().endswith(INPUT_SUFFIXES) and not path.name.startswith(".")


# ---- listing a folder ----------------------------------------------------------------

def iter_inputs(root: Path, follow_symlinks: bool = False,
                warn: Callable[[str], None] | None = None) -> list[Path]:
    """Input files under `root` (folders walked whatever their name), recursively and sorted;
    a file given as `root` is returned as is. Every file left out is named to `warn`, in name
    order: no input suffix, hidden, or in a hidden folder (one line for the folder).

    A symbolic link whose target is outside `root` is not followed (`warn` is told, with
    the link's path) unless `follow_symlinks`; links inside `root` are. Named pipes, devices
    and sockets are skipped with a warning (reading a pipe would wait forever). A dangling
    link or a link loop is listed: reading it fails, and that failure is the input's outcome.
    """
    if root.is_file():
        return [root]
    home = root.resolve()
    say = warn or (lambda message: None)
    found: list[Path] = []
    seen_dirs: set[tuple[int, int]] = set()
    for folder, dirs, files in os.walk(root, followlinks=follow_symlinks):
        if follow_symlinks:  # a link back up the tree must not loop
            st = os.stat(folder)
            if (st.st_dev, st.st_ino) in seen_dirs:
                dirs[:] = []
                continue
            seen_dirs.add((st.st_dev, st.st_ino))
        for d in sorted(dirs):
            if d.startswith("."):
                say(f"{Path(folder) / d}: hidden folder, skipped with all it holds")
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        if not follow_symlinks:
            for d in dirs:
                link = Path(folder) / d
                if link.is_symlink() and not _inside(link, home):
                    say(f"{link}: symbolic link to a folder outside the input folder, not followed "
                        "(--follow-symlinks follows it)")
        for name in sorted(files):
            path = Path(folder) / name
            if not is_input(path):
                say(f"{path}: {'hidden file' if name.startswith('.') else NOT_INPUT}, skipped")
                continue
            why = _not_listed(path, home, follow_symlinks)
            if why:
                say(f"{path}: {why}")
            else:
                found.append(path)
    return sorted(found)


def _not_listed(path: Path, home: Path, follow_symlinks: bool) -> str | None:
    """Why the input-named file `path` is not listed, or None to list it."""
    try:
        mode = path.stat().st_mode
    except (OSError, RuntimeError):  # a dangling link or a loop: reading it says what is wrong
        mode = None
    if path.is_symlink() and not follow_symlinks and not _inside(path, home):
        return ("symbolic link to a file outside the input folder, not followed "
                "(--follow-symlinks follows it)")
    if mode is not None and not stat.S_ISREG(mode):
        return "not a regular file (a pipe, device or socket), skipped"
    return None


def _inside(link: Path, home: Path) -> bool:
    """Whether the target of `link` lies inside the folder `home` (already resolved)."""
    try:
        return link.resolve().is_relative_to(home)
    except (OSError, RuntimeError):  # a loop never leaves anywhere
        return True


# ---- writing --------------------------------------------------------------------------


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


def write_atomic(path: Path, data: str) -> None:
    """Write `data` (UTF-8) to `path` so that readers see the old file or the whole new one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_UMASK
    tmp = tempfile.NamedTemporaryFile(  # noqa: SIM115  (closed below, before the rename)
        "w", encoding="utf-8", newline="", delete=False, dir=path.parent,
        prefix=f".{_cut(path.stem, MAX_STEM_BYTES)}{path.suffix}.", suffix=".tmp")
    try:
        with tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.chmod(tmp.name, mode)
        os.replace(tmp.name, path)
    except BaseException:
        try:
            os.unlink(tmp.name)
        except FileNotFoundError:
            pass
        raise


def _cut(name: str, limit: int) -> str:
    """`name` cut to at most `limit` UTF-8 bytes, at a character boundary."""
    return name.encode("utf-8", "surrogateescape")[:limit].decode("utf-8", "ignore")
