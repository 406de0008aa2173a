"""Reader for Apache Tika text exports (`*.tika.txt`) of plan documents.

Tika writes a table cell as a line with a leading TAB and usually separates rows
with one blank line.  The rules below are the ones verified on real exports
(see docs/design/TIKA_NOTES.md):

* `[bookmark: …]` markers are removed everywhere;
* inside a table, a line without a TAB after at most one blank line continues
  the current cell (和田 专栏10 `2025年` / blank / `规划目标`), and the row goes on;
* a TAB line after one or more blank lines starts a new row, even after three
  blank lines (喀什 专栏18), unless it is a 专栏 caption, which starts a new table;
* a line without a TAB after two or more blank lines ends the table, and so does
  a 专栏 caption.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from models.document import Block, Cell, Paragraph, RawDocument, Source, Table
from parsers.read.base import DocumentError
from parsers.words.spans import place_rows
from parsers.words.text import CAPTION, clean_text

_BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")


@dataclass
class _TableBuilder:
    line: int
    rows: list[list[Cell]] = field(default_factory=list)

    def new_row(self) -> None:
        self.rows.append([])

    def add_cell(self, text: str, line: int) -> None:
        row = self.rows[-1]
        row.append(Cell(row=len(self.rows) - 1, col=len(row), text=text, line=line))

    def extend_cell(self, text: str) -> None:
        cell = self.rows[-1][-1]
        cell.text = f"{cell.text}\n{text}" if cell.text else text

    def build(self) -> Table:
        rows = [[_finish(c) for c in row] for row in self.rows if row]
        for i, row in enumerate(rows):
            for cell in row:
                cell.row = i
        place_rows(rows)
        return Table(rows=rows, line=self.line)


def _finish(cell: Cell) -> Cell:
    cell.text = clean_text(cell.text)
    return cell


class TikaTextReader:
    name = "tika_text"
    version = 1
    format = "tika_text"
    suffixes = (".tika.txt", ".txt")

    def sniff(self, head: bytes) -> str | None:
        if b"\x00" in head:
            return "binary data, not a Tika text export (expected UTF-8 text)"
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as err:
            if err.start < len(head) - 4:  # a multi-byte character cut at the end of the sample is fine
                return "not UTF-8 text (re-export it from Tika as UTF-8)"
        return None

    def read(self, data: bytes, source: Source) -> RawDocument:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            raise DocumentError(
                source.path, f"not UTF-8 text at byte {err.start} (re-export as UTF-8)"
            ) from None
        return RawDocument(source=source, blocks=parse_lines(text.splitlines()))


def parse_lines(lines: list[str]) -> list[Block]:
    """Paragraphs and tables, in order, from the lines of a Tika text export."""
    blocks: list[Block] = []
    table: _TableBuilder | None = None
    blanks = 0

    def close() -> None:
        nonlocal table
        if table is not None:
            blocks.append(table.build())
            table = None

    for number, raw in enumerate(lines, start=1):
        line = _BOOKMARK.sub("", raw)
        if line.startswith("\t"):
            text = line[1:]
            if table is None or (blanks and CAPTION.match(text.strip())):
                close()
                table = _TableBuilder(line=number)
                table.new_row()
            elif blanks:
                table.new_row()
            table.add_cell(text, number)
        elif not line.strip():
            blanks += 1
            continue
        elif table is not None and blanks <= 1 and not CAPTION.match(line.strip()):
            table.extend_cell(line)
        else:
            close()
            blocks.append(Paragraph(text=clean_text(line), line=number))
        blanks = 0
    close()
    return blocks
