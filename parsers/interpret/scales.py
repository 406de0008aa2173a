"""Minimum mining scale tables (最低开采规模, kind min_scale): one MinScale per mineral and variant.

A row names a mineral and, in a trailing bracket, its variants: 铁（地下开采/露天开采）
has two, 煤（地下开采） one (an unslashed bracket is a variant only when it names a
word of models/vocab/scale_variants.csv, so 萤石（CaF2） and 地热(热水) stay whole names).
The name without that bracket is the row's mineral_text.  Every value cell is cut at
its slashes; with as many pieces as variants, piece k belongs to variant k, otherwise
(a plain "-" or "120") the whole cell belongs to every variant.  A slashed unit is cut
the same way, the unit word printed only on its last piece being shared
("矿物/矿石万吨" → 矿物万吨, 矿石万吨), as is a method word printed only on the last
variant ("地下/露天开采" → 地下开采, 露天开采).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache

from models.codes import BoxKind, ColumnRole
from models.records import MinScale, Records
from models.vocabulary import vocab_rows
from parsers.interpret import fit
from parsers.interpret.common import cell_text, mineral_of, quantity, title_names
from parsers.interpret.layout import Column, Layout
from parsers.interpret.registry import PlanContext
from parsers.words.lexicon import is_total
from parsers.words.units import parse_unit
from parsers.words.values import split_slashed

_TRAILING_BRACKET = re.compile(r"^(?P<head>.+?)\s*[（(](?P<inner>[^（）()]*)[）)]\s*$")
_SIZE_ROLES = (ColumnRole.LARGE, ColumnRole.MEDIUM, ColumnRole.SMALL)


@cache
def _variant_words() -> tuple[str, ...]:
    return tuple(row["word"] for row in vocab_rows("scale_variants.csv"))


def _names_variant(text: str) -> bool:
    return any(word in text for word in _variant_words())


def _has_dimension(unit: str) -> bool:
    return parse_unit(unit).dimension is not None


def _share_tail(pieces: list[str], tail: str | None, complete: Callable[[str], bool]) -> list[str]:
    """Append the tail printed only on the last piece to the pieces that are not complete without it."""
    return [piece if tail is None or complete(piece) else piece + tail for piece in pieces]


def _variant_tail(piece: str) -> str | None:
    return next((word for word in _variant_words() if piece.endswith(word)), None)


def _unit_tail(piece: str) -> str | None:
    """The longest proper ending of a unit that is itself a unit: 矿石万吨 → 万吨."""
    return next((piece[k:] for k in range(1, len(piece)) if _has_dimension(piece[k:])), None)


def split_name(name: str) -> tuple[str, list[str | None]]:
    """(mineral_text, variants): 金（岩金）（地下开采/露天开采） → (金（岩金）, [地下开采, 露天开采])."""
    match = _TRAILING_BRACKET.match(name)
    if match:
        pieces = split_slashed(match["inner"])
        if len(pieces) > 1 or _names_variant(match["inner"]):
            return match["head"], list(_share_tail(pieces, _variant_tail(pieces[-1]), _names_variant))
    return name, [None]


def split_unit(unit: str, n: int) -> list[str]:
    """The unit of each of n variants: "矿物/矿石万吨" → [矿物万吨, 矿石万吨]; an unslashed unit repeats."""
    pieces = split_slashed(unit)
    if len(pieces) != n or _has_dimension(unit):
        return [unit] * n
    return _share_tail(pieces, _unit_tail(pieces[-1]), _has_dimension)


def _piece(text: str, k: int, n: int) -> str:
    """Piece k of a cell slashed into n pieces, else the whole cell."""
    pieces = split_slashed(text)
    return pieces[k] if len(pieces) == n else text


def _name_column(layout: Layout) -> Column | None:
    return layout.first(ColumnRole.MINERAL) or layout.first(ColumnRole.NAME)


class MinScales:
    name = "min_scale"
    kind = BoxKind.MIN_SCALE

    def fit(self, layout: Layout, ctx: PlanContext) -> float:
        if _name_column(layout) is None or not all(layout.first(role) for role in _SIZE_ROLES):
            return fit.NO_FIT
        return fit.TITLE_AND_COLUMNS if title_names(layout, self.kind) else fit.COLUMNS_ONLY

    def emit(self, layout: Layout, ctx: PlanContext) -> Records:
        return Records(min_scales=list(_Rows(layout).records()))


class _Rows:
    """Reads the body rows of a min_scale layout."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.name_col = _name_column(layout)
        self.sizes = [layout.first(role) for role in _SIZE_ROLES]
        self.unit_col = layout.first(ColumnRole.UNIT)
        self.years_col = layout.first(ColumnRole.SERVICE_YEARS)
        self.remark_col = layout.first(ColumnRole.REMARK)

    def _text(self, i: int, col: Column | None) -> str:
        return cell_text(self.layout, i, col)

    def records(self) -> Iterator[MinScale]:
        for i in range(len(self.layout.body)):
            name = self._text(i, self.name_col)
            if name and not is_total(name):
                yield from self._row(i, name)

    def _row(self, i: int, name: str) -> Iterator[MinScale]:
        mineral_text, variants = split_name(name)
        n = len(variants)
        units = split_unit(self._text(i, self.unit_col), n)
        note = self._text(i, self.remark_col) or None
        for k, variant in enumerate(variants):
            texts = [_piece(self._text(i, col), k, n) or None for col in (*self.sizes, self.years_col)]
            large, medium, small, years = (quantity(text or "").value for text in texts)
            yield MinScale(
                box=self.layout.box.number,
                row=self.layout.box_row(i),
                mineral_text=mineral_text,
                mineral=mineral_of(mineral_text)[0],
                variant=variant,
                unit=units[k] or None,
                large=large,
                medium=medium,
                small=small,
                min_service_years=years,
                large_text=texts[0],
                medium_text=texts[1],
                small_text=texts[2],
                service_text=texts[3],
                note=note,
            )


MIN_SCALE = MinScales()
