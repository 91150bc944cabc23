"""`cleaner report RAW_DIR CLEAN_DIR -o OUT`: a static HTML report of a cleaned batch.

OUT/index.html lists every document (sortable, filterable, 200 rows a page),
OUT/doc/NAME.html shows one document (raw page beside clean text, removals
struck in their stage's colour, edits highlighted, metadata in a panel), and
OUT/stages.html what each rule removed across the batch, with examples.
Self-contained: inline CSS and JS, no external URL; open index.html from disk.

The data is the CLEAN_DIR sidecars (what was actually written, and much faster
than cleaning again) plus the raw pages of RAW_DIR for the left side.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..common import FAILED, OK, ViewError, run_view

__all__ = ["add_parser", "build_report"]


def __getattr__(name: str) -> object:
    # `build_report` (and the page templates under it) load when a report is written, not
    # with every `cleaner` command
    if name == "build_report":
        from .build import build_report
        return build_report
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register `cleaner report`."""
    parser = commands.add_parser(
        "report", help="a static HTML report of a cleaned folder: what was removed, by which rule",
        description="Write a static HTML report of CLEAN_DIR (written by `cleaner clean RAW_DIR CLEAN_DIR`) "
                    "into OUT: index.html (every document, sortable, in pages of 200), doc/NAME.html "
                    "(raw page beside clean text, removed blocks struck and labelled, edits highlighted), "
                    "stages.html (what each rule removed across the batch, with examples). Reads the "
                    "sidecars, not a new cleaning. Exit status: 0 done, 1 some sidecar unreadable "
                    "(its page says so), 2 usage error.")
    parser.add_argument("raw_dir", metavar="RAW_DIR", help="the folder that was cleaned")
    parser.add_argument("clean_dir", metavar="CLEAN_DIR", help="the folder `cleaner clean` wrote")
    parser.add_argument("-o", "--output", default="report", metavar="OUT",
                        help="report folder, outside RAW_DIR (default: %(default)s)")
    parser.add_argument("--title", default="cleaner report", help="the report's title")
    parser.add_argument("--quiet", action="store_true", help="no summary line")
    parser.set_defaults(run=lambda args: run_view(report, args))


def report(args: argparse.Namespace) -> int:
    """Check the folders, write the report, print the summary line; return the exit status."""
    raw_dir, clean_dir, out_dir = Path(args.raw_dir), Path(args.clean_dir), Path(args.output)
    for folder, what in ((raw_dir, "RAW_DIR"), (clean_dir, "CLEAN_DIR")):
        if not folder.is_dir():
            raise ViewError(f"{what} {folder} is not a folder")
    if out_dir.exists() and not out_dir.is_dir():
        raise ViewError(f"output {out_dir} exists and is not a folder")
    if out_dir.resolve().is_relative_to(raw_dir.resolve()):
        raise ViewError(f"output folder {out_dir} is inside RAW_DIR {raw_dir}; choose one outside it "
                        "(the input folder is never written to)")
    from .build import build_report

    try:
        built = build_report(raw_dir, clean_dir, out_dir, args.title)
    except OSError as err:
        raise ViewError(f"cannot write the report to {out_dir}: {err.strerror or err}", FAILED) from None
    if not args.quiet:
        if not built.documents:
            print(f"warning: no sidecar (.json) found in {clean_dir}", file=sys.stderr)
        print(f"report: {built.documents} documents ({built.raw_missing} without their raw page, "
              f"{built.unreadable} unreadable) -> {out_dir / 'index.html'}", file=sys.stderr)
    return FAILED if built.unreadable else OK
