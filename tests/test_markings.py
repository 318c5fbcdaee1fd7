"""Markings of derived text: reading the forms cables use, combining sources, reading access."""

from __future__ import annotations

from pathlib import Path

import pytest

from reftel.access import Principal
from reftel.access import parse_marking as access_parse
from reftel.cases.markings import (
    Marking,
    MarkingError,
    banner,
    combine,
    combine_written,
    parse_marking,
    portion,
    source_marking,
)
from reftel.reading import ReadError, read_paths
from reftel.record import Cable

CASES = Path(__file__).parent / "cables" / "cases"


@pytest.mark.parametrize(
    ("written", "portion_mark", "banner_line"),
    [
        ("(U)", "(U)", "UNCLASSIFIED"),
        ("(SBU)", "(U//SBU)", "UNCLASSIFIED//SBU"),
        ("(C)", "(C)", "CONFIDENTIAL"),
        ("(S)", "(S)", "SECRET"),
        ("TS", "(TS)", "TOP SECRET"),
        ("(S//NF)", "(S//NF)", "SECRET//NOFORN"),
        ("(S/NF)", "(S//NF)", "SECRET//NOFORN"),
        ("SECRET//NOFORN", "(S//NF)", "SECRET//NOFORN"),
        ("SECRET REL CHINA", "(S//REL TO USA, CHN)", "SECRET//REL TO USA, CHN"),
        ("SECRET/REL YEMEN", "(S//REL TO USA, YEM)", "SECRET//REL TO USA, YEM"),
        (
            "C//REL TO USA, AUS, GBR",
            "(C//REL TO USA, AUS, GBR)",
            "CONFIDENTIAL//REL TO USA, AUS, GBR",
        ),
        ("S//REL TO UK", "(S//REL TO USA, GBR)", "SECRET//REL TO USA, GBR"),
        ("CONFIDENTIAL ORCON NOFORN", "(C//OC/NF)", "CONFIDENTIAL//ORCON/NOFORN"),
        ("U//FOUO", "(U//FOUO)", "UNCLASSIFIED//FOR OFFICIAL USE ONLY"),
        ("limited official use", "(LOU)", "LIMITED OFFICIAL USE"),
    ],
)
def test_reads_the_forms_cables_use(written: str, portion_mark: str, banner_line: str) -> None:
    marking = parse_marking(written)
    assert portion(marking) == portion_mark
    assert banner(marking) == banner_line


def test_release_list_without_a_level_takes_the_default() -> None:
    marking = parse_marking("REL TO USA, GBR", default_level="SECRET")
    assert portion(marking) == "(S//REL TO USA, GBR)"
    with pytest.raises(MarkingError):
        parse_marking("REL TO USA, GBR")
    with pytest.raises(MarkingError):
        parse_marking("SOMETHING ELSE")


def test_noforn_source_and_rel_source_in_one_point_is_noforn() -> None:
    point = combine_written(["(S//NF)", "SECRET REL CHINA"])
    assert portion(point) == "(S//NF)"
    assert point.rel_to is None
    assert banner(point) == "SECRET//NOFORN"


def test_rel_to_lists_intersect() -> None:
    point = combine_written(["C//REL TO USA, AUS, GBR", "S//REL TO USA, GBR, CAN"])
    assert portion(point) == "(S//REL TO USA, GBR)"
    assert banner(point) == "SECRET//REL TO USA, GBR"


def test_rel_to_lists_with_no_foreign_country_in_common_are_noforn() -> None:
    assert portion(combine_written(["S//REL TO USA, GBR", "C//REL TO USA, FRA"])) == "(S//NF)"


def test_classified_source_without_release_marking_releases_to_nobody() -> None:
    assert portion(combine_written(["(S)", "SECRET REL CHINA"])) == "(S//NF)"
    # An unclassified source restricts nothing.
    assert portion(combine_written(["(U)", "SECRET REL CHINA"])) == "(S//REL TO USA, CHN)"


def test_tetragraph_expands_for_intersection() -> None:
    point = combine_written(["S//REL TO USA, FVEY", "C//REL TO USA, GBR, FRA"])
    assert banner(point) == "SECRET//REL TO USA, GBR"


def test_unclassified_only_sources_make_u() -> None:
    assert portion(combine_written(["(U)", "(U)", "UNCLASSIFIED"])) == "(U)"
    assert portion(combine_written(["(U)", "(SBU)"])) == "(U//SBU)"


def test_controls_union_and_unclassified_controls_drop_when_classified() -> None:
    assert portion(combine_written(["(C//OC)", "(S)"])) == "(S//OC)"
    assert portion(combine_written(["(C//OC)", "(S//NF)"])) == "(S//OC/NF)"
    assert portion(combine_written(["(C)", "(SBU)", "U//FOUO"])) == "(C)"
    assert portion(combine_written(["(U//FOUO)", "(SBU)"])) == "(U//FOUO/SBU)"


def test_combine_needs_a_source() -> None:
    with pytest.raises(ValueError):
        combine([])


def _cable(name: str) -> Cable:
    items = list(read_paths([str(CASES / name)], None, None))
    assert not any(isinstance(i, ReadError) for i in items)
    cable = items[0]
    assert isinstance(cable, Cable)
    return cable


