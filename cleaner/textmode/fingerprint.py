"""What the text model was trained on: a fingerprint of the pipeline before `mainregion`.

The model reads what the stages before it did (which lines they dropped, and of which
kind), so a stage added, an option's default changed or one phrase edited moves its
inputs. `models/textmode.json` stores the fingerprint of the pipeline it was trained
behind (`pipeline_fingerprint`); a test compares it with today's and says what to do
when they differ:

    python bench/train_textmode.py ...                   # retrain on today's pipeline, or
    python -m cleaner.textmode.fingerprint --accept     # accept the drift, on purpose

The fingerprint covers the stages before `mainregion` that run on text (names, declared
rules and kinds, option defaults) and every phrase list (`patterns/*.toml`), not the code: a refactor that
keeps outputs identical is proved so by `bench/snapshot.py`, not by this hash.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from ..stages import ORDER, stage_class
from .model import MODEL_PATH

MODEL_STAGE = "mainregion"
KEY = "pipeline_fingerprint"
PATTERNS = Path(__file__).resolve().parent.parent / "patterns"


def pipeline_description() -> dict[str, Any]:
    """The parts of the pipeline before `mainregion` that decide what the model sees."""
    stages = []
    for name in ORDER[: ORDER.index(MODEL_STAGE)]:
        cls = stage_class(name)
        if "text" not in cls.formats:  # the model reads text dumps only
            continue
        stages.append({"name": name, "formats": sorted(cls.formats), "options": cls.options,
                       "rules": cls.rules, "kinds": cls.drop_kinds})
    phrases = {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(PATTERNS.glob("*.toml"))}
    return {"stages": stages, "phrase_lists": phrases}


def fingerprint() -> str:
    """A short hash of `pipeline_description()`."""
    canonical = json.dumps(pipeline_description(), sort_keys=True, default=repr, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def stored(path: Path = MODEL_PATH) -> str | None:
    """The fingerprint the shipped model was trained behind (None for a model without one)."""
    return json.loads(path.read_text(encoding="utf-8")).get(KEY)


def accept(path: Path = MODEL_PATH) -> str:
    """Write today's fingerprint into the model file, leaving everything else as it is."""
    spec = json.loads(path.read_text(encoding="utf-8"))
    spec[KEY] = fingerprint()
    path.write_text(json.dumps(spec, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return spec[KEY]


def main(argv: list[str] | None = None) -> int:
    """`python -m cleaner.textmode.fingerprint [--accept]`: print or accept the fingerprint."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accept", action="store_true", help="store today's fingerprint in the model file")
    args = parser.parse_args(argv)
    if args.accept:
        print(f"accepted {accept()} in {MODEL_PATH}")
        return 0
    now, then = fingerprint(), stored()
    print(f"today {now}, model {then}: {'same' if now == then else 'DIFFERENT'}")
    return 0 if now == then else 1


if __name__ == "__main__":
    sys.exit(main())
