"""`reftel users ...`: who may read what, and `--as USER` for reading as one of them.

The command line itself is the local superuser: without `--as` it reads everything. Passwords
are read from standard input only (`--password-stdin`), never from an argument that would land
in the shell history or the process list.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from pydantic import TypeAdapter
from rich.table import Table

from reftel.access.principal import ROLES, Principal
from reftel.cli.common import Db, Json, app, err, fail, out
from reftel.store.access import UserError, UserInfo
from reftel.store.db import resolve_url
from reftel.store.repository import Store

users_app = typer.Typer(
    no_args_is_help=True, help="Users, their clearances, caveat accesses, roles and API tokens."
)
app.add_typer(users_app, name="users")

Name = Annotated[str, typer.Argument(metavar="NAME", help="The user's name.")]
Caveats = Annotated[
    list[str] | None,
    typer.Option("--caveat", help="A caveat access, e.g. NOFORN (repeat for more)."),
]
Rel = Annotated[
    str | None,
    typer.Option(
        "--rel",
        help="Nationality for REL TO, comma-separated (USA, GBR, CHINA...); default USA.",
    ),
]
Role = Annotated[str | None, typer.Option("--role", help=f"One of {', '.join(ROLES)}.")]
PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="Read a password from the first line of stdin.")
]
AsUser = Annotated[
    str | None,
    typer.Option("--as", help="Read as this user: what they may not read is withheld."),
]


def principal_for(store: Store, name: str | None) -> Principal | None:
    """The user named by `--as`, or None (the superuser) when none is named."""
    if name is None:
        return None
    principal = store.users.get(name)
    if principal is None:
        raise fail(f"--as: no user {name!r} in {store.display_url}")
    return principal


def _password(from_stdin: bool) -> str | None:
    if not from_stdin:
        return None
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        err.print("[red]error:[/] --password-stdin: standard input gave no password")
        raise typer.Exit(2)
    return password


def _countries(rel: str | None) -> list[str] | None:
    return None if rel is None else [c.strip() for c in rel.split(",") if c.strip()]


@users_app.command("add")
def add(
    name: Name,
    clearance: Annotated[str, typer.Option("--clearance", help="U, C, S or TS.")],
    caveat: Caveats = None,
    rel: Rel = None,
    role: Role = None,
    password_stdin: PasswordStdin = False,
    db: Db = None,
) -> None:
    """Add a user."""
    store = Store.open(resolve_url(db))
    try:
        user = store.users.add(
            name,
            clearance,
            caveat or (),
            _countries(rel),
            role or "reader",
            _password(password_stdin),
        )
    except UserError as error:
        raise fail(str(error)) from error
    out.print(f"added {_describe(user)}", highlight=False)


@users_app.command("set")
def set_(
    name: Name,
    clearance: Annotated[str | None, typer.Option("--clearance", help="U, C, S or TS.")] = None,
    caveat: Caveats = None,
    no_caveats: Annotated[
        bool, typer.Option("--no-caveats", help="Take every caveat access away.")
    ] = False,
    rel: Rel = None,
    role: Role = None,
    password_stdin: PasswordStdin = False,
    db: Db = None,
) -> None:
    """Change a user's clearance, caveat accesses, nationality, role or password."""
    store = Store.open(resolve_url(db))
    try:
        user = store.users.set(
            name,
            clearance=clearance,
            accesses=[] if no_caveats else caveat,
            countries=_countries(rel),
            role=role,
            password=_password(password_stdin),
        )
    except UserError as error:
        raise fail(str(error)) from error
    out.print(f"updated {_describe(user)}", highlight=False)


@users_app.command("remove")
def remove(name: Name, db: Db = None) -> None:
    """Remove a user and their API tokens; the sign-in log keeps their name."""
    store = Store.open(resolve_url(db))
    try:
        store.users.remove(name)
    except UserError as error:
        raise fail(str(error)) from error
    out.print(f"removed {name}", highlight=False)


@users_app.command("token")
def token(
    name: Name,
    revoke: Annotated[
        bool, typer.Option("--revoke", help="Revoke all of the user's tokens instead.")
    ] = False,
    db: Db = None,
) -> None:
    """Print a new API token for a user; it is shown this once and stored only as a hash."""
    store = Store.open(resolve_url(db))
    try:
        if revoke:
            out.print(f"revoked {store.users.revoke_tokens(name)} token(s) of {name}")
            return
        issued = store.users.issue_token(name)
    except UserError as error:
        raise fail(str(error)) from error
    sys.stdout.write(issued + "\n")


@users_app.command("list")
def list_(db: Db = None, json: Json = False) -> None:
    """List users (never passwords or tokens)."""
    users = Store.open(resolve_url(db)).users.all()
    if json:
        sys.stdout.write(TypeAdapter(list[UserInfo]).dump_json(users).decode() + "\n")
        return
    table = Table(title=f"{len(users)} users")
    for column in (
        "name",
        "clearance",
        "caveats",
        "rel (nationality)",
        "role",
        "password",
        "tokens",
    ):
        table.add_column(column)
    for user in users:
        table.add_row(
            user.name,
            user.clearance,
            ", ".join(user.accesses),
            ", ".join(user.countries),
            user.role,
            "yes" if user.password else "no",
            str(user.tokens),
        )
    out.print(table)


@users_app.command("log")
def log(
    name: Annotated[str | None, typer.Argument(metavar="[NAME]")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10000)] = 50,
    db: Db = None,
) -> None:
    """Show the latest sign-in attempts, newest first."""
    table = Table("at (UTC)", "user", "method", "result")
    for user, method, ok, at in Store.open(resolve_url(db)).users.audit(name, limit):
        table.add_row(
            at.isoformat(timespec="seconds"), user or "?", method, "ok" if ok else "refused"
        )
    out.print(table)


def _describe(user: Principal) -> str:
    caveats = ", ".join(sorted(user.accesses)) or "no caveats"
    nations = ", ".join(sorted(user.countries))
    return f"{user.name}: {user.clearance}, {caveats}, nationality {nations}, {user.role}"
