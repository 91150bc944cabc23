"""The index page (every document, sortable, in pages of 200) and the per-rule page.

The index rows travel as one JSON blob in a `<script type="application/json">`
(escaped so that no text in it can close the tag); a small inline script
renders the current page of 200 rows with `textContent`, never as markup, and
re-sorts (click a column header) and filters (the search box) the whole list.
10,000 documents are a few megabytes of JSON and 200 table rows at a time.
"""
from __future__ import annotations

from typing import Any

from ...pipeline import DEFAULT_ORDER
from .assets import INDEX_JS, chip, esc, href, json_script, page
from .stats import BatchStats, Example, RuleStats

PAGE_SIZE = 200
BASE_COLUMNS = [
    {"key": "name", "label": "document", "type": "str"},
    {"key": "title", "label": "title", "type": "str"},
    {"key": "lang", "label": "lang", "type": "str"},
    {"key": "chars_in", "label": "chars in", "type": "num"},
    {"key": "chars_out", "label": "chars out", "type": "num"},
    {"key": "kept", "label": "% kept", "type": "num", "title": "characters out / characters in, in %"},
    {"key": "removed", "label": "removed", "type": "num", "title": "blocks removed, all stages"},
]
TAIL_COLUMNS = [
    {"key": "fixes", "label": "edits", "type": "num"},
    {"key": "warnings", "label": "warnings", "type": "num"},
    {"key": "raw", "label": "raw page", "type": "str", "title": "ok, missing, changed (other sha256), unreadable"},
]


def index_row(name: str, meta: dict[str, Any] | None, raw_status: str, problem: str) -> dict[str, Any]:
    """The index's numbers for one document (kept in memory for the whole batch: keep it small)."""
    if meta is None:
        return {"name": name, "title": problem, "lang": None, "chars_in": None, "chars_out": None,
                "kept": None, "removed": None, "stages": {}, "fixes": None, "warnings": None,
                "raw": "unreadable sidecar"}
    stats = meta.get("stats") or {}
    chars_in, chars_out = stats.get("chars_in"), stats.get("chars_out")
    stages: dict[str, int] = {}
    for c in meta.get("removed") or []:
        stages[str(c.get("stage"))] = stages.get(str(c.get("stage")), 0) + 1
    return {"name": name, "title": meta.get("title") or (problem or None), "lang": meta.get("language"),
            "chars_in": chars_in, "chars_out": chars_out,
            "kept": round(100 * chars_out / chars_in, 1) if chars_in and chars_out is not None else None,
            "removed": len(meta.get("removed") or []), "stages": stages,
            "fixes": len(meta.get("fixes") or []), "warnings": len(meta.get("warnings") or []),
            "raw": raw_status}


def stage_order(stages: set[str]) -> list[str]:
    """Stages in pipeline order, unknown ones after them by name."""
    known = [s for s in DEFAULT_ORDER if s in stages]
    return known + sorted(stages - set(known))


def render_index(rows: list[dict[str, Any]], batch: BatchStats, title: str) -> str:
    """The index page: totals, then the document table the inline script fills."""
    stages = stage_order({s for row in rows for s in row["stages"]})
    columns = BASE_COLUMNS + [{"key": f"stage:{s}", "label": s, "type": "num",
                               "title": f"blocks removed by the {s} stage"} for s in stages] + TAIL_COLUMNS
    table = []
    for row in rows:
        values: list[Any] = [href(row["name"])]
        for col in columns:
            key = col["key"]
            values.append(row["stages"].get(key[6:], 0) if key.startswith("stage:") else row[key])
        table.append(values)
    missing = sum(1 for row in rows if row["raw"] != "ok")
    removed = sum(r.count for r in batch.removed.values())
    share = f" ({100 * batch.chars_out / batch.chars_in:.0f}% kept)" if batch.chars_in else ""
    body = (f'<header><nav><a href="stages.html">what each rule removed &rarr;</a></nav>'
            f'<h1>{esc(title)}</h1>'
            f'<p class="sub">{len(rows):,} documents, {batch.chars_in:,} characters in, {batch.chars_out:,} out'
            f'{share}; {removed:,} blocks removed, {sum(r.count for r in batch.fixes.values()):,} edits, '
            f'{sum(r.count for r in batch.warnings.values()):,} warnings'
            f'{f"; {missing:,} without their raw page" if missing else ""}</p></header>'
            '<main><div class="controls"><input type="search" id="filter" '
            'placeholder="filter by name, title or language" aria-label="filter">'
            '<button id="first">&laquo;</button><button id="prev">&lsaquo; previous</button>'
            '<button id="next">next &rsaquo;</button><button id="last">&raquo;</button>'
            '<span id="pageinfo"></span></div>'
            '<noscript><p class="notice">The document list needs JavaScript; '
            'the document pages are in the doc/ folder and need none.</p></noscript>'
            '<div class="scroll"><table class="list" id="docs"><thead><tr></tr></thead><tbody></tbody></table></div></main>'
            + json_script({"columns": columns, "rows": table, "pageSize": PAGE_SIZE}, "index-data")
            + f"<script>{INDEX_JS}</script>")
    return page(title, body, scripted=True)


