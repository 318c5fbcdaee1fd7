"""Regimes, control entries, materials and parameters, loaded from `reftel/data/controls/`.

Every fact lives in the data files with its public source; this module gives them types and
indexes them (material tree, designator lookup, unit conversion) for the classifier.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Op = Literal[">=", ">", "<=", "<", "between"]


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Regime(_Data):
    id: str
    name: str
    document: str
    kind: Literal["regime", "list"]
    eu_range: tuple[int, int] | None
    aliases: list[str]
    source: str
    version: str


class Condition(_Data):
    """One requirement of an entry: a numeric parameter, a form, or a stated feature."""

    param: str | None = None
    op: Op | None = None
    value: float | tuple[float, float] | None = None
    unit: str | None = None
    capable_of: bool = False
    list_text: str | None = None
    """The list's own words for the threshold, as the EU text prints them."""
    form: list[str] | None = None
    feature: str | None = None
    terms: list[str] = Field(default_factory=list)
    ruled_out_by: list[str] = Field(default_factory=list)
    presumed_absent: bool = False
    text: str | None = None

    @property
    def kind(self) -> Literal["numeric", "form", "feature"]:
        if self.param is not None:
            return "numeric"
        return "form" if self.form is not None else "feature"

    def describe(self, unit_label: str | None = None) -> str:
        if self.text:
            return self.text
        if self.kind == "numeric" and self.op is not None:
            return f"{self.param} {threshold_text(self.op, self.value, unit_label or self.unit)}"
        return self.list_text or str(self.feature or self.form)


class Match(_Data):
    materials: list[str] = Field(default_factory=list)
    terms: list[str] = Field(default_factory=list)


class Related(_Data):
    regime: str
    number: str


class Entry(_Data):
    number: str
    regime: str
    title: str
    match: Match
    conditions: list[Condition]
    related: list[Related] = Field(default_factory=list)
    source: str
    version: str

    @property
    def regimes(self) -> list[str]:
        """The regime of origin and every regime that lists the same item."""
        return list(dict.fromkeys([self.regime, *(r.regime for r in self.related)]))


class Form(_Data):
    id: str
    terms: list[str]


class MaterialClass(_Data):
    id: str
    name: str
    parent: str | None
    terms: list[str]
    source: str


class Designation(_Data):
    name: str
    standard: str
    context: list[str] = Field(default_factory=list)


class Property(_Data):
    min: float
    max: float
    unit: str
    condition: str


class Grade(_Data):
    id: str
    name: str
    designations: list[Designation]
    properties: dict[str, Property]
    sources: list[str]
    comparable: list[str] = Field(default_factory=list)
    composition: str | None = None
    class_: str = Field(alias="class")


class Parameter(_Data):
    id: str
    label: str
    unit: str
    dimension: str
    phrases: list[str]


class Unit(_Data):
    symbol: str
    aliases: list[str]
    dimension: str
    factor: float
    offset: float = 0.0


def threshold_text(op: str, value: object, unit: str | None) -> str:
    suffix = "" if unit in (None, "count") else f" {unit}"
    if op == "between" and isinstance(value, tuple | list):
        return f"between {value[0]:g} and {value[1]:g}{suffix}"
    return f"{op} {value:g}{suffix}" if isinstance(value, float | int) else f"{op} {value}"


def _load(name: str) -> Any:
    text = resources.files("reftel").joinpath(f"data/controls/{name}").read_text("utf-8")
    return json.loads(text)


def _compile(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@dataclass(frozen=True)
class Catalog:
    """Everything the classifier knows, indexed once per process."""

    regimes: dict[str, Regime]
    entries: list[Entry]
    forms: dict[str, Form]
    classes: dict[str, MaterialClass]
    grades: dict[str, Grade]
    parameters: dict[str, Parameter]
    units: dict[str, Unit]
    """Every unit alias (lower case) and symbol -> unit."""

    def ancestors(self, class_id: str) -> list[str]:
        """The class and every class above it, nearest first."""
        chain: list[str] = []
        current: str | None = class_id
        while current is not None and current not in chain:
            chain.append(current)
            current = self.classes[current].parent
        return chain

    def convert(self, value: float, unit: str, to: str) -> float | None:
        """`value` in `unit` expressed in `to`; None when the dimensions differ."""
        source, target = self.units.get(unit.lower()), self.units.get(to.lower())
        if source is None or target is None or source.dimension != target.dimension:
            return None
        base = value * source.factor + source.offset
        return (base - target.offset) / target.factor


@cache
def catalog() -> Catalog:
    regimes = [Regime.model_validate(r) for r in _load("regimes.json")["regimes"]]
    entries_file = _load("entries.json")
    materials = _load("materials.json")
    parameters = _load("parameters.json")
    units: dict[str, Unit] = {}
    for raw in parameters["units"]:
        unit = Unit.model_validate(raw)
        for alias in [unit.symbol.lower(), *unit.aliases]:
            units.setdefault(alias, unit)
    return Catalog(
        regimes={r.id: r for r in regimes},
        entries=[Entry.model_validate(e) for e in entries_file["entries"]],
        forms={f["id"]: Form.model_validate(f) for f in entries_file["forms"]},
        classes={c["id"]: MaterialClass.model_validate(c) for c in materials["classes"]},
        grades={g["id"]: Grade.model_validate(g) for g in materials["grades"]},
        parameters={p["id"]: Parameter.model_validate(p) for p in parameters["parameters"]},
        units=units,
    )


@cache
def compiled(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive pattern for any of the given data patterns, compiled once."""
    return _compile(list(patterns))
