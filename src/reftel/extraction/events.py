"""Transactions: offers, orders, shipments, supplies, attempts and payments, with their roles.

A trigger word (a verb such as 'shipped' or a noun such as 'orders') is read with the
dependency parse: its subject, its object, and its 'to', 'from', 'by', 'with', 'via' and
'through' phrases give seller, buyer, intermediary, item and route; quantities, money and dates
in the sentence fill the rest. A fact stated in several sentences is one event with several
sources. The trigger and filter words are data (`data/lexicons/events.json`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import cast

from spacy.tokens import Span, Token

from reftel.extraction import lexicons
from reftel.extraction.facts import Entity, Event, EventType, Modality, When
from reftel.extraction.measures import dates, money, quantities
from reftel.extraction.pipeline import Context
from reftel.record import Paragraph

_DENIED = re.compile(r"\b(?:denied|denies|deny|denying|denial|refuted|refused)\b", re.I)
_ALLEGED = re.compile(r"\b(?:alleged(?:ly)?|reportedly|purportedly|claimed)\b", re.I)
_PLANNED = re.compile(
    r"\b(?:plans? to|planning to|intends? to|will|would like to|scheduled|to be delivered|"
    r"could be|expected to)\b",
    re.I,
)


_BULLET = re.compile(r"\s*(?:--|-|•|\*|\(?[a-z0-9]\)|\d+\.)\s")


@cache
def _triggers() -> dict[str, tuple[EventType, bool]]:
    """Lemma -> (event type, whether its subject is the seller), from the event lexicon."""
    return {
        e["word"]: (cast(EventType, e["event"]), e["subject"] == "seller")
        for e in lexicons._entries("events.json")
        if e["kind"] == "trigger"
    }


@cache
def _words(kind: str) -> frozenset[str]:
    """The event lexicon's words of one kind (urging, talk, signing, bank, ...)."""
    return frozenset(e["word"] for e in lexicons._entries("events.json") if e["kind"] == kind)


@dataclass
class _Reading:
    """What one trigger word says of a dealing, kept for a later word that refers back to it
    ('the scheduled delivery will include ...') or a dealing done under it ('as part of a
    contract signed between A and B, the vessel carries ...')."""

    paragraph: int
    sentence: int
    kind: EventType
    seller: Entity | None
    buyer: Entity | None
    dates: list[When | None]
    agreement: bool
    """Read from a contract or deal: what is done 'as part of' it has its parties."""


def find_events(context: Context) -> None:
    readings: list[_Reading] = []
    for paragraph, sent in context.sentences():
        if sent.text.rstrip().endswith("?"):
            continue  # a question asks whether a dealing took place
        for token in sent:
            trigger = _triggers().get(token.lemma_.lower())
            if trigger is None or token.pos_ not in ("VERB", "NOUN"):
                continue
            if _describes_another(token) or _not_stated(token):
                continue
            if not _fits(context, paragraph, sent, token):
                continue
            for event in _read(context, paragraph, sent, token, *trigger, readings):
                _merge(context, event)
    _intermediaries(context)
    _documented(context)
    _fold(context)


def _fits(context: Context, paragraph: Paragraph, sent: Span, token: Token) -> bool:
    """Words that state a dealing only in some uses: 'provide', 'receive' or 'carry' with
    goods in their phrase or a list after it, 'seek' with goods to seek, and 'deal' or
    'contract' when signed."""
    lemma = token.lemma_.lower()
    if lemma == "ship" and token.pos_ != "VERB":
        return False  # 'the ships are corvettes': a vessel, not a shipment
    if any(c.dep_ == "prt" and c.lower_ in ("out", "on") for c in token.children):
        return False  # 'carry out a missile test', 'carry on talks'
    if lemma in _words("needs_goods"):
        tree = list(token.subtree)
        end = tree[-1].idx + len(tree[-1].text)
        return _has_goods(context, paragraph, tree[0].idx, end) or bool(
            _listed(context, paragraph, sent, token)
        )
    if lemma == "seek":
        return any(
            (c.dep_ == "xcomp" and c.lemma_.lower() in _triggers())
            or (c.dep_ == "dobj" and _has_goods(context, paragraph, c.idx, c.idx + len(c.text)))
            for c in token.children
        )
    if lemma == "pay":  # 'paying close attention', 'pay a visit'
        return not any(
            c.dep_ == "dobj" and c.lemma_.lower() in _words("no_money") for c in token.children
        )
    if lemma in ("deal", "contract"):
        near = [token.head, *token.children]
        return any(t.lemma_.lower() in _words("signing") for t in near)
    return True


