"""What the web pages show, assembled for one user from the access-filtered read paths.

Every page is built from `Store.get(..., user)` and `Store.facts(..., user)`, which already
withhold paragraphs above the user and every fact derived only from them. Where a page joins
facts across cables (an entity's names, a case graph) the names, aliases and parties come from
those filtered facts, never from the resolved or case-level records, which were built from
every paragraph.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy import select

from reftel.access import WITHHELD, Principal, prune
from reftel.cases.case import Case, CaseError, build_case
from reftel.cases.timeline import diplomatic_events
from reftel.extraction.facts import Event, Extraction
from reftel.record import Cable
from reftel.resolution.parties import EntityReader
from reftel.store import resolution as stored
from reftel.store.repository import Store
from reftel.store.schema import ScreeningResultRow


def snippet_html(snippet: str) -> Markup:
    """A search snippet with its `[hit]` marks as <mark> elements, everything else escaped."""
    parts = re.split(r"(\[[^\[\]]*\])", snippet)
    return Markup("").join(
        Markup("<mark>{}</mark>").format(p[1:-1])
        if p.startswith("[") and p.endswith("]")
        else escape(p)
        for p in parts
    )


def best_name(names: Counter[str]) -> str:
    """The name most often written, preferring a full name over an acronym."""
    return max(names, key=lambda n: (" " in n.strip(), names[n], len(n), n))


def _membership(store: Store) -> dict[str, str]:
    with stored.connect(store) as connection:
        return stored.membership(connection)


# --- Cable --------------------------------------------------------------------------------------


@dataclass
class ParagraphView:
    index: int
    number: int | None
    written_marking: str | None
    marking: str
    """The effective marking of the portion (canonical), shown beside it."""
    withheld: bool
    title: str | None
    html: Markup


@dataclass
class CableView:
    cable: Cable
    paragraphs: list[ParagraphView]
    subject_withheld: bool
    entities: list[tuple[str, str, str]]
    """(canonical id, name, type) of every entity readable in the cable."""


def cable_view(store: Store, cable_id: str, user: Principal) -> CableView | None:
    cable = store.get(cable_id, user)
    if cable is None:
        return None
    facts = store.facts(cable_id, user)
    markings = store.visibility(user).markings(cable_id)
    canon = _membership(store) if facts else {}
    by_paragraph: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    listed: dict[str, tuple[str, str, str]] = {}
    for entity in facts.entities if facts else []:
        target = canon.get(entity.id, entity.id)
        listed.setdefault(target, (target, entity.name, entity.type))
        for mention in entity.mentions:
            by_paragraph[mention.source.paragraph].append((mention.text, target, entity.type))
    paragraphs = []
    for p in cable.paragraphs:
        withheld = p.text == WITHHELD
        marking = markings.get(p.index)
        paragraphs.append(
            ParagraphView(
                index=p.index,
                number=p.number,
                written_marking=p.marking,
                marking=marking.canonical() if marking else "?",
                withheld=withheld,
                title=p.title,
                html=escape(p.text) if withheld else _highlight(p.text, by_paragraph[p.index]),
            )
        )
    return CableView(
        cable=cable,
        paragraphs=paragraphs,
        subject_withheld=cable.subject is None and _has_subject(store, cable_id),
        entities=sorted(listed.values(), key=lambda e: (e[2], e[1].casefold())),
    )


def _has_subject(store: Store, cable_id: str) -> bool:
    full = store.get(cable_id)
    return full is not None and full.subject is not None


def _highlight(text: str, mentions: list[tuple[str, str, str]]) -> Markup:
    """The paragraph with every mention of an entity linked to its page, longest first."""
    spans: list[tuple[int, int, str, str]] = []
    taken = [False] * len(text)
    for written, target, kind in sorted(set(mentions), key=lambda m: -len(m[0])):
        if not written.strip():
            continue
        for found in re.finditer(re.escape(written), text):
            start, end = found.span()
            if any(taken[start:end]):
                continue
            taken[start:end] = [True] * (end - start)
            spans.append((start, end, target, kind))
    pieces: list[Markup] = []
    position = 0
    for start, end, target, kind in sorted(spans):
        pieces.append(escape(text[position:start]))
        pieces.append(
            Markup('<a class="ent ent-{}" href="/entities/{}">{}</a>').format(
                kind, target, text[start:end]
            )
        )
        position = end
    pieces.append(escape(text[position:]))
    return Markup("").join(pieces)


# --- Entity -------------------------------------------------------------------------------------


@dataclass
class Dealing:
    """A transaction the entity takes part in, as the user may read it."""

    type: str
    role: str
    counterpart: tuple[str, str] | None
    item: str | None
    quantity: str | None
    value: str | None
    date: str | None
    cable: str
    paragraphs: list[int | None]


@dataclass
class EntityView:
    id: str
    name: str
    type: str
    country: str | None
    aliases: list[str]
    seed: str
    """A member id the user may read, to open a case from."""
    cables: list[tuple[str, list[tuple[int | None, str | None]]]]
    dealings: list[Dealing]
    relations: list[tuple[str, tuple[str, str], str, list[int | None]]]
    """(type, (other's id, other's name), cable, paragraph numbers)."""
    designations: list[str]
    review: list[str]
    """List hits the rules for cable parties hold back, each with the reason."""
    judgements: list[dict[str, Any]] = field(default_factory=list)


def _names(facts: Extraction, canon: dict[str, str]) -> dict[str, tuple[str, str]]:
    return {e.id: (canon.get(e.id, e.id), e.name) for e in facts.entities}


def entity_view(store: Store, ident: str, user: Principal) -> EntityView | None:
    """One resolved party as the user may read it (through `EntityReader`, as the CLI and API
    read it); None when nothing of it is readable."""
    reader = EntityReader(store, user)
    with stored.connect(store) as connection:
        try:
            canonical, members = reader.party(connection, ident)
        except LookupError:
            return None
        membership = stored.membership(connection)
        made = reader.judgements(connection, members)
        paired = sorted({i for j, _ in made for p in j.pairs for i in (p.left.id, p.right.id)})
        known = {m: seen.entity.name for m, seen in reader.members(connection, paired).items()}
    visible = {m.entity.id: m.entity for m in members}
    cables: dict[str, set[tuple[int | None, str | None]]] = defaultdict(set)
    for member in members:
        cables[member.entity.cable] |= {(c.number, c.marking) for c in member.paragraphs}
    dealings: list[Dealing] = []
    relations: list[tuple[str, tuple[str, str], str, list[int | None]]] = []
    designations: list[str] = []
    for cable_id in sorted(cables):
        facts = store.facts(cable_id, user)
        if facts is None:
            continue
        named = _names(facts, membership)
        goods = {g.id: g.name for g in facts.goods}
        for event in facts.events:
            dealings += _dealings(event, visible, named, goods, cable_id)
        for relation in facts.relations:
            numbers = sorted({s.number for s in relation.sources}, key=lambda n: n or 0)
            if relation.subject in visible and relation.object in named:
                other = named[relation.object]
                if relation.type == "designated_under":
                    designations.append(f"{other[1]} ({cable_id})")
                relations.append((relation.type, other, cable_id, numbers))
            elif relation.object in visible and relation.subject in named:
                relations.append(
                    (f"{relation.type} (of)", named[relation.subject], cable_id, numbers)
                )
    listed, review = _listed(store, visible)
    designations += listed
    judged = [
        {
            "id": judgement.id,
            "judgement": judgement.judgement,
            "origin": judgement.origin,
            "author": judgement.author,
            "score": judgement.score,
            "at": judgement.created_at,
            "undone": judgement.undone_at is not None,
            "pairs": [(known[p.left.id], known[p.right.id]) for p in judgement.pairs],
            # Free text may quote any paragraph: shown only when every party is read whole.
            "note": judgement.note if whole else None,
        }
        for judgement, whole in made
    ]
    return EntityView(
        id=canonical.id,
        name=canonical.name,
        type=canonical.subtype or canonical.type,
        country=canonical.country,
        aliases=list(canonical.aliases),
        seed=members[0].entity.id,
        cables=[(c, sorted(p, key=lambda x: x[0] or 0)) for c, p in sorted(cables.items())],
        dealings=sorted(dealings, key=lambda d: (d.date or "9999", d.cable)),
        relations=relations,
        designations=sorted(set(designations)),
        review=sorted(set(review)),
        judgements=judged,
    )


def _listed(
    store: Store, visible: Mapping[str, stored.StoredEntity]
) -> tuple[list[str], list[str]]:
    """Direct hits on designation lists, and the hits held for review with the reason, kept
    only where the name screened is one the user may read: a name known only from a withheld
    paragraph must not be told by its listing."""
    names = {n for e in visible.values() for n in (e.name, *e.aliases)}
    with stored.connect(store) as connection:
        rows = connection.execute(
            select(
                ScreeningResultRow.entity_name,
                ScreeningResultRow.kind,
                ScreeningResultRow.list_name,
                ScreeningResultRow.entry_id,
                ScreeningResultRow.matched_name,
                ScreeningResultRow.explanation,
            ).where(
                ScreeningResultRow.entity_id.in_(list(visible)),
                ScreeningResultRow.kind.in_(("designated", "review")),
            )
        ).all()
    designated: list[str] = []
    review: list[str] = []
    for r in rows:
        if r.entity_name not in names:
            continue
        hit = f"{r.list_name} {r.entry_id} ({r.matched_name})"
        if r.kind == "designated":
            designated.append(hit)
        else:
            held = [f for f in r.explanation.get("features", []) if f["name"] == "held_for_review"]
            review.append(f"{hit}: {held[-1]['detail']}" if held else hit)
    return designated, review


def _dealings(
    event: Event,
    visible: Mapping[str, stored.StoredEntity],
    named: dict[str, tuple[str, str]],
    goods: dict[str, str],
    cable_id: str,
) -> list[Dealing]:
    roles = {"seller": event.seller, "buyer": event.buyer, "intermediary": event.intermediary}
    found = []
    for role, party in roles.items():
        if party not in visible:
            continue
        other = event.buyer if role == "seller" else event.seller
        found.append(
            Dealing(
                type=event.type,
                role=role,
                counterpart=named.get(other) if other else None,
                item=goods.get(event.item or ""),
                quantity=event.quantity.text if event.quantity else None,
                value=event.value.text if event.value else None,
                date=event.date.value if event.date else None,
                cable=cable_id,
                paragraphs=sorted({s.number for s in event.sources}, key=lambda n: n or 0),
            )
        )
    return found


# --- Case graph and timeline --------------------------------------------------------------------


@dataclass
class TimelineItem:
    date: str
    kind: str
    what: str
    summary: str
    cable: str
    paragraphs: list[int | None]


@dataclass
class CaseView:
    title: str
    seeds: list[str]
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    timeline: list[TimelineItem]
    cables: list[tuple[str, str | None]]


def case_view(store: Store, seeds: list[str], hops: int, user: Principal) -> CaseView | None:
    """The case around seed entities (per-cable ids the user may read), as the user may read
    it: nodes named from readable mentions only, edges from readable facts only."""
    visibility = store.visibility(user)
    membership = _membership(store)
    usable = []
    for seed in seeds:
        cable = seed.split(":", 1)[0] if ":" in seed else None
        facts = store.facts(cable, user) if cable else None
        if facts is not None and facts.entity(seed) is not None:
            usable.append(seed)
    if not usable:
        return None
    try:
        case = build_case(store, usable, hops=hops, visible=visibility.source)
    except CaseError:
        return None
    return _case_view(store, case, usable, membership, user)


def _case_view(
    store: Store, case: Case, seeds: list[str], canon: dict[str, str], user: Principal
) -> CaseView:
    visibility = store.visibility(user)
    case_canon = {m: ce.id for ce in case.entities for m in ce.members}
    hops = {ce.id: ce.hop for ce in case.entities}
    designated = {ce.id for ce in case.entities if _designated(ce.designations, visibility)}
    transactions = {t.id for t in case.transactions}
    case_relations = {r.id for r in case.relations}
    names: dict[str, Counter[str]] = defaultdict(Counter)
    kinds: dict[str, str] = {}
    pages: dict[str, str] = {}
    edges: list[dict[str, Any]] = []
    timeline: list[TimelineItem] = []
    cables: list[tuple[str, str | None]] = []
    seed_canons = {case_canon.get(s) for s in seeds}
    for case_cable in case.cables:
        facts = store.facts(case_cable.id, user)
        record = store.get(case_cable.id, user)
        if facts is None or record is None:
            continue
        cables.append((record.id, record.subject))
        node_of: dict[str, str] = {}
        for entity in facts.entities:
            if entity.id in case_canon:
                node = case_canon[entity.id]
                node_of[entity.id] = node
                names[node][entity.name] += 1
                kinds[node] = entity.subtype or entity.type
                pages[node] = canon.get(entity.id, entity.id)
        goods = {g.id: g.name for g in facts.goods}
        for event in facts.events:
            if event.id not in transactions:
                continue
            label = event.type + (f": {goods[event.item]}" if event.item in goods else "")
            paragraphs = sorted({s.number for s in event.sources}, key=lambda n: n or 0)
            for a, b in ((event.seller, event.buyer), (event.intermediary, event.buyer)):
                if a in node_of and b in node_of:
                    edges.append(_edge(node_of[a], node_of[b], label, record.id, paragraphs))
            if event.date is not None:
                timeline.append(_dated(event, node_of, names, goods, record.id, paragraphs))
        for relation in facts.relations:
            if relation.id in case_relations and {relation.subject, relation.object} <= set(
                node_of
            ):
                numbers = sorted({s.number for s in relation.sources}, key=lambda n: n or 0)
                edges.append(
                    _edge(
                        node_of[relation.subject],
                        node_of[relation.object],
                        relation.type.replace("_", " "),
                        record.id,
                        numbers,
                    )
                )
        for entry in diplomatic_events(record, visibility.source):
            kept = prune(entry, visibility)
            if kept is not None:
                timeline.append(
                    TimelineItem(
                        date=kept.date,
                        kind=kept.kind,
                        what=kept.what,
                        summary=kept.summary,
                        cable=kept.cable,
                        paragraphs=sorted({s.number for s in kept.sources}, key=lambda n: n or 0),
                    )
                )
    nodes: list[dict[str, Any]] = [
        {
            "id": node,
            "label": best_name(counted),
            "kind": "designated" if node in designated else kinds.get(node, "organization"),
            "seed": node in seed_canons,
            "hop": hops.get(node),
            "href": f"/entities/{pages[node]}",
        }
        for node, counted in names.items()
    ]
    for item in timeline:
        item.summary = _relabel(item.summary, names)
    shown = {n["id"] for n in nodes}
    labels = [n["label"] for n in nodes if n["seed"]]
    return CaseView(
        title="Case: " + ", ".join(labels or ["(unnamed)"]),
        seeds=seeds,
        nodes=sorted(nodes, key=lambda n: (not n["seed"], n["hop"] or 0, n["label"])),
        edges=[e for e in edges if e["source"] in shown and e["target"] in shown],
        timeline=sorted(timeline, key=lambda t: (t.date, t.cable)),
        cables=cables,
    )


def _designated(designations: list[Any], visibility: Any) -> bool:
    """Designated by a public list, or by a cable paragraph the user may read."""
    for designation in designations:
        if designation.basis == "list" or prune(designation, visibility) is not None:
            return True
    return False


def _edge(
    source: str, target: str, label: str, cable: str, paragraphs: list[int | None]
) -> dict[str, Any]:
    where = ", ".join(f"¶{n}" for n in paragraphs if n is not None)
    return {
        "source": source,
        "target": target,
        "label": label,
        "cable": cable,
        "where": f"{cable} {where}".strip(),
    }


def _dated(
    event: Event,
    node_of: dict[str, str],
    names: dict[str, Counter[str]],
    goods: dict[str, str],
    cable: str,
    paragraphs: list[int | None],
) -> TimelineItem:
    def party(entity_id: str | None) -> str:
        return f"@{node_of[entity_id]}@" if entity_id in node_of else "?"

    parts = [f"{party(event.seller)} → {party(event.buyer)}"]
    if event.item in goods:
        parts.append(goods[event.item or ""])
    parts += [x.text for x in (event.quantity, event.value) if x is not None]
    assert event.date is not None
    return TimelineItem(
        date=event.date.value,
        kind="transaction",
        what=event.type,
        summary=", ".join(parts),
        cable=cable,
        paragraphs=paragraphs,
    )


def _relabel(summary: str, names: dict[str, Counter[str]]) -> str:
    """Put the readable names of case nodes into a summary written with @node@ placeholders."""
    return re.sub(
        r"@([^@]+)@",
        lambda m: best_name(names[m.group(1)]) if names.get(m.group(1)) else "?",
        summary,
    )
