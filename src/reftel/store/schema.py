"""The relational shape of a stored cable.

`cables.record` keeps the whole `Cable` so it can be rebuilt exactly; the other columns and
child tables exist to filter, join and search. Paragraphs are keyed by (cable_id, index), the
same key every later fact uses for provenance, alongside the paragraph's portion marking.

Full-text search objects (SQLite FTS5 tables and triggers, PostgreSQL tsvector columns and GIN
indexes) differ per backend, so the migration owns them and these models leave them out.
Timestamps are stored naive, in UTC when the record carried a time zone.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

JSONType = JSON().with_variant(JSONB(), "postgresql")

PARAGRAPHS_FTS = "paragraphs_fts"
"""SQLite: FTS5 index over `paragraphs.text`, external content, kept in sync by triggers."""
SUBJECTS_FTS = "subjects_fts"
"""SQLite: FTS5 table of cable subjects (cable_id unindexed), kept in sync by triggers."""
PARAGRAPH_VECTOR = "search_vector"
"""PostgreSQL: generated tsvector column on `paragraphs`."""
SUBJECT_VECTOR = "subject_vector"
"""PostgreSQL: generated tsvector column on `cables`."""

_SEARCH_NAMES = frozenset(
    {
        PARAGRAPHS_FTS,
        SUBJECTS_FTS,
        PARAGRAPH_VECTOR,
        SUBJECT_VECTOR,
        f"ix_paragraphs_{PARAGRAPH_VECTOR}",
        f"ix_cables_{SUBJECT_VECTOR}",
    }
)


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic autogenerate filter: skip the search objects the models deliberately omit."""
    if name is None:
        return True
    fts_shadow = name.startswith((f"{PARAGRAPHS_FTS}_", f"{SUBJECTS_FTS}_"))
    return name not in _SEARCH_NAMES and not fts_shadow


class Base(DeclarativeBase):
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(table_name)s_%(column_0_N_name)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSONType, list[str]: JSONType}


def _cable_fk() -> Mapped[str]:
    return mapped_column(ForeignKey("cables.id", ondelete="CASCADE"), primary_key=True)


class CableRow(Base):
    __tablename__ = "cables"

    id: Mapped[str] = mapped_column(primary_key=True)
    created: Mapped[datetime | None]
    year: Mapped[int | None] = mapped_column(index=True)
    classification: Mapped[str | None]
    caveats: Mapped[list[str]]
    origin: Mapped[str | None] = mapped_column(index=True)
    precedence: Mapped[str | None]
    dtg: Mapped[str | None]
    dtg_utc: Mapped[datetime | None]
    serial: Mapped[str | None]
    subject: Mapped[str | None] = mapped_column(Text)
    from_name: Mapped[str | None]
    signer: Mapped[str | None]
    classified_by: Mapped[str | None]
    declassify_on: Mapped[str | None]
    summary: Mapped[str | None] = mapped_column(Text)
    sections: Mapped[list[str]]
    body: Mapped[str] = mapped_column(Text)
    header: Mapped[str] = mapped_column(Text)
    source_path: Mapped[str | None]
    source_record: Mapped[int | None]
    source_line: Mapped[int | None]
    source_format: Mapped[str | None]
    content_hash: Mapped[str] = mapped_column(String(64))
    """sha256 of the record JSON without `source`: re-reading the same cable is a no-op."""
    record: Mapped[dict[str, Any]]
    ingested_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class AddresseeRow(Base):
    __tablename__ = "addressees"
    __table_args__ = (CheckConstraint("role IN ('from', 'to', 'info')", name="role"),)

    cable_id: Mapped[str] = _cable_fk()
    role: Mapped[str] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    precedence: Mapped[str | None]
    routing: Mapped[str | None]
    serial: Mapped[str | None]


class TagRow(Base):
    __tablename__ = "cable_tags"

    cable_id: Mapped[str] = _cable_fk()
    tag: Mapped[str] = mapped_column(primary_key=True, index=True)


class ReferenceRow(Base):
    __tablename__ = "cable_references"

    cable_id: Mapped[str] = _cable_fk()
    position: Mapped[int] = mapped_column(primary_key=True)
    letter: Mapped[str | None]
    ref_id: Mapped[str | None] = mapped_column(index=True)
    raw: Mapped[str] = mapped_column(Text)
    year_inferred: Mapped[bool]


