"""The pipeline: order, disabling by name, and the build-time check of each stage's needs."""
from __future__ import annotations

import pytest

from cleaner.config import Config
from cleaner.document import Document, Source
from cleaner.pipeline import DEFAULT_ORDER, PipelineError, build_pipeline
from cleaner.stages import load_all


def test_every_stage_in_the_order_is_registered_and_documented():
    registry = load_all()
    assert set(DEFAULT_ORDER) == set(registry)
    for name, cls in registry.items():
        assert cls.name == name and (cls.__doc__ or "").strip(), name


def test_needs_are_met_by_an_earlier_stage():
    registry = load_all()
    available: set[str] = set()
    for name in DEFAULT_ORDER:
        assert registry[name].requires <= available, name
        available |= registry[name].provides
    assert build_pipeline().names == list(DEFAULT_ORDER)


def test_disable_by_name_removes_the_stage():
    pipeline = build_pipeline(Config(disable=("names", "captions")))
    assert "names" not in pipeline.names and "captions" not in pipeline.names
    assert pipeline.disabled == ("names", "captions")


def test_disabling_a_stage_others_need_is_refused():
    with pytest.raises(PipelineError, match="typography.*needs language"):
        build_pipeline(Config(disable=("language",)))


def test_disabling_language_and_its_dependents_is_allowed():
    dependents = ("language", "typography", "quotes", "names", "garbled")
    assert "language" not in build_pipeline(Config(disable=dependents)).names


def test_unknown_stage_is_refused_with_the_known_names():
    with pytest.raises(PipelineError, match="unknown stage.*nosuch"):
        build_pipeline(Config(disable=("nosuch",)))


def test_unknown_option_is_refused():
    with pytest.raises(ValueError, match="unknown option"):
        build_pipeline(Config(options={"comments": {"no_such_option": 1}}))


def test_stage_options_change_behaviour():
    from cleaner.api import clean
    prose = "Le président a rencontré son homologue pendant deux heures au palais présidentiel, le jour {}."
    page = "\n\n".join(prose.format(n) for n in range(5)) + "\n\nCommentaires\n\nUn avis de lecteur."
    assert "Un avis" not in clean(page).text
    strict = Config(options={"comments": {"min_words_before": 10_000}})
    assert "Un avis" in clean(page, config=strict).text


def test_stages_skip_inputs_of_other_formats():
    pipeline = build_pipeline()
    html_only = next(s for s in pipeline.stages if s.name == "html")
    assert not html_only.applies_to(Document(raw="x", source=Source(format="text")))


def test_a_page_left_empty_says_so() -> None:
    from cleaner import clean
    result = clean("━━━━━━━━━━\n•\n".encode("utf-8"))
    assert result.text.strip() == ""
    assert [w.label for w in result.warnings][-1] == "pipeline:empty_output"
    assert not [w for w in clean("A sentence of an article that stays.".encode()).warnings if w.stage == "pipeline"]


def test_dropping_several_blocks_at_once_is_dropping_each_in_turn() -> None:
    """`Document.drop_all` logs what `drop` would, block by block: a block already dropped, or
    given twice, once; a block that gave metadata as a metadata drop; the kept blocks
    forgotten, so they are read again."""
    from cleaner.document import JUNK, METADATA, Block

    def page() -> Document:
        doc = Document("a\nb\nc\nd", Source(format="text"))
        doc.blocks = [Block(i, t, t, (i + 1, i + 1)) for i, t in enumerate("abcd")]
        doc.read_metadata_from(doc.blocks[2], ("title",))
        doc.drop(doc.blocks[0], "early", "rule", "first", kind=JUNK)
        assert [b.text for b in doc.kept_blocks()] == ["b", "c", "d"]
        return doc

    one_by_one, at_once = page(), page()
    for i, reason in ((0, "r0"), (1, "r1"), (2, "r2"), (1, "again")):
        one_by_one.drop(one_by_one.blocks[i], "late", "rule", reason, kind=JUNK)
    made = at_once.drop_all([at_once.blocks[i] for i in (0, 1, 2, 1)], "late", "rule", ["r0", "r1", "r2", "again"],
                            kind=JUNK)
    assert [c.as_dict() for c in at_once.changes] == [c.as_dict() for c in one_by_one.changes]
    assert [(c.block, c.reason, c.drop_kind) for c in made] == [(1, "r1", JUNK), (2, "r2", METADATA)]
    assert [b.text for b in at_once.kept_blocks()] == ["d"]
    assert at_once.drop_all([], "late", "rule", [], kind=JUNK) == []
    with pytest.raises(ValueError):
        at_once.drop_all([at_once.blocks[3]], "late", "rule", ["x"], kind="no such kind")
