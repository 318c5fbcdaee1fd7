"""Designation lists: loaders on the real UN and OFAC files and small files of each format,
storage, designee resolution across lists, stated links, and the `reftel lists` command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from reftel.screening.lists import ListError, load_list, starter_list
from reftel.store import Store
from reftel.store.designations import designees, links_from, list_summaries, save_list
from tests.shared import SHARED, need

SANCTIONS = SHARED / "data" / "sanctions"
UN = SANCTIONS / "un" / "UN_consolidated_2026-02-27.xml"
OFAC = SANCTIONS / "ofac_sdn_2021"


def reftel(*args: str, db: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, COLUMNS="200", REFTEL_DB=db)
    return subprocess.run(
        [sys.executable, "-m", "reftel", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_un_list_counts_ids_authority_and_links() -> None:
    loaded = load_list(need(UN))
    assert loaded.format == "un-xml" and loaded.list_date == "2026-02-27"
    assert Counter(e.type for e in loaded.entries) == {"person": 730, "organization": 273}
    by_id = {e.entry_id: e for e in loaded.entries}
    shig = by_id["IRe.067"]
    assert shig.names() == ["SHAHID HEMMAT INDUSTRIAL GROUP", "SHIG"]
    assert shig.listed_on == "2006-12-23" and shig.authority == "UNSCR 1737 (2006), annex"
    sabalan = by_id["IRe.058"]
    assert [(k.type, k.target) for k in sabalan.links] == [("cover_name_for", "SHIG")]
    assert sabalan.countries == ["IR"]


def test_ofac_csv_folder_counts_aliases_and_linked_to() -> None:
    loaded = load_list(need(OFAC))
    assert loaded.format == "ofac-csv"
    assert len(loaded.entries) == 8976
    assert sum("NPWMD" in e.programs for e in loaded.entries) == 748
    by_id = {e.entry_id: e for e in loaded.entries}
    shig = by_id["9349"]
    assert shig.name == "SHAHID HEMMAT INDUSTRIAL GROUP"
    assert {"SHIG", "SAPICO", "SAHAND ALUMINUM PARTS INDUSTRIAL COMPANY"} <= set(shig.aliases)
    vessel = by_id["25343"]
    assert vessel.type == "vessel" and "9349667" in vessel.identifiers
    assert [(k.type, k.target) for k in vessel.links] == [
        ("linked_to", "ISLAMIC REPUBLIC OF IRAN SHIPPING LINES")
    ]


def test_both_real_lists_stored_resolve_designees_across_lists(db_url: str) -> None:
    need(UN)
    with Store.open(db_url) as store:
        assert save_list(store, "un", load_list(UN)) == 1003
        assert save_list(store, "ofac", load_list(OFAC)) == 8976
        counts = {s.name: s.entries for s in list_summaries(store)}
        assert counts == {"ofac": 8976, "un": 1003}
        groups = designees(store)
        of = {entry: d for d, members in groups.items() for entry in members}
        assert of[("un", "IRe.067")] == of[("ofac", "9349")]  # SHAHID HEMMAT, both lists
        assert of[("un", "IRe.066")] == of[("ofac", "9350")]  # BAGHERI (UN) = BAKERI (OFAC)
        assert of[("un", "IRe.067")] != of[("un", "IRe.066")]
        assert of[("un", "IRe.013")] == of[("ofac", "15651")]  # DOOSTAN INTERNATIONAL
        # An OFAC alias naming another UN entry (SAPICO) does not pull it into SHIG.
        assert of[("un", "IRe.061")] != of[("un", "IRe.067")]
        assert len(groups[of[("un", "IRe.067")]]) == 2
        # Stated links become relations to the entry they name.
        from reftel.store.designations import connect
        from reftel.store.schema import DesignationEntryRow

        with connect(store) as connection:
            sabalan = connection.execute(
                DesignationEntryRow.__table__.select().where(
                    DesignationEntryRow.entry_id == "IRe.058"
                )
            ).one()
        assert links_from(store, [sabalan.id])[sabalan.id] == [
            ("cover_name_for", "SHIG", "un:IRe.067")
        ]
        # Loading a list again under its name replaces it.
        assert save_list(store, "un", load_list(UN)) == 1003
        assert {s.name: s.entries for s in list_summaries(store)} == counts


def test_starter_list_is_facts_with_sources() -> None:
    loaded = starter_list()
    ids = {e.entry_id for e in loaded.entries}
    assert {"IRe.067", "IRe.066", "IRe.058", "IRe.013"} <= ids
    for entry in loaded.entries:
        assert entry.source and "scsanctions.un.org" in entry.source
        assert entry.authority and entry.listed_on and entry.programs


def test_small_files_of_every_other_format(tmp_path: Path) -> None:
    csv_file = tmp_path / "list.csv"
    csv_file.write_text(
        "id,name,type,aliases,program,country,reason\n"
        "X1,Acme Trading LLC,organization,ACME;Acme Trade,DEMO,United Arab Emirates,"
        "Acme is a cover name for Foo Industries.\n",
        encoding="utf-8",
    )
    loaded = load_list(csv_file)
    assert loaded.format == "csv"
    (entry,) = loaded.entries
    assert entry.aliases == ["ACME", "Acme Trade"] and entry.countries == ["AE"]
    assert [(k.type, k.target) for k in entry.links] == [("cover_name_for", "Foo Industries")]

    ftm = tmp_path / "entities.ftm.json"
    lines = [
        {"id": "o1", "schema": "Company", "properties": {"name": ["Owner Co"], "country": ["ir"]}},
        {"id": "o2", "schema": "Company", "properties": {"name": ["Owned Co"], "alias": ["OC"]}},
        {"id": "r1", "schema": "Ownership", "properties": {"owner": ["o1"], "asset": ["o2"]}},
    ]
    ftm.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    loaded = load_list(ftm)
    assert loaded.format == "ftm-json"
    owned = next(e for e in loaded.entries if e.entry_id == "o2")
    assert owned.aliases == ["OC"]
    assert [(k.type, k.target_entry) for k in owned.links] == [("owned_or_controlled_by", "o1")]

    xml = tmp_path / "sdn.xml"
    xml.write_text(
        '<?xml version="1.0"?><sdnList xmlns="https://sanctionslistservice.ofac.treas.gov/x">'
        "<publshInformation><Publish_Date>03/01/2024</Publish_Date></publshInformation>"
        "<sdnEntry><uid>9349</uid><lastName>SHAHID HEMMAT INDUSTRIAL GROUP</lastName>"
        "<sdnType>Entity</sdnType><programList><program>NPWMD</program></programList>"
        "<akaList><aka><uid>1</uid><type>a.k.a.</type><category>strong</category>"
        "<lastName>SHIG</lastName></aka></akaList>"
        "<addressList><address><uid>2</uid><country>Iran</country></address></addressList>"
        "</sdnEntry></sdnList>",
        encoding="utf-8",
    )
    loaded = load_list(xml)
    assert loaded.format == "ofac-xml" and loaded.list_date == "2024-03-01"
    (entry,) = loaded.entries
    assert (entry.entry_id, entry.aliases, entry.countries) == ("9349", ["SHIG"], ["IR"])


def test_unreadable_lists_name_the_file_and_record(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name\nX1,\n", encoding="utf-8")
    with pytest.raises(ListError, match=r"bad.csv: line 2: field 'id' or 'name' is empty"):
        load_list(bad)
    with pytest.raises(ListError, match="no such file"):
        load_list(tmp_path / "missing.xml")


def test_lists_command_loads_and_shows(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    csv_file = tmp_path / "mine.csv"
    csv_file.write_text("id,name\nA1,Alpha Trading Company\nA2,Beta Industries\n", "utf-8")
    loaded = reftel("lists", "load", str(csv_file), "--name", "mine", db=db)
    assert loaded.returncode == 0, loaded.stderr
    assert "mine: 2 entries" in loaded.stderr
    shown = reftel("lists", "--json", db=db)
    (row,) = [json.loads(line) for line in shown.stdout.splitlines()]
    assert (row["name"], row["entries"], row["designees"]) == ("mine", 2, 2)
    bad = tmp_path / "bad.xml"
    bad.write_text("<other/>", "utf-8")
    failed = reftel("lists", "load", str(bad), "--name", "x", db=db)
    assert failed.returncode == 2
    assert "bad.xml" in failed.stderr and "Traceback" not in failed.stderr
