"""Reference chains: what a cable cites, what cites it, and where its text points at each.

A cable's REF caption lists what it builds on, usually lettered (A, B, ...); its text then
says "Ref H", "reftel B", "Refs A, C and D", "ref A para 3" or just "REFTEL". Here each
reference is read into a store id (the year given, or inferred from the citing cable),
checked against the store (cited cables not stored are listed as missing), and each in-text
mention is tied to the lettered list. Chains follow references out (what a cable cites) and
in (what cites it), to a depth, each cable expanded once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import or_, select

from reftel.reading.references import canonical_id
from reftel.record import Cable, Reference
from reftel.store.repository import Store
from reftel.store.schema import CableRow, ReferenceRow

if TYPE_CHECKING:
    from reftel.access.principal import Principal

Direction = Literal["out", "in", "both"]
Status = Literal["root", "stored", "missing", "not a telegram", "year unknown", "repeated"]
MentionStatus = Literal["resolved", "by order", "ambiguous", "unknown letter", "no references"]


@cache
def _data() -> dict[str, Any]:
    text = resources.files("reftel").joinpath("data/cases/references.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def _not_telegram_words() -> frozenset[str]:
    return frozenset(_data()["not_telegram_words"]["words"])


# ----------------------------------------------------------------------------- telegram ids

_WORD = r"[A-Z](?:[A-Z'-]*[A-Z])?"
_TELEGRAM = re.compile(
    r"^\s*(?:\(\s*[A-Z]\s*\)|[A-Z]\s*[.)])?\s*"  # a list label: (A)  A)  A.
    r"(?:\(?(?P<year>\d{4}|\d{2})\)?\s*)?"  # 07, 2007, (07), or joined: 07BEIJING
    rf"(?P<post>{_WORD}(?:\s+{_WORD}){{0,2}})"
    r"\s*(?P<number>\d{1,7})(?!\d)"
)
_STORE_ID = re.compile(r"^(?P<year>\d{2})(?P<post>[A-Z]+?)(?P<number>\d+)$")


@dataclass(frozen=True)
class Telegram:
    """A telegram as a reference names it: its post's serial series, number and the year
    when one was written."""

    post: str
    number: int
    year: int | None = None

    def id(self, year: int) -> str:
        return canonical_id(year, self.post, str(self.number))

    @property
    def series(self) -> str:
        """The id without its year: 'BEIJING5705'."""
        return self.id(0)[2:]


def parse_telegram(text: str) -> Telegram | None:
    """'STATE 123456', '07 BEIJING 1234', 'BEIJING 5705', '07BEIJING5705', 'B) 2006 BAGHDAD
    4652', '(08) SAO PAULO 581', 'A. SECSTATE 103585' -> a Telegram; e-mails, memcons, date-time
    groups and other documents -> None."""
    match = _TELEGRAM.match(text.upper())
    if not match:
        return None
    words = match.group("post").split()
    if any(w in _not_telegram_words() for w in words):
        return None
    year = match.group("year")
    return Telegram(
        post=" ".join(words), number=int(match.group("number")), year=int(year) if year else None
    )


def _own(cable_id: str) -> tuple[int, str, int] | None:
    """A store id's year, series and number: '08BEIJING1141' -> (8, 'BEIJING', 1141)."""
    match = _STORE_ID.match(cable_id)
    if not match:
        return None
    return int(match.group("year")), match.group("post"), int(match.group("number"))


def candidate_ids(telegram: Telegram, citing_id: str | None, citing_year: int | None) -> list[str]:
    """Store ids the telegram may be, most likely first.

    A stated year is taken as written. Without one, the citing cable's year, then the year
    before it (a January cable cites December's); a post numbers its telegrams in order
    within a year, so a cable citing its own post's number at or above its own must cite the
    year before.
    """
    if telegram.year is not None:
        return [telegram.id(telegram.year)]
    if citing_year is None:
        return []
    own = _own(citing_id) if citing_id else None
    if own and own[1] == telegram.series.rstrip("0123456789") and telegram.number >= own[2]:
        return [telegram.id(citing_year - 1)]
    return [telegram.id(citing_year), telegram.id(citing_year - 1)]


