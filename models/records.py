"""Typed records read from 专栏 tables: one dataclass per contract view (docs/schema.md).

Every record keeps its provenance: the box number, the box row (0-based, header
rows included) and, where one cell gives one value, the column.  Every number
keeps the text it was read from.  Records are plain data; the loader maps them to
database rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass
class ZoneMineral:
    """One mineral of a record naming several: a zone's (zone_mineral), another record's (record_mineral)."""

    mineral: str | None
    mineral_text: str


@dataclass
class Indicator:
    box: int
    row: int
    col: int | None
    name: str
    measure: str  # target, actual, baseline, completion_rate
    value_text: str
    group_name: str | None = None
    metric: str | None = None  # the column's label where a row has several kinds of value (矿石量, 矿业产值)
    mineral: str | None = None
    mineral_text: str | None = None
    period: str | None = None
    value: float | None = None
    value_max: float | None = None
    comparator: str | None = None
    unit: str | None = None
    basis: str | None = None
    value_si: float | None = None
    unit_si: str | None = None
    attribute: str | None = None  # expected, binding
    family: str | None = None  # what the figure counts: mining (开采/生产) or exploration (勘查/新增资源量)
    minerals: list[ZoneMineral] = field(default_factory=list)  # when it names several (mineral NULL)


@dataclass
class Zone:
    box: int
    row: int
    name: str
    zone_type: str | None
    code: str | None = None
    level: str | None = None
    region: str | None = None
    area_km2: float | None = None
    area_text: str | None = None
    existing_rights: int | None = None
    planned_blocks: int | None = None
    min_scale_text: str | None = None
    note: str | None = None
    minerals: list[ZoneMineral] = field(default_factory=list)


@dataclass
class BlockSummary:
    box: int
    row: int
    col: int | None
    block_type: str  # exploration, mining
    status: str | None  # existing, planned
    mineral_text: str | None
    mineral: str | None = None
    count: int | None = None
    area_km2: float | None = None
    count_text: str | None = None
    area_text: str | None = None
    is_total: bool = False
    minerals: list[ZoneMineral] = field(default_factory=list)  # when it names several (mineral NULL)


@dataclass
class RightsCount:
    box: int
    row: int
    col: int | None
    right_type: str  # exploration, mining
    mineral_text: str | None
    mineral: str | None = None
    region: str | None = None
    count: int | None = None
    area_km2: float | None = None
    count_text: str | None = None
    area_text: str | None = None
    is_total: bool = False
    minerals: list[ZoneMineral] = field(default_factory=list)  # when it names several (mineral NULL)


@dataclass
class MinScale:
    box: int
    row: int
    mineral_text: str
    mineral: str | None = None
    variant: str | None = None
    unit: str | None = None
    large: float | None = None
    medium: float | None = None
    small: float | None = None
    min_service_years: float | None = None
    large_text: str | None = None
    medium_text: str | None = None
    small_text: str | None = None
    service_text: str | None = None
    note: str | None = None
    minerals: list[ZoneMineral] = field(default_factory=list)  # when it names several (mineral NULL)


@dataclass
class Reserve:
    box: int
    row: int
    mineral_text: str
    mineral: str | None = None
    variant: str | None = None
    unit: str | None = None
    basis: str | None = None
    deposits: int | None = None
    deposits_text: str | None = None
    retained: float | None = None
    cumulative: float | None = None
    retained_text: str | None = None
    cumulative_text: str | None = None
    retained_si: float | None = None
    cumulative_si: float | None = None
    unit_si: str | None = None
    minerals: list[ZoneMineral] = field(default_factory=list)  # when it names several (mineral NULL)


@dataclass
class Project:
    box: int
    row: int
    name: str
    mineral: str | None = None
    mineral_text: str | None = None
    start_year: int | None = None
    end_year: int | None = None
    period_text: str | None = None
    category: str | None = None
    minerals: list[ZoneMineral] = field(default_factory=list)  # when it names several (mineral NULL)


Record = Indicator | Zone | BlockSummary | RightsCount | MinScale | Reserve | Project


@dataclass
class Records:
    """All typed records of one plan."""

    indicators: list[Indicator] = field(default_factory=list)
    zones: list[Zone] = field(default_factory=list)
    block_summaries: list[BlockSummary] = field(default_factory=list)
    rights_counts: list[RightsCount] = field(default_factory=list)
    min_scales: list[MinScale] = field(default_factory=list)
    reserves: list[Reserve] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)

    def extend(self, other: Records) -> None:
        for name in self.__dataclass_fields__:
            getattr(self, name).extend(getattr(other, name))

    def __iter__(self) -> Iterator[Record]:
        """Every record, type by type in field order."""
        for name in self.__dataclass_fields__:
            yield from getattr(self, name)
