"""`cleaner clean --jsonl`: one document per line in, one per line out, in order."""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

import cleaner
from cleaner.cli import main
from corpus import make_jsonl, page


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", type("Stdin", (), {"buffer": io.BytesIO(data)})())


def test_lines_come_out_in_order_with_id_text_metadata_and_other_fields(tmp_path: Path, capsys) -> None:
    src = make_jsonl(tmp_path / "in.jsonl", 8)
    out = tmp_path / "out.jsonl"
    assert main(["clean", "--jsonl", str(src), "-o", str(out), "--jobs", "1"]) == 0
    got = records(out)
    assert [r["id"] for r in got] == [f"doc{i}" for i in range(8)]
    for i, rec in enumerate(got):
        assert list(rec)[:2] == ["id", "text"]
        assert rec["url"] == f"https://example.org/{i}", "other fields pass through untouched"
        assert rec["metadata"]["crawl"] == "test", "the input's metadata keys are kept"
        assert rec["metadata"]["source"]["path"] == f"{src}:{i + 1}"
        alone = cleaner.clean(page(i)[1], source=f"{src}:{i + 1}")
        assert rec["text"] == alone.text.rstrip(), "the same text as the API gives, in the same order"
        assert rec["metadata"]["removed"] == alone.metadata["removed"]
    assert "cleaned 8 of 8 lines (0 failed)" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"], "no temporary file left"


def test_bad_lines_are_reported_and_skipped_and_the_rest_is_written(tmp_path: Path, capsys) -> None:
    good = json.dumps({"id": "a", "text": page(0)[1]})
    lines = [good, "{not json", "", "[1, 2]", json.dumps({"id": "b", "body": "x"}),
             json.dumps({"id": "c", "text": 42}), json.dumps({"id": "d", "text": "   "}),
             json.dumps({"text": page(1)[1]}), "\xff\xfe broken", json.dumps({"id": "e", "text": page(2)[1]})]
    src = tmp_path / "in.jsonl"
    src.write_bytes("\n".join(lines).encode("utf-8").replace("\xff\xfe".encode("utf-8"), b"\xff\xfe") + b"\n")
    out = tmp_path / "out.jsonl"
    assert main(["clean", "--jsonl", str(src), "-o", str(out), "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert [r["id"] for r in records(out)] == ["a", f"{src}/8", "e"]
    assert f"error: {src}:2: invalid JSON" in err
    assert f"error: {src}:3" not in err, "a blank line is not a document"
    assert f"error: {src}:4: not a JSON object but list" in err
    assert f"error: {src}:5 (id 'b'): no 'text' field" in err
    assert f"error: {src}:6 (id 'c'): field 'text' is not a string" in err
    assert f"error: {src}:7 (id 'd'): empty input" in err
    assert f"error: {src}:9: invalid JSON" in err
    assert "cleaned 3 of 9 lines (6 failed)" in err
    assert "Traceback" not in err


def test_stdin_to_stdout_with_other_field_names(monkeypatch, capsys) -> None:
    html = page(5)[1]
    assert "<html" in html
    lines = [json.dumps({"doc_id": 7, "raw": html, "lang": "en"}), json.dumps({"doc_id": 8, "raw": html})]
    _stdin(monkeypatch, ("\n".join(lines) + "\n").encode("utf-8"))
    assert main(["clean", "--jsonl", "-", "--html-field", "raw", "--id-field", "doc_id",
                 "--jobs", "1", "--quiet"]) == 0
    out, err = capsys.readouterr()
    got = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in got] == [7, 8]
    assert got[0]["lang"] == "en" and "raw" not in got[0] and "doc_id" not in got[0]
    assert got[0]["metadata"]["source"]["format"] == "html"
    assert got[0]["text"] == cleaner.clean(html, format="html").text.rstrip()
    assert "<p>" not in got[0]["text"]
    assert err == ""


def test_jobs_two_gives_the_same_bytes_as_jobs_one(tmp_path: Path) -> None:
    src = make_jsonl(tmp_path / "in.jsonl", 40)
    with src.open("a") as out:
        out.write("oops\n")
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.jsonl"
        assert main(["clean", "--jsonl", str(src), "-o", str(out), "--jobs", jobs, "--quiet"]) == 1
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    assert outs[0].count(b"\n") == 40


def test_usage_errors(tmp_path: Path, capsys) -> None:
    src = make_jsonl(tmp_path / "in.jsonl", 1)
    assert main(["clean", "--jsonl", str(tmp_path / "none.jsonl")]) == 2
    assert main(["clean", "--jsonl", str(src), "-o", str(src)]) == 2
    assert main(["clean", "--jsonl", str(src), "-o", str(tmp_path)]) == 2
    assert main(["clean", "--jsonl", str(src), "somewhere", "-o", "x.jsonl"]) == 2
    assert main(["clean", "--jsonl", "-", "--engine", "ray"]) == 2
    err = capsys.readouterr().err
    assert "no such file" in err and "is the input" in err and "is a folder" in err
    assert src.read_text().count("\n") == 1
