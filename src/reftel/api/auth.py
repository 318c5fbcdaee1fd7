"""Who is calling: a bearer API token or a signed session cookie, read into a `Principal`.

The core treats a principal of None as the local superuser, so nothing here ever hands None to a
read path: a request with no valid credentials is refused (401) before any handler runs. The
session cookie holds only the user's name and an expiry, signed with HMAC-SHA256; the user is
read from the store on every request, so a changed clearance or a removed user takes effect at
once. The web UI signs users in with `sign_in` and reuses `current_user` / `require_user`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request, Response, status

from reftel.access.principal import Action, Principal
from reftel.api.state import store_of
from reftel.store.access import TOKEN_PREFIX

SESSION_COOKIE = "reftel_session"
SESSION_SECONDS = 8 * 3600
"""A working day: a session cookie older than this is ignored."""


def _secret(request: Request) -> bytes:
    secret: bytes = request.app.state.session_secret
    return secret


def _sign(secret: bytes, payload: bytes) -> str:
    return hmac.new(secret, payload, hashlib.sha256).hexdigest()


def session_value(secret: bytes, name: str, now: float | None = None) -> str:
    """The cookie value for a signed-in user: base64 of {name, exp} and its signature."""
    expires = int((now if now is not None else time.time()) + SESSION_SECONDS)
    payload = base64.urlsafe_b64encode(json.dumps({"u": name, "exp": expires}).encode())
    return f"{payload.decode()}.{_sign(secret, payload)}"


def session_user(secret: bytes, value: str, now: float | None = None) -> str | None:
    """The user name a cookie value was signed for, or None if forged, malformed or expired."""
    payload, _, signature = value.partition(".")
    if not signature or not hmac.compare_digest(_sign(secret, payload.encode()), signature):
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(payload.encode()))
        name, expires = data["u"], data["exp"]
    except (ValueError, KeyError, TypeError):
        return None
    if not isinstance(name, str) or not isinstance(expires, int):
        return None
    return name if expires > (now if now is not None else time.time()) else None


def sign_in(request: Request, response: Response, principal: Principal) -> None:
    """Set the session cookie for a user whose password was checked (`Users.check_password`)."""
    response.set_cookie(
        SESSION_COOKIE,
        session_value(_secret(request), principal.name),
        max_age=SESSION_SECONDS,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )


def sign_out(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")


def current_user(request: Request) -> Principal | None:
    """The caller, from `Authorization: Bearer rft_...` or the session cookie; None when
    neither names a known user. A bad bearer token is never overridden by a cookie."""
    store = store_of(request)
    header = request.headers.get("authorization", "")
    scheme, _, credential = header.partition(" ")
    if scheme.lower() == "bearer":
        token = credential.strip()
        return store.users.check_token(token) if token.startswith(TOKEN_PREFIX) else None
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        name = session_user(_secret(request), cookie)
        return store.users.get(name) if name is not None else None
    return None


def require_user(principal: Annotated[Principal | None, Depends(current_user)]) -> Principal:
    """The caller, or 401: no endpoint reads anything for an anonymous caller."""
    if principal is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "sign in, or send an API token as 'Authorization: Bearer rft_...'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return principal


User = Annotated[Principal, Depends(require_user)]
"""A handler parameter for the signed-in caller."""


def require(action: Action) -> Callable[[Principal], Principal]:
    """A dependency for the caller who may take this action (merge_entities, edit_cases...);
    403 for one whose role does not allow it."""

    def check(principal: User) -> Principal:
        if not principal.may(action):
            raise HTTPException(
                status.HTTP_403_FORBIDDEN, f"role {principal.role!r} may not {action}"
            )
        return principal

    return check


Analyst = Annotated[Principal, Depends(require("merge_entities"))]
Editor = Annotated[Principal, Depends(require("edit_cases"))]
Admin = Annotated[Principal, Depends(require("manage_users"))]
