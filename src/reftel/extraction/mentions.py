"""Find names: lexicon terms (countries, places, regimes), the model's entities, and rules for
company names and acronyms the model misses."""

from __future__ import annotations

import calendar
import re
from functools import cache

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Token
from wordfreq import zipf_frequency

from reftel.extraction.facts import EntityType
from reftel.extraction.lexicons import (
    Term,
    ambiguous_governments,
    any_given_name,
    company_terms,
    company_words,
    country_name,
    designator_patterns,
    given_name,
    goods_words,
    institution_nouns,
    name_head_type,
    name_openers,
    organization_heads,
    place_heads,
    place_word,
    post_country,
    telegram_words,
    term_automaton,
)
from reftel.extraction.pipeline import Context, Found
from reftel.extraction.truecase import capital_lines, is_all_caps, plain_word, restored_as_words
from reftel.reading.conventions import load as load_conventions
from reftel.reading.conventions import split_marking
from reftel.record import Paragraph

# A single word at least this frequent in English (Zipf scale) is an everyday word.
COMMON = 4.0

# Spans the model takes for names but which are cable apparatus: references, paragraph titles.
_APPARATUS = re.compile(
    r"^(?:refs?\b|reftels?\b|ref\s+[a-z]\b|para(?:graph)?s?\b|septel|notal|sipdis|noforn|"
    r"begin\b|end\b|summary|comment|action request|background|talking points|non-?paper|"
    r"(?:washington\s+)?poc\b|www\.|https?:)",
    re.I,
)
_MODEL_TYPES = {
    "ORG": "organization",
    "PERSON": "person",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
}


def _free(context: Context, paragraph: Paragraph, start: int, end: int) -> bool:
    return not context.overlapping(paragraph, start, end)


def _word_bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or after.isalnum())


def lexicon_mentions(context: Context) -> None:
    """Countries (and their adjectives), places and regimes, longest match first."""
    automaton = term_automaton()
    for paragraph, _doc in context.docs:
        text = paragraph.text
        caps = is_all_caps(text)
        hits: list[tuple[int, int, Term]] = []
        for end_index, (form, found_terms) in automaton.iter(text.lower()):
            start, end = end_index - len(form) + 1, end_index + 1
            term: Term = found_terms[0]
            # Short capital forms (US, UK, PRC) count only where written so, and never in
            # all-caps text, where 'US' may be the pronoun.
            short = term.form.isupper() and len(term.form.replace(".", "")) <= 2
            dotted = "." in term.form  # 'U.S.', 'U.K.' are never the pronoun, even in capitals
            if not _word_bounded(text, start, end) or (
                short
                and (
                    (caps and not dotted and not _country_in_capitals(text, end))
                    or text[start:end] != term.form
                )
            ):
                continue
            hits.append((start, end, term))
        hits.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
        for start, end, term in hits:
            if term.kind == "place" and _names_a_post(text, start, end):
                continue
            headed = _place_head_end(text, end) if term.kind in ("place", "country") else None
            part = _direction_start(text, start) if term.kind in ("place", "country") else None
            if (headed or part is not None) and _free(
                context, paragraph, part or start, headed or end
            ):
                # 'Beijing Road', 'Southern Argentina': another place, named after the known one
                context.add_found(paragraph, part or start, headed or end, "place", "place")
                continue
            if _free(context, paragraph, start, end):
                context.add_found(
                    paragraph,
                    start,
                    end,
                    term.kind,
                    _TERM_TYPES.get(term.kind, "place"),
                    key=term.key,
                    code=term.code,
                    subtype="regime" if term.kind == "regime" else term.subtype,
                )


def _place_head_end(text: str, end: int) -> int | None:
    """Where a name ends that a capitalised place head word continues: 'Azadi Square'."""
    head = re.match(r"[ \t]+([A-Z][a-z]+|[A-Z]{3,})\b", text[end : end + 20])
    if head and head.group(1).lower() in place_heads():
        return end + head.end()
    return None


_DIRECTION = re.compile(
    r"(?:^|(?<=[\s(]))(?:North|South|East|West|Northern|Southern|Eastern|Western|Central)"
    r"[ \t]+$",
    re.I,
)


def _direction_start(text: str, start: int) -> int | None:
    """Where 'South Tehran', 'Southern Argentina' begin: a part of a known place, named by a
    capitalised compass word before it (longer lexicon names such as 'South Africa' or
    'North Korea' are matched first)."""
    match = _DIRECTION.search(text[max(0, start - 12) : start])
    if match is None or not match.group(0)[:1].isupper():
        return None
    return start - len(match.group(0))


