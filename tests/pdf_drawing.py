"""Small PDFs drawn in a test, for the PDF engine's unit tests (tests/test_pdf_engine.py).

Text is set in reportlab's built-in STSong-Light, an Adobe-GB1 CID font that needs no font file
(pdfminer maps it to Unicode with the CMaps it ships), so CJK text needs no font installed; its
vertical encoding writes text down the page.
Positions are top-down, in points, as the reader measures them: `text` takes the baseline, a glyph
of size 10 then spans about baseline - 8.8 to baseline + 1.2.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from itertools import pairwise

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from models.document import Block, Paragraph, Source, Table
from parsers.read.pdf.options import DEFAULT_OPTIONS, PdfOptions
from parsers.read.pdf.reader import PdfReader

FONT = "STSong-Light"
VERTICAL_FONT = "STSong-Light-V"  # the same font written top to bottom (its UniGB-UCS2-V encoding)
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
_vertical = UnicodeCIDFont(FONT, isVertical=True)
_vertical.name = _vertical.fontName = VERTICAL_FONT  # registered under its own name beside FONT
pdfmetrics.registerFont(_vertical)


class Drawing:
    """A PDF drawn page by page: text lines, ruling lines and ruled grids."""

    def __init__(self, width: float = 595.0, height: float = 842.0) -> None:
        self.height = height
        self._buffer = io.BytesIO()
        self._canvas = canvas.Canvas(self._buffer, pagesize=(width, height))
        self._canvas.setLineWidth(0.5)

    def text(self, x: float, baseline: float, text: str, size: float = 10.0, vertical: bool = False) -> None:
        self._canvas.setFont(VERTICAL_FONT if vertical else FONT, size)
        self._canvas.drawString(x, self.height - baseline, text)

    def rule(self, x0: float, top: float, x1: float, bottom: float) -> None:
        """A ruling line from (x0, top) to (x1, bottom)."""
        self._canvas.line(x0, self.height - top, x1, self.height - bottom)

    def grid(
        self,
        xs: Sequence[float],
        ys: Sequence[float],
        rows: Sequence[Sequence[str]] = (),
        missing: Sequence[tuple[str, int, int]] = (),
    ) -> None:
        """A ruled grid with columns at xs and rows at ys; `rows` are the cells' one-line texts, set 5 pt
        in from the left rule and 14 pt under the top one ("" for none). `missing` names the edges not
        drawn: ("v", r, c) the vertical rule at xs[c] beside row r, ("h", r, c) the horizontal rule at
        ys[r] over column c.  A horizontal edge is drawn as one line over each run of columns, as office
        suites draw it."""
        gone = set(missing)
        for r, (top, bottom) in enumerate(pairwise(ys)):
            for c, x in enumerate(xs):
                if ("v", r, c) not in gone:
                    self.rule(x, top, x, bottom)
        for r, y in enumerate(ys):
            drawn = [("h", r, c) not in gone for c in range(len(xs) - 1)]
            for c, left in enumerate(xs[:-1]):
                if drawn[c] and (c == 0 or not drawn[c - 1]):
                    end = next((k for k in range(c, len(drawn)) if not drawn[k]), len(drawn))
                    self.rule(left, y, xs[end], y)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                if text:
                    self.text(xs[c] + 5, ys[r] + 14, text)

    def next_page(self) -> None:
        self._canvas.showPage()

    def pdf(self) -> bytes:
        self._canvas.showPage()
        self._canvas.save()
        return self._buffer.getvalue()

    def read(self, options: PdfOptions = DEFAULT_OPTIONS) -> list[Block]:
        """The blocks the PDF reader gives for the drawing (which is then finished)."""
        source = Source(path="drawn.pdf", format="pdf", sha256="0" * 64, reader="pdf/1")
        return PdfReader().read(self.pdf(), source, options).blocks


def tables(blocks: list[Block]) -> list[list[list[str]]]:
    """Each table's cell texts, row by row."""
    return [[[c.text for c in row] for row in block.rows] for block in blocks if isinstance(block, Table)]


def paragraphs(blocks: list[Block]) -> list[str]:
    return [block.text for block in blocks if isinstance(block, Paragraph)]