def _not_stated(token: Token) -> bool:
    """The trigger is wished, urged or prevented, not reported as done or denied: a verb of
    urging governs it, up to a relative clause ('press them on how the missiles they sold')."""
    word = token
    while word.dep_ not in ("relcl", "acl", "ROOT") and word.head is not word:
        word = word.head
        if word.lemma_.lower() in _words("urging"):
            return True
    return False


_THROUGH = re.compile(
    r"\b(?:through|via)\s+(?:(?:an?|the)\s+)?(?:(?:intermediary|broker|middleman|agent|"
    r"front company)\s+(?:(?:named|called|known as)\s+)?)?",
    re.I,
)
_FROM = re.compile(r"\bfrom\s+(?:the\s+)?", re.I)
_DEALING = re.compile(
    r"\b(?:transactions?|deals?|dealings|purchases?|sales?|orders?|payments?|transfers?)\s+"
    r"(?:\w+\s+){0,2}$",
    re.I,
)


def _intermediaries(context: Context) -> None:
    """'Delta Optics was coordinating this transaction through an intermediary named
    Kite Trading': the dealing of that paragraph went through that party; so does a
    payment made 'through' a bank, or 'from' a bank that is neither payer nor payee."""
    for paragraph, sent in context.sentences():
        matches = [(m, False) for m in _THROUGH.finditer(sent.text)]
        matches += [(m, True) for m in _FROM.finditer(sent.text)]
        for match, from_bank in matches:
            at = sent.start_char + match.end()
            party = context.entity_at(paragraph, at, at + 1)
            if party is None or party.type not in ("organization", "person"):
                continue
            if from_bank and not _is_bank(party):
                continue
            word = match.group(0).lower()
            dealing = not from_bank and _DEALING.search(sent.text[: match.start()]) is not None
            named = "intermediary" in word or "broker" in word
            events = [
                e
                for e in context.events
                if e.intermediary is None
                and party.id not in (e.seller, e.buyer)
                and any(src.paragraph == paragraph.index for src in e.sources)
                and (dealing or named or e.type == "payment")
            ]
            # The dealing spoken of is the paragraph's first; a bank a payment goes through is
            # that payment's own sentence's, never another sentence's.
            own = [e for e in events if any(src.start == sent.start_char for src in e.sources)]
            chosen = events[:1] if dealing or named else own
            for event in chosen:
                event.intermediary = party.id


_SHIPPER = re.compile(r"\b(?:shipper|consignor|exporter)\s*[:,]\s*", re.I)
_CONSIGNEE = re.compile(r"\b(?:consignee|importer|end[- ]user)\s*[:,]\s*", re.I)


def _documented(context: Context) -> None:
    """'Shipper: X ... Consignee: Y', 'The shipper, X, is ...': shipping papers name the
    parties of the shipment; they stand in for a country, or nothing, read from the text."""
    shipper = _named_after(context, _SHIPPER)
    consignee = _named_after(context, _CONSIGNEE)
    for event in context.events:
        if event.type != "shipment":
            continue
        if shipper is not None and _country_or_none(context, event.seller):
            event.seller = shipper.id
        if consignee is not None and _country_or_none(context, event.buyer):
            event.buyer = consignee.id


def _named_after(context: Context, label: re.Pattern[str]) -> Entity | None:
    """The one organization the cable names right after a label, if only one."""
    named = set()
    for paragraph, _doc in context.docs:
        for match in label.finditer(paragraph.text):
            party = context.entity_at(paragraph, match.end(), match.end() + 1)
            if party is not None and party.type == "organization":
                named.add(party.id)
    return context.entity(named.pop()) if len(named) == 1 else None