def _country_in_capitals(text: str, end: int) -> bool:
    """'US OFFICIALS', 'US-BRAZIL TRADE', 'IDEA US ACCEPTS': in capitals, 'US' names the
    country when a hyphen or a content word follows it; 'TOLD US THAT' is the pronoun."""
    after = re.match(r"(-)|\s+([A-Za-z]+)", text[end : end + 30])
    if after is None:
        return False
    return bool(after.group(1)) or after.group(2).lower() not in STOP_WORDS


def government_mentions(context: Context) -> None:
    """'GOI' is Iran's government in a cable from Tehran and India's in one from New Delhi:
    ambiguous government abbreviations are read by the country of the post that wrote, or by
    the cable's TAGS when they name exactly one of the candidates."""
    home = post_country(context.cable.origin)
    tagged = set(context.cable.tags)
    for abbreviation, candidates in ambiguous_governments().items():
        # The post's own country first; else the one country among the cable's TAGS.
        if home not in candidates:
            in_tags = [c for c in candidates if c in tagged]
            if len(in_tags) != 1:
                continue
            home = in_tags[0]
        name = country_name(home)
        for paragraph, _doc in context.docs:
            for match in re.finditer(rf"\b{re.escape(abbreviation)}\b", paragraph.text):
                if _free(context, paragraph, match.start(), match.end()):
                    context.add_found(
                        paragraph,
                        match.start(),
                        match.end(),
                        "government",
                        "country",
                        key=name,
                        code=home,
                    )


def _names_a_post(text: str, start: int, end: int) -> bool:
    """'Embassy Beijing', 'Washington POC': the place names a US office, not the story."""
    before = text[max(0, start - 25) : start]
    words = load_conventions().post_words
    if any(before.rstrip().lower().endswith(w.lower()) for w in words):
        return True
    return re.match(r"\s+POC\b", text[end : end + 6]) is not None


_TERM_TYPES: dict[str, EntityType] = {
    "regime": "organization",
    "organization": "organization",
    "country": "country",
    "country_adjective": "country",
    "government": "country",
}


def model_mentions(context: Context) -> None:
    """Organizations, people and places the statistical model finds."""
    for paragraph, doc in context.docs:
        for ent in doc.ents:
            entity_type = _MODEL_TYPES.get(ent.label_)
            if entity_type is None:
                continue
            start, end = _trim(paragraph.text, ent.start_char, ent.end_char)
            symbol = _SYMBOL_PREFIX.match(paragraph.text, start, end)
            if symbol:
                start = symbol.end()  # 'DOS/Office of ... Initiatives': the body, not its symbol
            titled = _after_titles(paragraph.text, start, end)
            if titled > start and (
                entity_type in ("person", "organization") or _abbreviated(paragraph.text, start)
            ):
                # 'Desk David Schnier', 'Ambassador Khan': a title, then a person's name.
                start, entity_type = titled, "person"
            if entity_type in ("person", "organization") and not capital_lines(paragraph.text):
                end = _before_titles(paragraph.text, start, end)
                if re.fullmatch(r"[A-Z]{2,4}", paragraph.text[start:end]) and end < ent.end_char:
                    continue  # 'EUR A/S': an office and a title, the officer unnamed
            if ent.label_ == "ORG":
                start = _after_comma(paragraph.text, start, end)
            firm = _FIRM_AFTER.match(paragraph.text, end)
            if firm and firm.group(1) not in STOP_WORDS:
                end, entity_type = firm.end(), "organization"  # 'Bao Gang steel company'
            district = _PLACE_HEAD.match(paragraph.text, end)
            if district and entity_type != "organization":
                end, entity_type = district.end(), "place"  # 'the Chaoyang district'
            headed = _place_head_end(paragraph.text, end)
            if headed and entity_type != "organization":
                end, entity_type = headed, "place"  # 'Karim Khan Avenue', 'Azadi Square'
            text = paragraph.text[start:end]
            if text.count("(") != text.count(")") or not text[:1].isalnum():
                continue  # a span cut through a marking or a parenthesis
            if split_marking(text)[0] is not None or re.search(r"\s(?:to|from|and the)\s", text):
                continue  # a portion marking ('S/NF'), or two names run together
            if re.search(r"\([A-Z]{1,3}(?:/{1,2}[A-Z ,]+)*\)|\d+\.\d+\.\d+", text):
                continue  # a heading with its marking, or a list or file number
            if end - start < 2 or _APPARATUS.match(text) or "xxxx" in text.lower():
                continue
            if text.lower() in role_words() or _common_word(text):
                continue
            if entity_type in ("person", "place") and _plain_phrase(text):
                continue  # 'Legal Counsel', 'Political Affairs', 'Member States': no one, nowhere
            if capital_lines(paragraph.text) and restored_as_words(ent):
                continue  # 'Biographic officers', 'the Undoing': words, whatever the model says
            if any(w.lower() in telegram_words() for w in text.split()):
                continue  # 'UNQTE', 'AIRGRAM', 'RPT': the telegram's own words
            if _tags_or_caption(context, text):
                continue
            if _vessel(paragraph.text, start, text):
                continue  # a ship ('MV Faina', 'Vessel: Kota Teraju'): no party
            located = entity_type == "place" or all(place_word(w) for w in text.split())
            if located and _names_a_post(paragraph.text, start, end):
                continue
            if not re.search(r"[A-Za-z]{2}", text):
                continue
            if not _free(context, paragraph, start, end) and not _body_of_place(
                context, paragraph, start, end, entity_type
            ):
                continue
            if is_goods_word(text) or (
                is_goods_word(text.split()[-1])
                and (any(p.search(text) for _kind, p in designator_patterns()))
            ):
                continue  # a designator or a material, not a name: goods are read elsewhere
            if entity_type != "place" and _modifies_goods(doc, start, end):
                continue  # 'PVC-insulated wire', 'Scud-based missile systems': a kind of goods
            if text.split()[-1].lower().rstrip(".") in company_words() and len(text.split()) > 1:
                entity_type = "organization"  # 'Pardis Aerospace Industrial Group' is no person
            context.add_found(paragraph, start, end, ent.label_, entity_type)  # type: ignore[arg-type]
    given_name_mentions(context)


