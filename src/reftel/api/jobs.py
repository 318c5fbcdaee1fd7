"""Ingest jobs: an uploaded file read, extracted, stored, resolved, screened and classified in a
background thread, with progress a client polls.

A job runs on a store of its own (its own engine and transaction), so the requests served
meanwhile never share its connection. Jobs are kept in memory: they are progress reports, not
records; what they stored is in the store.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from reftel.reading import ReadError, read_paths
from reftel.record import Cable
from reftel.store.repository import SaveError, Store

Stage = Literal["queued", "reading", "resolving", "screening", "classifying", "done", "failed"]
BATCH = 32
MAX_ERRORS = 100
"""Errors kept per job: enough to find every kind of problem in a bad file."""


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
    started: datetime = field(default_factory=lambda: datetime.now(UTC))
    finished: datetime | None = None

    def fail(self, message: str) -> None:
        self.counts["failed"] += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(message)


class Jobs:
    """The jobs of one app."""

    def __init__(self, db_url: str, serial: threading.Lock | None = None) -> None:
        self.db_url = db_url
        self.serial = serial
        """Held while a job writes, when requests and jobs must take turns (SQLite)."""
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def get(self, job_id: str, owner: str) -> Job | None:
        """A job, only for the user who started it."""
        job = self._jobs.get(job_id)
        return job if job is not None and job.owner == owner else None

    def start(self, owner: str, filename: str, upload: Path, fmt: str | None) -> Job:
        """Run the ingest of an uploaded file (moved into the job's own folder) in the
        background; the folder is removed when the job ends."""
        job = Job(id=secrets.token_urlsafe(12), owner=owner, filename=filename)
        with self._lock:
            self._jobs[job.id] = job
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
        try:
            with self._turn():
                store = Store.open(self.db_url)  # migrates: a write
            with store:
                _ingest(job, store, upload, fmt, self._turn)
            job.stage = "done"
        except Exception as error:  # the job reports it; the server goes on
            job.errors.append(f"ingest stopped: {error}")
            job.stage = "failed"
        finally:
            job.finished = datetime.now(UTC)
            shutil.rmtree(upload.parent, ignore_errors=True)


def upload_folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="reftel-upload-"))


def _ingest(
    job: Job,
    store: Store,
    upload: Path,
    fmt: str | None,
    turn: Callable[[], AbstractContextManager[None]],
) -> None:
    """Read, extract (outside any turn: it is the slow part), store a batch at a time, then
    resolve, screen and classify what was read, each write in its turn."""
    from reftel.extraction import EXTRACTOR, ExtractionError, extract_all
    from reftel.resolution.resolver import resolve_cables
    from reftel.screening.cables import screen_cables
    from reftel.store.controls import classify_cables, stored_screen

    job.stage = "reading"
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
    with turn():
        resolve_cables(store, first_seen)
    job.stage = "screening"
    with turn():
        screen_cables(store, first_seen)
    job.stage = "classifying"
    read = list(first_seen)
    with turn():
        classify_cables(store, read, screen=stored_screen(store, read))