def _country_or_none(context: Context, entity_id: str | None) -> bool:
    entity = context.entity(entity_id)
    return entity is None or entity.type == "country"


def _has_goods(context: Context, paragraph: Paragraph, start: int, end: int) -> bool:
    return any(
        p.index == paragraph.index and start <= s < end for p, s, _e, _g in context.good_spans
    )


def _read(
    context: Context,
    paragraph: Paragraph,
    sent: Span,
    token: Token,
    kind: EventType,
    subject_sells: bool,
    readings: list[_Reading],
) -> list[Event]:
    said = kind
    if kind == "offer" and any(c.lower_ == "revised" for c in token.children):
        kind = "revised offer"
    agreed = kind in ("supply", "shipment") and _agreed(token)
    if agreed:
        kind = "order"
    if not subject_sells and _tried(token):
        kind = "attempt"  # 'attempting to purchase small arms', 'an attempt to buy'
    seller, buyer = _roles(context, paragraph, sent, token, subject_sells)
    when = _dates(context, sent, token)
    if seller is None and buyer is None:
        seller, buyer, when = _referred(paragraph, sent, token, said, readings, when)
    agreement = token.lemma_.lower() in ("deal", "contract")
    readings.append(_Reading(paragraph.index, sent.start, said, seller, buyer, when, agreement))
    if agreed:
        when = _signed_on(context, sent, token, when)
    if kind == "shipment" and when == [None]:
        when = _departure(context, paragraph)
    start, end = sent.start_char, sent.end_char
    listed = [] if said == "order" else _listed(context, paragraph, sent, token)
    items: list[str | None] = list(listed or _items(context, paragraph, sent, token))
    if not items and kind != "payment":
        return []
    if all(p is None or p.type == "country" for p in (seller, buyer)) and _refers_back(
        context, paragraph, token
    ):
        seller, buyer = _carried_over(context, kind, items, seller, buyer)
    bank = None
    if kind == "payment":
        seller, buyer, bank = _banks_aside(seller, buyer)
    if seller is None and buyer is None and bank is None:
        return []
    if seller is not None and buyer is not None and seller.id == buyer.id:
        return []
    named = [p for p in (seller, buyer) if p is not None and p.type != "country"]
    if not named and (seller is None or buyer is None) and bank is None:
        return []  # a country alone on one side says too little to be a transaction
    quantity = next((q for _f, q in quantities(sent.text)), None)
    value = next((m for _f, m in money(sent.text)), None)
    return [
        Event(
            id="",
            type=kind,
            seller=seller.id if seller else None,
            buyer=buyer.id if buyer else None,
            intermediary=bank.id if bank else None,
            item=item,
            quantity=quantity if len(items) == 1 else None,
            value=value,
            date=date,
            route=_route(context, paragraph, sent),
            modality=_modality(sent.text),
            sources=[context.source(paragraph, start, end, sent.text)],
        )
        for date in when
        for item in (items or [None])
    ]


def _banks_aside(
    seller: Entity | None, buyer: Entity | None
) -> tuple[Entity | None, Entity | None, Entity | None]:
    """'a transfer which BA/CA made to X': a bank that pays or is paid in a payment passes
    the money on; it is the intermediary, and payer or payee is left unknown."""
    bank = next((p for p in (seller, buyer) if p is not None and _is_bank(p)), None)
    if bank is None:
        return seller, buyer, None
    return (None if seller is bank else seller), (None if buyer is bank else buyer), bank


def _is_bank(party: Entity) -> bool:
    words = re.findall(r"[a-z]+", party.name.lower())
    return party.type == "organization" and any(
        w in _words("bank") or w.endswith("bank") for w in words
    )


