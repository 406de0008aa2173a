"""The PDF engine's tolerances, in one validated, frozen options object that every stage is given.

The defaults are fitted to the bundled plans (LibreOffice renderings); another producer may print
rules thicker, gaps narrower or rows closer, and a reading profile's `pdf:` section
(parsers/interpret/profiles.py) sets these fields for its plan.  As pdfplumber's `TableSettings`
does, every field is checked when the object is made: a wrong type, a value out of its range or an
unknown name is refused with the field's name (pydantic's ValidationError).  Lengths are in points
or in em (of the font size of the text they measure), as each field says.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

Em = Annotated[float, Field(ge=0.0, le=10.0)]  # a length in em: none is wider than ten times the font size
Points = Annotated[float, Field(gt=0.0, le=50.0)]


class PdfOptions(BaseModel):
    """Every tolerance of the PDF engine; PdfOptions() is what the reader uses unless a profile says."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    # rules and grids (parsers/read/pdf/grids.py, joins.py)
    snap: Points = Field(2.0, description="points: rule positions this close are one rule")
    thin: Points = Field(2.0, description="points: a rect thinner than this is a rule")
    # lines (parsers/read/pdf/lines.py)
    word_gap: Em = Field(0.25, description="em: a wider gap between ASCII glyphs is a space")
    overprint: Em = Field(0.2, description="em: the same glyph again this close is fake bold")
    # paragraphs (parsers/read/pdf/breaks.py, assembly.py)
    size_change: float = Field(0.5, ge=0.0, le=50.0, description="points of font size: a new paragraph")
    extra_gap: Em = Field(0.3, description="em above the usual line gap: a new paragraph")
    indent: Em = Field(1.0, description="em: a first line indented this far opens a paragraph")
    fit_slack: Em = Field(0.25, description="em to spare: the next unit would have fitted")
    # running headers, footers and page frames (parsers/read/pdf/running.py)
    running_share: float = Field(0.3, gt=0.0, le=1.0, description="share of the pages it repeats on")
    running_min_pages: int = Field(3, ge=2, description="pages it repeats on, at least")
    running_depth: int = Field(2, ge=1, description="lines from the top and bottom that can be running")
    margin_band: float = Field(0.15, gt=0.0, lt=0.5, description="share of the page height at top, bottom")
    # tables from text alignment (parsers/read/pdf/alignment.py)
    column_gap: Em = Field(0.9, description="em: glyphs further apart are in different columns")
    align: Em = Field(0.5, description="em: left edges this close are one column")
    max_gap: Em = Field(1.5, description="em: a wider vertical gap between lines ends a table")
    min_rows: int = Field(2, ge=1, description="lines of several pieces that make a table")
    leading_slack: Em = Field(0.1, description="em: a gap this close to the body's is body text")
    pitch_slack: Em = Field(0.1, description="em: a line pitch may exceed the table's by this")
    cell_pad: Em = Field(0.5, description="em: the most cell padding taken")
    # Fitted to LibreOffice renderings: there a row boundary adds about 0.5 pt (0.036-0.055 em) to the
    # pitch, while the pitches inside a cell differ by at most 0.1 pt (0.009 em, coordinate rounding).
    row_rule: Em = Field(0.03, description="em: a pitch this much wider crosses a row boundary")

    @model_validator(mode="after")
    def _words_inside_columns(self) -> PdfOptions:
        if self.word_gap >= self.column_gap:
            raise ValueError(
                f"word_gap ({self.word_gap} em) must be narrower than column_gap ({self.column_gap} em): "
                "a gap between two words cannot also part two columns"
            )
        return self


DEFAULT_OPTIONS = PdfOptions()
