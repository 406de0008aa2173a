"""text_breakdown_mismatch: a paragraph breaking down a figure of the box cited just before it, whose
parts do not make the box's figure.

A paragraph citing a box (专栏N, 表N: pipeline/compare/citations.py) with a count
("本轮规划设置开采规划区块446个，面积385.8平方千米（专栏17）")
is often followed by one that splits it ("自治区负责…开采规划区块3个，面积2.5平方千米；地区负责…
开采规划区块193个，面积171.3平方千米…；县级负责…237个，面积197.2平方千米").  When the next
paragraph cites no box, names the counted thing of the citing sentence (its last four
characters: 规划区块) and lists two or more count-and-area pairs, the counts must sum to
the count of the citing sentence, which is the box's, and the areas to the area
printed with it, where that is the box's (within rounding, text_table.area_agrees).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from models.codes import FindingKind
from pipeline.compare.citations import Citation, citations, cites_a_box
from pipeline.compare.data import PlanData
from pipeline.compare.model import Finding, Place, fmt_at
from pipeline.compare.prose import Figure, figures, paragraphs, sentence_around
from pipeline.compare.rounding import decimals
from pipeline.compare.text_table import BoxFigures, area_agrees, box_figures

_PAIR_GAP = 12  # characters between a count and the area printed with it (，面积)
_NOUN_TAIL = 4


def breakdown_findings(data: PlanData) -> Iterator[Finding]:
    boxes = box_figures(data)
    for section in data.sections:
        if not cites_a_box(data, section.text):
            continue
        for paragraph, following in pairwise(paragraphs(section.text)):
            if citations(data, following):
                continue
            cited: dict[int, Citation] = {}
            for citation in citations(data, paragraph):
                cited.setdefault(citation.box.box_id, citation)
            for box_id, citation in cited.items():
                if box_id in boxes:
                    yield from _check(data, citation, boxes[box_id], paragraph, following)


def _check(
    data: PlanData, citation: Citation, box: BoxFigures, citing: str, following: str
) -> Iterator[Finding]:
    citing_figures = figures(citing)
    stated = [f for f in citing_figures if f.kind == "count" and int(f.value) in box.counts]
    if not stated or len(stated[0].noun) < _NOUN_TAIL or stated[0].noun[-_NOUN_TAIL:] not in following:
        return
    pairs = _pairs(figures(following))
    if len(pairs) < 2:
        return
    total = stated[0]
    counts = [c for c, _ in pairs]
    if sum(c.value for c in counts) != total.value:
        yield _finding(data, citation, total.noun, total, counts, citing, following)
    # the area printed with the count, where it is the box's (within rounding)
    area = next((a for c, a in _pairs(citing_figures) if c is total), None)
    areas = [a for _, a in pairs]
    area_sum = sum(a.value for a in areas)
    if (
        area is not None
        and any(area_agrees(area.value, area.text, printed, parts) for printed, parts in box.areas)
        and not area_agrees(area_sum, area.text, area.value, [a.text for a in areas])
    ):
        yield _finding(data, citation, "面积", area, areas, citing, following)


def _pairs(found: tuple[Figure, ...]) -> list[tuple[Figure, Figure]]:
    return [
        (a, b)
        for a, b in pairwise(found)
        if a.kind == "count" and b.kind == "area" and b.start - a.end <= _PAIR_GAP
    ]


def _finding(
    data: PlanData,
    citation: Citation,
    subject: str,
    stated: Figure,
    parts: list[Figure],
    citing: str,
    following: str,
) -> Finding:
    listed = " + ".join(f"{p.text}{p.word}" for p in parts)
    added = fmt_at(sum(p.value for p in parts), max(decimals(p.text) for p in parts))
    return Finding(
        kind=FindingKind.TEXT_BREAKDOWN_MISMATCH,
        subject=subject,
        expected=stated.text,
        actual=added,
        message=f"{data.box_name(citation.box.box_id)} and the sentence citing it give "
        f"{subject} {stated.text}{stated.word}; "
        f"the next paragraph breaks it down as {listed} = {added}{stated.word}",
        place=Place(data.plan.plan_id, citation.box.box_id),
        other=Place(data.plan.plan_id),
        quote=sentence_around(citing, citation.start),
        other_quote=following,
    )
