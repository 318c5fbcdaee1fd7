"""Reading and writing canonical entities, their members and the judgements behind them."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Table, delete, insert, or_, select, update

from reftel.resolution.judgements import EntityRef, Judgement, Origin, Pair, Verdict
from reftel.store.repository import Store
from reftel.store.schema import (
    Base,
    CanonicalEntityRow,
    CanonicalMemberRow,
    EntityRow,
    JudgementHistoryRow,
    JudgementPairRow,
    JudgementRow,
    MentionRow,
)


def connect(store: Store) -> AbstractContextManager[Connection]:
    """The store's open batch if there is one (so resolution sees facts just written), else a
    transaction of its own."""
    return store.connection()


def _table(model: type[Base]) -> Table:
    return Base.metadata.tables[model.__tablename__]


@dataclass(frozen=True)
class StoredEntity:
    """A per-cable entity as extraction stored it."""

    id: str
    cable: str
    type: str
    subtype: str | None
    name: str
    country: str | None
    aliases: tuple[str, ...]

    def ref(self) -> EntityRef:
        return EntityRef(self.id, self.cable, self.name)

    def fingerprint(self) -> str:
        """What resolution reads of the entity, hashed: equal means nothing to resolve again."""
        fields = [self.cable, self.type, self.subtype, self.name, self.country, *self.aliases]
        return hashlib.sha256(json.dumps(fields).encode()).hexdigest()


@dataclass(frozen=True)
class Canonical:
    id: str
    type: str
    subtype: str | None
    name: str
    country: str | None
    aliases: tuple[str, ...]
    cable_count: int
    member_count: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "subtype": self.subtype,
            "name": self.name,
            "country": self.country,
            "aliases": list(self.aliases),
            "cable_count": self.cable_count,
            "member_count": self.member_count,
        }


@dataclass(frozen=True)
class Cited:
    """A paragraph that names an entity: its position, number and portion marking."""

    cable: str
    paragraph: int
    number: int | None
    marking: str | None


def entities(connection: Connection, ids: Collection[str] | None = None) -> list[StoredEntity]:
    query = select(
        EntityRow.id,
        EntityRow.cable_id,
        EntityRow.type,
        EntityRow.subtype,
        EntityRow.name,
        EntityRow.country,
        EntityRow.aliases,
    ).order_by(EntityRow.id)
    if ids is not None:
        query = query.where(EntityRow.id.in_(list(ids)))
    return [
        StoredEntity(r.id, r.cable_id, r.type, r.subtype, r.name, r.country, tuple(r.aliases))
        for r in connection.execute(query)
    ]


def judgements(
    connection: Connection,
    *,
    live: bool = True,
    origin: Origin | None = None,
    ids: Collection[int] | None = None,
    touching: Collection[str] | None = None,
) -> list[Judgement]:
    """Judgements with their pairs, oldest first; `touching` keeps those naming an entity."""
    query = select(_table(JudgementRow)).order_by(JudgementRow.id)
    if live:
        query = query.where(JudgementRow.undone_at.is_(None))
    if origin is not None:
        query = query.where(JudgementRow.origin == origin)
    if ids is not None:
        query = query.where(JudgementRow.id.in_(list(ids)))
    if touching is not None:
        wanted = list(touching)
        named = select(JudgementPairRow.judgement_id).where(
            or_(JudgementPairRow.left_id.in_(wanted), JudgementPairRow.right_id.in_(wanted))
        )
        query = query.where(JudgementRow.id.in_(named))
    rows = connection.execute(query).all()
    pairs: dict[int, list[Pair]] = {row.id: [] for row in rows}
    if pairs:
        pair_query = select(_table(JudgementPairRow)).order_by(JudgementPairRow.id)
        if ids is not None or touching is not None or len(pairs) < 500:
            pair_query = pair_query.where(JudgementPairRow.judgement_id.in_(list(pairs)))
        for p in connection.execute(pair_query):
            if p.judgement_id in pairs:
                pairs[p.judgement_id].append(
                    Pair(
                        EntityRef(p.left_id, p.left_cable, p.left_name),
                        EntityRef(p.right_id, p.right_cable, p.right_name),
                    )
                )
    return [
        Judgement(
            id=row.id,
            judgement=cast(Verdict, row.judgement),
            origin=cast(Origin, row.origin),
            action=row.action,
            author=row.author,
            note=row.note,
            score=row.score,
            features=row.features,
            created_at=row.created_at,
            undone_at=row.undone_at,
            undone_by=row.undone_by,
            pairs=tuple(pairs[row.id]),
        )
        for row in rows
    ]


def add_judgements(connection: Connection, made: Sequence[Judgement]) -> list[int]:
    """Store judgements with their pairs; an analyst's also opens its history."""
    if not made:
        return []
    table = _table(JudgementRow)
    ids = list(
        connection.execute(
            insert(table).returning(table.c.id, sort_by_parameter_order=True),
            [
                {
                    "judgement": j.judgement,
                    "origin": j.origin,
                    "action": j.action,
                    "author": j.author,
                    "note": j.note,
                    "score": j.score,
                    "features": dict(j.features),
                    "created_at": j.created_at,
                    "undone_at": None,
                    "undone_by": None,
                }
                for j in made
            ],
        ).scalars()
    )
    connection.execute(
        insert(_table(JudgementPairRow)),
        [
            {
                "judgement_id": jid,
                "left_id": p.left.id,
                "left_cable": p.left.cable,
                "left_name": p.left.name,
                "right_id": p.right.id,
                "right_cable": p.right.cable,
                "right_name": p.right.name,
            }
            for jid, j in zip(ids, made, strict=True)
            for p in j.pairs
        ],
    )
    history = [
        {
            "judgement_id": jid,
            "action": "made",
            "author": j.author,
            "at": j.created_at,
            "note": j.note,
        }
        for jid, j in zip(ids, made, strict=True)
        if j.origin == "analyst"
    ]
    if history:
        connection.execute(insert(_table(JudgementHistoryRow)), history)
    return ids


