"""Uploading cables: `POST /ingest` starts a job, `GET /ingest/{job}` reports its progress."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, File, Form, Path, Request, UploadFile, status
from pydantic import BaseModel

from reftel.api.auth import Admin, User
from reftel.api.errors import Invalid, NotFound
from reftel.api.jobs import Job, Jobs, Stage, upload_folder
from reftel.api.models import Stamp
from reftel.reading import FORMATS

router = APIRouter(tags=["ingest"])

MAX_UPLOAD = 512 * 1024 * 1024
"""Largest upload read, in bytes: a year of a post's cables zipped is far below it."""
CHUNK = 1024 * 1024


class JobView(BaseModel):
    id: str
    filename: str
    stage: Stage
    """queued, reading, resolving, screening, classifying, then done or failed."""
    done: bool
    read: int
    added: int
    updated: int
    unchanged: int
    duplicate: int
    failed: int
    errors: list[str]
    """Each record that could not be read or stored, naming it (the first 100)."""
    started: Stamp
    reported: Stamp
    """When it last wrote progress: a job silent for an hour is reported failed."""
    finished: Stamp | None

    @classmethod
    def of(cls, job: Job) -> JobView:
        return cls(
            id=job.id,
            filename=job.filename,
            stage=job.stage,
            done=job.stage in ("done", "failed"),
            read=job.read,
            errors=list(job.errors),
            started=job.started,
            reported=job.reported,
            finished=job.finished,
            **job.counts,
        )


def _jobs(request: Request) -> Jobs:
    jobs: Jobs = request.app.state.jobs
    return jobs


def _safe_name(name: str | None) -> str:
    """The upload's base name with only safe characters; the suffix tells its format."""
    base = (name or "upload").replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = re.sub(r"[^A-Za-z0-9._-]", "_", base).lstrip(".")
    return cleaned[:120] or "upload"


@router.post("/ingest", response_model=JobView, status_code=status.HTTP_202_ACCEPTED)
async def ingest(
    request: Request,
    user: Admin,
    file: Annotated[UploadFile, File(description="Cables: .txt, .csv, .json, .zip, .tar.gz...")],
    format: Annotated[
        str,
        Form(
            description=f"Force a format: {', '.join(FORMATS)}; empty or absent: detect it.",
            pattern=f"^({'|'.join(map(re.escape, FORMATS))})?$",
        ),
    ] = "",
) -> JobView:
    """Upload a file of cables (admins): it is read, extracted, stored, resolved, screened
    and classified in the background. Poll `GET /api/ingest/{id}` for progress.

    Admins only: storing a cable replaces any stored cable of the same id, and whether one was
    added or updated tells that it existed, so uploading is for those who run the store."""
    folder = upload_folder()
    target = folder / _safe_name(file.filename)
    size = 0
    with target.open("wb") as handle:
        while chunk := await file.read(CHUNK):
            size += len(chunk)
            if size > MAX_UPLOAD:
                handle.close()
                target.unlink()
                folder.rmdir()
                raise Invalid("file", f"larger than {MAX_UPLOAD // (1024 * 1024)} MB")
            handle.write(chunk)
    job = _jobs(request).start(user.name, target.name, target, format or None)
    return JobView.of(job)


@router.get("/ingest/{job_id}", response_model=JobView)
def progress(
    request: Request,
    user: User,
    job_id: Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")],
) -> JobView:
    """Progress of an ingest job; only its starter may see it."""
    job = _jobs(request).get(job_id, user.name)
    if job is None:
        raise NotFound(f"ingest job {job_id!r}")
    return JobView.of(job)
