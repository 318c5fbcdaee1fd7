"""Goods: items named in the text with their designators, stated equivalences, form, material,
origin and stated uses. A good named several times in a cable is one good."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Span, Token

from reftel.extraction.facts import Good, Mention
from reftel.extraction.lexicons import designator_patterns, goods_entries, telegram_words, terms
from reftel.extraction.pipeline import Context
from reftel.record import Paragraph

_EQUIVALENCE = re.compile(
    r"(?:also\s+)?known\s+(?:by\s+the\s+designators?|as|under\s+the\s+designations?)\s+"
    r"(?P<names>(?-i:[A-Z0-9][\w./-]*)(?:\s*(?:,|or|and)\s*(?-i:[A-Z0-9][\w./-]*))*)",
    re.I,
)
_USE = re.compile(
    r"(?:(?:be|are|is|was|were)\s+used\s+(?:by\s+[^,]+?\s+)?(?:to\s+(?:produce|make|build|"
    r"manufacture)|in|for)|suitable\s+for\s+use\s+in|(?:commonly\s+)?used\s+in|for\s+use\s+in|"
    r"associated\s+with)\s+(?P<use>[^.;]+?)(?=,?\s+(?:and|but|which|while|to|in|from|by)\s+"
    r"(?:this|these|that|it|the|(?-i:[A-Z])|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"\w*\s+\d)"
    r"|[.;]|$)",
    re.I,
)
_ORIGIN = re.compile(r"\b(?P<who>[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)[- ]origin\b")
# 'Chinese-origin', 'Russian-produced': where an item comes from, not what it is called.
_ORIGIN_WORDS = frozenset(
    {"origin", "made", "produced", "manufactured", "built", "supplied", "sourced", "designed"}
)
_ORIGIN_WORD = re.compile(rf"\S+-(?:{'|'.join(_ORIGIN_WORDS)})\b", re.I)
# A modifier's own noun phrase ends where a noun it modifies begins.
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss", "npadvmod"})
# Leading words of a phrase that do not belong to an item's name.
_LEADING_DEPS = frozenset(
    {"det", "poss", "case", "nummod", "predet", "quantmod", "punct", "cc", "neg"}
)
# Determiners that make a bare word refer back: 'these weapons' is no good of its own.
_ANAPHORIC = frozenset(
    {"the", "this", "that", "these", "those", "such", "its", "their", "his", "her", "our"}
)
_REDACTION = re.compile(r"[xX]{4,}")
_PLURAL_DESIGNATOR = re.compile(r"(?<=\d)'?s$|(?<=\d[A-Z])S$")


@dataclass
class _Item:
    """One naming of a good in a sentence: its span, name and what it is made of."""

    start: int
    end: int
    name: str
    material: str | None = None
    form: str | None = None
    designators: list[str] = field(default_factory=list)
    bare: bool = False
    """Named by a vocabulary word alone ('the missiles'): it may refer back to a good."""
    anaphoric: bool = False
    """'these weapons', 'the aircraft': it names a good only by referring back to one."""


@cache
def _forms(category: str) -> dict[str, str]:
    """Written form (as `_key` spells it) -> canonical term, for one vocabulary category."""
    out: dict[str, str] = {}
    for entry in goods_entries(category):
        for form in [entry["term"], *entry.get("aliases", [])]:
            out.setdefault(_key(form), entry["term"])
    return out


@cache
def _vague() -> frozenset[str]:
    """Quantifying and evaluative words that are no part of an item's name ('several')."""
    return frozenset(_forms("vague_modifier"))


@cache
def _vague_or_national() -> frozenset[str]:
    """Leading words left out of a name: vague ones and nationalities ('Swedish arms')."""
    return _vague() | _adjective_codes().keys()


@cache
def _needs_modifier() -> frozenset[str]:
    return frozenset(e["term"] for e in goods_entries("form") if e.get("needs_modifier"))


def _key(text: str) -> str:
    """A written form as looked up: 'self propelled' and 'self-propelled' are one form."""
    return re.sub(r"[\s-]+", " ", text.lower())


def _pattern(words: list[str]) -> re.Pattern[str]:
    ordered = sorted(set(words), key=len, reverse=True)
    alternatives = (re.escape(w).replace(r"\ ", r"[\s-]+") for w in ordered)
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])", re.I)


@cache
def _vocabulary_pattern() -> re.Pattern[str]:
    return _pattern([*_forms("material"), *_forms("form")])


