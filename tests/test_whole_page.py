"""An HTML page shown whole (issue 14, item 5): each removal of no block (the DOM pre-pass,
the lines the extraction left out) has its place among the blocks, and `cleaner diff`,
`cleaner explain` and the report show it there, between the kept blocks."""
from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

from lxml import etree

from cleaner import clean
from cleaner.cli import main
from cleaner.document import Document
from cleaner.htmlmode.parse import parse_html
from cleaner.htmlmode.place import Marks, block_lines
from cleaner.htmlmode.prune import markup_rules, prune
from cleaner.patterns import load_patterns
from cleaner.stages.html import HtmlStage
from corpus import HTML, SEED_RAW

FIXTURES = sorted((Path(__file__).resolve().parent / "fixtures" / "scrapinghub" / "pages").glob("*.html.gz"))
PAGE = """<html><head><title>Floods in the valley</title></head><body>
<div class="menu-top"><ul><li><a href="/">Home</a></li><li><a href="/world">World news</a></li></ul></div>
<nav><a href="/a">Politics desk</a> <a href="/b">Culture desk</a></nav>
<article>
<h1>Floods in the valley</h1>
<p>The river rose by two metres during the night and the streets of the old town flooded before dawn.</p>
<p>Firefighters evacuated two hundred residents from the lower districts, the mayor said on Tuesday.</p>
<div class="wrap"><div class="share-buttons"><a>Share on Facebook</a> <a>Share on Twitter</a></div></div>
<p>The water is expected to recede by the weekend, but more rain is forecast for the coming days.</p>
<p>Schools will stay closed until Friday, and the main bridge remains shut to all traffic for now.</p>
</article>
<section id="comments" class="comments"><h3>Comments</h3>
<div class="comment"><p>Great reporting, thank you from a reader upstream.</p></div></section>
<footer><p>Copyright 2024 Valley Gazette. All rights reserved.</p><p>Contact the newsroom</p></footer>
</body></html>
"""
FIRST, LAST = "The river rose", "Schools will stay closed"


