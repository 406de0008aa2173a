"""The document model shared by every reader and every later stage.

A reader turns one file into a :class:`RawDocument`: paragraphs and tables in
reading order, each with its position in the source (line for Tika text,
block index for .docx, page for PDF).  The structure stage turns that into a
:class:`ParsedPlan` (metadata, outline, 专栏 boxes).  Everything here is plain
data: serializable with :func:`dataclasses.asdict`, no database objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from models.codes import BoxKind, ColumnRole, DiagnosticCode
from models.records import Records

SourceFormat = Literal["docx", "pdf", "tika_text", "doc", "wps", "rtf", "html"]


@dataclass
class Cell:
    """One printed cell of a table grid (0-based row/col after merges are resolved)."""

    row: int
    col: int
    text: str
    row_span: int = 1
    col_span: int = 1
    is_header: bool = False
    line: int | None = None  # source position of the cell's first line
    page: int | None = None
    ocr: bool = False  # read by OCR from a page without a text layer (parsers/read/ocr)
    ocr_confidence: float | None = None  # the OCR engine's mean confidence (0..1) in its characters


@dataclass
class Table:
    """A table as printed: rows of cells; a short row means merged cells."""

    rows: list[list[Cell]]
    line: int  # source position of the first row
    page: int | None = None

    @property
    def n_cols(self) -> int:
        return max((c.col + c.col_span for row in self.rows for c in row), default=0)


@dataclass
class Paragraph:
    text: str
    line: int
    page: int | None = None
    heading_level: int | None = None  # set by readers that know it (docx styles)


Block = Paragraph | Table


@dataclass
class Source:
    """Where a document came from and which reader read it."""

    path: str
    format: SourceFormat
    sha256: str
    reader: str  # reader name and version, e.g. "tika_text/1"


@dataclass
class RawDocument:
    source: Source
    blocks: list[Block]


@dataclass
class Section:
    ordinal: int  # document order, 0-based
    level: int  # its numbering style's rank in the plan's nesting (parsers/structure/outline.py); 总则 is 1
    label: str | None  # numeral as printed without trailing 、．. (第一章, 一, 1); None for 总则, a Word
    # heading style without numeral or a damaged heading
    title: str
    parent: int | None  # ordinal of the parent section
    line: int
    paragraphs: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass
class BoxColumn:
    """How a column of a box was read: the header words above it and the role they gave it."""

    label: str
    role: ColumnRole | None


@dataclass
class Box:
    """One table of the plan (专栏, 表, 附表; continuations merged), with the grid of its cells."""

    number: int  # the printed N, or the position in the plan (parsers/structure/boxes.py)
    title: str
    cells: list[Cell]
    section: int | None  # ordinal of the owning section
    line: int
    page: int | None = None
    note: str | None = None
    kind: BoxKind = BoxKind.OTHER  # set by the table interpreters
    interpreter: str | None = None  # the interpreter that read it
    scores: dict[str, float] = field(default_factory=dict)  # every interpreter's fit
    header_rows: int = 0  # set by the table layout, like the columns
    columns: list[BoxColumn] = field(default_factory=list)
    label: str | None = None  # the caption as printed: 专栏15, 表3-1, 附表2; None without caption

    @property
    def name(self) -> str:
        """The box as messages name it: its label as printed, else its number."""
        return self.label or f"table {self.number}"

    @property
    def n_rows(self) -> int:
        return max((c.row + c.row_span for c in self.cells), default=0)

    @property
    def n_cols(self) -> int:
        return max((c.col + c.col_span for c in self.cells), default=0)

    def grid(self) -> list[list[Cell]]:
        """Cells grouped by row, in column order."""
        rows: list[list[Cell]] = [[] for _ in range(self.n_rows)]
        for cell in self.cells:
            rows[cell.row].append(cell)
        for row in rows:
            row.sort(key=lambda c: c.col)
        return rows


@dataclass
class PlanMeta:
    title: str
    region: str | None
    region_level: str | None
    parent_region: str | None
    base_year: int | None
    target_year: int | None
    vision_year: int | None
    region_code: str | None = None  # GB/T 2260 code of the region


@dataclass
class Diagnostic:
    """Something about how a plan was read that a maintainer should look at (shown by `mrplans inspect`)."""

    box: int | None  # the box number; None for the whole plan
    code: DiagnosticCode
    message: str


@dataclass
class Reading:
    """How the structure stage read the plan: what `mrplans inspect` shows under the plan's facts."""

    outline_styles: list[str] = field(default_factory=list)  # numbering styles used, top down (第X章, 一、 …)
    caption_words: list[str] = field(default_factory=list)  # caption words used (专栏, 表, 附表)
    contents_lines: int = 0  # paragraphs skipped as a table of contents
    warnings: list[Diagnostic] = field(default_factory=list)  # tables without caption, reader warnings …


@dataclass
class ParsedPlan:
    source: Source
    meta: PlanMeta
    sections: list[Section]
    boxes: list[Box]
    records: Records = field(default_factory=Records)
    profile: str | None = None  # path of the reading profile applied, if any
    diagnostics: list[Diagnostic] = field(default_factory=list)
    reading: Reading = field(default_factory=Reading)
