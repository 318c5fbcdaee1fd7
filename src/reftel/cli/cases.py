"""`reftel case`, `cases`, `graph`, `timeline` and `export`: the case file from the terminal.

A CASE argument is the name of a saved case or one or more seed entities (names, aliases or
entity ids); a saved case is rebuilt from the store each time, so it takes in new cables.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from reftel.cases.case import DEFAULT_HOPS, Case, CaseError, build_case, open_case, save_case
from reftel.cases.network import GRAPH_FORMATS, build_graph, source_label, write_graph
from reftel.cases.timeline import TIMELINE_FORMATS, build_timeline, rows, shown_date
from reftel.cases.timeline import render as render_timeline
from reftel.cases.timeline import to_json as timeline_json
from reftel.cli.common import Db, Json, app, check_format, err, fail, format_option, out
from reftel.exports import EXPORT_FORMATS, export
from reftel.store import cases as case_store
from reftel.store.db import resolve_url
from reftel.store.repository import Store

CaseNames = Annotated[
    list[str],
    typer.Argument(metavar="CASE...", help="A saved case's name, or seed entities (names or ids)."),
]
Hops = Annotated[
    int | None,
    typer.Option("--hops", min=0, max=10, help=f"Steps from the seeds (default {DEFAULT_HOPS})."),
]
Output = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
]


def _open(
    store: Store,
    names: list[str],
    hops: int | None,
    excluded_sources: list[str] | None = None,
    excluded_facts: list[str] | None = None,
) -> tuple[Case, case_store.SavedCase | None]:
    """A saved case by name (options add to it), else a new case from seed names."""
    try:
        return open_case(store, names, hops, excluded_sources or [], excluded_facts or [])
    except CaseError as error:
        raise fail(str(error)) from None


def _case_in(
    fmt: str, formats: tuple[str, ...], names: list[str], hops: int | None, db: str | None
) -> Case:
    """The case graph, timeline and export write, once their --format is known to be valid."""
    check_format(fmt, formats)
    case, _ = _open(Store.open(resolve_url(db)), names, hops)
    return case


def _emit(data: bytes, output: Path | None, binary: bool) -> None:
    if output is not None:
        try:
            output.write_bytes(data)
        except OSError as error:
            raise fail(f"{output}: cannot write: {error.strerror}") from None
        err.print(f"wrote {output} ({len(data)} bytes)", highlight=False)
    elif binary and sys.stdout.isatty():
        raise fail("this format is binary: give --output FILE, or redirect stdout")
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


@app.command("case")
def case_command(
    names: CaseNames,
    hops: Hops = None,
    save: Annotated[
        str | None, typer.Option("--save", metavar="NAME", help="Save the case under NAME.")
    ] = None,
    exclude_source: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude-source", metavar="CABLE[:PARA]", help="Leave out a cable or one paragraph."
        ),
    ] = None,
    exclude_fact: Annotated[
        list[str] | None,
        typer.Option("--exclude-fact", metavar="ID", help="Leave out one event or relation."),
    ] = None,
    db: Db = None,
    json: Json = False,
) -> None:
    """Build a case from seed entities, or open a saved one: parties, transactions,
    relations, designations, goods and cables."""
    store = Store.open(resolve_url(db))
    case, saved = _open(store, names, hops, exclude_source, exclude_fact)
    if save is not None:
        if not save.strip():
            raise fail("--save: a case needs a non-empty name")
        save_case(store, save, case)
        err.print(f"saved case {save!r}", highlight=False)
    elif saved is not None:
        case_store.mark_opened(store, saved.name, [c.id for c in case.cables])
    if json:
        sys.stdout.write(case.model_dump_json() + "\n")
        return
    _print_case(case)


def _print_case(case: Case) -> None:
    new = [c.id for c in case.cables if c.new]
    out.print(
        f"[bold]{case.title}[/]  seeds: {', '.join(case.seeds)}  hops: {case.hops}  "
        f"{len(case.entities)} parties, {len(case.transactions)} transactions, "
        f"{len(case.relations)} relations, {len(case.cables)} cables"
        + (f"  [yellow]new since last opened: {', '.join(new)}[/]" if new else ""),
        highlight=False,
    )
    if case.excluded_sources or case.excluded_facts:
        out.print(
            f"excluded: {', '.join([*case.excluded_sources, *case.excluded_facts])}",
            highlight=False,
        )
    parties = Table(title="Parties")
    for column in ("hop", "party", "type", "country", "designations / ties", "cables"):
        parties.add_column(column)
    for e in case.entities:
        ties = [
            f"[red]designated: {d.authority}[/] "
            + (f"({d.list_name} {d.entry})" if d.entry else "(as the cable states)")
            for d in e.designations
        ] + e.affiliations
        parties.add_row(
            "seed" if e.seed else ("-" if e.hop is None else str(e.hop)),
            e.name + (f" ({', '.join(e.aliases[:4])})" if e.aliases else ""),
            e.subtype or e.type,
            e.country or "",
            "\n".join(ties),
            ", ".join(e.cables),
        )
    out.print(parties)
    deals = Table(title="Transactions")
    for column in ("date", "type", "from → to", "item", "amount", "sources"):
        deals.add_column(column)
    for t in case.transactions:
        good = case.good(t.item)
        amount = ", ".join(x.text for x in (t.quantity, t.value) if x)
        deals.add_row(
            f"{t.date.value} ({t.date.precision})" if t.date else "undated",
            t.type + ("" if t.modality == "reported" else f" [{t.modality}]"),
            f"{case.label(t.seller) or '?'} → {case.label(t.buyer) or '?'}"
            + (f"\nthrough {case.label(t.intermediary)}" if t.intermediary else ""),
            (good.name + (f" ({', '.join(good.designators)})" if good.designators else ""))
            if good
            else "",
            amount + (f" via {', '.join(t.route)}" if t.route else ""),
            ", ".join(dict.fromkeys(source_label(s) for s in t.sources)),
        )
    out.print(deals)
    links = Table(title="Relations")
    for column in ("subject", "relation", "object", "sources"):
        links.add_column(column)
    for r in case.relations:
        links.add_row(
            case.label(r.subject),
            r.type.replace("_", " "),
            case.label(r.object),
            ", ".join(dict.fromkeys(source_label(s) for s in r.sources)),
        )
    out.print(links)
    if case.goods:
        verdicts = Table(title="Goods")
        for column in ("good", "origin", "verdicts and flags"):
            verdicts.add_column(column)
        for g in case.goods:
            said = [
                f"{v.verdict} ({v.basis})"
                + (f": {', '.join(v.entries)}" if v.entries else "")
                + "".join(f"\n  ⚑ {f}" for f in v.flags)
                for v in g.verdicts
            ]
            verdicts.add_row(
                g.name + (f" ({', '.join(g.designators)})" if g.designators else ""),
                g.origin or "",
                "\n".join(said),
            )
        out.print(verdicts)
    cables = Table(title="Cables")
    for column in ("id", "date", "class.", "origin", "subject"):
        cables.add_column(column)
    for c in case.cables:
        cables.add_row(
            c.id + (" [yellow](new)[/]" if c.new else ""),
            c.created.date().isoformat() if c.created else "",
            c.classification or "",
            c.origin or "",
            c.subject or "",
        )
    out.print(cables)


@app.command("cases")
def cases_command(
    delete: Annotated[
        str | None, typer.Option("--delete", metavar="NAME", help="Delete a saved case.")
    ] = None,
    db: Db = None,
    json: Json = False,
) -> None:
    """List saved cases, with how many of their cables arrived since they were last opened."""
    store = Store.open(resolve_url(db))
    if delete is not None:
        if not case_store.delete_case(store, delete):
            raise fail(f"no saved case {delete!r} in {store.display_url}")
        err.print(f"deleted case {delete!r}", highlight=False)
        return
    listed: list[tuple[case_store.SavedCase, Case | None, str | None]] = []
    for saved in case_store.list_cases(store):
        try:
            built = build_case(
                store,
                saved.seeds,
                hops=saved.hops,
                name=saved.name,
                excluded_sources=saved.excluded_sources,
                excluded_facts=saved.excluded_facts,
                seen_cables=saved.cables,
            )
        except CaseError as error:
            listed.append((saved, None, str(error)))
        else:
            listed.append((saved, built, None))
    if json:
        import json as json_module

        sys.stdout.write(
            json_module.dumps(
                [
                    {
                        "name": saved.name,
                        "seeds": saved.seeds,
                        "hops": saved.hops,
                        "excluded_sources": saved.excluded_sources,
                        "excluded_facts": saved.excluded_facts,
                        "created": saved.created.isoformat(),
                        "updated": saved.updated.isoformat(),
                        "opened": saved.opened.isoformat() if saved.opened else None,
                        "parties": len(built.entities) if built else None,
                        "cables": [c.id for c in built.cables] if built else [],
                        "new_cables": [c.id for c in built.cables if c.new] if built else [],
                        "error": problem,
                    }
                    for saved, built, problem in listed
                ]
            )
            + "\n"
        )
        return
    table = Table(title=f"{len(listed)} saved cases")
    for column in ("name", "seeds", "hops", "parties", "cables", "new", "updated"):
        table.add_column(column)
    for saved, found, problem in listed:
        table.add_row(
            saved.name,
            ", ".join(saved.seeds),
            str(saved.hops),
            str(len(found.entities)) if found else f"[red]{problem}[/]",
            str(len(found.cables)) if found else "",
            str(sum(c.new for c in found.cables)) if found else "",
            saved.updated.isoformat(timespec="minutes"),
        )
    out.print(table)


@app.command()
def graph(
    names: CaseNames,
    fmt: Annotated[str, format_option(GRAPH_FORMATS)] = "json",
    output: Output = None,
    hops: Hops = None,
    db: Db = None,
) -> None:
    """The case's network: parties and typed edges with their transactions and sources."""
    case = _case_in(fmt, GRAPH_FORMATS, names, hops, db)
    _emit(write_graph(build_graph(case), fmt, case.title), output, binary=fmt == "png")


