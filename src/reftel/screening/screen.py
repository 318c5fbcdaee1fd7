"""Screening names against the stored designation lists, in two stages.

First, candidates: the list entries that share a blocking key with the query (a folded word,
its sound, its consonants, an acronym) are read from the index in the store. Then each
candidate's names are scored by the explainable scorer, with the qualifiers both sides have
(country, identifiers, kind of party). A result names the list, the entry's id as the list
writes it, the name matched, the score, whether it is a match at the threshold, the list's
reason and every feature of the score.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from sqlalchemy import func, select

from reftel.resolution.names import (
    all_name_keys,
    key_groups,
    name_key_set,
    prepare,
    split_aliases,
)
from reftel.screening.lists import LoadedList
from reftel.screening.score import (
    COUNTRY_MATCH,
    DEFAULT_THRESHOLD,
    Comparison,
    Feature,
    Rarity,
    compare,
    compare_names,
)
from reftel.store.designations import StoredEntry, candidate_entries, connect, load_entries
from reftel.store.schema import DesignationEntryRow, DesignationKeyRow

__all__ = [
    "Hit",
    "Query",
    "Screener",
    "WordCounts",
    "entries_of",
    "screen_names",
    "word_counts",
]

KEY_LIMIT = 500
"""A blocking key shared by more entries than this finds nothing alone (see candidate_entries)."""
MAX_CANDIDATES = 8
"""Candidates scored per query, the best-keyed first."""
WEAK_KEYS = ("f:", "w:")
"""Keys that find a misspelt word (its stems): half the weight of a key that finds the word."""
WEAK_KEY_LIMIT = 100
"""A stem shared by more entries than this finds nothing alone: it is a common beginning."""
EXPANSION_FIT = 0.5
"""Least name score of a query's full name against an entry's for a match through the
query's one-word name (its acronym, a short alias) to stand: below it they contradict."""
MAX_ACRONYM_CANDIDATES = 50
"""A one-word query is also compared with every entry its acronym keys find, up to this many:
many entries share a short acronym, and comparing a word with initials is cheap."""


@dataclass(frozen=True)
class Query:
    """A party to screen: its names, and what is known to qualify them."""

    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    type: str | None = None
    identifiers: tuple[str, ...] = ()

    def names(self) -> list[str]:
        found: list[str] = []
        for name in (self.name, *self.aliases):
            found.extend(split_aliases(name))
        return list(dict.fromkeys(found))


