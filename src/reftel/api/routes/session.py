"""Signing in and out with a password (a session cookie, for the browser), and who am I."""

from __future__ import annotations

from typing import get_args

from fastapi import APIRouter, HTTPException, Request, Response, status
from pydantic import BaseModel, Field

from reftel.access.principal import Action, Principal
from reftel.api.auth import User, sign_in, sign_out
from reftel.api.state import StoreDep

router = APIRouter(tags=["session"])


class Credentials(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=1000)


class Me(BaseModel):
    """The caller as the read paths see them."""

    name: str
    clearance: str
    accesses: list[str]
    countries: list[str]
    role: str
    may: list[str]
    """Actions the role allows: read, merge_entities, edit_cases, manage_users."""

    @classmethod
    def of(cls, principal: Principal) -> Me:
        return cls(
            name=principal.name,
            clearance=principal.clearance,
            accesses=sorted(principal.accesses),
            countries=sorted(principal.countries),
            role=principal.role,
            may=[a for a in get_args(Action) if principal.may(a)],
        )


@router.post("/session", response_model=Me)
def login(credentials: Credentials, request: Request, response: Response, store: StoreDep) -> Me:
    """Check a password and set the session cookie; every attempt is logged."""
    principal = store.users.check_password(credentials.name, credentials.password)
    if principal is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "wrong user name or password")
    sign_in(request, response, principal)
    return Me.of(principal)


@router.delete("/session", status_code=status.HTTP_204_NO_CONTENT)
def logout(response: Response) -> Response:
    """Drop the session cookie (API tokens are revoked with `reftel users revoke`)."""
    sign_out(response)
    response.status_code = status.HTTP_204_NO_CONTENT
    return response


@router.get("/me", response_model=Me)
def me(user: User) -> Me:
    return Me.of(user)
