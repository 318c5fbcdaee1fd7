"""Goods classification: a description of an item against the control lists, explained."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from reftel.api.auth import User
from reftel.api.errors import Invalid
from reftel.api.params import PRINTABLE
from reftel.controls.classify import Classification, classify_text

router = APIRouter(tags=["controls"])


class ItemText(BaseModel):
    text: str = Field(
        min_length=1,
        max_length=5000,
        pattern=PRINTABLE,
        examples=["7075-T6 aluminium tube, 120 mm outside diameter"],
    )


@router.post("/classify", response_model=Classification)
def classify(body: ItemText, user: User) -> Classification:
    """The control-list verdict for a described item (controlled, possibly controlled,
    below threshold, not listed), the entries it was checked against and why. Reads no
    cable: any signed-in user may classify."""
    if not body.text.strip():
        raise Invalid("body.text", "is blank: describe the item")
    return classify_text(body.text)
