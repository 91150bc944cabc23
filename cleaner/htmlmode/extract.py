"""The `html` stage's extraction: trafilatura's main content, a second opinion when it
looks short, and the result turned into `(kind, text)` blocks.

trafilatura's own extractor runs in its `fast` mode, without its second opinions
(readability, jusText): they cost a third of its time and replace its result on a few
pages in a hundred. Whether another candidate could win is decided from the own result
and the page (`second_opinion_needed`); only then does readability run, and it wins by
the rules trafilatura itself applies (`prefer_readability`). When the own result is under
a quarter of the page (under-extraction, where trafilatura would try jusText, ten times
slower), the page's paragraphs as trafilatura's baseline reads them are a third candidate:
taken when twice as long as the own result, longer than readability's, and mostly prose
(`prose_share`: not a dump of menus). A small page gets trafilatura's whole cascade: it
costs next to nothing there.
"""
from __future__ import annotations

import copy
import re
from functools import lru_cache
from typing import Any

from lxml import etree
from lxml.etree import _Element

from .prune import non_white


@lru_cache(maxsize=1)
def _second_opinion() -> tuple[Any, Any, Any]:
    """trafilatura's readability fork, the post-processing it applies to its output and its
    options class (Nones when a trafilatura moved them: its full cascade instead)."""
    try:
        from trafilatura.external import sanitize_tree, try_readability
        from trafilatura.settings import Extractor
    except ImportError:  # pragma: no cover
        return None, None, None
    return sanitize_tree, try_readability, Extractor

SMALL_PAGE = 500  # characters of text (white space excluded): below, the full cascade runs
MIN_EXTRACTED = 250  # trafilatura's MIN_EXTRACTED_SIZE, in characters
UNDER_EXTRACTED = 0.25  # own text under this share of the page's: trafilatura's recall retry zone
BASELINE_SHARE = 0.5  # one bare paragraph with this share of the page's text: the baseline rescue
RATIO = 2.0  # readability replaces the own result when this much longer (trafilatura's rule)
RETRY_RATIO = 1.5  # ... and after an under-extraction, when this much longer (its recall rule)
RESCUE_RATIO = 2.0  # after an under-extraction, the page's paragraphs win when this much longer
MIN_PROSE = 0.6  # ... and when this share of their text is prose
PROSE_WORDS = 12  # words in a paragraph of prose
_SPACES = re.compile(r"[ \t\n\r\f\v]+")
_STRING = etree.XPath("string(.)")


class Candidate:
    """An extraction result: its tree (trafilatura's XML), its size (characters, white space
    excluded) and, when asked, its text."""

    def __init__(self, body: _Element | None) -> None:
        self.body = body
        self.size = non_white(_STRING(body)) if body is not None else 0

    @property
    def text(self) -> str:
        """The text, pieces joined by one space."""
        return " ".join(" ".join(self.body.itertext()).split()) if self.body is not None else ""


def extract_body(tree: _Element, page: int) -> _Element | None:
    """The main-content tree of the pruned page `tree` (`page`: its characters of text)."""
    import trafilatura  # here, not at import: text input never loads it

    if page < SMALL_PAGE or _second_opinion()[1] is None:
        result = trafilatura.bare_extraction(tree, include_comments=False)
        return result.body if result is not None else None
    result = trafilatura.bare_extraction(tree, options=_options(fast=True))
    own = Candidate(result.body if result is not None else None)
    why = second_opinion_needed(tree, own, page)
    if not why:
        return own.body
    best = own
    other = readability(tree)
    if prefer_readability(own, other, why):
        best = other
    if why == "retry":  # the page's paragraphs, as trafilatura's baseline reads them
        rest = baseline(tree)
        if rest.size > max(RESCUE_RATIO * own.size, best.size) and prose_share(rest) >= MIN_PROSE:
            best = rest
    return best.body


def second_opinion_needed(tree: _Element, own: Candidate, page: int) -> str:
    """Why another candidate could replace the own result (empty: none could).

    "empty"/"baseline": the own extractor found next to nothing (one bare paragraph holding
    most of the page's text is trafilatura's baseline rescue); "retry": the own text is
    under a quarter of the page's, a sign of under-extraction; "structure": it has no
    paragraph text, or more tables than paragraphs; "short": it is under half of the page's
    text, so readability's, part of the page's, can be twice as long."""
    body = own.body
    if body is None or not own.size:
        return "empty"
    if len(body) == 1 and own.size >= BASELINE_SHARE * page and _bare_paragraphs(body):
        return "baseline"
    if own.size < UNDER_EXTRACTED * page:
        return "retry"
    if not _has_paragraph_text(body) or len(body.findall(".//table")) > len(body.findall(".//p")):
        return "structure"
    return "short" if own.size * 2 < page else ""


