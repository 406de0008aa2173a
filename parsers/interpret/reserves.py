"""Resource and reserve tables (资源储量表, kind reserve): one Reserve per body row.

Columns by role: the mineral (矿种, 矿产名称), the unit (单位, 资源储量单位), the deposit
count (矿区数), the retained amount (保有资源量 / 保有资源储量, or a single 资源量 column)
and the cumulative amount (累计查明资源量 / 查明资源储量).  A count cell may carry a
qualifier (伴生铜3, 非伴生矿17, 水泥用灰岩13): the qualifier is the row's variant.  A row
whose mineral cell is empty continues the mineral above (喀什 专栏3: 铜矿, then 伴生铜3).
The unit's basis (矿石 → ore, 金属量 or an element → metal, Li2O → oxide) and SI scale come
from parsers.words.units; a unit printed only in a value column's header ("资源量（万吨）") is used
where the table has no unit column.
"""

from __future__ import annotations

from collections.abc import Iterator

from models.codes import BoxKind, ColumnRole
from models.records import Records, Reserve
from parsers.interpret import fit
from parsers.interpret.common import as_int, cell_text, mineral_of, quantity, title_names
from parsers.interpret.layout import Column, Layout
from parsers.interpret.registry import PlanContext
from parsers.words.lexicon import is_total
from parsers.words.units import parse_unit, to_si, unit_in_label
from parsers.words.values import split_qualified_count


def _retained_column(layout: Layout) -> Column | None:
    return layout.first(ColumnRole.RETAINED) or layout.first(ColumnRole.RESERVE_AMOUNT)


class Reserves:
    name = "reserve"
    kind = BoxKind.RESERVE

    def fit(self, layout: Layout, ctx: PlanContext) -> float:
        if layout.first(ColumnRole.MINERAL) is None or _retained_column(layout) is None:
            return fit.NO_FIT
        if title_names(layout, self.kind):
            return fit.TITLE_AND_COLUMNS
        return (
            fit.COLUMNS_ONLY
            if layout.first(ColumnRole.DEPOSITS) or layout.first(ColumnRole.CUMULATIVE)
            else fit.FEWEST_COLUMNS
        )

    def emit(self, layout: Layout, ctx: PlanContext) -> Records:
        return Records(reserves=list(_Rows(layout).records()))


class _Rows:
    """Reads the body rows of a reserve layout, carrying the mineral down into continuation rows."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.mineral_col = layout.first(ColumnRole.MINERAL)
        self.unit_col = layout.first(ColumnRole.UNIT)
        self.deposits_col = layout.first(ColumnRole.DEPOSITS)
        self.retained_col = _retained_column(layout)
        self.cumulative_col = layout.first(ColumnRole.CUMULATIVE)

    def _unit_text(self, i: int) -> str | None:
        if self.unit_col is not None:
            return self._text(i, self.unit_col) or None
        return unit_in_label(self.retained_col.label)[1] if self.retained_col is not None else None

    def _text(self, i: int, col: Column | None) -> str:
        return cell_text(self.layout, i, col)

    def records(self) -> Iterator[Reserve]:
        mineral_text = ""
        for i in range(len(self.layout.body)):
            printed = self._text(i, self.mineral_col)
            mineral_text = printed or mineral_text
            has_values = self._text(i, self.retained_col) or self._text(i, self.cumulative_col)
            if mineral_text and has_values and not is_total(mineral_text):
                yield self._reserve(i, mineral_text)

    def _reserve(self, i: int, mineral_text: str) -> Reserve:
        unit_text = self._unit_text(i)
        unit = parse_unit(unit_text)
        deposits_text = self._text(i, self.deposits_col) or None
        variant, deposits = split_qualified_count(deposits_text or "")
        retained_text = self._text(i, self.retained_col)
        cumulative_text = self._text(i, self.cumulative_col)
        retained, cumulative = quantity(retained_text).value, quantity(cumulative_text).value
        return Reserve(
            box=self.layout.box.number,
            row=self.layout.box_row(i),
            mineral_text=mineral_text,
            mineral=mineral_of(mineral_text)[0],
            variant=variant,
            unit=unit_text,
            basis=unit.basis,
            deposits=as_int(deposits),
            deposits_text=deposits_text,
            retained=retained,
            cumulative=cumulative,
            retained_text=retained_text or None,
            cumulative_text=cumulative_text or None,
            retained_si=to_si(retained, unit),
            cumulative_si=to_si(cumulative, unit),
            unit_si=unit.unit_si,
        )


RESERVE = Reserves()
