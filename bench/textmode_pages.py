"""Pages for `train_textmode.py`: dumps (WCXB dev, news-dev; see `textmode_sources.py`) run
through the pipeline up to the `mainregion` stage, their gold texts as clean inputs, synthetic
variants of the WCXB pages (comment threads, teaser lists, recirculation blocks spliced in from
other pages), line labels aligned to the gold text, and the page score."""
from __future__ import annotations

import copy
import difflib
import json
import pickle
import re
import sys
from functools import lru_cache
from multiprocessing import Pool
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from metrics import tokenize, word_bag_scores  # noqa: E402
from textmode_sources import WCXB, Ref, refs  # noqa: E402

from cleaner.config import Config  # noqa: E402
from cleaner.document import Document  # noqa: E402
from cleaner.reading import read_document  # noqa: E402
from cleaner.pipeline import DEFAULT_ORDER, build_pipeline  # noqa: E402
from cleaner.stages.segment import segment_lines  # noqa: E402

BENCH = WCXB
STAGE = "mainregion"


def tokens(text: str) -> list[str]:
    """Lower-cased `\\w+` tokens, each Han / kana character a token of its own (Chinese and
    Japanese have no spaces: `\\w+` would make a whole sentence one token)."""
    return tokenize(text, lower=True, cjk_chars=True)


class Page(NamedTuple):
    """A page prepared for training: the dump (and its variants) as they reach the stage."""

    ref: Ref
    doc: Document
    clean: Document | None  # the gold text itself as an input (every line content)
    synth: tuple[str, Document] | None  # (kind, a synthetic variant of the dump), WCXB pages only


# ---- pages -----------------------------------------------------------------------
@lru_cache(maxsize=1)
def _pipelines():
    pipe = build_pipeline(Config(disable=(STAGE,)))
    at = DEFAULT_ORDER.index(STAGE) if STAGE in DEFAULT_ORDER else DEFAULT_ORDER.index("byline") - 0.5
    before = [s for s in pipe.stages if DEFAULT_ORDER.index(s.name) < at]
    after = [s for s in pipe.stages if DEFAULT_ORDER.index(s.name) > at]
    return before, after


def _prepare(ref: Ref) -> Page:
    raw = ref.path.read_bytes()
    gold, title = ref.gold, ref.title
    if ref.source == "wcxb":  # the gold itself as a clean input, title on top for every other page
        clean_text = (title + "\n\n" + gold) if title and int(ref.pid) % 2 else gold
        kind, synth_text = synthesise(ref.pid, raw.decode("utf-8"), gold, title)
    else:  # news: one clean input per page (its first shape), no synthetic variant
        clean_text = gold if ref.shape == "text" else None
        kind, synth_text = "none", None
    docs = [read_document(raw), read_document(clean_text.encode("utf-8")) if clean_text else None,
            read_document(synth_text.encode("utf-8")) if synth_text else None]
    before, _ = _pipelines()
    for d in docs:
        for stage in before if d is not None else ():
            if stage.applies_to(d):
                stage.run(d)
    return Page(ref, docs[0], docs[1], (kind, docs[2]) if docs[2] is not None else None)


# ---- synthetic pages ---------------------------------------------------------------
# Shapes the dev pages rarely show but full-page dumps do (ScrapingHub's text dumps were
# never looked at for these: they come from the task description): an article written
# as one long line, possibly at the very end of the dump; a comment thread in prose under
# the article; a list of other articles whose lines read like sentences (title and
# summary glued). Each dev page gets one such variant, built from its own dump and gold
# and from other pages' gold titles and paragraphs; labels come from the same alignment.
FIRST_NAMES = ("Mark", "Anna", "Tom", "Julie", "Ahmed", "Sofia", "Ken", "Maria", "David", "Chloe", "Raj",
               "Laura", "Peter", "Emma", "Luis", "Grace", "Sam", "Olga", "Ben", "Nora", "mike", "jen_b")
LAST_NAMES = ("Peters", "Lee", "Ruiz", "Martin", "Khan", "Rossi", "Tanaka", "Smith", "Novak", "Brown",
              "Garcia", "Dupont", "Okafor", "Walsh", "Berg")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


@lru_cache(maxsize=1)
def _donors() -> list[tuple[str, str, list[str]]]:
    """(id, title, paragraphs) of every dev page with a gold text: other pages' words."""
    out = []
    for path in sorted((BENCH / "ground-truth").glob("*.json")):
        gt = json.loads(path.read_text(encoding="utf-8"))["ground_truth"]
        paras = [p.strip() for p in (gt.get("main_content") or "").split("\n") if len(p.split()) >= 12]
        if paras and gt.get("title"):
            out.append((path.stem, gt["title"].strip(), paras))
    return out


