"""Drafting: talking points / a non-paper written from a case's facts, each point marked.

One point per fact or cluster of facts: one transaction with all its sources, the parties
sharing one tie to the same party (two fronts of one designated entity), a designation, the
earlier exchanges with the host government, an action request. Every point carries its
sources (cable, paragraph) and its portion marking: the combination of its sources' markings
(`reftel.cases.markings.combine`: the highest level, NOFORN wins, REL TO lists intersect),
where an unmarked paragraph lends its cable's classification. The banner is the combination
of the points' markings. A designation read from a public list is sourced to the list entry
and marked (U).

The wording is generated from the facts (names, goods, amounts, dates) with the templates of
`data/drafting/phrases.json`; the cables' sentences are never copied, except a short quote of
what an action request asks.

Reading as a user, `for_reader` first narrows the case to what they may read, so no point,
name, amount or date derived only from withheld paragraphs reaches the draft.
"""

from __future__ import annotations

import calendar
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from rigour.territories import lookup_territory

from reftel.access.principal import Principal
from reftel.cases.actions import ActionItem, actions
from reftel.cases.case import Case, CaseEntity, CaseGood, Transaction, normalise
from reftel.cases.markings import Marking, banner, combine, portion, source_marking
from reftel.cases.timeline import diplomatic_events
from reftel.extraction.facts import Source, When
from reftel.record import Cable
from reftel.store.repository import Store

PointKind = Literal["designation", "tie", "transaction", "history", "action"]
DRAFT_FORMATS = ("text", "md", "json")
PUBLIC = "U"
"""The marking of what public designation lists say, and of an empty draft."""


@cache
def phrases() -> dict[str, Any]:
    path = resources.files("reftel").joinpath("data/drafting/phrases.json")
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PointSource(_Model):
    """One paragraph (or list entry) a point is drawn from, with the marking it lends."""

    cable: str
    """A cable id, or for a list designation the list's name."""
    paragraph: int | None = None
    """Paragraph index in the cable (Paragraph.index)."""
    number: int | None = None
    """The paragraph's number as the cable writes it."""
    marking: str
    """The portion mark this source lends, e.g. '(S)'."""
    entry: str | None = None
    """For a list designation: the list's id of the entry."""

    def label(self) -> str:
        if self.entry is not None:
            return f"list {self.cable}, entry {self.entry} {self.marking}"
        where = self.number if self.number is not None else f"[{self.paragraph}]"
        return f"{self.cable} ¶{where} {self.marking}"


class Point(_Model):
    kind: PointKind
    text: str
    marking: str
    """The portion mark, e.g. '(S//NF)'."""
    classification: str
    """The same marking written in full, e.g. 'SECRET//NOFORN'."""
    facts: list[str]
    """Ids of the facts the point is drawn from: give one to --exclude-fact."""
    sources: list[PointSource]
    date: str | None = None
    delivery: bool = True
    """False for background the delivering officer needs but does not read out."""


class Draft(_Model):
    title: str
    banner: str
    points: list[Point]
    cables: list[str]
    excluded_sources: list[str] = Field(default_factory=list)
    excluded_facts: list[str] = Field(default_factory=list)
    reader: str | None = None
    """The user the draft was written for; None for an unrestricted reader."""
    withheld_points: int = 0
    """Points left out because their marking is above what the reader may read."""


# --- reading as a user ---------------------------------------------------------------------


WITHHELD_NAME = "[name withheld]"


@dataclass
class _Readable:
    """The text a user may read in a case's cables, for checking that a derived value is
    written there."""

    text: str
    whole: set[str]
    """Cables the user may read in full."""

    def supports(self, value: str | None) -> bool:
        key = normalise(value or "")
        return bool(key) and f" {key} " in self.text


