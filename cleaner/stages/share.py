"""Share and reaction buttons ("Partager cet article", "Repost0", "Tweet")."""
from __future__ import annotations

from ..stage import ItemLineRule


class ShareStage(ItemLineRule):
    """Drop lines made only of share-button items (`[share] items`)."""

    name = "share"
    section = "share"
