"""Shared paths and the golden-file writer for the seed-page tests.

Regenerate the golden files on purpose only, after checking the diff:
    python tests/seeds.py
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEEDS = HERE / "fixtures" / "seeds"
GOLDEN = HERE / "golden"
NAMES = sorted(p.stem for p in (SEEDS / "raw").glob("*.txt"))


def clean_seed(name: str):
    """Clean one seed page as the CLI would (source path relative to the seed folder)."""
    sys.path.insert(0, str(HERE.parent))
    from cleaner.api import clean
    return clean((SEEDS / "raw" / f"{name}.txt").read_bytes(), source=f"raw/{name}.txt")


def render(result) -> tuple[str, str]:
    """The two golden files of a result: clean text, sidecar JSON."""
    return result.text + "\n", json.dumps(result.metadata, ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":
    GOLDEN.mkdir(exist_ok=True)
    for name in NAMES:
        text, meta = render(clean_seed(name))
        (GOLDEN / f"{name}.txt").write_text(text, encoding="utf-8")
        (GOLDEN / f"{name}.json").write_text(meta, encoding="utf-8")
        print("wrote", name)
