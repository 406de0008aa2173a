"""a document's bytes may have several versions (ingest --reprocess): plan_all.reading_sha256

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 23:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("plan_all", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reading_sha256", sa.String(length=64), nullable=True))
        batch_op.drop_constraint("uq_plan_all_source_sha256", type_="unique")
        batch_op.create_index(batch_op.f("ix_plan_all_source_sha256"), ["source_sha256"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("plan_all", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_all_source_sha256"))
        batch_op.create_unique_constraint("uq_plan_all_source_sha256", ["source_sha256"])
        batch_op.drop_column("reading_sha256")
