"""comparison state: the plan ids the zone links and findings were computed over

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 22:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "comparison_state",
        sa.Column("state_id", sa.Integer(), nullable=False),
        sa.Column("plan_ids", sa.Text(), nullable=False),
        sa.Column("compared_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("state_id", name=op.f("pk_comparison_state")),
    )


def downgrade() -> None:
    op.drop_table("comparison_state")
