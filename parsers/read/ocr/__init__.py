"""OCR for PDF pages without a text layer (scanned plans): the engines (engines.py), the page image
rendered, straightened and cleared of its rules (scan.py), the characters set on text-layer boxes
(typeset.py) and per-page progress (progress.py).  The PDF reader (parsers/read/pdf/) turns what
they give into its own glyphs and rules, so OCR'd pages are read by the same line, table and
alignment rules as pages with a text layer."""