# A capitalised word, then one more (a surname, hyphenated or not), and no third.
_GIVEN_AND_SURNAME = re.compile(
    r"\b(?P<given>[A-Z][a-z]{2,})[ \t]+(?P<surname>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b(?![ \t]*[A-Z])"
)


def _vessel(text: str, start: int, name: str) -> bool:
    """A ship's name: after a vessel prefix or label ('MV Faina', 'Vessel: Kota Teraju')."""
    return name.split()[0] in load_conventions().vessel_prefixes or bool(
        _VESSEL.search(text[max(0, start - 20) : start])
    )


# 'March Kodori', 'June Talks': month and day names are also given names.
_CALENDAR_WORDS = frozenset(calendar.month_name[1:]) | frozenset(calendar.day_name)


def given_name_mentions(context: Context) -> None:
    """'Russian FM Sergey Lavrov', 'WHA PDAS Craig Kelly': a known given name and a surname
    the model passed over are a person; a surname that is no everyday word, no place and no
    head of a body's name ('Rose Garden')."""
    for paragraph, doc in context.docs:
        if capital_lines(paragraph.text):
            continue
        for match in _GIVEN_AND_SURNAME.finditer(paragraph.text):
            given, surname = match.group("given"), match.group("surname")
            start, end = match.span()
            if (
                not given_name(given)
                or given in _CALENDAR_WORDS
                or _common_word(surname)
                or place_word(surname)
                or surname.lower() in organization_heads() | place_heads()
                or surname.lower() in role_words()
                or context.overlapping(paragraph, start, end)
                or _vessel(paragraph.text, start, match.group())
            ):
                continue
            first = doc.char_span(start, match.end("given"))
            if first is not None and first[0].is_sent_start and _common_word(given):
                continue  # 'Will Iran ...': a sentence's first word
            context.add_found(paragraph, start, end, "NAME_RULE", "person")


def _body_of_place(
    context: Context, paragraph: Paragraph, start: int, end: int, entity_type: str
) -> bool:
    """'the Yemeni Ministry of Defense', 'Bank of China', 'Dubai Customs': a body named with its
    country or place, its head word a body's, is one organization; the country and place names
    inside it give way (the body's country is read from them later)."""
    text = paragraph.text[start:end]
    if entity_type != "organization" or name_head_type(text) != "organization":
        return False
    if _POST_OF.search(paragraph.text[start : end + 40]):
        return False  # 'the Swedish Embassy in Bogota': a post, read whole by post_mentions
    after = re.match(r"\s+([\w/.-]+)", paragraph.text[end : end + 30])
    if after and _titled(after.group(1)):
        return False  # 'Shanghai Party Secretary': a place's office holder, no body named
    inside = context.overlapping(paragraph, start, end)
    if any(
        f.start < start or f.end > end or f.type not in ("country", "place") or not f.key
        for f in inside
    ):
        return False
    for f in inside:
        context.found.remove(f)
    return True


