"""SQLAlchemy 2 ORM: the tables behind the public database contract (shared/design/SCHEMA.md).

Table and column names here are the contract's: analysts query them directly.
Columns beyond the contract (line, reader) are provenance.  Every child row is
deleted with its plan (ON DELETE CASCADE), so a plan is written or removed whole.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, MetaData, String, Text, UniqueConstraint
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
    return mapped_column(ForeignKey("plan.plan_id", ondelete="CASCADE"), index=True)


class Plan(Base):
    __tablename__ = "plan"

    plan_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    region: Mapped[str | None] = mapped_column(String(64), index=True)
    region_level: Mapped[str | None] = mapped_column(String(16))
    parent_region: Mapped[str | None] = mapped_column(String(64))
    base_year: Mapped[int | None]
    target_year: Mapped[int | None]
    vision_year: Mapped[int | None]
    source_path: Mapped[str] = mapped_column(Text)
    source_format: Mapped[str] = mapped_column(String(16))
    source_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    reader: Mapped[str] = mapped_column(String(32))
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    sections: Mapped[list[SectionRow]] = relationship(back_populates="plan", passive_deletes=True)
    boxes: Mapped[list[BoxRow]] = relationship(back_populates="plan", passive_deletes=True)


class SectionRow(Base):
    __tablename__ = "section"

    section_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = _plan_fk()
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("section.section_id", ondelete="CASCADE"))
    level: Mapped[int]
    label: Mapped[str | None] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(Text)
    ordinal: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    line: Mapped[int | None]

    plan: Mapped[Plan] = relationship(back_populates="sections")
    parent: Mapped[SectionRow | None] = relationship(remote_side=[section_id])


class BoxRow(Base):
    __tablename__ = "box"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    box_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = _plan_fk()
    section_id: Mapped[int | None] = mapped_column(ForeignKey("section.section_id", ondelete="CASCADE"))
    number: Mapped[int]
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
    __tablename__ = "box_cell"

    box_id: Mapped[int] = mapped_column(ForeignKey("box.box_id", ondelete="CASCADE"), primary_key=True)
    row: Mapped[int] = mapped_column(primary_key=True)
    col: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    is_header: Mapped[bool] = mapped_column(Boolean)
    row_span: Mapped[int]
    col_span: Mapped[int]
    page: Mapped[int | None]
    line: Mapped[int | None]
