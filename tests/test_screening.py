"""Screening: the seed's parties after `reftel ingest`, single names, files of names, and
near misses that must not be hits."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from reftel.access import Principal
from reftel.cases.case import build_case, discover
from reftel.screening.cables import screen_cables, stored_results
from reftel.screening.lists import starter_list
from reftel.screening.screen import Query, Screener, entries_of
from reftel.store import Store
from reftel.store.designations import connect
from reftel.store.schema import EntityRow
from reftel.web.views import entity_view
from tests.shared import REAL_CABLES, SEED, need


def reftel(*args: str, db: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, COLUMNS="200", REFTEL_DB=db)
    return subprocess.run(
        [sys.executable, "-m", "reftel", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_seed_parties_after_ingest_are_designated_or_flagged(db_url: str) -> None:
    ingested = reftel("ingest", str(need(SEED)), db=db_url)
    assert ingested.returncode == 0, ingested.stderr
    assert "screening: 4 parties designated" in ingested.stderr

    with Store.open(db_url) as store:
        rows = stored_results(store, ["08STATE39690"])
    designated = {r["entity_name"]: r for r in rows if r["kind"] == "designated"}
    expected = {
        "Shahid Hemmat Industrial Group": "IRe.067",
        "Shahid Bakeri Industrial Group": "IRe.066",
        "Sabalan Company": "IRe.058",
        "Doostan International": "IRe.013",
    }
    assert {name: designated[name]["entry_id"] for name in expected} == expected
    for row in designated.values():
        assert row["list_name"] == "starter" and row["match"] is True
        assert row["explanation"]["reason"] and row["explanation"]["features"]
    assert "cover name for SHIG" in designated["Sabalan Company"]["explanation"]["reason"]

    flagged = [r for r in rows if r["kind"] == "flagged"]
    by_party = {(r["entity_name"], r["entry_id"]): r for r in flagged}
    assert not {r["entity_name"] for r in flagged} & set(designated)
    ecxir = by_party[("Ecxir Trading Company", "IRe.067")]
    assert ecxir["match"] is False
    assert [(s["subject"], s["relation"], s["object"]) for s in ecxir["explanation"]["path"]] == [
        ("Ecxir Trading Company", "associated_with", "Shahid Hemmat Industrial Group")
    ]
    stbpi = "Shanghai Technical By-Products International Corporation"
    supplier = by_party[(stbpi, "IRe.058")]
    (step,) = supplier["explanation"]["path"]
    assert step["subject"] == stbpi and step["object"] == "Sabalan Company"
    assert step["cable"] == "08STATE39690"
    two_hops = by_party[(stbpi, "IRe.067")]["explanation"]["path"]
    assert len(two_hops) == 2 and two_hops[-1]["object"] == "Shahid Hemmat Industrial Group"

    # The same command again, for one cable, with JSON out.
    shown = reftel("screen", "--cable", "08STATE39690", "--json", db=db_url)
    assert shown.returncode == 0, shown.stderr
    records = [json.loads(line) for line in shown.stdout.splitlines()]
    assert {(r["entity"], r["kind"]) for r in records} >= {
        ("Shahid Hemmat Industrial Group", "designated"),
        ("Ecxir Trading Company", "flagged"),
    }
    assert all("explanation" in r and "list" in r and "entry_id" in r for r in records)


def test_screen_a_name_and_near_misses(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    hit = reftel("screen", "SHIG", "--json", db=db)
    assert hit.returncode == 0, hit.stderr
    record = json.loads(hit.stdout)
    best = record["hits"][0]
    assert record["match"] is True
    assert (best["list"], best["entry_id"], best["match"]) == ("starter", "IRe.067", True)
    assert best["matched_name"] == "SHIG"  # the acronym the UN writes in parentheses
    acronym = json.loads(reftel("screen", "PISC", "--json", db=db).stdout)["hits"][0]
    assert (acronym["entry_id"], acronym["match"]) == ("IRe.053", True)
    assert acronym["explanation"][0]["name"] == "acronym"

    for near_miss, entry in (
        ("Doosan International Company", "IRe.013"),
        ("Shahid Bagheri Industrial Group", "IRe.067"),
    ):
        result = json.loads(reftel("screen", near_miss, "--json", db=db).stdout)
        same = [h for h in result["hits"] if h["entry_id"] == entry]
        assert all(not h["match"] for h in same), (near_miss, same)
    doosan = json.loads(reftel("screen", "Doosan International Company", "--json", db=db).stdout)
    assert doosan["match"] is False


def test_screen_a_file_of_names_with_country(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    names = tmp_path / "names.csv"
    names.write_text(
        "name,country\nSabalan Company,IR\nDoostan International Co.,\nAcme Widgets Ltd,GB\n",
        encoding="utf-8",
    )
    done = reftel("screen", "--file", str(names), "--json", db=db)
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["match"] for r in results] == [True, True, False]
    sabalan = results[0]["hits"][0]
    assert any(f["name"] == "country_match" for f in sabalan["explanation"])
    bad = tmp_path / "bad.csv"
    bad.write_text("firm\nX\n", encoding="utf-8")
    refused = reftel("screen", "--file", str(bad), db=db)
    assert refused.returncode == 2 and "'name' column" in refused.stderr


def test_screener_in_memory_matches_the_threshold() -> None:
    screener = Screener(entries_of("starter", starter_list()), threshold=0.8)
    (top, *_) = screener.screen(Query("Tiz Pars Co", country="IR"))
    assert (top.entry_id, top.match) == ("IRe.075", True)
    strict = Screener(entries_of("starter", starter_list()), threshold=0.99)
    assert not strict.screen(Query("Tiz Pars Co"))[0].match


def test_screening_without_cables_stores_nothing(db_url: str) -> None:
    with Store.open(db_url) as store:
        assert screen_cables(store) == []
        assert stored_results(store) == []


LINKED_CABLE = """Identifier | Created | Classification | Origin |
---|---|---|---|
08STATE99001 | 2008-05-02 10:00:00 | SECRET | Secretary of State |
P 021000Z MAY 08 FM SECSTATE WASHDC TO AMEMBASSY ANKARA PRIORITY |
S E C R E T STATE 099001 |
1. (S) We have learned that Harbor Light Trading Company is associated with Sabalan Company, \
an Iranian firm designated under United Nations Security Council Resolution (UNSCR) 1737. \
2. (S) Request Embassy Ankara raise this with host government officials. RICE NNNN End Cable Text |
"""


def test_a_link_the_list_states_extends_the_path(db_url: str, tmp_path: Path) -> None:
    """The UN writes that Sabalan is a cover name for SHIG: a party tied to Sabalan in a
    cable that never names SHIG is flagged for SHIG too, the list's statement as the last hop."""
    cable = tmp_path / "08STATE99001.txt"
    cable.write_text(LINKED_CABLE, encoding="utf-8")
    ingested = reftel("ingest", str(cable), db=db_url)
    assert ingested.returncode == 0, ingested.stderr
    with Store.open(db_url) as store:
        rows = stored_results(store, ["08STATE99001"])
    flagged = {r["entry_id"]: r for r in rows if r["kind"] == "flagged"}
    assert {r["entity_name"] for r in flagged.values()} == {"Harbor Light Trading Company"}
    assert [s["object"] for s in flagged["IRe.058"]["explanation"]["path"]] == ["Sabalan Company"]
    cable_step, list_step = flagged["IRe.067"]["explanation"]["path"]
    assert (cable_step["relation"], cable_step["cable"]) == ("associated_with", "08STATE99001")
    assert list_step["relation"] == "cover_name_for" and list_step["cable"] is None
    assert list_step["stated_by"] == "starter IRe.058"
    assert "SHAHID HEMMAT" in list_step["object"]
    assert flagged["IRe.067"]["match"] is False
    features = flagged["IRe.067"]["explanation"]["features"]
    assert features[0]["name"] == "list_link"


