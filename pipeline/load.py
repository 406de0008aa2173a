"""Write one ParsedPlan to the database in one transaction, as a new version of its plan.

A document already there (same sha256) is skipped.  A revised plan — same region
and plan period, other content — becomes the next version: the earlier versions
stay (plan_all …) and stop being the latest, which the contract views show.
Concurrent loads are serialized per plan key (PostgreSQL advisory lock; SQLite
takes its write lock when the transaction begins), so two runs neither duplicate
a document nor leave two latest versions.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import UTC, datetime
from functools import cache
from typing import Literal

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from models.document import Box, ParsedPlan, Section
from models.orm import RECORD_TABLES, BoxCell, BoxRow, Plan, SectionRow, ZoneMineralRow, ZoneRow
from models.records import Records
from pipeline import locks


@dataclass
class LoadResult:
    plan_id: int
    status: Literal["loaded", "skipped"]
    sections: int
    boxes: int
    cells: int


def load_plan(engine: Engine, plan: ParsedPlan) -> LoadResult:
    counts = (len(plan.sections), len(plan.boxes), sum(len(b.cells) for b in plan.boxes))
    with Session(engine) as session, session.begin():
        locks.hold(session, locks.plan_lock(_plan_key(plan)))
        existing = known_document(session, plan.source.sha256)
        if existing is not None:
            return LoadResult(existing.plan_id, "skipped", *counts)
        row = _plan_row(plan, _next_version(session, plan))
        session.add(row)
        sections = _section_rows(row, plan.sections)
        session.add_all(sections)
        boxes = [_box_row(row, box, sections) for box in plan.boxes]
        session.add_all(boxes)
        session.flush()
        cells = [_cell_dict(box_row.box_id, box) for box_row, box in zip(boxes, plan.boxes, strict=True)]
        flat = [c for group in cells for c in group]
        if flat:
            session.connection().execute(BoxCell.__table__.insert(), flat)
        box_ids = {box.number: box_row.box_id for box_row, box in zip(boxes, plan.boxes, strict=True)}
        _insert_records(session, row.plan_id, box_ids, plan.records)
        return LoadResult(row.plan_id, "loaded", *counts)


def known_document(session: Session, sha256: str) -> Plan | None:
    """The plan of a document already loaded with these bytes, if any."""
    return session.scalar(select(Plan).where(Plan.source_sha256 == sha256))


def _plan_key(plan: ParsedPlan) -> str:
    meta = plan.meta
    if meta.region is None:
        return plan.source.sha256
    return f"{meta.region}|{meta.base_year}|{meta.target_year}"


def _next_version(session: Session, plan: ParsedPlan) -> int:
    """1 for a new plan; else one more than its versions so far, which stop being the latest."""
    meta = plan.meta
    if meta.region is None:
        return 1
    same = (
        Plan.region == meta.region,
        Plan.base_year == meta.base_year,
        Plan.target_year == meta.target_year,
    )
    previous = session.scalars(select(Plan).where(*same)).all()
    for earlier in previous:
        earlier.is_latest = False
    return 1 + max((p.version for p in previous), default=0)


def _plan_row(plan: ParsedPlan, version: int) -> Plan:
    meta, source = plan.meta, plan.source
    return Plan(
        version=version,
        is_latest=True,
        title=meta.title,
        region=meta.region,
        region_level=meta.region_level,
        parent_region=meta.parent_region,
        base_year=meta.base_year,
        target_year=meta.target_year,
        vision_year=meta.vision_year,
        source_path=source.path,
        source_format=source.format,
        source_sha256=source.sha256,
        reader=source.reader,
        ingested_at=datetime.now(UTC),
    )


def _section_rows(plan: Plan, sections: list[Section]) -> list[SectionRow]:
    rows: list[SectionRow] = []
    for s in sections:
        rows.append(
            SectionRow(
                plan=plan,
                parent=rows[s.parent] if s.parent is not None else None,
                level=s.level,
                label=s.label,
                title=s.title,
                ordinal=s.ordinal,
                text=s.text,
                line=s.line,
            )
        )
    return rows


def _box_row(plan: Plan, box: Box, sections: list[SectionRow]) -> BoxRow:
    return BoxRow(
        plan=plan,
        section=sections[box.section] if box.section is not None else None,
        number=box.number,
        label=box.label,
        title=box.title,
        kind=box.kind,
        n_rows=box.n_rows,
        n_cols=box.n_cols,
        note=box.note,
        page=box.page,
        line=box.line,
    )


def _cell_dict(box_id: int, box: Box) -> list[dict[str, object]]:
    return [
        {
            "box_id": box_id,
            "row": c.row,
            "col": c.col,
            "text": c.text,
            "is_header": c.is_header,
            "row_span": c.row_span,
            "col_span": c.col_span,
            "page": c.page,
            "line": c.line,
        }
        for c in box.cells
    ]


def _insert_records(session: Session, plan_id: int, box_ids: dict[int, int], records: Records) -> None:
    for field in fields(records):
        items = getattr(records, field.name)
        if not items:
            continue
        table = RECORD_TABLES[field.name]
        rows = [_record_dict(plan_id, box_ids, item) for item in items]
        connection = session.connection()  # Core inserts: no ORM bookkeeping for thousands of rows
        if table is not ZoneRow:
            connection.execute(table.__table__.insert(), rows)
            continue
        returning = ZoneRow.__table__.insert().returning(ZoneRow.zone_id, sort_by_parameter_order=True)
        zone_ids = connection.execute(returning, rows).scalars().all()
        minerals = [
            {"zone_id": zone_id, "ordinal": i, "mineral": m.mineral, "mineral_text": m.mineral_text}
            for zone_id, zone in zip(zone_ids, items, strict=True)
            for i, m in enumerate(zone.minerals)
        ]
        if minerals:
            connection.execute(ZoneMineralRow.__table__.insert(), minerals)


def _record_dict(plan_id: int, box_ids: dict[int, int], record: object) -> dict[str, object]:
    """The record's columns (a shallow copy: dataclasses.asdict deep-copies, a third of a load's time)."""
    values = {name: getattr(record, name) for name in _column_fields(type(record))}
    return {"plan_id": plan_id, "box_id": box_ids[values.pop("box")], **values}


@cache
def _column_fields(record_type: type) -> tuple[str, ...]:
    """A record type's fields that are columns of its table (a zone's minerals are rows of their own)."""
    return tuple(f.name for f in fields(record_type) if f.name != "minerals")
