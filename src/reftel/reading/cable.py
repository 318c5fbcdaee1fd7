"""Assemble the cable record from what a format reader found."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import PurePath

from reftel.reading.body import find_classification_line, parse_body
from reftel.reading.conventions import load, split_marking
from reftel.reading.errors import RecordError
from reftel.reading.formats import RawCable
from reftel.reading.header import DTG, parse_header
from reftel.reading.references import canonical_id, parse_references
from reftel.record import Addressee, Cable

_ID = re.compile(r"^\d{2}[A-Z][A-Z0-9]*?\d+$")
_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%m/%d/%Y %H:%M", "%Y-%m-%d")


def build(raw: RawCable) -> Cable:
    """Parse one raw cable; raise RecordError naming the field that cannot be read."""
    header_text, body_text = raw.header, raw.body
    if raw.combined is not None:
        header_text, body_text = split_combined(raw.combined)
    header_text = header_text.strip("\n")
    body_text = body_text.strip("\n")
    if not header_text.strip() and not body_text.strip():
        raise RecordError("no cable text", field="body")
    header = parse_header(header_text)
    if header.dtg is None:
        # Some exports put the date-time group at the top of the body instead.
        dtg = DTG.search(body_text[:300])
        if dtg:
            header.dtg = " ".join(dtg.group("dtg").upper().split())
    body = parse_body(body_text)

    created = _created(raw.meta.get("created"), header.dtg_utc)
    classification, caveats = _classification(raw.meta.get("classification"), body.classification)
    for caveat in body.caveats:
        if caveat not in caveats:
            caveats.append(caveat)
    year = created.year if created else None
    cable_id = _cable_id(raw, body.serial, year)
    listed = [r for r in re.split(r"[|,\s]+", raw.meta.get("references", "")) if r]
    return Cable(
        id=cable_id,
        created=created,
        classification=classification,
        caveats=caveats,
        origin=raw.meta.get("origin") or _origin(header.sender),
        precedence=header.precedence,
        dtg=header.dtg,
        dtg_utc=header.dtg_utc,
        **{"from": header.sender},
        to=header.to,
        info=header.info,
        serial=body.serial,
        subject=body.subject,
        tags=body.tags,
        references=parse_references(body.reference_text, year, listed),
        paragraphs=body.paragraphs,
        action_requests=body.action_requests,
        talking_points=body.talking_points,
        poc=body.poc,
        slugs=body.slugs,
        signer=body.signer,
        classified_by=body.classified_by,
        declassify_on=body.declassify_on,
        summary=body.summary,
        sections=body.sections,
        redactions=body.redactions,
        header=header_text,
        body=body_text,
        source=raw.source,
    )


def split_combined(text: str) -> tuple[str, str]:
    """Split header from body at the classification line that opens the body."""
    lines = text.strip("\n").split("\n")
    index = find_classification_line(lines)
    if index is None:
        # No classification line: the header is the routing block up to the first blank line.
        for i, line in enumerate(lines):
            if not line.strip() and i > 0:
                head = "\n".join(lines[:i])
                if re.search(r"(?m)^\s*(FM|TO)\s", head):
                    return head, "\n".join(lines[i + 1 :])
                break
        return "", "\n".join(lines)
    return "\n".join(lines[:index]), "\n".join(lines[index:])


def _created(value: str | None, dtg_utc: datetime | None) -> datetime | None:
    if value:
        for fmt in _DATE_FORMATS:
            try:
                return datetime.strptime(value.strip(), fmt).replace(tzinfo=UTC)
            except ValueError:
                continue
        raise RecordError(f"not a date: {value!r}", field="created")
    return dtg_utc


def _classification(meta: str | None, from_body: str | None) -> tuple[str | None, list[str]]:
    if meta:
        level, caveats = split_marking(meta)
        if level is None:
            raise RecordError(f"unknown classification {meta!r}", field="classification")
        return level, caveats
    return from_body, []


def _cable_id(raw: RawCable, serial: str | None, year: int | None) -> str:
    given = raw.meta.get("id", "").strip()
    if given:
        if not re.fullmatch(r"[0-9A-Za-z-]+", given):
            raise RecordError(f"not a cable id: {given!r}", field="id")
        return given
    if serial and year is not None:
        post, number = serial.rsplit(" ", 1)
        return canonical_id(year, post, number)
    stem = PurePath(raw.source.path.split("!")[-1]).stem.upper()
    if _ID.match(stem):
        return stem
    raise RecordError("no cable id in the metadata, the serial line or the file name", field="id")


def _origin(sender: Addressee | None) -> str | None:
    """'AMEMBASSY NEW DELHI' -> 'Embassy New Delhi', as the archives name origins."""
    if sender is None:
        return None
    conv = load()
    name = sender.name.upper()
    if name in conv.named_origins:
        return conv.named_origins[name]
    prefix, _, place = name.partition(" ")
    if prefix in conv.post_prefixes and place:
        return f"{conv.post_prefixes[prefix]} {place.title()}"
    return sender.name
