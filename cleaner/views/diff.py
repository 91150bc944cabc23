"""`cleaner diff RAW_FILE [CLEAN_FILE]`: the raw page beside its clean text, block by block.

Side by side (default) or unified (`--unified`). Each row is one block of the
raw page, numbered by its first line in RAW_FILE:

- ` ` kept as is; `~` kept and edited (each edit under it:
  `edit stage:rule "before" -> "after"`, the changed words highlighted in colour);
- `-` removed, with `[stage:rule] reason` where the clean text would be.

An HTML page is shown whole: what the DOM pre-pass removed and the lines the extraction
left out are rows where they stood among the blocks (`Change.at`, `views.blocks.block_rows`).

Without CLEAN_FILE, RAW_FILE is cleaned now. With CLEAN_FILE (a clean text written
earlier, maybe by another version or with other options), RAW_FILE is still
cleaned now, for the labels, and difflib aligns its blocks with CLEAN_FILE's
paragraphs (split at blank lines). The right column is then CLEAN_FILE, and
where it disagrees with the text cleaned now a `!` row says how:

- `+` a paragraph only in CLEAN_FILE;
- `!` a block removed now (its `[stage:rule]` shown) that CLEAN_FILE kept,
  a block kept now that CLEAN_FILE lacks, or kept in both with other words.

The last line counts what was shown. Colour only on a terminal (never with
`--no-color` or NO_COLOR set); the width is the terminal's unless `--width`.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import term
from .blocks import BlockRow, block_rows, changed_tokens, edit_note, one_line, pair_up, split_paragraphs, warn_note
from .common import OK, ViewError, add_clean_options, clean_input, run_view
from .explain import fit, totals

SAME, EDITED, REMOVED = "same", "edited", "removed"
FILE_ONLY, MISSING, REVIVED, DIFFERS = "file_only", "missing", "revived", "differs"
MARKERS = {SAME: " ", EDITED: "~", REMOVED: "-", FILE_ONLY: "+", MISSING: "!", REVIVED: "!", DIFFERS: "!"}
SIMILAR = 0.6  # difflib ratio above which a CLEAN_FILE paragraph is taken for the same block


@dataclass
class DiffRow:
    """One row of the diff: the raw side, the clean side, and notes under it."""

    kind: str
    lines: tuple[int, int] | None
    left: str
    right: str
    label: str = ""
    reason: str = ""
    notes: list[tuple[str, str]] = field(default_factory=list)  # (text, sgr)


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register `cleaner diff`."""
    parser = commands.add_parser(
        "diff", help="the raw page beside its clean text: what was removed, by which rule",
        description="Show RAW_FILE block by block beside its clean text: removed blocks marked '-' "
                    "with the stage:rule that removed them, edited blocks '~' with each edit "
                    "(before -> after). Without CLEAN_FILE, RAW_FILE is cleaned now. With CLEAN_FILE, "
                    "RAW_FILE is still cleaned now for the labels, and its blocks are aligned with "
                    "CLEAN_FILE's paragraphs: '+' a paragraph only in CLEAN_FILE, '!' a block on which "
                    "CLEAN_FILE and the cleaning done now disagree. No colour unless stdout is a terminal.")
    parser.add_argument("raw", metavar="RAW_FILE", help="a raw page (.html, .txt, optionally .gz), or '-'")
    parser.add_argument("clean_file", nargs="?", metavar="CLEAN_FILE",
                        help="a clean text written earlier (default: clean RAW_FILE now)")
    parser.add_argument("--unified", action="store_true", help="one column, '-'/'+' lines, one per block")
    parser.add_argument("--no-color", action="store_true", help="no ANSI colours, even on a terminal")
    parser.add_argument("--width", type=int, default=None, metavar="N",
                        help="side by side: total width (default: the terminal's)")
    add_clean_options(parser)
    parser.set_defaults(run=lambda args: run_view(diff, args))


