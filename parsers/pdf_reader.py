"""Reader for PDF plans (`*.pdf`): lines, paragraphs and tables rebuilt from glyph positions and rules.

pdfplumber (pdfminer) lays each page out; one pass over its layout objects takes
the glyphs, lines and rects, in pdfplumber's coordinates but without building
pdfplumber's per-object dicts (a fifth of the time).  Everything after that is
done here, because the general tools fail on these plans in the ways listed in
docs/design/PDF_NOTES.md.

* Lines: glyphs grouped by vertical overlap, left to right.  The text is the
  glyphs as printed: a space only where the PDF has a space glyph, or between
  two ASCII glyphs further apart than a word gap; never between CJK glyphs.
  An overprinted glyph (fake bold) is kept once.
* Tables come from ruling lines (lines, thin rects, stroked rects' edges).
  Rules that touch form one table piece; the distinct rule positions give the
  grid, and a grid edge with no rule on it merges the two grid cells beside it.
  A horizontally merged cell is one Cell with a col_span; the rows under a
  vertically merged cell hold empty Cells at its column: the grid the DOCX and
  Tika readers give.  A bordered one-cell box is a table too.
* Where no rules are drawn, tables come from text alignment (the body lines
  outside every ruled table, read once page frames and running headers and
  footers are dropped; see parsers/pdf_alignment.py for the rules): columns where
  pieces of text separated by wide gaps start on several lines, rows where a
  line does not go on from the cells above it, a one-column box from its 专栏
  caption to the body text.  Such a grid's right edge is where its text ends.
* Page breaks: a table piece that is the last thing on its page continues in the
  piece that is the first thing on the next page when both have the same outer
  edges (left edge for aligned tables), one's column rules (column starts) are
  among the other's, and the second does not open with a 专栏 caption row.
  A repeated header is dropped; a row cut by the break is joined back into one
  row, each cell's text continued (see `_cut_row`; for an aligned table only by
  the room rule).  Lines first on a page that start at the text of a cell of an
  aligned table's last row, not its first column, and end inside it go on in
  that cell (a cut row whose other columns ended on the page before); a one-line
  aligned table at a page's end that nothing continues is body text again.
* Paragraphs are rebuilt from the body lines: a new one starts at a change of
  font size, a gap wider than the document's usual line gap, an indented line
  under a flush one, a numbered item (①, ⑴, ㈠), and wherever the line before
  stopped short: the next line's first unbreakable unit (a CJK glyph with the
  punctuation that may not be parted from it, or a Latin word or number) would
  have fitted in the room left on it.  The room rule also splits a cell's lines
  into its paragraphs ("\\n"), as does a numbered title line in a prose cell.
  Lines that wrapped are joined without a separator: where a line break could be
  either (a paragraph that ends exactly at the edge of its cell), a PDF cannot
  tell, and the text is joined.
* Running headers and footers (the same text, digits aside, at the same height
  near the top or bottom of many pages), bare page numbers there, and a frame
  drawn around every page are dropped before any aligned table is looked for: a
  frame before glyphs are put in grids (its glyphs stay body text), running
  lines from the body lines.
* Provenance: every Paragraph, Table and Cell has its 1-based page; `line` is
  the block's 1-based position in the document, as in the DOCX reader.
* Pages without a text layer (scans) are read by OCR (parsers/ocr): the characters
  it finds become glyphs, set on the boxes a text layer gives (parsers/ocr/typeset.py:
  font size from the CJK pitch, a CJK glyph one em square), the ruling lines found on
  the image become rules, and from there the page is read like any other; pages with
  a text layer are read as they are.  Cells read by OCR are marked (`Cell.ocr`, with
  the engine's mean confidence).

Bad input ends as a DocumentError: encrypted, truncated, unparseable, no text
(neither a text layer nor anything OCR reads, or no OCR engine installed), or
text in a font without a Unicode map (`(cid:NNN)` glyphs); and a decompression
bomb, before pdfminer inflates anything (parsers/pdf_streams.py).
"""

from __future__ import annotations

import bisect
import contextlib
import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise

import pdfplumber
import pypdfium2
from pdfminer.layout import LTChar, LTContainer, LTItem, LTLine, LTPage, LTRect
from pdfminer.pdfdocument import PDFEncryptionError
from pdfplumber.page import Page

from models.document import Block, Cell, Paragraph, RawDocument, Source, Table
from parsers.base import DocumentError
from parsers.headers import MAX_HEADER_ROWS
from parsers.pdf_alignment import (
    CELL_PAD,
    AlignedTable,
    box_rows,
    caption_box_end,
    find_tables,
    split_glyphs,
)
from parsers.pdf_logging import mute_pdfminer_debug
from parsers.pdf_streams import refuse_bomb
from parsers.text import (
    CAPTION,
    CIRCLED,
    PARENTHESIZED,
    PARENTHESIZED_CN,
    clean_text,
    compact,
    is_wide,
    one_line,
)

