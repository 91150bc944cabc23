"""`cleaner status OUTPUT`: what the manifest of an output folder says."""
from __future__ import annotations

import argparse
import dataclasses
import json
import sqlite3
from pathlib import Path

from ..corpus.manifest import Status, read_status
from ..corpus.work import OK as OK_STATUS
from .common import FAILED, OK, ViewError, run_view


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register `cleaner status`."""
    parser = commands.add_parser(
        "status", help="summarise the manifest of an output folder",
        description="Say what the manifest of OUTPUT records: inputs per status, outputs missing, "
                    "the inputs that did not clean and why, and the last run. Exit status: 0 every "
                    "input cleaned with its outputs in place, 1 otherwise, 2 no manifest.")
    parser.add_argument("output", metavar="OUTPUT", help="an output folder of `cleaner clean`")
    parser.add_argument("--all", action="store_true", help="list every input not cleaned (default: 20)")
    parser.add_argument("--json", action="store_true", help="the summary as JSON")
    parser.set_defaults(run=lambda args: run_view(status, args))


def status(args: argparse.Namespace) -> int:
    """Print the summary of OUTPUT's manifest; 0 when all is cleaned and in place, else 1."""
    try:
        state = read_status(Path(args.output))
    except (FileNotFoundError, sqlite3.Error) as err:
        raise ViewError(str(err)) from None
    done = not state.missing_outputs and set(state.by_status) <= {OK_STATUS}
    if args.json:
        print(json.dumps(dataclasses.asdict(state), indent=2, ensure_ascii=False))
    else:
        print("\n".join(lines(args.output, state, args.all)))
    return OK if done else FAILED


def lines(output: str, state: Status, show_all: bool = False) -> list[str]:
    """The status report, line by line."""
    out = [f"{output}: {state.rows} inputs: "
           + (", ".join(f"{n} {s}" for s, n in state.by_status.items()) or "none")]
    missing = state.missing_outputs
    if missing:
        out.append(f"{len(missing)} recorded ok with outputs missing (the next run redoes them): "
                   f"{', '.join(missing[:5])}{' ...' if len(missing) > 5 else ''}")
    if state.configs > 1 or len(state.versions) > 1:
        out.append(f"mixed: {state.configs} configs, cleaner versions {', '.join(state.versions)} "
                   "(a run with one config redoes the others)")
    shown = state.problems if show_all else state.problems[:20]
    out += [f"  {status:8} {path}: {error}" for path, status, error in shown]
    if len(shown) < len(state.problems):
        out.append(f"  ... {len(state.problems) - len(shown)} more (--all)")
    run = state.last_run
    if run:
        if run["finished"]:
            end = (f"finished {run['finished']}: {run['inputs']} inputs, {run['cleaned']} cleaned, "
                   f"{run['unchanged']} unchanged, {run['failed']} failed")
        else:
            end = "did not finish (interrupted or killed; the next run completes it)"
        out.append(f"last run: {run['input']} ({run['engine']} engine, cleaner {run['version']}, "
                   f"config {run['config']}), started {run['started']}, {end}")
    return out
