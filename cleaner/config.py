"""Every option a run can take, in one typed object the CLI and the API share."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Config:
    """Options for one cleaning run.

    disable: stage names to skip (see `cleaner stages`).
    options: per-stage overrides, e.g. {"comments": {"min_words_before": 40}}.
    languages: language codes whose phrase lists are loaded ("*" = all shipped).
    max_bytes: inputs larger than this are refused with a clear error.
    """

    disable: tuple[str, ...] = ()
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    languages: tuple[str, ...] = ("*",)
    max_bytes: int = 20 * 1024 * 1024
