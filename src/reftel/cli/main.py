"""The `reftel` command line: one core, driven from the terminal."""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterator
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

# Each stage's commands live in a module of their own and register on `app` when imported.
from reftel.cli import (  # noqa: F401
    cases,
    controls,
    draft,
    entities,
    lists,
    refs,
    screen,
    serve,
)
from reftel.cli.common import Db, Encoding, Format, Json, Paths, app, err, out, unwrap_help
from reftel.cli.users import AsUser, principal_for  # also registers `reftel users`
from reftel.extraction.facts import Extraction
from reftel.reading import FORMATS, ReadError, read_paths
from reftel.record import Cable
from reftel.store.db import resolve_url
from reftel.store.repository import Store

__all__ = ["app"]


def _check_format(fmt: str | None) -> None:
    if fmt is not None and fmt not in FORMATS:
        err.print(f"[red]error:[/] unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        raise typer.Exit(2)


def _report(error: ReadError) -> None:
    err.print(f"[red]error:[/] {error}", markup=True, highlight=False)


@app.command()
def parse(paths: Paths, fmt: Format = None, encoding: Encoding = None, json: Json = False) -> None:
    """Parse cables and print them; nothing is stored."""
    _check_format(fmt)
    failed = 0
    write = sys.stdout.write
    for item in read_paths(paths, fmt, encoding):
        if isinstance(item, ReadError):
            failed += 1
            _report(item)
        elif json:
            write(item.to_json() + "\n")
        else:
            out.print(_summary_line(item), highlight=False)
    if failed:
        raise typer.Exit(1)


@app.command()
def extract(
    paths: Paths, fmt: Format = None, encoding: Encoding = None, json: Json = False
) -> None:
    """Extract entities, goods, events and relations from cables and print them."""
    from reftel.extraction import ExtractionError, extract_all

    _check_format(fmt)
    failed = 0

    def cables() -> Iterator[Cable]:
        """Stream the cables to extraction, reporting what cannot be read as it comes."""
        nonlocal failed
        for item in read_paths(paths, fmt, encoding):
            if isinstance(item, ReadError):
                failed += 1
                _report(item)
            else:
                yield item

    for facts in extract_all(cables()):
        if isinstance(facts, ExtractionError):
            failed += 1
            _report(ReadError(facts.cable, f"extraction failed: {facts.message}"))
        elif json:
            sys.stdout.write(facts.model_dump_json(exclude_none=False) + "\n")
        else:
            _print_facts(facts)
    if failed:
        raise typer.Exit(1)


def _print_facts(facts: Extraction) -> None:
    names = {e.id: e.name for e in facts.entities} | {g.id: g.name for g in facts.goods}
    out.print(f"[bold]{facts.cable}[/]")
    table = Table("entity", "type", "country", "aliases", "paragraphs")
    for entity in facts.entities:
        paragraphs = sorted({m.source.number or 0 for m in entity.mentions})
        table.add_row(
            entity.name,
            entity.subtype or entity.type,
            entity.country or "",
            ", ".join(entity.aliases),
            " ".join(map(str, paragraphs)),
        )
    out.print(table)
    for good in facts.goods:
        out.print(
            f"good: {good.name} {good.designators} origin={good.origin} uses={good.uses}",
            highlight=False,
        )
    for event in facts.events:
        parts = [
            event.type,
            f"seller={names.get(event.seller or '', '-')}",
            f"buyer={names.get(event.buyer or '', '-')}",
            f"item={names.get(event.item or '', '-')}",
        ]
        if event.intermediary:
            parts.append(f"via={names.get(event.intermediary, '-')}")
        if event.quantity:
            parts.append(
                f"qty={event.quantity.qualifier}:{event.quantity.value:g} {event.quantity.unit}"
            )
        if event.value:
            parts.append(
                f"value={event.value.qualifier}:{event.value.amount:g} {event.value.currency}"
            )
        if event.date:
            parts.append(f"date={event.date.value}")
        if event.route:
            parts.append("route=" + ",".join(names.get(r, r) for r in event.route))
        cited = ",".join(str(s.number) for s in event.sources)
        out.print(f"event: {' '.join(parts)} [{event.modality}] (para {cited})", highlight=False)
    for relation in facts.relations:
        cited = ",".join(str(s.number) for s in relation.sources)
        out.print(
            f"relation: {names.get(relation.subject)} {relation.type} "
            f"{names.get(relation.object)} (para {cited})",
            highlight=False,
        )


def _summary_line(cable: Cable) -> str:
    created = cable.created.date().isoformat() if cable.created else "????-??-??"
    marked = sum(1 for p in cable.paragraphs if p.marking)
    return (
        f"{cable.id}  {created}  {cable.classification or '-'}  {cable.origin or '-'}  "
        f"{len(cable.paragraphs)} paragraphs ({marked} marked)  {cable.subject or ''}"
    )


@app.command()
def ingest(
    paths: Paths,
    fmt: Format = None,
    encoding: Encoding = None,
    db: Db = None,
    facts: Annotated[
        bool, typer.Option("--facts/--no-facts", help="Extract and store the facts too.")
    ] = True,
) -> None:
    """Parse cables (and extract their facts) and store them; the same input twice changes
    nothing."""
    _check_format(fmt)
    store = Store.open(resolve_url(db))
    ingest_run = _Ingest(store, facts)
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed} cables"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as progress:
        task = progress.add_task("Ingesting", total=None)
        with store.batch():
            for item in read_paths(paths, fmt, encoding):
                ingest_run.take(item)
                progress.advance(task)
            ingest_run.flush()
    counts = ingest_run.counts
    table = Table(title="Ingest summary", show_header=True)
    outcomes = ("added", "updated", "unchanged", "duplicate", "failed")
    for key in outcomes:
        table.add_column(key, justify="right")
    table.add_row(*(str(counts[k]) for k in outcomes))
    err.print(table)
    err.print(f"{store.count()} cables in {store.display_url}")
    if facts:  # facts are stored: resolve their entities across cables
        from reftel.cli.entities import report_resolution
        from reftel.resolution.resolver import resolve_cables

        report_resolution(resolve_cables(store, ingest_run.first_seen))
    if facts:  # every party of the cables read is screened against the designation lists
        from reftel.cli.screen import report_screening
        from reftel.screening.cables import screen_cables

        report_screening(screen_cables(store, ingest_run.first_seen))
    if facts:  # every good of the cables read is classified against the control lists
        from reftel.store.controls import classify_cables, stored_screen

        read = list(ingest_run.first_seen)
        classify_cables(store, read, screen=stored_screen(store, read))
    if counts["failed"]:
        raise typer.Exit(1)


