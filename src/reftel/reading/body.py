"""The cable body: classification line, captions, numbered paragraphs and what they carry.

Every paragraph keeps its span in the body, so facts found later point back at their text.
The body is read line by line where the cable keeps its line breaks, and by sentence position
where an export ran the whole text into one line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from reftel.reading.conventions import load, split_marking
from reftel.record import (
    ActionRequest,
    Paragraph,
    PointOfContact,
    Redaction,
    TalkingPoints,
)

_SPACED = re.compile(r"^((?:[A-Za-z] ){3,}[A-Za-z])(?=\s|$|/)")
_SECTION = re.compile(r"\bSECTION\s+(\d{1,3})\s+OF\s+(\d{1,3})\b", re.I)
_SECTION_UPPER = re.compile(r"\bSECTION\s+(\d{1,3})\s+OF\s+(\d{1,3})\b")
_KEYWORDS = re.compile(
    r"^\s*¶?\s*(?:\([A-Z/]{1,8}\)\s*)?(?:"
    r"(?P<key>E\.?\s?O\.?\s*\d{5}|EO\s*\d{5}|TAGS|CLASSIFIED\s+BY)\b\s*:?"
    r"|(?P<colon_key>SUBJECT|SUBJ|REFS?|REFTELS?|REFERENCES?|DECL)\s*:"
    r")\s*(?P<rest>.*)$",
    re.I,
)
_FLAT_KEYWORDS = re.compile(
    r"[ \t]+(?=(?:E\.O\.\s*\d{5}|TAGS:|SUBJECT:|REFS?:|REFTELS?:|CLASSIFIED BY:)\s"
    r"|¶?\d{1,2}\.\s+\((?:[A-Z]{1,3}|SBU)(?:/{1,2}[A-Z]{1,6})*\)\s)",
    re.I,
)
_PAGE_BREAK_LINE = (
    r"[ \t]*(?:PAGE[ \t]+\d{1,3}[ \t]+[A-Z].*"
    r"|[A-Z][A-Z .]+[ \t]\d{5,9}[ \t]+\d{3}(?:\.\d)?[ \t]+OF[ \t]+\d{3}.*"
    r"|(?:TOP SECRET|SECRET|CONFIDENTIAL|UNCLASSIFIED|UNCLAS|LIMITED OFFICIAL USE)[ \t]*"
    r"(?:[A-Z]{3}\d{3,5}[ \t]*)?"
    # The distribution block a page of a 1990s-2000s telegram repeats: 'INFO LOG-00 NP-00 ...'
    r"|(?:ACTION|INFO)[ \t]+[A-Z]{1,5}-\d\d\b.*)"
)
_PAGE_BREAK = re.compile(rf"^{_PAGE_BREAK_LINE}$", re.I)
_PAGE_BREAKS = re.compile(rf"^{_PAGE_BREAK_LINE}(?:\n|$)", re.I | re.M)
# A page header that an export ran together with the text it heads: 'PAGE 04 HARARE 06677
# 02 OF 03 291401Z SHOWING ...'. Only the header goes; the text after it stays.
_PAGE_HEAD = re.compile(
    r"^[ \t]*PAGE[ \t]+\d{1,3}[ \t]+[A-Z][A-Z .]*?[ \t]+\d{3,6}"
    r"(?:[ \t]+\d{1,3}(?:\.\d)?[ \t]+OF[ \t]+\d{1,3})?[ \t]+\d{6}Z?[ \t]+(?=\S)",
    re.M,
)
# The page's classification footer left at the end of the last text line before the next
# page's header: '... AFTER INITIALLY  CONFIDENTIAL' / 'PAGE 04 HARARE ...'.
_PAGE_FOOT = re.compile(
    r"[ \t]+(?:TOP SECRET|SECRET|CONFIDENTIAL|UNCLASSIFIED|LIMITED OFFICIAL USE)[ \t]*$"
    r"(?=\n[ \t]*PAGE[ \t]+\d)",
    re.M,
)
_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*(?!--|-\s|o\s|\(?[A-Za-z0-9]{1,2}[.)]\s)")
_BLANK_LINES = re.compile(r"[ \t]*\n(?:[ \t]*\n)+[ \t]*")
_END_MARKERS = re.compile(r"^\s*(?:NNNN|BT|END CABLE TEXT|#\d+)\s*$", re.I)
_FLAT_END = re.compile(r"\s*(?:NNNN\b.*|END CABLE TEXT\s*)$", re.I | re.S)
_PARA = re.compile(
    r"(?P<pilcrow>¶\s*)?"
    r"(?P<num>\d{1,3})\s*\.[ \t]+"
    r"(?:(?P<mark>\((?P<marking>[A-Za-z/ ,-]{1,30})\)\s*)|(?=[A-Za-z(\"'\-]))"
)
_TITLE = re.compile(r"^(?P<title>[A-Za-z][A-Za-z/&,' -]{1,58}?)\s*:\s+(?=\S)")
_SUMMARY = re.compile(
    r"(?:BEGIN\s+)?SUMMARY\b\s*(?:AND\s+COMMENT\s*)?[:.]?\s*(?:--\s*)?(?P<text>.+?)\s*"
    r"END\s+(?:OF\s+)?SUMMARY(?:\s+AND\s+COMMENT)?\s*\.?",
    re.I | re.S,
)
# What may stand before a summary caption: a line start, a paragraph marking, a sentence end.
_SUMMARY_LEAD = re.compile(r"(?:^|\n|\)\s|\.\s\s?|\(\w+\)\s*)\Z")
_REDACTION = re.compile(r"x{4,}", re.I)
_HEADING_RULE = re.compile(r"^\s*-{3,}\s*$")


@dataclass
class BodyParts:
    classification: str | None = None
    caveats: list[str] = field(default_factory=list)
    serial: str | None = None
    sections: list[str] = field(default_factory=list)
    subject: str | None = None
    tags: list[str] = field(default_factory=list)
    reference_text: str | None = None
    classified_by: str | None = None
    declassify_on: str | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    summary: str | None = None
    signer: str | None = None
    action_requests: list[ActionRequest] = field(default_factory=list)
    talking_points: list[TalkingPoints] = field(default_factory=list)
    poc: PointOfContact | None = None
    slugs: list[str] = field(default_factory=list)
    redactions: list[Redaction] = field(default_factory=list)


def find_classification_line(lines: list[str], limit: int = 40) -> int | None:
    """Index of the line that opens the body with its classification, if any; a line the
    release garbled ('SS E C R E T', 'O N F I D E N T I A L') counts when nothing better does."""
    pattern = load().classification_pattern
    for i, line in enumerate(lines[:limit]):
        if pattern.match(_unspace(line.strip()).upper()):
            return i
    for i, line in enumerate(lines[:limit]):
        if _repaired(line.strip()) is not None:
            return i
    return None


def classification_text(line: str) -> str:
    """The classification line with its spaced letters joined and a garbled word mended."""
    line = line.strip()
    joined = _unspace(line)
    if load().classification_pattern.match(joined.upper()):
        return joined
    return _repaired(line) or joined


def _repaired(line: str) -> str | None:
    """'CSE C R E T STATE 1' -> 'SECRET STATE 1': letters spaced out, one or two slipped."""
    run = re.match(r"^((?:[A-Za-z]{1,3} ){3,}[A-Za-z]{1,3})(?=\s|$)", line) or re.match(
        r"^([A-Za-z]{6,})(?=\s|$)", line
    )
    if run is None:
        return None
    word = run.group(1).replace(" ", "").upper()
    names = {form for form in load().levels if len(form) >= 6}
    best = min(names, key=lambda name: Levenshtein.distance(word, name))
    if Levenshtein.distance(word, best) > (2 if " " in run.group(1) else 1):
        return None
    return best + line[run.end() :]


def _unspace(line: str) -> str:
    """'S E C R E T STATE 039690' -> 'SECRET STATE 039690'."""
    match = _SPACED.match(line)
    if match:
        return match.group(1).replace(" ", "") + line[match.end() :]
    return line


def parse_body(body: str) -> BodyParts:
    parts = BodyParts()
    # Break run-on captions onto lines of their own without moving any offset.
    # Captions stand at the top: only the first few thousand characters need the rewrite.
    head = _FLAT_KEYWORDS.sub(lambda m: "\n" + m.group(0)[1:], body[:6000])
    lines = (head + body[6000:]).split("\n")
    class_index = find_classification_line(lines)
    cursor = 0
    if class_index is not None:
        _classification_line(classification_text(lines[class_index]), parts)
        cursor = class_index + 1
    zone_end_line = _captions(lines, cursor, parts)
    zone_end = min(sum(len(line) + 1 for line in lines[:zone_end_line]), len(body))
    parts.sections = _sections(body)
    _paragraphs(body, zone_end, parts)
    _summary(body[zone_end:], parts)
    _actions(parts)
    _talking_points(parts)
    _poc_and_slugs(parts)
    parts.redactions = [
        Redaction(
            paragraph=_paragraph_at(parts.paragraphs, m.start()), start=m.start(), end=m.end()
        )
        for m in _REDACTION.finditer(body)
    ]
    return parts


def _classification_line(line: str, parts: BodyParts) -> None:
    conv = load()
    upper = line.upper()
    match = conv.classification_pattern.match(upper)
    if not match:
        return
    word = match.group(1)
    parts.classification = conv.levels.get(word, ("UNCLASSIFIED", 0))[0]
    rest = upper[match.end() :]
    rest = re.sub(r"^//?", "", rest.strip())
    caveat_words: list[str] = []
    while True:
        token = re.match(r"^(?://?)?\s*([A-Z]+)\b", rest)
        if not token or token.group(1) not in conv.caveats:
            break
        caveat_words.append(conv.caveats[token.group(1)])
        rest = rest[token.end() :]
    parts.caveats.extend(caveat_words)
    rest = _SECTION.sub("", rest).strip(" /,")
    # 'TEHRAN 2069', and '75 LIBREVILLE 1895' where the year stands before the post.
    serial = re.match(r"^(?:\d{2}\s+)?([A-Z][A-Z .'-]*?[A-Z])\s+(\d{1,7})\b", rest)
    if serial:
        parts.serial = f"{' '.join(serial.group(1).split())} {serial.group(2)}"


def _sections(body: str) -> list[str]:
    seen: list[str] = []
    for match in _SECTION_UPPER.finditer(body.upper()):
        label = f"SECTION {match.group(1)} OF {match.group(2)}"
        if label not in seen:
            seen.append(label)
    return seen


def _captions(lines: list[str], start: int, parts: BodyParts) -> int:
    """Read the captions between the classification line and the text; return where the text
    starts. Distribution lines, review notes and other clutter among them are passed over."""
    conv = load()
    limit = next((i for i in range(start, len(lines)) if _PARA.match(lines[i].strip())), len(lines))
    limit = min(limit, start + 80)
    current: str | None = None
    after_blank = False
    text_start = start
    collected: dict[str, list[str]] = {}
    for i in range(start, limit):
        line = _PAGE_HEAD.sub("", _unspace(lines[i].strip()))
        keyword = _KEYWORDS.match(line)
        if keyword:
            current = _caption_name(keyword.group("key") or keyword.group("colon_key"))
            after_blank = False
            collected.setdefault(current, []).append(keyword.group("rest"))
        elif not line:
            if current in ("SUBJECT", "CLASSIFIED BY", "DISTRIBUTION"):
                current = None
            after_blank = True
            continue
        elif _is_caveat_line(line):
            parts.caveats.extend(
                name
                for word in re.split(r"[\s,/]+", line.upper())
                if (name := conv.caveats.get(word)) and name not in parts.caveats
            )
            current = None
        elif (
            current not in (None, "DISTRIBUTION")
            and _PAGE_BREAK.match(line)
            and i + 1 < limit
            and _PAGE_HEAD.match(lines[i + 1].strip())
        ):
            # A caption run on after the next page's header goes on with it:
            # 'SUBJECT: ... MEETS WITH ZIMBABWE' / 'PAGE 02 HARARE 06677 01 OF 03 291400Z
            # OPPOSITION LEADER'.
            continue
        elif (
            current is not None
            and not _PAGE_BREAK.match(line)
            and (not after_blank or _continues(current, line))
        ):
            if current != "DISTRIBUTION":
                collected[current].append(line.lstrip("¶ "))
        elif _DISTRIBUTION.match(line) or _PAGE_BREAK.match(line):
            current = "DISTRIBUTION"  # kept apart from the text, continued until a blank line
            after_blank = False
        else:
            current = None
            continue  # clutter before the captions, or lead text after them
        text_start = i + 1
    _store_captions(collected, parts)
    return text_start if collected or text_start > start else start


_DISTRIBUTION = re.compile(
    r"^(?:(?i:(?:[A-Z][A-Za-z/.-]*\s){0,4}FOR\s+[A-Z]|DECLASSIFIED|SYSTEMATIC REVIEW|"
    r"(?:[A-Z/]+\s+)?(?:PLEASE\s+)?PASS\b|CORRECTED COPY)|(?!SUMMARY|BEGIN)[A-Z]{3,12}$)"
)


def _continues(caption: str, line: str) -> bool:
    """After a blank line, only a further lettered reference or tag list continues a caption."""
    if caption == "REF":
        return bool(re.match(r"^¶?\s*\(?[A-Z][.)]\s+\S", line))
    return False


def _caption_name(key: str) -> str:
    key = key.upper()
    if key.startswith(("E", "DECL")):
        return "EO"
    if key.startswith("SUBJ"):
        return "SUBJECT"
    if key.startswith("REF"):
        return "REF"
    if key.startswith("CLASSIFIED"):
        return "CLASSIFIED BY"
    return key


def _is_caveat_line(line: str) -> bool:
    words = [w for w in re.split(r"[\s,/]+", line.upper()) if w]
    caveats = load().caveats
    return bool(words) and all(w in caveats for w in words)


def _store_captions(collected: dict[str, list[str]], parts: BodyParts) -> None:
    def joined(key: str) -> str | None:
        text = " ".join(" ".join(collected.get(key, [])).split())
        return text or None

    parts.subject = joined("SUBJECT")
    tags = joined("TAGS")
    if tags:
        parts.tags = _split_tags(tags)
    parts.reference_text = joined("REF")
    parts.classified_by = joined("CLASSIFIED BY")
    eo = joined("EO")
    if eo:
        decl = re.search(r"DECL(?:ASSIFY)?(?:\s+ON)?\s*:?\s*(.+)$", eo, re.I)
        value = (decl.group(1) if decl else eo).strip(" .:;")
        value = re.sub(r"^\d{5}\s*:?\s*", "", value) if not decl else value
        if value and value.upper() not in ("N/A", "NA", "NONE"):
            parts.declassify_on = value


def _split_tags(text: str) -> list[str]:
    tags: list[str] = []
    for match in re.finditer(r"([A-Za-z0-9_-]+(?:\s*\([^)]*\))?)", text):
        tag = " ".join(match.group(1).upper().split())
        if tag and tag.upper() not in ("AND",) and tag not in tags:
            tags.append(tag)
    return tags


def _paragraphs(body: str, zone_end: int, parts: BodyParts) -> None:
    text_end = _text_end(body, parts)
    region = body[zone_end:text_end]
    starts = _paragraph_starts(region)
    conv = load()
    bounds: list[tuple[int, int, re.Match[str] | None]] = []
    if not starts or starts[0].start() > 0:
        lead_end = starts[0].start() if starts else len(region)
        if region[:lead_end].strip():
            bounds.append((0, lead_end, None))
    for i, opening in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(region)
        bounds.append((opening.start(), end, opening))
    pending_title: str | None = None
    for start, end, match in bounds:
        raw = region[match.end() if match else start : end]
        raw, heading = _trailing_heading(raw)
        text = _clean(raw)
        if match is None and not text:
            pending_title = heading
            continue
        number = int(match.group("num")) if match else None
        marking = None
        if match and match.group("marking"):
            # "(C - ENTIRE TEXT)" marks the paragraph, and the rest of the cable, C.
            candidate = re.sub(r"\s*-\s*ENTIRE TEXT$", "", match.group("marking").strip().upper())
            level, _ = split_marking(candidate)
            if level is not None or candidate.split("/")[0] in conv.levels:
                marking = candidate
            else:
                text = _clean(match.group("mark") + raw)
        title = None
        titled = _TITLE.match(text)
        if (
            titled
            and len(titled.group("title").split()) <= 6
            and not re.match(r"(?i)(begin|end)\b", titled.group("title"))
        ):
            title = titled.group("title").strip()
        elif pending_title:
            title = pending_title
        parts.paragraphs.append(
            Paragraph(
                index=len(parts.paragraphs),
                number=number,
                marking=marking,
                title=title,
                text=text,
                start=zone_end + (match.start("num") if match else start),
                end=zone_end + end,
            )
        )
        pending_title = heading


def _opens(text: str, at: int) -> bool:
    """A paragraph number opens a line (or follows a page header run into that line), or
    follows the end of a sentence and one or two blanks."""
    j = at
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    if j == 0 or text[j - 1] == "\n":
        return True
    if text[j - 1] in ".!?:;\"')]" and 1 <= at - j <= 2:
        return True
    head = _PAGE_HEAD.match(text, text.rfind("\n", 0, at) + 1)
    return head is not None and head.end() == at


def _paragraph_starts(region: str) -> list[re.Match[str]]:
    """Pick numbered paragraph openings in sequence, preferring ones that look like the first."""
    candidates = [m for m in _PARA.finditer(region) if _opens(region, m.start())]
    if not candidates:
        return []

    def strong(m: re.Match[str]) -> bool:
        at_line = m.start() == 0 or region[m.start() - 1] == "\n"
        return bool(m.group("marking") or m.group("pilcrow")) or at_line

    first = next((m for m in candidates if int(m.group("num")) == 1), None)
    if first is None:
        # Paragraph 1 may be lost to a page break or a redaction: start at the first marked one.
        first = next((m for m in candidates if m.group("marking") or m.group("pilcrow")), None)
    if first is None:
        return []
    chosen = [first]
    expected = int(first.group("num")) + 1
    at = candidates.index(first) + 1
    while at < len(candidates):
        later = candidates[at:]
        pick = next((m for m in later if int(m.group("num")) == expected and strong(m)), None)
        if pick is None:
            pick = next((m for m in later if int(m.group("num")) == expected), None)
        if pick is None:
            pick = next(
                (
                    m
                    for m in later
                    if expected < int(m.group("num")) <= expected + 2
                    and (m.group("marking") or m.group("pilcrow"))
                ),
                None,
            )
        if pick is None:
            break
        chosen.append(pick)
        expected = int(pick.group("num")) + 1
        at = candidates.index(pick, at) + 1
    return chosen


def _trailing_heading(raw: str) -> tuple[str, str | None]:
    """Split off an underlined heading that closes a paragraph and titles the next."""
    lines = raw.rstrip().split("\n")
    if len(lines) >= 2 and _HEADING_RULE.match(lines[-1]) and lines[-2].strip():
        return "\n".join(lines[:-2]), " ".join(lines[-2].split())
    return raw, None


def _clean(raw: str) -> str:
    """Paragraph text: page breaks and repeated section headers dropped, wrapped lines joined,
    list items kept on lines."""
    text = _drop_section_headers(_PAGE_FOOT.sub("", raw))
    text = _PAGE_BREAKS.sub("", _PAGE_HEAD.sub("", text))
    blocks = (_LINE_BREAK.sub(" ", block.strip()) for block in _BLANK_LINES.split(text))
    return "\n\n".join(b for b in blocks if b).strip()


def _drop_section_headers(raw: str) -> str:
    """A section after the first repeats the heading, from its classification line ('C O N F I
    D E N T I A L SECTION 03 OF 03 HARARE 006677') through the E.O. and TAGS captions. A
    classification line with its section number opens such a heading; it is dropped only when
    a caption closes it within a few lines, so the text itself is never cut."""
    lines = raw.split("\n")
    pattern = load().classification_pattern
    kept: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if _SECTION.search(line) and pattern.match(classification_text(line).upper()):
            close = next(
                (
                    j
                    for j in range(i + 1, min(i + 12, len(lines)))
                    if _KEYWORDS.match(lines[j]) or re.search(r"\bTAGS\b", lines[j])
                ),
                None,
            )
            if close is not None:
                while close + 1 < len(lines) and _KEYWORDS.match(lines[close + 1]):
                    close += 1
                i = close + 1
                continue
        kept.append(line)
        i += 1
    return "\n".join(kept)


def _text_end(body: str, parts: BodyParts) -> int:
    """Where the message text stops: before the signer and the end-of-message markers."""
    end = len(body)
    tail_from = max(0, len(body) - 400)  # end markers sit in the last lines; skip the rest
    flat = _FLAT_END.search(body, tail_from)
    if flat and "\n" not in body[flat.start() :].strip():
        end = flat.start()
    lines = body[:end].rstrip().split("\n")
    while lines and (
        not lines[-1].strip() or _END_MARKERS.match(lines[-1]) or _PAGE_BREAK.match(lines[-1])
    ):
        lines.pop()
    end = len("\n".join(lines))
    last = lines[-1].strip() if lines else ""
    if _is_signer(last) and len(lines) > 1:
        parts.signer = " ".join(last.split())
        return end - len(lines[-1])
    tail = _SIGNER_TAIL.search(body, max(0, end - 120), end)
    if tail and _is_signer(tail.group(1)):
        parts.signer = tail.group(1)
        return tail.start() + 1
    return end


_SIGNER_TAIL = re.compile(r"(?<=[.)\"'])\s+([A-Z][A-Za-z'-]+(?:\s[A-Z][A-Z'-]+){0,2})\s*$")


def _is_signer(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= 3
        and len(text) <= 40
        and all(re.fullmatch(r"[A-Z](?:[A-Za-z'-]*[A-Za-z]|\.)?", w) for w in words)
        and not load().classification_pattern.match(text.upper())
        and text.upper() not in load().caveats
        and not re.match(r"(?i)(end|begin)\b", text)
        and not _REDACTION.search(text)
    )


def _summary(text: str, parts: BodyParts) -> None:
    head = text[:20000]
    low = head.lower()
    match = None
    at = low.find("summary")
    while at >= 0 and match is None:
        start = at - 6 if low[max(0, at - 6) : at] == "begin " else at
        if _SUMMARY_LEAD.search(head[max(0, start - 8) : start]):
            match = _SUMMARY.match(head, start)
        at = low.find("summary", at + 7)
    if match:
        summary = re.sub(r"^(?:¶?\s*\d{1,2}\.\s*)?(?:\([A-Z/]{1,8}\)\s*)?", "", match.group("text"))
        parts.summary = _clean(summary) or None
        return
    for paragraph in parts.paragraphs[:3]:
        if paragraph.title and paragraph.title.upper().startswith("SUMMARY"):
            parts.summary = paragraph.text.removeprefix(paragraph.title).lstrip(" :")
            return


def _paragraph_at(paragraphs: list[Paragraph], offset: int) -> int | None:
    for paragraph in paragraphs:
        if paragraph.start <= offset < paragraph.end:
            return paragraph.index
    return None


_ADDRESSEE = (
    r"(?P<who>(?:Embassy|Embassies|Consulate|Consulate General|Mission|USUN|USEU|USNATO|"
    r"USOSCE|UNVIE|Posts?|Chiefs? of Mission|addressee posts?|(?:the\s+)?Department|Washington)"
    r"(?:\s+(?!(?i:to|is|are|should|please|and|approach|deliver|raise|convey|provide|consider|"
    r"advise|seek|urge|demarche|inform|report|share|pass)\b)(?-i:[A-Z][A-Za-z]+)){0,2})"
)
_ACTION_PATTERNS = [
    re.compile(
        rf"\b(?:request|requests|instructs?|asks?)\s+(?:that\s+)?{_ADDRESSEE}\s+(?:to\s+)?"
        r"(?P<what>.+)",
        re.I | re.S,
    ),
    re.compile(
        rf"{_ADDRESSEE}\s+(?:is|are)\s+(?:requested|instructed|asked)\s+to\s+(?P<what>.+)",
        re.I | re.S,
    ),
    re.compile(rf"{_ADDRESSEE},?\s+please\s+(?!see\b)(?P<what>.+)", re.I | re.S),
    re.compile(
        rf"\b(?:requests?|recommends?|asks?|urges?)\s+that\s+{_ADDRESSEE}\s+(?P<what>.+)",
        re.I | re.S,
    ),
]
_POINTER = re.compile(
    rf"action request.*?{_ADDRESSEE},?\s+please see\s+(?:para(?:graph)?s?\.?\s*)(?P<num>\d+)",
    re.I | re.S,
)


def _actions(parts: BodyParts) -> None:
    """Action requests: paragraphs titled so, or sentences that ask a post to act."""
    pointers: dict[int, str] = {}
    for paragraph in parts.paragraphs:
        pointer = _POINTER.search(paragraph.text) if _mentions_action(paragraph.text) else None
        if pointer:
            pointers[int(pointer.group("num"))] = _who(pointer.group("who"))
    for paragraph in parts.paragraphs:
        if paragraph.number in pointers and paragraph.number is not None:
            is_pointer = False
        else:
            is_pointer = _mentions_action(paragraph.text) and bool(_POINTER.search(paragraph.text))
        if is_pointer or not _asks(paragraph.text):
            continue
        titled = bool(paragraph.title and re.match(r"action\s+request", paragraph.title, re.I))
        text = paragraph.text
        if paragraph.title and text.startswith(paragraph.title):
            text = text[len(paragraph.title) :].lstrip(" :")
        captioned = re.match(r"^ACTION REQUEST(?:ED)?\s*:\s*", text, re.I)
        if captioned:
            text = text[captioned.end() :]
        explicit = titled or captioned is not None or paragraph.number in pointers
        if not explicit and re.match(r"(?i)(summary|comment)\b", paragraph.title or ""):
            continue  # a summary or comment retells requests; it does not make them
        request = _request_sentence(text)
        if request is not None:
            who, what = request
            parts.action_requests.append(
                ActionRequest(paragraph=paragraph.number, addressee=who, request=what)
            )
        elif explicit:
            parts.action_requests.append(
                ActionRequest(
                    paragraph=paragraph.number,
                    addressee=pointers.get(paragraph.number) if paragraph.number else None,
                    request=_first_sentences(text),
                )
            )


def _mentions_action(text: str) -> bool:
    return "action request" in text.lower()


def _asks(text: str) -> bool:
    """A cheap test before the request patterns: most paragraphs ask nothing."""
    low = text.lower()
    return any(word in low for word in ("request", "instruct", "ask", "please", "urge"))


def _request_sentence(text: str) -> tuple[str, str] | None:
    for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z])", text):
        if not _asks(sentence):
            continue
        for pattern in _ACTION_PATTERNS:
            match = pattern.search(sentence)
            if match:
                rest = text[text.index(sentence) + match.start("what") :]
                return _who(match.group("who")), _first_sentences(rest)
    return None


def _who(text: str) -> str:
    return re.sub(r"(?i)^the\s+", "", " ".join(text.split()).rstrip(","))


def _first_sentences(text: str, limit: int = 2) -> str:
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z])", " ".join(text.split()))
    return " ".join(sentences[:limit]).strip()


_TP_BEGIN = re.compile(
    r"BEGIN\s+(?:TEXT\s+OF\s+)?(?P<kind>(?:(?:TALKING\s+)?POINTS|NON-?PAPER)(?:\s*/\s*"
    r"(?:TALKING\s+POINTS|NON-?PAPER|POINTS))?)\s*[:.]?",
    re.I,
)
_TP_END = re.compile(r"END\s+(?:TEXT\s+OF\s+)?(?:TALKING\s+)?(?:POINTS|NON-?PAPER)[^.\n]*\.?", re.I)
_TP_MARKING = re.compile(
    r"^\s*\(?\s*(?P<m>(?:TOP SECRET|SECRET|CONFIDENTIAL|UNCLASSIFIED|SBU|(?:TS|S|C|U)(?=[/)]))"
    r"(?:[/ ]+(?:REL(?: TO)?(?: [A-Z]+,?)+|NOFORN|NF|FGI|ORCON))*)\s*\)?",
)
_NON_PAPER = re.compile(r"non-?paper", re.I)


def _talking_points(parts: BodyParts) -> None:
    for paragraph in parts.paragraphs:
        for begin in _TP_BEGIN.finditer(paragraph.text):
            rest = paragraph.text[begin.end() :]
            end = _TP_END.search(rest)
            block = rest[: end.start()] if end else rest
            marking = _TP_MARKING.match(block)
            if marking:
                block = block[marking.end() :]
            points = [
                " ".join(p.split())
                for p in re.split(r"(?:^|\s)--\s|\n\s*[-o•]\s", block)
                if p.strip()
            ]
            mentions_non_paper = bool(_NON_PAPER.search(begin.group("kind"))) or any(
                re.search(r"non-?paper", p.text, re.I) and p.index != paragraph.index
                for p in parts.paragraphs
            )
            parts.talking_points.append(
                TalkingPoints(
                    paragraph=paragraph.number,
                    marking=" ".join(marking.group("m").split()) if marking else None,
                    points=points,
                    non_paper=mentions_non_paper,
                )
            )


_POC = re.compile(
    r"\b(?:POC|points? of contact)\b(?:\s+(?:for|on)\s+[^.:]{1,60}?)?\s*(?:is|are|:)\s+"
    r"(?:(?P<office>[A-Z]{2,}(?:/[A-Z0-9-]+)+)\s+)?"
    r"(?P<name>[A-Z][A-Za-z'.-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][A-Za-z'-]+){1,2})"
)
_PHONE = re.compile(r"\(?\b\d{3}\)?[-. ]\d{3}[-. ]\d{4}\b")
_SLUG = re.compile(
    r"\bslug\s+(?:all\s+|any\s+)?(?:reporting|responses?|replies|cables?|traffic)\b[^.]*?\bfor\s+"
    r"(?P<offices>[A-Z][A-Z/0-9-]*(?:\s*(?:,|and|&)\s*[A-Z][A-Z/0-9-]*)*)",
    re.I,
)


def _poc_and_slugs(parts: BodyParts) -> None:
    for paragraph in parts.paragraphs:
        low = paragraph.text.lower()
        match = _POC.search(paragraph.text) if "poc" in low or "contact" in low else None
        if match and parts.poc is None:
            window = paragraph.text[match.start() : match.end() + 80]
            phone = _PHONE.search(window)
            parts.poc = PointOfContact(
                name=match.group("name"),
                office=match.group("office"),
                phone=phone.group(0) if phone else None,
                paragraph=paragraph.number,
            )
        for slug in _SLUG.finditer(paragraph.text) if "slug" in low else ():
            for office in re.split(r"\s*(?:,|\band\b|&)\s*", slug.group("offices"), flags=re.I):
                if office and office.upper() not in parts.slugs:
                    parts.slugs.append(office.upper())
