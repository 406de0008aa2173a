"""national regions: region keyed by its code (names repeat across China), plan_all.region_code

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 22:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # the region table is the vocabulary, refilled on every schema creation: rebuilt, not migrated
    op.drop_table("region")
    op.create_table(
        "region",
        sa.Column("code", sa.String(length=6), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("parent", sa.String(length=64), nullable=True),
        sa.Column("parent_code", sa.String(length=6), nullable=True),
        sa.Column("short_names", sa.Text(), nullable=False),
        sa.Column("former_names", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_region")),
    )
    with op.batch_alter_table("plan_all", schema=None) as batch_op:
        batch_op.add_column(sa.Column("region_code", sa.String(length=6), nullable=True))
    _fill_region_codes()


def _fill_region_codes() -> None:
    """Plans loaded before: their region's code, so a revision loaded now is their next version."""
    from models.vocabulary import regions

    plan = sa.table("plan_all", sa.column("region"), sa.column("parent_region"), sa.column("region_code"))
    connection = op.get_bind()
    named = connection.execute(sa.select(plan.c.region, plan.c.parent_region).distinct()).all()
    for name, parent in named:
        region = regions().resolve(name, within=parent) if name else None
        if region is not None and region.name == name:
            same = (
                plan.c.region == name,
                plan.c.parent_region == parent if parent else plan.c.parent_region.is_(None),
            )
            connection.execute(sa.update(plan).where(*same).values(region_code=region.code))


def downgrade() -> None:
    with op.batch_alter_table("plan_all", schema=None) as batch_op:
        batch_op.drop_column("region_code")
    op.drop_table("region")
    op.create_table(
        "region",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("parent", sa.String(length=64), nullable=True),
        sa.Column("code", sa.String(length=6), nullable=True),
        sa.Column("short_names", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_region")),
    )
