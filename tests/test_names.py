"""Name normalization and the explainable scorer, on names from real lists and the seed."""

from __future__ import annotations

import pytest

from reftel.resolution.names import (
    acronym_keys,
    all_name_keys,
    fold_token,
    is_generic,
    key_groups,
    name_keys,
    normalize,
    prepare,
    split_aliases,
    weak_acronym_keys,
)
from reftel.screening.score import DEFAULT_THRESHOLD, compare, compare_names
from reftel.screening.screen import WordCounts

STBPI = "Shanghai Technical By-Products International Corporation"
SHIG = "SHAHID HEMMAT INDUSTRIAL GROUP"


def test_normalize_folds_case_script_and_punctuation() -> None:
    assert (
        normalize("Shahid-Hemmat  Industrial Group, Ltd.") == "shahid hemmat industrial group ltd"
    )
    assert normalize("ООО Ромашка") == "ooo romashka"
    assert normalize("E. S. Co.") == "es co"
    assert normalize("Mu'assasa") == "muassasa"


def test_parenthesised_acronym_is_split_into_an_alias() -> None:
    assert split_aliases("DOOSTAN INTERNATIONAL COMPANY (DICO)") == [
        "DOOSTAN INTERNATIONAL COMPANY",
        "DICO",
    ]
    # A parenthesis inside a name is part of it, and the name is also kept without it.
    assert split_aliases("LIMMT (DALIAN) METALLURGY AND MINERALS CO.") == [
        "LIMMT METALLURGY AND MINERALS CO.",
        "LIMMT DALIAN METALLURGY AND MINERALS CO.",
    ]


def test_company_type_words_in_many_languages_are_generic() -> None:
    for word in ("company", "gmbh", "ooo", "ltd", "corporation", "group", "sanaye", "jituan"):
        assert is_generic(word), word
    assert not is_generic("hemmat")
    assert prepare("Doostan International Company").core == ("dustan",)


def test_acronym_keys_with_and_without_company_words_and_hyphen_parts() -> None:
    keys = acronym_keys(STBPI)
    assert {"stbpic", "stbpi", "stbp"} <= keys  # By-Products as two words
    assert {"stbic", "stbi"} <= keys  # By-Products as one word
    assert "shig" in acronym_keys(SHIG)
    assert "dico" in acronym_keys("DOOSTAN INTERNATIONAL COMPANY")  # initials + 'co'
    assert acronym_keys("Sabalan") == set()


@pytest.mark.parametrize(
    ("variants", "canonical"),
    [
        (("bagheri", "baqeri", "bakeri"), "bakeri"),
        (("mohammad", "muhammad", "mohammed", "mohamed"), "muhammad"),
        (("hemmat", "hemat"), "hemat"),
        (("mahmoud", "mahmood", "mahmud"), "mahmud"),
        (("javad", "jawad"), "javad"),
    ],
)
def test_romanisation_variants_fold_to_one_spelling(
    variants: tuple[str, ...], canonical: str
) -> None:
    assert {fold_token(v) for v in variants} == {canonical}


def test_blocking_keys_join_an_acronym_and_its_name() -> None:
    assert "a:shig" in name_keys("SHIG") & name_keys(SHIG)
    assert name_keys("Shahid Bagheri Industrial Group") == name_keys(
        "SHAHID BAKERI INDUSTRIAL GROUP"
    )


def test_scorer_explains_acronym_and_misspelt_acronym() -> None:
    shig = compare("SHIG", SHIG)
    assert shig.matched() and shig.features[0].name == "acronym"
    for misspelt in ("STPBI", "SPTBI"):
        result = compare(misspelt, STBPI)
        assert result.matched(), misspelt
        assert result.features[0].name == "acronym_misspelt"
    assert not compare("SBIG", SHIG).matched()


def test_near_misses_are_not_hits() -> None:
    doosan = compare("Doosan International Company", "DOOSTAN INTERNATIONAL COMPANY")
    assert doosan.score < DEFAULT_THRESHOLD
    bagheri = compare("Shahid Bagheri Industrial Group", SHIG)
    assert bagheri.score < DEFAULT_THRESHOLD
    assert any(f.name == "conflicting_words" for f in bagheri.features)
    # A list acronym is no evidence that a full name with those initials is the designee.
    assert not compare("Doosan International Company", "DICO").matched()


def test_romanisation_order_and_company_type_changes_still_match() -> None:
    assert (
        compare("Shahid Bagheri Industrial Group", "SHAHID BAKERI INDUSTRIAL GROUP").score >= 0.95
    )
    assert compare("Industrial Group Shahid Hemmat", SHIG).matched()
    assert compare("Doostan International Co. Ltd", "DOOSTAN INTERNATIONAL COMPANY").matched()
    assert compare("Shahid Hemat Industrial Grp", SHIG).matched()


