"""Join mentions into entities: acronym definitions, later uses, misspelt acronyms, name
variants without their company-type words, and 'the company' referring back."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from abbreviations import schwartz_hearst
from rapidfuzz import fuzz
from rapidfuzz.distance import DamerauLevenshtein
from wordfreq import zipf_frequency

from reftel.extraction.facts import Entity, EntityType, Mention
from reftel.extraction.lexicons import (
    company_words,
    country_forms,
    country_of_form,
    given_name,
    listed_organization,
    name_head_type,
    names_no_party,
    organization_heads,
    sovereign_title,
)
from reftel.extraction.mentions import REPEAT, role_words
from reftel.extraction.pipeline import Context, Found
from reftel.extraction.truecase import capital_lines
from reftel.reading.conventions import load as load_conventions
from reftel.record import Paragraph

_ACRONYM_TOKEN = re.compile(r"\b[A-Z][A-Z0-9&]{2,9}\b")
_REFER_BACK = re.compile(r"\b(?:the|this|that)\s+(company|firm|entity|corporation)\b", re.I)


def name_key(text: str) -> str:
    """Lower-cased name without punctuation, articles and company-type words."""
    words = re.findall(r"[\w&]+", text.lower().replace("’", "'").replace("'s", ""))
    kept = [w for w in words if w not in company_words() and w not in ("the", "of", "and")]
    return " ".join(kept or words)


def _acronym_pairs(context: Context) -> dict[str, str]:
    """Short form -> long form, from 'Long Form Name (LFN)' anywhere in the cable."""
    pairs: dict[str, str] = {}
    for paragraph, _doc in context.docs:
        found = schwartz_hearst.extract_abbreviation_definition_pairs(
            doc_text=paragraph.text, most_common_definition=True
        )
        for short, long in _initials_pairs(paragraph.text):
            found.setdefault(short, long)
        for short, long in found.items():
            long = " ".join(long.split())
            # A long form is a name: capitalised, and not cable apparatus ('UNSCR').
            if (
                not long[:1].isupper()
                or long.lower() in role_words()
                or short.lower() in (role_words())
            ):
                continue
            capitals = sum(1 for c in short if c.isupper())
            # 'NATO', and mixed forms whose capitals are the initials: 'DLco', 'GoA'.
            if short[:1].isupper() and capitals >= 2 and len(short) >= 2 and short not in pairs:
                pairs[short] = long
    return pairs


_BEFORE_PARENTHESIS = re.compile(r"((?:[A-Z][\w&'’-]*\s+){1,8})\(([A-Z][A-Za-z&]{1,9})\)")


def _initials_pairs(text: str) -> list[tuple[str, str]]:
    """'Delta Logistics (DLco)': a short form in parentheses whose capitals are the initials of
    the capitalised words just before it (forms Schwartz-Hearst passes over)."""
    pairs = []
    for match in _BEFORE_PARENTHESIS.finditer(text):
        words, short = match.group(1).split(), match.group(2)
        capitals = "".join(c for c in short if c.isupper())
        if len(capitals) < 2 or len(capitals) > len(words):
            continue
        tail = words[-len(capitals) :]
        if "".join(w[0] for w in tail) == capitals:
            pairs.append((short, " ".join(tail)))
    return pairs


def _misspelling_of(token: str, acronyms: list[str]) -> str | None:
    """A slip of the pen: one edit away, or the same letters in another order."""
    for acronym in acronyms:
        if token == acronym or len(token) < 4 or abs(len(token) - len(acronym)) > 1:
            continue
        same_letters = sorted(token) == sorted(acronym) and token[0] == acronym[0]
        if same_letters or DamerauLevenshtein.distance(token, acronym) <= 1:
            return acronym
    return None


def join_entities(context: Context) -> None:
    pairs = _acronym_pairs(context)
    # Long forms the model missed or cut become mentions themselves.
    for short, long in pairs.items():
        for paragraph, _doc in context.docs:
            for match in re.finditer(
                re.escape(long) + r"\s*\(" + re.escape(short) + r"\)", paragraph.text
            ):
                start, end = match.start(), match.start() + len(long)
                overlapping = context.overlapping(paragraph, start, end)
                if any(
                    f.type != "organization" and f.start <= start and f.end >= end
                    for f in overlapping
                ):
                    continue  # the long form is itself a country or place: 'United States (US)'

                for f in overlapping:
                    context.found.remove(f)
                context.add_found(paragraph, start, end, "ACRONYM_DEFINITION", "organization")
    # Acronyms and their misspellings wherever they stand.
    known = list(pairs)
    for paragraph, _doc in context.docs:
        for match in _ACRONYM_TOKEN.finditer(paragraph.text):
            token = match.group(0)
            if token in pairs or _misspelling_of(token, known):
                taken = [
                    f
                    for f in context.found
                    if f.paragraph.index == paragraph.index
                    and f.start < match.end()
                    and match.start() < f.end
                ]
                if not taken:
                    context.add_found(
                        paragraph, match.start(), match.end(), "ACRONYM", "organization"
                    )

    # Meetings and papers, named or by their acronym ('NIE'), are no parties.
    context.found[:] = [
        f for f in context.found if f.key or not names_no_party(pairs.get(f.text, f.text))
    ]
    # A name the lexicon knows, written out or as its acronym, joins the lexicon's entity.
    lexicon_keys = {name_key(f.key): f"{f.type}:{f.key}" for f in context.found if f.key}
    groups: dict[str, list[Found]] = {}
    for found in sorted(context.found, key=lambda f: (f.paragraph.index, f.start)):
        key = _group_key(found, pairs, known)
        if not found.key:
            key = lexicon_keys.get(key.split(":", 1)[1], key)
        groups.setdefault(key, []).append(found)
    _variants_join(groups)
    _surnames_join_full_names(groups)
    _short_names_join_companies(groups)
    _last_words_join_organizations(groups)
    _places_join_parties(groups)
    _governments_join_countries(groups)
    _variants_join_lexicon(groups)
    for number, (key, members) in enumerate(groups.items(), start=1):
        entity = _entity(context, f"{context.cable.id}:e{number}", key, members, pairs)
        context.entities.append(entity)
        for member in members:
            member.entity = entity.id
    _countries_of_organizations(context)


def _surnames_join_full_names(groups: dict[str, list[Found]]) -> None:
    """'Ambassador Masood Khan' ... 'Khan': a lone surname is the person named in full, when
    exactly one person in the cable bears it."""
    people = {
        key: members
        for key, members in groups.items()
        if any(m.type == "person" for m in members) and len(key.split(":", 1)[1].split()) > 1
    }
    for key in list(groups):
        words = key.split(":", 1)[1].split()
        if len(words) != 1 or key not in groups:
            continue
        owners = [k for k in people if k.split(":", 1)[1].split()[-1] == words[0]]
        if len(owners) == 1 and owners[0] != key:
            groups[owners[0]].extend(groups.pop(key))


def _short_names_join_companies(groups: dict[str, list[Found]]) -> None:
    """'Arvand Pouya' (even when the model took it for a person) is the company 'Arvand Pouya
    General Trading' named in full: a name of two words or more that begins a company's name."""
    companies = [
        key
        for key, members in groups.items()
        if any(m.type == "organization" for m in members) and key.startswith("party:")
    ]
    for key in list(groups):
        if not key.startswith("party:") or key not in groups:
            continue
        words = key.split(":", 1)[1].split()
        if len(words) < 2:
            continue
        longer = [
            k
            for k in companies
            if k != key and k in groups and k.split(":", 1)[1].split()[: len(words)] == words
        ]
        if len(longer) == 1:
            groups[longer[0]].extend(groups.pop(key))


def _last_words_join_organizations(groups: dict[str, list[Found]]) -> None:
    """'Creditanstalt' is 'Bank Austria Creditanstalt' named short: one word, not a generic
    head ('Bank', 'Group'), that ends the name of exactly one organization in the cable. A
    name a title makes a person's ('Mr. Saleh') joins only a person's full name."""
    organizations = [
        key
        for key, members in groups.items()
        if any(m.type == "organization" for m in members)
        and key.startswith(("party:", "organization:"))
        and len(key.split(":", 1)[1].split()) > 1
    ]
    for key in [k for k in groups if k.startswith("party:")]:
        words = key.split(":", 1)[1].split()
        if len(words) != 1 or words[0] in organization_heads():
            continue
        titled = any(context_type(m) == "person" for m in groups[key])
        longer = [
            k
            for k in organizations
            if k.split(":", 1)[1].split()[-1] == words[0]
            and (not titled or _personal_name(groups[k][0].text.split()))
        ]
        if len(longer) == 1:
            groups[longer[0]].extend(groups.pop(key))


def _variants_join(groups: dict[str, list[Found]]) -> None:
    """Spelling variants of one name in one cable: 'Hafiz Muhammed Saeed' and 'Hafiz Muhammad
    Saeed', 'Hafiz Saeed'; 'Lashkar-e-Tayibba' and 'Lashkar-e-Tayyiba'."""
    keys = [k for k in groups if k.startswith("party:")]
    for key in sorted(keys, key=len):
        if key not in groups:
            continue
        name = key.split(":", 1)[1]
        words = name.split()
        for other in sorted(keys, key=len, reverse=True):
            if other == key or other not in groups:
                continue
            longer = other.split(":", 1)[1]
            if _variant(name, words, longer):
                groups[other].extend(groups.pop(key))
                break


