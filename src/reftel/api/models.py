"""Types the API's own response models share."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator


def _utc(value: datetime) -> datetime:
    """The store keeps UTC without a zone; the API writes it with one (RFC 3339)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


Stamp = Annotated[datetime, AfterValidator(_utc)]
"""A moment, always written with its zone."""
