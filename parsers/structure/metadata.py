"""Plan metadata from the plan's own text: title, region (with level and parent) and years.

The title is the name the plan gives itself: "编制《…》（以下简称《规划》）", else the best of
the plan titles in the opening — cover lines printed without 《》 (a title may run over two
lines), headings, and 《…规划…》 quoted in the text — where a 矿产资源 plan beats any other
plan and the most specific region beats a broader one, so a county plan is not named after
the provincial notice or the upstream plan quoted before it (the earliest wins a tie).

The region is read from the start of the title (models.vocabulary.RegionVocabulary.
named_at_start): 新疆维吾尔自治区洛浦县 → 洛浦县, 楚雄州 → 楚雄彝族自治州.  The level word
the title prints (省、自治区、州、盟、地区、市、县、区、旗) says which level the plan is; a name
the vocabulary does not know, or one found only at a higher level than the title names,
leaves the region NULL and gives a warning.  Years come from the scope sentence
(以2020年为基期 / 规划基期为2020年, 目标年为2025年 / 2025年为目标年 / 规划至2025年,
规划期为2021—2025年 / 2021年至2025年为规划期, 展望到/展望至2035年), falling back on the
period printed in the title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from models.document import Paragraph, PlanMeta, RawDocument
from models.vocabulary import REGION_LEVELS, Region, regions
from parsers.read.base import DocumentError

_SELF_TITLE = re.compile(r"《([^《》]{4,80}?)》\s*[（(]\s*以下简称")
_QUOTED_TITLE = re.compile(r"《([^《》]*规划[^《》]*)》")
_PERIOD_TEXT = r"[（(]\s*\d{4}\s*[-—–~～至到]+\s*\d{4}\s*年?\s*[）)]"
_TITLE_LINE = re.compile(rf"^[^。，；：:！？《》]{{2,60}}规划(?:{_PERIOD_TEXT})?$")
_DRAFT = re.compile(r"[（(](?:征求意见|送审|报批|公示|审定|评审|修改)稿[）)]$")  # not part of the name
_PERIOD_LINE = re.compile(rf"^{_PERIOD_TEXT}$")
_NOT_A_PLAN = re.compile(r"关于|通知|批复|意见|办法|要点|纲要|印发")
_MAX_COVER_LINE = 40
_NOT_A_NAME = re.compile(r"[“”\"\s]|十[一二三四五六七八九]五|\d{4}\s*[-—–~～至到]+\s*\d{4}\s*年?")
_PLAN_WORDS = re.compile(r"矿产资源|矿产|国土空间|规划")  # where the region part of a title ends

_YEAR = r"\s*(\d{4})\s*年"
_IS = r"\s*(?:为|是|：|:)"
_BASE = re.compile(rf"以{_YEAR}\s*为\s*(?:规划)?(?:基期|基准)|(?:基期|基准年|基准期)(?:年)?{_IS}{_YEAR}")
_TARGET = re.compile(rf"目标年(?:份)?{_IS}{_YEAR}|{_YEAR}\s*为\s*(?:规划)?目标年|规划[至到]{_YEAR}")
_SPAN = r"(\d{4})\s*年?\s*[-—–~～至到]+\s*(\d{4})\s*年"
_PERIOD = re.compile(_SPAN)
_PLAN_PERIOD = re.compile(rf"规划期(?:限)?(?:{_IS})?\s*{_SPAN}|{_SPAN}\s*为\s*规划期")
_VISION = re.compile(rf"(?:展望|远景)\s*(?:期|年)?\s*(?:[到至]|为){_YEAR}")
_SCAN_PARAGRAPHS = 60  # the scope sentences sit in the preamble

# the level a title's region part names, from the level word it ends with (市 can be either)
_LEVEL_WORDS = (
    ("特别行政区", "province"),
    ("自治区", "province"),
    ("省", "province"),
    ("地区", "prefecture"),
    ("州", "prefecture"),
    ("盟", "prefecture"),
    ("县", "county"),
    ("旗", "county"),
    ("区", "county"),
)


@dataclass(frozen=True)
class _RegionReading:
    region: Region | None
    level: str | None
    parent: str | None
    warning: str | None


def read_metadata(doc: RawDocument) -> tuple[PlanMeta, list[str]]:
    """The plan's metadata, and warnings about it (a region that could not be resolved)."""
    texts = [b.text for b in doc.blocks[: _SCAN_PARAGRAPHS * 2] if isinstance(b, Paragraph)][
        :_SCAN_PARAGRAPHS
    ]
    head = "\n".join(texts)
    title = _title(texts, head)
    if title is None:
        raise DocumentError(doc.source.path, "no plan title (《…规划…》 or a title line) in the opening text")
    reading = _region(title)
    start, end = _period(title, head)
    meta = PlanMeta(
        title=title,
        region=reading.region.name if reading.region else None,
        region_code=reading.region.code if reading.region else None,
        region_level=reading.level,
        parent_region=reading.parent,
        base_year=_year(_BASE, head) or (start - 1 if start else None),
        target_year=_year(_TARGET, head) or end,
        vision_year=_year(_VISION, head),
    )
    return meta, [reading.warning] if reading.warning else []


