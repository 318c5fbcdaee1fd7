"""Entity rules on made-up sentences: cable machinery that names no party, regions, words
that case restoring must not take for names, context cues to a name's type, and spans the
model runs on past a name."""

from __future__ import annotations

from reftel.extraction import extract
from reftel.extraction.truecase import plain_word, truecase
from tests.helpers import cable, named


def names(text: str) -> dict[str, str]:
    return {e.name: e.type for e in extract(cable(text)).entities}


def test_posts_and_office_symbols_in_handling_sentences_are_no_parties() -> None:
    found = names(
        "Iran bought pumps from Ruvex Trading Company in Dubai. Please slug all responses "
        "for EAP, NEA and ISN. Washington appreciates Posts' assistance."
    )
    assert "Washington" not in found and "EAP" not in found and "NEA" not in found
    assert found["Dubai"] == "place"


def test_regions_are_places() -> None:
    facts = extract(cable("Trade with Latin America and the Middle East grew, as in Europe."))
    assert named(facts, "Latin America").type == "place"
    assert named(facts, "Middle East").type == "place"
    assert named(facts, "Europe").type == "place"


def test_region_spelling_joins_its_region() -> None:
    facts = extract(cable("Ships in the Arabian Gulf were searched."))
    assert named(facts, "Persian Gulf").aliases == ["Arabian Gulf"]


def test_plain_words_and_compounds_are_no_names() -> None:
    assert plain_word("worldviews") and plain_word("counterdrug") and plain_word("undoing")
    assert not plain_word("tehran") and not plain_word("goldman")


def test_everyday_word_after_a_title_stays_a_word() -> None:
    assert truecase("IS THE NEW DEPUTY SETTLING IN?") == "Is the new deputy settling in?"
    assert truecase("HIS UNDOING WAS QUICK.") == "His undoing was quick."
    assert truecase("PRESIDENT BONGO SPOKE.") == "President Bongo spoke."


def test_title_before_a_lone_surname_makes_a_person() -> None:
    facts = extract(cable("Russian DCM Darchiyev said that the inquiry continued."))
    assert named(facts, "Darchiyev").type == "person"


def test_body_nouns_after_a_name_make_an_organization() -> None:
    facts = extract(cable("FONOFF OFFICIALS SAID THE LAW WAS FINAL. TWO FONOFF MEN AGREED."))
    assert named(facts, "FONOFF").type == "organization"


def test_a_point_of_contact_is_a_person() -> None:
    facts = extract(cable("Point of Contact for the program is Vanne Kolorabi: ph 202-647-4513."))
    assert named(facts, "Vanne Kolorabi").type == "person"


def test_run_on_dates_and_titles_are_cut_from_names() -> None:
    found = names("Januzzi met Director General Cheng Jingye March 24 in Beijing.")
    assert found.get("Cheng Jingye") == "person"
    found = names("The talks were led by Treasury U/S Levey and others.")
    assert found.get("Levey") == "person"
    # A title word that ends a body's name after 'of' is the name's, not a run-on title.
    found = names("He met officials of the Ministry of Defence on Tuesday.")
    assert found.get("Ministry of Defence") == "organization"


def test_frequent_names_missing_from_the_dictionary_stay_names() -> None:
    facts = extract(cable("He said that President Obama has set out the prospect of a world."))
    assert named(facts, "Obama").type == "person"


def test_place_head_words_and_compass_words_extend_known_places() -> None:
    found = names("The office is on Beijing Road. Police raided shops in South Tehran.")
    assert found.get("Beijing Road") == "place"
    assert found.get("South Tehran") == "place"
    assert "Beijing" not in found


def test_a_lower_case_district_word_belongs_to_the_place() -> None:
    found = names("Many firms had their headquarters in the Chaoyang district of the capital.")
    assert found.get("Chaoyang district") == "place"


def test_a_destination_is_a_place_even_with_a_personal_looking_name() -> None:
    facts = extract(cable("Destination: Fang Chen, China. The destination, Fang Chen, was odd."))
    assert named(facts, "Fang Chen").type == "place"


def test_a_name_without_its_honorific_joins_the_full_name() -> None:
    facts = extract(
        cable(
            "JUD leader Hafiz Muhammad Saeed spoke. The petition of Muhammad Saeed was "
            "reviewed, and Saeed said he would appeal."
        )
    )
    person = named(facts, "Hafiz Muhammad Saeed")
    assert person.type == "person"
    assert "Muhammad Saeed" in person.aliases


def test_a_government_of_a_country_is_that_country() -> None:
    facts = extract(cable("The Government of Venezuela (GOV) bought rifles. Venezuela denied it."))
    venezuela = named(facts, "Venezuela")
    assert venezuela.type == "country"
    assert "Government of Venezuela" in venezuela.aliases


def test_a_ship_named_after_vessel_is_no_party() -> None:
    found = names("Shipper: Ruvex Trading Company. Vessel: Kota Baru to Singapore.")
    assert "Kota Baru" not in found
    assert found.get("Ruvex Trading Company") == "organization"
