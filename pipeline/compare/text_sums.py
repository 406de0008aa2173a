"""text_sum_mismatch: a sentence whose parts do not add up to the total it states.

Two shapes of breakdown are read from body text:

* a bracket right after a count, listing two or more counts ("77家（生产42家，筹建1家、
  停产34个）"): the parts must make the total exactly; a bracket opening with 其中
  names parts of it, which may not exceed it;
* a 其中 list outside brackets ("其中金属矿山9家，非金属矿山81家；煤矿1家；水气矿山2家"), up to the
  sentence end or a nested breakdown (分布于, 其中, 包括): the counts printed with one
  measure word are parts of the nearest count before 其中 with that word in the
  paragraph ("有效采矿权77家"; for a second 其中 list in one sentence, the count before
  the first), and may not exceed it (a 其中 list need not be complete).
"""

from __future__ import annotations

from collections.abc import Iterator

from models.codes import FindingKind
from pipeline.compare.data import PlanData
from pipeline.compare.model import Finding, Place, fmt
from pipeline.compare.prose import (
    Figure,
    closing,
    depths,
    figures,
    section_paragraphs,
    sentence_around,
    sentence_end,
)

_AMONG = "其中"
_NESTED = ("分布", "其中", "包括")
_FIGURES_OF_A_SUM = 3  # a total and two parts: a paragraph with fewer figures states no sum


def text_sum_findings(data: PlanData) -> Iterator[Finding]:
    for _, _, paragraph in section_paragraphs(data):
        found = figures(paragraph)
        if len(found) < _FIGURES_OF_A_SUM:
            continue
        yield from _bracket_lists(data, paragraph, found)
        yield from _among_lists(data, paragraph, found)


def _bracket_lists(data: PlanData, paragraph: str, found: tuple[Figure, ...]) -> Iterator[Finding]:
    for total in found:
        if total.kind != "count" or paragraph[total.end : total.end + 1] not in ("（", "("):
            continue
        end = closing(paragraph, total.end)
        parts = [f for f in found if total.end < f.start < end and f.depth == total.depth + 1]
        parts = [f for f in parts if f.kind == "count"]
        if len(parts) < 2:
            continue
        among = paragraph[total.end + 1 : total.end + 3] == _AMONG
        added = sum(p.value for p in parts)
        if added > total.value or (not among and added != total.value):
            yield _finding(data, paragraph, total, parts)


def _among_lists(data: PlanData, paragraph: str, found: tuple[Figure, ...]) -> Iterator[Finding]:
    depth = depths(paragraph)
    starts = [i for i in _occurrences(paragraph, _AMONG) if depth[i] == 0]
    for previous, start in zip([None, *starts], starts, strict=False):
        # a 其中 list inside an earlier one of the same sentence is of that one's total, not of its parts
        same_sentence = previous is not None and sentence_end(paragraph, previous) > start
        yield from _among_list(data, paragraph, found, start, previous if same_sentence else None)


def _occurrences(text: str, word: str) -> list[int]:
    out, i = [], text.find(word)
    while i >= 0:
        out.append(i)
        i = text.find(word, i + 1)
    return out


def _among_list(
    data: PlanData, paragraph: str, found: tuple[Figure, ...], start: int, outer: int | None
) -> Iterator[Finding]:
    after = start + len(_AMONG)
    end = sentence_end(paragraph, after)
    nested = [i for word in _NESTED if (i := paragraph.find(word, after, end)) >= 0]
    end = min([end, *nested])
    parts = [f for f in found if after <= f.start < end and f.depth == 0 and f.kind == "count"]
    words = {p.word for p in parts}
    if len(parts) < 2 or len(words) != 1:
        return
    limit = start if outer is None else outer
    before = [f for f in found if f.end <= limit and f.depth == 0 and f.word in words]
    if before and sum(p.value for p in parts) > before[-1].value:
        yield _finding(data, paragraph, before[-1], parts)


def _finding(data: PlanData, paragraph: str, total: Figure, parts: list[Figure]) -> Finding:
    added = sum(p.value for p in parts)
    listed = " + ".join(f"{p.text}{p.word}" for p in parts)
    total_sentence = sentence_around(paragraph, total.start)
    parts_sentence = sentence_around(paragraph, parts[0].start)
    return Finding(
        kind=FindingKind.TEXT_SUM_MISMATCH,
        subject=total.noun or total.word,
        expected=fmt(added),
        actual=total.text,
        message=f"the text states {total.noun}{total.text}{total.word} and lists parts "
        f"{listed} = {fmt(added)}{total.word}",
        place=Place(data.plan.plan_id),
        other=Place(data.plan.plan_id),
        quote=total_sentence,
        other_quote=None if parts_sentence == total_sentence else parts_sentence,
    )