_MAGIC = b"%PDF-"
_MAGIC_WINDOW = 1024  # bytes at the start in which the header may sit
_EOF_MARKER = b"%%EOF"
_EOF_WINDOW = 2048  # bytes at the end in which a complete file has its end marker
_SNAP = 2.0  # points: rule positions this close are one rule; rule ends this close meet
_THIN = 2.0  # points: a rect thinner than this is a rule
_WORD_GAP = 0.25  # em: a wider gap between two ASCII glyphs without a space glyph is a space
_OVERPRINT = 0.2  # em: the same glyph again this close is fake bold
_SIZE_CHANGE = 0.5  # points of font size that start a new paragraph
_EXTRA_GAP = 0.3  # em above the usual line gap that starts a new paragraph
_INDENT = 1.0  # em: a first line indented this far starts a paragraph
_FIT_SLACK = 0.25  # em: a line ended early when the next unit would have fitted with this to spare
_RUNNING_SHARE = 0.3  # a header, footer or page frame repeats on at least this share of the pages ...
_RUNNING_MIN_PAGES = 3  # ... and on at least this many
_RUNNING_DEPTH = 2  # lines from the top and from the bottom of a page that can be running lines
_MARGIN_BAND = 0.15  # share of the page height at the top and bottom where running lines sit
_OPENING = frozenset("（(《〈「『【〔［[")
_CLOSING = frozenset("）)》〉」』】〕］]，,。.、；;：:！!？?%％…—")
_NEVER_FIRST = frozenset("）)》〉」』】〕］]，。、；：！？")  # a line opening with one of these was forced
_GLUE = frozenset("“”‘’\"'/／")  # no line break on either side of these
_ITEM = re.compile(rf"\s*[{CIRCLED}{PARENTHESIZED}{PARENTHESIZED_CN}]")
_SENTENCE = re.compile(r"[，。；：！？]")
_PAGE_NUMBER = re.compile(r"[-—–·•\s]*(第\s*)?(\d+|[IVXLCivxlc]+)(\s*页)?(\s*[/／共]\s*\d+\s*页?)?[-—–·•\s]*")
_DIGITS = re.compile(r"\d+")

mute_pdfminer_debug()  # pdfminer calls debug() for every token and operator, to log nothing


class PdfReader:
    name = "pdf"
    version = 1
    format = "pdf"
    suffixes = (".pdf",)

    def sniff(self, head: bytes) -> str | None:
        return None if _MAGIC in head[:_MAGIC_WINDOW] else "not a PDF file"

    def read(self, data: bytes, source: Source) -> RawDocument:
        if _EOF_MARKER not in data[-_EOF_WINDOW:]:
            raise DocumentError(
                source.path, "truncated PDF (no end-of-file marker): download or export it again"
            )
        refuse_bomb(data, source.path)
        drawn = read_pages(data, source.path)
        _read_scans(data, drawn, source.path)
        _check_text_layer(drawn, source.path)
        _drop_page_frames(drawn)
        pages = [_filled_page(page) for page in drawn]
        _drop_running_lines(pages)
        for page in pages:
            _add_aligned_tables(page)
        return RawDocument(source=source, blocks=_Assembler(pages).blocks())


# -- glyphs and lines --------------------------------------------------------------------------------


@dataclass(slots=True)
class _Glyph:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    confidence: float | None = None  # an OCR'd glyph's (0..1); None from a text layer


@dataclass(slots=True)
class _Line:
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


def text_lines(glyphs: list[_Glyph], page: int) -> list[_Line]:
    """Glyphs grouped into lines by vertical overlap, top to bottom; blank lines dropped."""
    lines = (_line(group, page) for group in glyph_lines(glyphs))
    return [line for line in lines if line is not None]


def glyph_lines(glyphs: list[_Glyph]) -> list[list[_Glyph]]:
    """Glyphs grouped by vertical overlap into lines, top to bottom, each left to right."""
    groups: list[list[_Glyph]] = []
    bottom = float("-inf")
    for glyph in sorted(glyphs, key=lambda g: g.top):
        if groups and glyph.top + glyph.bottom < 2 * bottom:  # its middle is above the line's bottom
            groups[-1].append(glyph)
            bottom = max(bottom, glyph.bottom)
        else:
            groups.append([glyph])
            bottom = glyph.bottom
    return [sorted(group, key=lambda g: g.x0) for group in groups]


def _line(glyphs: list[_Glyph], page: int) -> _Line | None:
    kept = _without_overprint(glyphs)
    ink = [g for g in kept if not g.text.isspace()]
    if not ink:
        return None
    lead, open_end = _lead(ink)
    confidences = [g.confidence for g in ink if g.confidence is not None]
    return _Line(
        page=page,
        x0=ink[0].x0,
        x1=ink[-1].x1,
        top=min(g.top for g in ink),
        bottom=max(g.bottom for g in ink),
        size=max(g.size for g in ink),
        text=_joined(kept),
        lead=lead,
        open_end=open_end,
        confidence=sum(confidences) / len(confidences) if confidences else None,
    )


def _without_overprint(glyphs: list[_Glyph]) -> list[_Glyph]:
    kept: list[_Glyph] = []
    for glyph in glyphs:
        if kept and glyph.text == kept[-1].text and abs(glyph.x0 - kept[-1].x0) < _OVERPRINT * glyph.size:
            continue
        kept.append(glyph)
    return kept


def _joined(glyphs: list[_Glyph]) -> str:
    parts = [glyphs[0].text]
    for before, glyph in pairwise(glyphs):
        if _word_gap(before, glyph):
            parts.append(" ")
        parts.append(glyph.text)
    return "".join(parts)


def _word_gap(before: _Glyph, glyph: _Glyph) -> bool:
    return (
        glyph.x0 - before.x1 > _WORD_GAP * glyph.size
        and (before.text + glyph.text).isascii()
        and not (before.text.isspace() or glyph.text.isspace())
    )


def _lead(ink: list[_Glyph]) -> tuple[float, bool]:
    """Width of what would have had to fit on the line above (opening marks, a CJK glyph or a Latin
    word or number, and what may not be parted from it: closing punctuation, quotation marks,
    slashes), and whether that unit is the whole line and may go on in the next one."""
    if ink[0].text in _NEVER_FIRST:
        return float("inf"), False
    end = 0
    while end < len(ink) - 1 and ink[end].text in _OPENING:
        end += 1
    if not is_wide(ink[end].text):
        while end < len(ink) - 1 and _same_word(ink[end], ink[end + 1]):
            end += 1
    while end < len(ink) - 1 and (
        ink[end + 1].text in _CLOSING or _GLUE & {ink[end].text, ink[end + 1].text}
    ):
        end += 1
    last = ink[end].text
    open_end = end == len(ink) - 1 and (last in _OPENING or not is_wide(last))
    return ink[end].x1 - ink[0].x0, open_end


