"""What `cleaner diff` and `cleaner explain` share: the clean options and cleaning one input."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..api import Result, clean, get_pipeline
from ..config import Config
from ..corpus.console import shown
from ..reading import InputError

OK, FAILED, USAGE = 0, 1, 2
STDIO = "-"


class ViewError(Exception):
    """A view cannot run: `status` is the exit status (USAGE or FAILED), the message says why."""

    def __init__(self, message: str, status: int = USAGE) -> None:
        super().__init__(message)
        self.status = status


def add_clean_options(parser: argparse.ArgumentParser) -> None:
    """--disable and --lang, as `cleaner clean` takes them, for views that clean on the fly."""
    parser.add_argument("--disable", action="append", default=[], metavar="STAGE",
                        help="skip a stage when cleaning (repeatable, or comma-separated)")
    parser.add_argument("--lang", action="append", default=[], metavar="CODE",
                        help="phrase lists to load (repeatable, or comma-separated; default: all)")


def listed(values: list[str]) -> tuple[str, ...]:
    """Repeated and comma-separated option values as one tuple, without blanks or repeats."""
    names = (v.strip() for value in values for v in value.split(","))
    return tuple(dict.fromkeys(n for n in names if n))


def clean_input(name: str, args: argparse.Namespace) -> Result:
    """Clean the file `name` (or stdin for '-') with the options in `args`; ViewError if not."""
    config = Config(disable=listed(args.disable), languages=listed(args.lang) or ("*",))
    try:
        get_pipeline(config)
    except ValueError as err:  # unknown stage, unmet need, no phrase list
        raise ViewError(str(err)) from None
    try:
        if name == STDIO:
            data = sys.stdin.buffer.read(config.max_bytes + 1)
            return clean(data, config=config)
        path = Path(name)
        if not path.is_file():
            raise ViewError(f"{name}: no such file")
        return clean(path.read_bytes(), source=name, config=config)
    except InputError as err:
        raise ViewError(f"{name}: {err}", FAILED) from None
    except OSError as err:
        raise ViewError(f"{name}: cannot read: {err.strerror or err}", FAILED) from None


def run_view(view, args: argparse.Namespace) -> int:
    """Run `view(args)`, turning a ViewError into its message on stderr and its exit status."""
    try:
        return view(args)
    except ViewError as err:
        print(f"cleaner: error: {shown(str(err))}", file=sys.stderr)
        return err.status