def _variants_join_lexicon(groups: dict[str, list[Found]]) -> None:
    """'Jaish-e-Muhamad' is the listed 'Jaish-e-Muhammad' spelt otherwise: a name the
    lexicon does not hold joins a listed organization it differs from by a letter or two."""
    listed = [k for k in groups if k.startswith("organization:")]
    for key in [k for k in groups if k.startswith("party:")]:
        name = key.split(":", 1)[1]
        if len(name) < 8:
            continue
        for other in listed:
            if fuzz.ratio(name, name_key(other.split(":", 1)[1])) >= 90:
                groups[other].extend(groups.pop(key))
                break


def _places_join_parties(groups: dict[str, list[Found]]) -> None:
    """A name no lexicon knows that the model reads once as a place and once as a party
    (as GPE, then as ORG) is one entity; the votes of its mentions type it."""
    for key in list(groups):
        if not key.startswith("place:") or any(m.key for m in groups[key]):
            continue
        party = "party:" + key.split(":", 1)[1]
        if party in groups:
            groups[party].extend(groups.pop(key))


def _governments_join_countries(groups: dict[str, list[Found]]) -> None:
    """'Government of Venezuela' (and its 'GOV') is Venezuela, as 'USG' is the United States:
    the telegrams name a state by its government."""
    for key in [k for k in groups if k.startswith("party:government ")]:
        country = country_of_form().get(key.split(" ", 1)[1])
        if country and f"country:{country}" in groups:
            groups[f"country:{country}"].extend(groups.pop(key))