def _roles(
    context: Context, paragraph: Paragraph, sent: Span, token: Token, subject_sells: bool
) -> tuple[Entity | None, Entity | None]:
    """Seller and buyer from the trigger's subject, possessor, 'by', 'to', 'from' and 'with'
    phrases, or from a 'between A and B' of a contract."""
    # The speaker of 'our mention of the transfer of missiles' does not deal in them.
    spoken_of = (token.dep_ == "pobj" and token.head.head.lemma_.lower() in _words("talk")) or (
        token.pos_ == "NOUN"
        and token.dep_ == "dobj"
        and token.head.lemma_.lower() in _words("learning")
    )
    noun_object = token.pos_ == "NOUN" and token.dep_ in ("dobj", "pobj", "attr")
    noun_object = noun_object and not spoken_of
    head = token.head if noun_object else token
    # 'manufactured by Sweden and sold to Venezuela': the second verb shares the first's agent.
    shared = token.dep_ == "conj" and token.head.lemma_.lower() in _triggers()
    around = [token, head, *([token.head] if shared else [])]
    agent = _attached(context, paragraph, around, ("by",)) or _after(
        context, paragraph, sent, token, "by"
    )
    passive = (
        agent is not None
        or any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children)
        or (token.dep_ == "acl" and token.tag_ == "VBN")  # 'newer weapons acquired'
    )
    own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
    # The subject a passive verb climbs to ('signed a deal, to be delivered ...') receives
    # or orders; it does not deliver.
    climbed = (
        None if (passive and not own_subject) or spoken_of else _subject(context, paragraph, token)
    )
    # "Russia's sale of X": the possessor of a noun trigger comes before the clause's subject.
    subject = (
        _possessor(context, paragraph, token)
        or (_subject(context, paragraph, head) if noun_object else None)
        or climbed
        or _role_holder(context, paragraph, token)
    )
    to = _attached(context, paragraph, [token, head], ("to",)) or _after(
        context, paragraph, sent, token, "to"
    )
    from_ = _attached(context, paragraph, [token, head], ("from",)) or _after(
        context, paragraph, sent, token, "from"
    )
    between = _between(context, paragraph, token)
    if between is not None:
        return between
    if subject_sells:
        seller = (
            agent if passive and agent else subject or _origin_seller(context, paragraph, token)
        )
        if seller is None and token.lemma_.lower() in ("ship", "shipment", "export"):
            seller = from_  # 'ore shipped from Burma to China'

        with_object = _object(context, paragraph, token)
        buyer = to or (with_object if _has_with(token) else None)
        return seller, buyer
    buyer = agent if passive and agent else subject
    # 'signed a deal with X': X is the other side of the deal.
    agreed = token.lemma_.lower() in ("deal", "contract")
    dealer = _attached(context, paragraph, [token], ("with",)) if agreed else None
    return from_ or to or dealer, buyer


def _between(
    context: Context, paragraph: Paragraph, token: Token
) -> tuple[Entity | None, Entity | None] | None:
    """'a contract signed between A and B': A sells, B buys."""
    for word in [token, *token.children]:
        for prep in word.children:
            if prep.dep_ != "prep" or prep.lower_ != "between":
                continue
            first = next((c for c in prep.children if c.dep_ == "pobj"), None)
            second = next((c for c in first.children if c.dep_ == "conj"), None) if first else None
            if first is not None and second is not None:
                seller = _party(context, paragraph, first)
                buyer = _party(context, paragraph, second)
                if seller is not None and buyer is not None and seller.id != buyer.id:
                    return seller, buyer
    return None


def _origin_seller(context: Context, paragraph: Paragraph, token: Token) -> Entity | None:
    """'Swedish-origin missiles sold to Venezuela', 'Russian-produced ammunition sold to':
    goods that a participle describes came from the country they are said to come from."""
    if token.dep_ != "acl":
        return None
    goods = token.head
    start = goods.left_edge.idx
    text = paragraph.text[start : goods.idx]
    match = re.search(r"\b[\w.]+(?=[- ](?:origin|made|produced|manufactured|built)\b)", text)
    if match is None:
        return None
    party = context.entity_at(paragraph, start + match.start(), start + match.end())
    return party if party is not None and party.type == "country" else None


