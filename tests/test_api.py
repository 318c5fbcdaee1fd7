"""The REST API end to end on both backends: each resource over a real store, errors as JSON,
sessions and tokens, the analyst's writes, an upload, and `reftel serve` on a real port."""

# ruff: noqa: E731  (one-line calls with their parameters)
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from reftel.access.filter import WITHHELD
from reftel.api.app import create_app
from reftel.api.auth import SESSION_COOKIE, session_value
from reftel.api.jobs import STALE
from reftel.extraction import Extraction
from reftel.record import Cable
from reftel.store import jobs as job_store
from tests.api_support import ATHENS, ROME, VALLETTA, Api, make_api, read_access_cables, wait_for
from tests.shared import SEED


@pytest.fixture(scope="module")
def extracted() -> list[tuple[Cable, Extraction]]:
    return read_access_cables()


@pytest.fixture
def api(db_url: str, extracted: list[tuple[Cable, Extraction]]) -> Iterator[Api]:
    made = make_api(db_url, extracted)
    yield made
    made.client.close()


def test_cables_list_filter_and_page(api: Api) -> None:
    get = lambda **params: api.client.get("/api/cables", params=params, headers=api.headers("s_nf"))
    everything = get().json()
    assert everything["total"] == 3
    assert [h["cable_id"] for h in everything["hits"]] == [ROME, VALLETTA, ATHENS]  # newest first
    assert get(year_from=2009, year_to=2009).json()["total"] == 1
    assert get(origin="athens").json()["hits"][0]["cable_id"] == ATHENS
    assert get(classification="secret").json()["total"] == 1
    assert get(tag="ETTC").json()["total"] == 2
    page = get(limit=1, offset=1).json()
    assert page["total"] == 3 and [h["cable_id"] for h in page["hits"]] == [VALLETTA]


def test_one_cable_with_withheld_paragraphs_marked(api: Api) -> None:
    full = api.client.get(f"/api/cables/{VALLETTA}", headers=api.headers("s_nf")).json()
    seen = api.client.get(f"/api/cables/{VALLETTA}", headers=api.headers("c")).json()
    assert full["id"] == seen["id"] == VALLETTA and full["from"]["name"] == "AMEMBASSY VALLETTA"
    by_number = {p["number"]: p for p in seen["paragraphs"]}
    assert by_number[3]["text"] == WITHHELD and by_number[3]["marking"] == "S"
    assert "gyroscopes" in {p["number"]: p for p in full["paragraphs"]}[3]["text"]
    assert "lathe" in by_number[2]["text"]
    facts = api.client.get(f"/api/cables/{VALLETTA}/facts", headers=api.headers("c")).json()
    assert facts["cable"] == VALLETTA and facts["entities"]
    sources = [m["source"]["number"] for e in facts["entities"] for m in e["mentions"]]
    assert sources and set(sources) <= {1, 2, 7, 8, None}
    refs = api.client.get(f"/api/cables/{VALLETTA}/refs", headers=api.headers("c")).json()
    assert refs["id"] == VALLETTA and refs["status"] == "root"


def test_search_highlights_and_counts(api: Api) -> None:
    found = api.client.get("/api/search", params={"q": "lathe"}, headers=api.headers("c")).json()
    assert found["total"] == 1 and found["hits"][0]["paragraph"] == 2
    assert "[lathe]" in found["hits"][0]["snippet"].lower()
    nothing = api.client.get("/api/search", params={"q": "gyroscopes"}, headers=api.headers("c"))
    assert nothing.json() == {"total": 0, "hits": []}


def test_errors_are_json_and_never_500(api: Api) -> None:
    auth = api.headers("c")
    bad = api.client.get("/api/cables", params={"limit": 0, "year_from": "then"}, headers=auth)
    assert bad.status_code == 422
    body = bad.json()
    assert body["status"] == 422 and body["message"].startswith("invalid request")
    assert {e["field"] for e in body["errors"]} == {"query.limit", "query.year_from"}
    missing = api.client.get("/api/cables/08NOWHERE1", headers=auth)
    assert missing.status_code == 404 and missing.json()["message"] == "no cable '08NOWHERE1'"
    assert api.client.get("/api/nothing-here", headers=auth).json()["status"] == 404
    nul = api.client.get("/api/search", params={"q": "lathe\x00"}, headers=auth)
    assert nul.status_code == 422
    broken = api.client.post(
        "/api/classify", content=b"{not json", headers={**auth, "content-type": "application/json"}
    )
    assert broken.status_code == 422 and broken.json()["errors"]


