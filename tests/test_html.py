"""The html stage: main-content blocks, the logged DOM pre-pass, metadata and fallbacks."""
from __future__ import annotations

from pathlib import Path

import pytest

from cleaner.document import DROP, Document
from cleaner.io import read_document
from cleaner.patterns import load_patterns
from cleaner.stages.html import HtmlStage, markup_rules

FIXTURES = Path(__file__).parent / "fixtures" / "html"
PARAGRAPH = ("The committee met on Tuesday to discuss the budget for next year, and after a long "
             "debate it agreed to fund the new library, the repairs to the bridge and the school.")


def run(html: str | bytes) -> Document:
    data = html.encode("utf-8") if isinstance(html, str) else html
    doc = read_document(data)
    assert doc.source.format == "html"
    HtmlStage(load_patterns()).run(doc)
    return doc


def page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def dom_drops(doc: Document) -> dict[str, str]:
    """rule -> the logged text, for the pre-pass removals."""
    return {c.rule: c.before for c in doc.changes if c.kind == DROP and c.rule.startswith("dom_")}


@pytest.fixture(scope="module")
def article() -> Document:
    return run((FIXTURES / "article.html").read_bytes())


def test_article_text_is_extracted(article: Document) -> None:
    text = article.text()
    assert "stopped flowing last week" in text
    assert "lowest level in decades" in text
    assert "some orchards would not survive" in text


@pytest.mark.parametrize("rule, logged, gone", [
    ("dom_comments", "My grandfather always said", "Great article, thanks"),
    ("dom_share", "Share on Facebook", "Tweet this story"),
    ("dom_newsletter", "Get the morning briefing", "Sign me up"),
    ("dom_related", "Heatwave breaks July records", "You might also like"),
    ("dom_captions", "The dry bed of the river near the old mill", "Photo: J. Smith"),
    ("dom_navigation", "Copyright 2023 The Valley Gazette", "All rights reserved"),
])
def test_widgets_are_removed_and_logged(article: Document, rule: str, logged: str, gone: str) -> None:
    drops = dom_drops(article)
    assert rule in drops and logged in drops[rule]
    assert gone not in article.text()


def test_pre_pass_changes_are_document_level(article: Document) -> None:
    changes = [c for c in article.changes if c.rule.startswith("dom_")]
    assert changes and all(c.block is None and c.stage == "html" and c.kind == DROP for c in changes)
    assert all(" " * 2 not in c.before and "\n" not in c.before for c in changes)


def test_metadata_is_extracted_meta_before_json_ld(article: Document) -> None:
    assert article.metadata["title"] == "Rivers run dry across the valley"
    assert article.metadata["author"] == "Maria Lopez"
    assert article.metadata["published"] == "2023-08-14"
    assert article.metadata["site"] == "The Valley Gazette"
    assert article.metadata["html_lang"] == "en-GB"


def test_title_is_dropped_from_the_body(article: Document) -> None:
    first = article.blocks[0]
    assert first.text == "Rivers run dry across the valley" and not first.kept
    assert first.dropped is not None and first.dropped.label == "html:title"
    assert "Rivers run dry" not in article.text()


def test_blocks_carry_kinds(article: Document) -> None:
    kinds = {b.text: b.kind for b in article.kept_blocks()}
    assert kinds["What the authority plans"] == "heading"
    assert kinds["Emergency pipelines from the northern reservoirs to the towns."] == "list_item"
    assert [b.index for b in article.blocks] == list(range(len(article.blocks)))
    assert all(b.original == b.text and b.lines is None for b in article.blocks)


def test_json_ld_fills_what_meta_tags_lack() -> None:
    head = ('<script type="application/ld+json">{"@graph": [{"@type": "WebSite", "name": "x"},'
            '{"@type": "NewsArticle", "headline": "Budget agreed", "datePublished": "2021-03-09T10:00:00Z",'
            '"author": [{"name": "Ann Lee"}, {"name": "Bo Chen"}], "publisher": {"name": "Town News"}}]}'
            '</script>')
    doc = run(page(f"<article><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></article>", head))
    assert doc.metadata["author"] == "Ann Lee; Bo Chen"
    assert doc.metadata["published"] == "2021-03-09"
    assert doc.metadata["site"] == "Town News"


