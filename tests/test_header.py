"""The `header` stage (text dumps): headline, author and date read from the page's header.

The whole pipeline runs on hand-made dumps; the byline line removed by another stage still
gives its author and date, and its removal has the kind `metadata`; lines that are not a
headline (a caption, a link, a prose line, half a sentence) are never the title; when the
scorer is unsure there is no title and the line stays in the text.
"""
from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import Config, _native, clean
from cleaner.document import JUNK, METADATA
from cleaner.headline import FEATURES, HeadlineModel, candidates, load_headline_model, veto
from cleaner.patterns import load_patterns
from cleaner.stages.header import HeaderStage
from tests.blocks import make_doc

MENU = "\n".join(["Home", "World", "Politics", "Business", "Science", "Sport", "Culture", "Opinion", "Video", "Podcasts"])
BODY = [
    "The city council voted on Tuesday to rebuild the old harbour bridge, closing a debate that had divided "
    "residents and shop owners for almost ten years.",
    "Work will start in the spring and last about three years, the mayor said, and a ferry will carry "
    "pedestrians and cyclists across the river while the bridge is closed to traffic.",
    "Opponents of the plan, who had asked for a tunnel instead, said they would not appeal the decision but "
    "would watch the costs closely as the project goes ahead over the coming years.",
    "The new bridge will have wider pavements, a separate lane for bicycles and a lifting section in the "
    "middle so that the tall ships of the summer festival can still reach the inner harbour.",
]
FOOTER = "\n".join(["About us", "Contact", "Privacy policy", "Terms of use", "Advertise", "Careers"])
HEADLINE = "Council votes to rebuild the harbour bridge after ten years of debate"


def page(*header: str, body: list[str] = BODY) -> str:
    """A dump: a menu, the header lines given, the article's paragraphs, a footer."""
    return "\n\n".join([MENU, *header, *body, FOOTER]) + "\n"


def cleaned(text: str, **options: Any) -> Any:
    config = Config(options={"header": options}) if options else Config()
    return clean(text.encode("utf-8"), source="page.txt", config=config)


def removed(result: Any, text: str) -> dict[str, Any]:
    """The sidecar's removal entry of the line `text`."""
    found = [r for r in result.metadata["removed"] if r["text"] == text]
    assert found, f"{text!r} was not removed"
    return found[0]


def test_the_headline_is_read_and_removed_from_the_body() -> None:
    result = cleaned(page(HEADLINE, "By Jane Doe | March 3, 2024"))
    assert result.metadata["title"] == HEADLINE
    assert result.metadata["found_by"]["title"] == "header"
    assert HEADLINE not in result.text
    assert removed(result, HEADLINE)["kind"] == METADATA
    assert result.metadata["extra"]["title_evidence"].startswith("p ")
    assert result.metadata["author"] == "Jane Doe" and result.metadata["published"] == "2024-03-03"


def test_a_byline_removed_by_another_stage_still_gives_author_and_date(monkeypatch) -> None:
    """The byline line is dropped as junk before `header` reads it (as `mainregion` does with a
    "By NAME MONTH DAY, YEAR" line it takes for page furniture): the author and the date are
    read all the same, and the removal's kind becomes `metadata`, its reason saying so."""
    byline = "By Jane Doe March 3, 2024"
    from cleaner.stages.mainregion import MainRegionStage
    original = MainRegionStage.run

    def run_and_drop_byline(self: MainRegionStage, doc: Any) -> None:
        original(self, doc)
        for block in doc.kept_blocks():
            if block.text == byline:
                self.drop(doc, block, "outside_main", "score -3.0; stretch of 1 line: test")
    monkeypatch.setattr(MainRegionStage, "run", run_and_drop_byline)
    result = cleaned(page(HEADLINE, byline))
    assert result.metadata["author"] == "Jane Doe"
    assert result.metadata["published"] == "2024-03-03"
    assert result.metadata["found_by"]["author"] == "header"
    entry = removed(result, byline)
    assert (entry["stage"], entry["rule"], entry["kind"]) == ("mainregion", "outside_main", METADATA)
    assert entry["gave"] == ["author", "published"]
    assert byline not in result.text


