"""The pages: sign-in, search with facets, a cable, an entity, a case graph and timeline, and the
action list. Server-rendered HTML; each page reads as the signed-in user, and a page about
something the user may not read is the same "not found" as one about nothing at all.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from reftel.access.principal import Principal
from reftel.api.auth import current_user, sign_in, sign_out
from reftel.api.state import StoreDep
from reftel.cases.actions import actions as action_items
from reftel.cases.case import DEFAULT_HOPS
from reftel.web.facets import FACETS, Filters, facet_counts
from reftel.web.views import cable_view, case_view, entity_view, snippet_html

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
GRAPH_LIBRARY = STATIC / "vendor" / "cytoscape.min.js"
PAGE_SIZE = 20
MAX_HOPS = 5
"""Deeper cases are for the command line: a page should come back in a second."""

templates = Jinja2Templates(directory=HERE / "templates")
templates.env.filters["snippet"] = snippet_html
router = APIRouter(include_in_schema=False)

Reader = Annotated[Principal | None, Depends(current_user)]


def _page(request: Request, template: str, user: Principal | None, **context: Any) -> HTMLResponse:
    status = context.pop("status", 200)
    return templates.TemplateResponse(
        request, template, {"user": user, **context}, status_code=status
    )


def _to_login(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse("/login?" + urlencode({"next": target}), status_code=303)


def _not_found(request: Request, user: Principal, what: str) -> HTMLResponse:
    return _page(request, "missing.html", user, what=what, status=404)


def _int(value: str | None) -> int | None:
    """A number from the query string; anything else is no filter, never an error page."""
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, user: Reader, next: str = "/") -> Response:
    return _page(request, "login.html", user, next=_safe(next), error=None)


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    store: StoreDep,
    name: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    principal = store.users.check_password(name, password) if name and password else None
    if principal is None:
        return _page(
            request,
            "login.html",
            None,
            next=_safe(next),
            error="Wrong user name or password.",
            name=name,
            status=401,
        )
    response = RedirectResponse(_safe(next), status_code=303)
    sign_in(request, response, principal)
    return response


@router.post("/logout")
def logout() -> Response:
    response = RedirectResponse("/login", status_code=303)
    sign_out(response)
    return response


def _safe(target: str) -> str:
    """Only a path on this site is followed after signing in."""
    return target if target.startswith("/") and not target.startswith("//") else "/"


@router.get("/", response_class=HTMLResponse)
def search_page(
    request: Request,
    store: StoreDep,
    user: Reader,
    q: str = "",
    year: str | None = None,
    origin: str | None = None,
    classification: str | None = None,
    tag: str | None = None,
    page: str | None = None,
) -> Response:
    if user is None:
        return _to_login(request)
    filters = Filters(_int(year), origin or None, classification or None, tag or None)
    number = max(_int(page) or 1, 1)
    result = store.search(
        q[:500],
        limit=PAGE_SIZE,
        offset=(number - 1) * PAGE_SIZE,
        user=user,
        **filters.store_args(),  # type: ignore[arg-type]
    )
    counts = facet_counts(store, q[:500], filters, user)
    chosen = {"year": year, "origin": origin, "classification": classification, "tag": tag}
    chosen = {k: v for k, v in chosen.items() if v}

    def link(**changes: str | int | None) -> str:
        params: dict[str, Any] = {"q": q, **chosen, **changes}
        return "/?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})

    return _page(
        request,
        "search.html",
        user,
        q=q,
        result=result,
        facets=[(name, counts[name]) for name in FACETS],
        chosen=chosen,
        link=link,
        page=number,
        pages=max(1, -(-result.total // PAGE_SIZE)),
    )


@router.get("/cables/{cable_id}", response_class=HTMLResponse)
def cable_page(request: Request, cable_id: str, store: StoreDep, user: Reader) -> Response:
    if user is None:
        return _to_login(request)
    view = cable_view(store, cable_id, user)
    if view is None:
        return _not_found(request, user, f"cable {cable_id}")
    return _page(request, "cable.html", user, view=view, cable=view.cable)


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: str, store: StoreDep, user: Reader) -> Response:
    if user is None:
        return _to_login(request)
    view = entity_view(store, entity_id, user)
    if view is None:
        return _not_found(request, user, f"entity {entity_id}")
    return _page(request, "entity.html", user, entity=view)


@router.get("/case", response_class=HTMLResponse)
def case_page(
    request: Request,
    store: StoreDep,
    user: Reader,
    seed: Annotated[list[str] | None, Query()] = None,
    hops: str | None = None,
) -> Response:
    if user is None:
        return _to_login(request)
    asked = _int(hops)
    depth = DEFAULT_HOPS if asked is None else min(max(asked, 0), MAX_HOPS)
    view = case_view(store, seed or [], depth, user) if seed else None
    if view is None:
        return _not_found(request, user, "case for these seeds")
    graph = {"nodes": view.nodes, "edges": view.edges}
    first, *more = view.seeds
    query = urlencode([("seed", s) for s in more] + [("hops", depth)])
    api = f"/api/cases/{quote(first, safe='')}"
    paths = {getattr(route, "path", None) for route in request.app.routes}
    return _page(
        request,
        "case.html",
        user,
        case=view,
        hops=depth,
        graph_json=json.dumps(graph, ensure_ascii=False).replace("</", "<\\/"),
        graph_library=GRAPH_LIBRARY.exists(),
        query=query,
        api=api,
        # The report is written by another stage: linked once the API serves it.
        has_report="/api/cases/{case}/report" in paths,
    )


@router.get("/actions", response_class=HTMLResponse)
def actions_page(
    request: Request,
    store: StoreDep,
    user: Reader,
    post: str | None = None,
    open: str | None = None,
) -> Response:
    if user is None:
        return _to_login(request)
    only_open = open not in (None, "", "0")
    items = action_items(store, post or None, only_open, user)
    return _page(request, "actions.html", user, items=items, post=post or "", only_open=only_open)