# A department's symbol and a slash before a body's full name: 'DOS/Office of X', 'DOE/National
# Nuclear Security Administration' (a symbol path such as 'ISN/MTR' has no spaced name after).
_SYMBOL_PREFIX = re.compile(r"[A-Z]{2,5}/(?=[A-Z][a-z]+\s+(?:of\s+)?[A-Z])")
# Words that name the ship after them: 'Vessel: Kota Teraju', 'aboard the Faina'.
_VESSEL = re.compile(r"(?i)\b(?:vessel|freighter|tanker|aboard(?:\s+the)?)\s*:?\s*$")
# A lower-case company word after a name, with at most one trade word between, makes the name a
# company's: 'the Bao Gang steel company', 'Sinopec oil firm'.
_FIRM_AFTER = re.compile(r"(?:\s+([a-z]+))?\s+(?:company|corporation|firm)\b")
# A lower-case place word after a name is part of it: 'Chaoyang district', 'Hebei province'.
_PLACE_HEAD = re.compile(r"\s+(?:district|province|county|township|prefecture|municipality)\b")


def _tags_or_caption(context: Context, text: str) -> bool:
    """A run of the cable's own TAGS ('PREL PGOV XX') or a caption line ('E.O. 12958', 'DECL')
    that the reader left in a paragraph."""
    words = text.split()
    tags = {t.upper() for t in context.cable.tags}
    if len(words) > 1 and all(w.upper() in tags for w in words):
        return True
    return re.search(r"\bE\.\s?O\.\s*\d|\d{5,}", text) is not None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading article, sentence opener or possessive ending, and a trailing
    possessive, from a span."""
    span = text[start:end]
    lead = re.match(
        r"(?i)(?:(?:the|a|an|both|either|neither|on|in|at|when|while|after|before|during|"
        r"since|if|although|as|for)\s+(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
        r"[a-z]*\.?\s+\d{1,2},?\s+)?|['’]s\s+)",
        span,
    )
    if lead:
        start += lead.end()
    # 'i.E. Genaro Garcia': an initial that ends an abbreviation before the name.
    initial = re.match(r"[A-Za-z]\.\s+", text[start:end])
    if initial and re.search(r"\b[A-Za-z]\.$", text[max(0, start - 2) : start]):
        start += initial.end()
    tail = re.search(r"(?i)(?:'s|’s|'|’|[:;,])$", text[start:end])
    if tail:
        end -= len(tail.group(0))
    # 'Cheng Jingye March 24', 'Kota Teraju to', 'McDonald, DCM': a date, a lower-case word
    # or a title after a comma ran on from the name.
    run_on = re.search(
        r"(?:\s+(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
        r"aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
        r"|(?-i:\s+[a-z]+)|,\s+\S+)$",
        text[start:end],
        re.I,
    )
    if run_on:
        extra = run_on.group(0)
        comma = extra.startswith(",")
        dated = not comma and extra[1:2].isupper() and re.match(r"\s+\d", text[end:]) is not None
        lowered = extra[1:2].islower() and extra.strip() in STOP_WORDS
        if (comma and _titled(extra)) or lowered or dated:
            end -= len(extra)
    return start, end


def _after_comma(text: str, start: int, end: int) -> int:
    """'Nonproliferation, National Security Council': two names the model ran together over
    a comma; the later is the body named ('Tabesh Co., Ltd.' keeps its legal form)."""
    comma = text.rfind(", ", start, end)
    if comma < 0 or text[comma + 2 : end].lower().rstrip(".") in company_words():
        return start
    rest = text[comma + 2 : end]
    return comma + 2 if rest[:1].isupper() and " " in rest else start


def _titled(words: str) -> bool:
    """', DCM', ', Ambassador': a title after a comma."""
    titles = {t.lower().rstrip(".") for t in load_conventions().titles}
    return words.strip(", ").lower().rstrip(".") in titles


def _common_word(text: str) -> bool:
    """One everyday English word ('Treaty', 'Party', 'Sanguine') is no name on its own; a
    frequent name the dictionary lacks ('Obama', 'Mitchell') is one."""
    if " " in text or not text.isalpha() or (text.isupper() and len(text) <= 5):
        return False
    return zipf_frequency(text.lower(), "en") >= COMMON and plain_word(text.lower())


def _plain_phrase(text: str) -> bool:
    """Several words, every one an everyday word and none a given name or a place head: an
    office's field or a common phrase in capitals, whatever the model says ('Legal Counsel',
    'Disarmament and Nuclear Nonproliferation' are no people; 'Member States' is no place)."""
    words = [w for w in re.findall(r"[A-Za-z]+", text) if w.lower() not in ("and", "of", "the")]
    if len(words) < 2 or any_given_name(words[0]) or words[-1].lower() in place_heads():
        return False
    return all(zipf_frequency(w.lower(), "en") >= COMMON and plain_word(w.lower()) for w in words)


def _after_titles(text: str, start: int, end: int) -> int:
    """Skip titles before a person's name: 'U/S for Political Affairs Burns' -> 'Burns'."""
    titles = {t.lower() for t in load_conventions().titles}
    words = list(re.finditer(r"\S+", text[start:end]))
    keep = start
    for i, word in enumerate(words[:-1]):
        if word.group(0).lower().rstrip(",") in titles or word.group(0) in ("for", "of"):
            keep = start + words[i + 1].start()
        elif i == 0 and words[1].group(0) in _OFFICE_TITLES:
            continue  # 'Treasury U/S Levey': the officer's department, then the title
        else:
            break
    return keep


