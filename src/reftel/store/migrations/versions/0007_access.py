"""Users, API tokens, clearances and caveat accesses.

Also the effective marking of every cable portion; the store fills it in for cables saved
before this revision (and again whenever the access policy changes), so nothing is computed
here.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "portion_access",
        sa.Column("cable_id", sa.String(), nullable=False),
        sa.Column("portion", sa.Integer(), nullable=False),
        sa.Column("marking", sa.String(), nullable=False),
        sa.Column("policy", sa.String(16), nullable=False),
        sa.ForeignKeyConstraint(
            ["cable_id"],
            ["cables.id"],
            name="fk_portion_access_cable_id_cables",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("cable_id", "portion", name="pk_portion_access"),
    )
    op.create_index("ix_portion_access_marking", "portion_access", ["marking"])
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("clearance", sa.String(), nullable=False),
        sa.Column("accesses", JSON, nullable=False),
        sa.Column("countries", JSON, nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("password_hash", sa.String(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("name", name="uq_users_name"),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("prefix", sa.String(12), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_used_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_api_tokens_user_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_api_tokens"),
        sa.UniqueConstraint("digest", name="uq_api_tokens_digest"),
    )
    op.create_index("ix_api_tokens_user_id", "api_tokens", ["user_id"])
    op.create_table(
        "login_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_name", sa.String(), nullable=True),
        sa.Column("method", sa.String(), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_login_audit"),
    )
    op.create_index("ix_login_audit_user_name", "login_audit", ["user_name"])


def downgrade() -> None:
    op.drop_table("login_audit")
    op.drop_table("api_tokens")
    op.drop_table("users")
    op.drop_table("portion_access")
