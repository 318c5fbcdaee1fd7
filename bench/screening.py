"""Screening quality and speed on the real UN and OFAC lists, against nomenklatura's logic-v2.

Usage: python bench/screening.py [--per-kind N] [--seed S] [--speed-queries N] [--show-errors]

Cases are generated from real list entries (UN consolidated XML of 2026-02-27 and the OFAC SDN
CSV of about 2021, read in place from ../shared/data/sanctions) with a fixed seed. For each
kind of variation, N entries are drawn and each gives one positive (the entry's name varied
that way: typo, transposition, truncation, acronym, misspelt acronym, token order,
romanisation variant, company-type change, dropped token) and one near-miss negative (a name
like it that is not the entry: a distinctive word swapped for a real, similar-looking word
from wordfreq's lexicons that no list name uses, two edits away from it, like 'Dorman' for
'Doorman'; for acronyms, one letter changed, never giving the initials of another of the
entry's names). The generator knows nothing of Reftel's scorer: its variant tables below
are its own.

Fairness rules (applied to both scorers alike, since both score the same cases):
- A near-miss word is exactly two edits (OSA) from the word it replaces. A one-edit swap is
  exactly what the typo and transposition generators make for positives ('Kawal' for 'Kamal',
  'Osvaldo' for 'Oswaldo'): an analyst must treat it as a possible hit, and no name scorer can
  tell the two apart without outside knowledge of which spellings are real names.
- Initials skip a word's leading quote or bracket ("'DOLGOPRUDNY" gives D, not nothing).
- An acronym near miss is never the initials of another of the entry's names ('ESS' is the
  initials of its alias 'E-SAIL SHIPPING'), and a near-miss word is not one edit from, nor
  sounds like, a word of the entry's other names ('Kazali' is one edit from its alias
  "KAZA'I").
- A dropped-token positive keeps the name's rarest word (see `dropped_token`).

Reftel: the whole screening (candidate retrieval from its key index over both full lists,
then the scorer) at its default threshold; a positive is found when its entry is a match, a
negative is a false positive when its entry is a match. Baseline: nomenklatura's logic-v2
scorer on the very same (query, entry) pairs, at yente's default threshold of 0.7 and at the
threshold that gives it its best recall at Reftel's precision or better. Speed: names
screened per second against both full lists, Reftel's retrieval and scorer against logic-v2
behind nomenklatura's own blocking tokens (its `tokenize_entity`, buckets capped at 60 as in
its blocker), both in this process, index building excluded and reported; the names are
fresh cases (seed + 1) that neither has seen, timed in alternating chunks, in CPU time of
this process (the machine is shared: wall time would measure the neighbours' load).
"""

from __future__ import annotations

import argparse
import gc
import itertools
import random
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from followthemoney import Dataset, StatementEntity
from nomenklatura.blocker.tokenizer import tokenize_entity
from nomenklatura.matching import LogicV2
from nomenklatura.matching.types import ScoringConfig
from rapidfuzz import process
from rapidfuzz.distance import OSA
from wordfreq import top_n_list

from reftel.resolution.names import normalize
from reftel.screening.lists import ListEntry, load_list
from reftel.screening.score import DEFAULT_THRESHOLD
from reftel.screening.screen import Query, Screener, entries_of

SANCTIONS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "sanctions"
UN = SANCTIONS / "un" / "UN_consolidated_2026-02-27.xml"
OFAC = SANCTIONS / "ofac_sdn_2021"
BASELINE_THRESHOLD = 0.7
BUCKET_CAP = 60

KINDS = (
    "typo",
    "transposition",
    "truncation",
    "acronym",
    "misspelt acronym",
    "token order",
    "romanisation",
    "company type",
    "dropped token",
)

# --- the generator's own tables -------------------------------------------------------------

