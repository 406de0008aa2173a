"""Write one ParsedPlan to the database in one transaction, as a new version of its plan.

A document already there (same sha256) is skipped; with `reprocess`, only when it
was read the same way (same reading digest) or its version has been superseded.  A
revised plan — same region (by its code) and plan period, other content — becomes
the next version: the earlier versions stay (plan_all …) and stop being the latest,
which the contract views show.  A plan whose region is unknown is identified by its
title and period instead, so two different plans never become versions of each
other.  Every table is written with one bulk statement (COPY on PostgreSQL,
executemany elsewhere) on the driver's own cursor, its rows tuples in a fixed column
order, the ids that children refer to reserved first (`_new_ids`); only the plan's
own row goes through SQLAlchemy Core.
Concurrent loads are serialized per plan key (PostgreSQL advisory lock; SQLite
takes its write lock when the transaction begins), so two runs neither duplicate
a document nor leave two latest versions.
"""

from __future__ import annotations

import hashlib
from contextlib import closing
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from functools import cache, lru_cache
from operator import attrgetter
from typing import Any, Literal

from sqlalchemy import Column, Connection, Dialect, Engine, Row, Table, func, insert, select, update
from sqlalchemy.orm import Session

from models.document import Box, ParsedPlan, PlanMeta, Section
from models.orm import (
    RECORD_TABLES,
    BoxCell,
    BoxRow,
    Plan,
    RecordMineralRow,
    SectionRow,
    ZoneMineralRow,
    ZoneRow,
)
from models.records import Records
from models.vocabulary import normalize
from pipeline.store import locks


@dataclass
class LoadResult:
    plan_id: int
    status: Literal["loaded", "skipped"]
    sections: int
    boxes: int
    cells: int


def load_plan(engine: Engine, plan: ParsedPlan, reprocess: bool = False) -> LoadResult:
    """Load `plan` as a new version; skipped when its bytes are loaded already, or, with `reprocess`,
    when they are and were read the same way (or belong to a version since superseded)."""
    counts = (len(plan.sections), len(plan.boxes), sum(len(b.cells) for b in plan.boxes))
    reading = reading_digest(plan)
    with engine.begin() as connection:  # Core throughout: one bulk statement per table
        locks.hold(connection, locks.plan_lock(_plan_key(plan)))
        existing = known_document(connection, plan.source.sha256)
        if existing is not None and (
            not reprocess or not existing.is_latest or existing.reading_sha256 == reading
        ):
            return LoadResult(existing.plan_id, "skipped", *counts)
        plan_id = _insert_plan(connection, plan, _next_version(connection, plan), reading)
        section_ids = _insert_sections(connection, plan_id, plan.sections)
        box_ids = _insert_boxes(connection, plan_id, plan.boxes, section_ids)
        _insert_cells(connection, box_ids, plan.boxes)
        numbered = {box.number: box_id for box, box_id in zip(plan.boxes, box_ids, strict=True)}
        _insert_records(connection, plan_id, numbered, _ocr_rows(plan.boxes), plan.records)
        return LoadResult(plan_id, "loaded", *counts)


def known_document(bind: Connection | Session, sha256: str) -> Row[Any] | None:
    """A document already loaded with these bytes, if any: its latest version's plan_id, title, region,
    is_latest and reading_sha256."""
    plans = Plan.__table__.c
    query = select(plans.plan_id, plans.title, plans.region, plans.is_latest, plans.reading_sha256)
    query = query.where(plans.source_sha256 == sha256).order_by(plans.is_latest.desc(), plans.version.desc())
    return bind.execute(query.limit(1)).first()


def reading_digest(plan: ParsedPlan) -> str:
    """SHA-256 of what was read from a document (facts, outline, boxes with their cells, records), so
    that `ingest --reprocess` can tell whether a new reading of the same bytes differs."""
    return hashlib.sha256(repr((plan.meta, plan.sections, plan.boxes, plan.records)).encode()).hexdigest()


def _plan_key(plan: ParsedPlan) -> str:
    meta = plan.meta
    return f"{_identity(meta)}|{meta.base_year}|{meta.target_year}"


def _identity(meta: PlanMeta) -> str:
    """What makes two documents versions of one plan, with its period: the region's code, else the
    title (a plan whose region is unknown is never filed under another plan's region)."""
    if meta.region_code is not None:
        return meta.region_code
    if meta.region is not None:
        return f"region:{meta.region}"
    return f"title:{normalize(meta.title)}"