def _abbreviated(text: str, start: int) -> bool:
    """'LTG Sadri', 'Dr. Khan': a title written short (a rank or an honorific) before a name
    makes it a person's, even one the model took for a place; 'General' or 'Prince' in full
    may begin a place's name."""
    title = text[start:].split(maxsplit=1)[0]
    return title.endswith(".") or (title.isupper() and len(title) <= 4) or len(title) <= 3


# Titles that follow the officer's department: 'Treasury U/S', 'WHA A/S', 'EUR PDAS'.
_OFFICE_TITLES = frozenset({"U/S", "A/S", "DAS", "PDAS"})


def _before_titles(text: str, start: int, end: int) -> int:
    """'Steinberg WHA Acting A/S': the next officer's office and title ran on from a name."""
    titles = {t.lower() for t in load_conventions().titles} | {"acting"}
    words = list(re.finditer(r"\S+", text[start:end]))
    while (
        len(words) > 1
        and not words[-2].group(0).islower()  # 'Ministry of Defence': part of a body's name
        and (
            words[-1].group(0).lower() in titles or re.fullmatch(r"[A-Z]{2,4}", words[-1].group(0))
        )
    ):
        words.pop()
    return start + words[-1].end()


@cache
def role_words() -> frozenset[str]:
    """Offices, officers and apparatus of the cable itself: roles, never parties."""
    return frozenset(w.lower() for w in load_conventions().role_words)


@cache
def _company_name() -> re.Pattern[str]:
    """A run of capitalised words ending in a company-type word: 'Tabesh Trading Company'.

    Company words match as written, Title-cased or in capitals; legal forms such as 'AS' or
    'SA' only as written, so that the English 'as' is never taken for one."""
    forms: set[str] = set()
    for term in company_terms():
        if not term.isascii() or len(term) < 2:
            continue
        forms.add(term)
        if term[:1].isupper() and term[1:].islower():
            forms.add(term.upper())
    words = sorted((re.escape(w) for w in forms), key=len, reverse=True)
    return re.compile(
        r"\b((?:[A-Z0-9][\w&'’-]*\s+(?:(?:of|for|de|la)\s+)?){1,6}(?:"
        + "|".join(words)
        + r"))(?![\w-])"
    )


def rule_mentions(context: Context) -> None:
    """Company names the model missed or cut short: capitalised words up to a company word."""
    pattern = _company_name()
    for paragraph, doc in context.docs:
        text = doc.text  # case restored where the paragraph was all capitals
        for match in pattern.finditer(text):
            start, end = match.span(1)
            first = text[start:end].split()[0]
            if not first[:1].isupper():
                continue
            start, end = _trim(paragraph.text, start, end)
            owner = re.match(r"[\w .-]+?['’]s\s+", paragraph.text[start:end])
            if owner:
                start += owner.end()  # "China's Zibo ... Company": the company without its owner
            overlapping = context.overlapping(paragraph, start, end)
            # A longer company name wins over the names inside it ('Hong Kong 4 Star
            # Electronics Ltd.' holds the place 'Hong Kong'); it never cuts a name in two.
            if any(
                f.start < start or f.end > end or (f.end - f.start) >= end - start
                for f in overlapping
            ):
                continue
            for f in overlapping:
                context.found.remove(f)
            context.add_found(
                paragraph, start, end, "COMPANY_RULE", "organization", subtype="company"
            )


# A letter three times running: a word garbled in transmission ('SAVAEEEAAA'), no name.
_GARBLED = re.compile(r"([A-Za-z])\1\1")
# Longest run of words before a head word that can still be one name.
_HEAD_REACH = 4


