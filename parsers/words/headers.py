"""What a table's header rows look like, shared by the readers, the flat-table structure and the layout.

A header is at most MAX_HEADER_ROWS rows: after the first, a row continues the
header while it holds a label under a merged (spanning) cell of the row above
and is a label row (short labels, no numbers; a year such as 2025年 may be).
"""

from __future__ import annotations

from models.document import Cell
from parsers.words.text import compact
from parsers.words.values import is_numeric

MAX_HEADER_ROWS = 3
_MAX_HEADER_LABEL = 12


def continues_header(above: list[Cell], row: list[Cell]) -> bool:
    """Whether row is a further header row under above: a label row with a label under a merged cell."""
    spans = [(c.col, c.col + c.col_span) for c in above if c.col_span > 1]
    under_span = any(start <= c.col < end for c in row if c.text.strip() for start, end in spans)
    return under_span and is_label_row(row)


def is_label_row(row: list[Cell]) -> bool:
    """Whether every printed cell of row is a short label and none a number (a year such as 2025年 may be)."""
    texts = [compact(c.text) for c in row if c.text.strip()]
    return (
        all(len(t) <= _MAX_HEADER_LABEL for t in texts)
        and not any(is_numeric(c.text) and compact(c.text).isdigit() for c in row)
        and not any(is_numeric(c.text) for c in row if not c.text.strip().endswith("年"))
    )
