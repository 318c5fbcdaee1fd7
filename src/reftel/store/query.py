"""The user's search syntax, parsed once and rendered safely for each full-text backend.

Syntax: words (all must match), "quoted phrases", and OR between groups. OR binds loosest, as
it does natively in both FTS5 and `websearch_to_tsquery`: `a b OR c` means (a AND b) OR c.
An uppercase AND is accepted and ignored, since words are joined by AND anyway.

Backends only ever see single quoted phrases joined by OR, so characters they treat as syntax
(`*`, `(`, `:`, `-`, `^`, NEAR, an unbalanced quote) are searched for, never interpreted; the
AND/OR logic itself is applied per cable by the store.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

_TOKEN = re.compile(r'"([^"]*)"?|([^\s"]+)')
"""A quoted phrase (an unbalanced quote runs to the end) or a bare word."""


@dataclass(frozen=True)
class TextQuery:
    alternatives: tuple[tuple[str, ...], ...]
    """OR of alternatives; each alternative is phrases that must all match.

    A phrase never contains a double quote (the tokenizer splits on it), so wrapping it in
    quotes always yields exactly one quoted string in either engine's syntax.
    """

    @classmethod
    def parse(cls, query: str) -> TextQuery:
        """Parse; phrases with no letter or digit are dropped, as both engines ignore them."""
        alternatives: list[tuple[str, ...]] = []
        phrases: list[str] = []
        for match in _TOKEN.finditer(query):
            quoted, word = match.groups()
            if word == "OR":
                alternatives.append(tuple(phrases))
                phrases = []
            elif word != "AND":
                phrase = " ".join((word if quoted is None else quoted).split())
                if any(char.isalnum() for char in phrase):
                    phrases.append(phrase)
        alternatives.append(tuple(phrases))
        return cls(tuple(alternative for alternative in alternatives if alternative))

    def __bool__(self) -> bool:
        return bool(self.alternatives)

    @property
    def phrases(self) -> tuple[str, ...]:
        """Every distinct phrase, in order of appearance."""
        return tuple(dict.fromkeys(p for alternative in self.alternatives for p in alternative))

    def without(self, void: Collection[str]) -> TextQuery:
        """Drop phrases a backend cannot search (PostgreSQL stop words), as it would itself."""
        kept = (tuple(p for p in alternative if p not in void) for alternative in self.alternatives)
        return TextQuery(tuple(alternative for alternative in kept if alternative))


def fts5_any(phrases: Sequence[str]) -> str:
    """An FTS5 MATCH expression for any of the phrases."""
    return " OR ".join(f'"{phrase}"' for phrase in phrases)


def websearch_any(phrases: Sequence[str]) -> str:
    """`websearch_to_tsquery` text for any of the phrases; quoting disables `-` and `or`."""
    return " or ".join(f'"{phrase}"' for phrase in phrases)
