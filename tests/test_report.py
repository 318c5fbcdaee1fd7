"""The dossier (`reftel report`) as Markdown, HTML and PDF, on SQLite and PostgreSQL: every
section present and marked, the banner at the top and bottom of every page, pictures embedded,
and nothing a reader may not see in the one made for them.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

import pypdf
import pypdfium2

from reftel.cases.markings import parse_marking

from .shared import SEED, need
from .test_draft import DRAFTING, cli

SECTIONS = (
    "Summary",
    "Network",
    "Timeline",
    "Transactions",
    "Designations and ties",
    "Goods verdicts and red flags",
    "Reference chains",
    "Action requests",
    "Draft talking points",
)
PORTION = r"\((?:U|C|S|TS)(?://[^)]+)?\)"
KARUN = "Karun Propulsion Industries"


def pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in pypdf.PdfReader(path).pages]


def page_edges(path: Path) -> list[tuple[set[str], set[str]]]:
    """Per page, the strings printed highest and lowest on it: where a banner must be."""
    edges = []
    for page in pypdf.PdfReader(path).pages:
        placed: list[tuple[float, str]] = []

        def visit(
            text: str, cm: Any, tm: Any, font: Any, size: Any, into: list[Any] = placed
        ) -> None:
            if text.strip():
                into.append((cm[5] + tm[5] * cm[3], text.strip()))

        page.extract_text(visitor_text=visit)
        top, bottom = max(y for y, _ in placed), min(y for y, _ in placed)
        edges.append(({s for y, s in placed if y == top}, {s for y, s in placed if y == bottom}))
    return edges


def test_seed_dossier_in_every_format(db_url: str, tmp_path: Path) -> None:
    cli("ingest", str(need(SEED)), "--db", db_url)
    md = cli("report", "STBPI", "--format", "md", "--db", db_url)
    lines = md.strip().splitlines()
    assert lines[0] == lines[-1] == "**SECRET**"
    for section in SECTIONS:
        assert re.search(rf"^## {PORTION} {section}$", md, re.M), section
    assert re.search(r"^## \(S\) Transactions$", md, re.M)
    assert "| (S) | 2007-06 (month) | offer |" in md
    assert "08STATE39690 ¶3 (S)" in md
    assert "| (U) | 2008-04-15 | 08STATE39690 ¶6 | Embassy Beijing |" in md, "open action"
    assert "open |" in md or "| open" in md
    assert "Shahid Hemmat Industrial Group (SHIG) is designated under" in md
    assert "![" in md and "data:image/png;base64," in md

    html_file = tmp_path / "seed.html"
    cli("report", "STBPI", "--format", "html", "-o", str(html_file), "--db", db_url)
    html = html_file.read_text("utf-8")
    assert html.count('class="banner') == 2 and ">SECRET</div>" in html
    assert "http://" not in html and "https://" not in html, "self-contained"
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', html)
    assert len(images) == 2, "network and timeline pictures embedded"
    assert all(base64.b64decode(i).startswith(b"\x89PNG") for i in images)
    for section in SECTIONS:
        assert f"{section}</h2>" in html

    pdf_file = tmp_path / "seed.pdf"
    cli("report", "STBPI", "--format", "pdf", "-o", str(pdf_file), "--db", db_url)
    assert pdf_file.read_bytes().startswith(b"%PDF")
    pages = pdf_pages(pdf_file)
    assert len(pages) >= 3
    for top, bottom in page_edges(pdf_file):
        assert top == {"SECRET"} and "SECRET" in bottom, (top, bottom)
    whole = "\n".join(pages)
    for section in SECTIONS:
        assert re.search(rf"{PORTION} {section}", whole), section
    assert "Ecxir Trading Company" in whole and "Doostan International" in whole
    reader = pypdf.PdfReader(pdf_file)
    assert sum(len(page.images) for page in reader.pages) >= 1, "the network picture"
    # Every page renders with ink on it, and the wide network picture gets a landscape page.
    document = pypdfium2.PdfDocument(pdf_file)
    sizes = []
    for index in range(len(document)):
        bitmap = document[index].render(scale=1).to_pil().convert("L")
        assert sum(bitmap.histogram()[:200]) > 5000, f"page {index + 1} is nearly blank"
        sizes.append(bitmap.size)
    document.close()
    assert any(width > height for width, height in sizes)


def test_dossier_markings_roll_up_and_a_reader_sees_only_their_part(
    db_url: str, tmp_path: Path
) -> None:
    cli("ingest", str(DRAFTING), "--db", db_url)
    md = cli("report", KARUN, "--format", "md", "--db", db_url)
    assert md.startswith("**SECRET//NOFORN**")
    assert re.search(r"^## \(S//NF\) Draft talking points$", md, re.M)
    assert re.search(r"^## \(U\) Action requests$", md, re.M)
    assert "answered: 11LONDON770202 (cites the request)" in md
    assert "| 11LONDON770202 | 11STATE770201 [stored] | none | none |" in md
    assert "Marlin Precision Company" in md

    cli("users", "add", "cora", "--clearance", "C", "--db", db_url)
    pdf_file = tmp_path / "cora.pdf"
    cli("report", KARUN, "--format", "pdf", "-o", str(pdf_file), "--as", "cora", "--db", db_url)
    pages = pdf_pages(pdf_file)
    whole = "\n".join(pages)
    edges = page_edges(pdf_file)
    (banner,) = edges[0][0]
    assert banner.startswith("CONFIDENTIAL")
    assert all(top == {banner} and banner in bottom for top, bottom in edges)
    for withheld in ("Marlin", "KPI", "UNSCR", "designated under"):
        assert withheld not in whole, withheld
    portions = re.findall(PORTION, whole)
    assert portions and not any(p.startswith("(S") for p in portions)
    assert all(parse_marking(p).level != "SECRET" for p in portions)
    assert "Written for cora (CONFIDENTIAL)" in whole

    html = cli("report", KARUN, "--format", "html", "--as", "cora", "--db", db_url)
    assert "Marlin" not in html and "(S//" not in html


def test_report_errors_are_clear(db_url: str, tmp_path: Path) -> None:
    cli("ingest", str(DRAFTING), "--db", db_url)
    assert "unknown format" in cli("report", KARUN, "--format", "docx", "--db", db_url, code=2)
    missing = tmp_path / "no" / "such" / "dir" / "x.pdf"
    message = cli("report", KARUN, "--format", "pdf", "-o", str(missing), "--db", db_url, code=2)
    assert "cannot write" in message and "x.pdf" in message
    assert "no stored entity" in cli("report", "Nobody Such", "--db", db_url, code=2)
