"""SQLAlchemy 2 ORM: the tables behind the public database contract (docs/schema.md).

Every version of every plan is kept: the document and record tables are named
`<contract name>_all` (plan_all, box_all, indicator_all …) and the contract names
themselves are views of the latest version of each plan (pipeline/store/views.py).
Column names are the contract's; columns beyond it (line, reader, version) are
provenance.  Every child row is deleted with its plan (ON DELETE CASCADE), so a
plan is written or removed whole.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Integer, MetaData, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _plan_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("plan_all.plan_id", ondelete="CASCADE"), index=True)


class Plan(Base):
    __tablename__ = "plan_all"

    plan_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    region: Mapped[str | None] = mapped_column(String(64), index=True)
    region_code: Mapped[str | None] = mapped_column(String(6))  # the region's GB/T 2260 code
    region_level: Mapped[str | None] = mapped_column(String(16))
    parent_region: Mapped[str | None] = mapped_column(String(64))
    base_year: Mapped[int | None]
    target_year: Mapped[int | None]
    vision_year: Mapped[int | None]
    source_path: Mapped[str] = mapped_column(Text)
    source_format: Mapped[str] = mapped_column(String(16))
    source_sha256: Mapped[str] = mapped_column(String(64), index=True)  # ingest --reprocess: one a version
    reader: Mapped[str] = mapped_column(String(32))
    reading_sha256: Mapped[str | None] = mapped_column(String(64))  # of the reading (pipeline/store/load.py)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(default=1)  # 1, 2 … per region and plan period
    is_latest: Mapped[bool] = mapped_column(Boolean, default=True, index=True)

    sections: Mapped[list[SectionRow]] = relationship(back_populates="plan", passive_deletes=True)
    boxes: Mapped[list[BoxRow]] = relationship(back_populates="plan", passive_deletes=True)


class SectionRow(Base):
    __tablename__ = "section_all"

    section_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = _plan_fk()
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("section_all.section_id", ondelete="CASCADE"))
    level: Mapped[int]
    label: Mapped[str | None] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(Text)
    ordinal: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    line: Mapped[int | None]

    plan: Mapped[Plan] = relationship(back_populates="sections")
    parent: Mapped[SectionRow | None] = relationship(remote_side=[section_id])


class BoxRow(Base):
    __tablename__ = "box_all"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    box_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = _plan_fk()
    section_id: Mapped[int | None] = mapped_column(ForeignKey("section_all.section_id", ondelete="CASCADE"))
    number: Mapped[int]
    label: Mapped[str | None] = mapped_column(String(32))  # the caption as printed: 专栏15, 表3-1, 附表2
    title: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    n_rows: Mapped[int]
    n_cols: Mapped[int]
    note: Mapped[str | None] = mapped_column(Text)
    page: Mapped[int | None]
    line: Mapped[int | None]

    plan: Mapped[Plan] = relationship(back_populates="boxes")
    section: Mapped[SectionRow | None] = relationship()


class BoxCell(Base):
    __tablename__ = "box_cell_all"

    box_id: Mapped[int] = mapped_column(ForeignKey("box_all.box_id", ondelete="CASCADE"), primary_key=True)
    row: Mapped[int] = mapped_column(primary_key=True)
    col: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    is_header: Mapped[bool] = mapped_column(Boolean)
    row_span: Mapped[int]
    col_span: Mapped[int]
    page: Mapped[int | None]
    line: Mapped[int | None]
    ocr: Mapped[bool] = mapped_column(Boolean, default=False)  # read by OCR from a scanned page
    ocr_confidence: Mapped[float | None] = mapped_column(Float)  # the OCR engine's mean, 0..1


class _Typed:
    """Columns every typed record has: its plan, its box and the box row it was read from, and whether
    a cell of that row was read by OCR."""

    plan_id: Mapped[int] = mapped_column(ForeignKey("plan_all.plan_id", ondelete="CASCADE"), index=True)
    box_id: Mapped[int] = mapped_column(ForeignKey("box_all.box_id", ondelete="CASCADE"), index=True)
    row: Mapped[int]
    ocr: Mapped[bool] = mapped_column(Boolean, default=False)


class IndicatorRow(_Typed, Base):
    __tablename__ = "indicator_all"

    indicator_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    col: Mapped[int | None]
    group_name: Mapped[str | None] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    metric: Mapped[str | None] = mapped_column(Text)
    mineral: Mapped[str | None] = mapped_column(String(32), index=True)
    mineral_text: Mapped[str | None] = mapped_column(Text)
    measure: Mapped[str] = mapped_column(String(16))
    period: Mapped[str | None] = mapped_column(String(16))
    value: Mapped[float | None] = mapped_column(Float)
    value_max: Mapped[float | None] = mapped_column(Float)
    comparator: Mapped[str | None] = mapped_column(String(8))
    value_text: Mapped[str] = mapped_column(Text)
    unit: Mapped[str | None] = mapped_column(Text)
    basis: Mapped[str | None] = mapped_column(String(16))
    value_si: Mapped[float | None] = mapped_column(Float)
    unit_si: Mapped[str | None] = mapped_column(String(8))
    attribute: Mapped[str | None] = mapped_column(String(16))
    family: Mapped[str | None] = mapped_column(String(16))


class ZoneRow(_Typed, Base):
    __tablename__ = "zone_all"

    zone_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str | None] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(Text)
    zone_type: Mapped[str | None] = mapped_column(String(32))
    level: Mapped[str | None] = mapped_column(String(16))
    region: Mapped[str | None] = mapped_column(Text)
    area_km2: Mapped[float | None] = mapped_column(Float)
    area_text: Mapped[str | None] = mapped_column(Text)
    existing_rights: Mapped[int | None]
    planned_blocks: Mapped[int | None]
    min_scale_text: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)


class ZoneMineralRow(Base):
    __tablename__ = "zone_mineral_all"

    zone_id: Mapped[int] = mapped_column(ForeignKey("zone_all.zone_id", ondelete="CASCADE"), primary_key=True)
    ordinal: Mapped[int] = mapped_column(primary_key=True)
    mineral: Mapped[str | None] = mapped_column(String(32), index=True)
    mineral_text: Mapped[str] = mapped_column(Text)


class RecordMineralRow(Base):
    """One mineral of a typed record that names several (its `mineral` is NULL), as zone_mineral for zones."""

    __tablename__ = "record_mineral_all"

    plan_id: Mapped[int] = _plan_fk()
    record_table: Mapped[str] = mapped_column(String(16), primary_key=True)  # contract name: project …
    record_id: Mapped[int] = mapped_column(primary_key=True)  # that table's id (project_id …)
    ordinal: Mapped[int] = mapped_column(primary_key=True)
    mineral: Mapped[str | None] = mapped_column(String(32), index=True)
    mineral_text: Mapped[str] = mapped_column(Text)


class BlockSummaryRow(_Typed, Base):
    __tablename__ = "block_summary_all"

    block_summary_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    col: Mapped[int | None]
    block_type: Mapped[str] = mapped_column(String(16))
    status: Mapped[str | None] = mapped_column(String(16))
    mineral: Mapped[str | None] = mapped_column(String(32), index=True)
    mineral_text: Mapped[str | None] = mapped_column(Text)
    count: Mapped[int | None]
    area_km2: Mapped[float | None] = mapped_column(Float)
    count_text: Mapped[str | None] = mapped_column(Text)
    area_text: Mapped[str | None] = mapped_column(Text)
    is_total: Mapped[bool] = mapped_column(Boolean)


class RightsCountRow(_Typed, Base):
    __tablename__ = "rights_count_all"

    rights_count_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    col: Mapped[int | None]
    right_type: Mapped[str] = mapped_column(String(16))
    mineral: Mapped[str | None] = mapped_column(String(32), index=True)
    mineral_text: Mapped[str | None] = mapped_column(Text)
    region: Mapped[str | None] = mapped_column(String(64))
    count: Mapped[int | None]
    area_km2: Mapped[float | None] = mapped_column(Float)
    count_text: Mapped[str | None] = mapped_column(Text)
    area_text: Mapped[str | None] = mapped_column(Text)
    is_total: Mapped[bool] = mapped_column(Boolean)


class MinScaleRow(_Typed, Base):
    __tablename__ = "min_scale_all"

    min_scale_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mineral: Mapped[str | None] = mapped_column(String(32), index=True)
    mineral_text: Mapped[str] = mapped_column(Text)
    variant: Mapped[str | None] = mapped_column(Text)
    unit: Mapped[str | None] = mapped_column(Text)
    large: Mapped[float | None] = mapped_column(Float)
    medium: Mapped[float | None] = mapped_column(Float)
    small: Mapped[float | None] = mapped_column(Float)
    min_service_years: Mapped[float | None] = mapped_column(Float)
    large_text: Mapped[str | None] = mapped_column(Text)
    medium_text: Mapped[str | None] = mapped_column(Text)
    small_text: Mapped[str | None] = mapped_column(Text)
    service_text: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)


class ReserveRow(_Typed, Base):
    __tablename__ = "reserve_all"

    reserve_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mineral: Mapped[str | None] = mapped_column(String(32), index=True)
    mineral_text: Mapped[str] = mapped_column(Text)
    variant: Mapped[str | None] = mapped_column(Text)
    unit: Mapped[str | None] = mapped_column(Text)
    basis: Mapped[str | None] = mapped_column(String(16))
    deposits: Mapped[int | None]
    deposits_text: Mapped[str | None] = mapped_column(Text)
    retained: Mapped[float | None] = mapped_column(Float)
    cumulative: Mapped[float | None] = mapped_column(Float)
    retained_text: Mapped[str | None] = mapped_column(Text)
    cumulative_text: Mapped[str | None] = mapped_column(Text)
    retained_si: Mapped[float | None] = mapped_column(Float)
    cumulative_si: Mapped[float | None] = mapped_column(Float)
    unit_si: Mapped[str | None] = mapped_column(String(8))


class ProjectRow(_Typed, Base):
    __tablename__ = "project_all"

    project_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    mineral: Mapped[str | None] = mapped_column(String(32))
    mineral_text: Mapped[str | None] = mapped_column(Text)
    start_year: Mapped[int | None]
    end_year: Mapped[int | None]
    period_text: Mapped[str | None] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(32))


class MineralRow(Base):
    """The mineral vocabulary (models/vocab/minerals.csv), refreshed on every schema creation."""

    __tablename__ = "mineral"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    category: Mapped[str] = mapped_column(String(16))
    aliases: Mapped[str] = mapped_column(Text)  # "|"-separated


class RegionRow(Base):
    """The administrative regions known to the project (models/vocab/regions.csv)."""

    __tablename__ = "region"

    code: Mapped[str] = mapped_column(String(6), primary_key=True)  # GB/T 2260; 100000 for the country
    name: Mapped[str] = mapped_column(String(64))  # not unique: 朝阳区 of 北京市 and of 长春市
    level: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))  # 省, 自治区, 地区, 自治州, 盟, 市, 县, 自治县, 旗, 区 …
    parent: Mapped[str | None] = mapped_column(String(64))
    parent_code: Mapped[str | None] = mapped_column(String(6))
    short_names: Mapped[str] = mapped_column(Text)  # "|"-separated
    former_names: Mapped[str] = mapped_column(Text)  # "|"-separated: names before a rename


class ZoneLinkRow(Base):
    """The same zone printed in two plans (computed by pipeline.compare after every ingest)."""

    __tablename__ = "zone_link"

    zone_id: Mapped[int] = mapped_column(ForeignKey("zone_all.zone_id", ondelete="CASCADE"), primary_key=True)
    other_zone_id: Mapped[int] = mapped_column(
        ForeignKey("zone_all.zone_id", ondelete="CASCADE"), primary_key=True, index=True
    )
    method: Mapped[str] = mapped_column(String(8))
    score: Mapped[float] = mapped_column(Float)
    area_diff_km2: Mapped[float | None] = mapped_column(Float)


class FindingRow(Base):
    """An inconsistency: both places (plan, box, row) and both values (computed by pipeline.compare)."""

    __tablename__ = "finding"

    finding_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan_all.plan_id", ondelete="CASCADE"), index=True)
    other_plan_id: Mapped[int | None] = mapped_column(ForeignKey("plan_all.plan_id", ondelete="CASCADE"))
    box_id: Mapped[int | None] = mapped_column(ForeignKey("box_all.box_id", ondelete="CASCADE"), index=True)
    row: Mapped[int | None]
    other_box_id: Mapped[int | None] = mapped_column(ForeignKey("box_all.box_id", ondelete="CASCADE"))
    other_row: Mapped[int | None]
    kind: Mapped[str] = mapped_column(String(24), index=True)
    subject: Mapped[str] = mapped_column(Text)
    expected: Mapped[str | None] = mapped_column(Text)
    actual: Mapped[str | None] = mapped_column(Text)
    message: Mapped[str] = mapped_column(Text)
    quote: Mapped[str | None] = mapped_column(Text)  # the text printed at the first place
    other_quote: Mapped[str | None] = mapped_column(Text)  # the text printed at the other place


class ComparisonState(Base):
    """The latest plans the zone links and findings are current for (pipeline/compare/freshness.py):
    one row, or none before the first comparison.  A run that finds other latest plans brings them up
    to date."""

    __tablename__ = "comparison_state"

    state_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_ids: Mapped[str] = mapped_column(Text)  # the latest plans' ids compared: ascending, comma-separated
    compared_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# each list of models.records.Records and the table its records go to
RECORD_TABLES: dict[str, type[Base]] = {
    "indicators": IndicatorRow,
    "zones": ZoneRow,
    "block_summaries": BlockSummaryRow,
    "rights_counts": RightsCountRow,
    "min_scales": MinScaleRow,
    "reserves": ReserveRow,
    "projects": ProjectRow,
}
