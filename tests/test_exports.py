"""Exports of a case: FollowTheMoney entities loaded back with followthemoney, the CSV of
transactions, and the network as GEXF and GraphML read back with networkx."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
from followthemoney import model
from followthemoney.proxy import EntityProxy

from reftel.cases.case import Case, build_case
from reftel.exports import export
from reftel.exports.ftm import validate_lines
from reftel.store import Store

from .helpers import cli, seed_case

NETWORK = Path(__file__).resolve().parent / "cables" / "network"
STBPI = "Shanghai Technical By-Products International Corporation"
SHIG = "Shahid Hemmat Industrial Group"


def loaded(lines: list[str]) -> dict[str, EntityProxy]:
    proxies = [model.get_proxy(json.loads(line)) for line in lines]
    return {p.id: p for p in proxies if p.id}


def named(entities: dict[str, EntityProxy], name: str) -> EntityProxy:
    return next(p for p in entities.values() if name in p.get("name"))


def test_ftm_export_loads_back_without_validation_errors(db_url: str, tmp_path: Path) -> None:
    case = seed_case(db_url)
    target = tmp_path / "case.ftm.json"
    cli("export", "STBPI", "--format", "ftm", "-o", str(target), "--db", db_url)
    lines = target.read_text("utf-8").splitlines()
    assert lines == export(case, "ftm").decode().splitlines()
    assert validate_lines(lines) == []
    entities = loaded(lines)
    schemata = {p.schema.name for p in entities.values()}
    assert {"Company", "Document", "Mention", "Sanction", "Representation", "UnknownLink"} <= (
        schemata
    )

    stbpi, shig = named(entities, STBPI), named(entities, SHIG)
    assert stbpi.schema.name == "Company" and "STBPI" in stbpi.get("alias")
    assert stbpi.get("country") == ["cn"]
    sanctions = [p for p in entities.values() if p.schema.name == "Sanction"]
    on_shig = [p for p in sanctions if p.get("entity") == [shig.id]]
    assert any("1737" in (p.first("authority") or "") for p in on_shig)
    # The cable's own statement, with the paragraphs that say it.
    stated = [p for p in on_shig if "cable states" in (p.first("summary") or "")]
    assert stated and any("08STATE39690 ¶2 (S)" in d for d in stated[0].get("description"))
    doostan = named(entities, "Doostan International")
    agents = {p.first("agent") for p in entities.values() if p.schema.name == "Representation"}
    assert doostan.id in agents
    supplies = [
        p
        for p in entities.values()
        if p.schema.name == "UnknownLink" and p.get("subject") == [stbpi.id]
    ]
    assert any(
        "aluminum bars" in (p.first("role") or "") and p.get("date") == ["2007-06"]
        for p in supplies
    )
    documents = {p.id for p in entities.values() if p.schema.name == "Document"}
    for proxy in entities.values():
        if proxy.schema.name == "Sanction" and "a list holds" in (proxy.first("summary") or ""):
            # Designations from lists cite the list entry, not a cable.
            assert proxy.get("authorityId") and proxy.get("sourceUrl"), proxy.to_dict()
        elif proxy.schema.is_a("Interval"):
            assert proxy.get("proof") and set(proxy.get("proof")) <= documents, proxy.to_dict()
            assert any("08STATE39690 ¶" in d for d in proxy.get("description"))
    mentions = [p for p in entities.values() if p.schema.name == "Mention"]
    assert {m.first("resolved") for m in mentions} >= {stbpi.id, shig.id}
    assert {"STBPI", "STPBI", "SPTBI"} <= {
        m.first("name") for m in mentions if m.first("resolved") == stbpi.id
    }


def test_ftm_validation_reports_broken_entities() -> None:
    good = model.make_entity("Company")
    good.make_id("a")
    good.add("name", "A Company")
    orphan = model.make_entity("Sanction")
    orphan.make_id("b")
    orphan.add("entity", "no-such-entity")
    orphan.add("authority", "UNSCR 1737")
    empty = model.make_entity("Mention")
    empty.make_id("c")
    lines = [
        json.dumps(good.to_dict()),
        json.dumps(orphan.to_dict()),
        json.dumps(empty.to_dict()),
        json.dumps({"id": "d", "schema": "NoSuchSchema", "properties": {}}),
    ]
    errors = validate_lines(lines)
    assert any("line 2" in e and "points to missing" in e for e in errors)
    assert any("line 3" in e and "document is missing" in e for e in errors)
    assert any("line 4" in e and "unknown schema" in e for e in errors)
    assert not any("line 1" in e for e in errors)


def test_front_for_and_cross_cable_parties_export(db_url: str) -> None:
    cli("ingest", str(NETWORK), "--db", db_url)
    with Store.open(db_url) as store:
        case = build_case(store, ["KATCO"])
    lines = export(case, "ftm").decode().splitlines()
    assert validate_lines(lines) == []
    entities = loaded(lines)
    zagros = named(entities, "Zagros Machinery Company")
    orchid = named(entities, "Orchid Composites Company")
    front = [
        p
        for p in entities.values()
        if p.schema.name == "UnknownLink" and p.first("role") == "front for"
    ]
    assert [(p.first("subject"), p.first("object")) for p in front] == [(orchid.id, zagros.id)]
    # One party, three cables: three documents mention it.
    documents = {
        m.first("document")
        for m in entities.values()
        if m.schema.name == "Mention" and m.first("resolved") == zagros.id
    }
    assert len(documents) == 3


def test_transactions_csv(db_url: str) -> None:
    case = seed_case(db_url)
    text = cli("export", "STBPI", "--format", "csv", "--db", db_url)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(case.transactions) >= 7
    first = rows[0]
    assert (first["date"], first["date_precision"], first["type"]) == ("2007-06", "month", "offer")
    assert (first["seller"], first["buyer"]) == (STBPI, "Ecxir Trading Company")
    assert (first["quantity"], first["unit"], first["item"]) == ("23", "t", "aluminum bars")
    assert first["designators"] == "5A06; AlMg6; LF6"
    assert "08STATE39690 ¶3 (S)" in first["sources"] and first["markings"] == "S"
    order = next(r for r in rows if r["value"])
    assert (order["value"], order["currency"], order["value_qualifier"]) == (
        "26000",
        "USD",
        "about",
    )
    shipment = next(r for r in rows if r["type"] == "shipment")
    assert shipment["route"] == "Hong Kong" and shipment["quantity_qualifier"] == "at_least"


def test_network_files_load_with_networkx(db_url: str, tmp_path: Path) -> None:
    case = seed_case(db_url)
    for fmt, read in (("gexf", nx.read_gexf), ("graphml", nx.read_graphml)):
        target = tmp_path / f"case.{fmt}"
        cli("export", "STBPI", "--format", fmt, "-o", str(target), "--db", db_url)
        graph = read(target)
        labels = {d["label"] for _, d in graph.nodes(data=True)}
        assert {STBPI, "Ecxir Trading Company", "Sabalan Company", SHIG} <= labels
        assert "Doostan International" in labels
        kinds = {d["relation"] for *_, d in graph.edges(data=True)}
        assert {"supplies", "associated_with", "intermediary_for", "designated_under"} <= kinds
        designated = {d["label"] for _, d in graph.nodes(data=True) if d["designated"]}
        assert SHIG in designated and not {STBPI, "Ecxir Trading Company"} & designated
        supply = next(
            d
            for u, v, d in graph.edges(data=True)
            if d["relation"] == "supplies" and graph.nodes[v]["label"] == "Ecxir Trading Company"
        )
        assert json.loads(supply["transactions"])[0]["date"] == "2007-06"
        assert "08STATE39690 ¶3 (S)" in supply["sources"]
    graph_json = json.loads(cli("graph", "STBPI", "--format", "json", "--db", db_url))
    assert len(graph_json["edges"]) == len(export_edges(case))


def export_edges(case: Case) -> list[tuple[str, str, str]]:
    from reftel.cases.network import build_graph

    return list(build_graph(case).edges(keys=True))
