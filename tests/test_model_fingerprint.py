"""The shipped text model knows the pipeline it was trained behind (`cleaner.textmode.fingerprint`)."""
from __future__ import annotations

import json
from pathlib import Path

from cleaner.textmode import fingerprint as fp


def test_the_model_was_trained_behind_todays_pipeline() -> None:
    """A phrase-list edit or a stage change before `mainregion` moves what the model sees."""
    assert fp.stored() == fp.fingerprint(), (
        "the pipeline before mainregion (stages, rules, option defaults, phrase lists) changed since "
        "cleaner/models/textmode.json was trained: retrain it (python bench/train_textmode.py), or, "
        "when outputs are proved unchanged (bench/snapshot.py), accept the drift on purpose with "
        "python -m cleaner.textmode.fingerprint --accept")


def test_a_phrase_edit_changes_the_fingerprint(tmp_path: Path, monkeypatch) -> None:
    """The fingerprint reads the phrase lists: one word added to a copy of them changes it."""
    before = fp.fingerprint()
    for path in fp.PATTERNS.glob("*.toml"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "en.toml").write_text((tmp_path / "en.toml").read_text(encoding="utf-8") + "\n# an edit\n",
                                      encoding="utf-8")
    monkeypatch.setattr(fp, "PATTERNS", tmp_path)
    assert fp.fingerprint() != before


def test_an_option_default_changes_the_fingerprint(monkeypatch) -> None:
    """A stage's option default before the model is part of what it was trained behind."""
    before = fp.fingerprint()
    chrome = fp.stage_class("chrome")
    monkeypatch.setattr(chrome, "options", {**chrome.options, "max_words": 999})
    assert fp.fingerprint() != before


def test_accept_rewrites_only_the_fingerprint(tmp_path: Path) -> None:
    """Accepting the drift keeps every other byte of the model's content."""
    model = tmp_path / "textmode.json"
    spec = json.loads(fp.MODEL_PATH.read_text(encoding="utf-8"))
    spec[fp.KEY] = "stale"
    model.write_text(json.dumps(spec, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert fp.accept(model) == fp.fingerprint()
    again = json.loads(model.read_text(encoding="utf-8"))
    assert again.pop(fp.KEY) == fp.fingerprint()
    spec.pop(fp.KEY)
    assert again == spec
