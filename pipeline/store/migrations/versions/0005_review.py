"""plan review: the printed text at both places of a finding; the minerals of records naming several

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 23:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("finding", schema=None) as batch_op:
        batch_op.add_column(sa.Column("quote", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("other_quote", sa.Text(), nullable=True))
    op.create_table(
        "record_mineral_all",
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("record_table", sa.String(length=16), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("mineral", sa.String(length=32), nullable=True),
        sa.Column("mineral_text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plan_all.plan_id"],
            name=op.f("fk_record_mineral_all_plan_id_plan_all"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("record_table", "record_id", "ordinal", name=op.f("pk_record_mineral_all")),
    )
    with op.batch_alter_table("record_mineral_all", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_record_mineral_all_mineral"), ["mineral"], unique=False)
        batch_op.create_index(batch_op.f("ix_record_mineral_all_plan_id"), ["plan_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("record_mineral_all", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_record_mineral_all_plan_id"))
        batch_op.drop_index(batch_op.f("ix_record_mineral_all_mineral"))
    op.drop_table("record_mineral_all")
    with op.batch_alter_table("finding", schema=None) as batch_op:
        batch_op.drop_column("other_quote")
        batch_op.drop_column("quote")
