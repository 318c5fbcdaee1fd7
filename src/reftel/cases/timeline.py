"""The case in time: its transactions and the diplomacy around them, in order.

Entries come from four places: the transactions (with the date precision the text gave),
each cable of the case (its date, sender and addressees), the action requests the cables carry
and the cables answering them, and the dated exchanges the cables recount ("in September 2007
we alerted the PRC"), found with a lexicon of diplomatic terms kept as data.
"""

from __future__ import annotations

import calendar
import io
import json
import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from reftel.cases.case import Case, SourceFilter
from reftel.cases.network import source_label
from reftel.extraction.facts import Precision, Source
from reftel.extraction.measures import dates
from reftel.record import Cable

EntryKind = Literal["transaction", "cable", "action request", "reply", "diplomatic"]
TIMELINE_FORMATS = ("table", "json", "png")


class TimelineEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date: str
    """ISO 8601 prefix: 2007, 2007-10 or 2007-10-15."""
    precision: Precision
    date_text: str | None = None
    kind: EntryKind
    what: str
    """A short line: 'offer', 'alerted', 'cable', 'action request'..."""
    summary: str
    parties: list[str] = Field(default_factory=list)
    cable: str
    fact: str | None = None
    sources: list[Source] = Field(default_factory=list)


@dataclass(frozen=True)
class _Kind:
    kind: str
    pattern: re.Pattern[str]


@cache
def _lexicon() -> tuple[int, tuple[_Kind, ...]]:
    path = resources.files("reftel").joinpath("data/cases/diplomatic.json")
    data = json.loads(path.read_text("utf-8"))
    kinds = tuple(
        _Kind(
            entry["kind"],
            re.compile(
                r"\b(?:"
                + "|".join(re.escape(t) for t in sorted(entry["terms"], key=len, reverse=True))
                + r")\b",
                re.IGNORECASE,
            ),
        )
        for entry in data["kinds"]
    )
    return int(data["window"]), kinds


_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"'])|\s+--\s+|^--\s+")


def _sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    at = 0
    for match in _SENTENCE.finditer(text):
        if match.start() > at:
            spans.append((at, match.start()))
        at = match.end()
    if at < len(text):
        spans.append((at, len(text)))
    return spans


def _words_between(text: str, a: int, b: int) -> int:
    lo, hi = sorted((a, b))
    return len(text[lo:hi].split())


def diplomatic_events(cable: Cable, keep: SourceFilter | None = None) -> list[TimelineEntry]:
    """Dated exchanges a cable recounts: one entry per date, every sentence a source, named
    after the strongest kind of exchange said of that date."""
    window, kinds = _lexicon()
    found: dict[str, tuple[int, TimelineEntry]] = {}
    for paragraph in cable.paragraphs:
        for start, end in _sentences(paragraph.text):
            sentence = paragraph.text[start:end]
            source = Source(
                cable=cable.id,
                paragraph=paragraph.index,
                number=paragraph.number,
                marking=paragraph.marking,
                start=start,
                end=end,
                text=sentence,
            )
            if keep is not None and not keep(source):
                continue
            for found_date, when in dates(sentence, cable.created):
                rank = _kind_near(sentence, found_date.start, found_date.end, kinds, window)
                if rank is None:
                    continue
                if when.value in found:
                    best, entry = found[when.value]
                    entry.sources.append(source)
                    if rank < best:
                        entry.what, entry.summary = kinds[rank].kind, sentence.strip(" -")
                        found[when.value] = (rank, entry)
                    continue
                entry = TimelineEntry(
                    date=when.value,
                    precision=when.precision,
                    date_text=when.text,
                    kind="diplomatic",
                    what=kinds[rank].kind,
                    summary=sentence.strip(" -"),
                    cable=cable.id,
                    sources=[source],
                )
                found[when.value] = (rank, entry)
    return [entry for _, entry in found.values()]


def _kind_near(
    sentence: str, start: int, end: int, kinds: tuple[_Kind, ...], window: int
) -> int | None:
    """The first kind (the lexicon lists them strongest first) with a term near the date."""
    for rank, kind in enumerate(kinds):
        for match in kind.pattern.finditer(sentence):
            gap = min(
                _words_between(sentence, match.end(), start),
                _words_between(sentence, match.start(), end),
            )
            if gap <= window:
                return rank
    return None