def test_tokens_sessions_and_roles(api: Api) -> None:
    client = api.client
    assert client.get("/api/me").status_code == 401
    bad_token = client.get("/api/me", headers={"Authorization": "Bearer rft_not-a-token"})
    assert bad_token.status_code == 401 and bad_token.headers["www-authenticate"] == "Bearer"
    signed_in = client.post("/api/session", json={"name": "c", "password": "c-password"})
    assert signed_in.status_code == 200 and SESSION_COOKIE in signed_in.cookies
    me = client.get("/api/me").json()
    assert me["clearance"] == "CONFIDENTIAL" and "merge_entities" in me["may"]
    assert client.delete("/api/session").status_code == 204
    client.cookies.clear()
    assert client.get("/api/me").status_code == 401
    forged = session_value(b"not the secret", "s_nf")
    secret = api.app.state.session_secret
    expired = session_value(secret, "s_nf", now=time.time() - 10 * 3600)
    fresh = session_value(secret, "s_nf")
    for value, status in ((forged, 401), (expired, 401), (fresh, 200)):
        client.cookies.set(SESSION_COOKIE, value)
        assert client.get("/api/me").status_code == status, value
        client.cookies.clear()
    api.store.users.add("reader", "TS", ["NOFORN"])
    reader = {"Authorization": f"Bearer {api.store.users.issue_token('reader')}"}
    refused = client.post("/api/entities/merge", json={"first": "a", "second": "b"}, headers=reader)
    assert refused.status_code == 403 and "reader" in refused.json()["message"]


def test_entities_merge_undo_split(api: Api) -> None:
    auth = api.headers("s_nf")
    listed = api.client.get("/api/entities", params={"type": "organization"}, headers=auth).json()
    names = {e["name"]: e for e in listed["entities"]}
    assert {"Kestrel Avionics", "Boreal Trading Company"} <= set(names)
    kestrel, boreal = names["Kestrel Avionics"], names["Boreal Trading Company"]
    one = api.client.get(f"/api/entities/{kestrel['id']}", headers=auth).json()
    assert one["members"] and {p["number"] for p in one["cables"][0]["paragraphs"]} >= {2, 3}
    restricted = api.client.get(f"/api/entities/{kestrel['id']}", headers=api.headers("c")).json()
    assert {p["number"] for c in restricted["cables"] for p in c["paragraphs"]} == {2}
    merged = api.client.post(
        "/api/entities/merge",
        json={"first": kestrel["id"], "second": boreal["id"], "note": "test"},
        headers=auth,
    )
    assert merged.status_code == 200, merged.text
    done = merged.json()
    assert len(done["entities"]) == 1
    party = api.client.get(f"/api/entities/{done['entities'][0]}", headers=auth).json()
    assert {m["name"] for m in party["members"]} >= {"Kestrel Avionics", "Boreal Trading Company"}
    assert party["judgements"][-1]["origin"] == "analyst"
    whole = done["entities"][0]
    again = api.client.post(
        "/api/entities/merge", json={"first": whole, "second": whole}, headers=auth
    )
    assert again.status_code == 422 and "one entity already" in again.json()["message"]
    undone = api.client.post(f"/api/judgements/{done['judgements'][0]}/undo", json={}, headers=auth)
    assert undone.status_code == 200 and len(undone.json()["entities"]) == 2
    split = api.client.post(
        f"/api/entities/{kestrel['id']}/split", json={"members": [boreal["id"]]}, headers=auth
    )
    assert split.status_code == 200, split.text
    stray = api.client.post(
        f"/api/entities/{kestrel['id']}/split",
        json={"members": ["09VALLETTA101:e99"]},
        headers=auth,
    )
    assert stray.status_code == 404


def test_cases_graph_timeline_draft_export_actions(api: Api) -> None:
    auth = api.headers("s_nf")
    seed = "Kestrel Avionics"
    case = api.client.get(f"/api/cases/{seed}", headers=auth)
    assert case.status_code == 200, case.text
    assert any(e["name"] == seed for e in case.json()["entities"])
    graph = api.client.get(f"/api/cases/{seed}/graph", headers=auth).json()
    assert graph["nodes"] and graph["edges"]
    graphml = api.client.get(f"/api/cases/{seed}/graph", params={"format": "graphml"}, headers=auth)
    assert graphml.headers["content-type"].startswith("application/xml")
    assert b"<graphml" in graphml.content
    timeline = api.client.get(f"/api/cases/{seed}/timeline", headers=auth).json()
    assert any("2009" in (e.get("date") or "") for e in timeline)
    draft = api.client.get(f"/api/cases/{seed}/draft", headers=auth).json()
    assert draft["points"]
    text = api.client.get(f"/api/cases/{seed}/draft", params={"format": "text"}, headers=auth)
    assert text.headers["content-type"].startswith("text/plain") and text.text.strip()
    for fmt, start in (("md", b"**"), ("html", b"<!DOCTYPE html>"), ("pdf", b"%PDF")):
        made = api.client.get(f"/api/cases/{seed}/report", params={"format": fmt}, headers=auth)
        assert made.status_code == 200 and made.content.startswith(start), fmt
    lines = api.client.get(f"/api/cases/{seed}/export", headers=auth).text.splitlines()
    assert lines and all(json.loads(line)["schema"] for line in lines)
    saved = api.client.put("/api/cases/kestrel", json={"seeds": [seed]}, headers=auth)
    assert saved.status_code == 200 and saved.json()["name"] == "kestrel"
    listed = api.client.get("/api/cases", headers=auth).json()
    assert [c["name"] for c in listed] == ["kestrel"] and VALLETTA in listed[0]["cables"]
    assert api.client.delete("/api/cases/kestrel", headers=auth).status_code == 204
    assert api.client.get("/api/cases", headers=auth).json() == []
    actions = api.client.get("/api/actions", headers=auth).json()
    assert actions and actions[0]["cable"] == VALLETTA and actions[0]["status"] == "open"


