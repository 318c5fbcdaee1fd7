"""What an analyst does to the resolution: merge, split, mark different, undo.

Each action is a judgement with its author, time and note; the canonical entities are rebuilt
from the judgements straight after. A "different" judgement is stored for every pair across the
two sides, so no chain of machine merges can join them, whatever order it comes in.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import pairwise, product

from sqlalchemy import Connection

from reftel.resolution.judgements import Judgement, Pair, Verdict
from reftel.resolution.resolver import recluster_on
from reftel.store import resolution as stored
from reftel.store.repository import Store
from reftel.store.resolution import StoredEntity


class ResolutionError(Exception):
    """An analyst action that cannot be done as asked; the message says why and what to do."""


@dataclass(frozen=True)
class Done:
    """The judgements an action made or undid, and the canonical entities it left."""

    judgements: list[int]
    entities: list[str]


def analyst() -> str:
    """Who is judging: $REFTEL_ANALYST, else the login name."""
    return os.environ.get("REFTEL_ANALYST") or getpass.getuser()


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _canonical(connection: Connection, ident: str) -> str:
    """A canonical entity named by its own id or by the id of one of its per-cable members."""
    if stored.canonicals(connection, [ident]):
        return ident
    canonical = stored.membership(connection).get(ident)
    if canonical is None:
        raise ResolutionError(f"no entity {ident!r}: give a canonical id or a per-cable entity id")
    return canonical


def _members(connection: Connection, canonical: str) -> list[StoredEntity]:
    return stored.entities(connection, stored.members_of(connection, canonical))


def _judgement(
    verdict: Verdict, action: str, pairs: Sequence[Pair], author: str, note: str | None
) -> Judgement:
    return Judgement(
        judgement=verdict,
        origin="analyst",
        action=action,
        author=author,
        pairs=tuple(pairs),
        created_at=_now(),
        note=note,
    )


def _after(connection: Connection, entity_ids: Sequence[str], made: list[int]) -> Done:
    recluster_on(connection, stored.entities(connection))
    membership = stored.membership(connection)
    return Done(made, list(dict.fromkeys(membership[e] for e in entity_ids if e in membership)))


def _across(left: Sequence[StoredEntity], right: Sequence[StoredEntity]) -> list[Pair]:
    return [Pair(a.ref(), b.ref()) for a, b in product(left, right)]


def _blocking(
    connection: Connection, left: Sequence[StoredEntity], right: Sequence[StoredEntity]
) -> list[int]:
    """Live analyst "different" judgements that keep these two groups apart."""
    a_ids, b_ids = {e.id for e in left}, {e.id for e in right}
    found: list[int] = []
    for judgement in stored.judgements(connection, origin="analyst", touching=a_ids):
        if judgement.judgement != "different" or judgement.id is None:
            continue
        for pair in judgement.pairs:
            ends = {pair.left.id, pair.right.id}
            if ends & a_ids and ends & b_ids:
                found.append(judgement.id)
                break
    return found


def merge(store: Store, first: str, second: str, author: str, note: str | None = None) -> Done:
    """Judge two entities (canonical or per-cable ids) one party."""
    with stored.connect(store) as connection:
        a, b = _canonical(connection, first), _canonical(connection, second)
        if a == b:
            raise ResolutionError(f"{first} and {second} are already one entity, {a}")
        left, right = _members(connection, a), _members(connection, b)
        if blockers := _blocking(connection, left, right):
            listed = ", ".join(map(str, blockers))
            raise ResolutionError(
                f"judgement {listed} says {a} and {b} are different; "
                f"undo it first (reftel undo {blockers[0]})"
            )
        pair = Pair(left[0].ref(), right[0].ref())
        made = stored.add_judgements(
            connection, [_judgement("same", "merge", [pair], author, note)]
        )
        return _after(connection, [left[0].id], made)


def split(
    store: Store, ident: str, member_ids: Sequence[str], author: str, note: str | None = None
) -> Done:
    """Take per-cable members out of an entity (they stay together, as one new entity), or,
    given another entity, judge the two different so nothing merges them again."""
    with stored.connect(store) as connection:
        canonical = _canonical(connection, ident)
        members = _members(connection, canonical)
        if not member_ids:
            raise ResolutionError(
                f"name the members to split out of {canonical} "
                f"({', '.join(m.id for m in members[:5])}...), or another entity to keep apart"
            )
        if len(member_ids) == 1 and stored.canonicals(connection, [member_ids[0]]):
            other = member_ids[0]
            if other == canonical:
                raise ResolutionError(f"{ident} and {other} are the same entity, {canonical}")
            others = _members(connection, other)
            pairs = _across(members, others)
            made = stored.add_judgements(
                connection, [_judgement("different", "different", pairs, author, note)]
            )
            return _after(connection, [members[0].id, others[0].id], made)
        by_id = {m.id: m for m in members}
        unknown = [m for m in member_ids if m not in by_id]
        if unknown:
            raise ResolutionError(
                f"{', '.join(unknown)} not a member of {canonical}; its members are "
                f"{', '.join(by_id)}"
            )
        leaving = [by_id[m] for m in dict.fromkeys(member_ids)]
        staying = [m for m in members if m.id not in set(member_ids)]
        if not staying:
            raise ResolutionError(f"splitting every member out of {canonical} leaves nothing")
        verdicts = [_judgement("different", "split", _across(leaving, staying), author, note)]
        if len(leaving) > 1:
            chain = [Pair(x.ref(), y.ref()) for x, y in pairwise(leaving)]
            verdicts.append(_judgement("same", "split", chain, author, note))
        made = stored.add_judgements(connection, verdicts)
        return _after(connection, [leaving[0].id, staying[0].id], made)


def undo(store: Store, judgement_id: int, author: str, note: str | None = None) -> Done:
    """Undo an analyst's judgement; its row and history stay."""
    with stored.connect(store) as connection:
        found = stored.judgements(connection, live=False, ids=[judgement_id])
        if not found:
            raise ResolutionError(f"no judgement {judgement_id}")
        judgement = found[0]
        if judgement.origin != "analyst":
            raise ResolutionError(
                f"judgement {judgement_id} is the machine's; overrule it with reftel merge or "
                "reftel split instead"
            )
        if not judgement.live:
            raise ResolutionError(
                f"judgement {judgement_id} was already undone by {judgement.undone_by} "
                f"at {judgement.undone_at:%Y-%m-%d %H:%M}"
            )
        stored.undo(connection, judgement_id, author, _now(), note)
        touched = [e for p in judgement.pairs for e in (p.left.id, p.right.id)]
        return _after(connection, touched, [judgement_id])