FALSE_HITS = {
    # Acronyms the cables define, whose full names are other bodies' than the designee's.
    "09MOSCOW2529": "Shanghai Cooperation Organization",
    "10STATE13750": "Strategic Concept",
    "06KIEV1261": "Democratic Initiatives",
    "08ISLAMABAD3248": "Jamaat-e-Islami",
    "09ISLAMABAD516": "Jamaat-e-Islami",
    # A two-letter acronym alone.
    "05PARIS7360": "PS",
    "06PARIS7424": "PS",
    "09PARIS1416": "PS",
    # A given name alone against one word of an organization's name.
    "04PARIS8983": "Mehdi",
    "05ABUDHABI2178": "Mahdi",
    "09RPODUBAI316": "Mahdi",
}


@pytest.mark.shared
def test_real_cables_give_no_false_designations(tmp_path: Path) -> None:
    """Real cables whose parties were once designated through initials a cable defines for
    another body, a two-letter acronym, or a given name alone: none is designated now, while
    the seed's designees, and a real cable naming one of them in full, still are."""
    cables = [need(REAL_CABLES / f"{cable}.html") for cable in sorted(FALSE_HITS)]
    cables.append(need(REAL_CABLES / "08BERLIN1068.html"))
    db = f"sqlite:///{tmp_path / 'r.db'}"
    ingested = reftel("ingest", str(need(SEED)), *map(str, cables), db=db)
    assert ingested.returncode == 0, ingested.stderr

    with Store.open(db) as store:
        rows = stored_results(store)
    designated = {(r["cable_id"], r["entity_name"]): r["entry_id"] for r in rows if r["match"]}
    assert designated == {
        ("08STATE39690", "Shahid Hemmat Industrial Group"): "IRe.067",
        ("08STATE39690", "Shahid Bakeri Industrial Group"): "IRe.066",
        ("08STATE39690", "Sabalan Company"): "IRe.058",
        ("08STATE39690", "Doostan International"): "IRe.013",
        ("08BERLIN1068", "Shahid Bakeri Industrial Group"): "IRe.066",
    }
    with Store.open(db) as store, connect(store) as connection:
        query = select(EntityRow.cable_id, EntityRow.name, EntityRow.aliases).where(
            EntityRow.cable_id.in_(list(FALSE_HITS))
        )
        parties = {
            (cable, form)
            for cable, name, aliases in connection.execute(query)
            for form in (name, *aliases)
        }
    # The parties are still extracted (by name, or as another's alias: 'Mehdi' of 'Karim
    # Mehdi'): it is screening that no longer designates them.
    assert set(FALSE_HITS.items()) <= parties
    flagged = {(r["entity_name"], r["entry_id"]) for r in rows if r["kind"] == "flagged"}
    assert {
        ("Ecxir Trading Company", "IRe.067"),
        ("Shanghai Technical By-Products International Corporation", "IRe.058"),
    } <= flagged


