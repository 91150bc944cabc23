"""The page of one document: metadata panel, then the raw page beside its clean text.

Text inputs with their raw page get the aligned table of `table.py`. HTML inputs, whose
removals have no line span, are shown whole from their sidecar (`whole_page`): each removal
where it stood on the page (`block`, `at`), the kept paragraphs between. Sidecars without
those places (older ones) and text documents whose raw page is missing get two columns
instead: the removed blocks, and the clean text.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..blocks import one_line, span, split_paragraphs
from .assets import chip, esc, href, page, stage_style
from .sources import Entry, Raw
from .table import side_by_side

SOURCE_LIMIT = 300_000  # characters of raw HTML shown under "raw source"


@dataclass
class Nav:
    """Links from a document page: the way back up and its neighbours in name order."""

    up: str  # "../" as many times as the page is deep below the report folder
    prev: str | None = None
    next: str | None = None


def render_document(entry: Entry, raw: Raw | None, nav: Nav) -> str:
    """The HTML page of `entry` (its raw page `raw`, None if the sidecar is unreadable)."""
    meta = entry.meta or {}
    title = meta.get("title") or ""
    parts = [_header(entry.name, title, nav), "<main>"]
    if entry.problem:
        parts.append(f'<p class="notice bad">{esc(entry.problem)}</p>')
    if raw is not None and raw.note:
        parts.append(f'<p class="notice{"" if raw.text else " bad"}">{esc(raw.note)}</p>')
    if entry.meta is not None:
        parts.append(panel(meta))
        parts.append(_changes(meta))
        paras = split_paragraphs(entry.clean or "")
        src = meta.get("source") or {}
        if raw is not None and raw.text is not None and src.get("format", "text") == "text":
            parts.append(side_by_side(raw, meta, paras))
        else:
            whole = whole_page(meta, paras, raw) if src.get("format") == "html" else None
            parts.append(whole or two_columns(meta, paras, raw))
    parts.append("</main>")
    return page(f"{entry.name} - cleaner report", "\n".join(parts))


def _header(name: str, title: str, nav: Nav) -> str:
    links = [f'<a href="{esc(nav.up)}index.html">&larr; all documents</a>',
             f'<a href="{esc(nav.up)}stages.html">rules</a>']
    if nav.prev is not None:
        links.append(f'<a href="{esc(href(nav.prev, nav.up))}" rel="prev">&lsaquo; {esc(nav.prev)}</a>')
    if nav.next is not None:
        links.append(f'<a href="{esc(href(nav.next, nav.up))}" rel="next">{esc(nav.next)} &rsaquo;</a>')
    sub = f'<p class="sub">{esc(title)}</p>' if title else ""
    return f'<header><nav>{"".join(links)}</nav><h1>{esc(name)}</h1>{sub}</header>'


# ---- metadata panel ---------------------------------------------------------
def panel(meta: dict[str, Any]) -> str:
    """The metadata panel: the page, the source, the result, the removals by rule."""
    src, stats = meta.get("source") or {}, meta.get("stats") or {}
    lang = meta.get("language")
    if lang and meta.get("language_probability") is not None:
        lang = f"{lang} ({meta['language_probability']:.2f})"
    page_info = [("author", meta.get("author")),  # the title heads the page
                 ("published", meta.get("published")), ("site", meta.get("site")), ("language", lang)]
    page_info += [(key, value) for key, value in (meta.get("extra") or {}).items()]
    encoding = src.get("encoding")
    if src.get("encoding_note") and src.get("encoding_note") != encoding:
        encoding = f"{encoding} ({src['encoding_note']})"
    source = [("path", src.get("path")), ("format", src.get("format")), ("encoding", encoding),
              ("bytes", src.get("bytes")), ("sha256", (src.get("sha256") or "")[:16] or None),
              ("gzip", "yes" if src.get("compressed") else None)]
    chars_in, chars_out = stats.get("chars_in"), stats.get("chars_out")
    share = f" ({100 * chars_out / chars_in:.0f}% kept)" if chars_in and chars_out is not None else ""
    cleaner = meta.get("cleaner") or {}
    result = [("characters", f"{chars_in} → {chars_out}{share}"),
              ("blocks", f"{stats.get('blocks_in')} → {stats.get('blocks_out')}"),
              ("removed", len(meta.get("removed") or [])), ("edits", len(meta.get("fixes") or [])),
              ("warnings", len(meta.get("warnings") or [])),
              ("cleaner", f"{cleaner.get('version', '?')}"
                          + (f", disabled: {', '.join(cleaner['disabled'])}" if cleaner.get("disabled") else ""))]
    by_rule = stats.get("removed_by_rule") or {}
    chips = "".join(chip(label, f"{label}: {n} removed", n) for label, n in by_rule.items()) or "none"
    return ('<section class="panel">'
            f'<div><h2>Page</h2>{_dl(page_info)}</div>'
            f'<div><h2>Source</h2>{_dl(source)}</div>'
            f'<div><h2>Result</h2>{_dl(result)}</div>'
            f'<div><h2>Removed by rule</h2><div class="chips">{chips}</div></div>'
            '</section>')


def _dl(items: list[tuple[str, Any]]) -> str:
    rows = []
    for key, value in items:
        if value is None or value == "":
            continue
        if not isinstance(value, (str, int, float)):
            value = json.dumps(value, ensure_ascii=False)
        rows.append(f"<dt>{esc(key)}</dt><dd>{esc(value)}</dd>")
    return f'<dl>{"".join(rows)}</dl>'


def _changes(meta: dict[str, Any]) -> str:
    """The edits and warnings, as lists linking to their lines."""
    out = []
    for key, name in (("fixes", "Edits"), ("warnings", "Warnings")):
        items = meta.get(key) or []
        if not items:
            continue
        lis = []
        for c in items:
            label = f"{c.get('stage')}:{c.get('rule')}"
            where = _line_link(c.get("lines"))
            what = (f'<del class="edit">{esc(c.get("before"))}</del> → <ins class="edit">{esc(c.get("after"))}</ins>'
                    if key == "fixes" else esc(short(c.get("text") or "", 160)))
            lis.append(f'<li>{where} {chip(label, c.get("reason") or label)} {what} '
                       f'<span class="why">{esc(c.get("reason"))}</span></li>')
        opened = " open" if len(items) <= 5 else ""
        out.append(f'<details class="changes"{opened}><summary>{name} ({len(items)})</summary>'
                   f'<ol>{"".join(lis)}</ol></details>')
    return "\n".join(out)


def _line_link(lines: Any) -> str:
    if not lines:
        return '<span class="why">(no line)</span>'
    return f'<a href="#L{int(lines[0])}">line {esc(span(lines))}</a>'


def short(text: str, limit: int) -> str:
    """`text` on one line, cut to `limit` characters."""
    text = one_line(text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


# ---- HTML inputs: the page whole ------------------------------------------------
Item = tuple[tuple[int, int, int], dict[str, Any] | None, int, str]  # order key, removal, block, paragraph


def page_items(meta: dict[str, Any], paras: list[str]) -> list[Item] | None:
    """The removals and kept paragraphs of an HTML page's sidecar in page order, or None when
    the sidecar does not say where its removals stood (the kept blocks, the indices below
    `blocks_in` no removal names, must pair one to one with the clean text's paragraphs).
    A removal of no known place comes first."""
    removed = [r for r in meta.get("removed") or [] if isinstance(r, dict)]
    blocks_in = (meta.get("stats") or {}).get("blocks_in")
    if not isinstance(blocks_in, int) or not any("block" in r or "at" in r for r in removed):
        return None
    dropped = {int(r["block"]) for r in removed if "block" in r}
    kept = [i for i in range(blocks_in) if i not in dropped]
    if len(kept) != len(paras):
        return None
    items: list[Item] = [((i, 1, 0), None, i, p) for i, p in zip(kept, paras)]
    for n, r in enumerate(removed):
        if "block" in r:
            items.append(((int(r["block"]), 1, 0), r, int(r["block"]), ""))
        elif r.get("at"):
            items.append(((int(r["at"][0]), 0, int(r["at"][1])), r, -1, ""))
        else:
            items.append(((-1, 0, n), r, -1, ""))
    return sorted(items, key=lambda item: item[0])


def whole_page(meta: dict[str, Any], paras: list[str], raw: Raw | None) -> str | None:
    """The HTML page whole: one row per removal, struck where it stood with its `stage:rule`
    and reason, and per kept paragraph (its edits highlighted); None if `page_items` is."""
    items = page_items(meta, paras)
    if items is None:
        return None
    afters = [(f.get("after") or "", f"{f.get('stage')}:{f.get('rule')}: {f.get('reason')}")
              for f in meta.get("fixes") or []]
    rows = []
    for _, r, block, para in items:
        number = f'<td class="ln">{block if block >= 0 else ""}</td>'
        if r is None:
            clean = mark(para, afters)
            kind = "ed" if "<ins" in clean else "same"
            rows.append(f'<tr id="B{block}" class="{kind}">{number}<td class="raw">{esc(para)}</td>'
                        f'<td class="cl">{clean}</td></tr>')
            continue
        label = f"{r.get('stage')}:{r.get('rule')}"
        hover = f"{label}: {r.get('reason')}" if r.get("reason") else label
        rows.append(f'<tr class="rm" {stage_style(str(r.get("stage")))}>{number}'
                    f'<td class="raw"><del title="{esc(hover)}">{esc(r.get("text"))}</del></td>'
                    f'<td class="cl">{chip(label, hover)} <span class="why">{esc(r.get("reason"))}</span></td></tr>')
    return (f'{_source(raw)}<input type="checkbox" id="only-changes"> <label for="only-changes" '
            f'class="toolbar">show only the rows something happened to</label>'
            f'<table class="sbs whole"><colgroup><col class="ln"><col><col></colgroup>'
            f'<thead><tr><th class="ln">block</th><th>the page: removed where it stood, struck</th>'
            f'<th>clean text</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')


def _source(raw: Raw | None) -> str:
    """The raw source, folded."""
    if raw is None or not raw.text:
        return ""
    text = raw.text
    cut = f" (first {SOURCE_LIMIT:,} characters)" if len(text) > SOURCE_LIMIT else ""
    return (f'<details><summary>raw source, {len(text):,} characters{cut}</summary>'
            f'<pre class="source">{esc(text[:SOURCE_LIMIT])}</pre></details>')


# ---- missing raw pages, older HTML sidecars: two columns ----------------------
def two_columns(meta: dict[str, Any], paras: list[str], raw: Raw | None) -> str:
    """The removed blocks (in line order when known) beside the clean text."""
    removed = list(meta.get("removed") or [])
    removed.sort(key=lambda r: (r.get("lines") or [0])[0])
    left = []
    for r in removed:
        label = f"{r.get('stage')}:{r.get('rule')}"
        hover = f"{label}: {r.get('reason')}" if r.get("reason") else label
        anchor = f' id="L{int(r["lines"][0])}"' if r.get("lines") else ""
        where = f'<span class="why">line {esc(span(r["lines"]))}</span> ' if r.get("lines") else ""
        left.append(f'<div{anchor} {stage_style(str(r.get("stage")))}>{where}{chip(label, hover)} '
                    f'<del title="{esc(hover)}">{esc(r.get("text"))}</del></div>')
    afters = [(f.get("after") or "", f"{f.get('stage')}:{f.get('rule')}: {f.get('reason')}")
              for f in meta.get("fixes") or []]
    right = [f"<p>{mark(p, afters)}</p>" for p in paras] or ['<p><em class="missing">no clean text</em></p>']
    return (f'{_source(raw)}<div class="cols"><section><h2>Removed ({len(removed)})</h2>'
            f'<div class="removed-list">{"".join(left) or "nothing"}</div></section>'
            f'<section><h2>Clean text</h2><div class="clean-text">{"".join(right)}</div></section></div>')


def mark(text: str, needles: list[tuple[str, str]]) -> str:
    """`text` escaped, the first free occurrence of each needle wrapped in <ins title=...>."""
    spans: list[tuple[int, int, str]] = []
    for needle, title in needles:
        if not needle:
            continue
        start = text.find(needle)
        while start >= 0 and any(s < start + len(needle) and start < e for s, e, _ in spans):
            start = text.find(needle, start + 1)
        if start >= 0:
            spans.append((start, start + len(needle), title))
    out, pos = [], 0
    for s, e, title in sorted(spans):
        out.append(esc(text[pos:s]))
        out.append(f'<ins class="edit" title="{esc(title)}">{esc(text[s:e])}</ins>')
        pos = e
    out.append(esc(text[pos:]))
    return "".join(out)
