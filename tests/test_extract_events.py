"""Event rules on made-up text: lists of goods, contracts and the deliveries done under them,
nominal triggers, country adjectives, dates relative to the cable, and sentences that wish or
speak of a dealing without stating one. No cable is named."""

from __future__ import annotations

from datetime import datetime

from reftel.extraction import Extraction, extract
from reftel.extraction.measures import dates
from reftel.reading import read_paths
from reftel.record import Cable
from tests.helpers import cable
from tests.shared import REAL_CABLES, need


def rows(facts: Extraction) -> list[tuple[str, str | None, str | None, str | None, str | None]]:
    """(type, seller, buyer, item, date) of every event, by name."""

    def name(entity_id: str | None) -> str | None:
        entity = facts.entity(entity_id)
        return entity.name if entity else None

    out = []
    for event in facts.events:
        good = facts.good(event.item)
        out.append(
            (
                event.type,
                name(event.seller),
                name(event.buyer),
                good.name if good else None,
                event.date.value if event.date else None,
            )
        )
    return sorted(out, key=str)


def test_dates_relative_to_the_cable_and_after_a_paragraph_sign() -> None:
    found = [
        w.value for _f, w in dates("sold in ¶1988, worth more last year", datetime(2009, 8, 1))
    ]
    assert found == ["1988", "2008"]


def test_a_cargo_list_under_a_contract_is_one_shipment_per_item() -> None:
    facts = extract(
        cable(
            "The ship departed Odessa, Ukraine on September 1.",
            "As part of a contract signed between Ukraine and Kenya in December 2006, the "
            "vessel is believed to be carrying the following cargo:\n\n"
            "-- 33 tanks, with spare parts\n-- 42 howitzers",
        )
    )
    shipments = [r for r in rows(facts) if r[0] == "shipment"]
    assert shipments == [
        ("shipment", "Ukraine", "Kenya", "howitzers", "2008-09-01"),
        ("shipment", "Ukraine", "Kenya", "spare parts", "2008-09-01"),
        ("shipment", "Ukraine", "Kenya", "tanks", "2008-09-01"),
    ]


def test_the_scheduled_delivery_takes_the_deal_s_parties_and_date() -> None:
    facts = extract(
        cable(
            "In October 2008 the Iranian company Kala Electric signed an arms deal with Russia, "
            "to be delivered by early January 2009. The scheduled delivery will include sniper "
            "rifles, howitzers, and demolition equipment."
        )
    )
    shipments = [r for r in rows(facts) if r[0] == "shipment"]
    assert {r[3] for r in shipments} == {"sniper rifles", "howitzers", "demolition equipment"}
    assert {(r[2], r[4]) for r in shipments} == {("Kala Electric", "2009-01")}


def test_a_supplier_last_year() -> None:
    facts = extract(
        cable(
            "Russia is the predominant supplier of howitzers to Venezuela, totaling $5 billion "
            "last year."
        )
    )
    assert rows(facts) == [("supply", "Russia", "Venezuela", "howitzers", "2008")]


def test_goods_said_to_come_from_a_country_were_sold_by_it() -> None:
    facts = extract(
        cable(
            "In an August 3 telcon, the minister said that Swedish-origin anti-tank missiles "
            "sold to Venezuela were found in rebel caches."
        )
    )
    assert rows(facts) == [("supply", "Sweden", "Venezuela", "anti-tank missiles", None)]


def test_wishes_and_mentions_are_no_dealings() -> None:
    facts = extract(
        cable(
            "We prefer that EU members not transfer arms to Venezuela. Miqdad could not hide his "
            "surprise at our mention of the transfer of ballistic missiles to Hizballah."
        )
    )
    assert all(r[1] not in ("European Union", "EU", "Miqdad") for r in rows(facts))
    assert not [r for r in rows(facts) if r[2] == "Venezuela"]


def test_his_assistance_in_providing_arms() -> None:
    facts = extract(
        cable(
            "Slobodan Tesic is designated under the travel ban for his assistance in providing "
            "arms to Liberia."
        )
    )
    assert rows(facts) == [("supply", "Slobodan Tesic", "Liberia", "arms", None)]


def test_two_words_for_one_kind_of_good_supplied_to_one_party_are_one_dealing() -> None:
    facts = extract(
        cable(
            "Syria denied any role in the supply of pistols to Hizballah.",
            "The denial of any Syrian role in supplying machine guns to Hizballah was false.",
        )
    )
    assert [(r[0], r[1], r[2]) for r in rows(facts)] == [("supply", "Syria", "Hizballah")]
    assert len(facts.events[0].sources) == 2


def test_shipping_papers_name_the_parties_of_a_shipment() -> None:
    facts = extract(
        cable(
            "Contacts shared documents for 112 metric tons of aluminum bars shipped on "
            "January 25 from Burma to China via Singapore.",
            "Shipper: Golden Lotus Mining Company. Consignee: Yunnan Metals Trading Co., Ltd.",
        )
    )
    assert rows(facts) == [
        (
            "shipment",
            "Golden Lotus Mining Company",
            "Yunnan Metals Trading Co., Ltd.",
            "aluminum bars",
            "2009-01-25",
        )
    ]


def test_paying_attention_is_no_payment() -> None:
    facts = extract(cable("With Ambassador Smith, we are paying close attention to Mali."))
    assert facts.events == []