def test_a_defined_acronym_whose_full_name_differs_is_no_match() -> None:
    """A party the cable names in full and by initials matches through the initials only
    where its full name fits the designee's: PISC defined as another body's initials is set
    aside, PISC of Pejman Industrial Services still matches."""
    screener = Screener(entries_of("starter", starter_list()))
    other = Query("Parsian International Shipping Company", ("PISC",), type="organization")
    assert not [h for h in screener.screen(other) if h.entry_id == "IRe.053"]
    assert screener.screen(Query("PISC"))[0].match  # no full name known: the acronym stands
    same = screener.screen(Query("Pejman Industrial Services Corp", ("PISC",)))[0]
    assert (same.entry_id, same.match) == ("IRe.053", True)


UN_LIST = REAL_CABLES.parent / "sanctions" / "un" / "UN_consolidated_2026-02-27.xml"
HELD = {
    # a person agreeing on a given name and surname but not the listed first given name
    ("07BAGHDAD63", "Saddam Hussein", "IQi.058"),
    # a name of few common words, without a country to corroborate it
    ("07BAGHDAD63", "Ministry of Defense", "KPe.054"),
    # common words, the listed name having others
    ("06BRUSSELS524", "Armed Forces", "KPe.054"),
    # a one-word name that is not the whole of the listed name
    ("06BRUSSELS524", "al-Qa'ida", "QDe.115"),
    # initials of a list name that the list does not write
    ("04SANAA2346", "MOD", "KPe.054"),
    ("04PARIS8983", "HAMAS", "SOe.001"),
    # a longer listed name, where the list writes another that fits the party whole
    ("09STATE67105", "Tehrik-e-Taliban Pakistan", "QDe.152"),
}


@pytest.mark.shared
def test_real_cables_against_the_un_list_hold_weak_matches_for_review(tmp_path: Path) -> None:
    """With the full UN list loaded, real cables' acronyms of other bodies, generic names,
    one-word names and lone person names are kept for review (with the reason, `match`
    false), while the parties the list does name stay designated."""
    db = f"sqlite:///{tmp_path / 'un.db'}"
    loaded = reftel("lists", "load", str(need(UN_LIST)), "--name", "un", db=db)
    assert loaded.returncode == 0, loaded.stderr
    cables = sorted({need(REAL_CABLES / f"{cable}.html") for cable, _, _ in HELD})
    ingested = reftel("ingest", *map(str, cables), db=db)
    assert ingested.returncode == 0, ingested.stderr

    with Store.open(db) as store:
        rows = stored_results(store)
    found = {(r["cable_id"], r["entity_name"], r["entry_id"]): r for r in rows}
    for key in HELD:
        row = found[key]
        assert (row["kind"], row["match"]) == ("review", False), key
        reason = row["explanation"]["features"][-1]
        assert reason["name"] == "held_for_review" and "for review" in reason["detail"]
    designated = {(r["cable_id"], r["entity_name"], r["entry_id"]) for r in rows if r["match"]}
    assert ("07BAGHDAD63", "Saddam Hussein", "IQi.001") in designated
    assert ("06BRUSSELS524", "al-Qa'ida", "QDe.004") in designated
    assert ("09STATE67105", "Tehrik-e-Taliban Pakistan", "QDe.132") in designated
    assert not designated & HELD

    # A case judges its parties by the same rules: designated as on ingest, never by a held hit.
    with Store.open(db) as store:
        for seed, entry in (
            ("Saddam Hussein", "IQi.001"),
            ("Tehrik-e-Taliban Pakistan", "QDe.132"),
        ):
            case = build_case(store, [seed], hops=0, plugins=discover(store))
            party = next(e for e in case.entities if e.name == seed)
            assert {d.entry for d in party.designations} == {entry}, seed

    # The web page of a party shows its held hits, each with the reason, apart from designations.
    reader = Principal.make("ts", "TS", ["NOFORN"])
    with Store.open(db) as store, connect(store) as connection:
        ministry = connection.execute(
            select(EntityRow.id).where(
                EntityRow.cable_id == "07BAGHDAD63", EntityRow.name == "Ministry of Defense"
            )
        ).scalar_one()
    with Store.open(db) as store:
        view = entity_view(store, ministry, reader)
    assert view is not None and not [d for d in view.designations if "KPe.054" in d]
    held = [r for r in view.review if " KPe.054 " in r]
    assert len(held) == 1 and held[0].endswith("for review"), view.review