@dataclass(frozen=True)
class Hit:
    """One list entry found for a query, with why."""

    query: str
    list: str
    entry_id: str
    designee: str
    entry_name: str
    matched_name: str
    query_name: str
    score: float
    match: bool
    type: str
    programs: tuple[str, ...]
    authority: str | None
    listed_on: str | None
    reason: str | None
    source: str | None
    features: tuple[Feature, ...] = field(default_factory=tuple)
    entry_pk: int | None = None
    """The entry's key in the store (its position, for entries screened without a store)."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


RARITY_MIN_ENTRIES = 1000
"""Word frequencies from fewer entries than this say little: every distinctive word then
weighs the same."""
RARITY_FLOOR = 0.35
"""Weight of the commonest distinctive words ('Mohammad', 'Ali', 'Trading') against 1 for a
rare one."""
RARE_SHARE = 0.001
"""A word used by at most this share of the entries is fully rare (weight 1)."""


@dataclass(frozen=True)
class WordCounts:
    """How many entries use each distinctive word (folded), out of how many: the lists' own
    statistics, so that agreement on a rare word weighs more than on a common one."""

    counts: Mapping[str, int]
    total: int

    def rarity(self) -> Rarity | None:
        if self.total < RARITY_MIN_ENTRIES:
            return None
        scale = math.log((self.total + 1) / (self.total * RARE_SHARE + 1))
        cache: dict[str, float] = {}

        def weigh(word: str) -> float:
            if (found := cache.get(word)) is None:
                idf = math.log((self.total + 1) / (self.counts.get(word, 0) + 1))
                found = cache[word] = min(1.0, max(RARITY_FLOOR, idf / scale))
            return found

        return weigh


def word_counts(entries: Iterable[StoredEntry]) -> WordCounts:
    """Entries per distinctive word, over the given entries."""
    counts: Counter[str] = Counter()
    total = 0
    for entry in entries:
        total += 1
        counts.update({w for name in entry.names for w in prepare(name).core})
    return WordCounts(counts, total)


class Screener:
    """Scores queries against a set of list entries, with an in-memory key index over them.
    Word rarity comes from `counts` (the whole store's, when the entries are only the
    candidates read from it), else from the entries themselves."""

    def __init__(
        self,
        entries: Sequence[StoredEntry],
        threshold: float = DEFAULT_THRESHOLD,
        counts: WordCounts | None = None,
    ):
        self.entries = list(entries)
        self.threshold = threshold
        self._index: dict[str, list[int]] = defaultdict(list)
        for position, entry in enumerate(self.entries):
            for key in all_name_keys(entry.names):
                self._index[key].append(position)
        self.rarity = (counts or word_counts(self.entries)).rarity()
        self._name_keys = [[name_key_set(n) for n in e.names] for e in self.entries]
        for entry in self.entries:
            for name in entry.names:
                form = prepare(name)
                _ = form.sizes, form.core  # read once here, not on the first query

    def candidates(self, names: Iterable[str]) -> list[int]:
        """Entries sharing keys with the names, ranked by the evidence: each distinctive word
        of the query (and its acronyms) counts once, by the rarest of its keys the entry
        shares (inverse entry frequency: a key few entries have says more); the best
        MAX_CANDIDATES go on to the scorer."""
        total = math.log(len(self.entries) + 1)
        groups = {g for name in names for g in key_groups(name)}
        weights: dict[int, float] = defaultdict(float)
        for group in groups:
            best: dict[int, float] = {}
            for key in group:
                positions = self._index.get(key, ())
                weak = key.startswith(WEAK_KEYS)
                if not positions or len(positions) > (WEAK_KEY_LIMIT if weak else KEY_LIMIT):
                    continue
                weight = total - math.log(len(positions))
                if weak:
                    weight /= 2
                for position in positions:
                    if weight > best.get(position, 0.0):
                        best[position] = weight
            for position, weight in best.items():
                weights[position] += weight
        chosen = heapq.nsmallest(MAX_CANDIDATES, weights, key=lambda p: (-weights[p], p))
        words = [prepare(name).single for name in names]
        if any(words) and len(chosen) < MAX_ACRONYM_CANDIDATES:
            acronym_keys = {f"{kind}:{w}" for w in words if w for kind in ("a", "n")}
            acronym_keys |= {f"n:{''.join(sorted(w))}" for w in words if w}
            found = {p for key in acronym_keys for p in self._index.get(key, ())}
            extra = sorted(found - set(chosen), key=lambda p: (-weights[p], p))
            chosen += extra[: MAX_ACRONYM_CANDIDATES - len(chosen)]
        return chosen

    def screen(self, query: Query, limit: int = 10) -> list[Hit]:
        """The best-scoring entries for a query, best first; `match` marks those at the
        threshold. Entries scoring below half the threshold are left out. Each entry's names
        are compared by name first; the qualifiers are applied to the best one.

        A query known by a full name as well as a one-word name (an acronym the cable
        defines, an alias) matches through the one word only where its full name fits the
        entry's: 'Xyz Cooperation Organization (XCO)' is not 'XCO' of 'Xavan Company'."""

        def acronyms(entry: StoredEntry) -> bool:
            return "person" not in (query.type, entry.type)

        names = query.names()
        long_forms = [n for n in names if len(prepare(n).tokens) > 1]
        query_keys = all_name_keys(names)
        scored: list[tuple[float, int]] = []
        pairs: dict[int, tuple[str, str]] = {}
        conflicts: dict[int, Feature] = {}
        for position in self.candidates(names):
            entry = self.entries[position]
            found: list[tuple[float, str, str]] = []
            for q_name in names:
                for e_name, e_keys in zip(entry.names, self._name_keys[position], strict=True):
                    if query_keys.isdisjoint(e_keys):
                        continue  # shares no word, sound or acronym: cannot score high
                    score, _ = compare_names(
                        q_name,
                        e_name,
                        acronyms=acronyms(entry),
                        explain=False,
                        rarity=self.rarity,
                    )
                    found.append((score, q_name, e_name))
            best = max(found, key=lambda f: f[0], default=None)
            if best is not None and long_forms and prepare(best[1]).single is not None:
                conflict = self._expansion_conflict(best, long_forms, entry)
                if conflict is not None:
                    conflicts[position] = conflict
                    multi = [f for f in found if prepare(f[1]).single is None]
                    best = max(multi, key=lambda f: f[0], default=None)
            if best is None:
                continue
            if best[0] + COUNTRY_MATCH < self.threshold / 2 and not query.identifiers:
                continue  # no qualifier can lift it into the results
            pairs[position] = (best[1], best[2])
            scored.append((self._qualify(query, entry, best[1], best[2], False).score, position))
        ranked = sorted(
            ((score, p) for score, p in scored if score >= self.threshold / 2),
            key=lambda sp: (-sp[0], self.entries[sp[1]].list_name, self.entries[sp[1]].entry_id),
        )
        hits: list[Hit] = []
        for _, position in ranked[:limit]:
            entry = self.entries[position]
            q_name, e_name = pairs[position]
            result = self._qualify(query, entry, q_name, e_name, True)
            if conflict := conflicts.get(position):
                result = replace(result, features=(conflict, *result.features))
            hits.append(
                Hit(
                    query=query.name,
                    list=entry.list_name,
                    entry_id=entry.entry_id,
                    designee=entry.designee,
                    entry_name=entry.name,
                    matched_name=result.candidate,
                    query_name=q_name,
                    score=result.score,
                    match=result.score >= self.threshold,
                    type=entry.type,
                    programs=entry.programs,
                    authority=entry.authority,
                    listed_on=entry.listed_on,
                    reason=entry.reason,
                    source=entry.source,
                    features=result.features,
                    entry_pk=entry.pk,
                )
            )
        return hits

    def _expansion_conflict(
        self, best: tuple[float, str, str], long_forms: list[str], entry: StoredEntry
    ) -> Feature | None:
        """Evidence against a match made through a query's one-word name: the query's full
        names fit none of the entry's names of several words (None when one fits, or the
        entry has no such name to compare with)."""
        full_names = [n for n in entry.names if prepare(n).single is None]
        if not full_names:
            return None
        fit, long_form, e_name = max(
            (
                (compare_names(q, e, acronyms=False, explain=False, rarity=self.rarity)[0], q, e)
                for q in long_forms
                for e in full_names
            ),
            key=lambda f: f[0],
        )
        if fit >= EXPANSION_FIT:
            return None
        return Feature(
            "expansion_conflict",
            round(fit - best[0], 4),
            f"{best[1]!r} matched {best[2]!r} ({best[0]:.2f}), but the party's full name "
            f"{long_form!r} is not {e_name!r} ({fit:.2f}): set aside",
        )

    def _qualify(
        self, query: Query, entry: StoredEntry, q_name: str, e_name: str, explain: bool
    ) -> Comparison:
        """The best pair of names with the qualifiers both sides have; explained or not."""
        return compare(
            q_name,
            e_name,
            query_country=query.country,
            candidate_countries=entry.countries,
            query_ids=query.identifiers,
            candidate_ids=entry.identifiers,
            query_type=query.type,
            candidate_type=entry.type,
            rarity=self.rarity,
            explain=explain,
        )


