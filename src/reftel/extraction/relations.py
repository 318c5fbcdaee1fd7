"""Relations between parties: associated with, front for, subsidiary of, intermediary for,
designated under (a resolution or a list), developer of (a program), and the offices people
hold (official of, employee of).

Who a phrase is said of is read from spaCy's dependency parse (the subject of its clause, or
the name it stands in apposition to), so that "the risks associated with X" ties nothing to X.
The words that name offices and units are data (`data/lexicons/relations.json`).
"""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise
from typing import NamedTuple

from spacy.tokens import Span, Token

from reftel.extraction import lexicons
from reftel.extraction.facts import Entity, Relation, RelationType, Source
from reftel.extraction.mentions import program_name
from reftel.extraction.pipeline import Context, Found
from reftel.reading.conventions import load as load_conventions
from reftel.record import Paragraph


class Party(NamedTuple):
    """An organization or person named in a sentence, its acronym in brackets included."""

    start: int
    end: int
    entity: Entity
    possessive: bool = False
    """Written "Name's (ACRONYM)": the possessive stands before the bracket."""


_PATTERNS: list[tuple[RelationType, re.Pattern[str]]] = [
    ("associated_with", re.compile(r"\b(?:associated|affiliated|linked|connected)\s+with\b", re.I)),
    ("associated_with", re.compile(r"\baffiliates?\s+of\b", re.I)),
    ("front_for", re.compile(r"\bfront(?:\s+company)?\s+(?:for|of)\b", re.I)),
    ("subsidiary_of", re.compile(r"\b(?:subsidiary|part|branch|arm|wing)\s+of\b", re.I)),
    ("subsidiary_of", re.compile(r"\b(?:wholly[- ])?owned\s+by\b", re.I)),
]
_OWNED = re.compile(r"\b(?P<pct>\d+(?:\.\d+)?)\s*(?:%|percent)[\s-]+(?P<verb>owned)\s+by\b", re.I)
_STAKE = re.compile(
    r"\b(?P<verb>holds?|held|owns?|owned|has|had)\s+(?:an?\s+)?(?P<pct>\d+(?:\.\d+)?)\s*(?:%|percent)\s+"
    r"(?:stake|share|interest)\s+in\b",
    re.I,
)
_COORDINATED_BY = re.compile(r"\b(?:coordinated|arranged|brokered|handled)\s+by\b", re.I)
_THROUGH_AGENT = re.compile(
    r"\bthrough\s+(?:an?\s+|the\s+)?(?:intermediary|middleman|broker|agent)\s+"
    r"(?:named\s+|called\s+)?",
    re.I,
)
_DESIGNATED = re.compile(
    r"\b(?:designated|sanctioned|listed)\s+(?:\w+\s+){0,4}?(?:under|by|pursuant\s+to|in|on)\b",
    re.I,
)
_RESOLUTION = re.compile(
    r"(?:UNSCR|UNSC\s+Resolution|Resolution|UN\s+Security\s+Council\s+Resolution)\s*"
    r"(?:\(UNSCR\)\s*)?(\d{3,4})",
    re.I,
)
_DEVELOPER = re.compile(
    r"\b(?:(?P<owner>(?-i:[A-Z][\w.-]*))(?:'s|’s)\s+)?(?P<kind>(?:[\w-]+\s+){0,3}?"
    r"(?:ballistic missile|missile|nuclear weapons?|nuclear|chemical weapons?|"
    r"space launch vehicle))\s+(?:developer|producer|manufacturer)s?\s+",
    re.I,
)
_RESPONSIBLE = re.compile(r"\bresponsible\s+for\b", re.I)
_INTERMEDIARY_FOR = re.compile(r"\bintermediary\s+for\b[^.;]*?\bincluding\s+", re.I)
_BETWEEN = re.compile(r"\b(?:cooperation|collaboration)\s+between\s+", re.I)
_ITS_SUBSIDIARY = re.compile(r",?\s+and\s+its\s+(?:\w+\s+)?subsidiar(?:y|ies)\s*,?\s*", re.I)
_AS_FRONT = re.compile(r"\bas\s+(?:an?\s+|the\s+)?(?:\w+\s+)?front\b", re.I)
_LIST_VERBS = frozenset({"place", "put", "add", "list", "designate", "include"})
_RELATIVE = frozenset({"WDT", "WP", "WP$"})
_CLIMB = frozenset({"acomp", "attr", "oprd", "xcomp", "prep", "pobj", "amod", "agent", "advmod"})


