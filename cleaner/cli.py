"""The command line: `cleaner clean` and `cleaner stages` here; `diff`, `explain`, `report`
and `status` register themselves from `cleaner/views/` (their logic lives there). `clean` is a
thin layer: the work is in `batch` (folders), `jsonl` (streams) and `work` (one document).

`main(argv)` returns the exit status instead of exiting, so tests call it directly:
0 every input was cleaned, 1 at least one input failed (the others are still
written), 2 the command line cannot be run as given (nothing is cleaned).
"""
from __future__ import annotations

import argparse
import inspect
import json
import os
import re
import shutil
import sys
import textwrap
from pathlib import Path
from typing import Any

from . import __version__
from .api import get_pipeline
from .config import Config, stage_options
from .corpus.batch import RunOptions, run_folder
from .corpus.console import Tally, report, shown, summary
from .corpus.engines.ray import EngineError
from .corpus.jsonl import run_jsonl
from .corpus.manifest import MANIFEST, ManifestBusy
from .corpus.parallel import default_jobs
from .corpus.work import FAILED as FAILED_STATUS
from .corpus.work import OK as OK_STATUS
from .corpus.work import LineJob, Outcome, attempt, read_bounded, tune_gc_for_batch
from .pipeline import DEFAULT_ORDER, Pipeline
from .reading import InputError
from .report import body_text, sidecar_json, summary_counts
from .stages import load_all
from .views import diff as diff_view
from .views import explain as explain_view
from .views import htmlreport as report_view
from .views import status as status_view

OK, FAILED, USAGE = 0, 1, 2
STDIO = "-"
DEFAULT_TIMEOUT = 60.0  # seconds per document on the command line (the API has no limit by default)


class UsageError(Exception):
    """A command line that cannot be run as given (exit status 2)."""


