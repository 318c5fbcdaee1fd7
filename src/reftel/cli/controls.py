"""`reftel classify` (free text) and `reftel goods` (stored goods): control-list verdicts,
the parameters that decide them, and the red flags that make an unlisted item a concern."""

from __future__ import annotations

import json as json_lib
import sys
from collections.abc import Mapping
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from reftel.cli.common import Db, Json, app, err, out
from reftel.store.db import resolve_url
from reftel.store.repository import Store

_STYLE = {
    "controlled": "bold red",
    "possibly controlled (parameter unknown)": "yellow",
    "below threshold": "green",
    "not listed": "dim",
}


@app.command()
def classify(
    text: Annotated[str, typer.Argument(help='A description, e.g. "7075-T6 tube, 120 mm OD".')],
    json: Json = False,
) -> None:
    """Classify a description against the control lists and explain the verdict."""
    from reftel.controls import classify_text

    if not text.strip():
        err.print("[red]error:[/] TEXT is empty: give a description of the item")
        raise typer.Exit(2)
    result = classify_text(text)
    if json:
        sys.stdout.write(result.model_dump_json() + "\n")
        return
    _print_classification(result.verdict, result.explanation, result.regimes)


def _print_classification(verdict: str, explanation: list[str], regimes: Mapping[str, str]) -> None:
    out.print(f"[{_STYLE[verdict]}]{verdict}[/]")
    for line in explanation[:-1]:
        out.print(f"  - {escape(line)}", highlight=False)
    listed = ", ".join(f"{regime}: {v}" for regime, v in regimes.items())
    out.print(f"  regimes: {listed}", highlight=False)


@app.command()
def goods(
    cable: Annotated[str | None, typer.Option("--cable", help="Only this cable's goods.")] = None,
    recompute: Annotated[
        bool,
        typer.Option("--recompute", help="Classify the stored goods again first (new lists)."),
    ] = False,
    db: Db = None,
    json: Json = False,
) -> None:
    """List stored goods with their control verdicts and red flags."""
    from reftel.store.controls import assessments, classify_cables, stored_screen

    store = Store.open(resolve_url(db))
    if cable is not None and store.get(cable) is None:
        err.print(f"[red]error:[/] no cable {cable!r} in {store.display_url}")
        raise typer.Exit(2)
    if recompute:
        ids = [cable] if cable is not None else store.ids()
        count = classify_cables(store, ids, screen=stored_screen(store, ids))
        err.print(f"classified {count} goods of {len(ids)} cables")
    found = assessments(store, cable)
    if json:
        for assessment in found:
            sys.stdout.write(json_lib.dumps(assessment.model_dump(mode="json")) + "\n")
        return
    if not found:
        err.print(f"no classified goods in {store.display_url} (ingest cables with their facts)")
        return
    table = Table("cable", "good", "verdict", "entries", "flags")
    for assessment in found:
        result = assessment.classification
        kinds = sorted({f.kind for f in assessment.flags})
        verdict = result.verdict + (" [catch-all]" if assessment.catch_all else "")
        table.add_row(
            assessment.cable,
            escape(assessment.name),
            f"[{_STYLE[result.verdict]}]{verdict}[/]",
            ", ".join(c.number for c in result.candidates),
            ", ".join(kinds),
        )
    out.print(table)
    for assessment in found:
        if not assessment.flags and not assessment.classification.candidates:
            continue
        out.print(f"\n[bold]{assessment.cable} {escape(assessment.name)}[/]", highlight=False)
        for line in assessment.classification.explanation[:-1]:
            out.print(f"  - {escape(line)}", highlight=False)
        for flag in assessment.flags:
            cited = ", ".join(
                dict.fromkeys(
                    f"{c.cable} para {c.paragraph if c.paragraph is not None else c.index}"
                    for c in flag.facts
                )
            )
            text = escape(f"{flag.title}: {flag.summary} [{cited}]")
            out.print(f"  [red]flag[/] {text}", highlight=False)
