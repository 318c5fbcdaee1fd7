"""Markings of derived text: combining the markings of several sources, and writing them.

A point drafted from several sources carries the highest of their classifications, with their
controls combined: NOFORN outranks any release marking, release lists intersect (groups such as
FVEY expanded), other dissemination controls add up, and controls for unclassified information
only (FOUO, SBU) drop when the result is classified (ODNI CAPCO Manual sec. 9 and 10 roll-up).

Markings are read, ordered and checked by `reftel.access`: this module adds only the roll-up
and the portion and banner forms. Who may read a marking is `Principal.denials`.
"""

from __future__ import annotations

from collections.abc import Iterable

from reftel.access.clearance import (
    Marking,
    MarkingError,
    policy,
    release_list,
)
from reftel.access.clearance import parse_marking as read_marking

__all__ = [
    "Marking",
    "MarkingError",
    "banner",
    "combine",
    "combine_written",
    "parse_marking",
    "portion",
    "source_marking",
]


def parse_marking(text: str, default_level: str | None = None) -> Marking:
    """Read a written marking for drafting. One with controls only ('REL TO USA, GBR') takes
    `default_level`; without one it is a `MarkingError`: a drafted marking is never guessed."""
    fallback = read_marking(default_level, required=True) if default_level else None
    return read_marking(text, fallback, required=True)


def portion(mark: Marking) -> str:
    """The portion mark, e.g. '(S//NF)', '(C//REL TO USA, GBR)', '(U//SBU)'."""
    level = policy().portion_levels.get(mark.level, mark.level)
    return f"({_written(level, mark, abbreviated=True)})"


def banner(mark: Marking) -> str:
    """The banner line, e.g. 'SECRET//NOFORN', 'UNCLASSIFIED//FOR OFFICIAL USE ONLY'."""
    return _written(mark.level, mark, abbreviated=False)


def _written(level: str, mark: Marking, abbreviated: bool) -> str:
    """The level, then controls, captions and the release list as one '/'-joined group in
    CAPCO order; a caveat the policy does not list comes last, as written."""
    pol = policy()
    ordered: list[tuple[bool, int, str]] = []
    for name in mark.controls | mark.captions:
        known = pol.controls.get(name)
        if known is None:
            ordered.append((True, 0, name))
        else:
            ordered.append((False, known.order, known.portion if abbreviated else name))
    if mark.rel_to is not None:
        release = f"{pol.release_prefix} {release_list(mark.rel_to)}"
        ordered.append((False, pol.release_order, release))
    group = "/".join(dict.fromkeys(token for *_, token in sorted(ordered)))
    return f"{level}//{group}" if group else level


def combine(markings: Iterable[Marking]) -> Marking:
    """The marking of text drawn from all these sources.

    The level is the highest. NOFORN anywhere makes it NOFORN. Otherwise, if any source
    carries a release list, the result may go only to the countries every classified or
    release-marked source may go to (a classified source without a release list may go to
    none); if no foreign country is left, it is NOFORN. Other controls add up, except those
    for unclassified information only, which a classified result drops.
    """
    sources = list(markings)
    if not sources:
        raise ValueError("a marking needs at least one source")
    pol = policy()
    level = max(sources, key=lambda m: m.rank).level
    caveats: set[str] = set().union(*(m.controls | m.captions for m in sources))
    if Marking(level).classified:
        caveats = {
            c for c in caveats if not (c in pol.controls and pol.controls[c].unclassified_only)
        }
    rel_to: frozenset[str] | None = None
    if pol.not_releasable not in caveats and any(m.rel_to is not None for m in sources):
        home = frozenset({pol.home})
        bounding = [
            home if m.rel_to is None else m.rel_to
            for m in sources
            if m.rel_to is not None or m.classified
        ]
        common = frozenset.intersection(*bounding)
        if common - home:
            rel_to = common
        else:
            caveats.add(pol.not_releasable)
    return Marking.of(level, caveats, rel_to)


def combine_written(markings: Iterable[str], default_level: str | None = None) -> Marking:
    """`combine` over written markings, each read with `parse_marking`."""
    return combine(parse_marking(m, default_level) for m in markings)


def source_marking(
    paragraph_marking: str | None, classification: str | None, caveats: Iterable[str] = ()
) -> Marking:
    """The marking a paragraph lends to what is drawn from it: its own portion mark, or, when
    it has none, the whole cable's classification and caveats (the cautious reading of an
    unmarked paragraph). A cable with neither is a `MarkingError`: nothing is guessed."""
    if paragraph_marking:
        return parse_marking(paragraph_marking, classification)
    if not classification:
        raise MarkingError("neither the paragraph nor the cable carries a classification")
    return parse_marking("//".join([classification, *caveats]))
