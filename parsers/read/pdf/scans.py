"""Pages without a text layer (scans), read by OCR (parsers/read/ocr).

The characters OCR finds become glyphs, set on the boxes a text layer gives (parsers/read/ocr/typeset.py:
font size from the CJK pitch, a CJK glyph one em square), the ruling lines found on the image become
rules, and from there the page is read like any other; pages with a text layer are read as they are.
"""

from __future__ import annotations

import pypdfium2

from parsers.read.base import DocumentError
from parsers.read.pdf.grids import Rule, ruled_grids
from parsers.read.pdf.lines import Glyph
from parsers.read.pdf.options import PdfOptions
from parsers.read.pdf.pages import DrawnPage, inked


def read_scans(data: bytes, pages: list[DrawnPage], path: str, options: PdfOptions) -> None:
    """Give the pages without a text layer the glyphs and rules OCR finds on their images (parsers/read/ocr),
    each page reported as it is read; DocumentError when no OCR engine is installed."""
    scans = [page for page in pages if not inked(page)]
    if not scans:
        return
    # imported here: numpy, PIL and an OCR engine are for scans only, not for every run's start-up
    from parsers.read.ocr.engines import OcrChar, OcrUnavailable
    from parsers.read.ocr.engines import engine as ocr_engine
    from parsers.read.ocr.progress import report_page
    from parsers.read.ocr.scan import scan_page
    from parsers.read.ocr.typeset import typeset

    try:
        engine = ocr_engine()
    except OcrUnavailable as err:
        which = "any of its" if len(scans) == len(pages) else f"{len(scans)} of its"
        raise DocumentError(path, f"no text layer on {which} {len(pages)} pages (scanned?): {err}") from None
    chars: dict[int, list[OcrChar]] = {}
    document = pypdfium2.PdfDocument(data)
    report_page(path, 0, len(scans))
    try:
        for done, page in enumerate(scans, start=1):
            scanned = scan_page(document[page.number - 1], engine)
            chars[page.number] = scanned.chars
            rules = [Rule(r.horizontal, r.at, r.start, r.end) for r in scanned.rules]
            page.ruled = ruled_grids(rules, page.number, options)
            page.ocr = True
            report_page(path, done, len(scans))
    finally:
        document.close()
    typeset_chars = typeset(chars, options.column_gap)
    for page in scans:
        page.glyphs = [
            Glyph(c.text, c.x0, c.x1, c.top, c.bottom, c.size or 0.0, c.confidence)
            for c in typeset_chars[page.number]
        ]
