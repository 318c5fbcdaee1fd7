"""A case: everything the store knows about a procurement network, grown from seed parties.

A case is rebuilt from the store each time it is opened, so new cables join it on their own.
It holds the parties within N hops of the seeds through transactions and relations, every
cable that names them, their designations, the goods they trade with any verdicts on them, and
every fact with its sources (cable, paragraph, portion marking, sentence).

Three things come from other stages through small interfaces, so the case works on extracted
facts alone and gets better when those stages are installed:
- `Resolver`: which extracted entities (one per cable) are the same party. The default joins
  entities of one type sharing a normalised name or alias.
- `DesignationSource`: designations from lists. The cables' own "designated under" relations
  are always read.
- `GoodsAssessor`: export-control verdicts and red flags on goods. Without one, a good is
  flagged only when the case itself shows it going to a designated or affiliated party.
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr
from rapidfuzz import process

from reftel.extraction.facts import (
    Event,
    Extraction,
    Good,
    GoodTerms,
    Money,
    Quantity,
    Relation,
    Source,
    When,
)
from reftel.record import ActionRequest, Cable
from reftel.store import cases as case_store
from reftel.store.repository import Store

DEFAULT_HOPS = 3
"""Supplier -> customer -> designated parent -> that parent's intermediary: three steps."""

TERMINAL_TYPES = frozenset({"country", "place"})
TERMINAL_SUBTYPES = frozenset({"regime", "program", "government"})
"""Kinds of entity a case shows but never grows through: everything designated under one
resolution, or dealing with one country, is not one network."""

AFFILIATING = frozenset({"associated_with", "front_for", "subsidiary_of", "intermediary_for"})
"""Relations that tie a party to a designated one closely enough to flag it."""

SourceFilter = Callable[[Source], bool]
"""True for a source the reader may see (access control plugs in here)."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Designation(_Model):
    authority: str
    """The resolution, list or authority that designates."""
    basis: Literal["cable", "list"]
    """'cable': a cable says so (with sources); 'list': a designation list entry."""
    list_name: str | None = None
    entry: str | None = None
    """The list's own id for the entry, as the list writes it."""
    matched_name: str | None = None
    score: float | None = None
    detail: str | None = None
    listed_on: str | None = None
    list_source: str | None = None
    """Where the list entry comes from, as the list stage cites it."""
    sources: list[Source] = Field(default_factory=list)


class GoodVerdict(_Model):
    verdict: str
    """controlled, possibly controlled (parameter unknown), below threshold, not listed..."""
    entries: list[str] = Field(default_factory=list)
    flags: list[str] = Field(default_factory=list)
    explanation: str | None = None
    basis: str
    """Which stage said so: the controls classifier, or 'case' for the case's own inference."""


class CaseEntity(_Model):
    id: str
    """The canonical id: the resolver's, else the first member's."""
    name: str
    aliases: list[str] = Field(default_factory=list)
    type: str
    subtype: str | None = None
    country: str | None = None
    members: list[str]
    """The extracted entities (one per cable) joined into this party."""
    hop: int | None
    """Steps from the nearest seed; None for a regime reached only as a designation."""
    seed: bool = False
    cables: list[str] = Field(default_factory=list)
    designations: list[Designation] = Field(default_factory=list)
    affiliations: list[str] = Field(default_factory=list)
    """Designated parties it is associated with, fronts for, belongs to or acts for."""

    @property
    def designated(self) -> bool:
        return bool(self.designations)

    @property
    def terminal(self) -> bool:
        return self.type in TERMINAL_TYPES or (self.subtype or "") in TERMINAL_SUBTYPES


class CaseGood(GoodTerms):
    members: list[str]
    cables: list[str] = Field(default_factory=list)
    verdicts: list[GoodVerdict] = Field(default_factory=list)

    @property
    def flagged(self) -> bool:
        return any(
            v.flags or v.verdict.startswith(("controlled", "possibly")) for v in self.verdicts
        )


class Transaction(_Model):
    id: str
    cable: str
    type: str
    modality: str
    seller: str | None = None
    buyer: str | None = None
    intermediary: str | None = None
    """Canonical party ids."""
    item: str | None = None
    """Canonical good id."""
    quantity: Quantity | None = None
    value: Money | None = None
    date: When | None = None
    route: list[str] = Field(default_factory=list)
    """Names of the places it went through."""
    sources: list[Source]


