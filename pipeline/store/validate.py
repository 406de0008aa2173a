"""Check a parsed plan against what the schema's columns hold, before the database sees any of it.

SQLite keeps whatever it is given (a 17-character heading numeral in a
VARCHAR(16), a NUL inside text) and fails only past 64-bit integers; PostgreSQL
refuses each of these with an error that quotes the whole SQL statement.  So
every value bound for a column is checked here against the stricter of the two:
text without NUL characters or unpaired surrogates, strings within their
VARCHAR length, integers within the column's type (INTEGER: 32 bits), floats
finite.  The first value that fails rejects the plan with a reason naming where
it is in the document; nothing is written, and the outcome is the same on
both backends.

The values are read from the plan's dataclasses by column name, the names the
loader (pipeline/store/load.py) writes them under.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from sqlalchemy import BigInteger, Column, Float, Integer, SmallInteger, String, Table

from models.document import ParsedPlan
from models.orm import RECORD_TABLES, BoxCell, BoxRow, Plan, SectionRow, ZoneMineralRow
from parsers.read.base import DocumentError
from parsers.words.text import printable

_INTEGER_BITS = ((BigInteger, 64), (SmallInteger, 16), (Integer, 32))
_PREVIEW = 24  # characters of an offending text quoted in the reason


def check_plan(plan: ParsedPlan) -> None:
    """DocumentError for the first value of the plan that a column of the schema does not hold."""
    for table, item, where in _values(plan):
        for column in table.columns:
            if hasattr(item, column.name):
                problem = _problem(column, getattr(item, column.name))
                if problem:
                    raise DocumentError(plan.source.path, f"{where}: {problem}")


def _values(plan: ParsedPlan) -> Iterator[tuple[Table, object, str]]:
    """Each object of the plan with the table it is written to and where it is in the document."""
    yield Plan.__table__, plan.meta, "the plan's title"
    for section in plan.sections:
        yield SectionRow.__table__, section, f"the section headed at line {section.line}"
    for box in plan.boxes:
        yield BoxRow.__table__, box, box.name
        for cell in box.cells:
            yield BoxCell.__table__, cell, f"{box.name} (row {cell.row + 1}, column {cell.col + 1})"
    names = {box.number: box.name for box in plan.boxes}
    for name, row_type in RECORD_TABLES.items():
        for record in getattr(plan.records, name):
            where = f"{names.get(record.box, record.box)} (row {record.row + 1})"
            yield row_type.__table__, record, where
            for mineral in getattr(record, "minerals", ()):
                yield ZoneMineralRow.__table__, mineral, where


def _problem(column: Column, value: object) -> str | None:
    """Why the column cannot hold the value the same way on SQLite and PostgreSQL, or None."""
    if isinstance(value, str):
        return _text_problem(column, value)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int) and isinstance(column.type, Integer):
        bits = next(bits for kind, bits in _INTEGER_BITS if isinstance(column.type, kind))
        if not -(2 ** (bits - 1)) <= value < 2 ** (bits - 1):
            return f"its {_name(column)} ({_magnitude(value)}) is a larger number than the database holds"
    if isinstance(value, int | float) and isinstance(column.type, Float) and not _finite(value):
        return f"its {_name(column)} is a number out of any range the database holds"
    return None


def _text_problem(column: Column, text: str) -> str | None:
    quoted = printable(text[:_PREVIEW]) + ("…" if len(text) > _PREVIEW else "")
    if "\x00" in text:
        return f"a NUL character in its {_name(column)} ({quoted}): the file is damaged; re-export it"
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
        return f"its {_name(column)} is not valid Unicode text ({quoted}): the file is damaged; re-export it"
    length = column.type.length if isinstance(column.type, String) else None
    if length is not None and len(text) > length:
        return (
            f"its {_name(column)} {quoted!r} is {len(text)} characters long, more than the {length} "
            "the database keeps: correct it in the document"
        )
    return None


def _name(column: Column) -> str:
    return column.name.replace("_", " ")


def _magnitude(value: int) -> str:
    """A huge integer, short (Python will not even print one of over 4,300 digits)."""
    try:
        return f"{float(value):.3g}"
    except OverflowError:
        return f"a number of about {round(abs(value).bit_length() * math.log10(2))} digits"


def _finite(value: float) -> bool:
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer too large for a float
        return False