# ----------------------------------------------------------------------------- the store


def stored_ids(store: Store, ids: Iterable[str]) -> set[str]:
    wanted = sorted(set(ids))
    if not wanted:
        return set()
    with store.connection() as connection:
        return set(connection.scalars(select(CableRow.id).where(CableRow.id.in_(wanted))))


def find_cable_id(store: Store, written: str, user: Principal | None = None) -> str:
    """A cable id as a user or a REF line writes it, as the store holds it.

    'STATE 39690' (no year) matches any year the store holds; several matches are a
    `LookupError` naming them, as is no match. For a user, only cables they may read match.
    """
    text = written.strip()
    if _own(text.upper()) and _visible(store, stored_ids(store, [text.upper()]), user):
        return text.upper()
    telegram = parse_telegram(text)
    if telegram is None:
        raise LookupError(f"{written!r} is not a cable id (e.g. 08STATE39690, 'STATE 39690')")
    if telegram.year is not None:
        found = telegram.id(telegram.year)
        if not _visible(store, stored_ids(store, [found]), user):
            raise LookupError(f"no cable {found} in the store")
        return found
    with store.connection() as connection:
        matches = sorted(
            connection.scalars(select(CableRow.id).where(CableRow.id.like(f"__{telegram.series}")))
        )
    matches = sorted(_visible(store, {m for m in matches if m[2:] == telegram.series}, user))
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise LookupError(f"no cable {telegram.series} of any year in the store")
    raise LookupError(f"{written!r} names no year and matches {', '.join(matches)}")


def _visible(store: Store, ids: set[str], user: Principal | None) -> set[str]:
    """The stored ids this user may read some of; every one for no user. A cable the user
    may not read is, to them, not stored: its existence is not disclosed."""
    if user is None:
        return ids
    return {i for i in ids if store.get(i, user) is not None}


# ----------------------------------------------------------------------------- references


@dataclass(frozen=True)
class Mention:
    """Where a cable's text points at its references: "(Refs A, C and D)", "para 3 reftel"."""

    paragraph: int
    """Index of the paragraph (the provenance key)."""
    number: int | None
    start: int
    """Offsets of the mention in `Cable.body`."""
    end: int
    text: str
    letters: tuple[str, ...]
    """Letters written; empty for a bare REFTEL."""
    targets: tuple[int, ...]
    """Positions in `Cable.references` the mention resolves to."""
    cited_paragraphs: tuple[int, ...]
    """Paragraphs of the cited cable named ("ref A para 3")."""
    status: MentionStatus


@dataclass(frozen=True)
class Link:
    """One reference of a cable, read: the id it names, whether the store holds it, and the
    mentions of it in the text."""

    position: int
    letter: str | None
    raw: str
    id: str | None
    year_inferred: bool
    telegram: bool
    stored: bool
    mentions: tuple[Mention, ...] = ()

    @property
    def status(self) -> Status:
        if not self.telegram:
            return "not a telegram"
        if self.id is None:
            return "year unknown"
        return "stored" if self.stored else "missing"


def _candidates(reference: Reference, citing_id: str, citing_year: int | None) -> list[str]:
    if reference.id and not reference.year_inferred:
        return [reference.id]
    telegram = parse_telegram(reference.raw)
    if telegram is None:
        return [reference.id] if reference.id else []
    return candidate_ids(telegram, citing_id, citing_year)


def _year(cable: Cable) -> int | None:
    when = cable.created or cable.dtg_utc
    return when.year if when else None


