"""zone_link: the same zone printed in two plans (a county and its prefecture, or two sibling plans).

Methods, tried in order for each pair of zones of related plans (same plan period):

* code: both plans print the same code (KZ048);
* name: the names agree once the names of their province's regions (新疆, 和田地区, 洛浦县, 洛浦 …), bracketed
  qualifiers (（和田境内）, （背斜）) and punctuation are removed;
* fuzzy: character-bigram similarity of those normalized names, with the same zone
  type, raised by shared minerals and by areas within 5% — a score of at least 0.6.

Each zone keeps its best link per other plan.  The area difference is this zone's
area minus the other's.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import combinations
from typing import Protocol, TypeVar

from models.orm import ZoneRow
from models.vocabulary import regions
from parsers.words.lexicon import zone_words
from pipeline.compare.data import PlanData

_BRACKETS = re.compile(r"[（(][^）)]*[）)]")
_PUNCTUATION = re.compile(r"[\s、，,；;：:。·\-—－–~～/／]")
_FUZZY_MIN = 0.6
_AREA_TOLERANCE = 0.05
_NAME_WEIGHT, _MINERAL_WEIGHT, _AREA_WEIGHT = 0.6, 0.2, 0.2  # of a fuzzy score
# The least name similarity a fuzzy link can have (all minerals shared, areas agreeing): 1/3, less a
# hair so that a similarity of exactly 1/3 keeps its candidates whatever the rounding.
_LEAST_SIMILARITY = (_FUZZY_MIN - _MINERAL_WEIGHT - _AREA_WEIGHT) / _NAME_WEIGHT - 1e-9


@dataclass(frozen=True)
class Link:
    zone: ZoneRow
    other: ZoneRow
    method: str
    score: float

    @property
    def area_diff(self) -> float | None:
        if self.zone.area_km2 is None or self.other.area_km2 is None:
            return None
        return round(self.zone.area_km2 - self.other.area_km2, 6)


class Kin(Protocol):
    """What related_pairs reads of a plan (a Plan, or a row of just these columns)."""

    @property
    def plan_id(self) -> int: ...
    @property
    def region(self) -> str | None: ...
    @property
    def parent_region(self) -> str | None: ...
    @property
    def target_year(self) -> int | None: ...


K = TypeVar("K", bound=Kin)


def related_pairs(plans: Iterable[K]) -> Iterator[tuple[K, K, str]]:
    """(lower plan, other plan, relation) for every county/prefecture and sibling pair of one plan period.

    Plans are grouped by region and by parent region, so the work grows with the
    number of related pairs, not with the square of the plans in the database.
    Whether two plans are related depends on those two alone (their regions and
    period), which the incremental comparison relies on (pipeline/compare/run.py).
    """
    ordered = sorted((p for p in plans if p.region), key=lambda p: p.plan_id)
    by_region: dict[tuple[str | None, int | None], list[K]] = defaultdict(list)
    by_parent: dict[tuple[str | None, int | None], list[K]] = defaultdict(list)
    for plan in ordered:
        by_region[plan.region, plan.target_year].append(plan)
        if plan.parent_region:
            by_parent[plan.parent_region, plan.target_year].append(plan)
    for plan in ordered:
        for parent in by_region.get((plan.parent_region, plan.target_year), []):
            yield plan, parent, "parent"
    for siblings in by_parent.values():
        for a, b in combinations(siblings, 2):
            if a.region != b.region:
                yield a, b, "sibling"


def zone_links(a: PlanData, b: PlanData) -> list[Link]:
    """Each zone of a's best link to a zone of b (the first of b's zones on a tie)."""
    province = _province_code(a)  # both plans' zone names lose the region names of a's province
    others = zone_facts(b, province)
    index = _candidate_index(b, province)
    links = []
    for zone in zone_facts(a, province):
        best: Link | None = None
        for i in sorted({i for key in zone.keys for i in index.get(key, ())}):
            link = _link(zone, others[i])
            if link is not None and (best is None or link.score > best.score):
                best = link
        if best is not None:
            links.append(best)
    return links


@dataclass(frozen=True)
class ZoneFacts:
    """What linking reads of a zone, derived once per plan (and province) in a comparison group."""

    row: ZoneRow
    name: str  # normalized: normalize_name
    bigrams: frozenset[str]  # of the normalized name
    minerals: frozenset[str]
    # by code, by normalized name and by (zone type, name bigram) of the name's prefix (_prefix): the
    # only keys `_link` can link on, since a fuzzy link needs the same zone type and a name similarity
    # of at least _LEAST_SIMILARITY
    keys: tuple[tuple[object, ...], ...]


def zone_facts(data: PlanData, province: str | None) -> list[ZoneFacts]:
    """The plan's zones as linking reads them, in their order (derived once per plan and province)."""
    return data.derived(("zone_facts", province), lambda: [_facts(data, z, province) for z in data.zones])


def _facts(data: PlanData, zone: ZoneRow, province: str | None) -> ZoneFacts:
    name = normalize_name(zone.name, province)
    keys: list[tuple[object, ...]] = [("code", zone.code)] if zone.code else []
    if name:
        keys.append(("name", name))
    bigrams = _bigrams(name)
    keys.extend(("fuzzy", zone.zone_type, bigram) for bigram in _prefix(bigrams))
    minerals = frozenset(m.mineral or m.mineral_text for m in data.zone_minerals.get(zone.zone_id, []))
    return ZoneFacts(zone, name, bigrams, minerals, tuple(keys))


