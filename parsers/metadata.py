"""Plan metadata from the plan's own text: title, region (with level and parent) and years.

The title is the book-titled name the plan gives itself ("编制《…》（以下简称《规划》）"),
else the first 《…规划…》 in the text.  The region is the most specific
administrative unit named in the title.  Years come from the scope sentence
("以2020年为基期", "目标年为2025年" / "规划至2025年" / "2021年至2025年为规划期",
"展望到2035年"), falling back on the period printed in the title.
"""

from __future__ import annotations

import re

from models.document import Paragraph, PlanMeta, RawDocument
from models.vocabulary import regions
from parsers.base import DocumentError

_SELF_TITLE = re.compile(r"《([^《》]{4,80}?)》\s*[（(]\s*以下简称")
_ANY_TITLE = re.compile(r"《([^《》]*规划[^《》]*)》")
_BASE = re.compile(r"以\s*(\d{4})\s*年\s*为\s*(?:基期|基准)")
_TARGET = re.compile(
    r"(?:目标年为|规划至|规划到)\s*(\d{4})\s*年|(?:\d{4})\s*年\s*至\s*(\d{4})\s*年\s*为\s*规划期"
)
_VISION = re.compile(r"展望\s*[到至]\s*(\d{4})\s*年")
_PERIOD = re.compile(r"(\d{4})\s*[-—–~～至]+\s*(\d{4})\s*年")
_SCAN_PARAGRAPHS = 60  # the scope sentences sit in the preamble


def read_metadata(doc: RawDocument) -> PlanMeta:
    texts = [b.text for b in doc.blocks[: _SCAN_PARAGRAPHS * 2] if isinstance(b, Paragraph)][
        :_SCAN_PARAGRAPHS
    ]
    head = "\n".join(texts)
    title = _title(head)
    if title is None:
        raise DocumentError(doc.source.path, "no plan title (《…规划…》) in the opening text")
    region = regions().find_in(title)
    period = _PERIOD.search(title)
    base = _year(_BASE, head) or (int(period.group(1)) - 1 if period else None)
    target = _year(_TARGET, head) or (int(period.group(2)) if period else None)
    return PlanMeta(
        title=title,
        region=region.name if region else None,
        region_level=region.level if region else None,
        parent_region=region.parent if region else None,
        base_year=base,
        target_year=target,
        vision_year=_year(_VISION, head),
    )


def _title(text: str) -> str | None:
    match = _SELF_TITLE.search(text) or _ANY_TITLE.search(text)
    return match.group(1).strip() if match else None


def _year(pattern: re.Pattern[str], text: str) -> int | None:
    match = pattern.search(text)
    if not match:
        return None
    return int(next(g for g in match.groups() if g))
