"""The HTTP face of Reftel: `create_app(db)` builds the FastAPI app over one store.

The REST API lives under `/api` (OpenAPI schema at `/api/openapi.json`, docs at `/api/docs`);
every route reads as the signed-in principal (`reftel.api.auth`), so what a user may not read
is withheld exactly as on the command line with `--as`. The web UI (package `reftel.web`, when
installed) is mounted on the same app by its `mount(app)` function; its pages are kept out of
the API schema.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import secrets
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI, Request
from sqlalchemy.engine import make_url
from starlette.responses import Response as StarletteResponse
from starlette.types import Lifespan

from reftel import __version__
from reftel.api import errors
from reftel.api.jobs import Jobs
from reftel.api.routes import ROUTERS
from reftel.screening.cables import ensure_lists
from reftel.store.db import resolve_url
from reftel.store.repository import Store

API_PREFIX = "/api"
SECRET_ENV = "REFTEL_SECRET"
"""Signs session cookies; set it to keep sessions across restarts and worker processes."""


def build_api(lifespan: Lifespan[FastAPI] | None = None) -> FastAPI:
    """The API's routes and error handling, with no store yet: `create_app` adds one, and
    the OpenAPI schema can be read from this alone."""
    app = FastAPI(
        title="Reftel",
        version=__version__,
        summary="Diplomatic reporting into proliferation case files, read paragraph by paragraph "
        "as the caller's clearance allows.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    errors.install(app)
    for router in ROUTERS:
        app.include_router(router, prefix=API_PREFIX, responses=errors.ERRORS)
    return app


def create_app(db: str | None = None, *, web: bool = True) -> FastAPI:
    """The app over the store at `db` (path, URL, or $REFTEL_DB / reftel.db when None), opened
    and migrated now so a bad database fails at start rather than on the first request."""
    url = resolve_url(db)
    store = Store.open(url)
    ensure_lists(store)  # screening works out of the box, and no request races to load it

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = build_api(lifespan)
    app.state.store = store
    # SQLite lets one writer in at a time and refuses (rather than waits for) a reader that
    # turns writer while another writes, and every request writes (the sign-in log): so on
    # SQLite requests and ingest jobs take turns; PostgreSQL serves them side by side.
    serial = threading.Lock() if make_url(url).get_backend_name() == "sqlite" else None
    app.state.jobs = Jobs(store, url, serial)
    if serial is not None:

        @app.middleware("http")
        async def one_at_a_time(
            request: Request, call_next: Callable[[Request], Awaitable[StarletteResponse]]
        ) -> StarletteResponse:
            await anyio.to_thread.run_sync(serial.acquire)
            try:
                return await call_next(request)
            finally:
                serial.release()

    secret = os.environ.get(SECRET_ENV)
    app.state.session_secret = secret.encode() if secret else secrets.token_bytes(32)
    if web and importlib.util.find_spec("reftel.web") is not None:
        mount = getattr(importlib.import_module("reftel.web"), "mount", None)
        if mount is not None:
            mount(app)
    return app
