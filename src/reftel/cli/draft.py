"""`reftel draft` (talking points / non-paper, every point marked and sourced) and
`reftel report` (the dossier as Markdown, HTML or PDF).

CASE is a saved case's name or seed entities, as for `reftel case`. With `--as USER` the case
is built from what that user may read only: nothing derived only from paragraphs withheld
from them reaches the draft or the dossier.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from reftel.access.principal import Principal
from reftel.cases.case import Case, CaseError, open_case
from reftel.cases.draft import DRAFT_FORMATS, Draft, build_draft, for_reader, write_draft
from reftel.cases.markings import MarkingError
from reftel.cases.report import REPORT_FORMATS, build_dossier, write_report
from reftel.cli.cases import CaseNames, Hops, Output
from reftel.cli.common import Db, app, check_format, err, fail, format_option
from reftel.cli.users import AsUser, principal_for
from reftel.store.db import resolve_url
from reftel.store.repository import Store

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
    visible = store.visibility(user).source if user is not None else None
    try:
        case, _ = open_case(
            store,
            names,
            hops,
            excluded_sources,
            excluded_facts,
            visible=visible,
            track_new=False,
        )
    except CaseError as error:
        raise fail(str(error)) from None
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
        raise fail(f"case {case.title!r}: a source's marking cannot be read: {error}") from None


@app.command()
def draft(
    names: CaseNames,
    exclude_source: ExcludeSource = None,
    exclude_fact: ExcludeFact = None,
    fmt: Annotated[str, format_option(DRAFT_FORMATS)] = "text",
    hops: Hops = None,
    db: Db = None,
    as_user: AsUser = None,
) -> None:
    """Talking points / a non-paper from the case's facts, each point with its portion
    marking and sources, under the banner of the highest marking."""
    check_format(fmt, DRAFT_FORMATS)
    store = Store.open(resolve_url(db))
    user = principal_for(store, as_user)
    sources, facts = exclude_source or [], exclude_fact or []
    case = _case(store, names, hops, user, sources, facts)
    sys.stdout.write(write_draft(_draft(store, case, user, sources, facts), fmt))


@app.command()
def report(
    names: CaseNames,
    fmt: Annotated[str, format_option(REPORT_FORMATS)] = "md",
    output: Output = None,
    exclude_source: ExcludeSource = None,
    exclude_fact: ExcludeFact = None,
    hops: Hops = None,
    db: Db = None,
    as_user: AsUser = None,
) -> None:
    """The case dossier: summary, network, timeline, transactions, designations, goods,
    reference chains, action requests and the draft; every section marked."""
    check_format(fmt, REPORT_FORMATS)
    store = Store.open(resolve_url(db))
    user = principal_for(store, as_user)
    sources, facts = exclude_source or [], exclude_fact or []
    case = _case(store, names, hops, user, sources, facts)
    drafted = _draft(store, case, user, sources, facts)
    try:
        data = write_report(build_dossier(case, drafted, store, user), fmt)
    except MarkingError as error:
        raise fail(f"case {case.title!r}: a source's marking cannot be read: {error}") from None
    if output is not None:
        try:
            output.write_bytes(data)
        except OSError as error:
            raise fail(f"{output}: cannot write: {error.strerror}") from None
        err.print(f"wrote {output} ({len(data)} bytes)", highlight=False)
    elif fmt == "pdf" and sys.stdout.isatty():
        raise fail("--format pdf is binary: give --output FILE, or redirect stdout")
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
