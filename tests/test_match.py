"""yente compatibility: a `/match/{dataset}` request in yente's format gets yente's response
shape, and finds a party designated on the bundled starter list."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from reftel.api.app import create_app

# yente's response shape (yente/data/common.py: EntityMatchResponse, EntityMatches,
# ScoredEntityResponse, TotalSpec), older clients' `features` and newer clients' `explanations`.
ENTITY_KEYS = {
    "id",
    "caption",
    "schema",
    "properties",
    "datasets",
    "referents",
    "target",
    "first_seen",
    "last_seen",
    "last_change",
    "score",
    "match",
    "features",
    "explanations",
}


@pytest.fixture
def client(db_url: str) -> Iterator[tuple[TestClient, dict[str, str]]]:
    app = create_app(db_url, web=False)
    app.state.store.users.add("analyst", "U", role="analyst")
    token = app.state.store.users.issue_token("analyst")
    with TestClient(app) as test_client:
        yield test_client, {"Authorization": f"Bearer {token}"}


def test_a_yente_request_gets_a_yente_response(client: tuple[TestClient, dict[str, str]]) -> None:
    http, auth = client
    body = {
        "queries": {
            # Misspelt and without its acronym, as a screening request would write it.
            "q1": {
                "schema": "Company",
                "properties": {"name": ["Shahid Hemat Industrial Group"], "country": ["Iran"]},
            },
            "q2": {"schema": "Person", "properties": {"name": ["Jane Q. Nobody"]}},
            "q3": {"schema": "LegalEntity", "properties": {"alias": "SHIG"}},
        }
    }
    answer = http.post("/api/match/default", json=body, headers=auth, params={"limit": 3})
    assert answer.status_code == 200, answer.text
    data = answer.json()
    assert set(data) == {"responses", "limit"} and data["limit"] == 3
    assert set(data["responses"]) == {"q1", "q2", "q3"}
    for key, response in data["responses"].items():
        assert set(response) == {"status", "results", "total", "query"}
        assert response["status"] == 200
        assert response["total"] == {"value": len(response["results"]), "relation": "eq"}
        assert response["query"]["schema"] == body["queries"][key]["schema"]
        assert response["query"]["properties"] == body["queries"][key]["properties"]
        assert len(response["results"]) <= 3
        for result in response["results"]:
            assert set(result) == ENTITY_KEYS
            assert isinstance(result["properties"]["name"], list)
            assert 0.0 <= result["score"] <= 1.0
            assert set(result["features"]) == set(result["explanations"])
    best = data["responses"]["q1"]["results"][0]
    assert best["match"] is True and best["caption"].startswith("SHAHID HEMMAT INDUSTRIAL GROUP")
    assert best["schema"] == "Organization"
    assert best["datasets"] == ["starter"] and best["referents"] == ["IRe.067"]
    assert best["explanations"] and all("detail" in e for e in best["explanations"].values())
    assert not any(r["match"] for r in data["responses"]["q2"]["results"])
    assert data["responses"]["q3"]["results"][0]["referents"] == ["IRe.067"]


def test_datasets_and_bad_requests(client: tuple[TestClient, dict[str, str]]) -> None:
    http, auth = client
    query = {"queries": {"q": {"schema": "Company", "properties": {"name": ["SHIG"]}}}}
    named = http.post("/api/match/starter", json=query, headers=auth).json()
    assert named["responses"]["q"]["results"][0]["datasets"] == ["starter"]
    unknown = http.post("/api/match/us_ofac_sdn", json=query, headers=auth)
    assert unknown.status_code == 404 and "starter" in unknown.json()["message"]
    nameless = {"queries": {"q": {"schema": "Company", "properties": {"country": ["ir"]}}}}
    refused = http.post("/api/match/default", json=nameless, headers=auth)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "body.queries.q.properties"
    malformed = http.post("/api/match/default", json={"queries": "SHIG"}, headers=auth)
    assert malformed.status_code == 422 and malformed.json()["errors"]
    assert http.post("/api/match/default", json=query).status_code == 401


def test_screen_one_name(client: tuple[TestClient, dict[str, str]]) -> None:
    http, auth = client
    answer = http.get(
        "/api/screen", params={"name": "Shahid Hemmat Industrial Group"}, headers=auth
    )
    assert answer.status_code == 200
    found = answer.json()
    assert found["match"] is True
    assert found["hits"][0]["entry_id"] == "IRe.067" and found["hits"][0]["list"] == "starter"
    assert found["hits"][0]["explanation"]
    assert http.get("/api/screen", params={"name": ""}, headers=auth).status_code == 422