def _variant(name: str, words: list[str], longer: str) -> bool:
    if len(name) >= 8 and fuzz.ratio(name, longer) >= 90:
        return True
    # A person's name with a middle name left out or spelt otherwise: same first and last;
    # or with a first name or honorific left out: 'Muhammad Saeed' of 'Hafiz Muhammad Saeed'.
    others = longer.split()
    return (
        len(words) >= 2
        and len(others) > len(words)
        and ((words[0] == others[0] and words[-1] == others[-1]) or others[-len(words) :] == words)
    )


def _group_key(found: Found, pairs: dict[str, str], known: list[str]) -> str:
    if found.key:
        return f"{found.type}:{found.key}"
    text = found.text
    acronym = text if text in pairs else _misspelling_of(text, known)
    if acronym:
        return f"party:{name_key(pairs[acronym])}"
    if found.type in ("organization", "person"):
        return f"party:{name_key(text)}"
    return f"{found.type}:{name_key(text)}"


def _entity(
    context: Context, entity_id: str, key: str, members: list[Found], pairs: dict[str, str]
) -> Entity:
    first = members[0]
    forms = Counter(m.text for m in members)
    long_forms = [long for short, long in pairs.items() if short in forms]
    name = first.key or max(long_forms or forms, key=lambda f: (len(f), forms[f]))
    entity_type = _entity_type(members, name)
    aliases = [f for f in forms if f != name]
    acronym = next((s for s, long in pairs.items() if name_key(long) == name_key(name)), None)
    if acronym and acronym not in aliases and acronym != name:
        aliases.append(acronym)
    subtype = next((m.subtype for m in members if m.subtype), None)
    if subtype is None and name_head_type(name) == "regime":
        subtype = "regime"  # 'Nonproliferation Treaty', 'UN Security Council Resolution 1737'
    if (
        entity_type == "organization"
        and subtype is None
        and any(w in company_words() for w in name.lower().split()[-2:])
    ):
        subtype = "company"
    return Entity(
        id=entity_id,
        type=entity_type,
        name=name,
        aliases=sorted(set(aliases), key=aliases.index),
        subtype=subtype,
        country=next((m.code for m in members if m.code), None)
        if entity_type in ("country", "place")
        else None,
        mentions=[
            Mention(
                text=m.text,
                label=m.label,
                source=context.source(
                    m.paragraph, m.start, m.end, _sentence_of(context, m.paragraph, m.start)
                ),
            )
            for m in members
        ],
    )


