"""Pages per second and peak memory of `cleaner clean --jsonl`, beside trafilatura alone.

    python bench/throughput.py [--docs 2000] [--big-docs 20000] [--modes text,html]
        [--jobs 1,2] [--folder] [--shared ../shared/benchmarks] [--json OUT]

The benchmark pages (ScrapingHub and WCXB dev articles: `text/*.txt` for text mode,
`html/*.html.gz` for HTML mode) are replicated, in order, into a JSONL corpus of --docs
documents in a temporary folder. Each system runs as its own process tree on that corpus:
`cleaner clean --jsonl IN -o OUT --jobs N --quiet` (HTML through --html-field), and
trafilatura.extract(include_comments=False) over the same lines with a pool of N processes
(text mode: one <p> per dump line, as in bench/quality.py). Wall time includes start-up.
CPU time is user + system of the whole tree (a
shared machine slows the wall clock, not this). Memory is the peak, sampled every 0.1 s, of the process tree's PSS (proportional set size:
pages shared by forked workers counted once), and of its largest process's RSS.
--big-docs repeats the cleaner's text run at --jobs max on a corpus that much larger: its peak
memory over the --docs run's says whether memory stays flat as the corpus grows. --folder adds
a folder run (one .txt + .json per page, fsync'd, and the manifest) at --docs, text, --jobs max.
The package's bytecode is compiled first (`compileall`), as pip compiles an installed package's
and Python writes it on a first run: this VM sets PYTHONDONTWRITEBYTECODE=1, and without it each
cleaner process compiled its modules from source (0.06 s of CPU) where trafilatura's were compiled.
"""
from __future__ import annotations

import argparse
import compileall
import gzip
import html
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from itertools import cycle, islice
from multiprocessing import Pool
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BENCHES = ("scrapinghub", "wcxb-dev-articles")


def load_pages(shared: Path, mode: str) -> list[str]:
    """Every page of both benchmarks for `mode` ("text": the dumps, "html": the pages)."""
    pages: list[str] = []
    for bench in BENCHES:
        if mode == "text":
            files = sorted((shared / bench / "text").glob("*.txt"))
            pages += [p.read_text(encoding="utf-8") for p in files]
        else:
            files = sorted((shared / bench / "html").glob("*.html.gz"))
            pages += [gzip.decompress(p.read_bytes()).decode("utf-8", errors="replace") for p in files]
    if not pages:
        raise SystemExit(f"no {mode} pages under {shared}")
    return pages


def write_corpus(path: Path, pages: list[str], n: int, field: str) -> Path:
    """n documents cycling through `pages`, one JSON object per line: id and `field`."""
    with path.open("w", encoding="utf-8") as out:
        for i, page in enumerate(islice(cycle(pages), n)):
            out.write(json.dumps({"id": str(i), field: page}, ensure_ascii=False) + "\n")
    return path


