"""The mojibake stage's screens read ftfy's characters and regex from generated tables, so that
a process with nothing to fix never imports ftfy; the tables are used only when they were read
from the installed ftfy (`cleaner/stages/ftfy_screen.py`)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner.stages import ftfy_screen, ftfy_tables
from cleaner.stages.ftfy_screen import TABLES, from_ftfy, installed_checksum, screen_data, tables_source

ROOT = Path(__file__).resolve().parent.parent


def test_the_screens_read_what_the_installed_ftfy_says() -> None:
    data = screen_data()
    assert data == from_ftfy()
    assert "\ufb01" in data.chars and "\x00" in data.chars and "a" not in data.chars
    assert data.badness and data.badness_flags


def test_the_tables_are_the_generated_file_when_read_from_this_ftfy() -> None:
    """Regenerating the tables from the installed ftfy gives the file as shipped whenever the
    file says it was read from files with the installed ftfy's checksum."""
    current = installed_checksum() == ftfy_tables.CHECKSUM
    assert (tables_source() == TABLES.read_text(encoding="utf-8")) == current


def test_tables_of_another_ftfy_are_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ftfy_tables, "CHARS", "only these")
    monkeypatch.setattr(ftfy_screen, "installed_checksum", lambda: ftfy_tables.CHECKSUM)
    assert screen_data().chars == "only these"  # the same checksum: the tables are read
    monkeypatch.setattr(ftfy_screen, "installed_checksum", lambda: ftfy_tables.CHECKSUM + 1)
    assert screen_data() == from_ftfy()  # another one: ftfy is


def _fresh(text: str) -> list:
    """In a fresh interpreter: whether cleaning `text` imported ftfy, whether the tables match
    the installed ftfy, and the clean text."""
    code = ("import json, sys, cleaner\n"
            "from cleaner.stages import ftfy_tables\n"
            "from cleaner.stages.ftfy_screen import installed_checksum\n"
            "result = cleaner.clean(sys.argv[1])\n"
            "print(json.dumps(['ftfy' in sys.modules, installed_checksum() == ftfy_tables.CHECKSUM, result.text]))")
    run = subprocess.run([sys.executable, "-c", code, text], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(run.stdout)


def test_a_clean_text_is_cleaned_without_importing_ftfy_and_damage_imports_it() -> None:
    imported, current, text = _fresh("A plain paragraph of an article, with nothing for ftfy to repair in it.")
    assert imported is not current and text.startswith("A plain paragraph")
    imported, _, text = _fresh("L\u00c3\u00a9t\u00c3\u00a9 fut chaud et sec dans toute la r\u00c3\u00a9gion, "
                               "disent les services de m\u00c3\u00a9t\u00c3\u00a9o.")
    assert imported and "L\u00e9t\u00e9 fut chaud" in text and "m\u00e9t\u00e9o" in text
