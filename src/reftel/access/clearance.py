"""Classification levels and markings: the one place that reads, orders and checks them.

A written marking (`S`, `(S//NF)`, `C/REL UK`, `SECRET REL CHINA`, `SBU/NF`,
`CONFIDENTIAL ORCON NOFORN`) becomes a `Marking`: a level, the control caveats that narrow who
may read it (NOFORN, ORCON, and any caveat this module does not know, so an unknown token fails
closed), a REL TO country list with groups expanded, and the captions that route or caution
without narrowing (SIPDIS, FGI, FOUO, SBU). Access checks and the markings of derived text in
case files both import this module, so levels, caveats and country groups are defined once.

Written forms of levels and caveats come from `data/cable_conventions.json`; everything else
(what each caveat requires, portion marks, order, country groups, administrative lines) from
`data/access/policy.json`, each entry with its public source.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Literal

from rigour.territories import lookup_territory

from reftel.reading.conventions import load as load_conventions

TOP = "TOP SECRET"
UNCLASSIFIED = "UNCLASSIFIED"

Requirement = Literal["us_person", "access", "none"]


class MarkingError(ValueError):
    """A marking whose classification level cannot be read, where none may be assumed."""


@dataclass(frozen=True)
class Control:
    """One control caveat as `policy.json` defines it."""

    name: str
    requires: Requirement
    """'us_person': grantable to US persons only; 'access': the reader must hold it; 'none':
    a caption that routes or cautions and narrows nobody."""
    portion: str
    order: int
    unclassified_only: bool


@dataclass(frozen=True)
class Policy:
    ranks: dict[str, int]
    """Canonical level name -> rank (higher is more restricted)."""
    clearances: tuple[str, ...]
    """The levels a person can be cleared to, lowest first."""
    unclassified_covers: frozenset[str]
    """Levels below CONFIDENTIAL that need no clearance (LIMITED OFFICIAL USE)."""
    portion_levels: dict[str, str]
    controls: dict[str, Control]
    sensitive_forms: dict[str, str]
    """Levels written as a control ('SBU'): UNCLASSIFIED carrying that control."""
    not_releasable: str
    """The caveat that bars every foreign reader and outranks any release list (NOFORN)."""
    release_prefix: str
    release_order: int
    groups: dict[str, frozenset[str]]
    home: str
    administrative: tuple[re.Pattern[str], ...]
    digest: str
    """Hash of the policy and conventions data: stored portion markings made under another
    policy are computed again."""


@cache
def policy() -> Policy:
    data = resources.files("reftel").joinpath("data/access/policy.json").read_text("utf-8")
    conventions = (
        resources.files("reftel").joinpath("data/cable_conventions.json").read_text("utf-8")
    )
    raw: dict[str, Any] = json.loads(data)
    ranks = {name: rank for name, rank in load_conventions().levels.values()}
    controls = {
        c["name"]: Control(
            c["name"], c["requires"], c["portion"], c["order"], c["unclassified_only"]
        )
        for c in raw["controls"]["entries"]
    }
    disclosure = raw["foreign_disclosure"]
    if controls[disclosure["not_releasable"]].requires != "us_person":
        raise ValueError("policy.json: foreign_disclosure.not_releasable must require us_person")
    return Policy(
        ranks=ranks,
        clearances=tuple(raw["clearances"]["levels"]),
        unclassified_covers=frozenset(raw["clearances"]["unclassified_covers"]),
        portion_levels=raw["portion_levels"]["levels"],
        controls=controls,
        sensitive_forms=raw["sensitive_unclassified"]["forms"],
        not_releasable=disclosure["not_releasable"],
        release_prefix=disclosure["release_prefix"],
        release_order=disclosure["release_order"],
        groups={g["name"]: frozenset(g["members"]) for g in raw["country_groups"]},
        home=raw["home_country"]["code"],
        administrative=tuple(
            re.compile(p, re.IGNORECASE) for p in raw["administrative_lines"]["patterns"]
        ),
        digest=hashlib.sha256((data + conventions).encode()).hexdigest()[:16],
    )


def level_name(written: str) -> str | None:
    """The canonical level for a written form ('S', 'SECRET', 'TS', 'SBU'), else None."""
    found = load_conventions().levels.get(" ".join(written.upper().split()))
    return found[0] if found else None


def rank(level: str) -> int:
    """Position of a canonical level in the order; an unknown level ranks above TOP SECRET."""
    ranks = policy().ranks
    return ranks.get(level, max(ranks.values()) + 1)


def clearance_rank(clearance: str) -> int:
    """The highest rank a clearance opens: UNCLASSIFIED also opens LIMITED OFFICIAL USE."""
    level = level_name(clearance)
    if level is None or level not in policy().clearances:
        choices = ", ".join(policy().clearances)
        raise ValueError(f"not a clearance: {clearance!r} (choose one of {choices}, or U/C/S/TS)")
    if level == UNCLASSIFIED:
        return max([rank(level), *(rank(c) for c in policy().unclassified_covers)])
    return rank(level)


def country_code(written: str) -> str | None:
    """A country or group as REL TO lists write it ('CHINA', 'UK', 'GBR', 'FVEY') -> its
    trigraph or tetragraph; None when it cannot be placed."""
    token = " ".join(written.upper().split())
    if token in policy().groups or token == policy().home:
        return token
    territory = lookup_territory(token)
    if territory is not None and territory.alpha3:
        return territory.alpha3.upper()
    return None


def countries(written: Iterable[str]) -> frozenset[str]:
    """Country codes, with every group expanded to its members. A name that cannot be placed
    stays as written: it then matches only a user given that very name, so it fails closed."""
    codes: set[str] = set()
    for item in written:
        code = country_code(item) or " ".join(item.upper().split())
        codes |= policy().groups.get(code, {code})
    return frozenset(codes)


def release_list(rel_to: frozenset[str]) -> str:
    """'USA, CHN, GBR': the home country first, then trigraphs alphabetically, then any other
    code, as CAPCO writes a REL TO list."""
    home = policy().home
    others = sorted(rel_to - {home}, key=lambda c: (len(c) != 3, c))
    return ", ".join(([home] if home in rel_to else []) + others)


@dataclass(frozen=True)
class Marking:
    """A portion's classification, its reading controls, releasability and captions.

    Two markings are equal when they have the same level, controls and release list: captions
    do not change who may read, so they take no part in equality (`S//FGI//NF` == `S//NF`).
    """

    level: str
    controls: frozenset[str] = frozenset()
    """Caveats that narrow who may read: each needs an access the reader holds."""
    rel_to: frozenset[str] | None = None
    """Countries the portion is released to (groups expanded); None when it names none."""
    captions: frozenset[str] = field(default=frozenset(), compare=False)
    """Caveats that route or caution (SIPDIS, FGI, FOUO, SBU): kept for writing the marking."""

    @classmethod
    def of(
        cls, level: str, caveats: Iterable[str] = (), rel_to: Iterable[str] | None = None
    ) -> Marking:
        """A Marking from canonical caveat names, each sorted into a control or a caption by
        the policy; NOFORN outranks a release list, which is dropped beside it."""
        pol = policy()
        names = frozenset(caveats)
        captions = frozenset(
            c for c in names if c in pol.controls and pol.controls[c].requires == "none"
        )
        controls = names - captions
        released = None if rel_to is None or pol.not_releasable in controls else frozenset(rel_to)
        return cls(level, controls, released, captions)

    @property
    def rank(self) -> int:
        return rank(self.level)

    @property
    def classified(self) -> bool:
        return self.rank > clearance_rank(UNCLASSIFIED)

    def canonical(self) -> str:
        """One spelling per meaning, e.g. 'SECRET//NOFORN' or 'SECRET//REL TO USA, CHN';
        `parse_marking` reads it back to an equal Marking."""
        parts = [self.level, *sorted(self.controls)]
        if self.rel_to is not None:
            parts.append(f"{policy().release_prefix} {release_list(self.rel_to)}")
        return "//".join(parts)

    def __str__(self) -> str:
        return self.canonical()


_LEVEL_END = re.compile(r"(?=$|[/\s,])")
_SEPARATOR = re.compile(r"\s*,\s*|\s+AND\s+")


def parse_marking(
    written: str, fallback: Marking | None = None, *, required: bool = False
) -> Marking:
    """Read a written marking. A marking without a level (`NF` alone) takes the fallback's
    level (the cable's); with no fallback it reads as TOP SECRET, since what cannot be placed is
    withheld, or, when a level is `required`, it is a `MarkingError`."""
    pol = policy()
    levels = load_conventions().levels
    text = " ".join(written.upper().strip().strip("()").split())
    text = re.sub(r"\s*-\s*ENTIRE TEXT$", "", text)
    caveats: set[str] = set()
    level: str | None = None
    rest = text
    for form in sorted({*levels, *pol.sensitive_forms}, key=len, reverse=True):
        if text.startswith(form) and _LEVEL_END.match(text, len(form)):
            level = levels[form][0] if form in levels else UNCLASSIFIED
            if form in pol.sensitive_forms:
                caveats.add(pol.sensitive_forms[form])
            rest = text[len(form) :]
            break
    rel_to: set[str] | None = None
    for segment in (s.strip(" ,") for s in rest.split("/")):
        if not segment:
            continue
        prefix = next(
            (p for p in load_conventions().release_prefixes if _starts_word(segment, p)), None
        )
        if prefix is not None:
            rel_to = (rel_to or set()) | _release(segment[len(prefix) :]) | {pol.home}
        else:
            caveats.update(_caveat_names(segment))
    if level is None:
        if fallback is None and required:
            raise MarkingError(f"no classification level in marking {written!r}")
        level = fallback.level if fallback else TOP
    return Marking.of(level, caveats, rel_to)


def _starts_word(text: str, prefix: str) -> bool:
    return text.startswith(prefix) and (len(text) == len(prefix) or text[len(prefix)] == " ")


def _caveat_names(segment: str) -> list[str]:
    """'ORCON, NOFORN', 'ORCON NOFORN', 'FOR OFFICIAL USE ONLY' -> canonical caveat names; a
    part that is no known caveat is kept as written (and then fails closed)."""
    names: list[str] = []
    for part in (p.strip() for p in segment.split(",")):
        words = part.split()
        if not _known_caveat(part) and len(words) > 1 and all(map(_known_caveat, words)):
            names.extend(_caveat_name(w) for w in words)
        elif part:
            names.append(_caveat_name(part))
    return names


def _known_caveat(part: str) -> bool:
    return part in policy().sensitive_forms or part in load_conventions().caveats


def _caveat_name(part: str) -> str:
    sensitive = policy().sensitive_forms
    return sensitive[part] if part in sensitive else load_conventions().caveats.get(part, part)


def _release(text: str) -> frozenset[str]:
    """'USA, GBR', 'CHINA', 'UK AND FRANCE', 'USA GBR', 'FVEY' -> country codes, groups
    expanded."""
    found: list[str] = []
    for item in (i.strip(" .") for i in _SEPARATOR.split(text.strip())):
        words = item.split()
        if country_code(item) is None and len(words) > 1 and all(map(country_code, words)):
            found.extend(words)
        elif item:
            found.append(item)
    return countries(found)


def cable_marking(classification: str | None, caveats: Iterable[str] = ()) -> Marking:
    """The banner marking of a whole cable; no classification at all reads as TOP SECRET."""
    written = "//".join([classification or TOP, *caveats])
    return parse_marking(written)
