"""Shared fixtures: store tests run once on SQLite and once on PostgreSQL.

PostgreSQL is expected on 127.0.0.1:5432 with trust auth for user `postgres`; every test gets
a fresh database, dropped afterwards. If it is not reachable the PostgreSQL runs fail, so a
missing server is never mistaken for a pass; set REFTEL_TEST_PG=0 to skip them instead.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from reftel.store import Store

PG_SERVER = "127.0.0.1:5432"


def _admin() -> psycopg.Connection[tuple[object, ...]]:
    """An autocommit connection to the maintenance database: CREATE DATABASE needs one."""
    return psycopg.connect(
        f"postgresql://postgres@{PG_SERVER}/postgres", autocommit=True, connect_timeout=5
    )


@pytest.fixture(scope="session")
def postgres_available() -> None:
    """Skip on REFTEL_TEST_PG=0, fail loudly when PostgreSQL should be there and is not."""
    if os.environ.get("REFTEL_TEST_PG") == "0":
        pytest.skip("PostgreSQL runs skipped: REFTEL_TEST_PG=0")
    try:
        _admin().close()
    except psycopg.OperationalError as error:
        problem = " ".join(str(error).split())
    else:
        return
    pytest.fail(
        f"PostgreSQL is not reachable at {PG_SERVER} as user postgres ({problem}). "
        "Start it, or set REFTEL_TEST_PG=0 to skip these runs.",
        pytrace=False,
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL for an empty database of its own, on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'reftel.db'}"
        return
    request.getfixturevalue("postgres_available")
    database = f"reftel_test_{secrets.token_hex(6)}"
    name = sql.Identifier(database)
    with _admin() as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(name))
    try:
        yield f"postgresql://postgres@{PG_SERVER}/{database}"
    finally:
        with _admin() as admin:
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(name))


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as opened:
        yield opened
