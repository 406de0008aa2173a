"""How a document was read, as plain data: what `mrplans inspect` prints (text or JSON).

inspect_file parses one file in memory (no database) with the reading profiles and
returns a PlanView: the numbering styles and caption words the reading found (or the
profile gave), the outline, and for every box its header rows, columns with
their labels and roles, kind, interpreter, score and runner-up, the records it gave,
the numeric cells that landed in no record (the rule of pipeline/inspection/placement.py) and
the diagnostics of the reading (low fit, tie, skipped, profile lines naming nothing).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from models.document import Box, ParsedPlan
from parsers.interpret.profiles import ProfileSet
from parsers.interpret.registry import ranked
from parsers.parse import parse_document
from pipeline.inspection.placement import Content, GridCell, numeric_cells, records_content, unplaced


@dataclass
class CellView:
    row: int
    col: int
    text: str


@dataclass
class ColumnView:
    index: int
    label: str
    role: str | None


@dataclass
class Fit:
    interpreter: str
    score: float


@dataclass
class BoxView:
    number: int
    label: str | None  # the caption as printed (专栏15, 表3-1); None without caption
    title: str
    section: int | None  # ordinal of the owning section
    kind: str
    interpreter: str | None
    fit: Fit | None  # the chosen interpreter's fit, else the best one above 0
    runner_up: Fit | None  # the next best fit above 0
    header_rows: int
    columns: list[ColumnView]
    grid: list[list[str]]  # grid[row][col]: a printed cell's text at its first column, "" elsewhere
    records: list[dict[str, Any]]  # {"type": "Indicator", "row": …, …}, None fields left out
    unplaced: list[CellView]
    diagnostics: list[str]


@dataclass
class SectionView:
    ordinal: int
    level: int
    label: str | None
    title: str
    parent: int | None


@dataclass
class PlanView:
    file: str
    reader: str
    title: str
    region: str | None
    years: str  # base → target (vision)
    profile: str | None
    outline_styles: list[str]  # the numbering styles the outline used, top down
    caption_words: list[str]  # the words its tables' captions used
    contents_lines: int  # paragraphs skipped as a table of contents
    sections: list[SectionView]
    boxes: list[BoxView]
    diagnostics: list[str]  # about the plan as a whole

    def as_json(self, box: int | None = None) -> dict[str, Any]:
        """Everything, or with `box` only that box (and the plan's facts and outline)."""
        data = asdict(self)
        if box is not None:
            data["boxes"] = [b for b in data["boxes"] if b["number"] == box]
        return data


def inspect_file(path: Path, profiles: ProfileSet | None = None) -> PlanView:
    return plan_view(parse_document(path, profiles=profiles))


def plan_view(plan: ParsedPlan) -> PlanView:
    content = records_content(plan.records)
    meta = plan.meta
    vision = f" ({meta.vision_year})" if meta.vision_year else ""
    return PlanView(
        file=plan.source.path,
        reader=plan.source.reader,
        title=meta.title,
        region=meta.region,
        years=f"{meta.base_year} → {meta.target_year}{vision}",
        profile=plan.profile,
        outline_styles=plan.reading.outline_styles,
        caption_words=plan.reading.caption_words,
        contents_lines=plan.reading.contents_lines,
        sections=[SectionView(s.ordinal, s.level, s.label, s.title, s.parent) for s in plan.sections],
        boxes=[_box_view(plan, box, content) for box in plan.boxes],
        diagnostics=[d.message for d in plan.diagnostics if d.box is None],
    )


def _box_view(plan: ParsedPlan, box: Box, content: Content) -> BoxView:
    fits = [Fit(name, score) for name, score in ranked(box.scores) if score > 0]
    best = next((f for f in fits if f.interpreter == box.interpreter), fits[0] if fits else None)
    runner_up = next((f for f in fits if f is not best), None)
    cells = [GridCell(box.number, c.row, c.col, c.text, c.is_header) for c in box.cells]
    return BoxView(
        number=box.number,
        label=box.label,
        title=box.title,
        section=box.section,
        kind=box.kind,
        interpreter=box.interpreter,
        fit=best,
        runner_up=runner_up,
        header_rows=box.header_rows,
        columns=[ColumnView(i, c.label, c.role) for i, c in enumerate(box.columns)],
        grid=_grid(box),
        records=_records(plan, box.number),
        unplaced=[CellView(c.row, c.col, c.text) for c in unplaced(numeric_cells(cells), content)],
        diagnostics=[d.message for d in plan.diagnostics if d.box == box.number],
    )


def _grid(box: Box) -> list[list[str]]:
    grid = [[""] * box.n_cols for _ in range(box.n_rows)]
    for cell in box.cells:
        grid[cell.row][cell.col] = cell.text
    return grid


def _records(plan: ParsedPlan, number: int) -> list[dict[str, Any]]:
    return [
        {"type": type(record).__name__} | _without_empty(asdict(record))
        for record in plan.records
        if record.box == number
    ]


def _without_empty(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k != "box" and v is not None and v != []}
