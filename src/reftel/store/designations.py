"""Storing designation lists, resolving their entries to designees, and the candidate index.

Loading a list replaces any list of the same name, whole or not at all. After every load the
entries of all lists are resolved again: entries of different lists that name the same party
(the same name once case, script, punctuation and romanisation variants are folded, the same
kind of party, no contradicting dates of birth) share one designee, and no designee ever
holds two entries of one list, so two entries a list keeps apart are never merged. Links the
lists state are resolved to the entries they name.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, bindparam, delete, func, insert, select, update

from reftel.resolution.names import all_name_keys, normalize, prepare, split_aliases
from reftel.screening.lists import ListEntry, LoadedList
from reftel.store.repository import Store
from reftel.store.schema import (
    Base,
    DesignationEntryRow,
    DesignationKeyRow,
    DesignationLinkRow,
    DesignationListRow,
    DesignationNameRow,
)

__all__ = [
    "ListSummary",
    "StoredEntry",
    "candidate_entries",
    "designees",
    "list_summaries",
    "load_entries",
    "save_list",
]


def _table(model: type[Base]) -> Table:
    return Base.metadata.tables[model.__tablename__]


@contextmanager
def connect(store: Store) -> Iterator[Connection]:
    """The store's connection: its open batch if there is one, else a transaction of its own."""
    with store.connection() as connection:
        yield connection


@dataclass(frozen=True)
class ListSummary:
    name: str
    format: str
    source: str
    list_date: str | None
    loaded_at: datetime
    entries: int
    designees: int


@dataclass(frozen=True)
class StoredEntry:
    """A list entry as screening reads it back: every field the results report."""

    pk: int
    list_name: str
    entry_id: str
    type: str
    name: str
    names: tuple[str, ...]
    """Primary name and strong aliases, parenthesised acronyms split off."""
    weak_names: tuple[str, ...]
    programs: tuple[str, ...]
    authority: str | None
    listed_on: str | None
    reason: str | None
    countries: tuple[str, ...]
    identifiers: tuple[str, ...]
    source: str | None
    designee: str


def save_list(store: Store, name: str, loaded: LoadedList) -> int:
    """Store a list under `name` (replacing one of that name); returns its entry count."""
    with connect(store) as connection:
        lists = _table(DesignationListRow)
        connection.execute(delete(lists).where(lists.c.name == name))
        list_id = connection.execute(
            insert(lists).returning(lists.c.id),
            {
                "name": name,
                "format": loaded.format,
                "source": loaded.source,
                "list_date": loaded.list_date,
                "loaded_at": datetime.now(UTC).replace(tzinfo=None),
                "entry_count": len(loaded.entries),
            },
        ).scalar_one()
        _write_entries(connection, list_id, name, _unique(loaded.entries))
        resolve(connection)
    return len(loaded.entries)


def _unique(entries: Iterable[ListEntry]) -> list[ListEntry]:
    """One entry per id: a list that repeats an id keeps its first entry."""
    seen: dict[str, ListEntry] = {}
    for entry in entries:
        seen.setdefault(entry.entry_id, entry)
    return list(seen.values())


def _write_entries(
    connection: Connection, list_id: int, list_name: str, entries: list[ListEntry]
) -> None:
    if not entries:
        return
    table = _table(DesignationEntryRow)
    rows = [
        {
            "list_id": list_id,
            "entry_id": e.entry_id,
            "type": e.type,
            "name": e.name,
            "programs": e.programs,
            "authority": e.authority,
            "listed_on": e.listed_on,
            "reason": e.reason,
            "countries": e.countries,
            "identifiers": e.identifiers,
            "source": e.source,
            "details": e.details,
            "designee": f"{list_name}:{e.entry_id}",
        }
        for e in entries
    ]
    result = connection.execute(
        insert(table).returning(table.c.id, table.c.entry_id, sort_by_parameter_order=True), rows
    )
    pks = {entry_id: pk for pk, entry_id in result}
    names: list[dict[str, Any]] = []
    keys: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    for entry in entries:
        pk = pks[entry.entry_id]
        strong = entry.names()
        names.extend({"entry_pk": pk, "name": n, "kind": "alias"} for n in strong)
        names[-len(strong)]["kind"] = "primary"
        weak = [w for n in entry.weak_aliases for w in split_aliases(n) if w not in strong]
        names.extend({"entry_pk": pk, "name": n, "kind": "weak"} for n in dict.fromkeys(weak))
        keys.extend({"key": k, "entry_pk": pk} for k in sorted(all_name_keys(strong)))
        links.extend(
            {
                "entry_pk": pk,
                "type": link.type,
                "target": link.target,
                "target_entry_pk": pks.get(link.target_entry or ""),
                "text": link.text,
            }
            for link in entry.links
        )
    connection.execute(insert(_table(DesignationNameRow)), names)
    if keys:
        connection.execute(insert(_table(DesignationKeyRow)), keys)
    if links:
        connection.execute(insert(_table(DesignationLinkRow)), links)


