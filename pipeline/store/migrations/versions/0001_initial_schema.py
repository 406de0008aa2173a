"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-22 08:22:55.456132
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mineral",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("aliases", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_mineral")),
    )
    op.create_table(
        "plan_all",
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("region", sa.String(length=64), nullable=True),
        sa.Column("region_level", sa.String(length=16), nullable=True),
        sa.Column("parent_region", sa.String(length=64), nullable=True),
        sa.Column("base_year", sa.Integer(), nullable=True),
        sa.Column("target_year", sa.Integer(), nullable=True),
        sa.Column("vision_year", sa.Integer(), nullable=True),
        sa.Column("source_path", sa.Text(), nullable=False),
        sa.Column("source_format", sa.String(length=16), nullable=False),
        sa.Column("source_sha256", sa.String(length=64), nullable=False),
        sa.Column("reader", sa.String(length=32), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("is_latest", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("plan_id", name=op.f("pk_plan_all")),
        sa.UniqueConstraint("source_sha256", name=op.f("uq_plan_all_source_sha256")),
    )
    with op.batch_alter_table("plan_all", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_all_is_latest"), ["is_latest"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_all_region"), ["region"], unique=False)

    op.create_table(
        "region",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("parent", sa.String(length=64), nullable=True),
        sa.Column("code", sa.String(length=6), nullable=True),
        sa.Column("short_names", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_region")),
    )
    op.create_table(
        "section_all",
        sa.Column("section_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=16), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["section_all.section_id"],
            name=op.f("fk_section_all_parent_id_section_all"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plan_all.plan_id"],
            name=op.f("fk_section_all_plan_id_plan_all"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("section_id", name=op.f("pk_section_all")),
    )
    with op.batch_alter_table("section_all", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_section_all_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "box_all",
        sa.Column("box_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("section_id", sa.Integer(), nullable=True),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("n_rows", sa.Integer(), nullable=False),
        sa.Column("n_cols", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plan_all.plan_id"], name=op.f("fk_box_all_plan_id_plan_all"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["section_id"],
            ["section_all.section_id"],
            name=op.f("fk_box_all_section_id_section_all"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("box_id", name=op.f("pk_box_all")),
        sa.UniqueConstraint("plan_id", "number", name=op.f("uq_box_all_plan_id")),
    )
    with op.batch_alter_table("box_all", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_box_all_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "block_summary_all",
        sa.Column("block_summary_id", sa.Integer(), nullable=False),
        sa.Column("col", sa.Integer(), nullable=True),
        sa.Column("block_type", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=True),
        sa.Column("mineral", sa.String(length=32), nullable=True),
        sa.Column("mineral_text", sa.Text(), nullable=True),
        sa.Column("count", sa.Integer(), nullable=True),
        sa.Column("area_km2", sa.Float(), nullable=True),
        sa.Column("count_text", sa.Text(), nullable=True),
        sa.Column("area_text", sa.Text(), nullable=True),
        sa.Column("is_total", sa.Boolean(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("box_id", sa.Integer(), nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["box_id"],
            ["box_all.box_id"],
            name=op.f("fk_block_summary_all_box_id_box_all"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plan_all.plan_id"],
            name=op.f("fk_block_summary_all_plan_id_plan_all"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("block_summary_id", name=op.f("pk_block_summary_all")),
    )
    with op.batch_alter_table("block_summary_all", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_block_summary_all_box_id"), ["box_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_block_summary_all_mineral"), ["mineral"], unique=False)
        batch_op.create_index(batch_op.f("ix_block_summary_all_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "box_cell_all",
        sa.Column("box_id", sa.Integer(), nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.Column("col", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("is_header", sa.Boolean(), nullable=False),
        sa.Column("row_span", sa.Integer(), nullable=False),
        sa.Column("col_span", sa.Integer(), nullable=False),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["box_id"], ["box_all.box_id"], name=op.f("fk_box_cell_all_box_id_box_all"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("box_id", "row", "col", name=op.f("pk_box_cell_all")),
    )
    op.create_table(
        "finding",
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("other_plan_id", sa.Integer(), nullable=True),
        sa.Column("box_id", sa.Integer(), nullable=True),
        sa.Column("row", sa.Integer(), nullable=True),
        sa.Column("other_box_id", sa.Integer(), nullable=True),
        sa.Column("other_row", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("expected", sa.Text(), nullable=True),
        sa.Column("actual", sa.Text(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["box_id"], ["box_all.box_id"], name=op.f("fk_finding_box_id_box_all"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["other_box_id"],
            ["box_all.box_id"],
            name=op.f("fk_finding_other_box_id_box_all"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["other_plan_id"],
            ["plan_all.plan_id"],
            name=op.f("fk_finding_other_plan_id_plan_all"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plan_all.plan_id"], name=op.f("fk_finding_plan_id_plan_all"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("finding_id", name=op.f("pk_finding")),
    )
    with op.batch_alter_table("finding", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_finding_box_id"), ["box_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_finding_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_finding_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "indicator_all",
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("col", sa.Integer(), nullable=True),
        sa.Column("group_name", sa.Text(), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("metric", sa.Text(), nullable=True),
        sa.Column("mineral", sa.String(length=32), nullable=True),
        sa.Column("mineral_text", sa.Text(), nullable=True),
        sa.Column("measure", sa.String(length=16), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=True),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("value_max", sa.Float(), nullable=True),
        sa.Column("comparator", sa.String(length=8), nullable=True),
        sa.Column("value_text", sa.Text(), nullable=False),
        sa.Column("unit", sa.Text(), nullable=True),
        sa.Column("basis", sa.String(length=16), nullable=True),
        sa.Column("value_si", sa.Float(), nullable=True),
        sa.Column("unit_si", sa.String(length=8), nullable=True),
        sa.Column("attribute", sa.String(length=16), nullable=True),
        sa.Column("family", sa.String(length=16), nullable=True),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("box_id", sa.Integer(), nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["box_id"], ["box_all.box_id"], name=op.f("fk_indicator_all_box_id_box_all"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plan_all.plan_id"],
            name=op.f("fk_indicator_all_plan_id_plan_all"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("indicator_id", name=op.f("pk_indicator_all")),
    )
    with op.batch_alter_table("indicator_all", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicator_all_box_id"), ["box_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_indicator_all_mineral"), ["mineral"], unique=False)
        batch_op.create_index(batch_op.f("ix_indicator_all_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "min_scale_all",
        sa.Column("min_scale_id", sa.Integer(), nullable=False),
        sa.Column("mineral", sa.String(length=32), nullable=True),
        sa.Column("mineral_text", sa.Text(), nullable=False),
        sa.Column("variant", sa.Text(), nullable=True),
        sa.Column("unit", sa.Text(), nullable=True),
        sa.Column("large", sa.Float(), nullable=True),
        sa.Column("medium", sa.Float(), nullable=True),
        sa.Column("small", sa.Float(), nullable=True),
        sa.Column("min_service_years", sa.Float(), nullable=True),
        sa.Column("large_text", sa.Text(), nullable=True),
        sa.Column("medium_text", sa.Text(), nullable=True),
        sa.Column("small_text", sa.Text(), nullable=True),
        sa.Column("service_text", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("box_id", sa.Integer(), nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["box_id"], ["box_all.box_id"], name=op.f("fk_min_scale_all_box_id_box_all"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plan_all.plan_id"],
            name=op.f("fk_min_scale_all_plan_id_plan_all"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("min_scale_id", name=op.f("pk_min_scale_all")),
    )
    with op.batch_alter_table("min_scale_all", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_min_scale_all_box_id"), ["box_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_min_scale_all_mineral"), ["mineral"], unique=False)
        batch_op.create_index(batch_op.f("ix_min_scale_all_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "project_all",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("mineral", sa.String(length=32), nullable=True),
        sa.Column("mineral_text", sa.Text(), nullable=True),
        sa.Column("start_year", sa.Integer(), nullable=True),
        sa.Column("end_year", sa.Integer(), nullable=True),
        sa.Column("period_text", sa.Text(), nullable=True),
        sa.Column("category", sa.String(length=32), nullable=True),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("box_id", sa.Integer(), nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["box_id"], ["box_all.box_id"], name=op.f("fk_project_all_box_id_box_all"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plan_all.plan_id"],
            name=op.f("fk_project_all_plan_id_plan_all"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("project_id", name=op.f("pk_project_all")),
    )
    with op.batch_alter_table("project_all", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_all_box_id"), ["box_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_project_all_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "reserve_all",
        sa.Column("reserve_id", sa.Integer(), nullable=False),
        sa.Column("mineral", sa.String(length=32), nullable=True),
        sa.Column("mineral_text", sa.Text(), nullable=False),
        sa.Column("variant", sa.Text(), nullable=True),
        sa.Column("unit", sa.Text(), nullable=True),
        sa.Column("basis", sa.String(length=16), nullable=True),
        sa.Column("deposits", sa.Integer(), nullable=True),
        sa.Column("deposits_text", sa.Text(), nullable=True),
        sa.Column("retained", sa.Float(), nullable=True),
        sa.Column("cumulative", sa.Float(), nullable=True),
        sa.Column("retained_text", sa.Text(), nullable=True),
        sa.Column("cumulative_text", sa.Text(), nullable=True),
        sa.Column("retained_si", sa.Float(), nullable=True),
        sa.Column("cumulative_si", sa.Float(), nullable=True),
        sa.Column("unit_si", sa.String(length=8), nullable=True),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("box_id", sa.Integer(), nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["box_id"], ["box_all.box_id"], name=op.f("fk_reserve_all_box_id_box_all"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plan_all.plan_id"],
            name=op.f("fk_reserve_all_plan_id_plan_all"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("reserve_id", name=op.f("pk_reserve_all")),
    )
    with op.batch_alter_table("reserve_all", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reserve_all_box_id"), ["box_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_reserve_all_mineral"), ["mineral"], unique=False)
        batch_op.create_index(batch_op.f("ix_reserve_all_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "rights_count_all",
        sa.Column("rights_count_id", sa.Integer(), nullable=False),
        sa.Column("col", sa.Integer(), nullable=True),
        sa.Column("right_type", sa.String(length=16), nullable=False),
        sa.Column("mineral", sa.String(length=32), nullable=True),
        sa.Column("mineral_text", sa.Text(), nullable=True),
        sa.Column("region", sa.String(length=64), nullable=True),
        sa.Column("count", sa.Integer(), nullable=True),
        sa.Column("area_km2", sa.Float(), nullable=True),
        sa.Column("count_text", sa.Text(), nullable=True),
        sa.Column("area_text", sa.Text(), nullable=True),
        sa.Column("is_total", sa.Boolean(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("box_id", sa.Integer(), nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["box_id"],
            ["box_all.box_id"],
            name=op.f("fk_rights_count_all_box_id_box_all"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plan_all.plan_id"],
            name=op.f("fk_rights_count_all_plan_id_plan_all"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("rights_count_id", name=op.f("pk_rights_count_all")),
    )
    with op.batch_alter_table("rights_count_all", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rights_count_all_box_id"), ["box_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_rights_count_all_mineral"), ["mineral"], unique=False)
        batch_op.create_index(batch_op.f("ix_rights_count_all_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "zone_all",
        sa.Column("zone_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("zone_type", sa.String(length=32), nullable=True),
        sa.Column("level", sa.String(length=16), nullable=True),
        sa.Column("region", sa.Text(), nullable=True),
        sa.Column("area_km2", sa.Float(), nullable=True),
        sa.Column("area_text", sa.Text(), nullable=True),
        sa.Column("existing_rights", sa.Integer(), nullable=True),
        sa.Column("planned_blocks", sa.Integer(), nullable=True),
        sa.Column("min_scale_text", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("box_id", sa.Integer(), nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["box_id"], ["box_all.box_id"], name=op.f("fk_zone_all_box_id_box_all"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plan_all.plan_id"], name=op.f("fk_zone_all_plan_id_plan_all"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("zone_id", name=op.f("pk_zone_all")),
    )
    with op.batch_alter_table("zone_all", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_zone_all_box_id"), ["box_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_zone_all_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "zone_link",
        sa.Column("zone_id", sa.Integer(), nullable=False),
        sa.Column("other_zone_id", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=8), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("area_diff_km2", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["other_zone_id"],
            ["zone_all.zone_id"],
            name=op.f("fk_zone_link_other_zone_id_zone_all"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["zone_id"], ["zone_all.zone_id"], name=op.f("fk_zone_link_zone_id_zone_all"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("zone_id", "other_zone_id", name=op.f("pk_zone_link")),
    )
    with op.batch_alter_table("zone_link", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_zone_link_other_zone_id"), ["other_zone_id"], unique=False)

    op.create_table(
        "zone_mineral_all",
        sa.Column("zone_id", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("mineral", sa.String(length=32), nullable=True),
        sa.Column("mineral_text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["zone_id"],
            ["zone_all.zone_id"],
            name=op.f("fk_zone_mineral_all_zone_id_zone_all"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("zone_id", "ordinal", name=op.f("pk_zone_mineral_all")),
    )
    with op.batch_alter_table("zone_mineral_all", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_zone_mineral_all_mineral"), ["mineral"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("zone_mineral_all", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_zone_mineral_all_mineral"))

    op.drop_table("zone_mineral_all")
    with op.batch_alter_table("zone_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_zone_link_other_zone_id"))

    op.drop_table("zone_link")
    with op.batch_alter_table("zone_all", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_zone_all_plan_id"))
        batch_op.drop_index(batch_op.f("ix_zone_all_box_id"))

    op.drop_table("zone_all")
    with op.batch_alter_table("rights_count_all", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rights_count_all_plan_id"))
        batch_op.drop_index(batch_op.f("ix_rights_count_all_mineral"))
        batch_op.drop_index(batch_op.f("ix_rights_count_all_box_id"))

    op.drop_table("rights_count_all")
    with op.batch_alter_table("reserve_all", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reserve_all_plan_id"))
        batch_op.drop_index(batch_op.f("ix_reserve_all_mineral"))
        batch_op.drop_index(batch_op.f("ix_reserve_all_box_id"))

    op.drop_table("reserve_all")
    with op.batch_alter_table("project_all", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_all_plan_id"))
        batch_op.drop_index(batch_op.f("ix_project_all_box_id"))

    op.drop_table("project_all")
    with op.batch_alter_table("min_scale_all", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_min_scale_all_plan_id"))
        batch_op.drop_index(batch_op.f("ix_min_scale_all_mineral"))
        batch_op.drop_index(batch_op.f("ix_min_scale_all_box_id"))

    op.drop_table("min_scale_all")
    with op.batch_alter_table("indicator_all", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_all_plan_id"))
        batch_op.drop_index(batch_op.f("ix_indicator_all_mineral"))
        batch_op.drop_index(batch_op.f("ix_indicator_all_box_id"))

    op.drop_table("indicator_all")
    with op.batch_alter_table("finding", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finding_plan_id"))
        batch_op.drop_index(batch_op.f("ix_finding_kind"))
        batch_op.drop_index(batch_op.f("ix_finding_box_id"))

    op.drop_table("finding")
    op.drop_table("box_cell_all")
    with op.batch_alter_table("block_summary_all", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_block_summary_all_plan_id"))
        batch_op.drop_index(batch_op.f("ix_block_summary_all_mineral"))
        batch_op.drop_index(batch_op.f("ix_block_summary_all_box_id"))

    op.drop_table("block_summary_all")
    with op.batch_alter_table("box_all", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_box_all_plan_id"))

    op.drop_table("box_all")
    with op.batch_alter_table("section_all", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_section_all_plan_id"))

    op.drop_table("section_all")
    op.drop_table("region")
    with op.batch_alter_table("plan_all", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_all_region"))
        batch_op.drop_index(batch_op.f("ix_plan_all_is_latest"))

    op.drop_table("plan_all")
    op.drop_table("mineral")
