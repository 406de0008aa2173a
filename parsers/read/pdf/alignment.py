"""Tables read from text alignment, for the parts of PDF pages drawn without ruling lines.

The PDF reader (parsers/read/pdf/) builds tables from ruling lines; once page frames and running
headers and footers are dropped, it calls `find_tables` on the lines of each page outside every ruled
table (the page's body text only), each line already cut into pieces, and turns what comes back into
grids like the ruled ones.  Ruled tables keep their glyphs, so on a ruled PDF the fallback sees body
text only and finds nothing (the bundled ruled plans read exactly as before).  The reader's assembler
calls `caption_box_end` for one-column boxes.  The rules:

* Pieces: a line is cut wherever two inked glyphs are more than `column_gap` em apart with no space
  glyph between them (the padding on both sides of a column edge is at least that; justified prose
  never is; typed spaces, as in "专栏17    标题", are text).
* A table is a run of lines with at least `min_rows` lines of two pieces or more (one, right under
  a 专栏 caption; one that ends the page's lines is a table only if the next page's aligned table
  continues it - the reader puts it back into the body otherwise: a header whose caption comes after
  the table).  The run goes on through lines of one piece that sit inside one column (they start at a
  column and end before the next one) and ends at a line that crosses a column edge (a body
  paragraph, a heading), at a 专栏 caption, at a gap wider than `max_gap` em, or at the end of the
  page; lines of one piece after its last row that are not wrapped text of that row go back to the
  body.  Lines of one piece just above the run, no further apart than the run's own lines, belong to
  it when they sit inside its columns (the rest of a table from the page before) or when a 专栏
  caption is right above them (rows that span the table).
* Columns: the left edges (within `align` em) of pieces of the lines of several pieces, kept when
  two lines share one or when no piece of another line runs across it.  A piece belongs to the last
  column that starts at or before it and spans every column it reaches into.  Text is taken to be
  left-aligned in its cells, as the plans print it.
* Cell padding: half the narrowest gap between two pieces of one line, at most `cell_pad` em.
* Row pitch: where a row boundary's rule is not drawn it still takes room, so a line pitch (top to
  top, a line's top the lowest of its pieces': Latin glyphs of a table font print higher) wider than
  the narrowest pitch of the table or box by `row_rule` em opens a row (`_row_starts`).  Used where
  alignment shows nothing: the rows of a one-column box (`box_rows`); the rows that span a captioned
  table (its lines of one piece above its first line of several: 国家级, then ①…④ paragraphs in one
  cell), one cell across every column each; and, in a table whose pitch shows row starts at all, a
  line at a cell's own pitch whose pieces all sit under printed cells goes on in the row (a new
  paragraph in the first column: 自治区 / 规划区).
* Rows: a line opens a new row unless every piece on it goes on from the cell above it in its
  column: that cell's last line stopped short of the column's edge (the next column's text less
  twice the padding) by less than the piece's first unbreakable unit - the reader's line-wrap rule,
  a lone "（" taking the unit under it along.  So a cell's wrapped lines stay in its row and a
  vertically merged cell's text in its first row; a line under a cell that ended short starts a new
  row - unless it is one piece under a printed cell, first column aside: a new paragraph of that
  cell (a new row prints its first column or several cells).  A new paragraph in the first column
  is told from a new row by the row pitch only (above); without it, it becomes a new row.
* Header: in a table with values (12, 5.5%, 120/400, -), the rows above the first row with one.
  There a line whose pieces all sit under printed cells, first column aside, goes on in those cells
  (面积 / （平方千米）); a piece that is the wrapped text of a header cell with a printed neighbour
  (whose width is therefore known) joins it even on a new row (勘查矿 / 种); and a printed header
  cell spans the empty columns to its right where no cell of the row above starts (勘查区块类型 over
  已有勘查区块 | 规划勘查区块, but not over the empty cell under 序号).  A table of text under a caption
  gets the same spans in its first row.
* One-column boxes (`caption_box_end`): no alignment shows them, so the lines under a 专栏 caption
  that keep their own line gap, not the body's usual one, are the box; its rows by the row pitch.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Generic, Protocol, TypeVar

from parsers.read.pdf.options import PdfOptions
from parsers.words.text import CAPTION

# a value (12, 5.5%, 120/400, ≥40) or a dash ends the header rows
_VALUE = re.compile(r"[-+≥≤<>约]?\d[\d.,，/／:：～~\-]*\s*[%％]?|[-—–/／]")


class Glyph(Protocol):
    """One printed glyph: its text, horizontal extent and font size."""

    text: str
    x0: float
    x1: float
    size: float


class Piece(Glyph, Protocol):
    """A run of glyphs on one line, as the reader builds it (its _Line): a glyph's fields and these."""

    page: int
    top: float
    bottom: float
    lead: float
    open_end: bool