def _date(rng) -> str:
    day, month, year = rng.randint(1, 28), rng.choice(MONTHS), rng.randint(2015, 2025)
    hour, minute = rng.randint(1, 12), rng.randint(0, 59)
    return rng.choice((f"{month} {day}, {year} at {hour}:{minute:02d} {rng.choice(('am', 'pm'))}",
                       f"{day} {month} {year}", f"{month} {day}, {year}", f"{rng.randint(2, 23)} hours ago",
                       f"{day:02d}/{rng.randint(1, 12):02d}/{year} {hour:02d}:{minute:02d}",
                       f"{rng.randint(2, 11)} days ago", f"{month[:3]} {day}, {year}"))


def _snippet(rng, paras: list[str], words: tuple[int, int]) -> str:
    sentences = SENTENCE.split(rng.choice(paras))
    start = rng.randrange(len(sentences))
    out = []
    for sentence in sentences[start:]:
        out.append(sentence)
        if len(" ".join(out).split()) >= words[0]:
            break
    text = " ".join(out).split()
    return " ".join(text[:words[1]])


def synth_comments(rng, donors) -> list[str]:
    k = rng.choice((2, 3, 4, 5, 6, 8, 10, 14, 20))
    header = rng.choice((f"{k} Comments", f"{k} comments", "Comments", f"Comments ({k})", "Leave a Reply",
                         f"{k} Responses", "", "", "Discussion", "Reader comments", f"{k} thoughts"))
    lines = [header] if header else []
    framing = rng.random()
    for _ in range(k):
        name = rng.choice(FIRST_NAMES) + (" " + rng.choice(LAST_NAMES) if rng.random() < 0.6 else "")
        date = _date(rng)
        if framing < 0.4:
            lines += [name + rng.choice(("", "", " says:")), date]
        elif framing < 0.7:
            lines.append(f"{name} {rng.choice(('|', 'on', '·', '-'))} {date}")
        elif framing < 0.85:
            lines += [date, name]
        else:
            lines.append(name)
        _, _, paras = rng.choice(donors)
        for _ in range(rng.choice((1, 1, 1, 2, 3))):
            lines.append(_snippet(rng, paras, (8, rng.randint(25, 90))))
        tail = rng.choice(("Reply", "Reply", "Reply ↓", "Like", "Report", "", "", f"{rng.randint(1, 40)} likes", "Log in to Reply"))
        if tail:
            lines.append(tail)
    return lines


def synth_teasers(rng, donors) -> list[str]:
    heading = rng.choice(("Related articles", "You may also like", "More stories", "Trending now", "Latest news",
                          "Popular", "Read next", "", "", "More from this section", "Recommended", "Editor's picks"))
    lines = [heading] if heading else []
    fmt = rng.choice(("title", "glued", "glued", "two_lines", "bullet", "spaced", "title_date"))
    for _ in range(rng.randint(3, 10)):
        _, title, paras = rng.choice(donors)
        summary = _snippet(rng, paras, (10, rng.randint(14, 40)))
        if fmt == "title":
            lines.append(title)
        elif fmt == "glued":
            lines.append(title + summary)
        elif fmt == "two_lines":
            lines += [title, summary]
        elif fmt == "bullet":
            lines.append("  • " + title)
        elif fmt == "spaced":
            lines.append(f"{title} {summary}")
        else:
            lines += [title, _date(rng)]
        if rng.random() < 0.15:
            lines.append(rng.choice(("Read more", "Read more »", "Continue reading")))
    return lines


CATEGORIES = ("World", "U.S.", "Politics", "Business", "Tech", "Sport", "Culture", "Health", "Science",
              "Local", "Opinion", "Entertainment", "Markets", "Travel")


def _stamp(rng) -> str:
    n = rng.randint(1, 59)
    return rng.choice((f"{n}M ago", f"{n % 23 + 1}H ago", f"{n} minutes ago", f"{n % 23 + 1} hours ago",
                       f"updated {n}M ago", _date(rng), f"{n % 12 + 1}:{n:02d} PM", f"{n % 23 + 1}h"))


def _image(rng) -> str:
    word = rng.choice(("rtr", "ap", "getty", "img", "photo", "hero", "thumb", "gettyimages"))
    return rng.choice((f"{word}{rng.randint(100, 99999)}.jpg", f"{word}-{rng.randint(100, 9999)}-620x350.jpg",
                       "[image]", f"[{word}_{rng.randint(1, 999)}]", f"{word}-{rng.choice(CATEGORIES).lower()}.png"))


def synth_recirculation(rng, donors) -> list[str]:
    """A news site's list of other stories: image, section, headline, summary, time stamp."""
    lines = []
    heading = rng.choice(("", "", "More in " + rng.choice(CATEGORIES), "Latest Headlines", "Top Stories",
                          "Most Popular", rng.choice(CATEGORIES)))
    if heading:
        lines.append(heading)
    has_image, has_section, has_summary, has_stamp = (rng.random() < p for p in (0.5, 0.3, 0.6, 0.6))
    for _ in range(rng.randint(4, 25)):
        _, title, paras = rng.choice(donors)
        if has_image:
            lines.append(_image(rng))
        if has_section:
            lines.append(rng.choice(CATEGORIES))
        lines.append(title)
        if has_summary:
            lines.append(_snippet(rng, paras, (8, rng.randint(12, 30))))
        if has_stamp:
            lines.append(_stamp(rng))
    return lines