@cache
def _words(kind: str) -> frozenset[str]:
    """The relation lexicon's words of one kind: office, employment, qualifier, unit_head."""
    return frozenset(
        e["word"].lower() for e in lexicons._entries("relations.json") if e["kind"] == kind
    )


@cache
def _title_words() -> frozenset[str]:
    """Words that may stand between a body and its officer's name."""
    titles = {t.lower().rstrip(".") for t in load_conventions().titles}
    return frozenset(titles | _words("office") | _words("qualifier"))


def find_relations(context: Context) -> None:
    known = _known_names(context)
    named = _named_by_paragraph(context)
    for paragraph, sent in context.sentences():
        parties = _parties_in(paragraph, sent, named.get(paragraph.index, []), known)
        _people_and_offices(context, paragraph, sent, parties)
        _units(context, paragraph, sent, parties)
        _developers(context, paragraph, sent, parties)
        _intermediaries(context, paragraph, sent, parties)
        _ownership(context, paragraph, sent, parties)
        _fronts(context, paragraph, sent, parties)
        _own_subsidiaries(context, paragraph, sent, parties)
        _listings(context, paragraph, sent, parties)
        _cooperation(context, paragraph, sent, parties)
        for kind, pattern in _PATTERNS:
            for match in pattern.finditer(paragraph.text, sent.start_char, sent.end_char):
                _pair(context, paragraph, sent, match, parties, kind)
    _named_units(context)


def _cooperation(context: Context, paragraph: Paragraph, sent: Span, parties: list[Party]) -> None:
    """'cooperation between X and Y': X is associated with Y."""
    for match in _BETWEEN.finditer(paragraph.text, sent.start_char, sent.end_char):
        pair = _after(parties, match.end(), 2)
        gap = paragraph.text[pair[0].end : pair[1].start] if len(pair) == 2 else ""
        if re.fullmatch(r"\s+and\s+", gap):
            _add(context, "associated_with", pair[0].entity, pair[1].entity, paragraph, sent)


def _known_names(context: Context) -> dict[str, Entity]:
    """Names and acronyms of the cable's organizations and people, as written."""
    return {
        form: e
        for e in context.entities
        if e.type in ("organization", "person") and e.subtype != "regime"
        for form in [e.name, *e.aliases]
        if len(form) > 1
    }


def _named_by_paragraph(context: Context) -> dict[int, list[tuple[Found, Entity]]]:
    """Each paragraph's names of organizations and people, in order of place."""
    by_id = {e.id: e for e in context.entities}
    out: dict[int, list[tuple[Found, Entity]]] = {}
    for f in sorted(context.found, key=lambda f: f.start):
        entity = by_id.get(f.entity or "")
        if entity and entity.type in ("organization", "person") and entity.subtype != "regime":
            out.setdefault(f.paragraph.index, []).append((f, entity))
    return out


def _parties_in(
    paragraph: Paragraph,
    sent: Span,
    named: list[tuple[Found, Entity]],
    known: dict[str, Entity],
) -> list[Party]:
    """Organizations and people named in the sentence, in order; 'Name (ACRONYM)' is one.
    A one-word name or acronym the cable defines elsewhere counts where the mentions
    missed it, unless it only qualifies a longer name."""
    parties: list[Party] = []
    for f, entity in named:
        if not sent.start_char <= f.start < sent.end_char:
            continue
        last = parties[-1] if parties else None
        if last and last.end <= f.start and _short_form(last.entity, entity, f.text):
            gap = paragraph.text[last.end : f.start]
            bracket = re.fullmatch(r"(?P<s>['’,]s)?\s*\(\s*", gap)
            if bracket and paragraph.text[f.end : f.end + 1] == ")":
                merged = Party(last.start, f.end + 1, last.entity, bool(bracket.group("s")))
                parties[-1] = merged
                continue
        if last and f.start < last.end:
            continue
        parties.append(Party(f.start, f.end, entity))
    for token in sent:
        whole = token.pos_ == "PROPN" and token.dep_ != "compound"
        again = known.get(token.text) if whole else None
        end = token.idx + len(token.text)
        if again and not any(p.start < end and token.idx < p.end for p in parties):
            parties.append(Party(token.idx, end, again))
    return sorted(parties, key=lambda p: p.start)


