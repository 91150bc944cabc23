"""Build documents by hand for stage tests: one block per line, like a page dump."""
from __future__ import annotations

from cleaner.document import Block, Document, Source
from cleaner.patterns import load_patterns


def make_doc(text: str, language: str | None = "fr", fmt: str = "text") -> Document:
    """A Document whose blocks are the non-blank lines of `text` (bullets become list items)."""
    doc = Document(raw=text, source=Source(format=fmt))
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            kind = "list_item" if line.lstrip().startswith(("•", "* ", "- ")) else "paragraph"
            doc.blocks.append(Block(len(doc.blocks), " ".join(line.split()), line, (number, number), kind=kind))
    if language:
        doc.metadata["language"] = language
    return doc


def run(stage_cls, text: str, language: str | None = "fr", **options) -> Document:
    """Run one stage over `text` and return the document."""
    doc = make_doc(text, language)
    stage_cls(load_patterns(), **options).run(doc)
    return doc


def dropped(doc: Document) -> dict[str, str]:
    """Map of dropped block text -> `stage:rule`."""
    return {c.before: c.label for c in doc.removed}


def kept(doc: Document) -> list[str]:
    """Texts of the kept blocks."""
    return [b.text for b in doc.kept_blocks()]


PROSE = ("Le président a rencontré son homologue pendant deux heures au palais, et les deux "
         "délégations ont signé plusieurs accords de coopération économique et culturelle.")
PROSE_EN = ("The two leaders met for about two hours at the palace, and their delegations signed "
            "several agreements on trade, energy and cultural exchanges, officials said on Monday.")
