"""General extraction rules on made-up text: restoring case, typing names, addressees,
all-capitals organizations, intermediaries and dealings stated again about 'these' goods.

The sentences are invented for these tests; no cable is named, so each rule is shown to work
on text it was not written from.
"""

from __future__ import annotations

from reftel.extraction import extract
from reftel.extraction.lexicons import name_head_type
from reftel.extraction.mentions import REPEAT, repeated_mentions
from reftel.extraction.pipeline import Context
from reftel.extraction.prepare import parse_paragraphs
from reftel.extraction.truecase import restore_case, truecase
from reftel.record import Paragraph
from tests.helpers import cable, named


def test_truecase_lowers_words_and_keeps_names() -> None:
    text = "PRESIDENT MANDELA MET THE MINISTER. THE BRIEFINGS WERE SATISIFED AND USEFUL."
    cased = truecase(text)
    assert len(cased) == len(text)
    assert "Mandela" in cased  # not a dictionary word: a name
    assert "briefings" in cased  # an inflection of a dictionary word
    assert "satisifed" in cased  # one slip from a frequent word: a typing error, no name


def test_truecase_reads_may_as_a_month_only_beside_a_date() -> None:
    assert "may" in truecase("THE MINISTER MAY TRAVEL TO CAIRO NEXT WEEK.")
    assert "May" in truecase("THE MINISTER TRAVELLED ON MAY 4 TO CAIRO.")


def test_restore_case_only_where_lines_are_capitals() -> None:
    text = "Released by the Department of State\nTHE MINISTER MET ZAMBIAN OFFICIALS IN LUSAKA."
    restored = restore_case(text)
    assert restored.startswith("Released by the Department of State\n")
    assert "minister" in restored


def test_given_name_types_a_person_the_model_calls_an_organization() -> None:
    facts = extract(
        cable(
            "Liane Saunders (Head, Counter-Proliferation Department, FCO) said the UK would "
            "host the meeting."
        )
    )
    saunders = named(facts, "Liane Saunders")
    assert [m.label for m in saunders.mentions] == ["ORG"]  # what the small model says
    assert saunders.type == "person"


def test_head_words_type_places_and_bodies() -> None:
    assert name_head_type("Hainan Island") == "place"
    assert name_head_type("Jamaica Chamber of Commerce") == "organization"
    assert name_head_type("Embassy Rangoon") == "organization"
    assert name_head_type("Chamber") is None  # a lone generic word says nothing


def test_a_town_given_with_its_country_is_a_place() -> None:
    facts = extract(cable("The cargo ship departed Mariupol, Ukraine on May 1."))
    town = named(facts, "Mariupol")
    assert [m.label for m in town.mentions] == ["ORG"]  # what the small model says
    assert town.type == "place"


def test_addressed_posts_are_no_parties() -> None:
    facts = extract(
        cable(
            "This is an action request. Embassy Lusaka, please see paragraph 2.",
            "Request Embassy Lusaka approach appropriate host government officials.",
        )
    )
    assert not [e for e in facts.entities if "Embassy" in e.name]


def test_field_of_an_office_title_is_no_organization() -> None:
    facts = extract(
        cable(
            "Assistant Secretary of State for Political Military Affairs John Smith met the "
            "Minister of Defense on Monday."
        )
    )
    assert not [e for e in facts.entities if "Affairs" in e.name]


def test_tags_left_in_a_paragraph_are_no_name() -> None:
    facts = extract(
        cable(
            "PREL PGOV ZI SA\nTHE OPPOSITION LEADER MET THE AMBASSADOR IN HARARE ON MONDAY.",
            tags=("PREL", "PGOV", "ZI", "SA"),
        )
    )
    assert not [e for e in facts.entities if e.name.upper().startswith("PREL")]


def test_capitals_organization_by_its_head_word() -> None:
    facts = extract(
        cable(
            "THE MINISTER SAID THE ZAMBIAN NAVY WOULD PATROL THE LAKE AND THAT THE RULING "
            "PARTY HAD AGREED TO THE PLAN."
        )
    )
    navy = named(facts, "ZAMBIAN NAVY")
    assert navy.type == "organization"
    assert not [e for e in facts.entities if e.name.upper() == "RULING PARTY"]


def test_us_in_capitals_is_the_country_before_a_noun_and_the_pronoun_otherwise() -> None:
    facts = extract(
        cable(
            "THE MINISTER TOLD US THAT HE WOULD RAISE THE MATTER WITH US OFFICIALS AT THE "
            "NEXT MEETING IN LUSAKA."
        )
    )
    us = named(facts, "US")
    assert us.type == "country"
    assert len(us.mentions) == 1


def test_intermediary_and_these_goods_carry_the_dealing() -> None:
    facts = extract(
        cable(
            "In March 2009, Kestrel Avionics Ltd. offered to sell gyroscopes to Iran's "
            "Brightwater Optics Industries. Our information indicates that these gyroscopes "
            "could be delivered to Iran in May 2009 and that Brightwater Optics Industries was "
            "coordinating this transaction through an intermediary named Dune Trading (DTco)."
        )
    )
    seller = named(facts, "Kestrel Avionics Ltd.")
    buyer = named(facts, "Brightwater Optics Industries")
    broker = named(facts, "Dune Trading")
    offer = [e for e in facts.events if e.type == "offer"]
    assert len(offer) == 1
    assert (offer[0].seller, offer[0].buyer, offer[0].intermediary) == (
        seller.id,
        buyer.id,
        broker.id,
    )
    shipment = [e for e in facts.events if e.type == "shipment"]
    assert len(shipment) == 1
    assert (shipment[0].seller, shipment[0].buyer) == (seller.id, buyer.id)
    assert shipment[0].date is not None and shipment[0].date.value == "2009-05"
    assert shipment[0].modality == "planned"


def test_signed_agreement_to_supply_is_an_order() -> None:
    facts = extract(
        cable(
            "Qatar reportedly signed an agreement in 2005 to supply Pakistan with 5 million "
            "tons of Liquefied Natural Gas for USD 2 billion."
        )
    )
    assert [e.type for e in facts.events] == ["order"]


def test_a_post_named_with_its_country_is_an_organization() -> None:
    facts = extract(
        cable(
            "The request went through the U.S. Embassy Lusaka. The Norwegian Embassy in Quito "
            "confirmed the shipment."
        )
    )
    assert named(facts, "U.S. Embassy Lusaka").type == "organization"
    assert named(facts, "Norwegian Embassy in Quito").type == "organization"


def test_a_name_found_once_is_found_again_where_the_model_missed_it() -> None:
    context = Context(
        cable(
            "Orvane Bank pays for Zelmar Trading. The Bank of Orvane agreed.",
            "Funds from Orvane Bank reached Zelmar Trading via Orvane Banks.",
        )
    )
    parse_paragraphs(context)
    first, second = context.cable.paragraphs

    def found(paragraph: Paragraph, name: str) -> None:
        start = paragraph.text.index(name)
        context.add_found(paragraph, start, start + len(name), "ORG", "organization")

    found(first, "Orvane Bank")
    found(first, "Zelmar Trading")
    found(first, "Bank")  # an everyday word
    found(second, "Orvane Bank")  # found already
    repeated_mentions(context)
    repeats = [(f.paragraph.index, f.text, f.label) for f in context.found if f.label == REPEAT]
    # Zelmar Trading again in the second paragraph; not 'Bank' everywhere, not inside
    # 'Orvane Banks', not where a name stands found already.
    assert repeats == [(1, "Zelmar Trading", REPEAT)]
    facts = extract(context.cable)
    assert named(facts, "Zelmar Trading").type == "organization"