KEYBOARD = {
    c: n
    for row in ("qwertyuiop", "asdfghjkl", "zxcvbnm")
    for i, c in enumerate(row)
    for n in [row[max(0, i - 1) : i] + row[i + 1 : i + 2]]
}
ROMANISATION = [
    ("gh", "q"), ("q", "gh"), ("k", "gh"), ("ou", "u"), ("u", "ou"), ("oo", "u"),
    ("ee", "i"), ("i", "ee"), ("v", "w"), ("w", "v"), ("mm", "m"), ("ss", "s"),
    ("mohammad", "muhammad"), ("muhammad", "mohammed"), ("mohammed", "mohamed"),
    ("hossein", "hussein"), ("hussein", "husain"), ("ahmad", "ahmed"), ("ahmed", "ahmad"),
    ("abdul", "abdol"), ("dj", "j"), ("j", "dj"), ("y", "i"), ("kh", "x"),
]  # fmt: skip
"""Spellings that alternate in Latin renderings of Persian and Arabic names."""
ROMANISED_PROGRAMS = re.compile(
    r"Iran|IRAN|IFSR|IRGC|NPWMD|SDGT|Al-Qaida|Iraq|IRAQ|Libya|LIBYA|Yemen|YEMEN|Taliban|SYRIA|"
    r"HIZBALLAH|Somalia"
)
COMPANY_FORMS = [
    ["COMPANY", "CO.", "CO"],
    ["CORPORATION", "CORP.", "CORP"],
    ["LIMITED", "LTD.", "LTD"],
    ["INCORPORATED", "INC.", "INC"],
    ["LLC", "L.L.C."],
    ["GMBH", "G.M.B.H."],
]
ADDED_FORMS = ["LTD", "CO.", "LLC", "COMPANY", "CORPORATION"]
STOP = {"OF", "AND", "THE", "FOR", "&"}


@dataclass(frozen=True)
class Case:
    kind: str
    positive: bool
    query: str
    entry: int
    """Index into the benchmark's entries (both lists together)."""


def _words(name: str) -> list[str]:
    return name.replace(",", " ").split()


def typo(name: str, rng: random.Random) -> str | None:
    letters = [i for i, c in enumerate(name) if c.isalpha()]
    i = rng.choice(letters)
    c = name[i].lower()
    action = rng.choice(("neighbour", "drop", "double"))
    if action == "neighbour" and KEYBOARD.get(c):
        repl = rng.choice(KEYBOARD[c])
        repl = repl.upper() if name[i].isupper() else repl
        return name[:i] + repl + name[i + 1 :]
    if action == "drop":
        return name[:i] + name[i + 1 :]
    return name[:i] + name[i] + name[i:]


def transposition(name: str, rng: random.Random) -> str | None:
    spots = [i for i in range(len(name) - 1) if name[i].isalpha() and name[i + 1].isalpha()]
    spots = [i for i in spots if name[i] != name[i + 1]]
    if not spots:
        return None
    i = rng.choice(spots)
    return name[:i] + name[i + 1] + name[i] + name[i + 2 :]


def truncation(name: str, rng: random.Random) -> str | None:
    words = _words(name)
    if len(words) < 3 or len(name) < 20:
        return None
    cut = rng.randint(int(len(name) * 0.6), int(len(name) * 0.85))
    cut = max(cut, len(words[0]) + 4)
    return name[:cut].rstrip(" ,-")


def _initials(name: str, hyphens: bool = False) -> str | None:
    """First letters of the words but stop words; a word's leading quote or bracket is not its
    initial ("'DOLGOPRUDNY" gives D); a word starting with a digit gives none. With `hyphens`,
    each part of a hyphenated word gives its own letter ('E-SAIL' gives ES)."""
    split = r"[\s,\-]+" if hyphens else r"[\s,]+"
    words = [w.lstrip("'\"‘’“”(") for w in re.split(split, name)]
    words = [w for w in words if w and w.upper() not in STOP]
    if len(words) < 3:
        return None
    return "".join(w[0] for w in words if w[0].isalpha()).upper()


def acronym(name: str, rng: random.Random) -> str | None:
    return _initials(name)


def misspelt_acronym(name: str, rng: random.Random) -> str | None:
    short = _initials(name)
    if short is None or len(short) < 4:
        return None
    spots = [i for i in range(1, len(short) - 1) if short[i] != short[i + 1]]
    if not spots:
        return None
    i = rng.choice(spots)
    return short[:i] + short[i + 1] + short[i] + short[i + 2 :]


