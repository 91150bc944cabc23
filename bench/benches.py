"""Loading benchmark pages: which benches exist, where their inputs live, in which shape.

Benches: `scrapinghub`, `wcxb` (WCXB-dev articles) and the three news-dev folders
`fundus`, `daniel`, `europa` (scored apart, never pooled). Groups: `both`
(scrapinghub + wcxb, the historical default), `news` (the three folders), `all`.

Shapes of the text-mode input (the html mode always reads `html/<id>.html.gz`):

* `text`: the unwrapped w3m dump shipped with every benchmark (`text/<id>.txt`);
* `text80`: w3m at 80 columns, hard-wrapped; shipped by news-dev (`text80/`), made for
  scrapinghub and wcxb by `bench/make_dumps.py` into the dump cache;
* `inscriptis`, `bs4`: `inscriptis.get_text` and BeautifulSoup's `get_text("\\n")` of the
  same pages, made by `bench/make_dumps.py` for every bench.

A shape that is neither shipped nor in the cache raises `ShapeUnavailable`, which names
the command that makes it; nothing falls back to another shape.
"""
from __future__ import annotations

import gzip
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

BENCHES = ("scrapinghub", "wcxb")  # the historical pair (bench/gate.py's figures)
NEWS = ("fundus", "daniel", "europa")
ALL_BENCHES = (*BENCHES, *NEWS)
GROUPS = {"both": BENCHES, "news": NEWS, "all": ALL_BENCHES}
BENCH_DIRS = {"scrapinghub": "scrapinghub", "wcxb": "wcxb-dev-articles",
              **{name: f"news-dev/{name}" for name in NEWS}}
MODES = ("html", "text")
SHAPES = ("text", "text80", "inscriptis", "bs4", "lynx", "html2text")
MADE_SHAPES = ("text80", "inscriptis", "bs4", "lynx", "html2text")  # what bench/make_dumps.py can make
DEFAULT_DUMPS = Path(os.environ.get("CLEANER_DUMPS", "/tmp/cleaner-dumps"))
CJK_LANGUAGES = ("zh", "ja")  # news-dev pages scored one Han/kana character per token


class ShapeUnavailable(Exception):
    """The requested input shape does not exist (yet) for a bench."""


@dataclass
class Page:
    """One benchmark page: its input (bytes, already gunzipped) and its gold.

    language: the page's language (news-dev `meta.jsonl`; None elsewhere).
    title: the page's headline (news-dev `meta.jsonl`; None elsewhere).
    title_in_gold: the gold starts with the headline (news-dev `gold_includes_title`).
    charset: the page's encoding as w3m was given it (UTF-8 unless meta says otherwise).
    """

    id: str
    path: str
    data: bytes
    gold: str
    with_: list[str] = field(default_factory=list)
    without: list[str] = field(default_factory=list)
    language: str | None = None
    title: str | None = None
    title_in_gold: bool = False
    charset: str = "UTF-8"

    @property
    def cjk(self) -> bool:
        """True for a Chinese or Japanese page (zh, zh-cn, zh-tw, ja), scored per character."""
        return base_language(self.language) in CJK_LANGUAGES


def base_language(code: str | None) -> str | None:
    """`zh-cn` -> `zh`, `de` -> `de`, None -> None (lowercased)."""
    return code.lower().split("-")[0].split("_")[0] if code else None


def expand_benches(names: str) -> list[str]:
    """The benches a comma-separated `--bench` value names (groups expanded, order kept).

    ValueError on an unknown name."""
    out: list[str] = []
    for name in (n.strip() for n in names.split(",") if n.strip()):
        if name in GROUPS:
            members = GROUPS[name]
        elif name in ALL_BENCHES:
            members = (name,)
        else:
            raise ValueError(f"unknown bench {name!r}; known: {', '.join((*ALL_BENCHES, *GROUPS))}")
        out.extend(m for m in members if m not in out)
    return out


