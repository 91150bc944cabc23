"""Make the text-mode input shapes the benchmarks do not ship, into a cache outside the repo.

    python bench/make_dumps.py [--bench all] [--shape text80,inscriptis,bs4]
        [--dumps /tmp/cleaner-dumps] [--force] [--limit N] [--verify]

Writes `<dumps>/<bench>/<shape>/<id>.txt` (default dumps folder: $CLEANER_DUMPS or
/tmp/cleaner-dumps) from each gunzipped `html/<id>.html.gz`:

* `text80`: `w3m -dump -T text/html -cols 80 -I CHARSET -O UTF-8`, the way news-dev's README
  says its `text80/` was made (CHARSET: news-dev's `meta.jsonl` `charset`, else UTF-8 as the
  ScrapingHub/WCXB dumps were made). Needs w3m (`apt-get install -y w3m`). news-dev ships
  its own `text80/`, so nothing is made for it (`--verify` remakes a few and compares).
* `inscriptis`: `inscriptis.get_text(page)` (`pip install inscriptis`);
* `bs4`: `BeautifulSoup(page, "lxml").get_text("\\n")`.

The page is decoded with the same CHARSET for inscriptis and bs4. Every shape then gets the
benchmarks' dump clean-up: trailing white space stripped from each line, blank lines
dropped at both ends, one final newline. A page whose conversion fails gets an empty file
and is listed (and counted in `<shape>/MANIFEST.json`). Existing files are kept unless
`--force`.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.benches import (  # noqa: E402
    DEFAULT_DUMPS, MADE_SHAPES, NEWS, bench_root, expand_benches, load_pages, page_ids, shape_dir)
from bench.systems import decode  # noqa: E402

W3M_TIMEOUT = 120.0  # seconds for one page


def tidy(text: str) -> str:
    """Trailing white space off each line, blank lines off both ends, one final newline."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n" if lines else ""


def w3m_dump(page: bytes, charset: str, cols: int = 80) -> str:
    """w3m's dump of an HTML page at `cols` columns, tidied; RuntimeError if w3m fails."""
    proc = subprocess.run(["w3m", "-dump", "-T", "text/html", "-cols", str(cols), "-I", charset,
                           "-O", "UTF-8"], input=page, capture_output=True, timeout=W3M_TIMEOUT)
    if proc.returncode != 0:
        raise RuntimeError(f"w3m exited {proc.returncode}: {proc.stderr.decode(errors='replace')[:200]}")
    return tidy(proc.stdout.decode("utf-8", errors="replace"))


def inscriptis_dump(page: bytes, charset: str) -> str:
    """inscriptis' text of an HTML page, tidied."""
    from inscriptis import get_text

    return tidy(get_text(decode(page, charset)))


def bs4_dump(page: bytes, charset: str) -> str:
    """BeautifulSoup's `get_text("\\n")` of an HTML page (lxml parser), tidied."""
    import warnings

    from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

    with warnings.catch_warnings():  # XHTML pages: parsed as HTML on purpose, as a scraper would
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return tidy(BeautifulSoup(decode(page, charset), "lxml").get_text("\n"))


def lynx_dump(page: bytes, charset: str) -> str:
    """lynx's dump of an HTML page at its default 80 columns (numbered links and their closing
    "References" list, as `lynx -dump` prints by default), tidied; RuntimeError if lynx fails."""
    proc = subprocess.run(["lynx", "-dump", "-stdin", "-force_html", "-width=80",
                           f"-assume_charset={charset}", "-display_charset=utf-8"],
                          input=page, capture_output=True, timeout=W3M_TIMEOUT)
    if proc.returncode != 0:
        raise RuntimeError(f"lynx exited {proc.returncode}: {proc.stderr.decode(errors='replace')[:200]}")
    return tidy(proc.stdout.decode("utf-8", errors="replace"))


def html2text_dump(page: bytes, charset: str) -> str:
    """html2text's markdown of an HTML page (its defaults: `#` headings, `*` bullets,
    `[text](url)` links, wrapped at 78 columns), tidied."""
    import html2text

    return tidy(html2text.html2text(decode(page, charset)))


MAKERS: dict[str, Callable[[bytes, str], str]] = {
    "text80": w3m_dump, "inscriptis": inscriptis_dump, "bs4": bs4_dump, "lynx": lynx_dump,
    "html2text": html2text_dump}


