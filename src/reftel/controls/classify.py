"""Classify a good against the control entries Reftel ships, and always say why.

A description (an extracted good, or free text) is read for designators (resolved to one
material across standards), material classes, forms, item terms and stated parameter values.
Each entry it could fall under is checked condition by condition: a value the text states
decides first, then the typical value of the resolved material, else the condition is open.
The verdict is `controlled` when every condition holds, `below threshold` when a stated or
typical value misses a threshold, `not listed` when the form or a required feature rules the
entry out (or no entry applies), and `possibly controlled (parameter unknown)` otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from reftel.controls.measures import Reading, readings, stated_values, values_for
from reftel.controls.model import (
    Catalog,
    Condition,
    Entry,
    Grade,
    catalog,
    compiled,
    threshold_text,
)
from reftel.extraction.facts import Good

Verdict = Literal[
    "controlled", "possibly controlled (parameter unknown)", "below threshold", "not listed"
]
VERDICTS: tuple[Verdict, ...] = (
    "controlled",
    "possibly controlled (parameter unknown)",
    "below threshold",
    "not listed",
)
"""Most to least severe: an item's verdict is the most severe of its candidates'."""
Status = Literal["met", "not met", "unknown"]

CLASSIFIER = "reftel.controls/1"
"""Bumped when the method changes, so stored verdicts are recomputed."""

_GRAVITY = 9.80665
"""Standard gravity (m/s²), in the list's definition of specific modulus and strength."""


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Check(_Out):
    """One condition of an entry, checked against the description."""

    condition: str
    status: Status
    basis: str
    """stated | typical | text | not stated"""
    detail: str


class Candidate(_Out):
    number: str
    regime: str
    source: str
    regimes: list[str]
    title: str
    related: list[str]
    matched: list[str]
    """The words of the description that made this entry a candidate."""
    checks: list[Check]
    verdict: Verdict
    explanation: str


class Material(_Out):
    """A material the description names, under all of its designations."""

    id: str
    name: str
    material_class: str
    matched: list[str]
    designations: list[str]
    properties: dict[str, str]
    comparable: list[str] = Field(default_factory=list)
    sources: list[str]


class StatedValue(_Out):
    param: str
    value: float
    unit: str
    bound: str
    text: str


class StatedStatus(_Out):
    """What the text itself says of the item's control status ('not controlled by the MTCR')."""

    regime: str
    controlled: bool
    text: str


class Classification(_Out):
    description: str
    verdict: Verdict
    materials: list[Material]
    material_classes: list[str]
    forms: list[str]
    stated: list[StatedValue]
    candidates: list[Candidate]
    regimes: dict[str, Verdict]
    """Per regime (MTCR, NSG, AG, WA, CWC): the most severe verdict of its candidates."""
    stated_status: list[StatedStatus]
    explanation: list[str]


@dataclass
class Item:
    """What is known of a good: the phrases that name it and the sentences around them."""

    phrases: list[str]
    """Its name, designators, form and the words that mention it: read for what it is."""
    context: list[str] = field(default_factory=list)
    """Text right around its mentions: read only for stated values and control status."""
    designators: list[str] = field(default_factory=list)

    @classmethod
    def from_text(cls, text: str) -> Item:
        return cls(phrases=[text], context=[text])

    @classmethod
    def from_good(cls, good: Good) -> Item:
        phrases = [good.name, *good.designators]
        phrases += [p for p in (good.form, good.material) if p]
        context: list[str] = []
        for mention in good.mentions:
            phrases.append(mention.text)
            sentence = mention.source.text
            at = sentence.find(mention.text)
            # The rest of the clause after the mention gives its values ("bars of 120 mm").
            tail = sentence[at:] if at >= 0 else sentence
            context.append(re.split(r";|\.\s", tail, maxsplit=1)[0])
        return cls(
            phrases=list(dict.fromkeys(phrases)),
            context=list(dict.fromkeys(context)),
            designators=list(good.designators),
        )

    @property
    def description(self) -> str:
        return "; ".join(self.phrases)


