"""What every command module shares: the Typer app, the consoles and the common options.

Each stage's commands live in a module of their own under `reftel.cli` and register on `app`
when `reftel.cli.main` imports them.
"""

from __future__ import annotations

import inspect
import re
from typing import Annotated, Any

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


def fail(message: str) -> typer.Exit:
    """Print an error and give the exit (code 2) a command raises for bad input."""
    err.print(f"[red]error:[/] {message}", highlight=False)
    return typer.Exit(2)


def format_option(allowed: tuple[str, ...]) -> Any:
    """The --format/-f option of a command that writes one of `allowed` (typer's OptionInfo)."""
    return typer.Option("--format", "-f", help=f"One of {', '.join(allowed)}.")


def check_format(fmt: str, allowed: tuple[str, ...]) -> None:
    """Refuse a --format value the command cannot write."""
    if fmt not in allowed:
        raise fail(f"--format: unknown format {fmt!r}; choose one of {', '.join(allowed)}")


def unwrap_help(typer_app: typer.Typer) -> None:
    """Docstrings are wrapped for the source; a command's help is one paragraph per blank-line
    break, so the terminal, not the source, decides where its lines end."""
    for command in typer_app.registered_commands:
        text = command.help or inspect.getdoc(command.callback)
        if text:
            command.help = re.sub(r"(?<!\n)\n(?!\n)", " ", text)
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            unwrap_help(group.typer_instance)
