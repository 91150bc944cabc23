"""The five seed pages: golden outputs, the seed score, and do-no-harm on clean text."""
from __future__ import annotations

import gzip
import importlib.util
import json
import re
from collections import Counter

import pytest

from cleaner.api import clean
from seeds import GOLDEN, NAMES, SEEDS, clean_seed, render

FIXTURES = SEEDS.parent


def _load_score():
    spec = importlib.util.spec_from_file_location("seed_score", SEEDS / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def results():
    return {name: clean_seed(name) for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_golden_text_and_sidecar(results, name):
    text, meta = render(results[name])
    assert text == (GOLDEN / f"{name}.txt").read_text(encoding="utf-8"), "regenerate on purpose: python tests/seeds.py"
    assert meta == (GOLDEN / f"{name}.json").read_text(encoding="utf-8"), "regenerate on purpose: python tests/seeds.py"


def test_seed_score_passes(results, tmp_path):
    score = _load_score()
    for name, result in results.items():
        text, meta = render(result)
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
        (tmp_path / f"{name}.json").write_text(meta, encoding="utf-8")
    rows = [score.score_page(name, tmp_path) for name in NAMES]
    assert [(r["page"], r["problems"]) for r in rows if r["problems"]] == []
    assert min(r["f1"] for r in rows) >= 0.99


@pytest.mark.parametrize("name", NAMES)
def test_every_removal_names_its_rule_and_lines(results, name):
    for change in results[name].document.removed:
        assert change.stage and change.rule and change.before
        assert change.lines is None or change.lines[0] >= 1


@pytest.mark.parametrize("name", NAMES)
def test_clean_text_is_left_alone(name):
    """Do no harm: the editor's clean text goes through changing nothing but white space."""
    expected = (SEEDS / "expected" / f"{name}.txt").read_text(encoding="utf-8")
    result = clean(expected.encode("utf-8"))
    assert result.text.split() == expected.split()


def test_gold_english_articles_keep_their_words():
    """Do no harm: 181 clean English article bodies keep at least 99.5% of their tokens."""
    gold = json.loads(gzip.decompress((FIXTURES / "scrapinghub" / "ground-truth.json.gz").read_bytes()))
    total = kept = 0
    worst = []
    for page_id, item in gold.items():
        body = item["articleBody"]
        if not body.strip():
            continue
        before = Counter(re.findall(r"\w+", body.lower()))
        after = Counter(re.findall(r"\w+", clean(body.encode("utf-8")).text.lower()))
        total += sum(before.values())
        kept += sum((before & after).values())
        worst.append((sum((before & after).values()) / sum(before.values()), page_id))
    assert kept / total >= 0.995, sorted(worst)[:5]
    # No single article loses most of itself either.
    assert min(worst)[0] >= 0.5, sorted(worst)[:5]
