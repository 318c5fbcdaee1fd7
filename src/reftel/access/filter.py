"""Filtering what a principal reads: cables, facts, and anything else that carries `Source`s.

Every read path calls these, so a later stage (cases, screening, exports, drafts) gets the same
rule by calling `prune` on its own models. A principal of None is the local superuser: nothing
is filtered and the object comes back as it was.

What "derived only from withheld paragraphs" means here:
- a source (cable, paragraph index) is readable when its portion's effective marking is;
- a fact with at least one readable source stays, carrying only its readable sources;
- text a fact holds apart from its sources (an entity's name and aliases, a good's designators
  and uses, an event's quantity, value and date) stays only when it is written in a readable
  paragraph; attributes with no text of their own (an organisation's country, a good's origin)
  stay only when every mention of the fact is readable;
- facts that point at a withheld fact (an event's seller, a relation's object) lose the pointer,
  and a relation losing either end is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel

from reftel.access.clearance import Marking, parse_marking
from reftel.access.portions import SUBJECT, portion_markings
from reftel.access.principal import Principal
from reftel.extraction.facts import Entity, Event, Extraction, Good, Mention, Relation, Source
from reftel.record import Cable, Paragraph, Redaction

WITHHELD = "[WITHHELD]"
"""The text of a withheld paragraph; the paragraph keeps its number and marking."""

MarkingLookup = Callable[[str], Mapping[int, Marking]]
"""Cable id -> its portions' effective markings (empty for an unknown cable)."""

T = TypeVar("T")


class Visibility:
    """What one principal may read, portion by portion, with markings looked up per cable."""

    def __init__(self, principal: Principal | None, lookup: MarkingLookup) -> None:
        self.principal = principal
        self._lookup = lookup
        self._markings: dict[str, Mapping[int, Marking]] = {}

    @classmethod
    def of_cable(cls, principal: Principal | None, cable: Cable) -> Visibility:
        """For one cable in hand, its markings computed from the record."""
        markings = portion_markings(cable)
        return cls(principal, lambda cable_id: markings if cable_id == cable.id else {})

    @property
    def unrestricted(self) -> bool:
        return self.principal is None

    def markings(self, cable_id: str) -> Mapping[int, Marking]:
        if cable_id not in self._markings:
            self._markings[cable_id] = self._lookup(cable_id)
        return self._markings[cable_id]

    def readable(self, cable_id: str, portion: int) -> bool:
        """A portion the store does not know is withheld: fail closed."""
        if self.principal is None:
            return True
        marking = self.markings(cable_id).get(portion)
        return marking is not None and self.principal.can_read(marking)

    def visible(self, cable_id: str) -> bool:
        """Whether the principal may know the cable exists: some portion of it is readable."""
        if self.principal is None:
            return True
        return any(self.principal.can_read(m) for m in self.markings(cable_id).values())

    def source(self, source: Source) -> bool:
        return self.readable(source.cable, source.paragraph)

    def sources(self, sources: Iterable[Source]) -> list[Source]:
        return [s for s in sources if self.source(s)]


def prune(obj: T, visibility: Visibility) -> T | None:
    """A copy of any pydantic model (or list of them) without what is derived only from
    withheld paragraphs: a model whose `source` is withheld, or whose non-empty `sources` are
    all withheld, is dropped (None, or left out of its list); `sources` lists keep only the
    readable ones. For facts whose fields refer to one another, use `filter_extraction`."""
    if visibility.unrestricted:
        return obj
    pruned: T | None = _prune(obj, visibility)
    return pruned