def _read_links(
    references: list[Reference], citing_id: str, citing_year: int | None, stored: set[str]
) -> list[Link]:
    links = []
    for position, reference in enumerate(references):
        candidates = _candidates(reference, citing_id, citing_year)
        found = next((c for c in candidates if c in stored), None)
        telegram = parse_telegram(reference.raw)
        if reference.id and not reference.year_inferred:
            inferred = False
        elif telegram is not None:
            inferred = telegram.year is None
        else:
            inferred = reference.year_inferred
        links.append(
            Link(
                position=position,
                letter=reference.letter,
                raw=reference.raw,
                id=found or (candidates[0] if candidates else None),
                year_inferred=inferred,
                telegram=bool(reference.id) or telegram is not None,
                stored=found is not None,
            )
        )
    return links


def links(store: Store, cable: Cable, user: Principal | None = None) -> list[Link]:
    """The cable's references, read and checked against the store (against what the user may
    read, for a user), with their mentions."""
    year = _year(cable)
    wanted = [c for r in cable.references for c in _candidates(r, cable.id, year)]
    stored = _visible(store, stored_ids(store, wanted), user)
    read = _read_links(cable.references, cable.id, year, stored)
    mentions = find_mentions(cable)
    return [
        replace(link, mentions=tuple(m for m in mentions if i in m.targets))
        for i, link in enumerate(read)
    ]


# ----------------------------------------------------------------------------- in-text mentions


@cache
def _keyword_pattern() -> re.Pattern[str]:
    words = _data()["mention_keywords"]
    forms = sorted([*words["singular"], *words["plural"]], key=len, reverse=True)
    paragraphs = r"PARA(?:GRAPH)?S?\.?\s*(?P<pre>\d+(?:\s*(?:,|AND|&|-)\s*\d+)*)\s*(?:OF\s+|IN\s+)?"
    return re.compile(rf"(?:\b{paragraphs})?\b(?P<kw>{'|'.join(forms)})\b", re.IGNORECASE)


_LETTER = re.compile(r"\s*(?:\(\s*(?P<boxed>[A-Za-z])\s*\)|(?P<bare>[A-Za-z]))(?![A-Za-z0-9])")
_CONNECTOR = re.compile(r"\s*(?:(,)\s*(?:and\s+)?|(and)\s+|(&)\s*|(-)\s*|(through|thru)\s+)", re.I)
_AFTER = re.compile(r"\s*([A-Za-z]+)")
_PARAS_AFTER = re.compile(
    r"\s*,?\s*(?:PARA(?:GRAPH)?S?\.?|¶)\s*(?P<paras>\d+(?:\s*(?:,|AND|&|-)\s*\d+)*)", re.I
)
_LINK_WORDS = frozenset({"AND", "PARA", "PARAS", "PARAGRAPH", "PARAGRAPHS", "THROUGH", "THRU"})


def _numbers(text: str | None) -> tuple[int, ...]:
    if not text:
        return ()
    out: list[int] = []
    for part in re.split(r"\s*(?:,|AND|&)\s*", text, flags=re.I):
        bounds = [int(n) for n in re.findall(r"\d+", part)]
        if len(bounds) == 2 and bounds[0] < bounds[1]:
            out.extend(range(bounds[0], bounds[1] + 1))
        else:
            out.extend(bounds)
    return tuple(dict.fromkeys(out))


def _letter_ok(
    text: str, match: re.Match[str], keyword: str, all_caps: bool, lettered: set[str]
) -> bool:
    """A single letter after REF is a reference letter unless it may read as a word ('reftel a
    meeting', 'ref a discussion'): then it must be followed by punctuation or a linking word,
    or be upper case in mixed-case text, or, in all-capitals text, be one of several letters
    of the REF list."""
    if match.group("boxed"):
        return True
    letter = match.group("bare")
    rest = text[match.end() :]
    if not rest.strip() or not rest[:1].isspace() or rest.lstrip()[:1] in ",.;:)]":
        return True
    after = _AFTER.match(rest)
    if after and after.group(1).upper() in _LINK_WORDS:
        return True
    if not letter.isupper():
        return False
    if keyword in _data()["mention_keywords"]["bare_needs_punctuation"] or not all_caps:
        return True
    return len(lettered) > 1 and letter in lettered