@cache
def _designator_index() -> list[tuple[re.Pattern[str], Grade, str, re.Pattern[str] | None]]:
    """One pattern per designation: separators optional, bounded by non-alphanumerics."""
    index = []
    for grade in catalog().grades.values():
        for designation in grade.designations:
            parts = re.findall(r"[^\W_]+|[^\w\s]", designation.name)
            body = r"[\s\-.]?".join(re.escape(p) for p in parts)
            pattern = re.compile(rf"(?<![^\W_]){body}(?![^\W_])", re.IGNORECASE)
            context = compiled(tuple(designation.context)) if designation.context else None
            index.append((pattern, grade, designation.name, context))
    index.sort(key=lambda row: -len(row[2]))
    return index


def resolve_materials(text: str) -> dict[str, tuple[Grade, list[str]]]:
    """Grades named in the text, each with the designations that named it."""
    found: dict[str, tuple[Grade, list[str]]] = {}
    for pattern, grade, name, context in _designator_index():
        hit = pattern.search(text)
        if hit is None or (context is not None and not context.search(text)):
            continue
        _, names = found.setdefault(grade.id, (grade, []))
        if name not in names:
            names.append(hit.group(0))
    return found


def _classes(known: Catalog, text: str, grades: Iterable[Grade]) -> list[str]:
    """The most specific material classes the text names or its grades belong to."""
    found = {g.class_ for g in grades}
    for material in known.classes.values():
        if compiled(tuple(material.terms)).search(text):
            found.add(material.id)
    broader = {a for c in found for a in known.ancestors(c)[1:]}
    return sorted(found - broader)


def _forms(known: Catalog, text: str) -> list[str]:
    return [f.id for f in known.forms.values() if compiled(tuple(f.terms)).search(text)]


def _material_match(
    known: Catalog, entry: Entry, classes: list[str]
) -> tuple[Status, str, str] | None:
    """How the text's material relates to the entry's: the same or narrower class holds, a
    broader one leaves it open, an unrelated one is no candidate at all."""
    for wanted in entry.match.materials:
        for have in classes:
            if wanted in known.ancestors(have):
                name = known.classes[have].name
                return "met", have, f"{name} is {known.classes[wanted].name}"
    for wanted in entry.match.materials:
        for have in classes:
            if have in known.ancestors(wanted):
                return (
                    "unknown",
                    have,
                    f"the text says only {known.classes[have].name}; the entry covers "
                    f"{known.classes[wanted].name}",
                )
    return None


def _typical(known: Catalog, grades: list[Grade], param: str) -> tuple[float, float, str] | None:
    """The typical range of a parameter over the grades named, in the parameter's unit."""
    unit = known.parameters[param].unit if param in known.parameters else None
    lows, highs, notes = [], [], []
    for grade in grades:
        prop = grade.properties.get(param)
        values = _derived(known, grade, param) if prop is None else None
        if prop is not None and unit is not None:
            low = known.convert(prop.min, prop.unit, unit)
            high = known.convert(prop.max, prop.unit, unit)
            if low is None or high is None:
                continue
            values = (low, high, f"{prop.min:g}-{prop.max:g} {prop.unit} ({prop.condition})")
        if values is not None:
            lows.append(values[0])
            highs.append(values[1])
            notes.append(f"{grade.name}: {values[2]}")
    if not lows:
        return None
    return min(lows), max(highs), "; ".join(notes)


def _derived(known: Catalog, grade: Grade, param: str) -> tuple[float, float, str] | None:
    """Specific modulus and specific tensile strength (in m) as the list defines them:
    modulus or strength divided by specific weight (density times standard gravity)."""
    inputs = {
        "specific_modulus": "tensile_modulus",
        "specific_tensile_strength": "fibre_tensile_strength",
    }
    if param not in inputs:
        return None
    props = grade.properties
    numerator = props.get(inputs[param])
    density = props.get("density")
    if numerator is None or density is None:
        return None
    pascal = known.convert(numerator.max, numerator.unit, "MPa")
    rho = known.convert(density.max, density.unit, "kg/m3")
    if pascal is None or rho is None:
        return None
    value = pascal * 1e6 / (rho * _GRAVITY)
    note = (
        f"{value:.3g} m from {numerator.max:g} {numerator.unit} and {density.max:g} "
        f"{density.unit} ({numerator.condition})"
    )
    return value, value, note


