"""`reftel refs` (reference chains) and `reftel actions` (action requests and their answers)."""

from __future__ import annotations

import json as json_module
import sys
from typing import Annotated, Literal

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from reftel.cases.actions import ActionItem, actions
from reftel.cases.refs import Node, chain, find_cable_id
from reftel.cli.common import Db, Json, app, err, out
from reftel.cli.users import AsUser, principal_for
from reftel.store.db import resolve_url
from reftel.store.repository import Store

_STYLE = {
    "root": "bold",
    "stored": "",
    "missing": "red",
    "not a telegram": "dim",
    "year unknown": "yellow",
    "repeated": "dim",
}


@app.command()
def refs(
    cable_id: Annotated[
        str, typer.Argument(metavar="ID", help="A stored cable: 08STATE39690 or 'STATE 39690'.")
    ],
    depth: Annotated[int, typer.Option(min=1, max=10, help="Steps to follow.")] = 2,
    direction: Annotated[
        Literal["out", "in", "both"],
        typer.Option(help="out: what it cites; in: what cites it; both."),
    ] = "out",
    db: Db = None,
    json: Json = False,
    as_user: AsUser = None,
) -> None:
    """Reference chain of a cable: what it cites and what cites it, missing cables marked."""
    store = Store.open(resolve_url(db))
    user = principal_for(store, as_user)
    try:
        found = find_cable_id(store, cable_id, user)
    except LookupError as error:
        err.print(f"[red]error:[/] {error} ({store.display_url})", highlight=False)
        raise typer.Exit(2) from None
    tree = chain(store, found, depth=depth, direction=direction, user=user)
    if json:
        sys.stdout.write(json_module.dumps(tree.to_dict(), ensure_ascii=False) + "\n")
        return
    _print_tree(tree, "", "")
    nodes = list(tree.walk())[1:]
    counts = {s: sum(1 for n in nodes if n.status == s) for s in _STYLE if s != "root"}
    out.print(
        ", ".join(f"{n} {status}" for status, n in counts.items() if n) or "no references",
        highlight=False,
    )


def _print_tree(node: Node, lead: str, indent: str) -> None:
    """One node a line (its mentions on the next), with tree guides; long lines are kept whole
    rather than cropped, so piped output loses nothing."""
    label, mentions = _label(node)
    out.print(Text(lead) + label, soft_wrap=True)
    guide = indent + ("│   " if node.children else "    ")
    if mentions:
        out.print(Text(guide) + mentions, soft_wrap=True)
    if node.unresolved:
        where = "; ".join(f"para {m.number or '-'}: {m.text} ({m.status})" for m in node.unresolved)
        note = Text(f"unresolved: {where}", style="yellow")
        out.print(Text(guide) + note, soft_wrap=True)
    for i, child in enumerate(node.children):
        last = i == len(node.children) - 1
        _print_tree(
            child, indent + ("└── " if last else "├── "), indent + ("    " if last else "│   ")
        )


def _label(node: Node) -> tuple[Text, Text | None]:
    """The node's line, and the line of its mentions (where the citing text points at it)."""
    text = Text()
    if node.direction == "out":
        text.append("cites ")
        if node.letter:
            text.append(f"ref {node.letter} ", style="bold")
    elif node.direction == "in":
        text.append("cited by ")
    text.append(node.id or node.raw or "?", style=_STYLE[node.status] or "cyan")
    cable = node.cable
    if cable is not None:
        date = cable.date.date().isoformat() if cable.date else "????-??-??"
        text.append(f"  {date}  {cable.origin or '-'}  {cable.classification or '-'}")
        if cable.subject:
            text.append(f"  {cable.subject}", style="italic")
    if node.status in ("missing", "not a telegram", "year unknown", "repeated"):
        text.append(f"  [{node.status}]", style=_STYLE[node.status])
    if node.raw and node.status != "root" and node.raw != node.id:
        text.append(f"  (as written: {node.raw})", style="dim")
    if node.year_inferred:
        text.append("  year inferred", style="yellow")
    where = [f"para {m.number if m.number is not None else '-'}: {m.text}" for m in node.mentions]
    return text, Text("; ".join(where), style="green") if where else None


@app.command("actions")
def actions_command(
    only_open: Annotated[bool, typer.Option("--open", help="Only requests not yet answered.")] = (
        False
    ),
    post: Annotated[
        str | None, typer.Option("--post", help="One post: 'Beijing', 'Embassy Beijing'.")
    ] = None,
    db: Db = None,
    json: Json = False,
    as_user: AsUser = None,
) -> None:
    """Action requests: who must do what, since when, and the cable that answered, if any."""
    store = Store.open(resolve_url(db))
    items = actions(store, post=post, only_open=only_open, user=principal_for(store, as_user))
    if json:
        for item in items:
            sys.stdout.write(json_module.dumps(item.to_dict(), ensure_ascii=False) + "\n")
        return
    answered = sum(1 for i in items if i.status == "answered")
    table = Table(
        title=f"{len(items)} action items: {len(items) - answered} open, {answered} answered"
    )
    for column in ("since", "cable", "para", "post", "status", "answered by"):
        table.add_column(column, no_wrap=True)
    table.add_column("request / how answered", ratio=1, min_width=24)
    for item in items:
        table.add_row(*(escape(cell) for cell in _row(item)))
    # Piped output has no terminal width to fit; a wide table beats one squeezed to 80 columns.
    (out if out.is_terminal else Console(width=200)).print(table)


def _row(item: ActionItem) -> tuple[str, ...]:
    response = item.response
    answer, how = "", ""
    if response is not None:
        date = response.date.date().isoformat() if response.date else ""
        answer = f"{response.cable_id}\n{date}"
        how = f"\n[{response.how}] {'; '.join(response.evidence)}"
    elif item.candidates:
        how = "\n[related, not matched] " + ", ".join(item.candidates)
    request = item.request if len(item.request) <= 200 else item.request[:199] + "…"
    return (
        item.since.date().isoformat() if item.since else "",
        item.cable_id,
        str(item.paragraph) if item.paragraph is not None else "",
        item.post,
        item.status,
        answer,
        request + how,
    )
