"""The report's page shell, inline CSS and JS, escaping helpers and stage colours.

Everything a page needs is inline: no CDN, no external URL. Each page carries a
Content-Security-Policy that allows no fetch at all, and no script on the
document pages (they need none), so even a mistake in escaping could not run
page text as code. Page text goes through `esc` (text and attributes alike) and
data for scripts through `json_script` (`<`, `>`, `&` as \\u003c...).
"""
from __future__ import annotations

import html
import json
import zlib
from typing import Any
from urllib.parse import quote

from ...pipeline import DEFAULT_ORDER

CSP_DOC = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
CSP_SCRIPTED = CSP_DOC + "; script-src 'unsafe-inline'"
GOLDEN_ANGLE = 137.508


def esc(value: Any) -> str:
    """`value` as HTML text, safe in element content and in quoted attributes."""
    return html.escape("" if value is None else str(value), quote=True)


def json_script(data: Any, element_id: str) -> str:
    """`data` as a `<script type="application/json">` that no string in it can close."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                     ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, code)
    return f'<script type="application/json" id="{esc(element_id)}">{text}</script>'


def href(name: str, prefix: str = "") -> str:
    """The URL of the page of document `name` (a relative path), for an href attribute."""
    return prefix + "doc/" + "/".join(quote(part, safe="") for part in name.split("/")) + ".html"


def hue(stage: str) -> int:
    """A stable hue per stage: known stages a golden angle apart in pipeline order."""
    if stage in DEFAULT_ORDER:
        return round(DEFAULT_ORDER.index(stage) * GOLDEN_ANGLE) % 360
    return zlib.crc32(stage.encode("utf-8")) % 360


def stage_style(stage: str) -> str:
    """The style attribute giving an element its stage's colour (a number: safe inline)."""
    return f'style="--h:{hue(stage)}"'


def chip(label: str, title: str = "", count: int | None = None) -> str:
    """A coloured `stage:rule` label."""
    stage = label.split(":", 1)[0]
    tail = f' <b>{count}</b>' if count is not None else ""
    return (f'<span class="chip" {stage_style(stage)} title="{esc(title or label)}">'
            f'{esc(label)}{tail}</span>')


def page(title: str, body: str, *, scripted: bool = False) -> str:
    """A whole HTML page around `body`; `scripted` allows its inline scripts to run."""
    csp = CSP_SCRIPTED if scripted else CSP_DOC
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n"
            f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


CSS = """
:root { --fg:#1f2328; --muted:#656d76; --line:#d8dee4; --panel:#f6f8fa; --ins:#ccf2d4; --del:#ffd7d5; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
       color: var(--fg); background: #fff; }
header { padding: 14px 24px 10px; border-bottom: 1px solid var(--line); background: #fff; }
header h1 { font-size: 20px; margin: 4px 0 2px; word-break: break-all; }
header .sub { color: var(--muted); margin: 0; }
nav a { margin-right: 14px; color: #0969da; text-decoration: none; }
nav a:hover { text-decoration: underline; }
main { padding: 14px 24px 40px; }
a { color: #0969da; }
.notice { border: 1px solid #d4a72c; background: #fff8c5; padding: 8px 12px; border-radius: 6px; margin: 0 0 12px; }
.notice.bad { border-color: #cf222e; background: #ffebe9; }
.panel { display: grid; grid-template-columns: repeat(auto-fit, minmax(250px, 1fr)); gap: 10px 24px;
         background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; margin-bottom: 14px; }
.panel h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 4px 0 4px; }
.panel dl { display: grid; grid-template-columns: max-content 1fr; gap: 1px 10px; margin: 0; }
.panel dt { color: var(--muted); }
.panel dd { margin: 0; overflow-wrap: anywhere; }
.chips { display: flex; flex-wrap: wrap; gap: 4px; }
.chip { display: inline-block; padding: 0 7px; border-radius: 10px; font-size: 12px; white-space: nowrap;
        color: hsl(var(--h) 70% 28%); background: hsl(var(--h) 85% 92%); border: 1px solid hsl(var(--h) 60% 75%); }
details.changes { margin: 0 0 12px; }
details.changes summary { cursor: pointer; color: var(--muted); }
details.changes ol { margin: 6px 0; padding-left: 22px; }
.toolbar { margin: 4px 0 8px; color: var(--muted); }
#only-changes:checked ~ table tr.same { display: none; }
table.sbs { width: 100%; border-collapse: collapse; table-layout: fixed; }
table.sbs th { text-align: left; font-weight: 600; padding: 6px 8px; border-bottom: 2px solid var(--line);
               background: #fff; position: sticky; top: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
table.sbs td { vertical-align: top; padding: 3px 8px; border-bottom: 1px solid #eef1f4; overflow-wrap: anywhere; }
table.sbs td.raw, table.sbs td.cl { white-space: pre-wrap; }
table.sbs td.ln { color: var(--muted); text-align: right; font: 12px/1.9 ui-monospace, monospace; white-space: nowrap; }
table.sbs col.ln { width: 4.2em; }
tr.rm td.raw { background: hsl(var(--h) 85% 96%); }
tr.rm del { color: hsl(var(--h) 60% 30%); text-decoration-color: hsl(var(--h) 70% 45%); text-decoration-thickness: 1.5px; }
tr.rm td.cl .why, .why { color: var(--muted); font-size: 12px; }
del.edit { background: var(--del); text-decoration: line-through; border-radius: 2px; }
ins.edit { background: var(--ins); text-decoration: none; border-radius: 2px; }
.fix { font-size: 12px; color: #0a3069; margin-top: 2px; white-space: normal; }
.warn { font-size: 12px; color: #9a6700; margin-top: 2px; white-space: normal; }
em.missing { color: #cf222e; font-style: normal; font-size: 12px; }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; }
.cols h2 { font-size: 15px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
.removed-list > div { padding: 4px 0; border-bottom: 1px solid #eef1f4; }
.removed-list del { color: hsl(var(--h) 60% 30%); }
.clean-text p { margin: 0 0 10px; white-space: pre-wrap; }
pre.source { max-height: 480px; overflow: auto; background: var(--panel); padding: 8px; border: 1px solid var(--line); white-space: pre-wrap; }
table.list { border-collapse: collapse; width: 100%; }
table.list th, table.list td { padding: 4px 8px; border-bottom: 1px solid #eef1f4; text-align: left; vertical-align: top; }
table.list th { border-bottom: 2px solid var(--line); white-space: nowrap; position: sticky; top: 0; background: #fff; }
table.list th[data-sort] { cursor: pointer; user-select: none; }
table.list th[data-sort]:hover { color: #0969da; }
table.list th.asc::after { content: " \\25B2"; font-size: 10px; }
table.list th.desc::after { content: " \\25BC"; font-size: 10px; }
.num { text-align: right !important; font-variant-numeric: tabular-nums; }
td.title { max-width: 24em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; color: var(--muted); }
.zero { color: #c5cbd1; }
.controls { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin: 0 0 10px; }
.controls input[type=search] { padding: 5px 8px; width: 22em; border: 1px solid var(--line); border-radius: 6px; }
.controls button { padding: 4px 10px; border: 1px solid var(--line); background: var(--panel); border-radius: 6px; cursor: pointer; }
.bar { display: inline-block; height: 8px; background: #8c959f; border-radius: 2px; vertical-align: middle; }
.examples { margin: 2px 0 8px; padding-left: 18px; color: var(--fg); }
.examples li { margin: 2px 0; }
.examples .removed { color: #57606a; border-left: 3px solid #d0d7de; padding-left: 6px; }
.scroll { overflow-x: auto; }
#docs th { font-size: 13px; }
.totals { color: var(--muted); margin: 0 0 10px; }
"""