def _holds(op: str, value: float | tuple[float, float], low: float, high: float) -> Status:
    """Whether every value in [low, high] meets the threshold, none does, or it depends.

    An open end (a stated "over 500 MPa") is an infinite bound, so it decides only one way.
    """
    if isinstance(value, tuple):
        every, none = low >= value[0] and high <= value[1], high < value[0] or low > value[1]
    elif op == ">=":
        every, none = low >= value, high < value
    elif op == ">":
        every, none = low > value, high <= value
    elif op == "<=":
        every, none = high <= value, low > value
    else:
        every, none = high < value, low >= value
    return "met" if every else ("not met" if none else "unknown")


def _numeric(
    known: Catalog,
    condition: Condition,
    found: tuple[Reading, ...],
    asked: list[str],
    grades: list[Grade],
) -> Check:
    assert condition.param is not None and condition.op is not None
    assert condition.value is not None
    param = known.parameters[condition.param]
    need = threshold_text(condition.op, condition.value, param.unit)
    label = param.label + (" ('capable of')" if condition.capable_of else "")
    values = values_for(found, condition.param, asked)
    typical = _typical(known, grades, condition.param) if grades else None
    if values:
        low = max(v.interval()[0] for v in values)
        high = (
            min(v.interval()[1] for v in values)
            if len(values) == 1
            else max(v.interval()[1] for v in values)
        )
        words = ", ".join(
            f"'{v.text}'" + (f" (taken as the {param.label})" if v.assumed else "") for v in values
        )
        detail = f"the text states {words}"
        if condition.capable_of and typical is not None and typical[1] > high:
            # 'Capable of' covers any heat treatment: the grade can reach more than stated.
            low = high = typical[1]
            detail += f", but typical {typical[2]} reaches {high:.4g} {_unit(param.unit)}"
        status = _holds(condition.op, condition.value, low, high)
        return Check(
            condition=f"{label} {need}",
            status=status,
            basis="stated",
            detail=f"{detail}: {_said(status)} {need}",
        )
    if typical is not None:
        low, high, note = typical
        if condition.capable_of:
            low = high
        status = _holds(condition.op, condition.value, low, high)
        unit = _unit(param.unit)
        if condition.capable_of or low == high:
            reach = f"{'up to ' if condition.capable_of else ''}{high:.4g} {unit}".strip()
        else:
            reach = f"{low:.4g}-{high:.4g} {unit}".strip()
        return Check(
            condition=f"{label} {need}",
            status=status,
            basis="typical",
            detail=f"not stated; typical {note}: {reach}, {_said(status)} {need}",
        )
    return Check(
        condition=f"{label} {need}",
        status="unknown",
        basis="not stated",
        detail=f"not stated: decides whether {param.label} is {need}",
    )


def _unit(unit: str) -> str:
    return "" if unit == "count" else unit


def _said(status: Status) -> str:
    return {"met": "meets", "not met": "misses", "unknown": "may or may not meet"}[status]


def _form(condition: Condition, forms: list[str]) -> Check:
    allowed = condition.form or []
    label = condition.text or ", ".join(allowed)
    if not forms:
        return Check(
            condition=f"form: {label}",
            status="unknown",
            basis="not stated",
            detail=f"form not stated; the entry needs {label}",
        )
    hits = [f for f in forms if f in allowed]
    if hits:
        return Check(
            condition=f"form: {label}", status="met", basis="text", detail=f"form {hits[0]}"
        )
    return Check(
        condition=f"form: {label}",
        status="not met",
        basis="text",
        detail=f"form {', '.join(forms)} is not {label}",
    )