def for_reader(case: Case, store: Store, user: Principal | None) -> Case:
    """The case as `user` may read it. `build_case(..., visible=store.visibility(user).source)`
    already keeps only facts with a readable source; this also drops the names, aliases,
    designators, amounts, dates, origins and control verdicts that readable text does not
    support, and puts redacted cables (subjects, action requests) in place of the full ones."""
    if user is None:
        return case
    visibility = store.visibility(user)
    redacted = {c.id: store.get(c.id, user) for c in case.cables}
    records = {cid: cable for cid, cable in redacted.items() if cable is not None}
    readable = _Readable(
        text=" "
        + " ".join(
            normalise(p.text)
            for cable in records.values()
            for p in cable.paragraphs
            if visibility.readable(cable.id, p.index)
        )
        + " ",
        whole={cid for cid, cable in records.items() if cable == case.records.get(cid)},
    )
    restricted = case.model_copy(deep=True)
    renamed: dict[str, str] = {}
    for entity in restricted.entities:
        _restrict_entity(entity, readable, renamed)
    for entity in restricted.entities:
        entity.affiliations = [_renamed(a, renamed) for a in entity.affiliations]
        entity.designations = [
            d.model_copy(update={"authority": _renamed(d.authority, renamed)})
            for d in entity.designations
            if d.basis == "list" or (d.sources and all(map(visibility.source, d.sources)))
        ]
    for good in restricted.goods:
        _restrict_good(good, case, readable, renamed, visibility.source)
    for t in restricted.transactions:
        t.quantity = t.quantity if t.quantity and readable.supports(t.quantity.text) else None
        t.value = t.value if t.value and readable.supports(t.value.text) else None
        t.date = t.date if t.date and readable.supports(t.date.text) else None
        t.route = [place for place in t.route if readable.supports(place)]
    restricted.cables = [
        info.model_copy(
            update={
                "subject": records[info.id].subject,
                "action_requests": records[info.id].action_requests,
            }
        )
        for info in restricted.cables
        if info.id in records
    ]
    restricted._records = records
    restricted._visible = visibility.source
    restricted._goods = {g.id: case.good_records(g.id) for g in restricted.goods}
    return restricted


def _renamed(text: str, renamed: Mapping[str, str]) -> str:
    for old, new in renamed.items():
        text = text.replace(old, new)
    return text


def _restrict_entity(entity: CaseEntity, readable: _Readable, renamed: dict[str, str]) -> None:
    names = [n for n in (entity.name, *entity.aliases) if readable.supports(n)]
    if not names or names[0] != entity.name:
        renamed[entity.name] = names[0] if names else WITHHELD_NAME
        entity.name = renamed[entity.name]
    entity.aliases = [a for a in names[1:] if a != entity.name]
    if not set(entity.cables) <= readable.whole:
        entity.country = None


def _restrict_good(
    good: CaseGood,
    case: Case,
    readable: _Readable,
    renamed: Mapping[str, str],
    visible: Callable[[Source], bool],
) -> None:
    told = [
        value
        for value in (good.name, *good.designators, good.material, good.form, *good.uses)
        if value
    ]
    whole = all(visible(m.source) for g in case.good_records(good.id) for m in g.mentions)
    if not readable.supports(good.name):
        good.name = "goods"
    good.designators = [d for d in good.designators if readable.supports(d)]
    good.uses = [u for u in good.uses if readable.supports(u)]
    good.material = good.material if readable.supports(good.material) else None
    good.form = good.form if readable.supports(good.form) else None
    good.origin = good.origin if whole else None
    complete = all(readable.supports(v) for v in told) and whole
    good.verdicts = [
        v.model_copy(update={"flags": [_renamed(f, renamed) for f in v.flags]})
        for v in good.verdicts
        if complete or v.basis == "case"
    ]


# --- markings ------------------------------------------------------------------------------


def _source(source: Source, records: Mapping[str, Cable]) -> tuple[PointSource, Marking]:
    cable = records.get(source.cable)
    paragraph = (
        next((p for p in cable.paragraphs if p.index == source.paragraph), None) if cable else None
    )
    mark = source_marking(
        paragraph.marking if paragraph else source.marking,
        cable.classification if cable else None,
        cable.caveats if cable else (),
    )
    return (
        PointSource(
            cable=source.cable,
            paragraph=source.paragraph,
            number=paragraph.number if paragraph else source.number,
            marking=portion(mark),
        ),
        mark,
    )


def sources_marking(sources: Iterable[Source], records: Mapping[str, Cable]) -> Marking | None:
    """The marking of text drawn from these sources (None for no source): the combination of
    each paragraph's marking, an unmarked paragraph taking its cable's."""
    marks = [_source(s, records)[1] for s in sources]
    return combine(marks) if marks else None