def _next_version(connection: Connection, plan: ParsedPlan) -> int:
    """1 for a new plan; else one more than its versions so far, which stop being the latest."""
    meta, plans = plan.meta, Plan.__table__.c
    same = [plans.base_year == meta.base_year, plans.target_year == meta.target_year]
    if meta.region_code is not None:
        same.append(plans.region_code == meta.region_code)
    else:
        same += [plans.region_code.is_(None), plans.region == meta.region]
    query = select(plans.plan_id, plans.title, plans.version).where(*same)
    previous = [p for p in connection.execute(query) if _same_title(p.title, meta)]
    if previous:
        ids = [p.plan_id for p in previous]
        connection.execute(update(Plan.__table__).where(plans.plan_id.in_(ids)).values(is_latest=False))
    return 1 + max((p.version for p in previous), default=0)


def _same_title(title: str, meta: PlanMeta) -> bool:
    """A plan known by its region is the same whatever its title; one without, only by its title."""
    return meta.region is not None or normalize(title) == normalize(meta.title)


def _insert_plan(connection: Connection, plan: ParsedPlan, version: int, reading: str) -> int:
    """Insert the plan's row, the latest version; its id."""
    meta, source = plan.meta, plan.source
    row = {
        "version": version,
        "is_latest": True,
        "title": meta.title,
        "region": meta.region,
        "region_code": meta.region_code,
        "region_level": meta.region_level,
        "parent_region": meta.parent_region,
        "base_year": meta.base_year,
        "target_year": meta.target_year,
        "vision_year": meta.vision_year,
        "source_path": source.path,
        "source_format": source.format,
        "source_sha256": source.sha256,
        "reader": source.reader,
        "reading_sha256": reading,
        "ingested_at": datetime.now(UTC),
    }
    return connection.execute(insert(Plan.__table__).values(row)).inserted_primary_key[0]


SECTION_COLUMNS = ("section_id", "plan_id", "parent_id", "level", "label", "title", "ordinal", "text", "line")
BOX_COLUMNS = (
    "box_id",
    "plan_id",
    "section_id",
    "number",
    "label",
    "title",
    "kind",
    "n_rows",
    "n_cols",
    "note",
    "page",
    "line",
)
CELL_FIELDS = (
    "row",
    "col",
    "text",
    "is_header",
    "row_span",
    "col_span",
    "page",
    "line",
    "ocr",
    "ocr_confidence",
)
ZONE_MINERAL_COLUMNS = ("zone_id", "ordinal", "mineral", "mineral_text")
RECORD_MINERAL_COLUMNS = ("plan_id", "record_table", "record_id", "ordinal", "mineral", "mineral_text")


def _insert_sections(connection: Connection, plan_id: int, sections: list[Section]) -> list[int]:
    """Insert the plan's sections in one statement, outline depth by depth (ids ascend from the top
    level down, as the ORM's flush gave them; parents are written before their children); their
    ids, in document order."""
    depth: list[int] = []
    for s in sections:
        depth.append(0 if s.parent is None else depth[s.parent] + 1)
    order = sorted(range(len(sections)), key=lambda i: (depth[i], i))
    ids = [0] * len(sections)
    for i, section_id in zip(
        order, _new_ids(connection, SectionRow.__table__.c.section_id, len(order)), strict=True
    ):
        ids[i] = section_id
    rows = [
        (
            ids[i],
            plan_id,
            None if s.parent is None else ids[s.parent],
            s.level,
            s.label,
            s.title,
            s.ordinal,
            s.text,
            s.line,
        )
        for i in order
        for s in (sections[i],)
    ]
    bulk_insert(connection, SectionRow.__table__, SECTION_COLUMNS, rows)
    return ids


def _insert_boxes(
    connection: Connection, plan_id: int, boxes: list[Box], section_ids: list[int]
) -> list[int]:
    """Insert the plan's boxes; their ids, in order."""
    box_ids = _new_ids(connection, BoxRow.__table__.c.box_id, len(boxes))
    rows = [
        (
            box_id,
            plan_id,
            None if box.section is None else section_ids[box.section],
            box.number,
            box.label,
            box.title,
            box.kind,
            box.n_rows,
            box.n_cols,
            box.note,
            box.page,
            box.line,
        )
        for box_id, box in zip(box_ids, boxes, strict=True)
    ]
    bulk_insert(connection, BoxRow.__table__, BOX_COLUMNS, rows)
    return box_ids


def _insert_cells(connection: Connection, box_ids: list[int], boxes: list[Box]) -> None:
    values = attrgetter(*CELL_FIELDS)
    rows = [(box_id, *values(c)) for box_id, box in zip(box_ids, boxes, strict=True) for c in box.cells]
    bulk_insert(connection, BoxCell.__table__, ("box_id", *CELL_FIELDS), rows)


