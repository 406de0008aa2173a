"""text_table_mismatch: a count or an area stated in the text that cites a box, against the box.

A sentence of body text that cites a box ("共设置…勘查规划区块共445个（专栏18）", "见表3-1":
pipeline/compare/citations.py) is checked against the figures of that box: block and rights
totals (the printed total row, else the sum), the number of zones (of one zone type when the sentence names
it after the number), the number of projects, and the areas.  The sentence agrees
when any of its counts equals one of the box's figures (a breakdown such as
"350个，其中…63个" names the part the box lists); areas agree within the rounding of
the printed numbers.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from models.codes import FindingKind
from parsers.words.lexicon import indicator_word, zone_type_of
from pipeline.compare.citations import citations, cites_a_box
from pipeline.compare.data import PlanData
from pipeline.compare.model import Finding, Place, fmt
from pipeline.compare.prose import noun_before
from pipeline.compare.rounding import decimals

_SENTENCE = re.compile(r"[^。！？\n]+")
_NUMBER = re.compile(r"(?<![\d.\-～~—])(\d+(?:\.\d+)?)\s*([^\d\s，。；、（）]{1,4})")
_NOUN = re.compile(
    r"[^\d，。；、（）()：:,;]{0,12}"
)  # the words after a number, up to punctuation or a number


@dataclass
class BoxFigures:
    counts: set[int] = field(default_factory=set)
    areas: list[tuple[float, list[str | None]]] = field(default_factory=list)  # (area, printed parts)
    counts_by_type: dict[str, int] = field(default_factory=dict)


def text_table_findings(data: PlanData) -> Iterator[Finding]:
    figures: dict[int, BoxFigures] | None = None  # read from the records once a sentence cites a box
    for section in data.sections:
        if not cites_a_box(data, section.text):
            continue
        for sentence in _SENTENCE.findall(section.text or ""):
            for box_id in dict.fromkeys(c.box.box_id for c in citations(data, sentence)):
                figures = box_figures(data) if figures is None else figures
                if box_id in figures:
                    yield from _check(data, box_id, sentence, figures[box_id])


def box_figures(data: PlanData) -> dict[int, BoxFigures]:
    """Each box's counts and areas from its records (derived once per plan: two rules read them)."""
    return data.derived(("box_figures", None), lambda: _box_figures(data))


def _box_figures(data: PlanData) -> dict[int, BoxFigures]:
    figures: dict[int, BoxFigures] = defaultdict(BoxFigures)
    for rows in (data.blocks, data.rights):
        groups: dict[tuple, list] = defaultdict(list)
        for r in rows:
            groups[(r.box_id, getattr(r, "status", None), getattr(r, "region", None))].append(r)
        for (box_id, _, region), group in groups.items():
            if region is None:
                _add_group(figures[box_id], group)
    for z in data.zones:
        f = figures[z.box_id]
        f.counts_by_type[z.zone_type] = f.counts_by_type.get(z.zone_type, 0) + 1
    for f in figures.values():
        if f.counts_by_type:
            f.counts.add(sum(f.counts_by_type.values()))
    zone_areas: dict[int, list] = defaultdict(list)
    for z in data.zones:
        if z.area_km2 is not None:
            zone_areas[z.box_id].append(z)
    for box_id, zones in zone_areas.items():
        figures[box_id].areas.append((sum(z.area_km2 for z in zones), [z.area_text for z in zones]))
    return figures


def _add_group(f: BoxFigures, group: list) -> None:
    totals = [r for r in group if r.is_total and r.mineral is None]
    parts = [r for r in group if not r.is_total]
    source = totals[-1:] or parts
    counts = [r.count for r in source if r.count is not None]
    if counts:
        f.counts.add(sum(counts))
    areas = [r for r in source if r.area_km2 is not None]
    if areas:
        f.areas.append((sum(r.area_km2 for r in areas), [r.area_text for r in areas]))


def _check(data: PlanData, box_id: int, sentence: str, f: BoxFigures) -> Iterator[Finding]:
    counts, areas, typed = [], [], []
    first_noun = ""
    for m in _NUMBER.finditer(sentence):
        value, word = m.group(1), m.group(2)
        if indicator_word("count_word", word[:1]) and "." not in value:
            counts.append(int(value))
            first_noun = first_noun or noun_before(sentence, m.start())
            noun = _NOUN.match(sentence, m.end())
            zone_type = zone_type_of(noun.group(0)) if noun else None
            if noun and zone_type in f.counts_by_type:
                typed.append((int(value), zone_type, noun.group(0)))
        elif indicator_word("area_word", word):
            areas.append(value)
    for value, zone_type, printed in typed:
        if value != f.counts_by_type[zone_type]:
            yield _finding(data, box_id, sentence, printed, f.counts_by_type[zone_type], value)
    if counts and not typed and f.counts and not f.counts & set(counts):
        yield _finding(data, box_id, sentence, first_noun or "count", max(f.counts), counts[0])
    for text in areas:
        stated = float(text)
        if f.areas and not any(area_agrees(stated, text, area, parts) for area, parts in f.areas):
            yield _finding(data, box_id, sentence, "面积", f.areas[0][0], stated)


def area_agrees(stated: float, stated_text: str, area: float, parts: list[str | None]) -> bool:
    """Within the rounding of the stated figure, or of the printed parts summed."""
    finest = max((decimals(p) for p in parts), default=0)
    tolerance = max(0.5 * 10.0 ** -decimals(stated_text), (len(parts) + 1) * 0.5 * 10.0**-finest)
    return abs(stated - area) <= tolerance + 1e-9


def _finding(data: PlanData, box_id: int, sentence: str, what: str, table: float, text: float) -> Finding:
    return Finding(
        kind=FindingKind.TEXT_TABLE_MISMATCH,
        subject=what,
        expected=fmt(table),
        actual=fmt(text),
        message=f"the text says {what} {fmt(text)}, {data.box_name(box_id)} gives {fmt(table)}",
        place=Place(data.plan.plan_id, box_id, None),
        other=Place(data.plan.plan_id),
        other_quote=sentence.strip(),
    )