def test_points_from_invented_cables() -> None:
    demarche = _cable("11STATE2001.txt")
    follow_up = _cable("11STATE3100.txt")
    background = demarche.paragraph(2)
    points = demarche.talking_points[0]
    release = follow_up.paragraph(2)
    assert background and release and points.marking
    noforn = source_marking(background.marking, demarche.classification)
    rel_italy = parse_marking(points.marking)
    rel_italy_uk = source_marking(release.marking, follow_up.classification)
    # A NOFORN source and a REL source in one point: NOFORN.
    assert portion(combine([noforn, rel_italy])) == "(S//NF)"
    # Two REL sources: the countries both may go to.
    assert portion(combine([rel_italy, rel_italy_uk])) == "(S//REL TO USA, ITA)"
    # Paragraphs marked (U) only: (U).
    unmarked = [demarche.paragraph(n) for n in (1, 4, 6)]
    unclassified = [source_marking(p.marking, "SECRET") for p in unmarked if p is not None]
    assert len(unclassified) == 3
    assert portion(combine(unclassified)) == "(U)"


def test_unmarked_paragraph_takes_the_cable_marking() -> None:
    assert portion(source_marking(None, "SECRET", ["NOFORN"])) == "(S//NF)"
    assert portion(source_marking("U", "SECRET")) == "(U)"
    with pytest.raises(MarkingError):
        source_marking(None, None)


def test_access_check() -> None:
    # The reading check is the access package's: NOFORN is an access granted to US persons.
    secret_nf = parse_marking("S//NF")
    assert Principal.make("r", "SECRET", ["NOFORN"]).can_read(secret_nf)
    assert Principal.make("r", "TS", ["NF"]).can_read(secret_nf)
    assert not Principal.make("r", "CONFIDENTIAL", ["NOFORN"]).can_read(secret_nf)
    assert Principal.make("r", "SECRET").denials(secret_nf) == ["needs NOFORN access"]
    assert Principal.make("r", "TOP SECRET", countries=["GBR"]).denials(secret_nf) == [
        "NOFORN: not releasable to GBR"
    ]
    assert Principal.make("r", "C", ["NF"]).denials(secret_nf) == [
        "needs SECRET clearance, holds CONFIDENTIAL"
    ]
    rel = parse_marking("S//REL TO USA, GBR")
    assert Principal.make("r", "SECRET", countries=["UK"]).can_read(rel)
    assert Principal.make("r", "SECRET", countries=["France"]).denials(rel) == [
        "releasable to USA, GBR only, not FRA"
    ]
    assert Principal.make("r", "SECRET", countries=["GBR"]).denials(parse_marking("(S)")) == [
        "classified and not marked for release to GBR"
    ]
    assert Principal.make("r", "UNCLASSIFIED", countries=["FRA"]).can_read(parse_marking("(U)"))
    # A release list binds foreign readers even on an unclassified portion.
    assert not Principal.make("r", "U", countries=["FRA"]).can_read(
        parse_marking("U//REL TO USA, GBR")
    )
    orcon = parse_marking("(S//OC)")
    assert Principal.make("r", "SECRET").denials(orcon) == ["needs ORCON access"]
    assert Principal.make("r", "SECRET", ["OC"]).can_read(orcon)
    assert Principal.make("r", "U").can_read(parse_marking("U//FOUO"))


def test_marking_is_a_value() -> None:
    assert parse_marking("S//NF") == Marking(level="SECRET", controls=frozenset({"NOFORN"}))
    assert str(parse_marking("(C)")) == "CONFIDENTIAL"
    assert banner(parse_marking("(C)")) == "CONFIDENTIAL"


def test_access_and_drafting_read_with_one_parser() -> None:
    for written in ["(S//FGI//NF)", "SECRET REL CHINA", "C//REL TO USA, FVEY", "SBU/NF"]:
        assert parse_marking(written) == access_parse(written)
    # Captions route or caution: they are written out but do not change who may read.
    fgi = parse_marking("(S//FGI//NF)")
    assert fgi == parse_marking("S//NF") and fgi.canonical() == "SECRET//NOFORN"
    assert portion(fgi) == "(S//NF/FGI)"


def test_release_lists_expand_groups_and_yield_to_noforn() -> None:
    assert portion(parse_marking("S//REL TO USA, FVEY")) == "(S//REL TO USA, AUS, CAN, GBR, NZL)"
    assert portion(parse_marking("S//REL TO USA GBR")) == "(S//REL TO USA, GBR)"
    assert parse_marking("S//NF//REL TO USA, GBR").rel_to is None


def test_distribution_captions_and_unknown_caveats_fail_closed() -> None:
    limdis = parse_marking("(S//LIMDIS)")
    assert Principal.make("r", "S").denials(limdis) == ["needs LIMDIS access"]
    assert Principal.make("r", "S", ["LIMDIS"]).can_read(limdis)
    point = combine_written(["(S//XYZZY)", "(C//OC)"])
    assert portion(point) == "(S//OC/XYZZY)"
    assert not Principal.make("r", "TS", ["OC", "NF"]).can_read(point)
