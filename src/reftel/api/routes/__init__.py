"""One router per resource; `ROUTERS` is what the app mounts under /api."""

from fastapi import APIRouter

from reftel.api.routes import cables, cases, controls, entities, ingest, screening, session

ROUTERS: list[APIRouter] = [
    session.router,
    cables.router,
    entities.router,
    cases.router,
    screening.router,
    controls.router,
    ingest.router,
]
