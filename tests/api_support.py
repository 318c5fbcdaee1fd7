"""What the API tests share: the invented access cables stored with their facts and resolved,
users of every clearance with API tokens, and a client over the app."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from reftel.api.app import create_app
from reftel.extraction import EXTRACTOR, Extraction, extract_all
from reftel.reading import read_paths
from reftel.record import Cable
from reftel.resolution.resolver import resolve_cables
from reftel.store import Store

CABLES = Path(__file__).resolve().parent / "cables" / "access"
VALLETTA = "09VALLETTA101"
ATHENS = "78ATHENS4410"
ROME = "10ROME222"
ALL = (VALLETTA, ATHENS, ROME)

USERS: dict[str, tuple[str, list[str]]] = {
    # name: (clearance, caveats); all analysts, so the write routes are open to them
    "u": ("U", []),
    "c": ("C", []),
    "s": ("S", []),
    "s_nf": ("S", ["NOFORN"]),
}
READABLE = {
    # Paragraph numbers of 09VALLETTA101 each user may read (see tests/cables/access/README.md)
    "u": {1, 7, 8},
    "c": {1, 2, 7, 8},
    "s": {1, 2, 3, 5, 7, 8},
    "s_nf": set(range(1, 9)),
}
VISIBLE = {"u": {VALLETTA, ROME}, "c": set(ALL), "s": set(ALL), "s_nf": set(ALL)}


def read_access_cables() -> list[tuple[Cable, Extraction]]:
    cables = [c for c in read_paths([str(CABLES)], None, None) if isinstance(c, Cable)]
    facts = list(extract_all(cables))
    assert all(isinstance(f, Extraction) for f in facts)
    return [(c, f) for c, f in zip(cables, facts, strict=True) if isinstance(f, Extraction)]


@dataclass
class Api:
    app: FastAPI
    client: TestClient
    tokens: dict[str, str]
    store: Store

    def headers(self, user: str | None) -> dict[str, str]:
        return {} if user is None else {"Authorization": f"Bearer {self.tokens[user]}"}


def make_api(db_url: str, extracted: list[tuple[Cable, Extraction]]) -> Api:
    """An app over a fresh store holding the access cables, resolved, with a token per user
    (and `admin`, a TOP SECRET admin)."""
    app = create_app(db_url, web=False)
    store: Store = app.state.store
    with store.batch():
        for cable, facts in extracted:
            store.save(cable, facts, EXTRACTOR)
    resolve_cables(store, None)
    tokens = {}
    for name, (clearance, caveats) in USERS.items():
        store.users.add(name, clearance, caveats, role="analyst", password=f"{name}-password")
        tokens[name] = store.users.issue_token(name)
    store.users.add("admin", "TS", ["NOFORN"], role="admin")
    tokens["admin"] = store.users.issue_token("admin")
    return Api(app, TestClient(app), tokens, store)


def wait_for(api: Api, job: str, seconds: float = 120.0) -> dict[str, Any]:
    """Poll an ingest job, as its admin starter, until it is done; its last report."""
    deadline = time.monotonic() + seconds
    while True:
        report: dict[str, Any] = api.client.get(
            f"/api/ingest/{job}", headers=api.headers("admin")
        ).json()
        if report["done"] or time.monotonic() > deadline:
            return report
        time.sleep(0.1)
