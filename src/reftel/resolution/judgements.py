"""Judgements about which per-cable entities are one party, and the clusters they imply.

As in nomenklatura's resolver, positive judgements ("same") are transitive: a canonical entity
is a connected component of them. A "different" judgement blocks every merge that would put its
two entities in one component, however indirect the chain of "same" links; "unsure" neither
merges nor blocks, it queues the pair for an analyst. Analysts outrank the machine, and among
analysts the latest word wins: a merge made after a "different" overrides it, and the reverse.
Entities that one cable keeps apart are merged by the machine only when judged the same
directly, never through a chain: extraction already joined what the cable says is one party.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import product
from typing import Any, Literal

Verdict = Literal["same", "different", "unsure"]
Origin = Literal["machine", "analyst"]
VERDICTS: tuple[Verdict, ...] = ("same", "different", "unsure")

MACHINE = "reftel-resolve/1"
"""The author of machine judgements: the resolver and its version."""


@dataclass(frozen=True)
class EntityRef:
    """A per-cable entity as a judgement saw it: id, and the cable and name to find it again."""

    id: str
    cable: str
    name: str


@dataclass(frozen=True)
class Pair:
    left: EntityRef
    right: EntityRef

    @property
    def key(self) -> tuple[str, str]:
        """The pair's identity, whichever way round it was written."""
        a, b = sorted((self.left.id, self.right.id))
        return a, b


@dataclass(frozen=True)
class Judgement:
    judgement: Verdict
    origin: Origin
    action: str
    author: str
    pairs: tuple[Pair, ...]
    created_at: datetime
    note: str | None = None
    score: float | None = None
    features: Mapping[str, Any] = field(default_factory=dict)
    id: int | None = None
    undone_at: datetime | None = None
    undone_by: str | None = None

    @property
    def live(self) -> bool:
        return self.undone_at is None


@dataclass(frozen=True)
class Member:
    """What clustering needs of a per-cable entity."""

    id: str
    cable: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass
class Outcome:
    """Clusters, plus the analyst judgements that a later one overrode or that lost an entity."""

    clusters: list[list[str]]
    overridden: list[int] = field(default_factory=list)
    dangling: list[int] = field(default_factory=list)
    changed: int = 0
    """Rows the store changed to match the clusters (set by whoever writes them)."""


class _Components:
    """Union-find whose components remember the entities they must never be joined with, and
    which entities of each cable they hold."""

    def __init__(self, members: Iterable[Member], allowed: set[tuple[str, str]]) -> None:
        self.parent: dict[str, str] = {}
        self.cables: dict[str, dict[str, set[str]]] = {}
        self.apart: dict[str, set[str]] = {}
        self.allowed = allowed
        """Pairs of one cable judged the same directly: only they may join two components
        that hold entities of one cable."""
        for member in members:
            self.parent[member.id] = member.id
            self.cables[member.id] = {member.cable: {member.id}}
            self.apart[member.id] = set()

    def find(self, node: str) -> str:
        root = node
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[node] != root:
            self.parent[node], node = root, self.parent[node]
        return root

    def blocked(self, a: str, b: str, *, machine: bool) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if machine:
            left, right = self.cables[ra], self.cables[rb]
            for cable in left.keys() & right.keys():
                for x, y in product(left[cable], right[cable]):
                    if (min(x, y), max(x, y)) not in self.allowed:
                        return True
        return any(self.find(x) == rb for x in self.apart[ra])

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        keep, gone = (ra, rb) if ra < rb else (rb, ra)
        self.parent[gone] = keep
        for cable, ids in self.cables.pop(gone).items():
            self.cables[keep].setdefault(cable, set()).update(ids)
        self.apart[keep] |= self.apart.pop(gone)

    def keep_apart(self, a: str, b: str) -> None:
        self.apart[self.find(a)].add(b)
        self.apart[self.find(b)].add(a)

    def components(self) -> list[list[str]]:
        groups: dict[str, list[str]] = {}
        for node in self.parent:
            groups.setdefault(self.find(node), []).append(node)
        return sorted(sorted(group) for group in groups.values())


