"""Boxes cited in body text: "（专栏18）", "见表3-1", "附表2" resolved to the box of that label.

A citation is a caption word of the plan's own box labels (专栏, 表, 附表, or a word a reading
profile added: whatever its captions print before the number) and a number of one or more parts
(18, 3-1, 3.1), compared with each label as printed less spaces, with any separator of the parts
read as "-".  So a plan captioned 表N is compared like one captioned 专栏N, and a word a plan does
not caption with cites nothing: 表3 in a plan of 专栏 boxes is no citation.  "表" right after 代, 发,
列, 报 or 图 (代表3家, 图表2) is part of a word, not a caption.  Boxes without a label (numbered by
position) cannot be cited.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from parsers.words.text import LABEL_PARTS, MAX_BOX_DIGITS, compact
from pipeline.compare.data import PlanData, Record

_PART = rf"\d{{1,{MAX_BOX_DIGITS}}}"
_NUMBER = rf"{_PART}(?:{LABEL_PARTS.pattern}{_PART})*(?!\d)"  # a number too long for a box cites none
_NOT_A_CAPTION_BEFORE_表 = "代发列报图"  # 代表, 发表, 列表, 报表, 图表: words, not captions


@dataclass(frozen=True)
class Citation:
    box: Record  # BoxRow's columns
    start: int  # where the citation starts in the text


@dataclass(frozen=True)
class _Labels:
    words: tuple[str, ...]  # the caption words of the plan's labels, longest first
    pattern: re.Pattern[str] | None  # a citation in text; None when no box has a label
    boxes: dict[str, Record]  # normalized label → its first box


def cites_a_box(data: PlanData, text: str | None) -> bool:
    """Whether the text may cite a box: it holds a caption word of the plan (a quick test before
    `citations`)."""
    return bool(text) and any(word in text for word in _labels(data).words)  # type: ignore[operator]


def citations(data: PlanData, text: str) -> list[Citation]:
    """The boxes the text cites, in order of printing (a box cited twice, twice)."""
    labels = _labels(data)
    if labels.pattern is None:
        return []
    found = []
    for match in labels.pattern.finditer(text):
        box = labels.boxes.get(_normalized(match.group(0)))
        if box is not None:
            found.append(Citation(box, match.start()))
    return found


def _labels(data: PlanData) -> _Labels:
    """The plan's labels and their citation pattern (derived once per plan)."""
    return data.derived(("citations", None), lambda: _plan_labels(data))


def _plan_labels(data: PlanData) -> _Labels:
    boxes: dict[str, Record] = {}
    for box in data.boxes.values():
        if box.label:
            boxes.setdefault(_normalized(box.label), box)
    words = {match.group(0) for label in boxes if (match := re.match(r"\D+", label))}
    ordered = tuple(sorted(words, key=lambda word: (-len(word), word)))
    return _Labels(ordered, _pattern(ordered) if ordered else None, boxes)


def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(
        rf"(?<![{_NOT_A_CAPTION_BEFORE_表}])表" if word == "表" else re.escape(word) for word in words
    )
    return re.compile(rf"(?:{alternatives})\s*{_NUMBER}")


def _normalized(label: str) -> str:
    """A label or citation as compared: full-width digits as ASCII, no spaces, parts joined by "-"."""
    return LABEL_PARTS.sub("-", compact(unicodedata.normalize("NFKC", label)))
