"""Small corpora for the batch, stream, manifest and Ray tests: the seed pages and the HTML
fixture, replicated with a numbered line so that every copy is a distinct document."""
from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED_RAW = HERE / "fixtures" / "seeds" / "raw"
HTML = HERE / "fixtures" / "html" / "article.html"


def pages() -> list[tuple[str, str]]:
    """(suffix, page text) of the five seed text pages and the HTML article."""
    found = [(".txt", p.read_text(encoding="utf-8")) for p in sorted(SEED_RAW.glob("*.txt"))]
    return [*found, (".html", HTML.read_text(encoding="utf-8"))]


def page(i: int) -> tuple[str, str]:
    """The i-th document of a corpus: a base page with a line that makes it unique."""
    base = pages()
    suffix, text = base[i % len(base)]
    note = f"Copy number {i} of this page, kept for the tests."
    if suffix == ".html":
        return suffix, text.replace("decided now.</p>", f"decided now.</p>\n<p>{note}</p>")
    return suffix, f"{text.rstrip()}\n\n{note}\n"


def make_folder(folder: Path, n: int) -> Path:
    """`folder` with n pages named doc0000.txt / .html ..."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        suffix, text = page(i)
        (folder / f"doc{i:04d}{suffix}").write_text(text, encoding="utf-8")
    return folder


def make_jsonl(path: Path, n: int) -> Path:
    """A JSONL file of n documents: id, text, a url and a metadata object."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            _, text = page(i)
            out.write(json.dumps({"id": f"doc{i}", "text": text, "url": f"https://example.org/{i}",
                                  "metadata": {"crawl": "test"}}) + "\n")
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes, less the manifest."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.startswith(".cleaner-manifest")}
