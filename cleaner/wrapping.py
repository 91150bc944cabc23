"""Hard-wrapped text: the width a dump was wrapped at, and which lines are one paragraph.

w3m and lynx dump a page at 80 columns, html2text and mail at 72-79: a paragraph becomes
several lines, each cut where the next word would not have fitted. Such a cut leaves two
marks: no line (of prose) is wider than the width, and the first word of the next line
would have overflowed the line before it. `wrap_width` finds a width that many line
breaks of the text explain that way and that (almost) no line exceeds; `paragraph_runs`
groups the lines cut at that width with the lines they continue.

Widths are display columns: a wide (CJK) character takes two, as terminals show it, and
CJK text is cut between any two characters, not only at spaces. A line's reading and its
measures (display width, prose, list-item start) are native (`native/src/wrapping.rs`), and
so are the width and the paragraphs (`native/src/unwrap.rs`): this module asks for them.
"""
from __future__ import annotations

from collections.abc import Sequence

from . import _native

MAX_WIDTH = _native.WRAP_MAX_WIDTH  # wider: a renderer's line limit (w3m cuts at 1023), not a dump's width
OVERFLOW_SHARE = _native.WRAP_OVERFLOW_SHARE  # prose lines allowed past the width (a long word or URL)

Rows = Sequence[tuple[int, str]]  # (1-based line number in the input, raw line)


def display_width(text: str) -> int:
    """Columns `text` takes on a terminal: wide characters (Han, kana, Hangul, full width:
    `unicodedata.east_asian_width` W or F) count two."""
    return _native.display_width(text)


def wrap_plan(rows: Rows) -> tuple[int, list[list[int]]] | None:
    """The width the lines were wrapped at and their paragraphs (positions in `rows` grouped,
    see `paragraph_runs`), or None when they do not look wrapped: one native call."""
    return _native.wrap_plan([number for number, _ in rows], [raw for _, raw in rows])


def wrap_width(rows: Rows) -> int | None:
    """The width the lines were wrapped at, or None when they do not look wrapped."""
    return _native.wrap_width([number for number, _ in rows], [raw for _, raw in rows])


def paragraph_runs(rows: Rows, width: int) -> list[list[int]]:
    """Positions in `rows` grouped into paragraphs: a line joins the one above when that one
    was cut at `width` and this one continues it (no blank line between, not a list item,
    not a table row, at the indentation the paragraph's lines share)."""
    return _native.paragraph_runs([number for number, _ in rows], [raw for _, raw in rows], width)


def too_wide(raws: Sequence[str]) -> bool:
    """True when more prose lines are wider than `MAX_WIDTH` than `wrap_width` lets overflow:
    the text is not wrapped, known without measuring every line (most dumps are not wrapped)."""
    allowed = int(len(raws) * OVERFLOW_SHARE)  # at least what wrap_width allows
    wide = [raw for raw in raws if len(raw) > MAX_WIDTH and len(raw.rstrip()) > MAX_WIDTH]
    count = done = 0
    while count <= allowed and done < len(wide):  # as few lines measured as may settle it, a batch a call
        batch = wide[done:done + allowed + 1 - count]
        count += sum(_native.measurable_lines(batch))  # a line's `measurable` measure, its text not copied out
        done += len(batch)
    return count > allowed
