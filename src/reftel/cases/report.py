"""The dossier: everything known about a case in one document, every part marked.

Sections: summary, network picture, timeline, transactions, designations, goods verdicts and
red flags, reference chains, action requests, and the draft talking points. Every row that
states facts carries the portion marking of its sources (`draft.sources_marking`); a section's
marking combines its rows', and the banner, at the top and bottom of every page, combines the
sections'. Cable ids, dates, posts and reference letters are routing data and read as
UNCLASSIFIED; a cable's subject line carries its own portion marking.

Formats: Markdown and HTML (self-contained: pictures embedded as data URIs, HTML with a banner
repeated on every printed page) and PDF (reportlab, with DejaVu Sans from matplotlib so every
character prints).
"""

from __future__ import annotations

import base64
import html
import io
import struct
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reftel.access.portions import subject_marking
from reftel.access.principal import Principal
from reftel.cases.actions import ActionItem, actions
from reftel.cases.case import Case
from reftel.cases.draft import PUBLIC, Draft, cited, sections, sources_marking
from reftel.cases.markings import Marking, banner, combine, portion, source_marking
from reftel.cases.network import build_graph, render, source_label
from reftel.cases.refs import chain
from reftel.cases.timeline import TimelineEntry, build_timeline, shown_date
from reftel.cases.timeline import render as render_timeline
from reftel.extraction.facts import Source
from reftel.store.repository import Store

REPORT_FORMATS = ("md", "html", "pdf")


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]]
    widths: list[float]
    """Relative column widths, for PDF."""


@dataclass
class Figure:
    png: bytes
    caption: str
    printed: bool = True
    """False for a picture too wide to read at a page's width: PDF leaves it to the tables."""

    def png_aspect(self) -> float:
        """Width over height, read from the PNG header."""
        width, height = struct.unpack(">II", self.png[16:24])
        return float(width) / float(height or 1)


WIDE_PICTURE = 1.6
"""A printed picture wider than this (width / height) gets a landscape page of its own."""


Block = str | Table | Figure


@dataclass
class Section:
    title: str
    marking: Marking
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Dossier:
    title: str
    banner: str
    header: list[str]
    sections: list[Section]


def _public() -> Marking:
    return source_marking(PUBLIC, None)


def _mark(sources: Iterable[Source], case: Case) -> Marking:
    return sources_marking(sources, case.records) or _public()


def _roll(marks: Iterable[Marking]) -> Marking:
    found = list(marks)
    return combine(found) if found else _public()


def _sources(sources: Iterable[Source]) -> str:
    return ", ".join(dict.fromkeys(source_label(s) for s in sources))


def _span(case: Case) -> str:
    dated = sorted(t.date.value for t in case.transactions if t.date)
    if not dated:
        return "undated"
    return dated[0] if dated[0] == dated[-1] else f"{dated[0]} to {dated[-1]}"


def build_dossier(case: Case, draft: Draft, store: Store, user: Principal | None = None) -> Dossier:
    """Assemble the dossier; `case` must already be `for_reader(case, store, user)`."""
    items = [i for i in actions(store, user=user) if i.cable_id in {c.id for c in case.cables}]
    built = [
        _summary(case, items),
        _network(case),
        _timeline(case),
        _transactions(case),
        _designations(case),
        _goods(case),
        _references(case, store, user),
        _actions(case, items),
        _draft(draft),
    ]
    header = [
        f"Seeds: {', '.join(case.seeds)}; {case.hops} hops",
        f"Generated {datetime.now(UTC).strftime('%Y-%m-%d %H:%M')} UTC by Reftel",
        "Each section and row carries the portion marking of its sources.",
    ]
    if user is not None:
        header.append(
            f"Written for {user.name} ({user.clearance}): what they may not read is left out."
        )
    if case.excluded_sources or case.excluded_facts:
        header.append("Excluded: " + ", ".join([*case.excluded_sources, *case.excluded_facts]))
    return Dossier(
        title=f"Case file: {case.title}",
        banner=banner(_roll(s.marking for s in built)),
        header=header,
        sections=built,
    )


