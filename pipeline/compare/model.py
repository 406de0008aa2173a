"""What comparison produces: a finding names both places (plan, box, row) and both values."""

from __future__ import annotations

from dataclasses import dataclass

from models.codes import FindingKind


@dataclass(frozen=True)
class Place:
    plan_id: int
    box_id: int | None = None
    row: int | None = None


@dataclass(frozen=True)
class Finding:
    kind: FindingKind  # docs/schema.md's finding kinds (pipeline/compare/rules.py)
    subject: str
    expected: str | None
    actual: str | None
    message: str
    place: Place
    other: Place | None = None
    quote: str | None = None  # the text printed at `place`: a sentence, or a box row's cells
    other_quote: str | None = None

    def row(self) -> dict[str, object]:
        other = self.other or Place(plan_id=self.place.plan_id)
        return {
            "plan_id": self.place.plan_id,
            "box_id": self.place.box_id,
            "row": self.place.row,
            "other_plan_id": other.plan_id if self.other and other.plan_id != self.place.plan_id else None,
            "other_box_id": other.box_id if self.other else None,
            "other_row": other.row if self.other else None,
            "kind": self.kind,
            "subject": self.subject,
            "expected": self.expected,
            "actual": self.actual,
            "message": self.message,
            "quote": self.quote,
            "other_quote": self.other_quote,
        }


def fmt(value: float | None) -> str | None:
    """A number as a person would print it: 393, 42.41, 6072.8."""
    if value is None:
        return None
    return f"{value:.6f}".rstrip("0").rstrip(".")


def fmt_at(value: float, places: int) -> str:
    """A computed number at a printed precision: 371.0 for a sum of one-decimal parts."""
    return f"{value:.{places}f}"
