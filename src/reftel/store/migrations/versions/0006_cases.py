"""Saved cases and action-request tracking.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("seeds", JSON, nullable=False),
        sa.Column("hops", sa.Integer(), nullable=False),
        sa.Column("excluded_sources", JSON, nullable=False),
        sa.Column("excluded_facts", JSON, nullable=False),
        sa.Column("cables", JSON, nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("updated", sa.DateTime(), nullable=False),
        sa.Column("opened", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("name", name="pk_cases"),
    )


def downgrade() -> None:
    op.drop_table("cases")
