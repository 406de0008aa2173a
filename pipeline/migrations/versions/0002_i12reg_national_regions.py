"""national regions: region keyed by its code (names repeat across China), plan_all.region_code

Revision ID: 0002_i12reg
Revises: 0001
Create Date: 2026-12-01 22:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_i12reg"
down_revision = "0001"
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
