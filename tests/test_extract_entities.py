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


def test_a_body_named_with_its_country_or_city_is_one_organization() -> None:
    found = names(
        "Officials of the Yemeni Ministry of Defense met the Czech Army. Dubai Customs and "
        "the Jamaica Chamber of Commerce objected."
    )
    assert found.get("Yemeni Ministry of Defense") == "organization"
    assert found.get("Czech Army") == "organization"
    assert found.get("Dubai Customs") == "organization"
    assert found.get("Jamaica Chamber of Commerce") == "organization"
    assert "Yemen" not in found and "Dubai" not in found


def test_a_post_and_a_place_office_holder_keep_their_country_and_place() -> None:
    found = names(
        "He spoke with the Swedish Embassy in Bogota. Xi was brought in as Shanghai Party "
        "Secretary."
    )
    assert found.get("Swedish Embassy in Bogota") == "organization"
    assert found.get("Shanghai") == "place"
    assert "Shanghai Party" not in found


def test_groups_of_states_named_by_a_number_are_organizations() -> None:
    found = names("India backed the P5+1 offer; the P-5 and the G-20 will meet in June.")
    assert found.get("P5+1") == "organization"
    assert found.get("P-5") == "organization"
    assert found.get("G-20") == "organization"


def test_a_rank_written_short_makes_a_person_even_of_a_place_guess() -> None:
    found = names("THE SHAH TOLD LTG JAFFARQOLI SADRI THAT THE PLAN WOULD PROCEED.")
    assert found.get("JAFFARQOLI SADRI") == "person"


def test_everyday_phrases_are_no_people_or_places() -> None:
    found = names(
        "RZB General Legal Counsel told the bank on January 30 that the report found no link. "
        "Burk asked for resources to accomplish the tasks that Member States give it. Peter "
        "Carter said so."
    )
    assert "Legal Counsel" not in found and "Member States" not in found
    assert found.get("Peter Carter") == "person"


def test_a_lower_case_company_word_after_a_name_makes_a_company() -> None:
    found = names("Officials of the Bao Gang steel company visited the port.")
    assert found.get("Bao Gang steel company") == "organization"


def test_a_staff_apposition_makes_a_person() -> None:
    facts = extract(
        cable("Frank Januzzi and Puneet Talwar, staff members of the Senate Committee, met Wang.")
    )
    assert named(facts, "Puneet Talwar").type == "person"


def test_a_body_name_in_capitals_leaves_out_a_verb_before_it() -> None:
    found = names(
        "NAVATT STATES ARGENTINE NAVY THINKING OF NEW RULES. OFFICIALS OF THE NATIONAL "
        "IRANIAN OIL COMPANY AGREED."
    )
    assert found.get("ARGENTINE NAVY") == "organization"
    assert found.get("NATIONAL IRANIAN OIL COMPANY") == "organization"
    assert "STATES ARGENTINE NAVY" not in found


def test_the_two_kashmirs_are_places() -> None:
    found = names("Militants crossed from Pakistan-administered Kashmir into Jammu and Kashmir.")
    assert found.get("Azad Jammu and Kashmir") == "place"
    assert found.get("Jammu and Kashmir") == "place"
    assert "Jammu" not in found


def test_a_department_symbol_before_an_office_name_is_left_out() -> None:
    found = names("Lisa Meyers (DOS/Office of Counterproliferation Initiatives) attended.")
    assert found.get("Office of Counterproliferation Initiatives") == "organization"


def test_a_garbled_word_is_kept_out_of_a_body_name_in_capitals() -> None:
    found = names("THE SAVAEEEAAA GENDARMERIE FORCE AND THE IMPERIAL IRANIAN NAVY ACTED.")
    assert found.get("IMPERIAL IRANIAN NAVY") == "organization"
    assert not any("SAVAEEEAAA" in name for name in found)