# Mentions found by a rule for organizations (not by the model's guess).
_ORGANIZATION_RULES = frozenset(
    {"COMPANY_RULE", "ACRONYM_DEFINITION", "ACRONYM", "PROGRAM", "HEAD_RULE", "POST_RULE"}
)
_ORDER: tuple[EntityType, ...] = ("organization", "person", "country", "place")


def _entity_type(members: list[Found], name: str) -> EntityType:
    """The type most of the evidence gives: a lexicon entry or an organization rule decides;
    else the model's labels vote, full names weighing more than a lone surname (which the
    small model often calls an ORG), and a name that opens with a known given name leans to
    a person."""
    keyed = {m.type for m in members if m.key}
    if keyed:
        return next(t for t in _ORDER if t in keyed)
    if any(m.label in _ORGANIZATION_RULES for m in members):
        return "organization"
    words = name.split()
    if len(words) > 1 and words[-1].lower().rstrip(".") in company_words():
        return "organization"
    if sovereign_title(name):
        return "person"
    head = name_head_type(name)
    if head == "place":
        return "place"
    if head in ("organization", "regime") or listed_organization(name):
        return "organization"
    if any(_before_country(m) for m in members):
        return "place"  # 'Mariupol, Ukraine', 'Kisumu, Kenya'
    if (
        len(name) <= 5
        and name.isalpha()
        and name.isupper()
        and zipf_frequency(name, "en") < 2
        and not any(capital_lines(m.paragraph.text) for m in members)
    ):
        return "organization"  # in mixed case, an acronym no lexicon knows names a body
    votes: Counter[str] = Counter()
    # A repeat found by its spelling alone neither votes nor lends its context: the name
    # may stand there inside another ('ISN/MTR James Mayes').
    read = [m for m in members if m.label != REPEAT]
    cues: Counter[str] = Counter(c for c in map(context_type, read) if c)
    for member in read:
        votes[member.type] += 2 if len(member.text.split()) > 1 else 1
    for cue, count in cues.items():
        votes[cue] += _CUE_WEIGHT * count
    if _personal_name(words) and not (cues.keys() - {"person"}):
        if any(m.type == "person" and len(m.text.split()) > 1 for m in members):
            return "person"
        votes["person"] += 3
    if len(name) <= 5 and name.isalpha() and name.isupper() and not votes["person"]:
        return "organization"  # a short acronym no lexicon knows ('ZANAK') is no place
    if votes["place"] > votes["organization"] + votes["person"]:
        return "place"
    if votes["person"] > votes["organization"]:
        return "person"
    return "organization" if votes["organization"] else "place"