def _short_form(named: Entity, bracketed: Entity, text: str) -> bool:
    """Whether a bracketed name after another is its short form: the same entity, or an
    organization's one-word acronym the aliases did not join to it."""
    if named.id == bracketed.id:
        return True
    return named.type == bracketed.type == "organization" and " " not in text.strip()


def _after(parties: list[Party], at: int, count: int = 1, reach: int = 80) -> list[Party]:
    return [p for p in parties if at <= p.start < at + reach][:count]


def _token_at(sent: Span, at: int) -> Token | None:
    return next((t for t in sent if t.idx <= at < t.idx + len(t.text)), None)


def _named(token: Token, parties: list[Party]) -> list[Entity]:
    """The parties a noun names: itself, a name in apposition to it, and its conjuncts."""
    out: list[Entity] = []
    for t in [token, *(c for c in token.children if c.dep_ == "appos")]:
        party = next((p for p in parties if p.start <= t.idx < p.end), None)
        if party and party.entity not in out:
            out.append(party.entity)
        if party:
            break
    for child in token.children:
        if child.dep_ == "conj":
            out += [e for e in _named(child, parties) if e not in out]
    return out


def _said_of(token: Token | None, parties: list[Party]) -> list[Entity]:
    """The parties a predicate is said of: the subject of its clause, or the name it qualifies
    (apposition, participle, relative clause), with the names coordinated with it."""
    for _ in range(8):
        if token is None:
            return []
        subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
        subject = subjects[0] if subjects else None
        if subject is not None and subject.tag_ not in _RELATIVE:
            return next((n for n in (_named(c, parties) for c in subjects) if n), [])
        if token.dep_ in ("appos", "acl", "relcl"):
            beside = _just_before(token.left_edge, parties)
            if beside is not None and token.dep_ != "acl":
                return [beside]
            named = _named(token.head, parties)
            if named or token.head.dep_ not in ("appos", "acl", "relcl", "attr"):
                return named
            token = token.head
        elif token.dep_ in _CLIMB or (token.dep_ == "conj" and token.pos_ in ("VERB", "AUX")):
            token = token.head
        else:
            return []
    return []


def _just_before(token: Token, parties: list[Party]) -> Entity | None:
    """The name an apposition or relative clause follows: 'X, a subsidiary of', 'X, which'.
    The parse often hangs such a phrase on an earlier noun; the comma is surer."""
    text = token.doc.text
    for party in parties:
        if party.end <= token.idx and re.fullmatch(r"\s*,\s*", text[party.end : token.idx]):
            return party.entity
    return None


def _pair(
    context: Context,
    paragraph: Paragraph,
    sent: Span,
    match: re.Match[str],
    parties: list[Party],
    kind: RelationType,
) -> None:
    """'X and Y are associated with Z', 'X, a subsidiary of Z': the subject, the party after."""
    after = _after(parties, match.end(), reach=60)
    if not after or ";" in paragraph.text[match.end() : after[0].start]:
        return
    obj = after[0].entity
    if re.search(
        r"(?:%|percent)[\s-]*$", paragraph.text[max(0, match.start() - 12) : match.start()]
    ):
        return  # 'X, 30% owned by Y' is read by _ownership
    for subject in _said_of(_token_at(sent, match.start()), parties):
        sub_kind = kind
        if kind == "subsidiary_of" and obj.type == "person":
            sub_kind = "associated_with"
        _add(context, sub_kind, subject, obj, paragraph, sent)


def _title(word: str) -> bool:
    return word.lower().strip(".,()") in _title_words()


def _work_word(word: str) -> bool:
    word = word.lower().strip(".,()")
    return word in _words("office") or word in _words("employment")


def _office_word(words: list[str]) -> bool:
    """Whether the words name an office ('Director', 'then-Secretary', 'A/S')."""
    forms = {f for w in words for f in (w.lower().strip(".,()"), w.lower().split("-")[-1])}
    return bool(forms & _words("office"))


