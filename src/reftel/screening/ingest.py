"""Stricter rules for the parties of stored cables than for a name a user types.

A user who types 'SHIG' or 'Karimi' into `reftel screen` means that name, and wants every
entry it could be. A party extracted from a cable is another matter: real cables are full of
acronyms of other bodies (MFA, IMF, NSC), lone surnames and generic descriptions ('the
Central Bank', 'Ministry of Defense'), which the full lists match by accident. So a match of a
cable party stands as a designation only when the evidence identifies the party; otherwise it
is kept as a candidate for review, with the reason, and `match` false:

- an acronym matched only as the initials of a list name (the list never writes it, and the
  cable's own expansion, if any, did not match), since thousands of list names share initials;
- a person whose names agree on fewer than two distinctive words (a given name or a surname
  alone fits many people);
- a one-word organization name that is not the whole of the listed name, legal form apart
  ('al-Qaida' against 'Al-Qaida in Iraq', 'TNK' against 'TNK Trading International');
- a listed aircraft or vessel whose name ('EP-MNF') the party's does not spell whole;
- a short word not written in capitals ('Amb'): an abbreviation, not an acronym;
- a name of only common words ('Central Bank', 'State Security'): the listed name must have no
  other distinctive word, and a country both sides state must agree.
"""

from __future__ import annotations

from functools import lru_cache

from wordfreq import zipf_frequency

from reftel.resolution.names import STOP_WORDS, is_legal_form, prepare
from reftel.screening.score import Feature

__all__ = ["COMMON_ZIPF", "covers", "review_reason"]

COMMON_ZIPF = 3.9
"""A word at least this frequent in English (Zipf scale: 4 is once per 10,000 words) says what
kind of body a party is ('central', 'security', 'defense'), not which one."""
CRAFT = frozenset({"aircraft", "vessel"})
"""Entry types named by a registration or hull name, which a cable party matches only whole."""
SHORT_WORD = 4
"""Words this short are compared as written (see `_agree`)."""
COMMON_NAME_WORDS = 3
"""A name of this many common words, all agreeing, identifies a body ('Central Bank of Iran');
fewer ('Ministry of Defense') need a country or identifier to agree as well."""
ACRONYM_FEATURES = frozenset({"acronym", "acronym_misspelt", "acronym_weak", "initials_only"})
"""Features of a match made only through initials derived from a list name."""


@lru_cache(maxsize=100_000)
def is_common(word: str) -> bool:
    """A frequent English word: agreement on it alone does not identify a party."""
    return zipf_frequency(word, "en") >= COMMON_ZIPF


def _words(name: str, distinctive: bool = True) -> list[tuple[str, str]]:
    """A name's words as (written, folded), the distinctive ones only or all but stop words."""
    form = prepare(name)
    return [
        (t, f)
        for t, f, g in zip(form.tokens, form.folded, form.generic, strict=True)
        if len(t) > 1 and (not g if distinctive else t not in STOP_WORDS)
    ]


def _agree(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Two words agree when the same once folded; short words (acronyms) only as written,
    since folding 'mfa' and 'mfaa' alike says nothing about two bodies' initials."""
    if max(len(a[0]), len(b[0])) <= SHORT_WORD:
        return a[0] == b[0]
    return a[1] == b[1]


def _unmatched(words: list[tuple[str, str]], others: list[tuple[str, str]]) -> list[str]:
    return [w[0] for w in words if not any(_agree(w, o) for o in others)]


def covers(query_name: str, matched_name: str) -> bool:
    """The party's name accounts for every distinctive word of the listed name."""
    return not _unmatched(_words(matched_name), _words(query_name))


def _person_reason(query_name: str, matched_name: str) -> str | None:
    """A person needs two distinctive words to agree, among them the listed name's first
    given name (and its surname, when the list writes 'SURNAME, Given Names'): 'Saddam
    Hussein' is not 'Rana Saddam Hussein', nor 'Juan Carlos' 'MONTOYA SANCHEZ, Juan Carlos'."""
    q = _words(query_name)
    c = _words(matched_name)
    shared = [w for w in q if any(_agree(w, o) for o in c)]
    if len(shared) < 2:
        return (
            f"person {query_name!r} agrees with {matched_name!r} on {len(shared)} "
            "distinctive name word(s); two are needed: for review"
        )
    surname, _, given = matched_name.partition(",")
    surname_words, given_words = _words(surname), _words(given)
    # 'SURNAME, Given': its surname's first word and first given name; 'GIVEN ... SURNAME'
    # (surnames and nisbas trail, and are often dropped): its first given name.
    key = [*surname_words[:1], *given_words[:1]] if given_words else surname_words[:1]
    missing = _unmatched(key, q)
    if missing:
        return (
            f"person {query_name!r} lacks {', '.join(dict.fromkeys(missing))} of "
            f"{matched_name!r} (its first given name or surname): for review"
        )
    return None


def review_reason(
    party_type: str | None,
    query_name: str,
    matched_name: str,
    features: tuple[Feature, ...],
    entry_type: str | None = None,
) -> str | None:
    """Why a cable party's match to a list name is only a candidate for review (None when it
    stands as a designation)."""
    names = {f.name for f in features}
    if entry_type in CRAFT and prepare(query_name).normalized != prepare(matched_name).normalized:
        return (
            f"{matched_name!r} is a listed {entry_type}, named by its registration as written; "
            f"{query_name!r} is not that: for review"
        )
    word = query_name.strip()
    if len(word) <= SHORT_WORD and " " not in word and not word.isupper():
        return (
            f"{word!r} is not written in capitals, so it is an abbreviation or a word, not the "
            f"acronym {matched_name!r}: for review"
        )
    if "exact" not in names and names & ACRONYM_FEATURES:
        return (
            f"{query_name!r} matches {matched_name!r} only as its initials, which the list does "
            "not write and the cable does not expand: for review"
        )
    if party_type == "person":
        return _person_reason(query_name, matched_name)
    q, c = _words(query_name), _words(matched_name)
    unmatched = _unmatched(c, q)
    if len(q) == 1:
        # Against a one-word name, every word of the listed name counts but its legal form:
        # 'TNK' is not 'TNK Trading International SA'.
        rest = [w for w in _words(matched_name, False) if not is_legal_form(w[0])]
        if _unmatched(rest, _words(query_name, False)) or _unmatched(q, c):
            return f"one-word name {query_name!r} is not the whole of {matched_name!r}: for review"
    if q and all(is_common(w[0]) for w in q):
        others = _unmatched(_words(matched_name, False), _words(query_name, False))
        if others:
            return (
                f"{query_name!r} is made of common words and {matched_name!r} has others "
                f"({', '.join(others)}): for review"
            )
        if len(q) < COMMON_NAME_WORDS and not names & {"country_match", "identifier_match"}:
            return (
                f"{query_name!r} is made of few common words; without a country or identifier "
                "both sides state, it does not identify the listed party: for review"
            )
    if unmatched and _unmatched(_words(query_name, False), _words(matched_name, False)):
        return (
            f"{query_name!r} and {matched_name!r} each have words the other lacks "
            f"({', '.join(unmatched)}): for review"
        )
    return None
