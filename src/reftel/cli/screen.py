"""`reftel screen`: screen names, a file of names, or stored cables against designation lists."""

from __future__ import annotations

import csv
import json as json_lib
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from reftel.cli.common import Db, Json, app, err, out
from reftel.screening.cables import Result, ensure_lists, screen_cables
from reftel.screening.score import DEFAULT_THRESHOLD
from reftel.screening.screen import Hit, Query, screen_names
from reftel.store.db import resolve_url
from reftel.store.repository import Store


@app.command()
def screen(
    name: Annotated[str | None, typer.Argument(help="A name to screen.")] = None,
    country: Annotated[
        str | None, typer.Option("--country", help="ISO country code of the party.")
    ] = None,
    party_type: Annotated[
        str | None, typer.Option("--type", help="person or organization.")
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option("--file", help="CSV of names: column 'name', optional country, type."),
    ] = None,
    cable: Annotated[
        list[str] | None, typer.Option("--cable", help="Screen a stored cable's parties.")
    ] = None,
    all_cables: Annotated[
        bool, typer.Option("--all-cables", help="Screen the parties of every stored cable.")
    ] = False,
    threshold: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Score at which a hit is a match.")
    ] = DEFAULT_THRESHOLD,
    limit: Annotated[int, typer.Option(min=1, max=100, help="Hits shown per name.")] = 5,
    db: Db = None,
    json: Json = False,
) -> None:
    """Screen names against the loaded lists (the starter list when none is loaded)."""
    chosen = sum(x for x in (name is not None, file is not None, bool(cable), all_cables))
    if chosen != 1:
        err.print("[red]error:[/] give one of NAME, --file, --cable or --all-cables")
        raise typer.Exit(2)
    store = Store.open(resolve_url(db))
    ensure_lists(store)
    if cable or all_cables:
        missing = [c for c in cable or [] if store.get(c) is None]
        if missing:
            err.print(f"[red]error:[/] no cable {', '.join(missing)} in {store.display_url}")
            raise typer.Exit(2)
        _print_results(screen_cables(store, cable if cable else None, threshold), json)
        return
    queries = _read_file(file) if file else [Query(name or "", country=country, type=party_type)]
    for query, hits in zip(queries, screen_names(store, queries, threshold, limit), strict=True):
        _print_hits(query, hits, json)


def _read_file(path: Path) -> list[Query]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            if "name" not in (reader.fieldnames or []):
                err.print(f"[red]error:[/] {path}: header lacks a 'name' column")
                raise typer.Exit(2)
            queries = []
            for number, row in enumerate(reader, start=2):
                if not (row.get("name") or "").strip():
                    err.print(f"[red]error:[/] {path}: line {number}: field 'name' is empty")
                    raise typer.Exit(2)
                queries.append(
                    Query(
                        row["name"].strip(),
                        country=(row.get("country") or "").strip() or None,
                        type=(row.get("type") or "").strip() or None,
                    )
                )
            return queries
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        err.print(f"[red]error:[/] {path}: {error}")
        raise typer.Exit(2) from error


def _hit_json(hit: Hit) -> dict[str, Any]:
    data = hit.to_dict()
    data["explanation"] = data.pop("features")
    return data


def _print_hits(query: Query, hits: list[Hit], json: bool) -> None:
    if json:
        record = {
            "query": query.name,
            "country": query.country,
            "match": any(h.match for h in hits),
            "hits": [_hit_json(h) for h in hits],
        }
        sys.stdout.write(json_lib.dumps(record) + "\n")
        return
    matched = [h for h in hits if h.match]
    verdict = "[red]MATCH[/]" if matched else "[green]no match[/]"
    out.print(f"[bold]{query.name}[/]: {verdict}")
    if not hits:
        return
    table = Table("list", "entry", "designee", "matched name", "score", "match", "designated")
    for hit in hits:
        table.add_row(
            hit.list,
            hit.entry_id,
            hit.designee,
            hit.matched_name,
            f"{hit.score:.3f}",
            "yes" if hit.match else "no",
            " ".join(x for x in (hit.authority, hit.listed_on) if x),
        )
    out.print(table)
    for hit in matched:
        out.print(f"  {hit.list} {hit.entry_id} reason: {hit.reason or '-'}", highlight=False)
        for feature in hit.features:
            out.print(f"    {feature.name} {feature.value:g}: {feature.detail}", highlight=False)


def _print_results(results: list[Result], json: bool) -> None:
    if json:
        for result in results:
            record = result.to_dict()
            record["explanation"] = record.pop("features")
            sys.stdout.write(json_lib.dumps(record) + "\n")
        return
    table = Table("cable", "party", "status", "list", "entry", "matched name", "score", "path")
    for r in results:
        path = " ; ".join(f"{s['subject']} {s['relation']} {s['object']}" for s in r.path)
        table.add_row(
            r.cable_id,
            r.entity_name,
            r.kind,
            r.hit.list,
            r.hit.entry_id,
            r.hit.matched_name,
            f"{r.hit.score:.3f}",
            path,
        )
    out.print(table)


def report_screening(results: list[Result]) -> None:
    """One line after ingest: how many parties are designated or flagged, and which."""
    designated = sorted({r.entity_name for r in results if r.kind == "designated"})
    flagged = sorted({r.entity_name for r in results if r.kind == "flagged"} - set(designated))
    err.print(
        f"screening: {len(designated)} parties designated"
        + (f" ({', '.join(designated)})" if designated else "")
        + f", {len(flagged)} flagged as tied to a designee"
        + (f" ({', '.join(flagged)})" if flagged else "")
        + "; details: reftel screen --cable ID",
        highlight=False,
    )
