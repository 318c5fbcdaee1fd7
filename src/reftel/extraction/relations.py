"""Relations between parties: associated with, front for, subsidiary of, intermediary for,
designated under (a resolution or a national list), developer of (a program)."""

from __future__ import annotations

import re

from spacy.tokens import Span

from reftel.extraction.facts import Entity, Relation, RelationType
from reftel.extraction.mentions import program_name
from reftel.extraction.pipeline import Context, Found
from reftel.reading.conventions import load as load_conventions
from reftel.record import Paragraph

_PATTERNS: list[tuple[RelationType, re.Pattern[str]]] = [
    ("associated_with", re.compile(r"\b(?:associated|affiliated|linked|connected)\s+with\b", re.I)),
    ("associated_with", re.compile(r"\baffiliates?\s+of\b", re.I)),
    ("front_for", re.compile(r"\bfront(?:\s+company)?\s+(?:for|of)\b", re.I)),
    ("subsidiary_of", re.compile(r"\bsubsidiary\s+of\b", re.I)),
    ("intermediary_for", re.compile(r"\b(?:coordinated|arranged|brokered|handled)\s+by\b", re.I)),
    ("designated_under", re.compile(r"\bdesignated\s+(?:under|by|pursuant\s+to|in)\b", re.I)),
]
_RESOLUTION = re.compile(
    r"(?:UNSCR|Resolution|UN\s+Security\s+Council\s+Resolution)\s*(?:\(UNSCR\)\s*)?(\d{3,4})",
    re.I,
)


_DEVELOPER = re.compile(
    r"\b(?P<owner>(?-i:[A-Z][\w.-]*))(?:'s|’s)\s+(?P<kind>(?:[\w-]+\s+){0,3}?(?:ballistic missile|"
    r"missile|nuclear weapons?|nuclear|chemical weapons?|space launch vehicle))\s+"
    r"(?:developer|producer|manufacturer)s?\s+",
    re.I,
)
_INTERMEDIARY_FOR = re.compile(r"\bintermediary\s+for\b[^.;]*?\bincluding\s+", re.I)


def find_relations(context: Context) -> None:
    for paragraph, sent in context.sentences():
        names = _parties_in(context, paragraph, sent)
        _people_and_offices(context, paragraph, sent, names)
        for match in _DEVELOPER.finditer(paragraph.text, sent.start_char, sent.end_char):
            developer = [e for f, e in names if f.start == match.end()]
            if developer:
                program = _program(context, match.group("owner"), match.group("kind"))
                _add(context, "developer_of", developer[0], program, paragraph, sent)
        for match in _INTERMEDIARY_FOR.finditer(paragraph.text, sent.start_char, sent.end_char):
            agent = [e for f, e in names if f.end <= match.start()]
            for _found, party in [(f, e) for f, e in names if f.start >= match.end()][:4]:
                if agent:
                    _add(context, "intermediary_for", agent[-1], party, paragraph, sent)
        for kind, pattern in _PATTERNS:
            for match in pattern.finditer(paragraph.text, sent.start_char, sent.end_char):
                if kind == "designated_under":
                    _designation(context, paragraph, sent, match, names)
                elif kind == "intermediary_for":
                    _intermediary(context, paragraph, sent, match, names)
                else:
                    _pair(context, paragraph, sent, match, names, kind)


def _parties_in(context: Context, paragraph: Paragraph, sent: Span) -> list[tuple[Found, Entity]]:
    by_id = {e.id: e for e in context.entities}
    return sorted(
        (
            (f, by_id[f.entity])
            for f in context.found
            if f.entity
            and f.paragraph.index == paragraph.index
            and sent.start_char <= f.start < sent.end_char
            and by_id[f.entity].type in ("organization", "person")
            and by_id[f.entity].subtype != "regime"
        ),
        key=lambda pair: pair[0].start,
    )


