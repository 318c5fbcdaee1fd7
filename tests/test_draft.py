"""Drafting: talking points from a case, every point marked and sourced, on SQLite and
PostgreSQL.

The seed cable gives the acceptance draft (banner SECRET; the action request, drawn from an
UNCLASSIFIED paragraph, marked (U)). The invented cables in tests/cables/drafting put a NOFORN
and a REL TO source in one point, two release lists in another, and paragraphs a CONFIDENTIAL
reader may not see.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from reftel.cases.case import build_case
from reftel.cases.draft import build_draft, for_reader
from reftel.cases.markings import parse_marking
from reftel.store import Store

from .helpers import cli
from .shared import SEED, need

DRAFTING = Path(__file__).resolve().parent / "cables" / "drafting"
REQUEST = "11STATE770201"
REPLY = "11LONDON770202"
VIENNA = "11VIENNA770203"
SEED_ID = "08STATE39690"


def drafted(*args: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(cli("draft", *args, "--format", "json"))
    return data


def point_with(points: list[dict[str, Any]], *words: str) -> dict[str, Any]:
    found = [p for p in points if all(w in p["text"] for w in words)]
    assert len(found) == 1, (words, [p["text"] for p in points])
    return found[0]


def paragraphs(point: dict[str, Any]) -> set[tuple[str, int]]:
    return {(s["cable"], s["number"]) for s in point["sources"]}


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9$]+", text.lower())


def test_seed_draft_is_marked_sourced_and_worded_afresh(db_url: str) -> None:
    cli("ingest", str(need(SEED)), "--db", db_url)
    draft = drafted("STBPI", "--db", db_url)
    assert draft["banner"] == "SECRET"
    points = draft["points"]
    assert len(points) >= 10
    for point in points:
        assert re.fullmatch(r"\((U|C|S)(//.+)?\)", point["marking"]), point
        assert point["sources"] and point["facts"], point
        for source in point["sources"]:
            # a paragraph of the cable, or an entry of a public designation list (U)
            assert (source["cable"] == SEED_ID and source["number"]) or (
                source["entry"] and point["marking"] == "(U)"
            ), point

    with Store.open(db_url) as store:
        cable = store.get(SEED_ID)
    assert cable is not None
    marked = {p.number: p.marking for p in cable.paragraphs}
    unclassified = [
        p for p in points if all(s["entry"] or marked[s["number"]] == "U" for s in p["sources"])
    ]
    assert unclassified, "the action request (para 6, U) makes a point"
    assert all(p["marking"] == "(U)" for p in unclassified)
    action = point_with(points, "Embassy Beijing", "no response is on file")
    assert action["marking"] == "(U)" and paragraphs(action) == {(SEED_ID, 6)}
    assert not action["delivery"]

    tie = point_with(points, "Ecxir Trading Company", "Sabalan Company", "associated with")
    assert tie["marking"] == "(S)" and paragraphs(tie) == {(SEED_ID, 2), (SEED_ID, 7)}
    assert len(tie["facts"]) == 2, "one point for both parties' ties to SHIG"
    designated = point_with(points, "designated under", "1737")
    assert "Shahid Hemmat Industrial Group (SHIG)" in designated["text"]
    offer = point_with(points, "June 2007", "offered 23 tons of aluminum bars")
    assert paragraphs(offer) == {(SEED_ID, 3), (SEED_ID, 7)}
    assert "originating in China" in offer["text"]
    shipped = point_with(points, "shipped over 100 integrated circuits")
    assert "via Hong Kong" in shipped["text"] and "the United States" in shipped["text"]
    history = point_with(points, "raised this matter")
    assert "September 2007" in history["text"] and "November 2006" in history["text"]

    dates = [p["date"] for p in points if p["kind"] == "transaction"]
    assert dates == sorted(dates, reverse=True), "transactions newest first"
    assert dates[0] == "2008-01" and dates[-1] == "2007-06"

    # Worded from the facts, not copied: no point is a run of the cable's words, and none
    # shares more than half its words in one run with the cable (the quoted request aside).
    body = " ".join(words(cable.body))
    for point in points:
        if point["kind"] == "action":
            continue
        tokens = words(point["text"])
        longest = max(
            (
                n
                for i in range(len(tokens))
                for n in range(1, len(tokens) - i + 1)
                if " ".join(tokens[i : i + n]) in body
            ),
            default=0,
        )
        assert longest <= len(tokens) // 2 + 2 and longest < 15, (longest, point["text"])


def _invented(db_url: str) -> None:
    cli("ingest", str(DRAFTING), "--db", db_url)


def test_noforn_and_rel_to_sources_combine_in_one_point(db_url: str) -> None:
    _invented(db_url)
    draft = drafted("Karun Propulsion Industries", "--db", db_url)
    points = draft["points"]
    tied = point_with(points, "Heron Alloy Trading Company", "Marlin Precision Company")
    assert paragraphs(tied) == {(REQUEST, 2), (REQUEST, 3)}
    assert {s["marking"] for s in tied["sources"]} == {"(S//NF)", "(S//REL TO USA, GBR)"}
    assert tied["marking"] == "(S//NF)" and tied["classification"] == "SECRET//NOFORN"

    fronts = point_with(points, "Osprey Composites Company", "Tern Machinery Company", "fronts")
    assert {s["marking"] for s in fronts["sources"]} == {
        "(S//REL TO USA, AUS, GBR)",
        "(C//REL TO USA, CAN, GBR)",
    }
    assert fronts["marking"] == "(S//REL TO USA, GBR)", "the release lists intersect"

    assert point_with(points, "February 2011", "lathes")["marking"] == "(U)"
    assert point_with(points, "March 2011", "carbon fiber")["marking"] == "(C)"
    unmarked = point_with(points, "April 2011", "40 kilograms")
    assert paragraphs(unmarked) == {(VIENNA, 1)}
    assert unmarked["marking"] == "(C)", "an unmarked paragraph lends its cable's level"
    answered = point_with(points, "Embassy London")
    assert f"{REPLY} reports the response" in answered["text"]
    assert draft["banner"] == "SECRET//NOFORN"


def test_exclusions_change_a_points_marking(db_url: str) -> None:
    _invented(db_url)
    seed = "Karun Propulsion Industries"
    draft = drafted(seed, "--db", db_url, "--exclude-source", f"{REQUEST}:2")
    tied = point_with(draft["points"], "Marlin Precision Company", "associated with")
    assert "Heron" not in tied["text"]
    assert tied["marking"] == "(S//REL TO USA, GBR)"
    assert not any((REQUEST, 2) in paragraphs(p) for p in draft["points"])
    assert draft["excluded_sources"] == [f"{REQUEST}:2"]

    with Store.open(db_url) as store:
        case = build_case(store, [seed])
    osprey = next(r.id for r in case.relations if case.label(r.subject).startswith("Osprey"))
    narrowed = drafted(seed, "--db", db_url, "--exclude-fact", osprey)
    tern = point_with(narrowed["points"], "Tern Machinery Company", "front for")
    assert "Osprey" not in tern["text"] and osprey not in tern["facts"]
    assert tern["marking"] == "(C//REL TO USA, CAN, GBR)"

    # A whole cable out: the reply's shipment and its history go.
    without = drafted(seed, "--db", db_url, "--exclude-source", REPLY)
    assert not any(s["cable"] == REPLY for p in without["points"] for s in p["sources"])
    assert not any("shipped" in p["text"] for p in without["points"])

    # The library call takes exclusions too, on top of the case's.
    with Store.open(db_url) as store:
        case = build_case(store, [seed])
        both = build_draft(case, store=store, excluded_sources=[f"{REQUEST}:3"])
    ties = [p for p in both.points if "associated with" in p.text]
    assert len(ties) == 1 and ties[0].marking == "(S//NF)" and "Marlin" not in ties[0].text


def test_a_confidential_reader_gets_no_secret_derived_point(db_url: str) -> None:
    _invented(db_url)
    cli("users", "add", "cora", "--clearance", "C", "--db", db_url)
    seed = "Karun Propulsion Industries"
    full = drafted(seed, "--db", db_url)
    draft = drafted(seed, "--db", db_url, "--as", "cora")
    assert draft["reader"] == "cora"
    assert draft["banner"].startswith("CONFIDENTIAL")
    assert len(draft["points"]) < len(full["points"])
    secret = {(REQUEST, 2), (REQUEST, 3), (REQUEST, 4)}
    for point in draft["points"]:
        assert not point["marking"].startswith("(S"), point
        assert not paragraphs(point) & secret, point
        # names written only in SECRET paragraphs, and the designation, stay out
        for withheld in ("Marlin", "KPI", "designated", "UNSCR"):
            assert withheld not in point["text"], point
    tern = point_with(draft["points"], "Tern Machinery Company", "front for")
    assert tern["marking"] == "(C//REL TO USA, CAN, GBR)"
    text = cli("draft", seed, "--db", db_url, "--as", "cora")
    assert "Marlin" not in text and "KPI" not in text
    assert "no user 'nobody'" in cli("draft", seed, "--db", db_url, "--as", "nobody", code=2)

    # The library path: a reader's draft drops a point above their access, and says so.
    with Store.open(db_url) as store:
        user = store.users.get("cora")
        assert user is not None
        case = build_case(store, [seed])
        unfiltered = build_draft(case, store=store, user=user)
        assert unfiltered.withheld_points >= 3
        assert all(user.can_read(parse_marking(p.classification)) for p in unfiltered.points)
        narrowed = for_reader(case, store, user)
        assert "Marlin Precision Company" not in {e.name for e in narrowed.entities}


def test_text_and_markdown_carry_the_banner_top_and_bottom(db_url: str) -> None:
    _invented(db_url)
    seed = "Karun Propulsion Industries"
    text = cli("draft", seed, "--db", db_url).strip().splitlines()
    assert text[0] == text[-1] == "SECRET//NOFORN"
    assert any(line.startswith("-- (S//NF) ") for line in text)
    assert any(f"[{REQUEST} ¶¶2, 3; facts:" in line for line in text)
    assert "BACKGROUND (NOT FOR DELIVERY)" in text
    md = cli("draft", seed, "--db", db_url, "--format", "md").strip().splitlines()
    assert md[0] == md[-1] == "**SECRET//NOFORN**"
    assert "## Talking points / non-paper" in md
    # A saved case by name, its exclusions kept.
    cli("case", seed, "--save", "karun", "--exclude-source", f"{REQUEST}:2", "--db", db_url)
    saved = drafted("karun", "--db", db_url)
    assert saved["title"] == "karun" and saved["excluded_sources"] == [f"{REQUEST}:2"]
    assert not any((REQUEST, 2) in paragraphs(p) for p in saved["points"])
    assert "unknown format" in cli("draft", seed, "--db", db_url, "--format", "doc", code=2)
    assert "no stored entity" in cli("draft", "Nobody Such", "--db", db_url, code=2)
