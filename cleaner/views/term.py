"""What the terminal views share: colour (or none), the width, and wrapping styled text.

Styled text is a list of `(text, sgr)` pieces, `sgr` an ANSI SGR code ("31" red,
"1;33" bold yellow, "" plain). Page text is made safe first (`printable`): a
control character in a scraped page must not drive the terminal.
"""
from __future__ import annotations

import os
import shutil
import sys
import unicodedata
from typing import TextIO

Styled = list[tuple[str, str]]

RED, GREEN, YELLOW, CYAN, DIM, BOLD = "31", "32", "33", "36", "2", "1"
DEL_BG, INS_BG = "30;41", "30;42"  # dark text on red / green: visible even for a space
MIN_WIDTH = 40


def use_colour(no_color: bool, stream: TextIO | None = None) -> bool:
    """Colour only for a terminal, and never with --no-color or NO_COLOR set."""
    stream = stream or sys.stdout
    if no_color or os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def width(given: int | None) -> int:
    """--width, else the terminal's (COLUMNS or the tty), never under MIN_WIDTH."""
    return max(MIN_WIDTH, given or shutil.get_terminal_size((100, 24)).columns)


def rule_char(stream: TextIO | None = None) -> str:
    """The column separator: a box-drawing bar when the output can encode it."""
    encoding = (getattr(stream or sys.stdout, "encoding", None) or "").lower().replace("-", "")
    return "│" if encoding in ("utf8", "utf8sig") else "|"


def printable(text: str) -> str:
    """`text` with control characters (ESC, BEL, ...) shown as \\xNN instead of obeyed."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == " " or unicodedata.category(ch) != "Cc"
                   else f"\\x{ord(ch):02x}" for ch in text)


def char_width(ch: str) -> int:
    """Columns a character takes: 0 combining, 2 wide (CJK), else 1."""
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def text_width(text: str) -> int:
    """Columns `text` takes in a terminal."""
    return sum(char_width(ch) for ch in text) if not text.isascii() else len(text)


def paint(styled: Styled, colour: bool) -> str:
    """Styled pieces as a string, with ANSI codes when `colour`."""
    if not colour:
        return "".join(text for text, _ in styled)
    runs: list[list[str]] = []  # [sgr, text] with neighbours of one style merged
    for text, sgr in styled:
        if runs and runs[-1][0] == sgr:
            runs[-1][1] += text
        elif text:
            runs.append([sgr, text])
    return "".join(f"\x1b[{sgr}m{text}\x1b[0m" if sgr else text for sgr, text in runs)


def wrap(styled: Styled, columns: int) -> list[Styled]:
    """Fill `styled` into lines of at most `columns` columns, breaking at spaces
    (a word longer than a line is cut); styles are kept across the breaks."""
    lines: list[Styled] = [[]]
    used = 0
    for token, sgr in _tokens(styled):
        size = text_width(token)
        if token.isspace():
            if used and used + size <= columns:
                lines[-1].append((token, sgr))
                used += size
            continue
        if used + size > columns and used:
            lines.append([])
            used = 0
        while size > columns:  # a word wider than the column: cut it
            head, token = _cut(token, columns)
            lines[-1].append((head, sgr))
            lines.append([])
            size = text_width(token)
        lines[-1].append((token, sgr))
        used += size
    return [_rstrip(line) for line in lines]


def _tokens(styled: Styled):
    for text, sgr in styled:
        start = 0
        for i in range(1, len(text) + 1):
            if i == len(text) or text[i].isspace() != text[start].isspace():
                yield text[start:i], sgr
                start = i


def _cut(token: str, columns: int) -> tuple[str, str]:
    used = 0
    for i, ch in enumerate(token):
        used += char_width(ch)
        if used > columns:
            return token[:max(i, 1)], token[max(i, 1):]
    return token, ""


def _rstrip(line: Styled) -> Styled:
    while line and line[-1][0].isspace() and not line[-1][1]:
        line.pop()
    return line


def pad(styled: Styled, columns: int) -> Styled:
    """`styled` padded with spaces to `columns` columns."""
    used = sum(text_width(text) for text, _ in styled)
    return [*styled, (" " * max(0, columns - used), "")]