def _people_and_offices(
    context: Context, paragraph: Paragraph, sent: Span, names: list[tuple[Found, Entity]]
) -> None:
    """A person and the office they hold: 'FCO Director Jane Roe', 'Jane Roe, Deputy Director
    of the FCO', 'Jane Roe (ISN/MNSA)'. A company makes them its employee, any other body its
    official."""
    titles = {t.lower().rstrip(".") for t in load_conventions().titles}
    text = paragraph.text
    for i, (found, person) in enumerate(names):
        if person.type != "person":
            continue
        office: Entity | None = None
        if i > 0:
            before, org = names[i - 1]
            gap = text[before.end : found.start].split()
            if (
                org.type == "organization"
                and len(gap) <= 4
                and all(w.lower().rstrip(".,") in titles for w in gap)
            ):
                office = org
        if office is None and i + 1 < len(names):
            after, org = names[i + 1]
            between = text[found.end : after.start]
            if org.type == "organization" and (
                re.fullmatch(r"\s*\((?:[^()]{0,60}?,\s*)?", between)
                or re.fullmatch(r",\s+(?:[\w/-]+\s+){0,5}?(?:of|at|for|in)\s+(?:the\s+)?", between)
            ):
                office = org
        if office is not None and office.subtype not in ("regime", "program"):
            kind: RelationType = "employee_of" if office.subtype == "company" else "official_of"
            _add(context, kind, person, office, paragraph, sent)


def _pair(
    context: Context,
    paragraph: Paragraph,
    sent: Span,
    match: re.Match[str],
    names: list[tuple[Found, Entity]],
    kind: RelationType,
) -> None:
    """'X and Y are associated with Z': the parties before the phrase, the party after it."""
    after = [e for f, e in names if f.start >= match.end()][:1]
    if not after:
        return
    before: list[Entity] = []
    for found, entity in reversed([(f, e) for f, e in names if f.end <= match.start()]):
        gap = paragraph.text[found.end : before_end(before, names, match.start())]
        if before and not re.fullmatch(r",?\s+(?:and|or)\s+|,\s+", gap):
            break
        before.append(entity)
        if len(before) > 4:
            break
    for subject in before:
        _add(context, kind, subject, after[0], paragraph, sent)


def before_end(chosen: list[Entity], names: list[tuple[Found, Entity]], default: int) -> int:
    """Where the gap after a candidate ends: at the last party taken, or at the phrase."""
    if not chosen:
        return default
    last = chosen[-1]
    return min(f.start for f, e in names if e.id == last.id)


def _designation(
    context: Context,
    paragraph: Paragraph,
    sent: Span,
    match: re.Match[str],
    names: list[tuple[Found, Entity]],
) -> None:
    resolution = _RESOLUTION.search(
        paragraph.text, match.end(), min(sent.end_char, match.end() + 120)
    )
    if not resolution:
        return
    subjects = [e for f, e in names if f.end <= match.start()]
    if not subjects:
        return
    regime = context.organization(f"UNSCR {resolution.group(1)}", "regime")
    _add(context, "designated_under", subjects[-1], regime, paragraph, sent)


def _program(context: Context, owner: str, kind: str) -> Entity:
    return context.organization(program_name(owner, kind), "program")


def _intermediary(
    context: Context,
    paragraph: Paragraph,
    sent: Span,
    match: re.Match[str],
    names: list[tuple[Found, Entity]],
) -> None:
    """'dealings between X and Y were coordinated by Z': Z is intermediary for Y, the party
    the dealings were for. A country as Y says too little to make a relation."""
    after = [e for f, e in names if f.start >= match.end()][:1]
    between = re.search(
        r"\bbetween\b.+?\band\s+(?=\S)", paragraph.text[sent.start_char : match.start()]
    )
    if not after or not between:
        return
    at = sent.start_char + between.end()
    party = context.entity_at(paragraph, at, at + 1)
    program = [e for f, e in names if f.start == at and e.subtype == "program"]
    if program:
        party = program[0]
    if party is not None and party.type in ("organization", "person") and party.id != after[0].id:
        _add(context, "intermediary_for", after[0], party, paragraph, sent)


def _add(
    context: Context,
    kind: RelationType,
    subject: Entity,
    obj: Entity,
    paragraph: Paragraph,
    sent: Span,
) -> None:
    if subject.id == obj.id:
        return
    source = context.source(paragraph, sent.start_char, sent.end_char, sent.text)
    for relation in context.relations:
        if (relation.type, relation.subject, relation.object) == (kind, subject.id, obj.id):
            if source not in relation.sources:
                relation.sources.append(source)
            return
    context.relations.append(
        Relation(
            id=f"{context.cable.id}:r{len(context.relations) + 1}",
            type=kind,
            subject=subject.id,
            object=obj.id,
            sources=[source],
        )
    )