def _summary(case: Case, items: Sequence[ActionItem]) -> Section:
    sources = [s for t in case.transactions for s in t.sources]
    sources += [s for r in case.relations for s in r.sources]
    designated = [
        f"{e.name} ({'; '.join(dict.fromkeys(d.authority for d in e.designations))})"
        for e in case.entities
        if e.designated and not e.terminal
    ]
    tied = [e.name for e in case.entities if e.affiliations and not e.designated]
    flagged = [g.name for g in case.goods if g.flagged]
    open_items = sum(1 for i in items if i.status == "open")
    lines = [
        f"The case grown from {', '.join(case.seeds)} holds {len(case.entities)} parties, "
        f"{len(case.transactions)} transactions and {len(case.relations)} relations, "
        f"read from {len(case.cables)} cable(s); its transactions run {_span(case)}.",
        "Designated: " + ("; ".join(designated) or "none found") + ".",
        "Tied to designated parties: " + (", ".join(tied) or "none") + ".",
        "Goods flagged: " + (", ".join(flagged) or "none") + ".",
        f"Action requests: {len(items)}, of which {open_items} open.",
    ]
    cables = Table(
        ["cable", "date", "classification", "origin"],
        [
            [
                c.id,
                c.created.date().isoformat() if c.created else "",
                " // ".join([c.classification or "unmarked", *c.caveats]),
                c.origin or "",
            ]
            for c in case.cables
        ],
        [1.4, 1.0, 1.6, 1.6],
    )
    return Section("Summary", _mark(sources, case), [*lines, cables])


def _network(case: Case) -> Section:
    graph = build_graph(case)
    sources = [s for t in case.transactions for s in t.sources]
    sources += [s for r in case.relations for s in r.sources]
    mark = _mark(sources, case)
    if graph.number_of_nodes() == 0:
        return Section("Network", mark, ["No parties."])
    picture = render(graph, "png", f"{portion(mark)} {case.title}: network")
    return Section(
        "Network",
        mark,
        [
            f"{graph.number_of_nodes()} parties, {graph.number_of_edges()} typed edges; "
            "designated parties and flagged goods in red.",
            Figure(picture, "Parties and their ties."),
        ],
    )


def _entry_marking(entry: TimelineEntry, case: Case) -> Marking:
    """An entry's sources' marking; without sources, what it shows: the subject line of a
    cable, the paragraph of an action request, or routing data only."""
    if entry.sources:
        return _mark(entry.sources, case)
    cable = case.records.get(entry.cable)
    if cable is None:
        return _public()
    cable_mark = source_marking(None, cable.classification, cable.caveats)
    if entry.kind == "cable" and cable.subject:
        return subject_marking(cable.subject, cable_mark)
    if entry.kind == "action request":
        for request in cable.action_requests:
            paragraph = cable.paragraph(request.paragraph) if request.paragraph else None
            if paragraph is not None and (request.addressee or "?") in entry.summary:
                return source_marking(paragraph.marking, cable.classification, cable.caveats)
        return cable_mark
    return _public()


def _timeline(case: Case) -> Section:
    entries = build_timeline(case)
    marks = [_entry_marking(e, case) for e in entries]
    blocks: list[Block] = []
    if entries:
        blocks.append(
            Figure(
                render_timeline(entries, f"{case.title}: timeline"),
                "Dated events in order; the table below lists each with its sources.",
                printed=False,
            )
        )
    blocks.append(
        Table(
            ["", "date", "kind", "what happened", "sources"],
            [
                [portion(m), shown_date(e), e.what, e.summary, _sources(e.sources) or e.cable]
                for e, m in zip(entries, marks, strict=True)
            ],
            [1.0, 1.2, 1.0, 4.4, 1.7],
        )
    )
    return Section("Timeline", _roll(marks), blocks)


def _transactions(case: Case) -> Section:
    rows, marks = [], []
    for t in case.transactions:
        mark = _mark(t.sources, case)
        marks.append(mark)
        good = case.good(t.item)
        item = good.name if good else ""
        if good and good.designators:
            item += f" ({', '.join(good.designators)})"
        amount = ", ".join(x.text for x in (t.quantity, t.value) if x)
        rows.append(
            [
                portion(mark),
                f"{t.date.value} ({t.date.precision})" if t.date else "undated",
                t.type + ("" if t.modality == "reported" else f" [{t.modality}]"),
                f"{case.label(t.seller) or '?'} → {case.label(t.buyer) or '?'}"
                + (f" through {case.label(t.intermediary)}" if t.intermediary else ""),
                item,
                amount + (f" via {', '.join(t.route)}" if t.route else ""),
                _sources(t.sources),
            ]
        )
    table = Table(
        ["", "date", "type", "from → to", "item", "amount", "sources"],
        rows,
        [1.0, 1.1, 0.9, 2.2, 1.6, 1.2, 1.6],
    )
    return Section("Transactions", _roll(marks), [table] if rows else ["No transactions."])


