"""Files of a batch run: naming outputs after inputs, listing a folder's inputs, writing atomically.

`output_name` and `clash_tag` give each input its output stem; `iter_inputs` lists the
inputs under a folder, saying why a file is left out; `write_atomic` writes a file whole or
not at all (a reader never sees half of one).
"""
from __future__ import annotations

import hashlib
import os
import re
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

BASE_SUFFIXES: tuple[str, ...] = (".txt", ".html", ".htm", ".text", ".xhtml")
INPUT_SUFFIXES: tuple[str, ...] = BASE_SUFFIXES + tuple(s + ".gz" for s in BASE_SUFFIXES)
NOT_INPUT = f"not a {'/'.join(BASE_SUFFIXES)} name (each optionally .gz)"  # why a file is left out
# name within the 255 bytes a file name may have.
MAX_STEM_BYTES = 200
_HASHED = 8  # hex digits of sha256 that tell two cut names apart
# undecodable bytes (os.fsdecode's surrogates) and control characters: written %XX in names
_UNSAFE = re.compile(r"[\x00-\x1f\x7f\udc80-\udcff]")


def _split_suffix(name: str) -> tuple[str, str]:
    """`a.html.gz` -> ("a", ".html.gz"); a name without an input suffix has none."""
    low = name.lower()
    gz = ".gz" if low.endswith(".gz") else ""
    base = name[: len(name) - len(gz)]
    for suffix in BASE_SUFFIXES:
        if base.lower().endswith(suffix) and len(base) > len(suffix):
            return base[: -len(suffix)], name[len(base) - len(suffix):]
    return base, gz


def output_name(path: Path) -> str:
    """The output stem for an input file: `a.html.gz` -> `a`, `d.txt` -> `d`, `e` -> `e`,
    made a safe file name by `safe_name`."""
    return safe_name(_split_suffix(path.name)[0])


def clash_tag(path: Path) -> str:
    """What tells an input apart from another with the same stem: its suffixes, `a.html.gz`
    -> `html_gz`, `a.txt` -> `txt` (`dup` when it has none)."""
    return safe_name(_split_suffix(path.name)[1].strip(".").replace(".", "_")) or "dup"


def safe_name(name: str) -> str:
    """`name` as one safe output file name component: undecodable bytes and control
    characters written `%XX`, "." and ".." spelt out, and a name over MAX_STEM_BYTES cut at a
    character boundary and ended by `~` and a hash of the whole name (deterministic: the
    same input name always gives the same output name, two different ones never the same)."""
    name = _UNSAFE.sub(lambda m: f"%{ord(m.group()) & 0xFF:02X}", name)
    if name in (".", ".."):
        name = name.replace(".", "%2E")
    data = name.encode("utf-8", "surrogatepass")
    if len(data) <= MAX_STEM_BYTES:
        return name
    digest = hashlib.sha256(data).hexdigest()[:_HASHED]
    head = data[: MAX_STEM_BYTES - _HASHED - 1].decode("utf-8", "ignore")  # a cut character goes
    return f"{head}~{digest}"


def is_input(path: Path) -> bool:
    """True when the file name has an input suffix (optionally followed by `.gz`)."""
    return path.name.lower().endswith(INPUT_SUFFIXES) and not path.name.startswith(".")


# ---- listing a folder ----------------------------------------------------------------

def iter_inputs(root: Path, follow_symlinks: bool = False,
                warn: Callable[[str], None] | None = None) -> list[Path]:
    """Input files under `root` (folders walked whatever their name), recursively and sorted;
    a file given as `root` is returned as is. Every file left out is named to `warn`, in name
    order: no input suffix, hidden, or in a hidden folder (one line for the folder).

    A symbolic link whose target is outside `root` is not followed (`warn` is told, with
    the link's path) unless `follow_symlinks`; links inside `root` are. Named pipes, devices
    and sockets are skipped with a warning (reading a pipe would wait forever). A dangling
    link or a link loop is listed: reading it fails, and that failure is the input's outcome.
    """
    if root.is_file():
        return [root]
    home = root.resolve()
    say = warn or (lambda message: None)
    found: list[Path] = []
    seen_dirs: set[tuple[int, int]] = set()
    for folder, dirs, files in os.walk(root, followlinks=follow_symlinks):
        if follow_symlinks:  # a link back up the tree must not loop
            st = os.stat(folder)
            if (st.st_dev, st.st_ino) in seen_dirs:
                dirs[:] = []
                continue
            seen_dirs.add((st.st_dev, st.st_ino))
        for d in sorted(dirs):
            if d.startswith("."):
                say(f"{Path(folder) / d}: hidden folder, skipped with all it holds")
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        if not follow_symlinks:
            for d in dirs:
                link = Path(folder) / d
                if link.is_symlink() and not _inside(link, home):
                    say(f"{link}: symbolic link to a folder outside the input folder, not followed "
                        "(--follow-symlinks follows it)")
        for name in sorted(files):
            path = Path(folder) / name
            if not is_input(path):
                say(f"{path}: {'hidden file' if name.startswith('.') else NOT_INPUT}, skipped")
                continue
            why = _not_listed(path, home, follow_symlinks)
            if why:
                say(f"{path}: {why}")
            else:
                found.append(path)
    return sorted(found)


def _not_listed(path: Path, home: Path, follow_symlinks: bool) -> str | None:
    """Why the input-named file `path` is not listed, or None to list it."""
    try:
        mode = path.stat().st_mode
    except (OSError, RuntimeError):  # a dangling link or a loop: reading it says what is wrong
        mode = None
    if path.is_symlink() and not follow_symlinks and not _inside(path, home):
        return ("symbolic link to a file outside the input folder, not followed "
                "(--follow-symlinks follows it)")
    if mode is not None and not stat.S_ISREG(mode):
        return "not a regular file (a pipe, device or socket), skipped"
    return None


def _inside(link: Path, home: Path) -> bool:
    """Whether the target of `link` lies inside the folder `home` (already resolved)."""
    try:
        return link.resolve().is_relative_to(home)
    except (OSError, RuntimeError):  # a loop never leaves anywhere
        return True


# ---- writing --------------------------------------------------------------------------


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


def write_atomic(path: Path, data: str) -> None:
    """Write `data` (UTF-8) to `path` so that readers see the old file or the whole new one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_UMASK
    tmp = tempfile.NamedTemporaryFile(  # noqa: SIM115  (closed below, before the rename)
        "w", encoding="utf-8", newline="", delete=False, dir=path.parent,
        prefix=f".{_cut(path.stem, MAX_STEM_BYTES)}{path.suffix}.", suffix=".tmp")
    try:
        with tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.chmod(tmp.name, mode)
        os.replace(tmp.name, path)
    except BaseException:
        try:
            os.unlink(tmp.name)
        except FileNotFoundError:
            pass
        raise


def _cut(name: str, limit: int) -> str:
    """`name` cut to at most `limit` UTF-8 bytes, at a character boundary."""
    return name.encode("utf-8", "surrogateescape")[:limit].decode("utf-8", "ignore")
