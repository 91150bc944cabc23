"""Shared paths and the golden-file writer for the seed-page tests.

Each seed page has two golden files, and the reason strings have one file of their own:
    golden/NAME.txt      the clean text
    golden/NAME.json     the sidecar, without the `reason` of its removals, fixes and
                         warnings: the structure, the `stage`/`rule` of every change and the
                         text it touched (`text`, `before`/`after`, `lines`)
    golden/reasons.json  page -> ["stage:rule: reason", ...], the reasons in sidecar order
                         (removed, then fixes, then warnings): reviewed wording, so that a
                         change of wording shows up apart from a change of behaviour
Together they are the whole sidecar. Regenerate them all on purpose only, after checking
`git diff tests/golden`:
    python tests/seeds.py
"""
from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SEEDS = HERE / "fixtures" / "seeds"
GOLDEN = HERE / "golden"
REASONS = GOLDEN / "reasons.json"
NAMES = sorted(p.stem for p in (SEEDS / "raw").glob("*.txt"))
CHANGES = ("removed", "fixes", "warnings")  # the sidecar lists whose entries have a reason


def clean_seed(name: str):
    """Clean one seed page as the CLI would (source path relative to the seed folder)."""
    sys.path.insert(0, str(HERE.parent))
    from cleaner.api import clean
    return clean((SEEDS / "raw" / f"{name}.txt").read_bytes(), source=f"raw/{name}.txt")


def without_reasons(metadata: dict[str, Any]) -> dict[str, Any]:
    """A copy of a sidecar with the `reason` of every removal, fix and warning left out."""
    out = copy.deepcopy(metadata)
    for key in CHANGES:
        for change in out.get(key, []):
            change.pop("reason", None)
    return out


def reasons(metadata: dict[str, Any]) -> list[str]:
    """`stage:rule: reason` of every removal, fix and warning of a sidecar, in its order."""
    return [f"{c['stage']}:{c['rule']}: {c['reason']}" for key in CHANGES for c in metadata.get(key, [])]


def render(result) -> tuple[str, str]:
    """The two golden files of a result: clean text, sidecar JSON without the reasons."""
    return result.text + "\n", dump(without_reasons(result.metadata))


def render_reasons(results: dict[str, Any]) -> str:
    """The reasons snapshot of results by page name (golden/reasons.json)."""
    return dump({name: reasons(results[name].metadata) for name in sorted(results)})


def dump(value: Any) -> str:
    """JSON as the golden files hold it: UTF-8 characters, two-space indent, final newline."""
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":
    GOLDEN.mkdir(exist_ok=True)
    results = {name: clean_seed(name) for name in NAMES}
    for name, result in results.items():
        text, meta = render(result)
        (GOLDEN / f"{name}.txt").write_text(text, encoding="utf-8")
        (GOLDEN / f"{name}.json").write_text(meta, encoding="utf-8")
        print("wrote", name)
    REASONS.write_text(render_reasons(results), encoding="utf-8")
    print("wrote", REASONS.relative_to(HERE.parent))
