"""Turn a reader's RawDocument into a ParsedPlan: outline, boxes (专栏 / 表 / 附表) and plan metadata.

Sections come from headings (parsers.structure.outline): numbered ones, 总则 and appendix
headings, and Word heading styles; a table of contents is skipped.  Their levels
come from the order in which the plan's numbering styles nest, or from the
`outline` a reading profile gives (then other numbered lines are body text).
A short unpunctuated line with no numeral, standing after a heading, is a heading whose numeral was
lost in extraction: it becomes a section with label None at the deeper of the
levels of the headings around it, so it cannot swallow the next section.
A box belongs to the section whose body text cites its label (（专栏15）, （表3-1）,
见附表2: the nearest citation before the box, else the first after), else to the
section it sits in.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise

from models.codes import DiagnosticCode
from models.document import Box, Diagnostic, Paragraph, ParsedPlan, RawDocument, Reading, Section
from parsers.read.base import DocumentError
from parsers.structure.boxes import BoxDraft, CaptionError, find_boxes
from parsers.structure.metadata import read_metadata
from parsers.structure.outline import (
    APPENDIX,
    TOP,
    Heading,
    classify_heading,
    is_title,
    levels,
    looks_like_damaged_heading,
    style_order,
    table_of_contents,
)
from parsers.words.text import CAPTION_WORDS, LABEL_PARTS, MAX_BOX_DIGITS

# a cited label: 专栏N anywhere; 表N / 附表N after a bracket, punctuation, a space or 见/如/详/参/附/按/据
_CITATION = re.compile(
    rf"(专栏|(?:(?<=^)|(?<=[\s（(，,、；;：:。“\"见如详参附按据和及与]))附?表)\s*(\d{{1,{MAX_BOX_DIGITS}}}"
    rf"(?:\s*[-－—–‐.．]\s*\d{{1,{MAX_BOX_DIGITS}}})?)(?!\d)"
)
# The largest grid (rows × columns) a box may have: the layout holds one slot per grid cell, and the
# biggest plan tables have a few thousand; a bigger grid is a damaged or hostile file
MAX_GRID_CELLS = 250_000


@dataclass
class _Citation:
    label: str
    section: int
    block_index: int


@dataclass
class _Outline:
    styles: list[str]  # numbering styles used, top down
    sections: list[Section] = field(default_factory=list)
    section_at: list[int | None] = field(default_factory=list)  # the section in force at each block
    citations: list[_Citation] = field(default_factory=list)
    contents: int = 0  # paragraphs skipped as a table of contents


def build_plan(
    doc: RawDocument, outline: Sequence[str] | None = None, captions: Sequence[str] | None = None
) -> ParsedPlan:
    """The plan's outline, boxes and metadata; `outline` (numbering styles top down) and `captions`
    (caption words) replace what is detected, as a reading profile gives them."""
    try:
        scan = find_boxes(doc.blocks, tuple(captions) if captions else CAPTION_WORDS)
    except CaptionError as err:
        raise DocumentError(doc.source.path, str(err)) from None
    if not scan.boxes:
        raise DocumentError(
            doc.source.path, "no table found: not a mineral-resource plan, or its tables were lost"
        )
    read = _outline(doc, scan.consumed, outline)
    citing: dict[str, list[_Citation]] = {}
    for citation in read.citations:
        citing.setdefault(citation.label, []).append(citation)
    boxes = [_finish_box(draft, read, citing.get(draft.label or "", [])) for draft in scan.boxes]
    for box in boxes:
        _refuse_huge_grid(box, doc.source.path)
    meta, region_warnings = read_metadata(doc)
    reading = Reading(
        outline_styles=read.styles,
        caption_words=scan.caption_words,
        contents_lines=read.contents,
        warnings=[
            *(Diagnostic(None, DiagnosticCode.REGION, message) for message in region_warnings),
            *(Diagnostic(None, DiagnosticCode.CAPTION, message) for message in scan.warnings),
        ],
    )
    return ParsedPlan(source=doc.source, meta=meta, sections=read.sections, boxes=boxes, reading=reading)


def _refuse_huge_grid(box: Box, path: str) -> None:
    """DocumentError for a box whose grid no plan's table has (its layout would hold every grid cell)."""
    rows, cols = box.n_rows, box.n_cols
    if rows * cols > MAX_GRID_CELLS:
        raise DocumentError(
            path,
            f"{box.label or f'box {box.number}'} is a grid of {rows} rows × {cols} columns, more than the "
            f"{MAX_GRID_CELLS} cells a plan's table holds: the file is damaged or not a plan",
        )


