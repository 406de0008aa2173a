"""Planning-zone tables (重点勘查区, 重点开采区, 集中开采区, 规划矿区 …): one Zone record per body row.

A zone table has a name column and at least one zone column (面积, 主要矿种, 所在行政区,
编号, 规划类型, 级别, 已设/拟设 rights, 最低开采规模).  Where two columns are named 名称
(喀什 专栏11: group word 一区/三带, then the name), the one whose cells name zones is the name.
The zone type comes from the row's 规划类型/类别 cell, else the zone's own name, else the box
title; the level from the 级别 cell.  Cells of the 级别, 规划类型 and 行政区 columns left empty
continue the cell above (vertically merged).

The zone vocabulary both zone interpreters share (models/vocab/zone_types.csv: zone-type words,
level words and the labels prose uses) is read by parsers/lexicon.py.
"""

from __future__ import annotations

from models.codes import BoxKind, ColumnRole
from models.records import Records, Zone, ZoneMineral
from parsers.interpret import fit
from parsers.interpret.common import as_int, quantity, title_names
from parsers.interpret.layout import Column, Layout
from parsers.interpret.registry import PlanContext
from parsers.words.lexicon import is_total, level_of, zone_type_of
from parsers.words.minerals import canonical_mineral, split_minerals
from parsers.words.units import parse_unit, to_si, unit_in_label

_EMPTY = frozenset({"", "-", "－", "—", "–", "/", "／"})
_ZONE_ROLES = (
    *(ColumnRole.AREA, ColumnRole.MINERAL, ColumnRole.REGION, ColumnRole.CODE, ColumnRole.ZONE_TYPE),
    *(ColumnRole.LEVEL, ColumnRole.EXISTING_RIGHTS, ColumnRole.PLANNED_BLOCKS, ColumnRole.MIN_SCALE),
)
_MERGED_DOWN = frozenset({ColumnRole.LEVEL, ColumnRole.ZONE_TYPE, ColumnRole.REGION})
_VALUE_ROLES = (*_ZONE_ROLES, ColumnRole.REMARK)


def printed(text: str) -> str | None:
    """The cell as printed, on one line; None for an empty cell or a dash."""
    value = "".join(line.strip() for line in text.splitlines())
    return None if value in _EMPTY else value


def zone_minerals(text: str) -> list[ZoneMineral]:
    """水泥用灰岩;水泥配料用粘土;石膏 → three minerals, in printed order."""
    return [ZoneMineral(canonical_mineral(item), item) for item in split_minerals(text)]


def area_km2(text: str, unit_text: str | None = None) -> float | None:
    """The area printed in text, in km2: the unit printed after the number, else unit_text."""
    amount = quantity(text)
    unit = parse_unit(amount.suffix or unit_text)
    return to_si(amount.value, unit) if unit.dimension == "area" else None


def _header_unit(column: Column | None) -> str | None:
    """The unit bracketed in the lowest header part: 面积（平方千米） → 平方千米."""
    return unit_in_label(column.label.split("/")[-1])[1] if column else None


def _named_share(layout: Layout, column: Column) -> float:
    """The share of the column's non-empty body cells that name a zone type."""
    texts = [t for t in (layout.text(i, column.index).strip() for i in range(len(layout.body))) if t]
    return sum(1 for t in texts if zone_type_of(t)) / len(texts) if texts else 0.0


def _name_column(layout: Layout) -> Column | None:
    """The name column; of several, the one naming zones most often (the rightmost on a tie)."""
    names = layout.columns_with(ColumnRole.NAME)
    return max(names, key=lambda c: (_named_share(layout, c), c.index), default=None)


def _column_texts(layout: Layout, role: ColumnRole) -> list[str]:
    """The text of the role's first column in every body row; merged-down columns carry on."""
    column = layout.first(role)
    if column is None:
        return [""] * len(layout.body)
    texts: list[str] = []
    for i in range(len(layout.body)):
        text = layout.text(i, column.index).strip()
        texts.append(texts[-1] if not text and role in _MERGED_DOWN and texts else text)
    return texts


def _zone(layout: Layout, i: int, name: str, cells: dict[str, str], title_type: str | None) -> Zone:
    """The zone of body row i; cells holds the row's text under each zone role."""
    area = cells["area"]
    return Zone(
        box=layout.box.number,
        row=layout.box_row(i),
        name=name,
        zone_type=zone_type_of(cells["zone_type"]) or zone_type_of(name) or title_type,
        code=printed(cells["code"]),
        level=level_of(cells["level"]),
        region=printed(cells["region"]),
        area_km2=area_km2(area, _header_unit(layout.first(ColumnRole.AREA))),
        area_text=printed(area),
        existing_rights=as_int(quantity(cells["existing_rights"])),
        planned_blocks=as_int(quantity(cells["planned_blocks"])),
        min_scale_text=printed(cells["min_scale"]),
        note=printed(cells["remark"]),
        minerals=zone_minerals(cells["mineral"]),
    )


class ZoneTable:
    name = "zone_table"
    kind = BoxKind.ZONE

    def fit(self, layout: Layout, ctx: PlanContext) -> float:
        name = _name_column(layout)
        evidence = sum(1 for role in _ZONE_ROLES if layout.first(role))
        if name is None or not evidence:
            return fit.NO_FIT
        if title_names(layout, BoxKind.ZONE):
            return fit.TITLE_AND_COLUMNS
        if evidence >= 2 and _named_share(layout, name) >= 0.5:
            return fit.COLUMNS_AND_NAMES
        return fit.COLUMN_ROLES if evidence >= 3 else fit.NO_FIT

    def emit(self, layout: Layout, ctx: PlanContext) -> Records:
        name_column = _name_column(layout)
        if name_column is None:
            return Records()
        columns = {role: _column_texts(layout, role) for role in _VALUE_ROLES}
        title_type = zone_type_of(layout.box.title)
        zones = []
        for i in range(len(layout.body)):
            name = printed(layout.text(i, name_column.index))
            if name and not is_total(name):
                cells = {role: texts[i] for role, texts in columns.items()}
                zones.append(_zone(layout, i, name, cells, title_type))
        return Records(zones=zones)


ZONE_TABLE = ZoneTable()
