"""The aligned table of a text document's page: one row per block of the raw page, by line.

A removed block is struck through in its stage's colour, its `stage:rule` beside
it and on hover (title attribute); a kept line sits beside the paragraph of the
clean text it became (aligned with difflib), the words an edit changed
highlighted on both sides, each edit and warning written under it. A checkbox
hides the rows nothing happened to (CSS only: the document pages run no script).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..blocks import changed_tokens, one_line, pair_up, span
from .assets import chip, esc, stage_style
from .sources import Raw

Change = dict[str, Any]  # a removal, edit or warning as the sidecar has it


@dataclass
class Unit:
    """A run of raw lines the page shows as one row: a removed block, or one kept line."""

    first: int
    last: int
    text: str
    removal: Change | None = None


def units(raw_text: str, removed: list[Change]) -> tuple[list[Unit], list[Change]]:
    """The rows of the raw page, in line order, and the removals that have no usable line span."""
    lines = raw_text.split("\n")
    starts: dict[int, list[Change]] = {}
    unplaced = []
    for r in removed:
        span_ = r.get("lines")
        if not span_ or not 1 <= int(span_[0]) <= len(lines):
            unplaced.append(r)
        else:
            starts.setdefault(int(span_[0]), []).append(r)
    out: list[Unit] = []
    number, covered = 1, 0
    while number <= len(lines):
        if number in starts:
            for r in starts[number]:
                last = min(max(int(r["lines"][-1]), number), len(lines))
                text = "\n".join(ln.strip() for ln in lines[number - 1:last] if ln.strip())
                out.append(Unit(number, last, text, r))
                covered = max(covered, last)
        elif number > covered and lines[number - 1].strip():
            out.append(Unit(number, number, lines[number - 1].strip()))
        number += 1
    return out, unplaced


def side_by_side(raw: Raw, meta: dict[str, Any], paras: list[str]) -> str:
    """The table: line numbers, the raw page, the clean text, one row per block."""
    all_units, unplaced = units(raw.text or "", meta.get("removed") or [])
    kept = [u for u in all_units if u.removal is None]
    fixes = meta.get("fixes") or []
    warnings = meta.get("warnings") or []
    rows: list[str] = []
    removed_iter = iter([u for u in all_units if u.removal is not None])
    pending = next(removed_iter, None)
    for i, j in pair_up([one_line(u.text) for u in kept], [one_line(p) for p in paras]):
        if i is not None:
            while pending is not None and pending.first < kept[i].first:
                rows.append(_removed_row(pending, fixes, warnings))
                pending = next(removed_iter, None)
            rows.append(_kept_row(kept[i], paras[j] if j is not None else None, fixes, warnings))
        else:
            rows.append(f'<tr class="extra"><td class="ln"></td><td class="raw"></td>'
                        f'<td class="cl">{esc(paras[j])}<div><em class="missing">no raw line matches this '
                        f'paragraph</em></div></td></tr>')
    while pending is not None:
        rows.append(_removed_row(pending, fixes, warnings))
        pending = next(removed_iter, None)
    before = ""
    if unplaced:
        before = ('<p class="notice">Removed with no line span in the raw page: '
                  + " ".join(chip(f"{r.get('stage')}:{r.get('rule')}", r.get("reason") or "") + " "
                             + f'<del>{esc(_cut(one_line(r.get("text") or ""), 120))}</del>' for r in unplaced)
                  + "</p>")
    path = esc(raw.path) if raw.path else "raw"
    return (f'{before}<input type="checkbox" id="only-changes"> <label for="only-changes" class="toolbar">'
            f'show only the rows something happened to</label>'
            f'<table class="sbs"><colgroup><col class="ln"><col><col></colgroup>'
            f'<thead><tr><th class="ln">line</th><th>raw: {path}</th><th>clean text</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def _touching(changes: list[Change], unit: Unit) -> list[Change]:
    return [c for c in changes if c.get("lines") and int(c["lines"][0]) <= unit.last
            and int(c["lines"][-1]) >= unit.first]


def _notes(unit: Unit, fixes: list[Change], warnings: list[Change]) -> tuple[str, str]:
    """The edit and warning lines under a row, and the title for its highlighted words."""
    mine_f, mine_w = _touching(fixes, unit), _touching(warnings, unit)
    notes = [f'<div class="fix" title="{esc(c.get("reason"))}">edit {esc(c.get("stage"))}:{esc(c.get("rule"))} '
             f'&ldquo;{esc(c.get("before"))}&rdquo; → &ldquo;{esc(c.get("after"))}&rdquo;</div>' for c in mine_f]
    notes += [f'<div class="warn">⚠ {esc(c.get("stage"))}:{esc(c.get("rule"))}: {esc(c.get("reason"))}</div>'
              for c in mine_w]
    title = "; ".join(f'{c.get("stage")}:{c.get("rule")} {c.get("before")!r} -> {c.get("after")!r}'
                      for c in mine_f) or "changed"
    return "".join(notes), title


def _kept_row(unit: Unit, para: str | None, fixes: list[Change], warnings: list[Change]) -> str:
    notes, title = _notes(unit, fixes, warnings)
    ln = f'<td class="ln">{unit.first}</td>'
    if para is None:
        return (f'<tr id="L{unit.first}" class="orphan">{ln}<td class="raw">{esc(unit.text)}</td>'
                f'<td class="cl"><em class="missing">not found in the clean text</em>{notes}</td></tr>')
    left, right = changed_tokens(unit.text, para)
    changed = any(flag for _, flag in left + right)
    raw_html = "".join(f'<del class="edit" title="{esc(title)}">{esc(t)}</del>' if flag else esc(t)
                       for t, flag in left)
    clean_html = "".join(f'<ins class="edit" title="{esc(title)}">{esc(t)}</ins>' if flag else esc(t)
                         for t, flag in right)
    kind = "ed" if changed or notes else "same"
    return (f'<tr id="L{unit.first}" class="{kind}">{ln}<td class="raw">{raw_html}</td>'
            f'<td class="cl">{clean_html}{notes}</td></tr>')


def _removed_row(unit: Unit, fixes: list[Change], warnings: list[Change]) -> str:
    r = unit.removal or {}
    label = f"{r.get('stage')}:{r.get('rule')}"
    reason = r.get("reason") or ""
    notes, _ = _notes(unit, fixes, warnings)
    hover = f"{label}: {reason}" if reason else label
    return (f'<tr id="L{unit.first}" class="rm" {stage_style(str(r.get("stage")))}>'
            f'<td class="ln">{esc(span((unit.first, unit.last)))}</td>'
            f'<td class="raw"><del title="{esc(hover)}">{esc(unit.text)}</del></td>'
            f'<td class="cl">{chip(label, hover)} <span class="why">{esc(reason)}</span>{notes}</td></tr>')


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"