T = TypeVar("T", bound=Piece)
G = TypeVar("G", bound=Glyph)
Wraps = Callable[[T, float, float], bool]  # the reader's rule: line, unit width, room left -> wrapped


@dataclass
class AlignedCell(Generic[T]):
    """One cell of an aligned table: its column, how many columns it covers, its lines."""

    col: int
    span: int
    lines: list[T] = field(default_factory=list)


@dataclass
class AlignedTable(Generic[T]):
    """A table found from alignment: column left edges, right edge, padding, rows, and which of the
    page's lines it took (start and end indexes, end exclusive)."""

    lefts: list[float]
    right: float
    pad: float
    rows: list[list[AlignedCell[T]]]
    start: int
    end: int
    tentative: bool = False  # one line of several pieces at a page's end: a table only if continued


def split_glyphs(glyphs: Sequence[G], options: PdfOptions) -> list[list[G]]:
    """A line's glyphs (left to right) cut where two inked glyphs are more than `column_gap` em apart with
    no space glyph between them (typed spaces, as in "专栏17    标题", are text, not a column edge)."""
    pieces: list[list[G]] = [[]]
    last_ink: G | None = None
    spaced = False
    for glyph in glyphs:
        if glyph.text.isspace():
            pieces[-1].append(glyph)
            spaced = True
            continue
        if last_ink is not None and not spaced and glyph.x0 - last_ink.x1 > options.column_gap * glyph.size:
            pieces.append([])
        pieces[-1].append(glyph)
        last_ink, spaced = glyph, False
    return [piece for piece in pieces if any(not g.text.isspace() for g in piece)]


def find_tables(lines: list[list[T]], wraps: Wraps[T], options: PdfOptions) -> list[AlignedTable[T]]:
    """The tables among a page's body lines (each a list of pieces, top to bottom; no running header,
    footer or page frame left)."""
    tables: list[AlignedTable[T]] = []
    i = 0
    while i < len(lines):
        if len(lines[i]) < 2 or _caption(lines[i]):
            i += 1
            continue
        end = _run_end(lines, i, options)
        floor = tables[-1].end if tables else 0
        start = _run_start(lines, i, end, floor, options)
        captioned = start > floor and _caption(lines[start - 1])
        table = _table(lines, start, end, wraps, captioned, end == len(lines), options)
        if table is None:
            i += 1
            continue
        tables.append(table)
        i = table.end
    return tables


def _caption(line: list[Piece]) -> bool:
    return bool(CAPTION.match(line[0].text))


def _pitches(lines: list[list[Piece]]) -> list[float]:
    return [b[0].top - a[0].top for a, b in pairwise(lines)]


def _run_start(lines: list[list[T]], first: int, end: int, floor: int, options: PdfOptions) -> int:
    """Where a table whose first line of several pieces is `first` starts: the lines of one piece just
    above it, no further apart than its own lines, belong to it when they sit inside its columns (the
    rest of a table from the page before) or when a 专栏 caption is right above them (rows that span
    the table)."""
    pitch = max(_pitches(lines[first:end]), default=0.0)
    lefts = _columns(lines[first:end], options.align)
    start = first
    while (
        start > floor
        and len(lines[start - 1]) == 1
        and not _caption(lines[start - 1])
        and _pitches(lines[start - 1 : start + 1])[0] <= pitch + options.pitch_slack * lines[start][0].size
    ):
        start -= 1
    if start > floor and _caption(lines[start - 1]):
        return start
    while start < first and not _inside_a_column(lines[start][0], lefts, options.align):
        start += 1
    return start


