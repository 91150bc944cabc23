"""The html stage: main-content blocks, the logged DOM pre-pass, metadata and fallbacks."""
from __future__ import annotations

from pathlib import Path

import pytest

from cleaner.document import DROP, Document
from cleaner.reading import read_document
from cleaner.patterns import load_patterns
from cleaner.htmlmode.prune import markup_rules
from cleaner.stages.html import HtmlStage

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


def test_long_removals_are_logged_whole() -> None:
    """Every word removed is in the record (nothing lost in silence), however long the widget."""
    comments = "".join(f"<p>Comment number {i} says something about the story.</p>" for i in range(60))
    body = f"<article>{''.join(f'<p>{PARAGRAPH} {i}</p>' for i in range(40))}</article><div id='comments'>{comments}</div>"
    logged = dom_drops(run(page(body)))["dom_comments"]
    assert logged == " ".join(f"Comment number {i} says something about the story." for i in range(60))


def test_markup_rules_are_data() -> None:
    rules = markup_rules()
    assert rules.tokens["disqus"] == "comments" and rules.tags["figcaption"] == "captions"
    assert list(rules.words("fbCommentsBox sign_up")) == [
        "fb", "comments", "box", "fbcomments", "commentsbox", "sign", "up", "signup"]


# ---- pre-pass: hidden, pop-ups, print-only, author boxes, footnotes, calls to action -----

def kept_text(doc: Document) -> str:
    return " ".join(b.text for b in doc.blocks)


ARTICLE = f"<article><h1>Budget agreed</h1><p>{PARAGRAPH}</p><p>{PARAGRAPH.upper()}</p>"


@pytest.mark.parametrize("widget", [
    '<div style="display: none">A copy of the article kept for robots.</div>',
    '<div style="color:red;visibility:hidden">A copy of the article kept for robots.</div>',
    '<div hidden>A copy of the article kept for robots.</div>',
    '<div class="modal-box hidden">A copy of the article kept for robots.</div>',
    '<span class="sr-only">A copy of the article kept for robots.</span>',
])
def test_what_the_page_hides_is_removed_and_logged(widget: str) -> None:
    doc = run(page(ARTICLE + widget + "</article>"))
    assert "kept for robots" in dom_drops(doc)["dom_hidden"]
    assert "kept for robots" not in kept_text(doc)


@pytest.mark.parametrize("shown", [
    '<div class="hidden lg:flex">Words shown on a large screen.</div>',  # Tailwind: hidden on small screens only
    '<div class="d-none d-md-block">Words shown on a large screen.</div>',  # Bootstrap
    '<div class="hidden-xs">Words shown on a large screen.</div>',
    '<div hidden id="S:1">Words shown on a large screen.</div>',  # React streams it, a script shows it
    '<div hidden role="region" aria-labelledby="q1">Words shown on a large screen.</div>',
    '<div hidden class="accordion-panel">Words shown on a large screen.</div>',
])
def test_responsive_streamed_and_collapsed_content_is_not_hidden(shown: str) -> None:
    doc = run(page(ARTICLE + shown + "</article>"))
    assert "dom_hidden" not in dom_drops(doc)
    assert "Words shown on a large screen." in kept_text(doc)


@pytest.mark.parametrize("widget, rule", [
    ('<div class="modal"><p>Before you go, have you seen our offers?</p></div>', "dom_popup"),
    ('<span class="rollover-block">Before you go, have you seen our offers?</span>', "dom_popup"),
    ('<div class="print-footer">Before you go, have you seen our offers?</div>', "dom_print_only"),
    ('<div class="author-bio">Before you go, have you seen our offers?</div>', "dom_author_box"),
    ('<ol class="wp-block-footnotes"><li>Before you go, have you seen our offers?</li></ol>', "dom_footnotes"),
    ('<div class="article-cta">Before you go, have you seen our offers?</div>', "dom_promo"),
    ('<div class="latest-news-box">Before you go, have you seen our offers?</div>', "dom_related"),
    ('<div class="c-share--horizontal">Before you go, have you seen our offers?</div>', "dom_share"),
])
def test_new_widget_kinds_are_removed_and_logged(widget: str, rule: str) -> None:
    doc = run(page(ARTICLE + widget + "</article>"))
    assert "have you seen our offers" in dom_drops(doc)[rule]
    assert "have you seen our offers" not in kept_text(doc)


