"""A name misspelt once beside its right spelling on the same page: "Vladirmir" -> "Vladimir".

Names are indexed once per page. A capitalised word used once is compared with
the names used at least twice, through their one-deletion variants (the SymSpell
trick, natively: `native/src/names.rs`), so only rare words cost anything. It is
corrected when it is one edit (insertion, deletion, substitution or transposition)
away from exactly one name used at least `min_count` times, and nothing suggests
two real words:

- both are at least `min_length` letters long;
- the edit is not in the last two letters (Austria/Austrian, Marie/Maria,
  Russie/Russia are endings, not typos), nor in the first one (Kabul/Zabul,
  Worth/North are other names), nor a mere accent or case difference;
- neither word is also used in lower case (then it is a common word capitalised
  at the start of a sentence), nor a stop word of the page language;
- the rare word stands inside a sentence, not at its start.

A candidate that passes the first checks but not the last ones (the name used
only twice, two possible names, a sentence-initial word, a name never seen
inside a sentence, an accent difference) is warned about
(`possible_misspelling`) instead of edited.
"""
from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from .. import _native
from ..document import Block, Document
from ..stage import Stage
from ..edits import Fix, replace_spans

# Longer "words" (a run of hyphenated syllables) are no names, and their one-deletion variants
# are quadratic in the length: a 100 KB hyphenated run took minutes.
MAX_LENGTH = 40


@dataclass
class Occurrence:
    """Where a word was seen: the block and the span of the word in its text."""

    block: Block
    start: int
    end: int
    initial: bool


@dataclass
class NameIndex:
    """Counts of capitalised words on a page, those also used in lower case (lower-cased, a word
    not opening with a capital), and first occurrences (`first`:
    the block's position in `blocks`, the span and whether it starts a sentence; read through
    `occurrence`, made only for the few words a page's check asks about)."""

    capitalised: dict[str, int]
    common: set[str]  # the capitalised words also used in lower case
    mid_sentence: set[str]
    first: dict[str, tuple[int, int, int, bool]]
    blocks: list[Block]

    def occurrence(self, word: str) -> Occurrence:
        """Where `word` was first seen."""
        pos, start, end, initial = self.first[word]
        return Occurrence(self.blocks[pos], start, end, initial)


def index_names(blocks: list[Block]) -> NameIndex:
    """Index the capitalised words of `blocks`: those of `MAX_LENGTH` letters or fewer, acronyms
    excepted, read natively (`native/src/names.rs`: the words of letters, and the capitalised
    ones in the order first seen)."""
    capitalised, mid, first, common = _native.capitalised_words([block.text for block in blocks], MAX_LENGTH)
    return NameIndex(capitalised, common, mid, first, blocks)


def strip_accents(word: str) -> str:
    """`word` lower-cased without its diacritics."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class NamesStage(Stage):
    """Correct a name misspelt once (`misspelt_name`); warn on doubtful cases (`possible_misspelling`)."""

    name = "names"
    requires = frozenset({"blocks", "language"})
    options = {"min_count": 3, "min_length": 5}
    option_help = {"min_count": "uses of the right spelling needed to correct a word used once",
                   "min_length": "shortest name (in letters) compared"}
    rules = {"misspelt_name": "a name misspelt once, one edit from a name used often on the page, corrected",
             "possible_misspelling": "a word that may be a misspelt name, not sure enough to correct"}

    def run(self, doc: Document) -> None:
        """Index the page's names, then fix or warn about each rare near-duplicate."""
        index = index_names(doc.kept_blocks())
        stop = self.patterns.words(doc.metadata.get("language") or "", "stopwords", "words")
        names = {w: n for w, n in index.capitalised.items()
                 if n >= 2 and len(w) >= self.opts["min_length"] and w not in index.common and w.lower() not in stop}
        if not names:  # no name used twice: nothing to compare a rare word with
            return
        fixes: dict[int, list[Fix]] = defaultdict(list)
        blocks: dict[int, Block] = {}
        rare = [word for word, count in index.capitalised.items()
                if count == 1 and len(word) >= self.opts["min_length"] and word not in index.common
                and word.lower() not in stop]
        for word, near in zip(rare, _native.near_names(rare, list(names))):
            if not near:
                continue
            where = index.occurrence(word)
            verdict = self.judge(word, near, names, where, index)
            if verdict is None:
                name = near[0]
                reason = f"{word} -> {name} (used {names[name]} times)"
                fixes[where.block.index].append(([(where.start, where.end, name)], "misspelt_name", reason))
                blocks[where.block.index] = where.block
            else:
                self.warn(doc, "possible_misspelling", verdict, where.block)
        for key, block_fixes in fixes.items():
            replace_spans(self, doc, blocks[key], block_fixes)

    def judge(self, word: str, near: list[str], names: dict[str, int], where: Occurrence,
              index: NameIndex) -> str | None:
        """None when `word` is surely a misspelling of `near[0]`, else the reason to only warn."""
        listed = ", ".join(f"{n} (used {names[n]} times)" for n in near)
        if len(near) > 1:
            return f"{word} may be a misspelling of one of {listed}"
        name = near[0]
        if names[name] < self.opts["min_count"]:
            return f"{word} may be a misspelling of {listed}"
        if strip_accents(word) == strip_accents(name):
            return f"{word} differs from {listed} only by an accent"
        if where.initial:
            return f"{word} may be a misspelling of {listed} (it starts a sentence)"
        if name not in index.mid_sentence:
            return f"{word} may be a misspelling of {listed} (only seen starting a sentence)"
        return None