def token_order(name: str, rng: random.Random) -> str | None:
    if "," in name:
        last, _, first = name.partition(",")
        if first.strip():
            return f"{first.strip()} {last.strip()}"
    words = _words(name)
    if len(words) < 2:
        return None
    turned = words[1:] + words[:1] if rng.random() < 0.5 else list(reversed(words))
    return " ".join(turned)


def romanisation(name: str, rng: random.Random) -> str | None:
    lower = name.lower()
    rules = [(a, b) for a, b in ROMANISATION if a in lower]
    if not rules:
        return None
    a, b = rng.choice(rules)
    spots = [m.start() for m in re.finditer(re.escape(a), lower)]
    i = rng.choice(spots)
    repl = b.upper() if name[i : i + len(a)].isupper() else b
    return name[:i] + repl + name[i + len(a) :]


def company_type(name: str, rng: random.Random) -> str | None:
    words = _words(name)
    upper = [w.upper() for w in words]
    for group in COMPANY_FORMS:
        for i, w in enumerate(upper):
            if w in group:
                other = rng.choice([g for g in group if g != w])
                return " ".join([*words[:i], other, *words[i + 1 :]])
    if len(words) >= 2:
        return f"{name} {rng.choice(ADDED_FORMS)}"
    return None


def dropped_token(name: str, rng: random.Random, keep: str | None = None) -> str | None:
    """One word but the first dropped; never `keep`, the name's rarest word: without it the
    name is no longer recognisable as this entry's (INMOBILIARIA ESPARTA S.A. DE C.V. without
    ESPARTA fits any number of real estate firms)."""
    words = _words(name)
    if len(words) < 3:
        return None
    spots = [i for i in range(1, len(words)) if words[i] != keep]
    if not spots:
        return None
    i = rng.choice(spots)
    return " ".join(words[:i] + words[i + 1 :])


VARIANTS: dict[str, Callable[[str, random.Random], str | None]] = {
    "typo": typo,
    "transposition": transposition,
    "truncation": truncation,
    "acronym": acronym,
    "misspelt acronym": misspelt_acronym,
    "token order": token_order,
    "romanisation": romanisation,
    "company type": company_type,
    "dropped token": dropped_token,
}


SOUNDEX = {
    c: str(d)
    for d, group in enumerate(("aehiouwy", "bfpv", "cgjkqsxz", "dt", "l", "mn", "r"))
    for c in group
}


def _soundex(word: str) -> str:
    """Russell's Soundex (US National Archives): two words with one code sound alike, so a
    swap that keeps the code is another spelling of the name, not another name."""
    word = word.lower()
    codes = [SOUNDEX.get(c, "0") for c in word]
    out = [word[0]]
    for prev, code, char in zip(codes, codes[1:], word[1:], strict=False):
        if code != "0" and code != prev and char not in "hw":
            out.append(code)
    return ("".join(out) + "000")[:4]