def diff(args: argparse.Namespace) -> int:
    """Print the diff `args` ask for; return the exit status."""
    clean_text = None
    if args.clean_file:
        try:
            clean_text = Path(args.clean_file).read_text(encoding="utf-8", errors="replace")
        except OSError as err:
            raise ViewError(f"{args.clean_file}: cannot read: {err.strerror or err}") from None
    result = clean_input(args.raw, args)
    rows = block_rows(result.document)
    diff_rows = align(rows, paragraphs(clean_text)) if clean_text is not None else own_rows(rows)
    colour = term.use_colour(args.no_color)
    right_title = args.clean_file or "clean text (cleaned now)"
    left_title = "<stdin>" if args.raw == "-" else args.raw
    out = sys.stdout
    if args.unified:
        write_unified(diff_rows, left_title, right_title, colour, out)
    else:
        write_side_by_side(diff_rows, left_title, right_title, term.width(args.width), colour, out)
    print(f"# {totals(result.document)}", file=out)
    removed = Counter(r.label for r in rows if r.removed)
    if removed:
        print("# removed: " + ", ".join(f"{label} {n}" for label, n in removed.most_common()), file=out)
    if clean_text is not None:
        print("# " + compare_summary(diff_rows, args.clean_file), file=out)
    return OK


# ---- rows -------------------------------------------------------------------
def own_rows(rows: list[BlockRow]) -> list[DiffRow]:
    """The diff of the raw page and the text cleaned now."""
    return [_own_row(r) for r in rows]


