"""Views of a cleaned document's change log: `cleaner diff`, `cleaner explain`, `cleaner report`.

Each view reads the same record (`Document.blocks` and `Document.changes`, or the
sidecar written from them) and changes nothing. `blocks.py` turns a cleaned
Document into one row per block; `term.py` holds what the terminal views share
(colours, widths, wrapping); `htmlreport/` writes the static HTML report.
"""