def _same_word(glyph: _Glyph, after: _Glyph) -> bool:
    return not is_wide(after.text) and after.x0 - glyph.x1 < _WORD_GAP * glyph.size


# -- line breaks: wrapped or a new paragraph ---------------------------------------------------------


def chained_leads(lines: list[_Line]) -> list[float]:
    """Each line's lead width, a line that is one open unit adding the lead of the line after it
    (LibreOffice puts "（" alone on a line when "（B2O3）" fits nowhere)."""
    leads = [line.lead for line in lines]
    for i in range(len(lines) - 2, -1, -1):
        if lines[i].open_end:
            leads[i] += leads[i + 1]
    return leads


def wraps(before: _Line, lead: float, room: float) -> bool:
    """Whether a unit `lead` wide was wrapped: it would not have fitted in the `room` left after `before`.

    The slack covers the extra space engines put between CJK and Latin text (0.2 em in LibreOffice)."""
    return lead + _FIT_SLACK * before.size > room


def starts_paragraph(
    before: _Line, line: _Line, lead: float, room: float, leading: float | None, indented: bool
) -> bool:
    """Whether `line` (first unit `lead` wide) opens a paragraph after `before`, which had `room` left.

    `indented` says the line starts further in than `before`; a numbered item (①, ⑴, ㈠) always opens one."""
    if abs(line.size - before.size) > _SIZE_CHANGE or indented or _ITEM.match(line.text):
        return True
    gap = line.top - before.bottom
    if leading is not None and line.page == before.page and gap > leading + _EXTRA_GAP * line.size:
        return True
    return not wraps(before, lead, room)


def item_title(before: _Line, line: _Line) -> bool:
    """Whether `before` is the title line of a numbered item in a cell: without sentence punctuation,
    and followed by a line with some (①于田县闪长岩重点勘查区 / 面积238.6平方千米，…)."""
    return bool(
        _ITEM.match(before.text) and not _SENTENCE.search(before.text) and _SENTENCE.search(line.text)
    )


def joined_lines(lines: list[_Line], breaks: list[bool]) -> str:
    """Lines joined into text: a newline where breaks[i] says line i + 1 opens a paragraph, else nothing."""
    parts = [lines[0].text]
    for line, new_paragraph in zip(lines[1:], breaks, strict=True):
        parts.append("\n" if new_paragraph else "")
        parts.append(line.text)
    return clean_text("".join(parts))


def usual_gaps(line_lists: Iterable[list[_Line]]) -> dict[int, float]:
    """The most common gap between consecutive lines of one font size on one page, by rounded size."""
    gaps: dict[int, Counter[float]] = {}
    for lines in line_lists:
        for before, line in pairwise(lines):
            gap = line.top - before.bottom
            if (
                line.page == before.page
                and round(line.size) == round(before.size)
                and 0 <= gap < 2 * line.size
            ):
                gaps.setdefault(round(line.size), Counter())[round(gap * 2) / 2] += 1
    return {size: counter.most_common(1)[0][0] for size, counter in gaps.items()}


# -- rules and table grids ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Rule:
    horizontal: bool
    at: float  # y of a horizontal rule, x of a vertical one
    start: float
    end: float


def _box_rules(x0: float, top: float, x1: float, bottom: float, outline: bool) -> list[_Rule]:
    wide, tall = x1 - x0 > _THIN, bottom - top > _THIN
    if wide and not tall:
        return [_Rule(True, (top + bottom) / 2, x0, x1)]
    if tall and not wide:
        return [_Rule(False, (x0 + x1) / 2, top, bottom)]
    if wide and tall and outline:
        return [
            _Rule(True, top, x0, x1),
            _Rule(True, bottom, x0, x1),
            _Rule(False, x0, top, bottom),
            _Rule(False, x1, top, bottom),
        ]
    return []


class _Sets:
    """Disjoint sets over 0..n-1 (union-find with path halving)."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def root(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        self.parent[self.root(i)] = self.root(j)

    def groups(self) -> list[list[int]]:
        by_root: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            by_root.setdefault(self.root(i), []).append(i)
        return list(by_root.values())


def rule_groups(rules: list[_Rule]) -> list[list[_Rule]]:
    """Rules that touch, directly or through others: one group per table piece."""
    sets = _Sets(len(rules))
    across = [i for i, r in enumerate(rules) if r.horizontal]
    down = [i for i, r in enumerate(rules) if not r.horizontal]
    for h in across:
        for v in down:
            if _cross(rules[h], rules[v]):
                sets.join(h, v)
    return [[rules[i] for i in group] for group in sets.groups()]


def _cross(h: _Rule, v: _Rule) -> bool:
    return v.start - _SNAP <= h.at <= v.end + _SNAP and h.start - _SNAP <= v.at <= h.end + _SNAP


def snapped(values: Iterable[float]) -> list[float]:
    """Sorted positions, each run of values closer than _SNAP kept as its first."""
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > _SNAP:
            out.append(value)
    return out


@dataclass
class _GridCell:
    """A merged cell: grid rows r0..r1 (exclusive), column boundaries x0..x1, its lines and page."""

    r0: int
    r1: int
    x0: float
    x1: float
    page: int
    lines: list[_Line] = field(default_factory=list)


@dataclass
class _Grid:
    """A ruled table, possibly continued over pages: its column boundaries, each row's page, its cells."""

    xs: list[float]
    row_pages: list[int]
    cells: list[_GridCell]
    top: float  # on its first page
    bottom: float  # on its last page
    aligned: bool = False  # read from text alignment (pdf_alignment): no rules, right edge from the text
    unless_continued: list[_Line] | None = None  # the body lines it is unless the next page continues it

    @property
    def page(self) -> int:
        return self.row_pages[0]

    @property
    def last_page(self) -> int:
        return self.row_pages[-1]

    def row(self, r: int) -> list[_GridCell]:
        """The cells that start on row r, left to right."""
        return sorted((c for c in self.cells if c.r0 == r), key=lambda c: c.x0)

    def last_row(self) -> list[_GridCell]:
        """The cells that reach down to the last row, left to right."""
        end = len(self.row_pages)
        return sorted((c for c in self.cells if c.r1 == end), key=lambda c: c.x0)