def _own_row(r: BlockRow, right: str | None = None) -> DiffRow:
    notes = [(edit_note(c), term.CYAN) for c in r.edits] + [(warn_note(c), term.YELLOW) for c in r.warnings]
    if r.removed:
        return DiffRow(REMOVED, r.lines, r.raw, "", r.label, one_line(r.reason), notes)
    return DiffRow(EDITED if r.edits else SAME, r.lines, r.raw, r.text if right is None else right, notes=notes)


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a clean text: split at blank lines, white space runs as one space."""
    return [one_line(p) for p in split_paragraphs(text)]


def align(rows: list[BlockRow], paras: list[str]) -> list[DiffRow]:
    """The raw page's blocks (labelled by the cleaning done now) aligned with CLEAN_FILE's paragraphs."""
    keys = [one_line(r.text) if not r.removed else r.raw for r in rows]
    out: list[DiffRow] = []
    for i, j in pair_up(keys, paras, SIMILAR):
        if i is None:
            out.append(DiffRow(FILE_ONLY, None, "", paras[j], notes=[("only in CLEAN_FILE", term.GREEN)]))
        elif j is None:
            out.append(_unpaired(rows[i]))
        else:
            out.append(_paired(rows[i], paras[j]))
    return out


def _paired(r: BlockRow, para: str) -> DiffRow:
    row = _own_row(r, right=para)
    if r.removed:
        row.kind, row.right = REVIVED, para
        row.notes.insert(0, (f"in CLEAN_FILE, but removed when cleaned now by [{r.label}] {row.reason}",
                             term.RED))
    elif one_line(r.text) != para:
        row.kind = DIFFERS
        row.notes.insert(0, ("CLEAN_FILE differs from the text cleaned now", term.RED))
    return row


def _unpaired(r: BlockRow) -> DiffRow:
    row = _own_row(r)
    if not r.removed:
        row.kind, row.right = MISSING, ""
        row.notes.insert(0, ("not in CLEAN_FILE (kept when cleaned now)", term.RED))
    return row


def compare_summary(rows: list[DiffRow], name: str) -> str:
    """How CLEAN_FILE compares with the text cleaned now, in counts."""
    n = Counter(r.kind for r in rows)
    return (f"{name}: {n[SAME] + n[EDITED]} paragraphs as cleaned now, {n[DIFFERS]} with other words, "
            f"{n[FILE_ONLY]} only in it, {n[MISSING]} kept now but not in it, "
            f"{n[REVIVED]} removed now but in it")


# ---- rendering ----------------------------------------------------------------
def highlight(left: str, right: str) -> tuple[term.Styled, term.Styled]:
    """`left` and `right` with the words only one of them has on a coloured background."""
    if not left or not right:
        return [(left, "")], [(right, "")]
    a, b = changed_tokens(left, right)
    return ([(text, term.DEL_BG if changed else "") for text, changed in a],
            [(text, term.INS_BG if changed else "") for text, changed in b])


def sides(row: DiffRow) -> tuple[term.Styled, term.Styled]:
    """The styled raw side and clean side of `row`."""
    left, right = term.printable(row.left), term.printable(row.right)
    if row.kind == REMOVED:
        return [(left, term.RED)], [(f"[{row.label}]", "1;" + term.YELLOW), (f" {row.reason}", term.DIM)]
    if row.kind == FILE_ONLY:
        return [], [(right, term.GREEN)]
    if row.kind == MISSING:
        return [(left, "")], [("(not in CLEAN_FILE)", term.RED)]
    if row.kind == REVIVED:
        return [(f"[{row.label}] ", "1;" + term.YELLOW), (left, term.RED)], [(right, term.GREEN)]
    return highlight(left, right)


def _number(row: DiffRow) -> str:
    return str(row.lines[0]) if row.lines else ""


def write_side_by_side(rows: list[DiffRow], left_title: str, right_title: str, columns: int,
                       colour: bool, out) -> None:
    """Two columns, raw | clean, each block wrapped to its column; notes under the clean side."""
    bar = term.rule_char(out)
    gutter = 8  # "12345 ~ "
    left_w = (columns - gutter - 3) // 2
    right_w = columns - gutter - 3 - left_w
    head = [(" " * gutter, ""), *term.pad([(_fit(left_title, left_w), term.BOLD)], left_w),
            (f" {bar} ", ""), (_fit(right_title, right_w), term.BOLD)]
    print(term.paint(head, colour), file=out)
    print(term.paint([("-" * columns, term.DIM)], colour), file=out)
    for row in rows:
        left, right = sides(row)
        left_lines, right_lines = term.wrap(left, left_w), term.wrap(right, right_w)
        for note, sgr in row.notes:
            right_lines.extend(term.wrap([(term.printable(note), sgr)], right_w))
        for n in range(max(len(left_lines), len(right_lines))):
            number = f"{_number(row):>5} {MARKERS[row.kind]} " if n == 0 else " " * gutter
            piece_l = left_lines[n] if n < len(left_lines) else []
            piece_r = right_lines[n] if n < len(right_lines) else []
            line = [(number, term.DIM if row.kind == SAME else _marker_style(row.kind)),
                    *term.pad(piece_l, left_w), (f" {bar} ", term.DIM), *piece_r]
            print(term.paint(line, colour).rstrip(), file=out)


def write_unified(rows: list[DiffRow], left_title: str, right_title: str, colour: bool, out) -> None:
    """One line per block: ' ' kept, '-' raw side, '+' clean side; notes as '~' / '!' lines."""
    print(term.paint([(f"--- {left_title}", term.BOLD)], colour), file=out)
    print(term.paint([(f"+++ {right_title}", term.BOLD)], colour), file=out)
    for row in rows:
        left, right = sides(row)
        number = f"{_number(row):>5} "
        if row.kind == SAME:
            print(term.paint([(" " + number, term.DIM), *left], colour), file=out)
        elif row.kind == REMOVED:
            label = [(f"[{row.label}] ", "1;" + term.YELLOW)]
            print(term.paint([("-" + number, term.RED), *label, *left], colour), file=out)
        else:
            if left:
                print(term.paint([("-" + number, term.RED), *left], colour), file=out)
            if row.kind != MISSING:
                print(term.paint([("+" + number, term.GREEN), *right], colour), file=out)
        for note, sgr in row.notes:
            sign = "~" if note.startswith("edit ") else "!"
            print(term.paint([(sign + " " * 6, sgr), (term.printable(note), sgr)], colour), file=out)


def _marker_style(kind: str) -> str:
    return {REMOVED: term.RED, EDITED: term.CYAN, FILE_ONLY: term.GREEN}.get(kind, "1;" + term.RED)


def _fit(text: str, columns: int) -> str:
    return fit(term.printable(text), columns)