@cache
def _non_good_pattern() -> re.Pattern[str]:
    return _pattern(list(_forms("non_good")))


@cache
def _item_designator_patterns() -> list[re.Pattern[str]]:
    """Designators that name a good by themselves ('T-72', 'Igla-S')."""
    return [
        re.compile(e["pattern"], re.I if "IGNORECASE" in e.get("flags", "") else 0)
        for e in goods_entries("designator_pattern")
        if e.get("names_item")
    ]


@cache
def _adjective_codes() -> dict[str, str]:
    return {
        t.form.lower(): t.code
        for t in terms()
        if t.kind in ("country_adjective", "country") and t.code
    }


def _designators(text: str) -> list[str]:
    found: list[str] = []
    for _kind, pattern in designator_patterns():
        for match in pattern.finditer(text):
            designator = _PLURAL_DESIGNATOR.sub("", match.group(0))
            if designator not in found:
                found.append(designator)
    return found


def _origin(text: str) -> str | None:
    match = _ORIGIN.search(text)
    if not match:
        return None
    who = match.group("who").lower().rstrip(".")
    codes = _adjective_codes()
    return codes.get(who) or codes.get(who.replace(".", "")) or codes.get(who + ".")


def find_goods(context: Context) -> None:
    for paragraph, doc in context.docs:
        for sent in doc.sents:
            equivalence = _EQUIVALENCE.search(sent.text)
            equivalents = _names(equivalence)
            read: list[tuple[_Item, Good]] = []
            # Items named as what a good is used for ('to produce fuel control valves') are
            # uses, not goods of their own.
            uses = [
                m.span("use") for m in _USE.finditer(paragraph.text, sent.start_char, sent.end_char)
            ]
            for item in _items(context, paragraph, sent):
                if any(a <= item.start < b for a, b in uses):
                    continue
                named = paragraph.text[item.start : item.end].split()
                item.designators += [
                    e for e in equivalents if e in named and e not in item.designators
                ]
                item.name = _without(item.name, item.designators) or item.name
                good = _good_for(context, item)
                if good is None:
                    continue
                _describe(good, item, paragraph, sent)
                _mention(context, good, paragraph, item.start, item.end, sent)
                read.append((item, good))
            if equivalence is not None:
                _equate(sent, equivalence, equivalents, read)
    _drop_designator_entities(context)


def _describe(good: Good, item: _Item, paragraph: Paragraph, sent: Span) -> None:
    """Adds what this naming says of the good: form, material, origin, designators, use."""
    good.form = good.form or item.form
    good.material = good.material or item.material
    good.origin = good.origin or _origin(
        paragraph.text[max(sent.start_char, item.start - 20) : item.end]
    )
    for designator in item.designators:
        if designator not in good.designators:
            good.designators.append(designator)
    use = _USE.search(paragraph.text, item.end, sent.end_char)
    if use and use.start() - item.end < 80:
        text = " ".join(use.group("use").split()).rstrip(" ,")
        if text not in good.uses:
            good.uses.append(text)


def _items(context: Context, paragraph: Paragraph, sent: Span) -> list[_Item]:
    """Items named in a sentence: noun phrases headed by a vocabulary word, then designators
    that name an item by themselves ('36 RPG-7v')."""
    organizations = [
        (f.start, f.end)
        for f in context.overlapping(paragraph, sent.start_char, sent.end_char)
        if f.type == "organization"
    ]
    # A name of several words stops an item's phrase ('Isfahan Optics Industries gyroscopes');
    # a lone acronym is more often part of it ('PVC-insulated wire').
    names = [(a, b) for a, b in organizations if " " in paragraph.text[a:b].strip()]
    non_goods = [
        (sent.start_char + m.start(), sent.start_char + m.end())
        for m in _non_good_pattern().finditer(sent.text)
    ]
    items: list[_Item] = []
    for match in _vocabulary_pattern().finditer(sent.text):
        start, end = sent.start_char + match.start(), sent.start_char + match.end()
        # Words inside an organization's name name no good: 'Missile Technology Control
        # Regime' is no missile.
        if any(a <= start < b for a, b in organizations):
            continue
        span = sent.doc.char_span(start, end, alignment_mode="expand")
        if span is None or _modifies_noun(span.root, span):
            continue
        if any(a <= span.root.idx < b for a, b in non_goods):
            continue
        item = _item(paragraph, span, match.group(0), names)
        if item is not None:
            items.append(item)
    items.extend(_designator_items(paragraph, sent, items))
    return items