def _feature(condition: Condition, text: str) -> Check:
    label = condition.text or str(condition.feature)
    if condition.terms:
        hit = compiled(tuple(condition.terms)).search(text)
        if hit is not None:
            return Check(
                condition=label,
                status="met",
                basis="text",
                detail=f"the text says '{hit.group(0)}'",
            )
    if condition.ruled_out_by:
        hit = compiled(tuple(condition.ruled_out_by)).search(text)
        if hit is not None:
            return Check(
                condition=label,
                status="not met",
                basis="text",
                detail=f"the text says '{hit.group(0)}', which the entry does not cover",
            )
    if condition.presumed_absent:
        return Check(
            condition=label,
            status="not met",
            basis="not stated",
            detail="not stated, and ordinary items of this kind are not: listed only if they are",
        )
    return Check(
        condition=label, status="unknown", basis="not stated", detail="not stated: decides it"
    )


def _entry_verdict(checks: list[Check]) -> Verdict:
    failed = [c for c in checks if c.status == "not met"]
    if failed:
        numeric = any(c.basis in ("stated", "typical") for c in failed)
        return "below threshold" if numeric else "not listed"
    if all(c.status == "met" for c in checks):
        return "controlled"
    return "possibly controlled (parameter unknown)"


def _stated_status(known: Catalog, texts: Iterable[str]) -> list[StatedStatus]:
    """Sentences that say outright whether the item is controlled by a regime."""
    found: list[StatedStatus] = []
    for regime in known.regimes.values():
        names = "|".join(re.escape(a) for a in sorted(regime.aliases, key=len, reverse=True))
        negative = re.compile(
            rf"\bnot\s+(?:\w+\s+)?(?:controlled|listed|covered|captured)\s+(?:by|on|in|under)\s+"
            rf"(?:the\s+)?(?:{names})\b",
            re.IGNORECASE,
        )
        positive = re.compile(
            rf"(?<!not )\b(?:controlled|listed)\s+(?:by|on|under)\s+(?:the\s+)?(?:{names})\b|"
            rf"\b(?:{names})-(?:controlled|listed)\b",
            re.IGNORECASE,
        )
        for text in texts:
            if negative.search(text):
                found.append(StatedStatus(regime=regime.id, controlled=False, text=text))
            elif positive.search(text):
                found.append(StatedStatus(regime=regime.id, controlled=True, text=text))
    return found


def classify_item(item: Item, status_texts: Iterable[str] = ()) -> Classification:
    """Candidate entries for an item with every condition checked, a verdict and the reasons."""
    known = catalog()
    text = " ; ".join(item.phrases)
    values_text = " ; ".join(dict.fromkeys([*item.context, *item.phrases]))
    resolved = resolve_materials(" ".join([text, *item.designators]))
    grades = [g for g, _ in resolved.values()]
    classes = _classes(known, text, grades)
    forms = _forms(known, text)
    found = readings(values_text)
    candidates: list[Candidate] = []
    for entry in known.entries:
        matched: list[str] = []
        checks: list[Check] = []
        material = _material_match(known, entry, classes) if entry.match.materials else None
        if material is not None:
            status, have, detail = material
            matched.append(known.classes[have].name)
            checks.append(Check(condition="material", status=status, basis="text", detail=detail))
        if entry.match.terms:
            hit = compiled(tuple(entry.match.terms)).search(text)
            if hit is not None:
                matched.append(hit.group(0))
        if not matched:
            continue
        # A grade's typical values count for the entry when its class is the entry's material
        # or narrower, and also when broader (a duplex grade's titanium content decides 1C118).
        relevant = [
            g
            for g in grades
            for m in entry.match.materials
            if m in known.ancestors(g.class_) or g.class_ in known.ancestors(m)
        ]
        asked = [c.param for c in entry.conditions if c.param is not None]
        for condition in entry.conditions:
            if condition.kind == "numeric":
                checks.append(_numeric(known, condition, found, asked, relevant))
            elif condition.kind == "form":
                checks.append(_form(condition, forms))
            else:
                checks.append(_feature(condition, values_text))
        verdict = _entry_verdict(checks)
        candidates.append(_candidate(known, entry, matched, checks, verdict))
    candidates.sort(key=lambda c: VERDICTS.index(c.verdict))
    verdict = candidates[0].verdict if candidates else "not listed"
    regimes: dict[str, Verdict] = {}
    for regime in known.regimes.values():
        if regime.kind != "regime":
            continue
        mine = [c.verdict for c in candidates if regime.id in c.regimes]
        regimes[regime.id] = min(mine, key=VERDICTS.index) if mine else "not listed"
    statuses = _stated_status(known, [*status_texts, *item.context] or [text])
    materials = [_material(known, g, names) for g, names in resolved.values()]
    result = Classification(
        description=item.description,
        verdict=verdict,
        materials=materials,
        material_classes=[known.classes[c].name for c in classes],
        forms=forms,
        stated=[
            StatedValue(
                param=s.param,
                value=s.value,
                unit=known.parameters[s.param].unit,
                bound=s.bound,
                text=s.text,
            )
            for s in stated_values(values_text)
        ],
        candidates=candidates,
        regimes=regimes,
        stated_status=_dedupe(statuses),
        explanation=[],
    )
    result.explanation = _explain(known, result)
    return result