def anchor(
    ref: EntityRef, members: Mapping[str, Member], by_cable: Mapping[str, list[Member]]
) -> str | None:
    """The entity a judgement meant: its id if it still names that entity, else the entity of
    the same cable with that name or alias (re-extraction may renumber a cable's entities)."""
    found = members.get(ref.id)
    if found is not None and found.cable == ref.cable:
        return found.id
    wanted = ref.name.casefold()
    for candidate in by_cable.get(ref.cable, []):
        if wanted in {n.casefold() for n in (candidate.name, *candidate.aliases)}:
            return candidate.id
    return None


def cluster(members: Sequence[Member], judgements: Iterable[Judgement]) -> Outcome:
    """Group per-cable entities into canonical ones, honouring every live judgement."""
    index = {m.id: m for m in members}
    by_cable: dict[str, list[Member]] = {}
    for member in members:
        by_cable.setdefault(member.cable, []).append(member)
    live = [j for j in judgements if j.live]
    allowed: set[tuple[str, str]] = set()
    for judgement in live:
        if judgement.origin == "machine" and judgement.judgement == "same":
            for a, b in _anchored(judgement, index, by_cable) or []:
                if index[a].cable == index[b].cable:
                    allowed.add((min(a, b), max(a, b)))
    components = _Components(members, allowed)
    outcome = Outcome(clusters=[])
    analyst = sorted(
        (j for j in live if j.origin == "analyst"),
        key=lambda j: (j.created_at, j.id or 0),
        reverse=True,
    )
    for judgement in analyst:  # latest first: what was said last stands
        pairs = _anchored(judgement, index, by_cable)
        if pairs is None:
            outcome.dangling.append(judgement.id or 0)
            continue
        if judgement.judgement == "same":
            if any(components.blocked(a, b, machine=False) for a, b in pairs):
                outcome.overridden.append(judgement.id or 0)
                continue
            for a, b in pairs:
                components.union(a, b)
        elif judgement.judgement == "different":
            if any(components.find(a) == components.find(b) for a, b in pairs):
                outcome.overridden.append(judgement.id or 0)
                continue
            for a, b in pairs:
                components.keep_apart(a, b)
    same = sorted(
        (j for j in live if j.origin == "machine" and j.judgement == "same"),
        key=lambda j: (-(j.score or 0.0), j.pairs[0].key),
    )
    for judgement in same:  # strongest evidence first
        for a, b in _anchored(judgement, index, by_cable) or []:
            if not components.blocked(a, b, machine=True):
                components.union(a, b)
    outcome.clusters = components.components()
    return outcome


def _anchored(
    judgement: Judgement, index: Mapping[str, Member], by_cable: Mapping[str, list[Member]]
) -> list[tuple[str, str]] | None:
    """The judgement's pairs as entities of today; None when none of them can be found."""
    pairs: list[tuple[str, str]] = []
    found = False
    for pair in judgement.pairs:
        left, right = anchor(pair.left, index, by_cable), anchor(pair.right, index, by_cable)
        if left is None or right is None:
            continue
        found = True
        if left != right:
            pairs.append((left, right))
    return pairs if found else None


def canonical_ids(clusters: Sequence[Sequence[str]], previous: Mapping[str, str]) -> list[str]:
    """An id for each cluster that stays put while the cluster does.

    A cluster keeps the old id most of its members had (largest overlap first, so a split
    leaves the id with its bigger part); a new cluster's id is derived from its first member,
    so the same input always yields the same ids.
    """
    claims: list[tuple[int, str, int]] = []
    for position, members in enumerate(clusters):
        counts: dict[str, int] = {}
        for member in members:
            old = previous.get(member)
            if old is not None:
                counts[old] = counts.get(old, 0) + 1
        claims.extend((-n, old, position) for old, n in counts.items())
    ids: list[str | None] = [None] * len(clusters)
    taken: set[str] = set()
    for _, old, position in sorted(claims):
        if ids[position] is None and old not in taken:
            ids[position] = old
            taken.add(old)
    for position, members in enumerate(clusters):
        if ids[position] is None:
            seed, attempt = min(members), 0
            candidate = _derived_id(seed, attempt)
            while candidate in taken:
                attempt += 1
                candidate = _derived_id(seed, attempt)
            ids[position] = candidate
            taken.add(candidate)
    return [i for i in ids if i is not None]


def _derived_id(seed: str, attempt: int) -> str:
    text = seed if attempt == 0 else f"{seed}#{attempt}"
    return "E" + hashlib.sha256(text.encode()).hexdigest()[:10]
