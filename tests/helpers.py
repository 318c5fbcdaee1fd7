"""Helpers several test modules share: the CLI run, the seed case, invented cables stored."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from reftel.cases.case import Case, build_case, discover
from reftel.cli.main import app
from reftel.extraction import EXTRACTOR, ExtractionError, extract_all
from reftel.reading import ReadError, read_paths
from reftel.record import Cable
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