def render_stages(batch: BatchStats, title: str) -> str:
    """The per-rule page: what each rule removed (edited, warned about) across the batch."""
    removed_chars = sum(r.chars for r in batch.removed.values()) or 1
    removed = sorted(batch.removed.values(), key=lambda r: (-r.chars, r.label))
    parts = [f'<header><nav><a href="index.html">&larr; all documents</a></nav><h1>{esc(title)}: rules</h1>'
             f'<p class="sub">{batch.documents:,} documents. Sorted by characters removed; for each rule the '
             f'longest block it removed and a few others from different documents.</p></header><main>',
             "<h2>Removals</h2>",
             '<table class="list"><thead><tr><th>rule</th><th class="num">blocks</th>'
             '<th class="num">characters</th><th>share of all removed characters</th>'
             '<th class="num">documents</th><th class="num">characters per block</th></tr></thead><tbody>']
    for r in removed:
        share = 100 * r.chars / removed_chars
        parts.append(f'<tr><td>{chip(r.label)}</td><td class="num">{r.count:,}</td>'
                     f'<td class="num">{r.chars:,}</td>'
                     f'<td><span class="bar" style="width:{max(share * 2, 1):.0f}px"></span> {share:.1f}%</td>'
                     f'<td class="num">{r.docs:,} ({100 * r.docs / max(batch.documents, 1):.0f}%)</td>'
                     f'<td class="num">{r.chars // max(r.count, 1):,}</td></tr>'
                     f'<tr><td colspan="6">{_examples(r, strike=True)}</td></tr>')
    parts.append("</tbody></table>")
    for table, name in ((batch.fixes, "Edits"), (batch.warnings, "Warnings")):
        if not table:
            continue
        parts.append(f'<h2>{name}</h2><table class="list"><thead><tr><th>rule</th><th class="num">count</th>'
                     '<th class="num">documents</th><th>examples</th></tr></thead><tbody>')
        for r in sorted(table.values(), key=lambda r: (-r.count, r.label)):
            parts.append(f'<tr><td>{chip(r.label)}</td><td class="num">{r.count:,}</td>'
                         f'<td class="num">{r.docs:,}</td><td>{_examples(r, strike=False, longest=False)}</td></tr>')
        parts.append("</tbody></table>")
    parts.append("</main>")
    return page(f"{title}: rules", "\n".join(parts))


def _examples(r: RuleStats, strike: bool, longest: bool = True) -> str:
    items = []
    shown = []
    if longest and r.longest is not None:
        items.append(f"<li><b>longest</b> ({r.longest.size:,} characters): {_example(r.longest, strike)}</li>")
        shown.append(r.longest)
    for ex in r.sample:
        if any(ex.doc == s.doc and ex.lines == s.lines for s in shown):
            continue
        items.append(f"<li>{_example(ex, strike)}</li>")
    return f'<ul class="examples">{"".join(items)}</ul>'


def _example(ex: Example, strike: bool) -> str:
    text = f'<span class="removed">{esc(ex.text)}</span>' if strike else esc(ex.text)
    anchor = f"#L{int(ex.lines[0])}" if ex.lines else ""
    where = f"{ex.doc}" + (f", line {ex.lines[0]}" if ex.lines else "")
    return f'{text} <a class="why" href="{esc(href(ex.doc) + anchor)}">{esc(where)}</a>'
