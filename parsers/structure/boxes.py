"""Find the boxes (专栏 / 表 / 附表 tables) among a document's tables.

A table's caption (`专栏N title`, `表N`, `表N-M`, `附表N`, with or without a space
or a colon, words from parsers.words.text.CAPTION_WORDS or a reading profile) is its first
row when that row prints nothing else (its only printed cell, merged across the row
or not), the paragraph just before it, or the paragraph just after it (when that
paragraph does not caption the next table).  A caption without a title takes the
table's first row as its title when that row prints one cell.  A continuation
(`专栏23 …(续表)`, `续表3`, `表3（续）`, or a bare `续表` for the box just before)
continues the box of the same label: its rows are appended, a repeated header row
dropped.  A `注：…` paragraph after the table, or a one-cell last row of a wider
table, becomes the box's note.  A captioned table printed without any merged cell
first gets the merges its texts imply (parsers/structure/flat_tables.py).

Every table is a box.  One without a caption takes its title from a one-cell first
row or from a title-like paragraph just before it; it has no label and is reported
(`BoxScan.warnings`), except under an appendix heading (附表 / 附件), where tables are
often printed so.  A plan with tables but no caption at all is read with its tables
numbered in order and one warning.

Numbers (`BoxDraft.number`): when every caption of the plan is one word with a
one-part number and no number repeats (专栏1 … 专栏23, 表1 … 表9), a box's number
is the number printed, and uncaptioned boxes follow the highest one; otherwise
(表3-1, 表 and 附表 together, a repeated number, no caption) every box is numbered
by its position in the plan, 1-based.  The label keeps the caption as printed; a label printed
twice (not as a continuation) keeps both boxes and is reported.
A caption number of more than MAX_BOX_DIGITS digits is a CaptionError (the plan is
refused).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from models.document import Block, Cell, Paragraph, Table
from parsers.structure.flat_tables import infer_merges, is_flat
from parsers.structure.outline import APPENDIX, classify_heading
from parsers.words.text import (
    CAPTION_WORDS,
    CONTINUED,
    LABEL_PARTS,
    MAX_BOX_DIGITS,
    caption_pattern,
    compact,
    printable,
)

_NOTE_PREFIXES = ("注：", "注:", "备注：", "备注:", "说明：", "资料来源")
_MAX_TABLE_TITLE = 40
_SENTENCE = re.compile(r"[。；;！？]")


@dataclass(frozen=True)
class Caption:
    word: str | None  # 专栏, 表, 附表; None for a bare 续表
    parts: tuple[int, ...]  # (15,) for 专栏15, (3, 1) for 表3-1
    title: str
    continued: bool

    @property
    def label(self) -> str | None:
        """The caption's word and number as printed, without spaces, a two-part number joined by -."""
        return f"{self.word}{'-'.join(map(str, self.parts))}" if self.word else None


@dataclass
class BoxDraft:
    """A box before section assignment: its caption, rows and position in the block list."""

    caption: Caption | None  # None for a table printed without caption
    title: str
    block_index: int
    line: int
    page: int | None
    rows: list[list[Cell]]
    notes: list[str] = field(default_factory=list)
    number: int = 0  # set once every box is found (see the module docstring)

    @property
    def label(self) -> str | None:
        return self.caption.label if self.caption else None


@dataclass
class BoxScan:
    boxes: list[BoxDraft]
    consumed: set[int]  # block indexes of paragraphs used as captions, titles or notes
    caption_words: list[str] = field(default_factory=list)  # the words the plan's captions use
    warnings: list[str] = field(default_factory=list)  # about the plan's tables as a whole


class CaptionError(ValueError):
    """A caption whose number no plan prints (too many digits for a box number)."""


def parse_caption(text: str, words: Sequence[str] = CAPTION_WORDS) -> Caption | None:
    match = caption_pattern(tuple(words)).match(text.strip())
    if not match:
        return None
    if match.group("bare"):
        return Caption(None, (), match.group("rest").replace("\n", " ").strip(), True)
    title = match.group("title").replace("\n", " ").strip()
    continued = bool(match.group("cont") or CONTINUED.search(title))
    printed = LABEL_PARTS.split(match.group("num"))
    if max(map(len, printed)) > MAX_BOX_DIGITS:
        raise CaptionError(
            f"a {match.group('word')} caption numbered with {max(map(len, printed))} digits "
            f"({printable(text.strip()[:24])}…): no box number has more than {MAX_BOX_DIGITS}; "
            "correct the caption"
        )
    parts = tuple(int(p) for p in printed)
    return Caption(match.group("word"), parts, CONTINUED.sub("", title).strip(), continued)


def find_boxes(blocks: list[Block], words: Sequence[str] = CAPTION_WORDS) -> BoxScan:
    scan = BoxScan(boxes=[], consumed=set())
    by_label: dict[str, BoxDraft] = {}
    appendix = _appendix_start(blocks)
    for index, block in enumerate(blocks):
        if not isinstance(block, Table):
            continue
        rows = list(block.rows)
        caption = _caption_row(rows, words)
        if caption is not None:
            rows = rows[1:]
        else:
            caption = _caption_around(blocks, index, scan.consumed, words)
        if is_flat(block):
            rows = infer_merges(rows)
        draft = _continued_box(scan, by_label, caption)
        if draft is not None:
            draft.rows.extend(_without_repeated_header(draft.rows, rows))
        else:
            title, rows = _title(caption, rows, blocks, index, scan.consumed)
            draft = BoxDraft(
                caption if caption and caption.word else None, title, index, block.line, block.page, rows
            )
            scan.boxes.append(draft)
            if draft.label in by_label:
                scan.warnings.append(
                    f"{draft.label} is printed twice: both kept, the boxes numbered by position"
                )
            elif draft.label is not None:
                by_label[draft.label] = draft
        draft.notes.extend(_notes_after(blocks, index, scan.consumed, words))
    for draft in scan.boxes:
        _footnote_row_to_note(draft)
        _renumber(draft.rows)
    _number(scan, appendix)
    return scan


