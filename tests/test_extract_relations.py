"""Relation rules on made-up sentences: who a phrase is said of (read from the parse), units
and their parents, ownership shares, fronts, intermediaries, listings, and the offices people
hold. No cable is named; the companies and people are invented."""

from __future__ import annotations

from reftel.extraction import Extraction, extract
from tests.helpers import cable, named


def relations(facts: Extraction) -> set[tuple[str, str, str]]:
    name = {e.id: e.name for e in facts.entities}
    return {(r.type, name[r.subject], name[r.object]) for r in facts.relations}


def test_a_phrase_is_said_of_its_subject_not_of_the_nearest_name() -> None:
    facts = extract(
        cable(
            "Omega Trading Company understands the risks associated with the sale, "
            "Zeta Industrial Group said."
        )
    )
    assert not [r for r in facts.relations if r.type == "associated_with"]


def test_coordinated_subjects_are_associated_with_the_object() -> None:
    facts = extract(
        cable(
            "Both Omega Trading Company and Delta Trading Company are associated with "
            "Zeta Industrial Group."
        )
    )
    assert relations(facts) == {
        ("associated_with", "Omega Trading Company", "Zeta Industrial Group"),
        ("associated_with", "Delta Trading Company", "Zeta Industrial Group"),
    }


def test_apposition_and_relative_clause_name_the_subsidiary() -> None:
    facts = extract(
        cable(
            "Omega Trading Company, which is part of Zeta Industrial Group, shipped the valves.",
            "The buyer paid Delta Trading Company, a subsidiary of Zeta Industrial Group.",
        )
    )
    assert relations(facts) == {
        ("subsidiary_of", "Omega Trading Company", "Zeta Industrial Group"),
        ("subsidiary_of", "Delta Trading Company", "Zeta Industrial Group"),
    }


def test_a_majority_stake_makes_a_subsidiary_and_a_minority_an_association() -> None:
    facts = extract(
        cable(
            "Zeta Industrial Group holds a 61% stake in Omega Trading Company.",
            "The shipper, Delta Trading Company, is a joint venture, 30% owned by "
            "Zeta Industrial Group.",
        )
    )
    assert relations(facts) == {
        ("subsidiary_of", "Omega Trading Company", "Zeta Industrial Group"),
        ("associated_with", "Delta Trading Company", "Zeta Industrial Group"),
    }


def test_the_party_that_uses_a_front_and_the_party_acting_as_intermediary() -> None:
    facts = extract(
        cable(
            "Zeta Industrial Group uses Omega Trading Company as a front.",
            "Zeta Industrial Group was coordinating this transaction through an intermediary "
            "named Delta Trading Company.",
        )
    )
    assert relations(facts) == {
        ("front_for", "Omega Trading Company", "Zeta Industrial Group"),
        ("intermediary_for", "Delta Trading Company", "Zeta Industrial Group"),
    }


def test_a_resolution_the_lexicon_lacks_gets_the_normalized_name() -> None:
    facts = extract(cable("Omega Trading Company is designated under UNSCR 1521."))
    assert relations(facts) == {
        (
            "designated_under",
            "Omega Trading Company",
            "United Nations Security Council Resolution 1521",
        )
    }
    assert named(facts, "UNSCR 1521").subtype == "regime"


def test_an_office_makes_an_official_and_a_bare_affiliation_an_employee() -> None:
    facts = extract(
        cable(
            "The team consisted of Peter Carter and Mary Jones (Argonne National Laboratory).",
            "Peter Carter met John Smith (Deputy Head, Security Policy Group, "
            "Ministry of Defence).",
        )
    )
    assert relations(facts) == {
        ("employee_of", "Peter Carter", "Argonne National Laboratory"),
        ("employee_of", "Mary Jones", "Argonne National Laboratory"),
        ("official_of", "John Smith", "Security Policy Group"),
        ("subsidiary_of", "Security Policy Group", "Ministry of Defence"),
    }


def test_a_unit_at_its_ministry_and_the_officials_in_brackets() -> None:
    facts = extract(
        cable(
            "PolOff met officials in the Disarmament Division at the Ministry of Foreign "
            "Affairs (Director General John Smith and Director Peter Carter)."
        )
    )
    assert relations(facts) == {
        ("subsidiary_of", "Disarmament Division", "Ministry of Foreign Affairs"),
        ("official_of", "John Smith", "Disarmament Division"),
        ("official_of", "Peter Carter", "Disarmament Division"),
    }


def test_an_apposition_ties_a_person_only_through_an_office_or_work() -> None:
    facts = extract(
        cable(
            "John Smith, a senior researcher at Argonne National Laboratory, spoke first.",
            "Peter Carter, a strong supporter of the Omega Trading Company, spoke next.",
        )
    )
    assert relations(facts) == {("employee_of", "John Smith", "Argonne National Laboratory")}


def test_its_subsidiary_and_a_name_used_only_as_a_modifier() -> None:
    facts = extract(
        cable(
            "Zeta Industrial Group (ZIG) and its subsidiary Omega Trading Company shipped the "
            "valves.",
            "John Smith, commander of the ZIG-controlled battalion, spoke first.",
        )
    )
    assert relations(facts) == {
        ("subsidiary_of", "Omega Trading Company", "Zeta Industrial Group"),
    }


def test_an_office_written_before_the_body_makes_an_official() -> None:
    facts = extract(
        cable("Then-Secretary of the Department of Energy Peter Carter led the delegation.")
    )
    assert relations(facts) == {("official_of", "Peter Carter", "Department of Energy")}
