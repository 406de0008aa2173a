"""OCR marks: box_cell_all.ocr and .ocr_confidence, and an ocr flag on every typed record table

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 22:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

RECORD_TABLES = (
    "indicator_all",
    "zone_all",
    "block_summary_all",
    "rights_count_all",
    "min_scale_all",
    "reserve_all",
    "project_all",
)


def upgrade() -> None:
    # SQLite adds a NOT NULL column with a constant default in place: copying the eight tables (batch
    # mode's choice for an expression default) gives the same columns and took most of a new file's schema
    for table in ("box_cell_all", *RECORD_TABLES):
        with op.batch_alter_table(table, schema=None, recreate="never") as batch_op:
            batch_op.add_column(sa.Column("ocr", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("box_cell_all", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ocr_confidence", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("box_cell_all", schema=None) as batch_op:
        batch_op.drop_column("ocr_confidence")
    for table in ("box_cell_all", *RECORD_TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("ocr")
