"""Writing and reading the facts extracted from a cable, with their provenance."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table, delete, insert, select

from reftel.extraction.facts import Extraction, Source
from reftel.store.schema import (
    FACT_TABLES,
    Base,
    EntityRow,
    EventRow,
    ExtractionRow,
    FactSourceRow,
    GoodRow,
    MentionRow,
    RelationRow,
)


def _table(model: type[Base]) -> Table:
    return Base.metadata.tables[model.__tablename__]


def is_current(connection: Connection, cable_id: str, digest: str, extractor: str) -> bool:
    """True when the stored facts were read from this very content by this extractor."""
    row = connection.execute(
        select(ExtractionRow.content_hash, ExtractionRow.extractor).where(
            ExtractionRow.cable_id == cable_id
        )
    ).first()
    return row is not None and tuple(row) == (digest, extractor)


def write(connection: Connection, facts: Extraction, digest: str, extractor: str) -> None:
    """Replace a cable's facts; the caller's transaction makes it whole or nothing."""
    cable = facts.cable
    for fact_table in FACT_TABLES:
        table = _table(fact_table)
        connection.execute(delete(table).where(table.c.cable_id == cable))
    connection.execute(
        insert(_table(ExtractionRow)),
        {
            "cable_id": cable,
            "content_hash": digest,
            "extractor": extractor,
            "record": facts.model_dump(mode="json"),
        },
    )
    rows: dict[type[Base], list[dict[str, Any]]] = {
        EntityRow: [
            {
                "id": e.id,
                "cable_id": cable,
                "type": e.type,
                "subtype": e.subtype,
                "name": e.name,
                "country": e.country,
                "aliases": e.aliases,
            }
            for e in facts.entities
        ],
        GoodRow: [
            {
                "id": g.id,
                "cable_id": cable,
                "name": g.name,
                "form": g.form,
                "material": g.material,
                "origin": g.origin,
                "designators": g.designators,
                "uses": g.uses,
            }
            for g in facts.goods
        ],
        MentionRow: [
            {
                "cable_id": cable,
                "entity_id": e.id,
                "good_id": None,
                "label": m.label,
                **_provenance(m.source, phrase=m.text),
            }
            for e in facts.entities
            for m in e.mentions
        ]
        + [
            {
                "cable_id": cable,
                "entity_id": None,
                "good_id": g.id,
                "label": m.label,
                **_provenance(m.source, phrase=m.text),
            }
            for g in facts.goods
            for m in g.mentions
        ],
        EventRow: [
            {
                "id": v.id,
                "cable_id": cable,
                "type": v.type,
                "seller_id": v.seller,
                "buyer_id": v.buyer,
                "intermediary_id": v.intermediary,
                "item_id": v.item,
                "date_value": v.date.value if v.date else None,
                "date_precision": v.date.precision if v.date else None,
                "modality": v.modality,
                "details": v.model_dump(
                    mode="json", include={"quantity", "value", "date", "route"}
                ),
            }
            for v in facts.events
        ],
        RelationRow: [
            {
                "id": r.id,
                "cable_id": cable,
                "type": r.type,
                "subject_id": r.subject,
                "object_id": r.object,
            }
            for r in facts.relations
        ],
        FactSourceRow: [
            {"cable_id": cable, "fact_id": event.id, **_provenance(s)}
            for event in facts.events
            for s in event.sources
        ]
        + [
            {"cable_id": cable, "fact_id": relation.id, **_provenance(s)}
            for relation in facts.relations
            for s in relation.sources
        ],
    }
    for model, values in rows.items():  # parents before children: the dict keeps its order
        if values:
            connection.execute(insert(_table(model)), values)


def _provenance(source: Source, phrase: str | None = None) -> dict[str, Any]:
    return {
        "paragraph_index": source.paragraph,
        "paragraph_number": source.number,
        "marking": source.marking,
        "start": source.start,
        "end": source.end,
        "text": phrase if phrase is not None else source.text,
    }


def read(connection: Connection, cable_id: str) -> Extraction | None:
    record = connection.scalar(
        select(ExtractionRow.record).where(ExtractionRow.cable_id == cable_id)
    )
    return None if record is None else Extraction.model_validate(record)
