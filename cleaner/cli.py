"""The command line: `cleaner clean` and `cleaner stages` here; `diff`, `explain` and
`report` register themselves from `cleaner/views/` (their logic lives there).

`main(argv)` returns the exit status instead of exiting, so tests call it directly:
0 every input was cleaned, 1 at least one input failed (the others are still
written), 2 the command line cannot be run as given (nothing is cleaned).
"""
from __future__ import annotations

import argparse
import inspect
import json
import os
import sys
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .api import Result, clean, get_pipeline
from .config import Config
from .io import InputError, iter_inputs, output_name, write_atomic
from .pipeline import DEFAULT_ORDER
from .report import summary_counts
from .stages import load_all
from .views import diff as diff_view
from .views import explain as explain_view
from .views import htmlreport as report_view

OK, FAILED, USAGE = 0, 1, 2
STDIO = "-"


class UsageError(Exception):
    """A command line that cannot be run as given (exit status 2)."""


@dataclass
class Tally:
    """What a run has done so far, for the summary line."""

    inputs: int = 0
    failed: int = 0
    counts: Counter[str] = field(default_factory=Counter)


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
        print(f"cleaner: error: {err}", file=sys.stderr)
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
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser(
        "clean", help="clean a folder, a file or stdin",
        description="Clean every page of INPUT. For each input NAME.html / NAME.txt (optionally .gz), "
                    "OUTPUT/NAME.txt gets the clean text and OUTPUT/NAME.json the metadata sidecar. "
                    "When two inputs map to the same NAME (a.html and a.txt), the later one in name "
                    "order is written as NAME__<extensions> (a__txt) and a warning says so; inputs in "
                    "sub-folders of INPUT are written under the same sub-folders of OUTPUT. "
                    "With INPUT '-' the page is read from stdin and its clean text written to stdout "
                    "(the sidecar JSON instead with --json); a single file with OUTPUT '-' does the same. "
                    "Exit status: 0 all cleaned, 1 some input failed (the others are written), 2 usage error.")
    run.add_argument("input", nargs="?", default="raw", metavar="INPUT",
                     help="folder, file, or '-' for stdin (default: raw)")
    run.add_argument("output", nargs="?", default=None, metavar="OUTPUT",
                     help="output folder, never inside INPUT (default: clean; stdout when INPUT is '-')")
    run.add_argument("--disable", action="append", default=[], metavar="STAGE",
                     help="skip a stage (repeatable, or comma-separated); see `cleaner stages`")
    run.add_argument("--lang", action="append", default=[], metavar="CODE",
                     help="phrase lists to load (repeatable, or comma-separated; default: all shipped)")
    run.add_argument("--max-bytes", type=int, default=Config.max_bytes, metavar="N",
                     help="refuse inputs larger than N bytes (default: %(default)s)")
    run.add_argument("--json", action="store_true",
                     help="with stdout output, write the sidecar JSON instead of the text "
                          "(files and folders always get both)")
    run.add_argument("--quiet", action="store_true",
                     help="no summary line and no warnings; errors are still printed")
    run.add_argument("--debug", action="store_true", help="print the traceback of internal errors")
    run.set_defaults(run=cmd_clean)

    stages = commands.add_parser("stages", help="list the stages in the order they run",
                                 description="List the stages in the order they run.")
    stages.set_defaults(run=cmd_stages)

    for view in (diff_view, explain_view, report_view):  # views of the change log
        view.add_parser(commands)
    return parser


# ---- cleaner stages ---------------------------------------------------------
def cmd_stages(args: argparse.Namespace) -> int:
    """Print one line per stage: name, formats, requires, provides, description."""
    registry = load_all()
    rows = [("stage", "formats", "requires", "provides", "description")]
    for name in DEFAULT_ORDER:
        cls = registry[name]
        doc = (inspect.getdoc(cls) or "").strip().splitlines()
        rows.append((name, _names(cls.formats), _names(cls.requires), _names(cls.provides),
                     doc[0] if doc else ""))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)) + "  " + row[4])
    return OK


def _names(items: frozenset[str]) -> str:
    return ",".join(sorted(items)) or "-"


# ---- cleaner clean ----------------------------------------------------------
def cmd_clean(args: argparse.Namespace) -> int:
    """Clean stdin, one file or a folder as `args` say; return the exit status."""
    config = Config(disable=_listed(args.disable), languages=_listed(args.lang) or ("*",),
                    max_bytes=args.max_bytes)
    if config.max_bytes <= 0:
        raise UsageError(f"--max-bytes must be positive, not {config.max_bytes}")
    try:
        get_pipeline(config)  # built (and cached) once, before any input is read
    except ValueError as err:  # PipelineError, or a language with no phrase list
        raise UsageError(str(err)) from None

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
    return _batch(source, out_dir, config, args)


def _listed(values: list[str]) -> tuple[str, ...]:
    """Repeated and comma-separated option values as one tuple, without blanks or repeats."""
    names = (v.strip() for value in values for v in value.split(","))
    return tuple(dict.fromkeys(n for n in names if n))


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