def _letters(
    text: str, pos: int, keyword: str, all_caps: bool, lettered: set[str]
) -> tuple[list[str], int]:
    """Letters written after a keyword from `pos`: 'A', 'A, C and D', 'A-C', '(A) AND (B)'."""
    letters: list[str] = []
    end = pos
    span_range = False
    while True:
        match = _LETTER.match(text, end)
        if not match or not _letter_ok(text, match, keyword, all_caps, lettered):
            break
        letter = (match.group("boxed") or match.group("bare")).upper()
        if span_range and letters and letters[-1] < letter:
            letters.extend(chr(c) for c in range(ord(letters[-1]) + 1, ord(letter) + 1))
        else:
            letters.append(letter)
        end = match.end()
        connector = _CONNECTOR.match(text, end)
        if not connector or not _LETTER.match(text, connector.end()):
            break
        span_range = bool(connector.group(4) or connector.group(5))
        end = connector.end()
    return letters, end


def find_mentions(cable: Cable) -> list[Mention]:
    """Every in-text pointer at the cable's references, resolved to the lettered list."""
    words = _data()["mention_keywords"]
    plural = {w.upper() for w in words["plural"]}
    letters_required = {w.upper() for w in words["letters_required"]}
    bare_punctuation = {w.upper() for w in words["bare_needs_punctuation"]}
    lettered: dict[str, list[int]] = {}
    for position, reference in enumerate(cable.references):
        if reference.letter:
            lettered.setdefault(reference.letter.upper(), []).append(position)
    mentions: list[Mention] = []
    for paragraph in cable.paragraphs:
        raw = cable.body[paragraph.start : paragraph.end]
        all_caps = not any(c.islower() for c in raw)
        for match in _keyword_pattern().finditer(raw):
            keyword = match.group("kw").upper()
            letters, end = _letters(raw, match.end(), keyword, all_caps, set(lettered))
            if not letters and keyword in letters_required:
                continue
            if not letters and keyword in bare_punctuation:
                following = raw[match.end() :].lstrip()
                if following and following[0] not in ").,;:]":
                    continue
            after = _PARAS_AFTER.match(raw, end)
            if after:
                end = after.end()
            cited = _numbers(match.group("pre")) + _numbers(after.group("paras") if after else None)
            targets, status = _resolve(cable.references, lettered, letters, keyword in plural)
            mentions.append(
                Mention(
                    paragraph=paragraph.index,
                    number=paragraph.number,
                    start=paragraph.start + match.start(),
                    end=paragraph.start + end,
                    text=" ".join(raw[match.start() : end].split()),
                    letters=tuple(letters),
                    targets=targets,
                    cited_paragraphs=tuple(dict.fromkeys(cited)),
                    status=status,
                )
            )
    return mentions


def _resolve(
    references: list[Reference], lettered: dict[str, list[int]], letters: list[str], plural: bool
) -> tuple[tuple[int, ...], MentionStatus]:
    if not references:
        return (), "no references"
    if letters:
        if lettered:
            targets = [p for letter in letters for p in lettered.get(letter, [])]
            known = all(letter in lettered for letter in letters)
            return tuple(dict.fromkeys(targets)), "resolved" if known else "unknown letter"
        # An unlettered list read in order: A is the first reference.
        ordinals = [ord(letter) - ord("A") for letter in letters]
        if all(0 <= o < len(references) for o in ordinals):
            return tuple(dict.fromkeys(ordinals)), "by order"
        return (), "unknown letter"
    everything = tuple(range(len(references)))
    if len(references) == 1 or plural:
        return everything, "resolved"
    return everything, "ambiguous"


# ----------------------------------------------------------------------------- chains


@dataclass(frozen=True)
class Summary:
    id: str
    date: datetime | None
    origin: str | None
    subject: str | None
    classification: str | None

    @classmethod
    def of(cls, cable: Cable) -> Summary:
        return cls(
            id=cable.id,
            date=cable.created or cable.dtg_utc,
            origin=cable.origin,
            subject=cable.subject,
            classification=cable.classification,
        )


