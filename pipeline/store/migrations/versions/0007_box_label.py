"""box label: the caption as printed (专栏15, 表3-1, 附表2)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 22:40:00

Boxes loaded before this revision were all read from 专栏N captions, so their
label is 专栏 followed by their number.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("box_all", schema=None) as batch_op:
        batch_op.add_column(sa.Column("label", sa.String(length=32), nullable=True))
    op.execute("UPDATE box_all SET label = '专栏' || CAST(number AS VARCHAR(20))")


def downgrade() -> None:
    with op.batch_alter_table("box_all", schema=None) as batch_op:
        batch_op.drop_column("label")
