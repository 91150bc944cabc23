"""`cleaner explain` and `cleaner diff`, driven through `main(argv)` on the seed pages."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from cleaner.api import clean_file
from cleaner.cli import main
from cleaner.views import term
from seeds import SEEDS

RAW = SEEDS / "raw"
P001 = str(RAW / "001_08b8e3836e7cfb0d.txt")  # a comment section at the end
P002 = str(RAW / "002_08530567ec71b96b.txt")  # "top of page", "retard ." -> "retard."
ANSI = "\x1b["


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def lines_with(out: str, *parts: str) -> list[str]:
    return [line for line in out.splitlines() if all(p in line for p in parts)]


# ---- explain --------------------------------------------------------------------
def test_explain_labels_each_block_with_its_rule_and_shows_edits(capsys) -> None:
    status, out, err = run(capsys, "explain", P002, "--width", "200")
    assert status == 0 and err == ""
    assert ANSI not in out
    top = lines_with(out, "top of page")[0].split()
    assert top[:3] == ["removed", "chrome:items", "1"]
    edit = lines_with(out, "typography:space_before_punct", "retard")[0]
    assert edit.startswith("edit ")
    assert '"de retard . Vladimir" -> "de retard. Vladimir"' in edit
    assert lines_with(out, "kept", "Vladimir Poutine est arrivé")
    assert out.splitlines()[-1].startswith(f"# {len(clean_file(P002).document.blocks)} blocks: ")


def test_explain_has_one_line_per_block_plus_one_per_edit_and_warning(capsys) -> None:
    doc = clean_file(P001).document
    status, out, _ = run(capsys, "explain", P001, "--format", "tsv", "--max-chars", "0")
    rows = [line.split("\t") for line in out.splitlines()]
    assert rows[0] == ["status", "label", "lines", "reason", "text"]
    assert all(len(row) == 5 for row in rows)
    statuses = [row[0] for row in rows[1:]]
    assert statuses.count("kept") + statuses.count("removed") == len(doc.blocks)
    assert statuses.count("edit") == len(doc.fixes)
    assert statuses.count("warn") == len(doc.warnings)
    comments = [row for row in rows if row[1] == "comments:section"]
    assert len(comments) >= 10 and all(row[0] == "removed" for row in comments)
    assert ["removed", "comments:heading", "59", "comments heading", "Commentaires (30)"] in rows


def test_explain_text_lines_fit_the_width(capsys) -> None:
    _, out, _ = run(capsys, "explain", P001, "--width", "90")
    assert max(term.text_width(line) for line in out.splitlines()[:-1]) <= 90
    assert "…" in out


def test_explain_tsv_cuts_long_text(capsys) -> None:
    _, out, _ = run(capsys, "explain", P001, "--format", "tsv", "--max-chars", "30")
    assert max(len(line.split("\t")[4]) for line in out.splitlines()) <= 30


def test_explain_reads_stdin_and_reports_bad_input(monkeypatch, tmp_path: Path, capsys) -> None:
    data = Path(P002).read_bytes()
    monkeypatch.setattr(sys, "stdin", type("Stdin", (), {"buffer": __import__("io").BytesIO(data)})())
    status, out, _ = run(capsys, "explain", "-")
    assert status == 0 and lines_with(out, "chrome:items", "top of page")
    (tmp_path / "empty.txt").write_bytes(b"")
    status, out, err = run(capsys, "explain", str(tmp_path / "empty.txt"))
    assert status == 1 and out == "" and "empty input" in err
    status, _, err = run(capsys, "explain", str(tmp_path / "nope.txt"))
    assert status == 2 and "no such file" in err
    status, _, err = run(capsys, "explain", P002, "--disable", "nosuchstage")
    assert status == 2 and "unknown stage" in err


def test_explain_disable_keeps_what_the_stage_would_remove(capsys) -> None:
    _, out, _ = run(capsys, "explain", P002, "--disable", "chrome", "--format", "tsv")
    assert not lines_with(out, "chrome:items")


# ---- diff ----------------------------------------------------------------------
def test_diff_side_by_side_marks_removed_blocks_and_edits(capsys) -> None:
    status, out, err = run(capsys, "diff", P002, "--width", "240")
    assert status == 0 and err == ""
    assert ANSI not in out, "no colour when stdout is not a terminal"
    top = lines_with(out, "top of page", "[chrome:items]")
    assert top and top[0].split()[:2] == ["1", "-"]
    assert lines_with(out, 'edit typography:space_before_punct "de retard . Vladimir" -> "de retard. Vladimir"')
    assert lines_with(out, "# removed: ", "chrome:items 2")
    assert max(term.text_width(line) for line in out.splitlines()) <= 240


def test_diff_labels_the_comment_section(capsys) -> None:
    _, out, _ = run(capsys, "diff", P001, "--width", "120")
    assert len(lines_with(out, "[comments:section]")) >= 10
    assert lines_with(out, "Aveltan", "[comments:section]")


def test_diff_unified(capsys) -> None:
    _, out, _ = run(capsys, "diff", "--unified", P001)
    lines = out.splitlines()
    assert lines[0] == f"--- {P001}" and lines[1].startswith("+++ ")
    assert any(line.startswith("-") and "[comments:section] • Aveltan" in line for line in lines)
    edit = lines_with(out, "edit teaser:inline")
    assert edit and edit[0].startswith("~")


@pytest.mark.parametrize("extra", [[], ["--unified"]])
def test_diff_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch, capsys, extra) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    _, out, _ = run(capsys, "diff", P002, *extra)
    assert f"{ANSI}31m" in out and f"{ANSI}1;33m[chrome:items]" in out
    _, out, _ = run(capsys, "diff", P002, "--no-color", *extra)
    assert ANSI not in out and "[chrome:items]" in out
    monkeypatch.setenv("NO_COLOR", "1")
    _, out, _ = run(capsys, "diff", P002, *extra)
    assert ANSI not in out


def test_diff_width_from_the_terminal(monkeypatch, capsys) -> None:
    monkeypatch.setenv("COLUMNS", "70")
    _, out, _ = run(capsys, "diff", P002)
    assert max(term.text_width(line) for line in out.splitlines() if not line.startswith("#")) <= 70


def test_diff_page_control_characters_are_shown_not_obeyed(tmp_path: Path, capsys) -> None:
    page = tmp_path / "page.txt"
    page.write_text(Path(P002).read_text(encoding="utf-8").replace("top of page", "top of page \x1b[2J\x07"),
                    encoding="utf-8")
    _, out, _ = run(capsys, "diff", str(page), "--width", "200")
    assert "\x1b" not in out and "\x07" not in out
    assert "\\x1b[2J\\x07" in out


def test_diff_against_the_clean_file_it_wrote_agrees(tmp_path: Path, capsys) -> None:
    assert main(["clean", P002, str(tmp_path), "--quiet"]) == 0
    status, out, _ = run(capsys, "diff", P002, str(tmp_path / "002_08530567ec71b96b.txt"), "--width", "160")
    assert status == 0
    assert out.splitlines()[-1].endswith(
        "0 with other words, 0 only in it, 0 kept now but not in it, 0 removed now but in it")
    assert lines_with(out, "top of page", "[chrome:items]")


def test_diff_against_another_clean_file_shows_each_disagreement(tmp_path: Path, capsys) -> None:
    paras = clean_file(P002).text.split("\n\n")
    edited = paras[3] + " DEFENSE"
    dropped = paras[5]
    other = [*paras[:3], edited, paras[4], *paras[6:], "Commentaires", "A paragraph nobody wrote."]
    clean = tmp_path / "old.txt"
    clean.write_text("\n\n".join(other) + "\n", encoding="utf-8")
    _, out, _ = run(capsys, "diff", "--unified", P002, str(clean))
    assert lines_with(out, "+", "A paragraph nobody wrote.")
    assert lines_with(out, "only in CLEAN_FILE")
    assert lines_with(out, "CLEAN_FILE differs from the text cleaned now")
    assert lines_with(out, "+", "DEFENSE")
    assert lines_with(out, "not in CLEAN_FILE (kept when cleaned now)")
    assert lines_with(out, "-", dropped[:40])
    assert lines_with(out, "in CLEAN_FILE, but removed when cleaned now by [comments:heading]")
    assert out.splitlines()[-1] == (f"# {clean}: {len(paras) - 2} paragraphs as cleaned now, 1 with other "
                                    "words, 1 only in it, 1 kept now but not in it, 1 removed now but in it")
    status, out, _ = run(capsys, "diff", P002, str(clean), "--width", "120")  # side by side too
    assert status == 0 and lines_with(out, " + ", "A paragraph nobody wrote.")


def test_diff_missing_files(tmp_path: Path, capsys) -> None:
    status, _, err = run(capsys, "diff", str(tmp_path / "nope.txt"))
    assert status == 2 and "no such file" in err
    status, _, err = run(capsys, "diff", P002, str(tmp_path / "nope.txt"))
    assert status == 2 and "cannot read" in err


def test_wrap_keeps_styles_and_cuts_long_words() -> None:
    lines = term.wrap([("aaa ", ""), ("bbbbbbbbbbbb", "31"), (" c", "")], 5)
    assert [term.paint(line, False) for line in lines] == ["aaa", "bbbbb", "bbbbb", "bb c"]
    assert lines[1] == [("bbbbb", "31")]
    assert term.text_width("北京abc") == 7
