"""Helpers every interpreter uses: title words per kind, totals, minerals, numbers and measured values."""

from __future__ import annotations

from functools import cache
from typing import TypedDict

from models.codes import BoxKind, ColumnRole, Side
from models.vocabulary import regions, word_lists
from parsers.interpret.layout import Column, Layout
from parsers.interpret.registry import PlanContext
from parsers.words.minerals import canonical_mineral
from parsers.words.text import compact
from parsers.words.units import Unit, parse_unit, to_si
from parsers.words.values import Quantity, parse_quantity


@cache
def _title_words() -> dict[str, tuple[str, ...]]:
    return dict(word_lists("box_kinds.csv", "kind", "title_words"))


def title_names(layout: Layout, kind: BoxKind | Side) -> bool:
    """Whether the box title uses a word of that kind (models/vocab/box_kinds.csv)."""
    return text_names(layout.box.title, kind)


def text_names(text: str, kind: BoxKind | Side) -> bool:
    """Whether a title, a section title or a header label uses a word of that kind (box_kinds.csv)."""
    compacted = compact(text)
    return any(word in compacted for word in _title_words().get(kind, ()))


def region_named(label: str, ctx: PlanContext) -> str | None:
    """The region a header label names within the plan's region (于田 in 和田地区: 于田县), else None."""
    found = regions().resolve(label, within=ctx.region) if label else None
    return found.name if found else None


def mineral_of(text: str) -> tuple[str | None, str]:
    """(canonical mineral or None, the name as printed)."""
    printed = text.strip()
    return canonical_mineral(printed) if printed else None, printed


def quantity(text: str) -> Quantity:
    return parse_quantity(text)


class Measured(TypedDict):
    """The value and unit fields shared by measured records (indicator, …)."""

    value_text: str
    value: float | None
    value_max: float | None
    comparator: str | None
    unit: str | None
    basis: str | None
    value_si: float | None
    unit_si: str | None


def measured(text: str, q: Quantity, unit_text: str | None) -> Measured:
    """A measured record's value and unit fields: the printed `text` (parsed as `q`) in `unit_text`.

    value_si and unit_si are set only where the unit's scale is known (never across bases).
    """
    unit = parse_unit(unit_text) if unit_text else Unit("")
    return Measured(
        value_text=text,
        value=q.value,
        value_max=q.value_max,
        comparator=q.comparator,
        unit=unit_text or None,
        basis=unit.basis,
        value_si=to_si(q.value, unit),
        unit_si=unit.unit_si if unit.scale is not None else None,
    )


def as_int(q: Quantity) -> int | None:
    return int(q.value) if q.value is not None and q.comparator == "eq" and q.value == int(q.value) else None


def body_has_numbers(layout: Layout) -> bool:
    skip = {c.index for c in layout.columns_with(ColumnRole.SEQ)}
    return any(
        parse_quantity(cell.text).value is not None
        for i in range(len(layout.body))
        for cell in layout.printed(i)
        if cell.col not in skip
    )


def cell_text(layout: Layout, i: int, column: Column | None) -> str:
    """The stripped text of body row i in a column ("" when the column is missing or the cell empty)."""
    return layout.text(i, column.index).strip() if column is not None else ""