class NearMiss:
    """Names like a listed one that are not it: its rarest word (fewest list names use it)
    swapped for a real word close to it, from wordfreq's lexicons of several languages, that
    no list name uses. The swap must change a consonant and the word's start, not only its
    vowels or its ending: vowel spellings and endings vary between renderings of one name."""

    def __init__(self, list_words: Counter[str]) -> None:
        self.frequency = list_words
        words: set[str] = set()
        for lang in ("en", "fr", "de", "es", "it", "pt", "tr", "id", "nl", "pl"):
            words.update(w for w in top_n_list(lang, 30000) if w.isalpha() and w.isascii())
        self.by_initial: dict[str, list[str]] = defaultdict(list)
        for w in sorted(words - set(list_words)):
            if len(w) >= 4:
                self.by_initial[w[0]].append(w)

    def similar(self, word: str, rng: random.Random, own: frozenset[str]) -> str | None:
        """A real word two edits from `word`, sounding different, and not one edit from (nor
        sounding like) any word of the entry's other names, which may spell it otherwise."""
        lower = word.lower()
        choices = self.by_initial.get(lower[:1], [])
        found = process.extract(lower, choices, scorer=OSA.distance, score_cutoff=2, limit=20)
        head = max(1, int(len(lower) * 0.7))
        close = [
            w
            for w, d, _ in found
            if d == 2  # one edit is what the typo generators make: a positive, not a miss
            and abs(len(w) - len(lower)) <= 2
            and w[:head] != lower[:head]  # another word, not another ending of this one
            and _soundex(w) != _soundex(lower)  # sounds different: not a spelling of it
            and not any(
                OSA.distance(w, o, score_cutoff=1) <= 1 or _soundex(w) == _soundex(o)
                for o in own
                if o[:1] == w[:1] or abs(len(o) - len(w)) <= 1
            )
        ]
        if not close:
            return None
        pick = rng.choice(close)
        return pick.upper() if word.isupper() else pick.capitalize()

    def rarest(self, name: str) -> str | None:
        """The word of a name that fewest list names use (ties: the longest): its identity."""

        def uses(word: str) -> int:
            parts = re.findall(r"\w+", word.lower())
            return max((self.frequency.get(p, 0) for p in parts), default=len(self.frequency))

        words = [w for w in _words(name) if w.upper() not in STOP]
        return min(words, key=lambda w: (uses(w), -len(w)), default=None)

    def negative(self, names: list[str], kind: str, rng: random.Random) -> str | None:
        """A near miss of the entry's first name; an acronym near miss must not be the
        initials of any of the entry's names (with or without hyphenated parts split)."""
        name = names[0]
        if kind in ("acronym", "misspelt acronym"):
            short = _initials(name)
            if short is None:
                return None
            i = rng.randrange(1, len(short))
            letter = rng.choice([c for c in "ABCDEFGHIJKLMNOPRSTUVWZ" if c != short[i]])
            miss = short[:i] + letter + short[i + 1 :]
            initials = {_initials(n, hyphens) for n in names for hyphens in (False, True)}
            return None if miss in initials else miss
        words = _words(name)
        candidates = sorted(
            (w for w in words if len(w) >= 4 and w.upper() not in STOP and w.isalpha()),
            key=lambda w: (self.frequency.get(w.lower(), 0), -len(w)),
        )
        own = frozenset(
            w.lower() for n in names[1:] for w in re.findall(r"[^\W\d_]+", n) if len(w) >= 3
        )
        for word in candidates[:2]:
            if swap := self.similar(word, rng, own):
                return " ".join(swap if w == word else w for w in words)
        return None


def _eligible(entry: ListEntry, kind: str) -> bool:
    if entry.type not in ("person", "organization"):
        return False
    if kind in ("company type", "acronym", "misspelt acronym"):
        return entry.type == "organization"
    if kind == "romanisation":
        return bool(ROMANISED_PROGRAMS.search(" ".join(entry.programs)))
    return True


def generate(entries: list[ListEntry], per_kind: int, seed: int) -> list[Case]:
    rng = random.Random(seed)
    list_words = Counter(
        w.lower() for e in entries for n in e.names() for w in set(re.findall(r"\w+", n))
    )
    near = NearMiss(list_words)
    cases: list[Case] = []
    for kind in KINDS:
        pool = [i for i, e in enumerate(entries) if _eligible(e, kind)]
        rng.shuffle(pool)
        made = 0
        for i in pool:
            if made >= per_kind:
                break
            name = entries[i].names()[0]
            own = {normalize(n) for n in entries[i].names()}
            if kind == "dropped token":
                positive = dropped_token(name, rng, near.rarest(name))
            else:
                positive = VARIANTS[kind](name, rng)
            negative = near.negative(entries[i].names(), kind, rng)
            if not positive or not negative or normalize(positive) in own:
                continue
            if normalize(negative) in own:
                continue
            cases.append(Case(kind, True, positive, i))
            cases.append(Case(kind, False, negative, i))
            made += 1
    return cases


# --- running both --------------------------------------------------------------------------


def ours(screener: Screener, cases: list[Case], entry_keys: list[str]) -> list[float]:
    """The score Reftel's screening gives each case's entry (0 when it is not retrieved)."""
    scores = []
    for case in cases:
        hits = screener.screen(Query(case.query), limit=100)
        found = [h.score for h in hits if h.designee == entry_keys[case.entry]]
        scores.append(max(found, default=0.0))
    return scores