def head_mentions(context: Context) -> None:
    """In ALL-CAPITALS paragraphs, where the model sees no capitals to go by: a run of nouns
    and adjectives ending in an organization's head word, with a name among them ('IRANIAN
    UNITY PARTY', 'ZAMBIAN NAVY', 'CHILEAN NATIONAL COPPER COMPANY'), is an organization."""
    heads = organization_heads()
    for paragraph, doc in context.docs:
        if not capital_lines(paragraph.text):
            continue
        for token in doc:
            two = f"{token.nbor(-1).lower_} {token.lower_}" if token.i > 0 else ""
            if token.lower_ not in heads and two not in heads:
                continue
            first = token.i - 1 if two in heads else token.i
            words = []
            for i in range(first - 1, max(token.sent.start, first - 1 - _HEAD_REACH), -1):
                word = doc[i]
                if (
                    word.is_stop
                    or word.pos_ not in ("PROPN", "ADJ", "NOUN")
                    or not word.text[:1].isalpha()
                    or _GARBLED.search(word.text)
                    or word.ent_type_ in ("DATE", "TIME")
                    or any(
                        f.start < word.idx
                        for f in context.overlapping(paragraph, word.idx, word.idx + len(word.text))
                    )
                ):
                    break  # a function word, a number, a date, or a name reaching further back
                words.append(word)
            named = [
                w
                for w in words
                if w.text[:1].isupper() and (w.i != w.sent.start or place_word(w.text))
            ]
            if not named:
                continue
            start, end = _opened(named[-1], words), token.idx + len(token.text)
            overlapping = context.overlapping(paragraph, start, end)
            if any(
                f.start < start or f.end > end or (f.key and f.type != "country")
                for f in overlapping
            ):
                continue  # a longer name, or a lexicon name other than a country, stands
            for f in overlapping:
                context.found.remove(f)
            context.add_found(paragraph, start, end, "HEAD_RULE", "organization")


def _opened(first: Token, words: list[Token]) -> int:
    """Where a body's name in capitals begins: its first name word, or proper nouns and
    opening words such as 'NATIONAL' before it ('NATIONAL IRANIAN OIL COMPANY'); a verb or
    an epithet the model took for a noun ('NAVATT STATES ARGENTINE NAVY', 'NATIONALIST PAN
    IRANIST PARTY') is left out."""
    start = first.idx
    for word in words:
        if word.i >= first.i:
            continue
        if word.pos_ != "PROPN" and word.lower_ not in name_openers():
            break
        start = word.idx
    return start


_PROGRAM = re.compile(
    r"\b(?P<owner>(?-i:[A-Z][\w.-]*(?:\s[A-Z][\w.-]*)?))(?:'s|’s)\s+(?P<kind>(?:[\w-]+\s+){0,3}?"
    r"(?:ballistic missile|missile|nuclear weapons?|nuclear|chemical weapons?|biological weapons?|"
    r"space launch vehicle|uranium enrichment|enrichment|WMD))\s+programs?\b",
    re.I,
)


def program_mentions(context: Context) -> None:
    """Programs as the cables name them: "Iran's ballistic missile program"."""
    for paragraph, doc in context.docs:
        for match in _PROGRAM.finditer(doc.text):
            start, end = match.span()
            if not match.group("owner")[:1].isupper():
                continue
            overlapping = context.overlapping(paragraph, start, end)
            # The owner (a country) stays its own mention; the program spans the whole phrase.
            if any(f.type == "organization" for f in overlapping):
                continue
            context.add_found(
                paragraph,
                start,
                end,
                "PROGRAM",
                "organization",
                subtype="program",
                key=program_name(match.group("owner"), match.group("kind")),
            )


def program_name(owner: str, kind: str) -> str:
    """A program's canonical name: owner and kind, adjectives such as 'covert' dropped."""
    core = re.search(
        r"(ballistic missile|missile|nuclear weapons?|nuclear|chemical weapons?|biological "
        r"weapons?|space launch vehicle|uranium enrichment|enrichment|WMD)$",
        kind,
        re.I,
    )
    return f"{owner.strip()}'s {(core.group(1) if core else kind).lower()} program"


def is_goods_word(text: str) -> bool:
    """A designator (2A12, 7075-T6) or a material or form word (PVC), which names no party."""
    if text.lower() in goods_words():
        return True
    return any(p.fullmatch(text) for _kind, p in designator_patterns())


