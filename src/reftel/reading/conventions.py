"""Telegram conventions (classifications, caveats, precedence, post prefixes) loaded from data."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Conventions:
    levels: dict[str, tuple[str, int]]
    """Any written form of a classification (name or abbreviation) -> (name, rank)."""
    caveats: dict[str, str]
    """Any written form of a caveat -> its canonical name."""
    precedence_letters: dict[str, str]
    precedence_words: dict[str, str]
    post_prefixes: dict[str, str]
    named_origins: dict[str, str]
    serial_origins: dict[str, str]
    release_prefixes: tuple[str, ...]
    role_words: tuple[str, ...]
    titles: tuple[str, ...]
    post_words: tuple[str, ...]
    vessel_prefixes: tuple[str, ...]

    @property
    def classification_pattern(self) -> re.Pattern[str]:
        names = sorted(
            {name for name, _ in self.levels.values()} | {"UNCLAS"}, key=len, reverse=True
        )
        return re.compile(r"^(" + "|".join(re.escape(n) for n in names) + r")\b")


def _without_source(table: dict[str, Any]) -> dict[str, str]:
    return {k: v for k, v in table.items() if k != "source"}


@cache
def load() -> Conventions:
    raw = json.loads(
        resources.files("reftel").joinpath("data/cable_conventions.json").read_text("utf-8")
    )
    levels: dict[str, tuple[str, int]] = {}
    for entry in raw["classifications"]:
        levels[entry["name"]] = (entry["name"], entry["rank"])
        for abbreviation in entry["abbreviations"]:
            levels.setdefault(abbreviation, (entry["name"], entry["rank"]))
    caveats = {
        form: entry["name"]
        for entry in raw["caveats"]
        for form in [entry["name"], *entry["abbreviations"]]
    }
    return Conventions(
        levels=levels,
        caveats=caveats,
        precedence_letters=_without_source(raw["precedence"]),
        precedence_words=_without_source(raw["precedence_words"]),
        post_prefixes={p["prefix"]: p["origin"] for p in raw["posts"]},
        named_origins={p["address"]: p["origin"] for p in raw["named_origins"]},
        serial_origins={p["written"]: p["canonical"] for p in raw["serial_origins"]},
        release_prefixes=tuple(raw["releasability"]["prefixes"]),
        role_words=tuple(raw["role_words"]["words"]),
        titles=tuple(raw["titles"]["words"]),
        post_words=tuple(raw["post_words"]["words"]),
        vessel_prefixes=tuple(raw["vessel_prefixes"]["words"]),
    )


def split_marking(marking: str) -> tuple[str | None, list[str]]:
    """Split a written marking ('SECRET//NOFORN', 'S/NF', 'C/REL UK') into level and caveats."""
    conv = load()
    parts = [p.strip() for p in re.split(r"/{1,2}", marking.upper()) if p.strip()]
    if not parts:
        return None, []
    level = conv.levels.get(parts[0])
    caveats: list[str] = []
    for part in parts[1:] if level else parts:
        if part.startswith(conv.release_prefixes):
            caveats.append(part)
        else:
            caveats.append(conv.caveats.get(part, part))
    return (level[0] if level else None), caveats
