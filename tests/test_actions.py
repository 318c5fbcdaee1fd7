"""Action tracking: who must act, and the later cable that answers, on invented and real cables."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reftel.access.principal import Principal
from reftel.cases.actions import (
    ActionItem,
    Post,
    actions,
    addressee_posts,
    post_for_query,
    post_from_address,
    post_from_origin,
)
from reftel.cli.main import app
from reftel.record import Addressee, Cable
from reftel.store import Store
from tests.helpers import store_cables
from tests.shared import REAL_CABLES, SEED, need

CASES = Path(__file__).parent / "cables" / "cases"


def _item(items: list[ActionItem], cable: str, paragraph: int, post: str) -> ActionItem:
    (found,) = [i for i in items if (i.cable_id, i.paragraph, i.post) == (cable, paragraph, post)]
    return found


def test_posts_from_addresses_origins_and_words() -> None:
    assert post_from_address("ZEN/AMEMBASSY BELMOPAN NIACT IMMEDIATE 2276-2279") == Post(
        "Embassy", "BELMOPAN"
    )
    assert post_from_address("SECSTATE WASHDC").name == "Secretary of State"
    assert post_from_origin("Embassy New Delhi") == Post("Embassy", "NEW DELHI")
    assert post_from_origin("Consulate Sao Paulo").name == "Consulate Sao Paulo"
    assert post_for_query("Beijing").matches(Post("Embassy", "BEIJING"))
    assert post_for_query("AMEMBASSY BEIJING") == Post("Embassy", "BEIJING")
    assert not post_for_query("Embassy Rome").matches(Post("Embassy", "ROMA NORTE"))


def test_addressee_words_map_to_the_cable_addressees() -> None:
    cable = Cable(
        id="08STATE1",
        to=[
            Addressee(name="ZEN/AMEMBASSY BELMOPAN NIACT IMMEDIATE 2276-2279"),
            Addressee(name="AMEMBASSY KYIV NIACT IMMEDIATE 7881-7884"),
        ],
        info=[Addressee(name="USMISSION USUN NEW YORK")],
    )
    # A country named where its capital is meant: the embassy in Belmopan.
    assert [p.name for p in addressee_posts(cable, "Embassy Belize")] == ["Embassy Belmopan"]
    assert [p.name for p in addressee_posts(cable, "Posts")] == [
        "Embassy Belmopan",
        "Embassy Kyiv",
    ]
    assert addressee_posts(cable, None) == addressee_posts(cable, "Posts")
    assert [p.name for p in addressee_posts(cable, "USUN")] == ["Mission Usun New York"]
    assert [p.name for p in addressee_posts(cable, "Department")] == ["Secretary of State"]
    assert [p.name for p in addressee_posts(cable, "Embassy Oslo")] == ["Embassy Oslo"]


def test_answered_by_citation_and_by_content_and_one_left_open(store: Store) -> None:
    store_cables(store, CASES, facts=True)
    items = actions(store)
    assert len(items) == 3
    rome = _item(items, "11STATE2001", 4, "Embassy Rome")
    assert rome.status == "answered" and rome.response is not None
    assert (rome.response.cable_id, rome.response.how) == ("11ROME3005", "cites the request")
    assert rome.response.evidence == ["ref A: STATE 2001"]
    assert rome.since is not None and rome.since.date().isoformat() == "2011-01-10"
    assert rome.request.startswith("approach appropriate host government officials")
    vienna = _item(items, "11STATE2001", 6, "Embassy Vienna")
    # A later Vienna cable on banking is no answer.
    assert vienna.status == "open" and vienna.response is None and vienna.candidates == []
    follow_up = _item(items, "11STATE3100", 4, "Embassy Rome")
    assert follow_up.response is not None
    assert (follow_up.response.cable_id, follow_up.response.how) == ("11ROME3090", "content")
    evidence = " | ".join(follow_up.response.evidence)
    assert "subject" in evidence and "tags: MTCRE PARM" in evidence
    assert "Valvole Brenta Industriale" in evidence
    assert [i.cable_id for i in actions(store, only_open=True)] == ["11STATE2001"]
    assert [i.post for i in actions(store, post="Vienna")] == ["Embassy Vienna"]
    assert [i.paragraph for i in actions(store, post="Embassy Rome")] == [4, 4]


def test_actions_command(db_url: str) -> None:
    with Store.open(db_url) as store:
        store_cables(store, CASES)
    runner = CliRunner()
    result = runner.invoke(app, ["actions", "--open", "--json", "--db", db_url])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["cable"], r["paragraph"], r["post"], r["status"]) for r in rows] == [
        ("11STATE2001", 6, "Embassy Vienna", "open")
    ]
    assert rows[0]["since"].startswith("2011-01-10")
    table = runner.invoke(app, ["actions", "--post", "Rome", "--db", db_url])
    assert table.exit_code == 0, table.output
    assert "11ROME3005" in table.stdout and "answered" in table.stdout
    assert "Embassy Vienna" not in table.stdout


@pytest.mark.shared
def test_real_cables_seed_request_is_open(db_url: str) -> None:
    with Store.open(db_url) as store:
        store_cables(store, need(REAL_CABLES), need(SEED))
    runner = CliRunner()
    result = runner.invoke(app, ["actions", "--open", "--json", "--db", db_url])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    seed = [r for r in rows if r["cable"] == "08STATE39690"]
    assert [(r["paragraph"], r["addressee"], r["post"]) for r in seed] == [
        (6, "Embassy Beijing", "Embassy Beijing")
    ]
    assert seed[0]["since"].startswith("2008-04-15")
    with Store.open(db_url) as store:
        items = actions(store)
    # Read in 10KUWAIT45: "F. 09 STATE 131801", the request to all action posts to report.
    kuwait = [i for i in items if i.cable_id == "09STATE131801" and i.post == "Embassy Kuwait"]
    assert kuwait and all(i.response and i.response.cable_id == "10KUWAIT45" for i in kuwait)
    assert all(i.response and i.response.how == "cites the request" for i in kuwait)


def test_actions_for_a_user(store: Store) -> None:
    store_cables(store, CASES)
    unclassified = Principal.make("public", "UNCLASSIFIED")
    items = actions(store, user=unclassified)
    # The requests are in (U) paragraphs; Rome's (C) report is not readable, so to this
    # reader the first Rome request is still open.
    rome = _item(items, "11STATE2001", 4, "Embassy Rome")
    assert rome.status == "open"
    assert _item(actions(store), "11STATE2001", 4, "Embassy Rome").status == "answered"