def test_trying_to_buy_is_an_attempt_and_carrying_out_is_no_shipment() -> None:
    facts = extract(
        cable(
            "Kala Electric is attempting to purchase howitzers from Russia. Shahid Hemmat "
            "Industrial Group carried out a test of ballistic missiles in 2008."
        )
    )
    assert rows(facts) == [("attempt", "Russia", "Kala Electric", "howitzers", None)]


def test_questions_are_no_dealings_and_a_possessor_sells() -> None:
    facts = extract(
        cable(
            "Is there information that Kala Electric shipped arms to Syria? Amos Gilad "
            "referenced Russia's sale of howitzers to Iran."
        )
    )
    assert rows(facts) == [("supply", "Russia", "Iran", "howitzers", None)]


def test_a_trigger_s_modifier_names_a_good_named_elsewhere() -> None:
    facts = extract(
        cable(
            "Russia is the predominant arms supplier to Venezuela.",
            "Caches of arms were found in the jungle.",
        )
    )
    assert rows(facts) == [("supply", "Russia", "Venezuela", "arms", None)]


def test_a_party_named_only_by_its_country_adjective_is_the_organization() -> None:
    facts = extract(
        cable(
            "The ship departed Odessa, Ukraine on September 1.",
            "As part of a contract signed between Ukraine and the Somali People's Liberation "
            "Movement/Army in December 2006, the vessel is believed to be carrying the following "
            "cargo:\n\n-- 33 tanks\n-- 42 howitzers",
        )
    )
    shipments = [r for r in rows(facts) if r[0] == "shipment"]
    movement = "Somali People's Liberation Movement/Army"
    assert shipments == [
        ("shipment", "Ukraine", movement, "howitzers", "2008-09-01"),
        ("shipment", "Ukraine", movement, "tanks", "2008-09-01"),
    ]


def test_an_agreed_delivery_dates_the_order_by_the_signing_and_lists_stay_apart() -> None:
    facts = extract(
        cable(
            "Reporting indicates that the Kenyan Ministry of Defense signed a deal for 500 "
            "rifles in early October 2008, to be delivered by early January 2009. The "
            "scheduled delivery will include small arms ammunition, heavy artillery ammunition, "
            "and howitzers."
        )
    )
    buyer = "Kenyan Ministry of Defense"
    assert rows(facts) == [
        ("order", None, buyer, "rifles", "2008-10"),
        ("shipment", None, buyer, "heavy artillery ammunition", "2009-01"),
        ("shipment", None, buyer, "howitzers", "2009-01"),
        ("shipment", None, buyer, "small arms ammunition", "2009-01"),
    ]


def test_a_bank_a_payment_passes_through_is_its_intermediary() -> None:
    facts = extract(
        cable("The Orion Bank of Commerce made a payment of Euro 7 million to Kestrel Trading.")
    )
    names = [
        tuple(e.name if e else None for e in map(facts.entity, (v.seller, v.buyer, v.intermediary)))
        for v in facts.events
    ]
    assert names == [("Kestrel Trading", None, "Orion Bank of Commerce")]


def test_a_sale_and_a_delivery_of_one_good_to_one_party_are_one_dealing() -> None:
    facts = extract(
        cable(
            "Russia has begun delivery of MANPADS to Venezuela. We have raised the ongoing "
            "Russian sale of MANPADS to Venezuela with Russia."
        )
    )
    assert rows(facts) == [("shipment", "Russia", "Venezuela", "MANPADS", None)]


def test_wanting_someone_to_pay_is_no_payment() -> None:
    facts = extract(cable("They wanted the Kenyan Air Force to pay fuel costs."))
    assert [e for e in facts.events if e.type == "payment"] == []


def test_a_bank_is_the_intermediary_of_the_payment_in_its_own_sentence_only() -> None:
    def intermediaries(*texts: str) -> list[str | None]:
        facts = extract(cable(" ".join(texts)))
        names = {e.id: e.name for e in facts.entities}
        return [names.get(e.intermediary or "") for e in facts.events if e.type == "payment"]

    paid = "Omega Trading Company paid $5,000 to Delta Pumps Limited"
    assert intermediaries(f"{paid} through Bank Melli in May 2009.") == ["Bank Melli"]
    assert intermediaries(
        f"{paid} in May 2009.", "Its other funds moved through Bank Melli last year."
    ) == [None]


def test_a_bank_a_payment_comes_from_is_its_intermediary_on_a_real_cable() -> None:
    """06VIENNA515: 'a payment from Creditanstalt to Mileace General Trading', where the model
    sees no name in 'Creditanstalt': it is found again as the name found elsewhere, joins the
    bank whose name it ends, and the payment goes through that bank."""
    facts = extract(_real("06VIENNA515.html"))
    names = {e.id: e.name for e in facts.entities}
    payments = [
        (names.get(e.seller or ""), names.get(e.buyer or ""), names.get(e.intermediary or ""))
        for e in facts.events
        if e.type == "payment" and e.date is not None and e.date.value == "2004-05"
    ]
    assert payments == [
        ("Mileace General Trading", "Novin Energy Company", "Bank Austria Creditanstalt")
    ]


def _real(name: str) -> Cable:
    cables = [c for c in read_paths([str(need(REAL_CABLES) / name)]) if isinstance(c, Cable)]
    assert len(cables) == 1
    return cables[0]


def test_members_of_a_group_are_no_named_party() -> None:
    facts = extract(
        cable(
            "Older rifles, including those supplied in the past by NATO countries, can end "
            "up in the wrong hands."
        )
    )
    sellers = [facts.entity(e.seller) for e in facts.events]
    assert [s.name for s in sellers if s is not None] == []
