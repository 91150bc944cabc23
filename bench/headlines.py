"""Headline, author and body quality of text-dump metadata on news-dev (and WCXB dev).

    python bench/headlines.py                          # every news-dev folder, text and text80, + wcxb
    python bench/headlines.py --folders fundus --shapes text --limit 50
    python bench/headlines.py --f1-sample 300 --json /tmp/after.json    # + word F1 on a sample
    python bench/headlines.py --compare /tmp/before.json /tmp/after.json # two runs side by side

Per folder and dump shape (`text`: one line per block, `text80`: wrapped at 80 columns):

* **exact**: pages whose `metadata["title"]` equals the gold headline (`meta.jsonl` `title`;
  WCXB: `ground_truth.title`) once white space is collapsed, over all pages;
* **ceiling**: pages whose gold headline is a whole block of the dump once segmented and
  unwrapped (the best a reader of lines can do); **exact/ceiling** is accuracy within it;
* **given**: pages with a title; **precision**: exact / given (a wrong title is worse than none);
  **lenient precision**: titles equal to the gold but for case, quotes, dashes, soft hyphens or
  a site name after a separator; **headline-word precision**: titles half of whose words, or
  more, are words of the gold headline (a variant of it, not a caption or a line of prose);
* **author**: among pages whose dump has a byline line (a short line opening with a byline
  prefix of the page's language; WCXB: a short line holding the gold author), the share
  with an author found.

`--f1-sample N` also scores the clean text of N pages per folder and shape (evenly spaced ids)
with the WCXB word-bag F1; for pages whose gold includes the headline, the title found is
put before the text, as `news-dev/README.md` says.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.metrics import word_bag_scores  # noqa: E402
from cleaner.api import clean  # noqa: E402
from cleaner.patterns import load_patterns  # noqa: E402

SHARED = REPO.parent / "shared" / "benchmarks"
FOLDERS = ("fundus", "daniel", "europa")
SHAPES = ("text", "text80")
BYLINE_MAX_WORDS = 12
SPACES = re.compile(r"\s+")


def ws(text: str | None) -> str:
    """`text` with white space collapsed and stripped ("" for None)."""
    return SPACES.sub(" ", text or "").strip()


QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
                        "–": "-", "—": "-", "\xad": None, "\u200b": None})
SITE_SEPARATORS = (" - ", " | ", " :: ", " · ", " // ")
TOKEN = re.compile(r"\w+")


def loose(text: str | None) -> str:
    """`text` for a lenient comparison: NFKC, one kind of quote and dash, no soft hyphen,
    case-folded, white space collapsed."""
    return ws(unicodedata.normalize("NFKC", text or "").translate(QUOTES)).casefold()


def same_headline(title: str | None, gold: str | None) -> bool:
    """The same headline but for case, quotes, dashes, soft hyphens, or the site's name after
    a separator on either side ("Title - Site")."""
    a, b = loose(title), loose(gold)
    if not a or not b:
        return False
    if a == b:
        return True
    return any(b.startswith(a + sep) for sep in SITE_SEPARATORS) or any(a.startswith(b + sep) for sep in SITE_SEPARATORS)


def overlapping(title: str | None, gold: str | None, share: float = 0.5) -> bool:
    """At least `share` of the title's words are words of the gold headline (a variant of the
    headline, not a line of prose or a caption)."""
    words, gold_words = TOKEN.findall(loose(title)), set(TOKEN.findall(loose(gold)))
    return bool(words) and sum(w in gold_words for w in words) >= share * len(words)


def load_tasks(shared: Path, folders: list[str], shapes: list[str], wcxb: bool,
               limit: int | None) -> list[dict[str, Any]]:
    """One task per page and shape: where its dump is and what its gold says."""
    tasks: list[dict[str, Any]] = []
    for folder in folders:
        base = shared / "news-dev" / folder
        metas = [json.loads(line) for line in (base / "meta.jsonl").read_text(encoding="utf-8").splitlines()]
        metas.sort(key=lambda m: m["id"])
        for shape in shapes:
            for meta in metas[:limit]:
                tasks.append({"set": f"{folder}/{shape}", "id": meta["id"], "path": str(base / shape / f"{meta['id']}.txt"),
                              "gold_path": str(base / "gold" / f"{meta['id']}.txt"), "title": meta.get("title"),
                              "lang": meta.get("language_checked"), "with_title": bool(meta.get("gold_includes_title")),
                              "author": None})
    if wcxb:
        base = shared / "wcxb-dev-articles"
        for path in sorted((base / "ground-truth").glob("*.json"))[:limit]:
            truth = json.loads(path.read_text(encoding="utf-8")).get("ground_truth") or {}
            tasks.append({"set": "wcxb/text", "id": path.stem, "path": str(base / "text" / f"{path.stem}.txt"),
                          "gold_path": None, "gold": truth.get("main_content") or "", "title": truth.get("title"),
                          "lang": "en", "with_title": False, "author": truth.get("author") or None})
    return tasks


_PREFIXES: dict[str, re.Pattern[str] | None] = {}


def byline_line(lang: str | None) -> re.Pattern[str] | None:
    """A line opening with a byline prefix of `lang` (None for a language without any)."""
    if lang not in _PREFIXES:
        patterns = load_patterns()
        prefixes = patterns.entries(lang, "byline", "prefixes") if lang in patterns.languages else []
        alt = "|".join(f"(?:{p})" for p in prefixes)
        _PREFIXES[lang] = re.compile(rf"^(?:{alt})(?:\s*:)?\s+\w", re.IGNORECASE) if alt else None  # type: ignore[index]
    return _PREFIXES[lang]  # type: ignore[index]


def run_task(task: dict[str, Any], f1: bool) -> dict[str, Any]:
    """Clean one dump; what its metadata and blocks say against the gold."""
    data = Path(task["path"]).read_bytes()
    result = clean(data, source=task["path"])
    meta = result.metadata
    blocks = result.document.blocks
    lines = [ws(b.original) for b in blocks] + [ws(b.text) for b in blocks]
    gold = ws(task["title"])
    row: dict[str, Any] = {"set": task["set"], "id": task["id"], "gold": gold, "title": meta.get("title"),
                           "exact": bool(gold) and ws(meta.get("title")) == gold,
                           "lenient": same_headline(meta.get("title"), gold),
                           "overlap": overlapping(meta.get("title"), gold),
                           "ceiling": bool(gold) and gold in lines, "author": meta.get("author"),
                           "published": meta.get("published"), "found_by": meta.get("found_by", {})}
    if task["author"]:
        who = task["author"].casefold()
        row["has_byline"] = any(who in line.casefold() and len(line.split()) <= BYLINE_MAX_WORDS for line in lines)
    else:
        rx = byline_line(task["lang"])
        row["has_byline"] = bool(rx) and any(rx.match(line) and len(line.split()) <= BYLINE_MAX_WORDS
                                              for line in lines)  # type: ignore[union-attr]
    if f1:
        gold_text = task.get("gold")
        if gold_text is None:
            gold_text = Path(task["gold_path"]).read_text(encoding="utf-8")
        pred = result.text
        if task["with_title"] and meta.get("title"):
            pred = meta["title"] + "\n\n" + pred
        row["f1"] = word_bag_scores(pred, gold_text)["f1"]
    return row


def _run(args: tuple[dict[str, Any], bool]) -> dict[str, Any]:
    try:
        return run_task(*args)
    except Exception as exc:  # a page that fails is counted, never stops the run
        task = args[0]
        return {"set": task["set"], "id": task["id"], "error": repr(exc), "gold": ws(task["title"]), "title": None,
                "exact": False, "ceiling": False, "author": None, "has_byline": False}


def rescored(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`rows` of a saved run with the title comparisons made again (runs saved before a
    comparison was added have it too)."""
    for row in rows:
        row["exact"] = bool(row["gold"]) and ws(row["title"]) == row["gold"]
        row["lenient"] = same_headline(row["title"], row["gold"])
        row["overlap"] = overlapping(row["title"], row["gold"])
    return rows


