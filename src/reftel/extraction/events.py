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
    "transfer": ("supply", True),
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
_DENIED = re.compile(r"\b(?:denied|denies|deny|denying|denial|refuted|refused)\b", re.I)
# Nouns for a signed dealing: what is agreed in one is an order ('signed an agreement in 2005
# to supply Pakistan with ...').
_AGREEMENTS = frozenset({"agreement", "contract", "deal", "accord"})
_ALLEGED = re.compile(r"\b(?:alleged(?:ly)?|reportedly|purportedly|claimed)\b", re.I)
_PLANNED = re.compile(
    r"\b(?:plans? to|planning to|intends? to|will|would like to|scheduled|to be delivered|"
    r"could be|expected to)\b",
    re.I,
)


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
    _intermediaries(context)
    _fold(context)


_THROUGH = re.compile(
    r"\b(?:through|via)\s+(?:(?:an?|the)\s+)?(?:(?:intermediary|broker|middleman|agent|"
    r"front company)\s+(?:(?:named|called|known as)\s+)?)?",
    re.I,
)
_DEALING = re.compile(
    r"\b(?:transactions?|deals?|dealings|purchases?|sales?|orders?|payments?|transfers?)\s+"
    r"(?:\w+\s+){0,2}$",
    re.I,
)


def _intermediaries(context: Context) -> None:
    """'Delta Optics was coordinating this transaction through an intermediary named
    Kite Trading': the dealing of that paragraph went through that party; so does a
    payment made 'through' a bank."""
    for paragraph, sent in context.sentences():
        for match in _THROUGH.finditer(sent.text):
            at = sent.start_char + match.end()
            party = context.entity_at(paragraph, at, at + 1)
            if party is None or party.type not in ("organization", "person"):
                continue
            dealing = _DEALING.search(sent.text[: match.start()]) is not None
            named = "intermediary" in match.group(0).lower() or "broker" in match.group(0).lower()
            events = [
                e
                for e in context.events
                if e.intermediary is None
                and party.id not in (e.seller, e.buyer)
                and any(src.paragraph == paragraph.index for src in e.sources)
                and (dealing or named or e.type == "payment")
            ]
            # The dealing spoken of is the paragraph's first; a payment is its own sentence's.
            own = [e for e in events if any(src.start == sent.start_char for src in e.sources)]
            chosen = own if own and not (dealing or named) else events[:1]
            for event in chosen:
                event.intermediary = party.id


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
        or _role_holder(context, paragraph, token)
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
    if kind in ("supply", "shipment") and _agreed(token):
        kind = "order"
    if subject_sells:
        seller = agent if passive and agent else subject
        buyer = to or (with_object if _has_with(token) else None)
    else:
        buyer = agent if passive and agent else subject
        seller = from_ or to
    start, end = sent.start_char, sent.end_char
    items: list[str | None] = list(_items(context, paragraph, start, end, token.idx))
    if not items and kind != "payment":
        return []
    if all(p is None or p.type == "country" for p in (seller, buyer)) and _refers_back(
        context, paragraph, token
    ):
        seller, buyer = _carried_over(context, kind, items, seller, buyer)
    if seller is None and buyer is None:
        return []
    if seller is not None and buyer is not None and seller.id == buyer.id:
        return []
    named = [p for p in (seller, buyer) if p is not None and p.type != "country"]
    if not named and (seller is None or buyer is None):
        return []  # a country alone on one side says too little to be a transaction
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


def _refers_back(context: Context, paragraph: Paragraph, token: Token) -> bool:
    """The trigger's own goods are named as ones already spoken of: 'these valves could be
    delivered', 'the same aluminum was shipped'."""
    tree = [t for t in token.subtree if t.i != token.i]
    if not tree:
        return False
    start, end = tree[0].idx, tree[-1].idx + len(tree[-1].text)
    return any(
        p.index == paragraph.index
        and start <= s < end
        and re.search(
            r"\b(?:these|this|those|the same|such)\s+(?:[\w-]+\s+)?[\w-]+$",
            paragraph.text[max(0, s - 30) : e],
            re.I,
        )
        for p, s, e, _g in context.good_spans
    )


def _carried_over(
    context: Context,
    kind: EventType,
    items: list[str | None],
    seller: Entity | None,
    buyer: Entity | None,
) -> tuple[Entity | None, Entity | None]:
    """'These valves could be delivered to Syria': a later sentence that names no party
    of its own, about goods already dealt in, keeps the parties of the earlier dealing where
    it leaves them out or names only their country (an attempt has no seller to keep)."""
    earlier = next(
        (e for e in reversed(context.events) if e.item is not None and e.item in items), None
    )
    if earlier is None:
        return seller, buyer
    return (
        seller if kind == "attempt" else _kept(context, seller, earlier.seller),
        _kept(context, buyer, earlier.buyer),
    )


def _kept(context: Context, stated: Entity | None, earlier_id: str | None) -> Entity | None:
    earlier = context.entity(earlier_id)
    if stated is None:
        return earlier
    if earlier is not None and stated.type == "country" and earlier.country == stated.country:
        return earlier  # 'Iran' for an Iranian buyer named before
    return stated


def _agreed(token: Token) -> bool:
    """The trigger states what a signed agreement, contract or deal provides for: 'an
    agreement to supply', 'signed an agreement in 2005 to supply'."""
    for ancestor in list(token.ancestors)[:3]:
        near = [ancestor, ancestor.head, *ancestor.children]
        signed = any(a.lemma_.lower() == "sign" for a in near)
        agreement = any(a.lemma_.lower() in _AGREEMENTS for a in near)
        if signed and agreement:
            return True
    return False


def _role_holder(context: Context, paragraph: Paragraph, token: Token) -> Entity | None:
    """'any Libyan role in the supply of weapons', "Libya's support for supplying": the
    country or party whose role, part or hand in the dealing is stated."""
    for ancestor in list(token.ancestors)[:3]:
        if ancestor.lemma_.lower() not in ("role", "part", "hand", "involvement", "support"):
            continue
        for child in ancestor.children:
            if child.dep_ in ("poss", "amod", "compound"):
                party = _party(context, paragraph, child)
                if party is not None:
                    return party
    return None


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
        here = context.overlapping(paragraph, at, at + 1)
        possessive = here and re.match(r"(?:'s|’s)\s+", paragraph.text[here[0].end :])
        if here and possessive:
            # "to Syria's Delta Optics Company": the party is the one possessed.
            at = here[0].end + possessive.end()
            owned = context.entity_at(paragraph, at, at + 1)
            if owned is not None and owned.type in ("organization", "person"):
                return owned
            continue
        entity = context.entity_at(paragraph, at, at + 1)
        if (
            entity is not None
            and entity.type in ("organization", "country", "person")
            and (entity.subtype not in ("regime", "program"))
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
        # 'the Chinese company Hong Kong 4 Star Electronics Ltd.': of the names in the phrase,
        # a named party before the country that qualifies it.
        named = [
            e
            for f in sorted(
                context.overlapping(paragraph, span.start_char, span.end_char),
                key=lambda f: f.start,
            )
            if (e := context.entity(f.entity)) is not None
        ]
        parties = [e for e in named if e.type in ("organization", "person")]
        entity = next(iter(parties or named), None)
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
