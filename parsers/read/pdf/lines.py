"""Printed lines from glyphs: grouping, the text as printed, and each line's first unbreakable unit.

Glyphs are grouped by vertical overlap, left to right.  The text is the glyphs as printed: a space
only where the PDF has a space glyph, or between two ASCII glyphs further apart than a word gap
(`PdfOptions.word_gap`); never between CJK glyphs.  An overprinted glyph (fake bold) is kept once.
A line's lead is the width of its first unbreakable unit (a CJK glyph with the punctuation that may
not be parted from it, or a Latin word or number): what would have had to fit on the line above.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from parsers.read.pdf.options import PdfOptions
from parsers.words.text import is_wide

_OPENING = frozenset("（(《〈「『【〔［[")
_CLOSING = frozenset("）)》〉」』】〕］]，,。.、；;：:！!？?%％…—")
_NEVER_FIRST = frozenset("）)》〉」』】〕］]，。、；：！？")  # a line opening with one of these was forced
_GLUE = frozenset("“”‘’\"'/／")  # no line break on either side of these


@dataclass(slots=True)
class Glyph:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    confidence: float | None = None  # an OCR'd glyph's (0..1); None from a text layer


@dataclass(slots=True)
class Line:
    """One printed line: its box, font size, text and its first unbreakable unit."""

    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    text: str
    lead: float  # width of the first unit: what would have had to fit at the end of the line above
    open_end: bool  # the whole line is one unit that may go on in the next line (a long number, "（")
    confidence: float | None = None  # the mean of its OCR'd glyphs' confidences; None from a text layer


def text_lines(glyphs: list[Glyph], page: int, options: PdfOptions) -> list[Line]:
    """Glyphs grouped into lines by vertical overlap, top to bottom; blank lines dropped."""
    lines = (line_of(group, page, options) for group in glyph_lines(glyphs))
    return [line for line in lines if line is not None]


def glyph_lines(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs grouped by vertical overlap into lines, top to bottom, each left to right."""
    groups: list[list[Glyph]] = []
    bottom = float("-inf")
    for glyph in sorted(glyphs, key=lambda g: g.top):
        if groups and glyph.top + glyph.bottom < 2 * bottom:  # its middle is above the line's bottom
            groups[-1].append(glyph)
            bottom = max(bottom, glyph.bottom)
        else:
            groups.append([glyph])
            bottom = glyph.bottom
    return [sorted(group, key=lambda g: g.x0) for group in groups]


def line_of(glyphs: list[Glyph], page: int, options: PdfOptions) -> Line | None:
    kept = _without_overprint(glyphs, options)
    ink = [g for g in kept if not g.text.isspace()]
    if not ink:
        return None
    lead, open_end = _lead(ink, options)
    confidences = [g.confidence for g in ink if g.confidence is not None]
    return Line(
        page=page,
        x0=ink[0].x0,
        x1=ink[-1].x1,
        top=min(g.top for g in ink),
        bottom=max(g.bottom for g in ink),
        size=max(g.size for g in ink),
        text=_joined(kept, options),
        lead=lead,
        open_end=open_end,
        confidence=sum(confidences) / len(confidences) if confidences else None,
    )


def _without_overprint(glyphs: list[Glyph], options: PdfOptions) -> list[Glyph]:
    kept: list[Glyph] = []
    for glyph in glyphs:
        if (
            kept
            and glyph.text == kept[-1].text
            and abs(glyph.x0 - kept[-1].x0) < options.overprint * glyph.size
        ):
            continue
        kept.append(glyph)
    return kept


def _joined(glyphs: list[Glyph], options: PdfOptions) -> str:
    parts = [glyphs[0].text]
    for before, glyph in pairwise(glyphs):
        if _word_gap(before, glyph, options):
            parts.append(" ")
        parts.append(glyph.text)
    return "".join(parts)


def _word_gap(before: Glyph, glyph: Glyph, options: PdfOptions) -> bool:
    return (
        glyph.x0 - before.x1 > options.word_gap * glyph.size
        and (before.text + glyph.text).isascii()
        and not (before.text.isspace() or glyph.text.isspace())
    )


def _lead(ink: list[Glyph], options: PdfOptions) -> tuple[float, bool]:
    """Width of what would have had to fit on the line above (opening marks, a CJK glyph or a Latin
    word or number, and what may not be parted from it: closing punctuation, quotation marks,
    slashes), and whether that unit is the whole line and may go on in the next one."""
    if ink[0].text in _NEVER_FIRST:
        return float("inf"), False
    end = 0
    while end < len(ink) - 1 and ink[end].text in _OPENING:
        end += 1
    if not is_wide(ink[end].text):
        while end < len(ink) - 1 and _same_word(ink[end], ink[end + 1], options):
            end += 1
    while end < len(ink) - 1 and (
        ink[end + 1].text in _CLOSING or _GLUE & {ink[end].text, ink[end + 1].text}
    ):
        end += 1
    last = ink[end].text
    open_end = end == len(ink) - 1 and (last in _OPENING or not is_wide(last))
    return ink[end].x1 - ink[0].x0, open_end


def _same_word(glyph: Glyph, after: Glyph, options: PdfOptions) -> bool:
    return not is_wide(after.text) and after.x0 - glyph.x1 < options.word_gap * glyph.size
