"""Where `train_textmode.py`'s pages come from: WCXB dev and the three news-dev folders, in
one or more dump shapes, with their gold text, headline, language, site (the group of
cross-validation) and training weight.

Sources and shapes (`--sets`, e.g. `wcxb:text,fundus:text,fundus:text80`):

* `wcxb`: `wcxb-dev-articles/text/<id>.txt`, gold `ground-truth/<id>.json` main_content;
  its gold never includes the title. Site: the `url` host.
* `fundus`, `daniel`, `europa`: `news-dev/<folder>/<shape>/<id>.txt` (`text`: one line per
  block; `text80`: hard-wrapped at 80 columns), gold `gold/<id>.txt`, `meta.jsonl` for the
  language (`language_checked`), headline and `gold_includes_title`. Site: the `url` host, or
  the id (daniel `YYYYMMDD_host_hash`, fundus `cc_Publisher_date`); europa is one site.

ScrapingHub is the report set: it is not a source here.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT.parent / "shared" / "benchmarks"  # ../shared beside the repository
WCXB = BENCHMARKS / "wcxb-dev-articles"
NEWS = BENCHMARKS / "news-dev"
SOURCES = ("wcxb", "fundus", "daniel", "europa")
SHAPES = ("text", "text80")
DEFAULT_SETS = "wcxb:text,fundus:text,fundus:text80,daniel:text,daniel:text80,europa:text,europa:text80"
# Training weight of one page in one shape. europa is one template (a model learns it by
# heart); daniel has 1,631 pages of 2011-2012 in 5 languages and would swamp the others.
DEFAULT_WEIGHTS = "wcxb=3,fundus=1,daniel=0.3,europa=0.05"


@dataclass(frozen=True)
class Ref:
    """One page in one dump shape, before it is read."""

    source: str
    shape: str
    pid: str
    site: str
    gold: str
    title: str
    title_in_gold: bool
    lang: str | None

    @property
    def path(self) -> Path:
        """The dump file."""
        base = WCXB if self.source == "wcxb" else NEWS / self.source
        return base / self.shape / f"{self.pid}.txt"

    @property
    def key(self) -> str:
        """The page, whatever its shape."""
        return f"{self.source}/{self.pid}"

    @property
    def cjk_chars(self) -> bool:
        """Score with Han / kana counted per character (news-dev pages, as its README says;
        WCXB keeps its published metric)."""
        return self.source != "wcxb"


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host[4:] if host.startswith("www.") else host or None


def site_of(source: str, pid: str, url: str | None) -> str:
    """The site a page belongs to: the group of cross-validation."""
    if source == "europa":
        return "europa.eu"
    host = _host(url)
    if source == "daniel":  # YYYYMMDD_host_hash
        part = pid.split("_")[1]
        host = part[4:] if part.startswith("www.") else part
    elif source == "fundus" and not host:  # cc_Publisher_date
        host = pid.split("_")[1]
    return f"{source}:{host or pid}"


@lru_cache(maxsize=8)
def _news_meta(folder: str) -> dict[str, dict]:
    rows = (json.loads(line) for line in (NEWS / folder / "meta.jsonl").read_text(encoding="utf-8").splitlines() if line)
    return {row["id"]: row for row in rows}


def refs(source: str, shape: str) -> list[Ref]:
    """Every usable page of `source` in `shape` (pages without gold or with an empty dump are left out)."""
    out = []
    if source == "wcxb":
        if shape != "text":
            raise ValueError("wcxb has text dumps only")
        for path in sorted((WCXB / "text").glob("*.txt")):
            spec = json.loads((WCXB / "ground-truth" / f"{path.stem}.json").read_text(encoding="utf-8"))
            gt = spec["ground_truth"]
            if gt.get("main_content") is None or not path.read_bytes().strip():
                continue
            out.append(Ref("wcxb", shape, path.stem, site_of("wcxb", path.stem, spec.get("url")), gt["main_content"],
                           gt.get("title") or "", False, None))
        return out
    for pid, meta in sorted(_news_meta(source).items()):
        gold_path, dump = NEWS / source / "gold" / f"{pid}.txt", NEWS / source / shape / f"{pid}.txt"
        if not gold_path.exists() or not dump.exists() or not dump.read_bytes().strip():
            continue
        out.append(Ref(source, shape, pid, site_of(source, pid, meta.get("url")),
                       gold_path.read_text(encoding="utf-8"), meta.get("title") or "",
                       bool(meta.get("gold_includes_title")), meta.get("language_checked")))
    return out


def parse_sets(text: str) -> list[tuple[str, str]]:
    """"wcxb:text,daniel:text80" -> [("wcxb", "text"), ("daniel", "text80")]."""
    out = []
    for item in filter(None, (s.strip() for s in text.split(","))):
        source, _, shape = item.partition(":")
        if source not in SOURCES or (shape or "text") not in SHAPES:
            raise ValueError(f"unknown set {item!r}: sources {SOURCES}, shapes {SHAPES}")
        out.append((source, shape or "text"))
    return out


def parse_weights(text: str) -> dict[str, float]:
    """"wcxb=1,daniel=0.2" -> {"wcxb": 1.0, "daniel": 0.2} (a source not named weighs 1)."""
    out = dict.fromkeys(SOURCES, 1.0)
    for item in filter(None, (s.strip() for s in text.split(","))):
        source, _, value = item.partition("=")
        if source not in SOURCES:
            raise ValueError(f"unknown source {source!r} in weights")
        out[source] = float(value)
    return out
