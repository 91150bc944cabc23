"""`cleaner report`: the files it writes, what they hold, how they escape (no browser here)."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cleaner.cli import main
from cleaner.views.htmlreport.assets import href, json_script
from cleaner.views.htmlreport.pages import PAGE_SIZE
from reportbatch import ODD_NAME, XSS, seed_batch, synthetic_batch
from seeds import NAMES

P001 = "001_08b8e3836e7cfb0d"


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> tuple[Path, Path, Path]:
    return seed_batch(tmp_path_factory.mktemp("report"))


class Parsed(HTMLParser):
    """Tags with their attributes, script bodies, and the visible text of a page."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in_script = False
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag in ("script", "style")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        (self.scripts if self._in_script else self.text).append(data)


def pages(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def index_data(out: Path) -> dict:
    page = (out / "index.html").read_text(encoding="utf-8")
    blob = re.search(r'<script type="application/json" id="index-data">(.*?)</script>', page, re.S).group(1)
    return json.loads(blob)


def test_one_page_per_document_an_index_and_a_rule_page(batch) -> None:
    _, clean, out = batch
    names = sorted(p.stem for p in clean.glob("*.json"))
    assert len(names) == len(NAMES) + 2
    assert {p.relative_to(out).as_posix() for p in pages(out)} == {
        "index.html", "stages.html", *(f"doc/{n}.html" for n in names)}
    data = index_data(out)
    assert data["pageSize"] == PAGE_SIZE
    assert [row[1] for row in data["rows"]] == names
    keys = [c["key"] for c in data["columns"]]
    row = dict(zip(keys, data["rows"][names.index(P001)][1:]))
    meta = json.loads((clean / f"{P001}.json").read_text(encoding="utf-8"))
    assert row["chars_in"] == meta["stats"]["chars_in"] and row["removed"] == len(meta["removed"])
    assert row["stage:comments"] == sum(1 for r in meta["removed"] if r["stage"] == "comments")
    assert row["raw"] == "ok"


def test_document_page_strikes_the_comment_section_with_its_rule(batch) -> None:
    _, clean, out = batch
    page = (out / "doc" / f"{P001}.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr id="L(\d+)" class="rm"[^>]*>(.*?)</tr>', page, re.S)
    comment_rows = {int(n): body for n, body in rows if "comments:section" in body}
    meta = json.loads((clean / f"{P001}.json").read_text(encoding="utf-8"))
    expected = {r["lines"][0] for r in meta["removed"] if r["rule"] == "section"}
    assert set(comment_rows) == expected
    assert 'title="comments:section: inside the comment section' in comment_rows[61]
    assert "<del " in comment_rows[61] and "Aveltan" in comment_rows[61]
    assert "teaser:inline" in page  # the edit, with its rule


def test_every_page_is_self_contained(batch) -> None:
    for path in pages(batch[2]):
        parsed = Parsed(path.read_text(encoding="utf-8"))
        for tag, attrs in parsed.tags:
            assert not (tag in ("link", "img", "iframe", "object", "embed") or (tag == "script" and "src" in attrs))
            link = attrs.get("href") or ""
            assert "//" not in link and ":" not in link.split("#")[0], (path, link)
        csp = [a["content"] for t, a in parsed.tags if t == "meta" and a.get("http-equiv")]
        assert csp and csp[0].startswith("default-src 'none'")


def test_page_text_never_becomes_markup(batch) -> None:
    _, _, out = batch
    for path in pages(out):
        page = path.read_text(encoding="utf-8")
        parsed = Parsed(page)
        assert "<script>alert(1)</script>" not in page
        assert all(t != "img" and t != "i" for t, _ in parsed.tags), path
        scripts = [t for t, a in parsed.tags if t == "script"]
        assert len(scripts) == (2 if path.name == "index.html" else 0), path
    odd = Parsed((out / "doc" / f"{ODD_NAME}.html").read_text(encoding="utf-8"))
    text = "".join(odd.text)
    assert text.count(XSS) >= 8  # title, metadata, removed blocks, edits, warnings, clean text...
    assert "window.__xss=2" in text
    xss = Parsed((out / "doc" / "xss.html").read_text(encoding="utf-8"))
    assert XSS in "".join(xss.text)


def test_index_json_cannot_close_its_script_tag() -> None:
    blob = json_script({"t": "</script><script>alert(1)</script> & \u2028"}, "x")
    assert blob.count("</script>") == 1 and blob.endswith("</script>")
    assert "<" not in blob[len('<script type="application/json" id="x">'):-len("</script>")]
    inner = blob[blob.index(">") + 1:-len("</script>")]
    assert json.loads(inner)["t"].startswith("</script>")


def test_links_to_documents_are_relative_and_quoted() -> None:
    assert href("a b/c#d") == "doc/a%20b/c%23d.html"
    assert href(ODD_NAME, "../") == "../doc/q%22uote%27%26%3Ci%3E.html"


def test_stage_page_counts_each_rule_with_examples(batch) -> None:
    _, clean, out = batch
    page = (out / "stages.html").read_text(encoding="utf-8")
    total = 0
    for path in clean.glob("0*.json"):
        total += sum(1 for r in json.loads(path.read_text(encoding="utf-8"))["removed"] if r["rule"] == "section")
    row = re.search(r'comments:section</span></td><td class="num">([\d,]+)</td>', page)
    assert row and int(row.group(1)) == total
    assert "<b>longest</b>" in page and f'href="doc/{P001}.html#L' in page


def test_missing_raw_page_and_unreadable_sidecar_are_said(tmp_path: Path, capsys) -> None:
    raw, clean = synthetic_batch(tmp_path, 3)
    (raw / "doc00001.txt").unlink()
    (clean / "doc00002.json").write_text("{not json", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["report", str(raw), str(clean), "-o", str(out)]) == 1
    assert "report: 3 documents (1 without their raw page, 1 unreadable)" in capsys.readouterr().err
    assert "raw page not found" in (out / "doc" / "doc00001.html").read_text(encoding="utf-8")
    assert "sidecar unreadable" in (out / "doc" / "doc00002.html").read_text(encoding="utf-8")
    raws = [row[-1] for row in index_data(out)["rows"]]
    assert raws == ["ok", "missing", "unreadable sidecar"]


def test_a_sidecar_of_unexpected_shape_does_not_stop_the_batch(tmp_path: Path, capsys) -> None:
    raw, clean = synthetic_batch(tmp_path, 3)
    meta = json.loads((clean / "doc00001.json").read_text(encoding="utf-8"))
    meta["removed"] = [{"stage": "x", "rule": "y", "text": "t", "lines": ["one", None]}, "not a dict"]
    meta["stats"] = {"chars_in": "many"}
    (clean / "doc00001.json").write_text(json.dumps(meta), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["report", str(raw), str(clean), "-o", str(out)]) == 1
    assert "1 unreadable" in capsys.readouterr().err
    assert "sidecar not understood" in (out / "doc" / "doc00001.html").read_text(encoding="utf-8")
    assert [row[1] for row in index_data(out)["rows"]] == ["doc00000", "doc00001", "doc00002"]


def test_changed_raw_page_is_flagged(batch, tmp_path: Path) -> None:
    raw, clean, _ = batch
    copy = tmp_path / "raw"
    copy.mkdir()
    for path in raw.iterdir():
        copy.joinpath(path.name).write_bytes(path.read_bytes() + (b"\nmore" if P001 in path.name else b""))
    assert main(["report", str(copy), str(clean), "-o", str(tmp_path / "out"), "--quiet"]) == 0
    assert "sha256 differs" in (tmp_path / "out" / "doc" / f"{P001}.html").read_text(encoding="utf-8")


def test_sub_folders_are_kept_and_link_back_up(tmp_path: Path) -> None:
    raw, clean = synthetic_batch(tmp_path, 2)
    (raw / "site").mkdir()
    (raw / "doc00001.txt").rename(raw / "site" / "doc00001.txt")
    (clean / "site").mkdir()
    for ext in ("json", "txt"):
        (clean / f"doc00001.{ext}").rename(clean / "site" / f"doc00001.{ext}")
    assert main(["report", str(raw), str(clean), "-o", str(tmp_path / "out"), "--quiet"]) == 0
    page = (tmp_path / "out" / "doc" / "site" / "doc00001.html").read_text(encoding="utf-8")
    assert 'href="../../index.html"' in page and "raw page not found" not in page


@pytest.mark.parametrize("case", ["inside raw", "no clean dir", "output is a file"])
def test_usage_errors(tmp_path: Path, capsys, case: str) -> None:
    raw, clean = synthetic_batch(tmp_path, 1)
    out = {"inside raw": raw / "report", "no clean dir": tmp_path / "out",
           "output is a file": raw / "doc00000.txt"}[case]
    argv = ["report", str(raw), str(tmp_path / "nope") if case == "no clean dir" else str(clean), "-o", str(out)]
    before = sorted(raw.rglob("*"))
    assert main(argv) == 2
    assert capsys.readouterr().err.startswith("cleaner: error: ")
    assert sorted(raw.rglob("*")) == before
