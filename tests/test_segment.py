"""The segment stage: one block per non-blank line, bullets and indentation, HTML fallback."""
from __future__ import annotations

import pytest

from cleaner.document import Block, Document
from cleaner.reading import read_document
from cleaner.patterns import load_patterns
from cleaner.stages.segment import SegmentStage, segment_lines


def segment(text: str) -> Document:
    doc = read_document(text.encode("utf-8"))
    stage = SegmentStage(load_patterns())
    assert stage.applies_to(doc)
    stage.run(doc)
    return doc


def test_each_non_blank_line_is_a_block_with_its_line_number() -> None:
    doc = segment("Title\n\nFirst paragraph.\n   \n\t\n\u00a0\u200b\nLast line.\n")
    assert [(b.text, b.lines) for b in doc.blocks] == [
        ("Title", (1, 1)), ("First paragraph.", (3, 3)), ("Last line.", (7, 7))]
    assert [b.index for b in doc.blocks] == [0, 1, 2]


def test_text_is_stripped_and_original_kept() -> None:
    doc = segment("  indented words  \nnext")
    first = doc.blocks[0]
    assert first.text == "indented words" and first.original == "  indented words  "
    assert first.features["indent"] == 2 and first.kind == "paragraph"


def test_line_numbers_follow_normalised_line_endings() -> None:
    doc = segment("one\r\n\r\ntwo\rthree")
    assert [(b.text, b.lines) for b in doc.blocks] == [("one", (1, 1)), ("two", (3, 3)), ("three", (4, 4))]


def test_only_newlines_split_lines() -> None:
    doc = segment("a\u2028still the same line\x0cand this\nb")
    assert len(doc.blocks) == 2 and doc.blocks[1].lines == (2, 2)


def test_bullets_make_list_items_with_indent() -> None:
    doc = segment("• first\n  * second\n\t- third\n· fourth\n▪ fifth\n-5 degrees tonight\n*emphasis* here\nplain")
    kinds = [(b.text, b.kind, b.features["indent"]) for b in doc.blocks]
    assert kinds == [
        ("• first", "list_item", 0), ("* second", "list_item", 2), ("- third", "list_item", 4),
        ("· fourth", "list_item", 0), ("▪ fifth", "list_item", 0),
        ("-5 degrees tonight", "paragraph", 0), ("*emphasis* here", "paragraph", 0),
        ("plain", "paragraph", 0)]


def test_headings_stay_paragraphs() -> None:
    assert segment("CHAPTER ONE\n\nText.").blocks[0].kind == "paragraph"


def test_html_without_blocks_is_rendered_to_text() -> None:
    html = ("<!DOCTYPE html><html><head><title>Head title</title><style>p {color: red}</style></head>"
            "<body><h1>Heading</h1><p>First para.</p><script>var x = 1;</script><p>Second para.</p></body></html>")
    doc = read_document(html.encode())
    stage = SegmentStage(load_patterns())
    assert stage.applies_to(doc)
    stage.run(doc)
    assert [b.text for b in doc.blocks] == ["Heading", "First para.", "Second para."]
    assert all(b.lines is None for b in doc.blocks)


def test_html_with_blocks_is_left_alone() -> None:
    doc = read_document(b"<html><body><p>x</p></body></html>")
    doc.blocks = segment("already there").blocks
    assert not SegmentStage(load_patterns()).applies_to(doc)


@pytest.mark.parametrize("numbered", [True, False])
def test_native_blocks_are_what_the_constructor_makes(numbered: bool) -> None:
    made = segment_lines(" a\n\n\t- b\n", numbered=numbered)
    rows = [(0, "a", " a", (1, 1), "paragraph", {"indent": 1}), (1, "- b", "\t- b", (3, 3), "list_item", {"indent": 4})]
    assert [vars(b) for b in made] == [vars(Block(*row[:3], row[3] if numbered else None, row[4], features=row[5]))
                                       for row in rows]
    assert all(type(b) is Block and b.kept and b.dropped is None for b in made)
    assert made[0].n_words == 1 and made[0].norm == "a"  # measured on first use, as any block
    made[1].text = "edited"  # the class's own attribute logic holds for them
    assert made[1].norm == "edited" and made[1].n_words == 1
