"""Cross-cable entity resolution: which per-cable entities are one party.

Three steps, as record-linkage systems do. Blocking: every entity gets keys from its name and
aliases (distinctive words, their romanisation-folded, phonetic and consonant forms, the
acronyms the name may be written as, sorted acronym letters) and country entities their
country code; only entities sharing a key are compared, and a key shared by too many is split
by country or dropped. Scoring: the explainable name scorer compares every name and alias of
one entity with every one of the other, then qualifiers move the score (countries, kind of
body) and caps apply where a name alone cannot identify (a one-word person name; a government
body, or a name any state's body bears, without an agreed country). Deciding: the machine
records "same" or "unsure" (for an analyst to review) per scored pair, and the clusters follow
from all judgements, an analyst's first (see `judgements`). Like nomenklatura's
cross-referencing, the machine never says "different": a low score is a lack of evidence, not
evidence against; "different" is an analyst's word, and entities one cable keeps apart are
never joined through a chain of merges.

Entities with the same type, normalized name and country are the same party by their name
alone; they are linked to the first of their group and only the first is scored against the
rest, which keeps a country named in hundreds of cables from costing hundreds squared pairs.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache, lru_cache
from importlib import resources
from itertools import combinations, product
from typing import Any

from sqlalchemy import Connection

from reftel.resolution.judgements import (
    MACHINE,
    Judgement,
    Member,
    Outcome,
    Pair,
    Verdict,
    canonical_ids,
    cluster,
)
from reftel.resolution.names import all_name_keys, normalize, prepare
from reftel.screening.score import compare, compare_names
from reftel.store import resolution as stored
from reftel.store.repository import Store
from reftel.store.resolution import Canonical, StoredEntity

SAME = 0.85
"""At or above: the machine judges the pair the same party."""
UNSURE = 0.7
"""At or above (and below SAME): unsure, queued for an analyst."""
BLOCK_LIMIT = 30
"""A blocking key shared by more entities than this is split by country, then dropped."""
SUBTYPE_PENALTY = 0.2
ACRONYM_LETTERS = 6
"""A one-word name in capitals of at most this many letters is read as an acronym."""
SHORT_ACRONYM = 3
"""Acronyms this short (UN, DAS, PML) name many parties: alone they make a merge unsure."""
ALL_WORDS = 0.9
"""Every distinctive word of two names must agree this well: 'Deputy Assistant Secretary of
Defense' is not 'Assistant Secretary of Defense'."""
ONE_WORD = 0.95
"""Two one-word names shorter than ONE_WORD_LETTERS merge only when spelt alike up to
romanisation ('Houthi' is not 'Hausa')."""
ONE_WORD_LETTERS = 8
LONG_ACRONYM = 5
"""A misspelt acronym (letters out of order) is evidence from this length: 'NBETC' for 'NBTEC'
is rare by chance, four letters out of order are not."""
PLACE_NAME = 0.97
"""Places merge on their name up to case and romanisation, never on a near spelling."""


@dataclass(frozen=True)
class Scored:
    score: float
    verdict: Verdict | None
    features: dict[str, Any]


@dataclass(frozen=True)
class Summary:
    """What one resolution did, for the ingest summary and the benchmark."""

    entities: int
    canonical: int
    added: int
    removed: int
    changed: int
    seconds: float
    overridden: list[int]
    """Analyst judgements a later analyst judgement overrode."""
    dangling: list[int]
    """Analyst judgements none of whose entities are stored any more."""


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@cache
def generic_bodies() -> tuple[frozenset[str], tuple[str, ...]]:
    """Normalized names of bodies every state has, and the beginnings of such names
    (data/resolution/generic_bodies.json)."""
    text = resources.files("reftel").joinpath("data/resolution/generic_bodies.json")
    entries = json.loads(text.read_text("utf-8"))["entries"]
    names = frozenset(normalize(e["term"]) for e in entries if not e.get("prefix"))
    prefixes = tuple(normalize(e["term"]) + " " for e in entries if e.get("prefix"))
    return names, prefixes


