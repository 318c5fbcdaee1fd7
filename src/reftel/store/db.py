"""Where the store lives, how to connect to it, and how its schema is brought up to date."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url

DEFAULT_DB = "reftel.db"
"""Used when neither an argument nor `REFTEL_DB` names a store: a SQLite file in the cwd."""

MIGRATIONS = Path(__file__).with_name("migrations")

_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def resolve_url(db: str | None) -> str:
    """Turn what a user typed (nothing, a file path or a URL) into a SQLAlchemy URL.

    PostgreSQL URLs are pointed at psycopg 3, the only PostgreSQL driver installed, and the
    folder of a SQLite file is created so a first ingest into `build/x.db` just works.
    """
    db = db or os.environ.get("REFTEL_DB") or DEFAULT_DB
    if not _URL_SCHEME.match(db):
        path = Path(db).expanduser().resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    url = make_url(db)
    if url.drivername in ("postgresql", "postgres"):
        return url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    return db


def create_store_engine(url: str) -> Engine:
    """Create an engine whose transactions and savepoints behave the same on every backend."""
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        _enable_sqlite_transactions(engine)
    return engine


def _enable_sqlite_transactions(engine: Engine) -> None:
    """Let SQLAlchemy emit BEGIN itself, and turn on foreign keys.

    Python 3.11's sqlite3 driver opens transactions lazily and ignores SAVEPOINT, which would
    break the per-cable savepoints `Store.save` relies on; SQLite also leaves foreign keys (and
    so ON DELETE CASCADE) off unless asked on every connection.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN")


def alembic_config(connection: Connection) -> Config:
    """Build the Alembic configuration in code, so no alembic.ini has to be found at run time."""
    config = Config()
    # Config values go through ConfigParser interpolation, where a bare "%" is an error.
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    config.set_main_option("path_separator", "os")
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration; a no-op when it is already there."""
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")