def _run_end(lines: list[list[T]], start: int, options: PdfOptions) -> int:
    """Where the run of table-like lines that starts at a line of several pieces ends (exclusive)."""
    lefts = [piece.x0 for piece in lines[start]]
    end = start + 1
    while end < len(lines):
        line, above = lines[end], lines[end - 1]
        size = line[0].size
        if line[0].top - max(p.bottom for p in above) > options.max_gap * size or _caption(line):
            break
        if len(line) == 1 and not _inside_a_column(line[0], lefts, options.align):
            break
        lefts.extend(piece.x0 for piece in line if len(line) > 1)
        end += 1
    return end


def _inside_a_column(piece: Piece, lefts: list[float], align: float) -> bool:
    tolerance = align * piece.size
    if not any(abs(piece.x0 - left) <= tolerance for left in lefts):
        return False
    return not any(piece.x0 + tolerance < left < piece.x1 for left in lefts)


def _columns(lines: list[list[Piece]], align: float) -> list[float]:
    """Left edges of the pieces of lines of several pieces: those shared by two lines or more, and
    those of one line that no piece of another line runs across (a column printed in one row only)."""
    pieces = [(n, piece) for n, line in enumerate(lines) if len(line) > 1 for piece in line]
    clusters: list[list[tuple[int, Piece]]] = []
    for n, piece in sorted(pieces, key=lambda item: item[1].x0):
        if clusters and piece.x0 - clusters[-1][-1][1].x0 <= align * piece.size:
            clusters[-1].append((n, piece))
        else:
            clusters.append([(n, piece)])
    lefts = []
    for cluster in clusters:
        x, rows = min(piece.x0 for _, piece in cluster), {n for n, _ in cluster}
        if len(rows) >= 2 or not any(p.x0 < x < p.x1 for n, p in pieces if n not in rows):
            lefts.append(x)
    return lefts


def _table(
    lines: list[list[T]],
    start: int,
    end: int,
    wraps: Wraps[T],
    captioned: bool,
    page_end: bool,
    options: PdfOptions,
) -> AlignedTable[T] | None:
    run = lines[start:end]
    several = sum(len(line) > 1 for line in run)
    if several < (1 if captioned or page_end else options.min_rows):
        return None
    lefts = _columns(run, options.align)
    if len(lefts) < 2:
        return None
    gaps = [b.x0 - a.x1 for line in run for a, b in pairwise(line)]
    pad = min(min(gaps) / 2, options.cell_pad * run[0][0].size)
    right = max(piece.x1 for line in run for piece in line)
    tentative = several < options.min_rows and not captioned
    table: AlignedTable[T] = AlignedTable(lefts, right, pad, [], start, start, tentative)
    opens = _row_starts(run, options.row_rule)
    if captioned:
        table.rows = _spanning_rows(run, len(lefts), opens)
    leads = _chained_leads(run, lefts, options.align)
    numbered = [any(_VALUE.fullmatch(piece.text.strip()) for piece in line) for line in run]
    header = any(numbered)  # the rows above the first with a number, in a table that has numbers
    spanning = sum(len(cell.lines) for row in table.rows for cell in row)
    pitched = any(opens[1:])  # the pitch shows where rows start
    for index, (line, numbers) in enumerate(zip(run, numbered, strict=True), start=start):
        if index - start < spanning:
            table.end = index + 1
            continue
        placed = [_place(piece, lefts, options.align) for piece in line]
        in_row = pitched and not opens[index - start]
        if table.rows and _same_row(table, placed, leads, wraps, header and not numbers, in_row):
            for item in placed:
                _add(table.rows[-1], item)
        elif len(line) == 1 and index > start and _trailing(run, index - start):
            break
        else:
            if header and numbers:
                _span_headers(table.rows, len(lefts))
            elif header:  # a header cell's wrapped text beside the next header row's cells
                placed = [item for item in placed if not _join_above(table, item, leads, wraps)]
            header = header and not numbers
            row: list[AlignedCell[T]] = []
            for item in placed:
                _add(row, item)
            table.rows.append(row)
        table.end = index + 1
    if captioned and not any(numbered):  # a table of text: its first row, under the caption, is its header
        _span_headers(table.rows[:1], len(lefts))
    return table