def build_grid(rules: list[_Rule], page: int) -> tuple[_Grid, list[float]] | None:
    """The grid of one rule group and its row boundaries, or None when the rules box nothing in."""
    xs = snapped(r.at for r in rules if not r.horizontal)
    ys = snapped(r.at for r in rules if r.horizontal)
    if len(xs) < 2 or len(ys) < 2:
        return None
    across = _coverage(rules, ys, horizontal=True)
    down = _coverage(rules, xs, horizontal=False)
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    sets = _Sets(n_rows * n_cols)
    for r in range(n_rows):
        middle_y = (ys[r] + ys[r + 1]) / 2
        for c in range(n_cols):
            if c + 1 < n_cols and not _covered(down[c + 1], middle_y):
                sets.join(r * n_cols + c + 1, r * n_cols + c)
            if r + 1 < n_rows and not _covered(across[r + 1], (xs[c] + xs[c + 1]) / 2):
                sets.join((r + 1) * n_cols + c, r * n_cols + c)
    cells = [_merged_cell(group, n_cols, xs, page) for group in sets.groups()]
    return _Grid(xs, [page] * n_rows, cells, ys[0], ys[-1]), ys


def _coverage(
    rules: list[_Rule], positions: list[float], horizontal: bool
) -> list[list[tuple[float, float]]]:
    """For each grid line, the stretches its rules cover."""
    spans: list[list[tuple[float, float]]] = [[] for _ in positions]
    for rule in rules:
        if rule.horizontal == horizontal:
            spans[_nearest(positions, rule.at)].append((rule.start - _SNAP, rule.end + _SNAP))
    return spans


def _nearest(positions: list[float], value: float) -> int:
    return min(range(len(positions)), key=lambda i: abs(positions[i] - value))


def _covered(spans: list[tuple[float, float]], at: float) -> bool:
    return any(start <= at <= end for start, end in spans)