class CaseRelation(_Model):
    id: str
    cable: str
    type: str
    subject: str
    object: str
    sources: list[Source]


class CaseCable(_Model):
    id: str
    created: datetime | None = None
    classification: str | None = None
    caveats: list[str] = Field(default_factory=list)
    origin: str | None = None
    subject: str | None = None
    sender: str | None = None
    to: list[str] = Field(default_factory=list)
    references: list[str] = Field(default_factory=list)
    cited_by: list[str] = Field(default_factory=list)
    action_requests: list[ActionRequest] = Field(default_factory=list)
    new: bool = False
    """Arrived since the saved case was last opened."""


class Case(_Model):
    name: str | None = None
    seeds: list[str]
    hops: int
    excluded_sources: list[str] = Field(default_factory=list)
    excluded_facts: list[str] = Field(default_factory=list)
    entities: list[CaseEntity]
    goods: list[CaseGood]
    transactions: list[Transaction]
    relations: list[CaseRelation]
    cables: list[CaseCable]

    _records: dict[str, Cable] = PrivateAttr(default_factory=dict)
    _goods: dict[str, list[Good]] = PrivateAttr(default_factory=dict)
    _visible: SourceFilter | None = PrivateAttr(default=None)

    @property
    def visible(self) -> SourceFilter | None:
        """The reader's filter the case was built under: what is derived later obeys it too."""
        return self._visible

    def good_records(self, good_id: str) -> list[Good]:
        """The extracted goods (one per cable, with their mentions) joined into a case good."""
        return self._goods.get(good_id, [])

    @property
    def records(self) -> Mapping[str, Cable]:
        """The case's cables as stored (not serialised): the timeline reads their text."""
        return self._records

    @property
    def title(self) -> str:
        return self.name or ", ".join(self.seeds)

    def entity(self, entity_id: str | None) -> CaseEntity | None:
        return next((e for e in self.entities if e.id == entity_id), None)

    def good(self, good_id: str | None) -> CaseGood | None:
        return next((g for g in self.goods if g.id == good_id), None)

    def label(self, entity_id: str | None) -> str:
        entity = self.entity(entity_id)
        return entity.name if entity else ""


class Resolver(Protocol):
    def canonical(self, entity_id: str) -> str:
        """The id of the party this extracted entity belongs to."""
        ...


class DesignationSource(Protocol):
    def designations(self, entity: CaseEntity) -> list[Designation]:
        """List designations of this party (all its names and aliases may be used)."""
        ...


class GoodsAssessor(Protocol):
    def assess(self, good: CaseGood, case: Case) -> list[GoodVerdict]:
        """Verdicts and red flags for a good, seen with the case's parties and uses."""
        ...


@dataclass
class Plugins:
    resolver: Resolver | None = None
    designations: list[DesignationSource] = field(default_factory=list)
    assessors: list[GoodsAssessor] = field(default_factory=list)


class CaseError(Exception):
    """A case cannot be built as asked; the message says which seed or option is wrong."""