def _spanning_rows(run: list[list[T]], n_cols: int, opens: list[bool]) -> list[list[AlignedCell[T]]]:
    """The rows that span a captioned table: its lines of one piece above its first line of several,
    one cell across every column a row, a row starting where the line pitch shows a row boundary
    (`opens`: the run's `_row_starts`, against the table's narrowest pitch); the other lines go on in the
    cell above as its paragraphs (国家级, then ①…④ over two lines each)."""
    first = next(k for k, line in enumerate(run) if len(line) > 1)
    rows: list[list[AlignedCell[T]]] = []
    for line, opened in zip(run[:first], opens[:first], strict=True):
        if opened:
            rows.append([AlignedCell(0, n_cols, [line[0]])])
        else:
            rows[-1][0].lines.append(line[0])
    return rows


def _same_row(
    table: AlignedTable[T],
    placed: list[tuple[int, int, T]],
    leads: dict[int, float],
    wraps: Wraps[T],
    header: bool,
    in_row: bool,
) -> bool:
    """Whether a line's pieces go on in the last row: each is wrapped text of the cell above it; or
    the line is one piece under a printed cell, first column aside (a new paragraph of that cell: a
    new row prints its first column or several cells); or, in the header, every piece is under a
    printed cell, first column aside; or the pitch says the line is in the row (`in_row`) and every
    piece is under a printed cell (a new paragraph in the first column: 自治区 / 规划区)."""
    if all(_goes_on(table, col, piece, leads, wraps) for col, _, piece in placed):
        return True
    if in_row and all(_printed_above(table, col) for col, _, _ in placed):
        return True
    under_printed = all(col > 0 and _printed_above(table, col) for col, _, _ in placed)
    return under_printed and (header or len(placed) == 1)


def _add(row: list[AlignedCell[T]], item: tuple[int, int, T]) -> None:
    """Put a placed piece in a row: in the cell that covers its column, else in a new cell."""
    col, span, piece = item
    cell = _cell_at(row, col)
    if cell is None:
        row.append(AlignedCell(col, span, [piece]))
    else:
        cell.lines.append(piece)
        cell.span = max(cell.span, col + span - cell.col)


def _join_above(
    table: AlignedTable[T], item: tuple[int, int, T], leads: dict[int, float], wraps: Wraps[T]
) -> bool:
    """Add a piece to the header cell above it when it is that cell's wrapped text and a printed cell
    next to that one shows how wide it is (one with empty columns beside it may be merged over them);
    whether it was added."""
    col, _, piece = item
    if not table.rows or not _goes_on(table, col, piece, leads, wraps):
        return False
    cell = _cell_at(table.rows[-1], col)
    assert cell is not None  # _goes_on found it
    end = cell.col + cell.span
    if end >= len(table.lefts) or _cell_at(table.rows[-1], end) is None:
        return False
    cell.lines.append(piece)
    return True


def _printed_above(table: AlignedTable[T], col: int) -> bool:
    cell = _cell_at(table.rows[-1], col)
    return cell is not None and cell.col == col


def _span_headers(rows: list[list[AlignedCell[T]]], n_cols: int) -> None:
    """In the header rows, a printed cell covers the empty columns to its right where no cell of the
    row above starts (a merged header cell: 勘查区块类型 over 已有勘查区块 | 规划勘查区块; an empty cell
    under 序号 is the rest of 序号)."""
    above: set[int] = set()
    for row in rows:
        row.sort(key=lambda cell: cell.col)
        for cell, after in zip(row, [*row[1:], None], strict=True):
            stop = after.col if after is not None else n_cols
            while cell.col + cell.span < stop and cell.col + cell.span not in above:
                cell.span += 1
        above = {cell.col for cell in row}


def _trailing(run: list[list[Piece]], k: int) -> bool:
    """Whether line k of the run and every line after it has one piece: past the table's last row."""
    return all(len(line) == 1 for line in run[k:])


