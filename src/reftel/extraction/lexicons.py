"""Lexicons (countries, places, regimes, company-type words, goods) loaded from data files.

Each file under `reftel/data/lexicons/` lists entries with their public source; this module
only indexes them for lookup.
"""

from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import ahocorasick
from gender_guesser.detector import Detector
from rapidfuzz import fuzz, process
from wordfreq import zipf_frequency


@cache
def _file(name: str) -> dict[str, Any]:
    text = resources.files("reftel").joinpath(f"data/lexicons/{name}").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _entries(name: str, section: str = "entries") -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = _file(name).get(section, [])
    return entries


@dataclass(frozen=True)
class Term:
    """A name form found in text, and what it stands for."""

    form: str
    kind: str
    """country | country_adjective | place | regime | program | government"""
    key: str
    """Canonical name of the thing."""
    code: str | None
    """ISO country code, where the thing is or belongs to a country."""
    subtype: str | None = None


@cache
def countries() -> dict[str, dict[str, Any]]:
    """ISO alpha-2 code (and former codes such as SU) -> country entry."""
    entries = [
        *_entries("countries.json"),
        *_entries("countries.json", "former_countries"),
        *_entries("countries.json", "non_iso"),
    ]
    return {e["code"]: e for e in entries if e.get("code")}


def country_name(code: str) -> str:
    entry = countries().get(code)
    return str(entry["name"]) if entry else code


@cache
def ambiguous_governments() -> dict[str, tuple[str, ...]]:
    """Government abbreviations that stand for several countries (GOI) -> candidate codes."""
    out: dict[str, tuple[str, ...]] = {}
    for government in _entries("countries.json", "governments"):
        if government.get("ambiguous"):
            codes = government.get("candidates") or government.get("countries") or []
            out[government["abbreviation"]] = tuple(codes)
    return out


@cache
def post_country(origin: str | None) -> str | None:
    """The country of the post that wrote a cable: 'Embassy New Delhi' -> IN."""
    if not origin:
        return None
    place = origin.split(" ", 1)[1] if " " in origin else origin
    for entry in _entries("countries.json"):
        if str(entry.get("capital", "")).lower() == place.lower():
            return str(entry["code"])
    for entry in _entries("places.json"):
        if place.lower() in [n.lower() for n in [entry["name"], *entry.get("aliases", [])]]:
            return entry.get("country")
    return None


@cache
def terms() -> list[Term]:
    out: list[Term] = []
    countries_and_former = [
        *_entries("countries.json"),
        *_entries("countries.json", "former_countries"),
        *_entries("countries.json", "non_iso"),
    ]
    for government in _entries("countries.json", "governments"):
        if not government.get("ambiguous") and government.get("country"):
            out.append(
                Term(
                    government["abbreviation"],
                    "government",
                    country_name(government["country"]),
                    government["country"],
                )
            )
    for entry in countries_and_former:
        code = entry.get("code")
        name = entry["name"]
        for form in [name, *entry.get("aliases", [])]:
            out.append(Term(form, "country", name, code))
        for form in entry.get("adjectives", []):
            out.append(Term(form, "country_adjective", name, code))
            if form.endswith(("an", "i")) and form[:1].isupper():
                # The people, as a plural noun: 'Iranians', 'North Koreans', 'Pakistanis'.
                out.append(Term(form + "s", "country_adjective", name, code))
    # Transit hubs that are also territories (Hong Kong) read as places: they come first.
    for entry in sorted(_entries("places.json"), key=lambda e: not e.get("transit_hub")):
        for form in [entry["name"], *entry.get("aliases", [])]:
            term = Term(form, "place", entry["name"], entry.get("country"), entry.get("kind"))
            if entry.get("transit_hub"):
                out.insert(0, term)
            else:
                out.append(term)
    # A capital is a place in its country, unless the places lexicon already has it.
    named = {t.form.lower() for t in out}
    for entry in countries_and_former:
        for capital in [entry.get("capital"), *entry.get("former_capitals", [])]:
            if isinstance(capital, str) and capital and capital.lower() not in named:
                out.append(Term(capital, "place", capital, entry.get("code"), "city"))
                named.add(capital.lower())
    for entry in _entries("organizations.json"):
        for form in [entry["name"], *entry.get("aliases", [])]:
            out.append(Term(form, "organization", entry["name"], None, entry.get("kind")))
    for entry in _entries("programs_regimes.json"):
        if entry.get("kind") == "program_pattern":
            continue
        for form in [entry["name"], *entry.get("aliases", [])]:
            out.append(Term(form, "regime", entry["name"], entry.get("country"), entry.get("kind")))
    return out


