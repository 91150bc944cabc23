"""Batches for the HTML report tests: the seed pages cleaned for real, plus hostile pages.

`seed_batch(root)` cleans the five seed pages and an HTML page whose text
contains `<script>alert(1)</script>` with `cleaner clean`, and adds a document
whose sidecar carries a script payload in every field (written by hand, as a
tampered or buggy sidecar would be). `synthetic_batch(root, n)` writes n small
sidecars directly, for pagination and scale.
"""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from cleaner.cli import main
from seeds import SEEDS

XSS = "<script>alert(1)</script>"
XSS_MORE = "<img src=x onerror=\"window.__xss=1\"></script><script>window.__xss=2</script>"
ODD_NAME = "q\"uote'&<i>"

ARTICLE = [
    "The river that runs through the old town rose by almost two metres during the night, and by "
    "morning the lower streets near the market were under water.",
    f"Residents said the words {XSS} were painted on a wall by the bridge, which nobody in the town "
    "could explain to the reporters who came to see the flood.",
    "The mayor said on Tuesday that the council would review the flood defences built in the nineteen "
    "seventies, which engineers have long described as too low for the current climate.",
]


def html_xss_page() -> str:
    """An article page whose text (entity-escaped in the HTML) contains a script tag."""
    body = "".join(f"<p>{p.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')}</p>\n"
                   for p in ARTICLE)
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>Flood &lt;script&gt;alert(1)&lt;/script&gt;</title></head><body>"
            "<nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/news\">News</a></li></ul></nav>"
            f"<article><h1>Flood in the old town</h1>\n{body}</article></body></html>\n")


def seed_batch(root: Path) -> tuple[Path, Path, Path]:
    """RAW, CLEAN and OUT folders under `root`: seeds + hostile pages, cleaned and reported."""
    raw, clean, out = root / "raw", root / "clean", root / "report"
    shutil.copytree(SEEDS / "raw", raw)
    (raw / "xss.html").write_text(html_xss_page(), encoding="utf-8")
    assert main(["clean", str(raw), str(clean), "--quiet"]) == 0
    write_hostile(raw, clean)
    assert main(["report", str(raw), str(clean), "-o", str(out), "--quiet"]) == 0
    return raw, clean, out


def write_hostile(raw: Path, clean: Path) -> None:
    """A text page, its clean text and a hand-written sidecar with payloads everywhere."""
    payload = f"{XSS} {XSS_MORE}"
    lines = [f"menu {payload}", "", ARTICLE[0], "", f"{ARTICLE[2]} {payload} .", "", f"Comments {payload}"]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    (raw / f"{ODD_NAME}.txt").write_bytes(data)
    change = {"stage": "chrome", "rule": f"items{XSS}", "reason": f"reason {payload}"}
    meta = {
        "title": f"title {payload}", "author": payload, "published": None, "site": payload,
        "language": payload, "language_probability": None, "extra": {payload: payload},
        "source": {"path": str(raw / f"{ODD_NAME}.txt"), "sha256": hashlib.sha256(data).hexdigest(),
                   "bytes": len(data), "format": "text", "encoding": payload, "encoding_note": payload,
                   "compressed": False},
        "cleaner": {"version": payload, "stages": [payload], "disabled": [payload]},
        "removed": [{**change, "text": lines[0], "lines": [1, 1]},
                    {**change, "stage": f"comments{XSS}", "text": lines[6], "lines": [7, 7]},
                    {**change, "text": payload}],
        "fixes": [{**change, "stage": "typography", "before": f"{payload} .", "after": f"{payload}.",
                   "lines": [5, 5]}],
        "warnings": [{**change, "stage": "garbled", "text": payload, "lines": [3, 3]}],
        "stats": {"chars_in": len(data), "chars_out": 300, "blocks_in": 4, "blocks_out": 2,
                  "removed_by_rule": {f"chrome:items{XSS}": 2}, "fixes_by_rule": {}},
    }
    (clean / f"{ODD_NAME}.json").write_text(json.dumps(meta), encoding="utf-8")
    (clean / f"{ODD_NAME}.txt").write_text(f"{ARTICLE[0]}\n\n{ARTICLE[2]} {payload}.\n", encoding="utf-8")


def synthetic_batch(root: Path, n: int) -> tuple[Path, Path]:
    """RAW and CLEAN folders with `n` small documents (sidecars written directly)."""
    raw, clean = root / "raw", root / "clean"
    raw.mkdir(parents=True)
    clean.mkdir(parents=True)
    for i in range(n):
        name = f"doc{i:05d}"
        text = f"Menu\n\nArticle number {i} says something about the town and its river.\n"
        (raw / f"{name}.txt").write_text(text, encoding="utf-8")
        meta = {"title": f"Title {i}", "language": "en" if i % 3 else "fr",
                "source": {"path": f"raw/{name}.txt", "format": "text"},
                "removed": [{"stage": "chrome", "rule": "items", "reason": "menu", "text": "Menu",
                             "lines": [1, 1]}] * (i % 4),
                "fixes": [], "warnings": [],
                "stats": {"chars_in": len(text) + i, "chars_out": len(text) - 6, "blocks_in": 2, "blocks_out": 1}}
        (clean / f"{name}.json").write_text(json.dumps(meta), encoding="utf-8")
        (clean / f"{name}.txt").write_text(f"Article number {i} says something about the town.\n",
                                           encoding="utf-8")
    return raw, clean
