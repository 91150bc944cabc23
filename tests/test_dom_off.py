"""The `html` stage's option `dom_off`: a DOM pre-pass rule switched off by name."""
from __future__ import annotations

from pathlib import Path

import pytest

import cleaner
from cleaner.document import DROP, Document
from cleaner.htmlmode.prune import DOM_SWITCHES, dom_switches
from cleaner.patterns import load_patterns
from cleaner.reading import read_document
from cleaner.stages.html import HtmlStage

ARTICLE = (Path(__file__).parent / "fixtures" / "html" / "article.html").read_bytes()


def run(**options: object) -> Document:
    doc = read_document(ARTICLE)
    HtmlStage(load_patterns(), **options).run(doc)
    return doc


def dom_rules(doc: Document) -> set[str]:
    return {c.rule for c in doc.changes if c.kind == DROP and c.rule.startswith("dom_")}


def test_every_rule_is_on_by_default() -> None:
    assert {"dom_share", "dom_captions", "dom_comments"} <= dom_rules(run())


@pytest.mark.parametrize("value", ["share,captions", ["share", "captions"], "dom_share, html:dom_captions"])
def test_switched_off_rules_remove_nothing(value: object) -> None:
    doc = run(dom_off=value)
    rules = dom_rules(doc)
    assert "dom_share" not in rules and "dom_captions" not in rules
    assert "dom_comments" in rules  # the others still run
    assert not any("Share on Facebook" in c.before for c in doc.changes if c.rule.startswith("dom_"))


def test_the_option_reaches_the_stage_through_config() -> None:
    on = cleaner.clean(ARTICLE, source="article.html")
    off = cleaner.clean(ARTICLE, source="article.html",
                        config=cleaner.Config(options={"html": {"dom_off": "comments"}}))
    rules_on = {r["rule"] for r in on.metadata["removed"]}
    rules_off = {r["rule"] for r in off.metadata["removed"]}
    assert "dom_comments" in rules_on and "dom_comments" not in rules_off


def test_other_posts_and_join_can_be_switched_off() -> None:
    assert dom_switches("other_posts,join") == {"other_posts", "join"}
    assert set(DOM_SWITCHES) >= {"unextracted", "other_posts", "join", "hidden"}


def test_an_unknown_rule_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown DOM rule"):
        HtmlStage(load_patterns(), dom_off="shares")


# ---- the prose guard: markers of some kinds are not trusted over article prose ----------

PROSE = ("The council voted on Tuesday to fund the repairs to the old bridge, after engineers warned "
         "that its piers had cracked in the winter floods and could not carry lorries much longer. Work "
         "starts in the spring and should be over before the harvest.")


def prune_page(body: str) -> Document:
    article = "".join(f"<p>{n}. {PROSE}</p>" for n in range(4))  # more than any widget: no safety net
    doc = read_document(f"<html><body><article><h1>Bridge</h1>{article}{body}</article></body></html>"
                        .encode("utf-8"))
    HtmlStage(load_patterns()).run(doc)
    return doc


@pytest.mark.parametrize("attrs", ['class="paywall" hidden', 'class="related-box"', 'class="share-wrap"',
                                   'style="display:none"'])
def test_an_element_holding_prose_paragraphs_stays_whatever_its_marker(attrs: str) -> None:
    second = PROSE.replace("Tuesday", "Wednesday").replace("bridge", "harbour wall")
    doc = prune_page(f"<div {attrs}><p>{PROSE.upper()}</p><p>{second}</p></div>")
    assert not dom_rules(doc)  # (trafilatura may still leave it out, by its own rules)
    if "hidden" in attrs:  # the paywalled rest of an article, which a script shows
        assert second in doc.text()


@pytest.mark.parametrize("attrs, rule", [('class="paywall" hidden', "dom_hidden"),
                                         ('class="related-box"', "dom_related")])
def test_the_same_element_with_one_short_paragraph_goes(attrs: str, rule: str) -> None:
    doc = prune_page(f"<div {attrs}><p>Read more stories like this one.</p><p>{PROSE.upper()}</p></div>")
    assert rule in dom_rules(doc)