def _modifies_goods(doc: Doc, start: int, end: int) -> bool:
    """A one-word name that qualifies a goods noun ('PVC insulated wire', 'Scud-based
    missile systems'): the parse hangs it, through modifiers only, on a noun that it or its
    compounds show to be goods. A subject or an owner ('Iran's missiles') hangs otherwise."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) != 1 or span.root.dep_ not in ("npadvmod", "nmod"):
        return False
    token = span.root
    while token.dep_ in _MODIFIER_DEPS and token.head is not token:
        token = token.head
    nouns = [token, *(c for c in token.children if c.dep_ == "compound")]
    return token.pos_ in ("NOUN", "PROPN") and any(n.lower_ in goods_words() for n in nouns)


_MODIFIER_DEPS = frozenset({"npadvmod", "nmod", "amod", "compound"})


@cache
def _addressee() -> re.Pattern[str]:
    """'Embassy Lusaka, please see paragraph 6', 'Request Embassy Quito approach', 'For
    Embassies Oslo and Lima, please', 'Embassy Dakar is requested': a US post told what to
    do is the cable's addressee, not a party in the story."""
    posts = "|".join(
        re.escape(w) for w in sorted(load_conventions().post_words, key=len, reverse=True)
    )
    name = r"[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?"
    run = rf"(?:{posts})\s+{name}(?:(?:\s*,\s*|\s+and\s+){name})*"
    return re.compile(
        rf"(?:\b(?:Request|For|for)\s+(?P<a>{run}))"
        rf"|(?P<b>{run})(?=\s*,?\s*(?:please|is\s+(?:also\s+)?requested|are\s+"
        rf"(?:also\s+)?requested|should|see\s+para|:\s*$))"
    )


def _title_domain(text: str, start: int) -> bool:
    """'Under Secretary of State for Economic Affairs', 'Director for Arms Control and
    Verification': the field of an office title names no organization."""
    before = text[max(0, start - 80) : start]
    match = re.search(
        r"(\S+)(?:\s+of\s+State)?\s+(?:for|of\s+the)\s+(?:[A-Z][\w-]*,?\s+(?:and\s+)?)*$",
        before,
    )
    if match is None:
        return False
    titles = {t.lower() for t in load_conventions().titles} | {"director-general", "commissioner"}
    return match.group(1).lower().strip(",(") in titles


# Sentences about the telegram's own handling: slugs, points of contact, instructions to the
# posts that receive it, thanks and regards. Their posts and office symbols are no story.
_ADMINISTRATIVE = re.compile(
    r"(?i)\bslug\b|\bpoints?\s+of\s+contact\b|\bPOC\b|\b(?:posts|embassies|missions)"
    r"(?:['’,]|\s+(?:are|should|may|will)\b)|\bregards\b|\brecipients\b"
)


def _administrative(doc: Doc, start: int, end: int) -> bool:
    """The name stands in a sentence about the telegram's handling."""
    sentence = doc.char_span(start, end, alignment_mode="expand")
    return sentence is not None and _ADMINISTRATIVE.search(sentence.sent.text) is not None


def _apparatus_name(found: Found) -> bool:
    """A city (a US post) or an office symbol ('EAP', 'ISN/CATR'): what cable machinery names."""
    if found.type == "place":
        return True
    return (
        found.type == "organization"
        and not found.key
        and re.fullmatch(r"[A-Z]{1,5}", found.text) is not None
    )


def drop_roles(context: Context) -> None:
    """Drop names that are the cable's addressees or the field of an office title, whatever
    component found them (lexicon countries and places of the story stay), and posts and
    office symbols named only to route the telegram."""
    pattern = _addressee()
    for paragraph, doc in context.docs:
        spans = [
            m.span("a") if m.group("a") else m.span("b") for m in pattern.finditer(paragraph.text)
        ]
        for found in [f for f in context.found if f.paragraph.index == paragraph.index]:
            addressed = any(a <= found.start and found.end <= b for a, b in spans) or (
                _apparatus_name(found) and _administrative(doc, found.start, found.end)
            )
            role = (
                found.type == "organization"
                and not found.key
                and found.label not in ("COMPANY_RULE", "PROGRAM")
                and _title_domain(paragraph.text, found.start)
            )
            # An office with no one named, or a name in lower case ('utilities': the
            # model's guess at a common noun), is no party.
            unnamed = not found.key and (_only_titles(found.text) or found.text.islower())
            if addressed or role or unnamed or _not_the_place(found, doc):
                context.found.remove(found)


_SERIAL = re.compile(r"[ \t]+(?:0\d{3,6}|(?!19\d\d\b|20\d\d\b)\d{3,7})\b")