def _prune(obj: Any, visibility: Visibility) -> Any:
    if isinstance(obj, Source):
        return obj if visibility.source(obj) else None
    if isinstance(obj, list):
        kept = [_prune(item, visibility) for item in obj]
        return [
            item for item, was in zip(kept, obj, strict=True) if item is not None or was is None
        ]
    if isinstance(obj, tuple):
        return tuple(_prune(list(obj), visibility))
    if isinstance(obj, dict):
        pruned = {key: _prune(value, visibility) for key, value in obj.items()}
        return {k: v for k, v in pruned.items() if v is not None or obj[k] is None}
    if not isinstance(obj, BaseModel):
        return obj
    source = getattr(obj, "source", None)
    if isinstance(source, Source) and not visibility.source(source):
        return None
    sources = getattr(obj, "sources", None)
    if (
        isinstance(sources, list)
        and sources
        and all(isinstance(s, Source) for s in sources)
        and not visibility.sources(sources)
    ):
        return None
    changes = {}
    for name in type(obj).model_fields:
        value = getattr(obj, name)
        if isinstance(value, BaseModel | list | tuple | dict):
            pruned = _prune(value, visibility)
            if pruned is not value:
                changes[name] = pruned
    return obj.model_copy(update=changes) if changes else obj


def redact_cable(cable: Cable, visibility: Visibility) -> Cable | None:
    """The cable as the principal may see it, or None when no portion of it is readable.

    Withheld paragraphs keep their index, number and marking, and their text becomes
    `WITHHELD` (in `body` too, whose offsets are recomputed). Everything read from a withheld
    paragraph goes with it: talking points, action requests, point of contact, redaction
    spans, and the summary and slugs unless readable text states them; a withheld subject
    line becomes None and is removed from the body.
    """
    if visibility.unrestricted:
        return cable
    if not visibility.visible(cable.id):
        return None
    readable = {p.index for p in cable.paragraphs if visibility.readable(cable.id, p.index)}
    if len(readable) == len(cable.paragraphs) and visibility.readable(cable.id, SUBJECT):
        return cable
    by_number = {p.number: p.index for p in cable.paragraphs if p.number is not None}

    def paragraph_readable(number: int | None) -> bool:
        if number is None:
            return visibility.readable(cable.id, SUBJECT) and len(readable) == len(cable.paragraphs)
        return by_number.get(number) in readable

    subject_withheld = not visibility.readable(cable.id, SUBJECT)
    body, paragraphs, cuts = _redact_body(cable, readable, subject_withheld)
    subject = None if subject_withheld else cable.subject
    supported = _normal(" ".join(p.text for p in paragraphs if p.index in readable))
    principal = visibility.principal
    assert principal is not None
    talking_points = [
        tp
        for tp in cable.talking_points
        if paragraph_readable(tp.paragraph)
        and (
            tp.marking is None
            or principal.can_read(
                parse_marking(tp.marking, fallback=_marking_of(visibility, cable, tp.paragraph))
            )
        )
    ]
    return cable.model_copy(
        update={
            "subject": subject,
            "paragraphs": paragraphs,
            "body": body,
            "summary": cable.summary if _supported(cable.summary, supported) else None,
            "talking_points": talking_points,
            "action_requests": [
                a for a in cable.action_requests if paragraph_readable(a.paragraph)
            ],
            "poc": cable.poc if cable.poc and paragraph_readable(cable.poc.paragraph) else None,
            "slugs": [s for s in cable.slugs if _supported(s, supported)],
            "redactions": [
                Redaction(
                    paragraph=r.paragraph, start=_shift(cuts, r.start), end=_shift(cuts, r.end)
                )
                for r in cable.redactions
                if (r.paragraph is None or r.paragraph in readable)
                and not any(start <= r.start < end for start, end, _ in cuts)
            ],
        }
    )


def _marking_of(visibility: Visibility, cable: Cable, number: int | None) -> Marking | None:
    paragraph = cable.paragraph(number) if number is not None else None
    markings = visibility.markings(cable.id)
    return markings.get(paragraph.index if paragraph else SUBJECT)


Cut = tuple[int, int, str]
"""A span of the body (start, end) and the text that replaces it."""


