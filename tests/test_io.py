"""Reading inputs (gunzip, binaries, decoding, sniffing) and writing outputs."""
from __future__ import annotations

import codecs
import gzip
import hashlib
import os
import stat
from pathlib import Path

import pytest

import cleaner.corpus.files as io_module
from cleaner.corpus.files import iter_inputs, output_name, write_atomic
from cleaner.reading import InputError, read_document


def html_page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}<title>t</title></head><body><p>{body}</p></body></html>"


# ---- decoding ---------------------------------------------------------------------

def test_utf8_bom_is_used_and_stripped() -> None:
    doc = read_document("\ufeffcafé au lait".encode("utf-8"))
    assert doc.raw == "café au lait"
    assert (doc.source.encoding, doc.source.encoding_note) == ("utf-8", "bom")


def test_utf16_with_bom_is_text_not_binary() -> None:
    data = "naïve résumé\nline two".encode("utf-16")  # BOM + little-endian, full of NULs
    doc = read_document(data)
    assert doc.raw == "naïve résumé\nline two"
    assert doc.source.encoding == "utf-16-le" and doc.source.encoding_note == "bom"
    assert doc.source.format == "text"


def test_utf16_html_with_bom_is_sniffed_as_html() -> None:
    doc = read_document(codecs.BOM_UTF16_BE + html_page("Grüße").encode("utf-16-be"))
    assert doc.source.format == "html"
    assert "Grüße" in doc.raw and doc.source.encoding == "utf-16-be"


def test_utf16_without_bom_is_recognised() -> None:
    doc = read_document("plain words in UTF-16 without a mark".encode("utf-16-le"))
    assert doc.raw == "plain words in UTF-16 without a mark"
    assert doc.source.encoding_note == "utf-16 (no bom)"


@pytest.mark.parametrize("declared, text, codec", [
    ("iso-8859-1", "“Déjà vu”", "cp1252"),  # browsers read latin-1 labels as windows-1252
    ("windows-1252", "café – 5 €", "cp1252"),
    ("gb2312", "中文网页的正文", "gb18030"),
])
def test_meta_charset_is_honoured(declared: str, text: str, codec: str) -> None:
    data = html_page(text, f'<meta charset="{declared}">').encode(codec)
    doc = read_document(data)
    assert text in doc.raw
    assert (doc.source.encoding, doc.source.encoding_note) == (codec, "meta")


def test_http_equiv_charset_is_honoured() -> None:
    head = '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-15">'
    doc = read_document(html_page("prix: 10 €", head).encode("iso8859-15"))
    assert "prix: 10 €" in doc.raw
    assert (doc.source.encoding, doc.source.encoding_note) == ("iso8859-15", "meta")


def test_wrong_meta_charset_falls_back_and_says_so() -> None:
    data = html_page("café", '<meta charset="utf-8">').encode("cp1252")
    doc = read_document(data)
    assert "café" in doc.raw
    assert doc.source.encoding == "cp1252"
    assert doc.source.encoding_note.startswith("declared utf-8 does not decode; fallback")


def test_unknown_meta_charset_is_ignored() -> None:
    doc = read_document(html_page("ok ✓", '<meta charset="no-such-codec">').encode("utf-8"))
    assert (doc.source.encoding, doc.source.encoding_note) == ("utf-8", "utf-8")


def test_meta_charset_is_ignored_in_plain_text() -> None:
    text = 'A note quoting <meta charset="gb2312"> in prose, written in UTF-8: ✓'
    doc = read_document(text.encode("utf-8"))
    assert doc.raw == text and doc.source.encoding_note == "utf-8"


def test_strict_utf8() -> None:
    doc = read_document("Ærøskøbing — ok".encode("utf-8"))
    assert doc.raw == "Ærøskøbing — ok"
    assert (doc.source.encoding, doc.source.encoding_note) == ("utf-8", "utf-8")


def test_cp1252_fallback_is_recorded() -> None:
    doc = read_document(b"caf\xe9 \x93quoted\x94")
    assert doc.raw == "café “quoted”"
    assert doc.source.encoding == "cp1252"
    assert doc.source.encoding_note.startswith("fallback")


def test_latin1_is_the_last_resort() -> None:
    doc = read_document(b"byte \x81 undefined in cp1252 and \xe9")  # 0x81 has no cp1252 char
    assert doc.source.encoding == "latin-1"
    assert doc.raw == "byte \x81 undefined in cp1252 and é"
    assert "fallback" in doc.source.encoding_note


def test_line_endings_are_normalised() -> None:
    assert read_document(b"a\r\nb\rc\n").raw == "a\nb\nc\n"


# ---- gzip, size, empty, binary ----------------------------------------------------

def test_gzip_is_decompressed_and_source_describes_the_raw_bytes() -> None:
    raw = gzip.compress(html_page("zipped").encode())
    doc = read_document(raw, path="x/page.html.gz")
    assert "zipped" in doc.raw and doc.source.format == "html"
    assert doc.source.compressed is True
    assert doc.source.size == len(raw)
    assert doc.source.sha256 == hashlib.sha256(raw).hexdigest()
    assert doc.source.path == "x/page.html.gz"