@dataclass
class Node:
    """A cable in a chain, and how it is tied to its parent.

    For a node found going out, `letter`, `raw` and `mentions` are the parent's reference to it
    and the parent's text pointing at it; going in, they are this cable's reference to the
    parent and this cable's text pointing at the parent.
    """

    id: str | None
    status: Status
    direction: Literal["out", "in"] | None = None
    cable: Summary | None = None
    letter: str | None = None
    raw: str | None = None
    year_inferred: bool = False
    mentions: list[Mention] = field(default_factory=list)
    unresolved: list[Mention] = field(default_factory=list)
    """For an expanded cable: its own mentions that point at no reference it lists (a letter
    its REF line lacks, or a REF line the archive lost)."""
    children: list[Node] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        cable = self.cable
        return {
            "id": self.id,
            "status": self.status,
            "direction": self.direction,
            "letter": self.letter,
            "raw": self.raw,
            "year_inferred": self.year_inferred,
            "date": cable.date.isoformat() if cable and cable.date else None,
            "origin": cable.origin if cable else None,
            "subject": cable.subject if cable else None,
            "classification": cable.classification if cable else None,
            "mentions": [_mention_dict(m) for m in self.mentions],
            "unresolved": [_mention_dict(m) for m in self.unresolved],
            "children": [child.to_dict() for child in self.children],
        }

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()


def _mention_dict(mention: Mention) -> dict[str, Any]:
    return {
        "paragraph": mention.paragraph,
        "number": mention.number,
        "start": mention.start,
        "end": mention.end,
        "text": mention.text,
        "letters": list(mention.letters),
        "cited_paragraphs": list(mention.cited_paragraphs),
        "status": mention.status,
    }


def _unresolved(cable: Cable) -> list[Mention]:
    return [m for m in find_mentions(cable) if m.status in ("no references", "unknown letter")]


def citing(store: Store, cable_id: str, user: Principal | None = None) -> list[tuple[Cable, Link]]:
    """The stored cables (that the user may read) whose references resolve to this cable, each
    with that reference."""
    own = _own(cable_id)
    if own is None:
        return []
    year, series, number = own
    later = f"{(year + 1) % 100:02d}{series}{number}"
    with store.connection() as connection:
        rows = connection.execute(
            select(ReferenceRow.cable_id)
            .where(
                or_(
                    ReferenceRow.ref_id == cable_id,
                    (ReferenceRow.ref_id == later) & ReferenceRow.year_inferred,
                    ReferenceRow.ref_id.is_(None) & ReferenceRow.raw.contains(str(number)),
                )
            )
            .distinct()
        ).all()
    found: list[tuple[Cable, Link]] = []
    for (citer_id,) in sorted(rows):
        cable = store.get(citer_id, user)
        if cable is None or cable.id == cable_id:
            continue
        found.extend((cable, link) for link in links(store, cable, user) if link.id == cable_id)
    return found


def chain(
    store: Store,
    cable_id: str,
    depth: int = 2,
    direction: Direction = "out",
    user: Principal | None = None,
) -> Node:
    """The reference tree around a stored cable, `depth` steps out, in, or both ways.

    Each cable is expanded once; met again, it is listed as 'repeated' without children. For
    a user, cables they may not read count as not stored, and the cables they may read show
    only the paragraphs they may read.
    """
    root = store.get(cable_id, user)
    if root is None:
        raise LookupError(f"no cable {cable_id} in the store")
    node = Node(id=root.id, status="root", cable=Summary.of(root), unresolved=_unresolved(root))
    expanded = {root.id}
    frontier: list[tuple[Node, Cable, str | None]] = [(node, root, None)]
    for _ in range(depth):
        following: list[tuple[Node, Cable, str | None]] = []
        for parent, cable, came_from in frontier:
            if direction in ("out", "both"):
                following.extend(_out(store, parent, cable, came_from, expanded, user))
            if direction in ("in", "both"):
                following.extend(_in(store, parent, cable, came_from, expanded, user))
        frontier = following
    return node


