"""The web UI: server-rendered pages over the same access-filtered read paths as the API.

`reftel.api.app.create_app` calls `mount(app)`: the pages live at the site root beside the API
under /api, the stylesheet, scripts and the graph library (installed by
`scripts/install-web-assets.sh`, never kept in git) under /static.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from reftel.web.routes import STATIC, router


def mount(app: FastAPI) -> None:
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
