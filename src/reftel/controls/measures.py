"""Values a description states for the parameters control entries decide on.

"tensile strength of 460 MPa", "100 mm OD", "a 5-axis machine", "bias stability 0.3 deg/h":
each number with a unit is read with the parameters named near it (before it, or just after).
An entry then takes the reading its own parameter is named closest to; a reading no parameter
is named for goes to an entry only when that entry asks for a single quantity of its kind
(the "1 600 °C" of a furnace whose only temperature is its operating temperature).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from reftel.controls.model import Parameter, catalog, compiled

Bound = Literal["exact", "at_least", "at_most"]

_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_NUMBER = (
    r"(?<![\w.,])(?P<num>\d{1,3}(?:,\d{3})+(?![\d,])|\d{1,3}(?: \d{3})+(?![\d])|\d+(?:[.,]\d+)?|"
    + "|".join(_WORDS)
    + r")(?:\s*[x×]\s*10\^?\s*(?P<exp>[-−]?\d+))?"
)
_AT_LEAST = re.compile(
    r"(?:over|more than|greater than|above|exceeding|in excess of|at least|minimum|min\.?|"
    r"not less than|>=?|≥)\s*$",
    re.IGNORECASE,
)
_AT_MOST = re.compile(
    r"(?:less than|below|under|not more than|better than|within|<=?|≤|±)\s*$", re.IGNORECASE
)
_BEFORE = 48
"""How far before a number its parameter may be named (characters)."""
_AFTER = 24
_CLAUSE = re.compile(r";|\.\s|\band\b|\bwith\b|,")


@dataclass(frozen=True)
class Reading:
    """A number with its unit, and the parameters named near it (parameter -> rank)."""

    value: float
    unit: str
    dimension: str
    bound: Bound
    text: str
    labels: dict[str, tuple[int, int]]
    """Parameter id -> (distance in characters, minus the phrase length): lower is nearer."""


@cache
def _unit_pattern() -> re.Pattern[str]:
    aliases = sorted(catalog().units, key=len, reverse=True)
    alternation = "|".join(re.escape(a) for a in aliases if a)
    return re.compile(
        _NUMBER + r"\s*(?:-\s*)?(?P<unit>" + alternation + r")(?![a-z0-9²³])", re.IGNORECASE
    )


@cache
def _count_pattern() -> re.Pattern[str]:
    return re.compile(_NUMBER, re.IGNORECASE)


def _phrases(param: Parameter) -> re.Pattern[str]:
    return compiled(tuple(param.phrases))


def _number(raw: str, exponent: str | None) -> float:
    if raw.lower() in _WORDS:
        return float(_WORDS[raw.lower()])
    if re.fullmatch(r"\d{1,3}(?:[, ]\d{3})+", raw):
        value = float(raw.replace(",", "").replace(" ", ""))
    else:
        value = float(raw.replace(",", "."))
    if exponent:
        value *= 10 ** int(exponent.replace("−", "-"))
    return value


def _bound(before: str) -> Bound:
    if _AT_LEAST.search(before):
        return "at_least"
    if _AT_MOST.search(before):
        return "at_most"
    return "exact"


def _labels(params: list[Parameter], text: str, start: int, end: int) -> dict[str, tuple[int, int]]:
    """Every parameter named in the number's clause, with how near it is named."""
    before = text[max(0, start - _BEFORE) : start]
    cuts = [m.end() for m in _CLAUSE.finditer(before)]
    if cuts:
        before = before[cuts[-1] :]
    after = text[end : end + _AFTER]
    stop = _CLAUSE.search(after)
    if stop is not None:
        after = after[: stop.start()]
    labels: dict[str, tuple[int, int]] = {}
    for param in params:
        pattern = _phrases(param)
        ranks = [(len(before) - m.end(), -len(m.group(0))) for m in pattern.finditer(before)]
        ranks += [(m.start(), -len(m.group(0))) for m in pattern.finditer(after)]
        if ranks:
            labels[param.id] = min(ranks)
    return labels


def readings(text: str) -> tuple[Reading, ...]:
    """Every number with a unit in the text, and counts named by the word after them."""
    known = catalog()
    by_dimension: dict[str, list[Parameter]] = {}
    for param in known.parameters.values():
        by_dimension.setdefault(param.dimension, []).append(param)
    found: list[Reading] = []
    for match in _unit_pattern().finditer(text):
        unit = known.units[match["unit"].lower()]
        found.append(
            Reading(
                value=_number(match["num"], match["exp"]),
                unit=unit.symbol,
                dimension=unit.dimension,
                bound=_bound(text[max(0, match.start() - 20) : match.start()]),
                text=match.group(0),
                labels=_labels(
                    by_dimension.get(unit.dimension, []), text, match.start(), match.end()
                ),
            )
        )
    for match in _count_pattern().finditer(text):
        following = text[match.end() : match.end() + 24].lstrip(" -")
        for param in by_dimension.get("count", []):
            hit = _phrases(param).match(following)
            if hit is not None:
                found.append(
                    Reading(
                        value=_number(match["num"], match["exp"]),
                        unit="count",
                        dimension="count",
                        bound=_bound(text[max(0, match.start() - 20) : match.start()]),
                        text=f"{match.group(0)} {hit.group(0)}",
                        labels={param.id: (0, -len(hit.group(0)))},
                    )
                )
                break
    return tuple(found)


@dataclass(frozen=True)
class Stated:
    """A value the text gives for one parameter, in that parameter's unit."""

    param: str
    value: float
    bound: Bound
    text: str
    assumed: bool
    """True when the text names no parameter for it and the entry asks for only this one."""

    def interval(self) -> tuple[float, float]:
        if self.bound == "at_least":
            return (self.value, math.inf)
        if self.bound == "at_most":
            return (-math.inf, self.value)
        return (self.value, self.value)


def values_for(found: tuple[Reading, ...], param: str, asked: list[str]) -> list[Stated]:
    """The readings that give `param`, for an entry that asks for the parameters `asked`."""
    known = catalog()
    target = known.parameters[param]
    same_kind = [p for p in asked if known.parameters[p].dimension == target.dimension]
    values: list[Stated] = []
    for reading in found:
        if reading.dimension != target.dimension:
            continue
        mine = {p: rank for p, rank in reading.labels.items() if p in same_kind}
        if mine:
            if min(mine, key=lambda p: mine[p]) != param:
                continue
            assumed = False
        elif not reading.labels and same_kind == [param]:
            assumed = True
        else:
            continue
        value = known.convert(reading.value, reading.unit, target.unit)
        if value is not None:
            values.append(Stated(param, value, reading.bound, reading.text, assumed))
    return values


def stated_values(text: str) -> list[Stated]:
    """Every value the text ties to a named parameter (for display; entries use values_for)."""
    known = catalog()
    out: list[Stated] = []
    for reading in readings(text):
        if not reading.labels:
            continue
        param = min(reading.labels, key=lambda p: reading.labels[p])
        value = known.convert(reading.value, reading.unit, known.parameters[param].unit)
        if value is not None and param != "extent":
            out.append(Stated(param, value, reading.bound, reading.text, False))
    return out