def test_plain_input_is_not_marked_compressed() -> None:
    doc = read_document(b"hello")
    assert doc.source.compressed is False and doc.source.size == 5


def test_gzip_bomb_is_refused() -> None:
    bomb = gzip.compress(b"a" * 100_000)
    assert len(bomb) < 1000
    with pytest.raises(InputError, match="too large once decompressed"):
        read_document(bomb, max_bytes=10_000)


def test_corrupt_and_truncated_gzip_are_refused() -> None:
    with pytest.raises(InputError, match="corrupt gzip"):
        read_document(b"\x1f\x8b" + b"not really gzip data")
    whole = gzip.compress(b"some text that is long enough " * 20)
    with pytest.raises(InputError, match="corrupt gzip"):
        read_document(whole[: len(whole) // 2])


def test_too_large_input_is_refused() -> None:
    with pytest.raises(InputError, match="too large"):
        read_document(b"x" * 101, max_bytes=100)


@pytest.mark.parametrize("data", [b"", b"  \n\t \r\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf \n",
                                  gzip.compress(b""), "\u200b\n".encode()])
def test_empty_input_is_refused(data: bytes) -> None:
    with pytest.raises(InputError, match="^empty input$"):
        read_document(data)


@pytest.mark.parametrize("data, kind", [
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "PNG image"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document"),
    (b"PK\x03\x04\x14\x00\x00\x00", "ZIP archive"),
    (b"GIF89a\x01\x00", "GIF image"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
    (gzip.compress(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20), "PNG image"),
])
def test_known_binaries_are_refused_with_their_name(data: bytes, kind: str) -> None:
    with pytest.raises(InputError) as err:
        read_document(data)
    assert str(err.value) == f"binary file ({kind}), not a web page"


def test_unknown_binary_is_refused_by_its_nul_bytes() -> None:
    data = bytes(range(256)) * 8
    with pytest.raises(InputError, match=r"binary file \(unknown binary data\)"):
        read_document(data)


def test_a_stray_nul_does_not_make_text_binary() -> None:
    data = b"a long line of ordinary text " * 20 + b"\x00" + b" and more"
    assert read_document(data).source.format == "text"


# ---- sniffing ---------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "<div class='a'><p>Hello there</p><p>World</p><span>x</span></div>",
    "\n\n  <html><body>x</body></html>",
    "<!-- saved by a crawler -->\n<!DOCTYPE html>\n<html><body>x</body></html>",
    "<head><title>x</title></head>",
    '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml"></html>',
])
def test_html_is_sniffed_from_content(text: str) -> None:
    assert read_document(text.encode(), path="page.txt").source.format == "html"


@pytest.mark.parametrize("text", [
    "If a < b and c > d then a < d.\nThat is all <3\n",
    "A long note about markup. " * 30 + "Use <p> for paragraphs. " + "More prose here. " * 30,
    '<?xml version="1.0"?><feed><entry>not html</entry></feed>',
])
def test_text_stays_text(text: str) -> None:
    doc = read_document(text.encode(), path="page.html")
    assert doc.source.format == "text"
    assert doc.source.path == "page.html"


# ---- file names -------------------------------------------------------------------

@pytest.mark.parametrize("name, stem", [
    ("a.html", "a"), ("a.html.gz", "a"), ("b.txt.gz", "b"), ("c.htm", "c"), ("d.txt", "d"),
    ("e", "e"), ("f.XHTML", "f"), ("g.v2.text", "g.v2"), ("h.json", "h.json"), (".html", ".html"),
])
def test_output_name(name: str, stem: str) -> None:
    assert output_name(Path("some/dir") / name) == stem


def test_iter_inputs_is_sorted_recursive_and_skips_the_rest(tmp_path: Path) -> None:
    for rel in ["b.txt.gz", "a.html", "sub/c.htm", "sub/deeper/d.TXT", "z.xhtml", ".hidden.html",
                ".git/e.html", "f.json", "g", "notes.gz"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    (tmp_path / "dir.html").mkdir()
    found = [p.relative_to(tmp_path).as_posix() for p in iter_inputs(tmp_path)]
    assert found == ["a.html", "b.txt.gz", "sub/c.htm", "sub/deeper/d.TXT", "z.xhtml"]


def test_iter_inputs_of_a_file_is_that_file(tmp_path: Path) -> None:
    page = tmp_path / "page"
    page.write_text("x")
    assert iter_inputs(page) == [page]


# ---- writing ----------------------------------------------------------------------

def test_write_atomic_writes_whole_file_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "out" / "a.txt"
    write_atomic(target, "première ligne\nsecond\r\n")
    assert target.read_bytes() == "première ligne\nsecond\r\n".encode("utf-8")
    assert os.listdir(target.parent) == ["a.txt"]
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


def test_write_atomic_replaces_and_keeps_mode(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_text("old")
    target.chmod(0o640)
    write_atomic(target, "new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_write_atomic_cleans_up_on_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.txt"
    target.write_text("old")

    def failing_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(io_module.os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, "new")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["a.txt"]