def test_a_byline_a_junk_rule_removed_first_still_gives_author_and_date() -> None:
    """No stand-in: between "Listen" and "Save", the byline is taken for a teaser line by the
    `teaser` stage before `header` runs; it still gives its author and date, and says so."""
    byline = "By Jane Doe March 3, 2024"
    result = cleaned("\n\n".join([MENU, HEADLINE, "Listen", byline, "Save", "Share", *BODY, FOOTER]) + "\n")
    assert (result.metadata["author"], result.metadata["published"]) == ("Jane Doe", "2024-03-03")
    entry = removed(result, byline)
    assert entry["kind"] == METADATA and entry["gave"] == ["author", "published"]
    assert entry["stage"] != "byline"  # removed by a junk rule, relabelled


def test_a_byline_dropped_before_header_runs_is_relabelled_metadata() -> None:
    """On the stage alone: a block dropped as junk earlier, read by `header`, is relabelled."""
    doc = make_doc(page(HEADLINE, "By Jane Doe March 3, 2024"), language="en")
    byline = next(b for b in doc.blocks if b.text.startswith("By Jane"))
    doc.drop(byline, "mainregion", "outside_main", "test", kind=JUNK)
    HeaderStage(load_patterns()).run(doc)
    assert doc.metadata["author"] == "Jane Doe" and doc.metadata["published"] == "2024-03-03"
    assert byline.dropped is not None and byline.dropped.drop_kind == METADATA
    assert doc.metadata_blocks[byline.index] == ("author", "published")


def test_a_later_drop_of_a_line_that_gave_metadata_has_the_kind_metadata() -> None:
    doc = make_doc(page(HEADLINE, "By Jane Doe | March 3, 2024"), language="en")
    HeaderStage(load_patterns()).run(doc)
    byline = next(b for b in doc.blocks if b.text.startswith("By Jane"))
    change = doc.drop(byline, "layout", "stranded", "test", kind=JUNK)
    assert change is not None and change.drop_kind == METADATA and change.gave == ("author", "published")


@pytest.mark.parametrize("line", [
    "Photo: Jane Doe / Getty Images",                                   # a caption's credit
    "https://example.com/news/harbour-bridge-vote",                     # a link
    "The council met for five hours before the vote was finally taken.",  # a prose line
    "The city council voted on Tuesday to rebuild the old harbour",     # half a sentence...
])
def test_lines_that_are_no_headline_are_never_the_title(line: str) -> None:
    """Each line alone above the article, where the headline would be: never the title."""
    body = list(BODY)
    if line.startswith("The city council voted"):  # ...its second half opens the article
        body[0] = "bridge, closing a debate that had divided residents and shop owners for almost ten years."
    result = cleaned(page(line, body=body))
    assert result.metadata["title"] != line
    assert line in result.text.split("\n\n") or line not in [r["text"] for r in result.metadata["removed"]
                                                           if r["kind"] == METADATA]


def test_vetoes_name_each_kind_of_line() -> None:
    doc = make_doc("Photo: Jane Doe / Getty Images\nhttps://example.com/a\nThe vote was taken.\n"
                   "The council voted to\nrebuild it.", language="en")
    credit = load_patterns().any_test("captions", "credits")
    b = doc.blocks
    assert veto(b[0], b[1], credit) == "caption"
    assert veto(b[1], b[2], credit) == "link"
    assert veto(b[2], b[3], credit) == "sentence"
    assert veto(b[3], b[4], credit) == "continued"
    assert veto(make_doc(HEADLINE).blocks[0], None, credit) is None


def test_when_unsure_no_title_and_the_line_stays() -> None:
    """The same page, with a threshold no line reaches: no title, the headline stays in the
    text, and a warning says which line might have been it."""
    result = cleaned(page(HEADLINE), threshold=1.01)
    assert result.metadata["title"] is None
    assert HEADLINE in result.text.split("\n\n")
    assert any(w["rule"] == "unsure" and HEADLINE[:40] in w["reason"] for w in result.metadata["warnings"])


def test_a_page_without_header_lines_has_no_title() -> None:
    result = cleaned("\n\n".join(BODY) + "\n")
    assert result.metadata["title"] is None
    assert result.text.split("\n\n") == BODY


def test_html_pages_are_left_to_the_markup() -> None:
    html = f"<html><head><title>{HEADLINE}</title></head><body><h1>{HEADLINE}</h1>" + "".join(
        f"<p>{p}</p>" for p in BODY) + "</body></html>"
    result = clean(html.encode(), source="page.html")
    assert "header" not in result.metadata["cleaner"]["stages"]
    assert result.metadata["found_by"].get("title") != "header"