def _merged_cell(group: list[int], n_cols: int, xs: list[float], page: int) -> _GridCell:
    rows = [i // n_cols for i in group]
    cols = [i % n_cols for i in group]
    return _GridCell(min(rows), max(rows) + 1, xs[min(cols)], xs[max(cols) + 1], page)


def fill_grid(grid: _Grid, ys: list[float], glyphs: list[_Glyph], page: int) -> None:
    """Give each cell the lines of the glyphs whose middle falls in it."""
    n_cols = len(grid.xs) - 1
    owner: dict[tuple[int, int], int] = {}
    for index, cell in enumerate(grid.cells):
        c0, c1 = grid.xs.index(cell.x0), grid.xs.index(cell.x1)
        owner.update(((r, c), index) for r in range(cell.r0, cell.r1) for c in range(c0, c1))
    inside: dict[int, list[_Glyph]] = {}
    for glyph in glyphs:
        r = min(max(bisect.bisect(ys, (glyph.top + glyph.bottom) / 2) - 1, 0), len(ys) - 2)
        c = min(max(bisect.bisect(grid.xs, (glyph.x0 + glyph.x1) / 2) - 1, 0), n_cols - 1)
        inside.setdefault(owner[r, c], []).append(glyph)
    for index, cell_glyphs in inside.items():
        grid.cells[index].lines = text_lines(cell_glyphs, page)


# -- pages -------------------------------------------------------------------------------------------


@dataclass
class _DrawnPage:
    """A page as drawn: its glyphs and the grids its rules make (with their row boundaries), unfilled."""

    number: int
    height: float
    width: float
    glyphs: list[_Glyph]
    ruled: list[tuple[_Grid, list[float]]]
    ocr: bool = False  # no text layer: glyphs and rules read from its image


@dataclass
class _Page:
    number: int
    height: float
    width: float
    lines: list[_Line]  # body lines, outside every table
    grids: list[_Grid]
    glyphs: dict[int, list[_Glyph]]  # each body line's glyphs, by id(line), until aligned tables are read
    ocr: bool = False


def read_pages(data: bytes, path: str) -> list[_DrawnPage]:
    """Every page's glyphs and ruled grids; DocumentError on anything pdfminer cannot read."""
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as err:  # pdfminer raises many types on malformed input
        raise _unreadable(path, err) from None
    try:
        return [_read_page(page, number, path) for number, page in enumerate(_pages(pdf, path), start=1)]
    finally:  # not `with pdf`: a damaged PDF (an absurd MediaBox) can fail again in close(), which must
        with contextlib.suppress(Exception):  # not replace the reason it was refused for
            pdf.close()


def _pages(pdf: pdfplumber.PDF, path: str) -> Iterator[Page]:
    try:
        pages = pdf.pages
    except Exception as err:  # a broken page tree
        raise _unreadable(path, err) from None
    if not pages:
        raise DocumentError(path, "the PDF has no pages: export it again")
    yield from pages


def _read_page(page: Page, number: int, path: str) -> _DrawnPage:
    try:
        layout = page.layout
    except Exception as err:  # a broken content stream, font or resource
        raise _unreadable(path, err, number) from None
    glyphs, rules = _page_objects(layout, page, number, path)
    page.close()  # drop pdfplumber's caches: everything needed is in glyphs and rules
    ruled = [b for b in (build_grid(group, number) for group in rule_groups(rules)) if b is not None]
    return _DrawnPage(number, float(page.height), float(page.width), glyphs, ruled)


def _page_objects(layout: LTPage, page: Page, number: int, path: str) -> tuple[list[_Glyph], list[_Rule]]:
    """The page's glyphs and rules in one pass over its layout objects, in pdfplumber's coordinates
    (top-down, from the media box), without building pdfplumber's per-object dicts."""
    left, height = float(page.mediabox[0]), float(page.height + page.mediabox[1])
    glyphs: list[_Glyph] = []
    rules: list[_Rule] = []
    for item in _leaves(layout):
        if isinstance(item, LTChar):
            text = item.get_text()
            if len(text) > 1 and text.startswith("(cid:"):
                raise DocumentError(
                    path,
                    f"page {number} has text in a font without a Unicode map ({text}): "
                    "export the PDF again with Unicode fonts, or OCR it",
                )
            glyphs.append(
                _Glyph(text, item.x0 + left, item.x1 + left, height - item.y1, height - item.y0, item.size)
            )
        elif isinstance(item, LTLine | LTRect):
            outline = isinstance(item, LTRect) and item.stroke
            rules.extend(
                _box_rules(item.x0 + left, height - item.y1, item.x1 + left, height - item.y0, outline)
            )
    return glyphs, rules


def _leaves(items: Iterable[LTItem]) -> Iterator[LTItem]:
    """Layout objects with the contents of figures (form XObjects) in their place."""
    for item in items:
        if isinstance(item, LTContainer):
            yield from _leaves(item)
        else:
            yield item


def _filled_page(drawn: _DrawnPage) -> _Page:
    """The page with its ruled grids filled and the glyphs outside them grouped into body lines."""
    grids, body = _tables(drawn.ruled, drawn.glyphs, drawn.number)
    lines: list[_Line] = []
    glyphs: dict[int, list[_Glyph]] = {}
    for group in glyph_lines(body):
        line = _line(group, drawn.number)
        if line is not None:
            lines.append(line)
            glyphs[id(line)] = group
    return _Page(drawn.number, drawn.height, drawn.width, lines, grids, glyphs, drawn.ocr)


def _tables(
    ruled: list[tuple[_Grid, list[float]]], glyphs: list[_Glyph], number: int
) -> tuple[list[_Grid], list[_Glyph]]:
    """The page's table grids filled with their glyphs, and the glyphs outside every table."""
    built = sorted(ruled, key=lambda b: _area(b[0]))  # a glyph belongs to the innermost box around it
    inside: list[list[_Glyph]] = [[] for _ in built]
    body = []
    for glyph in glyphs:
        x, y = (glyph.x0 + glyph.x1) / 2, (glyph.top + glyph.bottom) / 2
        index = next((i for i, (grid, _) in enumerate(built) if _contains(grid, x, y)), None)
        (body if index is None else inside[index]).append(glyph)
    for (grid, ys), grid_glyphs in zip(built, inside, strict=True):
        fill_grid(grid, ys, grid_glyphs, number)
    return [grid for grid, _ in built], body


def _add_aligned_tables(page: _Page) -> None:
    """Move the body lines that text alignment shows to be tables into grids (after page frames and
    running lines are dropped, so only the body's own lines are read); each line cut into its pieces."""
    wholes, number = page.lines, page.number
    pieces: list[list[_Line]] = []
    for whole in wholes:
        parts = split_glyphs(page.glyphs[id(whole)])
        pieces.append([whole] if len(parts) == 1 else [_piece(part, number) for part in parts])
    page.glyphs = {}
    tables = find_tables(pieces, wraps)
    if not tables:
        return
    taken = {i for table in tables for i in range(table.start, table.end)}
    page.lines = [line for i, line in enumerate(wholes) if i not in taken]
    grids = [_aligned_grid(table, number) for table in tables]
    for table, grid in zip(tables, grids, strict=True):
        if table.tentative:
            grid.unless_continued = wholes[table.start : table.end]
    page.grids.extend(grids)


def _piece(glyphs: list[_Glyph], page: int) -> _Line:
    line = _line(glyphs, page)
    assert line is not None  # split_glyphs keeps only pieces with ink
    return line


def _aligned_grid(table: AlignedTable[_Line], page: int) -> _Grid:
    """The grid of a table read from alignment: every column position of every row holds a cell."""
    xs = [left - table.pad for left in table.lefts] + [table.right + table.pad]
    cells: list[_GridCell] = []
    for r, row in enumerate(table.rows):
        cells.extend(_GridCell(r, r + 1, xs[c.col], xs[c.col + c.span], page, c.lines) for c in row)
        cells.extend(_empty_cells(cells, xs, r, page))
    top = min(line.top for cell in table.rows[0] for line in cell.lines) - table.pad
    bottom = max(line.bottom for cell in table.rows[-1] for line in cell.lines) + table.pad
    return _Grid(xs, [page] * len(table.rows), cells, top, bottom, aligned=True)


def _area(grid: _Grid) -> float:
    return (grid.xs[-1] - grid.xs[0]) * (grid.bottom - grid.top)


def _contains(grid: _Grid, x: float, y: float) -> bool:
    return grid.xs[0] - _SNAP <= x <= grid.xs[-1] + _SNAP and grid.top - _SNAP <= y <= grid.bottom + _SNAP


def _unreadable(path: str, err: Exception, page: int | None = None) -> DocumentError:
    """The DocumentError for what pdfminer raised; running out of memory is raised on as itself (the parse
    worker's memory ceiling: pipeline/deadline.py), not called a damaged file."""
    cause = err.args[0] if err.args and isinstance(err.args[0], Exception) else err  # pdfplumber wraps
    if isinstance(cause, MemoryError):
        raise cause
    if isinstance(cause, PDFEncryptionError):
        return DocumentError(path, "encrypted: remove the password and retry")
    where = f" on page {page}" if page else ""
    return DocumentError(path, f"unreadable PDF{where} ({one_line(cause)}): export or repair it, then retry")


def _check_text_layer(pages: list[_DrawnPage], path: str) -> None:
    if not any(_inked(page) for page in pages):
        raise DocumentError(
            path, f"no text on any of its {len(pages)} pages, not even by OCR (a scan of no printed text?)"
        )


def _inked(page: _DrawnPage) -> bool:
    return any(not glyph.text.isspace() for glyph in page.glyphs)


# -- pages without a text layer: OCR -------------------------------------------------------------------


def _read_scans(data: bytes, pages: list[_DrawnPage], path: str) -> None:
    """Give the pages without a text layer the glyphs and rules OCR finds on their images (parsers/ocr),
    each page reported as it is read; DocumentError when no OCR engine is installed."""
    scans = [page for page in pages if not _inked(page)]
    if not scans:
        return
    # imported here: numpy, PIL and an OCR engine are for scans only, not for every run's start-up
    from parsers.ocr.engines import OcrChar, OcrUnavailable
    from parsers.ocr.engines import engine as ocr_engine
    from parsers.ocr.progress import report_page
    from parsers.ocr.scan import scan_page
    from parsers.ocr.typeset import typeset

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
            rules = [_Rule(r.horizontal, r.at, r.start, r.end) for r in scanned.rules]
            grids = (build_grid(group, page.number) for group in rule_groups(rules))
            page.ruled = [built for built in grids if built is not None]
            page.ocr = True
            report_page(path, done, len(scans))
    finally:
        document.close()
    typeset_chars = typeset(chars)
    for page in scans:
        page.glyphs = [
            _Glyph(c.text, c.x0, c.x1, c.top, c.bottom, c.size or 0.0, c.confidence)
            for c in typeset_chars[page.number]
        ]


# -- running headers, footers and page frames ---------------------------------------------------------


def _repeats(n_pages: int, keys: Iterable[object]) -> set[object]:
    """The keys found on enough pages to be running matter (each page's keys counted once)."""
    needed = max(_RUNNING_MIN_PAGES, _RUNNING_SHARE * n_pages)
    return {key for key, count in Counter(keys).items() if count >= needed}


def _drop_running_lines(pages: list[_Page]) -> None:
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


def _edge_lines(page: _Page) -> list[_Line]:
    """The first and last few body lines of a page that sit in its top or bottom band."""
    band = _MARGIN_BAND * page.height
    first = [line for line in page.lines[:_RUNNING_DEPTH] if line.bottom <= band]
    last = [line for line in page.lines[-_RUNNING_DEPTH:] if line.top >= page.height - band]
    return first + [line for line in last if line not in first]


def _line_key(line: _Line) -> tuple[str, int]:
    return _DIGITS.sub("#", compact(line.text)), round(line.top)


def _drop_page_frames(pages: list[_DrawnPage]) -> None:
    """Drop a one-cell box drawn at the same place on many pages (a page border) before any glyph is
    put in a grid: its glyphs are body text, read like those of an unframed page."""
    keys = (key for page in pages for key in {_frame_key(grid) for grid, _ in page.ruled} - {None})
    frames = _repeats(len(pages), keys)
    for page in pages:
        page.ruled = [(grid, ys) for grid, ys in page.ruled if _frame_key(grid) not in frames]


def _frame_key(grid: _Grid) -> tuple[int, ...] | None:
    if len(grid.cells) != 1:
        return None
    return round(grid.xs[0]), round(grid.top), round(grid.xs[-1]), round(grid.bottom)


# -- the document: paragraphs and tables in reading order ---------------------------------------------


class _Assembler:
    """Paragraphs and tables in reading order, with tables joined over page breaks."""

    def __init__(self, pages: list[_Page]) -> None:
        self.pages = pages
        self.left = min((line.x0 for page in pages for line in page.lines), default=0.0)
        self.right = _right_edges(pages)
        self.body_leading = usual_gaps(page.lines for page in pages)
        self.ocr_pages = frozenset(page.number for page in pages if page.ocr)
        self.cell_leading = usual_gaps(
            cell.lines for page in pages for grid in page.grids for cell in grid.cells
        )

    def blocks(self) -> list[Block]:
        blocks: list[Block] = []
        for group in self._one_column_boxes(self._groups()):
            if isinstance(group, _Grid):
                blocks.append(self._table(group, len(blocks) + 1))
            else:
                blocks.extend(self._paragraphs(group, len(blocks) + 1))
        return blocks

    def _groups(self) -> list[_Grid | list[_Line]]:
        """Runs of body lines and grids in reading order, a grid continued on the next page joined."""
        groups: list[_Grid | list[_Line]] = []
        for page in self.pages:
            items: list[_Grid | _Line] = [*page.lines, *page.grids]
            opening = True  # no item of this page taken yet but the rest of a cell from the page before
            for item in sorted(items, key=lambda item: item.top):
                last = _settled(groups, item)
                if (
                    opening
                    and isinstance(item, _Line)
                    and isinstance(last, _Grid)
                    and not last.unless_continued
                ):
                    cell = _continued_cell(last, item)
                    if cell is not None:
                        cell.lines.append(item)
                        continue
                opening = False
                if isinstance(item, _Line) and isinstance(last, list):
                    last.append(item)
                elif isinstance(item, _Line):
                    groups.append([item])
                elif isinstance(last, _Grid) and continues(last, item):
                    join_grids(last, item)
                    last.unless_continued = None
                else:
                    groups.append(item)
        _settled(groups, None)
        return groups

    def _one_column_boxes(self, groups: list[_Grid | list[_Line]]) -> list[_Grid | list[_Line]]:
        """Body lines under a 专栏 caption that are a one-column box drawn without rules (pdf_alignment's
        `caption_box_end`) made into one-cell tables; not when the caption follows a table (it captions
        that one) or when the lines run on into a table (they are that table's caption and its lead-in)."""
        out: list[_Grid | list[_Line]] = []
        for index, group in enumerate(groups):
            if isinstance(group, _Grid):
                out.append(group)
                continue
            start = 0
            for k, line in enumerate(group):
                if k < start or not CAPTION.match(line.text) or (k == 0 and index > 0):
                    continue
                leading = self.body_leading.get(round(line.size))
                end = caption_box_end(group, k + 1, leading) if leading is not None else k + 1
                if (end == len(group) and index + 1 < len(groups)) or end == k + 1:
                    continue
                out.append(group[start : k + 1])
                out.append(_one_cell_grid(group[k + 1 : end]))
                start = end
            if group[start:]:
                out.append(group[start:])
        return out

    def _paragraphs(self, lines: list[_Line], position: int) -> list[Paragraph]:
        paragraphs: list[list[_Line]] = [[lines[0]]]
        for (before, line), lead in zip(pairwise(lines), chained_leads(lines)[1:], strict=True):
            room = self.right[self.pages[before.page - 1].width] - before.x1
            indented = line.x0 - self.left >= _INDENT * line.size > before.x0 - self.left
            leading = self.body_leading.get(round(line.size))
            if starts_paragraph(before, line, lead, room, leading, indented):
                paragraphs.append([line])
            else:
                paragraphs[-1].append(line)
        return [
            Paragraph(joined_lines(group, [False] * (len(group) - 1)), position + i, page=group[0].page)
            for i, group in enumerate(paragraphs)
        ]

    def _table(self, grid: _Grid, position: int) -> Table:
        pad = cell_padding(grid)
        texts = {id(cell): self._cell_text(cell, pad) for cell in grid.cells}
        return grid_table(grid, texts, position, self.ocr_pages)

    def _cell_text(self, cell: _GridCell, pad: float) -> str:
        if not cell.lines:
            return ""
        breaks = [
            item_title(before, line)
            or starts_paragraph(
                before,
                line,
                lead,
                cell_room(cell, before, pad),
                self.cell_leading.get(round(line.size)),
                False,
            )
            for (before, line), lead in zip(pairwise(cell.lines), chained_leads(cell.lines)[1:], strict=True)
        ]
        return joined_lines(cell.lines, breaks)


def _one_cell_grid(lines: list[_Line]) -> _Grid:
    """A one-column table around lines, as wide as they are plus the usual cell padding, a row a cell
    (`box_rows`: where the line pitch shows a row boundary)."""
    pad = CELL_PAD * lines[0].size
    x0, x1 = min(line.x0 for line in lines) - pad, max(line.x1 for line in lines) + pad
    rows = box_rows(lines)
    cells = [_GridCell(r, r + 1, x0, x1, row[0].page, row) for r, row in enumerate(rows)]
    pages = [row[0].page for row in rows]
    return _Grid([x0, x1], pages, cells, lines[0].top - pad, lines[-1].bottom + pad, aligned=True)


def _right_edges(pages: list[_Page]) -> dict[float, float]:
    """The right edge of the body text for each page width (portrait and landscape pages differ)."""
    edges = {page.width: page.width for page in pages}
    for width in edges:
        edges[width] = max((line.x1 for p in pages if p.width == width for line in p.lines), default=width)
    return edges


def cell_room(cell: _GridCell, line: _Line, pad: float) -> float:
    """Room left on a line of a cell, whatever the cell's alignment."""
    return cell.x1 - cell.x0 - 2 * pad - (line.x1 - line.x0)


def cell_padding(grid: _Grid) -> float:
    """The smallest distance from a cell's left rule to its text: the table's cell padding."""
    return max(0.0, min((line.x0 - cell.x0 for cell in grid.cells for line in cell.lines), default=0.0))


# -- tables continued over a page break ---------------------------------------------------------------


def continues(grid: _Grid, after: _Grid) -> bool:
    """Whether `after`, first on its page, continues `grid`, last on the page before."""
    if after.page != grid.last_page + 1 or grid.aligned != after.aligned:
        return False
    edges = (0,) if grid.aligned else (0, -1)  # an aligned table's right edge is where its text ends
    if any(abs(grid.xs[i] - after.xs[i]) > _SNAP for i in edges):
        return False
    if not (_among(_inner(after), _inner(grid)) or _among(_inner(grid), _inner(after))):
        return False
    return not _caption_row(after)


def _settled(groups: list[_Grid | list[_Line]], item: _Grid | _Line | None) -> _Grid | list[_Line] | None:
    """The last group, once `item` (None: the document's end) is known to follow it: a tentative aligned
    table (one line at a page's end) that `item` does not continue goes back to being body lines."""
    last = groups[-1] if groups else None
    if not isinstance(last, _Grid) or last.unless_continued is None:
        return last
    if isinstance(item, _Grid) and continues(last, item):
        return last
    lines = last.unless_continued
    groups.pop()
    if groups and isinstance(groups[-1], list):
        groups[-1].extend(lines)
    else:
        groups.append(lines)
    return groups[-1]


def _continued_cell(grid: _Grid, line: _Line) -> _GridCell | None:
    """The cell a line first on its page goes on in: a cell of the last row of an aligned table last on
    the page before, not in its first column, where the line starts at the cell's text and ends inside
    it (a row cut by the page break; a new row prints its first column)."""
    if not grid.aligned or line.page != grid.last_page + 1:
        return None
    pad = cell_padding(grid)
    return next(
        (
            cell
            for cell in grid.last_row()
            if cell.x0 > grid.xs[0] + _SNAP
            and abs(line.x0 - cell.x0 - pad) <= _SNAP
            and line.x1 <= cell.x1 + _SNAP
        ),
        None,
    )


def _inner(grid: _Grid) -> list[float]:
    """The column edges that come from rules or column starts (an aligned table's right edge does not)."""
    return grid.xs[:-1] if grid.aligned else grid.xs


def _among(xs: list[float], others: list[float]) -> bool:
    return all(any(abs(x - other) <= _SNAP for other in others) for x in xs)


def _caption_row(grid: _Grid) -> bool:
    """Whether the only printed cell of the first row (merged or not) is a 专栏 caption (boxes.py)."""
    printed = [text for text in map(_plain, grid.row(0)) if text.strip()]
    return len(printed) == 1 and bool(CAPTION.match(printed[0].strip()))


def _plain(cell: _GridCell) -> str:
    return "".join(line.text for line in cell.lines)


def join_grids(grid: _Grid, after: _Grid) -> None:
    """Append a continuation piece to a grid: a repeated header dropped, a row cut by the break rejoined."""
    _drop_repeated_header(grid, after)
    if after.row_pages and _cut_row(grid, after):
        _join_cut_row(grid, after)
    if grid.aligned:
        _fit_columns(grid, after)
    else:
        grid.xs = snapped([*grid.xs, *after.xs])
    offset = len(grid.row_pages)
    for cell in after.cells:
        cell.r0 += offset
        cell.r1 += offset
    grid.cells.extend(after.cells)
    grid.row_pages.extend(after.row_pages)
    grid.bottom = after.bottom


def _fit_columns(grid: _Grid, after: _Grid) -> None:
    """Put both pieces of an aligned table on their joined columns: a cell that ended at its piece's
    right edge (where the piece's text ended) ends where the joined column after the piece's last
    column starts, and every column a row does not reach gets an empty cell."""
    edges = {id(piece): (piece.xs[-2], piece.xs[-1]) for piece in (grid, after)}
    grid.xs = [*snapped([*_inner(grid), *_inner(after)]), max(grid.xs[-1], after.xs[-1])]
    for piece in (grid, after):
        last, edge = edges[id(piece)]
        end = grid.xs[min(bisect.bisect(grid.xs, last + _SNAP), len(grid.xs) - 1)]
        for cell in piece.cells:
            if abs(cell.x1 - edge) <= _SNAP:
                cell.x1 = end
        for r, page in enumerate(piece.row_pages):
            piece.cells.extend(_empty_cells(piece.cells, grid.xs, r, page))


def _empty_cells(cells: list[_GridCell], xs: list[float], r: int, page: int) -> list[_GridCell]:
    """Empty cells for the columns of row r that none of `cells` covers (an aligned table prints no
    empty cells, a grid has one at every position)."""
    covered = {
        c
        for cell in cells
        if cell.r0 <= r < cell.r1
        for c in range(_nearest(xs, cell.x0), _nearest(xs, cell.x1))
    }
    return [_GridCell(r, r + 1, xs[c], xs[c + 1], page) for c in range(len(xs) - 1) if c not in covered]


def _drop_repeated_header(grid: _Grid, after: _Grid) -> None:
    start = 1 if _caption_row(grid) else 0
    for k in range(MAX_HEADER_ROWS, 0, -1):
        if len(after.row_pages) > k and all(
            _row_key(after, r) == _row_key(grid, start + r) for r in range(k)
        ):
            _remove_rows(after, k)
            return


def _row_key(grid: _Grid, r: int) -> list[tuple[int, str]]:
    return [(round(c.x0), compact(_plain(c))) for c in grid.row(r)]


def _remove_rows(grid: _Grid, k: int) -> None:
    """Drop the first k rows; a cell reaching below them keeps its lower part."""
    grid.cells = [c for c in grid.cells if c.r1 > k]
    for cell in grid.cells:
        cell.r0 = max(cell.r0 - k, 0)
        cell.r1 -= k
    del grid.row_pages[:k]


def _cut_row(grid: _Grid, after: _Grid) -> bool:
    """Whether the first row of `after` is the rest of the last row of `grid`, cut by the page break.

    Its printed cells must all sit under printed cells; then either its first cell is empty under a
    printed one-row cell (a row leaves its label or number empty only when cut; under a taller cell the
    empty cell may be the rest of a vertical merge), or each of its printed cells goes on from a line
    that had no room for its first unit."""
    above = grid.last_row()
    first = after.row(0)
    pairs = [(_cell_at(above, cell.x0), cell) for cell in first if cell.lines]
    if not pairs or any(top is None or not top.lines for top, _ in pairs):
        return False
    head = _cell_at(above, first[0].x0)
    one_row = head is not None and head.r0 == len(grid.row_pages) - 1 and not grid.aligned  # aligned: unknown
    if not first[0].lines and head is not None and head.lines and one_row:
        return True
    pad = cell_padding(grid)
    return all(
        top is not None
        and wraps(top.lines[-1], chained_leads(cell.lines)[0], cell_room(top, top.lines[-1], pad))
        for top, cell in pairs
    )


def _cell_at(cells: list[_GridCell], x0: float) -> _GridCell | None:
    return next((c for c in cells if c.x0 - _SNAP <= x0 < c.x1 - _SNAP), None)


def _join_cut_row(grid: _Grid, after: _Grid) -> None:
    above = grid.last_row()
    for cell in after.row(0):
        top = _cell_at(above, cell.x0)
        if top is not None:
            top.lines.extend(cell.lines)
            cell.lines = []
    _remove_rows(after, 1)


def grid_table(
    grid: _Grid, texts: dict[int, str], position: int, ocr_pages: frozenset[int] = frozenset()
) -> Table:
    """The Table of a grid: merged cells with spans, empty cells under vertically merged ones; the cells
    on `ocr_pages` marked as OCR'd, with their lines' mean confidence."""
    rows: list[list[Cell]] = [[] for _ in grid.row_pages]
    for cell in grid.cells:
        col = _nearest(grid.xs, cell.x0)
        span = _nearest(grid.xs, cell.x1) - col
        confidences = [line.confidence for line in cell.lines if line.confidence is not None]
        rows[cell.r0].append(
            Cell(
                cell.r0,
                col,
                texts[id(cell)],
                cell.r1 - cell.r0,
                span,
                line=position,
                page=cell.page,
                ocr=cell.page in ocr_pages or bool(confidences),
                ocr_confidence=sum(confidences) / len(confidences) if confidences else None,
            )
        )
        for r in range(cell.r0 + 1, cell.r1):
            page = grid.row_pages[r]
            rows[r].append(Cell(r, col, "", col_span=span, line=position, page=page, ocr=page in ocr_pages))
    for row in rows:
        row.sort(key=lambda c: c.col)
    return Table(rows=rows, line=position, page=grid.page)