class _Ingest:
    """Store what is read, extracting facts a batch of cables at a time."""

    BATCH = 32

    def __init__(self, store: Store, facts: bool) -> None:
        self.store = store
        self.facts = facts
        self.counts: Counter[str] = Counter()
        self.first_seen: dict[str, str] = {}
        self.pending: list[Cable] = []

    def take(self, item: Cable | ReadError) -> None:
        if isinstance(item, ReadError):
            self.counts["failed"] += 1
            _report(item)
            return
        label = item.source.label() if item.source else item.id
        if item.id in self.first_seen:
            # One input, one version: a later copy of the same cable (another format, another
            # file) would flip the stored version on every run.
            self.counts["duplicate"] += 1
            err.print(
                f"[yellow]warning:[/] {label}: cable {item.id} already read from "
                f"{self.first_seen[item.id]}; this copy is skipped",
                highlight=False,
            )
            return
        self.first_seen[item.id] = label
        self.pending.append(item)
        if len(self.pending) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        from reftel.extraction import EXTRACTOR, ExtractionError, extract_all

        cables, self.pending = self.pending, []
        if not self.facts:
            for cable in cables:
                self._save(cable, None)
            return
        stale = [c for c in cables if not self.store.is_current(c, EXTRACTOR)]
        self.counts["unchanged"] += len(cables) - len(stale)
        for cable, facts in zip(stale, extract_all(stale), strict=True):
            if isinstance(facts, ExtractionError):
                self.counts["failed"] += 1
                label = cable.source.label() if cable.source else cable.id
                _report(ReadError(label, f"cable {cable.id} not stored: {facts.message}"))
            else:
                self._save(cable, facts)

    def _save(self, cable: Cable, facts: Extraction | None) -> None:
        from reftel.extraction import EXTRACTOR

        try:
            self.counts[self.store.save(cable, facts, EXTRACTOR)] += 1
        except Exception as exc:  # a database error costs this cable only
            self.counts["failed"] += 1
            label = cable.source.label() if cable.source else cable.id
            _report(ReadError(label, f"cable {cable.id} not stored: {exc}"))