def test_each_candidate_is_measured_by_its_shape_place_and_copies() -> None:
    header = ["WORLD NEWS", HEADLINE, "By Jane Doe | March 3, 2024"]
    doc = cleaned(page(*header, HEADLINE.upper())).document
    stage = HeaderStage(load_patterns())
    stopwords = stage.patterns.words("en", "stopwords", "words")
    bylines = {b.index for b in doc.blocks if b.text.startswith("By ")}
    measured = {c.block.text: dict(zip(FEATURES, c.row))
                for c in candidates(doc, stopwords, lambda b: "author" if b.index in bylines else None, stage.credit)}
    assert "By Jane Doe | March 3, 2024" not in measured  # a byline line is no candidate
    title, kicker = measured[HEADLINE], measured["WORLD NEWS"]
    assert title["words"] == 12 / 30 and title["mid"] == 1 and title["first_upper"] == 1 and title["all_caps"] == 0
    assert title["byline_below"] == 1 and title["above_near"] == 1
    copy = measured[HEADLINE.upper()]  # printed again, in capitals, nearer the article: a casefolded copy
    assert copy["nearest_shaped"] == 1 and title["nearest_shaped"] == 0 and copy["all_caps"] == 1
    assert title["repeat_equal"] == copy["repeat_equal"] == 1 / 3
    # "harbour", "bridge", "rebuild"... are in the body, "votes" is not ("voted" is)
    assert 0.5 <= title["body_cover"] < 1 and 0.5 <= title["body_overlap"] < 1
    assert kicker["all_caps"] == 1 and kicker["short"] == 1 and kicker["name_like"] == 1 and kicker["separator"] == 0
    assert kicker["dist_up"] > title["dist_up"] and kicker["shaped_rank"] == 1.0
    assert all(row["candidates"] == measured[HEADLINE]["candidates"] > 0 for row in measured.values())


def test_the_shipped_model_matches_the_features() -> None:
    model = load_headline_model()
    assert len(model.weights) == len(FEATURES)
    assert 0.0 < model.threshold < 1.0


def test_candidates_scored_natively_score_as_the_model_does() -> None:
    # the scores `candidates` carries, given a model, are `HeadlineModel.score`'s to the last bit,
    # and choosing with them chooses as choosing from the rows
    header = ["WORLD NEWS", HEADLINE, "By Jane Doe | March 3, 2024", "Photo: Reuters"]
    doc = cleaned(page(*header, HEADLINE.upper())).document
    stage = HeaderStage(load_patterns())
    stopwords = stage.patterns.words("en", "stopwords", "words")
    model = load_headline_model()
    scored = candidates(doc, stopwords, lambda b: None, stage.credit, model=model)
    plain = candidates(doc, stopwords, lambda b: None, stage.credit)
    assert scored and all(c.score is None for c in plain)
    assert [c.row for c in scored] == [c.row for c in plain]
    assert [c.score for c in scored] == [model.score(c.row) for c in plain] == model.scores(plain)
    for threshold in (None, 0.0, 0.5, 1.0):
        (best, *probs), (other, *again) = model.choose(scored, threshold, model.scores(scored)), \
            model.choose(plain, threshold)
        assert probs == again and (best is other is None or scored.index(best) == plain.index(other))


@given(st.lists(st.tuples(st.floats(allow_nan=False, allow_infinity=False, width=64),
                          st.floats(allow_nan=False, allow_infinity=False, width=64)), max_size=60),
       st.floats(allow_nan=False, allow_infinity=False))
@settings(max_examples=300, deadline=None)
def test_the_native_score_adds_as_python_does(pairs: list[tuple[float, float]], bias: float) -> None:
    # one row scored natively (`headline_rows` given a model): the same bits as `HeadlineModel.score`
    weights, row = [w for w, _ in pairs], [x for _, x in pairs]
    model = HeadlineModel({"features": FEATURES, "weights": weights, "bias": bias, "threshold": 0.5})
    native = _native.headline_score(row, weights, bias)
    python = model.score(row)
    assert native == python or (math.isnan(native) and math.isnan(python))
    assert math.copysign(1.0, native) == math.copysign(1.0, python) or math.isnan(python)