def cited_labels(text: str) -> list[str]:
    """The box labels a paragraph cites, written as Caption.label writes them (表3-1)."""
    if "表" not in text and "专栏" not in text:  # most paragraphs: skip the regex's scan of every position
        return []
    return [
        m.group(1) + "-".join(str(int(p)) for p in LABEL_PARTS.split(m.group(2)))
        for m in _CITATION.finditer(text)
    ]


def _outline(doc: RawDocument, consumed: set[int], styles: Sequence[str] | None) -> _Outline:
    """Sections, the section in force at each block, and every box citation in body text."""
    paragraphs = [(i, b) for i, b in enumerate(doc.blocks) if isinstance(b, Paragraph) and i not in consumed]
    contents = {paragraphs[k][0] for k in table_of_contents([p.text for _, p in paragraphs])}
    headings = {i: _heading(p, styles) for i, p in paragraphs if i not in contents}
    by_block = dict(paragraphs)
    skipped = contents | _titles_on_their_own_line(headings, by_block)
    order = list(styles) if styles else style_order(h.style for h in headings.values() if h)
    level = dict(zip(headings, levels(list(headings.values()), order), strict=True))
    numbered = [i for i, h in headings.items() if h is not None]
    outline = _Outline(styles=[s for s in order if any(h and h.style == s for h in headings.values())])
    outline.contents = len(contents)
    stack: list[Section] = []
    current: Section | None = None
    for index in range(len(doc.blocks)):
        paragraph = by_block.get(index)
        if paragraph is not None and paragraph.text and index not in skipped:
            heading = headings[index]
            at = level[index]
            if heading is None and (damaged := _damaged_level(paragraph, index, level, numbered, current)):
                heading, at = Heading("", None, paragraph.text.strip()), damaged
            if heading is not None and at is not None:
                current = _open_section(outline.sections, stack, heading, at, paragraph.line)
            else:
                if current is None:
                    current = _open_section(outline.sections, stack, Heading("", None, ""), 1, paragraph.line)
                current.paragraphs.append(paragraph.text)
                outline.citations.extend(
                    _Citation(label, current.ordinal, index) for label in cited_labels(paragraph.text)
                )
        outline.section_at.append(current.ordinal if current else None)
    return outline


def _titles_on_their_own_line(
    headings: dict[int, Heading | None], paragraphs: dict[int, Paragraph]
) -> set[int]:
    """A 第X heading printed alone (第一章) takes the short line after it as its title; their indexes."""
    taken: set[int] = set()
    indexes = list(headings)
    for i, following in pairwise(indexes):
        heading, after = headings[i], headings[following]
        text = paragraphs[following].text
        alone = heading is not None and heading.label is not None and not heading.title
        if alone and (after is None or after.style == TOP) and is_title(text):
            headings[i] = replace(heading, title=text.strip())
            taken.add(following)
    for i in taken:
        del headings[i]
    return taken


def _heading(paragraph: Paragraph, styles: Sequence[str] | None) -> Heading | None:
    """The paragraph's heading; with the profile's styles, only a heading of one of them (or 总则, 附件)."""
    heading = classify_heading(paragraph.text, paragraph.heading_level)
    if heading is None or not styles or heading.style in (TOP, APPENDIX):
        return heading
    return heading if heading.style in styles else None


def _damaged_level(
    paragraph: Paragraph,
    index: int,
    level: dict[int, int | None],
    numbered: list[int],
    current: Section | None,
) -> int | None:
    if current is None or current.label is None or not looks_like_damaged_heading(paragraph.text):
        return None
    following = next((level[i] for i in numbered if i > index), None)
    return max(current.level, following if following is not None else current.level)


def _open_section(
    sections: list[Section], stack: list[Section], heading: Heading, level: int, line: int
) -> Section:
    while stack and stack[-1].level >= level:
        stack.pop()
    section = Section(
        ordinal=len(sections),
        level=level,
        label=heading.label,
        title=heading.title,
        parent=stack[-1].ordinal if stack else None,
        line=line,
    )
    sections.append(section)
    stack.append(section)
    return section


def _finish_box(draft: BoxDraft, read: _Outline, citing: list[_Citation]) -> Box:
    """The box, in the section of the nearest citation of its label before it, else the first after,
    else the section it sits in."""
    before = bisect.bisect_left(citing, draft.block_index, key=lambda c: c.block_index)  # in document order
    if before:
        section = citing[before - 1].section
    elif citing:
        section = citing[0].section
    else:
        section = read.section_at[draft.block_index]
    cells = [cell for row in draft.rows for cell in row]
    return Box(
        number=draft.number,
        title=draft.title,
        cells=cells,
        section=section,
        line=draft.line,
        page=draft.page,
        note="\n".join(draft.notes) or None,
        label=draft.label,
    )