@cache
def _count_nouns() -> frozenset[str]:
    return frozenset(_forms("count_noun"))


def _modifies_noun(root: Token, span: Span) -> bool:
    """'arms control', 'missile-related entities': the word qualifies another noun; not so
    before a count noun ('ten lathe units'), where it names what is counted."""
    head = root.head
    if root.dep_ in _MODIFIER_DEPS and head.i > root.i and head.pos_ in ("NOUN", "PROPN"):
        return head.i >= span.end and _key(head.text) not in _count_nouns()
    return (
        span.end < len(span.doc)
        and span.doc[span.end].text == "-"
        and not span.doc[span.end - 1].whitespace_
    )


def _item(
    paragraph: Paragraph, span: Span, written: str, organizations: list[tuple[int, int]]
) -> _Item | None:
    """The phrase a vocabulary word heads, or None where the word alone says too little."""
    root = span.root
    first = span.start
    while first > span.sent.start and _belongs(span.doc[first - 1], root, organizations):
        first -= 1
    phrase = span.doc[first : span.end]
    text = paragraph.text[phrase.start_char : phrase.end_char]
    designators = _designators(text)
    words = [_key(m.group(0)) for m in _vocabulary_pattern().finditer(phrase.text)]
    materials, forms = _forms("material"), _forms("form")
    material = next((materials[w] for w in words if w in materials), None)
    form = next((forms[w] for w in reversed(words) if w in forms), None)
    name = _name(phrase, span.start, designators)
    single = " " not in written and "-" not in written
    generic = forms.get(_key(written)) in _needs_modifier()
    if generic and single and not _qualified(root, phrase, len(words), designators):
        return None
    bare = single and name.lower() == written.lower() and not designators
    return _Item(
        phrase.start_char,
        phrase.end_char,
        name or written,
        material,
        form,
        designators,
        bare,
        bare and phrase[0].lower_ in _ANAPHORIC,
    )


def _qualified(root: Token, phrase: Span, words: int, designators: list[str]) -> bool:
    """'centrifuge technology', '7075 bars': a generic word made specific by a noun, another
    vocabulary word or a code."""
    return (
        words > 1
        or bool(designators)
        or any(
            t.dep_ == "compound" and t.pos_ in ("NOUN", "PROPN") for t in root.lefts if t in phrase
        )
    )


def _belongs(token: Token, root: Token, organizations: list[tuple[int, int]]) -> bool:
    """A word to the left that is part of the phrase ROOT heads: not a name of its own
    ('Isfahan Optics Industries gyroscopes') nor a redaction."""
    if token.dep_ == "punct" and not (token.text == "-" and not token.whitespace_):
        return False
    if token.is_space or token.lower_ in telegram_words():
        return False
    if _REDACTION.fullmatch(token.text) or any(a <= token.idx < b for a, b in organizations):
        return False
    if token.dep_ in ("cc", "conj", "prep", "appos", "relcl", "acl"):
        return False
    return root in token.ancestors


def _name(phrase: Span, word: int, designators: list[str]) -> str:
    """The item as the text names it, without determiners, numbers, origin or designators.
    WORD is where the vocabulary word begins: it and codes ('122mm') are always kept."""
    vague = _vague_or_national()
    lowered = phrase.text.lower()
    coded = [
        (m.start(), m.end())
        for d in designators
        for m in re.finditer(re.escape(d.lower()), lowered)
    ]
    tokens = list(phrase)
    while (
        tokens
        and tokens[0].i < word
        and not any(a <= tokens[0].idx - phrase.start_char < b for a, b in coded)
        and (
            tokens[0].dep_ in _LEADING_DEPS
            or tokens[0].pos_ in ("NUM", "DET", "PRON", "PUNCT", "ADV", "SPACE")
            or tokens[0].tag_ == "VBG"
            or tokens[0].lower_ in vague
            or (tokens[0].lower_ in _ORIGIN_WORDS and tokens[0].nbor(-1).text == "-")
        )
    ):
        tokens = tokens[1:]
    text = "".join(t.text_with_ws for t in tokens).strip() if tokens else ""
    return _without(_ORIGIN_WORD.sub(" ", text), designators)


