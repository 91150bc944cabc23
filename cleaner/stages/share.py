"""Share and reaction buttons ("Partager cet article", "Repost0", "Tweet")."""
from __future__ import annotations

from ..document import JUNK
from ..stage import ItemLineRule


class ShareStage(ItemLineRule):
    """Drop lines made only of share-button items (`[share] items`)."""

    name = "share"
    section = "share"
    rules = {"items": "a line made only of share buttons and counters (\"Partager cet article\", \"Tweet\")"}
    drop_kinds = {"items": JUNK}
