"""What every command module shares: the Typer app, the consoles and the common options.

Each stage's commands live in a module of their own under `reftel.cli` and register on `app`
when `reftel.cli.main` imports them.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from reftel.reading import FORMATS

app = typer.Typer(
    no_args_is_help=True,
    help="Reftel: diplomatic reporting into proliferation case files.",
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

Paths = Annotated[
    list[str], typer.Argument(help="Files, folders, .zip/.tar.gz/.gz archives, or - for stdin.")
]
Format = Annotated[
    str | None,
    typer.Option("--format", "-f", help=f"Force a format: {', '.join(FORMATS)}."),
]
Encoding = Annotated[
    str | None, typer.Option("--encoding", help="Read text in this encoding instead of detecting.")
]
Db = Annotated[
    str | None,
    typer.Option("--db", help="SQLite file or database URL (default: $REFTEL_DB or reftel.db)."),
]
Json = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
