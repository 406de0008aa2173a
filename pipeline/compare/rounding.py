"""When printed figures agree within rounding.

* A total of n parts may differ from their sum by (n + 1) × half a unit of the
  finest decimal printed among the total and its parts; when all of them are
  integers they must match exactly.
* Two prints of one figure agree when they are equal at the coarser of their two
  printed precisions: 3.5 and 3.48 (3.48 rounds to 3.5), not 51.83 and 51.82.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from parsers.words.text import compact


def decimals(text: str | None) -> int:
    digits = compact(text or "")
    return len(digits.split(".", 1)[1].rstrip("%")) if "." in digits else 0


def agrees(total: float, total_text: str | None, parts: list[float], part_texts: list[str | None]) -> bool:
    places = max(decimals(t) for t in [total_text, *part_texts])
    difference = abs(total - sum(parts))
    if places == 0:
        return difference < 1e-9
    return difference <= (len(parts) + 1) * 0.5 * 10.0**-places + 1e-9


def same_at_coarser_precision(a: float, a_text: str | None, b: float, b_text: str | None) -> bool:
    places = min(decimals(a_text), decimals(b_text))
    return _rounded(a, places) == _rounded(b, places)


def _rounded(value: float, places: int) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
