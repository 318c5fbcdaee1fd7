"""Transactions: offers, orders, shipments, supplies, attempts and payments, with their roles.

A trigger word (a verb such as 'shipped' or a noun such as 'orders') is read with the
dependency parse: its subject, its object, and its 'to', 'from', 'by', 'with', 'via' and
'through' phrases give seller, buyer, intermediary, item and route; quantities, money and dates
in the sentence fill the rest. A fact stated in several sentences is one event with several
sources.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from reftel.extraction.facts import Entity, Event, EventType, Modality, When
from reftel.extraction.measures import dates, money, quantities
from reftel.extraction.pipeline import Context
from reftel.record import Paragraph

# lemma -> (event type, whether the subject is the seller (True) or the buyer (False))
TRIGGERS: dict[str, tuple[EventType, bool]] = {
    "offer": ("offer", True),
    "order": ("order", False),
    "purchase": ("order", False),
    "buy": ("order", False),
    "ship": ("shipment", True),
    "shipment": ("shipment", True),
    "export": ("shipment", True),
    "deliver": ("shipment", True),
    "delivery": ("shipment", True),
    "transfer": ("shipment", True),
    "supply": ("supply", True),
    "sell": ("supply", True),
    "sale": ("supply", True),
    "provide": ("supply", True),
    "procure": ("attempt", False),
    "acquire": ("attempt", False),
    "seek": ("attempt", False),
    "pay": ("payment", False),
    "payment": ("payment", False),
}
_DENIED = re.compile(r"\b(?:denied|denies|deny|refuted)\b", re.I)
_ALLEGED = re.compile(r"\b(?:alleged(?:ly)?|reportedly|purportedly|claimed)\b", re.I)
_PLANNED = re.compile(r"\b(?:plans? to|planning to|intends? to|will|would like to)\b", re.I)


def find_events(context: Context) -> None:
    for paragraph, sent in context.sentences():
        for token in sent:
            trigger = TRIGGERS.get(token.lemma_.lower())
            if trigger is None or token.pos_ not in ("VERB", "NOUN"):
                continue
            if _describes_another(token):
                continue
            if token.lemma_.lower() == "provide" and not _has_goods(context, paragraph, sent):
                continue
            for event in _read(context, paragraph, sent, token, *trigger):
                _merge(context, event)
    _fold(context)


def _has_goods(context: Context, paragraph: Paragraph, sent: Span) -> bool:
    return any(
        p.index == paragraph.index and sent.start_char <= s < sent.end_char
        for p, s, _e, _g in context.good_spans
    )


def _read(
    context: Context,
    paragraph: Paragraph,
    sent: Span,
    token: Token,
    kind: EventType,
    subject_sells: bool,
) -> list[Event]:
    head = token.head if token.pos_ == "NOUN" and token.dep_ in ("dobj", "pobj") else token
    subject = (
        _subject(context, paragraph, head)
        or _subject(context, paragraph, token)
        or _possessor(context, paragraph, token)
    )
    agent = _attached(context, paragraph, [token, head], ("by",)) or _after(
        context, paragraph, sent, token, "by"
    )
    to = _attached(context, paragraph, [token, head], ("to",)) or _after(
        context, paragraph, sent, token, "to"
    )
    from_ = _attached(context, paragraph, [token, head], ("from",)) or _after(
        context, paragraph, sent, token, "from"
    )
    with_object = _object(context, paragraph, token)
    passive = agent is not None or any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children)
    if kind == "offer" and any(c.lower_ == "revised" for c in token.children):
        kind = "revised offer"
    if subject_sells:
        seller = agent if passive and agent else subject
        buyer = to or (with_object if _has_with(token) else None)
    else:
        buyer = agent if passive and agent else subject
        seller = from_ or to
    if seller is None and buyer is None:
        return []
    if seller is not None and buyer is not None and seller.id == buyer.id:
        return []
    named = [p for p in (seller, buyer) if p is not None and p.type != "country"]
    if not named and (seller is None or buyer is None):
        return []  # a country alone on one side says too little to be a transaction
    start, end = sent.start_char, sent.end_char
    items: list[str | None] = list(_items(context, paragraph, start, end, token.idx))
    if not items and kind != "payment":
        return []
    quantity = next((q for _f, q in quantities(sent.text)), None)
    value = next((m for _f, m in money(sent.text)), None)
    return [
        Event(
            id="",
            type=kind,
            seller=seller.id if seller else None,
            buyer=buyer.id if buyer else None,
            item=item,
            quantity=quantity if len(items) == 1 else None,
            value=value,
            date=when,
            route=_route(context, paragraph, sent),
            modality=_modality(sent.text),
            sources=[context.source(paragraph, start, end, sent.text)],
        )
        for when in _dates(context, sent, token.idx)
        for item in (items or [None])
    ]


def _describes_another(token: Token) -> bool:
    """'an offer regarding the sale of X': the sale is what the offer is about, not an event."""
    head = token.head
    return token.dep_ == "pobj" and head.lower_ in ("regarding", "concerning", "about", "for")


def _after(
    context: Context, paragraph: Paragraph, sent: Span, token: Token, word: str
) -> Entity | None:
    """'... to X' after the trigger, where the parse hung the phrase elsewhere."""
    tail = paragraph.text[token.idx : sent.end_char]
    for match in re.finditer(rf"\b{word}\s+", tail):
        at = token.idx + match.end()
        entity = context.entity_at(paragraph, at, at + 1)
        possessive = re.match(r"[\w .-]*?(?:'s|’s)\b", paragraph.text[at : at + 60])
        if (
            entity is not None
            and entity.type in ("organization", "country", "person")
            and (entity.subtype not in ("regime", "program"))
            and not possessive
        ):
            return entity
    return None


def _dates(context: Context, sent: Span, at: int) -> list[When | None]:
    """The trigger's dates: those joined by 'and' count each, a 'since' date does not count."""
    found = [
        (f, w)
        for f, w in dates(sent.text, context.cable.created)
        if not re.search(r"\b(?:since|our|last)\s+$", sent.text[max(0, f.start - 8) : f.start])
    ]
    if not found:
        return [None]
    offset = at - sent.start_char
    found.sort(key=lambda fw: (fw[0].start < offset, abs(fw[0].start - offset)))
    first = found[0]
    group = [first[1]]
    for f, w in found[1:]:
        between = sent.text[min(f.end, first[0].end) : max(f.start, first[0].start)]
        if re.fullmatch(r"\s*(?:,|and|or|,\s*and)\s*", between):
            group.append(w)
    return list(group)