def undo(
    connection: Connection, judgement_id: int, author: str, at: datetime, note: str | None
) -> None:
    """Mark a judgement undone and say so in its history; the row itself stays."""
    connection.execute(
        update(_table(JudgementRow))
        .where(JudgementRow.id == judgement_id)
        .values(undone_at=at, undone_by=author)
    )
    connection.execute(
        insert(_table(JudgementHistoryRow)),
        {
            "judgement_id": judgement_id,
            "action": "undone",
            "author": author,
            "at": at,
            "note": note,
        },
    )


def history(
    connection: Connection, judgement_ids: Collection[int]
) -> dict[int, list[dict[str, Any]]]:
    found: dict[int, list[dict[str, Any]]] = {}
    rows = connection.execute(
        select(_table(JudgementHistoryRow))
        .where(JudgementHistoryRow.judgement_id.in_(list(judgement_ids)))
        .order_by(JudgementHistoryRow.id)
    )
    for row in rows:
        found.setdefault(row.judgement_id, []).append(
            {"action": row.action, "author": row.author, "at": row.at.isoformat(), "note": row.note}
        )
    return found


def replace_machine(
    connection: Connection, scope: Collection[str], fresh: Sequence[Judgement]
) -> tuple[int, int]:
    """Make the machine's live judgements on pairs touching `scope` exactly `fresh`.

    Judgements that did not change are left alone, so resolving the same facts again writes
    nothing. Returns how many were added and removed.
    """
    inside = set(scope)
    current = [
        j
        for j in judgements(connection, origin="machine")
        if any(p.left.id in inside or p.right.id in inside for p in j.pairs)
    ]

    def key(j: Judgement) -> tuple[Any, ...]:
        return (tuple(sorted(p.key for p in j.pairs)), j.judgement, j.score)

    wanted = {key(j): j for j in fresh}
    stale = [j.id for j in current if key(j) not in wanted and j.id is not None]
    have = {key(j) for j in current}
    new = [j for k, j in wanted.items() if k not in have]
    for chunk in _chunks(stale, 500):
        connection.execute(
            delete(_table(JudgementPairRow)).where(JudgementPairRow.judgement_id.in_(chunk))
        )
        connection.execute(delete(_table(JudgementRow)).where(JudgementRow.id.in_(chunk)))
    add_judgements(connection, new)
    return len(new), len(stale)


