"""`reftel draft` (talking points / non-paper, every point marked and sourced) and
`reftel report` (the dossier as Markdown, HTML or PDF).

CASE is a saved case's name or seed entities, as for `reftel case`. With `--as USER` the case
is built from what that user may read only: nothing derived only from paragraphs withheld
from them reaches the draft or the dossier.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from reftel.access.principal import Principal
from reftel.cases.case import DEFAULT_HOPS, Case, CaseError, build_case, discover
from reftel.cases.draft import DRAFT_FORMATS, Draft, build_draft, for_reader, write_draft
from reftel.cases.markings import MarkingError
from reftel.cases.report import REPORT_FORMATS, build_dossier, write_report
from reftel.cli.common import Db, app, err
from reftel.cli.users import AsUser, principal_for
from reftel.store import cases as case_store
from reftel.store.db import resolve_url
from reftel.store.repository import Store

CaseNames = Annotated[
    list[str],
    typer.Argument(metavar="CASE...", help="A saved case's name, or seed entities (names or ids)."),
]
ExcludeSource = Annotated[
    list[str] | None,
    typer.Option(
        "--exclude-source",
        metavar="CABLE[:PARA]",
        help="Leave out a cable, or one paragraph by its number (repeat for more).",
    ),
]
ExcludeFact = Annotated[
    list[str] | None,
    typer.Option(
        "--exclude-fact", metavar="ID", help="Leave out one fact, by the id the draft shows."
    ),
]
Hops = Annotated[
    int | None,
    typer.Option("--hops", min=0, max=10, help=f"Steps from the seeds (default {DEFAULT_HOPS})."),
]


def _fail(message: str) -> typer.Exit:
    err.print(f"[red]error:[/] {message}", highlight=False)
    return typer.Exit(2)


def _case(
    store: Store,
    names: list[str],
    hops: int | None,
    user: Principal | None,
    excluded_sources: list[str],
    excluded_facts: list[str],
) -> Case:
    """A saved case by name (the options add to its exclusions), else a case from seeds; for
    a user, only what they may read."""
    saved = case_store.get_case(store, names[0]) if len(names) == 1 else None
    visible = store.visibility(user).source if user is not None else None
    try:
        case = build_case(
            store,
            saved.seeds if saved else names,
            hops=(saved.hops if saved else DEFAULT_HOPS) if hops is None else hops,
            name=saved.name if saved else None,
            excluded_sources=[*(saved.excluded_sources if saved else []), *excluded_sources],
            excluded_facts=[*(saved.excluded_facts if saved else []), *excluded_facts],
            plugins=discover(store),
            visible=visible,
        )
    except CaseError as error:
        raise _fail(str(error)) from None
    return for_reader(case, store, user)


def _draft(
    store: Store,
    case: Case,
    user: Principal | None,
    excluded_sources: list[str],
    excluded_facts: list[str],
) -> Draft:
    try:
        return build_draft(
            case,
            store=store,
            user=user,
            excluded_sources=[*case.excluded_sources, *excluded_sources],
            excluded_facts=[*case.excluded_facts, *excluded_facts],
        )
    except MarkingError as error:
        raise _fail(f"case {case.title!r}: a source's marking cannot be read: {error}") from None


@app.command()
def draft(
    names: CaseNames,
    exclude_source: ExcludeSource = None,
    exclude_fact: ExcludeFact = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help=f"One of {', '.join(DRAFT_FORMATS)}.")
    ] = "text",
    hops: Hops = None,
    db: Db = None,
    as_user: AsUser = None,
) -> None:
    """Talking points / a non-paper from the case's facts, each point with its portion
    marking and sources, under the banner of the highest marking."""
    if fmt not in DRAFT_FORMATS:
        raise _fail(f"--format: unknown format {fmt!r}; choose one of {', '.join(DRAFT_FORMATS)}")
    store = Store.open(resolve_url(db))
    user = principal_for(store, as_user)
    sources, facts = exclude_source or [], exclude_fact or []
    case = _case(store, names, hops, user, sources, facts)
    sys.stdout.write(write_draft(_draft(store, case, user, sources, facts), fmt))


@app.command()
def report(
    names: CaseNames,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help=f"One of {', '.join(REPORT_FORMATS)}.")
    ] = "md",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
    exclude_source: ExcludeSource = None,
    exclude_fact: ExcludeFact = None,
    hops: Hops = None,
    db: Db = None,
    as_user: AsUser = None,
) -> None:
    """The case dossier: summary, network, timeline, transactions, designations, goods,
    reference chains, action requests and the draft; every section marked."""
    if fmt not in REPORT_FORMATS:
        raise _fail(f"--format: unknown format {fmt!r}; choose one of {', '.join(REPORT_FORMATS)}")
    store = Store.open(resolve_url(db))
    user = principal_for(store, as_user)
    sources, facts = exclude_source or [], exclude_fact or []
    case = _case(store, names, hops, user, sources, facts)
    drafted = _draft(store, case, user, sources, facts)
    try:
        data = write_report(build_dossier(case, drafted, store, user), fmt)
    except MarkingError as error:
        raise _fail(f"case {case.title!r}: a source's marking cannot be read: {error}") from None
    if output is not None:
        try:
            output.write_bytes(data)
        except OSError as error:
            raise _fail(f"{output}: cannot write: {error.strerror}") from None
        err.print(f"wrote {output} ({len(data)} bytes)", highlight=False)
    elif fmt == "pdf" and sys.stdout.isatty():
        raise _fail("--format pdf is binary: give --output FILE, or redirect stdout")
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