@dataclass
class _Spec:
    """A point before it is worded: its facts, each with its sources, and how to word it."""

    kind: PointKind
    by_fact: dict[str, list[Source]]
    words: Callable[[_Namer], str]
    date: str | None = None
    delivery: bool = True
    listed: tuple[str, str] | None = None
    """For a list designation: (list name, entry id), the point's only source."""

    @property
    def facts(self) -> list[str]:
        return list(self.by_fact)

    @property
    def sources(self) -> list[Source]:
        return [s for found in self.by_fact.values() for s in found]


def _excluded(source: Source, keys: frozenset[str]) -> bool:
    where = source.number if source.number is not None else source.paragraph
    return source.cable in keys or f"{source.cable}:{where}" in keys


# --- wording -------------------------------------------------------------------------------


def _acronym(name: str, aliases: Iterable[str]) -> str | None:
    """An alias that abbreviates the name ('KTPC' for 'Karun Trade and Power
    Company'): capitals standing, in order, for the name's word parts."""
    initials = [w[0].upper() for w in re.split(r"[\s\-/]+", name) if w and w[0].isalpha()]
    for alias in aliases:
        if not re.fullmatch(r"[A-Z][A-Z0-9]{1,9}", alias) or alias[0] != (initials or [""])[0]:
            continue
        position = 0
        for letter in alias:
            while position < len(initials) and initials[position] != letter:
                position += 1
            if position == len(initials):
                break
            position += 1
        else:
            return alias
    return None


class _Namer:
    """Names parties as a drafter does: in full with the short form at first mention, then
    the short form."""

    def __init__(self, case: Case) -> None:
        self.case = case
        self.seen: set[str] = set()

    def __call__(self, entity_id: str | None, fallback: str) -> str:
        entity = self.case.entity(entity_id)
        if entity is None:
            return fallback
        short = _acronym(entity.name, entity.aliases)
        if short is None:
            return entity.name
        if entity.id in self.seen:
            return short
        self.seen.add(entity.id)
        return f"{entity.name} ({short})"