class ParagraphRow(Base):
    __tablename__ = "paragraphs"
    __table_args__ = (UniqueConstraint("cable_id", "index"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    """Surrogate key: the rowid the SQLite FTS index points at."""
    cable_id: Mapped[str] = mapped_column(ForeignKey("cables.id", ondelete="CASCADE"))
    index: Mapped[int]
    number: Mapped[int | None]
    marking: Mapped[str | None]
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int]
    end: Mapped[int]


class ActionRequestRow(Base):
    __tablename__ = "action_requests"

    cable_id: Mapped[str] = _cable_fk()
    position: Mapped[int] = mapped_column(primary_key=True)
    paragraph: Mapped[int | None]
    addressee: Mapped[str | None]
    request: Mapped[str] = mapped_column(Text)


class TalkingPointsRow(Base):
    __tablename__ = "talking_points"

    cable_id: Mapped[str] = _cable_fk()
    position: Mapped[int] = mapped_column(primary_key=True)
    paragraph: Mapped[int | None]
    marking: Mapped[str | None]
    points: Mapped[list[str]]
    non_paper: Mapped[bool]


CHILD_TABLES = (
    AddresseeRow,
    TagRow,
    ReferenceRow,
    ParagraphRow,
    ActionRequestRow,
    TalkingPointsRow,
)
"""Every table whose rows belong to one cable and are replaced when the cable changes."""


class ExtractionRow(Base):
    """The facts read from one cable, whole, with the extractor version that read them."""

    __tablename__ = "extractions"

    cable_id: Mapped[str] = _cable_fk()
    content_hash: Mapped[str] = mapped_column(String(64))
    """The cable's content hash when it was read: stale facts are read again."""
    extractor: Mapped[str]
    record: Mapped[dict[str, Any]]


class EntityRow(Base):
    __tablename__ = "entities"

    id: Mapped[str] = mapped_column(primary_key=True)
    cable_id: Mapped[str] = mapped_column(ForeignKey("cables.id", ondelete="CASCADE"), index=True)
    type: Mapped[str]
    subtype: Mapped[str | None]
    name: Mapped[str] = mapped_column(Text, index=True)
    country: Mapped[str | None]
    aliases: Mapped[list[str]]


class GoodRow(Base):
    __tablename__ = "goods"

    id: Mapped[str] = mapped_column(primary_key=True)
    cable_id: Mapped[str] = mapped_column(ForeignKey("cables.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(Text)
    form: Mapped[str | None]
    material: Mapped[str | None]
    origin: Mapped[str | None]
    designators: Mapped[list[str]]
    uses: Mapped[list[str]]


class MentionRow(Base):
    """Where an entity or a good is named: cable, paragraph, its marking and the span."""

    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(primary_key=True)
    cable_id: Mapped[str] = mapped_column(ForeignKey("cables.id", ondelete="CASCADE"), index=True)
    entity_id: Mapped[str | None] = mapped_column(index=True)
    good_id: Mapped[str | None] = mapped_column(index=True)
    paragraph_index: Mapped[int]
    paragraph_number: Mapped[int | None]
    marking: Mapped[str | None]
    start: Mapped[int]
    end: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    label: Mapped[str]


class EventRow(Base):
    __tablename__ = "events"

    id: Mapped[str] = mapped_column(primary_key=True)
    cable_id: Mapped[str] = mapped_column(ForeignKey("cables.id", ondelete="CASCADE"), index=True)
    type: Mapped[str]
    seller_id: Mapped[str | None] = mapped_column(index=True)
    buyer_id: Mapped[str | None] = mapped_column(index=True)
    intermediary_id: Mapped[str | None]
    item_id: Mapped[str | None]
    date_value: Mapped[str | None] = mapped_column(index=True)
    date_precision: Mapped[str | None]
    modality: Mapped[str]
    details: Mapped[dict[str, Any]]
    """Quantity, value, date text and route, as the Event record holds them."""


class RelationRow(Base):
    __tablename__ = "relations"

    id: Mapped[str] = mapped_column(primary_key=True)
    cable_id: Mapped[str] = mapped_column(ForeignKey("cables.id", ondelete="CASCADE"), index=True)
    type: Mapped[str]
    subject_id: Mapped[str] = mapped_column(index=True)
    object_id: Mapped[str] = mapped_column(index=True)


class FactSourceRow(Base):
    """Each sentence an event or a relation was read from, with its paragraph's marking."""

    __tablename__ = "fact_sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    cable_id: Mapped[str] = mapped_column(ForeignKey("cables.id", ondelete="CASCADE"), index=True)
    fact_id: Mapped[str] = mapped_column(index=True)
    paragraph_index: Mapped[int]
    paragraph_number: Mapped[int | None]
    marking: Mapped[str | None]
    start: Mapped[int]
    end: Mapped[int]
    text: Mapped[str] = mapped_column(Text)


FACT_TABLES = (
    FactSourceRow,
    MentionRow,
    RelationRow,
    EventRow,
    GoodRow,
    EntityRow,
    ExtractionRow,
)
"""Tables of facts read from a cable, replaced whenever the cable is read again."""