class Baseline:
    """nomenklatura's logic-v2 on FollowTheMoney entities built from the same entries."""

    def __init__(self, entries: list[ListEntry]) -> None:
        self.dataset = Dataset.make({"name": "bench", "title": "bench"})
        self.ids = itertools.count()
        self.config = ScoringConfig.defaults()
        self.entities = [self.entity(e.type, e.names(), e.countries) for e in entries]

    def entity(self, kind: str, names: list[str], countries: Sequence[str] = ()) -> StatementEntity:
        schema = {"person": "Person", "organization": "Organization"}.get(kind, "LegalEntity")
        props: dict[str, list[str]] = {"name": names}
        if countries:
            props["country"] = [c.lower() for c in countries]
        data = {"id": f"e{next(self.ids)}", "schema": schema, "properties": props}
        return StatementEntity(self.dataset, data)

    def query(self, name: str, kind: str) -> StatementEntity:
        return self.entity("person" if kind == "person" else "LegalEntity", [name])

    def score(self, query: StatementEntity, entry: int) -> float:
        return float(LogicV2.compare(query, self.entities[entry], self.config).score)


def rates(verdicts: list[bool], cases: list[Case]) -> tuple[float, float, int, int]:
    tp = sum(v for v, c in zip(verdicts, cases, strict=True) if c.positive)
    fp = sum(v for v, c in zip(verdicts, cases, strict=True) if not c.positive)
    pos = sum(c.positive for c in cases)
    recall = tp / pos if pos else 0.0
    precision = tp / (tp + fp) if tp + fp else 1.0
    return precision, recall, tp, fp


