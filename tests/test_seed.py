"""The seed cable: a pipe-table export of a SECRET action cable with talking points."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from reftel.reading import ReadError, read_paths
from reftel.record import Cable

from .shared import SEED, need


@pytest.fixture(scope="module")
def seed() -> Cable:
    (cable,) = list(read_paths([str(need(SEED))]))
    assert not isinstance(cable, ReadError), str(cable)
    return cable


def test_identity_and_routing(seed: Cable) -> None:
    assert seed.id == "08STATE39690"
    assert seed.created is not None and seed.created.isoformat() == "2008-04-15T21:48:00+00:00"
    assert seed.classification == "SECRET"
    assert seed.origin == "Secretary of State"
    assert seed.precedence == "PRIORITY"
    assert seed.dtg == "152148Z APR 08"
    assert seed.dtg_utc is not None and seed.dtg_utc.isoformat() == "2008-04-15T21:48:00+00:00"
    assert seed.from_ is not None and seed.from_.name == "SECSTATE WASHDC"
    assert [(a.name, a.precedence) for a in seed.to] == [("AMEMBASSY BEIJING", "PRIORITY")]
    assert [a.name for a in seed.info] == ["MISSILE TECHNOLOGY CONTROL REGIME COLLECTIVE"]
    assert seed.serial == "STATE 039690"
    assert seed.source is not None and seed.source.format == "pipe"


def test_paragraphs_and_markings(seed: Cable) -> None:
    assert [p.number for p in seed.paragraphs] == list(range(1, 10))
    assert [p.marking for p in seed.paragraphs] == [None, "S", "S", "S", "S", "U", "S", "U", "U"]
    assert seed.paragraphs[1].title == "Background/Objectives"
    assert seed.paragraphs[5].title == "Action Request"
    for paragraph in seed.paragraphs:
        # Each span covers its own text in the body.
        assert paragraph.text[:30] in " ".join(seed.body[paragraph.start : paragraph.end].split())


def test_action_request(seed: Cable) -> None:
    (request,) = seed.action_requests
    assert request.paragraph == 6
    assert request.addressee == "Embassy Beijing"
    assert request.request.startswith("approach appropriate host government officials")
    assert "report response" in request.request


def test_talking_points(seed: Cable) -> None:
    (points,) = seed.talking_points
    assert points.paragraph == 7
    assert points.marking == "SECRET REL CHINA"
    assert len(points.points) == 17
    assert points.points[0].startswith("Since November 2006")
    assert points.points[-1].startswith("We look forward to continuing cooperation")
    assert not any("End talking points" in p for p in points.points)
    assert points.non_paper is True


def test_poc_slugs_signer(seed: Cable) -> None:
    assert seed.poc is not None
    assert (seed.poc.name, seed.poc.office, seed.poc.phone) == (
        "James Mayes",
        "ISN/MTR",
        "202-647-3185",
    )
    assert seed.poc.paragraph == 8
    assert seed.slugs == ["ISN", "EAP"]
    assert seed.signer == "RICE"
    assert "RICE" not in seed.paragraphs[-1].text
    assert "NNNN" not in seed.paragraphs[-1].text


def test_absent_fields_stay_empty(seed: Cable) -> None:
    assert seed.subject is None
    assert seed.tags == []
    assert seed.references == []
    assert seed.redactions == []
    assert seed.summary is None


def test_cli_parse_json_is_one_line_per_cable() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "reftel", "parse", str(need(SEED)), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = done.stdout.splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["id"] == "08STATE39690"
    assert record["from"]["name"] == "SECSTATE WASHDC"
    assert [p["marking"] for p in record["paragraphs"]][:3] == [None, "S", "S"]
