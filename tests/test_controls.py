"""Export-control classification and red flags on the seed cable, stored and on the CLI.

The seed's goods are read by extraction, as tests/test_extract_seed.py does; nothing about the
cable is named in the classifier or its data paths.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reftel.controls import classify_good
from reftel.controls.classify import Classification
from reftel.controls.flags import Assessment, Flag, ScreeningHit, assess
from reftel.extraction import EXTRACTOR, Extraction, extract
from reftel.extraction.facts import Entity, Good
from reftel.reading import ReadError, read_paths
from reftel.record import Cable
from reftel.store import Store
from reftel.store.controls import assessments, classify_cables

from .shared import SEED, need

SEED_ID = "08STATE39690"


@pytest.fixture(scope="module")
def cable() -> Cable:
    (read,) = list(read_paths([str(need(SEED))]))
    assert not isinstance(read, ReadError)
    return read


@pytest.fixture(scope="module")
def facts(cable: Cable) -> Extraction:
    return extract(cable)


@pytest.fixture(scope="module")
def assessed(facts: Extraction) -> dict[str, Assessment]:
    return {a.good: a for a in assess(facts, when="2008-04-15")}


def good(facts: Extraction, test: str) -> Good:
    found = [g for g in facts.goods if test in (g.name, g.form, *g.designators)]
    assert found, [g.name for g in facts.goods]
    return found[0]


def kinds(flags: list[Flag]) -> set[str]:
    return {f.kind for f in flags}


def test_lf6_is_one_material_below_the_aluminium_threshold(facts: Extraction) -> None:
    result = classify_good(good(facts, "LF6"))
    (material,) = result.materials
    assert material.id == "almg6"
    assert {"LF6", "5A06", "AlMg6"} <= set(material.matched)
    assert any("AMg6" in d and "GOST" in d for d in material.designations)
    assert material.properties["tensile_strength"].startswith("315-400 MPa")
    assert material.sources
    assert "LF6" in result.explanation[0] and "one material" in result.explanation[0]
    entry = next(c for c in result.candidates if c.number == "1C202.a")
    assert entry.regime == "NSG" and "NSG 2.C.1" in entry.related
    strength = next(k for k in entry.checks if "tensile strength" in k.condition)
    assert strength.basis == "typical" and strength.status == "not met"
    assert "460 MPa" in strength.condition and "315-400 MPa" in strength.detail
    assert entry.verdict == "below threshold"
    diameter = next(k for k in entry.checks if "outside diameter" in k.condition)
    assert diameter.status == "unknown" and "75 mm" in diameter.condition
    assert result.verdict == "below threshold"


def test_integrated_circuits_not_mtcr_listed_but_catch_all(
    facts: Extraction, assessed: dict[str, Assessment]
) -> None:
    chips = good(facts, "integrated circuits")
    assessment = assessed[chips.id]
    result = assessment.classification
    assert result.regimes["MTCR"] == "not listed"
    assert result.verdict == "not listed"
    said = [s for s in result.stated_status if s.regime == "MTCR"]
    assert said and not said[0].controlled and "not controlled" in said[0].text
    assert assessment.catch_all
    flags = assessment.flags
    assert {"designated_end_user", "wmd_end_use", "us_origin_reexport", "transshipment"} <= kinds(
        flags
    )
    hub = next(f for f in flags if f.kind == "transshipment")
    assert "Hong Kong" in hub.summary
    reexport = next(f for f in flags if f.kind == "us_origin_reexport")
    assert "(IR)" in reexport.summary and "31 CFR Part 560" in reexport.summary
    end_user = next(f for f in flags if f.kind == "designated_end_user")
    assert "Sabalan Company" in end_user.summary and "1737" in end_user.summary
    use = next(f for f in flags if f.kind == "wmd_end_use")
    assert "Scud" in use.summary
    for flag in flags:
        assert flag.facts and flag.guidance
        for cited in flag.facts:
            assert cited.cable == SEED_ID and cited.paragraph in (2, 3, 4, 7)
    # The designation is cited from the paragraphs that state it.
    assert {2, 7} <= {c.paragraph for c in end_user.facts}


def test_wire_is_unlisted_but_catch_all(facts: Extraction, assessed: dict[str, Assessment]) -> None:
    wire = good(facts, "ASTVR")
    assessment = assessed[wire.id]
    assert assessment.classification.verdict == "not listed"
    assert not assessment.classification.candidates
    assert "covers wire" in assessment.classification.explanation[0]
    assert assessment.catch_all
    assert {"designated_end_user", "wmd_end_use"} <= kinds(assessment.flags)
    assert "us_origin_reexport" not in kinds(assessment.flags)  # Chinese-origin


def test_specialty_steels_possibly_controlled(facts: Extraction) -> None:
    steels = good(facts, "specialty steels")
    result = classify_good(steels)
    assert result.verdict == "possibly controlled (parameter unknown)"
    found = {c.number: c for c in result.candidates}
    assert {"1C116", "1C216", "1C118"} <= set(found)
    for number in ("1C116", "1C216"):
        open_checks = [k.condition for k in found[number].checks if k.status == "unknown"]
        assert any("tensile strength" in c for c in open_checks), open_checks
        assert any(c == "material" for c in open_checks)
    assert any("titanium content" in k.condition for k in found["1C118"].checks)


def test_bulk_quantity_flag_on_the_aluminium(
    facts: Extraction, assessed: dict[str, Assessment]
) -> None:
    bulk = [f for f in assessed[good(facts, "LF6").id].flags if f.kind == "bulk_quantity"]
    assert bulk and "23 tons" in bulk[0].summary and "not a legal limit" in bulk[0].summary


def test_embargo_is_dated(facts: Extraction) -> None:
    """A re-export before the embargo began raises no embargo flag."""
    chips = good(facts, "integrated circuits")
    early = {a.good: a for a in assess(facts, when="1990-01-01")}
    assert "us_origin_reexport" not in kinds(early[chips.id].flags)


def test_screening_results_become_flags(facts: Extraction) -> None:
    def screen(entity: Entity) -> list[ScreeningHit]:
        if entity.name == "Sabalan Company":
            return [ScreeningHit(list="UN consolidated list", name="SABALAN COMPANY", score=1.0)]
        return []

    chips = good(facts, "integrated circuits")
    screened = {a.good: a for a in assess(facts, when="2008-04-15", screen=screen)}
    hits = [f for f in screened[chips.id].flags if f.kind == "screening_hit"]
    assert hits and "UN consolidated list" in hits[0].summary


def test_stored_on_both_backends(store: Store, cable: Cable, facts: Extraction) -> None:
    store.save(cable, facts, EXTRACTOR)
    assert classify_cables(store, [SEED_ID]) == len(facts.goods)
    first = assessments(store, SEED_ID)
    assert len(first) == len(facts.goods)
    by_name = {a.name: a for a in first}
    assert by_name["aluminum bars"].classification.verdict == "below threshold"
    (astvr,) = [g.id for g in facts.goods if "ASTVR" in g.designators]
    (wire,) = [a for a in first if a.good == astvr]
    assert wire.catch_all
    assert isinstance(wire.classification, Classification)
    # Recomputed, not duplicated.
    classify_cables(store, [SEED_ID, SEED_ID])
    again = assessments(store, SEED_ID)
    assert [a.model_dump() for a in again] == [a.model_dump() for a in first]
    assert assessments(store, "NO-SUCH-CABLE") == []


def reftel(*args: str, db: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, COLUMNS="200")
    if db is not None:
        env["REFTEL_DB"] = db
    return subprocess.run(
        [sys.executable, "-m", "reftel", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_classify_command() -> None:
    shown = reftel("classify", "LF6 aluminium bars (5A06, AlMg6)")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("below threshold")
    assert "1C202.a" in shown.stdout and "460 MPa" in shown.stdout
    as_json = reftel("classify", "CNC flow-forming machine with 3 rollers", "--json")
    assert as_json.returncode == 0, as_json.stderr
    record = json.loads(as_json.stdout)
    assert record["verdict"] == "controlled"
    assert record["candidates"][0]["number"] == "2B209.a"
    empty = reftel("classify", "  ")
    assert empty.returncode == 2 and "TEXT is empty" in empty.stderr
    assert "Traceback" not in empty.stderr


def test_ingest_classifies_and_goods_lists(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'reftel.db'}"
    ingested = reftel("ingest", str(need(SEED)), db=db)
    assert ingested.returncode == 0, ingested.stderr
    listed = reftel("goods", "--json", "--cable", SEED_ID, db=db)
    assert listed.returncode == 0, listed.stderr
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    by_name = {r["name"]: r for r in rows}
    assert by_name["integrated circuits"]["catch_all"] is True
    assert by_name["specialty steels"]["classification"]["verdict"].startswith("possibly")
    table = reftel("goods", db=db)
    assert table.returncode == 0 and "aluminum bars" in table.stdout
    assert "us_origin_reexport" in table.stdout
    again = reftel("goods", "--recompute", "--cable", SEED_ID, "--json", db=db)
    assert again.returncode == 0, again.stderr
    assert f"classified {len(rows)} goods of 1 cables" in again.stderr
    assert [json.loads(line) for line in again.stdout.splitlines()] == rows
    missing = reftel("goods", "--cable", "NOPE", db=db)
    assert missing.returncode == 2 and "no cable 'NOPE'" in missing.stderr
