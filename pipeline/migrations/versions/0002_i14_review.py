"""plan review: the printed text at both places of a finding

Revision ID: 0002_i14
Revises: 0001
Create Date: 2026-12-01 23:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_i14"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("finding", schema=None) as batch_op:
        batch_op.add_column(sa.Column("quote", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("other_quote", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("finding", schema=None) as batch_op:
        batch_op.drop_column("other_quote")
        batch_op.drop_column("quote")
