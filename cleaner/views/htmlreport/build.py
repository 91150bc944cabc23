"""Write the report: one page per document as it is read, then the rule page and the index.

Memory holds the list of names, one document at a time, the index rows and the
bounded per-rule statistics, never the batch's texts. Every page is written
atomically (`cleaner.corpus.files.write_atomic`): a reader sees the old page or the new one.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ...corpus.files import write_atomic
from .docpage import Nav, render_document
from .pages import index_row, render_index, render_stages
from .sources import RAW_OK, Entry, load_entry, load_raw, sidecar_names
from .stats import BatchStats


@dataclass
class Built:
    """What a report run did, for the summary line and the exit status."""

    documents: int = 0
    raw_missing: int = 0
    unreadable: int = 0


def doc_path(out_dir: Path, name: str) -> Path:
    """Where the page of document `name` goes (sub-folders as in CLEAN_DIR)."""
    return out_dir / "doc" / f"{name}.html"


def build_report(raw_dir: Path, clean_dir: Path, out_dir: Path, title: str = "cleaner report") -> Built:
    """Write the report of every sidecar under `clean_dir` (raw pages from `raw_dir`) into `out_dir`."""
    names = sidecar_names(clean_dir)
    built = Built()
    batch = BatchStats()
    rows = []
    for k, name in enumerate(names):
        nav = Nav("../" * (name.count("/") + 1),
                  names[k - 1] if k > 0 else None, names[k + 1] if k + 1 < len(names) else None)
        entry = load_entry(clean_dir, name)
        try:
            raw = load_raw(raw_dir, name, entry.meta) if entry.meta is not None else None
            text = render_document(entry, raw, nav)
            row = index_row(name, entry.meta, raw.status if raw else "-", entry.problem)
            if entry.meta is not None:
                batch.add(name, entry.meta)
        except (TypeError, ValueError, KeyError, AttributeError, IndexError) as err:
            # a sidecar of unexpected shape (hand-edited, another version) must not stop the batch
            entry = Entry(name, None, None, f"sidecar not understood: {type(err).__name__}: {err}")
            raw, text = None, render_document(entry, None, nav)
            row = index_row(name, None, "-", entry.problem)
        write_atomic(doc_path(out_dir, name), text)
        built.documents += 1
        if entry.meta is None:
            built.unreadable += 1
        if raw is not None and raw.status != RAW_OK:
            built.raw_missing += 1
        rows.append(row)
    write_atomic(out_dir / "stages.html", render_stages(batch, title))
    write_atomic(out_dir / "index.html", render_index(rows, batch, title))
    return built