def test_qualifiers_move_the_score_and_say_so() -> None:
    base = compare("Sabalan Company", "SABALAN COMPANY").score
    moved = compare(
        "Sabalan Company", "SABALAN COMPANY", query_country="CN", candidate_countries=["IR"]
    )
    assert moved.score < base
    assert any(f.name == "country_mismatch" for f in moved.features)
    same_id = compare("Abyan", "PERARIN", query_ids=["IMO 9349667"], candidate_ids=["IMO9349667"])
    assert same_id.matched() and any(f.name == "identifier_match" for f in same_id.features)


def test_folding_reaches_one_spelling_whatever_the_order_of_rules() -> None:
    # 'ee' folds to 'i', and the 'ai' that leaves folds as 'ai' itself does.
    assert fold_token("naeem") == fold_token("naim")


def test_acronyms_skip_numbers_and_read_an_inner_ampersand_as_a_hyphen() -> None:
    assert "bal" in acronym_keys("1425 BRICKELL AVENUE 64E LLC")  # OFAC SDN
    assert {"ihc", "ishc"} <= acronym_keys("I&S HOLDING COMPANY, S.A.")
    assert "jesdrdc" in acronym_keys("J & E S. DE R.L. DE C.V.")  # 'de' kept, 'and' dropped


def test_a_word_misspelt_at_its_start_still_shares_a_key() -> None:
    def shared(a: str, b: str) -> bool:
        return bool(all_name_keys([a]) & set().union(*key_groups(b)))

    assert shared("Lizaheer", "Alizaheer")  # first letter dropped
    assert shared("Sabat", "Asbat")  # first two letters swapped
    assert not shared("Lizaheer", "Hemmat")


def test_edits_earn_credit_by_word_length_and_a_short_word_alone_is_for_review() -> None:
    long_typo = compare("Mohammad Alizaher Mehdi", "MEHDI, Alizaheer Mohammad")
    assert long_typo.matched()
    doosan = compare("Doosan International Company", "DOOSTAN INTERNATIONAL COMPANY")
    assert not doosan.matched() and doosan.score > 0.5  # reported for review, not dropped
    assert any(f.name == "no_firm_distinctive_word" for f in doosan.features)
    # Two edits in a mid-length word are another word: no credit, a conflict.
    assert not compare("Pars Energy Gostar Driving", "PARS ENERGY GOSTAR DRILLING").matched()


def test_rare_words_weigh_more_than_common_ones() -> None:
    counts = WordCounts({"mohammad": 900, "ahmad": 700, "hamed": 3}, total=10_000)
    rarity = counts.rarity()
    assert rarity is not None and rarity("mohammad") < rarity("hamed") == 1.0
    query, listed = "Ahmad Mohammad Hades", "AHMAD, Mohammad Hamed"
    uniform, _ = compare_names(query, listed)
    weighted, _ = compare_names(query, listed, rarity=rarity)
    assert weighted < uniform
    # Too few entries to say which words are rare: every word weighs the same.
    assert WordCounts({"hamed": 3}, total=50).rarity() is None


def test_weak_initials_and_one_word_are_for_review_not_matches() -> None:
    # Two letters, or initials padded with the company word's short form: weak alone.
    assert {"sc", "sco"} <= weak_acronym_keys("SABALAN COMPANY")
    assert "pisc" not in weak_acronym_keys("PEJMAN INDUSTRIAL SERVICES CORPORATION")
    for short, listed in (
        ("SCO", "SABALAN COMPANY"),
        ("PS", "PEJMAN INDUSTRIAL SERVICES CORPORATION"),
        ("JI", "JOZA INDUSTRIAL CO."),
    ):
        result = compare(short, listed)
        assert not result.matched() and result.score > 0.5, short
        assert [f.name for f in result.features] == ["acronym_weak"]
    assert compare("PISC", "PEJMAN INDUSTRIAL SERVICES CORPORATION").matched()
    assert not compare("SCO", "SABALAN COMPANY", both_ways=True).matched()
    # A name of several words never matches through initials.
    assert not compare("Shanghai Cooperation Organization", "SCO").matched()
    # A given name alone against one of a name's two distinctive words: for review.
    mahdi = compare("Mahdi", "YA MAHDI INDUSTRIES GROUP")
    assert not mahdi.matched() and mahdi.score > 0.5
    assert any(f.name == "one_word_of_several" for f in mahdi.features)
    assert compare("Sabalan", "SABALAN COMPANY").matched()  # its only distinctive word
    as_person = compare(
        "Mahdi", "YA MAHDI INDUSTRIES GROUP", query_type="person", candidate_type="organization"
    )
    assert as_person.score < mahdi.score
    assert any(f.name == "type_mismatch" for f in as_person.features)