@pytest.mark.parametrize("attrs", [
    'class="story modal-enabled"',  # a state of the element, not a widget
    'class="body has-share"',
    'id="how-popular-are-budget-meetings-today"',  # an anchor made from a heading
    'class="story-header story-header--social-icons-top"',  # a BEM modifier: a variant of the block
])
def test_states_and_heading_anchors_are_not_widgets(attrs: str) -> None:
    doc = run(page(f"<article><h1>Budget agreed</h1><div {attrs}><p>{PARAGRAPH}</p></div>"
                   f"<p>{PARAGRAPH.upper()}</p></article>"))
    assert not dom_drops(doc) and PARAGRAPH in doc.text()


def test_a_link_in_a_sentence_stays_one_in_a_list_goes() -> None:
    body = (f"<article><h1>Budget agreed</h1><p>{PARAGRAPH}</p>"
            '<p>The full figures are on <a class="external-popup" href="/x">the council website</a> '
            "for anyone who wants to check them line by line.</p>"
            '<ul><li><a class="popup" href="/y">Open the calculator</a></li></ul></article>')
    doc = run(page(body))
    assert "on the council website for anyone" in doc.text()
    assert dom_drops(doc).get("dom_popup") == "Open the calculator"


def test_what_trafilatura_never_extracts_goes_first_and_is_logged() -> None:
    body = (f"<article><h1>Budget agreed</h1><time>14 March 2023</time><p>{PARAGRAPH}</p>"
            f"<button>Listen to this story</button><p>{PARAGRAPH.upper()}</p></article>")
    doc = run(page(body))
    logged = [c.before for c in doc.changes if c.rule == "dom_unextracted"]
    assert logged == ["14 March 2023", "Listen to this story"]
    assert PARAGRAPH in doc.text()


def test_an_element_swallowing_the_page_is_kept_whatever_its_tag() -> None:
    # a <button> left open: libxml2 puts the rest of the page inside it
    doc = run(page(f"<button>Menu<div><p>{PARAGRAPH}</p><p>{PARAGRAPH.upper()}</p></div>"))
    assert PARAGRAPH in doc.text()
    assert not [c for c in doc.changes if c.rule == "dom_unextracted"]


# ---- pre-pass: other posts, split bodies --------------------------------------------

SECOND = ("In the afternoon the council turned to the harbour, where the old sea wall has been "
          "crumbling for years and the fishing fleet has asked for a new slipway.")


def teaser(n: int) -> str:
    return (f'<article class="post"><p>Other post number {n}: the mayor opened a new park on the '
            "river bank, with a playground, a cafe and paths for bikes and walkers.</p></article>")


def test_a_listing_of_other_posts_beside_the_article_is_removed() -> None:
    body = (f"<main><article><h1>Budget agreed</h1><p>{PARAGRAPH}</p><p>{PARAGRAPH.upper()}</p>"
            f"<p>{SECOND}</p></article><section>{teaser(1)}{teaser(2)}{teaser(3)}</section></main>")
    doc = run(page(body))
    assert "Other post" not in doc.text() and PARAGRAPH in doc.text()
    assert [c.rule for c in doc.changes if "Other post" in c.before] == ["dom_other_posts"] * 3


def test_articles_are_kept_when_the_title_is_in_none_of_them() -> None:
    body = f"<h1>Budget agreed</h1><article><p>{PARAGRAPH}</p></article>{teaser(1)}{teaser(2)}"
    doc = run(page(body))
    assert "dom_other_posts" not in dom_drops(doc)
    assert PARAGRAPH in kept_text(doc)