def _shift(cuts: list[Cut], offset: int) -> int:
    """Where an offset of the original body lands: after every cut that ends at or before it."""
    return offset + sum(len(r) - (e - s) for s, e, r in cuts if e <= offset)


def _redact_body(
    cable: Cable, readable: set[int], subject_withheld: bool
) -> tuple[str, list[Paragraph], list[Cut]]:
    """Replace each withheld paragraph's span in the body by its number, marking and
    `WITHHELD` (and a withheld subject line by `WITHHELD`), and move every offset after it."""
    cuts: list[Cut] = []
    for paragraph in cable.paragraphs:
        if paragraph.index not in readable:
            original = cable.body[paragraph.start : paragraph.end]
            trailing = original[len(original.rstrip()) :]
            label = f"{paragraph.number}. " if paragraph.number is not None else ""
            mark = f"({paragraph.marking}) " if paragraph.marking else ""
            cuts.append((paragraph.start, paragraph.end, f"{label}{mark}{WITHHELD}{trailing}"))
    cuts += _heading_spans(cable, readable)
    if subject_withheld and cable.subject:
        cuts += _subject_span(cable)
    cuts = _merged(cuts)
    pieces: list[str] = []
    position = 0
    for start, end, replacement in cuts:
        pieces += [cable.body[position:start], replacement]
        position = end
    pieces.append(cable.body[position:])

    paragraphs = [
        p.model_copy(update={"start": _shift(cuts, p.start), "end": _shift(cuts, p.end)})
        if p.index in readable
        else p.model_copy(
            update={
                "text": WITHHELD,
                "title": None,
                "start": _shift(cuts, p.start),
                "end": _shift(cuts, p.end),
            }
        )
        for p in cable.paragraphs
    ]
    return "".join(pieces), paragraphs, cuts


def _heading_spans(cable: Cable, readable: set[int]) -> list[Cut]:
    """A withheld paragraph's heading written above it, outside its own span (inside the
    previous paragraph's span, or in the gap before it)."""
    spans: list[Cut] = []
    ordered = sorted(cable.paragraphs, key=lambda p: p.start)
    for before, paragraph in zip([None, *ordered], ordered, strict=False):
        if paragraph.index in readable or not paragraph.title:
            continue
        low = 0
        if before is not None:
            low = before.start if before.index in readable else before.end
        words = [re.escape(w) for w in paragraph.title.split()]
        found = list(re.finditer(r"\s+".join(words), cable.body[low : paragraph.start]))
        if found:
            last = found[-1]
            spans.append((low + last.start(), low + last.end(), WITHHELD))
    return spans


def _merged(cuts: list[Cut]) -> list[Cut]:
    """Sorted cuts with overlaps joined, the first cut's replacement kept."""
    merged: list[Cut] = []
    for start, end, replacement in sorted(cuts):
        if merged and start < merged[-1][1]:
            first, last, kept = merged[-1]
            merged[-1] = (first, max(last, end), kept)
        else:
            merged.append((start, end, replacement))
    return merged


def _subject_span(cable: Cable) -> list[Cut]:
    """Every run of the subject's words in the body before the first paragraph: a subject
    may be written over several caption lines, or twice (SUBJECT: and SUBJ:). Runs of one
    word are left unless the subject is one word, so only the subject's phrasing is cut."""
    head = min((p.start for p in cable.paragraphs), default=len(cable.body))
    words = [
        (m.start(), m.end(), m.group().lower()) for m in re.finditer(r"\S+", cable.body[:head])
    ]
    subject = [w.lower() for w in (cable.subject or "").split()]
    where: dict[str, list[int]] = {}
    for position, word in enumerate(subject):
        where.setdefault(word, []).append(position)
    shortest = min(2, len(subject))
    spans: list[Cut] = []
    i = 0
    while i < len(words):
        longest = 0
        for j in where.get(words[i][2], []):
            k = 0
            while i + k < len(words) and j + k < len(subject) and words[i + k][2] == subject[j + k]:
                k += 1
            longest = max(longest, k)
        if longest and longest >= shortest:
            spans.append((words[i][0], words[i + longest - 1][1], WITHHELD))
            i += longest
        else:
            i += 1
    return spans


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def _supported(value: str | None, readable_text: str) -> bool:
    return bool(value) and _normal(value or "") in readable_text


