"""The benchmark metrics (bench/metrics.py) on tiny texts whose scores are worked out by hand."""
from __future__ import annotations

import pytest

from bench.metrics import (
    aggregate_scrapinghub,
    aggregate_wcxb,
    cjk_share,
    shingle_scores,
    shingles,
    snippet_confusion,
    tokenize,
    word_bag_scores,
)

approx = pytest.approx


# ---------------------------------------------------------------- tokens and shingles


def test_tokens_are_word_runs_case_kept():
    assert tokenize("Don't stop -- it's 2024, café!") == ["Don", "t", "stop", "it", "s", "2024", "café"]
    assert tokenize("The CAT", lower=True) == ["the", "cat"]
    assert tokenize("") == [] and tokenize(None) == [] and tokenize(" ... -- !") == []


def test_shingles_are_a_multiset_and_short_texts_make_one():
    # a b c d a b c d -> abcd, bcda, cdab, dabc, abcd: abcd twice
    counted = shingles(list("abcdabcd"))
    assert sum(counted.values()) == 5
    assert counted[tuple("abcd")] == 2
    assert shingles(["hello", "world"]) == {("hello", "world"): 1}
    assert shingles([]) == {}


# ---------------------------------------------------------------- ScrapingHub


def test_identical_texts_score_one():
    text = "The quick brown fox jumps over the lazy dog."
    row = shingle_scores(text, "The quick brown fox\njumps over the lazy dog")  # punctuation/lines ignored
    assert row["precision"] == 1.0 and row["recall"] == 1.0 and row["f1"] == 1.0
    assert row["accuracy"] is True
    assert row["pred_shingles"] == row["gold_shingles"] == 6  # 9 tokens -> 6 shingles


def test_disjoint_texts_score_zero():
    row = shingle_scores("alpha beta gamma delta", "one two three four five")
    assert row["precision"] == 0.0 and row["recall"] == 0.0 and row["f1"] == 0.0
    assert row["accuracy"] is False


def test_known_partial_overlap():
    # pred  x a b c d e   -> xabc, abcd, bcde           (3 shingles)
    # gold  a b c d e f g -> abcd, bcde, cdef, defg     (4 shingles)
    # shared: abcd, bcde = 2 -> P = 2/3, R = 2/4, F1 = 2*(2/3)*(1/2) / (2/3 + 1/2) = 4/7
    row = shingle_scores("x a b c d e", "a b c d e f g")
    assert row["shared"] == 2
    assert row["precision"] == approx(2 / 3)
    assert row["recall"] == approx(1 / 2)
    assert row["f1"] == approx(4 / 7)
    assert (row["pred_words"], row["gold_words"]) == (6, 7)


def test_repeated_shingles_count_once_per_gold_copy():
    # pred abcd x2 (+3 others, 5 shingles); gold abcd x1: shared = min(2, 1) = 1
    row = shingle_scores("a b c d a b c d", "a b c d")
    assert row["precision"] == approx(1 / 5)
    assert row["recall"] == 1.0


def test_case_is_kept_and_accuracy_is_exact_token_sequence():
    row = shingle_scores("The Cat sat down", "the cat sat down")
    assert row["precision"] == 0.0 and row["accuracy"] is False
    assert shingle_scores("Hello, world!", "Hello world")["accuracy"] is True


def test_short_texts_use_one_short_shingle():
    assert shingle_scores("hello world", "hello world")["f1"] == 1.0
    assert shingle_scores("hello world", "hello there")["f1"] == 0.0


def test_empty_prediction_has_no_precision_and_zero_recall():
    for empty in ("", None, "  \n ", "... -- !"):
        row = shingle_scores(empty, "a b c d e")
        assert row["precision"] is None
        assert row["recall"] == 0.0 and row["f1"] == 0.0 and row["accuracy"] is False


def test_empty_gold_scores_one_only_for_an_empty_prediction():
    both = shingle_scores("", "")
    assert both["precision"] is None and both["recall"] == 1.0 and both["accuracy"] is True
    extra = shingle_scores("some text here now", "")
    assert extra["precision"] == 0.0 and extra["recall"] == 0.0 and extra["f1"] == 0.0


def test_aggregate_excludes_empty_predictions_from_precision_only():
    rows = [
        shingle_scores("a b c d e", "a b c d e"),        # P 1,   R 1,   exact
        shingle_scores("", "a b c d e"),                 # P -,   R 0
        shingle_scores("x a b c d e", "a b c d e f g"),  # P 2/3, R 1/2
    ]
    agg = aggregate_scrapinghub(rows)
    # P = (1 + 2/3) / 2 = 5/6 (2 docs); R = (1 + 0 + 1/2) / 3 = 1/2 (3 docs)
    # F1 = 2 * 5/6 * 1/2 / (5/6 + 1/2) = 5/8
    assert agg["precision"] == approx(5 / 6)
    assert agg["recall"] == approx(1 / 2)
    assert agg["f1"] == approx(5 / 8)
    assert agg["accuracy"] == approx(1 / 3)
    assert agg["n"] == 3 and agg["n_empty_pred"] == 1