def summarise(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The figures of each set (folder/shape)."""
    out: dict[str, dict[str, Any]] = {}
    for name in dict.fromkeys(r["set"] for r in rows):
        part = [r for r in rows if r["set"] == name]
        given = [r for r in part if r["title"]]
        ceiling = [r for r in part if r["ceiling"]]
        bylined = [r for r in part if r["has_byline"]]
        f1s = [r["f1"] for r in part if r.get("f1") is not None]
        out[name] = {"pages": len(part), "exact": sum(r["exact"] for r in part), "ceiling": len(ceiling),
                     "lenient": sum(r.get("lenient", False) for r in part),
                     "overlap": sum(r.get("overlap", False) for r in given),
                     "exact_in_ceiling": sum(r["exact"] for r in ceiling), "given": len(given),
                     "bylined": len(bylined), "author_found": sum(bool(r["author"]) for r in bylined),
                     "author_any": sum(bool(r["author"]) for r in part),
                     "f1": sum(f1s) / len(f1s) if f1s else None, "f1_pages": len(f1s),
                     "errors": sum("error" in r for r in part)}
    return out


def _pct(a: int, b: int) -> str:
    return f"{a / b:.1%}" if b else "-"


def print_table(summary: dict[str, dict[str, Any]], before: dict[str, dict[str, Any]] | None = None) -> None:
    """A Markdown table of the figures (with `before`: each figure as before -> after)."""
    head = ("| set | pages | exact | ceiling | exact/ceiling | given | precision | lenient precision "
            "| headline-word precision | byline pages | author found | word F1 |")
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    for name, s in summary.items():
        b = (before or {}).get(name)

        def both(fmt: Any) -> str:
            return f"{fmt(b)} -> {fmt(s)}" if b else fmt(s)
        print(f"| {name} | {s['pages']} | {both(lambda x: _pct(x['exact'], x['pages']))} | "
              f"{s['ceiling']} ({_pct(s['ceiling'], s['pages'])}) | "
              f"{both(lambda x: _pct(x['exact_in_ceiling'], x['ceiling']))} | "
              f"{both(lambda x: str(x['given']))} | {both(lambda x: _pct(x['exact'], x['given']))} | "
              f"{both(lambda x: _pct(x.get('lenient', 0), x['given']))} | "
              f"{both(lambda x: _pct(x.get('overlap', 0), x['given']))} | "
              f"{s['bylined']} | {both(lambda x: _pct(x['author_found'], x['bylined']))} | "
              f"{both(lambda x: '-' if x['f1'] is None else format(x['f1'], '.4f'))} |")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=SHARED, help="the benchmarks folder")
    parser.add_argument("--folders", default=",".join(FOLDERS), help="news-dev folders (comma-separated)")
    parser.add_argument("--shapes", default=",".join(SHAPES), help="dump shapes: text, text80")
    parser.add_argument("--no-wcxb", action="store_true", help="leave WCXB dev out")
    parser.add_argument("--limit", type=int, help="first N pages (sorted ids) of each folder")
    parser.add_argument("--f1-sample", type=int, default=0, help="score the text of N pages per set (0: none)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes")
    parser.add_argument("--json", type=Path, help="write every row and the summary here")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"),
                        help="print two --json runs side by side and stop")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation (or compare two runs) and print the table."""
    args = parse_args(argv)
    if args.compare:
        before, after = (summarise(rescored(json.loads(p.read_text(encoding="utf-8"))["rows"])) for p in args.compare)
        print_table(after, before)
        return 0
    tasks = load_tasks(args.shared, [f for f in args.folders.split(",") if f], args.shapes.split(","),
                       not args.no_wcxb, args.limit)
    sampled: set[tuple[str, str]] = set()
    if args.f1_sample:
        for name in dict.fromkeys(t["set"] for t in tasks):
            ids = [t["id"] for t in tasks if t["set"] == name]
            step = max(1, len(ids) // args.f1_sample)
            sampled |= {(name, i) for i in ids[::step][:args.f1_sample]}
    work = [(t, (t["set"], t["id"]) in sampled) for t in tasks]
    with ProcessPoolExecutor(args.jobs) as pool:
        rows = list(pool.map(_run, work, chunksize=8))
    summary = summarise(rows)
    print_table(summary)
    errors = [r for r in rows if "error" in r]
    for r in errors[:10]:
        print(f"error: {r['set']} {r['id']}: {r['error']}", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "rows": rows}, ensure_ascii=False, indent=0),
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
