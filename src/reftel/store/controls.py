"""Export-control verdicts and red flags for every stored good, recomputed on ingest.

Each cable's goods are classified from its stored facts; its rows are replaced whole, so a
cable read again (or a new classifier) never leaves stale verdicts behind.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Table, delete, insert, select

from reftel.controls.classify import CLASSIFIER
from reftel.controls.flags import Assessment, Screen, ScreeningHit, assess
from reftel.extraction.facts import Entity
from reftel.store.repository import Store
from reftel.store.schema import Base, CableRow, ControlFlagRow, ControlVerdictRow


def classify_cables(store: Store, cable_ids: Iterable[str], screen: Screen | None = None) -> int:
    """Classify the goods of these cables and store verdicts and flags; returns how many goods.

    A cable with no stored facts (ingested with --no-facts) keeps no verdicts. `screen`, when
    given, adds list-screening hits for each good's parties.
    """
    verdicts = _table(ControlVerdictRow)
    flags = _table(ControlFlagRow)
    done = 0
    for cable_id in dict.fromkeys(cable_ids):
        facts = store.facts(cable_id)
        with store.connection() as connection:
            created = connection.scalar(select(CableRow.created).where(CableRow.id == cable_id))
            connection.execute(delete(flags).where(flags.c.cable_id == cable_id))
            connection.execute(delete(verdicts).where(verdicts.c.cable_id == cable_id))
            if facts is None:
                continue
            when = created.date().isoformat() if created else None
            assessed = assess(facts, when=when, screen=screen)
            if assessed:
                connection.execute(insert(verdicts), [_verdict(a) for a in assessed])
            rows = [
                {
                    "cable_id": a.cable,
                    "good_id": a.good,
                    "kind": f.kind,
                    "summary": f.summary,
                    "facts": [c.model_dump(mode="json") for c in f.facts],
                }
                for a in assessed
                for f in a.flags
            ]
            if rows:
                connection.execute(insert(flags), rows)
            done += len(assessed)
    return done


def stored_screen(store: Store, cable_ids: Iterable[str]) -> Screen:
    """A screener answering from the list-screening results already stored for these cables:
    the direct matches of each party (matches through relations are flagged here already)."""
    from reftel.screening.cables import stored_results

    hits: dict[str, list[ScreeningHit]] = {}
    for row in stored_results(store, list(dict.fromkeys(cable_ids))):
        if row["kind"] == "designated" and row["match"]:
            reason = (row.get("explanation") or {}).get("reason")
            hits.setdefault(row["entity_id"], []).append(
                ScreeningHit(
                    list=row["list_name"],
                    name=row["matched_name"],
                    score=row["score"],
                    detail=reason,
                )
            )

    def screen(entity: Entity) -> list[ScreeningHit]:
        return hits.get(entity.id, [])

    return screen


def _verdict(assessment: Assessment) -> dict[str, object]:
    result = assessment.classification
    return {
        "good_id": assessment.good,
        "cable_id": assessment.cable,
        "name": assessment.name,
        "verdict": result.verdict,
        "entries": [c.number for c in result.candidates],
        "catch_all": assessment.catch_all,
        "classifier": CLASSIFIER,
        "record": assessment.model_dump(mode="json"),
    }


def assessments(store: Store, cable_id: str | None = None) -> list[Assessment]:
    """Stored assessments, by cable and good, optionally of one cable only."""
    query = select(ControlVerdictRow.record).order_by(
        ControlVerdictRow.cable_id, ControlVerdictRow.good_id
    )
    if cable_id is not None:
        query = query.where(ControlVerdictRow.cable_id == cable_id)
    with store.connection() as connection:
        return [Assessment.model_validate(record) for record in connection.scalars(query)]


def _table(model: type[Base]) -> Table:
    return Base.metadata.tables[model.__tablename__]
