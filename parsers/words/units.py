"""Printed unit strings of the plans ("矿石 万吨", "金属量 千克", "万立方米", "Li2O,万吨") and SI scaling.

The words (scale words, unit words, basis words, element/oxide names) live in
``models/vocab/units.csv``; this module holds only the grammar::

    unit := qualifier* scale* unit_word? ["/年"]

with spaces, ASCII/full-width commas or nothing between the parts.  A qualifier is
a basis word (矿石, 金属量, 原煤 …), a substance (铜, 铅锌, Li2O …, which also
implies a basis unless a basis word says otherwise) or a neutral word (矿山, 大型 …).
Any other word makes the whole string unknown: dimension, scale and unit_si are
None, never guessed.  A trailing "/年" ("万吨/年") marks a rate per year; the
unit keeps the dimension and scale of its numerator, so values compare with
yearly totals.  Conversion only rescales within one dimension: the basis
(ore, metal, oxide …) is carried along, never converted.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from fractions import Fraction
from functools import cache, lru_cache
from math import prod

from models.codes import UnitWordKind
from models.vocabulary import vocab_rows
from parsers.words.text import alternation

_RATE_SUFFIX = re.compile(r"\s*/\s*年$")
_SEPARATOR = re.compile(r"[\s,]+")
_LABEL_UNIT = re.compile(r"^(?P<head>.*?)\s*[（(]\s*(?P<unit>[^（）()]+?)\s*[）)]\s*$")
_LABEL_PERCENT = re.compile(r"^(?P<head>.*?)\s*(?P<unit>[%％])\s*$")
_KIND_RANK = {  # the order words come in
    UnitWordKind.BASIS: 0,
    UnitWordKind.SUBSTANCE: 0,
    UnitWordKind.QUALIFIER: 0,
    UnitWordKind.SCALE: 1,
    UnitWordKind.UNIT: 2,
}


@dataclass(frozen=True)
class Unit:
    """A parsed unit: ``value * scale`` is the value in ``unit_si``."""

    text: str  # as printed
    basis: str | None = None  # 'ore','metal','oxide','raw_coal','mineral'
    dimension: str | None = None  # 'mass','volume','area','count','percent','money','energy','time','length'
    scale: float | None = None
    unit_si: str | None = None  # 't','m3','km2','count','%','yuan','MJ','year','km'
    substance: str | None = None  # element or oxide named by the unit: "铜", "Li2O"


@dataclass(frozen=True)
class _Word:
    """One row of units.csv."""

    word: str
    kind: UnitWordKind
    factor: float | None
    dimension: str | None
    unit_si: str | None
    basis: str | None


@cache
def _vocabulary() -> dict[str, _Word]:
    """The unit words of units.csv, read once."""
    return {
        row["word"]: _Word(
            word=row["word"],
            kind=UnitWordKind(row["kind"]),
            factor=float(Fraction(row["factor"])) if row["factor"] else None,
            dimension=row["dimension"] or None,
            unit_si=row["unit_si"] or None,
            basis=row["basis"] or None,
        )
        for row in vocab_rows("units.csv")
    }


@cache
def _word_pattern() -> re.Pattern[str]:
    """Any vocabulary word, longest first so "平方千米" wins over "千米" and "金属量" over "金"."""
    return re.compile(alternation(_vocabulary()))


def _normalize(text: str) -> str:
    """Full-width forms to ASCII ("，" → ",", "ｍ³" → "m3"), outer spaces dropped."""
    return unicodedata.normalize("NFKC", text).strip()


def _tokenize(text: str) -> list[_Word] | None:
    """The vocabulary words of ``text`` in order, or None when some part is not a known word."""
    words, position = [], 0
    while position < len(text):
        separator = _SEPARATOR.match(text, position)
        if separator:
            position = separator.end()
            continue
        match = _word_pattern().match(text, position)
        if not match:
            return None
        words.append(_vocabulary()[match.group()])
        position = match.end()
    return words


def _in_order(words: list[_Word]) -> bool:
    """Qualifiers first, then scale words, then at most one unit word, last."""
    ranks = [_KIND_RANK[word.kind] for word in words]
    return ranks == sorted(ranks) and ranks.count(2) <= 1


def _basis(words: list[_Word]) -> tuple[bool, str | None]:
    """(consistent, basis): an explicit basis word wins over the basis a substance implies."""
    explicit = {word.basis for word in words if word.kind == UnitWordKind.BASIS}
    implied = {word.basis for word in words if word.kind == UnitWordKind.SUBSTANCE}
    bases = explicit or implied
    return len(bases) <= 1, next(iter(bases), None)


def _substance(words: list[_Word]) -> str | None:
    """The element or oxide the unit names ("铜", "Li2O"); several are joined ("铅 锌" → "铅锌")."""
    names = [word.word for word in words if word.kind == UnitWordKind.SUBSTANCE]
    return "".join(names) or None


@lru_cache(maxsize=4096)
def parse_unit(text: str | None) -> Unit:
    """Parse a printed unit; unknown or contradictory text gives a Unit with only ``text`` set."""
    printed = text or ""
    words = _tokenize(_RATE_SUFFIX.sub("", _normalize(printed)))
    if words is None or not _in_order(words):
        return Unit(printed)
    consistent, basis = _basis(words)
    if not consistent:
        return Unit(printed)
    unit = next((word for word in words if word.kind == UnitWordKind.UNIT), None)
    if unit is None:
        return Unit(printed, basis=basis, substance=_substance(words))
    scales = [word.factor for word in words if word.kind == UnitWordKind.SCALE]
    return Unit(
        printed,
        basis=basis,
        dimension=unit.dimension,
        scale=prod(scales, start=unit.factor),
        unit_si=unit.unit_si,
        substance=_substance(words),
    )


def to_si(value: float | None, unit: Unit) -> float | None:
    """``value`` in the unit's SI unit (same basis), or None when either is unknown.

    Rounded to 12 significant digits so that 2596.5 千克 is 2.5965 t, not 2.5965000000000003.
    """
    if value is None or unit.scale is None:
        return None
    return float(f"{value * unit.scale:.12g}")


def unit_in_label(label: str) -> tuple[str, str | None]:
    """Split a header such as "面积（平方千米）" or "完成率%" into (name, unit as printed).

    A trailing bracket that is not a unit ("金（岩金）", "煤（地下开采）") leaves the label whole.
    """
    for pattern in (_LABEL_UNIT, _LABEL_PERCENT):
        match = pattern.match(label)
        if match and match["head"] and parse_unit(match["unit"]).dimension is not None:
            return match["head"], match["unit"]
    return label, None


def compatible(a: Unit, b: Unit) -> bool:
    """True when both units are known, of one dimension and of one basis (None matches only None)."""
    return a.dimension is not None and a.dimension == b.dimension and a.basis == b.basis
