"""Cross-cable resolution: canonical entities, their members, and analysts' judgements.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "canonical_entities",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("type", sa.String(), nullable=False),
        sa.Column("subtype", sa.String(), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("country", sa.String(), nullable=True),
        sa.Column("aliases", JSON, nullable=False),
        sa.Column("cable_count", sa.Integer(), nullable=False),
        sa.Column("member_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_canonical_entities"),
    )
    op.create_index("ix_canonical_entities_type", "canonical_entities", ["type"])
    op.create_index("ix_canonical_entities_name", "canonical_entities", ["name"])
    op.create_table(
        "canonical_members",
        sa.Column("entity_id", sa.String(), nullable=False),
        sa.Column("canonical_id", sa.String(), nullable=False),
        sa.Column("cable_id", sa.String(), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(
            ["canonical_id"],
            ["canonical_entities.id"],
            name="fk_canonical_members_canonical_id_canonical_entities",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["cable_id"],
            ["cables.id"],
            name="fk_canonical_members_cable_id_cables",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("entity_id", name="pk_canonical_members"),
    )
    op.create_index("ix_canonical_members_canonical_id", "canonical_members", ["canonical_id"])
    op.create_index("ix_canonical_members_cable_id", "canonical_members", ["cable_id"])
    op.create_table(
        "judgements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("judgement", sa.String(), nullable=False),
        sa.Column("origin", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("score", sa.Double(), nullable=True),
        sa.Column("features", JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("undone_at", sa.DateTime(), nullable=True),
        sa.Column("undone_by", sa.String(), nullable=True),
        sa.CheckConstraint(
            "judgement IN ('same', 'different', 'unsure')", name="ck_judgements_judgement"
        ),
        sa.CheckConstraint("origin IN ('machine', 'analyst')", name="ck_judgements_origin"),
        sa.PrimaryKeyConstraint("id", name="pk_judgements"),
    )
    op.create_index("ix_judgements_origin", "judgements", ["origin"])
    op.create_table(
        "judgement_pairs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("judgement_id", sa.Integer(), nullable=False),
        sa.Column("left_id", sa.String(), nullable=False),
        sa.Column("left_cable", sa.String(), nullable=False),
        sa.Column("left_name", sa.Text(), nullable=False),
        sa.Column("right_id", sa.String(), nullable=False),
        sa.Column("right_cable", sa.String(), nullable=False),
        sa.Column("right_name", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["judgement_id"],
            ["judgements.id"],
            name="fk_judgement_pairs_judgement_id_judgements",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_judgement_pairs"),
    )
    for column in ("judgement_id", "left_id", "right_id"):
        op.create_index(f"ix_judgement_pairs_{column}", "judgement_pairs", [column])
    op.create_table(
        "judgement_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("judgement_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["judgement_id"],
            ["judgements.id"],
            name="fk_judgement_history_judgement_id_judgements",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_judgement_history"),
    )
    op.create_index("ix_judgement_history_judgement_id", "judgement_history", ["judgement_id"])


def downgrade() -> None:
    for table in (
        "judgement_history",
        "judgement_pairs",
        "judgements",
        "canonical_members",
        "canonical_entities",
    ):
        op.drop_table(table)
