"""Printed numeric cells of the plans ("≥40", "5～8", "19.96×1011", "10年", "１２．５") as quantities.

One cell holds at most one quantity: "100/200" is two of them and must be cut with
:func:`split_slashed` first; "伴生铜3" carries a qualifier that
:func:`split_qualified_count` separates.  Full-width forms are folded (NFKC) before
parsing; the printed text itself is kept unchanged in :attr:`Quantity.text`.
Negative numbers do not occur in the plans: a lone "-" is an empty cell and "2-3" is a range.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from math import isfinite

from parsers.words.text import alternation
from parsers.words.units import parse_unit

# Comparators printed before or after the number; strict ">"/"<" are read as their "≥"/"≤"
# bounds because the plans use them as targets, and the comparator vocabulary has no strict form.
_PREFIX_WORDS = {
    "ge": ("≥", ">=", "≧", ">", "不少于", "不低于", "大于"),
    "le": ("≤", "<=", "≦", "<", "不超过", "不高于", "不大于", "小于"),
    "approx": ("约", "近"),
}
_PREFIX_COMPARATORS = {word: comparator for comparator, words in _PREFIX_WORDS.items() for word in words}
_SUFFIX_COMPARATORS = {"以上": "ge", "以下": "le", "左右": "approx"}

# A number: thousands commas allowed; "×10" + digits is a power of ten whose superscript was lost.
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s*[×xX]\s*10(?:\^|\*\*)?\d*)?"
_RANGE_SEPARATOR = r"~|〜|-|—|–|－|至|到"


_QUANTITY = re.compile(
    rf"(?P<prefix>{alternation(_PREFIX_COMPARATORS)})?\s*(?P<low>{_NUMBER})"
    rf"(?:\s*(?:{_RANGE_SEPARATOR})\s*(?P<high>{_NUMBER}))?"
    rf"\s*(?P<unit>.*?)\s*(?P<suffix>{alternation(_SUFFIX_COMPARATORS)})?"
)
_POWER = re.compile(r"(?P<mantissa>[\d.]+)\s*[×xX]\s*10(?:\^|\*\*)?(?P<exponent>\d*)")
_QUALIFIED = re.compile(r"(?P<qualifier>.*?\D)\s*(?P<count>\d+(?:\.\d+)?)")
_SLASH = re.compile(r"[/／]")


@dataclass(frozen=True)
class Quantity:
    """One printed quantity; ``value`` is None when the cell holds no single number."""

    text: str  # the cell text exactly as given
    value: float | None = None
    value_max: float | None = None  # upper bound of a range
    comparator: str | None = None  # 'eq','ge','le','range','approx'; None when value is None
    suffix: str | None = None  # a unit printed in the cell ("%", "年", "万立方米"), NFKC-folded


def _normalize(text: str) -> str:
    """Full-width digits and signs to ASCII ("１２．５" → "12.5", "～" → "~", "¹¹" → "11")."""
    return unicodedata.normalize("NFKC", text).strip()


def _number(text: str) -> float:
    """A number matched by ``_NUMBER``: commas dropped, "19.96×1011" read as 19.96e11 (inf if too big)."""
    plain = text.replace(",", "")
    power = _POWER.fullmatch(plain)
    return float(f"{power['mantissa']}e{power['exponent'] or 1}" if power else plain)


def _comparator(match: re.Match[str]) -> str:
    """'range' for "5～8", else the printed comparator word ("≥", "约", "以上"), else 'eq'."""
    if match["high"]:
        return "range"
    word = match["prefix"] or match["suffix"] or ""
    return (_PREFIX_COMPARATORS | _SUFFIX_COMPARATORS).get(word, "eq")


def _is_unit(suffix: str | None) -> bool:
    """No suffix, or one naming a known unit ("%", "年", "万立方米"); "伴生", "个县" are not."""
    return suffix is None or parse_unit(suffix).dimension is not None


@lru_cache(maxsize=4096)
def parse_quantity(text: str) -> Quantity:
    """The quantity printed in a cell, or a Quantity with value None for "-", "/", words, "100/200".

    Cached per text: a box's interpreters each read its cells when they score their fit."""
    match = _QUANTITY.fullmatch(_normalize(text))
    if match is None:
        return Quantity(text)
    unit = match["unit"] or None
    low, high = _number(match["low"]), _number(match["high"]) if match["high"] else None
    if not (_is_unit(unit) and isfinite(low) and isfinite(high or low)):
        return Quantity(text)
    return Quantity(text, value=low, value_max=high, comparator=_comparator(match), suffix=unit)


def split_slashed(text: str) -> list[str]:
    """Cut a cell holding several slash-separated entries: "100/200" → ["100", "200"], "3/-" → ["3", "-"]."""
    return [part.strip() for part in _SLASH.split(text)]


def is_numeric(text: str) -> bool:
    """True when the cell holds one number (also a range, bound, percentage or power of ten)."""
    return parse_quantity(text).value is not None


def split_qualified_count(text: str) -> tuple[str | None, Quantity]:
    """A count with a leading qualifier: "伴生铜3" → ("伴生铜", 3), "非伴生矿17" → ("非伴生矿", 17).

    A plain number ("18") has no qualifier; text without a trailing number gives value None.
    """
    quantity = parse_quantity(text)
    match = _QUALIFIED.fullmatch(_normalize(text))
    if quantity.value is not None or match is None:
        return None, quantity
    return match["qualifier"].strip(), parse_quantity(match["count"])