def test_dates_keep_their_own_precision_and_existing_keys_stay() -> None:
    head = '<meta property="article:published_time" content="2019-07"><meta property="og:title" content="New">'
    doc = read_document(page(f"<p>{PARAGRAPH}</p>", head).encode())
    doc.metadata["title"] = "Set by the caller"
    HtmlStage(load_patterns()).run(doc)
    assert doc.metadata["published"] == "2019-07"
    assert doc.metadata["title"] == "Set by the caller"


def test_tables_quotes_and_code_become_blocks() -> None:
    body = (f"<article><p>{PARAGRAPH}</p>"
            "<table><tr><th>Item</th><th>Cost</th></tr><tr><td>Library</td><td>4 m</td></tr></table>"
            "<blockquote><p>We owe it to our children, said the mayor at the end of the meeting.</p></blockquote>"
            "<pre><code>total = sum(costs)\nprint(total)</code></pre>"
            f"<p>{PARAGRAPH}</p></article>")
    blocks = {b.text: b.kind for b in run(page(body)).blocks}
    assert blocks["Item | Cost"] == "table" and blocks["Library | 4 m"] == "table"
    assert blocks["We owe it to our children, said the mayor at the end of the meeting."] == "quote"
    assert blocks["total = sum(costs)\nprint(total)"] == "code"


def test_bare_text_and_tails_are_not_lost() -> None:
    body = f"<article><h2>Part one</h2>{PARAGRAPH}<h2>Part two</h2>Loose words after the second heading.</article>"
    texts = [b.text for b in run(page(body)).blocks]
    assert PARAGRAPH in texts and "Loose words after the second heading." in texts


def test_nothing_found_falls_back_with_a_warning() -> None:
    doc = run(page("Just some words sitting directly in the body of the page."))
    assert "Just some words sitting directly in the body" in doc.text()
    assert [w.label for w in doc.warnings] == ["html:fallback"]


def test_deep_nesting_keeps_the_text() -> None:
    doc = run(page("<div>" * 3000 + "Text at the bottom of a deep tree." + "</div>" * 3000))
    assert "Text at the bottom of a deep tree." in doc.text()
    assert doc.warnings


def test_unparseable_page_warns() -> None:
    doc = read_document(b"<!DOCTYPE html><!-- only a comment -->")
    HtmlStage(load_patterns()).run(doc)
    assert [w.label for w in doc.warnings] == ["html:parse_error"]


def test_safety_net_keeps_a_widget_holding_most_of_the_text() -> None:
    body = (f'<div class="social-wrapper"><p>{PARAGRAPH}</p><p>{PARAGRAPH.upper()}</p>'
            '<div class="share-tools">Share this</div></div>')
    doc = run(page(body))
    assert PARAGRAPH in doc.text()
    assert dom_drops(doc) == {"dom_share": "Share this"}


def test_protected_tags_are_never_removed() -> None:
    doc = run(page(f'<main class="comments"><article class="share"><p>{PARAGRAPH}</p></article></main>'))
    assert PARAGRAPH in doc.text() and not dom_drops(doc)


@pytest.mark.parametrize("attrs, removed", [
    ('class="comment-body"', True),
    ('id="commentList"', True),
    ('class="sign-up"', True),
    ('class="commentary"', False),
    ('class="shared-costs"', False),
    ('class="post category-social-media"', False),
    ('class="entry comments-open"', False),
])
def test_class_tokens_match_on_word_boundaries(attrs: str, removed: bool) -> None:
    body = f"<article><p>{PARAGRAPH}</p><div {attrs}>Words inside the marked element.</div></article>"
    doc = run(page(body))
    assert bool(dom_drops(doc)) is removed
    assert ("Words inside the marked element." in " ".join(b.text for b in doc.blocks)) is not removed


def test_long_removals_are_truncated_in_the_log() -> None:
    comments = "".join(f"<p>Comment number {i} says something about the story.</p>" for i in range(60))
    body = f"<article>{''.join(f'<p>{PARAGRAPH} {i}</p>' for i in range(40))}</article><div id='comments'>{comments}</div>"
    before = dom_drops(run(page(body)))["dom_comments"]
    assert len(before) == 500 and before.endswith("…")


def test_markup_rules_are_data() -> None:
    rules = markup_rules()
    assert rules.tokens["disqus"] == "comments" and rules.tags["figcaption"] == "captions"
    assert list(rules.words("fbCommentsBox sign_up")) == [
        "fb", "comments", "box", "fbcomments", "commentsbox", "sign", "up", "signup"]
