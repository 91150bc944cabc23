"""The Python reading of hard-wrapped dumps `cleaner.wrapping` had before `native/src/unwrap.rs`:
the reference the native width and paragraphs are tested against (`test_unwrap.py`), and the
blocks the `unwrap` stage made of them before `native/src/py_blocks.rs` (`merged`)."""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from cleaner import _native
from cleaner.document import Block
from cleaner.wrapping import display_width

MIN_WIDTH = 30          # narrower "widths" are lists of short lines, not wrapping
MAX_WIDTH = 250         # wider: a renderer's line limit (w3m cuts at 1023), not a dump's width
MIN_BREAKS = 3          # cuts at the width needed before a text counts as wrapped
MIN_BREAK_SHARE = 0.3   # of the lines within `NEAR` columns of the width, the share cut there
NEAR = 12
OVERFLOW_SHARE = 0.02   # prose lines allowed past the width (a long word or URL cannot be cut)
FIRST_WORD = re.compile(r"[^ \t]+")  # a no-break space holds a word together
# a dash or star starting a line inside a sentence ("... in Österreich\n- und umgekehrt.")
DASH_GOES_ON = re.compile(r"^[-–—*+]\s+[a-zà-ÿ]")
SENTENCE_END = re.compile(r"[.!?:;…]['\"’”»)]*$")


class Line(NamedTuple):
    """One line of the input as wrapping sees it."""

    number: int     # 1-based line number in the input
    indent: int     # leading columns
    text: str       # without its indentation and trailing white space
    width: int      # display width of the whole line, indentation included
    # words: a letter, and not a table or form row (cells set apart by runs of 3 spaces)
    prose: bool
    # prose a wrapper could have cut: it has a space or a wide character
    breakable: bool
    # breakable, not a list item's first line nor a table row (two " | " or more), without a
    # word too long to be cut (40 columns: lynx's list of link addresses, markdown links; a run
    # of wide characters can be cut anywhere): the lines whose widths tell the width they were
    # wrapped at (html2text leaves list items and table rows unwrapped)
    measurable: bool

    def first_word_width(self) -> int:
        """Columns the line's first word would have taken on the line above (a wide
        character is a word of its own: CJK text is cut anywhere)."""
        if self.text and is_wide(self.text[0]):
            return display_width(self.text[0])
        match = FIRST_WORD.match(self.text)
        return display_width(match.group()) if match else 0


def read_lines(rows: Sequence[tuple[int, str]]) -> list[Line]:
    """`Line`s of `(number, raw line)` pairs (tabs expanded, trailing white space dropped),
    read and measured natively in one call."""
    read = _native.wrap_lines([raw for _, raw in rows])
    return [Line(number, *measured) for (number, _), measured in zip(rows, read)]


def cut_at(line: Line, below: Line, width: int) -> bool:
    """True when `below`'s first word would not have fitted at the end of `line`."""
    if below.text and is_wide(below.text[0]) and line.text and is_wide(line.text[-1]):
        return line.width + below.first_word_width() > width
    return line.width + 1 + below.first_word_width() > width


def follows(line: Line, below: Line) -> bool:
    """`below` is the next input line after `line`, with no blank line between."""
    return below.number == line.number + 1


def wrap_width(lines: list[Line]) -> int | None:
    """The width the text was wrapped at, or None when it does not look wrapped."""
    prose = [ln for ln in lines if ln.measurable]
    if len(prose) < MIN_BREAKS + 1:
        return None
    widths = sorted((ln.width for ln in prose), reverse=True)
    allowed = int(len(prose) * OVERFLOW_SHARE)
    width = widths[min(allowed, len(widths) - 1)]
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        return None
    near = breaks = 0
    for line, below in zip(lines, lines[1:]):
        if not (line.breakable and width - NEAR <= line.width <= width):
            continue
        near += 1
        if follows(line, below) and below.prose and not starts_item(line, below) and cut_at(line, below, width):
            breaks += 1
    if breaks >= MIN_BREAKS and breaks >= MIN_BREAK_SHARE * near:
        return width
    return None


def paragraph_runs(lines: list[Line], width: int) -> list[list[int]]:
    """Positions in `lines` grouped into paragraphs: a line joins the one above when that
    one was cut at `width` and this one continues it (no blank line between, not a list
    item, not a table row, at the indentation the paragraph's lines share)."""
    runs: list[list[int]] = []
    hang = (0,)  # the indentations continuation lines of the current run may have
    for pos, line in enumerate(lines):
        if runs and pos - 1 == runs[-1][-1] and _continues(lines[pos - 1], line, width, hang):
            runs[-1].append(pos)
            continue
        runs.append([pos])
        item = _native.item_start(line.text) if pos == 0 or starts_item(lines[pos - 1], line) else None
        # a list item's lines go on under its text (w3m, lynx) or under its bullet (a plain wrap)
        under_text = display_width(line.text[:item]) if item and not line.text.startswith("[") else 0
        hang = (line.indent, line.indent + under_text)
    return runs


def _continues(above: Line, line: Line, width: int, hang: tuple[int, ...]) -> bool:
    return (follows(above, line) and above.prose and line.prose and above.width <= width
            and line.indent in hang and not starts_item(above, line) and cut_at(above, line, width))


def starts_item(above: Line, line: Line) -> bool:
    """`line` opens a list item (a bullet, a number, a bracketed number or a markdown heading:
    `wrapping::item_start`), unless it is a dash going on with the sentence above."""
    if _native.item_start(line.text) is None:
        return False
    return not (DASH_GOES_ON.match(line.text) and not SENTENCE_END.search(above.text))


def is_wide(char: str) -> bool:
    """True for a character terminals show two columns wide."""
    return display_width(char) == 2


def join(texts: list[str]) -> str:
    """The lines of one paragraph as one line: a space between, none between two CJK characters."""
    out = texts[0]
    for text in texts[1:]:
        out += text if (out and text and is_wide(out[-1]) and is_wide(text[0])) else " " + text
    return out


def merged(blocks: list[Block], runs: list[list[int]]) -> list[Block]:
    """The blocks the `unwrap` stage made of `runs`: a run of one its block renumbered, a longer
    one a new Block of the joined texts."""
    out: list[Block] = []
    for run in runs:
        first = blocks[run[0]]
        if len(run) == 1:
            first.index = len(out)
            out.append(first)
            continue
        text = join([blocks[i].text for i in run])
        block = Block(len(out), text, "\n".join(blocks[i].original for i in run),
                      (first.lines[0], blocks[run[-1]].lines[1]), first.kind)  # type: ignore[index]
        block.features.update(first.features)
        out.append(block)
    return out
