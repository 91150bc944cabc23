"""Snapshot every shown benchmark input's outputs, to prove a refactor changes nothing.

    python bench/snapshot.py write /tmp/before.jsonl.gz      # on the old code
    python bench/snapshot.py write /tmp/after.jsonl.gz       # on the new code
    python bench/snapshot.py compare /tmp/before.jsonl.gz /tmp/after.jsonl.gz

`write --sample N` takes about N inputs: every k-th of each folder (k = total / N rounded up,
from the first), the same inputs on any commit. `compare --ignore KEY` leaves a key of the
change entries out (a key added on purpose); `--renames FILE` reads a JSON object of old
`stage:rule` labels to new ones, applied to the old snapshot's changes and counts first
(`bench/renamed_rules.json`: the names built at run time before rules were declared, each
seen on the benchmarks, and the literal rule now logged instead).

One row per input: the clean text, the sidecar's metadata keys and its change log
(`removed`, `fixes`, `warnings`: stage, rule, reason, text, lines), each kept whole so a
difference can be read, not only counted. Inputs: ScrapingHub and WCXB-dev (page and
`text/` dump), news-dev (page, `text/` and `text80/` dumps). `--jobs 2` splits the work.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PARTS = ("text", "meta", "removed", "fixes", "warnings")


def inputs(shared: Path) -> list[tuple[str, str]]:
    """`(key, path)` of every shown benchmark input, sorted."""
    bench = shared / "benchmarks"
    found: list[tuple[str, str]] = []
    for name in ("scrapinghub", "wcxb-dev-articles", "news-dev/fundus", "news-dev/daniel", "news-dev/europa"):
        for sub in ("html", "text", "text80"):
            folder = bench / name / sub
            if folder.is_dir():
                found += [(f"{name}/{sub}/{p.name}", str(p)) for p in sorted(folder.iterdir())]
    return found


def sample(items: list[tuple[str, str]], size: int) -> list[tuple[str, str]]:
    """About `size` of `items`: every k-th input of each folder, from its first."""
    step = max(1, -(-len(items) // size))
    folders: dict[str, list[tuple[str, str]]] = {}
    for item in items:
        folders.setdefault(item[0].rsplit("/", 1)[0], []).append(item)
    return [item for group in folders.values() for item in group[::step]]


def snapshot_one(item: tuple[str, str]) -> dict:
    """The outputs of one input, or its error."""
    from cleaner.api import clean_file
    key, path = item
    try:
        result = clean_file(path)
    except Exception as exc:  # noqa: BLE001 - a snapshot records what happened
        return {"key": key, "error": f"{type(exc).__name__}: {exc}"}
    meta = result.metadata
    top = {k: v for k, v in meta.items() if k not in ("removed", "fixes", "warnings", "stats", "source", "cleaner")}
    return {"key": key, "text": result.text, "meta": top, "removed": meta["removed"],
            "fixes": meta["fixes"], "warnings": meta["warnings"], "stats": meta["stats"]}


def write(out: Path, shared: Path, jobs: int, limit: int | None, size: int | None = None) -> None:
    """Snapshot every input (or a `sample` of about `size`) into `out` (gzip JSONL)."""
    items = sample(inputs(shared), size) if size else inputs(shared)
    items = items[:limit] if limit else items
    with gzip.open(out, "wt", encoding="utf-8") as fh, ProcessPoolExecutor(jobs) as pool:
        for n, row in enumerate(pool.map(snapshot_one, items, chunksize=8), 1):
            fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
            if n % 500 == 0:
                print(f"{n}/{len(items)}", file=sys.stderr)


def load(path: Path) -> dict[str, dict]:
    """Rows of a snapshot by key."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return {row["key"]: row for row in map(json.loads, fh)}


def renamed(row: dict, renames: dict[str, str], ignore: tuple[str, ...]) -> dict:
    """`row` with its changes' labels renamed by `renames` (old `stage:rule` -> new) and the
    `ignore` keys left out of its change entries; the per-rule counts renamed (and merged) too."""
    out = dict(row)
    if isinstance(row.get("meta"), dict):
        out["meta"] = {k: v for k, v in row["meta"].items() if k not in ignore}
    for part in ("removed", "fixes", "warnings"):
        entries = []
        for entry in row.get(part) or []:
            entry = {k: v for k, v in entry.items() if k not in ignore}
            label = renames.get(f"{entry.get('stage')}:{entry.get('rule')}")
            if label:
                entry["stage"], entry["rule"] = label.split(":", 1)
            entries.append(entry)
        out[part] = entries
    if isinstance(row.get("stats"), dict):
        stats = dict(row["stats"])
        for key in ("removed_by_rule", "fixes_by_rule"):
            counts: dict[str, int] = {}
            for label, n in (stats.get(key) or {}).items():
                label = renames.get(label, label)
                counts[label] = counts.get(label, 0) + n
            stats[key] = counts
        out["stats"] = stats
    return out


def compare(before: Path, after: Path, show: int, renames: dict[str, str] | None = None,
            ignore: tuple[str, ...] = (), subset: bool = False) -> int:
    """Print how many inputs differ, per part; 1 when any does. The old rows go through
    `renamed` first, the new ones have their `ignore` keys left out (in the metadata and in
    each change). `subset`: compare only the inputs `after` has (a sample against a whole
    snapshot)."""
    old, new = load(before), load(after)
    if renames or ignore:
        old = {key: renamed(row, renames or {}, ignore) for key, row in old.items()}
        new = {key: renamed(row, {}, ignore) for key, row in new.items()}
    differ: dict[str, list[str]] = {}
    for key in sorted(set(new) if subset else set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if a is None or b is None:
            differ.setdefault("missing", []).append(key)
            continue
        for part in (*PARTS, "stats", "error"):
            if a.get(part) != b.get(part):
                differ.setdefault(part, []).append(key)
    print(f"{len(old)} inputs before, {len(new)} after")
    for part, keys in differ.items():
        print(f"  {part}: {len(keys)} differ, e.g. {', '.join(keys[:show])}")
    print("identical" if not differ else "DIFFERENT")
    return 1 if differ else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("write")
    w.add_argument("out", type=Path)
    w.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    w.add_argument("--jobs", type=int, default=2)
    w.add_argument("--limit", type=int)
    w.add_argument("--sample", type=int, metavar="N", help="about N inputs, every k-th of each folder")
    c = sub.add_parser("compare")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    c.add_argument("--show", type=int, default=5)
    c.add_argument("--subset", action="store_true", help="compare only the inputs AFTER has")
    c.add_argument("--ignore", action="append", default=[], metavar="KEY",
                   help="leave this key of the change entries out (repeatable)")
    c.add_argument("--renames", type=Path, metavar="FILE",
                   help="JSON object: old stage:rule -> new stage:rule, applied to BEFORE")
    args = parser.parse_args(argv)
    if args.cmd == "write":
        write(args.out, args.shared, args.jobs, args.limit, args.sample)
        return 0
    renames = json.loads(args.renames.read_text(encoding="utf-8")) if args.renames else None
    return compare(args.before, args.after, args.show, renames, tuple(args.ignore), args.subset)


if __name__ == "__main__":
    sys.exit(main())
