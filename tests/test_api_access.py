"""The access-control matrix of the REST API: every route of the OpenAPI schema, for every user
(none, U, C, S, S with NOFORN), over the invented cables of `tests/cables/access/`.

For each route the calls below prove that a user gets neither withheld content nor a hint of
it: no withheld word, title or cable id appears in any response (bodies, counts, snippets,
error messages), a thing they may not see answers exactly as a thing that does not exist (same
status, same body but for the id asked), routes that read no cable answer every user alike, and
a caller with no credentials gets the same 401 everywhere. A route added to the API without a
row here fails `test_every_route_is_in_the_matrix`.
"""

# ruff: noqa: E731  (one-line calls, each named `call` for the check it is passed to)
from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from reftel.access.portions import SUBJECT
from reftel.api.app import create_app
from reftel.extraction import Extraction
from reftel.record import Cable
from reftel.store import cases as case_store
from reftel.store import resolution as stored
from tests.api_support import (
    ATHENS,
    READABLE,
    USERS,
    VALLETTA,
    VISIBLE,
    Api,
    make_api,
    read_access_cables,
    wait_for,
)
from tests.helpers import PROBES as ACCESS_PROBES

PROBES = [w for w in ACCESS_PROBES if w not in ("Kestrel", "Department advise")]
"""Words of 09VALLETTA101's paragraphs: withheld exactly where every paragraph with it is."""
ATHENS_WORDS = [ATHENS, "ATHENS 04410", "Heliotrope", "Piraeus", "vacuum"]
"""The CONFIDENTIAL cable: a U reader may not learn it exists."""
SUBJECT_WORDS = ["Marsaxlokk"]
"""Only in 09VALLETTA101's (C) subject line."""
TITLE = "Procurement Network"
"""The heading above paragraph 4 (S//NF)."""
MISSING_CABLE = "09NOWHERE999"
MISSING_ENTITY = "09NOWHERE999:e1"
MISSING_CASE = "no such case"
SECRET_CASE = "network seven"
MIXED_CASE = "network eight"
"""A saved case seeded by a party everyone may read and by the S//NOFORN-only party's name."""
"""A saved case whose only seed is named in a paragraph only S//NOFORN readers may read."""


@pytest.fixture(scope="module")
def extracted() -> list[tuple[Cable, Extraction]]:
    return read_access_cables()


@dataclass
class World:
    """The API over the stored cables, and what each user may and may not see in it."""

    api: Api
    forbidden: dict[str, list[str]]
    members: dict[str, set[str]] = field(default_factory=dict)
    """Per-cable entity id -> users who may see it."""
    parties: dict[str, set[str]] = field(default_factory=dict)
    """Canonical entity id -> users who may see it."""
    judgements: dict[int, set[str]] = field(default_factory=dict)
    job: str = ""
    secret_seed: str = ""


def _readable(user: str, cable: str, number: int | None, paragraph: int) -> bool:
    if cable not in VISIBLE[user]:
        return False
    if cable != VALLETTA:
        return True
    if paragraph == SUBJECT:
        return user != "u"
    return number in READABLE[user]


@pytest.fixture
def world(db_url: str, extracted: list[tuple[Cable, Extraction]]) -> Iterator[World]:
    api = make_api(db_url, extracted)
    store = api.store
    valletta = store.get(VALLETTA)
    assert valletta is not None
    forbidden: dict[str, list[str]] = {}
    for user in USERS:
        words = [
            w
            for w in PROBES
            if not {p.number for p in valletta.paragraphs if w.lower() in p.text.lower()}
            & READABLE[user]
        ]
        if ATHENS not in VISIBLE[user]:
            words += ATHENS_WORDS
        if user == "u":
            words += SUBJECT_WORDS
        if 4 not in READABLE[user]:
            words.append(TITLE)
        forbidden[user] = words
    assert forbidden["s_nf"] == [] and "gyroscopes" in forbidden["c"]  # the matrix bites
    found = World(api, forbidden)
    for cable_id in store.ids():
        facts = store.facts(cable_id)
        assert facts is not None
        for entity in facts.entities:
            found.members[entity.id] = {
                u
                for u in USERS
                if any(
                    _readable(u, m.source.cable, m.source.number, m.source.paragraph)
                    for m in entity.mentions
                )
            }
    with stored.connect(store) as connection:
        for member, party in stored.membership(connection).items():
            found.parties.setdefault(party, set()).update(found.members.get(member, set()))
        for judgement in stored.judgements(connection, live=False):
            ends = [e for p in judgement.pairs for e in (p.left.id, p.right.id)]
            found.judgements[judgement.id or 0] = set.intersection(
                *(found.members.get(e, set()) for e in ends)
            )
    assert any(seen == set(USERS) for seen in found.parties.values())
    assert any(seen == {"s_nf"} for seen in found.parties.values())
    zarin = [e for e, seen in found.members.items() if seen == {"s_nf"} and "e" in e]
    assert zarin, "some entity is named only in S//NOFORN text"
    case_store.save_case(store, SECRET_CASE, [zarin[0]], 1, [], [], [])
    found.secret_seed = zarin[0]
    zarin_facts = store.facts(zarin[0].split(":")[0])
    assert zarin_facts is not None
    zarin_name = next(e.name for e in zarin_facts.entities if e.id == zarin[0])
    assert "Zarin" in zarin_name
    case_store.save_case(store, MIXED_CASE, ["Orion Pumps Limited", zarin_name], 1, [], [], [])
    upload = api.client.post(
        "/api/ingest",
        headers=api.headers("admin"),
        files={"file": ("empty.txt", b"not a cable at all\n", "text/plain")},
    )
    assert upload.status_code == 202, upload.text
    found.job = upload.json()["id"]
    wait_for(api, found.job)
    yield found
    api.client.close()


