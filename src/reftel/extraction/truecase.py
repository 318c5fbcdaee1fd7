"""Restore letter case in ALL-CAPITALS text, so that a case-trained model can read it.

The result has exactly the length of the input (only the case of letters changes), so every
offset found in it is an offset in the original text. Words are lowered unless they are
known names (countries, places, regimes, company-type words, months), names by the English
dictionary (written only capitalised there: Title case), absent from the dictionary and not
everyday words (then probably names: Title case, or short: acronyms kept upper). A word
one slip away from a dictionary word ('GOVERMENT', 'RECIEVED') is a typing error, lowered.
"""

from __future__ import annotations

import itertools
import re
from functools import cache, lru_cache

from english_words import get_english_words_set
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Span
from wordfreq import top_n_list, zipf_frequency

from reftel.extraction.lexicons import any_given_name, cased_forms
from reftel.reading.conventions import load as load_conventions

_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_SENTENCE_END = re.compile(r"[.!?:]\s*$|^\s*$|(?:^|\n)\s*(?:--|-|\(?[A-Z0-9]{1,2}[.)])\s*$")
# Below this Zipf frequency a word is rare enough in English to be taken for a name.
RARE = 2.0
# Words of five letters or fewer rarer than this, without a known cased form, are acronyms.
ACRONYM_RARE = 1.5
# A word missing from the dictionary but at least this frequent is an everyday word.
EVERYDAY = 4.0
# A typing error is this much rarer (Zipf) than the word it misspells.
TYPO_MARGIN = 2.0
# Typing errors are looked for among this many of the most frequent English words.
COMMON_WORDS = 40000


def is_all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 20:
        return False
    upper = sum(1 for c in letters if c.isupper())
    return upper / len(letters) > 0.9


@lru_cache(maxsize=4096)
def capital_lines(text: str) -> bool:
    """All capitals as a whole, or in some of its lines (a capitals body under a mixed-case
    release note). Asked of one paragraph for each name in it: kept."""
    return is_all_caps(text) or any(is_all_caps(line) for line in text.splitlines())


def restore_case(text: str) -> str:
    """The text with case restored where it is written in capitals: the whole, or line by
    line where only some lines are."""
    if is_all_caps(text):
        return truecase(text)
    lines = text.splitlines(keepends=True)
    return "".join(truecase(line) if is_all_caps(line) else line for line in lines)


def truecase(text: str) -> str:
    # A word standing alone in parentheses is an acronym being defined: "(IAEA)".
    defined = {m.group(1).lower() for m in re.finditer(r"\(([A-Za-z]{2,10})\)", text)}
    out = list(text)
    for match in _WORD.finditer(text):
        before = text[max(0, match.start() - 6) : match.start()]
        starts = match.start() == 0 or _SENTENCE_END.search(before) is not None
        word = match.group(0)
        if _MONTH_OR_WORD.fullmatch(word) and not _dated(text, match.start(), match.end()):
            word = word.lower()  # 'MAY' the verb, 'MARCH' the noun: no date beside them
        out[match.start() : match.end()] = _case_word(word, starts, defined)
    _names_after_cues(text, out)
    return "".join(out)


# A word after a given name or a title is a name unless it is at least this frequent.
NAME_AFTER_CUE = 4.0
# After a title, a dictionary word at least this frequent is still a word ('deputy SETTLING
# in'), a rarer one a name ('PRESIDENT BONGO').
EVERYDAY_AFTER_TITLE = 3.0


def _names_after_cues(text: str, out: list[str]) -> None:
    """'ANA TORRES', 'PRESIDENT OKELLO': after a given name or a title, a word that is no
    everyday word is a name (with the given name itself), even if the dictionary knows it."""
    titles = _titles()
    words = list(_WORD.finditer(text))
    # Index of the last word made a name here, and how many words the name has run on:
    # a name runs on for two words at most ('RAUL ORTEGA VILLA', 'COL BAHRAMI NASSER').
    named, run = -1, 0
    for i, (before, word) in enumerate(itertools.pairwise(words)):
        if not re.fullmatch(r"\s+", text[before.end() : word.start()]):
            continue
        cue, low = before.group(0).lower(), word.group(0).lower()
        if zipf_frequency(low, "en") >= NAME_AFTER_CUE or len(low) < 3:
            continue
        # A given name that is no everyday word ('Ana', not 'Harsh', 'Urban' or 'Foster').
        given = any_given_name(cue) and (
            zipf_frequency(cue, "en") < NAME_AFTER_CUE or not _english(cue)
        )
        chained = named == i and run < 2
        # After a title alone, an everyday word is no name: 'the new deputy SETTLING in'.
        everyday = plain_word(low) and zipf_frequency(low, "en") >= EVERYDAY_AFTER_TITLE
        titled = cue in titles and (any_given_name(low) or not everyday)
        if given or titled or chained:
            for match in ([before] if given else []) + [word]:
                form = match.group(0)
                out[match.start() : match.end()] = form[:1].upper() + form[1:].lower()
            run = run + 1 if chained else 1
            named = i + 1


@cache
def _titles() -> frozenset[str]:
    """Titles, without those that are also function words ('His' of 'His Excellency')."""
    titles = (t.lower().rstrip(".") for t in load_conventions().titles if t.isalpha())
    return frozenset(t for t in titles if t not in STOP_WORDS)


