"""Case files: build one from seed parties or open a saved one, and its network graph,
timeline, draft talking points and exports; saved cases; the action-request list.

A case is built for the caller (`build_case(visible=...)`, then `draft.for_reader`): facts,
names, dates and cables they may not read are not in it, nor in anything made from it.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query, Response, status
from pydantic import BaseModel, Field

from reftel.access.principal import Principal
from reftel.api.auth import Editor, User
from reftel.api.errors import Invalid, NotFound
from reftel.api.models import Stamp
from reftel.api.params import PRINTABLE
from reftel.api.state import StoreDep
from reftel.cases import case as case_core
from reftel.cases.actions import actions as action_items
from reftel.cases.case import DEFAULT_HOPS, Case, CaseError, normalise
from reftel.cases.draft import DRAFT_FORMATS, Draft, build_draft, for_reader, write_draft
from reftel.cases.network import GRAPH_FORMATS, build_graph, write_graph
from reftel.cases.report import REPORT_FORMATS, build_dossier, write_report
from reftel.cases.timeline import TimelineEntry, build_timeline
from reftel.cases.timeline import render as render_timeline
from reftel.exports import EXPORT_FORMATS, export
from reftel.store import cases as case_store
from reftel.store.repository import Store

router = APIRouter(tags=["cases"])

CaseRef = Annotated[
    str,
    Path(
        min_length=1,
        max_length=200,
        pattern=r"^[^\x00-\x1f/]+$",
        description="A saved case's name, or a seed party (name, alias or entity id).",
    ),
]
Seeds = Annotated[
    list[Annotated[str, Query(min_length=1, max_length=200, pattern=PRINTABLE)]] | None,
    Query(max_length=20, description="More seed parties, added to the one in the path."),
]
Hops = Annotated[
    int | None, Query(ge=0, le=5, description=f"Steps from the seeds (default {DEFAULT_HOPS}).")
]

_MEDIA = {
    "json": "application/json",
    "gexf": "application/xml",
    "graphml": "application/xml",
    "svg": "image/svg+xml",
    "png": "image/png",
    "ftm": "application/x-ndjson",
    "csv": "text/csv; charset=utf-8",
    "text": "text/plain; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}


def _content(formats: tuple[str, ...]) -> dict[int | str, dict[str, Any]]:
    """The 200 response of a route that answers in several formats, for the OpenAPI schema."""
    media: dict[str, dict[str, Any]] = {_MEDIA[f].split(";")[0]: {} for f in formats}
    return {200: {"content": media, "description": f"One of: {', '.join(formats)}"}}


def open_case(
    store: Store,
    user: Principal,
    names: list[str],
    hops: int | None,
    excluded_sources: list[str] | None = None,
    excluded_facts: list[str] | None = None,
) -> tuple[Case, case_store.SavedCase | None]:
    """A saved case by name, else a case from seed names, as `user` may read it; 404 when
    the seeds match nothing they may read (told apart from nothing at all by no one)."""
    try:
        case, saved = case_core.open_case(
            store,
            names,
            hops,
            excluded_sources or [],
            excluded_facts or [],
            visible=store.visibility(user).source,
        )
    except CaseError:
        raise _missing(names) from None
    readable = for_reader(case, store, user)
    if not readable.cables:
        raise _missing(names)
    return _spec_for(readable, store, user), saved


WITHHELD_SEED = "[seed withheld]"


def _spec_for(case: Case, store: Store, user: Principal) -> Case:
    """The case's own spec as the reader may see it: a saved case's seeds were typed by
    someone who may read more, so a seed that names no party of the reader's case is
    withheld, and exclusions in cables the reader may not see are left out."""
    visibility = store.visibility(user)
    known = {normalise(n) for e in case.entities for n in (e.name, *e.aliases)}
    ids = {i for e in case.entities for i in (e.id, *e.members)}
    seeds = [s if s in ids or normalise(s) in known else WITHHELD_SEED for s in case.seeds]

    def shown(key: str) -> bool:
        return visibility.visible(key.split(":", 1)[0])

    return case.model_copy(
        update={
            "seeds": seeds,
            "excluded_sources": [s for s in case.excluded_sources if shown(s)],
            "excluded_facts": [f for f in case.excluded_facts if shown(f)],
        }
    )


def _missing(names: list[str]) -> NotFound:
    """One answer for a case or seed that does not exist and one the caller may not read."""
    return NotFound(f"case or party {' + '.join(names)!r} (list parties with GET /api/entities?q=)")


@router.get("/cases/{case}", response_model=Case)
def get_case(
    case: CaseRef, store: StoreDep, user: User, seed: Seeds = None, hops: Hops = None
) -> Case:
    """Parties, transactions, relations, designations, goods and cables of a case."""
    found, _ = open_case(store, user, [case, *(seed or [])], hops)
    return found


@router.get("/cases/{case}/graph", responses=_content(GRAPH_FORMATS))
def graph(
    case: CaseRef,
    store: StoreDep,
    user: User,
    seed: Seeds = None,
    hops: Hops = None,
    format: Literal["json", "gexf", "graphml", "svg", "png"] = "json",
) -> Response:
    """The case's network: parties and typed edges with their transactions and sources
    (node-link JSON, GEXF, GraphML, or a picture)."""
    found, _ = open_case(store, user, [case, *(seed or [])], hops)
    data = write_graph(build_graph(found), format, found.title)
    return Response(data, media_type=_MEDIA[format])


@router.get(
    "/cases/{case}/timeline",
    response_model=list[TimelineEntry],
    responses=_content(("json", "png")),
)
def timeline(
    case: CaseRef,
    store: StoreDep,
    user: User,
    seed: Seeds = None,
    hops: Hops = None,
    format: Literal["json", "png"] = "json",
) -> Any:
    """Every dated event of the case in order, with the diplomatic exchanges around it."""
    found, _ = open_case(store, user, [case, *(seed or [])], hops)
    entries = build_timeline(found)
    if format == "png":
        return Response(
            render_timeline(entries, f"{found.title}: timeline"), media_type="image/png"
        )
    return entries


@router.get("/cases/{case}/draft", response_model=Draft, responses=_content(DRAFT_FORMATS))
def draft(
    case: CaseRef,
    store: StoreDep,
    user: User,
    seed: Seeds = None,
    hops: Hops = None,
    format: Literal["json", "text", "md"] = "json",
) -> Any:
    """Talking points for a demarche, each marked and cited; points the caller may not read
    are left out."""
    found, _ = open_case(store, user, [case, *(seed or [])], hops)
    written = build_draft(found, store=store, user=user)
    if format == "json":
        return written
    return Response(write_draft(written, format), media_type=_MEDIA[format])


@router.get("/cases/{case}/report", responses=_content(REPORT_FORMATS))
def report(
    case: CaseRef,
    store: StoreDep,
    user: User,
    seed: Seeds = None,
    hops: Hops = None,
    format: Literal["md", "html", "pdf"] = "html",
) -> Response:
    """The case file as a dossier: summary, network, timeline, transactions, designations,
    goods, references, actions and the draft, every section and paragraph marked."""
    found, _ = open_case(store, user, [case, *(seed or [])], hops)
    written = build_draft(found, store=store, user=user)
    dossier = build_dossier(found, written, store, user)
    return Response(write_report(dossier, format), media_type=_MEDIA[format])


@router.get("/cases/{case}/export", responses=_content(EXPORT_FORMATS))
def export_case(
    case: CaseRef,
    store: StoreDep,
    user: User,
    seed: Seeds = None,
    hops: Hops = None,
    format: Literal["ftm", "csv", "gexf", "graphml"] = "ftm",
) -> Response:
    """The case as FollowTheMoney JSON lines, a CSV of transactions, or the network."""
    found, _ = open_case(store, user, [case, *(seed or [])], hops)
    filename = f"{found.title}.{'jsonl' if format == 'ftm' else format}"
    safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in filename)
    return Response(
        export(found, format),
        media_type=_MEDIA[format],
        headers={"Content-Disposition": f'attachment; filename="{safe}"'},
    )


class SavedCaseView(BaseModel):
    name: str
    hops: int
    created: Stamp
    updated: Stamp
    opened: Stamp | None
    parties: int
    cables: list[str]
    new_cables: list[str]
    """Cables that arrived since the case was last opened."""


@router.get("/cases", response_model=list[SavedCaseView])
def list_cases(store: StoreDep, user: User) -> list[SavedCaseView]:
    """Saved cases in which the caller may read something, with counts of what they may read."""
    listed = []
    for saved in case_store.list_cases(store):
        try:
            found, _ = open_case(store, user, [saved.name], None)
        except NotFound:
            continue
        listed.append(
            SavedCaseView(
                name=saved.name,
                hops=saved.hops,
                created=saved.created,
                updated=saved.updated,
                opened=saved.opened,
                parties=len(found.entities),
                cables=[c.id for c in found.cables],
                new_cables=[c.id for c in found.cables if c.new],
            )
        )
    return listed


Word = Annotated[str, Field(min_length=1, max_length=200, pattern=PRINTABLE)]


class CaseSpec(BaseModel):
    seeds: list[Word] = Field(min_length=1, max_length=20)
    hops: int = Field(default=DEFAULT_HOPS, ge=0, le=5)
    excluded_sources: list[Word] = Field(default=[], max_length=200)
    """CABLE or CABLE:PARA to leave out."""
    excluded_facts: list[Word] = Field(default=[], max_length=200)


@router.put("/cases/{case}", response_model=Case)
def save_case(case: CaseRef, body: CaseSpec, store: StoreDep, user: Editor) -> Case:
    """Save (or replace) a case under a name (analysts); returns it as the caller reads it.

    The seeds are checked first, so a name taken by a case the caller may not open answers as
    any other name until the save itself, which is then refused (409): names are shared, and
    a case is never replaced by someone who cannot read it."""
    if not case.strip():
        raise Invalid("case", "a saved case needs a non-empty name")
    built, _ = open_case(
        store, user, body.seeds, body.hops, body.excluded_sources, body.excluded_facts
    )
    if case_store.get_case(store, case) is not None:
        try:
            open_case(store, user, [case], None)
        except NotFound:
            raise HTTPException(
                status.HTTP_409_CONFLICT, f"the case name {case!r} is taken: choose another"
            ) from None
    case_core.save_case(store, case, built)
    return built


@router.delete("/cases/{case}", status_code=status.HTTP_204_NO_CONTENT)
def delete_case(case: CaseRef, store: StoreDep, user: Editor) -> Response:
    """Delete a saved case (analysts) in which the caller may read something."""
    if case_store.get_case(store, case) is None:
        raise _missing([case])
    open_case(store, user, [case], None)
    case_store.delete_case(store, case)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


class ActionResponse(BaseModel):
    cable: str
    date: Stamp | None
    subject: str | None
    how: str
    evidence: list[str]


class ActionView(BaseModel):
    cable: str
    since: Stamp | None
    paragraph: int | None
    addressee: str | None
    post: str
    request: str
    subject: str | None
    status: Literal["open", "answered"]
    response: ActionResponse | None
    candidates: list[str]


@router.get("/actions", response_model=list[ActionView], tags=["actions"])
def list_actions(
    store: StoreDep,
    user: User,
    post: Annotated[str | None, Query(max_length=200, pattern=PRINTABLE)] = None,
    open: bool = False,
) -> list[dict[str, Any]]:
    """Action requests the caller may read, per post that must act, and whether a later cable
    from that post answers each (a reply they may not read does not count)."""
    return [item.to_dict() for item in action_items(store, post, open, user)]
