"""Ingest jobs: an uploaded file read, extracted, stored, resolved, screened and classified in a
background thread, with progress a client polls.

A job runs on a store of its own (its own engine and transaction), so the requests served
meanwhile never share its connection. Its progress is written to the store as it goes
(`reftel.store.jobs`), so any server process over that store answers for it, and its report
outlives a restart; one that stopped with its server is reported failed.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal, get_args

from reftel.reading import ReadError, read_paths
from reftel.record import Cable
from reftel.store import jobs as job_store
from reftel.store.repository import SaveError, Store

Stage = Literal["queued", "reading", "resolving", "screening", "classifying", "done", "failed"]
BATCH = 32
MAX_ERRORS = 100
"""Errors kept per job: enough to find every kind of problem in a bad file."""
STALE = timedelta(hours=1)
"""A job unfinished and silent this long stopped with the server that ran it: a job writes its
progress every batch of cables and at every stage."""


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Job:
    id: str
    owner: str
    filename: str
    stage: Stage = "queued"
    read: int = 0
    """Records read so far, stored or not."""
    counts: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(
            ("added", "updated", "unchanged", "duplicate", "failed"), 0
        )
    )
    errors: list[str] = field(default_factory=list)
    started: datetime = field(default_factory=_now)
    reported: datetime = field(default_factory=_now)
    finished: datetime | None = None

    def fail(self, message: str) -> None:
        self.counts["failed"] += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(message)

    @property
    def over(self) -> bool:
        return self.stage in ("done", "failed")

    def record(self) -> dict[str, Any]:
        """The job as the store keeps it, times naive in UTC as every stored time is."""

        def naive(moment: datetime | None) -> datetime | None:
            return moment.astimezone(UTC).replace(tzinfo=None) if moment else None

        return {
            "owner": self.owner,
            "filename": self.filename,
            "stage": self.stage,
            "read": self.read,
            "counts": dict(self.counts),
            "errors": list(self.errors),
            "started": naive(self.started),
            "reported": naive(self.reported),
            "finished": naive(self.finished),
        }

    @classmethod
    def of_record(cls, record: dict[str, Any]) -> Job:
        def aware(moment: datetime | None) -> datetime | None:
            return moment.replace(tzinfo=UTC) if moment else None

        stage = record["stage"]
        if stage not in get_args(Stage):
            raise ValueError(f"ingest job {record['id']}: unknown stage {stage!r}")
        return cls(
            id=record["id"],
            owner=record["owner"],
            filename=record["filename"],
            stage=stage,
            read=record["read"],
            counts=dict(record["counts"]),
            errors=list(record["errors"]),
            started=aware(record["started"]) or _now(),
            reported=aware(record["reported"]) or _now(),
            finished=aware(record["finished"]),
        )


class Jobs:
    """The ingest jobs over one store: started here, reported from the store."""

    def __init__(self, store: Store, db_url: str, serial: threading.Lock | None = None) -> None:
        self.store = store
        """The app's store, for the requests' reads and writes."""
        self.db_url = db_url
        """Each job opens a store of its own on this."""
        self.serial = serial
        """Held while a job writes, when requests and jobs must take turns (SQLite)."""

    def get(self, job_id: str, owner: str) -> Job | None:
        """A job, only for the user who started it; one silent for `STALE` without having
        finished is reported failed (its server stopped under it)."""
        with self.store.connection() as connection:
            record = job_store.load(connection, job_id)
        if record is None or record["owner"] != owner:
            return None
        job = Job.of_record(record)
        if not job.over and _now() - job.reported > STALE:
            job.stage = "failed"
            job.errors.append(
                f"ingest stopped: no progress since {job.reported:%Y-%m-%d %H:%M} UTC "
                "(its server was stopped); upload the file again: what it stored stays"
            )
        return job

    def start(self, owner: str, filename: str, upload: Path, fmt: str | None) -> Job:
        """Run the ingest of an uploaded file (moved into the job's own folder) in the
        background; the folder is removed when the job ends. Called within a request, which
        holds the turn on SQLite."""
        job = Job(id=secrets.token_urlsafe(12), owner=owner, filename=filename)
        with self.store.connection() as connection:
            job_store.save(connection, job.id, job.record())
        thread = threading.Thread(
            target=self._run, args=(job, upload, fmt), name=f"ingest-{job.id}", daemon=True
        )
        thread.start()
        return job

    @contextmanager
    def _turn(self) -> Iterator[None]:
        if self.serial is None:
            yield
            return
        with self.serial:
            yield

    def _run(self, job: Job, upload: Path, fmt: str | None) -> None:
        store: Store | None = None

        def report() -> None:
            job.reported = _now()
            if store is not None:
                with self._turn(), store.connection() as connection:
                    job_store.save(connection, job.id, job.record())

        try:
            with self._turn():
                store = Store.open(self.db_url)  # migrates: a write
            _ingest(job, store, upload, fmt, self._turn, report)
            job.stage = "done"
        except Exception as error:  # the job reports it; the server goes on
            job.errors.append(f"ingest stopped: {error}")
            job.stage = "failed"
        finally:
            job.finished = _now()
            shutil.rmtree(upload.parent, ignore_errors=True)
            try:
                report()
            finally:
                if store is not None:
                    store.close()


def upload_folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="reftel-upload-"))


def _ingest(
    job: Job,
    store: Store,
    upload: Path,
    fmt: str | None,
    turn: Callable[[], AbstractContextManager[None]],
    report: Callable[[], None],
) -> None:
    """Read, extract (outside any turn: it is the slow part), store a batch at a time, then
    resolve, screen and classify what was read, each write in its turn; `report` writes the
    job's progress after every batch and at every stage."""
    from reftel.extraction import EXTRACTOR, ExtractionError, extract_all
    from reftel.resolution.resolver import resolve_cables
    from reftel.screening.cables import screen_cables
    from reftel.store.controls import classify_cables, stored_screen

    job.stage = "reading"
    report()
    first_seen: dict[str, str] = {}
    pending: list[Cable] = []

    def flush() -> None:
        with turn():
            stale = [c for c in pending if not store.is_current(c, EXTRACTOR)]
        job.counts["unchanged"] += len(pending) - len(stale)
        extracted = list(extract_all(stale))
        with turn():
            for cable, facts in zip(stale, extracted, strict=True):
                if isinstance(facts, ExtractionError):
                    job.fail(f"{cable.id}: not stored: extraction failed: {facts.message}")
                    continue
                try:
                    job.counts[store.save(cable, facts, EXTRACTOR)] += 1
                except SaveError as error:
                    job.fail(f"{cable.id}: not stored: {error}")
        pending.clear()
        report()

    for item in read_paths([str(upload)], fmt, None):
        job.read += 1
        if isinstance(item, ReadError):
            job.fail(str(item).replace(str(upload), job.filename))
        elif item.id in first_seen:
            job.counts["duplicate"] += 1
        else:
            first_seen[item.id] = job.filename
            pending.append(item)
            if len(pending) >= BATCH:
                flush()
    flush()
    if not job.read:
        job.errors.append(f"{job.filename}: no cable found in it")
    job.stage = "resolving"
    report()
    with turn():
        resolve_cables(store, first_seen)
    job.stage = "screening"
    report()
    with turn():
        screen_cables(store, first_seen)
    job.stage = "classifying"
    report()
    read = list(first_seen)
    with turn():
        classify_cables(store, read, screen=stored_screen(store, read))
