"""Stages, registered by name. Import order here is irrelevant; `DEFAULT_ORDER` in
`cleaner.pipeline` decides the order they run in."""
from __future__ import annotations

from .base import Stage

REGISTRY: dict[str, type[Stage]] = {}


def register(cls: type[Stage]) -> type[Stage]:
    """Class decorator: make a stage available by its `name`."""
    if cls.name in REGISTRY:
        raise ValueError(f"stage name {cls.name!r} registered twice")
    REGISTRY[cls.name] = cls
    return cls


def load_all() -> dict[str, type[Stage]]:
    """Import every stage module so that each registers itself, then return the registry."""
    from . import (  # noqa: F401  (imported for their registration side effect)
        segment, html, mojibake, language, chrome, share, newsletter, paywall, teaser,
        comments, captions, byline, title, layout, typography, quotes, names, garbled,
        whitespace, mainregion,
    )
    return REGISTRY
