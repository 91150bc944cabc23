"""`cleaner explain FILE`: one line per block, kept or removed, by which `stage:rule`, and why.

Like jusText's `--format detailed`: every block of the input in order, with its
label (`stage:rule`, or `kept`), its line span, the reason the rule gave (the
mainregion stage's reasons carry its score), and the text, truncated. An edit
or a warning on a block is a line of its own right under it:

    removed  chrome:items                   1   only chrome items: 'top of page'  top of page
    kept     kept                           13                                    Pyongyang avait déroulé…
    edit     typography:space_before_punct  13  no space before '.'               "de retard . Vladimir" -> "de retard. Vladimir"

`--format tsv` gives the same columns tab-separated (tabs and newlines in the
text become spaces) for `cut`, `awk` and spreadsheets.
"""
from __future__ import annotations

import argparse
import sys

from ..document import Change
from . import term
from .blocks import block_rows, document_warnings, one_line, span
from .common import OK, add_clean_options, clean_input, run_view

COLUMNS = ("status", "label", "lines", "reason", "text")
REASON_WIDTH = 44
LABEL_WIDTH = 34


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register `cleaner explain`."""
    parser = commands.add_parser(
        "explain", help="one line per block: kept or removed, by which stage:rule, and why",
        description="Clean FILE and print one line per block of it: kept/removed, the label "
                    "(stage:rule, or 'kept'), the line span in FILE, the reason (or score) and the "
                    "text, truncated; each edit and warning on a block is a line under it "
                    "('edit stage:rule \"before\" -> \"after\"'). FILE '-' reads stdin.")
    parser.add_argument("file", metavar="FILE", help="a raw page (.html, .txt, optionally .gz), or '-'")
    parser.add_argument("--format", choices=("text", "tsv"), default="text",
                        help="text: aligned columns, cut to the width (default); tsv: tab-separated")
    parser.add_argument("--width", type=int, default=None, metavar="N",
                        help="text format: line width (default: the terminal's)")
    parser.add_argument("--max-chars", type=int, default=160, metavar="N",
                        help="tsv format: cut the text after N characters, 0 for all (default: %(default)s)")
    add_clean_options(parser)
    parser.set_defaults(run=lambda args: run_view(explain, args))


def explain(args: argparse.Namespace) -> int:
    """Print the explanation of `args.file` in `args.format`; return the exit status."""
    result = clean_input(args.file, args)
    records = list(explain_records(result.document))
    if args.format == "tsv":
        write_tsv(records, args.max_chars, sys.stdout)
    else:
        write_text(records, term.width(args.width), sys.stdout)
        print(f"# {totals(result.document)}")
    return OK


def totals(doc) -> str:
    """The counts line: blocks kept and removed, edits, warnings."""
    kept = sum(1 for b in doc.blocks if b.kept)
    early = sum(1 for c in doc.removed if c.block is None)
    before = f" (and {early} removed regions of no block)" if early else ""
    return (f"{len(doc.blocks)} blocks: {kept} kept, {len(doc.blocks) - kept} removed{before}; "
            f"{len(doc.fixes)} edits, {len(doc.warnings)} warnings")


def explain_records(doc) -> list[tuple[str, str, str, str, str]]:
    """(status, label, lines, reason, text) for every block, edit and warning, in reading order."""
    out = [_change_record("warn", c) for c in document_warnings(doc)]
    for row in block_rows(doc):
        out.append((row.status, row.label, span(row.lines), one_line(row.reason), row.raw))
        out.extend(_change_record("edit", c) for c in row.edits)
        out.extend(_change_record("warn", c) for c in row.warnings)
    return out


def _change_record(status: str, change: Change) -> tuple[str, str, str, str, str]:
    if status == "edit":
        text = f'"{one_line(change.before)}" -> "{one_line(change.after)}"'
    else:
        text = one_line(change.before)
    return (status, change.label, span(change.lines), one_line(change.reason), text)


def write_tsv(records, max_chars: int, out) -> None:
    """One tab-separated line per record, with a header line."""
    print("\t".join(COLUMNS), file=out)
    for record in records:
        *head, text = (term.printable(cell.replace("\t", " ")) for cell in record)
        if max_chars and len(text) > max_chars:
            text = text[:max_chars - 1] + "…"
        print("\t".join((*head, text)), file=out)


def write_text(records, columns: int, out) -> None:
    """Aligned columns, each line cut to `columns`; a header line first."""
    label_w = min(LABEL_WIDTH, max([len(COLUMNS[1]), *(len(r[1]) for r in records)]))
    lines_w = max([len(COLUMNS[2]), *(len(r[2]) for r in records)])
    room = columns - 7 - label_w - lines_w - 8  # what the reason and the text share
    reason_w = min(REASON_WIDTH, max(len(COLUMNS[3]), room // 3),
                   max([len(COLUMNS[3]), *(len(r[3]) for r in records)]))
    for status, label, lines, reason, text in [COLUMNS, *records]:
        head = (f"{status:<7}  {fit(label, label_w):<{label_w}}  {lines:<{lines_w}}  "
                f"{fit(term.printable(reason), reason_w)}")
        head += " " * (reason_w - term.text_width(fit(term.printable(reason), reason_w)))
        room = columns - term.text_width(head) - 2
        print(f"{head}  {fit(term.printable(text), room)}".rstrip(), file=out)


def fit(text: str, columns: int) -> str:
    """`text` cut to `columns` terminal columns, ending with "…" when cut."""
    if term.text_width(text) <= columns:
        return text
    if columns <= 1:
        return "…"[:max(columns, 0)]
    used, out = 0, []
    for ch in text:
        used += term.char_width(ch)
        if used > columns - 1:
            break
        out.append(ch)
    return "".join(out) + "…"
