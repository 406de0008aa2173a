"""Turn a reader's RawDocument into a ParsedPlan: outline, 专栏 boxes and plan metadata.

Sections come from numbered headings (parsers.outline).  A short unpunctuated
line with no numeral, standing after a heading, is a heading whose numeral was
lost in extraction: it becomes a section with label None at the deeper of the
levels of the headings around it, so it cannot swallow the next section.
A box belongs to the section whose body text cites it (the nearest citation
before the box, else the first after), else to the section it sits in.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass

from models.document import Box, Diagnostic, Paragraph, ParsedPlan, RawDocument, Section
from parsers.base import DocumentError
from parsers.boxes import REPEATED, BoxDraft, CaptionError, find_boxes
from parsers.metadata import read_metadata
from parsers.outline import Heading, classify_heading, looks_like_damaged_heading
from parsers.tables.layout import MAX_GRID_CELLS
from parsers.text import CITATION


@dataclass
class _Citation:
    number: int
    section: int
    block_index: int


def build_plan(doc: RawDocument) -> ParsedPlan:
    try:
        scan = find_boxes(doc.blocks)
    except CaptionError as err:
        raise DocumentError(doc.source.path, str(err)) from None
    if not scan.boxes:
        raise DocumentError(
            doc.source.path, "no 专栏 table found: not a mineral-resource plan, or tables were lost"
        )
    sections, section_at, citations = _outline(doc, scan.consumed)
    by_number: defaultdict[int, list[_Citation]] = defaultdict(list)  # in document order
    for citation in citations:
        by_number[citation.number].append(citation)
    boxes = [_finish_box(draft, section_at, by_number[draft.caption.number]) for draft in scan.boxes]
    for box in boxes:
        _refuse_huge_grid(box, doc.source.path)
    meta, warnings = read_metadata(doc)
    plan = ParsedPlan(source=doc.source, meta=meta, sections=sections, boxes=boxes)
    plan.diagnostics = [Diagnostic(None, "region", message) for message in warnings] + [
        Diagnostic(
            number,
            REPEATED,
            f"a second table captioned 专栏{number} (line {line}; the first: line {first}) "
            "is read as its continuation: renumber its caption if it is another box",
        )
        for number, first, line in scan.repeated
    ]
    return plan


def _refuse_huge_grid(box: Box, path: str) -> None:
    """DocumentError for a box whose grid no plan's table has (its layout would hold every grid cell)."""
    rows, cols = box.n_rows, box.n_cols
    if rows * cols > MAX_GRID_CELLS:
        raise DocumentError(
            path,
            f"专栏{box.number} is a grid of {rows} rows × {cols} columns, more than the {MAX_GRID_CELLS} "
            "cells a plan's table holds: the file is damaged or not a plan",
        )


def _outline(doc: RawDocument, consumed: set[int]) -> tuple[list[Section], list[int | None], list[_Citation]]:
    """Sections, the section in force at each block, and every box citation in body text."""
    paragraphs = [(i, b) for i, b in enumerate(doc.blocks) if isinstance(b, Paragraph) and i not in consumed]
    headings = {i: classify_heading(p.text) for i, p in paragraphs}
    numbered = [i for i, h in headings.items() if h is not None]
    sections: list[Section] = []
    stack: list[Section] = []
    citations: list[_Citation] = []
    section_at: list[int | None] = []
    current: Section | None = None
    by_block = dict(paragraphs)
    for index in range(len(doc.blocks)):
        paragraph = by_block.get(index)
        if paragraph is not None and paragraph.text:
            heading = headings[index] or _damaged_heading(paragraph, index, headings, numbered, current)
            if heading is not None:
                current = _open_section(sections, stack, heading, paragraph.line)
            else:
                if current is None:
                    current = _open_section(sections, stack, Heading(1, None, ""), paragraph.line)
                current.paragraphs.append(paragraph.text)
                citations.extend(
                    _Citation(int(m.group(1)), current.ordinal, index)
                    for m in CITATION.finditer(paragraph.text)
                )
        section_at.append(current.ordinal if current else None)
    return sections, section_at, citations


def _damaged_heading(
    paragraph: Paragraph,
    index: int,
    headings: dict[int, Heading | None],
    numbered: list[int],
    current: Section | None,
) -> Heading | None:
    if current is None or current.label is None or not looks_like_damaged_heading(paragraph.text):
        return None
    following = next((headings[i] for i in numbered if i > index), None)
    level = max(current.level, following.level if following else current.level)
    return Heading(level, None, paragraph.text.strip())


def _open_section(sections: list[Section], stack: list[Section], heading: Heading, line: int) -> Section:
    while stack and stack[-1].level >= heading.level:
        stack.pop()
    section = Section(
        ordinal=len(sections),
        level=heading.level,
        label=heading.label,
        title=heading.title,
        parent=stack[-1].ordinal if stack else None,
        line=line,
    )
    sections.append(section)
    stack.append(section)
    return section


def _finish_box(draft: BoxDraft, section_at: list[int | None], citing: list[_Citation]) -> Box:
    """The box of a draft; `citing`: the citations of its number, in document order."""
    before = bisect.bisect_left(citing, draft.block_index, key=lambda c: c.block_index)
    if before:
        section = citing[before - 1].section
    elif citing:
        section = citing[0].section
    else:
        section = section_at[draft.block_index]
    cells = [cell for row in draft.rows for cell in row]
    return Box(
        number=draft.caption.number,
        title=draft.caption.title,
        cells=cells,
        section=section,
        line=draft.line,
        page=draft.page,
        note="\n".join(draft.notes) or None,
    )
