"""`reftel lists`: load designation lists and see what is loaded."""

from __future__ import annotations

import json as json_lib
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from reftel.cli.common import Db, Json, app, err, out
from reftel.screening.lists import FORMATS, ListError, load_list
from reftel.store.db import resolve_url
from reftel.store.designations import list_summaries, save_list
from reftel.store.repository import Store

lists_app = typer.Typer(
    help="Designation lists: load them (`reftel lists load`) and show what is loaded.",
    invoke_without_command=True,
    no_args_is_help=False,
)
app.add_typer(lists_app, name="lists")


@lists_app.callback()
def lists(ctx: typer.Context, db: Db = None, json: Json = False) -> None:
    """Show the loaded lists: name, format, list date, when loaded, entries and designees."""
    if ctx.invoked_subcommand is not None:
        return
    _show(Store.open(resolve_url(db)), json)


def _show(store: Store, json: bool) -> None:
    summaries = list_summaries(store)
    if json:
        for s in summaries:
            record = {**vars(s), "loaded_at": s.loaded_at.isoformat()}
            sys.stdout.write(json_lib.dumps(record) + "\n")
        return
    if not summaries:
        out.print(f"no lists loaded in {store.display_url} (screening uses the starter list)")
        return
    table = Table("list", "format", "list date", "loaded", "entries", "designees", "source")
    for s in summaries:
        table.add_row(
            s.name,
            s.format,
            s.list_date or "",
            s.loaded_at.strftime("%Y-%m-%d %H:%M"),
            str(s.entries),
            str(s.designees),
            s.source,
        )
    out.print(table)


@lists_app.command("load")
def load(
    path: Annotated[Path, typer.Argument(help="A list file, or a folder such as OFAC's CSV set.")],
    name: Annotated[str, typer.Option("--name", help="Name to store the list under.")],
    fmt: Annotated[
        str | None, typer.Option("--format", "-f", help=f"Force a format: {', '.join(FORMATS)}.")
    ] = None,
    db: Db = None,
) -> None:
    """Load a designation list (replacing a list of the same name) and resolve designees."""
    try:
        loaded = load_list(path, fmt)
    except ListError as error:
        err.print(f"[red]error:[/] {error}", highlight=False)
        raise typer.Exit(2) from error
    store = Store.open(resolve_url(db))
    count = save_list(store, name, loaded)
    err.print(
        f"{name}: {count} entries from {path} ({loaded.format}, list date "
        f"{loaded.list_date or 'not stated'})",
        highlight=False,
    )
    _show(store, False)
