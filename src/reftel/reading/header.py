"""The routing header: precedence, date-time group and the FM / TO / INFO addressees."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from reftel.reading.conventions import load
from reftel.record import Addressee, Precedence

_MONTHS = {
    m: i
    for i, m in enumerate(
        ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], 1
    )
}
DTG = re.compile(
    r"(?<![A-Z0-9])(?:(?P<prec>[ZOPR])(?:\s+[ZOPR])?\s+)?(?P<dtg>(?P<day>\d{2})(?P<hour>\d{2})"
    r"(?P<minute>\d{2})Z\s+(?P<mon>JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]*"
    r"\s+(?P<year>\d{4}|\d{2}))(?![0-9])",
    re.I,
)
_SECTION = re.compile(r"(?m)(?:^|\s)(FM|FROM|TO|INFO)\s+(?=\S)")
_ROUTED = re.compile(r"^(?P<routing>R[A-Z]{3,7})/(?P<rest>.+)$")
_SERIAL_TAIL = re.compile(r"\s+(\d{1,6})$")


@dataclass
class Header:
    precedence: Precedence | None = None
    dtg: str | None = None
    dtg_utc: datetime | None = None
    sender: Addressee | None = None
    to: list[Addressee] = field(default_factory=list)
    info: list[Addressee] = field(default_factory=list)


def parse_header(text: str) -> Header:
    """Parse a header written one addressee a line, or run together on one line."""
    header = Header()
    match = DTG.search(text)
    start = 0
    if match:
        if match.group("prec"):
            letter = match.group("prec").upper()
            header.precedence = _precedence(load().precedence_letters.get(letter))
        header.dtg = " ".join(match.group("dtg").upper().split())
        header.dtg_utc = dtg_datetime(match)
        start = match.end()
    sections = list(_SECTION.finditer(text, start))
    for i, section in enumerate(sections):
        end = sections[i + 1].start() if i + 1 < len(sections) else len(text)
        chunk = text[section.end() : end]
        keyword = section.group(1).upper()
        addressees = _addressees(chunk)
        if keyword in ("FM", "FROM"):
            header.sender = addressees[0] if addressees else None
        elif keyword == "TO":
            header.to.extend(addressees)
        else:
            header.info.extend(addressees)
    return header


def dtg_datetime(match: re.Match[str]) -> datetime | None:
    year = int(match.group("year"))
    if year < 100:
        year += 1900 if year >= 50 else 2000
    try:
        return datetime(
            year,
            _MONTHS[match.group("mon").upper()[:3]],
            int(match.group("day")),
            int(match.group("hour")),
            int(match.group("minute")),
            tzinfo=UTC,
        )
    except ValueError:
        return None


def _precedence(word: str | None) -> Precedence | None:
    if word in ("FLASH", "IMMEDIATE", "PRIORITY", "ROUTINE"):
        return word  # type: ignore[return-value]
    return None


def _addressees(chunk: str) -> list[Addressee]:
    """One addressee a line; on a single run-on line, precedence words end each addressee."""
    lines = [line.strip() for line in chunk.split("\n") if line.strip()]
    lines = [line for line in lines if line not in ("BT", "NNNN") and not line.startswith("#")]
    if len(lines) == 1:
        lines = _split_run_on(lines[0])
    return [a for a in (_addressee(line) for line in lines) if a is not None]


def _precedence_words() -> str:
    words = sorted(load().precedence_words, key=len, reverse=True)
    return "|".join(re.escape(w) for w in words)


def _split_run_on(line: str) -> list[str]:
    pattern = re.compile(rf"\b(?:{_precedence_words()})\b(?:\s+\d{{1,6}})?", re.I)
    parts: list[str] = []
    last = 0
    for match in pattern.finditer(line):
        parts.append(line[last : match.end()])
        last = match.end()
    parts.append(line[last:])
    return [p.strip() for p in parts if p.strip()]


def _addressee(line: str) -> Addressee | None:
    routing = None
    match = _ROUTED.match(line)
    if match:
        routing, line = match.group("routing"), match.group("rest")
    serial = None
    tail = _SERIAL_TAIL.search(line)
    if tail:
        serial, line = tail.group(1), line[: tail.start()]
    precedence = None
    words = load().precedence_words
    upper = line.upper()
    for word in sorted(words, key=len, reverse=True):
        if upper.endswith(" " + word):
            precedence = _precedence(words[word])
            line = line[: -len(word) - 1]
            break
    name = " ".join(line.split())
    if not name:
        return None
    return Addressee(name=name, precedence=precedence, routing=routing, serial=serial)
