"""Designation lists, their entries, names and links, and screening results.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _entry_fk(table: str, column: str = "entry_pk", ondelete: str = "CASCADE") -> sa.Constraint:
    return sa.ForeignKeyConstraint(
        [column],
        ["designation_entries.id"],
        name=f"fk_{table}_{column}_designation_entries",
        ondelete=ondelete,
    )


def upgrade() -> None:
    op.create_table(
        "designation_lists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("format", sa.String(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("list_date", sa.String(), nullable=True),
        sa.Column("loaded_at", sa.DateTime(), nullable=False),
        sa.Column("entry_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_designation_lists"),
        sa.UniqueConstraint("name", name="uq_designation_lists_name"),
    )
    op.create_table(
        "designation_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("list_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.String(), nullable=False),
        sa.Column("type", sa.String(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("programs", JSON, nullable=False),
        sa.Column("authority", sa.Text(), nullable=True),
        sa.Column("listed_on", sa.String(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("countries", JSON, nullable=False),
        sa.Column("identifiers", JSON, nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("details", JSON, nullable=False),
        sa.Column("designee", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["list_id"],
            ["designation_lists.id"],
            name="fk_designation_entries_list_id_designation_lists",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_designation_entries"),
        sa.UniqueConstraint("list_id", "entry_id", name="uq_designation_entries_list_id_entry_id"),
    )
    op.create_index("ix_designation_entries_list_id", "designation_entries", ["list_id"])
    op.create_index("ix_designation_entries_designee", "designation_entries", ["designee"])
    op.create_table(
        "designation_names",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_pk", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        _entry_fk("designation_names"),
        sa.PrimaryKeyConstraint("id", name="pk_designation_names"),
    )
    op.create_index("ix_designation_names_entry_pk", "designation_names", ["entry_pk"])
    op.create_table(
        "designation_keys",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("entry_pk", sa.Integer(), nullable=False),
        _entry_fk("designation_keys"),
        sa.PrimaryKeyConstraint("key", "entry_pk", name="pk_designation_keys"),
    )
    op.create_index("ix_designation_keys_entry_pk", "designation_keys", ["entry_pk"])
    op.create_table(
        "designation_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_pk", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("target_entry_pk", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        _entry_fk("designation_links"),
        _entry_fk("designation_links", "target_entry_pk", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_designation_links"),
    )
    op.create_index("ix_designation_links_entry_pk", "designation_links", ["entry_pk"])
    op.create_index(
        "ix_designation_links_target_entry_pk", "designation_links", ["target_entry_pk"]
    )
    op.create_table(
        "screening_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cable_id", sa.String(), nullable=False),
        sa.Column("entity_id", sa.String(), nullable=False),
        sa.Column("entity_name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("list_name", sa.String(), nullable=False),
        sa.Column("entry_id", sa.String(), nullable=False),
        sa.Column("designee", sa.String(), nullable=False),
        sa.Column("matched_name", sa.Text(), nullable=False),
        sa.Column("score", sa.Double(), nullable=False),
        sa.Column("match", sa.Boolean(), nullable=False),
        sa.Column("explanation", JSON, nullable=False),
        sa.ForeignKeyConstraint(
            ["cable_id"],
            ["cables.id"],
            name="fk_screening_results_cable_id_cables",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_screening_results"),
    )
    op.create_index("ix_screening_results_cable_id", "screening_results", ["cable_id"])
    op.create_index("ix_screening_results_entity_id", "screening_results", ["entity_id"])


def downgrade() -> None:
    op.drop_table("screening_results")
    op.drop_table("designation_links")
    op.drop_table("designation_keys")
    op.drop_table("designation_names")
    op.drop_table("designation_entries")
    op.drop_table("designation_lists")
