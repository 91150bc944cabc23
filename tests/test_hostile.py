"""Hostile pages and file names: no entity is resolved, nothing is fetched, no output escapes OUT."""
from __future__ import annotations

import json
import os
import socket
import urllib.request
from pathlib import Path

import pytest

import cleaner
from cleaner.cli import main
from cleaner.corpus.files import MAX_STEM_BYTES, output_name, safe_name

TEXT = ("The council met on Tuesday evening to discuss the new bridge over the river, which "
        "engineers say will be finished by the end of next year if the weather allows it. ")


@pytest.fixture
def secret(tmp_path: Path) -> tuple[Path, str]:
    token = "TOKEN-" + os.urandom(8).hex()
    path = tmp_path / "secret.txt"
    path.write_text(f"{token}\n", encoding="utf-8")
    return path, token


@pytest.mark.parametrize("template", [
    '<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY e SYSTEM "file://{path}">]>\n'
    "<html><body><p>{text} &e; end.</p></body></html>",
    '<!DOCTYPE x [<!ENTITY e SYSTEM "file://{path}">]><html><body><p>{text}&e;</p></body></html>',
    '<!DOCTYPE x [<!ENTITY % p SYSTEM "file://{path}"> %p;]><html><body><p>{text}</p></body></html>',
    '<html xmlns:xi="http://www.w3.org/2001/XInclude"><body><p>{text}</p>'
    '<xi:include href="file://{path}" parse="text"/></body></html>',
])
def test_external_entities_are_never_resolved(secret: tuple[Path, str], template: str) -> None:
    path, token = secret
    result = cleaner.clean(template.format(path=path, text=TEXT).encode())
    assert "engineers say" in result.text
    assert token not in result.text
    assert token not in json.dumps(result.metadata)


PAGE_WITH_RESOURCES = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN"
  "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<?xml-stylesheet href="http://example.invalid/style.xsl" type="text/xsl"?>
<html><head><title>Bridge</title>
<base href="http://example.invalid/">
<link rel="stylesheet" href="http://example.invalid/a.css">
<link rel="canonical" href="http://example.invalid/news/bridge">
<link rel="import" href="http://example.invalid/part.html">
<meta http-equiv="refresh" content="0; url=http://example.invalid/">
<script src="http://example.invalid/a.js"></script>
<script type="application/ld+json">{"@context": "http://schema.org", "headline": "Bridge",
 "author": {"@id": "http://example.invalid/author.json"}}</script>
</head><body>
<img src="http://example.invalid/a.png" srcset="http://example.invalid/b.png 2x">
<iframe src="http://example.invalid/frame.html"></iframe>
<object data="http://example.invalid/x.swf"></object>
<svg><image href="http://example.invalid/c.svg"/></svg>
<article><h1>Bridge</h1><p>%s</p><p>%s</p>
<p><a href="http://example.invalid/more">more</a></p></article>
<form action="http://example.invalid/post"><input src="http://example.invalid/i.png" type="image"></form>
</body></html>""" % (TEXT, TEXT)


def test_no_network_while_cleaning_pages_with_external_resources(monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network access attempted while cleaning")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    for page in (PAGE_WITH_RESOURCES, PAGE_WITH_RESOURCES.replace("<article>", "<div>")[:2000]):
        result = cleaner.clean(page.encode())
        assert "engineers say" in result.text
    assert attempts == []


# ---- output names ---------------------------------------------------------------------

def test_output_names_are_safe_components() -> None:
    assert safe_name("..") == "%2E%2E" and safe_name(".") == "%2E"
    assert safe_name("new\nline\t") == "new%0Aline%09"
    assert safe_name(os.fsdecode(b"caf\xe9")) == "caf%E9"
    assert safe_name("-rf") == "-rf" and safe_name("été") == "été"


def test_long_names_are_cut_deterministically() -> None:
    long_a = "é" * 150 + "a"
    long_b = "é" * 150 + "b"
    cut_a, cut_b = safe_name(long_a), safe_name(long_b)
    assert len(cut_a.encode()) <= MAX_STEM_BYTES and len(cut_b.encode()) <= MAX_STEM_BYTES
    assert cut_a != cut_b and safe_name(long_a) == cut_a
    assert cut_a.startswith("é" * 90) and "~" in cut_a


def test_hostile_file_names_stay_inside_the_output_folder(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    names = [b"..html", b"...html", b"-rf.txt", b"--help.html", b"\xc3\xa9t\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x8c\x8a.txt",
             b"caf\xe9.txt", b"new\nline.txt", b"x" * 250 + b".html", b"x" * 250 + b".txt",
             ("é" * 125).encode() + b".htm", b"sub/" + b"y" * 251 + b".txt", b"a .. b.txt"]
    for name in names:
        with open(os.fsencode(folder) + b"/" + name, "wb") as stream:
            stream.write(f"<p>{TEXT}</p>\n".encode())
    out = tmp_path / "out"
    assert main(["clean", str(folder), str(out), "--jobs", "1"]) == 0
    err = capsys.readouterr().err
    assert "Traceback" not in err and "error:" not in err
    written = [p for p in tmp_path.rglob("*") if p.is_file() and not p.is_relative_to(folder)]
    assert all(p.is_relative_to(out) for p in written), written
    texts = [p for p in out.rglob("*.txt")]
    hidden = 2  # "..html" and "...html" are hidden files: never inputs
    assert len(texts) == len(names) - hidden
    for text in texts:
        assert len(os.fsencode(text.name)) <= 255 and "engineers say" in text.read_text(encoding="utf-8")
        meta = json.loads(text.with_suffix(".json").read_text(encoding="utf-8"))
        assert meta["source"]["path"].startswith(str(folder))
    # the two 250-byte names that differ only by extension are cut to one stem, then told apart
    cut = output_name(Path("x" * 250 + ".html"))
    assert (out / f"{cut}.txt").exists() and (out / f"{cut}__txt.txt").exists()
    assert (out / "caf%E9.txt").exists() and (out / "new%0Aline.txt").exists()
    assert "caf\\xe9.txt" in json.loads((out / "caf%E9.json").read_text(encoding="utf-8"))["source"]["path"]
    # a re-run reads the manifest back with these names and redoes nothing
    assert main(["clean", str(folder), str(out), "--jobs", "1"]) == 0
    assert f"{len(texts)} unchanged" in capsys.readouterr().err
