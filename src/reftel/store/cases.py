"""Saved cases, and the narrow reads of the fact tables that building a case needs.

A saved case keeps what it was built from (seeds, hops, exclusions), never the facts it found:
opening it again rebuilds it from the store, so it grows as new cables arrive. The cables it
had when last opened are kept so the difference can be shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Row, delete, insert, or_, select, update
from sqlalchemy.orm import InstrumentedAttribute

from reftel.extraction.facts import Extraction, Source
from reftel.store import facts as fact_store
from reftel.store import resolution as resolution_store
from reftel.store.repository import Store
from reftel.store.schema import (
    EventRow,
    FactSourceRow,
    MentionRow,
    ReferenceRow,
    RelationRow,
    SavedCaseRow,
)

_CHUNK = 500
"""Ids per IN list: well under SQLite's and PostgreSQL's bound-parameter limits."""


@dataclass(frozen=True)
class SavedCase:
    name: str
    seeds: list[str]
    hops: int
    excluded_sources: list[str]
    excluded_facts: list[str]
    cables: list[str]
    """Cables the case had when it was last opened."""
    created: datetime
    updated: datetime
    opened: datetime | None


@dataclass(frozen=True)
class Identity:
    """One extracted entity as the case builder needs it: enough to match and resolve names."""

    id: str
    cable: str
    type: str
    subtype: str | None
    name: str
    country: str | None
    aliases: list[str]


@dataclass(frozen=True)
class Link:
    """An event or a relation touching some entity: which fact, where, and whom it joins."""

    fact: str
    cable: str
    kind: str
    """'event' or 'relation'."""
    type: str
    parties: tuple[str, ...]


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _chunks(ids: Iterable[str]) -> Iterable[list[str]]:
    ordered = sorted(set(ids))
    for at in range(0, len(ordered), _CHUNK):
        yield ordered[at : at + _CHUNK]


def _saved(row: Row[Any] | Any) -> SavedCase:
    return SavedCase(
        name=row.name,
        seeds=list(row.seeds),
        hops=row.hops,
        excluded_sources=list(row.excluded_sources),
        excluded_facts=list(row.excluded_facts),
        cables=list(row.cables),
        created=row.created,
        updated=row.updated,
        opened=row.opened,
    )


_COLUMNS = (
    SavedCaseRow.name,
    SavedCaseRow.seeds,
    SavedCaseRow.hops,
    SavedCaseRow.excluded_sources,
    SavedCaseRow.excluded_facts,
    SavedCaseRow.cables,
    SavedCaseRow.created,
    SavedCaseRow.updated,
    SavedCaseRow.opened,
)


def save_case(
    store: Store,
    name: str,
    seeds: Sequence[str],
    hops: int,
    excluded_sources: Sequence[str] = (),
    excluded_facts: Sequence[str] = (),
    cables: Sequence[str] = (),
) -> SavedCase:
    """Create a case or replace its definition; its creation time and history stay."""
    now = _now()
    values = {
        "seeds": list(seeds),
        "hops": hops,
        "excluded_sources": sorted(set(excluded_sources)),
        "excluded_facts": sorted(set(excluded_facts)),
        "cables": sorted(set(cables)),
        "updated": now,
        "opened": now,
    }
    with store.connection() as connection:
        exists = connection.scalar(select(SavedCaseRow.name).where(SavedCaseRow.name == name))
        if exists is None:
            connection.execute(insert(SavedCaseRow), {"name": name, "created": now, **values})
        else:
            connection.execute(update(SavedCaseRow).where(SavedCaseRow.name == name), values)
    found = get_case(store, name)
    assert found is not None
    return found


def get_case(store: Store, name: str) -> SavedCase | None:
    with store.connection() as connection:
        row = connection.execute(select(*_COLUMNS).where(SavedCaseRow.name == name)).first()
    return None if row is None else _saved(row)


def list_cases(store: Store) -> list[SavedCase]:
    with store.connection() as connection:
        rows = connection.execute(select(*_COLUMNS).order_by(SavedCaseRow.name)).all()
    return [_saved(row) for row in rows]


def delete_case(store: Store, name: str) -> bool:
    with store.connection() as connection:
        result = connection.execute(delete(SavedCaseRow).where(SavedCaseRow.name == name))
    return bool(result.rowcount)


def mark_opened(store: Store, name: str, cables: Iterable[str]) -> None:
    """Remember what the case held when the analyst last looked, so news can be told apart."""
    with store.connection() as connection:
        connection.execute(
            update(SavedCaseRow)
            .where(SavedCaseRow.name == name)
            .values(cables=sorted(set(cables)), opened=_now())
        )


def identities(store: Store) -> list[Identity]:
    """Every stored entity's name, aliases, type and country: what seeds and resolution match."""
    with store.connection() as connection:
        stored = resolution_store.entities(connection)
    return [
        Identity(e.id, e.cable, e.type, e.subtype, e.name, e.country, list(e.aliases))
        for e in stored
    ]