def _state_body(name: str) -> bool:
    names, prefixes = generic_bodies()
    normalized = normalize(name)
    return normalized in names or normalized.startswith(prefixes)


_COVERAGE = ("query_words_matched", "candidate_words_matched")
_LETTERS = re.compile(r"[^A-Za-z]")


def _acronym(name: str) -> str | None:
    """The letters of a name written as an acronym (one word, capitals but for at most one
    letter: 'ISAF', 'CoR'), else None."""
    letters = _LETTERS.sub("", name)
    lower = sum(1 for c in letters if c.islower())
    if prepare(name).single is None or lower > 1 or len(letters) - lower < 2:
        return None
    return letters.upper() if len(letters) <= ACRONYM_LETTERS else None


def _short_acronym(name: str) -> bool:
    acronym = _acronym(name)
    return acronym is not None and len(acronym) <= SHORT_ACRONYM


@lru_cache(maxsize=500_000)
def _acronym_caps(left: str, right: str) -> tuple[tuple[float, str, str], ...]:
    """Acronyms across cables: a short one names many parties, and two different ones
    agree only when one is the other's letters out of order. Each cap: limit, name, why."""
    caps: list[tuple[float, str, str]] = []
    acronyms = [a for a in (_acronym(left), _acronym(right)) if a is not None]
    if any(len(a) <= SHORT_ACRONYM for a in acronyms):
        why = "an acronym of three letters or fewer names many parties"
        caps.append((SAME - 0.01, "short_acronym", why))
    if len(acronyms) == 1 and prepare(left).single and prepare(right).single:
        caps.append((UNSURE - 0.01, "acronym_word", "an acronym against a word"))
    if len(acronyms) == 2 and acronyms[0] != acronyms[1]:
        if sorted(acronyms[0]) == sorted(acronyms[1]):
            why = "one acronym is the other's letters out of order"
            caps.append((SAME - 0.01, "acronym_letters", why))
        else:
            caps.append((UNSURE - 0.01, "acronyms_differ", "two different acronyms"))
    return tuple(caps)


def _pair_value(left: str, right: str) -> float:
    """The two-way score of two names under their acronym caps: what picks the pair of
    names (of all an entity's names and aliases) that speaks for two entities."""
    value = _two_way(*sorted((left, right)))
    return min([value, *(limit for limit, _, _ in _acronym_caps(left, right))])


@lru_cache(maxsize=100_000)
def _needs_country(entity: StoredEntity) -> bool:
    """A government body, or a name any state's body bears, is one party only within a state."""
    if entity.subtype == "government":
        return True
    return entity.type == "organization" and any(_state_body(n) for n in _names(entity))


@lru_cache(maxsize=100_000)
def _names(entity: StoredEntity) -> tuple[str, ...]:
    """Name and aliases; for a person, only the full names when there are any (a surname
    alone, 'Reyes', would join every Reyes)."""
    names = tuple(dict.fromkeys(n for n in (entity.name, *entity.aliases) if normalize(n)))
    if entity.type == "person":
        full = tuple(n for n in names if len(prepare(n).tokens) >= 2)
        return full or names
    return names


def _main_names(a: StoredEntity, b: StoredEntity) -> float | None:
    """The two-way score of the entities' own names when both are full names (several words,
    no acronym); None otherwise."""
    for name in (a.name, b.name):
        if _acronym(name) is not None or len(prepare(name).tokens) < 2:
            return None
    return _two_way(*sorted((a.name, b.name)))


def _short_words(left: str, right: str) -> bool:
    """Both names one short word that is not an acronym."""
    return all(
        prepare(n).single is not None and _acronym(n) is None and len(n) < ONE_WORD_LETTERS
        for n in (left, right)
    )


@lru_cache(maxsize=100_000)
def _person_words(entity: StoredEntity) -> int:
    return max((len(prepare(n).tokens) for n in _names(entity)), default=0)


@lru_cache(maxsize=500_000)
def _two_way(left: str, right: str) -> float:
    """The name score both ways round, averaged: neither entity is the query, so neither
    name's words count more than the other's."""
    there = compare_names(left, right, both_ways=True)[0]
    back = compare_names(right, left, both_ways=True)[0]
    return (there + back) / 2


