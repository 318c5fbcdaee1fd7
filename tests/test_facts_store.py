"""Facts stored with their cable: provenance kept, re-ingest idempotent, stale facts redone."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from reftel.extraction import EXTRACTOR, extract
from reftel.reading import ReadError, read_paths
from reftel.record import Cable
from reftel.store import Store

from .test_cli import SAMPLES


def _sample(cable_id: str) -> Cable:
    for item in read_paths([str(SAMPLES)]):
        if not isinstance(item, ReadError) and item.id == cable_id:
            return item
    raise AssertionError(cable_id)


def test_facts_round_trip_with_provenance(store: Store, db_url: str) -> None:
    cable = _sample("08STATE61274")
    facts = extract(cable)
    assert facts.entities and facts.events
    assert store.save(cable, facts, EXTRACTOR) == "added"
    assert store.facts(cable.id) == facts
    assert store.is_current(cable, EXTRACTOR)
    assert store.save(cable, facts, EXTRACTOR) == "unchanged"
    assert not store.is_current(cable, EXTRACTOR + "-next")

    engine = create_engine(db_url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as connection:
        markings = {
            row[0]
            for row in connection.execute(
                text("SELECT DISTINCT marking FROM fact_sources WHERE cable_id = :c"),
                {"c": cable.id},
            )
        }
        mentions = connection.execute(
            text("SELECT count(*) FROM mentions WHERE cable_id = :c"), {"c": cable.id}
        ).scalar()
        events = connection.execute(
            text("SELECT count(*) FROM events WHERE cable_id = :c"), {"c": cable.id}
        ).scalar()
    engine.dispose()
    paragraph_markings = {p.marking for p in cable.paragraphs}
    assert markings and markings <= paragraph_markings
    assert mentions == sum(len(e.mentions) for e in facts.entities) + sum(
        len(g.mentions) for g in facts.goods
    )
    assert events == len(facts.events)


def test_a_new_extractor_replaces_the_facts(store: Store) -> None:
    cable = _sample("07BEIJING6247")
    facts = extract(cable)
    store.save(cable, facts, EXTRACTOR)
    fewer = facts.model_copy(update={"events": [], "relations": []})
    assert store.save(cable, fewer, EXTRACTOR + "-next") == "updated"
    stored = store.facts(cable.id)
    assert stored is not None and stored.events == [] and stored.entities == facts.entities
