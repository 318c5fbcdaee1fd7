"""Cables, their addressees, tags, references, paragraphs, action requests and talking points,
plus full-text search over paragraph text and subjects.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _cable_id(table: str) -> tuple[sa.Column[str], sa.ForeignKeyConstraint]:
    """The column and foreign key every child table uses to hang off its cable."""
    return (
        sa.Column("cable_id", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cable_id"], ["cables.id"], name=f"fk_{table}_cable_id_cables", ondelete="CASCADE"
        ),
    )


def upgrade() -> None:
    op.create_table(
        "cables",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("classification", sa.String(), nullable=True),
        sa.Column("caveats", JSON, nullable=False),
        sa.Column("origin", sa.String(), nullable=True),
        sa.Column("precedence", sa.String(), nullable=True),
        sa.Column("dtg", sa.String(), nullable=True),
        sa.Column("dtg_utc", sa.DateTime(), nullable=True),
        sa.Column("serial", sa.String(), nullable=True),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("from_name", sa.String(), nullable=True),
        sa.Column("signer", sa.String(), nullable=True),
        sa.Column("classified_by", sa.String(), nullable=True),
        sa.Column("declassify_on", sa.String(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("sections", JSON, nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("header", sa.Text(), nullable=False),
        sa.Column("source_path", sa.String(), nullable=True),
        sa.Column("source_record", sa.Integer(), nullable=True),
        sa.Column("source_line", sa.Integer(), nullable=True),
        sa.Column("source_format", sa.String(), nullable=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("record", JSON, nullable=False),
        sa.Column("ingested_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_cables"),
    )
    op.create_index("ix_cables_year", "cables", ["year"])
    op.create_index("ix_cables_origin", "cables", ["origin"])

    op.create_table(
        "addressees",
        *_cable_id("addressees"),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("precedence", sa.String(), nullable=True),
        sa.Column("routing", sa.String(), nullable=True),
        sa.Column("serial", sa.String(), nullable=True),
        sa.CheckConstraint("role IN ('from', 'to', 'info')", name="ck_addressees_role"),
        sa.PrimaryKeyConstraint("cable_id", "role", "position", name="pk_addressees"),
    )

    op.create_table(
        "cable_tags",
        *_cable_id("cable_tags"),
        sa.Column("tag", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("cable_id", "tag", name="pk_cable_tags"),
    )
    op.create_index("ix_cable_tags_tag", "cable_tags", ["tag"])

    op.create_table(
        "cable_references",
        *_cable_id("cable_references"),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("letter", sa.String(), nullable=True),
        sa.Column("ref_id", sa.String(), nullable=True),
        sa.Column("raw", sa.Text(), nullable=False),
        sa.Column("year_inferred", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("cable_id", "position", name="pk_cable_references"),
    )
    op.create_index("ix_cable_references_ref_id", "cable_references", ["ref_id"])

    op.create_table(
        "paragraphs",
        sa.Column("id", sa.Integer(), nullable=False),
        *_cable_id("paragraphs"),
        sa.Column("index", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("marking", sa.String(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_paragraphs"),
        sa.UniqueConstraint("cable_id", "index", name="uq_paragraphs_cable_id_index"),
    )

    op.create_table(
        "action_requests",
        *_cable_id("action_requests"),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("paragraph", sa.Integer(), nullable=True),
        sa.Column("addressee", sa.String(), nullable=True),
        sa.Column("request", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("cable_id", "position", name="pk_action_requests"),
    )

    op.create_table(
        "talking_points",
        *_cable_id("talking_points"),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("paragraph", sa.Integer(), nullable=True),
        sa.Column("marking", sa.String(), nullable=True),
        sa.Column("points", JSON, nullable=False),
        sa.Column("non_paper", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("cable_id", "position", name="pk_talking_points"),
    )

    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _create_sqlite_search()
    elif dialect == "postgresql":
        _create_postgresql_search()
    else:
        raise RuntimeError(f"reftel stores cables in SQLite or PostgreSQL, not {dialect}")


def _create_sqlite_search() -> None:
    """FTS5 over paragraphs (external content: the text is not stored twice) and subjects.

    Subjects get a small table of their own, keyed by an unindexed cable_id: `cables` has no
    integer primary key an external-content index could point at and VACUUM may renumber its
    rowids. Removing a subject scans that table, which only happens when a subject changes.
    """
    for statement in (
        """CREATE VIRTUAL TABLE paragraphs_fts USING fts5(
            text, content='paragraphs', content_rowid='id', tokenize='porter unicode61')""",
        """CREATE TRIGGER paragraphs_fts_insert AFTER INSERT ON paragraphs BEGIN
            INSERT INTO paragraphs_fts(rowid, text) VALUES (new.id, new.text);
        END""",
        """CREATE TRIGGER paragraphs_fts_delete AFTER DELETE ON paragraphs BEGIN
            INSERT INTO paragraphs_fts(paragraphs_fts, rowid, text)
            VALUES ('delete', old.id, old.text);
        END""",
        """CREATE TRIGGER paragraphs_fts_update AFTER UPDATE ON paragraphs BEGIN
            INSERT INTO paragraphs_fts(paragraphs_fts, rowid, text)
            VALUES ('delete', old.id, old.text);
            INSERT INTO paragraphs_fts(rowid, text) VALUES (new.id, new.text);
        END""",
        """CREATE VIRTUAL TABLE subjects_fts USING fts5(
            subject, cable_id UNINDEXED, tokenize='porter unicode61')""",
        """CREATE TRIGGER subjects_fts_insert AFTER INSERT ON cables
        WHEN new.subject IS NOT NULL BEGIN
            INSERT INTO subjects_fts(subject, cable_id) VALUES (new.subject, new.id);
        END""",
        """CREATE TRIGGER subjects_fts_delete AFTER DELETE ON cables BEGIN
            DELETE FROM subjects_fts WHERE cable_id = old.id;
        END""",
        """CREATE TRIGGER subjects_fts_update AFTER UPDATE OF id, subject ON cables
        WHEN old.id IS NOT new.id OR old.subject IS NOT new.subject BEGIN
            DELETE FROM subjects_fts WHERE cable_id = old.id;
            INSERT INTO subjects_fts(subject, cable_id)
            SELECT new.subject, new.id WHERE new.subject IS NOT NULL;
        END""",
    ):
        op.execute(statement)


def _create_postgresql_search() -> None:
    """Generated tsvector columns, so every writer keeps the index right without extra code."""
    for table, source, column in (
        ("paragraphs", "text", "search_vector"),
        ("cables", "subject", "subject_vector"),
    ):
        op.add_column(
            table,
            sa.Column(
                column,
                postgresql.TSVECTOR(),
                sa.Computed(f"to_tsvector('english', coalesce({source}, ''))", persisted=True),
            ),
        )
        op.create_index(f"ix_{table}_{column}", table, [column], postgresql_using="gin")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE subjects_fts")
        op.execute("DROP TABLE paragraphs_fts")
    for table in (
        "talking_points",
        "action_requests",
        "paragraphs",
        "cable_references",
        "cable_tags",
        "addressees",
        "cables",
    ):
        op.drop_table(table)
