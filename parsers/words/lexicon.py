"""The word lists of models/vocab that name what a printed label means, shared by every stage.

A column's role from its header words (column_roles.csv: the first matching role
in file order), a total row (合计, 汇总 …), an indicator's words (indicator_words.csv:
measure, period, attribute, the count and area words prose uses) and a zone's
type and level (zone_types.csv).  The readers, the interpreters, the comparison
and the coverage check all read labels through these, so a word added to a CSV
means the same everywhere.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from models.codes import ColumnRole, ZoneType
from models.vocabulary import vocab_rows, word_lists
from parsers.words.text import alternation, compact


def _patterns(table: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each value of a word table with one pattern that finds any of its words: a search of it is
    `any(w in text for w in words)` in one pass of the regex engine instead of a search a word."""
    return tuple((value, re.compile(alternation(words))) for value, words in table)


@cache
def _role_patterns() -> tuple[tuple[ColumnRole, re.Pattern[str]], ...]:
    table = _patterns(word_lists("column_roles.csv", "role"))
    return tuple((ColumnRole(role), pattern) for role, pattern in table)


@lru_cache(maxsize=8192)  # labels repeat across boxes and plans; matching them is a hot path
def role_of(label: str) -> ColumnRole | None:
    """The role of a header label (column_roles.csv), the first in file order whose word it holds."""
    return next((role for role, pattern in _role_patterns() if pattern.search(label)), None)


def roles() -> list[ColumnRole]:
    """Every column role, in file order."""
    return [role for role, _ in _role_patterns()]


def is_total(text: str) -> bool:
    """合计, 合 计, 汇总, 省、市级以上颁证汇总 …"""
    return bool(text.strip()) and role_of(compact(text)) == ColumnRole.TOTAL


@cache
def _indicator_words() -> dict[str, tuple[tuple[str, str], ...]]:
    table: dict[str, list[tuple[str, str]]] = {}
    for row in vocab_rows("indicator_words.csv"):
        table.setdefault(row["field"], []).append((row["word"], row["value"]))
    return {k: tuple(v) for k, v in table.items()}


def indicator_word(field: str, text: str) -> str | None:
    """The value of the first word of that field (models/vocab/indicator_words.csv) the text contains."""
    return next((value for word, value in _indicator_words()[field] if word in text), None)


def zone_words(field: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(value, words) of one field of zone_types.csv (zone_type, level, label), in file order."""
    return word_lists("zone_types.csv", "value", where=("field", field))


def _zone_value(field: str, text: str) -> str | None:
    """The first value of the field (in file order) one of whose words the text contains."""
    words = compact(text)
    return next((value for value, pattern in _zone_patterns(field) if pattern.search(words)), None)


@cache
def _zone_patterns(field: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return _patterns(zone_words(field))


def zone_type_of(text: str) -> ZoneType | None:
    """重点勘查区 → key_exploration, 喀什伽师-玉其铜矿国家规划矿区 → national_planning_area …"""
    found = _zone_value("zone_type", text)
    return ZoneType(found) if found else None


def level_of(text: str) -> str | None:
    """国家级 → national, 自治区\\n规划区 → province, 地区级 → prefecture …"""
    return _zone_value("level", text)
