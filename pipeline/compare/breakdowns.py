"""text_breakdown_mismatch: a paragraph breaking down a figure of the box cited just before it, whose
parts do not make the box's figure.

A paragraph citing 专栏N with a count ("本轮规划设置开采规划区块446个，面积385.8平方千米（专栏17）")
is often followed by one that splits it ("自治区负责…开采规划区块3个，面积2.5平方千米；地区负责…
开采规划区块193个，面积171.3平方千米…；县级负责…237个，面积197.2平方千米").  When the next
paragraph cites no box, names the counted thing of the citing sentence (its last four
characters: 规划区块) and lists two or more count-and-area pairs, the counts must sum to
the box's count and the areas to its area (within rounding, text_table.area_agrees).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from pipeline.compare.data import PlanData
from pipeline.compare.model import Finding, Place, fmt
from pipeline.compare.prose import Figure, figures, paragraphs, sentence_around
from pipeline.compare.text_table import BoxFigures, area_agrees, box_figures

_CITATION = re.compile(r"专栏\s*(\d+)")
_PAIR_GAP = 12  # characters between a count and the area printed with it (，面积)
_NOUN_TAIL = 4


def breakdown_findings(data: PlanData) -> Iterator[Finding]:
    boxes = box_figures(data)
    for section in data.sections:
        lines = paragraphs(section.text)
        for paragraph, following in pairwise(lines):
            if _CITATION.search(following):
                continue
            for number in {int(m.group(1)) for m in _CITATION.finditer(paragraph)}:
                box = data.box_by_number(number)
                if box is not None and box.box_id in boxes:
                    yield from _check(data, box.box_id, number, boxes[box.box_id], paragraph, following)


def _check(
    data: PlanData, box_id: int, number: int, box: BoxFigures, citing: str, following: str
) -> Iterator[Finding]:
    stated = [f for f in figures(citing) if f.kind == "count" and int(f.value) in box.counts]
    if not stated or len(stated[0].noun) < _NOUN_TAIL or stated[0].noun[-_NOUN_TAIL:] not in following:
        return
    pairs = _pairs(figures(following))
    if len(pairs) < 2:
        return
    total = stated[0]
    counted = sum(c.value for c, _ in pairs)
    if counted != total.value:
        yield _finding(
            data, box_id, number, total.noun, total.text, counted, [c for c, _ in pairs], citing, following
        )
    areas = [a for _, a in pairs]
    area_sum = sum(a.value for a in areas)
    if box.areas and not any(area_agrees(area_sum, _finest(areas), area, parts) for area, parts in box.areas):
        printed = fmt(box.areas[0][0]) or ""
        yield _finding(data, box_id, number, "面积", printed, area_sum, areas, citing, following)


def _pairs(found: list[Figure]) -> list[tuple[Figure, Figure]]:
    return [
        (a, b)
        for a, b in pairwise(found)
        if a.kind == "count" and b.kind == "area" and b.start - a.end <= _PAIR_GAP
    ]


def _finest(parts: list[Figure]) -> str:
    """The printed text of the part with the most decimals (the sum's printed precision)."""
    return max((p.text for p in parts), key=lambda t: len(t.split(".", 1)[1]) if "." in t else 0)


def _finding(
    data: PlanData,
    box_id: int,
    number: int,
    subject: str,
    box_value: str,
    added: float,
    parts: list[Figure],
    citing: str,
    following: str,
) -> Finding:
    listed = " + ".join(f"{p.text}{p.word}" for p in parts)
    return Finding(
        kind="text_breakdown_mismatch",
        subject=subject,
        expected=box_value,
        actual=fmt(added),
        message=f"专栏{number} and the sentence citing it give {subject} {box_value}; "
        f"the next paragraph breaks it down as {listed} = {fmt(added)}",
        place=Place(data.plan.plan_id, box_id),
        other=Place(data.plan.plan_id),
        quote=sentence_around(citing, citing.find(f"专栏{number}")),
        other_quote=following,
    )