def score(a: StoredEntity, b: StoredEntity) -> Scored:
    """How likely two per-cable entities are one party, with every feature that says so."""
    if a.type == "country" and a.country and b.country:
        same = a.country == b.country
        detail = f"country codes {a.country} and {b.country}"
        return Scored(
            1.0 if same else 0.0,
            "same" if same else None,
            {"features": [{"name": "country_code", "value": float(same), "detail": detail}]},
        )
    # The best pair of names; on a tie, the one with fewer acronyms (full names say more).
    candidates = [
        (
            _pair_value(x, y),
            -((_acronym(x) is not None) + (_acronym(y) is not None)),
            x,
            y,
        )
        for x, y in product(_names(a), _names(b))
    ]
    _, _, left, right = max(candidates, default=(0.0, 0, a.name, b.name))
    name_score = _two_way(*sorted((left, right)))
    comparison = compare(
        left,
        right,
        query_country=a.country,
        candidate_countries=[b.country] if b.country else [],
        both_ways=True,
    )
    one_way = compare_names(left, right, both_ways=True)[0]
    # The qualifiers' effect (countries agree or not), moved onto the two-way name score.
    value = min(1.0, max(0.0, name_score + comparison.score - one_way))
    features: list[dict[str, Any]] = [
        {"name": f.name, "value": f.value, "detail": f.detail} for f in comparison.features
    ]
    if name_score != one_way:
        features.append(
            {
                "name": "both_ways",
                "value": round(name_score, 4),
                "detail": f"name score averaged over both directions ({one_way:.2f} one way)",
            }
        )

    def cap(limit: float, name: str, detail: str) -> None:
        nonlocal value
        features.append({"name": name, "value": limit, "detail": detail})
        value = min(value, limit)

    if a.subtype and b.subtype and a.subtype != b.subtype:
        value = max(0.0, value - SUBTYPE_PENALTY)
        features.append(
            {
                "name": "subtype_mismatch",
                "value": -SUBTYPE_PENALTY,
                "detail": f"a {a.subtype} against a {b.subtype}",
            }
        )
    if a.type == "person" and min(_person_words(a), _person_words(b)) < 2:
        cap(SAME - 0.01, "one_word_person", "a one-word person name identifies no one")
    if (_needs_country(a) or _needs_country(b)) and not (a.country and a.country == b.country):
        cap(SAME - 0.01, "state_body", "a body every state has: the countries must agree")
    for limit, name, why in _acronym_caps(left, right):
        cap(limit, name, why)
    covered = [f["value"] for f in features if f["name"] in _COVERAGE]
    if covered and min(covered) < ALL_WORDS:
        cap(SAME - 0.01, "words_unmatched", "a distinctive word of one name is not in the other")
    if _short_words(left, right) and name_score < ONE_WORD:
        cap(SAME - 0.01, "one_word", "one short word alike is no proof of one party")
    initials = {f["name"] for f in features} & {"acronym", "acronym_misspelt"}
    if initials and _acronym(left) is None and _acronym(right) is None:
        cap(SAME - 0.01, "not_an_acronym", "the initials match a word not written as an acronym")
    misspelt = [_acronym(n) or "" for n in (left, right)]
    if "acronym_misspelt" in initials and max(map(len, misspelt)) < LONG_ACRONYM:
        cap(SAME - 0.01, "acronym_misspelt", "a short acronym's letters out of order: chance")
    main = _main_names(a, b)
    if (left, right) != (a.name, b.name) and main is not None and main < SAME:
        cap(SAME - 0.01, "aliases_only", "only aliases agree; the full names differ")
    if a.type == "place" and name_score < PLACE_NAME:
        cap(SAME - 0.01, "place_name", "a place is the same only by its name, up to spelling")
    if a.type == "place" and not (a.country and a.country == b.country):
        cap(SAME - 0.01, "place_country", "places of one name lie in many countries")
    value = round(value, 4)
    verdict: Verdict | None = "same" if value >= SAME else "unsure" if value >= UNSURE else None
    return Scored(value, verdict, {"names": [left, right], "features": features})


