"""Catch-all and red flags: why a good is a concern whatever its list status.

A flag combines the good with the parties and uses the cable reports: its buyer or
intermediary is designated, or affiliated with a designated entity or a WMD programme (read
from the cable's own relations, or from list screening when a screener is supplied); a stated
missile or WMD end use; US-origin goods going on to an embargoed destination; a route through
a known transshipment hub; a quantity beyond a civil buyer's needs. Every flag cites the
facts it rests on, with their cable and paragraph.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from reftel.controls.classify import Classification, classify_good
from reftel.controls.model import catalog, compiled
from reftel.extraction.facts import Entity, Event, Extraction, Good, Relation, Source


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Cited(_Out):
    """A fact a flag rests on: the cable, the paragraph (number as written, and index) and the
    sentence."""

    cable: str
    paragraph: int | None
    index: int
    marking: str | None
    text: str

    @classmethod
    def of(cls, source: Source) -> Cited:
        return cls(
            cable=source.cable,
            paragraph=source.number,
            index=source.paragraph,
            marking=source.marking,
            text=source.text,
        )


class Flag(_Out):
    kind: str
    title: str
    summary: str
    guidance: str
    facts: list[Cited] = Field(default_factory=list)


class ScreeningHit(_Out):
    """A party found on a designation list by an outside screener."""

    list: str
    name: str
    score: float | None = None
    detail: str | None = None


Screen = Callable[[Entity], Sequence[ScreeningHit]]
"""Optional: screens a party against designation lists (the screening stage supplies it)."""


class Assessment(_Out):
    """A stored good's classification and flags."""

    cable: str
    good: str
    name: str
    classification: Classification
    flags: list[Flag]
    catch_all: bool
    """True when the good is not listed (or below threshold) and still raises flags."""


@cache
def _rules() -> dict[str, Any]:
    text = resources.files("reftel").joinpath("data/controls/red_flags.json").read_text("utf-8")
    rules: dict[str, Any] = json.loads(text)
    return rules


@cache
def _hubs() -> dict[str, dict[str, Any]]:
    """Transit hubs from the extraction lexicon, by every lower-case name and alias."""
    path = resources.files("reftel").joinpath("data/lexicons/places.json")
    hubs: dict[str, dict[str, Any]] = {}
    for place in json.loads(path.read_text("utf-8"))["entries"]:
        if place.get("transit_hub"):
            for name in [place["name"], *place.get("aliases", [])]:
                hubs[name.lower()] = place
    return hubs


def _flag(kind: str, summary: str, facts: list[Cited]) -> Flag:
    rule = _rules()["flags"][kind]
    unique = list({(f.cable, f.index, f.text): f for f in facts}.values())
    return Flag(
        kind=kind, title=rule["title"], summary=summary, guidance=rule["guidance"], facts=unique
    )


def _name(facts: Extraction, entity_id: str | None) -> str:
    entity = facts.entity(entity_id)
    return entity.name if entity else str(entity_id)


def _events(facts: Extraction, good: Good) -> list[Event]:
    return [e for e in facts.events if e.item == good.id]


def _chains(facts: Extraction, start: str, depth: int = 2) -> Iterator[list[Relation]]:
    """Paths of affiliation relations from a party, up to `depth` steps."""
    kinds = set(_rules()["affiliation_relations"])
    frontier: list[list[Relation]] = [[]]
    for _ in range(depth):
        grown: list[list[Relation]] = []
        for path in frontier:
            at = path[-1].object if path else start
            for relation in facts.relations:
                if relation.subject == at and relation.type in kinds and relation not in path:
                    grown.append([*path, relation])
        yield from grown
        frontier = grown


def _designated(facts: Extraction, party: str) -> list[tuple[str, list[Relation]]]:
    """Designations and WMD programmes a party reaches: itself or through affiliations."""
    found: list[tuple[str, list[Relation]]] = []
    for path in [[], *_chains(facts, party)]:
        at = path[-1].object if path else party
        via = "affiliated with an entity " if path else ""
        for relation in facts.relations:
            if relation.subject == at and relation.type == "designated_under":
                what = f"{via}designated under {_name(facts, relation.object)}"
                found.append((what, [*path, relation]))
        entity = facts.entity(at)
        if path and entity is not None and entity.subtype == "program":
            found.append((f"affiliated with {entity.name}", path))
    return found


def _chain_text(facts: Extraction, path: list[Relation]) -> str:
    return "; ".join(
        f"{_name(facts, r.subject)} {r.type.replace('_', ' ')} {_name(facts, r.object)}"
        for r in path
    )


def _end_user(facts: Extraction, good: Good, screen: Screen | None) -> list[Flag]:
    flags: list[Flag] = []
    for event in _events(facts, good):
        for role, party in (("buyer", event.buyer), ("intermediary", event.intermediary)):
            if party is None:
                continue
            for what, path in _designated(facts, party):
                summary = (
                    f"{event.type} of {good.name} to {role} {_name(facts, party)}, "
                    f"{what} ({_chain_text(facts, path)})"
                )
                cited = [Cited.of(s) for r in path for s in r.sources]
                flags.append(
                    _flag("designated_end_user", summary, [*map(Cited.of, event.sources), *cited])
                )
            entity = facts.entity(party)
            if screen is not None and entity is not None:
                for hit in screen(entity):
                    summary = (
                        f"{role} {entity.name} of the {event.type} of {good.name} matches "
                        f"{hit.name} on {hit.list}" + (f" ({hit.detail})" if hit.detail else "")
                    )
                    cited = list(map(Cited.of, event.sources))
                    flags.append(_flag("screening_hit", summary, cited))
    return _unique(flags)