def prefer_readability(own: Candidate, other: Candidate, why: str) -> bool:
    """trafilatura's rules for replacing its own result by readability's (`compare_extraction`,
    and the more lenient one of its recall retry); readability grabbing raw JSON never wins."""
    if other.body is None or not other.size or other.size == own.size or other.text.startswith("{"):
        return False
    if why in ("empty", "baseline"):
        return other.size >= 2 * MIN_EXTRACTED
    if why == "retry":
        return other.size > RETRY_RATIO * own.size
    if why == "structure":
        return other.size > 2 * MIN_EXTRACTED and own.size <= RATIO * other.size
    return other.size > RATIO * own.size


def readability(tree: _Element) -> Candidate:
    """readability's main content of `tree`, post-processed as trafilatura does."""
    sanitize_tree, try_readability, _ = _second_opinion()
    try:
        found = try_readability(copy.copy(tree))
        body, _ = sanitize_tree(found, _options(fast=False))
    except Exception:  # readability raises on odd trees; no second opinion then
        return Candidate(None)
    return Candidate(body)


def baseline(tree: _Element) -> Candidate:
    """trafilatura's baseline on the pruned page: its paragraphs, or its whole text (one
    paragraph per line)."""
    import trafilatura

    try:
        body, _, _ = trafilatura.baseline(tree)
    except Exception:
        return Candidate(None)
    if len(body) == 1 and "\n" in (body[0].text or ""):
        lines = (body[0].text or "").split("\n")
        body.remove(body[0])
        for line in lines:
            if line.strip():
                etree.SubElement(body, "p").text = line
    return Candidate(body)


def prose_share(candidate: Candidate) -> float:
    """The share of the text in paragraphs of at least PROSE_WORDS words: low for a dump of
    menus and link lists."""
    sizes = [(len(t), t.count(" ") + 1) for t in (" ".join(p.itertext()).strip() for p in candidate.body) if t]
    total = sum(n for n, _ in sizes)
    return sum(n for n, words in sizes if words >= PROSE_WORDS) / total if total else 0.0


@lru_cache(maxsize=2)
def _options(fast: bool) -> Any:
    """trafilatura's options, built once: no comments, XML output (no text rendering)."""
    return _second_opinion()[2](output_format="xml", fast=fast, comments=False)


def _has_paragraph_text(body: _Element) -> bool:
    """Whether any <p> under `body` holds text: XPath's `.//p//text()`, which libxml2
    answers in quadratic time on a body of many paragraphs (200,000: minutes)."""
    return any(True for p in body.iterdescendants("p") for _ in p.itertext())


def _bare_paragraphs(body: _Element) -> bool:
    return all(c.tag == "p" and not len(c) and not c.attrib for c in body)


# ---- trafilatura output -> blocks ---------------------------------------------------

BLOCKISH = frozenset({"p", "head", "list", "item", "quote", "table", "row", "cell", "code", "div"})
KINDS = {"p": "paragraph", "head": "heading", "quote": "quote", "code": "code"}

def element_blocks(body: _Element) -> list[tuple[str, str]]:
    """`(kind, text)` for each block of trafilatura's output tree (or baseline's <body>)."""
    out: list[tuple[str, str]] = []
    _emit_children(body, out, "paragraph")
    return [(kind, text) for kind, text in out if text]


def _emit_children(el: _Element, out: list[tuple[str, str]], loose: str) -> None:
    """Emit each child of `el`, and the text between them (trafilatura leaves some
    paragraphs as bare text or tails) as blocks of kind `loose`."""
    out.append((loose, _collapse(el.text or "")))
    for child in el:
        if isinstance(child.tag, str):
            _emit(child, out)
        out.append((loose, _collapse(child.tail or "")))


def _emit(el: _Element, out: list[tuple[str, str]]) -> None:
    tag = el.tag
    if tag == "list":
        for item in el.iterchildren("item"):
            out.append(("list_item", _collapse(_text(item, skip="list"))))
            for sub in item.iterchildren("list"):
                _emit(sub, out)
    elif tag == "table":
        for row in el.iter("row"):
            cells = (_collapse(_text(cell)) for cell in row.iterchildren("cell"))
            out.append(("table", " | ".join(c for c in cells if c)))
    elif tag == "quote" and any(c.tag in BLOCKISH for c in el):
        for kind, text in element_blocks(el):
            out.append(("quote", text))
    elif tag == "code":
        # keep the line structure of code; only trailing spaces go
        code = "".join(el.itertext()).strip("\n")
        out.append(("code", "\n".join(line.rstrip() for line in code.split("\n"))))
    elif tag == "div" and any(c.tag in BLOCKISH for c in el):  # readability's sections
        _emit_children(el, out, "paragraph")
    elif tag not in ("graphic", "lb"):
        out.append((KINDS.get(tag, "paragraph"), _collapse(_text(el))))


def _text(el: _Element, skip: str = "") -> str:
    """The text under `el` with line breaks and block boundaries as white space;
    subtrees tagged `skip` are left out (their tails are kept)."""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag != skip:
            gap = " " if child.tag in BLOCKISH else ""
            parts += [gap, "\n" if child.tag == "lb" else _text(child, skip), gap]
        parts.append(child.tail or "")
    return "".join(parts)


def _collapse(text: str) -> str:
    return _SPACES.sub(" ", text).strip()