def _continued_box(scan: BoxScan, by_label: dict[str, BoxDraft], caption: Caption | None) -> BoxDraft | None:
    """The box a continuation caption continues: the one of its label, or the last for a bare 续表."""
    if caption is None or not caption.continued:
        return None
    if caption.word is None:
        return scan.boxes[-1] if scan.boxes else None
    return by_label.get(caption.label or "")


def _title(
    caption: Caption | None, rows: list[list[Cell]], blocks: list[Block], index: int, consumed: set[int]
) -> tuple[str, list[list[Cell]]]:
    """The box's title: the caption's, else a one-cell first row of a wider table, else (no caption) a
    title-like paragraph just before the table."""
    if caption is not None and caption.title:
        return caption.title, rows
    width = max((len(r) for r in rows), default=0)
    first = [c for c in rows[0] if c.text.strip()] if rows else []
    if width > 1 and len(rows) > 1 and len(first) == 1 and _is_table_title(first[0].text):
        return first[0].text.replace("\n", " ").strip(), rows[1:]
    if caption is None and index > 0 and index - 1 not in consumed:
        before = blocks[index - 1]
        if (
            isinstance(before, Paragraph)
            and _is_table_title(before.text)
            and classify_heading(before.text) is None
        ):
            consumed.add(index - 1)
            return before.text.strip(), rows
    return "", rows


def _is_table_title(text: str) -> bool:
    body = compact(text)
    return (
        0 < len(body) <= _MAX_TABLE_TITLE
        and not _SENTENCE.search(body)
        and not body.endswith(("：", ":"))
        and not body.isdigit()
    )


def _number(scan: BoxScan, appendix: int | None) -> None:
    captions = [d.caption for d in scan.boxes if d.caption is not None]
    scan.caption_words = sorted({c.word for c in captions if c.word}, key=_word_order)
    printed = [c.parts[0] for c in captions if len(c.parts) == 1]
    by_print = (
        bool(captions)
        and len(scan.caption_words) == 1
        and len(printed) == len(captions)
        and len(set(printed)) == len(printed)
    )
    after = max(printed, default=0) if by_print else 0
    for position, draft in enumerate(scan.boxes, start=1):
        if by_print and draft.caption is not None:
            draft.number = draft.caption.parts[0]
        else:
            after += 1
            draft.number = after if by_print else position
    if scan.boxes and not captions:
        count = len(scan.boxes)
        scan.warnings.append(f"no table caption (专栏N, 表N, 附表N): its {count} tables numbered in order")
        return
    for draft in scan.boxes:
        if draft.caption is None and (appendix is None or draft.block_index < appendix):
            where = f"「{draft.title}」" if draft.title else f"at line {draft.line}"
            scan.warnings.append(f"a table without caption ({where}): read as box {draft.number}")


def _word_order(word: str) -> tuple[int, str]:
    """Caption words in the order of CAPTION_WORDS, others after them by name."""
    return (CAPTION_WORDS.index(word) if word in CAPTION_WORDS else len(CAPTION_WORDS), word)


def _appendix_start(blocks: list[Block]) -> int | None:
    """The block index of the first appendix heading (附表, 附件 …), if the plan has one."""
    for index, block in enumerate(blocks):
        if isinstance(block, Paragraph):
            heading = classify_heading(block.text, block.heading_level)  # as the outline asks (cached)
            if heading is not None and heading.style == APPENDIX:
                return index
    return None


def _caption_row(rows: list[list[Cell]], words: Sequence[str]) -> Caption | None:
    if not rows:
        return None
    printed = [c for c in rows[0] if c.text.strip()]
    return parse_caption(printed[0].text, words) if len(printed) == 1 else None


def _paragraph_caption(
    blocks: list[Block], index: int, consumed: set[int], words: Sequence[str]
) -> Caption | None:
    if 0 <= index < len(blocks) and index not in consumed:
        block = blocks[index]
        if isinstance(block, Paragraph):
            return parse_caption(block.text, words)
    return None


def _caption_around(
    blocks: list[Block], index: int, consumed: set[int], words: Sequence[str]
) -> Caption | None:
    before = _paragraph_caption(blocks, index - 1, consumed, words)
    if before is not None:
        consumed.add(index - 1)
        return before
    after = _paragraph_caption(blocks, index + 1, consumed, words)
    if after is not None and not _captions_next_table(blocks, index + 2, words):
        consumed.add(index + 1)
        return after
    return None


def _captions_next_table(blocks: list[Block], index: int, words: Sequence[str]) -> bool:
    """Whether a caption paragraph at index-1 belongs to a table at index that has no caption row."""
    if index >= len(blocks):
        return False
    block = blocks[index]
    return isinstance(block, Table) and _caption_row(list(block.rows), words) is None


def _notes_after(blocks: list[Block], index: int, consumed: set[int], words: Sequence[str]) -> list[str]:
    notes = []
    for j in range(index + 1, min(index + 3, len(blocks))):
        block = blocks[j]
        if not isinstance(block, Paragraph):
            break
        if j in consumed and parse_caption(block.text, words):
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