def _designations(case: Case) -> Section:
    rows, marks = [], []
    for entity in case.entities:
        for d in entity.designations:
            mark = _mark(d.sources, case) if d.basis == "cable" else _public()
            marks.append(mark)
            where = (
                _sources(d.sources)
                if d.basis == "cable"
                else " ".join(x for x in (d.list_name, d.entry, d.listed_on) if x)
            )
            rows.append([portion(mark), entity.name, d.authority, d.basis, where])
        for tie in entity.affiliations:
            ties = [
                r
                for r in case.relations
                if r.subject == entity.id and tie.startswith(r.type.replace("_", " "))
            ]
            mark = _mark([s for r in ties for s in r.sources], case)
            marks.append(mark)
            rows.append(
                [
                    portion(mark),
                    entity.name,
                    tie,
                    "tie",
                    _sources(s for r in ties for s in r.sources),
                ]
            )
    table = Table(
        ["", "party", "designated under / tied to", "basis", "sources"],
        rows,
        [1.0, 2.0, 2.6, 0.6, 2.2],
    )
    return Section("Designations and ties", _roll(marks), [table] if rows else ["No designations."])


def _goods(case: Case) -> Section:
    rows, marks = [], []
    for good in case.goods:
        sources = [s for t in case.transactions if t.item == good.id for s in t.sources]
        mark = _mark(sources, case)
        marks.append(mark)
        verdicts = "; ".join(
            f"{v.verdict} ({v.basis})" + (f": {', '.join(v.entries)}" if v.entries else "")
            for v in good.verdicts
        )
        flags = "; ".join(f for v in good.verdicts for f in v.flags)
        name = good.name + (f" ({', '.join(good.designators)})" if good.designators else "")
        rows.append([portion(mark), name, good.origin or "", verdicts, flags])
    table = Table(["", "good", "origin", "verdicts", "red flags"], rows, [1.0, 1.6, 0.6, 2.8, 2.6])
    return Section("Goods verdicts and red flags", _roll(marks), [table] if rows else ["No goods."])


def _references(case: Case, store: Store, user: Principal | None) -> Section:
    rows = []
    for info in case.cables:
        try:
            tree = chain(store, info.id, depth=1, direction="both", user=user)
        except LookupError:
            continue
        cites = [
            (f"{n.letter}: " if n.letter else "") + f"{n.id or n.raw or '?'} [{n.status}]"
            for n in tree.children
            if n.direction == "out"
        ]
        cited_by = [n.id or "?" for n in tree.children if n.direction == "in"]
        loose = [
            f"{m.text} (¶{m.number if m.number is not None else m.paragraph})"
            for m in tree.unresolved
        ]
        rows.append(
            [
                info.id,
                "; ".join(cites) or "none",
                ", ".join(cited_by) or "none",
                "; ".join(loose) or "none",
            ]
        )
    table = Table(
        ["cable", "cites (letter: cable [status])", "cited by", "in-text references unresolved"],
        rows,
        [1.4, 3.0, 1.6, 2.4],
    )
    return Section(
        "Reference chains",
        _public(),
        ["Cable ids and reference letters only (routing data).", table],
    )


def _actions(case: Case, items: Sequence[ActionItem]) -> Section:
    rows, marks = [], []
    for item in items:
        cable = case.records.get(item.cable_id)
        paragraph = cable.paragraph(item.paragraph) if cable and item.paragraph else None
        mark = (
            source_marking(paragraph.marking, cable.classification, cable.caveats)
            if cable and paragraph
            else _public()
        )
        marks.append(mark)
        response = item.response
        rows.append(
            [
                portion(mark),
                item.since.date().isoformat() if item.since else "",
                f"{item.cable_id} ¶{item.paragraph}" if item.paragraph else item.cable_id,
                item.post,
                textwrap.shorten(item.request, 220, placeholder="…"),
                item.status
                + (f": {response.cable_id} ({response.how})" if response is not None else ""),
            ]
        )
    table = Table(
        ["", "since", "request", "post", "asked", "status"], rows, [1.0, 1.0, 1.5, 1.4, 3.3, 1.6]
    )
    return Section("Action requests", _roll(marks), [table] if rows else ["No action requests."])


def _draft(draft: Draft) -> Section:
    blocks: list[Block] = []
    marks: list[Marking] = []
    for title, points in sections(draft):
        blocks.append(f"**{title}**")
        blocks.append(
            Table(
                ["", "point", "sources"],
                [[p.marking, p.text, cited(p)] for p in points],
                [0.9, 5.2, 1.9],
            )
        )
    if draft.withheld_points:
        blocks.append(f"{draft.withheld_points} point(s) withheld above the reader's access.")
    marks = [_parsed(p.classification) for p in draft.points]
    return Section("Draft talking points", _roll(marks), blocks or ["No points."])


