"""Request parameters shared by the routers, constrained so that bad input is a 422 (with the
constraint in the OpenAPI schema) rather than an error deep in a database driver."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Path, Query

PRINTABLE = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f]*$"
"""No NUL or other control characters: PostgreSQL refuses NUL in text, and none belongs in a
name, query or id."""

CableId = Annotated[
    str,
    Path(
        min_length=1,
        max_length=64,
        pattern=r"^[^\x00-\x1f/]+$",
        description="A cable id, e.g. 08STATE39690.",
    ),
]
Text = Annotated[str, Query(max_length=500, pattern=PRINTABLE)]
OptionalText = Annotated[str | None, Query(max_length=200, pattern=PRINTABLE)]
Limit = Annotated[int, Query(ge=1, le=500, description="Results per page.")]
Offset = Annotated[int, Query(ge=0, le=100_000, description="Results to skip.")]
Year = Annotated[int | None, Query(ge=1900, le=2100)]


@dataclass(frozen=True)
class CableFilters:
    """The filters the cable list and the search share: years, origin (a substring), banner
    classification, a TAGS code."""

    year_from: Year = None
    year_to: Year = None
    origin: OptionalText = None
    classification: OptionalText = None
    tag: OptionalText = None


Filters = Annotated[CableFilters, Depends()]
