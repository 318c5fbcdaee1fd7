"""`reftel serve`: the REST API and the web UI over one store, with uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from reftel.cli.common import Db, app, err
from reftel.store.db import resolve_url


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    db: Db = None,
) -> None:
    """Serve the web UI and the REST API (/api, schema at /api/openapi.json); every request
    reads as its signed-in user (`reftel users add`, `reftel users token`)."""
    import uvicorn

    from reftel.api.app import create_app

    try:
        application = create_app(resolve_url(db))
    except Exception as error:  # a database that cannot be opened: say which and why
        err.print(f"[red]error:[/] --db: cannot open the store: {error}", highlight=False)
        raise typer.Exit(2) from None
    store = application.state.store
    if not store.users.all():
        err.print(
            "[yellow]warning:[/] no users yet: every request will be refused until one is added "
            "with `reftel users add NAME --clearance S --password-stdin`",
            highlight=False,
        )
    err.print(f"Reftel on http://{host}:{port}/  (API docs: http://{host}:{port}/api/docs)")
    uvicorn.run(application, host=host, port=port, log_level="info")