def test_treaties_and_resolutions_are_regimes() -> None:
    facts = extract(
        cable(
            "Cheng said China would remain a member of the Nonproliferation Treaty and "
            "enforce United Nations Security Council Resolutions 1737 against Iran."
        )
    )
    resolution = named(facts, "United Nations Security Council Resolutions 1737")
    assert (resolution.type, resolution.subtype) == ("organization", "regime")


def test_meetings_and_papers_are_no_parties() -> None:
    found = names(
        "Ambassador Burk said the Review Conference and the Nuclear Security Summit will "
        "follow the National Intelligence Estimate (NIE) that Pakistan rejected."
    )
    assert not {"Review Conference", "Nuclear Security Summit"} & found.keys()
    assert not any("Estimate" in name or name == "NIE" for name in found)
    assert found.get("Pakistan") == "country"


def test_a_sovereign_title_alone_is_a_person() -> None:
    assert names("THE SHAH HAS DECIDED THAT THE PARTY WILL MERGE WITH MARDOM.")["SHAH"] == "person"
    assert names("The Shah approved the purchase. Toufanian said so.")["Shah"] == "person"


def test_a_name_qualifying_goods_is_no_party() -> None:
    found = names(
        "STBPI offered Chinese-origin, PVC insulated wire to Sabalan Company. The circuits "
        "suit Scud-based missile systems."
    )
    assert "PVC" not in found and "Scud" not in found
    assert found.get("Sabalan Company") == "organization"


def test_a_given_name_and_surname_the_model_missed_are_a_person() -> None:
    facts = extract(
        cable(
            "Secretary Clinton raised the sale with Russian FM Sergey Lavrov in March.",
            "Moscow promised a written answer to clarify Lavrov's remark in March Kodori.",
        )
    )
    assert named(facts, "Sergey Lavrov").type == "person"
    assert "Lavrov" in named(facts, "Sergey Lavrov").aliases
    assert not any(e.name.startswith("March") for e in facts.entities)


def test_an_office_alone_or_a_lower_case_guess_is_no_party() -> None:
    found = names("Amb Smith met the Vice Foreign Minister; A/S Jones said utilities were cut.")
    assert not {"Amb", "Vice Foreign Minister", "A/S", "utilities"} & set(found)


def test_a_body_name_goes_on_after_its_head_but_not_into_its_country() -> None:
    found = names(
        "Omega Trading Company gave money to the Northern Foundation for the Americas. "
        "It also paid Orion Pumps Limited of Malta."
    )
    assert found.get("Northern Foundation for the Americas") == "organization"
    assert found.get("Orion Pumps Limited") == "organization" and "Americas" not in found


def test_a_city_standing_for_its_government_or_a_telegram_is_no_place() -> None:
    found = names(
        "Washington agencies asked about Tolvana Bank. Lisbon officials met in Porto. "
        "Oslo 004512 reported the sale in Bergen, and the Madrid bombings were discussed."
    )
    assert "Washington" not in found and "Lisbon" not in found and "Oslo" not in found
    assert found["Porto"] == "place" and found["Bergen"] == "place"
    assert found["Madrid"] == "place"  # an event there, not its government


def test_a_last_word_alone_is_the_organization_it_ends() -> None:
    facts = extract(
        cable(
            "Bank Tirolia Kreditanstalt held the accounts of Orvane Trading. A payment "
            "from Kreditanstalt reached Orvane Trading in May 2005."
        )
    )
    bank = named(facts, "Bank Tirolia Kreditanstalt")
    assert "Kreditanstalt" in bank.aliases
    assert not [e for e in facts.entities if e.name == "Kreditanstalt"]


def test_a_people_named_in_the_plural_is_its_country() -> None:
    facts = extract(cable("Three Iranians and two Pakistanis met North Koreans in Dubai."))
    assert named(facts, "Iranians").name == "Iran"
    assert named(facts, "Pakistanis").name == "Pakistan"
    assert named(facts, "North Koreans").type == "country"
    assert {e.type for e in facts.entities} == {"country", "place"}