@app.command()
def show(
    cable_id: Annotated[str, typer.Argument(metavar="ID")],
    db: Db = None,
    json: Json = False,
    as_user: AsUser = None,
) -> None:
    """Show one stored cable."""
    store = Store.open(resolve_url(db))
    user = principal_for(store, as_user)
    cable = store.get(cable_id, user=user)
    if cable is None:
        err.print(f"[red]error:[/] no cable {cable_id!r} in {store.display_url}")
        raise typer.Exit(1)
    if json:
        sys.stdout.write(cable.to_json() + "\n")
        return
    _print_cable(cable)
    stored = store.facts(cable.id, user=user)
    if stored is not None:
        out.print()
        _print_facts(stored)


def _print_cable(cable: Cable) -> None:
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    marking = " // ".join([cable.classification or "-", *cable.caveats])
    rows: list[tuple[str, str | None]] = [
        ("id", cable.id),
        ("created", cable.created.isoformat() if cable.created else None),
        ("classification", marking),
        ("origin", cable.origin),
        ("precedence", cable.precedence),
        ("dtg", cable.dtg),
        ("from", cable.from_.name if cable.from_ else None),
        ("to", "; ".join(a.name for a in cable.to)),
        ("info", "; ".join(a.name for a in cable.info)),
        ("serial", cable.serial),
        ("subject", cable.subject),
        ("tags", " ".join(cable.tags)),
        ("references", "; ".join(f"{r.letter or '-'}: {r.id or r.raw}" for r in cable.references)),
        ("signer", cable.signer),
    ]
    for key, value in rows:
        if value:
            facts.add_row(key, value)
    out.print(facts)
    for paragraph in cable.paragraphs:
        label = f"{paragraph.number}." if paragraph.number is not None else "-"
        mark = f"({paragraph.marking}) " if paragraph.marking else ""
        out.print(f"\n[bold]{label}[/] {mark}{paragraph.text}", highlight=False)
    for points in cable.talking_points:
        kind = "talking points / non-paper" if points.non_paper else "talking points"
        out.print(
            f"\n[bold]{len(points.points)} {kind}[/] (para {points.paragraph}, "
            f"{points.marking or 'unmarked'})",
            highlight=False,
        )
    if cable.poc:
        poc = ", ".join(x for x in (cable.poc.name, cable.poc.office, cable.poc.phone) if x)
        out.print(f"[bold]POC[/] {poc}", highlight=False)
    if cable.slugs:
        out.print(f"[bold]Slug for[/] {', '.join(cable.slugs)}", highlight=False)
    for request in cable.action_requests:
        out.print(
            f"\n[bold]Action[/] (para {request.paragraph}) {request.addressee or ''}: "
            f"{request.request}",
            highlight=False,
        )


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Words, "phrases" and OR.')] = "",
    year_from: Annotated[int | None, typer.Option("--from", help="First year.")] = None,
    year_to: Annotated[int | None, typer.Option("--to", help="Last year.")] = None,
    origin: Annotated[str | None, typer.Option(help="Origin, e.g. 'Embassy Beijing'.")] = None,
    classification: Annotated[str | None, typer.Option(help="e.g. SECRET.")] = None,
    tag: Annotated[str | None, typer.Option(help="A TAGS code, e.g. PARM.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 20,
    ids: Annotated[bool, typer.Option("--ids", help="Print matching ids only.")] = False,
    db: Db = None,
    json: Json = False,
    as_user: AsUser = None,
) -> None:
    """Full-text search over stored cables, with filters."""
    store = Store.open(resolve_url(db))
    result = store.search(
        query,
        user=principal_for(store, as_user),
        year_from=year_from,
        year_to=year_to,
        origin=origin,
        classification=classification,
        tag=tag,
        limit=limit,
    )
    if json:
        sys.stdout.write(result.model_dump_json() + "\n")
        return
    if ids:
        for hit in result.hits:
            out.print(hit.cable_id)
        return
    table = Table(title=f"{result.total} cables match", show_lines=False)
    for column in ("id", "date", "class.", "origin", "para", "snippet"):
        table.add_column(column)
    for hit in result.hits:
        table.add_row(
            hit.cable_id,
            hit.created.date().isoformat() if hit.created else "",
            hit.classification or "",
            hit.origin or "",
            str(hit.paragraph) if hit.paragraph is not None else "",
            _highlighted(hit.snippet),
        )
    out.print(table)


def _highlighted(snippet: str) -> Text:
    """Show the store's [matched] terms in colour, without reading the text as markup."""
    text = Text()
    for i, part in enumerate(re.split(r"\[|\]", snippet)):
        text.append(part, style="bold yellow" if i % 2 else "")
    return text


unwrap_help(app)