def tool_version(shape: str) -> str:
    """The version of the tool that makes `shape`."""
    if shape == "text80":
        out = subprocess.run(["w3m", "-version"], capture_output=True, text=True).stdout
        return out.split(",")[0].strip()
    if shape == "inscriptis":
        from importlib.metadata import version

        return f"inscriptis {version('inscriptis')}"
    if shape == "lynx":
        out = subprocess.run(["lynx", "-version"], capture_output=True, text=True).stdout
        return out.split("\n")[0].strip()
    if shape == "html2text":
        from importlib.metadata import version

        return f"html2text {version('html2text')}"
    import bs4

    return f"beautifulsoup4 {bs4.__version__}"


def make(shared: Path, bench: str, shape: str, dumps: Path, force: bool,
         limit: int | None) -> tuple[int, list[str]]:
    """Make the `shape` dumps of `bench`; (files written, ids that failed)."""
    folder = dumps / bench / shape
    folder.mkdir(parents=True, exist_ok=True)
    maker = MAKERS[shape]
    written, failed = 0, []
    for page in load_pages(shared, bench, "html", limit):
        target = folder / f"{page.id}.txt"
        if target.exists() and not force:
            continue
        try:
            text = maker(page.data, page.charset)
        except Exception as err:  # noqa: BLE001 - one bad page must not stop the run
            print(f"  {bench}/{shape} {page.id}: {type(err).__name__}: {err}", file=sys.stderr)
            failed.append(page.id)
            text = ""
        target.write_text(text, encoding="utf-8")
        written += 1
    manifest = {"bench": bench, "shape": shape, "tool": tool_version(shape),
                "pages": len(list(folder.glob("*.txt"))), "failed": failed,
                "made_by": "bench/make_dumps.py", "at": time.strftime("%Y-%m-%d %H:%M:%S")}
    (folder / "MANIFEST.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return written, failed


def verify(shared: Path, bench: str, n: int) -> tuple[int, int]:
    """Remake `n` of news-dev `bench`'s shipped `text80/` dumps with w3m: (identical, compared)."""
    pages = load_pages(shared, bench, "html", None)
    step = max(1, len(pages) // n)
    same = 0
    chosen = pages[::step][:n]
    for page in chosen:
        shipped = (shape_dir(shared, bench, "text80") / f"{page.id}.txt").read_text(encoding="utf-8")
        same += w3m_dump(page.data, page.charset) == tidy(shipped)
    return same, len(chosen)


def main(argv: list[str] | None = None) -> int:
    """Make the requested shapes for the requested benches; 0, or 1 if a page failed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench", default="all", help="benches or groups, comma-separated (default all)")
    parser.add_argument("--shape", default=",".join(MADE_SHAPES),
                        help=f"shapes to make, comma-separated, from {', '.join(MADE_SHAPES)}")
    parser.add_argument("--dumps", type=Path, default=DEFAULT_DUMPS,
                        help=f"cache folder (default {DEFAULT_DUMPS})")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--force", action="store_true", help="remake files that exist")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages (by id)")
    parser.add_argument("--verify", type=int, default=0, metavar="N",
                        help="remake N of each news-dev folder's shipped text80/ dumps and compare")
    args = parser.parse_args(argv)
    try:
        benches = expand_benches(args.bench)
    except ValueError as err:
        parser.error(str(err))
    shapes = [s.strip() for s in args.shape.split(",") if s.strip()]
    unknown = [s for s in shapes if s not in MADE_SHAPES]
    if unknown:
        parser.error(f"cannot make shape(s) {', '.join(unknown)}; makeable: {', '.join(MADE_SHAPES)}")
    failures = 0
    for bench in benches:
        for shape in shapes:
            if shape == "text80" and bench in NEWS:
                print(f"{bench}/text80: shipped in {bench_root(args.shared, bench) / 'text80'}, not made")
                continue
            start = time.perf_counter()
            written, failed = make(args.shared, bench, shape, args.dumps, args.force, args.limit)
            failures += len(failed)
            total = len(page_ids(args.shared, bench))
            print(f"{bench}/{shape}: {written} written, {len(failed)} failed, of {total} "
                  f"pages, {time.perf_counter() - start:.0f}s -> {args.dumps / bench / shape}")
        if args.verify and bench in NEWS:
            same, n = verify(args.shared, bench, args.verify)
            print(f"{bench}/text80: {same} of {n} shipped dumps remade identically by w3m")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