def _chunks(items: Sequence[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def membership(connection: Connection) -> dict[str, str]:
    """Per-cable entity id to the canonical entity it belongs to."""
    rows = connection.execute(select(CanonicalMemberRow.entity_id, CanonicalMemberRow.canonical_id))
    return {entity: canonical for entity, canonical in rows}


def fingerprints(connection: Connection) -> dict[str, str]:
    """Per-cable entity id to the fingerprint it had when last resolved."""
    rows = connection.execute(select(CanonicalMemberRow.entity_id, CanonicalMemberRow.fingerprint))
    return {entity: fingerprint for entity, fingerprint in rows}


def canonicals(connection: Connection, ids: Collection[str] | None = None) -> list[Canonical]:
    query = select(_table(CanonicalEntityRow)).order_by(CanonicalEntityRow.id)
    if ids is not None:
        query = query.where(CanonicalEntityRow.id.in_(list(ids)))
    return [
        Canonical(
            r.id,
            r.type,
            r.subtype,
            r.name,
            r.country,
            tuple(r.aliases),
            r.cable_count,
            r.member_count,
        )
        for r in connection.execute(query)
    ]


def write_canonicals(
    connection: Connection,
    wanted: Iterable[Canonical],
    members: dict[str, tuple[str, str, str]],
) -> int:
    """Bring the canonical tables to `wanted` and `members` (entity id to canonical id, cable
    and fingerprint), touching only rows that differ; returns how many rows changed."""
    old = {c.id: c for c in canonicals(connection)}
    new = {c.id: c for c in wanted}
    changes = 0
    entity_table, member_table = _table(CanonicalEntityRow), _table(CanonicalMemberRow)
    old_members = {
        r.entity_id: (r.canonical_id, r.cable_id, r.fingerprint)
        for r in connection.execute(select(member_table))
    }
    gone_members = [e for e, v in old_members.items() if members.get(e) != v]
    for start in range(0, len(gone_members), 500):
        chunk = gone_members[start : start + 500]
        connection.execute(delete(member_table).where(member_table.c.entity_id.in_(chunk)))
    changes += len(gone_members)
    gone = [i for i in old if i not in new]
    for start in range(0, len(gone), 500):
        chunk = gone[start : start + 500]
        connection.execute(delete(entity_table).where(entity_table.c.id.in_(chunk)))
    changes += len(gone)
    added = [c.as_dict() for i, c in new.items() if i not in old]
    if added:
        connection.execute(insert(entity_table), added)
    for i, c in new.items():
        if i in old and old[i] != c:
            connection.execute(update(entity_table).where(entity_table.c.id == i), c.as_dict())
            changes += 1
    changes += len(added)
    fresh = [
        {"entity_id": e, "canonical_id": cid, "cable_id": cable, "fingerprint": fingerprint}
        for e, (cid, cable, fingerprint) in members.items()
        if old_members.get(e) != (cid, cable, fingerprint)
    ]
    if fresh:
        connection.execute(insert(member_table), fresh)
    return changes + len(fresh)


def members_of(connection: Connection, canonical_id: str) -> list[str]:
    return list(
        connection.scalars(
            select(CanonicalMemberRow.entity_id)
            .where(CanonicalMemberRow.canonical_id == canonical_id)
            .order_by(CanonicalMemberRow.entity_id)
        )
    )


def citations(connection: Connection, entity_ids: Collection[str]) -> dict[str, list[Cited]]:
    """The paragraphs that name each entity, in reading order, each once."""
    found: dict[str, list[Cited]] = {}
    rows = connection.execute(
        select(
            MentionRow.entity_id,
            MentionRow.cable_id,
            MentionRow.paragraph_index,
            MentionRow.paragraph_number,
            MentionRow.marking,
        )
        .where(MentionRow.entity_id.in_(list(entity_ids)))
        .distinct()
        .order_by(MentionRow.entity_id, MentionRow.paragraph_index)
    )
    for entity, cable, index, number, marking in rows:
        found.setdefault(entity or "", []).append(Cited(cable, index, number, marking))
    return found
