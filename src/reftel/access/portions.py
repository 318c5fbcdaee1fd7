"""The effective marking of every portion of a cable: its paragraphs and its subject line.

The rule, for a paragraph:
1. a paragraph with a portion marking takes that marking (a marking with caveats but no level,
   such as `NF`, takes the cable's level);
2. an unmarked paragraph whose every sentence is a standard administrative line ("This is an
   action request.", "Embassy X, please see paragraph 6.") is UNCLASSIFIED: it carries routing,
   not content (the lines are listed in `data/access/policy.json` with their source);
3. any other unmarked paragraph takes the cable's classification and caveats, as 12 FAM 532
   requires of unmarked portions; a cable with no classification at all reads as TOP SECRET.

The subject line takes its own `(X)` marking when it has one, else the cable's.
"""

from __future__ import annotations

import re

from reftel.access.clearance import UNCLASSIFIED, Marking, cable_marking, parse_marking, policy
from reftel.record import Cable, Paragraph

SUBJECT = -1
"""The portion key of the subject line, beside paragraph indexes (0, 1, ...)."""

_SUBJECT_MARK = re.compile(r"^\s*\((?P<marking>[A-Za-z/ ,-]{1,40})\)\s*")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def is_administrative(text: str) -> bool:
    """True when every sentence of the text is a standard administrative line."""
    sentences = [s.strip().rstrip(".!?").strip() for s in _SENTENCE.split(text) if s.strip()]
    patterns = policy().administrative
    return bool(sentences) and all(any(p.fullmatch(s) for p in patterns) for s in sentences)


def paragraph_marking(paragraph: Paragraph, banner: Marking) -> Marking:
    if paragraph.marking:
        return parse_marking(paragraph.marking, fallback=banner)
    if is_administrative(paragraph.text):
        return Marking(UNCLASSIFIED)
    return banner


def subject_marking(subject: str | None, banner: Marking) -> Marking:
    match = _SUBJECT_MARK.match(subject or "")
    return parse_marking(match.group("marking"), fallback=banner) if match else banner


def portion_markings(cable: Cable) -> dict[int, Marking]:
    """Paragraph index -> effective marking, and `SUBJECT` -> the subject line's (kept even
    without a subject: it then stands for the cable's banner)."""
    banner = cable_marking(cable.classification, cable.caveats)
    markings = {p.index: paragraph_marking(p, banner) for p in cable.paragraphs}
    markings[SUBJECT] = subject_marking(cable.subject, banner) if cable.subject else banner
    return markings
