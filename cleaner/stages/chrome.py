"""Site chrome: header, footer and navigation lines ("top of page", "Recherche")."""
from __future__ import annotations

from . import register
from .base import ItemLineRule


@register
class ChromeStage(ItemLineRule):
    """Drop lines made only of navigation and platform items (`[chrome] items`)."""

    name = "chrome"
    section = "chrome"