def show_errors(
    cases: list[Case], entries: list[ListEntry], ours: list[float], base: list[float]
) -> None:
    """Our false positives and false negatives per kind: the query, the entry's first name,
    our score and the baseline's, so a reader can judge the scorer and the generator alike."""
    for kind in KINDS:
        wrong = [
            (c, o, b)
            for c, o, b in zip(cases, ours, base, strict=True)
            if c.kind == kind and (o >= DEFAULT_THRESHOLD) != c.positive
        ]
        if not wrong:
            continue
        print(f"\n-- {kind}: {len(wrong)} error(s) (ours, baseline)")
        for case, o, b in wrong:
            label = "FN" if case.positive else "FP"
            name = entries[case.entry].names()[0]
            print(f"  {label} {o:.2f} {b:.2f}  {case.query!r}  ~  {name!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-kind", type=int, default=150)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--speed-queries", type=int, default=300)
    parser.add_argument(
        "--show-errors",
        action="store_true",
        help="print every false positive and false negative of ours, per kind, with scores",
    )
    args = parser.parse_args()

    started = time.perf_counter()
    lists = {"un": load_list(UN), "ofac": load_list(OFAC)}
    entries = [e for loaded in lists.values() for e in loaded.entries]
    stored = [s for name, loaded in lists.items() for s in entries_of(name, loaded)]
    keys = [s.designee for s in stored]
    print(
        f"lists: UN {len(lists['un'].entries)} entries, OFAC {len(lists['ofac'].entries)} "
        f"entries, read in {time.perf_counter() - started:.1f} s"
    )
    cases = generate(entries, args.per_kind, args.seed)
    kinds = dict(Counter(c.kind for c in cases))
    print(f"cases: {len(cases)} (seed {args.seed}); per kind: {kinds}")

    started = time.perf_counter()
    screener = Screener(stored, DEFAULT_THRESHOLD)
    ours_index = time.perf_counter() - started
    started = time.perf_counter()
    our_scores = ours(screener, cases, keys)
    our_verdicts = [s >= DEFAULT_THRESHOLD for s in our_scores]
    our_time = time.perf_counter() - started

    baseline = Baseline(entries)
    base_scores = [
        baseline.score(baseline.query(c.query, entries[c.entry].type), c.entry) for c in cases
    ]

    our_p, our_r, _, _ = rates(our_verdicts, cases)
    base_verdicts = [s >= BASELINE_THRESHOLD for s in base_scores]
    best_t, best_r, best_p = BASELINE_THRESHOLD, -1.0, 0.0
    for t in [x / 100 for x in range(30, 100)]:
        p, r, _, _ = rates([s >= t for s in base_scores], cases)
        if p >= our_p and r > best_r:
            best_t, best_r, best_p = t, r, p
    tuned = [s >= best_t for s in base_scores]

    head = f"{'kind':<18}" + "".join(
        f"{h:>9}" for h in ("ours P", "ours R", "base P", "base R", "tuned P", "tuned R")
    )
    print(
        f"\nthreshold: ours {DEFAULT_THRESHOLD}, baseline {BASELINE_THRESHOLD} (yente default), "
        f"baseline tuned {best_t:.2f} (best recall at precision >= ours)"
    )
    print(head)
    for kind in [*KINDS, "overall"]:
        sel = [i for i, c in enumerate(cases) if kind == "overall" or c.kind == kind]
        sub = [cases[i] for i in sel]
        row = []
        for verdicts in (our_verdicts, base_verdicts, tuned):
            p, r, _, _ = rates([verdicts[i] for i in sel], sub)
            row += [p, r]
        print(f"{kind:<18}" + "".join(f"{v:>9.3f}" for v in row))
    base_p, base_r, _, _ = rates(base_verdicts, cases)
    print(
        f"ratio recall ours/baseline: {our_r / base_r:.2f}x at default threshold "
        f"(precision {our_p:.3f} vs {base_p:.3f}); {our_r / max(best_r, 1e-9):.2f}x against the "
        f"tuned baseline (precision {best_p:.3f})"
    )

    if args.show_errors:
        show_errors(cases, entries, our_scores, base_scores)

    print("ours at other thresholds (overall precision, recall):", end="")
    for t in (0.75, 0.85, 0.9):
        p, r, _, _ = rates([s >= t for s in our_scores], cases)
        print(f"  {t}: {p:.3f}, {r:.3f}", end="")
    print()

    # Speed: names screened per second against both full lists. The names are fresh cases
    # (another seed), never screened before, so no cache of ours holds them; ours and the
    # baseline take turns on chunks of them, so a change in the machine's load hits both.
    rng = random.Random(args.seed)
    fresh = generate(entries, max(1, args.speed_queries // 18 + 1), args.seed + 1)
    speed = [c.query for c in rng.sample(fresh, min(args.speed_queries, len(fresh)))]
    seen = {c.query for c in cases}
    speed = [name for name in speed if name not in seen]

    started = time.perf_counter()
    buckets: dict[str, list[int]] = defaultdict(list)
    for i, entity in enumerate(baseline.entities):
        for _, token in tokenize_entity(entity):
            buckets[token].append(i)
    base_index = time.perf_counter() - started

    def run_baseline(names: list[str]) -> int:
        compared = 0
        for name in names:
            query = baseline.query(name, "organization")
            found: set[int] = set()
            for _, token in tokenize_entity(query):
                bucket = buckets.get(token, [])
                if len(bucket) <= BUCKET_CAP:
                    found.update(bucket)
            for i in found:
                baseline.score(query, i)
            compared += len(found)
        return compared

    # Both sides' indexes and the loaded lists are frozen out of the garbage collector: its
    # full passes over them otherwise land on whichever side happens to be timed.
    gc.collect()
    gc.freeze()
    ours_time = base_time = 0.0
    base_compared = 0
    for chunk_start in range(0, len(speed), 20):
        chunk = speed[chunk_start : chunk_start + 20]
        started = time.process_time()
        for name in chunk:
            screener.screen(Query(name))
        ours_time += time.process_time() - started
        started = time.process_time()
        base_compared += run_baseline(chunk)
        base_time += time.process_time() - started
    ours_speed = len(speed) / ours_time
    base_speed = len(speed) / base_time
    print(
        f"\nspeed over {len(stored)} entries, {len(speed)} names: ours {ours_speed:,.0f} names/s "
        f"(index {ours_index:.1f} s), baseline {base_speed:,.1f} names/s "
        f"(index {base_index:.1f} s, {base_compared / len(speed):.0f} candidates/name)"
    )
    print(f"ratio names/s ours/baseline: {ours_speed / base_speed:.1f}x")
    print(f"quality pass: {len(cases)} cases screened by ours in {our_time:.1f} s")


if __name__ == "__main__":
    main()