def _parsed(written: str) -> Marking:
    return source_marking(written, None)


# --- writing -------------------------------------------------------------------------------


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


def to_markdown(dossier: Dossier) -> str:
    lines = [f"**{dossier.banner}**", "", f"# {dossier.title}", ""]
    lines += [f"- {h}" for h in dossier.header]
    for section in dossier.sections:
        lines += ["", f"## {portion(section.marking)} {section.title}", ""]
        for block in section.blocks:
            if isinstance(block, Figure):
                lines += [f"![{block.caption}]({_data_uri(block.png)})", "", f"*{block.caption}*"]
            elif isinstance(block, Table):
                lines.append("| " + " | ".join(c or "marking" for c in block.columns) + " |")
                lines.append("|" + "---|" * len(block.columns))
                for row in block.rows:
                    cells = (c.replace("|", "\\|").replace("\n", " ") for c in row)
                    lines.append("| " + " | ".join(cells) + " |")
            else:
                lines.append(block)
            lines.append("")
    lines += ["", f"**{dossier.banner}**"]
    return "\n".join(lines) + "\n"


_CSS = """
body { font-family: 'DejaVu Sans', Helvetica, Arial, sans-serif; font-size: 10pt;
       margin: 3em 2em; color: #1b2631; }
.banner { position: fixed; left: 0; right: 0; text-align: center; font-weight: bold;
          background: #fff; padding: 0.3em; letter-spacing: 0.05em; z-index: 10; }
.banner.top { top: 0; border-bottom: 2px solid #922b21; }
.banner.bottom { bottom: 0; border-top: 2px solid #922b21; }
h1 { font-size: 16pt; } h2 { font-size: 13pt; border-bottom: 1px solid #aab7b8; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0; }
th, td { border: 1px solid #aab7b8; padding: 3px 5px; vertical-align: top; text-align: left; }
th { background: #eaf2f8; }
td.mark { font-weight: bold; white-space: nowrap; }
img { max-width: 100%; }
figcaption { font-style: italic; font-size: 9pt; }
@page { margin: 2cm 1.5cm; }
"""


def to_html(dossier: Dossier) -> str:
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{esc(dossier.banner)} {esc(dossier.title)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f'<div class="banner top">{esc(dossier.banner)}</div>',
        f"<h1>{esc(dossier.title)}</h1><ul>",
        *(f"<li>{esc(h)}</li>" for h in dossier.header),
        "</ul>",
    ]
    for section in dossier.sections:
        parts.append(f"<section><h2>{esc(portion(section.marking))} {esc(section.title)}</h2>")
        for block in section.blocks:
            if isinstance(block, Figure):
                parts.append(
                    f'<figure><img src="{_data_uri(block.png)}" alt="{esc(block.caption)}">'
                    f"<figcaption>{esc(block.caption)}</figcaption></figure>"
                )
            elif isinstance(block, Table):
                parts.append("<table><tr>")
                parts += [f"<th>{esc(c or 'marking')}</th>" for c in block.columns]
                parts.append("</tr>")
                for row in block.rows:
                    cells = [
                        f'<td class="mark">{esc(c)}</td>'
                        if i == 0 and not block.columns[0]
                        else f"<td>{esc(c)}</td>"
                        for i, c in enumerate(row)
                    ]
                    parts.append("<tr>" + "".join(cells) + "</tr>")
                parts.append("</table>")
            elif block.startswith("**") and block.endswith("**"):
                parts.append(f"<h3>{esc(block.strip('*'))}</h3>")
            else:
                parts.append(f"<p>{esc(block)}</p>")
        parts.append("</section>")
    parts += [f'<div class="banner bottom">{esc(dossier.banner)}</div>', "</body></html>"]
    return "\n".join(parts) + "\n"


def _fonts() -> tuple[str, str]:
    """DejaVu Sans from matplotlib's data: it has the arrows, pilcrows and accents the
    dossier prints, which the PDF base fonts lack."""
    import matplotlib
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    for name, file in (
        ("DejaVuSans", "DejaVuSans.ttf"),
        ("DejaVuSans-Bold", "DejaVuSans-Bold.ttf"),
    ):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    return "DejaVuSans", "DejaVuSans-Bold"


