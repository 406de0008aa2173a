"""The mineral and region vocabularies: canonical names, printed variants and the region tree.

Both word lists are data (``models/vocab/minerals.csv`` and ``regions.csv``); this module
only loads them once per process into frozen records and answers look-ups:

* :class:`MineralVocabulary` maps a printed mineral name (``铁矿``, ``灰岩``, ``金（岩金）``)
  to its canonical name from 矿产资源分类细目 (``铁``, ``石灰岩``, ``金``).
* :class:`RegionVocabulary` resolves a printed region name, full or short, to the
  administrative unit; a short name is read within a parent (in 和田地区, ``和田`` is 和田县).

A reading profile may add printed names for one plan: :func:`extended` applies them, for
the current thread or task only, to what :func:`minerals` and :func:`regions` return.

Plain standard library only: no database, no tokenizer.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from pathlib import Path

VOCAB_DIR = Path(__file__).with_name("vocab")
MINERAL_CATEGORIES = ("energy", "metal", "nonmetal", "water_gas", "gem")
REGION_LEVELS = ("national", "province", "prefecture", "county")  # broadest first

_LEVEL_WORDS = frozenset("省市州盟县区旗")
_BRACKETED = re.compile(r"\([^()]*\)")
_EDGE_PUNCTUATION = ",;:.、。"


@dataclass(frozen=True)
class Mineral:
    name: str  # canonical name
    category: str  # one of MINERAL_CATEGORIES
    aliases: tuple[str, ...]  # printed variants that mean this mineral


@dataclass(frozen=True)
class Region:
    name: str  # full official name
    level: str  # one of REGION_LEVELS
    parent: str | None  # full name of the enclosing region
    code: str | None  # GB/T 2260 six-digit code (100000 for the country)
    short_names: tuple[str, ...]  # as plans print them: 楚雄州, 楚雄, 巴州, 塔县, 洛浦
    kind: str = ""  # the level word of the full name: 省, 自治区, 地区, 自治州, 市, 县, 自治县, 旗, 区 …
    parent_code: str | None = None
    former_names: tuple[str, ...] = ()  # names before a rename or re-making (库车县 for 库车市)


def normalize(text: str) -> str:
    """Compatibility forms folded (full-width brackets and letters to ASCII), whitespace removed."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def _split_list(field: str | None) -> tuple[str, ...]:
    return tuple(item for item in (field or "").split("|") if item)


