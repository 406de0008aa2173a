"""OCR'd characters given the boxes a text layer gives its glyphs, so the PDF reader's rules (measured
in em, on advance boxes) apply to them as they are.

An engine's box is the character's ink (RapidOCR) or a share of its word's box (Tesseract), and its
height is the text line's box, which varies with what the line prints (一 or 例).  A text layer's glyph
box is the glyph's advance: a CJK glyph is one em wide and one em tall.  So:

* Font size: a CJK line's characters sit one em apart, so a line's size is the pitch of its longest
  run of CJK characters (first centre to last: one centre is a pixel or two off).  These sizes are
  grouped over the document (`group_sizes`): one printed size, one size.  A line with fewer than
  three CJK characters gets the body size, or where its height (times the document's usual ratio of
  size to height) is clearly larger, the common size nearest that.
* Boxes: about its centre, a CJK character becomes one em wide, a Latin character or digit `NARROW`
  em; every character of a line becomes one em tall about the line's middle.  A gap between two
  characters' own boxes wider than `_SPACE` em (a typed space is about a quarter em, and the engines'
  boxes of the characters of a word touch or nearly) gets a space glyph, as a text layer has.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from itertools import groupby, pairwise
from statistics import median

from parsers.read.ocr.engines import NARROW, OcrChar
from parsers.words.text import is_wide

_MIN_SIZE = 3.0  # points: a smaller pitch is boxes on top of each other, not a font size
_SIZE_SPREAD = 0.12  # sizes within this share of a common one are one printed size
_NEIGHBOURS = 1.6  # a pitch wider than this many character widths has a gap in it, not one em
_SHORT_SPREAD = 0.25  # a short line's size estimate this close to the body size is the body size
_SPACE = 0.3  # em: a wider gap between two characters' boxes on a line is a typed space (矿石 万吨)


def typeset(pages: dict[int, list[OcrChar]], column_gap: float) -> dict[int, list[OcrChar]]:
    """Each page's characters with text-layer boxes and their font size (`OcrChar.size`); no space glyph
    is put in a gap of `column_gap` em or more (the reader's `PdfOptions.column_gap`)."""
    lines = {
        (number, line): list(chars)
        for number, page in pages.items()
        for line, chars in groupby(page, key=lambda c: c.line)
    }
    pitches = {key: _pitch(chars) for key, chars in lines.items()}
    heights = {key: chars[0].bottom - chars[0].top for key, chars in lines.items()}
    ratios = [pitch / heights[key] for key, pitch in pitches.items() if pitch is not None and heights[key]]
    ratio = median(ratios) if ratios else 1.0
    pitched = [pitch for pitch in pitches.values() if pitch is not None]
    grouped = group_sizes(pitched)
    common = sorted(set(grouped.values()))
    body = Counter(grouped[pitch] for pitch in pitched).most_common(1)[0][0] if pitched else None
    out: dict[int, list[OcrChar]] = {number: [] for number in pages}
    for key, chars in lines.items():
        pitch = pitches[key]
        size = grouped[pitch] if pitch is not None else _short_line_size(heights[key] * ratio, body, common)
        out[key[0]].extend(_set_line(chars, size, column_gap))
    return out


def _set_line(chars: list[OcrChar], size: float, column_gap: float) -> list[OcrChar]:
    """A line's characters on text-layer boxes, with a space where the engine's boxes leave a gap
    wider than `_SPACE` em (and narrower than a column gap: no space glyph may join two cells)."""
    middle = (chars[0].top + chars[0].bottom) / 2
    top, bottom = middle - size / 2, middle + size / 2
    out: list[OcrChar] = []
    for k, char in enumerate(chars):
        half = size / 2 if is_wide(char.text) else NARROW * size / 2
        x0 = _centre(char) - half
        gap = char.x0 - chars[k - 1].x1 if k else 0.0
        if _SPACE * size < gap < column_gap * size and out:
            out.append(
                replace(
                    char, text=" ", x0=out[-1].x1, x1=max(x0, out[-1].x1), top=top, bottom=bottom, size=size
                )
            )
        out.append(replace(char, x0=x0, x1=_centre(char) + half, top=top, bottom=bottom, size=size))
    return out


def _short_line_size(estimate: float, body: float | None, common: list[float]) -> float:
    """The size of a line too short for a pitch, from its height: the detection box of a glyph or two
    is padded and says little (例, 1), so the body size unless clearly larger, else the nearest common
    size."""
    if body is None:
        return estimate
    if abs(estimate - body) <= _SHORT_SPREAD * body:
        return body
    return min(common, key=lambda size: abs(size - estimate))


def _pitch(chars: list[OcrChar]) -> float | None:
    """The pitch of the line's longest run of CJK characters with no gap or other character between
    them (from its first centre to its last), if it has three characters or more."""
    wide = [c for c in chars if is_wide(c.text)]
    if len(wide) < 3:
        return None
    width = median(c.x1 - c.x0 for c in wide)
    runs = [[wide[0]]]
    for before, char in pairwise(wide):
        if _centre(char) - _centre(before) < _NEIGHBOURS * width:
            runs[-1].append(char)
        else:
            runs.append([char])
    run = max(runs, key=len)
    pitch = (_centre(run[-1]) - _centre(run[0])) / (len(run) - 1) if len(run) >= 3 else None
    return pitch if pitch is not None and pitch >= _MIN_SIZE else None  # boxes on top of each other


def _centre(char: OcrChar) -> float:
    return (char.x0 + char.x1) / 2


def group_sizes(sizes: list[float]) -> dict[float, float]:
    """Each size mapped to a common one: the most common sizes (to half a point, most common first) each
    take the sizes within _SIZE_SPREAD of them."""
    common = Counter(round(s * 2) / 2 for s in sizes)
    grouped: dict[float, float] = {}
    for size, _ in common.most_common():
        for s in sizes:
            if s not in grouped and abs(s - size) <= _SIZE_SPREAD * size:
                grouped[s] = size
    return grouped | {s: s for s in sizes if s not in grouped}