def _out(
    store: Store,
    parent: Node,
    cable: Cable,
    came_from: str | None,
    expanded: set[str],
    user: Principal | None,
) -> list[tuple[Node, Cable, str | None]]:
    grown: list[tuple[Node, Cable, str | None]] = []
    for link in links(store, cable, user):
        if link.id is not None and link.id == came_from:
            continue  # the cable this one was reached from, going in
        child = Node(
            id=link.id,
            status=link.status,
            direction="out",
            letter=link.letter,
            raw=link.raw,
            year_inferred=link.year_inferred,
            mentions=list(link.mentions),
        )
        cited = store.get(link.id, user) if link.stored and link.id else None
        if cited is not None:
            child.cable = Summary.of(cited)
            _follow(child, cited, cable.id, expanded, grown)
        parent.children.append(child)
    return grown


def _in(
    store: Store,
    parent: Node,
    cable: Cable,
    came_from: str | None,
    expanded: set[str],
    user: Principal | None,
) -> list[tuple[Node, Cable, str | None]]:
    grown: list[tuple[Node, Cable, str | None]] = []
    for citer, link in citing(store, cable.id, user):
        if citer.id == came_from:
            continue  # the cable this one was reached from, going out
        child = Node(
            id=citer.id,
            status="stored",
            direction="in",
            cable=Summary.of(citer),
            letter=link.letter,
            raw=link.raw,
            year_inferred=link.year_inferred,
            mentions=list(link.mentions),
        )
        _follow(child, citer, cable.id, expanded, grown)
        parent.children.append(child)
    return grown


def _follow(
    child: Node,
    cable: Cable,
    came_from: str,
    expanded: set[str],
    grown: list[tuple[Node, Cable, str | None]],
) -> None:
    """A cable met before is marked repeated; a new one is queued to be followed further."""
    if cable.id in expanded:
        child.status = "repeated"
    else:
        expanded.add(cable.id)
        child.unresolved = _unresolved(cable)
        grown.append((child, cable, came_from))


# ----------------------------------------------------------------------------- totals


@dataclass(frozen=True)
class ReferenceTotals:
    """How the store's references resolve: to stored cables, to telegrams not stored, or to
    documents that are no telegrams (e-mails, memcons, reports)."""

    cables: int
    references: int
    stored: int
    missing: int
    not_telegram: int
    year_unknown: int
    cited_stored: list[tuple[str, str]]
    """(citing, cited) pairs where both are stored."""


def totals(store: Store) -> ReferenceTotals:
    with store.connection() as connection:
        ids = set(connection.scalars(select(CableRow.id)))
        years = {i: y for i, y in connection.execute(select(CableRow.id, CableRow.year))}
        rows = connection.execute(
            select(
                ReferenceRow.cable_id,
                ReferenceRow.letter,
                ReferenceRow.ref_id,
                ReferenceRow.raw,
                ReferenceRow.year_inferred,
            ).order_by(ReferenceRow.cable_id, ReferenceRow.position)
        ).all()
    by_cable: dict[str, list[Reference]] = {}
    for cable_id, letter, ref_id, raw, inferred in rows:
        by_cable.setdefault(cable_id, []).append(
            Reference(letter=letter, id=ref_id, raw=raw, year_inferred=inferred)
        )
    read = [
        (cable_id, link)
        for cable_id, references in by_cable.items()
        for link in _read_links(references, cable_id, years.get(cable_id), ids)
    ]
    statuses = [link.status for _, link in read]
    return ReferenceTotals(
        cables=len(ids),
        references=len(read),
        stored=statuses.count("stored"),
        missing=statuses.count("missing"),
        not_telegram=statuses.count("not a telegram"),
        year_unknown=statuses.count("year unknown"),
        cited_stored=sorted((c, link.id) for c, link in read if link.stored and link.id),
    )