def test_classify(api: Api) -> None:
    answer = api.client.post(
        "/api/classify",
        json={"text": "7075-T6 aluminium tube, 120 mm outside diameter"},
        headers=api.headers("u"),
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["verdict"] and answer.json()["explanation"]
    blank = api.client.post("/api/classify", json={"text": "   "}, headers=api.headers("u"))
    assert blank.status_code == 422 and blank.json()["errors"][0]["field"] == "body.text"


def test_ingest_upload_reports_progress(api: Api) -> None:
    upload = api.client.post(
        "/api/ingest",
        files={"file": ("08STATE39690.txt", SEED.read_bytes(), "text/plain")},
        headers=api.headers("admin"),
    )
    assert upload.status_code == 202, upload.text
    report = wait_for(api, upload.json()["id"])
    assert report["stage"] == "done", report
    assert (report["read"], report["added"], report["failed"]) == (1, 1, 0)
    assert (
        api.client.get("/api/cables/08STATE39690", headers=api.headers("admin")).status_code == 200
    )
    twice = api.client.post(
        "/api/ingest",
        files={"file": ("again.txt", SEED.read_bytes(), "text/plain")},
        headers=api.headers("admin"),
    )
    assert wait_for(api, twice.json()["id"])["unchanged"] == 1
    garbage = api.client.post(
        "/api/ingest",
        files={"file": ("x.txt", b"\x00\x01 no cable", "text/plain")},
        headers=api.headers("admin"),
    )
    bad = wait_for(api, garbage.json()["id"])
    assert bad["stage"] == "done" and bad["failed"] == 1 and "x.txt" in bad["errors"][0]
    empty = api.client.post(
        "/api/ingest", files={"file": ("e.txt", b"", "text/plain")}, headers=api.headers("admin")
    )
    nothing = wait_for(api, empty.json()["id"])
    assert nothing["failed"] == 1 and nothing["errors"][0].startswith("e.txt")


def test_ingest_progress_is_kept_in_the_store(api: Api, db_url: str) -> None:
    """Another server process over the same store (a second worker, or the server after a
    restart) answers for a job; a job left unfinished by a stopped server is reported failed,
    and only its starter sees it."""
    upload = api.client.post(
        "/api/ingest",
        files={"file": ("seed.txt", SEED.read_bytes(), "text/plain")},
        headers=api.headers("admin"),
    )
    job = upload.json()["id"]
    report = wait_for(api, job)
    assert report["stage"] == "done" and report["added"] == 1
    with TestClient(create_app(db_url, web=False)) as other:
        again = other.get(f"/api/ingest/{job}", headers=api.headers("admin"))
        assert again.status_code == 200 and again.json() == report
        assert other.get(f"/api/ingest/{job}", headers=api.headers("s_nf")).status_code == 404

        with api.store.connection() as connection:
            record = job_store.load(connection, job)
            assert record is not None
            silent = datetime.now(UTC).replace(tzinfo=None) - STALE - timedelta(minutes=1)
            record |= {"stage": "reading", "finished": None, "reported": silent}
            job_store.save(connection, "stopped1", record)
        late = other.get("/api/ingest/stopped1", headers=api.headers("admin")).json()
        assert late["stage"] == "failed" and late["done"]
        assert "its server was stopped" in late["errors"][-1]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_reftel_serve_answers_on_a_real_port(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "REFTEL_SECRET": "test"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "reftel",
            "serve",
            "--port",
            str(port),
            "--db",
            str(tmp_path / "s.db"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                schema = httpx.get(f"{base}/api/openapi.json", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None and time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        assert schema.status_code == 200 and "/api/match/{dataset}" in schema.json()["paths"]
        assert httpx.get(f"{base}/api/cables").status_code == 401
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0].decode()
    assert "no users yet" in output and f"http://127.0.0.1:{port}/" in output
