"""The metadata sidecar: a pure, complete view of a Document's record."""
from __future__ import annotations

import copy
import hashlib
import json

from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleaner import __version__
from cleaner.api import clean
from cleaner.document import JUNK, METADATA, Block, Document, Source
from cleaner.pipeline import Pipeline
from cleaner.report import sidecar, sidecar_json, summary_counts
from cleaner.stage import Stage

KEYS = ["title", "author", "published", "site", "language", "language_probability", "extra",
        "found_by", "source", "cleaner", "removed", "fixes", "warnings", "stats"]


class TextOnly(Stage):
    """A stage for text inputs only."""

    name = "textonly"
    formats = frozenset({"text"})


class HtmlOnly(Stage):
    """A stage for HTML inputs only."""

    name = "htmlonly"
    formats = frozenset({"html"})


def recorded_doc() -> Document:
    """A text Document with two drops by one rule, one edit, one warning and one emptied block."""
    raw = "Title line\nShare this\nGood text teh end\nFollow us\n\n"
    blocks = [Block(i, t, t, (i + 1, i + 1)) for i, t in
              enumerate(["Title line", "Share this", "Good text teh end", "Follow us", " "])]
    doc = Document(raw=raw, source=Source(path="p.txt", sha256="abc", size=len(raw), format="text",
                                          encoding="utf-8", encoding_note="utf-8"), blocks=blocks)
    doc.metadata = {"title": "Title line", "language": "en", "_scratch": [1], "reading_time": 3}
    doc.drop(blocks[0], "title", "moved", "became metadata", kind=METADATA)
    doc.drop(blocks[1], "share", "phrase", "share widget", kind=JUNK)
    doc.drop(blocks[3], "share", "phrase", "follow widget", kind=JUNK)
    doc.edit(blocks[2], "Good text the end", "names", "typo")
    doc.warn("garbled", "machine", "looks machine-translated", blocks[2])
    return doc


def pipeline() -> Pipeline:
    return Pipeline([TextOnly(None), HtmlOnly(None)], disabled=("comments",))


def test_keys_in_order_and_absent_metadata_is_none() -> None:
    out = sidecar(recorded_doc(), pipeline())
    assert list(out) == KEYS
    assert out["title"] == "Title line" and out["language"] == "en"
    assert out["author"] is None and out["published"] is None and out["language_probability"] is None
    assert list(out["source"]) == ["path", "sha256", "bytes", "format", "encoding", "encoding_note",
                                   "compressed"]
    assert list(out["stats"]) == ["chars_in", "chars_out", "blocks_in", "blocks_out", "removed_by_rule",
                                  "fixes_by_rule"]


def test_extra_holds_other_metadata_but_not_internal_keys() -> None:
    assert sidecar(recorded_doc(), pipeline())["extra"] == {"reading_time": 3}


def test_found_by_names_the_stage_that_set_each_key() -> None:
    """Metadata set through the record says who found it; a key already set stays as it was."""
    doc = recorded_doc()
    assert doc.set_meta("author", "Ann Lee", "byline")
    assert not doc.set_meta("author", "Someone Else", "title")
    assert doc.set_meta("_scratch", [2], "title", replace=True)  # internal keys: set, never shown
    out = sidecar(doc, pipeline())
    assert out["author"] == "Ann Lee"
    assert out["found_by"] == {"author": "byline"}


def test_cleaner_lists_only_the_stages_that_applied() -> None:
    out = sidecar(recorded_doc(), pipeline())["cleaner"]
    assert out == {"version": __version__, "stages": ["textonly"], "disabled": ["comments"]}


def test_changes_and_stats() -> None:
    doc = recorded_doc()
    out = sidecar(doc, pipeline())
    assert out["removed"][1] == {"stage": "share", "rule": "phrase", "reason": "share widget", "kind": "junk",
                                 "text": "Share this", "lines": [2, 2]}
    assert out["removed"][0]["kind"] == "metadata"
    assert out["fixes"] == [{"stage": "names", "rule": "typo", "reason": "", "before": "text teh end",
                             "after": "text the end", "lines": [3, 3]}]
    assert [w["rule"] for w in out["warnings"]] == ["machine"]
    assert out["stats"] == {"chars_in": len(doc.raw), "chars_out": len("Good text the end"),
                            "blocks_in": 5, "blocks_out": 1,
                            "removed_by_rule": {"title:moved": 1, "share:phrase": 2},
                            "fixes_by_rule": {"names:typo": 1}}


def test_sidecar_is_pure_and_json_ready() -> None:
    doc = recorded_doc()
    before = copy.deepcopy(doc)
    out = sidecar(doc, pipeline())
    assert doc == before
    assert json.loads(json.dumps(out)) == out


def test_summary_counts() -> None:
    assert summary_counts(recorded_doc()) == {"blocks_in": 5, "kept": 1, "removed": 3, "regions": 0,
                                              "fixes": 1, "warnings": 1}


def test_real_run_sidecar() -> None:
    paragraphs = [
        "The river that runs through the old town rose by almost two metres during the night, "
        "and by morning the lower streets near the market were under water.",
        "Residents who had lived there for decades said they had never seen the water climb so "
        "quickly, and several families spent the night on the upper floors of their houses.",
        "The mayor said the council would review the flood defences built in the nineteen seventies, "
        "which engineers have long described as too low for the current climate.",
    ]
    data = "\n\n".join([*paragraphs, "Comments", "Bob says the council should have acted years ago."])
    data = data.encode("utf-8")
    result = clean(data, source="page.txt")
    out = result.metadata
    assert list(out) == KEYS
    assert out["source"]["sha256"] == hashlib.sha256(data).hexdigest()
    assert out["source"]["bytes"] == len(data)
    assert out["stats"]["chars_in"] == len(result.document.raw) == len(data.decode("utf-8"))
    assert out["stats"]["chars_out"] == len(result.text)
    assert out["removed"], "the comment section should be removed"
    for entry in out["removed"]:
        assert {"stage", "rule", "reason", "kind", "text", "lines"} <= set(entry)
        assert entry["text"].strip()
    assert sum(out["stats"]["removed_by_rule"].values()) == len(out["removed"])
    assert out["cleaner"]["stages"][0] == "segment" and "html" not in out["cleaner"]["stages"]
    assert "Bob says" in " ".join(e["text"] for e in out["removed"])


_TEXT = st.text(st.sampled_from(['"', "\\", "{", "}", "[", "]", ",", ":", " ", "\n", "\x00", "\x1f", "\x7f", "é",
                                 "中", "\ud800", "\U0001f600", "a", "1", "u"]) | st.characters(), max_size=8)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | _TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
    | st.dictionaries(_TEXT | st.integers(), inner, max_size=4),
    max_leaves=25)


@settings(max_examples=1500, deadline=None)
@given(_JSON)
@example({"removed": [{"text": "a \"quoted\" {x}: [y],", "lines": [3, 4], "gave": []}], "empty": {}, "nan": float("nan")})
def test_the_sidecar_is_laid_out_as_json_indents_it(value: object) -> None:
    """The compact C encoding laid out natively is json.dumps(..., indent=2), byte for byte:
    strings of any characters (quotes, braces, commas, a lone surrogate), empty containers,
    numbers, keys that are not strings."""
    assert sidecar_json(value) == json.dumps(value, ensure_ascii=False, indent=2) + "\n"  # type: ignore[arg-type]
