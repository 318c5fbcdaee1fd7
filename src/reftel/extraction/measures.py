"""Quantities, money and dates, normalised, with the text they were read from.

'23 tons' -> 23 t (unit kept as written); 'over 100' -> at least 100; 'approximately $26,000'
-> about 26000 USD; 'mid-October 2007' -> 2007-10 (month); 'December 2007 and January 2008'
-> two dates. A date without a year takes the cable's own year (or the year before, when the
month lies after the cable's month), and says it was resolved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from reftel.extraction.facts import Money, Precision, Qualifier, Quantity, When

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = re.compile(
    r"\b(?:(?P<part>early|mid|late)[- ]?)?(?:(?P<day1>\d{1,2})\s+)?"
    + _MONTH
    + r"(?:\s+(?P<day2>\d{1,2})(?:st|nd|rd|th)?)?(?:,?\s+(?P<year>(?:19|20)\d{2}))?\b"
    # A paragraph sign the release put before a year ('sold in ¶1988') is no part of it.
    r"|\b(?:in|since|during|by|of|until)\s+¶?(?P<lone_year>(?:19|20)\d{2})\b"
    r"|\b(?P<relative_year>last|this|next)\s+year\b",
    re.I,
)
_QUALIFIERS: list[tuple[str, Qualifier]] = [
    (r"over|more than|at least|in excess of|upwards of|no fewer than|no less than", "at_least"),
    (r"approximately|about|around|roughly|nearly|almost|some|an estimated|circa|ca\.", "about"),
    (r"up to|at most|less than|fewer than|no more than|under", "at_most"),
]
_QUALIFIER = "|".join(f"(?:{q})" for q, _ in _QUALIFIERS)
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "mn": 1e6, "m": 1e6, "bn": 1e9}
_UNITS = {
    "metric tons": "t",
    "metric ton": "t",
    "tonnes": "t",
    "tonne": "t",
    "tons": "t",
    "ton": "t",
    "mt": "t",
    "kilograms": "kg",
    "kilogram": "kg",
    "kgs": "kg",
    "kg": "kg",
    "grams": "g",
    "gram": "g",
    "pounds": "lb",
    "pound": "lb",
    "lbs": "lb",
    "meters": "m",
    "metres": "m",
    "kilometers": "km",
    "liters": "l",
    "litres": "l",
    "units": "units",
    "unit": "units",
    "pieces": "units",
    "pcs": "units",
    "items": "units",
    "sets": "sets",
    "barrels": "bbl",
}
_QUANTITY = re.compile(
    rf"(?:(?P<qual>{_QUALIFIER})\s+)?(?P<num>{_NUMBER})\s*(?P<scale>thousand|million)?\s*"
    rf"(?P<unit>{'|'.join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))})\b"
    r"|(?:(?P<qual2>" + _QUALIFIER + r")\s+)(?P<num2>" + _NUMBER + r")\s+(?:of\s+)?(?=[a-z])",
    re.I,
)
_MONEY = re.compile(
    rf"(?:(?P<qual>{_QUALIFIER})\s+)?(?:(?P<cur>US\$|USD|\$|EUR|€|£|GBP|RMB|CNY|JPY|¥)\s?)"
    rf"(?P<num>{_NUMBER})\s*(?P<scale>thousand|million|billion|mn|bn|m)?\b"
    rf"|(?:(?P<qual2>{_QUALIFIER})\s+)?(?P<num2>{_NUMBER})\s*(?P<scale2>thousand|million|billion)?"
    r"\s+(?P<cur2>dollars|euros|yuan|pounds sterling|rupees|rials|dirhams)\b",
    re.I,
)
_CURRENCY = {
    "us$": "USD",
    "usd": "USD",
    "$": "USD",
    "dollars": "USD",
    "eur": "EUR",
    "€": "EUR",
    "euros": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "pounds sterling": "GBP",
    "rmb": "CNY",
    "cny": "CNY",
    "yuan": "CNY",
    "jpy": "JPY",
    "¥": "JPY",
    "rupees": "INR",
    "rials": "IRR",
    "dirhams": "AED",
}


@dataclass(frozen=True)
class Found:
    start: int
    end: int


def _qualifier(word: str | None) -> Qualifier:
    if not word:
        return "exact"
    low = word.lower()
    return next((q for pattern, q in _QUALIFIERS if re.fullmatch(pattern, low)), "exact")


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def quantities(text: str) -> list[tuple[Found, Quantity]]:
    out: list[tuple[Found, Quantity]] = []
    for match in _QUANTITY.finditer(text):
        if match.group("num"):
            unit_text = match.group("unit")
            value = _number(match.group("num")) * _SCALE.get(
                (match.group("scale") or "").lower(), 1
            )
            quantity = Quantity(
                value=value,
                unit=_UNITS[unit_text.lower()],
                unit_text=unit_text,
                qualifier=_qualifier(match.group("qual")),
                text=match.group(0),
            )
        else:
            quantity = Quantity(
                value=_number(match.group("num2")),
                unit="units",
                unit_text=None,
                qualifier=_qualifier(match.group("qual2")),
                text=match.group(0).strip(),
            )
        if _is_year_or_money(text, match):
            continue
        out.append((Found(match.start(), match.end()), quantity))
    return out


def _is_year_or_money(text: str, match: re.Match[str]) -> bool:
    before = text[max(0, match.start() - 1) : match.start()]
    return before in ("$", "€", "£")


def money(text: str) -> list[tuple[Found, Money]]:
    out: list[tuple[Found, Money]] = []
    for match in _MONEY.finditer(text):
        if match.group("num"):
            number, scale = match.group("num"), match.group("scale")
            currency, qual = match.group("cur"), match.group("qual")
        else:
            number, scale = match.group("num2"), match.group("scale2")
            currency, qual = match.group("cur2"), match.group("qual2")
        amount = _number(number) * _SCALE.get((scale or "").lower(), 1)
        out.append(
            (
                Found(match.start(), match.end()),
                Money(
                    amount=amount,
                    currency=_CURRENCY[currency.lower()],
                    qualifier=_qualifier(qual),
                    text=match.group(0).strip(),
                ),
            )
        )
    return out


_YEAR_STEP = {"last": -1, "this": 0, "next": 1}


def _relative_year(match: re.Match[str], reference: datetime) -> When:
    """'last year' in a cable of 2009 is 2008."""
    year = reference.year + _YEAR_STEP[match.group("relative_year").lower()]
    return When(value=f"{year:04d}", precision="year", text=match.group(0), relative=True)


def dates(text: str, reference: datetime | None) -> list[tuple[Found, When]]:
    """Dates in the text; a date with no year is resolved against `reference` (the cable's)."""
    out: list[tuple[Found, When]] = []
    for match in _DATE.finditer(text):
        if match.group("relative_year"):
            if reference is not None:
                out.append((Found(*match.span()), _relative_year(match, reference)))
            continue
        if match.group("lone_year"):
            year = match.group("lone_year")
            out.append(
                (Found(*match.span("lone_year")), When(value=year, precision="year", text=year))
            )
            continue
        month_word = match.group("month")
        if month_word.lower() == "may" and not match.group("year") and not match.group("day2"):
            continue  # the verb 'may'
        if month_word.lower() in ("mar", "march") and not (
            match.group("year") or match.group("day2") or match.group("day1")
        ):
            continue  # 'march' the verb or noun
        month = _MONTHS[
            month_word.lower()[:4]
            if month_word.lower().startswith("sept")
            else month_word.lower()[:3]
        ]
        day_text = match.group("day1") or match.group("day2")
        year_text = match.group("year")
        relative = False
        if year_text is None:
            if reference is None:
                continue
            year = reference.year - (1 if month > reference.month else 0)
            relative = True
        else:
            year = int(year_text)
        value = f"{year:04d}-{month:02d}"
        precision: Precision = "month"
        if day_text and not match.group("part"):
            day = int(day_text)
            if 1 <= day <= 31:
                value = f"{value}-{day:02d}"
                precision = "day"
        out.append(
            (
                Found(match.start(), match.end()),
                When(
                    value=value,
                    precision=precision,
                    text=match.group(0).strip(),
                    relative=relative,
                ),
            )
        )
    return out
