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

from parsers.pdf.grids import Grid
from parsers.pdf.lines import Line
from parsers.pdf.pages import DrawnPage, Page
from parsers.text import compact

_PAGE_NUMBER = re.compile(r"[-—–·•\s]*(第\s*)?(\d+|[IVXLCivxlc]+)(\s*页)?(\s*[/／共]\s*\d+\s*页?)?[-—–·•\s]*")
_DIGITS = re.compile(r"\d+")
_RUNNING_SHARE = 0.3  # a header, footer or page frame repeats on at least this share of the pages ...
_RUNNING_MIN_PAGES = 3  # ... and on at least this many
_RUNNING_DEPTH = 2  # lines from the top and from the bottom of a page that can be running lines
_MARGIN_BAND = 0.15  # share of the page height at the top and bottom where running lines sit


def _repeats(n_pages: int, keys: Iterable[object]) -> set[object]:
    """The keys found on enough pages to be running matter (each page's keys counted once)."""
    needed = max(_RUNNING_MIN_PAGES, _RUNNING_SHARE * n_pages)
    return {key for key, count in Counter(keys).items() if count >= needed}


def drop_running_lines(pages: list[Page]) -> None:
    """Remove running headers and footers, and bare page numbers, near the top and bottom of pages."""
    keys = (key for page in pages for key in {_line_key(line) for line in _edge_lines(page)})
    running = _repeats(len(pages), keys)
    for page in pages:
        edge = {id(line) for line in _edge_lines(page)}
        page.lines = [
            line
            for line in page.lines
            if id(line) not in edge or not (_line_key(line) in running or _PAGE_NUMBER.fullmatch(line.text))
        ]


def _edge_lines(page: Page) -> list[Line]:
    """The first and last few body lines of a page that sit in its top or bottom band."""
    band = _MARGIN_BAND * page.height
    first = [line for line in page.lines[:_RUNNING_DEPTH] if line.bottom <= band]
    last = [line for line in page.lines[-_RUNNING_DEPTH:] if line.top >= page.height - band]
    return first + [line for line in last if line not in first]


def _line_key(line: Line) -> tuple[str, int]:
    return _DIGITS.sub("#", compact(line.text)), round(line.top)


def drop_page_frames(pages: list[DrawnPage]) -> None:
    """Drop a one-cell box drawn at the same place on many pages (a page border) before any glyph is
    put in a grid: its glyphs are body text, read like those of an unframed page."""
    keys = (key for page in pages for key in {_frame_key(grid) for grid, _ in page.ruled} - {None})
    frames = _repeats(len(pages), keys)
    for page in pages:
        page.ruled = [(grid, ys) for grid, ys in page.ruled if _frame_key(grid) not in frames]


def _frame_key(grid: Grid) -> tuple[int, ...] | None:
    if len(grid.cells) != 1:
        return None
    return round(grid.xs[0]), round(grid.top), round(grid.xs[-1]), round(grid.bottom)
