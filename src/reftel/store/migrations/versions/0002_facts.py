"""Facts extracted from cables: entities, goods, mentions, events, relations and the sources
(cable, paragraph, portion marking, span) of each.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _cable(table: str) -> tuple[sa.Column[str], sa.ForeignKeyConstraint]:
    return (
        sa.Column("cable_id", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cable_id"], ["cables.id"], name=f"fk_{table}_cable_id_cables", ondelete="CASCADE"
        ),
    )


def _provenance() -> list[sa.Column[object]]:
    return [
        sa.Column("paragraph_index", sa.Integer(), nullable=False),
        sa.Column("paragraph_number", sa.Integer(), nullable=True),
        sa.Column("marking", sa.String(), nullable=True),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "extractions",
        *_cable("extractions"),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("extractor", sa.String(), nullable=False),
        sa.Column("record", JSON, nullable=False),
        sa.PrimaryKeyConstraint("cable_id", name="pk_extractions"),
    )
    op.create_table(
        "entities",
        sa.Column("id", sa.String(), nullable=False),
        *_cable("entities"),
        sa.Column("type", sa.String(), nullable=False),
        sa.Column("subtype", sa.String(), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("country", sa.String(), nullable=True),
        sa.Column("aliases", JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_entities"),
    )
    op.create_index("ix_entities_cable_id", "entities", ["cable_id"])
    op.create_index("ix_entities_name", "entities", ["name"])
    op.create_table(
        "goods",
        sa.Column("id", sa.String(), nullable=False),
        *_cable("goods"),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("form", sa.String(), nullable=True),
        sa.Column("material", sa.String(), nullable=True),
        sa.Column("origin", sa.String(), nullable=True),
        sa.Column("designators", JSON, nullable=False),
        sa.Column("uses", JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_goods"),
    )
    op.create_index("ix_goods_cable_id", "goods", ["cable_id"])
    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer(), nullable=False),
        *_cable("mentions"),
        sa.Column("entity_id", sa.String(), nullable=True),
        sa.Column("good_id", sa.String(), nullable=True),
        *_provenance(),
        sa.Column("label", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_mentions"),
    )
    for column in ("cable_id", "entity_id", "good_id"):
        op.create_index(f"ix_mentions_{column}", "mentions", [column])
    op.create_table(
        "events",
        sa.Column("id", sa.String(), nullable=False),
        *_cable("events"),
        sa.Column("type", sa.String(), nullable=False),
        sa.Column("seller_id", sa.String(), nullable=True),
        sa.Column("buyer_id", sa.String(), nullable=True),
        sa.Column("intermediary_id", sa.String(), nullable=True),
        sa.Column("item_id", sa.String(), nullable=True),
        sa.Column("date_value", sa.String(), nullable=True),
        sa.Column("date_precision", sa.String(), nullable=True),
        sa.Column("modality", sa.String(), nullable=False),
        sa.Column("details", JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_events"),
    )
    for column in ("cable_id", "seller_id", "buyer_id", "date_value"):
        op.create_index(f"ix_events_{column}", "events", [column])
    op.create_table(
        "relations",
        sa.Column("id", sa.String(), nullable=False),
        *_cable("relations"),
        sa.Column("type", sa.String(), nullable=False),
        sa.Column("subject_id", sa.String(), nullable=False),
        sa.Column("object_id", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_relations"),
    )
    for column in ("cable_id", "subject_id", "object_id"):
        op.create_index(f"ix_relations_{column}", "relations", [column])
    op.create_table(
        "fact_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        *_cable("fact_sources"),
        sa.Column("fact_id", sa.String(), nullable=False),
        *_provenance(),
        sa.PrimaryKeyConstraint("id", name="pk_fact_sources"),
    )
    for column in ("cable_id", "fact_id"):
        op.create_index(f"ix_fact_sources_{column}", "fact_sources", [column])


def downgrade() -> None:
    for table in (
        "fact_sources",
        "relations",
        "events",
        "mentions",
        "goods",
        "entities",
        "extractions",
    ):
        op.drop_table(table)
