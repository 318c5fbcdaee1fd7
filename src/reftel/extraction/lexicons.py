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
    # Transit hubs that are also territories (Hong Kong) read as places: they come first.
    for entry in sorted(_entries("places.json"), key=lambda e: not e.get("transit_hub")):
        for form in [entry["name"], *entry.get("aliases", [])]:
            term = Term(form, "place", entry["name"], entry.get("country"), entry.get("kind"))
            if entry.get("transit_hub"):
                out.insert(0, term)
            else:
                out.append(term)
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
    names = [t.form for t in terms()] + [e["term"] for e in _entries("company_types.json")]
    for name in names:
        for word in re.findall(r"[A-Za-z][A-Za-z'’-]*", name):
            low = word.lower()
            if word == low or low in forms:
                continue
            if (word.isupper() and len(word) > 1) or zipf_frequency(low, "en") < 4.5:
                forms[low] = word
    for word in [*calendar.month_name[1:], *calendar.day_name]:
        forms[word.lower()] = word
    return forms