def _people_and_offices(
    context: Context, paragraph: Paragraph, sent: Span, parties: list[Party]
) -> None:
    """A person and the body they serve: 'FCO Director Jane Roe', "the FCO's Jane Roe",
    'Jane Roe, Deputy Director of the FCO', 'Jane Roe (Head, Policy Unit, FCO)', 'Jane Roe and
    John Doe (ISN/MTR)'. Named with an office, an official; named with none, an employee."""
    for i, party in enumerate(parties):
        if party.entity.type != "person" or all(_title(w) for w in party.entity.name.split()):
            continue
        found = _office_before(context, paragraph, sent, parties, i) or _office_after(
            context, paragraph, sent, parties, i
        )
        if found is None:
            continue
        office, words, people = found
        if office.subtype in ("regime", "program"):
            continue
        kind: RelationType = "official_of" if _office_word(words) else "employee_of"
        for person in people:
            _add(context, kind, person, office, paragraph, sent)


def _coordinated(text: str, parties: list[Party], i: int, step: int) -> list[Entity]:
    """The person at i and those joined to it by 'and' ('A and B', 'Director A and Deputy
    Director B'), going by step: a comma list often gives each its own office."""
    people = [parties[i].entity]
    j = i
    while 0 <= j + step < len(parties) and parties[j + step].entity.type == "person":
        left, right = sorted((parties[j], parties[j + step]), key=lambda p: p.start)
        words = text[left.end : right.start].split()
        if not words or words[0] != "and" or not all(_title(w) for w in words[1:]):
            break
        j += step
        people.append(parties[j].entity)
    return people


def _office_before(
    context: Context, paragraph: Paragraph, sent: Span, parties: list[Party], i: int
) -> tuple[Entity, list[str], list[Entity]] | None:
    """'FCO Deputy Director Jane Roe', "the FCO's Jane Roe", 'FCO chairmen A and B', 'the
    Policy Unit at the FCO (Director Jane Roe and Deputy Director John Doe)'."""
    text = paragraph.text
    person = parties[i]
    org = _body_before(context, text, parties, i)
    if org is None:
        return None
    gap = text[org.end : person.start]
    possessive = re.match(r"(?:['’]s|,s)\s+", gap) or (org.possessive and not gap.strip())
    bracket = re.fullmatch(r"\s*\((?P<words>[^(),]*)", gap)
    words = gap.replace(",", " ").replace("(", " ").split()
    if possessive:
        words = words[1:] if words and not org.possessive else words
        tokens = [t for t in sent if org.end <= t.idx < person.start]
        if len(words) > 7 or any(t.pos_ in ("VERB", "AUX", "CCONJ", "ADP") for t in tokens[1:]):
            return None
    elif len(words) > 5 or not all(_title(w) for w in words) or "," in gap:
        return None
    lead = re.search(
        r"([\w/-]+)\s+(?:of|for)\s+(?:the\s+)?$", text[max(0, org.start - 40) : org.start]
    )
    if lead:
        words = [lead.group(1), *words]  # 'Secretary of Health and Human Services Tom Roe'
    office = org.entity
    if bracket and i >= 2:
        unit = parties[i - 2]
        if _unit_name(unit.entity) and re.fullmatch(
            r"\s+(?:at|of|in|within)\s+(?:the\s+)?", text[unit.end : org.start]
        ):
            office = unit.entity
    return office, words, _coordinated(text, parties, i, 1)


def _body_before(context: Context, text: str, parties: list[Party], i: int) -> Party | None:
    """The organization named just before the person at i: the party before it, or a word
    that is the name or acronym of an organization the cable names elsewhere."""
    if i > 0 and parties[i - 1].entity.type == "organization":
        return parties[i - 1]
    start = parties[i].start
    lower = parties[i - 1].end if i > 0 else 0
    words = list(re.finditer(r"[^\s(),]+", text[lower:start]))
    while words and _title(words[-1].group()):
        words.pop()
    if not words:
        return None
    word = words[-1]
    form = re.sub(r"['’]s$", "", word.group())
    for entity in context.entities:
        if entity.type == "organization" and form in (entity.name, *entity.aliases):
            return Party(lower + word.start(), lower + word.start() + len(form), entity)
    return None


