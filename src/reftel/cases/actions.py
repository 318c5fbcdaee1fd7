"""Action requests tracked: who must do what, since when, and whether they have answered.

Every action request (`Cable.action_requests`) becomes one item per post that must act: the
post it names ("Embassy Beijing"), or the cable's action addressees when it says "Post(s)" or
names none. An item is answered by a later cable from that post that cites the request cable
among its references, or that matches it by content within a window after the request: its
subject is like the request's, and it names a party of the request or shares a specific
subject tag. A later cable from the post that shares parties or the subject alone is listed as
related, not as the answer.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Literal

from rapidfuzz import fuzz
from spacy.lang.en.stop_words import STOP_WORDS
from sqlalchemy import func, or_, select

from reftel.cases.refs import citing
from reftel.extraction.lexicons import countries
from reftel.reading.conventions import load
from reftel.record import Cable
from reftel.store.repository import Store
from reftel.store.schema import ActionRequestRow, CableRow

if TYPE_CHECKING:
    from reftel.access.principal import Principal

SUBJECT_SIMILARITY = 70
"""rapidfuzz token-set ratio (0-100) at which two subjects are on the same matter."""


@cache
def _data() -> dict[str, Any]:
    text = resources.files("reftel").joinpath("data/cases/actions.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


# ----------------------------------------------------------------------------- posts


@dataclass(frozen=True)
class Post:
    """A US post or office: 'Embassy Beijing' is kind 'Embassy', place 'BEIJING'; a named
    office ('Secretary of State') has no kind and its name as place."""

    kind: str | None
    place: str

    @property
    def name(self) -> str:
        place = self.place.title() if self.kind else _named_display().get(self.place, self.place)
        return f"{self.kind} {place}" if self.kind else place

    def places(self) -> set[tuple[str, ...]]:
        """The place as words, with the capital of a country named as a place ('Embassy
        Belize' is in Belmopan) and the country of a capital."""
        words = tuple(self.place.split())
        found = {words}
        for entry in countries().values():
            names = {entry["name"].upper(), *(a.upper() for a in entry.get("aliases", []))}
            capital = str(entry.get("capital") or "").upper()
            if self.place in names and capital:
                found.add(tuple(capital.split()))
            if capital and self.place == capital:
                found.add(tuple(entry["name"].upper().split()))
        return found

    def matches(self, other: Post) -> bool:
        if self.kind and other.kind and self.kind != other.kind:
            return False
        return any(_prefix(a, b) or _prefix(b, a) for a in self.places() for b in other.places())


def _prefix(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    return bool(short) and long[: len(short)] == short


@cache
def _named_display() -> dict[str, str]:
    return {origin.upper(): origin for origin in load().named_origins.values()}


@cache
def _kinds() -> list[str]:
    """Post kinds as origins name them ('Embassy', 'US Interests Section'), longest first."""
    return sorted(set(load().post_prefixes.values()), key=len, reverse=True)


_ROUTING = re.compile(r"^[A-Z0-9]+/")
_SERIALS = re.compile(r"(?:\s+\d[\d-]*)+$")


def post_from_address(address: str) -> Post:
    """'ZEN/AMEMBASSY BELMOPAN NIACT IMMEDIATE 2276-2279' -> Embassy Belmopan; 'SECSTATE
    WASHDC' -> Secretary of State; an address of no known form keeps its name."""
    conventions = load()
    name = _SERIALS.sub("", _ROUTING.sub("", " ".join(address.upper().split())))
    for word in sorted(conventions.precedence_words, key=len, reverse=True):
        if name.endswith(" " + word):
            name = name[: -len(word) - 1]
            break
    if name in conventions.named_origins:
        return Post(None, conventions.named_origins[name].upper())
    prefix, _, place = name.partition(" ")
    if prefix in conventions.post_prefixes and place:
        return Post(conventions.post_prefixes[prefix], place)
    return Post(None, name)


def post_from_origin(origin: str) -> Post:
    """'Embassy Beijing' -> Embassy, BEIJING; 'Secretary of State' -> the named office."""
    for kind in _kinds():
        if origin.lower().startswith(kind.lower() + " "):
            return Post(kind, origin[len(kind) + 1 :].upper().strip())
    return Post(None, origin.upper().strip())


def _cable_post(cable: Cable) -> Post | None:
    if cable.origin:
        return post_from_origin(cable.origin)
    return post_from_address(cable.from_.name) if cable.from_ else None


def _generic(text: str) -> bool:
    words = {w.lower() for w in _data()["generic_addressees"]["words"]}
    return text.strip().lower() in words


def _named(text: str) -> Post | None:
    for entry in _data()["named_addressees"]["entries"]:
        if text.strip().lower() in {w.lower() for w in entry["words"]}:
            return post_from_address(entry["address"])
    return None


def _post_word(text: str) -> tuple[str | None, str] | None:
    """'Embassy Beijing' -> ('Embassy', 'Beijing'); 'US Embassy Tokyo' -> ('Embassy', 'Tokyo')."""
    for word in sorted(load().post_words, key=len, reverse=True):
        if text.lower().startswith(word.lower() + " "):
            kind = next((k for k in _kinds() if k.lower() in word.lower()), None)
            return kind, text[len(word) + 1 :].strip()
    return None


def addressee_posts(cable: Cable, addressee: str | None) -> list[Post]:
    """The posts an action request's addressee stands for, named as the cable addresses them.

    None or 'Post(s)' -> every action addressee (TO line); 'Department' -> Washington; a post
    by name ('Embassy Belize', 'USUN') -> the TO or INFO addressee it matches, else itself.
    """
    action = [post_from_address(a.name) for a in cable.to]
    if addressee is None or _generic(addressee):
        return list(dict.fromkeys(action))
    named = _named(addressee)
    if named is not None:
        return [named]
    kind_place = _post_word(addressee)
    wanted = Post(kind_place[0], kind_place[1].upper()) if kind_place else Post(None, addressee)
    listed = [*action, *(post_from_address(a.name) for a in cable.info)]
    found = [post for post in listed if post.matches(wanted)]
    return list(dict.fromkeys(found)) or [wanted]


def post_for_query(text: str) -> Post:
    """A post as a user names it: 'Beijing', 'Embassy Beijing', 'AMEMBASSY BEIJING'."""
    kind_place = _post_word(text)
    if kind_place:
        return Post(kind_place[0], kind_place[1].upper())
    named = _named(text)
    if named:
        return named
    address = post_from_address(text)
    return address if address.kind else post_from_origin(text)


# ----------------------------------------------------------------------------- items


Match = Literal["cites the request", "content"]


@dataclass(frozen=True)
class Response:
    cable_id: str
    date: datetime | None
    subject: str | None
    how: Match
    evidence: list[str]
    """What tied it to the request: the reference, or the subject, parties and tags shared."""


@dataclass
class ActionItem:
    """One thing one post was asked to do, and whether a later cable of theirs answers it."""

    cable_id: str
    since: datetime | None
    """When it was asked: the request cable's date."""
    paragraph: int | None
    addressee: str | None
    """As the cable writes it."""
    post: str
    request: str
    subject: str | None
    response: Response | None = None
    candidates: list[str] = field(default_factory=list)
    """Later cables from the post that matched on one kind of evidence only."""

    @property
    def status(self) -> Literal["open", "answered"]:
        return "answered" if self.response else "open"

    def to_dict(self) -> dict[str, Any]:
        response = self.response
        return {
            "cable": self.cable_id,
            "since": self.since.isoformat() if self.since else None,
            "paragraph": self.paragraph,
            "addressee": self.addressee,
            "post": self.post,
            "request": self.request,
            "subject": self.subject,
            "status": self.status,
            "response": None
            if response is None
            else {
                "cable": response.cable_id,
                "date": response.date.isoformat() if response.date else None,
                "subject": response.subject,
                "how": response.how,
                "evidence": response.evidence,
            },
            "candidates": self.candidates,
        }


def _when(cable: Cable) -> datetime | None:
    when = cable.created or cable.dtg_utc
    return when.replace(tzinfo=None) if when else None


def actions(
    store: Store,
    post: str | None = None,
    only_open: bool = False,
    user: Principal | None = None,
) -> list[ActionItem]:
    """Every action request in the store, per post that must act, oldest first.

    For a user, only what they may read: requests in paragraphs withheld from them are not
    listed, and a response they may not read does not answer (to them the item stays open).
    """
    with store.connection() as connection:
        request_cables = list(
            connection.scalars(select(ActionRequestRow.cable_id).distinct().order_by("cable_id"))
        )
    wanted = post_for_query(post) if post else None
    drafts: list[_Draft] = []
    for cable_id in request_cables:
        cable = store.get(cable_id, user)
        if cable is None:
            continue
        for request in cable.action_requests:
            for target in addressee_posts(cable, request.addressee):
                if wanted is None or target.matches(wanted):
                    drafts.append(
                        _Draft(cable, request.paragraph, request.addressee, target, request.request)
                    )
    tracked = [_track(store, draft, user) for draft in drafts]
    tracked.sort(key=lambda i: (i.since or datetime.min, i.cable_id, i.paragraph or 0, i.post))
    return [i for i in tracked if not only_open or i.status == "open"]


@dataclass(frozen=True)
class _Draft:
    """A request for one post, before its response is looked for."""

    cable: Cable
    paragraph: int | None
    addressee: str | None
    post: Post
    request: str


def _track(store: Store, draft: _Draft, user: Principal | None) -> ActionItem:
    cable = draft.cable
    item = ActionItem(
        cable_id=cable.id,
        since=_when(cable),
        paragraph=draft.paragraph,
        addressee=draft.addressee,
        post=draft.post.name,
        request=draft.request,
        subject=cable.subject,
    )
    since = item.since
    cited = [
        (citer, link)
        for citer, link in citing(store, cable.id, user)
        if _from(citer, draft.post) and _after(citer, since)
    ]
    if cited:
        citer, link = min(cited, key=lambda pair: (_when(pair[0]) or datetime.max, pair[0].id))
        label = f"ref {link.letter}: {link.raw}" if link.letter else f"ref: {link.raw}"
        item.response = Response(
            citer.id, _when(citer), citer.subject, "cites the request", [label]
        )
        return item
    request_parties = _parties(store, cable.id, user)
    for later in _later_from(store, draft.post, since, user):
        evidence = _evidence(cable, request_parties, later, _parties(store, later.id, user))
        kinds = {kind for kind, _ in evidence}
        if "subject" in kinds and kinds & {"parties", "tags"}:
            item.response = Response(
                later.id, _when(later), later.subject, "content", [text for _, text in evidence]
            )
            return item
        if kinds & {"subject", "parties"}:
            item.candidates.append(later.id)
    return item


def _from(cable: Cable, post: Post) -> bool:
    own = _cable_post(cable)
    return own is not None and own.matches(post)


def _after(cable: Cable, since: datetime | None) -> bool:
    when = _when(cable)
    return since is None or (when is not None and when > since)


def _later_from(
    store: Store, post: Post, since: datetime | None, user: Principal | None
) -> list[Cable]:
    """Cables from the post after `since`, within the response window, oldest first."""
    if since is None:
        return []
    window = timedelta(days=_data()["response_window_days"]["days"])
    words = [w for place in post.places() for w in place[:1]]
    with store.connection() as connection:
        ids = list(
            connection.scalars(
                select(CableRow.id)
                .where(
                    CableRow.created > since,
                    CableRow.created <= since + window,
                    or_(*(func.upper(CableRow.origin).contains(w, autoescape=True) for w in words)),
                )
                .order_by(CableRow.created, CableRow.id)
            )
        )
    cables = [store.get(i, user) for i in ids]
    return [c for c in cables if c is not None and _from(c, post)]


def _parties(store: Store, cable_id: str, user: Principal | None) -> dict[str, str]:
    """Folded name or alias -> name, for the parties the stored facts of a cable name (those
    of its paragraphs the user may read)."""
    facts = store.facts(cable_id, user)
    if facts is None:
        return {}
    config = _data()["parties"]
    found: dict[str, str] = {}
    for entity in facts.entities:
        if entity.type not in config["entity_types"]:
            continue
        if entity.subtype in config["excluded_subtypes"]:
            continue
        for form in [entity.name, *entity.aliases]:
            found.setdefault(_fold(form), entity.name)
    return found


def _same_party(a: str, b: str) -> bool:
    """Folded names of one party: equal, or one of two words or more opening the other (an
    extracted name may run on by a word: 'Acme Trading to')."""
    if a == b:
        return True
    short, long = sorted((a.split(), b.split()), key=len)
    return len(short) >= 2 and long[: len(short)] == short


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


_SUBJECT_MARKING = re.compile(r"^\s*\([A-Z/ ,]{1,24}\)\s*|\s*\([A-Z/ ,]{1,24}\)\s*$", re.I)


def _subject(subject: str) -> str:
    """A subject's content words, without the portion marking it may open or close with
    ('(S) ...') or function words, which make unrelated subjects look alike."""
    words = _fold(_SUBJECT_MARKING.sub(" ", subject)).split()
    return " ".join(w for w in words if w not in STOP_WORDS)


def _subject_tags(cable: Cable) -> set[str]:
    """Subject tags specific enough to tie two cables: not countries, not the broad ones."""
    config = _data()["tags"]
    broad = set(config["broad"])
    tags = {t.strip().upper() for t in cable.tags}
    return {t for t in tags if len(t) > config["country_tag_length"] and t not in broad}


def _evidence(
    request: Cable, request_parties: dict[str, str], later: Cable, later_parties: dict[str, str]
) -> list[tuple[str, str]]:
    evidence: list[tuple[str, str]] = []
    if request.subject and later.subject:
        score = fuzz.token_set_ratio(_subject(request.subject), _subject(later.subject))
        if score >= SUBJECT_SIMILARITY:
            evidence.append(("subject", f"subject {score:.0f}% alike: {later.subject}"))
    shared = sorted(
        {
            request_parties[mine]
            for mine in request_parties
            for theirs in later_parties
            if _same_party(mine, theirs)
        }
    )
    if shared:
        evidence.append(("parties", "parties: " + ", ".join(shared)))
    tags = sorted(_subject_tags(request) & _subject_tags(later))
    if tags:
        evidence.append(("tags", "tags: " + " ".join(tags)))
    return evidence