def _not_the_place(found: Found, doc: Doc) -> bool:
    """A city named for something else: a telegram ('BRASILIA 000905 provided a primer'), or
    the modifier of a noun such as 'agencies' or 'analysts' ('Washington agencies'), where it
    stands for the government seated there."""
    if found.type != "place":
        return False
    if _SERIAL.match(found.paragraph.text, found.end):
        return True
    span = doc.char_span(found.start, found.end, alignment_mode="expand")
    if span is None or span.end >= len(doc):
        return False
    last, after = span[-1], doc[span.end]
    return (
        last.dep_ == "compound"
        and last.head.i == after.i
        and after.text.lower() in institution_nouns()
    )


@cache
def _titles() -> frozenset[str]:
    return frozenset(t.lower().rstrip(".") for t in load_conventions().titles)


def _only_titles(text: str) -> bool:
    """'Amb', 'A/S', 'Vice Foreign Minister': an office with no one named is no party."""
    words = [w.strip(".,;:()").lower() for w in text.split()]
    return bool(words) and all(w in _titles() for w in words)


_POST_OF = re.compile(
    r"\b(?P<post>(?i:embassy|consulate(?:\s+general)?|mission))\s+(?:(?i:in|to)\s+)?"
    r"(?P<place>[A-Z][\w-]*(?:[ \t]+(?!The\b)[A-Z][\w-]*)?)"
)


def post_mentions(context: Context) -> None:
    """'U.S. Embassy Berlin', 'the Swedish Embassy in Bogota': a country's post, named with
    its country, is an organization of the story (an affiliation, a source), unlike the
    cable's addressees, which are named without one."""
    for paragraph, _doc in context.docs:
        text = paragraph.text
        for match in _POST_OF.finditer(text):
            owners = [
                f
                for f in context.found
                if f.paragraph.index == paragraph.index
                and f.type == "country"
                and re.fullmatch(r"\s+", text[f.end : match.start()])
            ]
            if not owners:
                continue
            start, end = owners[0].start, match.end("place")
            if capital_lines(text):
                # in capitals the place's end is unseen: its first word ('BRASILIA POLITICAL')
                end = match.start("place") + len(match.group("place").split()[0])
            inside = context.overlapping(paragraph, start, end)
            if any(f.start < start or f.end > end for f in inside):
                continue
            for f in inside:
                context.found.remove(f)
            context.add_found(paragraph, start, end, "POST_RULE", "organization")


REPEAT = "REPEAT"
"""The label of a name's repeat, found by its spelling: it gives the name no type."""


def repeated_mentions(context: Context) -> None:
    """A name found once in a cable is a name wherever else the cable writes it the same way:
    the model, reading sentence by sentence, misses some of its repeats ('a payment from
    Creditanstalt'). Countries come from the lexicon everywhere already; everyday words are
    left to the components that read their context."""
    known: dict[str, Found] = {}
    for found in context.found:
        if found.type != "country" and len(found.text) >= 4 and not _common_word(found.text):
            known.setdefault(found.text, found)
    if not known:
        return
    pattern = re.compile("|".join(re.escape(t) for t in sorted(known, key=len, reverse=True)))
    for paragraph, _doc in context.docs:
        for match in pattern.finditer(paragraph.text):
            start, end = match.span()
            if _word_bounded(paragraph.text, start, end) and _free(context, paragraph, start, end):
                model = known[match.group(0)]
                context.add_found(
                    paragraph,
                    start,
                    end,
                    REPEAT,
                    model.type,
                    key=model.key,
                    code=model.code,
                    subtype=model.subtype,
                )


_NAME_TAIL = re.compile(
    r"[ \t]+(?:for|of|to)[ \t]+(?:the[ \t]+)?[A-Z][\w'’-]*(?:[ \t]+(?:and[ \t]+)?[A-Z][\w'’-]*)*"
)


def name_tails(context: Context) -> None:
    """'Canadian Foundation for the Americas', 'Iranian Mission to the IAEA': after a body's
    head word, 'for', 'of' or 'to' and capitalised words go on with its name, where the model
    stopped at the head; a country alone after it ('Orion Pumps Limited of Malta') is where
    the body is, not its name."""
    for found in list(context.found):
        if found.type != "organization" or found.key or found not in context.found:
            continue
        if name_head_type(found.text) != "organization":
            continue
        text = found.paragraph.text
        tail = _NAME_TAIL.match(text, found.end)
        if tail is None:
            continue
        inside = [
            f for f in context.overlapping(found.paragraph, found.end, tail.end()) if f is not found
        ]
        if any(f.end > tail.end() or f.start < found.start for f in inside):
            continue
        if any(f.type == "country" for f in inside):
            continue
        for f in inside:
            context.found.remove(f)
        found.end = tail.end()
        found.text = text[found.start : found.end]