def test_aggregate_of_nothing_or_all_empty_does_not_crash():
    assert aggregate_scrapinghub([])["f1"] == 0.0
    agg = aggregate_scrapinghub([shingle_scores("", "a b c d")])
    assert agg["precision"] == 0.0 and agg["recall"] == 0.0 and agg["f1"] == 0.0


# ---------------------------------------------------------------- WCXB


def test_word_bag_identical_and_disjoint():
    assert word_bag_scores("Hello World", "hello, world")["f1"] == 1.0  # lowercased
    row = word_bag_scores("alpha beta", "gamma delta")
    assert (row["precision"], row["recall"], row["f1"]) == (0.0, 0.0, 0.0)


def test_word_bag_with_repeats():
    # pred bag: the x3, cat (4 words); gold bag: the x2, cat, sat, on, mat (6 words)
    # shared = min(3, 2) + 1 = 3 -> P = 3/4, R = 3/6, F1 = 2 * .75 * .5 / 1.25 = 0.6
    row = word_bag_scores("the the the cat", "The cat sat on the mat")
    assert row["shared"] == 3
    assert row["precision"] == approx(3 / 4)
    assert row["recall"] == approx(1 / 2)
    assert row["f1"] == approx(0.6)


def test_word_bag_order_does_not_matter():
    assert word_bag_scores("mat the on sat cat the", "The cat sat on the mat")["f1"] == 1.0


def test_word_bag_empty_conventions():
    assert word_bag_scores("", "")["f1"] == 1.0
    assert word_bag_scores(None, "some gold")["f1"] == 0.0
    assert word_bag_scores("some output", "")["f1"] == 0.0
    row = word_bag_scores("", "some gold")
    assert (row["precision"], row["recall"], row["pred_words"]) == (0.0, 0.0, 0)


def test_aggregate_wcxb_is_the_mean_of_page_f1():
    rows = [word_bag_scores("a b", "a b"), word_bag_scores("the the the cat", "The cat sat on the mat"),
            word_bag_scores("", "x")]
    for row in rows:
        row.update(snippet_confusion("a b", ["a"], ["b", "z"]))
    agg = aggregate_wcxb(rows)
    assert agg["f1"] == approx((1 + 0.6 + 0) / 3)
    assert agg["precision"] == approx((1 + 0.75 + 0) / 3)
    assert agg["n_empty_pred"] == 1
    assert (agg["tp"], agg["fn"], agg["fp"], agg["tn"]) == (3, 0, 3, 3)
    assert aggregate_wcxb([])["f1"] == 0.0


def test_snippet_confusion():
    pred = "Hello,   World! This is the article body.\nShare on\nTwitter. See our homepage"
    counts = snippet_confusion(
        pred,
        ["hello world", "This is the article", "a missing snippet", "—"],  # "—" has no token: ignored
        ["Share on Twitter", "Home", "Subscribe now"],
    )
    # with: 2 found (tp), 1 missed (fn); without: "Share on Twitter" found (fp),
    # "Home" is not a token of "homepage" and "Subscribe now" is absent (tn 2)
    assert counts == {"tp": 2, "fn": 1, "fp": 1, "tn": 2}
    assert snippet_confusion("", ["a"], ["b"]) == {"tp": 0, "fn": 1, "fp": 0, "tn": 1}
    assert snippet_confusion("text", None, None) == {"tp": 0, "fn": 0, "fp": 0, "tn": 0}


def test_snippet_must_be_contiguous_run_of_tokens():
    assert snippet_confusion("the article body", ["article body"], [])["tp"] == 1
    assert snippet_confusion("the article long body", ["article body"], [])["fn"] == 1


# ---------------------------------------------------------------- CJK option


def test_cjk_chars_mode():
    pred, gold = "我们今天去公园。", "我们明天去公园。"
    # published metric: each sentence is one \w+ "word" -> nothing shared
    assert word_bag_scores(pred, gold)["f1"] == 0.0
    # per character: 7 tokens each, 6 shared -> P = R = F1 = 6/7
    row = word_bag_scores(pred, gold, cjk_chars=True)
    assert row["precision"] == approx(6 / 7) and row["f1"] == approx(6 / 7)
    assert tokenize("iPhone手机 ひらがな", cjk_chars=True) == ["iPhone", "手", "机", "ひ", "ら", "が", "な"]
    latin = "Nothing changes for Latin text, 2024 café"
    assert tokenize(latin, cjk_chars=True) == tokenize(latin)
    assert shingle_scores(latin, latin, cjk_chars=True)["f1"] == 1.0
    assert cjk_share(gold) == 1.0 and cjk_share("abc") == 0.0 and cjk_share("") == 0.0


# ---------------------------------------------------------------- the runner's robustness


def test_a_page_that_raises_counts_as_empty_output():
    from bench.quality import Page, run_system

    pages = [Page("1", "p1", b"ok", "gold"), Page("2", "p2", b"boom", "gold")]

    def extract(page):
        if page.data == b"boom":
            raise ValueError("bad page")
        return "fine"

    results, total = run_system(extract, pages, timeout=5)
    assert [r[0] for r in results] == ["fine", ""]
    assert results[0][2] is None and results[1][2].startswith("ValueError: bad page")
    assert total >= 0