def _day(cable: Cable) -> str | None:
    return cable.created.date().isoformat() if cable.created else None


def build_timeline(
    case: Case, records: Mapping[str, Cable] | None = None, keep: SourceFilter | None = None
) -> list[TimelineEntry]:
    """Every dated event of the case, oldest first; undated transactions are left out."""
    records = case.records if records is None else records
    keep = case.visible if keep is None else keep
    entries: list[TimelineEntry] = []
    for t in case.transactions:
        if t.date is None:
            continue
        good = case.good(t.item)
        parts = [t.type, f"{case.label(t.seller) or '?'} → {case.label(t.buyer) or '?'}"]
        if good:
            parts.append(
                good.name + (f" ({', '.join(good.designators)})" if good.designators else "")
            )
        if t.quantity:
            parts.append(t.quantity.text)
        if t.value:
            parts.append(t.value.text)
        if t.route:
            parts.append("via " + ", ".join(t.route))
        if t.intermediary:
            parts.append(f"through {case.label(t.intermediary)}")
        if t.modality != "reported":
            parts.append(f"[{t.modality}]")
        entries.append(
            TimelineEntry(
                date=t.date.value,
                precision=t.date.precision,
                date_text=t.date.text,
                kind="transaction",
                what=t.type,
                summary=": ".join(parts[:2]) + (", " + ", ".join(parts[2:]) if parts[2:] else ""),
                parties=[p for p in (t.seller, t.buyer, t.intermediary) if p],
                cable=t.cable,
                fact=t.id,
                sources=t.sources,
            )
        )
    requests = {c.id: c for c in case.cables if c.action_requests}
    for info in case.cables:
        cable = records.get(info.id)
        day = _day(cable) if cable else None
        if day is None:
            continue
        to = ", ".join(info.to[:3]) + ("…" if len(info.to) > 3 else "")
        entries.append(
            TimelineEntry(
                date=day,
                precision="day",
                kind="cable",
                what="cable",
                summary=f"{info.id} {info.sender or info.origin or '?'} → {to or '?'}"
                + (f": {info.subject}" if info.subject else "")
                + f" [{info.classification or 'unmarked'}]",
                cable=info.id,
            )
        )
        for request in info.action_requests:
            entries.append(
                TimelineEntry(
                    date=day,
                    precision="day",
                    kind="action request",
                    what="action request",
                    summary=f"to {request.addressee or '?'}: "
                    + textwrap.shorten(request.request, 160, placeholder="…"),
                    cable=info.id,
                )
            )
        for cited in info.references:
            asked = requests.get(cited)
            if asked is None or asked.created is None:
                continue
            from_addressee = any(
                r.addressee and info.origin and _same_post(r.addressee, info.origin)
                for r in asked.action_requests
            )
            entries.append(
                TimelineEntry(
                    date=day,
                    precision="day",
                    kind="reply",
                    what="reply" if from_addressee else "follow-up",
                    summary=f"{info.id} ({info.origin or '?'}) "
                    + ("answers" if from_addressee else "cites")
                    + f" the action request of {cited}",
                    cable=info.id,
                )
            )
        if cable is not None:
            entries.extend(diplomatic_events(cable, keep))
    order = {"transaction": 0, "diplomatic": 1, "cable": 2, "action request": 3, "reply": 4}
    entries.sort(key=lambda e: (e.date, order[e.kind], e.cable, e.summary))
    return entries


def _same_post(a: str, b: str) -> bool:
    """'Embassy Beijing' and 'AMEMBASSY BEIJING' are one post: compare their last words."""
    words_a, words_b = a.upper().split(), b.upper().split()
    return bool(words_a and words_b and words_a[-1] == words_b[-1])


def shown_date(entry: TimelineEntry) -> str:
    """The date as precise as the text was: '2007-10 (month)'."""
    return f"{entry.date} ({entry.precision})"


def to_json(entries: list[TimelineEntry]) -> str:
    return json.dumps([e.model_dump(mode="json") for e in entries], ensure_ascii=False, indent=1)


_COLOURS = {
    "transaction": "#1f4e99",
    "diplomatic": "#8e44ad",
    "cable": "#566573",
    "action request": "#d35400",
    "reply": "#16a085",
}