def _group(entity: StoredEntity) -> tuple[str, str, str] | None:
    """Entities sharing this are one party by name alone; None where a name cannot tell."""
    if entity.type == "country" and entity.country:
        return ("country", entity.country, "")
    if entity.type == "person" and _person_words(entity) < 2:
        return None
    ambiguous = _needs_country(entity) or _short_acronym(entity.name) or entity.type == "place"
    if ambiguous and not entity.country:
        return None
    return (entity.type, normalize(entity.name), entity.country or "")


def _keys(entity: StoredEntity) -> set[str]:
    if entity.type == "country" and entity.country:
        return {f"cc:{entity.country}"}
    return {f"{entity.type}|{k}" for k in all_name_keys(_names(entity))}


SOUND_KEYS = re.compile(r"\|[ps]:")


@lru_cache(maxsize=100_000)
def _one_word(entity: StoredEntity) -> bool:
    return any(prepare(n).single is not None for n in _names(entity))


def _candidates(
    entities: Sequence[StoredEntity], targets: Collection[str]
) -> set[tuple[StoredEntity, StoredEntity]]:
    """Pairs sharing a blocking key, at least one of them an entity being resolved."""
    blocks: dict[str, list[StoredEntity]] = {}
    for entity in entities:
        for key in _keys(entity):
            blocks.setdefault(key, []).append(entity)
    pairs: set[tuple[StoredEntity, StoredEntity]] = set()
    for key, block in blocks.items():
        if SOUND_KEYS.search(key):
            # A sound or consonant key finds one-word spellings ('Hizballah', 'Hezbollah');
            # longer names that are one party share a word once romanisation is folded.
            block = [e for e in block if _one_word(e)]
        if len(block) < 2 or not any(e.id in targets for e in block):
            continue
        parts = [block]
        if len(block) > BLOCK_LIMIT:
            by_country: dict[str, list[StoredEntity]] = {}
            for entity in block:
                if entity.country:
                    by_country.setdefault(entity.country, []).append(entity)
            parts = [p for p in by_country.values() if len(p) <= BLOCK_LIMIT]
        for part in parts:
            for a, b in combinations(sorted(part, key=lambda e: e.id), 2):
                if a.id in targets or b.id in targets:
                    pairs.add((a, b))
    return pairs


def _judgement(a: StoredEntity, b: StoredEntity, verdict: Verdict, scored: Scored) -> Judgement:
    return Judgement(
        judgement=verdict,
        origin="machine",
        action="resolve",
        author=MACHINE,
        pairs=(Pair(a.ref(), b.ref()),),
        created_at=_now(),
        score=scored.score,
        features=scored.features,
    )


def machine_judgements(
    entities: Sequence[StoredEntity], targets: Collection[str]
) -> list[Judgement]:
    """The machine's judgement on every candidate pair touching `targets`."""
    groups: dict[tuple[str, str, str], list[StoredEntity]] = {}
    for entity in entities:
        if (group := _group(entity)) is not None:
            groups.setdefault(group, []).append(entity)
    first = {e.id: members[0] for members in groups.values() for e in members}
    made: list[Judgement] = []
    for members in groups.values():
        head = members[0]
        for other in members[1:]:
            if other.id in targets or head.id in targets:
                scored = score(head, other)
                if scored.verdict is not None:
                    made.append(_judgement(head, other, scored.verdict, scored))
    heads = [e for e in entities if first.get(e.id, e).id == e.id]
    head_targets = {first.get(e.id, e).id for e in entities if e.id in targets}
    pairs = _candidates(heads, head_targets)
    by_cable: dict[str, list[StoredEntity]] = {}
    for entity in entities:
        if entity.id in targets:
            by_cable.setdefault(entity.cable, []).append(entity)
    for cable_entities in by_cable.values():  # what one cable keeps apart, judged directly
        pairs |= _candidates(cable_entities, targets)
    for a, b in sorted(pairs, key=lambda p: (p[0].id, p[1].id)):
        if a.type != b.type:
            continue
        scored = score(a, b)
        if scored.verdict is not None:
            made.append(_judgement(a, b, scored.verdict, scored))
    return made


