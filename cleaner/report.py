"""Views of a cleaned Document's record: the metadata sidecar and the counts a run sums."""
from __future__ import annotations

from collections import Counter
from operator import attrgetter
from typing import Any

from . import __version__, _native
from .document import Change, Document
from .jsontext import COMPACT, dumps
from .pipeline import Pipeline

# Metadata keys the sidecar always carries at its top level, None when the page does not say.
TOP_KEYS: tuple[str, ...] = ("title", "author", "published", "site", "language", "language_probability")


def sidecar(doc: Document, pipeline: Pipeline, text: str | None = None) -> dict[str, Any]:
    """The JSON-ready metadata sidecar of `doc` after `pipeline` has run on it (`text`: its
    `doc.text()`, when the caller has it).

    A pure view: it reads `doc.metadata`, `doc.source` and `doc.changes` and changes nothing.
    """
    out: dict[str, Any] = {key: doc.metadata.get(key) for key in TOP_KEYS}
    out["extra"] = {k: v for k, v in doc.metadata.items()
                    if k not in TOP_KEYS and not k.startswith("_")}
    out["found_by"] = {k: stage for k, stage in doc.found_by.items() if not k.startswith("_")}
    src = doc.source
    out["source"] = {
        "path": src.path,
        "sha256": src.sha256,
        "bytes": src.size,
        "format": src.format,
        "encoding": src.encoding,
        "encoding_note": src.encoding_note,
        "compressed": src.compressed,
    }
    out["cleaner"] = {
        "version": __version__,
        "stages": [s.name for s in pipeline.stages if s.applies_to(doc)],
        "disabled": list(pipeline.disabled),
    }
    removed, fixes = doc.removed, doc.fixes
    out["removed"] = [c.as_dict() for c in removed]
    out["fixes"] = [c.as_dict() for c in fixes]
    out["warnings"] = [c.as_dict() for c in doc.warnings]
    body = doc.body_blocks()
    out["stats"] = {
        "chars_in": len(doc.raw),
        "chars_out": len(text if text is not None else doc.text()),
        "blocks_in": len(doc.blocks),
        "blocks_out": len(body),
        "removed_by_rule": by_rule(removed),
        "fixes_by_rule": by_rule(fixes),
    }
    return out


def kept_count(doc: Document) -> int:
    """Blocks still kept that have some text: the blocks of the clean body."""
    return len(doc.body_blocks())


def by_rule(changes: list[Change]) -> dict[str, int]:
    """How many of `changes` each `stage:rule` made, in order of first appearance."""
    counts = Counter(zip(map(attrgetter("stage"), changes), map(attrgetter("rule"), changes)))
    return {f"{stage}:{rule}": n for (stage, rule), n in counts.items()}  # `Change.label`, once a rule


def summary_counts(doc: Document) -> dict[str, int]:
    """The per-document numbers a batch summary adds up. `removed` counts every drop;
    `regions` those of text that never became a block (the HTML pre-pass, or what extraction
    left out: `block` None)."""
    return {
        "blocks_in": len(doc.blocks),
        "kept": kept_count(doc),
        "removed": len(doc.removed),
        "regions": sum(1 for c in doc.removed if c.block is None),
        "fixes": len(doc.fixes),
        "warnings": len(doc.warnings),
    }


def body_text(text: str) -> str:
    """The clean text as written to a file: ending with exactly one newline (empty if no text)."""
    text = text.rstrip()
    return text + "\n" if text else ""


def sidecar_json(metadata: dict[str, Any]) -> str:
    """The metadata sidecar as written to a file: indented UTF-8 JSON ending with a newline,
    `json.dumps(metadata, ensure_ascii=False, indent=2)`: encoded compact (`jsontext.dumps`),
    then laid out natively (`_native.indent_json`)."""
    compact = dumps(metadata, COMPACT)
    return _native.indent_json(compact.encode("utf-8", "surrogatepass"), 2).decode("utf-8", "surrogatepass") + "\n"
