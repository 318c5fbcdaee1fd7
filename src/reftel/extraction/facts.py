"""The facts extraction finds, each traceable to the text it came from.

Every mention, event and relation carries `Source`s: the cable, the paragraph (its position
and its number as written), the paragraph's portion marking and the character span in the
paragraph text. Access control, drafting and reports are built on these.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

EntityType = Literal["organization", "person", "country", "place"]
EventType = Literal["offer", "revised offer", "order", "shipment", "supply", "attempt", "payment"]
Modality = Literal["reported", "alleged", "planned", "denied"]
RelationType = Literal[
    "associated_with",
    "front_for",
    "subsidiary_of",
    "intermediary_for",
    "designated_under",
    "developer_of",
    "employee_of",
    "official_of",
]
Qualifier = Literal["exact", "at_least", "about", "at_most"]
Precision = Literal["year", "month", "day"]


class _Fact(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Source(_Fact):
    """Where a fact was read: cable, paragraph, its marking, and the span in its text."""

    cable: str
    paragraph: int
    """Index of the paragraph in the cable (Paragraph.index)."""
    number: int | None = None
    """The paragraph's number as the cable writes it."""
    marking: str | None = None
    start: int
    end: int
    text: str
    """The sentence (or phrase) the fact was read from."""


class Mention(_Fact):
    text: str
    label: str
    """What found it: a model label (ORG, PERSON, GPE...) or a rule name."""
    source: Source


class Entity(_Fact):
    id: str
    type: EntityType
    name: str
    aliases: list[str] = Field(default_factory=list)
    subtype: str | None = None
    """For organizations: company, government, program, regime; for places: city, port..."""
    country: str | None = None
    mentions: list[Mention] = Field(default_factory=list)


class Quantity(_Fact):
    value: float
    unit: str | None = None
    """Normalised unit (t, kg, units...)."""
    unit_text: str | None = None
    """The unit as written."""
    qualifier: Qualifier = "exact"
    text: str


class Money(_Fact):
    amount: float
    currency: str
    qualifier: Qualifier = "exact"
    text: str


class When(_Fact):
    value: str
    """ISO 8601 prefix: 2007, 2007-10 or 2007-10-15."""
    precision: Precision
    text: str
    relative: bool = False
    """True when it was resolved against the cable's own date."""


class GoodTerms(_Fact):
    """What a good is: shared by the good one cable names and the good a case joins."""

    id: str
    name: str
    designators: list[str] = Field(default_factory=list)
    form: str | None = None
    material: str | None = None
    origin: str | None = None
    uses: list[str] = Field(default_factory=list)


class Good(GoodTerms):
    mentions: list[Mention] = Field(default_factory=list)


class Event(_Fact):
    id: str
    type: EventType
    seller: str | None = None
    buyer: str | None = None
    intermediary: str | None = None
    item: str | None = None
    """Ids of entities (seller, buyer, intermediary) and of a good (item)."""
    quantity: Quantity | None = None
    value: Money | None = None
    date: When | None = None
    route: list[str] = Field(default_factory=list)
    modality: Modality = "reported"
    sources: list[Source] = Field(default_factory=list)


class Relation(_Fact):
    id: str
    type: RelationType
    subject: str
    object: str
    sources: list[Source] = Field(default_factory=list)


class Extraction(_Fact):
    """All facts read from one cable."""

    cable: str
    entities: list[Entity] = Field(default_factory=list)
    goods: list[Good] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)

    def entity(self, entity_id: str | None) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)

    def good(self, good_id: str | None) -> Good | None:
        return next((g for g in self.goods if g.id == good_id), None)


@dataclass(frozen=True)
class ExtractionError:
    """A cable whose facts could not be read; the rest of the batch goes on."""

    cable: str
    message: str
