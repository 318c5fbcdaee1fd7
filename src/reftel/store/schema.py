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


# --- Export controls: verdicts and red flags per stored good (reftel.store.controls) ----------


class ControlVerdictRow(Base):
    """A stored good classified against the control lists, with the classifier's version."""

    __tablename__ = "control_verdicts"

    good_id: Mapped[str] = mapped_column(primary_key=True)
    cable_id: Mapped[str] = mapped_column(ForeignKey("cables.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(Text)
    verdict: Mapped[str] = mapped_column(index=True)
    entries: Mapped[list[str]]
    """Numbers of the candidate entries, most severe first."""
    catch_all: Mapped[bool]
    classifier: Mapped[str]
    record: Mapped[dict[str, Any]]
    """The whole assessment: classification with every check, and the flags."""


class ControlFlagRow(Base):
    """One red flag raised for a stored good, with the facts (cable, paragraph) it cites."""

    __tablename__ = "control_flags"

    id: Mapped[int] = mapped_column(primary_key=True)
    cable_id: Mapped[str] = mapped_column(ForeignKey("cables.id", ondelete="CASCADE"), index=True)
    good_id: Mapped[str] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(index=True)
    summary: Mapped[str] = mapped_column(Text)
    facts: Mapped[list[dict[str, Any]]] = mapped_column(JSONType)
    """The cited facts: cable, paragraph (number and index), marking and sentence."""


# --- Access control (reftel.store.access, reftel.access) ---------------------------------------


class PortionAccessRow(Base):
    """The effective marking of each portion of a cable (paragraph index, or -1 for the subject
    line), canonical, so searches filter by the few distinct markings a principal may read."""

    __tablename__ = "portion_access"

    cable_id: Mapped[str] = _cable_fk()
    portion: Mapped[int] = mapped_column(primary_key=True)
    marking: Mapped[str] = mapped_column(index=True)
    policy: Mapped[str] = mapped_column(String(16))
    """Digest of the access policy that computed it: another policy recomputes it."""


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(unique=True)
    clearance: Mapped[str]
    accesses: Mapped[list[str]]
    countries: Mapped[list[str]]
    role: Mapped[str]
    password_hash: Mapped[str | None]
    """argon2id hash; None for a user who signs in with tokens only."""
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class ApiTokenRow(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    """sha256 of the token: tokens are 256 random bits, so a fast hash is enough to store."""
    prefix: Mapped[str] = mapped_column(String(12))
    """The token's first characters, to tell tokens apart in listings."""
    created_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]


class LoginAuditRow(Base):
    """Every sign-in attempt, kept when the user is later removed."""

    __tablename__ = "login_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_name: Mapped[str | None] = mapped_column(index=True)
    method: Mapped[str]
    ok: Mapped[bool]
    at: Mapped[datetime]


# --- Ingest jobs (reftel.store.jobs) -----------------------------------------------------------


class IngestJobRow(Base):
    """An upload's ingest: its stage and counts as it goes, so that every server process
    answers for it and it outlives a restart."""

    __tablename__ = "ingest_jobs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    owner: Mapped[str] = mapped_column(index=True)
    filename: Mapped[str] = mapped_column(Text)
    stage: Mapped[str]
    read: Mapped[int]
    counts: Mapped[dict[str, Any]]
    errors: Mapped[list[str]]
    started: Mapped[datetime]
    reported: Mapped[datetime]
    """When the job last wrote its progress."""
    finished: Mapped[datetime | None]


# --- Saved cases (reftel.store.cases) ---------------------------------------------------------


class SavedCaseRow(Base):
    """A named case: what it was built from, not what it found, so it grows as cables arrive.

    `cables` is the set of cables the case had when last opened: the difference with a fresh
    build is what is new since.
    """

    __tablename__ = "cases"

    name: Mapped[str] = mapped_column(primary_key=True)
    seeds: Mapped[list[str]]
    hops: Mapped[int]
    excluded_sources: Mapped[list[str]]
    excluded_facts: Mapped[list[str]]
    cables: Mapped[list[str]]
    created: Mapped[datetime]
    updated: Mapped[datetime]
    opened: Mapped[datetime | None]


# --- Resolution: canonical entities across cables, and the judgements behind them ---------------


class CanonicalEntityRow(Base):
    """One party as it appears across cables: the union of per-cable entities judged the same.

    Rebuilt from the judgements after every resolution, keeping each cluster's id when most of
    its members kept theirs, so ids stay stable across re-ingest of the same input.
    """

    __tablename__ = "canonical_entities"

    id: Mapped[str] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(index=True)
    subtype: Mapped[str | None]
    name: Mapped[str] = mapped_column(Text, index=True)
    country: Mapped[str | None]
    aliases: Mapped[list[str]]
    cable_count: Mapped[int]
    member_count: Mapped[int]


class CanonicalMemberRow(Base):
    """A per-cable entity (table `entities`) and the canonical entity it belongs to."""

    __tablename__ = "canonical_members"

    entity_id: Mapped[str] = mapped_column(primary_key=True)
    """Not a foreign key: a cable's facts are replaced on re-extraction, its members are not."""
    canonical_id: Mapped[str] = mapped_column(
        ForeignKey("canonical_entities.id", ondelete="CASCADE"), index=True
    )
    cable_id: Mapped[str] = mapped_column(ForeignKey("cables.id", ondelete="CASCADE"), index=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    """sha256 of what resolution read of the entity: an entity that did not change since it
    was resolved needs no scoring when its cable is ingested again."""


class JudgementRow(Base):
    """A decision that per-cable entities are the same party, different ones, or unsure.

    Made by the machine (with its score and the features that explain it) or by an analyst
    (with a note); an analyst's judgement is undone, never deleted, so its history stays.
    """

    __tablename__ = "judgements"
    __table_args__ = (
        CheckConstraint("judgement IN ('same', 'different', 'unsure')", name="judgement"),
        CheckConstraint("origin IN ('machine', 'analyst')", name="origin"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    judgement: Mapped[str]
    origin: Mapped[str] = mapped_column(index=True)
    action: Mapped[str]
    """What made it: resolve (the machine), merge, split or different (an analyst)."""
    author: Mapped[str]
    note: Mapped[str | None] = mapped_column(Text)
    score: Mapped[float | None]
    features: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]
    undone_at: Mapped[datetime | None]
    undone_by: Mapped[str | None]


class JudgementPairRow(Base):
    """One pair of per-cable entities a judgement is about, with their names when judged.

    The cable and name let a judgement find its entities again when re-extraction renumbers
    a cable's entity ids.
    """

    __tablename__ = "judgement_pairs"

    id: Mapped[int] = mapped_column(primary_key=True)
    judgement_id: Mapped[int] = mapped_column(
        ForeignKey("judgements.id", ondelete="CASCADE"), index=True
    )
    left_id: Mapped[str] = mapped_column(index=True)
    left_cable: Mapped[str]
    left_name: Mapped[str] = mapped_column(Text)
    right_id: Mapped[str] = mapped_column(index=True)
    right_cable: Mapped[str]
    right_name: Mapped[str] = mapped_column(Text)


class JudgementHistoryRow(Base):
    """Every analyst action on a judgement (made, undone), who did it, when and why."""

    __tablename__ = "judgement_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    judgement_id: Mapped[int] = mapped_column(
        ForeignKey("judgements.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str]
    author: Mapped[str]
    at: Mapped[datetime]
    note: Mapped[str | None] = mapped_column(Text)


# --- Designation lists and screening (reftel.store.designations, reftel.screening) -------------


class DesignationListRow(Base):
    """A designation list as loaded: its name, where it came from and the date it states."""

    __tablename__ = "designation_lists"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(unique=True)
    format: Mapped[str]
    source: Mapped[str] = mapped_column(Text)
    list_date: Mapped[str | None]
    loaded_at: Mapped[datetime]
    entry_count: Mapped[int]


class DesignationEntryRow(Base):
    """One entry of a list, with its id as the list writes it and the designee it resolves to
    (the same party on several lists shares one `designee`)."""

    __tablename__ = "designation_entries"
    __table_args__ = (UniqueConstraint("list_id", "entry_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(
        ForeignKey("designation_lists.id", ondelete="CASCADE"), index=True
    )
    entry_id: Mapped[str]
    type: Mapped[str]
    name: Mapped[str] = mapped_column(Text)
    programs: Mapped[list[str]]
    authority: Mapped[str | None] = mapped_column(Text)
    listed_on: Mapped[str | None]
    reason: Mapped[str | None] = mapped_column(Text)
    countries: Mapped[list[str]]
    identifiers: Mapped[list[str]]
    source: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict[str, Any]]
    designee: Mapped[str] = mapped_column(index=True)


class DesignationNameRow(Base):
    """Every name of an entry: its primary name, aliases and acronyms, and weak aliases."""

    __tablename__ = "designation_names"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_pk: Mapped[int] = mapped_column(
        ForeignKey("designation_entries.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str]
    """primary | alias | weak"""


class DesignationKeyRow(Base):
    """The candidate index: each blocking key of an entry's names (words, sounds, acronyms)."""

    __tablename__ = "designation_keys"

    key: Mapped[str] = mapped_column(primary_key=True)
    entry_pk: Mapped[int] = mapped_column(
        ForeignKey("designation_entries.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class DesignationLinkRow(Base):
    """A tie the list states ('X is a cover name for Y', 'Linked To: ...'), resolved to the entry
    it names where one of the loaded lists has it."""

    __tablename__ = "designation_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_pk: Mapped[int] = mapped_column(
        ForeignKey("designation_entries.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[str]
    target: Mapped[str] = mapped_column(Text)
    target_entry_pk: Mapped[int | None] = mapped_column(
        ForeignKey("designation_entries.id", ondelete="SET NULL"), index=True
    )
    text: Mapped[str] = mapped_column(Text)


class ScreeningResultRow(Base):
    """A cable's entity screened: designated (a direct hit) or flagged (tied to a designee
    within two hops), with the list entry, score, every feature and the path."""

    __tablename__ = "screening_results"

    id: Mapped[int] = mapped_column(primary_key=True)
    cable_id: Mapped[str] = mapped_column(ForeignKey("cables.id", ondelete="CASCADE"), index=True)
    entity_id: Mapped[str] = mapped_column(index=True)
    entity_name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str]
    """designated | review (a hit the rules for cable parties hold back) | flagged"""
    list_name: Mapped[str]
    entry_id: Mapped[str]
    designee: Mapped[str]
    matched_name: Mapped[str] = mapped_column(Text)
    score: Mapped[float]
    match: Mapped[bool]
    explanation: Mapped[dict[str, Any]]
    """Features of the score, the list's reason and, for a flag, the path to the designee."""