# What one mention's context says weighs more than the model's guess on that mention.
_CUE_WEIGHT = 3
# Titles that also open the names of bodies ('Defense Ministry', 'Foreign Office').
_BODY_TITLES = frozenset(
    {"defense", "defence", "foreign", "special", "crown", "prime", "under", "vice", "her", "his"}
    | {"desk", "exbs", "deputy", "assistant", "s/ct", "excellency", "highness", "majesty"}
)
_SPEECH = re.compile(
    r"\s+(?:also\s+)?(?:said|says|told|noted|stated|added|asked|explained|replied|stressed|"
    r"emphasi[sz]ed|argued|agreed|commented|insisted|responded|remarked|underscored|"
    r"acknowledged|complained|recalled|observed)\b",
    re.I,
)
# 'Point of contact ... is X', 'X: ph 202-647-4513': a point of contact is a person.
_CONTACT = re.compile(r"(?i)\b(?:points?\s+of\s+contact|POC)\b[^.;]{0,60}\b(?:is|are)\s+$")
_CONTACT_DETAILS = re.compile(r"(?i)\s*[:,]\s*(?:ph\b|tel\b|phone\b|\(?\d{3}\)?[ .-]?\d{3}-)")
# ', staff members of the Senate Foreign Relations Committee', ', a researcher at': an
# apposition that gives a person's post.
_APPOSITIVE_PERSON = re.compile(
    r",\s+(?:an?\s+|the\s+)?(?:(?:senior|junior|former|chief|deputy|professional)\s+)?"
    r"(?:staff\s*(?:members?|ers?)|staffers?|employees?|researchers?|professors?|"
    r"advis[eo]rs?|spokes(?:man|woman|person)|officials?|aides?|diplomats?|scientists?|"
    r"engineers?)\s+(?:of|at|for|with|in)\b",
    re.I,
)
_BODY_NOUN = re.compile(
    r"\s+(?:officials?|sources?|men|spokes(?:man|woman|person)|officers?|staff|"
    r"representatives?|personnel|assistance|headquarters|members?)\b",
    re.I,
)
_PLACE_LIST = re.compile(
    r"\b(?:cities|towns|villages|provinces|districts|ports)\s+(?:of|like|such\s+as|including)\s+$"
    r"|\b(?:city|town|village|port)\s+of\s+$",
    re.I,
)


# 'the Chaoyang district', 'Guangdong province': a lower-case place word after the name.
_PLACE_HEAD = re.compile(
    r"\s+(?:district|province|county|township|prefecture|municipality|region|city|port)\b"
)
# 'Destination: Fang Chen', 'port of discharge: X', 'the destination in China, X'.
_DESTINATION = re.compile(
    r"(?i)\b(?:destination|port\s+of\s+(?:loading|discharge|entry)|place\s+of\s+origin)"
    r"\b[^.;]{0,25}?[:,]\s*$"
)


@cache
def _person_titles() -> frozenset[str]:
    titles = {t.lower().rstrip(".") for t in load_conventions().titles}
    return frozenset(titles - _BODY_TITLES)


def context_type(found: Found) -> EntityType | None:
    """What the words around one mention say it is: a title before it ('FM Muallim', 'DCM
    Darchiyev') or a verb of speech after it makes a person; 'X officials', 'X sources' a
    body; 'cities like X' a place."""
    text = found.paragraph.text
    before, after = text[max(0, found.start - 40) : found.start], text[found.end :]
    title = re.search(r"(\S+)\s+$", before)
    if title and title.group(1).lower().rstrip(".,") in _person_titles():
        return "person"
    if (
        _SPEECH.match(after)
        or _CONTACT.search(before)
        or _CONTACT_DETAILS.match(after)
        or _APPOSITIVE_PERSON.match(after)
    ):
        return "person"
    if _BODY_NOUN.match(after):
        return "organization"
    if _PLACE_LIST.search(before) or _PLACE_HEAD.match(after) or _DESTINATION.search(before):
        return "place"
    return None


