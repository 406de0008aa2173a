"""Contract checks: hold a database to the hand-checked facts in tests/golden/contract_checks.json.

Each check is SQL over the public contract (docs/schema.md) with the rows it must return. Strings
compare after NFC normalisation with whitespace removed, numbers within 1e-6 (relative), booleans
as 0/1, rows in any order unless the check is `ordered`. Used by `mrplans check` and the tests.
"""

from __future__ import annotations

import json
import math
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

import pipeline

GOLDEN_CHECKS = Path(pipeline.__file__).resolve().parent.parent / "tests" / "golden" / "contract_checks.json"


@dataclass(frozen=True)
class CheckResult:
    """One contract check: its id, whether it held, and what the database returned."""

    id: str
    held: bool
    got: str


def load_checks(path: Path = GOLDEN_CHECKS) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def _norm(value: object) -> object:
    if isinstance(value, str):
        return "".join(unicodedata.normalize("NFC", value).split())
    if isinstance(value, bool):
        return int(value)
    if value is None:
        return None
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return value


def _same(a: object, b: object) -> bool:
    a, b = _norm(a), _norm(b)
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-6)
    return a == b


def _row_matches(got: tuple, want: tuple) -> bool:
    return len(got) == len(want) and all(map(_same, got, want))


def rows_equal(got: list[tuple], want: list[tuple], ordered: bool) -> bool:
    """True when the rows match: in order when `ordered`, else as a multiset."""
    if len(got) != len(want):
        return False
    if ordered:
        return all(map(_row_matches, got, want))
    left = list(got)
    for row in want:
        hit = next((g for g in left if _row_matches(g, row)), None)
        if hit is None:
            return False
        left.remove(hit)
    return True


def run_checks(engine: Engine, checks: list[dict]) -> list[CheckResult]:
    """Run every check in its own connection, so one failing statement does not hide the rest."""
    results = []
    for check in checks:
        try:
            with engine.connect() as con:
                got = [tuple(row) for row in con.execute(text(check["sql"]))]
        except SQLAlchemyError as err:
            first = str(getattr(err, "orig", err)).splitlines()[0]
            results.append(CheckResult(check["id"], False, f"error: {first}"))
            continue
        held = rows_equal(got, [tuple(row) for row in check["expect"]], check["ordered"])
        results.append(CheckResult(check["id"], held, repr(got)))
    return results
