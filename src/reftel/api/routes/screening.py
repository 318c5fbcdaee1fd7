"""Screening names against the loaded designation lists: `GET /screen` for one name, and
`POST /match/{dataset}`, which takes and returns yente's bodies so tools built for yente (the
OpenSanctions matching API) can screen against Reftel's lists unchanged.

List entries are public data: screening reads no cable, so it needs a signed-in user but no
clearance.
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, ConfigDict, Field
from rigour.territories import lookup_territory

from reftel.api.auth import User
from reftel.api.errors import Invalid, NotFound
from reftel.api.models import Stamp
from reftel.api.params import PRINTABLE
from reftel.api.state import StoreDep
from reftel.resolution.names import all_name_keys
from reftel.screening.score import DEFAULT_THRESHOLD
from reftel.screening.screen import KEY_LIMIT, Hit, screen_names
from reftel.screening.screen import Query as Party
from reftel.store.designations import (
    StoredEntry,
    candidate_entries,
    list_summaries,
    load_entries,
)
from reftel.store.repository import Store

router = APIRouter(tags=["screening"])


@cache
def _yente() -> dict[str, Any]:
    text = resources.files("reftel").joinpath("data/api/yente.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


# --- Reftel's own shape -------------------------------------------------------------------------


class Evidence(BaseModel):
    name: str
    value: float
    detail: str


class ScreenHit(BaseModel):
    """One list entry found for a name, with the evidence for its score."""

    list_name: str = Field(serialization_alias="list")
    entry_id: str
    designee: str
    entry_name: str
    matched_name: str
    query_name: str
    score: float
    match: bool
    type: str
    programs: list[str]
    authority: str | None
    listed_on: str | None
    reason: str | None
    source: str | None
    explanation: list[Evidence]

    @classmethod
    def of(cls, hit: Hit) -> ScreenHit:
        return cls(
            list_name=hit.list,
            entry_id=hit.entry_id,
            designee=hit.designee,
            entry_name=hit.entry_name,
            matched_name=hit.matched_name,
            query_name=hit.query_name,
            score=hit.score,
            match=hit.match,
            type=hit.type,
            programs=list(hit.programs),
            authority=hit.authority,
            listed_on=hit.listed_on,
            reason=hit.reason,
            source=hit.source,
            explanation=[
                Evidence(name=f.name, value=f.value, detail=f.detail) for f in hit.features
            ],
        )


class ScreenResult(BaseModel):
    query: str
    country: str | None
    match: bool
    """True when some hit scores at or above the threshold."""
    hits: list[ScreenHit]


Threshold = Annotated[float, Query(ge=0.0, le=1.0, description="Score at which a hit is a match.")]
Name = Annotated[str, Query(min_length=1, max_length=300, pattern=PRINTABLE)]
Country = Annotated[str | None, Query(max_length=100, pattern=PRINTABLE)]


@router.get("/screen", response_model=ScreenResult)
def screen(
    store: StoreDep,
    user: User,
    name: Name,
    country: Country = None,
    type: Annotated[str | None, Query(pattern="^(person|organization)$")] = None,
    threshold: Threshold = DEFAULT_THRESHOLD,
    limit: Annotated[int, Query(ge=1, le=100)] = 5,
) -> ScreenResult:
    """Screen one name (with the party's country and type, if known) against every loaded
    list (the bundled starter list when none was loaded)."""
    party = Party(name.strip(), country=_country(country), type=type)
    hits = screen_names(store, [party], threshold, limit)[0] if party.names() else []
    return ScreenResult(
        query=name,
        country=party.country,
        match=any(h.match for h in hits),
        hits=[ScreenHit.of(h) for h in hits],
    )


class ListInfo(BaseModel):
    name: str
    format: str
    source: str
    list_date: str | None
    loaded_at: Stamp
    entries: int
    designees: int


@router.get("/lists", response_model=list[ListInfo])
def lists(store: StoreDep, user: User) -> list[ListInfo]:
    """The loaded designation lists: each is a dataset of `/match/{dataset}`."""
    return [ListInfo(**vars(s)) for s in list_summaries(store)]


# --- yente's shape ------------------------------------------------------------------------------


class EntityExample(BaseModel):
    """A party to match, as FollowTheMoney writes an entity."""

    model_config = ConfigDict(populate_by_name=True)

    id: str | None = Field(default=None, max_length=200)
    schema_: str = Field(alias="schema", min_length=1, max_length=100, examples=["Company"])
    properties: dict[str, str | list[Any]] = Field(examples=[{"name": ["Example Trading Co"]}])


class MatchQuery(BaseModel):
    queries: dict[str, EntityExample] = Field(max_length=100)
    weights: dict[str, float] = {}
    """Accepted for yente compatibility; Reftel's scorer has no tunable weights."""
    config: dict[str, str | int | float | bool | None] = {}
    """Accepted for yente compatibility; Reftel's scorer has no algorithm options."""


class FeatureResult(BaseModel):
    detail: str | None
    score: float
    query: str | None = None
    candidate: str | None = None


class TotalSpec(BaseModel):
    value: int
    relation: str = "eq"


class ScoredEntity(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: str
    caption: str
    schema_: str = Field(alias="schema")
    properties: dict[str, list[str]]
    datasets: list[str]
    referents: list[str]
    target: bool
    first_seen: Stamp | None
    last_seen: Stamp | None
    last_change: Stamp | None
    score: float
    match: bool
    features: dict[str, float]
    """Older yente clients read the subscores here."""
    explanations: dict[str, FeatureResult]
    """Newer yente clients read the subscores and their explanations here."""


class EntityMatches(BaseModel):
    status: int = 200
    results: list[ScoredEntity]
    total: TotalSpec
    query: EntityExample


class MatchResponse(BaseModel):
    responses: dict[str, EntityMatches]
    limit: int


def _country(written: str | None) -> str | None:
    """'ir', 'IRN', 'Iran' -> 'IR' as the lists store it; None when it cannot be placed."""
    if not written or not written.strip():
        return None
    territory = lookup_territory(written.strip())
    code = territory.ftm_country if territory is not None else None
    return code.upper() if code else None


def _values(properties: dict[str, str | list[Any]], names: list[str]) -> list[str]:
    found: list[str] = []
    for name in names:
        value = properties.get(name, [])
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item.strip():
                found.append(item.strip())
    return list(dict.fromkeys(found))


def _party(key: str, example: EntityExample) -> Party | None:
    """The query as screening reads it; None when it names nobody."""
    mapping = _yente()["query_properties"]
    names = _values(example.properties, mapping["name"])
    aliases = _values(example.properties, mapping["aliases"])
    if not names and not aliases:
        return None
    countries = [c for c in map(_country, _values(example.properties, mapping["country"])) if c]
    return Party(
        (names or aliases)[0],
        aliases=tuple((names + aliases)[1:]),
        country=countries[0] if countries else None,
        type=_yente()["party_types"]["entries"].get(example.schema_),
        identifiers=tuple(_values(example.properties, mapping["identifiers"])),
    )


def _entries(store: Store, parties: list[Party]) -> dict[tuple[str, str], StoredEntry]:
    """The candidate entries of the queries (those screening scores), by list and entry id."""
    keys = all_name_keys(n for p in parties for n in p.names())
    found = load_entries(store, candidate_entries(store, keys, KEY_LIMIT))
    return {(e.list_name, e.entry_id): e for e in found}


def _entity(hit: Hit, entry: StoredEntry | None, loaded: dict[str, datetime]) -> ScoredEntity:
    schemata = _yente()["schemata"]
    properties: dict[str, list[str]] = {"name": [hit.entry_name]}
    if entry is not None:
        aliases = [n for n in entry.names if n != entry.name]
        extra = {
            "alias": aliases,
            "weakAlias": list(entry.weak_names),
            "country": [c.lower() for c in entry.countries],
            "program": list(entry.programs),
            "notes": [entry.reason] if entry.reason else [],
            "sourceUrl": [entry.source] if entry.source else [],
        }
        properties.update({k: v for k, v in extra.items() if v})
    features = {f.name: f.value for f in hit.features}
    return ScoredEntity(
        id=f"{hit.list}-{hit.entry_id}",
        caption=hit.entry_name,
        schema_=schemata["entries"].get(hit.type, schemata["default"]),
        properties=properties,
        datasets=[hit.list],
        referents=[hit.entry_id],
        target=True,
        first_seen=None,
        last_seen=loaded.get(hit.list),
        last_change=None,
        score=hit.score,
        match=hit.match,
        features=features,
        explanations={
            f.name: FeatureResult(
                detail=f.detail, score=f.value, query=hit.query_name, candidate=hit.matched_name
            )
            for f in hit.features
        },
    )


@router.post("/match/{dataset}", response_model=MatchResponse, response_model_by_alias=True)
def match(
    body: MatchQuery,
    store: StoreDep,
    user: User,
    dataset: Annotated[
        str,
        Path(
            max_length=100,
            pattern=r"^[\w.-]+$",
            description="A loaded list's name, or 'default' for all of them.",
        ),
    ],
    limit: Annotated[int, Query(ge=1, le=100)] = 5,
    threshold: Threshold = DEFAULT_THRESHOLD,
    cutoff: Annotated[float, Query(ge=0.0, le=1.0, description="Lowest score returned.")] = 0.0,
) -> MatchResponse:
    """yente's matching API: each query (a FollowTheMoney entity example) is screened against
    the dataset's lists; the response has yente's shape, one `responses` entry per query."""
    loaded = {s.name: s.loaded_at for s in list_summaries(store)}
    everything = dataset in _yente()["all_datasets"]["names"]
    if not everything and dataset not in loaded:
        raise NotFound(f"dataset {dataset!r}: choose 'default' or one of {', '.join(loaded)}")
    parties: dict[str, Party] = {}
    for key, example in body.queries.items():
        party = _party(key, example)
        if party is None:
            raise Invalid(f"body.queries.{key}.properties", "needs a name or an alias")
        parties[key] = party
    # Screen wide, then keep the dataset's lists: a list's best hits may rank below others'.
    wide = max(limit, 50) if not everything else limit
    found = screen_names(store, list(parties.values()), threshold, wide)
    entries = _entries(store, list(parties.values()))
    responses: dict[str, EntityMatches] = {}
    for (key, example), hits in zip(body.queries.items(), found, strict=True):
        kept = [h for h in hits if (everything or h.list == dataset) and h.score >= cutoff]
        results = [_entity(h, entries.get((h.list, h.entry_id)), loaded) for h in kept[:limit]]
        responses[key] = EntityMatches(
            results=results, total=TotalSpec(value=len(results)), query=example
        )
    return MatchResponse(responses=responses, limit=limit)