def _country(countries: Counter[str], members: int) -> str | None:
    """The country most members carry, if more than half of them do: an international body
    named in many posts' cables gets none rather than a post's."""
    if not countries:
        return None
    best = min(countries, key=lambda c: (-countries[c], c))
    return best if countries[best] * 2 > members else None


def canonical_of(members: Sequence[StoredEntity], canonical_id: str) -> Canonical:
    """The canonical record of a cluster: its most used full name, the rest as aliases."""
    names = Counter(m.name for m in members)

    def rank(name: str) -> tuple[bool, int, int, str]:
        form = prepare(name)
        acronym = form.single is not None and name.isupper()
        return (acronym, -names[name], -len(name), name)

    name = min(names, key=rank)
    seen = {normalize(name)}
    aliases: list[str] = []
    for alias in sorted(
        {n for m in members for n in (m.name, *m.aliases)},
        key=lambda n: (-names.get(n, 0), n.casefold(), n),
    ):
        key = normalize(alias)
        if key and key not in seen:
            seen.add(key)
            aliases.append(alias)
    types = Counter(m.type for m in members)
    subtypes = Counter(m.subtype for m in members if m.subtype)
    countries = Counter(m.country for m in members if m.country)
    return Canonical(
        id=canonical_id,
        type=min(types, key=lambda t: (-types[t], t)),
        subtype=min(subtypes, key=lambda s: (-subtypes[s], s)) if subtypes else None,
        name=name,
        country=_country(countries, len(members)),
        aliases=tuple(aliases),
        cable_count=len({m.cable for m in members}),
        member_count=len(members),
    )


def recluster_on(connection: Connection, entities: Sequence[StoredEntity]) -> Outcome:
    """`recluster` inside a transaction the caller holds; the outcome names the analyst
    judgements a later one overrode and those whose entities are gone."""
    index = {e.id: e for e in entities}
    members = [Member(e.id, e.cable, e.name, e.aliases) for e in entities]
    outcome = cluster(members, stored.judgements(connection))
    ids = canonical_ids(outcome.clusters, stored.membership(connection))
    rows: list[Canonical] = []
    membership: dict[str, tuple[str, str, str]] = {}
    for canonical_id, group in zip(ids, outcome.clusters, strict=True):
        rows.append(canonical_of([index[m] for m in group], canonical_id))
        for member in group:
            entity = index[member]
            membership[member] = (canonical_id, entity.cable, entity.fingerprint())
    outcome.changed = stored.write_canonicals(connection, rows, membership)
    return outcome


def resolve_cables(store: Store, cable_ids: Iterable[str] | None = None) -> Summary:
    """Resolve the entities of these cables against all others; with None, every entity
    is scored again (after the scorer or its data changed).

    Of the cables named, only entities that are new or changed since they were last resolved
    are scored, and any entity not yet resolved is picked up, so a store filled before
    resolution existed catches up. Resolving the same facts again changes nothing.
    """
    started = time.perf_counter()
    with stored.connect(store) as connection:
        entities = stored.entities(connection)
        known = stored.fingerprints(connection)
        wanted = None if cable_ids is None else set(cable_ids)
        targets = {e.id for e in entities if wanted is None or known.get(e.id) != e.fingerprint()}
        existing = {e.id for e in entities}
        gone = set(known) - existing
        added = removed = 0
        if targets or gone:
            fresh = machine_judgements(entities, targets)
            added, removed = stored.replace_machine(connection, targets | gone, fresh)
        outcome = Outcome(clusters=[])
        if wanted is None or targets or gone:
            outcome = recluster_on(connection, entities)
        canonical = len(set(stored.membership(connection).values()))
    return Summary(
        entities=len(entities),
        canonical=canonical,
        added=added,
        removed=removed,
        changed=outcome.changed,
        seconds=round(time.perf_counter() - started, 3),
        overridden=outcome.overridden,
        dangling=outcome.dangling,
    )
