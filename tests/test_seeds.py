"""The five seed pages: golden outputs, the seed score, and do-no-harm on clean text."""
from __future__ import annotations

import difflib
import gzip
import importlib.util
import json
import re
from collections import Counter

import pytest

from cleaner.api import clean
from seeds import CHANGES, GOLDEN, NAMES, REASONS, SEEDS, clean_seed, render, render_reasons

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
    """Text and sidecar exactly, but for the wording of reasons: structure, stage:rule of every
    change and the text it touched (the reasons have their own snapshot, tested below)."""
    text, meta = render(results[name])
    assert text == (GOLDEN / f"{name}.txt").read_text(encoding="utf-8"), "regenerate on purpose: python tests/seeds.py"
    assert meta == (GOLDEN / f"{name}.json").read_text(encoding="utf-8"), "regenerate on purpose: python tests/seeds.py"


def test_golden_reasons(results):
    """The reason strings of every page, in sidecar order, against their reviewed snapshot."""
    want = REASONS.read_text(encoding="utf-8")
    got = render_reasons(results)
    diff = "".join(difflib.unified_diff(want.splitlines(True), got.splitlines(True), str(REASONS.name), "now", n=0))
    assert got == want, ("the wording of reasons changed: review it, then regenerate the golden files on purpose "
                         f"(python tests/seeds.py) and commit tests/golden/reasons.json with the change:\n{diff}")


def test_the_golden_reasons_fit_the_golden_sidecars():
    """Each page's snapshot has one reason per change of its golden sidecar, same stage:rule."""
    snapshot = json.loads(REASONS.read_text(encoding="utf-8"))
    assert sorted(snapshot) == NAMES
    for name in NAMES:
        meta = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
        rules = [f"{c['stage']}:{c['rule']}" for key in CHANGES for c in meta.get(key, [])]
        assert [line.split(": ", 1)[0] for line in snapshot[name]] == rules, name
        assert not any("reason" in c for key in CHANGES for c in meta.get(key, [])), name


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