def _prefix(bigrams: frozenset[str]) -> list[str]:
    """The first bigrams that two names of similarity _LEAST_SIMILARITY or more always share one of
    (prefix filtering: a name of n bigrams shares at least ⌈t·n⌉ with any name that similar, so one of
    its first n - ⌈t·n⌉ + 1 in any one order).  The order puts the bigrams of zone-type words
    (集中开采区, 重点勘查区 …), which most names share, last: three quarters of the candidates a shared
    bigram gives are less similar than that."""
    common = _zone_type_bigrams()
    ordered = sorted(bigrams, key=lambda bigram: (bigram in common, bigram))
    return ordered[: len(bigrams) - math.ceil(_LEAST_SIMILARITY * len(bigrams)) + 1]


@cache
def _zone_type_bigrams() -> frozenset[str]:
    return frozenset(b for _, words in zone_words("zone_type") for word in words for b in _bigrams(word))


def _candidate_index(data: PlanData, province: str | None) -> dict[tuple[object, ...], list[int]]:
    """The positions of the plan's zones by each of their keys (derived once per plan and province: a
    prefecture plan is the other plan of every county's pair)."""

    def build() -> dict[tuple[object, ...], list[int]]:
        index: dict[tuple[object, ...], list[int]] = defaultdict(list)
        for i, zone in enumerate(zone_facts(data, province)):
            for key in zone.keys:
                index[key].append(i)
        return index

    return data.derived(("zone_index", province), build)


def _link(zone: ZoneFacts, other: ZoneFacts) -> Link | None:
    a, b = zone.row, other.row
    if a.code and b.code and a.code == b.code:
        return Link(a, b, "code", 1.0)
    if zone.name and zone.name == other.name:
        return Link(a, b, "name", 1.0)
    if a.zone_type != b.zone_type:
        return None
    score = _NAME_WEIGHT * _overlap(zone.bigrams, other.bigrams)
    score += _MINERAL_WEIGHT * _overlap(zone.minerals, other.minerals) + _AREA_WEIGHT * _area_agreement(a, b)
    return Link(a, b, "fuzzy", round(score, 3)) if score >= _FUZZY_MIN else None


def _province_code(data: PlanData) -> str | None:
    """The code of the province a plan is in (related plans share it), None when its region is unknown."""
    vocabulary = regions()
    plan = data.plan
    region = vocabulary.by_code(plan.region_code) if plan.region_code else vocabulary.get(plan.region or "")
    if region is None:
        return None
    return next((r.code for r in (region, *vocabulary.ancestors(region)) if r.level == "province"), None)


def _region_words(province_code: str | None) -> tuple[str, ...]:
    """Names and short names of the regions of a province; none when it is unknown (the names of all
    China would strip common words from zone names: 辛集, 矿区).  Longest first, and words of one length
    in a fixed order: removing one can break another of its length (set order, which changes with each
    process's string hashing, gave different links from run to run)."""
    return _words_by_province().get(province_code or "", ())


@cache
def _words_by_province() -> dict[str, tuple[str, ...]]:
    """`_region_words` of every province, by its code, from one pass over the regions (one pass for each
    province took 0.20 s of CPU for the 34, paid again by every comparison worker)."""
    vocabulary = regions()
    words: dict[str, set[str]] = defaultdict(set)
    for region in vocabulary.all():
        for province in (r for r in (region, *vocabulary.ancestors(region)) if r.level == "province"):
            words[province.code].add(region.name)
            words[province.code].update(region.short_names)
    return {code: tuple(sorted(found, key=lambda word: (-len(word), word))) for code, found in words.items()}


@lru_cache(maxsize=1 << 16)  # once per name, not once per pair of zones
def normalize_name(name: str, province_code: str | None = None) -> str:
    """The name without brackets, punctuation and its province's region words, removed one after another
    in `_region_words` order.  Only the words whose first character is in the name are tried: removing
    words takes characters away and adds none, so no other word can ever occur (a province has hundreds
    of words, a name a dozen characters)."""
    text = _PUNCTUATION.sub("", _BRACKETS.sub("", name))
    by_first = _words_by_first_character(province_code)
    for _, word in sorted(found for character in set(text) for found in by_first.get(character, ())):
        text = text.replace(word, "")
    return text


@cache
def _words_by_first_character(province_code: str | None) -> dict[str, list[tuple[int, str]]]:
    """The province's region words by their first character, each with its place in `_region_words`."""
    index: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for place, word in enumerate(_region_words(province_code)):
        if word:
            index[word[0]].append((place, word))
    return index


def _bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two sets, 0 when either is empty."""
    return len(a & b) / len(a | b) if a and b else 0.0


def _area_agreement(zone: ZoneRow, other: ZoneRow) -> float:
    if not zone.area_km2 or not other.area_km2:
        return 0.0
    return (
        1.0
        if abs(zone.area_km2 - other.area_km2) <= _AREA_TOLERANCE * max(zone.area_km2, other.area_km2)
        else 0.0
    )
