"""Every error the API returns is one JSON shape, `ErrorBody`, with a message a person can act
on; nothing about withheld content goes into one (a withheld cable is simply not found)."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, HTTPException, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("reftel.api")


class FieldError(BaseModel):
    field: str
    """Where the bad value is: 'query.limit', 'body.queries.q1.schema'."""
    message: str


class ErrorBody(BaseModel):
    status: int
    message: str
    errors: list[FieldError] = []
    """For a 422: each field that was refused and why."""


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": text}
    for code, text in (
        (400, "The body could not be read as the content type it was sent with"),
        (401, "Not signed in, or the token is unknown"),
        (403, "The caller's role does not allow this"),
        (404, "Not found, or not readable by the caller: the two are not told apart"),
        (409, "A name is taken"),
        (422, "The request was refused: `errors` names each bad field"),
    )
}
"""Documented on every route, so clients (and schemathesis) know the error shape."""


class NotFound(HTTPException):
    def __init__(self, what: str) -> None:
        super().__init__(status.HTTP_404_NOT_FOUND, f"no {what}")


class Invalid(HTTPException):
    """Input that passed validation of its type but not of its meaning (an unknown dataset)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(status.HTTP_422_UNPROCESSABLE_CONTENT, f"{field}: {message}")
        self.field = field
        self.reason = message


def _body(code: int, message: str, errors: list[FieldError] | None = None) -> JSONResponse:
    body = ErrorBody(status=code, message=message, errors=errors or [])
    return JSONResponse(body.model_dump(), status_code=code)


def _location(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc)


def _allowed(request: Request) -> list[str]:
    """Every method some route serves at this path (Starlette names only one route's)."""
    methods: set[str] = set()
    for route in request.app.routes:
        if isinstance(route, APIRoute) and route.path_regex.match(request.url.path):
            methods |= route.methods or set()
    return sorted(methods)


def install(app: FastAPI) -> None:
    """Route every error, including FastAPI's own validation errors, to `ErrorBody`."""

    @app.exception_handler(RequestValidationError)
    async def validation(request: Request, error: RequestValidationError) -> JSONResponse:
        fields = [
            FieldError(field=_location(tuple(e.get("loc", ()))), message=str(e.get("msg", "")))
            for e in error.errors()
        ]
        summary = "; ".join(f"{f.field}: {f.message}" for f in fields[:3])
        return _body(422, f"invalid request: {summary}", fields)

    @app.exception_handler(StarletteHTTPException)
    async def http(request: Request, error: StarletteHTTPException) -> JSONResponse:
        fields = (
            [FieldError(field=error.field, message=error.reason)]
            if isinstance(error, Invalid)
            else []
        )
        response = _body(error.status_code, str(error.detail), fields)
        if error.headers:
            response.headers.update(error.headers)
        if error.status_code == 405:
            response.headers["Allow"] = ", ".join(_allowed(request))
        return response

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return _body(500, "internal error: the server logged it")