def classify_text(text: str) -> Classification:
    """Classify a free-text description ('aluminium alloy tube 7075-T6, 120 mm OD')."""
    return classify_item(Item.from_text(text))


def classify_good(good: Good) -> Classification:
    """Classify an extracted good; the sentences it is named in are read for its control
    status as the cable states it."""
    sentences = list(dict.fromkeys(m.source.text for m in good.mentions))
    return classify_item(Item.from_good(good), sentences)


def _dedupe(statuses: list[StatedStatus]) -> list[StatedStatus]:
    seen: dict[tuple[str, bool, str], StatedStatus] = {}
    for status in statuses:
        seen.setdefault((status.regime, status.controlled, status.text), status)
    return list(seen.values())


def _candidate(
    known: Catalog, entry: Entry, matched: list[str], checks: list[Check], verdict: Verdict
) -> Candidate:
    related = [f"{r.regime} {r.number}" for r in entry.related]
    reasons = "; ".join(f"{c.condition}: {c.detail}" for c in checks)
    regime = known.regimes[entry.regime].name
    return Candidate(
        number=entry.number,
        regime=entry.regime,
        source=f"{entry.source} ({entry.version})",
        regimes=entry.regimes,
        title=entry.title,
        related=related,
        matched=matched,
        checks=checks,
        verdict=verdict,
        explanation=f"{entry.number} ({regime}) {entry.title}: {verdict}. {reasons}",
    )


def _material(known: Catalog, grade: Grade, names: list[str]) -> Material:
    return Material(
        id=grade.id,
        name=grade.name,
        material_class=known.classes[grade.class_].name,
        matched=names,
        designations=[f"{d.name} ({d.standard})" for d in grade.designations],
        properties={
            key: f"{p.min:g}-{p.max:g} {p.unit} ({p.condition})"
            for key, p in grade.properties.items()
        },
        comparable=grade.comparable,
        sources=grade.sources,
    )


def _explain(known: Catalog, result: Classification) -> list[str]:
    lines: list[str] = []
    for material in result.materials:
        lines.append(
            f"{' = '.join(material.matched)} resolve to one material, {material.name} "
            f"({material.material_class})"
        )
    if not result.candidates:
        what = ", ".join(result.material_classes + result.forms) or "this description"
        lines.append(
            f"no entry of the {len(known.entries)} Reftel checks (metals, composites, machine "
            f"tools, propellants, chemicals, electronics, guidance) covers {what}"
        )
    for candidate in result.candidates:
        lines.append(candidate.explanation)
    for status in result.stated_status:
        said = "controlled" if status.controlled else "not controlled"
        lines.append(f"the text itself says the item is {said} by the {status.regime}")
    lines.append(f"verdict: {result.verdict}")
    return lines