def _place(piece: T, lefts: list[float], align: float) -> tuple[int, int, T]:
    tolerance = align * piece.size
    col = max((i for i, left in enumerate(lefts) if left <= piece.x0 + tolerance), default=0)
    last = max((i for i, left in enumerate(lefts) if left < piece.x1 - tolerance), default=col)
    return col, max(last, col) - col + 1, piece


def _cell_at(row: list[AlignedCell[T]], col: int) -> AlignedCell[T] | None:
    return next((cell for cell in row if cell.col <= col < cell.col + cell.span), None)


def _goes_on(table: AlignedTable[T], col: int, piece: T, leads: dict[int, float], wraps: Wraps[T]) -> bool:
    """Whether `piece` is wrapped text of the cell above it: that cell's last line had no room for it."""
    cell = _cell_at(table.rows[-1], col)
    if cell is None or cell.col != col:
        return False
    end = cell.col + cell.span
    limit = table.lefts[end] - 2 * table.pad if end < len(table.lefts) else table.right
    last = cell.lines[-1]
    return wraps(last, leads[id(piece)], limit - last.x1)


def _chained_leads(run: list[list[T]], lefts: list[float], align: float) -> dict[int, float]:
    """Each piece's lead width (by id), a piece that is one opening mark ("（" alone) adding the lead of
    the piece under it in its column, as the reader chains a cell's lines (a number alone is not
    chained: the next row's number is under it)."""
    leads: dict[int, float] = {}
    below: dict[int, T] = {}  # column -> the piece in it on the line below
    for line in reversed(run):
        columns = [_place(piece, lefts, align)[0] for piece in line]
        for col, piece in zip(columns, line, strict=True):
            under = below.get(col)
            opening = piece.open_end and not piece.text.strip()[-1].isalnum()
            leads[id(piece)] = piece.lead + (leads[id(under)] if opening and under is not None else 0.0)
        below = dict(zip(columns, line, strict=True))
    return leads


def _top(line: Sequence[Piece]) -> float:
    """A line's top for its pitch: the lowest of its pieces' tops (a piece in another font, as Latin
    letters and digits in a table cell are, may print higher on the same line)."""
    return max(piece.top for piece in line)


def _row_starts(lines: Sequence[Sequence[Piece]], row_rule: float) -> list[bool]:
    """For lines of one cell or one table, each line's: whether it opens a row by its pitch (the distance
    from the line above on its page, top to top) - one wider than the narrowest pitch of these lines by
    `row_rule` em, the room a row boundary takes even where its rule is not drawn.  The first line opens
    a row; a line first on its page does not (no pitch to measure)."""
    pitches = [_top(b) - _top(a) if a[0].page == b[0].page else None for a, b in pairwise(lines)]
    narrowest = min((p for p in pitches if p is not None), default=0.0)
    return [True] + [
        p is not None and p > narrowest + row_rule * line[0].size
        for p, line in zip(pitches, lines[1:], strict=True)
    ]


def box_rows(lines: Sequence[T], options: PdfOptions) -> list[list[T]]:
    """The rows of a one-column box (its lines, as `caption_box_end` finds them): a row starts where the
    pitch shows a row boundary (`_row_starts`)."""
    rows: list[list[T]] = []
    for line, opens in zip(lines, _row_starts([[line] for line in lines], options.row_rule), strict=True):
        if opens:
            rows.append([line])
        else:
            rows[-1].append(line)
    return rows


def caption_box_end(lines: Sequence[Piece], start: int, leading: float, options: PdfOptions) -> int:
    """Where a one-column box that starts at lines[start], right under its 专栏 caption, ends (exclusive).

    Its lines keep to their own line gap: the box takes each line whose gap to the next line on its page
    is not the body's usual gap (`leading`, within `leading_slack` em), and ends after a line followed by
    a wider gap than that (a heading or a new paragraph), at a caption, or before the first line
    followed by the body's gap (the body paragraph after the box)."""
    end = start
    while end < len(lines) and not CAPTION.match(lines[end].text):
        line = lines[end]
        after = lines[end + 1] if end + 1 < len(lines) else None
        gap = after.top - line.bottom if after is not None and after.page == line.page else None
        if gap is not None and abs(gap - leading) <= options.leading_slack * line.size:
            break
        end += 1
        if gap is not None and gap > leading:
            break
    return end