@cache
def term_automaton() -> ahocorasick.Automaton:
    """Aho-Corasick over lower-cased forms; the value lists every Term with that form."""
    automaton = ahocorasick.Automaton()
    by_form: dict[str, list[Term]] = {}
    for term in terms():
        by_form.setdefault(term.form.lower(), []).append(term)
    for form, found in by_form.items():
        automaton.add_word(form, (form, tuple(found)))
    automaton.make_automaton()
    return automaton


@cache
def company_words() -> frozenset[str]:
    """Company-type words and legal forms, lower-cased, without trailing dots."""
    words: set[str] = set()
    for entry in _entries("company_types.json"):
        term = str(entry.get("term", "")).lower().rstrip(".")
        words.add(term)
        if entry.get("kind") == "legal_form" and " " in term:
            # 'Sdn. Bhd.', 'Co. Ltd.': each part of a legal form is a company word too.
            words.update(part.rstrip(".") for part in term.split())
    words.discard("")
    return frozenset(words)


@cache
def company_terms() -> tuple[str, ...]:
    """Company-type words and legal forms as written (GmbH, Company, AS)."""
    return tuple(e["term"] for e in _entries("company_types.json") if e.get("term"))


@cache
def goods_words() -> frozenset[str]:
    """Material and form words and their aliases, lower-cased (aluminum, wire, PVC)."""
    words: set[str] = set()
    for category in ("material", "form"):
        for entry in goods_entries(category):
            words.update(f.lower() for f in [entry["term"], *entry.get("aliases", [])])
    return frozenset(words)


@cache
def program_patterns() -> tuple[str, ...]:
    return tuple(
        e["name"].lower()
        for e in _entries("programs_regimes.json")
        if e.get("kind") == "program_pattern"
    )


def goods_entries(category: str) -> list[dict[str, Any]]:
    """Goods vocabulary of one category: material, form, designator_pattern, origin_pattern."""
    return [e for e in _entries("goods.json") if e.get("category") == category]


@cache
def designator_patterns() -> list[tuple[str, re.Pattern[str]]]:
    return [
        (
            p.get("kind", "designator"),
            re.compile(p["pattern"], re.I if "IGNORECASE" in p.get("flags", "") else 0),
        )
        for p in goods_entries("designator_pattern")
    ]


@cache
def cased_forms() -> dict[str, str]:
    """Lower-cased word -> its usual written form, for words of known names.

    Only words rarer than everyday English are listed, so that 'new' in 'New Delhi' does not
    capitalise every 'new'.
    """
    forms: dict[str, str] = {}
    names = [t.form for t in terms()] + [
        e["term"] for e in _entries("company_types.json") if not e.get("needs_context")
    ]
    for name in names:
        for word in re.findall(r"[A-Za-z][A-Za-z'’-]*", name):
            low = word.lower()
            if word == low or low in forms:
                continue
            # 'US', 'AS', 'TOO' are also everyday words: in capitals they stay words.
            if (word.isupper() and len(word) > 2) or zipf_frequency(low, "en") < 4.5:
                forms[low] = word
    for word in [*calendar.month_name[1:], *calendar.day_name]:
        forms[word.lower()] = word
    return forms


@cache
def _given_names() -> Detector:
    """Given names of many countries: the name dictionary of Jörg Michael's gender.c (GFDL),
    shipped in the gender-guesser package."""
    return Detector(case_sensitive=False)


@cache
def given_name(word: str) -> bool:
    """A known given name ('Liane', 'Khalid'), and not also a country or place ('Georgia')."""
    if len(word) < 3 or not word.isalpha() or word.lower() in _place_words():
        return False
    return bool(_given_names().get_gender(word.capitalize()) != "unknown")


@cache
def any_given_name(word: str) -> bool:
    """A known given name, even one that is also part of a place name ('Jose'), but no
    country ('Jordan')."""
    if len(word) < 3 or not word.isalpha() or word.lower() in country_forms():
        return False
    return bool(_given_names().get_gender(word.capitalize()) != "unknown")


@cache
def _place_words() -> frozenset[str]:
    """Every word of a country, place or regime name in the lexicons, lower-cased."""
    return frozenset(w.lower() for t in terms() for w in re.findall(r"[A-Za-z]+", t.form))