def _join(items: Sequence[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + f", and {items[-1]}"


def _month(value: str) -> str:
    year, _, rest = value.partition("-")
    if not rest:
        return year
    month, _, day = rest.partition("-")
    name = calendar.month_name[int(month)]
    return f"{int(day)} {name} {year}" if day else f"{name} {year}"


def _when(date: When | None) -> str:
    """'In June 2007', 'In mid-October 2007', 'On 15 April 2008' (the cable's own words for
    the date when they name the year)."""
    if date is None:
        return str(phrases()["undated"])
    shown = date.text if not date.relative and re.search(r"\d{4}", date.text) else None
    shown = shown or _month(date.value)
    return ("On " if date.precision == "day" else "In ") + shown


def _country(code: str | None) -> str | None:
    territory = lookup_territory(code) if code else None
    if territory is None:
        return None
    article = territory.name in phrases()["countries_with_article"]["names"]
    return ("the " if article else "") + territory.name


def _goods(case: Case, t: Transaction) -> str:
    wording = phrases()
    good = case.good(t.item)
    text = good.name if good else str(wording["unknown_goods"])
    if good and good.designators:
        text += f" ({', '.join(good.designators)})"
    if t.quantity:
        amount = re.sub(r"\s+of$", "", t.quantity.text.strip())
        # '23 tons of aluminum bars', but 'over 100 integrated circuits' for a bare count
        text = f"{amount} {text}" if t.quantity.unit_text is None else f"{amount} of {text}"
    country = _country(good.origin) if good else None
    if country:
        text += str(wording["origin"]).format(country=country)
    if t.value:
        text += str(wording["value"]).format(value=t.value.text)
    return text


def _transaction_words(case: Case, t: Transaction) -> Callable[[_Namer], str]:
    wording = phrases()

    def words(name: _Namer) -> str:
        forms = wording["events"].get(t.type, wording["events"]["supply"])
        sentence = str(forms["planned" if t.modality == "planned" else "done"]).format(
            date=_when(t.date),
            seller=name(t.seller, str(wording["unknown_seller"])),
            buyer=name(t.buyer, str(wording["unknown_buyer"])),
            goods=_goods(case, t),
        )
        if t.route:
            sentence += str(wording["route"]).format(places=_join(t.route))
        lead = str(wording["modality"].get(t.modality, "{sentence}"))
        if not lead.startswith("{"):
            sentence = sentence[0].lower() + sentence[1:]
        text = lead.format(sentence=sentence) + "."
        if t.intermediary:
            text += str(wording["intermediary"]).format(
                intermediary=name(t.intermediary, "an intermediary")
            )
        return text

    return words


def _relation_words(
    case: Case, kind: str, subjects: list[str], obj: str
) -> Callable[[_Namer], str]:
    forms = phrases()["relations"].get(kind)

    def words(name: _Namer) -> str:
        named = [name(s, case.label(s)) for s in subjects]
        template = forms["one" if len(named) == 1 else "many"] if forms else "{subjects}: {object}."
        return str(template).format(subjects=_join(named), object=name(obj, case.label(obj)))

    return words


def _history_words(dates: list[str]) -> Callable[[_Namer], str]:
    forms = phrases()["history"]

    def words(_: _Namer) -> str:
        shown = [("on " if d.count("-") == 2 else "in ") + _month(d) for d in sorted(set(dates))]
        if len(shown) == 1:
            return str(forms["one"]).format(dates=shown[0])
        return str(forms["many"]).format(latest=shown[-1], first=shown[0])

    return words


def _action_words(item: ActionItem) -> Callable[[_Namer], str]:
    forms = phrases()["action"]
    request = re.split(r"(?<=[.;])\s", item.request.strip(), maxsplit=1)[0].rstrip(". ;")

    def words(_: _Namer) -> str:
        form = "unknown" if item.since is None else item.status
        return str(forms[form]).format(
            date=_month(item.since.date().isoformat()) if item.since else "",
            addressee=item.addressee or item.post,
            cable=item.cable_id,
            request=request,
            response=item.response.cable_id if item.response else "",
        )

    return words


def _listed_words(
    entity: CaseEntity, authority: str, entry: str, since: str | None
) -> Callable[[_Namer], str]:
    forms = phrases()["listed"]
    dated = since is not None and re.fullmatch(r"\d{4}(-\d{2}){0,2}", since) is not None

    def words(name: _Namer) -> str:
        return str(forms["dated" if dated else "undated"]).format(
            party=name(entity.id, entity.name),
            authority=authority,
            entry=entry,
            since=_month(since) if since and dated else "",
        )

    return words


# --- the draft -----------------------------------------------------------------------------


def _specs(case: Case, store: Store | None, user: Principal | None) -> list[_Spec]:
    specs: list[_Spec] = []
    by_tie: dict[tuple[str, str], list[tuple[str, str, list[Source]]]] = defaultdict(list)
    for r in case.relations:
        if case.entity(r.subject) and case.entity(r.object):
            by_tie[(r.type, r.object)].append((r.id, r.subject, r.sources))
    for (kind, obj), members in by_tie.items():
        subjects = list(dict.fromkeys(subject for _, subject, _ in members))
        specs.append(
            _Spec(
                kind="designation" if kind == "designated_under" else "tie",
                by_fact={fact: sources for fact, _, sources in members},
                words=_relation_words(case, kind, subjects, obj),
            )
        )
    for entity in case.entities:
        for d in entity.designations:
            if d.basis == "list" and d.list_name:
                specs.append(
                    _Spec(
                        kind="designation",
                        by_fact={f"list:{d.list_name}:{d.entry or entity.id}": []},
                        words=_listed_words(
                            entity, d.authority, d.entry or d.list_name, d.listed_on
                        ),
                        listed=(d.list_name, d.entry or ""),
                    )
                )
    for t in case.transactions:
        specs.append(
            _Spec(
                kind="transaction",
                by_fact={t.id: t.sources},
                words=_transaction_words(case, t),
                date=t.date.value if t.date else None,
            )
        )
    history = [e for cable in case.records.values() for e in diplomatic_events(cable, case.visible)]
    if history:
        specs.append(
            _Spec(
                kind="history",
                by_fact={f"history:{e.cable}:{e.date}": e.sources for e in history},
                words=_history_words([e.date for e in history]),
                date=max(e.date for e in history),
            )
        )
    if store is not None:
        ids = {c.id for c in case.cables}
        for item in actions(store, user=user):
            if item.cable_id in ids:
                specs.append(_action_spec(case, item))
    return specs


def _action_spec(case: Case, item: ActionItem) -> _Spec:
    cable = case.records.get(item.cable_id)
    paragraph = cable.paragraph(item.paragraph) if cable and item.paragraph is not None else None
    sources = (
        [
            Source(
                cable=item.cable_id,
                paragraph=paragraph.index,
                number=paragraph.number,
                marking=paragraph.marking,
                start=0,
                end=len(paragraph.text),
                text=paragraph.text,
            )
        ]
        if paragraph
        else []
    )
    return _Spec(
        kind="action",
        by_fact={f"action:{item.cable_id}:{item.paragraph or 0}:{item.post}": sources},
        words=_action_words(item),
        date=item.since.date().isoformat() if item.since else None,
        delivery=False,
    )


_ORDER: dict[PointKind, int] = {
    "history": 0,
    "designation": 1,
    "tie": 2,
    "transaction": 3,
    "action": 4,
}


def build_draft(
    case: Case,
    *,
    store: Store | None = None,
    user: Principal | None = None,
    excluded_sources: Sequence[str] = (),
    excluded_facts: Sequence[str] = (),
) -> Draft:
    """Talking points from the case in the order of a demarche: the earlier exchanges, the
    designations, the ties to designated parties, the transactions newest first; then, not for
    delivery, the action requests. `store` adds the action requests with their status; `user`
    drops any point whose marking they may not read (the case should already be `for_reader`)."""
    sources_out = frozenset(excluded_sources)
    facts_out = frozenset(excluded_facts)
    records = case.records
    prepared: list[tuple[_Spec, list[PointSource], Marking]] = []
    for spec in _specs(case, store, user):
        kept_facts = [
            fact
            for fact, found in spec.by_fact.items()
            if fact not in facts_out
            and (spec.listed is not None or any(not _excluded(s, sources_out) for s in found))
        ]
        if not kept_facts:
            continue
        if len(kept_facts) < len(spec.facts):
            spec = _narrowed(case, spec, kept_facts)
        if spec.listed is not None:
            list_name, entry = spec.listed
            mark = source_marking(PUBLIC, None)
            cited = [PointSource(cable=list_name, entry=entry, marking=portion(mark))]
            prepared.append((spec, cited, mark))
            continue
        kept = [s for s in spec.sources if not _excluded(s, sources_out)]
        if not kept:
            continue
        seen: dict[tuple[str, int], tuple[PointSource, Marking]] = {}
        for s in kept:
            seen.setdefault((s.cable, s.paragraph), _source(s, records))
        ordered = sorted(seen.values(), key=lambda x: (x[0].cable, x[0].paragraph or 0))
        prepared.append((spec, [p for p, _ in ordered], combine(m for _, m in ordered)))
    withheld = 0
    if user is not None:
        readable = [x for x in prepared if user.can_read(x[2])]
        withheld = len(prepared) - len(readable)
        prepared = readable
    prepared.sort(key=lambda x: (not x[0].delivery, _ORDER[x[0].kind], _newest(x[0].date)))
    namer = _Namer(case)
    points = [
        Point(
            kind=spec.kind,
            text=spec.words(namer),
            marking=portion(mark),
            classification=banner(mark),
            facts=spec.facts,
            sources=cited,
            date=spec.date,
            delivery=spec.delivery,
        )
        for spec, cited, mark in prepared
    ]
    overall = combine(m for *_, m in prepared) if prepared else source_marking(PUBLIC, None)
    return Draft(
        title=case.title,
        banner=banner(overall),
        points=points,
        cables=sorted({s.cable for p in points for s in p.sources if s.entry is None}),
        excluded_sources=sorted(sources_out),
        excluded_facts=sorted(facts_out),
        reader=user.name if user else None,
        withheld_points=withheld,
    )


def _newest(date: str | None) -> tuple[int, str]:
    """Sort key putting the newest date first and undated points last."""
    if date is None:
        return (1, "")
    return (0, "".join(chr(0x10FFFF - ord(c)) for c in date))


def _narrowed(case: Case, spec: _Spec, facts: list[str]) -> _Spec:
    """A cluster with some of its facts left out (excluded, or left without a source): worded
    and sourced from the rest."""
    by_fact = {fact: spec.by_fact[fact] for fact in facts}
    words, date = spec.words, spec.date
    if spec.kind in ("designation", "tie") and spec.listed is None:
        relations = [r for r in case.relations if r.id in by_fact]
        subjects = list(dict.fromkeys(r.subject for r in relations))
        words = _relation_words(case, relations[0].type, subjects, relations[0].object)
    elif spec.kind == "history":
        dates = [f.rsplit(":", 1)[1] for f in facts]
        words, date = _history_words(dates), max(dates)
    return _Spec(spec.kind, by_fact, words, date, spec.delivery, spec.listed)


# --- writing -------------------------------------------------------------------------------


def cited(point: Point) -> str:
    """The point's sources as a reader cites them, paragraphs grouped by cable."""
    by_cable: dict[str, list[str]] = defaultdict(list)
    for s in point.sources:
        if s.entry is not None:
            by_cable[s.cable].append(f"entry {s.entry}")
        else:
            by_cable[s.cable].append(str(s.number if s.number is not None else f"[{s.paragraph}]"))
    parts = []
    for cable, where in by_cable.items():
        paragraphs = [w for w in where if not w.startswith("entry")]
        entries = [w for w in where if w.startswith("entry")]
        if paragraphs:
            mark = "¶¶" if len(paragraphs) > 1 else "¶"
            parts.append(f"{cable} {mark}{', '.join(paragraphs)}")
        parts.extend(f"list {cable}, {e}" for e in entries)
    return "; ".join(parts)


def sections(draft: Draft) -> list[tuple[str, list[Point]]]:
    """The draft's two parts: the points to deliver, then background not for delivery."""
    return [
        (title, points)
        for title, points in (
            ("Talking points / non-paper", [p for p in draft.points if p.delivery]),
            ("Background (not for delivery)", [p for p in draft.points if not p.delivery]),
        )
        if points
    ]


def _header(draft: Draft) -> list[str]:
    lines = [f"Case: {draft.title}"]
    if draft.reader:
        lines.append(f"Written for: {draft.reader}")
    if draft.excluded_sources or draft.excluded_facts:
        lines.append("Excluded: " + ", ".join([*draft.excluded_sources, *draft.excluded_facts]))
    if draft.withheld_points:
        lines.append(f"{draft.withheld_points} point(s) withheld above the reader's access")
    lines.append(f"Drawn from: {', '.join(draft.cables) or 'no cable'}")
    lines.append(f"Drafted: {datetime.now().date().isoformat()} by Reftel from the case's facts")
    return lines


def to_text(draft: Draft) -> str:
    lines = [draft.banner, "", *_header(draft)]
    for title, points in sections(draft):
        lines += ["", title.upper(), ""]
        for point in points:
            lines.append(f"-- {point.marking} {point.text}")
            lines.append(f"   [{cited(point)}; facts: {', '.join(point.facts)}]")
    lines += ["", draft.banner]
    return "\n".join(lines) + "\n"


def to_markdown(draft: Draft, level: int = 1) -> str:
    heading = "#" * level
    lines = [f"**{draft.banner}**", "", f"{heading} Draft: {draft.title}", ""]
    lines += [f"- {line}" for line in _header(draft)]
    for title, points in sections(draft):
        lines += ["", f"{heading}# {title}", ""]
        for point in points:
            lines.append(f"- **{point.marking}** {point.text}  ")
            lines.append(f"  <small>{cited(point)} · facts: {', '.join(point.facts)}</small>")
    lines += ["", f"**{draft.banner}**"]
    return "\n".join(lines) + "\n"


def write_draft(draft: Draft, fmt: str) -> str:
    if fmt == "text":
        return to_text(draft)
    if fmt == "md":
        return to_markdown(draft)
    if fmt == "json":
        return draft.model_dump_json(indent=2) + "\n"
    raise ValueError(f"format {fmt!r}: choose one of {', '.join(DRAFT_FORMATS)}")
