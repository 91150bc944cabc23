"""bench/snapshot.py's sample and compare options on tiny made-up snapshots."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

from bench.snapshot import compare, renamed, sample


def test_a_sample_takes_every_kth_input_of_each_folder() -> None:
    items = [(f"a/html/{i}", "") for i in range(10)] + [(f"b/text/{i}", "") for i in range(5)]
    assert [k for k, _ in sample(items, 5)] == ["a/html/0", "a/html/3", "a/html/6", "a/html/9", "b/text/0", "b/text/3"]
    assert sample(items, 100) == items


def write(path: Path, rows: list[dict]) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.writelines(json.dumps(row) + "\n" for row in rows)
    return path


def row(rule: str, counts: dict[str, int], kind: str | None = None) -> dict:
    entry = {"stage": "byline", "rule": rule, "reason": "author, date line", "text": "By X | 2024"}
    if kind:
        entry["kind"] = kind
    return {"key": "k", "text": "body", "meta": {}, "removed": [entry], "fixes": [], "warnings": [],
            "stats": {"removed_by_rule": counts, "fixes_by_rule": {}}}


def test_renames_merge_the_counts_and_ignored_keys_are_left_out() -> None:
    old = row("author+date", {"byline:author+date": 1, "byline:author": 2}, "metadata")
    out = renamed(old, {"byline:author+date": "byline:author"}, ("kind",))
    assert out["removed"][0]["rule"] == "author" and "kind" not in out["removed"][0]
    assert out["stats"]["removed_by_rule"] == {"byline:author": 3}


def test_compare_shows_only_what_the_options_do_not_explain(tmp_path: Path, capsys) -> None:
    before = write(tmp_path / "before.jsonl.gz", [row("author+date", {"byline:author": 2, "byline:author+date": 1})])
    after = write(tmp_path / "after.jsonl.gz", [row("author", {"byline:author": 3}, "metadata")])
    assert compare(before, after, 1) == 1
    assert compare(before, after, 1, ignore=("kind",)) == 1
    assert compare(before, after, 1, {"byline:author+date": "byline:author"}, ("kind",)) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "identical"
