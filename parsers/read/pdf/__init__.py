"""The PDF engine: plans read from glyph positions and ruling lines, one stage a module.

pdfminer (through pdfplumber) lays the pages out; everything after that is done here, because the
general tools fail on these plans in the ways listed in docs/design/PDF_NOTES.md.  The stages, in the
order reader.py runs them:

* streams.py: a decompression bomb refused before pdfminer inflates anything.
* pages.py: each page's glyphs and rules (lines.py: glyphs into lines; grids.py: rules into grids).
* scans.py: pages without a text layer read by OCR (parsers/read/ocr).
* running.py: page frames, running headers and footers, bare page numbers dropped.
* alignment.py: tables drawn without rules, from text alignment.
* assembly.py: paragraphs (breaks.py) and tables in reading order, tables cut by a page break joined
  (joins.py).

Every tolerance is a field of options.PdfOptions, which a reading profile's `pdf:` section sets.
quiet_pdfminer.py mutes pdfminer's per-token debug calls.
"""
