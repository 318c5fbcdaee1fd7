"""Helpers several test modules share: the CLI run, the seed case, invented cables made and
stored."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from typer.testing import CliRunner

from reftel.cases.case import Case, build_case, discover
from reftel.cli.main import app
from reftel.extraction import EXTRACTOR, Extraction, ExtractionError, extract_all
from reftel.extraction.facts import Entity
from reftel.reading import ReadError, read_paths
from reftel.record import Cable, Paragraph
from reftel.store import Store
from tests.shared import SEED, need

runner = CliRunner()

PROBES = [
    "lathe",
    "Tabriz",
    "Orion Pumps",
    "gyroscopes",
    "Boreal",
    "Dubai",
    "clandestine",
    "Zarin",
    "maraging",
    "Felixstowe",
    "turbopump",
    "Naples",
    "Kestrel",
    "quarantine",
    "Department advise",
]
"""Words of 09VALLETTA101 paragraphs; each is readable exactly where a paragraph with it is."""


def cli(*args: str, code: int = 0) -> str:
    """`reftel ARGS` must exit with `code`; its stdout, or its stderr when it fails."""
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
    return result.stdout if code == 0 else result.stderr


def seed_case(db_url: str) -> Case:
    """The seed cable ingested through the CLI, and the case grown from STBPI."""
    cli("ingest", str(need(SEED)), "--db", db_url)
    with Store.open(db_url) as store:
        return build_case(store, ["STBPI"], plugins=discover(store))


def read_cables(*paths: Path) -> list[Cable]:
    """Every cable in these files or folders, each once; a read error fails the test."""
    cables: dict[str, Cable] = {}
    for item in read_paths([str(p) for p in paths], None, None):
        assert not isinstance(item, ReadError), str(item)
        cables.setdefault(item.id, item)
    return list(cables.values())


def store_cables(store: Store, *paths: Path, facts: bool = False) -> None:
    """Store the cables read from `paths`, with their extracted facts when `facts`."""
    cables = read_cables(*paths)
    with store.batch():
        if not facts:
            for cable in cables:
                store.save(cable)
            return
        for cable, extracted in zip(cables, extract_all(cables), strict=True):
            assert not isinstance(extracted, ExtractionError)
            store.save(cable, extracted, EXTRACTOR)


def cable(*texts: str, tags: tuple[str, ...] = ()) -> Cable:
    """An invented cable of 2009 from the Secretary of State, one numbered paragraph per text:
    extraction rules are shown on text they were not written from."""
    paragraphs = []
    at = 0
    for number, text in enumerate(texts, start=1):
        paragraphs.append(
            Paragraph(index=number - 1, number=number, text=text, start=at, end=at + len(text))
        )
        at += len(text) + 2
    return Cable(
        id="99TEST1",
        created=datetime(2009, 5, 1),
        origin="Secretary of State",
        tags=list(tags),
        paragraphs=paragraphs,
    )


def named(facts: Extraction, name: str) -> Entity:
    """The one entity with that name or alias (any case)."""
    found = [
        e for e in facts.entities if name.lower() in [e.name.lower(), *map(str.lower, e.aliases)]
    ]
    assert len(found) == 1, (name, [(e.name, e.type) for e in facts.entities])
    return found[0]
