"""zone_links looks only at blocked candidate zones (same code, same normalized name, or same zone
type and a shared name bigram): it must give exactly the links of trying every pair of zones."""

from __future__ import annotations

import os
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from models.orm import Plan, ZoneRow
from models.vocabulary import regions
from pipeline.compare import data
from pipeline.compare.data import PlanData
from pipeline.compare.links import (
    _BRACKETS,
    _PUNCTUATION,
    Link,
    _link,
    _prefix,
    _province_code,
    _region_words,
    normalize_name,
    related_pairs,
    zone_facts,
    zone_links,
)


def _every_pair(a: PlanData, b: PlanData) -> list[Link]:
    """The links as zone_links gave them before blocking: every zone of a against every zone of b."""
    links, province = [], _province_code(a)
    others = zone_facts(b, province)
    for zone in zone_facts(a, province):
        candidates = [c for c in (_link(zone, other) for other in others) if c is not None]
        best = max(candidates, key=lambda c: c.score, default=None)
        if best is not None:
            links.append(best)
    return links


def _key(links: list[Link]) -> list[tuple[int, int, str, float]]:
    return [(link.zone.zone_id, link.other.zone_id, link.method, link.score) for link in links]


def test_blocked_links_are_the_links_of_every_pair(sqlite_db: Engine) -> None:
    with Session(sqlite_db) as session:
        plans = data.load(session, session.scalars(select(Plan).where(Plan.is_latest)))
        pairs = [
            (plans[a.plan_id], plans[b.plan_id]) for a, b, _ in related_pairs(p.plan for p in plans.values())
        ]
        assert pairs
        found = [_key(zone_links(a, b)) for a, b in pairs]
        assert found == [_key(_every_pair(a, b)) for a, b in pairs]
        assert any(found)


def _zone(zone_id: int, name: str, zone_type: str | None, code: str | None = None) -> ZoneRow:
    fields = {"box_id": 1, "row": zone_id, "area_km2": 1.0}  # equal areas: +0.2 to a fuzzy score
    return ZoneRow(zone_id=zone_id, plan_id=zone_id, name=name, zone_type=zone_type, code=code, **fields)


def _plan(*zones: ZoneRow) -> PlanData:
    """A plan of no known region holding the zones."""
    return PlanData(
        plan=Plan(region=None, region_code=None), boxes={}, sections=[], zones=list(zones), zone_minerals={}
    )


def test_codes_and_names_link_across_zone_types_fuzzy_names_only_within_one() -> None:
    a = _plan(
        _zone(1, "甲乙丙丁重点勘查区", "key_exploration", code="KZ01"),
        _zone(2, "戊己庚辛集中开采区", "concentrated_mining"),
        _zone(3, "戊己庚辛集中开采区", "key_exploration"),
    )
    b = _plan(
        _zone(11, "另一个名字", None, code="KZ01"),
        _zone(12, "戊己庚辛壬集中开采区", "concentrated_mining"),
        _zone(13, "子丑寅卯", "key_exploration"),
    )
    links = zone_links(a, b)
    assert _key(links) == _key(_every_pair(a, b))
    assert [(link.zone.zone_id, link.other.zone_id, link.method) for link in links] == [
        (1, 11, "code"),
        (2, 12, "fuzzy"),
    ]


def test_region_words_are_removed_in_the_same_order_in_every_process() -> None:
    """Zone names lose their province's region names in one order whatever the process's string hashing
    (set order gave other links from run to run)."""
    script = "from pipeline.compare.links import _region_words; print('|'.join(_region_words('650000')))"
    orders = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(orders) == 1 and "和田地区" in orders.pop()


_BIGRAMS = st.sets(
    st.sampled_from(["集中", "中开", "开采", "采区", "重点", "勘查", "查区", *"甲乙丙丁戊己庚辛壬癸"])
)


@settings(max_examples=300, deadline=None)
@given(_BIGRAMS, _BIGRAMS, _BIGRAMS)
def test_names_similar_enough_to_link_share_a_bigram_of_their_prefixes(
    shared: set[str], only_a: set[str], only_b: set[str]
) -> None:
    """Two names whose bigram similarity reaches the least a fuzzy link needs (1/3) share a bigram of
    their prefixes (zone-type bigrams such as 开采 among them), so blocking on the prefix loses no link."""
    a, b = frozenset(shared | only_a), frozenset(shared | (only_b - only_a))
    if not a or not b or len(a & b) * 3 < len(a | b):
        return  # less similar than any fuzzy link
    assert set(_prefix(a)) & set(_prefix(b))


def test_region_words_are_the_names_of_the_regions_within_the_province_longest_first() -> None:
    """Each province's words (one pass over the regions for all provinces) are the names and short
    names of exactly the regions it encloses, itself included; an unknown province has none."""
    vocabulary = regions()
    xinjiang = vocabulary.by_code("650000")
    assert xinjiang is not None
    within = [r for r in vocabulary.all() if xinjiang in (r, *vocabulary.ancestors(r))]
    expected = {word for r in within for word in (r.name, *r.short_names)}
    words = _region_words("650000")
    assert set(words) == expected and {"洛浦县", "和田地区", "喀什地区"} <= expected
    assert [len(w) for w in words] == sorted((len(w) for w in words), reverse=True)
    assert "北京市" not in words and _region_words(None) == () and _region_words("999999") == ()


_XINJIANG_WORDS = _region_words("650000")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(_XINJIANG_WORDS),
            st.sampled_from(_XINJIANG_WORDS).map(lambda word: word[: len(word) // 2]),
            st.sampled_from(_XINJIANG_WORDS).map(lambda word: word[len(word) // 2 :]),
            st.sampled_from(["矿区", "集中开采区", "（一）", "、", " ", "铁", "区", "县"]),
        ),
        max_size=8,
    )
)
def test_a_name_loses_its_province_words_as_if_every_word_were_removed_in_turn(pieces: list[str]) -> None:
    """normalize_name tries only the words whose first character the name holds: the same text as
    removing every one of the province's words in turn (a removal can join two pieces into a word)."""
    name = "".join(pieces)
    text = _PUNCTUATION.sub("", _BRACKETS.sub("", name))
    for word in _XINJIANG_WORDS:
        text = text.replace(word, "")
    assert normalize_name.__wrapped__(name, "650000") == text
