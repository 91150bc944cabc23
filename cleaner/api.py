"""The library API: `clean()` for data in memory, `clean_file()` for a path.

    import cleaner
    result = cleaner.clean(page_bytes, source="page.html",
                           config=cleaner.Config(disable=("names",), timeout=10))
    result.text, result.metadata, result.changes, result.warnings

`clean` raises `cleaner.InputError` for an input that is not a page (empty, binary, too
large...) and `cleaner.DocumentTimeout` when `config.timeout` is exceeded.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import Config
from .document import Change, Document
from .reading import read_document
from .limits import time_limit
from .pipeline import Pipeline, build_pipeline
from .report import sidecar

_PIPELINES: dict[tuple[object, ...], Pipeline] = {}
FORMATS = ("html", "text")


@dataclass
class Result:
    """What cleaning one input gives: the body, the metadata sidecar and the log.

    text: the article body, blocks separated by one blank line.
    metadata: the JSON-ready sidecar (what `cleaner clean` writes to NAME.json).
    changes: every Change (drop, edit, warn) in the order stages made them.
    warnings: the warn Changes only (doubts recorded instead of edits).
    document: the Document itself, for views that need its blocks.
    """

    text: str
    metadata: dict[str, Any]
    changes: list[Change]
    warnings: list[Change]
    document: Document


def get_pipeline(config: Config) -> Pipeline:
    """The pipeline for `config`, built once per distinct config (and per process).

    Raises ValueError (PipelineError, or an unknown language) when it cannot be built.
    """
    key = _cache_key(config)
    if key not in _PIPELINES:
        _PIPELINES[key] = build_pipeline(config)
    return _PIPELINES[key]


def _cache_key(config: Config) -> tuple[object, ...]:
    # Config holds a dict (options), so it is not hashable itself; repr of the sorted
    # items tells two configs apart as long as option values have a faithful repr.
    return (config.disable, config.languages, repr(sorted(config.options.items())))


def clean(data: str | bytes, *, source: str | None = None, config: Config | None = None,
          format: str | None = None) -> Result:
    """Clean one page given as text or bytes (HTML or plain text, sniffed from the content).

    source: where the page came from, recorded as `metadata["source"]["path"]`.
    config: the options (default `Config()`).
    format: "html" or "text" to override the sniffing (e.g. a field known to hold HTML).
    """
    config = config or Config()
    if format is not None and format not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS} or None, not {format!r}")
    raw = data.encode("utf-8") if isinstance(data, str) else data
    pipeline = get_pipeline(config)
    with time_limit(config.timeout):
        doc = read_document(raw, path=source, max_bytes=config.max_bytes)
        if format is not None:
            doc.source.format = format
        pipeline.run(doc)
        text = doc.text()
        return Result(text, sidecar(doc, pipeline, text), doc.changes, doc.warnings, doc)


def clean_file(path: str | Path, config: Config | None = None) -> Result:
    """Clean the file at `path` (.txt, .html, .htm, optionally .gz); OSError if unreadable."""
    path = Path(path)
    return clean(path.read_bytes(), source=str(path), config=config)