def screen_names(
    store: Any, queries: Sequence[Query], threshold: float = DEFAULT_THRESHOLD, limit: int = 10
) -> list[list[Hit]]:
    """Screen queries against the lists in a store: candidates from the stored index, then
    the scorer. One list of hits per query, in order."""
    keys = all_name_keys(n for q in queries for n in q.names())
    pks = candidate_entries(store, keys, KEY_LIMIT)
    entries = load_entries(store, pks)
    words = {f"t:{w}" for q in queries for n in q.names() for w in prepare(n).core}
    words |= {f"t:{w}" for e in entries for n in e.names for w in prepare(n).core}
    counts, total = key_counts(store, words)
    found = {key.removeprefix("t:"): n for key, n in counts.items()}
    screener = Screener(entries, threshold, WordCounts(found, total))
    return [screener.screen(q, limit) for q in queries]


def key_counts(store: Any, keys: Iterable[str]) -> tuple[dict[str, int], int]:
    """Entries per blocking key in the store's index, and the number of entries: the lists'
    own word statistics, read for the words at hand only."""
    table = DesignationKeyRow.__table__
    entries = DesignationEntryRow.__table__
    wanted = sorted(set(keys))
    counts: dict[str, int] = {}
    with connect(store) as connection:
        total = int(connection.scalar(select(func.count()).select_from(entries)) or 0)
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            for key, count in connection.execute(
                select(table.c.key, func.count())
                .where(table.c.key.in_(chunk))
                .group_by(table.c.key)
            ):
                counts[key] = int(count)
    return counts, total


def entries_of(list_name: str, loaded: LoadedList) -> list[StoredEntry]:
    """A loaded list's entries as screening reads them, without a store (each entry its own
    designee): for screening a file against a list in memory, and for benchmarks."""
    return [
        StoredEntry(
            pk=position,
            list_name=list_name,
            entry_id=e.entry_id,
            type=e.type,
            name=e.name,
            names=tuple(e.names()),
            weak_names=tuple(e.weak_aliases),
            programs=tuple(e.programs),
            authority=e.authority,
            listed_on=e.listed_on,
            reason=e.reason,
            countries=tuple(e.countries),
            identifiers=tuple(e.identifiers),
            source=e.source,
            designee=f"{list_name}:{e.entry_id}",
        )
        for position, e in enumerate(loaded.entries)
    ]