def normalise(name: str) -> str:
    """Casefolded, accents and punctuation dropped: the key two spellings must share."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def _keys(identity: case_store.Identity) -> set[str]:
    if identity.type == "country" and identity.country:
        return {f"country:{identity.country}"}
    names = [identity.name, *(a for a in identity.aliases if len(normalise(a)) >= 3)]
    return {f"{identity.type}:{normalise(n)}" for n in names if normalise(n)}


class NameResolver:
    """Joins entities of the same type that share a normalised name or alias, across cables.

    Exact keys only: "Parsa" and "Pars" stay apart; near spellings are the resolution
    stage's business, with its judgements.
    """

    def __init__(self, identities: Iterable[case_store.Identity]) -> None:
        parent: dict[str, str] = {}

        def find(x: str) -> str:
            while parent.setdefault(x, x) != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        owner: dict[str, str] = {}
        for identity in identities:
            find(identity.id)
            for key in _keys(identity):
                if key in owner:
                    a, b = find(owner[key]), find(identity.id)
                    if a != b:
                        parent[max(a, b)] = min(a, b)
                else:
                    owner[key] = identity.id
        self._root = {x: find(x) for x in parent}

    def canonical(self, entity_id: str) -> str:
        return self._root.get(entity_id, entity_id)


@dataclass(frozen=True)
class _Exclusions:
    sources: frozenset[str]
    facts: frozenset[str]
    visible: SourceFilter | None

    def keeps(self, cable: str, index: int, number: int | None) -> bool:
        if cable in self.sources:
            return False
        return f"{cable}:{number if number is not None else index}" not in self.sources

    def source(self, source: Source) -> bool:
        if not self.keeps(source.cable, source.paragraph, source.number):
            return False
        return self.visible is None or self.visible(source)


def _entity_name(members: Sequence[case_store.Identity]) -> str:
    counts = Counter(m.name for m in members)
    return max(counts, key=lambda n: (" " in n.strip(), counts[n], len(n), n))


class _Builder:
    def __init__(self, store: Store, plugins: Plugins, exclusions: _Exclusions, hops: int) -> None:
        self.store = store
        self.plugins = plugins
        self.exclusions = exclusions
        self.hops = hops
        self.identities = {i.id: i for i in case_store.identities(store)}
        self.resolver: Resolver = plugins.resolver or NameResolver(self.identities.values())
        groups: dict[str, list[case_store.Identity]] = defaultdict(list)
        for identity in self.identities.values():
            groups[self.resolver.canonical(identity.id)].append(identity)
        self.groups = dict(groups)

    def canon(self, entity_id: str) -> str:
        return self.resolver.canonical(entity_id)

    def terminal(self, canon: str) -> bool:
        return any(
            m.type in TERMINAL_TYPES or (m.subtype or "") in TERMINAL_SUBTYPES
            for m in self.groups.get(canon, [])
        )

    def match_seeds(self, seeds: Sequence[str]) -> dict[str, set[str]]:
        by_key: dict[str, set[str]] = defaultdict(set)
        for identity in self.identities.values():
            for name in (identity.name, *identity.aliases):
                by_key[normalise(name)].add(self.canon(identity.id))
        found: dict[str, set[str]] = {}
        for seed in seeds:
            if seed in self.identities:
                found[seed] = {self.canon(seed)}
            elif seed in self.groups:
                found[seed] = {seed}
            elif normalise(seed) in by_key:
                found[seed] = by_key[normalise(seed)]
            else:
                near = process.extract(normalise(seed), list(by_key), limit=3)
                hint = ", ".join(repr(n) for n, score, _ in near if score >= 60)
                raise CaseError(
                    f"seed {seed!r}: no stored entity has this name, alias or id"
                    + (f" (did you mean {hint}?)" if hint else "")
                )
        return found

    def kept_links(self, canons: Iterable[str]) -> list[case_store.Link]:
        members = [m.id for c in canons for m in self.groups.get(c, [])]
        found = [
            link
            for link in case_store.links(self.store, members)
            if link.fact not in self.exclusions.facts
        ]
        sources = case_store.fact_sources(self.store, [link.fact for link in found])
        return [
            link
            for link in found
            if any(self.exclusions.source(s) for s in sources.get(link.fact, []))
        ]

    def expand(self, seeds: set[str]) -> dict[str, int]:
        hop_of = {c: 0 for c in seeds}
        frontier = set(seeds)
        for depth in range(1, self.hops + 1):
            growing = {c for c in frontier if c in seeds or not self.terminal(c)}
            if not growing:
                break
            frontier = set()
            for link in self.kept_links(growing):
                for party in link.parties:
                    canon = self.canon(party)
                    if canon not in hop_of:
                        hop_of[canon] = depth
                        frontier.add(canon)
        return hop_of


def build_case(
    store: Store,
    seeds: Sequence[str],
    *,
    hops: int = DEFAULT_HOPS,
    name: str | None = None,
    excluded_sources: Sequence[str] = (),
    excluded_facts: Sequence[str] = (),
    plugins: Plugins | None = None,
    visible: SourceFilter | None = None,
    seen_cables: Iterable[str] | None = None,
) -> Case:
    """Build a case from seed names, aliases or entity ids; raises `CaseError` for a bad seed.

    `seen_cables`, for a saved case, marks every other cable of the case as new.
    """
    if not seeds:
        raise CaseError("a case needs at least one seed entity")
    if hops < 0:
        raise CaseError(f"hops: must be 0 or more, not {hops}")
    plugins = plugins or Plugins()
    exclusions = _Exclusions(frozenset(excluded_sources), frozenset(excluded_facts), visible)
    builder = _Builder(store, plugins, exclusions, hops)
    matched = builder.match_seeds(seeds)
    seed_canons = set().union(*matched.values())
    hop_of = builder.expand(seed_canons)

    links = builder.kept_links(hop_of)
    kept = [
        link
        for link in links
        if all(builder.canon(p) in hop_of for p in link.parties)
        or (link.type == "designated_under" and builder.canon(link.parties[0]) in hop_of)
    ]
    for link in kept:
        for party in link.parties:
            hop_of.setdefault(builder.canon(party), -1)
    parties = set(hop_of)
    growing = [c for c in parties if not builder.terminal(c) or c in seed_canons]
    named = case_store.mentions(store, [m.id for c in growing for m in builder.groups.get(c, [])])
    mentioned = {
        entity: {s.cable for s in sources if exclusions.source(s)}
        for entity, sources in named.items()
    }
    cable_ids = {link.cable for link in kept} | {c for cs in mentioned.values() for c in cs}
    cable_ids = {c for c in cable_ids if c not in exclusions.sources}
    facts = case_store.extractions(store, cable_ids)
    kept_ids = {link.fact for link in kept}
    assembled = _assemble(builder, facts, kept_ids, hop_of, seed_canons, mentioned)
    records = {cid: cable for cid in sorted(cable_ids) if (cable := store.get(cid)) is not None}
    cited = case_store.citing(store, records)
    seen = set(seen_cables) if seen_cables is not None else None
    case = Case(
        name=name,
        seeds=list(seeds),
        hops=hops,
        excluded_sources=sorted(exclusions.sources),
        excluded_facts=sorted(exclusions.facts),
        cables=[_case_cable(cable, cited.get(cable.id, set()), seen) for cable in records.values()],
        **assembled,
    )
    case._records = records
    case._visible = visible
    case._goods = {
        good.id: [g for e in facts.values() for g in e.goods if g.id in good.members]
        for good in case.goods
    }
    _designate(case, plugins)
    _assess(case, plugins)
    return case


def _assemble(
    builder: _Builder,
    facts: Mapping[str, Extraction],
    kept_ids: set[str],
    hop_of: Mapping[str, int],
    seeds: set[str],
    mentioned: Mapping[str, set[str]],
) -> dict[str, list[CaseEntity] | list[CaseGood] | list[Transaction] | list[CaseRelation]]:
    exclusions = builder.exclusions
    events: list[Event] = []
    relations: list[Relation] = []
    goods: dict[str, Good] = {}
    places: dict[str, str] = {}
    for extraction in facts.values():
        events += [e for e in extraction.events if e.id in kept_ids]
        relations += [r for r in extraction.relations if r.id in kept_ids]
        goods.update({g.id: g for g in extraction.goods})
        places.update({e.id: e.name for e in extraction.entities})

    good_key: dict[str, str] = {}
    good_groups: dict[str, list[Good]] = defaultdict(list)
    for event in events:
        if event.item and event.item in goods:
            good = goods[event.item]
            key = normalise(good.name) + "|" + "|".join(sorted(map(normalise, good.designators)))
            good_groups[key].append(good)
    for group in good_groups.values():
        for good in group:
            good_key[good.id] = min(g.id for g in group)

    transactions = []
    for event in events:
        sources = [s for s in event.sources if exclusions.source(s)]
        if not sources:
            continue
        transactions.append(
            Transaction(
                id=event.id,
                cable=event.sources[0].cable if event.sources else "",
                type=event.type,
                modality=event.modality,
                seller=builder.canon(event.seller) if event.seller else None,
                buyer=builder.canon(event.buyer) if event.buyer else None,
                intermediary=builder.canon(event.intermediary) if event.intermediary else None,
                item=good_key.get(event.item or ""),
                quantity=event.quantity,
                value=event.value,
                date=event.date,
                route=[places.get(r, r) for r in event.route],
                sources=sources,
            )
        )
    transactions.sort(key=lambda t: (t.date.value if t.date else "9999", t.id))
    case_relations = []
    for relation in relations:
        sources = [s for s in relation.sources if exclusions.source(s)]
        if sources:
            case_relations.append(
                CaseRelation(
                    id=relation.id,
                    cable=sources[0].cable,
                    type=relation.type,
                    subject=builder.canon(relation.subject),
                    object=builder.canon(relation.object),
                    sources=sources,
                )
            )

    case_goods = []
    for group in good_groups.values():
        first = min(group, key=lambda g: g.id)
        case_goods.append(
            CaseGood(
                id=first.id,
                name=first.name,
                designators=sorted({d for g in group for d in g.designators}),
                form=next((g.form for g in group if g.form), None),
                material=next((g.material for g in group if g.material), None),
                origin=next((g.origin for g in group if g.origin), None),
                uses=sorted({u for g in group for u in g.uses}),
                members=sorted(g.id for g in group),
                cables=sorted({m.source.cable for g in group for m in g.mentions}),
            )
        )

    entities = []
    for canon, hop in hop_of.items():
        members = builder.groups.get(canon, [])
        if not members:
            continue
        visible_members = [m for m in members if m.cable in facts] or members
        name = _entity_name(visible_members)
        aliases = sorted(
            {n for m in visible_members for n in (m.name, *m.aliases) if n != name},
            key=str.casefold,
        )
        cables = {c for m in members for c in mentioned.get(m.id, set()) if c in facts}
        entities.append(
            CaseEntity(
                id=canon,
                name=name,
                aliases=aliases,
                type=Counter(m.type for m in members).most_common(1)[0][0],
                subtype=next((m.subtype for m in members if m.subtype), None),
                country=next((m.country for m in members if m.country), None),
                members=sorted(m.id for m in members),
                hop=None if hop < 0 else hop,
                seed=canon in seeds,
                cables=sorted(cables or {m.cable for m in visible_members}),
            )
        )
    entities.sort(key=lambda e: (e.hop if e.hop is not None else 99, e.name.casefold()))
    return {
        "entities": entities,
        "goods": sorted(case_goods, key=lambda g: g.name.casefold()),
        "transactions": transactions,
        "relations": sorted(case_relations, key=lambda r: r.id),
    }


def _case_cable(cable: Cable, cited_by: set[str], seen: set[str] | None) -> CaseCable:
    return CaseCable(
        id=cable.id,
        created=cable.created,
        classification=cable.classification,
        caveats=cable.caveats,
        origin=cable.origin,
        subject=cable.subject,
        sender=cable.from_.name if cable.from_ else None,
        to=[a.name for a in cable.to],
        references=[r.id for r in cable.references if r.id],
        cited_by=sorted(cited_by),
        action_requests=cable.action_requests,
        new=seen is not None and cable.id not in seen,
    )


def _designate(case: Case, plugins: Plugins) -> None:
    """Designations the cables state, then those the lists hold; then who is tied to them."""
    for relation in case.relations:
        if relation.type != "designated_under":
            continue
        entity = case.entity(relation.subject)
        if entity is not None:
            entity.designations.append(
                Designation(
                    authority=case.label(relation.object) or relation.object,
                    basis="cable",
                    sources=relation.sources,
                )
            )
    for entity in case.entities:
        if entity.terminal:
            continue
        for source in plugins.designations:
            entity.designations.extend(source.designations(entity))
    designated = {e.id: e.name for e in case.entities if e.designated}
    for relation in case.relations:
        if relation.type in AFFILIATING and relation.object in designated:
            entity = case.entity(relation.subject)
            if entity is not None and relation.object != entity.id:
                note = f"{relation.type.replace('_', ' ')} {designated[relation.object]}"
                if note not in entity.affiliations:
                    entity.affiliations.append(note)


def _assess(case: Case, plugins: Plugins) -> None:
    """Verdicts from the controls stage, then the case's own catch-all reading of end users
    unless a stage already raised flags."""
    concern = {
        e.id: (
            f"designated ({e.designations[0].authority})"
            if e.designated
            else "; ".join(e.affiliations)
        )
        for e in case.entities
        if e.designated or e.affiliations
    }
    for good in case.goods:
        for assessor in plugins.assessors:
            good.verdicts.extend(assessor.assess(good, case))
        if any(v.flags for v in good.verdicts):
            continue
        flags = sorted(
            {
                f"{t.type} to {case.label(t.buyer)}: {concern[t.buyer]}"
                for t in case.transactions
                if t.item == good.id and t.buyer in concern
            }
        )
        if flags:
            good.verdicts.append(
                GoodVerdict(
                    verdict="end-user concern",
                    flags=flags,
                    explanation="bound for a designated party or one tied to it",
                    basis="case",
                )
            )


# --- plug-ins from the other stages, when installed -----------------------------------------


class StoredResolution:
    """Canonical entities as the resolution stage stored them (judgements included)."""

    def __init__(self, membership: Mapping[str, str]) -> None:
        self._membership = dict(membership)

    def canonical(self, entity_id: str) -> str:
        return self._membership.get(entity_id, entity_id)


class ListScreening:
    """Designations from the loaded lists, by screening every name of a party."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def designations(self, entity: CaseEntity) -> list[Designation]:
        from reftel.screening.cables import judge_party_hits
        from reftel.screening.screen import Query, screen_names

        query = Query(
            name=entity.name,
            aliases=tuple(entity.aliases),
            country=entity.country,
            type=entity.type,
        )
        hits = judge_party_hits(entity.type, screen_names(self.store, [query])[0])
        return [
            Designation(
                authority=hit.authority or hit.list,
                basis="list",
                list_name=hit.list,
                entry=hit.entry_id,
                matched_name=hit.matched_name,
                score=round(hit.score, 3),
                detail="; ".join(x for x in (hit.reason, ", ".join(hit.programs)) if x) or None,
                listed_on=hit.listed_on,
                list_source=hit.source,
            )
            for hit in hits
            if hit.match
        ]