def _end_use(good: Good) -> list[Flag]:
    flags: list[Flag] = []
    for use in good.uses:
        for rule in _rules()["wmd_uses"]:
            if re.search(rule["pattern"], use, re.IGNORECASE):
                cited = [Cited.of(m.source) for m in good.mentions if use in m.source.text]
                summary = (
                    f"stated use of {good.name}: '{use}' ({rule['kind']} end use; {rule['rule']})"
                )
                flags.append(_flag("wmd_end_use", summary, cited))
                break
    return flags


def _embargo(country: str | None, when: str | None) -> dict[str, Any] | None:
    for measure in _rules()["embargoed"]:
        if measure["country"] == country and (when is None or when[:4] >= measure["since"]):
            return dict(measure)
    return None


def _reexport(facts: Extraction, good: Good, when: str | None) -> list[Flag]:
    if good.origin != "US":
        return []
    flags: list[Flag] = []
    for event in _events(facts, good):
        buyer = facts.entity(event.buyer)
        seller = facts.entity(event.seller)
        measure = _embargo(buyer.country if buyer else None, when)
        if buyer is None or measure is None or (seller is not None and seller.country == "US"):
            continue
        origin = [Cited.of(m.source) for m in good.mentions if re.search(r"\bU\.?S\.?\b", m.text)]
        summary = (
            f"US-origin {good.name}: {event.type} by {_name(facts, event.seller)} to "
            f"{buyer.name} ({buyer.country}), an embargoed destination since {measure['since']} "
            f"({measure['measure']}); a re-export subject to the EAR"
        )
        flags.append(_flag("us_origin_reexport", summary, [*map(Cited.of, event.sources), *origin]))
    return _unique(flags)


def _transshipment(facts: Extraction, good: Good) -> list[Flag]:
    flags: list[Flag] = []
    for event in _events(facts, good):
        for stop in event.route:
            entity = facts.entity(stop)
            names = [entity.name, *entity.aliases] if entity else [stop]
            hub = next((_hubs()[n.lower()] for n in names if n.lower() in _hubs()), None)
            if hub is None:
                continue
            summary = (
                f"{event.type} of {good.name} to {_name(facts, event.buyer)} routed via "
                f"{hub['name']}, a documented transshipment hub ({hub['transit_hub_source']})"
            )
            flags.append(_flag("transshipment", summary, list(map(Cited.of, event.sources))))
    return _unique(flags)


def _bulk(facts: Extraction, good: Good, result: Classification) -> list[Flag]:
    known = catalog()
    classes = {
        c.id for name in result.material_classes for c in known.classes.values() if c.name == name
    }
    lineage = {a for c in classes for a in known.ancestors(c)}
    flags: list[Flag] = []
    for event in _events(facts, good):
        quantity = event.quantity
        if quantity is None or quantity.unit is None:
            continue
        for rule in _rules()["bulk_quantities"]:
            applies = bool(lineage & set(rule.get("materials", []))) or (
                bool(rule.get("terms")) and compiled(tuple(rule["terms"])).search(good.name)
            )
            if not applies:
                continue
            if rule["dimension"] == "count":
                amount = quantity.value if quantity.unit == "units" else None
            else:
                amount = known.convert(quantity.value, quantity.unit, rule["threshold_unit"])
            if amount is None or amount <= rule["threshold"]:
                continue
            summary = (
                f"{quantity.text.strip()} of {good.name} in one {event.type} to "
                f"{_name(facts, event.buyer)}: {rule['why']} (Reftel review threshold, not a "
                f"legal limit)"
            )
            flags.append(_flag("bulk_quantity", summary, list(map(Cited.of, event.sources))))
            break
    return _unique(flags)


def _unique(flags: list[Flag]) -> list[Flag]:
    return list({(f.kind, f.summary): f for f in flags}.values())


def red_flags(
    facts: Extraction,
    good: Good,
    result: Classification,
    *,
    when: str | None = None,
    screen: Screen | None = None,
) -> list[Flag]:
    """Every flag the cable's facts raise for one good. `when` (ISO date of the cable) dates
    the embargo test; `screen` adds list-screening hits for the parties."""
    return [
        *_end_user(facts, good, screen),
        *_end_use(good),
        *_reexport(facts, good, when),
        *_transshipment(facts, good),
        *_bulk(facts, good, result),
    ]


def assess(
    facts: Extraction, *, when: str | None = None, screen: Screen | None = None
) -> list[Assessment]:
    """Classify every good a cable reports and raise its flags."""
    out: list[Assessment] = []
    for good in facts.goods:
        result = classify_good(good)
        flags = red_flags(facts, good, result, when=when, screen=screen)
        unlisted = result.verdict in ("not listed", "below threshold")
        out.append(
            Assessment(
                cable=facts.cable,
                good=good.id,
                name=good.name,
                classification=result,
                flags=flags,
                catch_all=unlisted and bool(flags),
            )
        )
    return out
