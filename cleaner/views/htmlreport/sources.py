"""What the report reads for one document: its sidecar, its clean text and its raw page.

The sidecar (CLEAN_DIR/NAME.json) is the source of truth: it is what was
actually written, and reading it is much faster than cleaning again. The raw
page only gives the left side; its lines are numbered as the cleaner numbered
them (the decoded text split at "\\n"), so the sidecar's `lines` spans point
into it. A raw page that cannot be found, cannot be read, or is not the one
that was cleaned (another sha256) is said so on the page.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from ...corpus.files import BASE_SUFFIXES, INPUT_SUFFIXES
from ...reading import InputError, read_document

RAW_OK, RAW_MISSING, RAW_CHANGED, RAW_UNREADABLE = "ok", "missing", "changed", "unreadable"
NO_LIMIT = 1 << 40


@dataclass
class Raw:
    """The raw page of a document as the cleaner read it, or why it is not there."""

    status: str
    path: Path | None = None
    text: str | None = None
    note: str = ""


@dataclass
class Entry:
    """One document of CLEAN_DIR: its name, its sidecar (None if unreadable) and its clean text."""

    name: str  # relative path below CLEAN_DIR without ".json", with "/" separators
    meta: dict[str, Any] | None
    clean: str | None
    problem: str = ""


def sidecar_names(clean_dir: Path) -> list[str]:
    """The names of every sidecar under `clean_dir` (hidden files left out), sorted."""
    names = []
    for path in clean_dir.rglob("*.json"):
        rel = path.relative_to(clean_dir)
        if any(part.startswith(".") for part in rel.parts):
            continue
        names.append(rel.with_suffix("").as_posix())
    return sorted(names)


def load_entry(clean_dir: Path, name: str) -> Entry:
    """The sidecar and clean text of `name`; `problem` says what could not be read."""
    base = clean_dir / name
    try:
        meta = json.loads(base.with_name(base.name + ".json").read_text(encoding="utf-8"))
        if not isinstance(meta, dict):
            raise ValueError("not a JSON object")
    except (OSError, ValueError) as err:
        return Entry(name, None, None, f"sidecar unreadable: {err}")
    try:
        clean = base.with_name(base.name + ".txt").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return Entry(name, meta, None, f"clean text {name}.txt not found")
    return Entry(name, meta, clean)


def candidates(raw_dir: Path, name: str, source_path: str | None) -> list[Path]:
    """Where the raw page of `name` may be, most likely first.

    `cleaner clean RAW_DIR CLEAN_DIR` writes sub-folder/NAME for RAW_DIR/sub-folder/FILE,
    so FILE (the basename of the sidecar's source.path) is looked for in the same
    sub-folder of RAW_DIR, then at its top, then at source.path itself.
    """
    folder = PurePosixPath(name).parent
    found: list[Path] = []
    if source_path:
        base = PurePosixPath(source_path.replace("\\", "/")).name
        found += [raw_dir / folder / base, raw_dir / base, Path(source_path)]
    else:  # stdin: guess from the output name
        stem = PurePosixPath(name).name
        found += [raw_dir / folder / f"{stem}{suffix}" for suffix in INPUT_SUFFIXES]
    return list(dict.fromkeys(found))


def load_raw(raw_dir: Path, name: str, meta: dict[str, Any]) -> Raw:
    """The raw page of `name`, decoded as the cleaner decoded it, or why not."""
    source = meta.get("source") or {}
    looked = candidates(raw_dir, name, source.get("path"))
    path = next((p for p in looked if p.is_file()), None)
    if path is None:
        where = ", ".join(str(p) for p in looked) or f"{raw_dir}/{name}{BASE_SUFFIXES[0]}"
        return Raw(RAW_MISSING, note=f"raw page not found (looked for {where})")
    try:
        data = path.read_bytes()
        text = read_document(data, path=str(path), max_bytes=NO_LIMIT).raw
    except (OSError, InputError) as err:
        return Raw(RAW_UNREADABLE, path, note=f"raw page {path} cannot be read: {err}")
    if source.get("sha256") and hashlib.sha256(data).hexdigest() != source["sha256"]:
        return Raw(RAW_CHANGED, path, text,
                   f"raw page {path} is not the one that was cleaned (its sha256 differs): "
                   "line spans may point at the wrong lines")
    return Raw(RAW_OK, path, text)
