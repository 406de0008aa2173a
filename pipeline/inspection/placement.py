"""Which numeric cells of a box landed in a typed record: the one rule coverage and inspect share.

A numeric cell is a body cell (not a header) holding a number, outside a 序号
column (a column whose header cell names the seq role).  A record of the same box
row placed it when the record carries the cell's printed text (value_text,
area_text …) or its number (a count, an area).  Records come from the database
(pipeline/inspection/coverage.py) or from a ParsedPlan in memory (pipeline/inspection/view.py);
both fill RowContent the same way: every ``*_text`` value and every number that is
not a key (box, row, col).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Any

from models.records import Records
from parsers.words.lexicon import role_of
from parsers.words.text import compact
from parsers.words.values import is_numeric, parse_quantity

KEYS = frozenset({"plan_id", "box_id", "box", "row", "col"})


@dataclass(frozen=True)
class GridCell:
    box: int  # box number (or id: any key that is the same for one box)
    row: int
    col: int
    text: str
    is_header: bool


@dataclass
class RowContent:
    """What the records of one box row carry: their printed texts and their numbers."""

    texts: set[str] = field(default_factory=set)
    numbers: list[float] = field(default_factory=list)

    def add(self, name: str, value: Any) -> None:
        """Take one record field: a ``*_text`` string or a number that is not a key."""
        if name in KEYS or value is None or isinstance(value, bool):
            return
        if name.endswith("_text") and isinstance(value, str) and value:
            self.texts.add(compact(value))
        elif isinstance(value, int | float):
            self.numbers.append(value)

    def holds(self, text: str) -> bool:
        if compact(text) in self.texts:
            return True
        value = parse_quantity(text).value
        return value is not None and any(math.isclose(value, n, rel_tol=1e-9) for n in self.numbers)


Content = defaultdict[tuple[int, int], RowContent]  # (box, row) → what its records carry


def numeric_cells(cells: Iterable[GridCell]) -> list[GridCell]:
    cells = list(cells)
    seq_cols = {(c.box, c.col) for c in cells if c.is_header and role_of(compact(c.text)) == "seq"}
    return [c for c in cells if not c.is_header and (c.box, c.col) not in seq_cols and is_numeric(c.text)]


def unplaced(numeric: Iterable[GridCell], content: Content) -> list[GridCell]:
    """The numeric cells no record of their row carries."""
    return [c for c in numeric if not content[(c.box, c.row)].holds(c.text)]


def records_content(records: Records) -> Content:
    """What the in-memory records of a plan carry, by (box number, row)."""
    content: Content = defaultdict(RowContent)
    for record in records:
        row = content[(record.box, record.row)]
        for f in fields(record):
            row.add(f.name, getattr(record, f.name))
    return content
