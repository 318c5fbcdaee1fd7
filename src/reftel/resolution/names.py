"""Name normalization shared by screening and cross-cable resolution.

A name is read once into a `NameForm`: ASCII, case-folded tokens; which tokens are generic
(company-type words in many languages, stop words, particles); the same tokens folded over
Persian and Arabic romanisation variants; phonetic and consonant-skeleton keys; and the
acronyms the name could be written as. Everything a comparison or a blocking index needs is
computed here, once per distinct name (the result is cached).

Company-type words come from `reftel/data/lexicons/company_types.json` and rigour's legal-form
table; romanisation variants from `reftel/data/names/romanisation.json`. Both are data with
public sources, never code.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from importlib import resources
from itertools import product
from typing import Any

from rigour.names import remove_org_types
from rigour.text import ascii_text, metaphone

__all__ = [
    "NameForm",
    "acronym_keys",
    "consonant_skeleton",
    "fold_token",
    "generic_words",
    "is_generic",
    "is_legal_form",
    "key_groups",
    "name_keys",
    "normalize",
    "phonetic_key",
    "prepare",
    "split_aliases",
    "weak_acronym_keys",
]

STOP_WORDS = frozenset({"of", "and", "the", "for", "de", "des", "du", "la", "le", "et", "und"})
"""Function words that carry no identity in an organisation name (English, French, German)."""

_PAREN = re.compile(r"\(([^()]*)\)")
_PUNCT = re.compile(r"[^\w\s]+")
_SPACE = re.compile(r"\s+")
_DOUBLED = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aeiouy]")
_INNER_AMPERSAND = re.compile(r"(?<=\w)&(?=\w)")
MAX_ACRONYM = 16
MIN_FIRM_ACRONYM = 3
"""A two-letter acronym is the initials of too many names to identify one alone."""
ENGLISH_STOP_WORDS = frozenset({"of", "and", "the", "for"})
"""Function words an English acronym leaves out while keeping other languages' ('DE' in
'S. DE R.L. DE C.V.' is often written in its acronym)."""


def _data(stage: str, name: str) -> dict[str, Any]:
    text = resources.files("reftel").joinpath(f"data/{stage}/{name}").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _ascii(text: str) -> str:
    """Any script to lower-case ASCII; apostrophes inside words are dropped, not split on."""
    text = unicodedata.normalize("NFKC", text).replace("&", " and ")
    text = re.sub(r"(?<=\w)['`’ʼʻ](?=\w)", "", text)
    return ascii_text(text).casefold()


def normalize(name: str) -> str:
    """Case, script, punctuation and spacing folded: 'Co-Op Trading Corp.' -> 'co op trading corp'.

    Runs of single letters are joined, so a dotted acronym ('E. S. Co.') reads as one word.
    """
    words = _SPACE.split(_PUNCT.sub(" ", _ascii(name)).strip())
    joined: list[str] = []
    run = ""
    for word in words:
        if len(word) == 1 and word.isalpha():
            run += word
            continue
        if run:
            joined.append(run)
            run = ""
        if word:
            joined.append(word)
    if run:
        joined.append(run)
    return " ".join(joined)


@cache
def generic_words() -> frozenset[str]:
    """Company-type words and legal forms (every language in the lexicon), as normalized words."""
    words: set[str] = set()
    for entry in _data("lexicons", "company_types.json")["entries"]:
        term = normalize(str(entry.get("term", "")))
        words.update(term.split())
        short = entry.get("normalized")
        if isinstance(short, str):
            words.update(normalize(short).split())
    return frozenset(w for w in words if w) | STOP_WORDS | _particles()


def is_generic(token: str) -> bool:
    """True for a company-type word, legal form, stop word or name particle."""
    return token in generic_words() or not remove_org_types(token).strip()


@cache
def _romanisation() -> tuple[re.Pattern[str], dict[str, str], dict[str, str]]:
    table = _data("names", "romanisation.json")
    letters: dict[str, str] = {}
    for rule in table["letters"]:
        for variant in rule["variants"]:
            letters[variant] = rule["canonical"]
    pattern = re.compile(
        "|".join(re.escape(v) for v in sorted(letters, key=lambda v: (-len(v), v)))
    )
    words = {v: rule["canonical"] for rule in table["words"] for v in rule["variants"]}
    return pattern, letters, words


@cache
def _particles() -> frozenset[str]:
    table = _data("names", "romanisation.json")
    return frozenset(v for rule in table["words"] if rule.get("particle") for v in rule["variants"])


@lru_cache(maxsize=200_000)
def fold_token(token: str) -> str:
    """One spelling for the romanisation variants of a word: 'ghaderi', 'qaderi' -> 'kaderi'."""
    pattern, letters, words = _romanisation()
    if token in words:
        return words[token]
    # Folded until nothing changes: 'naeem' -> 'naim' -> 'neim', as 'naim' itself folds.
    folded = token
    for _ in range(4):
        again = _DOUBLED.sub(r"\1", pattern.sub(lambda m: letters[m.group(0)], folded))
        if again == folded:
            break
        folded = again
    return folded


@lru_cache(maxsize=200_000)
def phonetic_key(token: str) -> str:
    """Metaphone of the folded word; empty for words too short to carry a sound key."""
    folded = fold_token(token)
    return metaphone(folded) if len(folded) >= 3 and folded.isalpha() else ""


@lru_cache(maxsize=200_000)
def consonant_skeleton(token: str) -> str:
    """First letter and the consonants of the folded word: vowel spellings fall away."""
    folded = fold_token(token)
    return folded[:1] + _VOWELS.sub("", folded[1:])


def split_aliases(name: str) -> list[str]:
    """A name and the names in its parentheses: 'ELECTRO SANAM COMPANY (ESCO)' gives
    the name without the acronym and the acronym; a parenthesis inside a name ('LIMMT (DALIAN)
    METALLURGY') gives the name with its words kept and the name without them."""
    name = _SPACE.sub(" ", name).strip()
    inner = [m.group(1).strip() for m in _PAREN.finditer(name)]
    if not inner:
        return [name] if name else []
    bare = _SPACE.sub(" ", _PAREN.sub(" ", name)).strip(" ,;")
    names: list[str] = [bare] if bare else []
    trailing = name.endswith(")")
    for i, part in enumerate(inner):
        if not part:
            continue
        if trailing and i == len(inner) - 1:
            names.append(part)
        else:
            names.append(_SPACE.sub(" ", _PAREN.sub(r"\1", name)).strip())
    return list(dict.fromkeys(n for n in names if normalize(n)))


def _word_groups(name: str) -> list[list[str]]:
    """Words as written, with a hyphenated compound kept as its parts ('by-products'); an
    ampersand inside a word joins parts the same way ('I&S' is I or IS in an acronym)."""
    text = _ascii(_INNER_AMPERSAND.sub("-", _PAREN.sub(" ", name)))
    groups: list[list[str]] = []
    for raw in _SPACE.split(text):
        parts = [q for p in re.split(r"[-/]", raw) if (q := _PUNCT.sub("", p))]
        if parts:
            groups.append(parts)
    return groups


@lru_cache(maxsize=200_000)
def _acronyms(name: str) -> tuple[frozenset[str], frozenset[str]]:
    """The acronym keys of a name, and those of them that are weak evidence alone."""
    groups = _word_groups(name)
    if len(groups) < 2:
        return frozenset(), frozenset()
    keys: set[str] = set()
    short_forms = _company_short_forms()

    def initials(groups: list[list[str]], split: tuple[bool, ...]) -> str:
        return "".join(
            "".join(p[0] for p in g) if s else g[0][0] for g, s in zip(groups, split, strict=True)
        )

    generic = generic_words()
    words = ["".join(g) for g in groups]
    hyphenated = [i for i, g in enumerate(groups) if len(g) > 1][:3]
    trailing = 0
    while trailing < len(groups) and "".join(groups[-1 - trailing]) in generic:
        trailing += 1
    lettered = [i for i, w in enumerate(words) if w[:1].isalpha()]
    selections = [
        list(range(len(groups))),
        [i for i, w in enumerate(words) if w not in STOP_WORDS],
        [i for i, w in enumerate(words) if w not in generic],
        # Numbers are seldom written as initials ('1425 BRICKELL AVENUE 64E LLC', BAL).
        [i for i in lettered if words[i] not in ENGLISH_STOP_WORDS],
        [i for i in lettered if words[i] not in STOP_WORDS],
    ]
    # Without the company words at the end, one at a time ('... International' kept).
    selections += [list(range(len(groups) - k)) for k in range(1, trailing + 1)]
    for selected in selections:
        if len(selected) < 2:
            continue
        kept = [groups[i] for i in selected]
        for choice in product((True, False), repeat=len(hyphenated)):
            split = tuple(
                choice[hyphenated.index(i)] if i in hyphenated else True for i in selected
            )
            keys.add(initials(kept, split))
    # 'Electro Sanam Company (ESCO)': initials, then the company word's short form. Such a
    # key is padded with letters no word's initial gives, so many unrelated short names
    # ('Xyz Co' spells XCO) share it: weak alone, unless the initials give it too.
    padded: set[str] = set()
    core = [g for g in groups if "".join(g) not in STOP_WORDS]
    if len(core) >= 2 and (tail := short_forms.get("".join(core[-1]))):
        padded.add(initials(core[:-1], tuple(True for _ in core[:-1])) + tail)
    found = frozenset(k for k in keys | padded if 2 <= len(k) <= MAX_ACRONYM)
    weak = frozenset(k for k in found if len(k) < MIN_FIRM_ACRONYM or k not in keys)
    return found, weak


def acronym_keys(name: str) -> set[str]:
    """The acronyms a name may be written as, lower case: initials of every word, without stop
    words, without company-type words, with a hyphenated compound as one initial or several
    ('Tehran Co-Op Trading Corporation' -> tcotc, tcot, tctc, tct),
    and initials followed by the company word's short form ('Xyz International Company' ->
    xico)."""
    return set(_acronyms(name)[0])


def weak_acronym_keys(name: str) -> set[str]:
    """The acronym keys of a name that are no match alone: two letters long, or initials
    padded with a company word's short form (and not the initials of the words as well)."""
    return set(_acronyms(name)[1])


@cache
def _company_short_forms() -> dict[str, str]:
    """'company' -> 'co', 'corporation' -> 'corp': the short form a company word takes in an
    acronym, from the lexicon's normalized forms."""
    forms: dict[str, str] = {}
    for entry in _data("lexicons", "company_types.json")["entries"]:
        term = normalize(str(entry.get("term", "")))
        short = normalize(str(entry.get("normalized", "")))
        if term and short and " " not in short and " " not in term and len(short) <= 4:
            forms.setdefault(term.replace(" ", ""), short)
    return forms


def is_legal_form(token: str) -> bool:
    """A legal form ('company', 'co', 'llc', 'sa'): the one kind of generic word that a
    party's name is often written without."""
    forms = _company_short_forms()
    return token in forms or token in forms.values()


@dataclass(frozen=True)
class NameForm:
    """One name, read once for comparing and blocking."""

    text: str
    normalized: str
    tokens: tuple[str, ...]
    folded: tuple[str, ...]
    """The tokens with romanisation variants folded (same positions as `tokens`)."""
    generic: tuple[bool, ...]
    """Per token: a company-type word, stop word or particle (weak evidence of identity)."""
    acronyms: frozenset[str]
    weak_acronyms: frozenset[str] = frozenset()
    """The acronyms that are weak evidence alone (see `weak_acronym_keys`)."""

    @cached_property
    def sizes(self) -> tuple[tuple[int, int], ...]:
        """Per token: its length as written and folded (for skipping unlike words fast)."""
        return tuple((len(t), len(f)) for t, f in zip(self.tokens, self.folded, strict=True))

    @cached_property
    def core(self) -> tuple[str, ...]:
        """The folded tokens that identify: everything but the generic words."""
        return tuple(f for f, g in zip(self.folded, self.generic, strict=True) if not g)

    @property
    def single(self) -> str | None:
        """The only word of a one-word name (which may be an acronym), else None."""
        return self.tokens[0] if len(self.tokens) == 1 else None


def _fold_word(token: str, generic: bool) -> str:
    """A company word as its short form ('company' and 'co' alike), any other word folded."""
    if generic and (short := _company_short_forms().get(token)):
        return short
    return fold_token(token)


@lru_cache(maxsize=200_000)
def prepare(name: str) -> NameForm:
    """Read a name once; cached, so calling it for every comparison is cheap."""
    normalized = normalize(name)
    tokens = tuple(normalized.split())
    acronyms, weak_acronyms = _acronyms(name)
    generic = tuple(is_generic(t) for t in tokens)
    if tokens and all(generic):
        # A name made only of generic words ('International Company') still has an identity.
        generic = tuple(False for _ in tokens)
    return NameForm(
        text=name,
        normalized=normalized,
        tokens=tokens,
        folded=tuple(_fold_word(t, g) for t, g in zip(tokens, generic, strict=True)),
        generic=generic,
        acronyms=acronyms,
        weak_acronyms=weak_acronyms,
    )


@lru_cache(maxsize=200_000)
def key_groups(name: str) -> tuple[frozenset[str], ...]:
    """The blocking keys of a name grouped by the evidence they carry: one group per
    distinctive word (its folded form, sound, skeleton and four-letter stems, so a word cut
    short or misspelt at its start still finds its entry), and one group for the acronyms
    ('a:') and their letters in order ('n:', for a misspelt acronym). Ranking candidates by the
    best key of each group counts a word once, however many of its keys agree."""
    form = prepare(name)
    groups: list[frozenset[str]] = []
    for token in form.core:
        keys = {f"t:{token}"}
        if sound := phonetic_key(token):
            keys.add(f"p:{sound}")
        if len(token) >= 3:
            keys.add(f"s:{consonant_skeleton(token)}")
        if len(token) >= 4 and token.isalpha():
            keys.add(f"f:{token[:4]}")
            if len(token) >= 5:
                # The stem from the second letter: a first letter dropped, added or changed;
                # and the stem with its first two letters in order: those two swapped.
                keys.add(f"f:{token[1:5]}")
                keys.add(f"w:{''.join(sorted(token[:2]))}{token[2:5]}")
        groups.append(frozenset(keys))
    acronyms = {f"a:{a}" for a in form.acronyms}
    acronyms.update(f"n:{anagram_key(a)}" for a in form.acronyms)
    if form.single:
        acronyms.add(f"a:{form.single}")
        acronyms.add(f"n:{anagram_key(form.single)}")
    if acronyms:
        groups.append(frozenset(acronyms))
    return tuple(groups)


def name_keys(name: str) -> set[str]:
    """Blocking keys: folded distinctive words ('t:'), their phonetic and skeleton keys ('p:',
    's:'), the acronyms the name may stand for ('a:'), and for a one-word name the word itself
    as an acronym key, so 'FIG' and 'Fajr Industrial Group' share a key."""
    form = prepare(name)
    keys: set[str] = set()
    for token in form.core:
        keys.add(f"t:{token}")
        if sound := phonetic_key(token):
            keys.add(f"p:{sound}")
        if len(token) >= 3:
            keys.add(f"s:{consonant_skeleton(token)}")
    keys.update(f"a:{a}" for a in form.acronyms)
    if form.single:
        keys.add(f"a:{form.single}")
        keys.add(f"a:{''.join(sorted(form.single))}")
    return keys


@lru_cache(maxsize=200_000)
def name_key_set(name: str) -> frozenset[str]:
    """`all_name_keys` of one name, cached: screening tests many names against one query."""
    return frozenset(all_name_keys([name]))


def anagram_key(acronym: str) -> str:
    """Letters of an acronym in order: 'tkpbi' and 'tkbpi' share one."""
    return "".join(sorted(acronym))


def all_name_keys(names: Iterable[str]) -> set[str]:
    """Blocking keys of several names (an entry's name and its aliases), with the sorted-letter
    form of every acronym so a misspelt acronym still finds its entry."""
    keys: set[str] = set()
    for name in names:
        keys |= name_keys(name)
        for group in key_groups(name):
            keys |= group
    return keys