def _modality(text: str) -> Modality:
    if _DENIED.search(text):
        return "denied"
    if _ALLEGED.search(text):
        return "alleged"
    if _PLANNED.search(text):
        return "planned"
    return "reported"


def _party(context: Context, paragraph: Paragraph, token: Token) -> Entity | None:
    """The organization, country or person named by a token's phrase."""
    span = token.doc[token.left_edge.i : token.right_edge.i + 1]
    entity = context.entity_at(paragraph, token.idx, token.idx + len(token.text))
    if entity is None:
        entity = context.entity_at(paragraph, span.start_char, span.end_char)
    if entity is not None and entity.type in ("organization", "country", "person"):
        if entity.subtype in ("regime", "program"):
            return None
        return entity
    return None


def _subject(context: Context, paragraph: Paragraph, token: Token, depth: int = 0) -> Entity | None:
    """The trigger's subject, climbing through 'continued its efforts to supply' and the like."""
    for child in token.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return _party(context, paragraph, child)
    climbable = ("xcomp", "conj", "advcl", "acl", "dobj", "pobj", "prep", "ccomp", "relcl")
    if depth < 4 and token.dep_ in climbable and token.head is not token:
        return _subject(context, paragraph, token.head, depth + 1)
    return None


def _possessor(context: Context, paragraph: Paragraph, token: Token) -> Entity | None:
    """ "North Korea's purchase of ...": the possessor of a noun trigger acts in it."""
    if token.pos_ != "NOUN":
        return None
    for child in token.children:
        if child.dep_ == "poss":
            return _party(context, paragraph, child)
    return None


def _object(context: Context, paragraph: Paragraph, token: Token) -> Entity | None:
    for child in token.children:
        if child.dep_ in ("dobj", "dative"):
            return _party(context, paragraph, child)
    return None


def _has_with(token: Token) -> bool:
    return any(c.dep_ == "prep" and c.lower_ == "with" for c in token.children)


def _attached(
    context: Context, paragraph: Paragraph, tokens: list[Token], preps: tuple[str, ...]
) -> Entity | None:
    for token in tokens:
        for child in token.children:
            if child.dep_ in ("prep", "agent") and child.lower_ in preps:
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        party = _party(context, paragraph, obj)
                        if party is not None:
                            return party
    return None


