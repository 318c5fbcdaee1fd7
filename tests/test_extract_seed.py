"""Extraction on the seed cable: the facts an analyst would put on the whiteboard.

Nothing about this cable is named in the code: these pass because the method is general.
"""

from __future__ import annotations

import pytest

from reftel.extraction import Extraction, extract
from reftel.extraction.facts import Entity, Event
from reftel.reading import ReadError, read_paths

from .shared import SEED, need


@pytest.fixture(scope="module")
def facts() -> Extraction:
    (cable,) = list(read_paths([str(need(SEED))]))
    assert not isinstance(cable, ReadError)
    return extract(cable)


def entity(facts: Extraction, name: str) -> Entity:
    found = [e for e in facts.entities if e.name == name or name in e.aliases]
    assert len(found) == 1, (name, [e.name for e in facts.entities])
    return found[0]


def events(facts: Extraction, kind: str, seller: str | None, buyer: str | None) -> list[Event]:
    seller_id = entity(facts, seller).id if seller else None
    buyer_id = entity(facts, buyer).id if buyer else None
    return [
        e
        for e in facts.events
        if e.type == kind
        and (seller is None or e.seller == seller_id)
        and (buyer is None or e.buyer == buyer_id)
    ]


def test_acronym_and_its_misspellings_are_one_entity(facts: Extraction) -> None:
    company = entity(facts, "STBPI")
    assert company.name == "Shanghai Technical By-Products International Corporation"
    assert {"STBPI", "STPBI", "SPTBI"} <= set(company.aliases)
    assert company.type == "organization"
    assert company.country == "CN"
    assert entity(facts, "STPBI").id == entity(facts, "SPTBI").id == company.id


def test_parties(facts: Extraction) -> None:
    for name in ("Ecxir Trading Company", "Sabalan Company", "Doostan International"):
        assert entity(facts, name).type == "organization"
    assert entity(facts, "SHIG").name == "Shahid Hemmat Industrial Group"
    assert entity(facts, "SBIG").name == "Shahid Bakeri Industrial Group"
    assert entity(facts, "SHIG").id != entity(facts, "SBIG").id
    assert entity(facts, "Ecxir Trading Company").country == "IR"
    assert entity(facts, "China").type == "country"
    assert entity(facts, "Hong Kong").type == "place"


def test_aluminium_offers(facts: Extraction) -> None:
    stbpi, ecxir = "STBPI", "Ecxir Trading Company"
    offers = events(facts, "offer", stbpi, ecxir)
    revised = events(facts, "revised offer", stbpi, ecxir)
    assert [e.date.value for e in offers if e.date] == ["2007-06"]
    assert [e.date.value for e in revised if e.date] == ["2007-08"]
    for event in offers + revised:
        good = facts.good(event.item)
        assert good is not None and "LF6" in good.designators
        assert {"5A06", "AlMg6"} <= set(good.designators)
        assert good.form == "bar" and good.name == "aluminum bars"
        assert event.quantity is not None
        assert (event.quantity.value, event.quantity.unit) == (23, "t")


def test_integrated_circuits(facts: Extraction) -> None:
    (order,) = events(facts, "order", "STBPI", "Sabalan Company")
    assert order.date is not None and order.date.value == "2007-07"
    assert order.value is not None
    assert (order.value.amount, order.value.currency, order.value.qualifier) == (
        26000,
        "USD",
        "about",
    )
    (shipment,) = events(facts, "shipment", "STBPI", "Sabalan Company")
    assert shipment.date is not None and shipment.date.value == "2007-10"
    assert shipment.quantity is not None
    assert (shipment.quantity.value, shipment.quantity.qualifier) == (100, "at_least")
    assert [facts.entity(r).name for r in shipment.route if facts.entity(r)] == ["Hong Kong"]
    good = facts.good(shipment.item)
    assert good is not None and good.origin == "US" and good.form == "integrated circuits"


def test_wire_and_steel(facts: Extraction) -> None:
    wire = [e for e in events(facts, "offer", "STBPI", "Sabalan Company")]
    goods = [facts.good(e.item) for e in wire]
    assert any(g is not None and g.form == "wire" and "ASTVR" in g.designators for g in goods)
    steel = events(facts, "order", None, "Ecxir Trading Company")
    assert sorted(e.date.value for e in steel if e.date) == ["2007-12", "2008-01"]
    for event in steel:
        good = facts.good(event.item)
        assert good is not None and "steel" in good.name


def test_relations(facts: Extraction) -> None:
    def related(kind: str, subject: str, obj: str) -> bool:
        s, o = entity(facts, subject).id, entity(facts, obj).id
        return any(r.type == kind and r.subject == s and r.object == o for r in facts.relations)

    assert related("associated_with", "Ecxir Trading Company", "SHIG")
    assert related("associated_with", "Sabalan Company", "SHIG")
    assert related("designated_under", "SHIG", "UNSCR 1737")
    doostan = entity(facts, "Doostan International").id
    assert any(r.type == "intermediary_for" and r.subject == doostan for r in facts.relations)


def test_every_fact_keeps_its_paragraph_and_marking(facts: Extraction) -> None:
    for fact in [*facts.events, *facts.relations]:
        assert fact.sources
        for source in fact.sources:
            assert source.cable == "08STATE39690"
            assert source.number is not None
            assert source.marking in ("S", "U")
    for item in facts.entities:
        for mention in item.mentions:
            assert mention.source.number is not None
    (order,) = events(facts, "order", "STBPI", "Sabalan Company")
    assert {(s.number, s.marking) for s in order.sources} == {(7, "S")}
