"""Cables: list with filters, full-text search, one cable, its facts and its reference chain.

Every read is the principal's: a cable they may read no part of is 'not found', exactly like
one that does not exist, and totals count only what they may see.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel

from reftel.api.auth import User
from reftel.api.errors import NotFound
from reftel.api.models import Stamp
from reftel.api.params import CableId, Filters, Limit, Offset, Text
from reftel.api.state import StoreDep
from reftel.cases.refs import chain
from reftel.extraction.facts import Extraction
from reftel.record import Cable
from reftel.store.repository import SearchResult

router = APIRouter(tags=["cables"])


class CableHit(BaseModel):
    """One cable found, at its best-matching paragraph (or its subject)."""

    cable_id: str
    created: Stamp | None
    classification: str | None
    origin: str | None
    subject: str | None
    """None when the caller may not read the subject line."""
    paragraph: int | None
    """Number of the best-matching paragraph; None for a subject match or unnumbered text."""
    paragraph_index: int | None
    snippet: str
    """Matched text with the hits wrapped in `[` `]`; empty when listing."""
    score: float


class CableList(BaseModel):
    total: int
    """Cables matching that the caller may read some part of, not just this page."""
    hits: list[CableHit]


@router.get("/cables", response_model=CableList)
def list_cables(
    store: StoreDep, user: User, filters: Filters, limit: Limit = 50, offset: Offset = 0
) -> SearchResult:
    """Cables the caller may read some part of, newest first, with filters: years, origin
    (substring), banner classification, a TAGS code."""
    return search(store, user, filters, q="", limit=limit, offset=offset)


@router.get("/search", response_model=CableList)
def search(
    store: StoreDep,
    user: User,
    filters: Filters,
    q: Text = "",
    limit: Limit = 20,
    offset: Offset = 0,
) -> SearchResult:
    """Full-text search (words, "phrases", OR) over the paragraphs and subjects the caller may
    read; each hit is a cable at its best paragraph, the matched terms in `[` `]`."""
    return store.search(q, user=user, limit=limit, offset=offset, **asdict(filters))


@router.get("/cables/{cable_id}", response_model=Cable)
def get_cable(cable_id: CableId, store: StoreDep, user: User) -> Cable:
    """One cable, each paragraph the caller may not read withheld (number and marking kept)."""
    cable = store.get(cable_id, user=user)
    if cable is None:
        raise NotFound(f"cable {cable_id!r}")
    return cable


@router.get("/cables/{cable_id}/facts", response_model=Extraction)
def get_facts(cable_id: CableId, store: StoreDep, user: User) -> Extraction:
    """The facts read from one cable, without those derived only from withheld paragraphs."""
    facts = store.facts(cable_id, user=user)
    if facts is None:
        raise NotFound(f"facts for cable {cable_id!r}")
    return facts


class RefMention(BaseModel):
    paragraph: int | None
    number: int | None
    start: int
    end: int
    text: str
    letters: list[str]
    cited_paragraphs: list[int]
    status: str


class RefNode(BaseModel):
    """A cable in a reference chain and how it is tied to its parent (`reftel refs`)."""

    id: str | None
    status: str
    """root, stored, missing, not a telegram, year unknown, repeated."""
    direction: Literal["out", "in"] | None
    letter: str | None
    raw: str | None
    year_inferred: bool
    date: Stamp | None
    origin: str | None
    subject: str | None
    classification: str | None
    mentions: list[RefMention]
    unresolved: list[RefMention]
    children: list[RefNode]


@router.get("/cables/{cable_id}/refs", response_model=RefNode)
def get_refs(
    cable_id: CableId,
    store: StoreDep,
    user: User,
    depth: Annotated[int, Query(ge=1, le=5)] = 2,
    direction: Literal["out", "in", "both"] = "out",
) -> Any:
    """What the cable cites and what cites it, `depth` steps; cables the caller may not read
    count as not stored."""
    try:
        tree = chain(store, cable_id, depth=depth, direction=direction, user=user)
    except LookupError:
        raise NotFound(f"cable {cable_id!r}") from None
    return tree.to_dict()
