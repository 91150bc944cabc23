"""The command line, driven through `main(argv)` with real files in tmp_path."""
from __future__ import annotations

import hashlib
import inspect
import io
import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from cleaner import __version__
from cleaner.cli import first_sentence, main, stage_table
from cleaner.corpus import work
from cleaner.pipeline import DEFAULT_ORDER
from cleaner.stages import load_all
from corpus import HTML, SEED_RAW

PARAGRAPHS = [
    "The river that runs through the old town rose by almost two metres during the night, "
    "and by morning the lower streets near the market were under water.",
    "Residents who had lived there for decades said they had never seen the water climb so "
    "quickly, and several families spent the night on the upper floors of their houses.",
    "The mayor said on Tuesday that the council would review the flood defences built in the "
    "nineteen seventies, which engineers have long described as too low for the current climate.",
]
COMMENT = "Bob from Leeds says the council should have acted years ago, and he is right."
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def text_page(*extra: str) -> str:
    """A plain-text page: three article paragraphs, then `extra` lines."""
    return "\n\n".join([*PARAGRAPHS, *extra]) + "\n"


def html_page() -> str:
    """A small HTML article page with a menu around it."""
    body = "".join(f"<p>{p}</p>\n" for p in PARAGRAPHS)
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<title>Flood in the old town</title></head><body>\n"
            "<nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/news\">News</a></li></ul></nav>\n"
            f"<article><h1>Flood in the old town</h1>\n{body}</article>\n"
            "<footer>Copyright 2024 Example News</footer></body></html>\n")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    """An input folder of two text pages, one HTML page, an empty file and a PNG named .txt."""
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / "one.txt").write_text(text_page(), encoding="utf-8")
    (folder / "two.txt").write_text(text_page("A fourth paragraph says the clean-up will take weeks "
                                              "and cost the town several million euros."), encoding="utf-8")
    (folder / "three.html").write_text(html_page(), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(PNG)
    return folder


def outputs(folder: Path) -> list[str]:
    """Names in `folder` less the hidden manifest (.cleaner-manifest.sqlite)."""
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def summary_line(err: str) -> str:
    """The summary line of a run's stderr (asserting there is exactly one)."""
    lines = [line for line in err.splitlines() if line.startswith("cleaned ")]
    assert len(lines) == 1, err
    return lines[0]


def test_folder_batch_writes_good_files_and_names_the_bad_ones(raw: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "clean"
    assert main(["clean", str(raw), str(out)]) == 1
    err = capsys.readouterr().err
    assert outputs(out) == [
        "one.json", "one.txt", "three.json", "three.txt", "two.json", "two.txt"]
    for name in ("one", "two", "three"):
        text = (out / f"{name}.txt").read_text(encoding="utf-8")
        assert PARAGRAPHS[1] in text
        assert text.endswith(".\n") and not text.endswith("\n\n")
        meta = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
        assert meta["source"]["path"].endswith(name + (".html" if name == "three" else ".txt"))
    assert "Home" not in (out / "three.txt").read_text(encoding="utf-8").split()
    assert f"error: {raw / 'empty.txt'}: empty input" in err
    assert f"error: {raw / 'image.txt'}: binary file (PNG image), not a web page" in err
    line = summary_line(err)
    assert line.startswith("cleaned 3 of 5 files (2 failed): ")
    assert line.endswith(f"-> {out}/")
    assert err.index("error:") < err.index(line), "failures are listed before the summary"
    assert "Traceback" not in err


def test_all_good_exits_zero_and_summary_counts_blocks(raw: Path, tmp_path: Path, capsys) -> None:
    (raw / "empty.txt").unlink()
    (raw / "image.txt").unlink()
    assert main(["clean", str(raw), str(tmp_path / "out")]) == 0
    line = summary_line(capsys.readouterr().err)
    assert line.startswith("cleaned 3 of 3 files (0 failed): ")
    kept = sum(json.loads(p.read_text())["stats"]["blocks_out"] for p in (tmp_path / "out").glob("*.json"))
    assert f", {kept} kept, " in line


def test_single_file_into_a_new_nested_folder(raw: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "a" / "b"
    assert main(["clean", str(raw / "one.txt"), str(out)]) == 0
    assert outputs(out) == ["one.json", "one.txt"]
    assert (out / "one.txt").read_text(encoding="utf-8") == "\n\n".join(PARAGRAPHS) + "\n"
    assert summary_line(capsys.readouterr().err).startswith("cleaned 1 of 1 file (0 failed)")


def test_single_file_to_its_own_folder_is_refused(raw: Path, capsys) -> None:
    before = snapshot(raw)
    assert main(["clean", str(raw / "one.txt"), str(raw)]) == 2
    assert "never written to" in capsys.readouterr().err
    assert snapshot(raw) == before


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", type("Stdin", (), {"buffer": io.BytesIO(data)})())


def test_stdin_to_stdout(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    _stdin(monkeypatch, text_page().encode("utf-8"))
    assert main(["clean", "-"]) == 0
    out, err = capsys.readouterr()
    assert out == "\n\n".join(PARAGRAPHS) + "\n"
    assert summary_line(err).endswith("-> stdout")


def test_stdin_json_writes_the_sidecar_instead(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    data = text_page().encode("utf-8")
    _stdin(monkeypatch, data)
    assert main(["clean", "-", "--json", "--quiet"]) == 0
    out, err = capsys.readouterr()
    meta = json.loads(out)
    assert meta["source"]["sha256"] == hashlib.sha256(data).hexdigest()
    assert meta["source"]["path"] is None
    assert err == ""


def test_single_file_to_stdout(raw: Path, capsys) -> None:
    assert main(["clean", str(raw / "one.txt"), "-", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["source"]["path"] == str(raw / "one.txt")
    assert main(["clean", str(raw), "-"]) == 2


def test_stdin_bad_input_exits_one(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    _stdin(monkeypatch, PNG)
    assert main(["clean", "-"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "error: <stdin>: binary file (PNG image)" in err


def test_stdin_with_an_output_folder_is_a_usage_error(monkeypatch, tmp_path: Path, capsys) -> None:
    _stdin(monkeypatch, text_page().encode())
    assert main(["clean", "-", str(tmp_path / "out")]) == 2
    assert not (tmp_path / "out").exists()


def _comment_page(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "page.txt").write_text(text_page("Comments", COMMENT), encoding="utf-8")
    return folder


def test_disable_changes_the_result(tmp_path: Path, capsys) -> None:
    folder = _comment_page(tmp_path)
    assert main(["clean", str(folder), str(tmp_path / "default")]) == 0
    assert main(["clean", str(folder), str(tmp_path / "kept"), "--disable", "comments"]) == 0
    assert COMMENT not in (tmp_path / "default" / "page.txt").read_text(encoding="utf-8")
    assert COMMENT in (tmp_path / "kept" / "page.txt").read_text(encoding="utf-8")
    meta = json.loads((tmp_path / "kept" / "page.json").read_text(encoding="utf-8"))
    assert meta["cleaner"]["disabled"] == ["comments"]
    assert "comments" not in meta["cleaner"]["stages"]


def test_disable_takes_comma_separated_and_repeated_names(tmp_path: Path) -> None:
    folder = _comment_page(tmp_path)
    argv = ["clean", str(folder), str(tmp_path / "out"), "--disable", "comments,share", "--disable", "paywall"]
    assert main(argv) == 0
    meta = json.loads((tmp_path / "out" / "page.json").read_text(encoding="utf-8"))
    assert meta["cleaner"]["disabled"] == ["comments", "share", "paywall"]


def test_unknown_stage_is_a_usage_error_without_traceback(raw: Path, tmp_path: Path, capsys) -> None:
    assert main(["clean", str(raw), str(tmp_path / "out"), "--disable", "nosuchstage"]) == 2
    err = capsys.readouterr().err
    assert "unknown stage(s): nosuchstage" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_unknown_language_is_a_usage_error(raw: Path, tmp_path: Path, capsys) -> None:
    assert main(["clean", str(raw), str(tmp_path / "out"), "--lang", "xx"]) == 2
    assert "no phrase list for language 'xx'" in capsys.readouterr().err


@pytest.mark.parametrize("inside", [".", "out", "out/deeper"])
def test_output_inside_input_is_refused_and_input_untouched(raw: Path, inside: str, capsys) -> None:
    before = snapshot(raw)
    assert main(["clean", str(raw), str(raw / inside)]) == 2
    assert "inside the input folder" in capsys.readouterr().err
    assert snapshot(raw) == before
    assert sorted(p.name for p in raw.iterdir()) == sorted(before)


def test_missing_input_is_a_usage_error(tmp_path: Path, capsys) -> None:
    assert main(["clean", str(tmp_path / "nope"), str(tmp_path / "out")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_bad_option_value_returns_two_instead_of_exiting(capsys) -> None:
    assert main(["clean", "--max-bytes", "lots"]) == 2
    assert main(["clean", "--max-bytes", "0"]) == 2


def test_max_bytes_refuses_large_inputs_but_not_the_rest(raw: Path, tmp_path: Path, capsys) -> None:
    (raw / "big.txt").write_text(text_page() * 20, encoding="utf-8")
    assert main(["clean", str(raw), str(tmp_path / "out"), "--max-bytes", "2000"]) == 1
    assert "big.txt: input too large" in capsys.readouterr().err
    assert (tmp_path / "out" / "one.txt").exists()
    assert not (tmp_path / "out" / "big.txt").exists()


def test_name_clash_keeps_both_and_warns(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.html").write_text(html_page(), encoding="utf-8")
    (folder / "a.txt").write_text(text_page("A last line only the text version has, about sandbags."),
                                  encoding="utf-8")
    out = tmp_path / "out"
    assert main(["clean", str(folder), str(out)]) == 0
    assert outputs(out) == ["a.json", "a.txt", "a__txt.json", "a__txt.txt"]
    assert "sandbags" in (out / "a__txt.txt").read_text(encoding="utf-8")
    assert json.loads((out / "a__txt.json").read_text())["source"]["path"] == str(folder / "a.txt")
    assert f"warning: {folder / 'a.txt'}: output name 'a' already used by {folder / 'a.html'}" in \
        capsys.readouterr().err


def test_sub_folders_are_mirrored(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    for site in ("site1", "site2"):
        (folder / site).mkdir(parents=True)
        (folder / site / "index.html").write_text(html_page(), encoding="utf-8")
    assert main(["clean", str(folder), str(tmp_path / "out"), "--quiet"]) == 0
    assert sorted(str(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").rglob("*.txt")) == [
        "site1/index.txt", "site2/index.txt"]


def test_internal_error_is_reported_and_the_batch_goes_on(raw: Path, tmp_path: Path, monkeypatch,
                                                          capsys) -> None:
    real_clean = work.clean  # the per-document function every engine runs

    def flaky(data, *, source=None, config=None, format=None):
        if source and source.endswith("two.txt"):
            raise RuntimeError("boom")
        return real_clean(data, source=source, config=config, format=format)

    monkeypatch.setattr(work, "clean", flaky)
    out = tmp_path / "out"
    assert main(["clean", str(raw), str(out)]) == 1
    err = capsys.readouterr().err
    assert f"error: {raw / 'two.txt'}: internal error, RuntimeError: boom" in err
    assert "Traceback" not in err
    assert (out / "one.txt").exists() and (out / "three.txt").exists()
    assert not (out / "two.txt").exists()
    assert summary_line(err).startswith("cleaned 2 of 5 files (3 failed)")

    assert main(["clean", str(raw), str(out), "--debug"]) == 1
    assert "Traceback" in capsys.readouterr().err


def test_quiet_prints_errors_but_no_summary(raw: Path, tmp_path: Path, capsys) -> None:
    assert main(["clean", str(raw), str(tmp_path / "out"), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "image.txt" in err
    assert "cleaned" not in err


def test_stages_lists_every_stage_in_order(capsys) -> None:
    assert main(["stages"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:4] == ["stage", "formats", "requires", "provides"]
    assert [line.split()[0] for line in lines[1:]] == list(DEFAULT_ORDER)
    for line in lines[1:]:
        assert len(line.split()) >= 5, f"no description: {line!r}"


def test_stages_show_whole_first_sentences(capsys) -> None:
    """Each description is its stage's whole first sentence, on one line when not a terminal
    (the docstrings of chrome and captions run over several source lines)."""
    assert main(["stages"]) == 0
    lines = dict(zip(DEFAULT_ORDER, capsys.readouterr().out.splitlines()[1:]))
    registry = load_all()
    for name, line in lines.items():
        sentence = first_sentence(inspect.getdoc(registry[name]) or "")
        assert line.endswith("  " + sentence) and sentence.endswith((".", "!", "?")), line
    assert lines["chrome"].endswith("the entries under it that are the page's own headings, found again further down.")
    assert lines["captions"].endswith("picture descriptions, and captions repeated on the next line.")
    assert first_sentence("One. Two.\n\nThree.") == "One."
    assert first_sentence("Split `a`\n    over lines, e.g. this. Next one.") == "Split `a` over lines, e.g. this."


def test_stage_table_wraps_within_the_width_and_drops_no_word() -> None:
    text = "Drop lines made only of navigation items, a menu on one line, and a table of contents."
    rows = [("stage", "description"), ("chrome", text)]
    lines = stage_table(rows, 40)
    assert len(lines) > 2 and all(len(line) <= 40 for line in lines)
    assert " ".join(line[8:] for line in lines[1:]) == text
    assert stage_table(rows, 20)[1] == "chrome  " + text, "too narrow to wrap: one line"


def test_version_prints_the_package_version(capsys) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"cleaner {__version__}\n"


SUMMARY = re.compile(r": (\d+) blocks in, (\d+) kept, (\d+) removed"
                     r"(?:, (\d+) HTML regions removed outside the blocks)?, \d+ fixes, \d+ warnings -> ")


@pytest.mark.parametrize("pages", [[HTML], [sorted(SEED_RAW.glob("*.txt"))[1]], [HTML, *sorted(SEED_RAW.glob("*.txt"))]],
                         ids=["html", "text", "both"])
def test_summary_counts_add_up(pages: list[Path], tmp_path: Path, capsys) -> None:
    """N blocks in = K kept + R removed; what the HTML pre-pass removed before there were
    blocks is counted apart, and the two removals make every `removed` entry of the sidecars."""
    folder = tmp_path / "in"
    folder.mkdir()
    for page in pages:
        shutil.copy(page, folder / page.name)
    assert main(["clean", str(folder), str(tmp_path / "out"), "--jobs", "1"]) == 0
    match = SUMMARY.search(summary_line(capsys.readouterr().err))
    assert match
    blocks_in, kept, removed, regions = (int(n or 0) for n in match.groups())
    assert blocks_in == kept + removed
    metas = [json.loads(p.read_text(encoding="utf-8")) for p in (tmp_path / "out").glob("*.json")]
    assert blocks_in == sum(m["stats"]["blocks_in"] for m in metas)
    assert kept == sum(m["stats"]["blocks_out"] for m in metas)
    assert regions == sum(r["rule"].startswith("dom_") or r["rule"] == "not_extracted"
                          for m in metas for r in m["removed"])
    assert removed + regions == sum(len(m["removed"]) for m in metas)
    assert removed > 0
    assert (regions > 0) == (HTML in pages), "only HTML pages have a pre-pass"


def test_stages_rules_lists_every_declared_rule_in_pipeline_order(capsys) -> None:
    from cleaner.pipeline import Pipeline
    from cleaner.stages import load_all
    assert main(["stages", "--rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["rule", "drop", "kind", "description"]
    expected = [f"{name}:{rule}" for name, cls in load_all().items() for rule in cls.rules]
    assert [line.split()[0] for line in lines[1:]] == [*expected, "pipeline:empty_output"]
    assert [cls.name for cls in load_all().values()] == list(DEFAULT_ORDER)
    rows = {line.split()[0]: line.split(None, 2)[1:] for line in lines[1:]}
    assert rows["byline:author"][0] == "metadata" and rows["comments:section"][0] == "comment"
    assert rows["whitespace:collapse"] == ["-", "runs of white space inside a block made one space"]
    assert rows["pipeline:empty_output"][1] == Pipeline.rules["empty_output"]
    assert all(len(row) == 2 and row[1] for row in rows.values()), "a rule without a description"


def test_stages_options_lists_every_option_with_its_default_and_meaning(capsys) -> None:
    from cleaner.stages import load_all
    assert main(["stages", "--options"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["option", "default", "meaning"]
    rows = {line.split()[0]: line.split(None, 2)[1:] for line in lines[1:]}
    assert list(rows) == [f"{name}.{key}" for name, cls in load_all().items() for key in cls.options]
    assert rows["comments.min_words_before"] == ["60", load_all()["comments"].option_help["min_words_before"]]
    assert rows["mainregion.model"][0] == "null" and rows["chrome.max_words"][0] == "16"
    assert all(len(row) == 2 and row[1] for row in rows.values()), "an option without a meaning"


def test_stages_rules_and_options_are_one_listing_at_a_time(capsys) -> None:
    assert main(["stages", "--rules", "--options"]) == 2
    assert "not allowed with" in capsys.readouterr().err


def test_an_unknown_stage_option_names_the_valid_ones(capsys) -> None:
    assert main(["clean", "--set", "comments.min_word_before=40", "-"]) == 2
    err = capsys.readouterr().err
    assert "stage comments: unknown option(s) ['min_word_before']" in err
    assert "valid: min_words_before, prose_words, form_max_words" in err
    assert main(["clean", "--set", "whitespace.width=1", "-"]) == 2
    assert "valid: none" in capsys.readouterr().err


def test_no_command_is_a_usage_error(capsys) -> None:
    assert main([]) == 2
    assert "usage:" in capsys.readouterr().err
