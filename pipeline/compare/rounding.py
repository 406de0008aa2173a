"""When a printed total agrees with its parts: within rounding of the finest printed decimal.

A total of n parts may differ from their sum by (n + 1) × half a unit of the
finest decimal printed among the total and its parts; when all of them are
integers they must match exactly.
"""

from __future__ import annotations

from parsers.text import compact


def decimals(text: str | None) -> int:
    digits = compact(text or "")
    return len(digits.split(".", 1)[1].rstrip("%")) if "." in digits else 0


def agrees(total: float, total_text: str | None, parts: list[float], part_texts: list[str | None]) -> bool:
    places = max(decimals(t) for t in [total_text, *part_texts])
    difference = abs(total - sum(parts))
    if places == 0:
        return difference < 1e-9
    return difference <= (len(parts) + 1) * 0.5 * 10.0**-places + 1e-9
