"""Extraction: entities, aliases, goods, quantities, dates, transactions and relations, each
with the cable, paragraph, portion marking and span it was read from."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from reftel.extraction.facts import Extraction, ExtractionError
from reftel.record import Cable

EXTRACTOR = "reftel-extract/1"
"""Name and version of the extraction rules; stored with the facts so stale ones are redone."""

__all__ = ["EXTRACTOR", "Extraction", "ExtractionError", "extract", "extract_all"]


def extract(cable: Cable) -> Extraction:
    """Read the facts of one cable (the model loads on first use, not on import)."""
    from reftel.extraction.pipeline import extract as run

    return run(cable)


def extract_all(cables: Iterable[Cable], batch: int = 64) -> Iterator[Extraction | ExtractionError]:
    """Read the facts of many cables, in order, batching the model's work across them; a cable
    that fails gives an ExtractionError instead."""
    from reftel.extraction.pipeline import extract_all as run_all

    return run_all(cables, batch)