@cache
def _name_heads() -> dict[str, str]:
    return {str(e["term"]).lower(): str(e["type"]) for e in _entries("name_heads.json")}


def name_head_type(name: str) -> str | None:
    """The type a name's generic head word gives ('Sakhalin Island' -> place, 'Ministry of
    Defense' -> organization): the last word, or the last before its first 'of' or 'for'."""
    core = re.split(r"\s+(?:of|for|to)\s+", name, maxsplit=1)[0]
    words = re.findall(r"[A-Za-z]+", core)
    if len(words) < 2 and core == name:
        return None  # a lone generic word ('Customs', 'Army') is read by the model alone
    heads = _name_heads()
    for size in (2, 1):
        head = " ".join(words[-size:]).lower()
        if len(words) >= size and head in heads:
            return heads[head]
    if len(words) >= 2 and heads.get(words[0].lower()) == "organization":
        return "organization"  # 'Embassy Lusaka', 'Bank Melli'
    return None


@cache
def _listed_organizations() -> tuple[str, ...]:
    return tuple(
        re.sub(r"[^a-z0-9]+", " ", form.lower()).strip()
        for t in terms()
        if t.kind == "organization"
        for form in [t.form]
    )


def listed_organization(name: str) -> bool:
    """A listed organization's name, or a spelling of it one or two letters off
    ('Jaish-e-Muhamad' for 'Jaish-e-Muhammad')."""
    key = re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()
    if len(key) < 8:
        return key in _listed_organizations()
    found = process.extractOne(key, _listed_organizations(), scorer=fuzz.ratio, score_cutoff=90)
    return found is not None


@cache
def country_forms() -> frozenset[str]:
    """Country names and short forms, lower-cased ('kenya', 'ukraine', 'prc')."""
    return frozenset(t.form.lower() for t in terms() if t.kind == "country")


@cache
def country_of_form() -> dict[str, str]:
    """Country names and short forms, lower-cased -> the country's canonical name."""
    return {t.form.lower(): t.key for t in terms() if t.kind == "country"}


@cache
def telegram_words() -> frozenset[str]:
    """Words of the telegram itself (QTE, RPT, AIRGRAM), lower-cased: never names."""
    return frozenset(str(e["term"]).lower() for e in _entries("telegram_words.json"))


@cache
def organization_heads() -> frozenset[str]:
    """Head words that end an organization's name, lower-cased: body words ('senate', 'armed
    forces') and company-type words ('company', 'group'), without the legal forms that are
    also everyday words ('AS', 'TOO')."""
    heads = {t for t, kind in _name_heads().items() if kind == "organization"}
    heads.update(
        str(e["term"]).lower().rstrip(".")
        for e in _entries("company_types.json")
        if e.get("term") and not e.get("needs_context") and str(e["term"]).isascii()
    )
    return frozenset(heads)


def names_no_party(name: str) -> bool:
    """A meeting's or a paper's name ('NPT Review Conference', 'PrepCom', 'National
    Intelligence Estimate'): its last word says it is an event or a document, no party."""
    words = re.findall(r"[A-Za-z]+", name)
    return bool(words) and _name_heads().get(words[-1].lower()) in ("event", "document")


def sovereign_title(name: str) -> bool:
    """A ruler's title standing alone for its holder ('the Shah', 'THE SHAH')."""
    words = re.findall(r"[A-Za-z]+", name.lower())
    words = words[1:] if words[:1] == ["the"] else words
    return len(words) == 1 and _name_heads().get(words[0]) == "sovereign"


@cache
def place_heads() -> frozenset[str]:
    """Head words that end a place's name ('Road', 'Square', 'Province'), lower-cased."""
    return frozenset(t for t, kind in _name_heads().items() if kind == "place")


@cache
def institution_nouns() -> frozenset[str]:
    """Nouns a city's name modifies when it stands for its government ('Washington agencies')."""
    return frozenset(t for t, kind in _name_heads().items() if kind == "institution")


@cache
def name_openers() -> frozenset[str]:
    """Words that open official body names ('national', 'supreme'), lower-cased."""
    return frozenset(t for t, kind in _name_heads().items() if kind == "opener")


def place_word(word: str) -> bool:
    """A word of a country, place or regime name or a nationality ('Iranian', 'Tehran')."""
    return word.lower() in _place_words()