def _referred(
    paragraph: Paragraph,
    sent: Span,
    token: Token,
    said: EventType,
    readings: list[_Reading],
    when: list[When | None],
) -> tuple[Entity | None, Entity | None, list[When | None]]:
    """A trigger that names no party takes those of the dealing it is part of: one read
    before it in its sentence ('as part of a contract signed between A and B, the vessel
    carries ...'), or, said with 'the' or 'this', the last one of its kind in its paragraph
    ('the scheduled delivery will include ...'), with its date where it states none."""
    here = [r for r in readings if r.paragraph == paragraph.index and (r.seller or r.buyer)]
    same = [r for r in here if r.sentence == sent.start and r.agreement]
    alike = [r for r in here if r.kind == said] if _definite(token) else []
    earlier = same or alike
    if not earlier:
        return None, None, when
    if when == [None]:
        when = earlier[-1].dates
    return earlier[-1].seller, earlier[-1].buyer, when


def _definite(token: Token) -> bool:
    return token.pos_ == "NOUN" and any(
        c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those", "such")
        for c in token.children
    )


def _departure(context: Context, paragraph: Paragraph) -> list[When | None]:
    """A shipment with no date of its own: the date the carrying vessel set out, stated in
    its paragraph or the one before ('the ship departed Odessa on September 1')."""
    for other, doc in context.docs:
        if other.index not in (paragraph.index - 1, paragraph.index):
            continue
        for sent in doc.sents:
            if any(t.lemma_.lower() in _words("departing") and t.pos_ == "VERB" for t in sent):
                found = dates(sent.text, context.cable.created)
                if found:
                    return [found[0][1]]
    return [None]


def _listed(context: Context, paragraph: Paragraph, sent: Span, token: Token) -> list[str]:
    """'... carrying the following cargo: -- 33 tanks -- 42 guns': the goods of a list that
    follows the trigger's colon, one item each."""
    colon = paragraph.text.find(":", token.idx, sent.end_char)
    if colon < 0:
        return []
    # The list must close the trigger's own phrase, not another's ('programs, including:').
    before = [t for t in token.doc if t.idx < colon and not t.is_space]
    if not before or before[-1] not in list(token.subtree):
        return []
    lines = paragraph.text[colon + 1 :].split("\n")
    end = colon + 1 + len(lines[0])
    for line in lines[1:]:
        if line.strip() and not _BULLET.match(" " + line):
            break
        end += len(line) + 1
    spans = sorted(
        (s, good)
        for p, s, _e, good in context.good_spans
        if p.index == paragraph.index and colon < s < end
    )
    return list(dict.fromkeys(good for _s, good in spans))


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
        agreement = any(a.lemma_.lower() in _words("agreement") for a in near)
        if signed and agreement:
            return True
    return False


def _tried(token: Token) -> bool:
    """The buying is what someone tries or attempts: 'tried to buy', 'an attempt to order'."""
    return token.dep_ in ("xcomp", "acl") and token.head.lemma_.lower() in ("attempt", "try")


def _role_holder(context: Context, paragraph: Paragraph, token: Token) -> Entity | None:
    """'any Libyan role in the supply of weapons', "Libya's support for supplying": the
    country or party whose role, part or hand in the dealing is stated."""
    for ancestor in list(token.ancestors)[:3]:
        if ancestor.lemma_.lower() not in _words("role"):
            continue
        for child in ancestor.children:
            if child.dep_ in ("poss", "amod", "compound"):
                party = _party(context, paragraph, child) or _pronoun(context, paragraph, child)
                if party is not None:
                    return party
    return None


def _describes_another(token: Token) -> bool:
    """'an offer regarding the sale of X': the sale is what the offer is about, not an event."""
    head = token.head
    if token.dep_ == "dobj":  # 'concerns regarding arms sales', with 'regarding' read as a verb
        return head.lower_ in ("regarding", "concerning")
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
        member = here and re.match(r"\s+(\w+)", paragraph.text[here[0].end :])
        if member and _members(member.group(1)):
            continue  # 'by EU countries': some members, none named
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