def main(argv: list[str] | None = None) -> int:
    """Run the `cleaner` command line on `argv` (default: `sys.argv[1:]`); return the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # argparse exits on --help and on usage errors
        return stop.code if isinstance(stop.code, int) else USAGE
    try:
        return args.run(args)
    except UsageError as err:
        print(f"cleaner: error: {shown(str(err))}", file=sys.stderr)
        return USAGE
    except BrokenPipeError:  # the reader went away (`cleaner stages | head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return FAILED
    except KeyboardInterrupt:  # files already written are whole (written atomically)
        print("cleaner: interrupted", file=sys.stderr)
        return 130


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the `cleaner` command."""
    parser = argparse.ArgumentParser(
        prog="cleaner", description="Turn scraped web pages into clean article text with provenance metadata.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    add_clean_parser(commands)
    stages = commands.add_parser("stages", help="list the stages in the order they run",
                                 description="List the stages in the order they run.")
    listing = stages.add_mutually_exclusive_group()
    listing.add_argument("--rules", action="store_true",
                         help="every stage:rule a change can be logged under, in pipeline order, with "
                              "the kind of its drops ('-': it edits or warns) and what it means")
    listing.add_argument("--options", action="store_true",
                         help="every stage option (--set STAGE.KEY=VALUE) with its default and meaning")
    stages.set_defaults(run=cmd_stages)

    for view in (diff_view, explain_view, report_view, status_view):  # views of the change log
        view.add_parser(commands)
    return parser


# ---- cleaner stages ---------------------------------------------------------
def cmd_stages(args: argparse.Namespace) -> int:
    """Print one row per stage: name, formats, requires, provides, and the whole first
    sentence of its docstring as the description; with `--rules` one row per `stage:rule`
    (its drop kind and description), with `--options` one per option (default, meaning).
    The last column is wrapped to the terminal's width when stdout is a terminal wide
    enough; never cut."""
    registry = load_all()
    if args.rules:
        rows = [("rule", "drop kind", "description")]
        for name in DEFAULT_ORDER:
            cls = registry[name]
            rows += [(f"{name}:{rule}", cls.drop_kinds.get(rule, "-"), what) for rule, what in cls.rules.items()]
        rows += [(f"{Pipeline.name}:{rule}", "-", what) for rule, what in Pipeline.rules.items()]
    elif args.options:
        rows = [("option", "default", "meaning")]
        for name in DEFAULT_ORDER:
            cls = registry[name]
            rows += [(f"{name}.{key}", json.dumps(default), cls.option_help.get(key, ""))
                     for key, default in cls.options.items()]
    else:
        rows = [("stage", "formats", "requires", "provides", "description")]
        for name in DEFAULT_ORDER:
            cls = registry[name]
            rows.append((name, _names(cls.formats), _names(cls.requires), _names(cls.provides),
                         first_sentence(inspect.getdoc(cls) or "")))
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
    for line in stage_table(rows, width):
        print(line)
    return OK


def stage_table(rows: list[tuple[str, ...]], width: int | None = None) -> list[str]:
    """`rows` as aligned columns; the last column wrapped within `width` (a hanging indent
    under itself) when that leaves it at least 30 characters, else left on one line."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    indent = sum(widths) + 2 * len(widths)
    room = width - indent if width else 0
    lines = []
    for row in rows:
        head = "  ".join(cell.ljust(w) for cell, w in zip(row, widths)) + "  "
        parts = textwrap.wrap(row[-1], room, break_on_hyphens=False) if room >= 30 else [row[-1]]
        lines.append((head + parts[0]) if parts else head.rstrip())
        lines += [" " * indent + part for part in parts[1:]]
    return lines


# a sentence ends at . ! or ? followed by white space and what may start the next one
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z`\"'(\[])")


def first_sentence(doc: str) -> str:
    """The first sentence of the first paragraph of `doc`, its lines joined into one."""
    paragraph = " ".join(doc.strip().split("\n\n")[0].split())
    return _SENTENCE_END.split(paragraph, maxsplit=1)[0]


def _names(items: frozenset[str]) -> str:
    return ",".join(sorted(items)) or "-"


# ---- cleaner clean ----------------------------------------------------------
def add_clean_parser(commands: Any) -> None:
    """The `cleaner clean` sub-command and its options."""
    run = commands.add_parser(
        "clean", help="clean a folder, a file, stdin or a JSONL stream",
        description="Clean every page of INPUT. For each input NAME.html / NAME.txt (optionally .gz), "
                    "OUTPUT/NAME.txt gets the clean text and OUTPUT/NAME.json the metadata sidecar. "
                    "When two inputs map to the same NAME (a.html and a.txt), the later one in name "
                    "order is written as NAME__<extensions> (a__txt) and a warning says so; inputs in "
                    "sub-folders of INPUT are written under the same sub-folders of OUTPUT; every "
                    "other file under INPUT (another extension, hidden) is named in a warning, not an error. "
                    f"OUTPUT/{MANIFEST} records what each input became: a re-run skips the inputs "
                    "that are unchanged (--force redoes them) and completes an interrupted run. "
                    "With INPUT '-' the page is read from stdin and its clean text written to stdout "
                    "(the sidecar JSON instead with --json); a single file with OUTPUT '-' does the same. "
                    "With --jsonl IN, each line of IN is a document and -o OUT gets one line per "
                    "document cleaned (id, text, metadata, other fields untouched), in order. "
                    "Exit status: 0 all cleaned, 1 some input failed (the others are written), 2 usage error.")
    run.add_argument("input", nargs="?", default=None, metavar="INPUT",
                     help="folder, file, or '-' for stdin (default: raw)")
    run.add_argument("output", nargs="?", default=None, metavar="OUTPUT",
                     help="output folder, never inside INPUT (default: clean; stdout when INPUT is '-')")
    run.add_argument("-o", "--output", dest="output_option", default=None, metavar="OUTPUT",
                     help="the output (folder, or JSONL file with --jsonl; '-' for stdout), "
                          "instead of the second argument")
    stream = run.add_argument_group("JSONL streams")
    stream.add_argument("--jsonl", metavar="IN", default=None,
                        help="read one JSON document per line from IN ('-': stdin); output: -o "
                             "(default stdout). Lines that cannot be cleaned are named on stderr "
                             "and left out")
    stream.add_argument("--text-field", default="text", metavar="NAME",
                        help="field holding the page (default: %(default)s)")
    stream.add_argument("--html-field", default=None, metavar="NAME",
                        help="read the page from this field instead, as HTML")
    stream.add_argument("--id-field", default="id", metavar="NAME",
                        help="field written as the output's id (default: %(default)s; "
                             "missing: IN/LINE_NUMBER)")
    opts = run.add_argument_group("cleaning")
    opts.add_argument("--disable", action="append", default=[], metavar="STAGE",
                      help="skip a stage (repeatable, or comma-separated); see `cleaner stages`")
    opts.add_argument("--lang", action="append", default=[], metavar="CODE",
                      help="phrase lists to load (repeatable, or comma-separated; default: all shipped)")
    opts.add_argument("--set", action="append", default=[], metavar="STAGE.KEY=VALUE",
                      help="a stage option (VALUE read as JSON, else as a string), e.g. "
                           "comments.min_words_before=40 (repeatable)")
    opts.add_argument("--max-bytes", type=int, default=Config.max_bytes, metavar="N",
                      help="refuse inputs larger than N bytes (default: %(default)s)")
    opts.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                      help="give up a document after SECONDS and record a timeout "
                           "(default: %(default)s; 0: no limit)")
    runs = run.add_argument_group("running")
    runs.add_argument("--jobs", "-j", type=int, default=default_jobs(), metavar="N",
                      help="worker processes (default: all cores, %(default)s); output is the same for any N")
    runs.add_argument("--follow-symlinks", action="store_true",
                      help="follow symbolic links that lead outside INPUT (by default they are "
                           "skipped with a warning)")
    runs.add_argument("--force", action="store_true",
                      help="redo every input, even those the manifest says are done")
    runs.add_argument("--engine", choices=("local", "ray"), default="local",
                      help="local processes, or Ray Data on a cluster (paths must be shared)")
    runs.add_argument("--address", default=None, metavar="ADDRESS",
                      help="Ray cluster to join (default: RAY_ADDRESS, or a new local one)")
    run.add_argument("--json", action="store_true",
                     help="with stdout output, write the sidecar JSON instead of the text "
                          "(files and folders always get both)")
    run.add_argument("--quiet", action="store_true",
                     help="no progress bar, summary line or warnings; errors are still printed")
    run.add_argument("--debug", action="store_true", help="print the traceback of internal errors")
    run.set_defaults(run=cmd_clean)


def cmd_clean(args: argparse.Namespace) -> int:
    """Clean stdin, one file, a folder or a JSONL stream as `args` say; return the exit status."""
    config = _config(args)
    if args.jobs < 1:
        raise UsageError(f"--jobs must be at least 1, not {args.jobs}")
    opts = RunOptions(jobs=args.jobs, force=args.force, quiet=args.quiet, debug=args.debug,
                      follow_symlinks=args.follow_symlinks,
                      engine=args.engine, address=args.address)
    if args.output_option is not None:
        if args.output is not None or (args.jsonl and args.input is not None):
            raise UsageError("give the output once: as -o OUTPUT or as the second argument")
        args.output = args.output_option
    try:
        if args.jsonl is not None:
            return _clean_jsonl(args, config, opts)
        return _clean_paths(args, config, opts)
    except (EngineError, ManifestBusy) as err:
        raise UsageError(str(err)) from None


def _config(args: argparse.Namespace) -> Config:
    """The Config the options ask for, with its pipeline built (and cached) before any input is read."""
    if args.max_bytes <= 0:
        raise UsageError(f"--max-bytes must be positive, not {args.max_bytes}")
    if args.timeout < 0:
        raise UsageError(f"--timeout must be 0 (no limit) or more, not {args.timeout:g}")
    try:
        options = stage_options(args.set)
    except ValueError as err:
        raise UsageError(str(err)) from None
    config = Config(disable=_listed(args.disable), languages=_listed(args.lang) or ("*",),
                    options=options, max_bytes=args.max_bytes, timeout=args.timeout or None)
    try:
        get_pipeline(config)
    except (ValueError, TypeError) as err:  # PipelineError, no phrase list, unknown stage option
        raise UsageError(str(err)) from None
    tune_gc_for_batch()
    return config


def _listed(values: list[str]) -> tuple[str, ...]:
    """Repeated and comma-separated option values as one tuple, without blanks or repeats."""
    names = (v.strip() for value in values for v in value.split(","))
    return tuple(dict.fromkeys(n for n in names if n))


def _clean_jsonl(args: argparse.Namespace, config: Config, opts: RunOptions) -> int:
    if args.input is not None:
        raise UsageError("with --jsonl IN, give the output as -o OUT (no INPUT argument)")
    source, dest = args.jsonl, args.output or STDIO
    if source != STDIO and not Path(source).is_file():
        raise UsageError(f"{source}: no such file")
    if opts.engine == "ray" and source == STDIO:
        raise UsageError("--engine ray reads a file every node sees, not stdin")
    if source != STDIO and dest != STDIO and Path(dest).exists() and Path(dest).samefile(source):
        raise UsageError(f"the output {dest} is the input; choose another file")
    if dest != STDIO and Path(dest).is_dir():
        raise UsageError(f"the output {dest} is a folder; --jsonl writes one file")
    job = LineJob(config, label=source if source != STDIO else "stdin", text_field=args.text_field,
                  html_field=args.html_field, id_field=args.id_field)
    return run_jsonl(source, dest, job, opts)


def _clean_paths(args: argparse.Namespace, config: Config, opts: RunOptions) -> int:
    if args.input is None:
        args.input = "raw"
    if args.input == STDIO:
        if args.output not in (None, STDIO):
            raise UsageError("with INPUT '-' the clean text goes to stdout; give no OUTPUT")
        return _to_stdout(None, config, args)
    source = Path(args.input)
    if not source.exists():
        raise UsageError(f"{source}: no such file or folder")
    if args.output == STDIO:
        if source.is_dir():
            raise UsageError(f"{source} is a folder; stdout output ('-') takes one file")
        return _to_stdout(source, config, args)
    out_dir = Path(args.output or "clean")
    _check_output(source, out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UsageError(f"cannot create output folder {out_dir}: {err.strerror or err}") from None
    return run_folder(source, out_dir, config, opts)


def _check_output(source: Path, out_dir: Path) -> None:
    """Refuse an output folder that would write into the input (or is not a folder)."""
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"output {out_dir} exists and is not a folder")
    dest = out_dir.resolve()
    if source.is_dir():
        home = source.resolve()
        if dest == home or dest.is_relative_to(home):
            raise UsageError(f"output folder {out_dir} is inside the input folder {source}; "
                             "choose one outside it (the input folder is never written to)")
    elif dest == source.resolve().parent:
        raise UsageError(f"output folder {out_dir} is the folder of the input {source}; "
                         "choose another one (the input folder is never written to)")


def _to_stdout(path: Path | None, config: Config, args: argparse.Namespace) -> int:
    """Clean stdin or one file and write its text (or, with --json, its sidecar) to stdout."""
    label = str(path) if path else "<stdin>"
    tally = Tally()
    try:
        if path:
            with path.open("rb") as stream:
                data = read_bounded(stream, config.max_bytes)
        else:
            data = read_bounded(sys.stdin.buffer, config.max_bytes)
    except InputError as err:
        outcome = Outcome(FAILED_STATUS, str(err))
    except OSError as err:
        outcome = Outcome(FAILED_STATUS, f"cannot read: {err.strerror or err}")
    else:
        result, problem = attempt(config, data, str(path) if path else None)
        if result is not None:
            sys.stdout.write(sidecar_json(result.metadata) if args.json else body_text(result.text))
            sys.stdout.flush()
            outcome = Outcome(OK_STATUS, counts=summary_counts(result.document))
        else:
            outcome = problem
    report(label, outcome, args.debug)
    tally.add(outcome)
    summary(tally, "stdout", args.quiet)
    return FAILED if tally.failed else OK
