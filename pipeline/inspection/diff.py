"""`mrplans diff REGION`: what changed between two versions of a region's plan.

Boxes added or removed (by 专栏 number), box titles changed, and every printed
cell whose text changed, was added or was removed — the grid is what the plan
prints, so a changed value shows as its cell.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from models.orm import BoxCell, BoxRow, Plan


@dataclass(frozen=True)
class Change:
    box: int
    what: str  # box added, box removed, title, cell
    where: str
    before: str | None
    after: str | None

    def __str__(self) -> str:
        return f"专栏{self.box} {self.where}: {self.before or '∅'} → {self.after or '∅'}"


class DiffError(Exception):
    """The versions asked for are not in the database."""


class OneVersion(Exception):
    """The region's plan has one version so far: nothing changed."""


def versions(engine: Engine, region: str) -> list[Plan]:
    with Session(engine) as session:
        return list(session.scalars(select(Plan).where(Plan.region == region).order_by(Plan.version)))


def diff_versions(
    engine: Engine, region: str, old: int | None = None, new: int | None = None
) -> list[Change]:
    """Changes from version `old` to version `new` (default: the two latest); OneVersion when the
    region has one version and no versions were asked for."""
    found = {p.version: p for p in versions(engine, region)}
    if not found:
        raise DiffError(f"{region}: no plan of this region in the database (see the region column of plan)")
    if len(found) == 1 and old is None and new is None:
        [only] = found.values()
        raise OneVersion(
            f"{region}: one version in the database (version {only.version}, {only.source_path}), so "
            "nothing changed; a revised plan ingested later becomes version 2"
        )
    ordered = sorted(found)
    new = new if new is not None else ordered[-1]
    earlier = [v for v in ordered if v < new]
    old = old if old is not None else (earlier[-1] if earlier else new)
    if old not in found or new not in found or old == new:
        raise DiffError(f"{region}: versions are {ordered}")
    with Session(engine) as session:
        before, after = _boxes(session, found[old].plan_id), _boxes(session, found[new].plan_id)
    changes = [
        Change(n, "box removed", "box", before[n][0], None) for n in sorted(before.keys() - after.keys())
    ]
    changes += [
        Change(n, "box added", "box", None, after[n][0]) for n in sorted(after.keys() - before.keys())
    ]
    for number in sorted(before.keys() & after.keys()):
        (title_a, cells_a), (title_b, cells_b) = before[number], after[number]
        if title_a != title_b:
            changes.append(Change(number, "title", "title", title_a, title_b))
        for key in sorted(cells_a.keys() | cells_b.keys()):
            if cells_a.get(key) != cells_b.get(key):
                changes.append(
                    Change(number, "cell", f"row {key[0]} col {key[1]}", cells_a.get(key), cells_b.get(key))
                )
    return changes


def _boxes(session: Session, plan_id: int) -> dict[int, tuple[str, dict[tuple[int, int], str]]]:
    boxes = {b.box_id: b for b in session.scalars(select(BoxRow).where(BoxRow.plan_id == plan_id))}
    grids: dict[int, dict[tuple[int, int], str]] = {b.number: {} for b in boxes.values()}
    for cell in session.scalars(select(BoxCell).where(BoxCell.box_id.in_(boxes))):
        grids[boxes[cell.box_id].number][(cell.row, cell.col)] = cell.text
    return {b.number: (b.title, grids[b.number]) for b in boxes.values()}