def _position(value: str) -> float:
    """A date prefix as a fractional year; a month sits at its middle."""
    parts = [int(p) for p in value.split("-")]
    year = parts[0]
    if len(parts) == 1:
        return year + 0.5
    month = parts[1]
    day = parts[2] if len(parts) > 2 else 15
    return year + (month - 1) / 12 + (day - 1) / 365


def render(entries: list[TimelineEntry], title: str = "", fmt: str = "png") -> bytes:
    """One row per entry, oldest at the top: the entry's text on the left, its place on a time
    axis on the right, a band as wide as the date is vague (a month, a year)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    count = max(1, len(entries))
    fig, (left, right) = plt.subplots(
        1,
        2,
        figsize=(18, 1.6 + 0.42 * count),
        dpi=110,
        sharey=True,
        gridspec_kw={"width_ratios": [3.6, 1.3], "wspace": 0.02},
    )
    xs = [_position(e.date) for e in entries] or [2000.0]
    lo, hi = min(xs), max(xs)
    margin = max((hi - lo) * 0.06, 1 / 12)
    right.set_xlim(lo - margin, hi + margin)
    left.set_xlim(0, 1)
    left.set_ylim(count - 0.5, -0.7)
    for row, (entry, x) in enumerate(zip(entries, xs, strict=True)):
        colour = _COLOURS[entry.kind]
        width = {"year": 1.0, "month": 1 / 12, "day": 0.0}[entry.precision]
        if width:
            start = int(x) if entry.precision == "year" else x - width / 2
            right.plot([start, start + width], [row, row], color=colour, lw=7, alpha=0.3)
        right.plot([x], [row], marker="o", color=colour, markersize=6)
        right.axhline(row, color="#eaeded", lw=0.6, zorder=0)
        cited = ", ".join(dict.fromkeys(source_label(s) for s in entry.sources[:2]))
        said = entry.summary if entry.kind == "transaction" else f"{entry.what}: {entry.summary}"
        room = 128 - len(cited)
        text = textwrap.shorten(said, room, placeholder="…") + (f"  [{cited}]" if cited else "")
        left.text(
            0.0, row, shown_date(entry), va="center", fontsize=8.5, family="monospace", color=colour
        )
        left.text(0.13, row, text, va="center", fontsize=8.5, color=colour)
    left.set_axis_off()
    fig.subplots_adjust(left=0.01, right=0.99)
    first, last = int(lo - margin), int(hi + margin) + 1
    years = range(first, last + 1)
    right.set_xticks([float(y) for y in years], [str(y) for y in years])
    if hi - lo < 6:
        step = 1 if hi - lo <= 1 else 3 if hi - lo <= 3 else 12
        months = [(y, m) for y in years for m in range(0, 12, step)]
        right.set_xticks(
            [y + m / 12 for y, m in months],
            ["" if m == 0 else calendar.month_abbr[m + 1] for _, m in months],
            minor=True,
        )
        right.tick_params(axis="x", which="minor", labelsize=7, labelcolor="#566573")
    right.grid(axis="x", which="major", color="#aab7b8", lw=0.8)
    right.grid(axis="x", which="minor", color="#f2f3f4", lw=0.5)
    right.set_xlim(lo - margin, hi + margin)
    right.tick_params(axis="y", left=False, labelleft=False)
    for side in ("left", "right", "top"):
        right.spines[side].set_visible(False)
    present = list(dict.fromkeys(e.kind for e in entries))
    handles = [Line2D([0], [0], marker="o", color=_COLOURS[k], lw=0, label=k) for k in present]
    handles.append(
        Line2D([0], [0], color="#7f8c8d", lw=7, alpha=0.3, label="date known to the month / year")
    )
    fig.legend(
        handles=handles,
        loc="lower center",
        ncol=len(handles),
        frameon=False,
        fontsize=9,
        bbox_to_anchor=(0.5, -0.02),
    )
    if title:
        fig.suptitle(title, fontsize=13, fontweight="bold", x=0.01, ha="left")
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def rows(entries: list[TimelineEntry]) -> list[dict[str, Any]]:
    """Table rows for a terminal: date with precision, kind, summary and sources."""
    return [
        {
            "date": shown_date(e),
            "kind": e.what,
            "summary": e.summary,
            "sources": ", ".join(dict.fromkeys(source_label(s) for s in e.sources)) or e.cable,
        }
        for e in entries
    ]