def bench_root(shared: Path, bench: str) -> Path:
    """The benchmark folder of `bench` under `shared/benchmarks/`."""
    return shared / "benchmarks" / BENCH_DIRS[bench]


def read_meta(root: Path) -> dict[str, dict]:
    """news-dev `meta.jsonl` as id -> object."""
    rows = (json.loads(line) for line in (root / "meta.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip())
    return {row["id"]: row for row in rows}


def _golds(root: Path, bench: str) -> dict[str, tuple[str, list[str], list[str]]]:
    golds: dict[str, tuple[str, list[str], list[str]]] = {}
    if bench == "scrapinghub":
        truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
        for pid, entry in truth.items():
            golds[pid] = ((entry or {}).get("articleBody") or "", [], [])
    elif bench == "wcxb":
        for path in sorted((root / "ground-truth").glob("*.json")):
            gt = json.loads(path.read_text(encoding="utf-8")).get("ground_truth") or {}
            golds[path.stem] = (gt.get("main_content") or "", list(gt.get("with") or []),
                                list(gt.get("without") or []))
    else:
        for pid in read_meta(root):
            golds[pid] = ((root / "gold" / f"{pid}.txt").read_text(encoding="utf-8"), [], [])
    return golds


def page_ids(shared: Path, bench: str) -> list[str]:
    """Every page id of `bench` (those with a gold entry), sorted."""
    return sorted(_golds(bench_root(shared, bench), bench))


def shape_dir(shared: Path, bench: str, shape: str, dumps: Path = DEFAULT_DUMPS) -> Path:
    """Where the `shape` dumps of `bench` are: the benchmark's own folder when it ships
    them (`text` everywhere, `text80` for news-dev), else `dumps/<bench>/<shape>/`."""
    if shape not in SHAPES:
        raise ValueError(f"unknown shape {shape!r}; known: {', '.join(SHAPES)}")
    shipped = bench_root(shared, bench) / shape
    if shape == "text" or (shape == "text80" and bench in NEWS):
        return shipped
    return dumps / bench / shape


def load_pages(shared: Path, bench: str, mode: str, limit: int | None,
               ids: list[str] | None = None, *, shape: str = "text",
               dumps: Path = DEFAULT_DUMPS) -> list[Page]:
    """The pages of `bench` in `mode` (text mode: in `shape`), sorted by id (or only `ids`,
    in that order; ValueError on an unknown one), the first `limit` of them.

    ShapeUnavailable when the shape's folder lacks a page (with the command that makes it)."""
    root = bench_root(shared, bench)
    golds = _golds(root, bench)
    meta = read_meta(root) if bench in NEWS else {}
    if ids is not None:
        unknown = [pid for pid in ids if pid not in golds]
        if unknown:
            raise ValueError(f"{bench}: no page {unknown[0]!r} in {root} ({len(unknown)} unknown ids)")
    chosen = (sorted(golds) if ids is None else list(ids))[:limit]
    folder = root / "html" if mode == "html" else shape_dir(shared, bench, shape, dumps)
    if mode == "text":
        missing = [pid for pid in chosen if not (folder / f"{pid}.txt").is_file()]
        if missing:
            make = (f"python bench/make_dumps.py --bench {bench} --shape {shape} --dumps {dumps}"
                    if shape in MADE_SHAPES else "")
            raise ShapeUnavailable(
                f"shape {shape!r} is not available for {bench}: {len(missing)} of {len(chosen)} pages "
                f"missing in {folder} (e.g. {missing[0]})" + (f"; make them with: {make}" if make else ""))
    pages = []
    for pid in chosen:
        path = folder / (f"{pid}.html.gz" if mode == "html" else f"{pid}.txt")
        raw = path.read_bytes()
        data = gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
        gold, with_, without = golds[pid]
        info = meta.get(pid, {})
        pages.append(Page(pid, str(path), data, gold, with_, without,
                          language=info.get("language_checked") or info.get("language"),
                          title=info.get("title"), title_in_gold=bool(info.get("gold_includes_title")),
                          charset=info.get("charset") or "UTF-8"))
    return pages
