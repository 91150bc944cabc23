"""Nothing lost in silence on HTML pages: each word the page shows is in the clean text or in
the record of removals (issue: the whole page becomes blocks)."""
from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from cleaner import clean
from cleaner.htmlmode.parse import parse_html
from cleaner.htmlmode.render import visible_lines
from corpus import HTML

WORD = re.compile(r"\w+")
SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "benchmarks"
FIXTURES = sorted((Path(__file__).resolve().parent / "fixtures" / "scrapinghub" / "pages").glob("*.html.gz"))


def shown_words(page: str) -> list[str]:
    """The words of the page's visible text, as `visible_lines` renders the unpruned page."""
    tree = parse_html(page)
    assert tree is not None
    return WORD.findall(" ".join(visible_lines(tree)).casefold())


def accounted_words(page: str) -> set[str]:
    """The words of the clean text, the title and every removal's text."""
    result = clean(page)
    meta = result.metadata
    texts = [result.text, meta.get("title") or "", *(r["text"] for r in meta["removed"])]
    return set(WORD.findall(" ".join(texts).casefold()))


def unaccounted(page: str) -> list[str]:
    """The shown words neither in the output nor in the record. A word made of two accounted
    words is accounted for: the rendering glues the text of two inline elements ("Noem" and
    a hidden "Kristi" become "NoemKristi") where the pruned page shows them apart."""
    have = accounted_words(page)
    return [w for w in shown_words(page) if w not in have
            and not any(w[:i] in have and w[i:] in have for i in range(1, len(w)))]


def sample_pages() -> list[Path]:
    """Every 12th page of the shown HTML benchmarks (ScrapingHub, WCXB, news-dev)."""
    assert SHARED.is_dir(), f"the shown benchmarks are expected at {SHARED} (CI has them there)"
    folders = ["scrapinghub", "wcxb-dev-articles", "news-dev/fundus", "news-dev/daniel", "news-dev/europa"]
    return [p for f in folders for p in sorted((SHARED / f / "html").glob("*.html.gz"))[::60]]


@pytest.mark.parametrize("path", [HTML, *FIXTURES], ids=lambda p: p.name[:16])
def test_every_shown_word_is_in_the_output_or_the_record(path: Path) -> None:
    page = (gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()).decode("utf-8")
    assert unaccounted(page) == []


def test_on_a_sample_of_every_shown_benchmark() -> None:
    """A sample of every shown benchmark (the whole of them: `bench/coverage.py`)."""
    lost = {}
    for path in sample_pages():
        page = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        missing = set(unaccounted(page))
        if missing:
            lost[path.name] = sorted(missing)[:10]
    assert lost == {}


def test_text_extraction_left_out_is_recorded() -> None:
    """A page whose sidebar is no widget the pre-pass knows: extraction leaves it out, and the
    record says so (`html:not_extracted`, kind junk)."""
    body = "".join(f"<p>{'The river rose by two metres during the night and the streets flooded. ' * 3}</p>"
                   for _ in range(6))
    page = (f"<html><body><div class='x1'><p>Zebra quokka platypus</p></div><article>{body}</article>"
            "</body></html>")
    result = clean(page)
    left = [r for r in result.metadata["removed"] if r["rule"] == "not_extracted"]
    assert [r["text"] for r in left] == ["Zebra quokka platypus"] and left[0]["kind"] == "junk"
    assert "Zebra" not in result.text