def _batch(source: Path, out_dir: Path, config: Config, args: argparse.Namespace) -> int:
    """Clean every input under `source` (or `source` itself) into `out_dir`; one failure stops nothing."""
    root = source if source.is_dir() else None
    paths = iter_inputs(source) if root else [source]
    if not paths and not args.quiet:
        print(f"warning: no input files found in {source}", file=sys.stderr)
    tally = Tally()
    for path, name in _assign_names(paths, root, args.quiet):
        tally.inputs += 1
        result = _clean_path(path, config, args.debug)
        if result is not None:
            result = _write(result, out_dir, name, path, root, args.debug)
        if result is None:
            tally.failed += 1
        else:
            tally.counts.update(summary_counts(result.document))
    _summary(tally, f"{out_dir}/", args.quiet)
    return FAILED if tally.failed else OK


def _assign_names(paths: list[Path], root: Path | None, quiet: bool) -> list[tuple[Path, str]]:
    """Pair each input with its output name, renaming (and reporting) clashes.

    The name is `output_name(path)`, under the same sub-folders as the input has below
    `root` (site1/index.html -> site1/index). A later input that maps to a name already
    taken (compared case-insensitively, for case-insensitive file systems) gets
    `NAME__<its extensions>` (a.txt -> a__txt, a.html.gz -> a__html_gz), then `__2`, `__3`...
    """
    taken: dict[str, Path] = {}
    pairs: list[tuple[Path, str]] = []
    for path in paths:
        stem = output_name(path)
        folder = path.parent.relative_to(root).as_posix() if root else "."
        base = stem if folder == "." else f"{folder}/{stem}"
        name = base
        if name.casefold() in taken:
            first = taken[name.casefold()]
            extensions = path.name[len(stem):].strip(".").replace(".", "_") or "dup"
            name = f"{base}__{extensions}"
            n = 2
            while name.casefold() in taken:
                name, n = f"{base}__{extensions}__{n}", n + 1
            if not quiet:
                print(f"warning: {path}: output name {base!r} already used by {first}; "
                      f"written as {name}.txt / {name}.json", file=sys.stderr)
        taken[name.casefold()] = path
        pairs.append((path, name))
    return pairs


def _clean_path(path: Path | None, config: Config, debug: bool) -> Result | None:
    """Clean one input (a file, or stdin when `path` is None); report a failure and return None."""
    label = str(path) if path else "<stdin>"
    try:
        if path is None:
            data = sys.stdin.buffer.read(config.max_bytes + 1)  # one byte over is enough to refuse
        else:
            data = path.read_bytes()
        return clean(data, source=str(path) if path else None, config=config)
    except InputError as err:
        _error(label, str(err))
    except OSError as err:
        _error(label, f"cannot read: {err.strerror or err}")
    except Exception as err:  # a bug in a stage must not stop the batch
        _internal_error(label, err, debug)
    return None


def _write(result: Result, out_dir: Path, name: str, path: Path, root: Path | None,
           debug: bool) -> Result | None:
    """Write `name`.txt and `name`.json under `out_dir`; report a failure and return None."""
    target = out_dir / name
    if root and target.resolve().is_relative_to(root.resolve()):
        # out_dir is checked up front; this catches an input sub-folder leading back into root
        _error(str(path), f"refusing to write {target}.txt inside the input folder {root}")
        return None
    try:
        text, sidecar = body(result), sidecar_json(result)
    except Exception as err:  # e.g. metadata a stage left that JSON cannot hold
        _internal_error(str(path), err, debug)
        return None
    try:
        write_atomic(target.with_name(f"{target.name}.txt"), text)
        write_atomic(target.with_name(f"{target.name}.json"), sidecar)
    except OSError as err:
        _error(str(path), f"cannot write to {out_dir}: {err.strerror or err}")
        return None
    return result


def _to_stdout(path: Path | None, config: Config, args: argparse.Namespace) -> int:
    """Clean stdin or one file and write its text (or, with --json, its sidecar) to stdout."""
    tally = Tally(inputs=1)
    result = _clean_path(path, config, args.debug)
    if result is None:
        tally.failed = 1
    else:
        sys.stdout.write(sidecar_json(result) if args.json else body(result))
        sys.stdout.flush()
        tally.counts.update(summary_counts(result.document))
    _summary(tally, "stdout", args.quiet)
    return FAILED if tally.failed else OK


def body(result: Result) -> str:
    """The clean text as written to a file: ending with exactly one newline (empty if no text)."""
    text = result.text.rstrip()
    return text + "\n" if text else ""


def sidecar_json(result: Result) -> str:
    """The metadata sidecar as written to a file: indented UTF-8 JSON ending with a newline."""
    return json.dumps(result.metadata, ensure_ascii=False, indent=2) + "\n"


def _error(label: str, message: str) -> None:
    print(f"error: {label}: {message}", file=sys.stderr)


def _internal_error(label: str, err: Exception, debug: bool) -> None:
    hint = "" if debug else " (run with --debug for the traceback)"
    _error(label, f"internal error, {type(err).__name__}: {err}{hint}")
    if debug:
        traceback.print_exception(err, file=sys.stderr)


def _summary(tally: Tally, dest: str, quiet: bool) -> None:
    """Print the one summary line of the run to stderr (unless quiet)."""
    if quiet:
        return
    c = tally.counts
    done = tally.inputs - tally.failed
    files = "file" if tally.inputs == 1 else "files"
    print(f"cleaned {done} of {tally.inputs} {files} ({tally.failed} failed): "
          f"{c['blocks_in']} blocks in, {c['kept']} kept, {c['removed']} removed, "
          f"{c['fixes']} fixes, {c['warnings']} warnings -> {dest}", file=sys.stderr)