# --- the checks --------------------------------------------------------------------------------


def _text(response: Any) -> str:
    return str(response.text)


def _no_leak(world: World, user: str, response: Any, where: str, asked: str = "") -> None:
    """No withheld word in the response; `asked`, what the caller named, may be echoed."""
    assert response.status_code < 500, f"{where}: {response.status_code} {response.text}"
    body = _text(response).replace(asked, "").lower() if asked else _text(response).lower()
    leaked = [w for w in world.forbidden[user] if w.lower() in body]
    assert not leaked, f"{where} as {user}: leaks {leaked}"


def _like_missing(
    world: World, user: str, call: Callable[[str], Any], hidden: str, missing: str, where: str
) -> None:
    """A thing the user may not see answers exactly like one that does not exist."""
    seen, absent = call(hidden), call(missing)
    assert seen.status_code == absent.status_code, f"{where} as {user}: {seen.text}"
    assert seen.status_code in (404, 422), f"{where} as {user}: {seen.status_code}"
    assert _text(seen).replace(hidden, missing) == _text(absent), f"{where} as {user}"
    _no_leak(world, user, seen, where, asked=hidden)


def _alike(world: World, call: Callable[[str], Any], where: str) -> None:
    """A route that reads no cable answers every user the same: nothing in it can depend on
    what they may read (list data and control lists may well name 'maraging steel')."""
    answers = {user: call(user) for user in USERS}
    first = answers["u"]
    assert first.status_code < 500, f"{where}: {first.text}"
    for answer in answers.values():
        assert (answer.status_code, _text(answer)) == (first.status_code, _text(first)), where


def _get(world: World, user: str, path: str, **params: Any) -> Any:
    return world.api.client.get(path, headers=world.api.headers(user), params=params)


def _post(world: World, user: str, path: str, body: Any) -> Any:
    return world.api.client.post(path, headers=world.api.headers(user), json=body)


def _visible_and_hidden(ids: dict[str, set[str]], user: str) -> tuple[list[str], list[str]]:
    return sorted(i for i, s in ids.items() if user in s), sorted(
        i for i, s in ids.items() if user not in s
    )


# --- one function per route: what it must show and withhold ---------------------------------


def me(world: World, user: str) -> None:
    answer = _get(world, user, "/api/me")
    assert answer.status_code == 200 and answer.json()["name"] == user


def login(world: World, user: str) -> None:
    right = world.api.client.post(
        "/api/session", json={"name": user, "password": f"{user}-password"}
    )
    assert right.status_code == 200 and right.json()["name"] == user
    world.api.client.cookies.clear()
    wrong = world.api.client.post("/api/session", json={"name": user, "password": "guess"})
    nobody = world.api.client.post("/api/session", json={"name": "nobody", "password": "guess"})
    assert (
        (wrong.status_code, wrong.text)
        == (nobody.status_code, nobody.text)
        == (
            401,
            nobody.text,
        )
    )


def logout(world: World, user: str) -> None:
    answer = world.api.client.delete("/api/session", headers=world.api.headers(user))
    assert answer.status_code == 204


