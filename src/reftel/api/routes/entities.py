"""Parties resolved across cables: list, one, and the analyst's merge, split and undo.

Everything is read through `reftel.resolution.parties.EntityReader`, so a party, member, paragraph
or judgement the caller may not see is absent, and one they name is 'not found'.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from reftel.api.auth import Analyst, User
from reftel.api.errors import Invalid, NotFound
from reftel.api.models import Stamp
from reftel.api.params import PRINTABLE, Limit, Offset
from reftel.api.state import StoreDep
from reftel.resolution import decisions
from reftel.resolution.parties import EntityReader, Member
from reftel.store import resolution as stored

router = APIRouter(tags=["entities"])

EntityId = Annotated[
    str,
    Path(
        min_length=1,
        max_length=200,
        pattern=r"^[^\x00-\x1f/]+$",
        description="Canonical or per-cable entity id.",
    ),
]
Note = Annotated[str | None, Field(default=None, max_length=2000, pattern=PRINTABLE)]


class Party(BaseModel):
    id: str
    type: str
    subtype: str | None
    name: str
    country: str | None
    aliases: list[str]
    cable_count: int
    member_count: int


class PartyList(BaseModel):
    total: int
    entities: list[Party]


class Paragraph(BaseModel):
    index: int
    number: int | None
    marking: str | None


class MemberView(BaseModel):
    id: str
    cable: str
    name: str
    aliases: list[str]
    type: str
    subtype: str | None
    country: str | None
    paragraphs: list[Paragraph]


class CableParagraphs(BaseModel):
    cable: str
    paragraphs: list[Paragraph]


class HistoryItem(BaseModel):
    action: str
    author: str
    at: Stamp
    note: str | None


class JudgementView(BaseModel):
    id: int | None
    judgement: str
    origin: str
    action: str
    author: str
    note: str | None
    score: float | None
    created_at: Stamp
    undone_at: Stamp | None
    undone_by: str | None
    pairs: list[list[str]]
    features: dict[str, Any] | None
    """The scorer's evidence; null where a paired entity is partly withheld from the caller."""
    history: list[HistoryItem]


class PartyDetail(Party):
    members: list[MemberView]
    cables: list[CableParagraphs]
    judgements: list[JudgementView]


def _party(canonical: stored.Canonical) -> Party:
    return Party(**canonical.as_dict())


@router.get("/entities", response_model=PartyList)
def list_entities(
    store: StoreDep,
    user: User,
    type: Annotated[str | None, Query(pattern="^(organization|person|country|place)$")] = None,
    q: Annotated[str | None, Query(max_length=200, pattern=PRINTABLE)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> PartyList:
    """Parties the caller may see, most cited first; `q` matches words of a name or alias."""
    found = EntityReader(store, user).find(type, q)
    return PartyList(total=len(found), entities=[_party(c) for c in found[offset : offset + limit]])


@router.get("/entities/{entity_id}", response_model=PartyDetail)
def get_entity(entity_id: EntityId, store: StoreDep, user: User) -> PartyDetail:
    """One party: its members in each cable, the readable paragraphs naming it, and the
    judgements (machine's and analysts') that made it."""
    try:
        return PartyDetail(**EntityReader(store, user).detail(entity_id))
    except LookupError:
        raise NotFound(f"entity {entity_id!r}") from None


class MergeRequest(BaseModel):
    first: str = Field(min_length=1, max_length=200, pattern=PRINTABLE)
    second: str = Field(min_length=1, max_length=200, pattern=PRINTABLE)
    note: Note = None


class SplitRequest(BaseModel):
    members: list[Annotated[str, Field(min_length=1, max_length=200, pattern=PRINTABLE)]] = Field(
        min_length=1, max_length=500
    )
    """Per-cable members to take out together, or one other party to keep apart."""
    note: Note = None


class UndoRequest(BaseModel):
    note: Note = None


class Decision(BaseModel):
    judgements: list[int]
    entities: list[str]
    """The parties the action left, as far as the caller may see them."""


def _visible(reader: EntityReader, ident: str) -> tuple[stored.Canonical, list[Member]]:
    with stored.connect(reader.store) as connection:
        try:
            return reader.party(connection, ident)
        except LookupError:
            raise NotFound(f"entity {ident!r}") from None


def _decided(reader: EntityReader, done: decisions.Done) -> Decision:
    with stored.connect(reader.store) as connection:
        seen = {c.id for c, _ in reader.parties(connection, done.entities)}
    return Decision(judgements=done.judgements, entities=[e for e in done.entities if e in seen])


def _refused(error: decisions.ResolutionError, field: str) -> Invalid:
    return Invalid(field, str(error))


@router.post("/entities/merge", response_model=Decision)
def merge(body: MergeRequest, store: StoreDep, user: Analyst) -> Decision:
    """Judge two parties one (analysts); refused while a 'different' judgement stands."""
    reader = EntityReader(store, user)
    first, _ = _visible(reader, body.first)
    second, _ = _visible(reader, body.second)
    if first.id == second.id:
        raise Invalid("body.second", f"{body.first} and {body.second} are one entity already")
    try:
        done = decisions.merge(store, first.id, second.id, user.name, body.note)
    except decisions.ResolutionError as error:
        raise _refused(error, "body") from None
    return _decided(reader, done)


@router.post("/entities/{entity_id}/split", response_model=Decision)
def split(entity_id: EntityId, body: SplitRequest, store: StoreDep, user: Analyst) -> Decision:
    """Take members out of a party (they stay together), or name one other party to keep the
    two apart (analysts)."""
    reader = EntityReader(store, user)
    canonical, members = _visible(reader, entity_id)
    visible = {m.entity.id for m in members}
    if len(body.members) == 1 and body.members[0] not in visible:
        other, _ = _visible(reader, body.members[0])
        targets = [other.id]
    else:
        unknown = [m for m in body.members if m not in visible]
        if unknown:
            raise Invalid(
                "body.members",
                f"{', '.join(unknown)} not a member of {canonical.id}; its members are "
                f"{', '.join(sorted(visible))}",
            )
        targets = list(body.members)
    try:
        done = decisions.split(store, canonical.id, targets, user.name, body.note)
    except decisions.ResolutionError as error:
        raise _refused(error, "body.members") from None
    return _decided(reader, done)


@router.post("/judgements/{judgement_id}/undo", response_model=Decision)
def undo(
    judgement_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    body: UndoRequest,
    store: StoreDep,
    user: Analyst,
) -> Decision:
    """Undo an analyst's judgement (analysts); it stays in the history, marked undone."""
    reader = EntityReader(store, user)
    with stored.connect(store) as connection:
        found = stored.judgements(connection, live=False, ids=[judgement_id])
        pairs = [e for j in found for p in j.pairs for e in (p.left.id, p.right.id)]
        visible = reader.members(connection, pairs)
    if not found or any(e not in visible for e in pairs):
        raise NotFound(f"judgement {judgement_id}")
    try:
        done = decisions.undo(store, judgement_id, user.name, body.note)
    except decisions.ResolutionError as error:
        raise _refused(error, "judgement_id") from None
    return _decided(reader, done)
