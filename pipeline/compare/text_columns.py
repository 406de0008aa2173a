"""text_column_mismatch: a count in the text against the sum of a box column that counts the same thing.

A count whose noun ends with a column's header stem — the header less its unit and
数量/个数 ("开采规划区块数量" → 开采规划区块, at least four characters) — is compared with
that column's sum (total rows left out) in the box printed last before the
sentence's section, when that section cites no box (a section citing a box is
about it: text_table_mismatch, text_breakdown_mismatch).  Parts in a bracket after
the count ("170个（其中建筑用砂113个、砖瓦用粘土57个）") are compared with the rows of
the mineral they name, where the box has rows of that mineral.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from models.codes import FindingKind
from parsers.words.lexicon import is_total
from parsers.words.minerals import canonical_mineral
from parsers.words.units import parse_unit, unit_in_label
from parsers.words.values import parse_quantity
from pipeline.compare.citations import citations
from pipeline.compare.data import PlanData, Record
from pipeline.compare.model import Finding, Place, fmt
from pipeline.compare.prose import Figure, closing, figures, section_paragraphs, sentence_around

_COUNT_WORDS = re.compile(r"数量|个数")
_STEM_WORDS = re.compile(r"数量|个数|\s")
_STEM_MIN = 4


@dataclass(frozen=True)
class _Column:
    box_id: int
    line: int
    col: int
    header: str
    stem: str
    values: dict[int, int]  # body row → count


def text_column_findings(data: PlanData) -> Iterator[Finding]:
    columns: dict[int, list[_Column]] = {}  # box_id → its count columns, found when a figure needs them
    citing: dict[int, bool] = {}  # section ordinal → whether it cites a box
    for section, _, paragraph in section_paragraphs(data):
        if section.ordinal not in citing:
            citing[section.ordinal] = bool(citations(data, section.text or ""))
        if citing[section.ordinal]:
            continue  # a section citing a box is about that box (text_table, breakdowns)
        found = figures(paragraph)
        for figure in found:
            if figure.kind != "count" or figure.depth:
                continue
            column = _column_for(data, columns, figure, section.line or 0)
            if column is not None:
                sentence = sentence_around(paragraph, figure.start)
                yield from _check(data, column, figure, paragraph, found, sentence)


def _count_columns(data: PlanData, box_id: int) -> list[_Column]:
    """The box's columns whose header counts something (a count unit, or 数量/个数), with their body
    rows' counts."""
    headers = {c.col: c.text for c in data.header_cells(box_id)}  # a lower header row's text wins
    body = [row for row in data.box_rows(box_id).values() if not any(c.is_header for c in row)]
    columns = []
    for col, header in headers.items():
        label, unit = unit_in_label(header)
        counted = parse_unit(unit).dimension == "count" if unit else bool(_COUNT_WORDS.search(label))
        stem = _STEM_WORDS.sub("", label)
        if not counted or len(stem) < _STEM_MIN:
            continue
        values = _counts(body, col)
        if values:
            line = data.boxes[box_id].line or 0
            columns.append(_Column(box_id, line, col, header.replace("\n", ""), stem, values))
    return columns


def _counts(body: list[list[Record]], col: int) -> dict[int, int]:
    values = {}
    for row in body:
        cell = next((c for c in row if c.col == col), None)
        if cell is None or any(is_total(c.text) for c in row):
            continue
        q = parse_quantity(cell.text)
        if q.value is not None and float(q.value).is_integer():
            values[cell.row] = int(q.value)
    return values


def _column_for(
    data: PlanData, columns: dict[int, list[_Column]], figure: Figure, line: int
) -> _Column | None:
    before = [b for b in data.boxes.values() if (b.line or 0) <= line]
    nearest = max(before, key=lambda b: b.line or 0, default=None)
    if nearest is None:
        return None
    if nearest.box_id not in columns:
        columns[nearest.box_id] = _count_columns(data, nearest.box_id)
    fitting = [c for c in columns[nearest.box_id] if figure.noun.endswith(c.stem)]
    return fitting[0] if fitting else None


def _check(
    data: PlanData, column: _Column, figure: Figure, paragraph: str, found: tuple[Figure, ...], sentence: str
) -> Iterator[Finding]:
    if sum(column.values.values()) != figure.value:
        yield _finding(data, column, figure.noun, figure.text, list(column.values.values()), None, sentence)
    if paragraph[figure.end : figure.end + 1] not in ("（", "("):
        return
    end = closing(paragraph, figure.end)
    for part in found:
        if not (figure.end < part.start < end and part.kind == "count"):
            continue
        mineral = canonical_mineral(re.sub(r"^其中", "", part.noun))
        rows = _rows_of(data, column.box_id, mineral) if mineral else set()
        values = [v for row, v in column.values.items() if row in rows]
        if values and sum(values) != part.value:
            yield _finding(data, column, part.noun, part.text, values, mineral, sentence)


def _rows_of(data: PlanData, box_id: int, mineral: str) -> set[int]:
    """The box rows about that mineral alone: zones of that one mineral, or rows printing its name."""
    rows = set()
    for zone in data.zones:
        minerals = {m.mineral for m in data.zone_minerals.get(zone.zone_id, [])}
        if zone.box_id == box_id and minerals == {mineral}:
            rows.add(zone.row)
    if not rows:
        for cell in data.cells.get(box_id, ()):
            if not cell.is_header and canonical_mineral(cell.text) == mineral:
                rows.add(cell.row)
    return rows


def _finding(
    data: PlanData,
    column: _Column,
    noun: str,
    stated: str,
    values: list[int],
    mineral: str | None,
    sentence: str,
) -> Finding:
    number = data.box_name(column.box_id)
    column_sum = sum(values)
    rows = f" rows of {mineral}" if mineral else ""
    return Finding(
        kind=FindingKind.TEXT_COLUMN_MISMATCH,
        subject=column.header if mineral is None else f"{column.header}: {mineral}",
        expected=fmt(column_sum),
        actual=stated,
        message=f"the text gives {noun} {stated}; column {column.header} of {number}{rows} "
        f"sums to {column_sum}",
        place=Place(data.plan.plan_id, column.box_id),
        other=Place(data.plan.plan_id),
        quote=f"{number} {column.header}{rows}: " + " + ".join(str(v) for v in values),
        other_quote=sentence,
    )