# ---- memory of a process tree ------------------------------------------------
def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _descendants(pid: int) -> list[int]:
    tree, found, todo = _children(), [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += tree.get(current, [])
    return found


def _kib(pid: int, file: str, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/{file}").read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def measure(cmd: list[str]) -> dict[str, float]:
    """Run `cmd`; its wall time and CPU time (user + system of the whole tree, s), peak tree
    PSS and peak largest-process RSS (MiB), and the load average of the minute before it."""
    load = os.getloadavg()[0]
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = {"pss": 0, "rss": 0}

    def sample() -> None:
        while proc.poll() is None:
            pids = _descendants(proc.pid)
            pss = sum(_kib(p, "smaps_rollup", "Pss:") for p in pids)
            rss = max((_kib(p, "status", "VmRSS:") for p in pids), default=0)
            peak["pss"], peak["rss"] = max(peak["pss"], pss), max(peak["rss"], rss)
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    err = proc.communicate()[1]
    seconds = time.perf_counter() - started
    sampler.join()
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    if proc.returncode not in (0, 1):  # 1: some page could not be cleaned, reported
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err.decode()[-2000:]}")
    return {"seconds": seconds, "cpu_s": cpu, "pss_mib": peak["pss"] / 1024,
            "rss_mib": peak["rss"] / 1024, "load_before": load}


# ---- trafilatura alone (run by this script in a child process) -----------------
def _as_html(text: str) -> str:
    paragraphs = "\n".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    return f"<html><head><meta charset=\"utf-8\"></head><body>\n{paragraphs}\n</body></html>"


def _trafilatura_line(item: tuple[str, str]) -> str:
    import trafilatura

    line, mode = item
    record = json.loads(line)
    page = record["html"] if mode == "html" else _as_html(record["text"])
    text = trafilatura.extract(page, include_comments=False) or ""
    return json.dumps({"id": record["id"], "text": text}, ensure_ascii=False) + "\n"


def trafilatura_run(src: str, dst: str, jobs: int, mode: str) -> None:
    """trafilatura.extract over the JSONL `src` into `dst`, in order, with `jobs` processes."""
    import trafilatura  # noqa: F401  (loaded before the fork, as the cleaner's pipeline is)

    with open(src, encoding="utf-8") as lines, open(dst, "w", encoding="utf-8") as out:
        items: Iterator[tuple[str, str]] = ((line, mode) for line in lines)
        if jobs == 1:
            out.writelines(map(_trafilatura_line, items))
            return
        with Pool(jobs) as pool:  # imap reads ahead, but the corpus here is a local file
            out.writelines(pool.imap(_trafilatura_line, items, chunksize=16))


# ---- the benchmark -------------------------------------------------------------
def cleaner_cmd(src: Path, dst: Path, jobs: int, mode: str) -> list[str]:
    cmd = [sys.executable, "-m", "cleaner", "clean", "--jsonl", str(src), "-o", str(dst),
           "--jobs", str(jobs), "--quiet"]
    return cmd + (["--html-field", "html"] if mode == "html" else [])


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    """Every measurement the options ask for, printed as it is made."""
    rows: list[dict[str, Any]] = []
    jobs_list = [int(j) for j in args.jobs.split(",")]
    compileall.compile_dir(REPO / "cleaner", quiet=1)
    with tempfile.TemporaryDirectory(prefix="cleaner-bench-") as tmp_name:
        tmp = Path(tmp_name)

        def record(mode: str, system: str, jobs: int, docs: int, cmd: list[str]) -> dict[str, Any]:
            row = {"mode": mode, "system": system, "jobs": jobs, "docs": docs, **measure(cmd)}
            row["pages_per_s"] = docs / row["seconds"]
            row["pages_per_cpu_s"] = docs / row["cpu_s"]
            rows.append(row)
            print(f"{mode:5} {system:12} jobs {jobs}  {docs:6} docs  {row['seconds']:7.1f} s  "
                  f"{row['pages_per_s']:6.1f} pages/s  {row['pages_per_cpu_s']:6.1f} pages/cpu-s  "
                  f"peak PSS {row['pss_mib']:6.1f} MiB  largest RSS {row['rss_mib']:6.1f} MiB  "
                  f"(load before {row['load_before']:.1f})", flush=True)
            return row

        for mode in args.modes.split(","):
            field = "html" if mode == "html" else "text"
            pages = load_pages(args.shared, mode)
            src = write_corpus(tmp / f"{mode}.jsonl", pages, args.docs, field)
            print(f"# {mode}: {len(pages)} benchmark pages, {args.docs} documents, "
                  f"{src.stat().st_size / args.docs / 1024:.1f} KiB each on average", flush=True)
            for jobs in jobs_list:
                record(mode, "cleaner", jobs, args.docs, cleaner_cmd(src, tmp / "out.jsonl", jobs, mode))
                record(mode, "trafilatura", jobs, args.docs,
                       [sys.executable, __file__, "--trafilatura", str(src), str(tmp / "out.jsonl"),
                        "--jobs", str(jobs), "--modes", mode])
            if mode == "text" and args.folder:
                folder = tmp / "pages"
                folder.mkdir()
                for i, page in enumerate(islice(cycle(pages), args.docs)):
                    (folder / f"{i:06d}.txt").write_text(page, encoding="utf-8")
                record(mode, "cleaner-dir", max(jobs_list), args.docs,
                       [sys.executable, "-m", "cleaner", "clean", str(folder), str(tmp / "outdir"),
                        "--jobs", str(max(jobs_list)), "--quiet"])
            if mode == "text" and args.big_docs:
                big = write_corpus(tmp / "big.jsonl", pages, args.big_docs, field)
                record(mode, "cleaner", max(jobs_list), args.big_docs,
                       cleaner_cmd(big, tmp / "out.jsonl", max(jobs_list), mode))
                big.unlink()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=2000, help="documents per run (default: %(default)s)")
    parser.add_argument("--big-docs", type=int, default=20000,
                        help="documents of the memory run, text mode (default: %(default)s; 0: none)")
    parser.add_argument("--modes", default="text,html", help="text, html or both (default: %(default)s)")
    parser.add_argument("--jobs", default="1,2", help="process counts (default: %(default)s)")
    parser.add_argument("--folder", action="store_true", help="add a folder run (files and manifest)")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "benchmarks",
                        help="the benchmarks folder (default: %(default)s)")
    parser.add_argument("--json", type=Path, default=None, help="write the measurements here too")
    parser.add_argument("--trafilatura", nargs=2, metavar=("IN", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.trafilatura:
        trafilatura_run(*args.trafilatura, int(args.jobs), args.modes)
        return 0
    rows = run(args)
    summarise(rows)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n")
    return 0


def summarise(rows: list[dict[str, Any]]) -> None:
    """The ratios the targets are about: speed-up of the most jobs, memory of the big run."""
    def find(mode: str, system: str, jobs: int, docs: int) -> dict[str, Any] | None:
        return next((r for r in rows if (r["mode"], r["system"], r["jobs"], r["docs"]) == (mode, system, jobs, docs)), None)

    jobs = sorted({r["jobs"] for r in rows})
    for mode in sorted({r["mode"] for r in rows}):
        for system in ("cleaner", "trafilatura"):
            docs = min(r["docs"] for r in rows if r["mode"] == mode)
            one, most = find(mode, system, jobs[0], docs), find(mode, system, jobs[-1], docs)
            if one and most and most is not one:
                print(f"# {mode} {system}: jobs {jobs[-1]} / jobs {jobs[0]} = "
                      f"{most['pages_per_s'] / one['pages_per_s']:.2f}x")
    small = [r for r in rows if r["mode"] == "text" and r["system"] == "cleaner" and r["jobs"] == jobs[-1]]
    if len(small) >= 2:
        low, high = min(small, key=lambda r: r["docs"]), max(small, key=lambda r: r["docs"])
        print(f"# text cleaner jobs {jobs[-1]}: peak PSS {high['docs']} docs / {low['docs']} docs = "
              f"{high['pss_mib'] / low['pss_mib']:.2f}x, largest RSS "
              f"{high['rss_mib'] / low['rss_mib']:.2f}x")


if __name__ == "__main__":
    sys.exit(main())
