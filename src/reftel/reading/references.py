"""REF lines: lettered lists of cited telegrams, each turned into a canonical cable id."""

from __future__ import annotations

import re

from reftel.reading.conventions import load
from reftel.record import Reference

# Words that begin a reference to something other than a telegram (an e-mail, a letter...).
_NOT_A_POST = {
    "AND",
    "DATED",
    "DIPLOMATIC",
    "E-MAIL",
    "EMAIL",
    "FAX",
    "FROM",
    "LETTER",
    "MEMCON",
    "MEMO",
    "NOTE",
    "OF",
    "ON",
    "PHONE",
    "TELCON",
    "THE",
    "TO",
    "AIRGRAM",
    "SEPTEL",
    "PREVIOUS",
}
_CABLE = re.compile(
    r"^\s*(?:(?P<year>\d{4}|\d{2})\s+)?(?P<post>[A-Z][A-Z'-]*(?:\s+[A-Z][A-Z'-]*){0,2})\s+"
    r"(?P<number>\d{1,7})\b"
)
_UNLETTERED_SPLIT = re.compile(
    r"\s*[;:]\s*|\s*,\s*(?=(?:\d{2}\s+)?[A-Z]+\s+\d)|\s+AND\s+(?=[A-Z]+\s+\d)"
)
_LETTER = re.compile(r"(?:^|(?<=[\s;,:]))\(?(?P<letter>[A-Z])(?:\)|\.)(?=\s)")


def canonical_id(year: int, post: str, number: str) -> str:
    post = "".join(post.upper().split())
    post = load().serial_origins.get(post, post)
    return f"{year % 100:02d}{post}{int(number)}"


def parse_references(
    text: str | None, cable_year: int | None, listed: list[str]
) -> list[Reference]:
    """Parse the REF caption; `listed` holds ids the archive itself gives for the references."""
    refs: list[Reference] = []
    if text:
        for letter, piece in _pieces(text):
            refs.append(_reference(letter, piece, cable_year, listed))
    known = {r.id for r in refs}
    refs.extend(Reference(id=i, raw=i) for i in listed if i and i not in known)
    return refs


def _pieces(text: str) -> list[tuple[str | None, str]]:
    letters: list[re.Match[str]] = []
    expected = "A"
    for match in _LETTER.finditer(text.upper()):
        if match.group("letter") == expected:
            letters.append(match)
            expected = chr(ord(expected) + 1)
    if letters:
        pieces: list[tuple[str | None, str]] = []
        for i, match in enumerate(letters):
            end = letters[i + 1].start() if i + 1 < len(letters) else len(text)
            pieces.append((match.group("letter"), text[match.end() : end].strip(" ,;:")))
        return pieces
    split = re.split(
        r"\s*[;:]\s*|\s*,\s*(?=(?:\d{2}\s+)?[A-Z]+\s+\d)|\s+AND\s+(?=[A-Z]+\s+\d)", text
    )
    return [(None, piece.strip()) for piece in split if piece.strip()]


def _reference(
    letter: str | None, piece: str, cable_year: int | None, listed: list[str]
) -> Reference:
    match = _CABLE.match(piece.upper())
    if not match or match.group("post").split()[0] in _NOT_A_POST:
        return Reference(letter=letter, raw=piece)
    post, number = match.group("post"), match.group("number")
    stated = match.group("year")
    if stated:
        year = int(stated)
        return Reference(letter=letter, id=canonical_id(year, post, number), raw=piece)
    suffix = canonical_id(0, post, number)[2:]
    for listed_id in listed:
        if listed_id[2:] == suffix:
            return Reference(letter=letter, id=listed_id, raw=piece)
    if cable_year is None:
        return Reference(letter=letter, raw=piece)
    return Reference(
        letter=letter, id=canonical_id(cable_year, post, number), raw=piece, year_inferred=True
    )
