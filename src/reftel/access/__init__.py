"""Access control: who may read which portion of a cable, and what is derived from it.

`Principal` is the reader; `parse_marking` and `Marking` (in `clearance`) define the order of
levels and the reading of caveats once for all of Reftel; `Visibility`, `redact_cable`,
`filter_extraction` and `prune` filter what a read path returns.
"""

from reftel.access.clearance import Marking, cable_marking, parse_marking
from reftel.access.filter import WITHHELD, Visibility, filter_extraction, prune, redact_cable
from reftel.access.portions import SUBJECT, portion_markings
from reftel.access.principal import ROLES, Principal, Role

__all__ = [
    "ROLES",
    "SUBJECT",
    "WITHHELD",
    "Marking",
    "Principal",
    "Role",
    "Visibility",
    "cable_marking",
    "filter_extraction",
    "parse_marking",
    "portion_markings",
    "prune",
    "redact_cable",
]
