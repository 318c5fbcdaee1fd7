"""The explainable name scorer: how alike two names are, and why.

Every comparison returns its score with the features that made it, each with its value and a
sentence an analyst can check. The name score is the best of: the same name once normalized;
the same name once romanisation variants are folded; one name an acronym of the other (or an
acronym with its letters out of order); and an alignment of the two names' words, in any
order, where distinctive words count fully and company-type words little. Qualifiers then move
the score: a shared identifier raises it, countries that do not meet and different kinds of
party lower it.

Words are compared by edits counted on the words as written: one edit earns more credit the
longer the word, two only in very long words. A name whose distinctive words agree only
through an edit in a short word ('Dorsan' for 'Dorstan') stays below the threshold, since one
changed letter in a short name is another company as often as a typo. Distinctive words can
be weighed by how rare they are among the listed names (`rarity`), so agreeing on a common
given name says less than agreeing on a rare family name.

Some evidence is never a match alone, only a name for review: a two-letter acronym, or one
that needs a company word's short form to spell ('XCO' for 'Xyz Company'); and a one-word
name ('Karimi') that agrees with one of a listed name's several distinctive words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz.distance import OSA

from reftel.resolution.names import (
    NameForm,
    anagram_key,
    consonant_skeleton,
    prepare,
)

__all__ = [
    "COUNTRY_MATCH",
    "DEFAULT_THRESHOLD",
    "Comparison",
    "Feature",
    "Rarity",
    "compare",
    "compare_names",
]

DEFAULT_THRESHOLD = 0.8
"""Score at or above which a comparison is reported as a match."""

COUNTRY_MATCH = 0.03
"""Raised when the query's country is among the candidate's: corroboration, not identity."""
GENERIC_WEIGHT = 0.25
"""Weight of a company-type word against 1 for a distinctive word."""
QUERY_SHARE = 0.7
"""Share of the score from how much of the query is matched (the rest: of the candidate).
Lists write full names and queries are often shorter, so missing query words cost more."""


@dataclass(frozen=True)
class Feature:
    """One piece of evidence: its name, its value in [0, 1] (or the change it made) and why."""

    name: str
    value: float
    detail: str


@dataclass(frozen=True)
class Comparison:
    """A score in [0, 1], the names compared, and every feature that went into the score."""

    score: float
    query: str
    candidate: str
    features: tuple[Feature, ...] = field(default_factory=tuple)

    def matched(self, threshold: float = DEFAULT_THRESHOLD) -> bool:
        return self.score >= threshold

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


CONFLICT_PENALTY = 0.1
"""Taken per distinctive word each side has and the other lacks: words that disagree are
evidence of another party, not just a shorter name."""
WEAK_CAP = 0.75
"""Highest score of a name whose distinctive words agree only through edits in short words:
one letter changed in a short name ('Dorstan', 'Dorsan') makes another name as often as a
typo, so such a name is reported for review below the threshold, never as a match."""
STRONG = 0.9
"""A word matched this well (the same, the same once folded, vowels apart, one edit in a
long word) is firm agreement on its own."""
WEAK_ACRONYM = 0.6
"""Score of a query spelling only weak initials of a name (two letters, or padded with a
company word's short form): reported for review, below the threshold."""
ONE_WORD_CAP = 0.7
"""Highest score of a one-word query agreeing with one of a name's several distinctive
words: a given name or a family name alone ('Karimi' against 'Karimi Rahimi Trading') fits
many parties, so it is reported for review, never as a match."""


def _one_edit_credit(longest: int) -> float:
    """Credit for one edit (a letter changed, dropped, doubled or two letters swapped): a
    typo is likelier than another name the longer the word, so the credit grows with it."""
    if longest <= 3:
        return 0.6
    if longest <= 5:
        return 0.75
    if longest <= 7:
        return 0.82
    return 0.9


@lru_cache(maxsize=500_000)
def _word_similarity(
    q: str, c: str, last: bool, q_raw: str = "", c_raw: str = ""
) -> tuple[float, str]:
    """How alike two words are, and the rule that said so. `q` and `c` are folded over
    romanisation variants; edits are counted on the words as written (`q_raw`, `c_raw`), since
    folding can turn two edits into one ('Sarria', 'Saggia') or one into two."""
    q_raw, c_raw = q_raw or q, c_raw or c
    if q == c:
        return 1.0, "same"
    if last and (c.startswith(q) or c_raw.startswith(q_raw)):
        return (0.85, "truncated") if len(q) >= 3 else (-1.0, "truncated")
    shortest, longest = min(len(q_raw), len(c_raw)), max(len(q_raw), len(c_raw))
    if shortest <= 1 or (shortest <= 2 and longest > 3):
        return 0.0, ""
    skeleton = consonant_skeleton(q)
    if len(skeleton) >= 3 and skeleton == consonant_skeleton(c) and longest - shortest <= 2:
        return 0.9, "vowels differ"
    distance = OSA.distance(q_raw, c_raw, score_cutoff=2)
    if distance == 1:
        return _one_edit_credit(longest), "1 edit"
    if distance == 2 and shortest >= 12:
        return 0.7, "2 edits in a long word"
    return 0.0, ""


@lru_cache(maxsize=100_000)
def _generic_similarity(q: str, c: str) -> tuple[float, str]:
    """A company word misspelt ('Compnay'): one edit is forgiven at any length, since such a
    word says what kind of body a party is, not which one."""
    if min(len(q), len(c)) >= 3 and OSA.distance(q, c, score_cutoff=1) <= 1:
        return 0.9, "misspelt company word"
    return 0.0, ""


Rarity = Callable[[str], float]
"""Weight in (0, 1] of a distinctive (folded) word: how rare it is among the names screened
against, so a common given name agreeing says less than a rare family name."""


def _align(
    q: NameForm, c: NameForm, explain: bool = True, rarity: Rarity | None = None
) -> tuple[float, list[Feature]]:
    """Match each word of the query to at most one of the candidate's, best pairs first.
    Without `explain`, only the score is computed (for ranking many names quickly)."""
    q_words, c_words = q.folded, c.folded
    weigh = rarity or (lambda _: 1.0)
    q_weights = [GENERIC_WEIGHT if g else weigh(w) for w, g in zip(q_words, q.generic, strict=True)]
    c_weights = [GENERIC_WEIGHT if g else weigh(w) for w, g in zip(c_words, c.generic, strict=True)]
    pairs: list[tuple[float, int, int, str]] = []
    last_index = len(q_words) - 1
    c_tokens, c_generic, c_sizes = c.tokens, c.generic, c.sizes
    for i, qw in enumerate(q_words):
        last = i == last_index
        q_token = q.tokens[i]
        size, folded_size = q.sizes[i]
        for j, cw in enumerate(c_words):
            if qw == cw:
                pairs.append((1.0, i, j, "same"))
                continue
            if not last:
                raw, folded = c_sizes[j]
                if not -2 <= size - raw <= 2 and not -2 <= folded_size - folded <= 2:
                    continue  # no rule but a cut last word joins words so unlike in length
            c_token = c_tokens[j]
            sim, why = _word_similarity(qw, cw, last, q_token, c_token)
            if sim == 0 and c_generic[j]:
                sim, why = _generic_similarity(q_token, c_token)
            if sim != 0:
                pairs.append((sim, i, j, why))
    pairs.sort(key=lambda p: (-abs(p[0]), p[1], p[2]))
    used_q: set[int] = set()
    used_c: set[int] = set()
    q_score = c_score = 0.0
    features: list[Feature] = []
    matched_core = strong_core = 0
    for sim, i, j, why in pairs:
        if i in used_q or j in used_c:
            continue
        used_q.add(i)
        used_c.add(j)
        if sim < 0:
            # A last word cut to one or two letters: neither evidence for nor against.
            q_weights[i] = 0.0
            if explain:
                detail = f"{q.tokens[i]!r} may begin {c.tokens[j]!r}"
                features.append(Feature("truncated_end", 0.0, detail))
            continue
        if not q.generic[i] and not c.generic[j]:
            # A pair counts at the candidate word's rarity on both sides: a misspelt word
            # is unknown to the lists, not rare.
            q_weights[i] = c_weights[j]
        q_score += sim * q_weights[i]
        c_score += sim * c_weights[j]
        if not q.generic[i]:
            matched_core += 1
            strong_core += sim >= STRONG
        if explain and (why != "same" or q.tokens[i] != c.tokens[j]):
            rule = why if why != "same" else "romanisation"
            features.append(
                Feature("word_variant", sim, f"{q.tokens[i]!r} ~ {c.tokens[j]!r}: {rule}")
            )
    q_cover = q_score / (sum(q_weights) or 1.0)
    c_cover = c_score / sum(c_weights)
    missing_q = [q.tokens[i] for i in range(len(q_words)) if i not in used_q and not q.generic[i]]
    missing_c = [c.tokens[j] for j in range(len(c_words)) if j not in used_c and not c.generic[j]]
    score = QUERY_SHARE * q_cover + (1 - QUERY_SHARE) * c_cover
    conflicts = min(len(missing_q), len(missing_c))
    score -= CONFLICT_PENALTY * conflicts
    if matched_core == 0:
        score = min(score, 0.5)
    weak = matched_core > 0 and strong_core == 0 and score > WEAK_CAP
    if weak:
        score = WEAK_CAP
    one_word = len(q_words) == 1 and matched_core == 1 and len(c.core) > 1
    one_word = one_word and score > ONE_WORD_CAP
    if one_word:
        score = ONE_WORD_CAP
    if explain:
        features.append(
            Feature("query_words_matched", round(q_cover, 3), f"unmatched: {missing_q or 'none'}")
        )
        features.append(
            Feature(
                "candidate_words_matched", round(c_cover, 3), f"unmatched: {missing_c or 'none'}"
            )
        )
        if conflicts:
            features.append(
                Feature(
                    "conflicting_words",
                    -CONFLICT_PENALTY * conflicts,
                    f"{conflicts} distinctive word(s) on each side without a counterpart",
                )
            )
        if matched_core == 0:
            features.append(Feature("no_distinctive_word", 0.0, "only company-type words agree"))
        if weak:
            features.append(
                Feature(
                    "no_firm_distinctive_word",
                    WEAK_CAP,
                    "distinctive words agree only through edits in short words: for review",
                )
            )
        if one_word:
            features.append(
                Feature(
                    "one_word_of_several",
                    ONE_WORD_CAP,
                    f"a one-word name agrees with one of {len(c.core)} distinctive words: "
                    "for review",
                )
            )
    return max(0.0, score), features


def _acronym(q: NameForm, c: NameForm, both_ways: bool) -> Feature | None:
    """The query is a single word that the candidate's initials spell, in order or not.

    The other way round (a list's acronym against a query's initials) is weak evidence:
    unrelated names share initials, so it counts only when `both_ways` is asked for. A
    name of several words is never matched through acronyms: that path is for acronyms.
    Initials that are weak alone (see `weak_acronym_keys`) give a score for review.
    """
    pairs = ((q, c), (c, q)) if both_ways else ((q, c),)
    weak: Feature | None = None
    for short, full in pairs:
        word = short.single
        if word is None or len(word) < 2 or full.single is not None:
            continue
        if word in full.weak_acronyms:
            why = "two letters" if len(word) < 3 else "needs a company word's short form"
            weak = weak or Feature(
                "acronym_weak",
                WEAK_ACRONYM,
                f"{word.upper()} spells initials of {full.text!r}, but {why}: weak alone",
            )
            continue
        if word in full.acronyms:
            return Feature("acronym", 0.95, f"{word.upper()} spells the initials of {full.text!r}")
        if len(word) >= 4:
            letters = anagram_key(word)
            for acronym in full.acronyms - full.weak_acronyms:
                if acronym[0] == word[0] and anagram_key(acronym) == letters:
                    return Feature(
                        "acronym_misspelt",
                        0.85,
                        f"{word.upper()} has the letters of {acronym.upper()}, the initials "
                        f"of {full.text!r}, out of order",
                    )
    if weak is None and not both_ways and c.single and c.single in q.acronyms:
        return Feature(
            "initials_only",
            0.5,
            f"the query's initials spell {c.single.upper()}, the candidate's acronym: weak alone",
        )
    return weak


def compare_names(
    query: str,
    candidate: str,
    both_ways: bool = False,
    acronyms: bool = True,
    explain: bool = True,
    rarity: Rarity | None = None,
) -> tuple[float, list[Feature]]:
    """The name score alone, with its features. `both_ways`: an acronym on either side
    counts (for comparing two parties' names; in screening only the query's does).
    `rarity` weighs distinctive words by how rare they are (uniform when None). Without
    `explain` the result is cached: screening scores a pair, then qualifies the best one."""
    if not explain:
        score, features = _name_score(query, candidate, both_ways, acronyms, rarity)
        return score, list(features)
    return _compare_names(query, candidate, both_ways, acronyms, True, rarity)


@lru_cache(maxsize=200_000)
def _name_score(
    query: str, candidate: str, both_ways: bool, acronyms: bool, rarity: Rarity | None
) -> tuple[float, tuple[Feature, ...]]:
    score, features = _compare_names(query, candidate, both_ways, acronyms, False, rarity)
    return score, tuple(features)


def _compare_names(
    query: str,
    candidate: str,
    both_ways: bool,
    acronyms: bool,
    explain: bool,
    rarity: Rarity | None,
) -> tuple[float, list[Feature]]:
    q, c = prepare(query), prepare(candidate)
    if not q.tokens or not c.tokens:
        return 0.0, [Feature("empty_name", 0.0, "a name is empty once normalized")]
    if q.normalized == c.normalized:
        return 1.0, [Feature("exact", 1.0, "the same name once case, script and punctuation")]
    if q.folded == c.folded or "".join(q.folded) == "".join(c.folded):
        return 0.97, [Feature("romanisation", 0.97, "the same name once spellings are folded")]
    acronym = _acronym(q, c, both_ways) if acronyms else None
    if acronym is not None and acronym.value >= DEFAULT_THRESHOLD:
        return acronym.value, [acronym]
    if sorted(q.folded) == sorted(c.folded):
        return 0.95, [Feature("word_order", 0.95, "the same words in another order")]
    score, features = _align(q, c, explain, rarity)
    if acronym is not None and acronym.value > score:
        return acronym.value, [acronym]
    return score, features


def compare(
    query: str,
    candidate: str,
    *,
    query_country: str | None = None,
    candidate_countries: Iterable[str] = (),
    query_ids: Iterable[str] = (),
    candidate_ids: Iterable[str] = (),
    query_type: str | None = None,
    candidate_type: str | None = None,
    both_ways: bool = False,
    rarity: Rarity | None = None,
    explain: bool = True,
) -> Comparison:
    """Score a query name against a candidate name, with qualifiers where both sides have them.

    Countries are ISO codes; identifiers are compared after removing spaces and punctuation;
    types are 'person' or 'organization' (anything else is not compared). `both_ways` makes
    acronyms count on either side, for comparing two parties rather than screening a query.
    Without `explain`, the name's features are left out (the score is the same).
    """
    # Initials stand for organizations; a person's initials match far too many others.
    persons = "person" in (query_type, candidate_type)
    score, features = compare_names(
        query, candidate, both_ways, acronyms=not persons, explain=explain, rarity=rarity
    )
    countries = {c.upper() for c in candidate_countries if c}
    if query_country and countries:
        if query_country.upper() in countries:
            score = min(1.0, score + COUNTRY_MATCH)
            features.append(
                Feature("country_match", COUNTRY_MATCH, f"{query_country.upper()} agrees")
            )
        else:
            score = max(0.0, score - 0.15)
            features.append(
                Feature(
                    "country_mismatch",
                    -0.15,
                    f"{query_country.upper()} not in {', '.join(sorted(countries))}",
                )
            )
    q_ids = {_id_key(i) for i in query_ids if _id_key(i)}
    c_ids = {_id_key(i) for i in candidate_ids if _id_key(i)}
    if shared := q_ids & c_ids:
        score = max(score, 0.98)
        features.append(Feature("identifier_match", 0.98, f"shared: {', '.join(sorted(shared))}"))
    kinds = {"person", "organization"}
    if query_type in kinds and candidate_type in kinds and query_type != candidate_type:
        score = max(0.0, score - 0.2)
        features.append(
            Feature("type_mismatch", -0.2, f"a {query_type} against a {candidate_type}")
        )
    return Comparison(round(score, 4), query, candidate, tuple(features))


def _id_key(identifier: str) -> str:
    return "".join(ch for ch in identifier.upper() if ch.isalnum())