def run(capsys, *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def index_of(lines: list[str], text: str) -> int:
    return next(i for i, line in enumerate(lines) if text in line)


def test_every_removal_of_no_block_has_its_place() -> None:
    result = clean(PAGE)
    regions = [c for c in result.document.removed if c.block is None]
    assert regions and all(c.at is not None for c in regions)
    assert sorted(c.at[1] for c in regions) == list(range(len(regions)))  # ranks: page order
    where = {c.before: c.at[0] for c in regions}
    kept = {b.text[:14]: b.index for b in result.document.blocks if b.kept}
    assert where["Home"] == where["World news"] == where["Politics desk Culture desk"] == 0
    assert where["Share on Facebook Share on Twitter"] == kept["The water is e"]
    n = len(result.document.blocks)
    assert where["Copyright 2024 Valley Gazette. All rights reserved. Contact the newsroom"] == n
    removed = result.metadata["removed"]
    assert all(("at" in r) != ("block" in r) for r in removed)  # a place, never both, no line
    assert [r["block"] for r in removed if r["rule"] == "title"] == [0]
    assert json.loads(json.dumps(result.metadata))["removed"] == removed


def test_diff_shows_the_html_page_whole(tmp_path: Path, capsys) -> None:
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    out = run(capsys, "diff", str(tmp_path / "page.html"), "--unified", "--no-color").splitlines()
    first, last = index_of(out, FIRST), index_of(out, LAST)
    for text, rule in (("Home", "html:not_extracted"), ("World news", "html:not_extracted"),
                       ("Politics desk", "html:dom_navigation"), ("Floods in the valley", "html:title")):
        line = out[index_of(out, text)]
        assert index_of(out, text) < first and line.startswith("-") and f"[{rule}]" in line
    share = index_of(out, "Share on Facebook")
    assert first < share < last and "[html:dom_share]" in out[share]
    for text, rule in (("Great reporting", "html:dom_comments"), ("Copyright 2024", "html:dom_navigation")):
        assert index_of(out, text) > last and f"[{rule}]" in out[index_of(out, text)]
    assert index_of(out, "Great reporting") < index_of(out, "Copyright 2024")
    doc = clean(PAGE).document
    rows = [line for line in out[2:] if not line.startswith("#")]
    assert len(rows) == len(doc.blocks) + sum(1 for c in doc.removed if c.block is None)
    side = run(capsys, "diff", str(tmp_path / "page.html"), "--no-color", "--width", "160").splitlines()
    assert index_of(side, "Politics desk") < index_of(side, FIRST) < index_of(side, "Share on Facebook")
    assert index_of(side, LAST) < index_of(side, "Copyright 2024")


def test_explain_lists_the_html_page_in_order(tmp_path: Path, capsys) -> None:
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    out = run(capsys, "explain", str(tmp_path / "page.html"), "--format", "tsv", "--max-chars", "0")
    rows = [line.split("\t") for line in out.splitlines()[1:]]
    texts = [row[4] for row in rows]
    assert texts[:3] == ["Home", "World news", "Politics desk Culture desk"]
    assert texts[-2:] == ["Comments Great reporting, thank you from a reader upstream.",
                          "Copyright 2024 Valley Gazette. All rights reserved. Contact the newsroom"]
    assert [row[1] for row in rows[-2:]] == ["html:dom_comments", "html:dom_navigation"]


def test_report_shows_the_html_page_whole(tmp_path: Path, capsys) -> None:
    raw, cleaned, out = tmp_path / "raw", tmp_path / "clean", tmp_path / "report"
    raw.mkdir()
    (raw / "page.html").write_text(PAGE, encoding="utf-8")
    assert main(["clean", str(raw), str(cleaned)]) == 0
    assert main(["report", str(raw), str(cleaned), "-o", str(out), "--quiet"]) == 0
    page = (out / "doc" / "page.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", page[page.index('class="sbs whole"'):], re.S)[1:]
    first = next(i for i, r in enumerate(rows) if FIRST in r)
    last = next(i for i, r in enumerate(rows) if LAST in r)
    where = {text: next(i for i, r in enumerate(rows) if text in r)
             for text in ("Home", "Politics desk", "Share on Facebook", "Great reporting", "Copyright 2024")}
    assert where["Home"] < where["Politics desk"] < first < where["Share on Facebook"] < last
    assert last < where["Great reporting"] < where["Copyright 2024"]
    assert "html:dom_navigation" in rows[where["Copyright 2024"]] and "<del" in rows[where["Copyright 2024"]]
    assert "html:not_extracted" in rows[where["Home"]] and "html:dom_comments" in rows[where["Great reporting"]]
    meta = json.loads((cleaned / "page.json").read_text(encoding="utf-8"))
    assert len(rows) == len(meta["removed"]) + meta["stats"]["blocks_out"]  # every removal, every paragraph


def test_an_older_html_sidecar_gets_two_columns(tmp_path: Path) -> None:
    """A sidecar written before removals had places: the removed list beside the clean text."""
    raw, cleaned, out = tmp_path / "raw", tmp_path / "clean", tmp_path / "report"
    raw.mkdir()
    (raw / "page.html").write_text(PAGE, encoding="utf-8")
    assert main(["clean", str(raw), str(cleaned)]) == 0
    meta = json.loads((cleaned / "page.json").read_text(encoding="utf-8"))
    for r in meta["removed"]:
        r.pop("at", None), r.pop("block", None)
    (cleaned / "page.json").write_text(json.dumps(meta), encoding="utf-8")
    assert main(["report", str(raw), str(cleaned), "-o", str(out), "--quiet"]) == 0
    page = (out / "doc" / "page.html").read_text(encoding="utf-8")
    assert "sbs whole" not in page and 'class="removed-list"' in page


def test_text_dumps_carry_no_place() -> None:
    """Text dumps are whole already: their removals have line spans, no `at` nor `block`."""
    for path in sorted(SEED_RAW.glob("*.txt")):
        removed = clean(path.read_bytes(), source=str(path)).metadata["removed"]
        assert removed and all("at" not in r and "block" not in r and r.get("lines") for r in removed)


def pruned(page: str, marks: Marks | None) -> bytes:
    tree = parse_html(page)
    stage = HtmlStage(load_patterns(("*",)))
    prune(tree, Document(page), markup_rules(), stage, marks)
    if marks is not None:
        marks.render(tree)
    return etree.tostring(tree, encoding="utf-8")


def test_marks_leave_the_pruned_tree_as_without_them() -> None:
    """The extraction sees the very tree it saw before marks existed: the clean text cannot change."""
    pages = [PAGE, HTML.read_text(encoding="utf-8"),
             *(gzip.decompress(p.read_bytes()).decode("utf-8", "replace") for p in FIXTURES)]
    for page in pages:
        assert pruned(page, Marks()) == pruned(page, None)


def test_blocks_are_matched_to_their_lines_in_order() -> None:
    lines = ["Home", "Politics desk", "Floods in the valley", "The river rose by two metres in the night",
             "Name", "Level", "Share", "The river rose by two metres in the night", "Footer"]
    texts = ["Floods in the valley", "The river rose by two metres in the night", "Name | Level",
             "never on the page", "The river rose by two metres in the night"]
    assert block_lines(lines, texts) == [2, 3, 4, 4, 7]
    assert block_lines(lines, ["nothing", "here"]) == [len(lines)] * 2
