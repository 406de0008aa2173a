"""Running headers and footers, bare page numbers and page frames, dropped.

Running lines are the same text, digits aside, at the same height near the top or bottom of many
pages; a frame is a one-cell box drawn at the same place on many pages.  Both are dropped before any
aligned table is looked for: a frame before glyphs are put in grids (its glyphs stay body text),
running lines from the body lines.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from parsers.read.pdf.grids import Grid
from parsers.read.pdf.lines import Line
from parsers.read.pdf.options import PdfOptions
from parsers.read.pdf.pages import DrawnPage, Page
from parsers.words.text import compact

_PAGE_NUMBER = re.compile(r"[-—–·•\s]*(第\s*)?(\d+|[IVXLCivxlc]+)(\s*页)?(\s*[/／共]\s*\d+\s*页?)?[-—–·•\s]*")
_DIGITS = re.compile(r"\d+")


def _repeats(n_pages: int, keys: Iterable[object], options: PdfOptions) -> set[object]:
    """The keys found on enough pages to be running matter (each page's keys counted once)."""
    needed = max(options.running_min_pages, options.running_share * n_pages)
    return {key for key, count in Counter(keys).items() if count >= needed}


def drop_running_lines(pages: list[Page], options: PdfOptions) -> None:
    """Remove running headers and footers, and bare page numbers, near the top and bottom of pages."""
    keys = (key for page in pages for key in {_line_key(line) for line in _edge_lines(page, options)})
    running = _repeats(len(pages), keys, options)
    for page in pages:
        edge = {id(line) for line in _edge_lines(page, options)}
        page.lines = [
            line
            for line in page.lines
            if id(line) not in edge or not (_line_key(line) in running or _PAGE_NUMBER.fullmatch(line.text))
        ]


def _edge_lines(page: Page, options: PdfOptions) -> list[Line]:
    """The first and last few body lines of a page that sit in its top or bottom band."""
    band, depth = options.margin_band * page.height, options.running_depth
    first = [line for line in page.lines[:depth] if line.bottom <= band]
    last = [line for line in page.lines[-depth:] if line.top >= page.height - band]
    return first + [line for line in last if line not in first]


def _line_key(line: Line) -> tuple[str, int]:
    return _DIGITS.sub("#", compact(line.text)), round(line.top)


def drop_page_frames(pages: list[DrawnPage], options: PdfOptions) -> None:
    """Drop a one-cell box drawn at the same place on many pages (a page border) before any glyph is
    put in a grid: its glyphs are body text, read like those of an unframed page."""
    keys = (key for page in pages for key in {_frame_key(grid) for grid, _ in page.ruled} - {None})
    frames = _repeats(len(pages), keys, options)
    for page in pages:
        page.ruled = [(grid, ys) for grid, ys in page.ruled if _frame_key(grid) not in frames]


def _frame_key(grid: Grid) -> tuple[int, ...] | None:
    if len(grid.cells) != 1:
        return None
    return round(grid.xs[0]), round(grid.top), round(grid.xs[-1]), round(grid.bottom)
