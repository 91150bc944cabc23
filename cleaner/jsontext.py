"""JSON text of a page's record (the JSONL line, the sidecar), as `json.dumps` writes it."""
from __future__ import annotations

import json
from typing import Any

from . import _native

SPACED = (", ", ": ")  # json.dumps's default separators
COMPACT = (",", ":")


def dumps(value: Any, separators: tuple[str, str] = SPACED) -> str:
    """`json.dumps(value, ensure_ascii=False, separators=separators)`: written natively for
    plain values (dicts with `str` keys, lists, tuples, strings, numbers, booleans, None:
    `native/src/py_json.rs`), by json for anything else."""
    text = _native.json_dumps(value, *separators)
    return text if text is not None else json.dumps(value, ensure_ascii=False, separators=separators)
