"""Persistence for access control: portion markings, users, API tokens and the sign-in log.

Passwords are hashed with argon2id (argon2-cffi, its default parameters); API tokens are 256
random bits shown once and stored as sha256, which is enough for secrets that cannot be
guessed. Every sign-in attempt, good or bad, is logged.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import BaseModel, ConfigDict
from sqlalchemy import Connection, Table, delete, exists, func, insert, select, update

from reftel.access.clearance import Marking, parse_marking, policy
from reftel.access.portions import SUBJECT, portion_markings
from reftel.access.principal import Principal
from reftel.record import Cable
from reftel.store.schema import (
    ApiTokenRow,
    Base,
    CableRow,
    LoginAuditRow,
    PortionAccessRow,
    UserRow,
)

TOKEN_PREFIX = "rft_"
_HASHER = PasswordHasher()
_DUMMY_HASH = _HASHER.hash(secrets.token_hex(16))
"""Verified against when the user does not exist, so timing does not tell names apart."""

Connect = Callable[[], AbstractContextManager[Connection]]


def _table(model: type[Base]) -> Table:
    return Base.metadata.tables[model.__tablename__]


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


# --- Portion markings -------------------------------------------------------------------------


def write_portions(connection: Connection, cable: Cable) -> None:
    """Store the effective marking of each portion of a cable, replacing earlier ones."""
    table = _table(PortionAccessRow)
    connection.execute(delete(table).where(table.c.cable_id == cable.id))
    digest = policy().digest
    connection.execute(
        insert(table),
        [
            {"cable_id": cable.id, "portion": portion, "marking": m.canonical(), "policy": digest}
            for portion, m in portion_markings(cable).items()
        ],
    )


def refresh_portions(connection: Connection, batch: int = 500) -> int:
    """Compute the portion markings of cables stored before them or under another policy;
    returns how many cables were done."""
    current = exists().where(
        PortionAccessRow.cable_id == CableRow.id,
        PortionAccessRow.portion == SUBJECT,
        PortionAccessRow.policy == policy().digest,
    )
    stale = list(connection.scalars(select(CableRow.id).where(~current)))
    for start in range(0, len(stale), batch):
        chunk = stale[start : start + batch]
        for record in connection.scalars(select(CableRow.record).where(CableRow.id.in_(chunk))):
            write_portions(connection, Cable.model_validate(record))
    return len(stale)


def portion_lookup(connection: Connection, cable_id: str) -> dict[int, Marking]:
    rows = connection.execute(
        select(PortionAccessRow.portion, PortionAccessRow.marking).where(
            PortionAccessRow.cable_id == cable_id
        )
    )
    return {portion: parse_marking(marking) for portion, marking in rows}


def readable_markings(connection: Connection, principal: Principal) -> list[str]:
    """The distinct stored markings this principal may read: there are few, so searches
    filter on them in SQL and totals stay exact."""
    markings = connection.scalars(select(PortionAccessRow.marking).distinct())
    return sorted(m for m in markings if principal.can_read(parse_marking(m)))


# --- Users and tokens -------------------------------------------------------------------------


class UserError(ValueError):
    """A user command that cannot be carried out; the message names the user and field."""


class UserInfo(BaseModel):
    """A user as listed: never the password hash or a token."""

    model_config = ConfigDict(frozen=True)

    name: str
    clearance: str
    accesses: list[str]
    countries: list[str]
    role: str
    password: bool
    tokens: int
    created_at: datetime
    updated_at: datetime


class Users:
    """The user directory of one store."""

    def __init__(self, connect: Connect) -> None:
        self._connect = connect

    def add(
        self,
        name: str,
        clearance: str,
        accesses: Iterable[str] = (),
        countries: Iterable[str] | None = None,
        role: str = "reader",
        password: str | None = None,
    ) -> Principal:
        principal = _principal(name, clearance, accesses, countries, role)
        now = _now()
        with self._connect() as connection:
            if self._id(connection, principal.name) is not None:
                raise UserError(f"user {principal.name!r} exists already")
            connection.execute(
                insert(_table(UserRow)),
                {
                    **_columns(principal),
                    "name": principal.name,
                    "password_hash": _hash(password),
                    "created_at": now,
                    "updated_at": now,
                },
            )
        return principal

    def set(
        self,
        name: str,
        *,
        clearance: str | None = None,
        accesses: Iterable[str] | None = None,
        countries: Iterable[str] | None = None,
        role: str | None = None,
        password: str | None = None,
    ) -> Principal:
        """Change what is given; the rest stays."""
        with self._connect() as connection:
            current = self._principal(connection, name)
            if current is None:
                raise UserError(f"no user {name!r}")
            changed = _principal(
                current.name,
                clearance or current.clearance,
                current.accesses if accesses is None else accesses,
                current.countries if countries is None else countries,
                role or current.role,
            )
            values: dict[str, Any] = {**_columns(changed), "updated_at": _now()}
            if password is not None:
                values["password_hash"] = _hash(password)
            connection.execute(
                update(_table(UserRow)).where(_table(UserRow).c.name == current.name), values
            )
        return changed

    def remove(self, name: str) -> None:
        with self._connect() as connection:
            table = _table(UserRow)
            if not connection.execute(delete(table).where(table.c.name == name)).rowcount:
                raise UserError(f"no user {name!r}")

    def get(self, name: str) -> Principal | None:
        with self._connect() as connection:
            return self._principal(connection, name)

    def all(self) -> list[UserInfo]:
        tokens = (
            select(func.count())
            .where(ApiTokenRow.user_id == UserRow.id)
            .scalar_subquery()
            .label("tokens")
        )
        with self._connect() as connection:
            rows = connection.execute(select(_table(UserRow), tokens).order_by(UserRow.name)).all()
        return [
            UserInfo(
                name=user.name,
                clearance=user.clearance,
                accesses=sorted(user.accesses),
                countries=sorted(user.countries),
                role=user.role,
                password=user.password_hash is not None,
                tokens=user.tokens,
                created_at=user.created_at,
                updated_at=user.updated_at,
            )
            for user in rows
        ]

    def issue_token(self, name: str) -> str:
        """A new API token for the user, returned once: only its hash is kept."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        with self._connect() as connection:
            user_id = self._id(connection, name)
            if user_id is None:
                raise UserError(f"no user {name!r}")
            connection.execute(
                insert(_table(ApiTokenRow)),
                {
                    "user_id": user_id,
                    "digest": _digest(token),
                    "prefix": token[:12],
                    "created_at": _now(),
                    "last_used_at": None,
                },
            )
        return token

    def revoke_tokens(self, name: str) -> int:
        with self._connect() as connection:
            user_id = self._id(connection, name)
            if user_id is None:
                raise UserError(f"no user {name!r}")
            table = _table(ApiTokenRow)
            return connection.execute(delete(table).where(table.c.user_id == user_id)).rowcount

    def check_password(self, name: str, password: str) -> Principal | None:
        """The user if the password is theirs, else None; the attempt is logged."""
        with self._connect() as connection:
            stored = connection.scalar(select(UserRow.password_hash).where(UserRow.name == name))
            ok = _verify(stored, password)
            if ok and stored is not None and _HASHER.check_needs_rehash(stored):
                connection.execute(
                    update(_table(UserRow))
                    .where(_table(UserRow).c.name == name)
                    .values(password_hash=_HASHER.hash(password))
                )
            _audit(connection, name, "password", ok)
            return self._principal(connection, name) if ok else None

    def check_token(self, token: str) -> Principal | None:
        """The token's user, else None; the attempt is logged and the token's use noted."""
        with self._connect() as connection:
            row = connection.execute(
                select(ApiTokenRow.id, UserRow.name)
                .join(UserRow, UserRow.id == ApiTokenRow.user_id)
                .where(ApiTokenRow.digest == _digest(token))
            ).first()
            _audit(connection, row.name if row else None, "token", row is not None)
            if row is None:
                return None
            connection.execute(
                update(_table(ApiTokenRow))
                .where(_table(ApiTokenRow).c.id == row.id)
                .values(last_used_at=_now())
            )
            return self._principal(connection, row.name)

    def audit(
        self, name: str | None = None, limit: int = 100
    ) -> list[tuple[str | None, str, bool, datetime]]:
        """The latest sign-in attempts, newest first: (user, method, ok, at)."""
        query = select(
            LoginAuditRow.user_name, LoginAuditRow.method, LoginAuditRow.ok, LoginAuditRow.at
        )
        if name is not None:
            query = query.where(LoginAuditRow.user_name == name)
        with self._connect() as connection:
            rows = connection.execute(query.order_by(LoginAuditRow.id.desc()).limit(limit))
            return [(r.user_name, r.method, r.ok, r.at) for r in rows]

    @staticmethod
    def _id(connection: Connection, name: str) -> int | None:
        return connection.scalar(select(UserRow.id).where(UserRow.name == name.strip()))

    @staticmethod
    def _principal(connection: Connection, name: str) -> Principal | None:
        row = connection.execute(
            select(_table(UserRow)).where(UserRow.name == name.strip())
        ).first()
        if row is None:
            return None
        return Principal(
            row.name,
            row.clearance,
            frozenset(row.accesses),
            frozenset(row.countries),
            row.role,
        )


def _principal(
    name: str, clearance: str, accesses: Iterable[str], countries: Iterable[str] | None, role: str
) -> Principal:
    try:
        return Principal.make(name, clearance, accesses, countries, role)
    except ValueError as error:
        raise UserError(f"user {name!r}: {error}") from error


def _columns(principal: Principal) -> dict[str, Any]:
    return {
        "clearance": principal.clearance,
        "accesses": sorted(principal.accesses),
        "countries": sorted(principal.countries),
        "role": principal.role,
    }


def _hash(password: str | None) -> str | None:
    if password is None:
        return None
    if not password:
        raise UserError("password: must not be empty")
    return _HASHER.hash(password)


def _verify(stored: str | None, password: str) -> bool:
    try:
        return _HASHER.verify(stored or _DUMMY_HASH, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _audit(connection: Connection, name: str | None, method: str, ok: bool) -> None:
    connection.execute(
        insert(_table(LoginAuditRow)),
        {"user_name": name, "method": method, "ok": ok, "at": _now()},
    )