_AFTER_GAPS = (
    re.compile(r"\s*\((?P<words>[^()]{0,60}?,\s*)?"),
    re.compile(
        r",\s+(?P<words>(?:the\s+|an?\s+)?(?:[\w/-]+\s+){0,5}?)(?:of|at|for|in)\s+(?:the\s+)?"
    ),
    re.compile(
        r"\s+(?:is|was)\s+(?P<words>(?:the\s+|an?\s+)?(?:[\w/-]+\s+){1,4}?)of\s+(?:the\s+)?"
    ),
    re.compile(r"\s+of\s+(?:the\s+)?"),
)


def _office_after(
    context: Context, paragraph: Paragraph, sent: Span, parties: list[Party], i: int
) -> tuple[Entity, list[str], list[Entity]] | None:
    """'Jane Roe, Director of the FCO', 'Jane Roe (Deputy Head, Policy Unit, FCO)',
    'A and B (Argonne National Laboratory)'. Bodies listed after the first in the brackets
    are the units it belongs to."""
    text = paragraph.text
    if i + 1 >= len(parties) or parties[i + 1].entity.type != "organization":
        return None
    person, org = parties[i], parties[i + 1]
    if text[org.end : org.end + 1] == "-":
        return None  # 'commander of the GRU-controlled battalion': the body is a modifier
    between = text[person.end : org.start]
    for number, gap in enumerate(_AFTER_GAPS):
        match = gap.fullmatch(between)
        if match is None:
            continue
        words = (match.groupdict().get("words") or "").replace(",", " ").split()
        if number in (1, 2) and not any(_work_word(w) for w in words):
            return None  # 'X, a strong adherent of Y' says no office
        if number == 0:
            _unit_chain(context, paragraph, sent, parties, i + 1)
            close = text.find(")", org.end)
            words += text[org.end : close if close > 0 else org.end].replace(",", " ").split()
        return org.entity, words, _coordinated(text, parties, i, -1)
    return None


def _unit_chain(
    context: Context, paragraph: Paragraph, sent: Span, parties: list[Party], i: int
) -> None:
    """'(Deputy Head, Security Policy Group, FCO)': each body belongs to the one after it."""
    text = paragraph.text
    while i + 1 < len(parties):
        unit, parent = parties[i], parties[i + 1]
        if (
            not re.fullmatch(r",\s*", text[unit.end : parent.start])
            or ")" in text[unit.end : parent.start]
        ):
            return
        if unit.entity.type == parent.entity.type == "organization":
            _add(context, "subsidiary_of", unit.entity, parent.entity, paragraph, sent)
        i += 1


def _unit_name(entity: Entity) -> bool:
    words = entity.name.split()
    return entity.type == "organization" and words[-1].lower() in _words("unit_head")


def _units(context: Context, paragraph: Paragraph, sent: Span, parties: list[Party]) -> None:
    """'the Disarmament Division at the Ministry', "the Department's Export Program": a unit
    and the body it is part of."""
    text = paragraph.text
    for first, second in pairwise(parties):
        if not first.entity.type == second.entity.type == "organization":
            continue
        gap = re.sub(r"\([^()]{0,20}\)", "", text[first.end : second.start])
        if _unit_name(first.entity) and re.fullmatch(r"\s+(?:at|of|in|within)\s+(?:the\s+)?", gap):
            _add(context, "subsidiary_of", first.entity, second.entity, paragraph, sent)
        elif _unit_name(second.entity) and (
            re.fullmatch(r"(?:['’]s|,s)\s+", gap) or (first.possessive and not gap.strip())
        ):
            _add(context, "subsidiary_of", second.entity, first.entity, paragraph, sent)


def _named_units(context: Context) -> None:
    """'FCO Counter-Proliferation Department': a unit whose name begins with its parent's."""
    forms = {
        form.lower(): e
        for e in context.entities
        if e.type == "organization" and e.subtype not in ("regime", "program")
        for form in [e.name, *e.aliases]
    }
    for unit in [e for e in context.entities if _unit_name(e) and e.mentions]:
        words = unit.name.split()
        for n in range(len(words) - 1, 0, -1):
            parent = forms.get(" ".join(words[:n]).lower())
            if parent is not None and parent.id != unit.id:
                source = unit.mentions[0].source
                _add_source(context, "subsidiary_of", unit, parent, source)
                break


