"""Cases: the network a seed grows into, saved cases that take in new cables, the timeline,
and the pictures, on SQLite and PostgreSQL.

The seed cable gives the acceptance case (STBPI -> Ecxir and Sabalan -> SHIG, Doostan as
intermediary, June 2007 to January 2008). The invented cables in tests/cables/network spread one
network over three cables, so a case must join them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import matplotlib.image
import pytest

from reftel.cases.case import Case, CaseError, build_case, discover
from reftel.cases.network import build_graph, parties
from reftel.cases.timeline import build_timeline
from reftel.store import Store

from .helpers import cli, seed_case
from .shared import REAL_CABLES, SEED, need

NETWORK = Path(__file__).resolve().parent / "cables" / "network"
STBPI = "Shanghai Technical By-Products International Corporation"
SHIG = "Shahid Hemmat Industrial Group"


def ingest(db: str, *paths: Path) -> None:
    cli("ingest", *map(str, paths), "--db", db)


def edges(case: Case, kind: str) -> set[tuple[str, str]]:
    return set(parties(build_graph(case), kind))


def test_seed_case_shows_the_network_with_designation_and_intermediary(db_url: str) -> None:
    case = seed_case(db_url)
    names = {e.name: e for e in case.entities}
    assert names[STBPI].seed and names[STBPI].hop == 0
    assert {"STBPI", "STPBI", "SPTBI"} <= set(names[STBPI].aliases)
    assert names["Ecxir Trading Company"].hop == names["Sabalan Company"].hop == 1
    assert names[SHIG].hop == 2
    assert any("1737" in d.authority for d in names[SHIG].designations)
    assert names["Doostan International"].hop == 3

    supplies = edges(case, "supplies")
    assert {(STBPI, "Ecxir Trading Company"), (STBPI, "Sabalan Company")} <= supplies
    associated = edges(case, "associated_with")
    assert {("Ecxir Trading Company", SHIG), ("Sabalan Company", SHIG)} <= associated
    assert ("Doostan International", SHIG) in edges(case, "intermediary_for")
    assert any(
        b.startswith("UN Security Council Resolution 1737")
        for _, b in edges(case, "designated_under")
    )

    graph = build_graph(case)
    stbpi = next(n for n, d in graph.nodes(data=True) if d["label"] == STBPI)
    ecxir = next(n for n, d in graph.nodes(data=True) if d["label"] == "Ecxir Trading Company")
    supply = graph.edges[stbpi, ecxir, "supplies"]
    assert supply["dates"] == ["2007-06", "2007-08"]
    assert supply["goods"] == ["aluminum bars"]
    assert "08STATE39690 ¶3 (S)" in supply["sources"]
    assert {t["type"] for t in supply["transactions"]} == {"offer", "revised offer"}
    # The buyers are tied to a designated party, so what they are sold is flagged.
    assert all(g.flagged for g in case.goods)
    assert "associated with Shahid Hemmat Industrial Group" in names["Sabalan Company"].affiliations


def test_seed_timeline_runs_june_2007_to_january_2008_in_order(db_url: str) -> None:
    case = seed_case(db_url)
    entries = build_timeline(case)
    dates = [e.date for e in entries]
    assert dates == sorted(dates)
    deals = [e for e in entries if e.kind == "transaction"]
    assert (deals[0].date, deals[-1].date) == ("2007-06", "2008-01")
    assert all(d.precision == "month" for d in deals)
    said = {(d.date, d.what) for d in deals}
    assert {
        ("2007-06", "offer"),
        ("2007-07", "order"),
        ("2007-08", "revised offer"),
        ("2007-10", "shipment"),
        ("2007-10", "offer"),
        ("2007-12", "order"),
        ("2008-01", "order"),
    } <= said
    alerted = [e for e in entries if e.kind == "diplomatic" and e.date == "2007-09"]
    assert alerted and alerted[0].what == "alerted"
    assert {s.number for s in alerted[0].sources} >= {2, 7}
    assert any(e.kind == "diplomatic" and e.date == "2006-11" for e in entries)
    assert [(e.kind, e.date) for e in entries[-2:]] == [
        ("cable", "2008-04-15"),
        ("action request", "2008-04-15"),
    ]


def test_invented_cables_join_one_party_across_cables(db_url: str) -> None:
    ingest(db_url, NETWORK)
    with Store.open(db_url) as store:
        case = build_case(store, ["KATCO"], plugins=discover(store))
    names = {e.name: e for e in case.entities}
    zagros = names["Zagros Machinery Company"]
    assert set(zagros.cables) == {"10STATE880101", "10ANKARA880102", "10DUBAI880103"}
    assert len(zagros.members) == 3
    kestrel = names["Kestrel Alloy Trading Company"]
    assert kestrel.seed and "KATCO" in kestrel.aliases
    # Orchid is reached only through Zagros, whom a different cable names.
    assert names["Orchid Composites Company"].hop == 2
    assert any("1747" in d.authority for d in names["Fajr Propulsion Industries"].designations)
    by_cable = {t.cable: t for t in case.transactions}
    assert set(by_cable) == {"10STATE880101", "10ANKARA880102", "10DUBAI880103"}
    assert {t.buyer for t in case.transactions} == {zagros.id}
    assert ("Orchid Composites Company", "Zagros Machinery Company") in edges(case, "front_for")

    entries = build_timeline(case)
    said = [(e.date, e.what) for e in entries]
    assert ("2009-11", "alerted") in said
    assert ("2010-02-18", "demarche delivered") in said
    assert ("2010-03-05", "reply") in said
    assert [e.date for e in entries] == sorted(e.date for e in entries)


def test_exclusions_drop_sources_paragraphs_and_facts(db_url: str) -> None:
    ingest(db_url, NETWORK)
    with Store.open(db_url) as store:
        whole = build_case(store, ["KATCO"])
        front = next(r for r in whole.relations if r.type == "front_for")
        no_reply = build_case(store, ["KATCO"], excluded_sources=["10ANKARA880102"])
        no_para = build_case(store, ["KATCO"], excluded_sources=["10DUBAI880103:2"])
        no_fact = build_case(store, ["KATCO"], excluded_facts=[front.id])
        hidden = build_case(store, ["KATCO"], visible=lambda s: s.marking != "C")
    assert "10ANKARA880102" not in {c.id for c in no_reply.cables}
    assert {t.type for t in no_reply.transactions} == {"offer", "order"}
    assert "front_for" not in {r.type for r in no_para.relations}
    assert "order" in {t.type for t in no_para.transactions}
    assert front.id not in {r.id for r in no_fact.relations}
    # A reader without access to (C) paragraphs sees nothing drawn only from them.
    assert all(s.marking != "C" for t in hidden.transactions for s in t.sources)
    assert "front_for" not in {r.type for r in hidden.relations}
    assert "Orchid Composites Company" not in {e.name for e in hidden.entities}
    assert "10DUBAI880103" not in {c.id for c in hidden.cables}
    assert not {"2010-03", "2010-04-20"} & {e.date for e in build_timeline(hidden)}


def test_hops_bound_the_network(db_url: str) -> None:
    ingest(db_url, NETWORK)
    with Store.open(db_url) as store:
        near = build_case(store, ["Kestrel Alloy Trading Company"], hops=1)
        with pytest.raises(CaseError, match="no stored entity"):
            build_case(store, ["Nonexistent Trading Company"])
    assert {e.name for e in near.entities} == {
        "Kestrel Alloy Trading Company",
        "Zagros Machinery Company",
    }


def test_saved_case_reopens_and_takes_in_new_cables(db_url: str) -> None:
    ingest(db_url, NETWORK / "10STATE880101.txt")
    cli("case", "KATCO", "--hops", "2", "--save", "katco", "--db", db_url)
    listed = json.loads(cli("cases", "--json", "--db", db_url))
    assert [(c["name"], c["seeds"], c["hops"], c["cables"]) for c in listed] == [
        ("katco", ["KATCO"], 2, ["10STATE880101"])
    ]
    ingest(db_url, NETWORK / "10ANKARA880102.txt", NETWORK / "10DUBAI880103.txt")
    listed = json.loads(cli("cases", "--json", "--db", db_url))
    assert sorted(listed[0]["new_cables"]) == ["10ANKARA880102", "10DUBAI880103"]
    opened: dict[str, Any] = json.loads(cli("case", "katco", "--json", "--db", db_url))
    assert opened["name"] == "katco" and opened["hops"] == 2
    assert {c["id"]: c["new"] for c in opened["cables"]} == {
        "10STATE880101": False,
        "10ANKARA880102": True,
        "10DUBAI880103": True,
    }
    assert json.loads(cli("cases", "--json", "--db", db_url))[0]["new_cables"] == []
    cli("case", "katco", "--exclude-source", "10DUBAI880103", "--save", "katco", "--db", db_url)
    assert json.loads(cli("cases", "--json", "--db", db_url))[0]["excluded_sources"] == [
        "10DUBAI880103"
    ]
    cli("cases", "--delete", "katco", "--db", db_url)
    assert json.loads(cli("cases", "--json", "--db", db_url)) == []


def test_cli_errors_name_the_problem_with_exit_2(db_url: str) -> None:
    ingest(db_url, NETWORK / "10STATE880101.txt")
    assert "seed 'NOPE'" in cli("case", "NOPE", "--db", db_url, code=2)
    assert "unknown format 'bmp'" in cli("graph", "KATCO", "-f", "bmp", "--db", db_url, code=2)
    assert "no saved case 'x'" in cli("cases", "--delete", "x", "--db", db_url, code=2)


def _picture(path: Path) -> Any:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pixels = matplotlib.image.imread(path)
    assert pixels.shape[1] >= 1000 and pixels.shape[0] >= 400
    assert pixels.std() > 0.05  # not a blank canvas
    return pixels


def test_graph_and_timeline_pictures_are_written(db_url: str, tmp_path: Path) -> None:
    ingest(db_url, need(SEED))
    graph_png = tmp_path / "graph.png"
    timeline_png = tmp_path / "timeline.png"
    cli("graph", "STBPI", "--format", "png", "-o", str(graph_png), "--db", db_url)
    cli("timeline", "STBPI", "--format", "png", "-o", str(timeline_png), "--db", db_url)
    _picture(graph_png)
    _picture(timeline_png)
    svg = cli("graph", "STBPI", "--format", "svg", "--db", db_url)
    assert svg.lstrip().startswith("<?xml") and "Ecxir Trading Company" in svg
    table = cli("timeline", "STBPI", "--db", db_url)
    assert "2007-06 (month)" in table and "2008-04-15 (day)" in table
    entries = json.loads(cli("timeline", "STBPI", "--format", "json", "--db", db_url))
    assert entries[0]["date"] <= entries[-1]["date"]


@pytest.mark.shared
def test_seed_case_holds_among_the_real_cables(tmp_path: Path) -> None:
    # The whole archive is ingested once, on SQLite: extracting 400 cables is the cost, and
    # both backends are covered by the seed-only tests above.
    db = f"sqlite:///{tmp_path / 'archive.db'}"
    ingest(db, need(SEED), need(REAL_CABLES))
    with Store.open(db) as store:
        assert store.count() >= 400
        # Every stage in play, the stored cross-cable resolution included: 410 unrelated
        # cables must not leak into the network.
        case = build_case(store, ["STBPI"], plugins=discover(store))
    assert ("Doostan International", SHIG) in edges(case, "intermediary_for")
    assert {(STBPI, "Ecxir Trading Company"), (STBPI, "Sabalan Company")} <= edges(case, "supplies")
    deals = [e for e in build_timeline(case) if e.kind == "transaction"]
    assert deals[0].date == "2007-06" and deals[-1].date == "2008-01"
    assert [d.date for d in deals] == sorted(d.date for d in deals)
    assert {e.name for e in case.entities} >= {STBPI, "Ecxir Trading Company", "Sabalan Company"}
    assert [c.id for c in case.cables] == ["08STATE39690"], [e.name for e in case.entities]

    draft = json.loads(cli("draft", "STBPI", "--format", "json", "--db", db))
    assert draft["banner"] == "SECRET"
    with Store.open(db) as store:
        seed = store.get("08STATE39690")
    assert seed is not None
    marked = {p.number: p.marking for p in seed.paragraphs}
    for point in draft["points"]:
        assert point["sources"] and point["marking"].startswith("("), point
        from_cables = [s for s in point["sources"] if not s["entry"]]
        if from_cables and all(marked[s["number"]] == "U" for s in from_cables):
            assert point["marking"] == "(U)", point
