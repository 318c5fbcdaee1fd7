"""Access control on every read path, on both backends.

A matrix of users (U only, C, S, S with NOFORN, S foreign partners of China and of Britain, TS
with NOFORN) reads the invented cables of `tests/cables/access/` and the seed. For each user
and each read path (get, facts, search hits, snippets and totals, listing, counts) the tests
prove that withheld text, and everything derived only from it, never comes out, and that what
may be read still does.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import BaseModel
from sqlalchemy import create_engine, text
from typer.testing import CliRunner, Result

from reftel.access import (
    WITHHELD,
    Principal,
    Visibility,
    parse_marking,
    portion_markings,
    prune,
    redact_cable,
)
from reftel.access.portions import is_administrative
from reftel.cli.main import app
from reftel.extraction import EXTRACTOR, Extraction, extract_all
from reftel.extraction.facts import Source
from reftel.reading import ReadError, read_paths
from reftel.record import Cable
from reftel.resolution.resolver import resolve_cables
from reftel.store import Store
from reftel.store.access import UserError
from reftel.store.db import resolve_url
from tests.helpers import PROBES
from tests.shared import REAL_CABLES, SEED, need

CABLES = Path(__file__).resolve().parent / "cables" / "access"
VALLETTA = "09VALLETTA101"
ATHENS = "78ATHENS4410"
ROME = "10ROME222"
ALL = {VALLETTA, ATHENS, ROME}

USERS = {
    "u": Principal.make("u", "U"),
    "c": Principal.make("c", "C"),
    "s": Principal.make("s", "S"),
    "s_nf": Principal.make("s_nf", "S", ["NOFORN"]),
    "s_chn": Principal.make("s_chn", "S", countries=["CHINA"]),
    "s_gbr": Principal.make("s_gbr", "S", countries=["GBR"]),
    "ts_nf": Principal.make("ts_nf", "TS", ["NF"]),
}

READABLE = {
    # Paragraph numbers of 09VALLETTA101 each user may read: 1 (U), 2 (C), 3 (S), 4 (S//NF),
    # 5 (S//REL TO USA, GBR), 6 unmarked (takes SECRET//NOFORN), 7 administrative, 8 (U).
    "u": {1, 7, 8},
    "c": {1, 2, 7, 8},
    "s": {1, 2, 3, 5, 7, 8},
    "s_nf": set(range(1, 9)),
    "s_chn": {1, 7, 8},
    "s_gbr": {1, 5, 7, 8},
    "ts_nf": set(range(1, 9)),
}
SUBJECT_READABLE = {"u": False, "c": True, "s": True, "s_nf": True, "s_chn": False}
SUBJECT_READABLE |= {"s_gbr": False, "ts_nf": True}
VISIBLE = {
    "u": {VALLETTA, ROME},
    "c": ALL,
    "s": ALL,
    "s_nf": ALL,
    "s_chn": {VALLETTA, ROME},
    "s_gbr": {VALLETTA, ROME},
    "ts_nf": ALL,
}


def _read(paths: list[Path]) -> list[Cable]:
    cables = [c for c in read_paths([str(p) for p in paths], None, None)]
    assert not [c for c in cables if isinstance(c, ReadError)]
    return [c for c in cables if isinstance(c, Cable)]


@pytest.fixture(scope="module")
def extracted() -> list[tuple[Cable, Extraction]]:
    cables = _read([CABLES])
    facts = list(extract_all(cables))
    assert all(isinstance(f, Extraction) for f in facts)
    return [(c, f) for c, f in zip(cables, facts, strict=True) if isinstance(f, Extraction)]


@pytest.fixture
def filled(store: Store, extracted: list[tuple[Cable, Extraction]]) -> Store:
    with store.batch():
        for cable, facts in extracted:
            store.save(cable, facts, EXTRACTOR)
    return store


def _paragraphs_with(cable: Cable, word: str) -> set[int]:
    return {p.number for p in cable.paragraphs if word.lower() in p.text.lower() and p.number}


def _dump(model: BaseModel | None) -> str:
    return "" if model is None else model.model_dump_json().lower()


# --- Markings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("S", "SECRET"),
        ("C", "CONFIDENTIAL"),
        ("U", "UNCLASSIFIED"),
        ("SBU", "UNCLASSIFIED"),
        ("S//NF", "SECRET//NOFORN"),
        ("S/NF", "SECRET//NOFORN"),
        ("SECRET REL CHINA", "SECRET//REL TO USA, CHN"),
        ("C//REL TO USA, GBR", "CONFIDENTIAL//REL TO USA, GBR"),
        ("S//REL TO USA, FVEY", "SECRET//REL TO USA, AUS, CAN, GBR, NZL"),
        ("C/REL UK", "CONFIDENTIAL//REL TO USA, GBR"),
        ("S//FGI//NF", "SECRET//NOFORN"),
        ("SBU/NF", "UNCLASSIFIED//NOFORN"),
        ("S//XYZZY", "SECRET//XYZZY"),
        ("NOFORN", "TOP SECRET//NOFORN"),
    ],
)
def test_markings_parse_to_one_canonical_form_that_reads_back(written: str, canonical: str) -> None:
    marking = parse_marking(written)
    assert marking.canonical() == canonical
    assert parse_marking(canonical) == marking


@pytest.mark.parametrize(
    ("marking", "readers"),
    [
        ("U", {"u", "c", "s", "s_nf", "s_chn", "s_gbr", "ts_nf"}),
        ("SBU", {"u", "c", "s", "s_nf", "s_chn", "s_gbr", "ts_nf"}),
        ("C", {"c", "s", "s_nf", "ts_nf"}),
        ("S", {"s", "s_nf", "ts_nf"}),
        ("S//NF", {"s_nf", "ts_nf"}),
        ("SECRET REL CHINA", {"s", "s_nf", "s_chn", "ts_nf"}),
        ("C//REL TO USA, GBR", {"c", "s", "s_nf", "s_gbr", "ts_nf"}),
        ("S//REL TO USA, FVEY", {"s", "s_nf", "s_gbr", "ts_nf"}),
        ("TS", {"ts_nf"}),
        ("S//XYZZY", set()),
    ],
)
def test_who_may_read_a_marking(marking: str, readers: set[str]) -> None:
    parsed = parse_marking(marking)
    assert {name for name, user in USERS.items() if user.can_read(parsed)} == readers


def test_principals_are_validated() -> None:
    with pytest.raises(ValueError, match="not a clearance"):
        Principal.make("x", "LOU")
    with pytest.raises(ValueError, match="US persons only"):
        Principal.make("x", "S", ["NOFORN"], ["CHN"])
    with pytest.raises(ValueError, match="role"):
        Principal.make("x", "S", role="owner")
    analyst = Principal.make("x", "S", role="analyst")
    assert analyst.may("merge_entities") and analyst.may("edit_cases")
    assert not analyst.may("manage_users")
    assert not Principal.make("y", "TS").may("edit_cases")


def test_administrative_lines_are_exact_and_nothing_else_passes() -> None:
    assert is_administrative("This is an action request. Embassy Beijing, please see paragraph 6.")
    assert is_administrative("Embassy London, please see paragraph 8.")
    assert not is_administrative("This is an action request. STBPI shipped wire to Iran.")
    assert not is_administrative("Please see paragraph 6 for the names of the front companies")


# --- get --------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", sorted(USERS))
def test_get_withholds_paragraphs_above_the_user(filled: Store, who: str) -> None:
    user = USERS[who]
    full = filled.get(VALLETTA)
    shown = filled.get(VALLETTA, user=user)
    assert full is not None and shown is not None
    assert [p.marking for p in shown.paragraphs] == [p.marking for p in full.paragraphs]
    for mine, original in zip(shown.paragraphs, full.paragraphs, strict=True):
        if original.number in READABLE[who]:
            assert mine.text == original.text
        else:
            assert mine.text == WITHHELD and mine.title is None
        # Offsets still point into the (redacted) body.
        assert shown.body[mine.start : mine.end].lstrip().startswith(f"{mine.number}.")
        span = " ".join(shown.body[mine.start : mine.end].split())
        assert " ".join(mine.text.split()) in span
    dumped = _dump(shown)
    for word in PROBES:
        visible = bool(_paragraphs_with(full, word) & READABLE[who])
        assert (word.lower() in dumped) == visible, word
    assert ("marsaxlokk" in dumped) == SUBJECT_READABLE[who]
    # The heading written above paragraph 4 goes with it, in the body as in the title.
    assert ("procurement network" in dumped) == (4 in READABLE[who])
    assert (shown.subject is not None) == SUBJECT_READABLE[who]
    assert bool(shown.action_requests) == (8 in READABLE[who])


@pytest.mark.parametrize("who", sorted(USERS))
def test_a_cable_with_nothing_readable_does_not_exist_for_the_user(filled: Store, who: str) -> None:
    user = USERS[who]
    assert {c for c in ALL if filled.get(c, user=user) is not None} == VISIBLE[who]
    assert {c for c in ALL if filled.facts(c, user=user) is not None} == VISIBLE[who]
    assert set(filled.ids(user)) == VISIBLE[who]
    assert filled.count(user) == len(VISIBLE[who])


def test_no_user_reads_everything_as_before(
    filled: Store, extracted: list[tuple[Cable, Extraction]]
) -> None:
    for cable, facts in extracted:
        assert filled.get(cable.id) == cable
        assert filled.facts(cable.id) == facts
        # A reader cleared for everything sees exactly what the superuser does.
        assert filled.get(cable.id, user=USERS["ts_nf"]) == cable
        assert filled.facts(cable.id, user=USERS["ts_nf"]) == facts
    assert filled.count() == 3 and set(filled.ids()) == ALL


# --- facts ------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", sorted(USERS))
def test_facts_keep_only_readable_sources(filled: Store, who: str) -> None:
    user = USERS[who]
    full = filled.facts(VALLETTA)
    cable = filled.get(VALLETTA)
    mine = filled.facts(VALLETTA, user=user)
    assert full is not None and cable is not None and mine is not None
    readable_index = {p.index for p in cable.paragraphs if p.number in READABLE[who]}

    def sources(facts: Extraction) -> list[Source]:
        found = [m.source for e in facts.entities for m in e.mentions]
        found += [m.source for g in facts.goods for m in g.mentions]
        found += [s for v in facts.events for s in v.sources]
        return found + [s for r in facts.relations for s in r.sources]

    assert {s.paragraph for s in sources(mine)} <= readable_index
    # Every fact with one readable source stays; every other goes.
    for kind in ("events", "relations"):
        expected = {
            f.id
            for f in getattr(full, kind)
            if any(s.paragraph in readable_index for s in f.sources)
        }
        if kind == "relations":
            kept_ends = {e.id for e in mine.entities}
            expected = {
                r.id
                for r in full.relations
                if r.id in expected and {r.subject, r.object} <= kept_ends
            }
        assert {f.id for f in getattr(mine, kind)} == expected, kind
    for kind in ("entities", "goods"):
        expected = {
            f.id
            for f in getattr(full, kind)
            if any(m.source.paragraph in readable_index for m in f.mentions)
        }
        assert {f.id for f in getattr(mine, kind)} == expected, kind
    dumped = _dump(mine)
    for word in PROBES:
        if not _paragraphs_with(cable, word) & READABLE[who]:
            assert word.lower() not in dumped, word


def test_a_fact_read_in_one_readable_paragraph_keeps_only_that_source(filled: Store) -> None:
    facts = filled.facts(VALLETTA, user=USERS["c"])
    assert facts is not None
    kestrel = next(e for e in facts.entities if e.name == "Kestrel Avionics")
    assert {m.source.number for m in kestrel.mentions} == {2}
    everything = filled.facts(VALLETTA)
    assert everything is not None
    full = next(e for e in everything.entities if e.name == "Kestrel Avionics")
    assert {m.source.number for m in full.mentions} >= {2, 3, 6}


# --- search -----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", sorted(USERS))
def test_search_hits_snippets_and_totals_never_leak(filled: Store, who: str) -> None:
    user = USERS[who]
    cable = filled.get(VALLETTA)
    assert cable is not None
    withheld = [w for w in PROBES if not _paragraphs_with(cable, w) & READABLE[who]]
    for word in PROBES:
        found = filled.search(f'"{word}"', user=user)
        expected = 1 if word not in withheld else 0
        assert found.total == len(found.hits) == expected, word
        for hit in found.hits:
            assert hit.paragraph in READABLE[who]
            assert not any(w.lower() in hit.snippet.lower() for w in withheld)
    assert filled.search('"Procurement Network"', user=user).total == 0  # a title, not text
    subject = filled.search("Marsaxlokk", user=user)
    assert subject.total == (1 if SUBJECT_READABLE[who] else 0)
    # Words of one query may not be completed by a withheld paragraph.
    both = filled.search("quarantine gyroscopes", user=user)
    assert both.total == (1 if 3 in READABLE[who] else 0)
    either = filled.search("quarantine OR gyroscopes", user=user)
    assert either.total == 1
    assert either.hits[0].paragraph in READABLE[who]


@pytest.mark.parametrize("who", sorted(USERS))
def test_listing_and_filters_count_only_visible_cables(filled: Store, who: str) -> None:
    user = USERS[who]
    listed = filled.search("", user=user, limit=1)
    assert listed.total == len(VISIBLE[who])
    everything = filled.search("", user=user, limit=50)
    assert {h.cable_id for h in everything.hits} == VISIBLE[who]
    for hit in everything.hits:
        if hit.cable_id == VALLETTA:
            assert (hit.subject is not None) == SUBJECT_READABLE[who]
    confidential = filled.search("", classification="CONFIDENTIAL", user=user)
    assert confidential.total == (1 if ATHENS in VISIBLE[who] else 0)
    # A page past the end still counts only what may be seen.
    assert filled.search("", user=user, offset=10).total == len(VISIBLE[who])
    assert filled.search("vacuum", user=user, offset=10).total == int(ATHENS in VISIBLE[who])


def test_search_without_user_is_unchanged(filled: Store) -> None:
    assert filled.search("gyroscopes").total == 1
    assert filled.search("").total == 3
    hit = filled.search("Marsaxlokk").hits[0]
    assert hit.subject == "(C) MALTESE PORT HOLDS MV CORAL DAWN AT MARSAXLOKK"


# --- The seed ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> tuple[Cable, Extraction]:
    (cable,) = _read([need(SEED)])
    (facts,) = list(extract_all([cable]))
    assert isinstance(facts, Extraction)
    return cable, facts


def test_seed_confidential_reader_sees_paragraphs_1_6_8_9_and_no_secret_fact(
    store: Store, seed: tuple[Cable, Extraction]
) -> None:
    cable, facts = seed
    store.save(cable, facts, EXTRACTOR)
    reader = Principal.make("c", "C")
    shown = store.get(cable.id, user=reader)
    assert shown is not None
    assert [p.number for p in shown.paragraphs if p.text != WITHHELD] == [1, 6, 8, 9]
    assert shown.talking_points == [] and shown.subject is None
    assert shown.poc is not None and shown.poc.paragraph == 8
    mine = store.facts(cable.id, user=reader)
    assert mine is not None
    open_paragraphs = {0, 5, 7, 8}
    assert "James Mayes" in {e.name for e in mine.entities}
    assert {e.id for e in mine.entities} == {
        e.id for e in facts.entities if {m.source.paragraph for m in e.mentions} & open_paragraphs
    }
    assert mine.goods == [] and mine.events == [] and mine.relations == []
    dumped = _dump(shown) + _dump(mine)
    for secret in ("STBPI", "Ecxir", "Sabalan", "LF6", "ASTVR", "Doostan", "26,000"):
        assert secret.lower() not in dumped
    assert store.search("Ecxir", user=reader).total == 0
    assert store.search("Ecxir").total == 1
    # Paragraph 7's talking points are (S) around (SECRET REL CHINA): a reader of China sees
    # neither, as the paragraph marking is not released to China.
    chinese = store.get(cable.id, user=Principal.make("p", "S", countries=["CHN"]))
    assert chinese is not None and chinese.talking_points == []
    cleared = store.get(cable.id, user=Principal.make("s", "S"))
    assert cleared == cable


def test_seed_portion_rule() -> None:
    (cable,) = _read([need(SEED)])
    markings = {p.number: portion_markings(cable)[p.index].canonical() for p in cable.paragraphs}
    assert markings == {
        1: "UNCLASSIFIED",  # unmarked, but only the administrative opening line
        2: "SECRET",
        3: "SECRET",
        4: "SECRET",
        5: "SECRET",
        6: "UNCLASSIFIED",
        7: "SECRET",
        8: "UNCLASSIFIED",
        9: "UNCLASSIFIED",
    }


# --- The reusable filter ----------------------------------------------------------------------


class _Point(BaseModel):
    text: str
    sources: list[Source]


class _Draft(BaseModel):
    points: list[_Point]
    lead: _Point | None = None


def test_prune_drops_what_only_withheld_sources_support() -> None:
    (cable,) = _read([CABLES / "09VALLETTA101.txt"])
    visibility = Visibility.of_cable(USERS["c"], cable)

    def source(number: int) -> Source:
        paragraph = cable.paragraph(number)
        assert paragraph is not None
        return Source(
            cable=cable.id, paragraph=paragraph.index, number=number, start=0, end=1, text="x"
        )

    draft = _Draft(
        points=[
            _Point(text="secret only", sources=[source(3)]),
            _Point(text="mixed", sources=[source(2), source(4)]),
            _Point(text="open", sources=[source(1)]),
        ],
        lead=_Point(text="lead", sources=[source(6)]),
    )
    pruned = prune(draft, visibility)
    assert pruned is not None
    assert [p.text for p in pruned.points] == ["mixed", "open"]
    assert [s.number for s in pruned.points[0].sources] == [2]
    assert pruned.lead is None
    assert prune(draft, Visibility.of_cable(None, cable)) is draft
    assert redact_cable(cable, Visibility.of_cable(None, cable)) is cable
    # A source in a cable the lookup does not know fails closed.
    stranger = source(1).model_copy(update={"cable": "99NOWHERE1"})
    assert not visibility.source(stranger)


# --- Persistence: markings, users, tokens -----------------------------------------------------


def test_portion_markings_are_recomputed_when_the_policy_changes(
    filled: Store, db_url: str
) -> None:
    engine = create_engine(resolve_url(db_url))
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE portion_access SET policy = 'old', marking = 'UNCLASSIFIED'")
        )
    engine.dispose()
    with Store.open(db_url) as reopened:
        assert reopened.search("gyroscopes", user=USERS["c"]).total == 0
        assert reopened.search("gyroscopes", user=USERS["s"]).total == 1


def test_users_tokens_and_passwords(store: Store) -> None:
    users = store.users
    users.add("carol", "C", role="analyst", password="correct horse")
    users.add("li", "S", countries=["CHINA"])
    with pytest.raises(UserError, match="exists already"):
        users.add("carol", "S")
    with pytest.raises(UserError, match="US persons only"):
        users.set("li", accesses=["NOFORN"])
    assert users.get("carol") == Principal.make("carol", "C", role="analyst")
    assert users.get("li") == Principal.make("li", "S", countries=["CHN"])
    assert users.check_password("carol", "correct horse") is not None
    assert users.check_password("carol", "wrong") is None
    assert users.check_password("nobody", "x") is None
    token = users.issue_token("carol")
    assert token.startswith("rft_") and len(token) > 40
    principal = users.check_token(token)
    assert principal is not None and principal.name == "carol"
    assert users.check_token(token + "x") is None
    listed = {u.name: u for u in users.all()}
    assert listed["carol"].tokens == 1 and listed["carol"].password
    assert not listed["li"].password
    assert token not in json.dumps([u.model_dump(mode="json") for u in users.all()])
    assert [(name, ok) for name, _, ok, _ in users.audit()] == [
        (None, False),
        ("carol", True),
        ("nobody", False),
        ("carol", False),
        ("carol", True),
    ]
    users.set("carol", clearance="S", accesses=["NF"])
    assert users.get("carol") == Principal.make("carol", "S", ["NOFORN"], role="analyst")
    assert users.revoke_tokens("carol") == 1 and users.check_token(token) is None
    users.remove("carol")
    assert users.get("carol") is None
    with pytest.raises(UserError, match="no user"):
        users.remove("carol")


# --- Command line -----------------------------------------------------------------------------


def _reftel(*args: str, db: str, stdin: str | None = None) -> Result:
    """In process: the full command line costs seconds to start on a loaded machine."""
    return CliRunner().invoke(app, [*args, "--db", db], input=stdin, env={"COLUMNS": "200"})


@pytest.fixture
def cli_db(filled: Store, db_url: str) -> Iterator[str]:
    yield db_url


def test_cli_users_and_reading_as_a_user(cli_db: str) -> None:
    added = _reftel(
        "users", "add", "carol", "--clearance", "C", "--password-stdin", db=cli_db, stdin="pw\n"
    )
    assert added.exit_code == 0, added.output
    assert "carol: CONFIDENTIAL" in added.stdout
    bad = _reftel("users", "add", "x", "--clearance", "Q", db=cli_db)
    assert bad.exit_code == 2 and "not a clearance: 'Q'" in bad.stderr
    assert bad.exception is None or isinstance(bad.exception, SystemExit)
    token = _reftel("users", "token", "carol", db=cli_db)
    assert token.exit_code == 0 and token.stdout.startswith("rft_")
    listed = json.loads(_reftel("users", "list", "--json", db=cli_db).stdout)
    assert [(u["name"], u["clearance"], u["tokens"]) for u in listed] == [
        ("carol", "CONFIDENTIAL", 1)
    ]
    shown = _reftel("show", VALLETTA, "--as", "carol", db=cli_db)
    assert shown.exit_code == 0, shown.output
    assert "lathe" in shown.stdout and WITHHELD in shown.stdout
    assert "gyroscopes" not in shown.stdout and "Boreal" not in shown.stdout
    everything = _reftel("show", VALLETTA, db=cli_db)
    assert "gyroscopes" in everything.stdout
    found = _reftel("search", "gyroscopes", "--as", "carol", "--json", db=cli_db)
    assert json.loads(found.stdout) == {"total": 0, "hits": []}
    nobody = _reftel("search", "gyroscopes", "--as", "nobody", db=cli_db)
    assert nobody.exit_code == 2 and "no user 'nobody'" in nobody.stderr
    assert _reftel("users", "remove", "carol", db=cli_db).exit_code == 0
    assert _reftel("users", "remove", "carol", db=cli_db).exit_code == 2


def test_cli_parties_as_a_user_leave_out_what_only_withheld_paragraphs_name(cli_db: str) -> None:
    resolve_cables(Store.open(cli_db))
    assert _reftel("users", "add", "carol", "--clearance", "C", db=cli_db).exit_code == 0

    def names(*args: str) -> set[str]:
        listed = _reftel("entities", "--limit", "1000", "--json", *args, db=cli_db)
        assert listed.exit_code == 0, listed.output
        return {e["name"] for e in json.loads(listed.stdout)["entities"]}

    everything, carols = names(), names("--as", "carol")
    assert "Boreal Trading Company" in everything and "Boreal Trading Company" not in carols
    assert carols and carols < everything
    boreal = json.loads(_reftel("entities", "-q", "boreal", "--json", db=cli_db).stdout)[
        "entities"
    ][0]["id"]
    assert _reftel("entity", boreal, "--json", db=cli_db).exit_code == 0
    hidden = _reftel("entity", boreal, "--as", "carol", db=cli_db)
    assert hidden.exit_code == 2 and f"no entity {boreal!r}" in hidden.stderr


# --- Real cables ------------------------------------------------------------------------------


def test_real_cables_redact_cleanly_for_every_user(store: Store) -> None:
    """On real cables (a slice, to stay quick): offsets and redaction spans still point at
    the right text, and no four words of a withheld paragraph remain in the body."""
    cables = sorted(need(REAL_CABLES).iterdir())[::8]
    with store.batch():
        for cable in _read(cables):
            store.save(cable)
    checked = 0
    for cable_id in store.ids():
        full = store.get(cable_id)
        assert full is not None
        for user in (USERS["u"], USERS["c"], USERS["s"], USERS["s_gbr"]):
            shown = store.get(cable_id, user=user)
            if shown is None:
                continue
            for redaction in shown.redactions:
                assert set(shown.body[redaction.start : redaction.end].lower()) == {"x"}
            readable = _normal(" ".join(p.text for p in shown.paragraphs))
            first = min((p.start for p in shown.paragraphs), default=0)
            body = _normal(shown.body[first:])
            for mine, original in zip(shown.paragraphs, full.paragraphs, strict=True):
                if mine.text != WITHHELD:
                    continue
                checked += 1
                words = _normal(original.text).split()
                for k in range(max(1, len(words) - 3)):
                    run = " ".join(words[k : k + 4])
                    assert run not in body or run in readable, (cable_id, user.name, run)
    assert checked > 100


def _normal(text: str) -> str:
    return " ".join(text.lower().split())