def synthesise(pid: str, raw: str, gold: str, title: str) -> tuple[str, str]:
    """One variant of the dump `raw`: ("long" | "comments" | "teasers", its text)."""
    import random
    rng = random.Random(int(pid))
    donors = [d for d in _donors() if d[0] != pid]
    raw_lines = raw.split("\n")
    blocks = segment_lines(raw)
    labels = line_labels(blocks, gold, "")
    content = [b.lines[0] - 1 for b, lab in zip(blocks, labels) if lab]
    if not content:
        return "none", raw
    first, last = content[0], content[-1]
    kind = ("long", "comments", "teasers", "news")[int(pid) % 4]
    if kind == "long":
        joined = " ".join(raw_lines[i].strip() for i in content)
        rest = [line for i, line in enumerate(raw_lines) if i not in set(content)]
        at = first if rng.random() < 0.5 else len(rest)
        lines = rest[:at] + ["", joined, ""] + rest[at:]
    elif kind == "comments":
        lines = raw_lines[:last + 1] + [""] + synth_comments(rng, donors) + [""] + raw_lines[last + 1:]
    elif kind == "news":  # a short article drowned in other stories (and sometimes comments)
        after = synth_recirculation(rng, donors) + (synth_comments(rng, donors) if rng.random() < 0.3 else [])
        before = synth_recirculation(rng, donors) if rng.random() < 0.4 else []
        lines = (raw_lines[:first] + [""] + before + [""] + raw_lines[first:last + 1] + [""] + after + [""]
                 + raw_lines[last + 1:])
    else:
        block = [""] + synth_teasers(rng, donors) + [""]
        where = rng.random()
        at = last + 1 if where < 0.5 else first if where < 0.75 else len(raw_lines)
        lines = raw_lines[:at] + block + raw_lines[at:]
    return kind, "\n".join(lines)


def prepare_pages(cache: Path | None, jobs: int, sets: list[tuple[str, str]]) -> list[Page]:
    """Every page of `sets` ((source, shape) pairs) as it reaches the stage, from `cache` when it
    exists (it is written otherwise)."""
    if cache and cache.exists():
        pages = pickle.loads(cache.read_bytes())
        missing = set(sets) - {(p.ref.source, p.ref.shape) for p in pages}
        if not missing:
            return [p for p in pages if (p.ref.source, p.ref.shape) in set(sets)]
        raise SystemExit(f"{cache} lacks {sorted(missing)}: give another --cache path")
    todo = [ref for source, shape in sets for ref in refs(source, shape)]
    with Pool(jobs) as pool:
        pages = pool.map(_prepare, todo, chunksize=8)
    if cache:
        cache.write_bytes(pickle.dumps(pages))
    return pages


# ---- labels ----------------------------------------------------------------------
def line_labels(blocks, gold: str, title: str) -> list[float | None]:
    """Per block: 1.0 content, 0.0 boilerplate, None (no token, no label)."""
    seq: list[str] = []
    owner: list[int] = []
    for i, block in enumerate(blocks):
        for tok in tokens(block.text):
            seq.append(tok)
            owner.append(i)
    matcher = difflib.SequenceMatcher(None, seq, tokens(gold), autojunk=False)
    matched = [0] * len(blocks)
    for a, _, size in matcher.get_matching_blocks():
        for k in range(a, a + size):
            matched[owner[k]] += 1
    title_toks = tokens(title)
    out: list[float | None] = []
    for i, block in enumerate(blocks):
        toks = tokens(block.text)
        if not toks:
            out.append(None)
        elif title_toks and toks == title_toks:
            out.append(1.0)
        else:
            out.append(1.0 if matched[i] >= 0.5 * len(toks) else 0.0)
    return out


def page_f1(pred: str, ref: Ref, title: str | None = None) -> float:
    """Word F1 of `pred` against the page's gold (`bench/metrics.py`'s word bags; Han / kana per
    character on news-dev pages). When the gold includes the headline, `title` (the headline the
    pipeline found) is put on top, as news-dev's README says."""
    if ref.title_in_gold and title:
        pred = title + "\n\n" + pred
    return word_bag_scores(pred, ref.gold, cjk_chars=ref.cjk_chars)["f1"]


def word_f1(pred: str, gold: str, cjk_chars: bool = False) -> float:
    """Word F1 of `pred` against `gold` (`bench/metrics.py`)."""
    return word_bag_scores(pred, gold, cjk_chars=cjk_chars)["f1"]


# ---- model -----------------------------------------------------------------------


def _bare(doc):
    """`doc` as a page in a language without phrase lists would reach the stage: nothing
    removed by the rule stages (and, in `Data.with_lexicon`, no word table)."""
    bare = copy.deepcopy(doc)
    for block in bare.blocks:
        block.dropped = None
    bare.changes = []
    return bare
