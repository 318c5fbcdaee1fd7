"""Goods: items named in the text with their designators, stated equivalences, form, material,
origin and stated uses. A good named several times in a cable is one good."""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Span

from reftel.extraction.facts import Good, Mention
from reftel.extraction.lexicons import designator_patterns, goods_entries, terms
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


@cache
def _forms(category: str) -> dict[str, str]:
    """Written form (lower case) -> canonical term, for one vocabulary category."""
    out: dict[str, str] = {}
    for entry in goods_entries(category):
        for form in [entry["term"], *entry.get("aliases", [])]:
            out.setdefault(form.lower(), entry["term"])
    return out


@cache
def _vocabulary_pattern() -> re.Pattern[str]:
    words = sorted({*_forms("material"), *_forms("form")}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.I)


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
            if match.group(0) not in found:
                found.append(match.group(0))
    return found


def _origin(text: str) -> str | None:
    match = _ORIGIN.search(text)
    if not match:
        return None
    who = match.group("who").lower().rstrip(".")
    codes = _adjective_codes()
    return codes.get(who) or codes.get(who.replace(".", "")) or codes.get(who + ".")


def find_goods(context: Context) -> None:
    materials, forms = _forms("material"), _forms("form")
    vocabulary = _vocabulary_pattern()
    for paragraph, doc in context.docs:
        for sent in doc.sents:
            equivalence = _EQUIVALENCE.search(sent.text)
            equivalents = _names(equivalence)
            read: list[tuple[Span, Good]] = []
            # Items named as what a good is used for ('to produce fuel control valves') are
            # uses, not goods of their own.
            uses = [
                m.span("use") for m in _USE.finditer(paragraph.text, sent.start_char, sent.end_char)
            ]
            for chunk in _item_phrases(sent, vocabulary):
                if any(a <= chunk.start_char < b for a, b in uses):
                    continue
                names = [
                    f
                    for f in context.overlapping(paragraph, chunk.start_char, chunk.end_char)
                    if f.type == "organization"
                ]
                # Words inside an organization's name name no good: 'Missile Technology
                # Control Regime' is no missile.
                words = [
                    m.group(0).lower()
                    for m in vocabulary.finditer(chunk.text)
                    if not any(f.start <= chunk.start_char + m.start() < f.end for f in names)
                ]
                material_word = next((w for w in words if w in materials), None)
                form_word = next((w for w in reversed(words) if w in forms), None)
                if material_word is None and form_word is None:
                    continue
                material = materials.get(material_word or "")
                form = forms.get(form_word or "")
                # Named as written ('aluminum bars'); the canonical terms go in the fields.
                name = " ".join(dict.fromkeys(w for w in (material_word, form_word) if w))
                designators = _designators(chunk.text)
                designators += [e for e in equivalents if e in chunk.text.split()]
                good = _good_for(context, name, designators, material, form)
                good.form = good.form or form
                good.material = good.material or material
                good.origin = good.origin or _origin(
                    paragraph.text[max(sent.start_char, chunk.start_char - 20) : chunk.end_char]
                )
                for designator in designators:
                    if designator not in good.designators:
                        good.designators.append(designator)
                use = _USE.search(paragraph.text, chunk.end_char, sent.end_char)
                if use and use.start() - chunk.end_char < 80:
                    text = " ".join(use.group("use").split()).rstrip(" ,")
                    if text not in good.uses:
                        good.uses.append(text)
                _mention(context, good, paragraph, chunk.start_char, chunk.end_char, sent)
                read.append((chunk, good))
            if equivalence is not None:
                _equate(sent, equivalence, equivalents, read)
    _drop_designator_entities(context)


def _names(match: re.Match[str] | None) -> list[str]:
    if match is None:
        return []
    return [n for n in re.split(r"\s*(?:,|\bor\b|\band\b)\s*", match.group("names")) if n]


def _equate(
    sent: Span, match: re.Match[str], equivalents: list[str], read: list[tuple[Span, Good]]
) -> None:
    """'X, also known by the designators Y or Z': Y and Z name the good named just before."""
    if any(set(equivalents) & set(good.designators) for _chunk, good in read):
        return
    at = sent.start_char + match.start()
    before = [(chunk, good) for chunk, good in read if chunk.end_char <= at]
    if before:
        good = max(before, key=lambda pair: pair[0].end_char)[1]
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


def _item_phrases(sent: Span, vocabulary: re.Pattern[str]) -> list[Span]:
    """Noun phrases that name an item: they hold a material or form word."""
    return [chunk for chunk in sent.noun_chunks if vocabulary.search(chunk.text)]


def _good_for(
    context: Context, name: str, designators: list[str], material: str | None, form: str | None
) -> Good:
    for good in context.goods:
        if designators and set(designators) & set(good.designators):
            return good
    if form is None and not designators:
        # 'this same type of aluminum' refers back to the aluminium bars named before.
        for good in reversed(context.goods):
            if good.material == material and good.form is not None:
                return good
    for good in context.goods:
        if good.name == name and not (designators and good.designators):
            return good
    good = Good(id=f"{context.cable.id}:g{len(context.goods) + 1}", name=name)
    context.goods.append(good)
    return good


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
