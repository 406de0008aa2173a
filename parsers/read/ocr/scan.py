"""Page images for OCR: a PDF page rendered, straightened, its ruling lines found and erased, its text read.

* Rendering: pypdfium2 (pdfplumber's own renderer) at `DPI`, in grayscale.
* Skew: a scan is seldom straight, and a line that climbs by one line height across the page would
  be read as two lines.  The angle (within `_MAX_SKEW` degrees) at which the rows of dark pixels are
  sharpest (the sum of squared row counts, on a quarter-size copy) is taken as the skew, and the page
  is rotated back when it is more than `_MIN_SKEW`.
* Rules: a run of dark pixels at least `_RULE_ACROSS` points long across, or `_RULE_DOWN` points
  down, is a ruling line (no glyph stroke is that long); runs on neighbouring pixel rows (columns)
  that overlap are one rule, and gaps of a pixel or two (noise, what is left of the skew) are closed.
  Rules are given to the reader as drawn rules, so a scanned ruled table is read as a ruled one, and
  erased from the image before the text is read, so that borders are not read as characters (｜, 一).
* Everything comes back in points from the page's top left, the reader's coordinates.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pypdfium2
from PIL import Image

from parsers.read.ocr.engines import Engine, OcrChar

DPI = 200  # a scanner's usual resolution for text
_DARK = 160  # gray levels below this are ink
_RULE_ACROSS = 24.0  # points: a shorter horizontal run of ink is part of a glyph
_RULE_DOWN = 14.0  # points: a shorter vertical run of ink is part of a glyph
_GAP = 2  # pixels of a rule's gap that are closed
_MAX_SKEW = 3.0  # degrees
_SKEW_STEP = 0.05  # degrees
_MIN_SKEW = 0.05  # degrees: a smaller skew is left alone
_REDUCE = 4  # the skew is measured on a copy this many times smaller


@dataclass(frozen=True, slots=True)
class Rule:
    """A ruling line found on the image, in points: across or down, where, and from where to where."""

    horizontal: bool
    at: float
    start: float
    end: float


@dataclass
class ScannedPage:
    """What OCR read on a page: its characters and rules (in points) and the skew that was corrected."""

    chars: list[OcrChar]
    rules: list[Rule]
    skew: float


def scan_page(page: pypdfium2.PdfPage, engine: Engine, dpi: int = DPI) -> ScannedPage:
    """Render, straighten and read one page."""
    scale = dpi / 72
    image = page.render(scale=scale, grayscale=True).to_pil().convert("L")
    image, skew = straightened(image)
    pixels = np.array(image)
    rules, ink = find_rules(pixels < _DARK, scale)
    pixels[ink] = 255
    chars = engine.read(Image.fromarray(pixels))
    return ScannedPage([_in_points(char, scale) for char in chars], rules, skew)


def straightened(image: Image.Image) -> tuple[Image.Image, float]:
    """The image rotated back by its skew, and the skew in degrees (positive: text climbs to the right)."""
    small = np.asarray(image.reduce(_REDUCE)) < _DARK
    ys, xs = np.nonzero(small)
    if len(ys) == 0:
        return image, 0.0
    steps = round(_MAX_SKEW / _SKEW_STEP)
    angles = [k * _SKEW_STEP for k in range(-steps, steps + 1)]

    def sharpness(angle: float) -> float:
        rows = np.round(ys + xs * math.tan(math.radians(angle))).astype(np.int64)
        return float(np.square(np.bincount(rows - rows.min())).sum())

    best = max(angles, key=lambda a: (sharpness(a), -abs(a)))
    if abs(best) <= _MIN_SKEW:
        return image, 0.0
    # rows are straight when y + x·tan(a) is constant, that is when the text runs at -a: turn it by -a
    return image.rotate(-best, resample=Image.Resampling.BICUBIC, fillcolor=255), -best


def find_rules(dark: np.ndarray, scale: float) -> tuple[list[Rule], np.ndarray]:
    """The ruling lines on a page (in points) and the mask of their pixels (one pixel around included)."""
    across = _rules(dark, round(_RULE_ACROSS * scale))
    down = _rules(dark.T, round(_RULE_DOWN * scale))
    mask = np.zeros_like(dark)
    for at0, at1, start, end in across:
        mask[max(at0 - 1, 0) : at1 + 2, max(start - 1, 0) : end + 1] = True
    for at0, at1, start, end in down:
        mask[max(start - 1, 0) : end + 1, max(at0 - 1, 0) : at1 + 2] = True
    rules = [
        Rule(horizontal, (at0 + at1 + 1) / 2 / scale, start / scale, end / scale)
        for horizontal, found in ((True, across), (False, down))
        for at0, at1, start, end in found
    ]
    return rules, mask & dark


def _rules(dark: np.ndarray, length: int) -> list[tuple[int, int, int, int]]:
    """Runs of at least `length` dark pixels along each row (gaps up to _GAP closed), those on
    neighbouring rows that overlap merged: (first row, last row, start, end) each."""
    closed = _closed(dark)
    padded = np.zeros((closed.shape[0], closed.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = closed
    steps = np.diff(padded, axis=1)
    rows, starts = np.nonzero(steps == 1)
    _, ends = np.nonzero(steps == -1)  # row-major order: the k-th end closes the k-th start
    long = ends - starts >= length
    merged: list[list[int]] = []
    for row, start, end in zip(rows[long], starts[long], ends[long], strict=True):
        near = next(
            (r for r in reversed(merged) if r[1] >= row - 1 - _GAP and start <= r[3] and end >= r[2]), None
        )
        if near is None:
            merged.append([int(row), int(row), int(start), int(end)])
        else:
            near[1], near[2], near[3] = int(row), min(near[2], int(start)), max(near[3], int(end))
    return [(r[0], r[1], r[2], r[3]) for r in merged]


def _closed(dark: np.ndarray) -> np.ndarray:
    """Gaps of up to _GAP pixels along each row filled (a dilation then an erosion along the row)."""
    grown = dark.copy()
    for k in range(1, _GAP + 1):
        grown[:, k:] |= dark[:, :-k]
    shrunk = grown.copy()
    for k in range(1, _GAP + 1):
        shrunk[:, :-k] &= grown[:, k:]
    return shrunk


def _in_points(char: OcrChar, scale: float) -> OcrChar:
    return replace(
        char, x0=char.x0 / scale, x1=char.x1 / scale, top=char.top / scale, bottom=char.bottom / scale
    )