def to_pdf(dossier: Dossier) -> bytes:
    """A4 pages, portrait, with a landscape page for a wide picture (the network) so its
    labels stay legible; the banner at the top and bottom of every page, with the page
    number."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        Image,
        KeepTogether,
        NextPageTemplate,
        PageBreak,
        PageTemplate,
        Paragraph,
        Spacer,
        TableStyle,
    )
    from reportlab.platypus import Table as PdfTable

    regular, bold = _fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=9, leading=11.5)
    cell = ParagraphStyle("cell", parent=body, fontSize=7.5, leading=9.2)
    head = ParagraphStyle("head", parent=cell, fontName=bold)
    h1 = ParagraphStyle("h1", parent=body, fontName=bold, fontSize=15, leading=19, spaceAfter=6)
    h2 = ParagraphStyle(
        "h2", parent=body, fontName=bold, fontSize=12, leading=15, spaceBefore=10, spaceAfter=4
    )
    h3 = ParagraphStyle("h3", parent=body, fontName=bold, spaceBefore=4, spaceAfter=2)
    esc = html.escape
    margin, band = 1.5 * cm, 2.0 * cm
    wide = landscape(A4)

    def frame(size: tuple[float, float], name: str) -> Frame:
        return Frame(margin, band, size[0] - 2 * margin, size[1] - 2 * band, id=name)

    def page(canvas: Any, document: Any) -> None:
        page_width, page_height = document.pageTemplate.pagesize
        canvas.saveState()
        canvas.setFont(bold, 11)
        canvas.setFillColor(colors.HexColor("#922b21"))
        canvas.drawCentredString(page_width / 2, page_height - 1.1 * cm, dossier.banner)
        canvas.drawCentredString(page_width / 2, 0.9 * cm, dossier.banner)
        canvas.setFont(regular, 7.5)
        canvas.setFillColor(colors.HexColor("#566573"))
        canvas.drawRightString(page_width - margin, 0.9 * cm, f"page {document.page}")
        canvas.drawString(margin, 0.9 * cm, textwrap.shorten(dossier.title, 40, placeholder="…"))
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer, pagesize=A4, title=f"{dossier.banner} {dossier.title}", author="Reftel"
    )
    doc.addPageTemplates(
        [
            PageTemplate("portrait", [frame(A4, "tall")], onPage=page, pagesize=A4),
            PageTemplate("landscape", [frame(wide, "wide")], onPage=page, pagesize=wide),
        ]
    )
    width = A4[0] - 2 * margin

    def picture(figure: Figure, box: tuple[float, float]) -> Image:
        image = Image(io.BytesIO(figure.png))
        scale = min(box[0] / image.imageWidth, box[1] / image.imageHeight, 1.0)
        image.drawWidth = image.imageWidth * scale
        image.drawHeight = image.imageHeight * scale
        return image

    def table(block: Table) -> PdfTable:
        total = sum(block.widths)
        data = [[Paragraph(esc(c or "marking"), head) for c in block.columns]]
        data += [[Paragraph(esc(c), cell) for c in row] for row in block.rows]
        made = PdfTable(data, colWidths=[width * w / total for w in block.widths], repeatRows=1)
        made.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#aab7b8")),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eaf2f8")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        return made

    story: list[Any] = [Paragraph(esc(dossier.title), h1)]
    story += [Paragraph("• " + esc(h), body) for h in dossier.header]
    for section in dossier.sections:
        title: Paragraph | None = Paragraph(
            f"{esc(portion(section.marking))} {esc(section.title)}", h2
        )
        for block in section.blocks:
            flowable: Any
            if isinstance(block, Figure) and not block.printed:
                continue
            if isinstance(block, Figure) and block.png_aspect() > WIDE_PICTURE:
                box = (wide[0] - 2 * margin, wide[1] - 2 * band - 1.5 * cm)
                story += [NextPageTemplate("landscape"), PageBreak()]
                story += [x for x in (title, picture(block, box)) if x is not None]
                story += [NextPageTemplate("portrait"), PageBreak()]
                title = None
                continue
            if isinstance(block, Figure):
                flowable = picture(block, (width, 15 * cm))
            elif isinstance(block, Table):
                flowable = table(block)
            elif block.startswith("**") and block.endswith("**"):
                flowable = Paragraph(esc(block.strip("*")), h3)
            else:
                flowable = Paragraph(esc(block), body)
            story.append(KeepTogether([title, flowable]) if title is not None else flowable)
            title = None
            story.append(Spacer(1, 4))
    doc.build(story)
    return buffer.getvalue()


def write_report(dossier: Dossier, fmt: str) -> bytes:
    if fmt == "md":
        return to_markdown(dossier).encode()
    if fmt == "html":
        return to_html(dossier).encode()
    if fmt == "pdf":
        return to_pdf(dossier)
    raise ValueError(f"format {fmt!r}: choose one of {', '.join(REPORT_FORMATS)}")
