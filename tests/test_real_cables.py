"""The 410 real cables in ../shared/data/cables: every one read, metadata honoured."""

from __future__ import annotations

import html
import re
from collections import Counter
from datetime import datetime

import pytest

from reftel.reading import ReadError, read_paths
from reftel.record import Cable

from .shared import REAL_CABLES, need


@pytest.fixture(scope="module")
def cables() -> dict[str, Cable]:
    results = list(read_paths([str(need(REAL_CABLES))]))
    errors = [str(r) for r in results if isinstance(r, ReadError)]
    assert errors == []
    parsed = [r for r in results if isinstance(r, Cable)]
    assert len(parsed) == 410
    assert parsed[0].source is not None
    return {str(c.source.path).rsplit("/", 1)[-1] if c.source else c.id: c for c in parsed}


def _table(page: str) -> dict[str, str]:
    """The metadata table, read here with plain regular expressions, independently of lxml."""
    table = re.search(r"<table class='cable'>(.*?)</table>", page, re.S)
    assert table is not None
    heads = [h.strip() for h in re.findall(r"<th>(.*?)</th>", table.group(1), re.S)]
    cells = [
        " ".join(html.unescape(re.sub(r"<[^>]+>", "", c)).split())
        for c in re.findall(r"<td>(.*?)</td>", table.group(1), re.S)
    ]
    return dict(zip(heads, cells, strict=True))


def test_every_page_agrees_with_its_metadata_table(cables: dict[str, Cable]) -> None:
    pages = sorted(p for p in need(REAL_CABLES).glob("*.html"))
    assert len(pages) == 398
    for page in pages:
        meta = _table(page.read_text("utf-8"))
        cable = cables[page.name]
        assert cable.id == meta["Reference ID"], page.name
        assert cable.created == datetime.strptime(meta["Created"], "%Y-%m-%d %H:%M").replace(
            tzinfo=cable.created.tzinfo if cable.created else None
        ), page.name
        level, _, caveat = meta["Classification"].partition("//")
        assert cable.classification == level, page.name
        if caveat:
            assert caveat in cable.caveats, page.name
        assert cable.origin == meta["Origin"], page.name


def test_the_body_agrees_with_the_metadata(cables: dict[str, Cable]) -> None:
    """The classification line and the serial, read from the text, match the archive's fields."""
    serial_ids = Counter()
    for cable in cables.values():
        if cable.serial and cable.created:
            post, number = cable.serial.rsplit(" ", 1)
            derived = f"{cable.created.year % 100:02d}{post.replace(' ', '')}{int(number)}"
            serial_ids[derived.replace("SECSTATE", "STATE") == cable.id] += 1
    assert serial_ids[True] >= 395, serial_ids


def test_fields_a_reader_can_see_are_found(cables: dict[str, Cable]) -> None:
    found = Counter()
    for cable in cables.values():
        found["subject"] += cable.subject is not None
        found["tags"] += bool(cable.tags)
        found["markings"] += any(p.marking for p in cable.paragraphs)
        found["paragraphs"] += len(cable.paragraphs) > 1
        found["dtg"] += cable.dtg is not None
    assert found["subject"] >= 375
    assert found["tags"] >= 375
    assert found["markings"] >= 375
    assert found["paragraphs"] >= 385
    assert found["dtg"] >= 380


def test_redactions_are_never_names(cables: dict[str, Cable]) -> None:
    redacted = [c for c in cables.values() if c.redactions]
    assert redacted
    for cable in redacted:
        for redaction in cable.redactions:
            assert re.fullmatch(r"[xX]{4,}", cable.body[redaction.start : redaction.end])
        assert all("xxxx" not in (a.name.lower()) for a in cable.to + cable.info)
        assert not (cable.signer or "").lower().startswith("xxxx")


def test_csv_rows_take_their_references_from_the_archive(cables: dict[str, Cable]) -> None:
    tehran = cables["72TEHRAN1164.csv"]
    assert tehran.id == "72TEHRAN1164"
    assert tehran.classification == "UNCLASSIFIED"
    assert tehran.precedence == "ROUTINE"
    assert tehran.dtg == "250930Z FEB 72"
    assert [r.id for r in tehran.references] == ["72TEHRAN1091", "72TEHRAN263", "72MOSCOW1603"]
    assert tehran.tags == ["MASS", "MARR", "IR"]
    assert tehran.subject == "ACCELERATION OF F-4ES FOR IRAN"
    assert tehran.to[0].name == "SECSTATE WASHDC" and tehran.to[0].serial == "7561"


def test_latin1_text_with_crlf(cables: dict[str, Cable]) -> None:
    delhi = cables["06NEWDELHI5135.txt"]
    assert delhi.id == "06NEWDELHI5135"
    assert delhi.classification == "CONFIDENTIAL"
    assert delhi.serial == "NEW DELHI 005135"
    assert delhi.origin == "Embassy New Delhi"
    assert delhi.tags == ["PREL", "PGOV", "PTER", "PINR", "IN"]
    assert delhi.paragraphs[0].number == 1 and delhi.paragraphs[0].marking == "C"
    assert "\r" not in delhi.body
    assert delhi.to[0].routing == "RUEHC" and delhi.to[0].precedence == "IMMEDIATE"


def test_a_page_header_run_into_the_text_keeps_the_text(cables: dict[str, Cable]) -> None:
    """A later section repeats the heading and its page header runs on into the text: the
    heading goes, the text after the page header stays, and the subject goes on over the
    first page break."""
    harare = cables["00HARARE6677.html"]
    assert harare.subject == "ASSISTANT SECRETARY MEETS WITH ZIMBABWE OPPOSITION LEADER"
    eight = next(p for p in harare.paragraphs if p.number == 8)
    assert "AFTER INITIALLY SHOWING AMBIVALENCE TOWARD ZIMBABWE" in eight.text
    assert "ZAMBIAN PRESIDENT CHILUBA" in eight.text
    nine = next(p for p in harare.paragraphs if p.number == 9)
    assert "HE TOLD THE" in nine.text and "BRITISH TO REFRAIN" in nine.text
    for heading in ("SECTION 03 OF 03", "TAGS", "GAYLE SMITH", "PAGE 0", "LOG-00"):
        assert heading not in nine.text and heading not in eight.text
    # '... 291401Z 11. (C) COMMENT:': a paragraph number right after a page header opens one.
    eleven = next(p for p in harare.paragraphs if p.number == 11)
    assert eleven.marking == "C" and eleven.text.startswith("COMMENT: TSVANGIRAI WAS FRANK")
    assert [p.number for p in harare.paragraphs] == list(range(1, 13))