def links(store: Store, entity_ids: Iterable[str]) -> list[Link]:
    """Events and relations in which any of these entities takes part, in any role."""
    found: dict[str, Link] = {}
    with store.connection() as connection:
        for chunk in _chunks(entity_ids):
            events = connection.execute(
                select(
                    EventRow.id,
                    EventRow.cable_id,
                    EventRow.type,
                    EventRow.seller_id,
                    EventRow.buyer_id,
                    EventRow.intermediary_id,
                ).where(
                    or_(
                        EventRow.seller_id.in_(chunk),
                        EventRow.buyer_id.in_(chunk),
                        EventRow.intermediary_id.in_(chunk),
                    )
                )
            ).all()
            for e in events:
                parties = tuple(p for p in (e[3], e[4], e[5]) if p)
                found[e[0]] = Link(e[0], e[1], "event", e[2], parties)
            relations = connection.execute(
                select(
                    RelationRow.id,
                    RelationRow.cable_id,
                    RelationRow.type,
                    RelationRow.subject_id,
                    RelationRow.object_id,
                ).where(or_(RelationRow.subject_id.in_(chunk), RelationRow.object_id.in_(chunk)))
            ).all()
            for r in relations:
                found[r[0]] = Link(r[0], r[1], "relation", r[2], (r[3], r[4]))
    return sorted(found.values(), key=lambda link: link.fact)


def fact_sources(store: Store, fact_ids: Iterable[str]) -> dict[str, list[Source]]:
    """Where each fact was read: cable, paragraph (index and number), marking and sentence."""
    return _sources(store, FactSourceRow, FactSourceRow.fact_id, fact_ids)


def mentions(store: Store, entity_ids: Iterable[str]) -> dict[str, list[Source]]:
    """For each entity, every place a cable names it, with the paragraph's marking."""
    return _sources(store, MentionRow, MentionRow.entity_id, entity_ids)


def _sources(
    store: Store,
    row: type[FactSourceRow] | type[MentionRow],
    key: InstrumentedAttribute[Any],
    ids: Iterable[str],
) -> dict[str, list[Source]]:
    """Source rows (fact sources and mentions share their columns) grouped by `key`."""
    out: dict[str, list[Source]] = {}
    with store.connection() as connection:
        for chunk in _chunks(ids):
            rows = connection.execute(
                select(
                    key,
                    row.cable_id,
                    row.paragraph_index,
                    row.paragraph_number,
                    row.marking,
                    row.start,
                    row.end,
                    row.text,
                ).where(key.in_(chunk))
            ).all()
            for owner, cable, index, number, marking, start, end, text in rows:
                if owner is not None:
                    out.setdefault(owner, []).append(
                        Source(
                            cable=cable,
                            paragraph=index,
                            number=number,
                            marking=marking,
                            start=start,
                            end=end,
                            text=text,
                        )
                    )
    return out


def citing(store: Store, cable_ids: Iterable[str]) -> dict[str, set[str]]:
    """For each cable, the stored cables whose reference lists cite it."""
    out: dict[str, set[str]] = {}
    with store.connection() as connection:
        for chunk in _chunks(cable_ids):
            rows = connection.execute(
                select(ReferenceRow.ref_id, ReferenceRow.cable_id)
                .where(ReferenceRow.ref_id.in_(chunk))
                .distinct()
            ).all()
            for cited, by in rows:
                if cited is not None:
                    out.setdefault(cited, set()).add(by)
    return out


def extractions(store: Store, cable_ids: Iterable[str]) -> dict[str, Extraction]:
    """The whole stored facts of these cables, with every source and mention."""
    out: dict[str, Extraction] = {}
    with store.connection() as connection:
        for cable in sorted(set(cable_ids)):
            facts = fact_store.read(connection, cable)
            if facts is not None:
                out[cable] = facts
    return out
