"""Screening the parties of stored cables: direct hits, and ties to designees.

Every organization and person extracted from a cable is screened under its name and aliases.
A party on a list is reported designated. A party that is not, but is tied to one that is
(associated with it, fronting for it, supplying it or buying from it, in the relations and
events extracted from any stored cable) one or two hops away, is reported flagged, with the
path of facts that ties them and the cables those facts come from. The same name in several
cables is one node of that graph. Results are stored per cable, replacing earlier ones.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import delete, insert, or_, select

from reftel.resolution.names import normalize
from reftel.screening.ingest import covers, review_reason
from reftel.screening.lists import STARTER, starter_list
from reftel.screening.score import DEFAULT_THRESHOLD, Feature
from reftel.screening.screen import Hit, Query, screen_names
from reftel.store.designations import (
    StoredEntry,
    connect,
    has_lists,
    load_entries,
    save_list,
)
from reftel.store.repository import Store
from reftel.store.schema import (
    Base,
    DesignationLinkRow,
    EntityRow,
    EventRow,
    RelationRow,
    ScreeningResultRow,
)

__all__ = ["MAX_HOPS", "Result", "ensure_lists", "screen_cables", "stored_results"]

MAX_HOPS = 2
PARTY_TYPES = ("organization", "person")
NOT_PARTIES = ("program", "regime")
"""Entity subtypes that name no party (a programme, a sanctions regime): never screened."""


@dataclass(frozen=True)
class Result:
    """A cable's party, screened."""

    cable_id: str
    entity_id: str
    entity_name: str
    kind: str
    """designated | review (a match held back by the rules for cable parties) | flagged"""
    hit: Hit
    path: tuple[dict[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "cable": self.cable_id,
            "entity_id": self.entity_id,
            "entity": self.entity_name,
            "kind": self.kind,
            "hops": len(self.path),
            "path": list(self.path),
            **self.hit.to_dict(),
        }


def ensure_lists(store: Store) -> None:
    """Load the bundled starter list when no list is loaded, so screening works out of the box."""
    if not has_lists(store):
        save_list(store, STARTER, starter_list())


def _parties(store: Store, cable_ids: Iterable[str] | None) -> list[dict[str, Any]]:
    entities = Base.metadata.tables[EntityRow.__tablename__]
    query = select(entities).where(
        entities.c.type.in_(PARTY_TYPES),
        or_(entities.c.subtype.is_(None), entities.c.subtype.not_in(NOT_PARTIES)),
    )
    if cable_ids is not None:
        query = query.where(entities.c.cable_id.in_(list(cable_ids)))
    with connect(store) as connection:
        return [dict(row) for row in connection.execute(query.order_by(entities.c.id)).mappings()]


def _edges(store: Store) -> tuple[dict[str, list[tuple[str, dict[str, Any]]]], dict[str, str]]:
    """The case graph over all stored cables: node = normalized party name, edge = a fact."""
    entities = Base.metadata.tables[EntityRow.__tablename__]
    relations = Base.metadata.tables[RelationRow.__tablename__]
    events = Base.metadata.tables[EventRow.__tablename__]
    graph: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    node_of: dict[str, str] = {}
    label: dict[str, str] = {}
    with connect(store) as connection:
        for entity_id, name, type_, subtype in connection.execute(
            select(entities.c.id, entities.c.name, entities.c.type, entities.c.subtype)
        ):
            if type_ in PARTY_TYPES and subtype not in NOT_PARTIES:
                node_of[entity_id] = normalize(name)
                label.setdefault(normalize(name), name)

        def add(subject: str | None, kind: str, obj: str | None, cable: str, fact: str) -> None:
            a, b = node_of.get(subject or ""), node_of.get(obj or "")
            if a is None or b is None or a == b:
                return
            step = {
                "subject": label[a],
                "relation": kind,
                "object": label[b],
                "cable": cable,
                "fact": fact,
            }
            graph[a].append((b, step))
            graph[b].append((a, step))

        for fact, cable, kind, subject, obj in connection.execute(
            select(
                relations.c.id,
                relations.c.cable_id,
                relations.c.type,
                relations.c.subject_id,
                relations.c.object_id,
            )
        ):
            add(subject, kind, obj, cable, fact)
        for fact, cable, kind, seller, buyer, via in connection.execute(
            select(
                events.c.id,
                events.c.cable_id,
                events.c.type,
                events.c.seller_id,
                events.c.buyer_id,
                events.c.intermediary_id,
            )
        ):
            add(seller, f"{kind} to (seller of)", buyer, cable, fact)
            add(via, f"{kind} (intermediary for buyer)", buyer, cable, fact)
            add(via, f"{kind} (intermediary for seller)", seller, cable, fact)
    return graph, label


def _paths(
    graph: dict[str, list[tuple[str, dict[str, Any]]]], start: str, targets: set[str]
) -> dict[str, list[dict[str, Any]]]:
    """Shortest path (at most MAX_HOPS facts) from a node to each designated node it reaches.
    Past a designated node the path goes on only along links its list states (a cover name,
    a front, a parent): the designee's own ties in the cables are its own business."""
    found: dict[str, list[dict[str, Any]]] = {}
    seen = {start}
    queue: deque[tuple[str, list[dict[str, Any]], bool]] = deque([(start, [], False)])
    while queue:
        node, path, designated = queue.popleft()
        if len(path) >= MAX_HOPS:
            continue
        for nxt, step in graph.get(node, ()):
            if nxt in seen or (designated and step.get("cable") is not None):
                continue
            seen.add(nxt)
            if nxt in targets:
                found[nxt] = [*path, step]
            queue.append((nxt, [*path, step], nxt in targets))
    return found


def _list_links(
    store: Store,
    graph: dict[str, list[tuple[str, dict[str, Any]]]],
    designated: dict[str, Hit],
) -> None:
    """Add to the case graph the links the lists state from each designated party's entry
    ('cover name for XYZ', 'Linked To: ...'): an edge to the linked entry, which becomes a
    designated node itself (the node of a cable party already matched to that designee, or a
    node of its own)."""
    by_designee = {hit.designee: node for node, hit in designated.items()}
    pks = {hit.entry_pk: node for node, hit in designated.items() if hit.entry_pk is not None}
    links = Base.metadata.tables[DesignationLinkRow.__tablename__]
    stated: list[tuple[str, str, int]] = []
    with connect(store) as connection:
        for start in range(0, len(pks), 500):
            chunk = sorted(pks)[start : start + 500]
            for entry_pk, kind, target_pk in connection.execute(
                select(links.c.entry_pk, links.c.type, links.c.target_entry_pk)
                .where(links.c.entry_pk.in_(chunk), links.c.target_entry_pk.is_not(None))
                .order_by(links.c.id)
            ):
                stated.append((pks[entry_pk], kind, target_pk))
    targets = {entry.pk: entry for entry in load_entries(store, {t for _, _, t in stated})}
    for node, kind, target_pk in stated:
        entry, hit = targets.get(target_pk), designated[node]
        if entry is None or entry.designee == hit.designee:
            continue
        other = by_designee.get(entry.designee)
        if other is None:
            other = by_designee[entry.designee] = f"list:{entry.designee}"
            designated[other] = _linked_hit(hit, entry, kind)
        step = {
            "subject": hit.entry_name,
            "relation": kind,
            "object": entry.name,
            "cable": None,
            "fact": None,
            "list": hit.list,
            "entry_id": hit.entry_id,
            "stated_by": f"{hit.list} {hit.entry_id}",
        }
        graph[node].append((other, step))
        graph[other].append((node, step))


def _linked_hit(via: Hit, entry: StoredEntry, kind: str) -> Hit:
    """A list entry reached through a link another entry states: reported with that link as
    its evidence, never as a name match."""
    why = f"{via.entry_name} ({via.list} {via.entry_id}) states: {kind} {entry.name}"
    return Hit(
        query=via.query,
        list=entry.list_name,
        entry_id=entry.entry_id,
        designee=entry.designee,
        entry_name=entry.name,
        matched_name=entry.name,
        query_name=via.query_name,
        score=via.score,
        match=False,
        type=entry.type,
        programs=entry.programs,
        authority=entry.authority,
        listed_on=entry.listed_on,
        reason=entry.reason,
        source=entry.source,
        features=(Feature("list_link", 1.0, why),),
        entry_pk=entry.pk,
    )


def _held(party_type: str, hit: Hit) -> Hit:
    """A match that the rules for cable parties hold back becomes a candidate for review,
    with the reason as a feature; anything else is returned as it is."""
    if not hit.match:
        return hit
    reason = review_reason(party_type, hit.query_name, hit.matched_name, hit.features, hit.type)
    if reason is None:
        return hit
    return replace(
        hit, match=False, features=(*hit.features, Feature("held_for_review", 0.0, reason))
    )


def _partial(hit: Hit, whole: set[str]) -> Hit:
    """Where a list writes a name that fits the party whole ('SAEED, Hafiz' for 'Hafiz
    Saeed'), a match to another of that list's names with words the party lacks ('SAEED,
    Hafiz Talha') is held for review: the cable names the one, not both. `whole`: the lists
    with such a name."""
    if not hit.match or hit.list not in whole or covers(hit.query_name, hit.matched_name):
        return hit
    reason = (
        f"{hit.list} writes a name that fits {hit.query_name!r} whole; {hit.matched_name!r} "
        "has words it lacks: for review"
    )
    return replace(
        hit, match=False, features=(*hit.features, Feature("held_for_review", 0.0, reason))
    )


def judge_party_hits(party_type: str, hits: list[Hit]) -> list[Hit]:
    """A cable party's hits with the rules for cable parties applied: a match they hold
    back is a candidate for review (`match` false, the reason as a feature). Every reader of
    a cable party's screening (ingest, cases) judges through here, so a party is designated
    in a case exactly when it is on ingest."""
    held = [_held(party_type, hit) for hit in hits]
    whole = {h.list for h in held if h.match and covers(h.query_name, h.matched_name)}
    return [_partial(h, whole) for h in held] if whole else held


def screen_cables(
    store: Store, cable_ids: Iterable[str] | None = None, threshold: float = DEFAULT_THRESHOLD
) -> list[Result]:
    """Screen the parties of the given cables (all stored cables when None) and store the
    results, replacing what was stored for those cables."""
    ensure_lists(store)
    ids = None if cable_ids is None else sorted(set(cable_ids))
    parties = _parties(store, ids)
    queries = [
        Query(
            p["name"],
            tuple(p["aliases"] or ()),
            country=p["country"],
            type=p["type"],
        )
        for p in parties
    ]
    hits_per_party = screen_names(store, queries, threshold) if queries else []
    results: list[Result] = []
    designated: dict[str, Hit] = {}
    for party, hits in zip(parties, hits_per_party, strict=True):
        held = judge_party_hits(party["type"], hits)
        for hit in held:
            if hit.match or any(f.name == "held_for_review" for f in hit.features):
                kind = "designated" if hit.match else "review"
                results.append(Result(party["cable_id"], party["id"], party["name"], kind, hit))
        best = next((h for h in held if h.match), None)
        if best is not None:
            key = normalize(party["name"])
            if key not in designated or best.score > designated[key].score:
                designated[key] = best
    if designated:
        graph, _ = _edges(store)
        _list_links(store, graph, designated)
        flagged_done: set[tuple[str, str]] = set()
        for party in parties:
            start = normalize(party["name"])
            if start in designated:
                continue
            for target, path in sorted(_paths(graph, start, set(designated)).items()):
                hit = designated[target]
                if (party["id"], hit.designee) in flagged_done:
                    continue
                flagged_done.add((party["id"], hit.designee))
                results.append(
                    Result(
                        party["cable_id"], party["id"], party["name"], "flagged", hit, tuple(path)
                    )
                )
    _store(store, ids, results)
    return results


def _store(store: Store, cable_ids: list[str] | None, results: list[Result]) -> None:
    table = Base.metadata.tables[ScreeningResultRow.__tablename__]
    with connect(store) as connection:
        if cable_ids is None:
            connection.execute(delete(table))
        else:
            for start in range(0, len(cable_ids), 500):
                chunk = cable_ids[start : start + 500]
                connection.execute(delete(table).where(table.c.cable_id.in_(chunk)))
        rows = [
            {
                "cable_id": r.cable_id,
                "entity_id": r.entity_id,
                "entity_name": r.entity_name,
                "kind": r.kind,
                "list_name": r.hit.list,
                "entry_id": r.hit.entry_id,
                "designee": r.hit.designee,
                "matched_name": r.hit.matched_name,
                "score": r.hit.score,
                "match": r.hit.match and r.kind == "designated",
                "explanation": {
                    "features": [vars(f) for f in r.hit.features],
                    "reason": r.hit.reason,
                    "authority": r.hit.authority,
                    "listed_on": r.hit.listed_on,
                    "path": list(r.path),
                },
            }
            for r in results
        ]
        if rows:
            connection.execute(insert(table), rows)


def stored_results(store: Store, cable_ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """The stored screening results, for the given cables or all."""
    table = Base.metadata.tables[ScreeningResultRow.__tablename__]
    query = select(table).order_by(table.c.cable_id, table.c.kind, table.c.entity_name)
    if cable_ids is not None:
        query = query.where(table.c.cable_id.in_(list(cable_ids)))
    with connect(store) as connection:
        return [dict(r) for r in connection.execute(query).mappings()]