def _developers(context: Context, paragraph: Paragraph, sent: Span, parties: list[Party]) -> None:
    """ "Iran's ballistic missile developer X" and "X, which is responsible for Iran's missile
    programs": X is developer of the program."""
    text = paragraph.text
    for match in _DEVELOPER.finditer(text, sent.start_char, sent.end_char):
        developer = [p.entity for p in parties if p.start == match.end()]
        if not developer:
            continue
        if match.group("owner"):
            program: Entity | None = context.organization(
                program_name(match.group("owner"), match.group("kind")), "program"
            )
        else:
            program = _program_of_kind(context, match.group("kind"))
        if program is not None:
            _add(context, "developer_of", developer[0], program, paragraph, sent)
    for match in _RESPONSIBLE.finditer(text, sent.start_char, sent.end_char):
        named = _entities_between(context, paragraph, match.end(), sent.end_char)
        program = next((e for e in named if e.subtype == "program"), None)
        if program is None:
            continue
        for subject in _said_of(_token_at(sent, match.start()), parties):
            _add(context, "developer_of", subject, program, paragraph, sent)


def _entities_between(context: Context, paragraph: Paragraph, start: int, end: int) -> list[Entity]:
    by_id = {e.id: e for e in context.entities}
    return [
        by_id[f.entity]
        for f in sorted(context.found, key=lambda f: f.start)
        if f.entity and f.paragraph.index == paragraph.index and start <= f.start < end
    ]


def _program_of_kind(context: Context, kind: str) -> Entity | None:
    """The one program of the cable that is of that kind ('ballistic missile'), if one."""
    words = kind.lower().split()[-2:]
    programs = [
        e
        for e in context.entities
        if e.subtype == "program" and all(w in e.name.lower() for w in words)
    ]
    return programs[0] if len(programs) == 1 else None


def _intermediaries(
    context: Context, paragraph: Paragraph, sent: Span, parties: list[Party]
) -> None:
    text = paragraph.text
    for match in _INTERMEDIARY_FOR.finditer(text, sent.start_char, sent.end_char):
        agent = [p.entity for p in parties if p.end <= match.start()]
        for party in _after(parties, match.end(), 4, reach=len(text)):
            if agent:
                _add(context, "intermediary_for", agent[-1], party.entity, paragraph, sent)
    for match in _COORDINATED_BY.finditer(text, sent.start_char, sent.end_char):
        _coordinated_by(context, paragraph, sent, match, parties)
    for match in _THROUGH_AGENT.finditer(text, sent.start_char, sent.end_char):
        agent = [p.entity for p in parties if p.start == match.end()]
        for principal in _said_of(_token_at(sent, match.start()), parties) if agent else []:
            _add(context, "intermediary_for", agent[0], principal, paragraph, sent)


def _coordinated_by(
    context: Context,
    paragraph: Paragraph,
    sent: Span,
    match: re.Match[str],
    parties: list[Party],
) -> None:
    """'dealings between X and Y were coordinated by Z': Z is intermediary for Y, the party
    the dealings were for. A country as Y says too little to make a relation."""
    after = _after(parties, match.end(), reach=len(paragraph.text))
    between = re.search(
        r"\bbetween\b.+?\band\s+(?=\S)", paragraph.text[sent.start_char : match.start()]
    )
    if not after or not between:
        return
    at = sent.start_char + between.end()
    starting = [p.entity for p in parties if p.start == at]
    party = starting[0] if starting else context.entity_at(paragraph, at, at + 1)
    if party is not None and party.type in ("organization", "person"):
        _add(context, "intermediary_for", after[0].entity, party, paragraph, sent)