def _dates(context: Context, sent: Span, token: Token) -> list[When | None]:
    """The trigger's dates: those joined by 'and' count each; a 'since' date, and the date
    of a contract the trigger is done under ('a contract signed in 2006'), do not count."""
    at = token.idx
    signed = _signing_spans(sent, token)
    found = [
        (f, w)
        for f, w in dates(sent.text, context.cable.created)
        if not re.search(
            r"\b(?:since|our|last)\s+$", sent.text[max(0, f.start - 8) : f.start], re.I
        )
        and not any(a <= sent.start_char + f.start < b for a, b in signed)
        and not _qualifies_noun(sent, f.start, f.end)
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


def _signed_on(
    context: Context, sent: Span, token: Token, own: list[When | None]
) -> list[When | None]:
    """An order read from what an agreement provides for is dated when the agreement was
    made, not by the deadline it sets: 'signed a deal in October 2009, to be delivered by
    January 2010' is an order of October 2009 (the delivery keeps January 2010)."""
    tree = list(token.subtree)
    start, end = tree[0].idx - sent.start_char, tree[-1].idx + len(tree[-1].text) - sent.start_char
    before: list[When | None] = [
        w
        for f, w in dates(sent.text, context.cable.created)
        if f.end <= token.idx - sent.start_char and not start <= f.start < end
    ]
    return before[-1:] or own


def _qualifies_noun(sent: Span, start: int, end: int) -> bool:
    """'In an August 3 telcon': a date set before a noun dates that thing, not the dealing."""
    span = sent.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    top = next((w for w in span if not span.start <= w.head.i < span.end), None)
    return (
        top is not None
        and top.dep_ in ("compound", "nmod", "amod")
        and top.head.i > top.i
        and top.head.pos_ == "NOUN"
    )


def _signing_spans(sent: Span, token: Token) -> list[tuple[int, int]]:
    """Character spans of signing phrases in the sentence that do not hold the trigger."""
    spans = []
    for word in sent:
        if word.lemma_.lower() in _words("signing") and word.pos_ == "VERB":
            tree = list(word.subtree)
            if token not in tree:
                spans.append((tree[0].idx, tree[-1].idx + len(tree[-1].text)))
    return spans


def _modality(text: str) -> Modality:
    if _DENIED.search(text):
        return "denied"
    if _ALLEGED.search(text):
        return "alleged"
    if _PLANNED.search(text):
        return "planned"
    return "reported"


def _members(word: str) -> bool:
    """'countries', 'members': a group's members, of whom a name before the word names none."""
    return word.lower() in _words("members")


def _party(context: Context, paragraph: Paragraph, token: Token) -> Entity | None:
    """The organization, country or person named by a token's phrase."""
    span = token.doc[token.left_edge.i : token.right_edge.i + 1]
    entity = context.entity_at(paragraph, token.idx, token.idx + len(token.text))
    if entity is None and _members(token.text):
        return None  # 'supplied by EU countries': some members, none named
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
    if entity is not None and entity.type == "country":
        entity = _unlisted_body(context, paragraph, token) or entity
    if entity is not None and entity.type in ("organization", "country", "person"):
        if entity.subtype in ("regime", "program"):
            return None
        return entity
    return None


def _unlisted_body(context: Context, paragraph: Paragraph, token: Token) -> Entity | None:
    """'a contract between Ukraine and the Sudanese People's Liberation Movement/Army': a
    party the model names as an organization, of which only the country of its adjective
    was kept, is that organization, not the country."""
    ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
    if ent is None or ent.label_ != "ORG" or ent.root.i != token.i:
        return None
    words = ent[1:] if ent[0].lower_ == "the" else ent
    if sum(t.pos_ == "PROPN" for t in words) < 3:
        return None
    start, end = words.start_char, words.end_char
    kept = context.overlapping(paragraph, start, end)
    if any(f.type != "country" or (f.start, f.end) == (start, end) for f in kept):
        return None
    body = context.organization(words.text, "")
    body.subtype = body.subtype or None  # nothing says what kind of body it is
    return body


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
            return _party(context, paragraph, child) or _pronoun(context, paragraph, child)
    # 'the Russian sale of MANPADS': a country adjective on the trigger.
    for child in token.children:
        if child.dep_ in ("amod", "compound"):
            party = context.entity_at(paragraph, child.idx, child.idx + len(child.text))
            if party is not None and party.type == "country":
                return party
    return None


def _pronoun(context: Context, paragraph: Paragraph, token: Token) -> Entity | None:
    """'Tesic is designated for his assistance in providing arms': 'his' is the subject of
    the sentence, or else the last person named before it in the paragraph."""
    if token.lower_ not in ("his", "her"):
        return None
    root = token.sent.root
    for child in root.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            party = _party(context, paragraph, child)
            if party is not None and party.type == "person":
                return party
    before = [
        f
        for f in context.found
        if f.paragraph.index == paragraph.index and f.end <= token.idx and f.type == "person"
    ]
    if not before:
        return None
    return context.entity(max(before, key=lambda f: f.end).entity)


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


def _items(context: Context, paragraph: Paragraph, sent: Span, token: Token) -> list[str]:
    """The goods the trigger deals in: the nearest one, and the others listed with it; for a
    contract or deal, only goods named in its own phrase ('a weapons deal')."""
    start, end, at = sent.start_char, sent.end_char, token.idx
    if token.lemma_.lower() in ("deal", "contract"):
        tree = list(token.subtree)
        start, end = tree[0].idx, tree[-1].idx + len(tree[-1].text)
    spans = sorted(
        (s, e, good)
        for p, s, e, good in context.good_spans
        if p.index == paragraph.index and start <= s < end
    )
    if not spans:
        return _compound_item(context, token)
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


def _compound_item(context: Context, token: Token) -> list[str]:
    """'the predominant arms supplier', 'a weapons deal': the trigger's modifier names a good
    the cable names elsewhere."""
    words = {c.lower_ for c in token.children if c.dep_ == "compound"}
    return [g.id for g in context.goods if g.name.lower() in words][:1]


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


def _same_item(context: Context, a: str | None, b: str | None) -> bool:
    """One good, or two general words for one kind of thing ('arms', 'weapons'): no
    designator or material tells them apart and the vocabulary gives them one form."""
    if a == b:
        return True
    first = next((g for g in context.goods if g.id == a), None)
    second = next((g for g in context.goods if g.id == b), None)
    if first is None or second is None or first.form is None:
        return False
    plain = not (first.designators or second.designators or first.material or second.material)
    return plain and first.form == second.form


def _merge(context: Context, event: Event) -> None:
    """One fact, stated in several sentences, is one event with several sources; goods one
    sentence lists apart stay apart ('small arms ammunition, heavy artillery ammunition')."""
    for known in context.events:
        if _channel_only(known) or _channel_only(event):
            if known == event:
                return
            continue
        together = _same_sentence(known, event)
        alike = known.item == event.item or (
            not together and _same_item(context, known.item, event.item)
        )
        if (
            known.type == event.type
            and alike
            and _same_party(context, known.seller, event.seller)
            and _same_party(context, known.buyer, event.buyer)
            and (known.date.value if known.date else None)
            == (event.date.value if event.date else None)
        ) or (
            (known.type, known.seller, known.buyer, known.item)
            == (event.type, event.seller, event.buyer, event.item)
            and (known.date is None or event.date is None)
        ):
            _absorb(context, known, event)
            return
    event.id = f"{context.cable.id}:v{len(context.events) + 1}"
    context.events.append(event)


def _channel_only(event: Event) -> bool:
    """A payment known only by the bank it went through: no other can be said to be it."""
    return event.seller is None and event.buyer is None and event.intermediary is not None


def _same_sentence(known: Event, event: Event) -> bool:
    return any(
        (s.paragraph, s.start) == (t.paragraph, t.start)
        for s in known.sources
        for t in event.sources
    )


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
    'supply' that a shipment or offer of the same item, parties and date (or lack of one)
    states exactly ('the Russian sale of X to Y' after 'Russia has begun delivery of X to Y')."""
    for event in list(context.events):
        targets = [
            other
            for other in context.events
            if other is not event
            and not (_channel_only(other) or _channel_only(event))
            and _same_item(context, other.item, event.item)
            and _same_party(context, other.seller, event.seller)
            and _same_party(context, other.buyer, event.buyer)
            and (
                (
                    event.date is None
                    and other.date is not None
                    and (other.type == event.type or event.type in _GENERAL)
                )
                or (
                    (event.date.value if event.date else None)
                    == (other.date.value if other.date else None)
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