def _ocr_rows(boxes: list[Box]) -> frozenset[tuple[int, int]]:
    """(box number, row) of every box row with a cell read by OCR: its records are marked `ocr`."""
    return frozenset(
        (box.number, r) for box in boxes for c in box.cells if c.ocr for r in range(c.row, c.row + c.row_span)
    )


def _insert_records(
    connection: Connection,
    plan_id: int,
    box_ids: dict[int, int],
    ocr_rows: frozenset[tuple[int, int]],
    records: Records,
) -> None:
    for field in fields(records):
        items = getattr(records, field.name)
        if not items:
            continue
        table = RECORD_TABLES[field.name]
        names = _value_fields(type(items[0]))
        values = attrgetter(*names)
        columns = ("plan_id", "box_id", *names, "ocr")
        rows = [
            (plan_id, box_ids[item.box], *values(item), (item.box, item.row) in ocr_rows) for item in items
        ]
        named: list[tuple[int, int, Any]] = []  # (record id, ordinal, mineral) of records naming several
        if any(item.minerals for item in items):  # their minerals are rows of their own: ids needed first
            key = table.__table__.primary_key.columns.values()[0]
            ids = _new_ids(connection, key, len(rows))
            columns = (*columns, key.name)
            rows = [(*row, record_id) for row, record_id in zip(rows, ids, strict=True)]
            named = [
                (i, n, m) for i, item in zip(ids, items, strict=True) for n, m in enumerate(item.minerals)
            ]
        bulk_insert(connection, table.__table__, columns, rows)
        if table is ZoneRow:
            minerals = [(i, n, m.mineral, m.mineral_text) for i, n, m in named]
            bulk_insert(connection, ZoneMineralRow.__table__, ZONE_MINERAL_COLUMNS, minerals)
            continue
        view = table.__tablename__.removesuffix("_all")
        minerals = [(plan_id, view, i, n, m.mineral, m.mineral_text) for i, n, m in named]
        bulk_insert(connection, RecordMineralRow.__table__, RECORD_MINERAL_COLUMNS, minerals)


def bulk_insert(
    connection: Connection, table: Table, columns: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> None:
    """One bulk insert of the rows (values in the order of `columns`), if any, by the driver itself on
    the load's connection: COPY through psycopg (whose executemany would send one INSERT a row),
    executemany elsewhere.  The values are ints, floats, strings, booleans and NULLs, which the
    drivers take as they are: SQLAlchemy's statement execution and per-row parameter processing
    would be most of the time a load spends beyond the driver's."""
    if not rows:
        return
    statement = _statement(connection.dialect, table.name, columns)
    with closing(connection.connection.cursor()) as cursor:
        if connection.dialect.driver != "psycopg":
            cursor.executemany(statement, rows)
            return
        with cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)


@lru_cache(maxsize=256)
def _statement(dialect: Dialect, table: str, columns: tuple[str, ...]) -> str:
    """The statement `bulk_insert` sends for these columns of the table, written once per database kind:
    COPY … FROM STDIN through psycopg, INSERT … VALUES (?, …) elsewhere."""
    quote = dialect.identifier_preparer.quote
    names = ", ".join(map(quote, columns))
    if dialect.driver == "psycopg":
        return f"COPY {quote(table)} ({names}) FROM STDIN"
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    return f"INSERT INTO {quote(table)} ({names}) VALUES ({', '.join(marker for _ in columns)})"


def _new_ids(connection: Connection, key: Column[int], n: int) -> list[int]:
    """n new ids for the key column, ascending: the sequence's next values on PostgreSQL, those
    after the largest id on SQLite (whose write lock the transaction holds), as the column's
    default would give them."""
    if n == 0:
        return []
    if connection.dialect.name == "postgresql":
        sequence = func.pg_get_serial_sequence(key.table.name, key.name)
        return sorted(
            connection.scalars(select(func.nextval(sequence)).select_from(func.generate_series(1, n)))
        )
    quote = connection.dialect.identifier_preparer.quote
    with closing(connection.connection.cursor()) as cursor:  # the driver's: no statement to compile
        cursor.execute(f"SELECT max({quote(key.name)}) FROM {quote(key.table.name)}")
        last = cursor.fetchone()[0] or 0
    return list(range(last + 1, last + 1 + n))


@cache
def _value_fields(record_type: type) -> tuple[str, ...]:
    """A record type's fields written as they are to its table's columns (not its box number, which
    becomes the box's id, nor its minerals, which are rows of their own)."""
    return tuple(f.name for f in fields(record_type) if f.name not in ("box", "minerals"))