def _ownership(context: Context, paragraph: Paragraph, sent: Span, parties: list[Party]) -> None:
    """'X, 30% owned by Y'; 'Y holds a 61% stake in X': a majority makes a subsidiary, a
    minority an association."""
    text = paragraph.text
    for pattern in (_OWNED, _STAKE):
        for match in pattern.finditer(text, sent.start_char, sent.end_char):
            after = _after(parties, match.end(), reach=40)
            said = _said_of(_token_at(sent, match.start("verb")), parties)
            if not after or not said:
                continue
            kind: RelationType = (
                "subsidiary_of" if float(match.group("pct")) > 50 else "associated_with"
            )
            for other in said:
                owned, owner = (other, after[0].entity)
                if pattern is _STAKE:
                    owned, owner = owner, owned
                _add(context, kind, owned, owner, paragraph, sent)


def _own_subsidiaries(
    context: Context, paragraph: Paragraph, sent: Span, parties: list[Party]
) -> None:
    """'X and its subsidiary Y': Y is a subsidiary of X."""
    text = paragraph.text
    for parent, child in pairwise(parties):
        if _ITS_SUBSIDIARY.fullmatch(text[parent.end : child.start]):
            _add(context, "subsidiary_of", child.entity, parent.entity, paragraph, sent)


def _fronts(context: Context, paragraph: Paragraph, sent: Span, parties: list[Party]) -> None:
    """'Y uses X (and Z) as a front': X and Z are fronts for Y."""
    for match in _AS_FRONT.finditer(paragraph.text, sent.start_char, sent.end_char):
        verb = _token_at(sent, match.start())
        verb = verb.head if verb is not None else None
        if verb is None or verb.lemma_ != "use":
            continue
        users = [e for c in verb.children if c.dep_ == "nsubj" for e in _named(c, parties)]
        for child in [c for c in verb.children if c.dep_ == "dobj"]:
            start, end = child.left_edge.idx, child.right_edge.idx + len(child.right_edge)
            for front in [p.entity for p in parties if start <= p.start < end]:
                for user in users:
                    _add(context, "front_for", front, user, paragraph, sent)


def _listings(context: Context, paragraph: Paragraph, sent: Span, parties: list[Party]) -> None:
    """'designated under UNSCR 1737', 'sanctioned under Resolution 1737', 'placing X on the
    Consolidated List', 'added X to its list': the party and the resolution or list."""
    text = paragraph.text
    for match in _DESIGNATED.finditer(text, sent.start_char, sent.end_char):
        resolution = _RESOLUTION.search(text, match.end(), min(sent.end_char, match.end() + 120))
        if not resolution:
            continue
        regime = _resolution(context, resolution.group(1))
        for subject in _said_of(_token_at(sent, match.start()), parties):
            _add(context, "designated_under", subject, regime, paragraph, sent)
    for listing in [p for p in parties if p.entity.name.lower().split()[-1] == "list"]:
        token = _token_at(sent, listing.start)
        while token is not None and token.dep_ in ("compound", "amod"):
            token = token.head
        prep = token.head if token is not None and token.dep_ == "pobj" else None
        verb = prep.head if prep is not None and prep.dep_ in ("prep", "dative") else None
        if verb is None or verb.lemma_.lower() not in _LIST_VERBS:
            continue
        for child in verb.children:
            if child.dep_ in ("dobj", "nsubjpass"):
                for party in _named(child, parties):
                    _add(context, "designated_under", party, listing.entity, paragraph, sent)


def _resolution(context: Context, number: str) -> Entity:
    """The cable's entity for Security Council resolution `number`, made if only implied."""
    form = re.compile(rf"\b(?:resolution|unscr|scr)\s*{number}\b", re.I)
    for entity in context.entities:
        if entity.subtype == "regime" and any(
            form.search(n) for n in [entity.name, *entity.aliases]
        ):
            return entity
    entity = context.organization(f"United Nations Security Council Resolution {number}", "regime")
    entity.aliases.append(f"UNSCR {number}")
    return entity


def _add(
    context: Context,
    kind: RelationType,
    subject: Entity,
    obj: Entity,
    paragraph: Paragraph,
    sent: Span,
) -> None:
    source = context.source(paragraph, sent.start_char, sent.end_char, sent.text)
    _add_source(context, kind, subject, obj, source)


def _add_source(
    context: Context, kind: RelationType, subject: Entity, obj: Entity, source: Source
) -> None:
    """One relation per (type, subject, object); each sentence stating it is a source."""
    if subject.id == obj.id:
        return
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
