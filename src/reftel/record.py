"""The cable record: one typed, JSON-serialisable structure that every later stage reads.

Offsets (`start`, `end`) are character positions in `Cable.body`, so every fact extracted later
can point back at the exact text it came from. Fields a cable does not carry stay null or
empty: the record never guesses.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Precedence = Literal["FLASH", "IMMEDIATE", "PRIORITY", "ROUTINE"]


class _Record(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="forbid")


class Source(_Record):
    """Where a record was read from: a file, the record inside it, and the format used."""

    path: str
    record: int | None = None
    line: int | None = None
    format: str

    def label(self) -> str:
        parts = [self.path]
        if self.record is not None:
            parts.append(f"record {self.record}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        return ":".join(parts)


class Addressee(_Record):
    name: str
    precedence: Precedence | None = None
    routing: str | None = None
    serial: str | None = None


class Reference(_Record):
    letter: str | None = None
    id: str | None = None
    raw: str
    year_inferred: bool = False
    """True when the reference text named no year and `id` took the cable's own year."""


class Paragraph(_Record):
    index: int
    """Position in the cable, from 0; the key for provenance when `number` is absent."""
    number: int | None = None
    marking: str | None = None
    title: str | None = None
    text: str
    start: int
    end: int


class ActionRequest(_Record):
    paragraph: int | None = None
    addressee: str | None = None
    request: str


class TalkingPoints(_Record):
    paragraph: int | None = None
    marking: str | None = None
    points: list[str] = Field(default_factory=list)
    non_paper: bool = False


class PointOfContact(_Record):
    name: str | None = None
    office: str | None = None
    phone: str | None = None
    paragraph: int | None = None


class Redaction(_Record):
    paragraph: int | None = None
    start: int
    end: int


class Cable(_Record):
    id: str
    created: datetime | None = None
    classification: str | None = None
    caveats: list[str] = Field(default_factory=list)
    origin: str | None = None
    precedence: Precedence | None = None
    dtg: str | None = None
    dtg_utc: datetime | None = None
    from_: Addressee | None = Field(default=None, alias="from")
    to: list[Addressee] = Field(default_factory=list)
    info: list[Addressee] = Field(default_factory=list)
    serial: str | None = None
    subject: str | None = None
    tags: list[str] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
    paragraphs: list[Paragraph] = Field(default_factory=list)
    action_requests: list[ActionRequest] = Field(default_factory=list)
    talking_points: list[TalkingPoints] = Field(default_factory=list)
    poc: PointOfContact | None = None
    slugs: list[str] = Field(default_factory=list)
    signer: str | None = None
    classified_by: str | None = None
    declassify_on: str | None = None
    summary: str | None = None
    sections: list[str] = Field(default_factory=list)
    redactions: list[Redaction] = Field(default_factory=list)
    header: str = ""
    body: str = ""
    source: Source | None = None

    def to_json(self) -> str:
        return self.model_dump_json(by_alias=True)

    def paragraph(self, number: int) -> Paragraph | None:
        return next((p for p in self.paragraphs if p.number == number), None)