def _before_country(found: Found) -> bool:
    """The name stands before ', <country>': a town given with its country."""
    after = re.match(
        r",\s*([A-Z][\w .'-]{2,40}?)(?=[,.;:)]|\s+(?:and|on|in|was|is)\b|$)",
        found.paragraph.text[found.end : found.end + 45],
    )
    return after is not None and after.group(1).strip().lower() in country_forms()


def _personal_name(words: list[str]) -> bool:
    """'Liane Hart', 'Nate Cole': two to four capitalised words opening with a given name,
    none of them a company-type word."""
    return (
        2 <= len(words) <= 4
        and all(w[:1].isupper() for w in words)
        and given_name(words[0].rstrip(".,"))
        and not any(w.lower().rstrip(".") in company_words() for w in words)
    )


def _sentence_of(context: Context, paragraph: Paragraph, offset: int) -> str:
    for p, doc in context.docs:
        if p.index == paragraph.index:
            for sent in doc.sents:
                if sent.start_char <= offset < sent.end_char:
                    return paragraph.text[sent.start_char : sent.end_char]
    return paragraph.text


def _countries_of_organizations(context: Context) -> None:
    """'the Chinese company X', 'Iranian entities X and Y', "Iran's ... developer X"."""
    by_id = {e.id: e for e in context.entities}
    for paragraph, doc in context.docs:
        for sent in doc.sents:
            inside = sorted(
                (
                    f
                    for f in context.found
                    if f.paragraph.index == paragraph.index
                    and sent.start_char <= f.start < sent.end_char
                ),
                key=lambda f: f.start,
            )
            for i, found in enumerate(inside):
                entity = by_id.get(found.entity or "")
                if entity is None or entity.type != "organization" or entity.country:
                    continue
                anchor = found.start  # start of the run of names 'X and Y' the found ends
                for before in reversed(inside[:i]):
                    gap = paragraph.text[before.end : anchor]
                    if before.type == "country" and _qualifies(gap):
                        entity.country = before.code
                        break
                    if before.type != "organization" or not re.fullmatch(
                        r",?\s+(?:and|or)\s+|,\s+", gap
                    ):
                        break
                    anchor = before.start


_NOT_A_MODIFIER = re.compile(
    r"\b(?:were|was|is|are|be|been|by|to|with|and|or|of|for|in|from|that|which|who|has|have|"
    r"had|on|at|as)\b"
)


def _qualifies(gap: str) -> bool:
    """The words between a country and a name make the country the name's own: 'Iranian
    entities X', "Iran's missile developer X", never 'Iran were coordinated by X'."""
    if _NOT_A_MODIFIER.search(gap):
        return False
    return len(gap) <= 70 and re.fullmatch(r"(?:'s|’s)?(?:\s+[a-z][\w-]*){0,6}\s+", gap) is not None


def refer_back(context: Context) -> None:
    """'the company', 'the firm' refer to the last company named before them."""
    by_id = {e.id: e for e in context.entities}
    for paragraph, _doc in context.docs:
        for match in _REFER_BACK.finditer(paragraph.text):
            earlier = [
                f
                for f in context.found
                if f.entity
                and (f.paragraph.index, f.end) <= (paragraph.index, match.start())
                and f.paragraph.index >= paragraph.index - 1
                and by_id[f.entity].type == "organization"
                and by_id[f.entity].subtype not in ("regime", "program", "government")
            ]
            if not earlier:
                continue
            last = max(earlier, key=lambda f: (f.paragraph.index, f.start))
            entity = by_id[last.entity or ""]
            entity.mentions.append(
                Mention(
                    text=match.group(0),
                    label="REFERS_BACK",
                    source=context.source(
                        paragraph,
                        match.start(),
                        match.end(),
                        _sentence_of(context, paragraph, match.start()),
                    ),
                )
            )
