"""Goods rules on made-up sentences: cargo lists of weapons named by designators, phrases
headed by a vocabulary word, words that only qualify another noun, goods named again in other
words, and anaphoric mentions with nothing to refer to.

The sentences are invented for these tests; no cable is named.
"""

from __future__ import annotations

from reftel.extraction import Extraction, extract
from reftel.extraction.facts import Good
from tests.helpers import cable


def goods(*texts: str) -> Extraction:
    return extract(cable(*texts))


def good_with(facts: Extraction, designator: str) -> Good:
    (found,) = [g for g in facts.goods if designator in g.designators]
    return found


def test_cargo_list_names_each_weapon_by_its_designator() -> None:
    facts = goods(
        "The ship carried 12 T-55 tanks, 8 ZSU-23 anti-aircraft guns, 40 RPG-7v and "
        "5,000 122mm rounds of ammunition (T-55)."
    )
    assert good_with(facts, "T-55").name == "tanks"
    assert good_with(facts, "ZSU-23").name == "anti-aircraft guns"
    rpg = good_with(facts, "RPG-7v")
    assert (rpg.name, rpg.form) == ("RPG-7v", None)
    assert good_with(facts, "122mm").name == "rounds of ammunition"
    assert len(facts.goods) == 4


def test_named_systems_and_plural_designators() -> None:
    facts = goods(
        "The buyer asked for Strela 2's and sophisticated Igla-S MANPADS, and later for F-16s.",
        "The F-16 aircraft were not delivered.",
    )
    assert good_with(facts, "Strela 2").name == "Strela 2"
    assert good_with(facts, "Igla-S").name == "MANPADS"
    fighter = good_with(facts, "F-16")
    assert fighter.form == "combat aircraft" and len(fighter.mentions) == 2


def test_visa_classes_and_airgram_numbers_are_no_goods() -> None:
    facts = goods("He holds an F-1 visa; see A-19 on the P-5 talks.")
    assert facts.goods == []


def test_words_that_qualify_another_noun_name_no_good() -> None:
    facts = goods(
        "The arms control talks covered missile-related entities, nuclear weapons, the "
        "company's balance sheet and this cable."
    )
    assert facts.goods == []


def test_generic_word_needs_a_modifier_of_its_own() -> None:
    facts = goods("They sought centrifuge technology and these few parts, not technology.")
    assert [g.name for g in facts.goods] == ["centrifuge technology"]


def test_material_without_form_word_is_a_good() -> None:
    facts = goods("The firm shipped 8 tons of maraging steel and some 7075 aluminum to Iran.")
    names = {g.name: g for g in facts.goods}
    assert set(names) == {"maraging steel", "7075 aluminum"}
    assert names["maraging steel"].material == "maraging steel"


def test_name_drops_determiners_numbers_origin_and_codes() -> None:
    facts = goods("Customs seized three Swedish-origin M-136 AT4 anti-tank missiles.")
    (missiles,) = facts.goods
    assert missiles.name == "anti-tank missiles"
    assert missiles.designators == ["M-136", "AT4"]
    assert missiles.origin == "SE"


def test_a_good_named_again_in_shorter_words_is_one_good() -> None:
    facts = goods(
        "The company offered PVC-insulated wire and Russian-produced assault rifle ammunition.",
        "The insulated wire and the recovered ammunition were seized; these missiles were not.",
    )
    assert [(g.name, len(g.mentions)) for g in facts.goods] == [
        ("PVC-insulated wire", 2),
        ("assault rifle ammunition", 2),
    ]


def test_more_specific_name_after_a_generic_one_is_another_good() -> None:
    facts = goods("The rebels bought missiles, including anti-tank missiles.")
    assert [g.name for g in facts.goods] == ["missiles", "anti-tank missiles"]


def test_words_of_an_organization_name_stop_the_item_name() -> None:
    facts = goods("Iran bought Isfahan Optics Industries gyroscopes from the broker.")
    assert [g.name for g in facts.goods] == ["gyroscopes"]


def test_everyday_senses_of_arms_words_are_no_goods() -> None:
    facts = goods(
        "A think tank reviewed the plenary rounds, and the insurgent fighters left the talks."
    )
    assert facts.goods == []


def test_a_word_before_a_count_noun_names_what_is_counted() -> None:
    facts = goods("Omega Trading Company offered ten lathe units to Delta Pumps Limited in May.")
    assert [g.name for g in facts.goods] == ["lathe"]
    assert [(e.type, e.item) for e in facts.events] == [("offer", facts.goods[0].id)]