def _without(name: str, designators: list[str]) -> str:
    """A name without the codes in it: '7075 aluminum tubes' is named 'aluminum tubes'."""
    vague = _vague()
    for designator in (d for d in designators if " " not in d):
        name = re.sub(rf"(?<![\w-]){re.escape(designator)}s?(?![\w-])", " ", name, flags=re.I)
    words = name.split()
    while words and (words[0].lower() in vague or not any(c.isalnum() for c in words[0])):
        words = words[1:]
    return " ".join(words).strip(' ,;:()"“”')


def _designator_items(paragraph: Paragraph, sent: Span, items: list[_Item]) -> list[_Item]:
    """'36 RPG-7v', 'our F-5': a system designator names a good even with no form word."""
    out: list[_Item] = []
    for pattern in _item_designator_patterns():
        for match in pattern.finditer(paragraph.text, sent.start_char, sent.end_char):
            start, end = match.span()
            if any(i.start <= start < i.end for i in [*items, *out]):
                continue
            designator = _PLURAL_DESIGNATOR.sub("", match.group(0))
            # 'SA-3 surface-to-air missiles' where the parse split the code from its noun.
            following = next(
                (i for i in items if i.start > end and not paragraph.text[end : i.start].strip()),
                None,
            )
            if following is not None and not following.designators:
                following.start = start
                following.designators.append(designator)
                following.bare = False
            else:
                out.append(_Item(start, end, designator, designators=[designator]))
    return out


def _names(match: re.Match[str] | None) -> list[str]:
    if match is None:
        return []
    return [n for n in re.split(r"\s*(?:,|\bor\b|\band\b)\s*", match.group("names")) if n]


def _equate(
    sent: Span, match: re.Match[str], equivalents: list[str], read: list[tuple[_Item, Good]]
) -> None:
    """'X, also known by the designators Y or Z': Y and Z name the good named just before."""
    if any(set(equivalents) & set(good.designators) for _item, good in read):
        return
    at = sent.start_char + match.start()
    before = [(item, good) for item, good in read if item.end <= at]
    if before:
        good = max(before, key=lambda pair: pair[0].end)[1]
        good.designators.extend(e for e in equivalents if e not in good.designators)


def _drop_designator_entities(context: Context) -> None:
    """A designator the model took for a name ('AMG6') names a good, not a party."""
    designators = {d for good in context.goods for d in good.designators}
    dropped = {
        e.id
        for e in context.entities
        if e.type == "organization"
        and e.mentions
        and all(m.text in designators for m in e.mentions)
    }
    if dropped:
        context.entities = [e for e in context.entities if e.id not in dropped]
        for found in context.found:
            if found.entity in dropped:
                found.entity = None


def _head_key(name: str) -> str:
    """The head word of a name, singular: 'ballistic missiles' and 'missile' share 'missile'."""
    words = name.lower().split()
    return words[-1].removesuffix("s") if words else ""


def _good_for(context: Context, item: _Item) -> Good | None:
    for good in context.goods:
        if item.designators and set(item.designators) & set(good.designators):
            return good
    if item.form is None and not item.designators:
        # 'this same type of aluminum' refers back to the aluminium bars named before.
        for good in reversed(context.goods):
            if good.material == item.material and good.form is not None:
                return good
    if item.bare:
        # 'the missiles', 'these weapons' refer back to the last good of that kind.
        for good in reversed(context.goods):
            if _head_key(good.name) == _head_key(item.name) or (
                item.form is not None and good.form == item.form
            ):
                return good
    for good in reversed(context.goods):
        if _same_name(good.name, item.name) and not (item.designators and good.designators):
            return good
    if item.anaphoric:
        return None
    good = Good(id=f"{context.cable.id}:g{len(context.goods) + 1}", name=item.name)
    context.goods.append(good)
    return good


def _same_name(earlier: str, later: str) -> bool:
    """The later name ends the earlier one: 'insulated wire' after 'PVC-insulated wire' names
    the same good; 'anti-tank missiles' after 'missiles' is more specific, and another."""
    x, y = (n.lower().replace("-", " ").split() for n in (earlier, later))
    if not x or not y or _head_key(x[-1]) != _head_key(y[-1]) or len(y) > len(x):
        return False
    return x[len(x) - len(y) : -1] == y[:-1]


def _mention(
    context: Context, good: Good, paragraph: Paragraph, start: int, end: int, sent: Span
) -> None:
    good.mentions.append(
        Mention(
            text=paragraph.text[start:end],
            label="GOOD",
            source=context.source(paragraph, start, end, sent.text),
        )
    )
    context.good_spans.append((paragraph, start, end, good.id))