def cables(world: World, user: str) -> None:
    answer = _get(world, user, "/api/cables", limit=50)
    _no_leak(world, user, answer, "GET /api/cables")
    assert answer.json()["total"] == len(VISIBLE[user])
    assert {h["cable_id"] for h in answer.json()["hits"]} == VISIBLE[user]
    for filters in ({"classification": "CONFIDENTIAL"}, {"tag": "ETTC"}, {"year_from": 1978}):
        _no_leak(world, user, _get(world, user, "/api/cables", **filters), f"cables {filters}")
    confidential = _get(world, user, "/api/cables", classification="CONFIDENTIAL").json()
    assert confidential["total"] == int(ATHENS in VISIBLE[user])


def search(world: World, user: str) -> None:
    for word in [*PROBES, *ATHENS_WORDS[2:], *SUBJECT_WORDS, TITLE]:
        answer = _get(world, user, "/api/search", q=f'"{word}"')
        _no_leak(world, user, answer, f"search {word!r}")
        found = answer.json()["total"]
        if word in world.forbidden[user]:
            assert found == 0 and answer.json()["hits"] == [], f"search {word!r} as {user}"
        elif word != TITLE:
            assert found == 1, f"search {word!r} as {user}: readable, so found"


def cable(world: World, user: str) -> None:
    for cable_id in (VALLETTA, ATHENS):
        call = lambda c: _get(world, user, f"/api/cables/{c}")
        if cable_id in VISIBLE[user]:
            answer = call(cable_id)
            assert answer.status_code == 200
            _no_leak(world, user, answer, f"cable {cable_id}")
        else:
            _like_missing(world, user, call, cable_id, MISSING_CABLE, f"cable {cable_id}")


def facts(world: World, user: str) -> None:
    for cable_id in (VALLETTA, ATHENS):
        call = lambda c: _get(world, user, f"/api/cables/{c}/facts")
        if cable_id in VISIBLE[user]:
            _no_leak(world, user, call(cable_id), f"facts {cable_id}")
        else:
            _like_missing(world, user, call, cable_id, MISSING_CABLE, f"facts {cable_id}")


def refs(world: World, user: str) -> None:
    for cable_id in (VALLETTA, ATHENS):
        call = lambda c: _get(world, user, f"/api/cables/{c}/refs", direction="both")
        if cable_id in VISIBLE[user]:
            _no_leak(world, user, call(cable_id), f"refs {cable_id}")
        else:
            _like_missing(world, user, call, cable_id, MISSING_CABLE, f"refs {cable_id}")


def entities(world: World, user: str) -> None:
    answer = _get(world, user, "/api/entities", limit=500)
    _no_leak(world, user, answer, "GET /api/entities")
    visible, _ = _visible_and_hidden(world.parties, user)
    assert {e["id"] for e in answer.json()["entities"]} == set(visible)
    assert answer.json()["total"] == len(visible)
    for word in PROBES:
        _no_leak(world, user, _get(world, user, "/api/entities", q=word), f"entities q={word}")


def entity(world: World, user: str) -> None:
    call = lambda e: _get(world, user, f"/api/entities/{e}")
    for ids in (world.parties, world.members):
        visible, hidden = _visible_and_hidden(ids, user)
        for ident in visible:
            answer = call(ident)
            assert answer.status_code == 200, answer.text
            _no_leak(world, user, answer, f"entity {ident}")
        for ident in hidden:
            _like_missing(world, user, call, ident, MISSING_ENTITY, f"entity {ident}")


def merge(world: World, user: str) -> None:
    visible, hidden = _visible_and_hidden(world.parties, user)
    for ident in hidden:
        call = lambda e: _post(
            world, user, "/api/entities/merge", {"first": e, "second": visible[0]}
        )
        _like_missing(world, user, call, ident, MISSING_ENTITY, f"merge {ident}")


def split(world: World, user: str) -> None:
    visible, hidden = _visible_and_hidden(world.parties, user)
    for ident in hidden:
        call = lambda e: _post(world, user, f"/api/entities/{e}/split", {"members": ["x"]})
        _like_missing(world, user, call, ident, MISSING_ENTITY, f"split {ident}")
    members = world.api.store
    with stored.connect(members) as connection:
        membership = stored.membership(connection)
    for party in visible:
        own_hidden = [
            m for m, p in membership.items() if p == party and user not in world.members[m]
        ]
        for member in own_hidden:
            call = lambda m, p=party: _post(
                world, user, f"/api/entities/{p}/split", {"members": [m]}
            )
            _like_missing(world, user, call, member, MISSING_ENTITY, f"split {party} {member}")


