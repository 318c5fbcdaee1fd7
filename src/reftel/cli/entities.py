"""Commands over the parties resolved across cables: list, inspect, merge, split, undo."""

from __future__ import annotations

import json as json_lib
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Annotated, Any

import typer
from rich.table import Table

from reftel.cli.common import Db, Json, app, err, fail, out
from reftel.cli.users import AsUser, principal_for
from reftel.resolution import decisions
from reftel.resolution.judgements import Judgement, Origin
from reftel.resolution.names import normalize
from reftel.resolution.parties import EntityReader, judgement_dict
from reftel.resolution.resolver import Summary, resolve_cables
from reftel.store import resolution as stored
from reftel.store.db import resolve_url
from reftel.store.repository import Store

Note = Annotated[str | None, typer.Option("--note", help="Why: kept with the judgement.")]
By = Annotated[
    str | None,
    typer.Option("--by", help="Who judges (default: $REFTEL_ANALYST, else the login name)."),
]


def report_resolution(summary: Summary) -> None:
    """The lines `reftel ingest` prints after resolving what it stored."""
    err.print(
        f"{summary.entities} per-cable entities are {summary.canonical} parties across cables "
        f"(machine judgements +{summary.added} -{summary.removed}, {summary.seconds:.1f}s)",
        highlight=False,
    )
    if summary.overridden:
        listed = ", ".join(map(str, summary.overridden))
        err.print(f"[yellow]note:[/] judgements {listed} are overridden by later ones")
    if summary.dangling:
        listed = ", ".join(map(str, summary.dangling))
        err.print(f"[yellow]warning:[/] judgements {listed} no longer find their entities")


@contextmanager
def _decision() -> Iterator[None]:
    """An analyst action refused is an input error: its reason, exit status 2."""
    try:
        yield
    except decisions.ResolutionError as error:
        err.print(f"[red]error:[/] {error}", highlight=False)
        raise typer.Exit(2) from None


def _print_json(value: Any) -> None:
    sys.stdout.write(json_lib.dumps(value, ensure_ascii=False, default=_iso) + "\n")


