"""Repair stages against the JSON records of `tests/cases/repairs.json` (ftfy's test style).

Each record gives a stage, the page language, the `original` text (one block, or
a list of blocks), the `fixed` text expected, and optionally the rules of the
edits logged (`rules`, in order), their `[before, after]` spans (`changes`),
their `reasons`, and the rules of the warnings (`warnings`; none when absent).
`expect: "fail"` marks a known failure, run as a strict expected failure.
"""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import ftfy
import pytest

from cleaner.document import EDIT, JUNK, WARN, Block, Document
from cleaner.patterns import load_patterns
from cleaner.stage import Stage
from cleaner.edits import replace_spans, sub_logged
from cleaner.stages.garbled import GarbledStage
from cleaner.stages.mojibake import MojibakeStage, fixer_config
from cleaner import _native
from cleaner.stages.names import NamesStage
from cleaner.stages.quotes import QuotesStage
from cleaner.stages.typography import TypographyStage
from cleaner.stages.whitespace import WhitespaceStage

CASES = json.loads((Path(__file__).parent / "cases" / "repairs.json").read_text(encoding="utf-8"))
STAGES: dict[str, type[Stage]] = {cls.name: cls for cls in (
    MojibakeStage, WhitespaceStage, TypographyStage, QuotesStage, NamesStage, GarbledStage)}


def make_doc(texts: str | list[str], language: str | None) -> Document:
    """A document of one block per text, with its language set."""
    texts = [texts] if isinstance(texts, str) else texts
    doc = Document(raw="\n\n".join(texts), blocks=[Block(i, t, t) for i, t in enumerate(texts)])
    doc.metadata["language"] = language
    return doc


def run_case(case: dict[str, Any]) -> Document:
    """Run the record's stage over its original text."""
    doc = make_doc(case["original"], case["language"])
    STAGES[case["stage"]](load_patterns()).run(doc)
    return doc


def params() -> list[Any]:
    """One pytest parameter per record, strict xfail for known failures."""
    out = []
    for case in CASES:
        marks = [pytest.mark.xfail(strict=True)] if case["expect"] == "fail" else []
        out.append(pytest.param(case, id=f"{case['stage']}: {case['label']}", marks=marks))
    return out


@pytest.mark.parametrize("case", params())
def test_repair(case: dict[str, Any]) -> None:
    doc = run_case(case)
    fixed = case["fixed"] if isinstance(case["fixed"], list) else [case["fixed"]]
    assert [b.text for b in doc.blocks] == fixed
    edits = [c for c in doc.changes if c.kind == EDIT]
    warns = [c for c in doc.changes if c.kind == WARN]
    assert all(c.stage == case["stage"] for c in doc.changes)
    if "rules" in case:
        assert [c.rule for c in edits] == case["rules"]
    elif case["original"] == case["fixed"]:
        assert edits == []
    if "changes" in case:
        assert [[c.before, c.after] for c in edits] == case["changes"]
    if "reasons" in case:
        assert [c.reason for c in edits or warns] == case["reasons"]
    assert [c.rule for c in warns] == case.get("warnings", [])


def test_cases_are_well_formed() -> None:
    labels = [c["label"] for c in CASES]
    assert len(labels) == len(set(labels))
    for case in CASES:
        assert case["stage"] in STAGES and case["expect"] in ("pass", "fail")
    covered = {c["stage"] for c in CASES}
    assert covered == set(STAGES)
    for name in STAGES:  # every stage has fixes (or flags) and non-fixes
        own = [c for c in CASES if c["stage"] == name]
        assert any(c["original"] != c["fixed"] or c.get("warnings") for c in own)
        assert any(c["original"] == c["fixed"] and not c.get("warnings") for c in own)


@pytest.mark.parametrize("case", [c for c in CASES if c["stage"] == "mojibake"], ids=lambda c: c["label"])
def test_mojibake_plan_replays(case: dict[str, Any]) -> None:
    fixed, plan = ftfy.fix_and_explain(case["original"], fixer_config())
    steps = [step for step in plan or [] if step[0] != "normalize"]  # apply_plan has no such step
    replayed = ftfy.apply_plan(case["original"], steps)
    forms = [arg for action, arg in plan or [] if action == "normalize"]
    for form in forms:
        replayed = unicodedata.normalize(form, replayed)
    assert replayed == fixed == case["fixed"]


