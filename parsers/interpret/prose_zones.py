"""Zones listed as ①②… items in prose boxes (能源资源基地, 重点勘查区, 勘查开发布局): one Zone per item.

The box has no header; its cells hold paragraphs.  A circled numeral at the start of a
line (or after a full stop) starts an item: its first line is the zone's name as printed
(numeral and spaces dropped), the lines after it, up to the next item and also in later
cells, describe it.  The description gives the area (面积267.9平方千米) and the minerals
(重点勘查矿种：锑、金。).  A cell holding only a level word (国家级, 自治区级, 地区级) sets the
level of the items that follow it.  An item is a zone when its name is a name (one short
line, no sentence punctuation) and it or the box title names a zone type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from models.codes import BoxKind
from models.records import Records, Zone
from parsers.interpret import fit
from parsers.interpret.common import title_names
from parsers.interpret.layout import Layout
from parsers.interpret.registry import PlanContext
from parsers.interpret.zones import area_km2, printed, zone_minerals
from parsers.words.lexicon import level_of, zone_type_of, zone_words
from parsers.words.text import CIRCLED, ITEM_NUMERAL, alternation, compact

_ITEM_START = re.compile(rf"(?:^|(?<=。))[ \t\u3000]*(?=[{CIRCLED}])", re.M)
_NOT_A_NAME = re.compile(r"[。，,；;：:]")
_MAX_NAME = 40
_MAX_LEVEL_LABEL = 6


@dataclass
class _Item:
    row: int  # body row of the item's name
    name: str
    level: str | None
    lines: list[str] = field(default_factory=list)

    @property
    def description(self) -> str:
        return "\n".join(self.lines)


@cache
def _label_pattern(label: str, tail: str) -> re.Pattern[str]:
    """A pattern for a prose label of zone_types.csv (面积, 矿种) followed by tail."""
    words = next((w for value, w in zone_words("label") if value == label), ())
    return re.compile(f"(?:{alternation(words)}){tail}")


def _area_pattern() -> re.Pattern[str]:
    """面积 [约/为] number unit: 面积267.9平方千米, 涉及和田地区面积4697.9平方千米."""
    return _label_pattern("area", r"[^\d，。；;]{0,2}?(?P<area>\d[\d.,]*[^\d，。；;,、\s）)]*)")


def _minerals_pattern() -> re.Pattern[str]:
    """矿种：list, up to the end of the sentence: 重点勘查矿种：锑、金。"""
    return _label_pattern("minerals", r"[:：]\s*(?P<minerals>[^。；;\n]+)")


def _level_label(text: str) -> str | None:
    """The level a cell holding only a level word names (国家级 → national), else None."""
    words = compact(text)
    return level_of(words) if len(words) <= _MAX_LEVEL_LABEL and not ITEM_NUMERAL.match(words) else None


def _is_name(text: str) -> bool:
    return bool(text) and len(text) <= _MAX_NAME and not _NOT_A_NAME.search(text)


def _items(layout: Layout) -> list[_Item]:
    """The numbered items of the box in reading order, with the level label above each."""
    items: list[_Item] = []
    level: str | None = None
    for i in range(len(layout.body)):
        for cell in layout.printed(i):
            label = _level_label(cell.text)
            if label:
                level = label
                continue
            for part in _ITEM_START.split(cell.text.strip()):
                lines = [line.strip() for line in part.strip().splitlines()]
                if ITEM_NUMERAL.match(part.strip()):
                    items.append(_Item(i, ITEM_NUMERAL.sub("", lines[0]), level, lines[1:]))
                elif items:
                    items[-1].lines.extend(lines)
    return items


def _zone_type(item: _Item, title_type: str | None) -> str | None:
    return (zone_type_of(item.name) or title_type) if _is_name(item.name) else None


def _zone(layout: Layout, item: _Item, zone_type: str) -> Zone:
    area = _area_pattern().search(item.description)
    minerals = _minerals_pattern().search(item.description)
    return Zone(
        box=layout.box.number,
        row=layout.box_row(item.row),
        name=item.name,
        zone_type=zone_type,
        level=item.level,
        area_km2=area_km2(area["area"]) if area else None,
        area_text=printed(area["area"]) if area else None,
        minerals=zone_minerals(minerals["minerals"]) if minerals else [],
    )


def _zones(layout: Layout) -> list[Zone]:
    title_type = zone_type_of(layout.box.title)
    typed = ((item, _zone_type(item, title_type)) for item in _items(layout))
    return [_zone(layout, item, zone_type) for item, zone_type in typed if zone_type]


class ProseZones:
    name = "prose_zones"
    kind = BoxKind.ZONE

    def fit(self, layout: Layout, ctx: PlanContext) -> float:
        if any(column.role for column in layout.columns):
            return fit.NO_FIT
        zones = _zones(layout)
        if zones and title_names(layout, BoxKind.ZONE):
            return fit.TITLE_AND_COLUMNS
        return fit.COLUMNS_ONLY if len(zones) >= 2 else fit.NO_FIT

    def emit(self, layout: Layout, ctx: PlanContext) -> Records:
        return Records(zones=_zones(layout))


PROSE_ZONES = ProseZones()
