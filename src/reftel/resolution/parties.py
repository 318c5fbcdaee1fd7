"""Resolved parties as one principal may see them.

Resolution joins per-cable entities into parties across cables, and stores each party's name,
aliases and counts from every member: read as they are, they would tell a reader about
paragraphs above their access. Here a member counts only through the paragraphs the reader may
read: a member named only in withheld paragraphs is left out, one named partly in them takes
the name, aliases and country that `Store.facts` keeps for the reader, and a party with no
member left does not exist for them. Judgements are shown only where every entity they pair
is visible, and their scoring features only where all of those are wholly readable.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Connection

from reftel.access.filter import Visibility
from reftel.access.principal import Principal
from reftel.resolution.judgements import Judgement
from reftel.resolution.names import normalize
from reftel.store import resolution as stored
from reftel.store.repository import Store


@dataclass(frozen=True)
class Member:
    entity: stored.StoredEntity
    """As the reader may see it (name, aliases and country pruned when partly readable)."""
    paragraphs: list[stored.Cited]
    """The readable paragraphs naming it."""
    whole: bool
    """Every paragraph naming it is readable: it is exactly as stored."""

    def paragraph_dicts(self) -> list[dict[str, Any]]:
        return [
            {"index": c.paragraph, "number": c.number, "marking": c.marking}
            for c in self.paragraphs
        ]


class EntityReader:
    """Parties, members and judgements for one principal (None: the local superuser)."""

    def __init__(self, store: Store, user: Principal | None) -> None:
        self.store = store
        self.user = user
        self.visibility: Visibility = store.visibility(user)

    def members(self, connection: Connection, ids: list[str]) -> dict[str, Member]:
        """The visible members among `ids`; the others are absent."""
        cited = stored.citations(connection, ids)
        found: dict[str, Member] = {}
        partial: list[tuple[stored.StoredEntity, list[stored.Cited]]] = []
        for entity in stored.entities(connection, ids):
            where = cited.get(entity.id, [])
            readable = [c for c in where if self.visibility.readable(c.cable, c.paragraph)]
            if not readable:
                continue
            if len(readable) == len(where):
                found[entity.id] = Member(entity, readable, True)
            else:
                partial.append((entity, readable))
        for entity, readable in partial:
            facts = self.store.facts(entity.cable, user=self.user)
            kept = next((e for e in facts.entities if e.id == entity.id), None) if facts else None
            if kept is not None:
                pruned = replace(
                    entity, name=kept.name, aliases=tuple(kept.aliases), country=kept.country
                )
                found[entity.id] = Member(pruned, readable, False)
        return found

    def parties(
        self, connection: Connection, ids: list[str] | None = None
    ) -> list[tuple[stored.Canonical, list[Member]]]:
        """Canonical entities (all, or those with these ids) that have a visible member, each
        as the reader may see it, with its visible members."""
        canonicals = stored.canonicals(connection, ids)
        wanted = {c.id for c in canonicals}
        by_party: dict[str, list[str]] = {}
        for entity, party in stored.membership(connection).items():
            if party in wanted:
                by_party.setdefault(party, []).append(entity)
        all_ids = [e for members in by_party.values() for e in members]
        visible = self.members(connection, all_ids)
        found = []
        for canonical in canonicals:
            members = [visible[e] for e in sorted(by_party.get(canonical.id, [])) if e in visible]
            if members:
                found.append((_as_seen(canonical, members), members))
        return found

    def party(self, connection: Connection, ident: str) -> tuple[stored.Canonical, list[Member]]:
        """One party by its canonical id or a member's id; LookupError when the reader cannot
        see it (whether or not it exists)."""
        canonical_id = ident
        if not stored.canonicals(connection, [ident]):
            canonical_id = stored.membership(connection).get(ident, "")
        found = self.parties(connection, [canonical_id]) if canonical_id else []
        if not found:
            raise LookupError(ident)
        canonical, members = found[0]
        if canonical_id != ident and ident not in {m.entity.id for m in members}:
            raise LookupError(ident)
        return canonical, members

    def find(self, kind: str | None = None, query: str | None = None) -> list[stored.Canonical]:
        """Parties of a type (or any) with `query`'s words in a name or alias, most cited
        first: the list the CLI, the API and the web UI show."""
        wanted = normalize(query) if query else ""
        with stored.connect(self.store) as connection:
            found = [
                canonical
                for canonical, _ in self.parties(connection)
                if (kind is None or canonical.type == kind)
                and (
                    not wanted
                    or any(wanted in normalize(n) for n in (canonical.name, *canonical.aliases))
                )
            ]
        found.sort(key=lambda c: (-c.cable_count, c.name.casefold(), c.id))
        return found

    def detail(self, ident: str) -> dict[str, Any]:
        """One party as the reader may see it: its members in each cable, the paragraphs
        naming them, and the judgements that made it; LookupError when it is not visible."""
        with stored.connect(self.store) as connection:
            canonical, members = self.party(connection, ident)
            made = self.judgements(connection, members)
            history = stored.history(connection, [j.id for j, _ in made if j.id is not None])
        cables: dict[str, list[dict[str, Any]]] = {}
        for member in members:
            cables.setdefault(member.entity.cable, []).extend(member.paragraph_dicts())
        return {
            **canonical.as_dict(),
            "members": [
                {
                    "id": m.entity.id,
                    "cable": m.entity.cable,
                    "name": m.entity.name,
                    "aliases": list(m.entity.aliases),
                    "type": m.entity.type,
                    "subtype": m.entity.subtype,
                    "country": m.entity.country,
                    "paragraphs": m.paragraph_dicts(),
                }
                for m in members
            ],
            "cables": [{"cable": c, "paragraphs": p} for c, p in sorted(cables.items())],
            "judgements": [
                judgement_dict(j, features, history.get(j.id or 0, [])) for j, features in made
            ],
        }

    def judgements(
        self, connection: Connection, members: list[Member]
    ) -> list[tuple[Judgement, bool]]:
        """Judgements touching these members whose every paired entity is visible, each with
        whether its features may be shown (every paired entity wholly readable)."""
        made = stored.judgements(connection, live=False, touching=[m.entity.id for m in members])
        paired = sorted({e for j in made for p in j.pairs for e in (p.left.id, p.right.id)})
        visible = self.members(connection, paired)
        shown = []
        for judgement in made:
            ends = [e for p in judgement.pairs for e in (p.left.id, p.right.id)]
            if all(e in visible for e in ends):
                shown.append((judgement, all(visible[e].whole for e in ends)))
        return shown


def _as_seen(canonical: stored.Canonical, members: list[Member]) -> stored.Canonical:
    if all(m.whole for m in members) and len(members) == canonical.member_count:
        return canonical
    names = [m.entity.name for m in members]
    spelled = {n for m in members for n in (m.entity.name, *m.entity.aliases)}
    name = canonical.name if canonical.name in spelled else Counter(names).most_common(1)[0][0]
    countries = {m.entity.country for m in members if m.entity.country}
    return replace(
        canonical,
        name=name,
        aliases=tuple(sorted(spelled - {name}, key=str.casefold)),
        country=canonical.country if canonical.country in countries else None,
        cable_count=len({m.entity.cable for m in members}),
        member_count=len(members),
    )


def judgement_dict(
    judgement: Judgement, features: bool, history: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "id": judgement.id,
        "judgement": judgement.judgement,
        "origin": judgement.origin,
        "action": judgement.action,
        "author": judgement.author,
        "note": judgement.note,
        "score": judgement.score,
        "created_at": judgement.created_at,
        "undone_at": judgement.undone_at,
        "undone_by": judgement.undone_by,
        "pairs": [[p.left.id, p.right.id] for p in judgement.pairs],
        "features": dict(judgement.features) if features else None,
        "history": history,
    }
