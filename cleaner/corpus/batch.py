"""Clean a folder (or one file) into an output folder, in parallel, skipping what is done.

The parent process lists the inputs, names their outputs, and hands `work.run_file` tasks to
an engine (in-process, a process pool, or Ray); workers read, clean and write the two outputs
atomically; the parent then reports each outcome, in input order, and records it in the
manifest. Nothing is ever written into the input folder.
"""
from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from .. import __version__
from ..config import Config
from .console import Tally, progress, report, summary, warning
from .files import clash_tag, iter_inputs, output_name, safe_name
from .manifest import Manifest
from .parallel import default_jobs, ordered_map
from .work import FAILED, FileJob, FileTask, Outcome, crashed_file, init_worker, prepare_workers, run_file

Mapper = Callable[[Callable[[Any], Any], Iterable[Any]], Iterator[Any]]


@dataclass(frozen=True)
class RunOptions:
    """How to run a batch (as opposed to `Config`, which says how to clean a page)."""

    jobs: int = default_jobs()
    force: bool = False
    quiet: bool = False
    debug: bool = False
    engine: str = "local"  # or "ray"
    address: str | None = None  # Ray cluster address (None: an existing or a new local one)
    follow_symlinks: bool = False  # follow links to files and folders outside the input folder


def run_folder(source: Path, out_dir: Path, config: Config, opts: RunOptions) -> int:
    """Clean every input under `source` (or `source` itself) into `out_dir`; return the exit
    status (0 all cleaned, 1 some failed). One failure stops nothing. `out_dir` must exist."""
    root = source if source.is_dir() else None
    paths = iter_inputs(source, opts.follow_symlinks, None if opts.quiet else warning) if root else [source]
    if not paths and not opts.quiet:
        warning(f"no input files found in {source}")
    pairs = assign_names(paths, root, opts.quiet)
    fingerprint = config.fingerprint()
    tally = Tally()
    with Manifest(out_dir) as manifest:
        manifest.sweep()
        manifest.start_run(str(source), opts.engine, fingerprint, __version__)
        job = FileJob(config, str(out_dir), opts.force)
        if opts.engine == "ray":
            job = FileJob(config, str(out_dir.resolve()), opts.force, cwd=os.getcwd())
        sent: deque[FileTask] = deque()  # handed to the engine, outcome not yet back
        feed = _tasks(pairs, root, out_dir, manifest, tally, opts.debug, sent)
        bar = progress(len(pairs), opts.quiet, "file")
        try:
            for outcome in _mapper(opts, config, len(pairs))(partial(run_file, job), feed):
                task = sent.popleft()
                if not outcome.skipped:
                    manifest.record(task.name, task.path, fingerprint, __version__, outcome)
                report(task.path, outcome, opts.debug)
                tally.add(outcome)
                bar.update()
        finally:
            bar.close()
        manifest.finish_run(tally.inputs, tally.cleaned_now, tally.unchanged, tally.failed)
    summary(tally, f"{out_dir}/", opts.quiet)
    return 1 if tally.failed else 0


def _tasks(pairs: list[tuple[Path, str]], root: Path | None, out_dir: Path, manifest: Manifest,
           tally: Tally, debug: bool, sent: deque[FileTask]) -> Iterator[FileTask]:
    """The task of each input, with its manifest row, made as the engine asks for it (and
    noted in `sent`); an input whose output would land in the input folder is refused here."""
    for path, name in pairs:
        if root and (out_dir / name).resolve().is_relative_to(root.resolve()):
            # out_dir is checked up front; this catches a sub-folder leading back into root
            refused = Outcome(FAILED, f"refusing to write {out_dir / name}.txt inside the "
                                      f"input folder {root}")
            report(str(path), refused, debug)
            tally.add(refused)
            continue
        task = FileTask(str(path), name, manifest.previous(name))
        sent.append(task)
        yield task


def _mapper(opts: RunOptions, config: Config, size: int) -> Mapper:
    """The engine's ordered map over the tasks (`size` of them)."""
    if opts.engine == "ray":
        from .engines import ray as ray_engine

        return partial(ray_engine.map_ordered, address=opts.address, quiet=opts.quiet)
    jobs = max(1, min(opts.jobs, size))
    return partial(ordered_map, jobs=jobs, initializer=init_worker, initargs=(config,),
                   on_crash=crashed_file, prepare=prepare_workers)


def assign_names(paths: list[Path], root: Path | None, quiet: bool) -> list[tuple[Path, str]]:
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
        folder = "/".join(map(safe_name, path.parent.relative_to(root).parts)) if root else ""
        base = f"{folder}/{stem}" if folder else stem
        name = base
        if name.casefold() in taken:
            first = taken[name.casefold()]
            extensions = clash_tag(path)
            name = f"{base}__{extensions}"
            n = 2
            while name.casefold() in taken:
                name, n = f"{base}__{extensions}__{n}", n + 1
            if not quiet:
                warning(f"{path}: output name {base!r} already used by {first}; "
                        f"written as {name}.txt / {name}.json")
        taken[name.casefold()] = path
        pairs.append((path, name))
    return pairs