def filter_extraction(facts: Extraction, visibility: Visibility, cable: Cable) -> Extraction:
    """The facts of one cable without what is derived only from withheld paragraphs (see the
    module docstring for the rule); `cable` is the full record, for the readable text."""
    if visibility.unrestricted:
        return facts
    readable_text = _normal(
        " ".join(p.text for p in cable.paragraphs if visibility.readable(cable.id, p.index))
    )
    entities = [e for e in (_entity(e, visibility, readable_text) for e in facts.entities) if e]
    goods = [g for g in (_good(g, visibility, readable_text) for g in facts.goods) if g]
    kept = {e.id for e in entities} | {g.id for g in goods}
    events = [v for v in (_event(v, visibility, kept) for v in facts.events) if v]
    relations = [r for r in (_relation(r, visibility, kept) for r in facts.relations) if r]
    return facts.model_copy(
        update={"entities": entities, "goods": goods, "events": events, "relations": relations}
    )


def _mentions(mentions: list[Mention], visibility: Visibility) -> list[Mention]:
    return [m for m in mentions if visibility.source(m.source)]


def _named(mentions: list[Mention], name: str, readable_text: str) -> str:
    """The fact's name if readable text writes it, else its longest readable mention."""
    if _supported(name, readable_text):
        return name
    return max((m.text for m in mentions), key=len)


def _entity(entity: Entity, visibility: Visibility, readable_text: str) -> Entity | None:
    mentions = _mentions(entity.mentions, visibility)
    if not mentions or len(mentions) == len(entity.mentions):
        return entity if mentions else None
    # A country's name and code come from a lexicon, whichever mention named it.
    country = entity.type == "country"
    return entity.model_copy(
        update={
            "mentions": mentions,
            "name": entity.name if country else _named(mentions, entity.name, readable_text),
            "aliases": [a for a in entity.aliases if _supported(a, readable_text)],
            "country": entity.country if country else None,
        }
    )


def _good(good: Good, visibility: Visibility, readable_text: str) -> Good | None:
    mentions = _mentions(good.mentions, visibility)
    if not mentions or len(mentions) == len(good.mentions):
        return good if mentions else None
    return good.model_copy(
        update={
            "mentions": mentions,
            "name": _named(mentions, good.name, readable_text),
            "designators": [d for d in good.designators if _supported(d, readable_text)],
            "uses": [u for u in good.uses if _supported(u, readable_text)],
            "origin": None,
        }
    )


def _event(event: Event, visibility: Visibility, kept: set[str]) -> Event | None:
    sources = visibility.sources(event.sources)
    if not sources or len(sources) == len(event.sources):
        return event if sources else None
    said = _normal(" ".join(s.text for s in sources))

    def written(part: Any) -> Any:
        return part if part is not None and _supported(part.text, said) else None

    def ref(value: str | None) -> str | None:
        return value if value in kept else None

    return event.model_copy(
        update={
            "sources": sources,
            "seller": ref(event.seller),
            "buyer": ref(event.buyer),
            "intermediary": ref(event.intermediary),
            "item": ref(event.item),
            "route": [r for r in event.route if r in kept],
            "quantity": written(event.quantity),
            "value": written(event.value),
            "date": written(event.date),
        }
    )


def _relation(relation: Relation, visibility: Visibility, kept: set[str]) -> Relation | None:
    sources = visibility.sources(relation.sources)
    if not sources or relation.subject not in kept or relation.object not in kept:
        return None
    return relation.model_copy(update={"sources": sources})