# Month names that are also everyday words: a month only beside a day or a year.
_MONTH_OR_WORD = re.compile(r"(?i)may|march")


def _dated(text: str, start: int, end: int) -> bool:
    return (
        re.match(r"\s+\d", text[end : end + 3]) is not None
        or re.search(r"\d\s+$", text[max(0, start - 4) : start]) is not None
    )


def _case_word(word: str, sentence_start: bool, defined: set[str]) -> str:
    low = word.lower()
    if low in defined:
        return word
    if word.islower():
        return word[:1].upper() + word[1:] if sentence_start else word
    known = cased_forms().get(low)
    if known is not None:
        return known if len(known) == len(word) else word
    lowered = _lower_by_frequency(low)
    if lowered is None:
        return word  # an acronym: keep it in capitals
    if sentence_start or lowered != word.lower():
        return lowered[:1].upper() + lowered[1:]
    return lowered


@cache
def _lower_by_frequency(word: str) -> str | None:
    """The lowered word, Title-cased if it looks like a name, or None for an acronym."""
    core = word.replace("’", "'").split("'")[0]
    frequency = zipf_frequency(core, "en")
    title = word[:1].upper() + word[1:]
    _lower, titled = _dictionary()
    if _english(core) or frequency >= EVERYDAY or plain_word(core):
        return word  # an English word: 'regional', 'subcontinental', 'meetings', 'has'
    if core in titled:
        return title  # the dictionary writes it capitalised: a name
    if len(core) <= 5 and frequency < ACRONYM_RARE:
        return None
    if frequency >= EVERYDAY or _typing_error(core, frequency):
        return word  # an everyday word, or a slip of the typist's: a name is seldom either
    return title


# Inflections stripped to find a word's dictionary form: (ending, what replaces it).
_INFLECTIONS = (
    ("ies", "y"),
    ("ied", "y"),
    ("ings", ""),
    ("ing", ""),
    ("ing", "e"),
    ("es", ""),
    ("s", ""),
    ("ed", ""),
    ("ed", "e"),
    ("d", ""),
    ("ers", ""),
    ("er", ""),
    ("ly", ""),
    ("n", ""),
)


@cache
def _english(word: str) -> bool:
    """In the dictionary, as written or as an inflection of a word in it ('meetings',
    'reported', 'occurred')."""
    lower, _titled = _dictionary()
    if word in lower:
        return True
    for ending, replacement in _INFLECTIONS:
        stem = word[: -len(ending)]
        if not word.endswith(ending) or len(stem) < 3:
            continue
        if stem + replacement in lower:
            return True
        if not replacement and stem[-1] == stem[-2] and stem[:-1] in lower:
            return True  # a doubled consonant: 'occurred'
    return False


# A word of a compound ('WORLDVIEWS', 'COUNTERDRUG', 'POLICYMAKER') is at least this long and
# this frequent, so that names such as 'Goldman' or 'Stockholm' are not read as compounds.
COMPOUND_PART = 4
COMPOUND_FREQUENCY = 4.0


@cache
def plain_word(word: str) -> bool:
    """An everyday English word, inflected or compounded, that the dictionary never writes
    capitalised ('multilateral', 'undoing', 'worldviews'): no name, even beside a title."""
    _lower, titled = _dictionary()
    if word in titled or len(word) < 3:
        return False
    if _english(word) and zipf_frequency(word, "en") >= RARE:
        return True
    return any(
        _english(word[:i])
        and _english(word[i:])
        and min(zipf_frequency(word[:i], "en"), zipf_frequency(word[i:], "en"))
        >= COMPOUND_FREQUENCY
        for i in range(COMPOUND_PART, len(word) - COMPOUND_PART + 1)
    )


@cache
def _dictionary() -> tuple[frozenset[str], frozenset[str]]:
    """Words of Webster's Second International and GCIDE (the english-words package): those
    written in lower case, and those written only capitalised (names), lower-cased."""
    words = get_english_words_set(["web2", "gcide"], alpha=True)
    lower = frozenset(w for w in words if w.islower())
    titled = frozenset(w.lower() for w in words if w[:1].isupper() and w[1:].islower()) - lower
    return lower, titled


@cache
def _common_words() -> tuple[str, ...]:
    return tuple(w for w in top_n_list("en", COMMON_WORDS) if len(w) >= 6 and _english(w))


def _typing_error(word: str, frequency: float) -> bool:
    """One slip (two in a long word) away from an English word far more frequent than it:
    'RECIEVED', 'BECAUES'; never a name that merely resembles a word."""
    if len(word) < 6:
        return False
    slips = 1 if len(word) < 9 else 2
    found = process.extract(
        word, _common_words(), scorer=DamerauLevenshtein.distance, score_cutoff=slips, limit=3
    )
    return any(zipf_frequency(w, "en") >= frequency + TYPO_MARGIN for w, _d, _i in found)


def restored_as_words(span: Span) -> bool:
    """Case restoring read every word of the span as an everyday word (lower case, or
    capitalised only to open a sentence): a name the model finds there is a misreading."""
    return all(
        (token.is_lower or (token.is_sent_start and token.text[1:].islower()))
        and (_english(token.lower_) or plain_word(token.lower_))
        and not any_given_name(token.lower_)
        for token in span
        if token.is_alpha
    )