def undo(world: World, user: str) -> None:
    for judgement, seen in world.judgements.items():
        call = lambda j: _post(world, user, f"/api/judgements/{j}/undo", {})
        if user in seen:
            _no_leak(world, user, call(str(judgement)), f"undo {judgement}")
        else:
            _like_missing(world, user, call, str(judgement), "999999", f"undo {judgement}")


def screen(world: World, user: str) -> None:
    _alike(world, lambda u: _get(world, u, "/api/screen", name="Shahid Hemmat"), "screen")


def lists(world: World, user: str) -> None:
    _alike(world, lambda u: _get(world, u, "/api/lists"), "lists")


def match(world: World, user: str) -> None:
    body = {"queries": {"q": {"schema": "Company", "properties": {"name": ["Boreal Trading"]}}}}
    _alike(world, lambda u: _post(world, u, "/api/match/default", body), "match")


def classify(world: World, user: str) -> None:
    body = {"text": "maraging steel tube, 100 mm outside diameter"}
    _alike(world, lambda u: _post(world, u, "/api/classify", body), "classify")


def _case_calls(world: World, user: str, suffix: str, **params: Any) -> None:
    call = lambda e: _get(world, user, f"/api/cases/{e}{suffix}", **params)
    mixed = call(MIXED_CASE)
    assert mixed.status_code == (404 if "lathe" in world.forbidden[user] else 200), mixed.text
    _no_leak(world, user, mixed, f"case {MIXED_CASE}{suffix}")
    visible, hidden = _visible_and_hidden(world.members, user)
    for ident in hidden:
        _like_missing(world, user, call, ident, MISSING_ENTITY, f"case {ident}{suffix}")
    for ident in visible[:6]:
        _no_leak(world, user, call(ident), f"case {ident}{suffix}")
    if user == "s_nf":
        assert call(SECRET_CASE).status_code == 200
    else:
        _like_missing(world, user, call, SECRET_CASE, MISSING_CASE, f"case {SECRET_CASE}{suffix}")


def cases(world: World, user: str) -> None:
    answer = _get(world, user, "/api/cases")
    _no_leak(world, user, answer, "GET /api/cases")
    assert (SECRET_CASE in answer.text) == (user == "s_nf")
    assert (MIXED_CASE in answer.text) == ("lathe" not in world.forbidden[user])


def case(world: World, user: str) -> None:
    _case_calls(world, user, "")


def graph(world: World, user: str) -> None:
    _case_calls(world, user, "/graph")
    _case_calls(world, user, "/graph", format="graphml")


def timeline(world: World, user: str) -> None:
    _case_calls(world, user, "/timeline")


def draft(world: World, user: str) -> None:
    _case_calls(world, user, "/draft", format="text")


def report(world: World, user: str) -> None:
    _case_calls(world, user, "/report", format="md")
    _case_calls(world, user, "/report", format="html")


def export(world: World, user: str) -> None:
    _case_calls(world, user, "/export", format="ftm")
    _case_calls(world, user, "/export", format="csv")


def save(world: World, user: str) -> None:
    _, hidden = _visible_and_hidden(world.members, user)
    for ident in hidden:
        call = lambda e: world.api.client.put(
            "/api/cases/mine", headers=world.api.headers(user), json={"seeds": [e]}
        )
        _like_missing(world, user, call, ident, MISSING_ENTITY, f"save case {ident}")
    if user != "s_nf":
        # Unreadable seeds: a taken name answers as a free one.
        call = lambda n: world.api.client.put(
            f"/api/cases/{n}", headers=world.api.headers(user), json={"seeds": [MISSING_ENTITY]}
        )
        _like_missing(world, user, call, SECRET_CASE, MISSING_CASE, "replace the secret case")
        # Readable seeds: the save is refused, naming nothing but the name asked for.
        visible, _ = _visible_and_hidden(world.members, user)
        refused = world.api.client.put(
            f"/api/cases/{SECRET_CASE}", headers=world.api.headers(user), json={"seeds": visible}
        )
        assert refused.status_code == 409, refused.text
        _no_leak(world, user, refused, "replace the secret case")
        assert case_store.get_case(world.api.store, SECRET_CASE).seeds == [world.secret_seed]


