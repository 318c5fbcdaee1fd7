"""Ingest jobs' progress in the store: any server process answers for any job, and a job's
report outlives the process that ran it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert, select, update

from reftel.store.schema import IngestJobRow

FIELDS = (
    "owner",
    "filename",
    "stage",
    "read",
    "counts",
    "errors",
    "started",
    "reported",
    "finished",
)


def save(connection: Connection, job_id: str, record: dict[str, Any]) -> None:
    """Write a job's state (`FIELDS`), adding the job the first time."""
    values = {name: record[name] for name in FIELDS}
    changed = connection.execute(
        update(IngestJobRow).where(IngestJobRow.id == job_id).values(**values)
    )
    if not changed.rowcount:
        connection.execute(insert(IngestJobRow).values(id=job_id, **values))


def load(connection: Connection, job_id: str) -> dict[str, Any] | None:
    """A job's state by id (`FIELDS` and `id`), or None."""
    table = IngestJobRow.__table__
    row = connection.execute(select(table).where(table.c.id == job_id)).first()
    return None if row is None else dict(row._mapping)
