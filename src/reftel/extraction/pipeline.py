"""The extraction pipeline: small components, each with one job, run in order over a cable.

Like spaCy's own pipeline, each component reads the shared `Context` and adds to it:
`prepare` parses paragraphs, `mentions` finds names, `aliases` joins them into entities,
`goods` and `measures` read items, quantities, money and dates, and `events` and `relations`
read who did what with whom.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from reftel.extraction.facts import (
    Entity,
    EntityType,
    Event,
    Extraction,
    ExtractionError,
    Good,
    Relation,
    Source,
)
from reftel.record import Cable, Paragraph


@dataclass
class Found:
    """A name found in a paragraph, before mentions are joined into entities."""

    paragraph: Paragraph
    start: int
    end: int
    text: str
    label: str
    type: EntityType
    key: str | None = None
    """Canonical name from a lexicon, where one matched."""
    code: str | None = None
    subtype: str | None = None
    entity: str | None = None
    """Id of the entity it was joined into."""


@dataclass
class Context:
    cable: Cable
    docs: list[tuple[Paragraph, Doc]] = field(default_factory=list)
    found: list[Found] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    goods: list[Good] = field(default_factory=list)
    good_spans: list[tuple[Paragraph, int, int, str]] = field(default_factory=list)
    """(paragraph, start, end, good id) for every place a good is named."""
    events: list[Event] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)

    def source(self, paragraph: Paragraph, start: int, end: int, text: str) -> Source:
        return Source(
            cable=self.cable.id,
            paragraph=paragraph.index,
            number=paragraph.number,
            marking=paragraph.marking,
            start=start,
            end=end,
            text=text,
        )

    def sentences(self) -> Iterator[tuple[Paragraph, Span]]:
        for paragraph, doc in self.docs:
            yield from ((paragraph, sent) for sent in doc.sents)

    def entity_at(self, paragraph: Paragraph, start: int, end: int) -> Entity | None:
        """The entity named by text overlapping [start, end) in the paragraph."""
        for found in self.found:
            if (
                found.paragraph.index == paragraph.index
                and found.entity
                and (found.start < end and start < found.end)
            ):
                return next((e for e in self.entities if e.id == found.entity), None)
        return None

    def organization(self, name: str, subtype: str) -> Entity:
        """The organization of that name (or alias), created if the text only implies it."""
        for entity in self.entities:
            if entity.name.lower() == name.lower() or name in entity.aliases:
                return entity
        entity = Entity(
            id=f"{self.cable.id}:e{len(self.entities) + 1}",
            type="organization",
            name=name,
            subtype=subtype,
        )
        self.entities.append(entity)
        return entity

    def add_found(
        self,
        paragraph: Paragraph,
        start: int,
        end: int,
        label: str,
        entity_type: EntityType,
        **details: str | None,
    ) -> Found:
        """Record a name found at [start, end) of a paragraph (key, code, subtype in details)."""
        found = Found(
            paragraph=paragraph,
            start=start,
            end=end,
            text=paragraph.text[start:end],
            label=label,
            type=entity_type,
            **details,
        )
        self.found.append(found)
        return found

    def overlapping(self, paragraph: Paragraph, start: int, end: int) -> list[Found]:
        """Names already found that overlap [start, end) in the paragraph."""
        return [
            f
            for f in self.found
            if f.paragraph.index == paragraph.index and f.start < end and start < f.end
        ]

    def entity(self, entity_id: str | None) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)

    def result(self) -> Extraction:
        return Extraction(
            cable=self.cable.id,
            entities=self.entities,
            goods=self.goods,
            events=self.events,
            relations=self.relations,
        )


Component = Callable[[Context], None]


def default_components() -> list[Component]:
    from reftel.extraction import aliases, events, goods, mentions, prepare, relations

    return [
        prepare.parse_paragraphs,
        mentions.lexicon_mentions,
        mentions.government_mentions,
        mentions.model_mentions,
        mentions.rule_mentions,
        mentions.head_mentions,
        mentions.name_tails,
        mentions.program_mentions,
        mentions.repeated_mentions,
        mentions.drop_roles,
        mentions.post_mentions,
        aliases.join_entities,
        aliases.refer_back,
        goods.find_goods,
        events.find_events,
        relations.find_relations,
    ]


def extract(cable: Cable, components: Iterable[Component] | None = None) -> Extraction:
    context = Context(cable)
    for component in components or default_components():
        component(context)
    return context.result()


def extract_all(cables: Iterable[Cable], batch: int = 64) -> Iterator[Extraction | ExtractionError]:
    """Extract from many cables, feeding the model paragraphs of many cables at a time."""
    from reftel.extraction.prepare import parse_many

    pending: list[Cable] = []
    for cable in cables:
        pending.append(cable)
        if len(pending) >= batch:
            yield from _run_batch(pending, parse_many)
            pending = []
    if pending:
        yield from _run_batch(pending, parse_many)


def _run_batch(
    cables: list[Cable], parse_many: Callable[[list[Context]], None]
) -> Iterator[Extraction | ExtractionError]:
    contexts = [Context(cable) for cable in cables]
    parse_many(contexts)
    for context in contexts:
        try:
            for component in default_components():
                component(context)
        except Exception as error:  # one cable's failure must not cost the others
            yield ExtractionError(context.cable.id, f"{type(error).__name__}: {error}")
            continue
        yield context.result()