def test_stages_skip_dropped_blocks() -> None:
    for name, cls in STAGES.items():
        doc = make_doc(["retard . Vladirmir Ã©tÃ©  d' »attaque »", "Vladimir"] * 3, "fr")
        for block in doc.blocks:
            doc.drop(block, "test", "gone", kind=JUNK)
        cls(load_patterns()).run(doc)
        assert all(b.text == b.original for b in doc.blocks), name
        assert len(doc.changes) == len(doc.blocks), name


class Probe(Stage):
    name = "probe"
    rules = {"digits": "digits marked", "digit": "a digit masked", "r1": "first fix", "r2": "second fix"}


@pytest.mark.parametrize("text", ["a1 b22 c333", "no digits", "9", "x9y9z9 99", ""])
def test_sub_logged_matches_re_sub(text: str) -> None:
    regex = re.compile(r"(\d+)")
    doc = make_doc(text, None)
    count = sub_logged(Probe(load_patterns()), doc, doc.blocks[0], regex, r"<\1>", "digits", "why")
    assert doc.blocks[0].text == regex.sub(r"<\1>", text)
    assert count == len(doc.changes) == len(regex.findall(text))
    assert all(c.label == "probe:digits" for c in doc.changes)


def test_sub_logged_merges_fixes_past_the_limit() -> None:
    text = "a1 " * 10
    doc = make_doc(text, None)
    count = sub_logged(Probe(load_patterns()), doc, doc.blocks[0], re.compile(r"\d"), "#", "digit", "why", limit=3)
    assert doc.blocks[0].text == "a# " * 10
    assert count == len(doc.changes) == 4
    assert doc.changes[-1].reason == "why (and 6 more like it)"


def test_sub_logged_callback_may_skip() -> None:
    doc = make_doc("a1 b2 c3", None)
    regex = re.compile(r"\d")
    sub_logged(Probe(load_patterns()), doc, doc.blocks[0], regex,
               lambda m: None if m.group() == "2" else "#", "digits", lambda m: f"digit {m.group()}")
    assert doc.blocks[0].text == "a# b2 c#"
    assert [c.reason for c in doc.changes] == ["digit 1", "digit 3"]


def test_replace_spans_logs_one_change_per_group_in_text_order() -> None:
    doc = make_doc("abc def ghi", None)
    replace_spans(Probe(load_patterns()), doc, doc.blocks[0],
                  [([(8, 11, "G")], "r2", "third"), ([(0, 1, "AA"), (4, 5, "DD")], "r1", "first two")])
    assert doc.blocks[0].text == "AAbc DDef G"
    assert [c.rule for c in doc.changes] == ["r1", "r2"]


@pytest.mark.parametrize("a, b, near", [
    ("Vladimir", "Vladirmir", True), ("Starship", "Starhip", True), ("Vladimir", "Vladmiir", True),
    ("Kabul", "Zabul", False), ("Maria", "Marie", False), ("Austria", "Austrian", False),  # first letter, endings
    ("Vladimir", "Vladimir", False), ("Vladimir", "Vladimor", False), ("Vladimir", "Vlodimor", False),
    ("abc", "acd", False), ("Vladimir", "VLadimir", False),  # two edits; case only
])
def test_a_name_is_near_when_one_edit_inside_the_word_sets_them_apart(a: str, b: str, near: bool) -> None:
    """An insertion, deletion, substitution or transposition, not in the first letter nor the
    last two, and not only of case (`_native.near_names`)."""
    assert _native.near_names([a], [b]) == [[b] if near else []]
    assert _native.near_names([b], [a]) == [[a] if near else []]


def test_clean_french_text_untouched_by_every_repair() -> None:
    text = ("Le chef de l’État russe salue un accord «\u00a0révolutionnaire\u00a0» qui prévoit "
            "l'assistance mutuelle en cas «\u202fd'agression\u202f». M. Poutine, 7\u00a0000 obus… [...]")
    for cls in STAGES.values():
        doc = make_doc(text, "fr")
        cls(load_patterns()).run(doc)
        assert doc.blocks[0].text == text and doc.changes == [], cls.name
