"""The pdfminer device pages are laid out with: pdfminer's page aggregator, glyphs kept as the reader's Glyph.

pdfminer's aggregator (as pdfplumber's `page.layout` runs it, without layout analysis) builds an
LTChar for every glyph, keeping its font name, matrix, colour space and graphic state, none of which
the reader reads; pdfplumber's subclass then tags each with its marked-content id.  This device builds
the reader's Glyph instead, in the reader's coordinates (top-down, from the media box), with LTChar's
own arithmetic for the box and the size (pdfminer/layout.py), so every glyph is what it was to the
last bit.  Rules, curves and figures are pdfminer's own objects, in `get_result()`, as before.
"""

from __future__ import annotations

from pdfminer.converter import PDFPageAggregator
from pdfminer.pdfcolor import PDFColorSpace
from pdfminer.pdffont import PDFFont, PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFGraphicState, PDFResourceManager
from pdfminer.utils import Matrix, apply_matrix_rect

from parsers.read.pdf.lines import Glyph


class GlyphDevice(PDFPageAggregator):
    """Lays out one page: `glyphs` in the order drawn, `undefined` the first glyph's text that its font
    has no Unicode for (pdfminer's "(cid:NNN)"), None when there is none."""

    def __init__(self, resources: PDFResourceManager, left: float, height: float) -> None:
        super().__init__(resources, laparams=None)
        self.left, self.height = left, height  # the media box's left edge and top, in PDF space
        self.glyphs: list[Glyph] = []
        self.undefined: str | None = None

    def handle_undefined_char(self, font: PDFFont, cid: int) -> str:
        text = super().handle_undefined_char(font, cid)
        self.undefined = self.undefined or text
        return text

    def render_char(
        self,
        matrix: Matrix,
        font: PDFFont,
        fontsize: float,
        scaling: float,
        rise: float,
        cid: int,
        ncs: PDFColorSpace,
        graphicstate: PDFGraphicState,
    ) -> float:
        try:
            text = font.to_unichr(cid)
        except PDFUnicodeNotDefined:
            text = self.handle_undefined_char(font, cid)
        adv = font.char_width(cid) * fontsize * scaling
        vertical = font.is_vertical()
        if vertical:
            disp = font.char_disp(cid)
            assert isinstance(disp, tuple)
            vx = fontsize * 0.5 if disp[0] is None else disp[0] * fontsize * 0.001
            vy = (1000 - disp[1]) * fontsize * 0.001
            box = (-vx, vy + rise + adv, -vx + fontsize, vy + rise)
        else:
            descent = font.get_descent() * fontsize
            box = (0, descent + rise, adv, descent + rise + fontsize)
        x0, y0, x1, y1 = apply_matrix_rect(matrix, box)
        x0, x1 = min(x0, x1), max(x0, x1)
        y0, y1 = min(y0, y1), max(y0, y1)
        size = x1 - x0 if vertical else y1 - y0
        self.glyphs.append(
            Glyph(text, x0 + self.left, x1 + self.left, self.height - y1, self.height - y0, size)
        )
        return adv