@app.command()
def timeline(
    names: CaseNames,
    fmt: Annotated[str, format_option(TIMELINE_FORMATS)] = "table",
    output: Output = None,
    hops: Hops = None,
    db: Db = None,
) -> None:
    """Every dated event of the case in order, with the precision of its date, and the
    diplomatic exchanges around it."""
    case = _case_in(fmt, TIMELINE_FORMATS, names, hops, db)
    entries = build_timeline(case)
    if fmt == "json":
        _emit((timeline_json(entries) + "\n").encode(), output, binary=False)
    elif fmt == "png":
        _emit(render_timeline(entries, f"{case.title}: timeline"), output, binary=True)
    elif output is not None:
        lines = [
            f"{shown_date(e)}\t{e.what}\t{e.summary}\t{row['sources']}"
            for e, row in zip(entries, rows(entries), strict=True)
        ]
        _emit(("\n".join(lines) + "\n").encode(), output, binary=False)
    else:
        table = Table(title=f"{case.title}: {len(entries)} dated events")
        for column in ("date", "kind", "what happened", "sources"):
            table.add_column(column)
        for row in rows(entries):
            table.add_row(row["date"], row["kind"], row["summary"], row["sources"])
        out.print(table)


@app.command("export")
def export_command(
    names: CaseNames,
    fmt: Annotated[str, format_option(EXPORT_FORMATS)] = "ftm",
    output: Output = None,
    hops: Hops = None,
    db: Db = None,
) -> None:
    """Export the case: FollowTheMoney JSON lines, a CSV of transactions, or the network."""
    case = _case_in(fmt, EXPORT_FORMATS, names, hops, db)
    _emit(export(case, fmt), output, binary=False)
