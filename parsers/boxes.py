"""Find the 专栏 boxes among a document's tables.

A table's caption (`专栏N title`) is its first row when that row prints nothing
else (its only printed cell, merged across the row or not), the paragraph just
before it, or the paragraph just after it (when that paragraph does not caption
the next table).  A `(续表)` caption continues the box of the same number: its
rows are appended, a repeated header row dropped.  So are the rows of a second
table captioned with the same number without (续表), which the scan lists for a
warning.  A `注：…` paragraph after the table, or a one-cell last row of a wider
table, becomes the box's note.  A caption number of more than MAX_BOX_DIGITS
digits is a CaptionError (the plan is refused).
A captioned table printed without any merged cell first gets the merges its
texts imply (parsers/flat_tables.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from models.document import Block, Cell, Paragraph, Table
from parsers.flat_tables import infer_merges, is_flat
from parsers.text import CAPTION, CONTINUED, MAX_BOX_DIGITS, compact, printable

REPEATED = "repeated"  # the diagnostic code of a box number captioned twice
_NOTE_PREFIXES = ("注：", "注:", "备注：", "备注:", "说明：", "资料来源")


@dataclass(frozen=True)
class Caption:
    number: int
    title: str
    continued: bool


@dataclass
class BoxDraft:
    """A box before section assignment: its caption, rows and position in the block list."""

    caption: Caption
    block_index: int
    line: int
    page: int | None
    rows: list[list[Cell]]
    notes: list[str] = field(default_factory=list)


@dataclass
class BoxScan:
    boxes: list[BoxDraft]
    consumed: set[int]  # block indexes of paragraphs used as captions or notes
    uncaptioned: list[Table]
    repeated: list[tuple[int, int, int]] = field(default_factory=list)  # (number, first line, repeat line)


class CaptionError(ValueError):
    """A 专栏 caption whose number no plan prints (too many digits for a box number)."""


def parse_caption(text: str) -> Caption | None:
    match = CAPTION.match(text.strip())
    if not match:
        return None
    if len(match.group(1)) > MAX_BOX_DIGITS:
        raise CaptionError(
            f"a 专栏 caption numbered with {len(match.group(1))} digits ({printable(text.strip()[:24])}…): "
            f"no box number has more than {MAX_BOX_DIGITS}; correct the caption"
        )
    title = match.group(2).replace("\n", " ").strip()
    continued = bool(CONTINUED.search(title))
    return Caption(int(match.group(1)), CONTINUED.sub("", title).strip(), continued)


def find_boxes(blocks: list[Block]) -> BoxScan:
    scan = BoxScan(boxes=[], consumed=set(), uncaptioned=[])
    by_number: dict[int, BoxDraft] = {}
    for index, block in enumerate(blocks):
        if not isinstance(block, Table):
            continue
        rows = list(block.rows)
        caption = _caption_row(rows)
        if caption is not None:
            rows = rows[1:]
        else:
            caption = _caption_around(blocks, index, scan.consumed)
        if caption is None:
            scan.uncaptioned.append(block)
            continue
        if is_flat(block):
            rows = infer_merges(rows)
        draft = by_number.get(caption.number)
        if draft is not None and not caption.continued:  # a second 专栏N: read as its continuation
            scan.repeated.append((caption.number, draft.line, block.line))
        if draft is None:
            draft = BoxDraft(caption, index, block.line, block.page, rows)
            by_number.setdefault(caption.number, draft)
            scan.boxes.append(draft)
        else:
            draft.rows.extend(_without_repeated_header(draft.rows, rows))
        draft.notes.extend(_notes_after(blocks, index, scan.consumed))
    for draft in scan.boxes:
        _footnote_row_to_note(draft)
        _renumber(draft.rows)
    return scan


def _caption_row(rows: list[list[Cell]]) -> Caption | None:
    if not rows:
        return None
    printed = [c for c in rows[0] if c.text.strip()]
    return parse_caption(printed[0].text) if len(printed) == 1 else None


def _paragraph_caption(blocks: list[Block], index: int, consumed: set[int]) -> Caption | None:
    if 0 <= index < len(blocks) and index not in consumed:
        block = blocks[index]
        if isinstance(block, Paragraph):
            return parse_caption(block.text)
    return None


def _caption_around(blocks: list[Block], index: int, consumed: set[int]) -> Caption | None:
    before = _paragraph_caption(blocks, index - 1, consumed)
    if before is not None:
        consumed.add(index - 1)
        return before
    after = _paragraph_caption(blocks, index + 1, consumed)
    if after is not None and not _captions_next_table(blocks, index + 2):
        consumed.add(index + 1)
        return after
    return None


def _captions_next_table(blocks: list[Block], index: int) -> bool:
    """Whether a caption paragraph at index-1 belongs to a table at index that has no caption row."""
    if index >= len(blocks):
        return False
    block = blocks[index]
    return isinstance(block, Table) and _caption_row(list(block.rows)) is None


def _notes_after(blocks: list[Block], index: int, consumed: set[int]) -> list[str]:
    notes = []
    for j in range(index + 1, min(index + 3, len(blocks))):
        block = blocks[j]
        if not isinstance(block, Paragraph):
            break
        if j in consumed and parse_caption(block.text):
            continue
        if compact(block.text).startswith(_NOTE_PREFIXES):
            consumed.add(j)
            notes.append(block.text)
        break
    return notes


def _without_repeated_header(first: list[list[Cell]], more: list[list[Cell]]) -> list[list[Cell]]:
    head = [compact(c.text) for c in first[0]] if first else None
    if more and head and [compact(c.text) for c in more[0]] == head:
        return more[1:]
    return more


def _footnote_row_to_note(draft: BoxDraft) -> None:
    width = max((len(r) for r in draft.rows), default=0)
    if width > 1 and len(draft.rows) > 1 and len(draft.rows[-1]) == 1:
        draft.notes.append(draft.rows.pop()[0].text)


def _renumber(rows: list[list[Cell]]) -> None:
    for i, row in enumerate(rows):
        for cell in row:
            cell.row = i