def _iso(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


@app.command()
def entities(
    kind: Annotated[
        str | None, typer.Option("--type", help="organization, person, country or place.")
    ] = None,
    query: Annotated[
        str | None, typer.Option("--query", "-q", help="Words in a name or alias.")
    ] = None,
    limit: Annotated[int, typer.Option(min=1)] = 50,
    db: Db = None,
    as_user: AsUser = None,
    json: Json = False,
) -> None:
    """Parties resolved across cables, most cited first, with aliases, type and country."""
    store = Store.open(resolve_url(db))
    found = EntityReader(store, principal_for(store, as_user)).find(kind, query)
    if json:
        _print_json({"total": len(found), "entities": [c.as_dict() for c in found[:limit]]})
        return
    table = Table(title=f"{len(found)} entities", show_lines=False)
    for column in ("id", "name", "type", "country", "cables", "aliases"):
        table.add_column(column)
    for c in found[:limit]:
        table.add_row(
            c.id,
            c.name,
            c.subtype or c.type,
            c.country or "",
            str(c.cable_count),
            ", ".join(c.aliases[:6]) + (" …" if len(c.aliases) > 6 else ""),
        )
    out.print(table)


@app.command()
def entity(
    ident: Annotated[str, typer.Argument(metavar="ID", help="Canonical or per-cable entity id.")],
    db: Db = None,
    as_user: AsUser = None,
    json: Json = False,
) -> None:
    """One resolved party: its members in each cable, the paragraphs naming it, and every
    judgement (the machine's and analysts') that made it."""
    store = Store.open(resolve_url(db))
    try:
        view = EntityReader(store, principal_for(store, as_user)).detail(ident)
    except LookupError:
        raise fail(f"no entity {ident!r} in {store.display_url}") from None
    if json:
        _print_json(view)
        return
    where = f", {view['country']}" if view["country"] else ""
    out.print(
        f"[bold]{view['id']}[/] {view['name']} ({view['subtype'] or view['type']}{where}), "
        f"{view['cable_count']} cables",
        highlight=False,
    )
    if view["aliases"]:
        out.print(f"aliases: {', '.join(view['aliases'])}", highlight=False)
    members = Table("member", "cable", "name", "aliases", "paragraphs")
    for m in view["members"]:
        members.add_row(
            m["id"],
            m["cable"],
            m["name"],
            ", ".join(m["aliases"]),
            " ".join(_paragraph_label(p) for p in m["paragraphs"]),
        )
    out.print(members)
    judged = Table("judgement", "verdict", "by", "score", "pairs", "why")
    for j in view["judgements"]:
        why = j["note"] or "; ".join(f["detail"] for f in j["features"].get("features", []))
        state = f"{j['judgement']} (undone)" if j["undone_at"] else j["judgement"]
        pairs = ", ".join(f"{a}~{b}" for a, b in j["pairs"][:3])
        if len(j["pairs"]) > 3:
            pairs += f" +{len(j['pairs']) - 3}"
        score = f"{j['score']:.2f}" if j["score"] is not None else ""
        judged.add_row(str(j["id"]), state, j["author"], score, pairs, why)
    out.print(judged)


def _paragraph_label(paragraph: dict[str, Any]) -> str:
    label = str(paragraph["number"] if paragraph["number"] is not None else "-")
    return f"{label}({paragraph['marking']})" if paragraph["marking"] else label


def _done(done: decisions.Done, verb: str, json: bool) -> None:
    if json:
        _print_json({"judgements": done.judgements, "entities": done.entities})
        return
    made = ", ".join(map(str, done.judgements))
    out.print(f"judgement {made}: {verb}; now {', '.join(done.entities)}", highlight=False)


@app.command()
def merge(
    first: Annotated[str, typer.Argument(metavar="A", help="Entity id (canonical or per-cable).")],
    second: Annotated[str, typer.Argument(metavar="B")],
    note: Note = None,
    by: By = None,
    db: Db = None,
    json: Json = False,
) -> None:
    """Judge two entities one party (refused while a "different" judgement stands)."""
    store = Store.open(resolve_url(db))
    with _decision():
        done = decisions.merge(store, first, second, by or decisions.analyst(), note)
    _done(done, f"{first} and {second} are the same", json)


@app.command()
def split(
    ident: Annotated[str, typer.Argument(metavar="ID", help="The canonical entity.")],
    members: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[MEMBER...]",
            help="Per-cable members to take out together, or another entity to keep apart.",
        ),
    ] = None,
    note: Note = None,
    by: By = None,
    db: Db = None,
    json: Json = False,
) -> None:
    """Split members out of an entity, or mark two entities different; either way no machine
    merge joins them again."""
    store = Store.open(resolve_url(db))
    with _decision():
        done = decisions.split(store, ident, members or [], by or decisions.analyst(), note)
    _done(done, f"{' '.join(members or [])} apart from {ident}", json)


@app.command()
def undo(
    judgement_id: Annotated[int, typer.Argument(metavar="JUDGEMENT_ID")],
    note: Note = None,
    by: By = None,
    db: Db = None,
    json: Json = False,
) -> None:
    """Undo an analyst's judgement; it stays in the history, marked undone."""
    store = Store.open(resolve_url(db))
    with _decision():
        done = decisions.undo(store, judgement_id, by or decisions.analyst(), note)
    _done(done, "undone", json)


