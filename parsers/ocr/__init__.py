"""OCR for PDF pages without a text layer (scanned plans): engines (engines.py), page images (scan.py)
and per-page progress (progress.py).  The PDF reader (parsers/pdf_reader.py) turns what scan.py
returns into its own glyphs and rules, so OCR'd pages are read by the same line, table and
alignment rules as pages with a text layer."""
