"""The control entries Reftel ships, checked against the real list texts in ../shared.

Every entry must exist in the EU Annex I text (and in its parsed fixture), come from the regime
its number says, quote its thresholds as the list prints them with the same values, and name
CCL paragraphs that exist in the Commerce Control List.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reftel.controls.lists import (
    EuList,
    ccl_number,
    ccl_paragraphs,
    ccl_reasons,
    eu_annex_entries,
    eu_regulations,
)
from reftel.controls.model import Entry, catalog, compiled

from .shared import SHARED, need

CONTROLS = SHARED / "data" / "controls"
EU_TEXT = CONTROLS / "eu_annex1_norway_list2" / "export-control-appendix2.txt"
EU_JSON = CONTROLS / "eu_annex1_norway_list2" / "regulations.json"
CCL_CSV = CONTROLS / "us_ccl" / "eccn.csv"
CCL_JSON = CONTROLS / "us_ccl" / "ccl_parsed_checked.json"

ENTRIES = catalog().entries


def _id(entry: Entry) -> str:
    return entry.number


@pytest.fixture(scope="module")
def eu_text() -> dict[str, str]:
    return eu_annex_entries(need(EU_TEXT))


@pytest.fixture(scope="module")
def fixture() -> EuList:
    return eu_regulations(need(EU_JSON))


@pytest.fixture(scope="module")
def ccl() -> dict[str, object]:
    return dict(ccl_paragraphs(need(CCL_CSV)))


def _eu_number(text: str) -> tuple[float, str]:
    """The first quantity in a quote of the EU text, read the way the list prints numbers:
    decimal commas, spaces between thousands, and '12,7 x 106' for 12.7 x 10^6 (the PDF lost
    the superscript)."""
    found = re.search(
        r"(\d{1,3}(?: \d{3})*(?:,\d+)?)(?: x (10)(\d{1,2}|-\d))?\s*(°|µm|mm|MPa|GPa|K|kg|kW|"
        r"cm3|m3|m\b|Gy|micro g|ppm|%|degree per hour)",
        text,
    )
    assert found, text
    value = float(found.group(1).replace(" ", "").replace(",", "."))
    if found.group(2):
        value *= 10 ** int(found.group(3))
    return value, found.group(4)


def test_loaders_read_the_whole_lists(eu_text: dict[str, str]) -> None:
    fixture = eu_regulations(need(EU_JSON))
    assert len(fixture.codes) == 366
    assert len(eu_text) == 366
    assert set(eu_text) == set(fixture.codes)
    assert "ultimate tensile strength of 460 MPa or more" in eu_text["1C202"]
    # Page furniture is gone and a "continued" page break joins its entry.
    assert "CATEGORY 1" not in eu_text["1C111"]
    assert "Ferrocene" in eu_text["1C111"] and "continued" not in eu_text["1C111"]
    paragraphs = ccl_paragraphs(need(CCL_CSV))
    assert len(paragraphs) > 6000
    assert "460 MPa" in paragraphs["1C202.A.1"].description
    reasons = ccl_reasons(need(CCL_JSON))
    assert reasons["3A001"] == ["NS", "RS", "MT", "NP", "AT"]
    assert reasons["3A101"] == ["MT", "AT"]


def test_our_regimes_agree_with_the_fixture_ranges() -> None:
    fixture = eu_regulations(need(EU_JSON))
    ours = {r.id: r.eu_range for r in catalog().regimes.values() if r.eu_range}
    assert len(fixture.regimes) == len(ours) == 5
    for regime in fixture.regimes:
        abbreviation = re.search(r"\((\w+)\)", regime.name)
        assert abbreviation is not None
        assert ours[abbreviation.group(1)] == (regime.low, regime.high), regime


@pytest.mark.parametrize("entry", ENTRIES, ids=_id)
def test_entry_exists_in_the_eu_list(
    entry: Entry, eu_text: dict[str, str], fixture: EuList
) -> None:
    code = entry.number[:5]
    assert code in fixture.codes and code in eu_text
    regime = fixture.regime_of(code)
    assert regime is not None and f"({entry.regime})" in regime.name
    # Sub-items: each letter of the number is a sub-paragraph the text has.
    for letter in entry.number.split(".")[1:2]:
        assert re.search(rf"(?:^|\s){letter}\.\s", eu_text[code]), (entry.number, letter)


@pytest.mark.parametrize("entry", ENTRIES, ids=_id)
def test_thresholds_agree_with_the_list_text(entry: Entry, eu_text: dict[str, str]) -> None:
    block = eu_text[entry.number[:5]]
    known = catalog()
    numeric = [c for c in entry.conditions if c.param is not None]
    for condition in numeric:
        assert condition.list_text, (entry.number, condition.param)
        assert condition.list_text in block, (entry.number, condition.list_text)
        assert condition.unit is not None and condition.value is not None
        if condition.unit == "count":
            continue  # counts are printed in words: see test_counts_in_words
        if isinstance(condition.value, tuple):
            printed = [
                float(n.replace(" ", "").replace(",", "."))
                for n in re.findall(r"\d{1,3}(?: \d{3})*(?:,\d+)?", condition.list_text)
            ]
            assert condition.value[0] in printed and condition.value[1] in printed, entry.number
            continue
        value, unit = _eu_number(condition.list_text)
        degrees = "deg/h" if condition.unit == "deg/h" else "°C"
        units = {"°": degrees, "degree per hour": "deg/h", "micro g": "µg"}
        expected = condition.value
        converted = known.convert(value, units.get(unit, unit), condition.unit)
        assert converted is not None, (entry.number, unit, condition.unit)
        assert converted == pytest.approx(float(expected), rel=1e-3, abs=0.5), entry.number
    if not numeric and not entry.conditions:
        # An item listed by name (a chemical, a propellant): one of its terms is in the text.
        assert compiled(tuple(entry.match.terms)).search(block), entry.number


def test_counts_in_words() -> None:
    axes = next(e for e in ENTRIES if e.number == "2B109.a").conditions[1]
    rollers = next(e for e in ENTRIES if e.number == "2B209.a").conditions[0]
    assert axes.list_text and axes.list_text.startswith("More than two") and axes.value == 2
    assert rollers.list_text and rollers.list_text.startswith("Three or more")
    assert rollers.value == 3


@pytest.mark.parametrize("entry", ENTRIES, ids=_id)
def test_related_ccl_paragraphs_exist(
    entry: Entry, ccl: dict[str, object], eu_text: dict[str, str]
) -> None:
    for related in entry.related:
        if related.regime == "CCL":
            assert ccl_number(related.number) in ccl, (entry.number, related.number)
        if related.regime == "EU":
            assert related.number[:5] in eu_text


def test_missile_reason_where_we_say_mtcr() -> None:
    """Where an electronics entry names an MTCR item, the CCL lists MT among its reasons."""
    reasons = ccl_reasons(need(CCL_JSON))
    checked = 0
    for entry in ENTRIES:
        in_ccl = any(r.regime == "CCL" for r in entry.related)
        if entry.number.startswith("3") and "MTCR" in entry.regimes and in_ccl:
            assert "MT" in reasons[entry.number[:5]], entry.number
            checked += 1
    assert checked >= 2


def test_shared_data_is_read_in_place() -> None:
    assert Path(EU_TEXT).is_absolute()