def _read_csv(name: str) -> list[dict[str, str]]:
    with (VOCAB_DIR / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


class MineralVocabulary:
    """Canonical minerals with their printed variants, and words that only look like minerals."""

    def __init__(self, minerals: Iterable[Mineral], false_friends: Iterable[str] = ()) -> None:
        self._minerals = tuple(minerals)
        self._by_name = {m.name: m for m in self._minerals}
        self._false_friends = tuple(false_friends)
        self._index: dict[str, str] = {}
        for mineral in self._minerals:
            self._check_category(mineral)
            for word in (mineral.name, *mineral.aliases):
                self._add(normalize(word), mineral.name)
        clashes = set(self._false_friends) & set(self.words())
        if clashes:
            raise ValueError(f"false friends that are also mineral words: {sorted(clashes)}")

    @staticmethod
    def _check_category(mineral: Mineral) -> None:
        if mineral.category not in MINERAL_CATEGORIES:
            raise ValueError(f"mineral {mineral.name!r}: unknown category {mineral.category!r}")

    def _add(self, key: str, name: str) -> None:
        if self._index.setdefault(key, name) != name:
            raise ValueError(f"{key!r} names both {self._index[key]!r} and {name!r}")

    def with_aliases(self, aliases: Mapping[str, str]) -> MineralVocabulary:
        """This vocabulary with more printed variants (printed → canonical name); ValueError when unknown."""
        added = _grouped(aliases, self._by_name, "canonical mineral names")
        return MineralVocabulary(
            (replace(m, aliases=(*m.aliases, *added.get(m.name, ()))) for m in self._minerals),
            self._false_friends,
        )

    def all(self) -> list[Mineral]:
        return list(self._minerals)

    def get(self, name: str) -> Mineral | None:
        """The mineral whose canonical name is ``name`` (aliases are not looked at)."""
        return self._by_name.get(name)

    def canonical(self, text: str) -> str | None:
        """Canonical name of a printed name: exact name or alias, else the same without brackets.

        ``萤石（普通）`` and ``金（岩金）（地下开采/露天开采）`` resolve by dropping the
        bracketed qualifiers; a list such as ``铜、铅`` or an unknown word gives None.
        """
        key = normalize(text).strip(_EDGE_PUNCTUATION)
        return self._index.get(key) or self._index.get(_BRACKETED.sub("", key))

    def words(self) -> tuple[str, ...]:
        """Every canonical name and alias, in file order."""
        return tuple(word for m in self._minerals for word in (m.name, *m.aliases))

    def false_friends(self) -> tuple[str, ...]:
        """Words that contain a mineral name without naming a mineral (金属, 铁路, 砂岩型)."""
        return self._false_friends


class RegionVocabulary:
    """Administrative regions as a tree, looked up by full, short or former name within a scope."""

    def __init__(self, regions: Iterable[Region]) -> None:
        self._regions = tuple(regions)
        self._by_code = {r.code: r for r in self._regions if r.code}
        self._by_name: dict[str, list[Region]] = {}
        self._by_other: dict[str, list[Region]] = {}  # short and former names
        for region in self._regions:
            self._by_name.setdefault(region.name, []).append(region)
            for word in dict.fromkeys((*region.short_names, *region.former_names)):
                self._by_other.setdefault(word, []).append(region)
        self._longest = max(map(len, [*self._by_name, *self._by_other]), default=0)
        self._parents = {region: self._parent(region) for region in self._regions}

    def _parent(self, region: Region) -> Region | None:
        if region.level not in REGION_LEVELS:
            raise ValueError(f"region {region.name!r}: unknown level {region.level!r}")
        if region.code is not None and not re.fullmatch(r"\d{6}", region.code):
            raise ValueError(f"region {region.name!r}: bad code {region.code!r}")
        if region.parent_code is not None:
            parent = self._by_code.get(region.parent_code)
        elif region.parent is not None:
            parent = self.get(region.parent)
        else:
            return None
        if parent is None:
            raise ValueError(
                f"region {region.name!r}: unknown parent {region.parent or region.parent_code!r}"
            )
        return parent

    def with_short_names(self, names: Mapping[str, str]) -> RegionVocabulary:
        """This vocabulary with more short names (printed → full region name); ValueError when unknown."""
        added = _grouped(names, self._by_name, "full region names")
        return RegionVocabulary(
            replace(r, short_names=(*r.short_names, *added.get(r.name, ()))) for r in self._regions
        )

    def all(self) -> list[Region]:
        return list(self._regions)

    def get(self, name: str) -> Region | None:
        """The region whose full name is ``name``, when one region has it."""
        found = self._by_name.get(name, [])
        return found[0] if len(found) == 1 else None

    def by_code(self, code: str) -> Region | None:
        return self._by_code.get(code)

    def parent_of(self, name: str) -> str | None:
        region = self.get(name)
        parent = self._parents[region] if region else None
        return parent.name if parent else None

    def ancestors(self, region: Region) -> list[Region]:
        """The enclosing regions, nearest first (洛浦县: 和田地区, 新疆维吾尔自治区, 中华人民共和国)."""
        chain = []
        parent = self._parents.get(region)
        while parent is not None:
            chain.append(parent)
            parent = self._parents.get(parent)
        return chain

    def resolve(self, text: str, within: str | Region | None = None) -> Region | None:
        """The region a printed name means: a full name, else a short or former name.

        Names are looked for below ``within`` (a region, or a name resolved without scope),
        then below each of its ancestors up to its province, the nearest level first (never
        outside that province: a 新疆 plan's ``矿区`` column is no district of 阳泉市); with
        no scope, anywhere, where they must be unique: ``和田`` within 和田地区 or within
        洛浦县 is 和田县, within 新疆维吾尔自治区 it is 和田地区, and alone it is ambiguous.
        Between equals, a printed level word decides: ``巴州`` is 巴音郭楞蒙古自治州, not 巴州区.
        """
        key = normalize(text)
        scope = within if isinstance(within, Region) or within is None else self.resolve(within)
        for index in (self._by_name, self._by_other):
            found = self._pick(key, index.get(key, []), scope)
            if found is not None:
                return found
        return None

    def _pick(self, printed: str, candidates: list[Region], scope: Region | None) -> Region | None:
        scopes = [s for s in ([scope, *self.ancestors(scope)] if scope else []) if s.level != "national"]
        for above in scopes:
            depths = {r: self._depth_below(r, above) for r in candidates}
            inside = {r: d for r, d in depths.items() if d is not None}
            if inside:
                return _only([r for r, d in inside.items() if d == min(inside.values())], printed)
        return None if scopes else _only(candidates, printed)

    def _depth_below(self, region: Region, above: Region) -> int | None:
        """How many levels `region` sits below `above` (1 for a child), None when not inside it."""
        for depth, ancestor in enumerate(self.ancestors(region), start=1):
            if ancestor == above:
                return depth
        return None

    def named_at_start(self, text: str) -> tuple[list[Region], int]:
        """The regions named one inside the other at the start of ``text`` and where they end.

        ``新疆维吾尔自治区洛浦县矿产资源…`` gives [新疆维吾尔自治区, 洛浦县] and 11; the longest
        name that means a region inside the previous one is taken at each step.
        """
        chain: list[Region] = []
        at = 0
        while True:
            step = self._next_in_chain(text, at, chain[-1] if chain else None)
            if step is None:
                return chain, at
            region, length = step
            chain.append(region)
            at += length

    def _next_in_chain(self, text: str, at: int, last: Region | None) -> tuple[Region, int] | None:
        for length in range(min(self._longest, len(text) - at), 1, -1):
            word = text[at : at + length]
            if word not in self._by_name and word not in self._by_other:
                continue
            found = self.resolve(word, within=last)
            if found is not None and (last is None or last in self.ancestors(found)):
                return found, length
        return None


def _only(candidates: list[Region], printed: str) -> Region | None:
    """The one candidate, if need be the one whose level word the printed name ends with (州: 自治州)."""
    if len(candidates) > 1 and printed[-1:] in _LEVEL_WORDS:
        candidates = [r for r in candidates if r.kind.endswith(printed[-1])]
    return candidates[0] if len(candidates) == 1 else None


def _grouped(aliases: Mapping[str, str], known: Mapping[str, object], what: str) -> dict[str, list[str]]:
    """{name: [printed, …]} from {printed: name}; ValueError naming any name not among `known` `what`."""
    unknown = sorted(set(aliases.values()) - set(known))
    if unknown:
        raise ValueError(f"not {what}: {', '.join(unknown)}")
    grouped: dict[str, list[str]] = {}
    for printed, name in aliases.items():
        grouped.setdefault(name, []).append(printed)
    return grouped


def _mineral(row: dict[str, str]) -> Mineral:
    return Mineral(name=row["name"], category=row["category"], aliases=_split_list(row["aliases"]))


def _regions(rows: list[dict[str, str]]) -> Iterator[Region]:
    names = {row["code"]: row["name"] for row in rows}
    for row in rows:
        yield Region(
            name=row["name"],
            level=row["level"],
            parent=names.get(row["parent_code"]),
            code=row["code"] or None,
            short_names=_split_list(row["short_names"]),
            kind=row["kind"],
            parent_code=row["parent_code"] or None,
            former_names=_split_list(row["former_names"]),
        )


Aliases = tuple[tuple[str, str], ...]  # (printed, name) pairs, hashable
_EXTENDED: ContextVar[tuple[MineralVocabulary, RegionVocabulary] | None] = ContextVar(
    "mrplans_extended_vocabularies", default=None
)


def minerals() -> MineralVocabulary:
    """The mineral vocabulary of ``vocab/minerals.csv`` (loaded once), extended while a profile applies."""
    active = _EXTENDED.get()
    return active[0] if active else _bundled_minerals()


def regions() -> RegionVocabulary:
    """The region vocabulary of ``vocab/regions.csv`` (loaded once), extended while a profile applies."""
    active = _EXTENDED.get()
    return active[1] if active else _bundled_regions()


@contextmanager
def extended(mineral_aliases: Mapping[str, str], region_aliases: Mapping[str, str]) -> Iterator[None]:
    """Within the block, minerals() and regions() also know these printed names (printed → name).

    Without any, the block reads with the bundled vocabularies themselves (and what is cached on them).
    """
    if not mineral_aliases and not region_aliases:
        yield
        return
    token = _EXTENDED.set(_extended(tuple(mineral_aliases.items()), tuple(region_aliases.items())))
    try:
        yield
    finally:
        _EXTENDED.reset(token)


@functools.lru_cache(maxsize=32)
def _extended(minerals: Aliases, regions: Aliases) -> tuple[MineralVocabulary, RegionVocabulary]:
    """One pair per set of aliases, so what is built on a vocabulary (a tokenizer) is cached per set."""
    return (
        _bundled_minerals().with_aliases(dict(minerals)),
        _bundled_regions().with_short_names(dict(regions)),
    )


@functools.cache
def _bundled_minerals() -> MineralVocabulary:
    rows = _read_csv("minerals.csv")
    false_friends = [word for row in rows for word in _split_list(row["false_friends"])]
    return MineralVocabulary(map(_mineral, rows), false_friends)


@functools.cache
def _bundled_regions() -> RegionVocabulary:
    return RegionVocabulary(_regions(_read_csv("regions.csv")))
