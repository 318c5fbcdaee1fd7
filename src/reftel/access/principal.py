"""Who is reading: a principal's clearance, caveat accesses, nationality and role.

Every read path takes an optional principal; None is the local superuser (the CLI on one's own
database), who reads everything. `Principal.denials` is the whole reading policy for one
marking, and the only one in Reftel: access control and the markings of case files use it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal, get_args

from reftel.access.clearance import (
    Marking,
    Requirement,
    clearance_rank,
    level_name,
    parse_marking,
    policy,
    release_list,
)
from reftel.access.clearance import countries as country_set

Role = Literal["reader", "analyst", "admin"]
ROLES: tuple[Role, ...] = get_args(Role)


def _requires(control: str) -> Requirement:
    """What reading a control requires; one the policy does not list needs an access."""
    known = policy().controls.get(control)
    return known.requires if known else "access"


Action = Literal["read", "merge_entities", "edit_cases", "manage_users"]
_GRANTS: dict[Role, frozenset[Action]] = {
    "reader": frozenset({"read"}),
    "analyst": frozenset({"read", "merge_entities", "edit_cases"}),
    "admin": frozenset({"read", "merge_entities", "edit_cases", "manage_users"}),
}


@dataclass(frozen=True)
class Principal:
    """A user as the read paths see them. Build one with `Principal.make` to validate it."""

    name: str
    clearance: str
    """Canonical level name: UNCLASSIFIED, CONFIDENTIAL, SECRET or TOP SECRET."""
    accesses: frozenset[str] = frozenset()
    """Control caveats the user may read (NOFORN, ORCON...)."""
    countries: frozenset[str] = field(default_factory=lambda: frozenset({policy().home}))
    """Nationality for REL TO: a user without the home country (USA) is a foreign partner."""
    role: Role = "reader"

    @classmethod
    def make(
        cls,
        name: str,
        clearance: str,
        accesses: Iterable[str] = (),
        countries: Iterable[str] | None = None,
        role: str = "reader",
    ) -> Principal:
        """Validate and normalise: a clearance as U/C/S/TS or in full, caveats by any written
        form, countries by trigraph or name. Raises ValueError naming the bad field."""
        if not name.strip():
            raise ValueError("name: must not be empty")
        clearance_rank(clearance)  # raises for a level that is not a clearance
        level = level_name(clearance)
        assert level is not None
        granted = frozenset(c for a in accesses for c in parse_marking(f"{level}//{a}").controls)
        nations = country_set(countries) if countries else frozenset({policy().home})
        if role not in ROLES:
            raise ValueError(f"role: {role!r} is not one of {', '.join(ROLES)}")
        principal = cls(name.strip(), level, granted, nations, role)
        for control in granted:
            if _requires(control) == "us_person" and not principal.us_person:
                raise ValueError(f"caveat: {control} may be granted to US persons only")
        return principal

    @property
    def us_person(self) -> bool:
        return policy().home in self.countries

    def can_read(self, marking: Marking) -> bool:
        return not self.denials(marking)

    def denials(self, marking: Marking) -> list[str]:
        """Why this principal may not read the marking; empty when they may. The level must be
        within the clearance and every control held; a foreign partner may read nothing
        under a control for US persons only (NOFORN), nothing whose release list leaves out
        all their countries, and nothing classified that carries no release list at all."""
        reasons: list[str] = []
        if marking.rank > clearance_rank(self.clearance):
            reasons.append(f"needs {marking.level} clearance, holds {self.clearance}")
        nations = ", ".join(sorted(self.countries))
        home_only = {c for c in marking.controls if _requires(c) == "us_person"}
        if not self.us_person:
            if home_only:
                reasons.extend(f"{c}: not releasable to {nations}" for c in sorted(home_only))
            elif marking.rel_to is not None and not marking.rel_to & self.countries:
                listed = release_list(marking.rel_to)
                reasons.append(f"releasable to {listed} only, not {nations}")
            elif marking.rel_to is None and marking.classified:
                reasons.append(f"classified and not marked for release to {nations}")
        for control in sorted(marking.controls - self.accesses):
            if self.us_person or control not in home_only:
                reasons.append(f"needs {control} access")
        return reasons

    def may(self, action: Action) -> bool:
        return action in _GRANTS[self.role]
