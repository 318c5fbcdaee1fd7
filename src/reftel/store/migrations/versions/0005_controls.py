"""Export-control verdicts and red flags on stored goods.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "control_verdicts",
        sa.Column("good_id", sa.String(), nullable=False),
        sa.Column("cable_id", sa.String(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("verdict", sa.String(), nullable=False),
        sa.Column("entries", JSON, nullable=False),
        sa.Column("catch_all", sa.Boolean(), nullable=False),
        sa.Column("classifier", sa.String(), nullable=False),
        sa.Column("record", JSON, nullable=False),
        sa.ForeignKeyConstraint(
            ["cable_id"],
            ["cables.id"],
            name="fk_control_verdicts_cable_id_cables",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("good_id", name="pk_control_verdicts"),
    )
    op.create_index("ix_control_verdicts_cable_id", "control_verdicts", ["cable_id"])
    op.create_index("ix_control_verdicts_verdict", "control_verdicts", ["verdict"])
    op.create_table(
        "control_flags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cable_id", sa.String(), nullable=False),
        sa.Column("good_id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("facts", JSON, nullable=False),
        sa.ForeignKeyConstraint(
            ["cable_id"],
            ["cables.id"],
            name="fk_control_flags_cable_id_cables",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_control_flags"),
    )
    for column in ("cable_id", "good_id", "kind"):
        op.create_index(f"ix_control_flags_{column}", "control_flags", [column])


def downgrade() -> None:
    op.drop_table("control_flags")
    op.drop_table("control_verdicts")