INDEX_JS = """
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("index-data").textContent);
  var cols = data.columns, rows = data.rows, size = data.pageSize;
  var view = rows.slice(), page = 0, sortCol = -1, dir = 1;
  var head = document.querySelector("#docs thead tr"), body = document.querySelector("#docs tbody");
  var filter = document.getElementById("filter"), info = document.getElementById("pageinfo");
  var ths = cols.map(function (col, i) {
    var th = document.createElement("th");
    th.textContent = col.label;
    th.title = col.title || "click to sort";
    th.setAttribute("data-sort", col.key);
    if (col.type === "num") th.className = "num";
    th.tabIndex = 0;
    th.addEventListener("click", function () { sortBy(i); });
    th.addEventListener("keydown", function (e) { if (e.key === "Enter") sortBy(i); });
    head.appendChild(th);
    return th;
  });
  function sortBy(i) {
    if (sortCol === i) { dir = -dir; } else { sortCol = i; dir = cols[i].type === "num" ? -1 : 1; }
    ths.forEach(function (th, j) {
      th.classList.remove("asc", "desc");
      if (j === i) th.classList.add(dir > 0 ? "asc" : "desc");
    });
    apply();
  }
  function apply() {
    var q = filter.value.trim().toLowerCase();
    view = !q ? rows.slice() : rows.filter(function (r) {
      return (r[1] + " " + r[2] + " " + r[3]).toLowerCase().indexOf(q) >= 0;
    });
    if (sortCol >= 0) {
      var k = sortCol + 1;
      view.sort(function (a, b) {
        var x = a[k], y = b[k];
        if (x === y) return 0;
        if (x === null) return 1;
        if (y === null) return -1;
        return (x < y ? -1 : 1) * dir;
      });
    }
    page = 0;
    render();
  }
  function cell(tr, value, col) {
    var td = document.createElement("td");
    if (col.type === "num") {
      td.className = "num" + (value === 0 ? " zero" : "");
      td.textContent = value === null ? "" : value.toLocaleString("en");
    } else {
      td.textContent = value === null ? "" : value;
      if (col.key === "title") { td.className = "title"; td.title = value || ""; }
    }
    tr.appendChild(td);
  }
  function render() {
    var pages = Math.max(1, Math.ceil(view.length / size));
    page = Math.max(0, Math.min(page, pages - 1));
    var start = page * size, part = view.slice(start, start + size);
    var frag = document.createDocumentFragment();
    part.forEach(function (r) {
      var tr = document.createElement("tr"), td = document.createElement("td"), a = document.createElement("a");
      a.href = r[0];
      a.textContent = r[1];
      td.appendChild(a);
      tr.appendChild(td);
      for (var i = 1; i < cols.length; i++) cell(tr, r[i + 1], cols[i]);
      frag.appendChild(tr);
    });
    body.textContent = "";
    body.appendChild(frag);
    info.textContent = view.length ? (start + 1) + "\\u2013" + (start + part.length) + " of " + view.length +
      " (page " + (page + 1) + " of " + pages + ")" : "no document matches";
  }
  function go(to) { page = to; render(); }
  document.getElementById("first").addEventListener("click", function () { go(0); });
  document.getElementById("prev").addEventListener("click", function () { go(page - 1); });
  document.getElementById("next").addEventListener("click", function () { go(page + 1); });
  document.getElementById("last").addEventListener("click", function () { go(1e9); });
  filter.addEventListener("input", apply);
  render();
})();
"""
