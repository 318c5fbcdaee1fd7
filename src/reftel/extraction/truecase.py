"""Restore letter case in ALL-CAPITALS text, so that a case-trained model can read it.

The result has exactly the length of the input (only the case of letters changes), so every
offset found in it is an offset in the original text. Words are lowered unless they are
known names (countries, places, regimes, company-type words, months), rare in English (then
probably names: Title case) or short and rare (then probably acronyms: kept upper).
"""

from __future__ import annotations

import re
from functools import cache

from wordfreq import zipf_frequency

from reftel.extraction.lexicons import cased_forms

_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_SENTENCE_END = re.compile(r"[.!?:]\s*$|^\s*$|(?:^|\n)\s*(?:--|-|\(?[A-Z0-9]{1,2}[.)])\s*$")
# Below this Zipf frequency a word is rare enough in English to be taken for a name.
RARE = 2.0
# Words of five letters or fewer rarer than this, without a known cased form, are acronyms.
ACRONYM_RARE = 1.5


def is_all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 20:
        return False
    upper = sum(1 for c in letters if c.isupper())
    return upper / len(letters) > 0.9


def truecase(text: str) -> str:
    # A word standing alone in parentheses is an acronym being defined: "(SHIG)".
    defined = {m.group(1).lower() for m in re.finditer(r"\(([A-Za-z]{2,10})\)", text)}
    out = list(text)
    for match in _WORD.finditer(text):
        before = text[max(0, match.start() - 6) : match.start()]
        starts = match.start() == 0 or _SENTENCE_END.search(before) is not None
        out[match.start() : match.end()] = _case_word(match.group(0), starts, defined)
    return "".join(out)


def _case_word(word: str, sentence_start: bool, defined: set[str]) -> str:
    low = word.lower()
    if low in defined:
        return word
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
    if len(core) <= 5 and frequency < ACRONYM_RARE:
        return None
    if frequency < RARE:
        return word[:1].upper() + word[1:]
    return word