GROUP_LIMIT = 8
"""Entries sharing one identity key beyond which the key merges nothing."""


def _identity_key(name: str) -> str | None:
    """The key two lists' names must share to be one designee: the whole folded name, for
    names of two words or more (one word is too little to say two lists mean one party)."""
    form = prepare(name)
    if len(form.tokens) < 2:
        return None
    return " ".join(form.folded)


def resolve(connection: Connection) -> None:
    """Assign every entry of every list its designee, and resolve the links lists state."""
    entries = _table(DesignationEntryRow)
    names = _table(DesignationNameRow)
    lists = _table(DesignationListRow)
    info: dict[int, tuple[int, str, str, frozenset[str]]] = {}
    for pk, list_id, type_, list_name, entry_id, details in connection.execute(
        select(
            entries.c.id,
            entries.c.list_id,
            entries.c.type,
            lists.c.name,
            entries.c.entry_id,
            entries.c.details,
        ).join(lists, lists.c.id == entries.c.list_id)
    ):
        years = frozenset(str(d)[-4:] for d in (details or {}).get("dob", []) if d)
        info[pk] = (list_id, type_, f"{list_name}:{entry_id}", years)
    by_key: dict[tuple[str, str], dict[int, bool]] = defaultdict(dict)
    for pk, name, kind in connection.execute(select(names.c.entry_pk, names.c.name, names.c.kind)):
        if kind != "weak" and (key := _identity_key(name)):
            group = by_key[(info[pk][1], key)]
            group[pk] = group.get(pk, False) or kind == "primary"
    # Candidate pairs, strongest first: two primary names agreeing outrank a primary name
    # agreeing with an alias, which outranks two aliases. A name shared by many entries (a
    # common personal name) says too little to merge anything.
    pairs: list[tuple[int, int, int]] = []
    for group in by_key.values():
        if len(group) > GROUP_LIMIT:
            continue
        ordered = sorted(group)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                if info[a][0] != info[b][0]:
                    pairs.append((-(group[a] + group[b]), a, b))
    parent = {pk: pk for pk in info}
    members: dict[int, set[int]] = {pk: {pk} for pk in info}

    def root(pk: int) -> int:
        while parent[pk] != pk:
            parent[pk] = parent[parent[pk]]
            pk = parent[pk]
        return pk

    for _, first, second in sorted(pairs):
        a, b = root(first), root(second)
        if a == b:
            continue
        lists_a = {info[m][0] for m in members[a]}
        lists_b = {info[m][0] for m in members[b]}
        years_a = frozenset().union(*(info[m][3] for m in members[a]))
        years_b = frozenset().union(*(info[m][3] for m in members[b]))
        if lists_a & lists_b or (years_a and years_b and not years_a & years_b):
            continue
        keep, gone = min(a, b), max(a, b)
        parent[gone] = keep
        members[keep] |= members.pop(gone)
    updates = [{"pk": pk, "designee": info[min(members[root(pk)])][2]} for pk in sorted(info)]
    if updates:
        connection.execute(
            update(entries)
            .where(entries.c.id == bindparam("pk"))
            .values(designee=bindparam("designee")),
            updates,
        )
    _resolve_links(connection, info)


def _resolve_links(
    connection: Connection, info: dict[int, tuple[int, str, str, frozenset[str]]]
) -> None:
    """Point each stated link at the entry it names: same list first, then any list."""
    names = _table(DesignationNameRow)
    links = _table(DesignationLinkRow)
    by_name: dict[str, list[int]] = defaultdict(list)
    by_acronym: dict[str, list[int]] = defaultdict(list)
    for pk, name, kind in connection.execute(select(names.c.entry_pk, names.c.name, names.c.kind)):
        if kind == "weak":
            continue
        by_name[normalize(name)].append(pk)
        if kind == "primary":
            for acronym in prepare(name).acronyms:
                by_acronym[acronym].append(pk)
    updates = []
    for link_id, entry_pk, target, target_pk in connection.execute(
        select(links.c.id, links.c.entry_pk, links.c.target, links.c.target_entry_pk)
    ):
        if target_pk is not None:
            continue
        key = normalize(target)
        found = by_name.get(key) or by_acronym.get(key.replace(" ", "")) or []
        found = [pk for pk in found if pk != entry_pk]
        if not found:
            continue
        same_list = [pk for pk in found if info[pk][0] == info[entry_pk][0]]
        updates.append({"link": link_id, "target_pk": min(same_list or found)})
    if updates:
        connection.execute(
            update(links)
            .where(links.c.id == bindparam("link"))
            .values(target_entry_pk=bindparam("target_pk")),
            updates,
        )