def test_an_article_body_split_by_ads_is_joined() -> None:
    first = f"<p>{PARAGRAPH}</p><p>{PARAGRAPH.upper()}</p>"
    body = ('<article><h1>Budget agreed</h1><div class="chunks">'
            f'<div class="grid"><div class="article__body">{first}</div></div>'
            '<div class="grid"><div class="ad-slot"></div></div>'
            f'<div class="grid"><div class="article__body"><p>{SECOND}</p><p>{SECOND.upper()}</p></div></div>'
            "</div></article>")
    text = run(page(body)).text()
    assert PARAGRAPH in text and SECOND in text
    assert text.index(PARAGRAPH) < text.index(SECOND)


def test_bodies_of_several_items_are_not_joined() -> None:
    items = "".join(f'<div class="item"><h2>Item {n}</h2><p>{SECOND} Item {n} has its own text here, '
                    f'long enough to count.</p><div class="article__body"><p>Body {n}.</p></div></div>'
                    for n in range(3))
    doc = run(page(f"<article><h1>Budget agreed</h1><p>{PARAGRAPH}</p>{items}</article>"))
    texts = [b.text for b in doc.blocks]
    assert texts.index("Body 0.") < texts.index("Item 1") < texts.index("Body 1.")


# ---- extraction: the second opinion ------------------------------------------------

def test_prose_share_tells_a_page_dump_from_paragraphs() -> None:
    from lxml import etree

    from cleaner.htmlmode.extract import Candidate, prose_share
    body = etree.fromstring(f"<body><p>{PARAGRAPH}</p><p>Home</p><p>News</p></body>")
    assert prose_share(Candidate(body)) > 0.9
    menu = etree.fromstring("<body>" + "".join(f"<p>Menu item {n}</p>" for n in range(20)) + "</body>")
    assert prose_share(Candidate(menu)) == 0.0


@pytest.mark.parametrize("why, own, other, expected", [
    ("short", 1000, 1900, False),   # readability must be twice as long
    ("short", 1000, 2100, True),
    ("retry", 1000, 1600, True),    # after an under-extraction, one and a half times is enough
    ("baseline", 5000, 600, True),  # the own extractor found next to nothing
    ("baseline", 5000, 400, False),
])
def test_readability_replaces_the_own_result_by_trafilaturas_rules(why: str, own: int, other: int,
                                                                    expected: bool) -> None:
    from lxml import etree

    from cleaner.htmlmode.extract import Candidate, prefer_readability

    def candidate(size: int) -> Candidate:
        return Candidate(etree.fromstring(f"<body><p>{'x' * size}</p></body>"))
    assert prefer_readability(candidate(own), candidate(other), why) is expected


# ---- metadata ---------------------------------------------------------------------

def test_other_meta_conventions_and_the_byline_fill_the_gaps() -> None:
    head = ('<meta name="byl" content="By Ann Lee"><meta name="pubdate" content="2019-11-18">'
            '<meta name="twitter:site" content="@TownNews">')
    doc = run(page(f"<article><h1>Budget agreed</h1><p>{PARAGRAPH}</p></article>", head))
    assert (doc.metadata["author"], doc.metadata["published"], doc.metadata["site"]) == (
        "Ann Lee", "2019-11-18", "TownNews")
    doc = run(page(f'<article><h1>Budget agreed</h1><div class="byline">By Bo Chen | March 9, 2021</div>'
                   f"<p>{PARAGRAPH}</p></article>"))
    assert doc.metadata["author"] == "Bo Chen"


@pytest.mark.parametrize("text, rest", [
    ("By Ann Lee", "Ann Lee"), ("Posted by: Ann Lee", "Ann Lee"), ("Par : Jean Dupont", "Jean Dupont"),
    ("written  by\u00a0 :Bo Chen", "Bo Chen"), ("Bylines of the week", "Bylines of the week"),
])
def test_the_words_before_a_name_in_a_byline(text, rest):
    from cleaner.htmlmode.metadata import byline_words
    assert byline_words(load_patterns()).opening.sub("", text) == rest