def _period(title: str, head: str) -> tuple[int | None, int | None]:
    """First and last year of the plan period: as printed in the title, else in the scope sentence."""
    match = _PERIOD.search(title) or _PLAN_PERIOD.search(head)
    if match is None:
        return None, None
    first, last = (int(g) for g in match.groups() if g)
    return first, last


def _title(texts: list[str], head: str) -> str | None:
    own = _SELF_TITLE.search(head)
    if own:
        return own.group(1).strip()
    candidates = [*_title_lines(texts), *(m.group(1).strip() for m in _QUOTED_TITLE.finditer(head))]
    candidates = [c for c in candidates if not _NOT_A_PLAN.search(c)]
    if not candidates:
        return None
    return max(candidates, key=lambda c: ("矿产资源" in c, _specificity(c), -candidates.index(c)))


def _title_lines(texts: list[str]) -> list[str]:
    """Titles printed on lines of their own, a line and the next joined when the first is no title alone
    (spaces and a draft mark such as （征求意见稿） left out)."""
    lines = [_DRAFT.sub("", "".join(t.split())) for t in texts]
    found = []
    for i, line in enumerate(lines):
        if len(line) > _MAX_COVER_LINE:
            continue
        after = lines[i + 1] if i + 1 < len(lines) else ""
        joined = line + after if len(after) <= _MAX_COVER_LINE else ""
        if _TITLE_LINE.match(line) and _PERIOD_LINE.match(after):
            found.append(line + after)
        elif _TITLE_LINE.match(line):
            found.append(line)
        elif joined and "规划" not in line and _TITLE_LINE.match(joined):
            found.append(joined)
    return found


def _specificity(title: str) -> int:
    chain, _ = regions().named_at_start(title)
    return REGION_LEVELS.index(chain[-1].level) if chain else -1


def _region(title: str) -> _RegionReading:
    """The region a title names, its level and parent, or why it could not be resolved."""
    vocabulary = regions()
    chain, end = vocabulary.named_at_start(title)
    words = _PLAN_WORDS.search(title, end)
    printed = _NOT_A_NAME.sub("", title[: words.start()] if words else title[:end])
    named = _named_level(printed)
    found = chain[-1] if chain else None
    if found is not None and end >= len(printed) and named in (None, found.level):
        parents = vocabulary.ancestors(found)
        return _RegionReading(found, found.level, parents[0].name if parents else None, None)
    if not printed:
        return _RegionReading(None, None, None, "the title names no region")
    if found is None:
        return _RegionReading(None, named, None, f"region {printed!r} is not in the region vocabulary")
    above = found.name if named and _one_level_up(found.level, named) else None
    return _RegionReading(
        None,
        named,
        above,
        f"region {printed!r} found only as {found.name} ({found.level}), not as a {named or 'unit'}",
    )


def _named_level(printed: str) -> str | None:
    return next((level for word, level in _LEVEL_WORDS if printed.endswith(word)), None)


def _one_level_up(level: str, named: str) -> bool:
    return REGION_LEVELS.index(named) - REGION_LEVELS.index(level) == 1


def _year(pattern: re.Pattern[str], text: str) -> int | None:
    match = pattern.search(text)
    if not match:
        return None
    return int(next(g for g in match.groups() if g))