def list_summaries(store: Store) -> list[ListSummary]:
    lists = _table(DesignationListRow)
    entries = _table(DesignationEntryRow)
    with connect(store) as connection:
        rows = connection.execute(
            select(
                lists.c.name,
                lists.c.format,
                lists.c.source,
                lists.c.list_date,
                lists.c.loaded_at,
                func.count(entries.c.id),
                func.count(entries.c.designee.distinct()),
            )
            .outerjoin(entries, entries.c.list_id == lists.c.id)
            .group_by(lists.c.id)
            .order_by(lists.c.name)
        ).all()
    return [ListSummary(*row) for row in rows]


def has_lists(store: Store) -> bool:
    with connect(store) as connection:
        return bool(connection.scalar(select(func.count()).select_from(_table(DesignationListRow))))


def candidate_entries(store: Store, keys: Iterable[str], limit_per_key: int = 500) -> set[int]:
    """Entries sharing a blocking key with the query: the cheap first stage of screening.

    A key shared by more entries than `limit_per_key` (a common word or a two-letter acronym)
    finds nothing on its own; the query's rarer keys find the entry instead.
    """
    table = _table(DesignationKeyRow)
    wanted = sorted(set(keys))
    found: set[int] = set()
    with connect(store) as connection:
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            counts: dict[str, int] = dict(
                connection.execute(
                    select(table.c.key, func.count())
                    .where(table.c.key.in_(chunk))
                    .group_by(table.c.key)
                ).all()
            )
            usable = [k for k, n in counts.items() if n <= limit_per_key]
            if usable:
                found.update(
                    connection.scalars(select(table.c.entry_pk).where(table.c.key.in_(usable)))
                )
    return found


def load_entries(store: Store, pks: Iterable[int] | None = None) -> list[StoredEntry]:
    """Entries with their names: the given ones, or all of them."""
    entries = _table(DesignationEntryRow)
    names = _table(DesignationNameRow)
    lists = _table(DesignationListRow)
    wanted = None if pks is None else sorted(set(pks))
    result: list[StoredEntry] = []
    with connect(store) as connection:
        chunks: list[list[int] | None] = (
            [None] if wanted is None else [wanted[i : i + 500] for i in range(0, len(wanted), 500)]
        )
        for chunk in chunks:
            query = select(entries, lists.c.name.label("list_name")).join(
                lists, lists.c.id == entries.c.list_id
            )
            name_query = select(names.c.entry_pk, names.c.name, names.c.kind).order_by(names.c.id)
            if chunk is not None:
                query = query.where(entries.c.id.in_(chunk))
                name_query = name_query.where(names.c.entry_pk.in_(chunk))
            strong: dict[int, list[str]] = defaultdict(list)
            weak: dict[int, list[str]] = defaultdict(list)
            for pk, name, kind in connection.execute(name_query):
                (weak if kind == "weak" else strong)[pk].append(name)
            for row in connection.execute(query).mappings():
                result.append(
                    StoredEntry(
                        pk=row["id"],
                        list_name=row["list_name"],
                        entry_id=row["entry_id"],
                        type=row["type"],
                        name=row["name"],
                        names=tuple(strong[row["id"]]),
                        weak_names=tuple(weak[row["id"]]),
                        programs=tuple(row["programs"]),
                        authority=row["authority"],
                        listed_on=row["listed_on"],
                        reason=row["reason"],
                        countries=tuple(row["countries"]),
                        identifiers=tuple(row["identifiers"]),
                        source=row["source"],
                        designee=row["designee"],
                    )
                )
    return result


def designees(store: Store) -> dict[str, list[tuple[str, str]]]:
    """Each designee with its (list, entry id) pairs."""
    entries = _table(DesignationEntryRow)
    lists = _table(DesignationListRow)
    grouped: dict[str, list[tuple[str, str]]] = defaultdict(list)
    with connect(store) as connection:
        for designee, list_name, entry_id in connection.execute(
            select(entries.c.designee, lists.c.name, entries.c.entry_id)
            .join(lists, lists.c.id == entries.c.list_id)
            .order_by(entries.c.id)
        ):
            grouped[designee].append((list_name, entry_id))
    return dict(grouped)


def links_from(store: Store, pks: Iterable[int]) -> dict[int, list[tuple[str, str, str | None]]]:
    """Links stated by the given entries: (type, target as written, target's list:entry)."""
    links = _table(DesignationLinkRow)
    entries = _table(DesignationEntryRow)
    lists = _table(DesignationListRow)
    wanted = sorted(set(pks))
    found: dict[int, list[tuple[str, str, str | None]]] = defaultdict(list)
    if not wanted:
        return found
    with connect(store) as connection:
        target = (
            select(entries.c.id, (lists.c.name + ":" + entries.c.entry_id).label("ref"))
            .join(lists, lists.c.id == entries.c.list_id)
            .subquery()
        )
        for pk, kind, text, ref in connection.execute(
            select(links.c.entry_pk, links.c.type, links.c.target, target.c.ref)
            .outerjoin(target, target.c.id == links.c.target_entry_pk)
            .where(links.c.entry_pk.in_(wanted))
        ):
            found[pk].append((kind, text, ref))
    return found