def _items(context: Context, paragraph: Paragraph, start: int, end: int, at: int) -> list[str]:
    """The goods the trigger deals in: the nearest one, and the others listed with it."""
    spans = sorted(
        (s, e, good)
        for p, s, e, good in context.good_spans
        if p.index == paragraph.index and start <= s < end
    )
    if not spans:
        return []
    nearest = min(range(len(spans)), key=lambda i: abs(spans[i][0] - at))
    chosen = [spans[nearest]]
    # Neighbours joined by commas and 'and' form one list of items.
    for step in (-1, 1):
        i = nearest
        while 0 <= i + step < len(spans):
            a, b = sorted((spans[i], spans[i + step]))
            if not re.fullmatch(
                r"[\s,;]*(?:and|or|as well as)?[\s,;]*", paragraph.text[a[1] : b[0]]
            ):
                break
            i += step
            chosen.append(spans[i])
    return list(dict.fromkeys(good for _s, _e, good in sorted(chosen)))


def _route(context: Context, paragraph: Paragraph, sent: Span) -> list[str]:
    route: list[str] = []
    for match in re.finditer(r"\b(?:via|through|transshipped\s+(?:in|at|through))\s+", sent.text):
        at = sent.start_char + match.end()
        entity = context.entity_at(paragraph, at, at + 1)
        if entity is not None and entity.type in ("place", "country") and entity.id not in route:
            route.append(entity.id)
    return route


def _same_party(context: Context, a: str | None, b: str | None) -> bool:
    """Equal, unknown on one side, or a country and a party of that country."""
    if a is None or b is None or a == b:
        return True
    first, second = context.entity(a), context.entity(b)
    if first is None or second is None:
        return False
    if first.type == "country" and second.country == first.country:
        return True
    return second.type == "country" and first.country == second.country


def _merge(context: Context, event: Event) -> None:
    """One fact, stated in several sentences, is one event with several sources."""
    for known in context.events:
        if (
            known.type == event.type
            and known.item == event.item
            and _same_party(context, known.seller, event.seller)
            and _same_party(context, known.buyer, event.buyer)
            and known.date is not None
            and event.date is not None
            and known.date.value == event.date.value
        ) or (
            (known.type, known.seller, known.buyer, known.item)
            == (event.type, event.seller, event.buyer, event.item)
            and (known.date is None or event.date is None)
        ):
            _absorb(context, known, event)
            return
    event.id = f"{context.cable.id}:v{len(context.events) + 1}"
    context.events.append(event)


def _absorb(context: Context, target: Event, event: Event) -> None:
    """Fold a second statement of one dealing into the first: its sources, and what it adds."""
    for source in event.sources:
        if source not in target.sources:
            target.sources.append(source)
    target.date = target.date or event.date
    target.quantity = target.quantity or event.quantity
    target.value = target.value or event.value
    target.route = target.route or event.route
    target.seller = _better_party(context, target.seller, event.seller)
    target.buyer = _better_party(context, target.buyer, event.buyer)


def _better_party(context: Context, a: str | None, b: str | None) -> str | None:
    """Of two readings of one role, the named party beats nothing, and beats a country."""
    if a is None:
        return b
    if b is None:
        return a
    first = context.entity(a)
    return b if first is not None and first.type == "country" else a


# A general word for a dealing yields to a specific one that states the same dealing.
_GENERAL = {"supply": ("shipment", "offer", "revised offer", "order")}


def _fold(context: Context) -> None:
    """Join events that state one dealing twice: an undated reading of a dated event, and a
    'supply' that a shipment or offer of the same item, parties and date states exactly."""
    for event in list(context.events):
        targets = [
            other
            for other in context.events
            if other is not event
            and other.item == event.item
            and _same_party(context, other.seller, event.seller)
            and _same_party(context, other.buyer, event.buyer)
            and (
                (
                    event.date is None
                    and other.date is not None
                    and (other.type == event.type or event.type in _GENERAL)
                )
                or (
                    event.date is not None
                    and other.date is not None
                    and event.date.value == other.date.value
                    and other.type in _GENERAL.get(event.type, ())
                )
            )
        ]
        if not targets:
            continue
        target = max(targets, key=lambda o: o.date.value if o.date else "")
        _absorb(context, target, event)
        context.events.remove(event)
    for number, event in enumerate(context.events, start=1):
        event.id = f"{context.cable.id}:v{number}"