class ControlsClassifier:
    """Export-control verdicts from the controls stage, read from the goods as extracted."""

    def assess(self, good: CaseGood, case: Case) -> list[GoodVerdict]:
        from reftel.controls.classify import CLASSIFIER, classify_good

        verdicts = []
        for record in case.good_records(good.id)[:1]:
            result = classify_good(record)
            verdicts.append(
                GoodVerdict(
                    verdict=str(result.verdict),
                    entries=[f"{c.regime} {c.number}" for c in result.candidates],
                    explanation=" ".join(result.explanation) or None,
                    basis=CLASSIFIER,
                )
            )
        return verdicts


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def discover(store: Store) -> Plugins:
    """The plug-ins whose stages are installed and have data in this store."""
    plugins = Plugins()
    if _installed("reftel.store.resolution"):
        from reftel.store.resolution import connect, membership

        with connect(store) as connection:
            members = membership(connection)
        if members:
            plugins.resolver = StoredResolution(members)
    if _installed("reftel.screening.screen"):
        plugins.designations.append(ListScreening(store))
    if _installed("reftel.controls.classify"):
        plugins.assessors.append(ControlsClassifier())
    return plugins


def open_case(
    store: Store,
    names: Sequence[str],
    hops: int | None = None,
    excluded_sources: Sequence[str] = (),
    excluded_facts: Sequence[str] = (),
    *,
    visible: SourceFilter | None = None,
    track_new: bool = True,
) -> tuple[Case, case_store.SavedCase | None]:
    """A saved case by its one name (the exclusions given add to its own), else a new case
    from seed names: how the CLI and the API open a case. Raises `CaseError` for a bad seed.

    `track_new` marks the saved case's cables that arrived since it was last opened."""
    saved = case_store.get_case(store, names[0]) if len(names) == 1 else None
    case = build_case(
        store,
        saved.seeds if saved else names,
        hops=(saved.hops if saved else DEFAULT_HOPS) if hops is None else hops,
        name=saved.name if saved else None,
        excluded_sources=[*(saved.excluded_sources if saved else []), *excluded_sources],
        excluded_facts=[*(saved.excluded_facts if saved else []), *excluded_facts],
        plugins=discover(store),
        visible=visible,
        seen_cables=saved.cables if saved and track_new else None,
    )
    return case, saved


def save_case(store: Store, name: str, case: Case) -> None:
    """Save the case's seeds, hops and exclusions under `name`, its cables as seen."""
    case_store.save_case(
        store,
        name,
        case.seeds,
        case.hops,
        case.excluded_sources,
        case.excluded_facts,
        [c.id for c in case.cables],
    )
    case.name = name
