"""The library API: `clean()` for data in memory, `clean_file()` for a path."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import Config
from .document import Change, Document
from .io import read_document
from .pipeline import Pipeline, build_pipeline
from .report import sidecar

_PIPELINES: dict[tuple[object, ...], Pipeline] = {}


@dataclass
class Result:
    """What cleaning one input gives: the body, the metadata sidecar and the log."""

    text: str
    metadata: dict[str, Any]
    changes: list[Change]
    warnings: list[Change]
    document: Document


def get_pipeline(config: Config) -> Pipeline:
    """The pipeline for `config`, built once per distinct config."""
    key = _cache_key(config)
    if key not in _PIPELINES:
        _PIPELINES[key] = build_pipeline(config)
    return _PIPELINES[key]


def _cache_key(config: Config) -> tuple[object, ...]:
    # Config holds a dict (options), so it is not hashable itself; repr of the sorted
    # items tells two configs apart as long as option values have a faithful repr.
    return (config.disable, config.languages, repr(sorted(config.options.items())))


def clean(data: str | bytes, *, source: str | None = None, config: Config | None = None) -> Result:
    """Clean one page given as text or bytes (HTML or plain text, sniffed from the content)."""
    config = config or Config()
    raw = data.encode("utf-8") if isinstance(data, str) else data
    doc = read_document(raw, path=source, max_bytes=config.max_bytes)
    pipeline = get_pipeline(config)
    pipeline.run(doc)
    return Result(doc.text(), sidecar(doc, pipeline), doc.changes, doc.warnings, doc)


def clean_file(path: str | Path, config: Config | None = None) -> Result:
    """Clean the file at `path` (.txt, .html, .htm, optionally .gz)."""
    path = Path(path)
    return clean(path.read_bytes(), source=str(path), config=config)