def delete(world: World, user: str) -> None:
    if user == "s_nf":
        return  # may delete it; the others' refusals are what is checked
    call = lambda n: world.api.client.delete(f"/api/cases/{n}", headers=world.api.headers(user))
    _like_missing(world, user, call, SECRET_CASE, MISSING_CASE, "delete the secret case")
    assert case_store.get_case(world.api.store, SECRET_CASE) is not None


def actions(world: World, user: str) -> None:
    for params in ({}, {"open": True}, {"post": "London"}):
        _no_leak(world, user, _get(world, user, "/api/actions", **params), f"actions {params}")


def ingest(world: World, user: str) -> None:
    def call(u: str) -> Any:
        files = {"file": ("x.txt", b"nothing", "text/plain")}
        return world.api.client.post("/api/ingest", headers=world.api.headers(u), files=files)

    _alike(world, call, "ingest (admins only)")
    assert call(user).status_code == 403


def job(world: World, user: str) -> None:
    call = lambda j: _get(world, user, f"/api/ingest/{j}")
    _like_missing(world, user, call, world.job, "nosuchjob", "another user's ingest job")


MATRIX: dict[tuple[str, str], Callable[[World, str], None]] = {
    ("get", "/api/me"): me,
    ("post", "/api/session"): login,
    ("delete", "/api/session"): logout,
    ("get", "/api/cables"): cables,
    ("get", "/api/search"): search,
    ("get", "/api/cables/{cable_id}"): cable,
    ("get", "/api/cables/{cable_id}/facts"): facts,
    ("get", "/api/cables/{cable_id}/refs"): refs,
    ("get", "/api/entities"): entities,
    ("get", "/api/entities/{entity_id}"): entity,
    ("post", "/api/entities/merge"): merge,
    ("post", "/api/entities/{entity_id}/split"): split,
    ("post", "/api/judgements/{judgement_id}/undo"): undo,
    ("get", "/api/screen"): screen,
    ("get", "/api/lists"): lists,
    ("post", "/api/match/{dataset}"): match,
    ("post", "/api/classify"): classify,
    ("get", "/api/cases"): cases,
    ("get", "/api/cases/{case}"): case,
    ("put", "/api/cases/{case}"): save,
    ("delete", "/api/cases/{case}"): delete,
    ("get", "/api/cases/{case}/graph"): graph,
    ("get", "/api/cases/{case}/timeline"): timeline,
    ("get", "/api/cases/{case}/draft"): draft,
    ("get", "/api/cases/{case}/report"): report,
    ("get", "/api/cases/{case}/export"): export,
    ("get", "/api/actions"): actions,
    ("post", "/api/ingest"): ingest,
    ("get", "/api/ingest/{job_id}"): job,
}


def _routes(world: World) -> set[tuple[str, str]]:
    schema = world.api.client.get("/api/openapi.json").json()
    return {(method, path) for path, item in schema["paths"].items() for method in item}


def test_every_route_is_in_the_matrix(world: World, tmp_path: Path) -> None:
    """Every route of the app as `reftel serve` runs it (web UI mounted) is checked here."""
    served = create_app(f"sqlite:///{tmp_path / 'served.db'}")
    schema = served.openapi()
    routes = {(method, path) for path, item in schema["paths"].items() for method in item}
    assert routes == _routes(world)
    assert not routes - set(MATRIX), f"routes with no access-control check: {routes - set(MATRIX)}"
    assert not set(MATRIX) - routes, f"checks of routes that are gone: {set(MATRIX) - routes}"
    served.state.store.close()


def test_no_credentials_get_the_same_401_everywhere(world: World) -> None:
    client = world.api.client
    answers = []
    for method, path in sorted(_routes(world)):
        if path == "/api/session":
            continue  # signing in and out need no credentials
        url = path.format(
            cable_id=VALLETTA,
            entity_id=MISSING_ENTITY,
            judgement_id=1,
            dataset="default",
            case=SECRET_CASE,
            job_id=world.job,
        )
        answer = client.request(method.upper(), url, json={} if method != "get" else None)
        answers.append((method, path, answer.status_code, answer.text))
    bodies = {(status, text) for _, _, status, text in answers}
    assert len(bodies) == 1 and next(iter(bodies))[0] == 401, answers
    assert "Bearer" in json.dumps(next(iter(bodies))[1])


@pytest.mark.parametrize("user", sorted(USERS))
def test_matrix(world: World, user: str) -> None:
    for (method, path), check in sorted(MATRIX.items()):
        try:
            check(world, user)
        except AssertionError as error:
            raise AssertionError(f"{method.upper()} {path} as {user}: {error}") from error