@app.command()
def judgements(
    verdict: Annotated[
        str | None, typer.Option("--verdict", help="same, different or unsure.")
    ] = None,
    origin: Annotated[str | None, typer.Option("--origin", help="machine or analyst.")] = None,
    limit: Annotated[int, typer.Option(min=1)] = 50,
    group: Annotated[
        bool,
        typer.Option(
            "--group",
            help="One row per pair of names and verdict, with how many judgements and cables "
            "it stands for, most first: the same surname in forty cables is one question.",
        ),
    ] = False,
    db: Db = None,
    json: Json = False,
) -> None:
    """Live judgements, highest score first: `--verdict unsure` is the review queue."""
    if origin not in (None, "machine", "analyst"):
        err.print(f"[red]error:[/] --origin {origin!r}: choose machine or analyst")
        raise typer.Exit(2)
    if verdict not in (None, "same", "different", "unsure"):
        err.print(f"[red]error:[/] --verdict {verdict!r}: choose same, different or unsure")
        raise typer.Exit(2)
    store = Store.open(resolve_url(db))
    with stored.connect(store) as connection:
        found = [
            j
            for j in stored.judgements(connection, origin=_origin(origin))
            if verdict is None or j.judgement == verdict
        ]
    found.sort(key=lambda j: (-(j.score or 0.0), j.id or 0))
    if group:
        _print_groups(_grouped(found), limit, json)
        return
    rows = [judgement_dict(j, True, []) for j in found[:limit]]
    if json:
        _print_json({"total": len(found), "judgements": rows})
        return
    table = Table("id", "verdict", "by", "score", "names", "why", title=f"{len(found)} judgements")
    for j, row in zip(found, rows, strict=False):
        names = " ~ ".join(_names(j))
        why = row["note"] or "; ".join(f["detail"] for f in row["features"].get("features", []))
        score = f"{j.score:.2f}" if j.score is not None else ""
        table.add_row(str(j.id), j.judgement, j.author, score, names, why)
    out.print(table)


@dataclass(frozen=True)
class _Group:
    verdict: str
    names: list[str]
    judgements: int
    cables: int
    score: float | None
    why: str
    ids: list[int | None]


def _grouped(found: list[Judgement]) -> list[_Group]:
    """Judgements of one verdict between the same two names (up to case and punctuation),
    most judgements first; each group keeps its ids, cables, best score and first reason."""
    groups: dict[tuple[str, ...], list[Judgement]] = {}
    for j in found:
        pair = j.pairs[0]
        names = sorted((pair.left.name, pair.right.name), key=normalize)
        groups.setdefault((j.judgement, *map(normalize, names)), []).append(j)
    rows = []
    for members in groups.values():
        first = members[0]
        features = first.features.get("features", [])
        rows.append(
            _Group(
                verdict=first.judgement,
                names=sorted((first.pairs[0].left.name, first.pairs[0].right.name)),
                judgements=len(members),
                cables=len({r.cable for j in members for p in j.pairs for r in (p.left, p.right)}),
                score=max((j.score for j in members if j.score is not None), default=None),
                why=first.note or "; ".join(f["detail"] for f in features),
                ids=[j.id for j in members],
            )
        )
    rows.sort(key=lambda r: (-r.judgements, -(r.score or 0.0), r.names))
    return rows


def _print_groups(rows: list[_Group], limit: int, json: bool) -> None:
    if json:
        _print_json({"total": len(rows), "groups": [asdict(r) for r in rows[:limit]]})
        return
    table = Table("verdict", "names", "judgements", "cables", "score", "ids", "why")
    table.title = f"{len(rows)} groups"
    for r in rows[:limit]:
        ids = ", ".join(map(str, r.ids[:4])) + (" …" if len(r.ids) > 4 else "")
        score = f"{r.score:.2f}" if r.score is not None else ""
        names = " ~ ".join(r.names)
        table.add_row(r.verdict, names, str(r.judgements), str(r.cables), score, ids, r.why)
    out.print(table)


def _origin(origin: str | None) -> Origin | None:
    return "machine" if origin == "machine" else "analyst" if origin == "analyst" else None


def _names(judgement: Judgement) -> Iterable[str]:
    first = judgement.pairs[0]
    return (f"{first.left.name} [{first.left.id}]", f"{first.right.name} [{first.right.id}]")


@app.command()
def resolve(db: Db = None) -> None:
    """Resolve every stored entity again (after the scorer or its data changed)."""
    store = Store.open(resolve_url(db))
    report_resolution(resolve_cables(store, None))
