"""The web UI in a real browser: Debian's chromium, headless, driven by Playwright, against a real
uvicorn server on a free port, on SQLite and on PostgreSQL.

The store holds the seed and the invented cables of `tests/cables/access/`. A SECRET reader
searches, opens a cable, an entity, the case graph and timeline; a CONFIDENTIAL reader does the
same and never sees a word that only SECRET (or NOFORN, or REL TO) paragraphs hold, nor a facet
count or search total that only such paragraphs explain. Screenshots go to build/screenshots/.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

import pytest
import uvicorn
from psycopg import sql

import reftel.web
from reftel.access import Principal, portion_markings
from reftel.api.app import create_app
from reftel.extraction import EXTRACTOR, Extraction, extract_all
from reftel.extraction.facts import EventType, RelationType
from reftel.reading import read_paths
from reftel.record import Cable
from reftel.resolution.resolver import resolve_cables
from reftel.store import Store
from tests.conftest import PG_SERVER, _admin
from tests.shared import SEED, need

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[1] / "build" / "screenshots"
ACCESS = Path(__file__).resolve().parent / "cables" / "access"
SEED_ID = "08STATE39690"
VALLETTA = "09VALLETTA101"
USERS = {"sam": ("S", "secret-pass-1"), "cleo": ("C", "conf-pass-2")}
VALLETTA_SECRET_WORDS = ("gyroscopes", "Boreal", "clandestine", "Zarin", "maraging", "turbopump")
SEED_SECRET_WORDS = ("STBPI", "Ecxir", "Sabalan", "LF6", "ASTVR", "Doostan", "26,000")


@dataclass(frozen=True)
class Site:
    url: str
    backend: str
    cables: list[Cable]
    store: Store


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def extracted() -> list[tuple[Cable, Extraction]]:
    paths = [str(ACCESS), str(need(SEED))]
    cables = [c for c in read_paths(paths, None, None) if isinstance(c, Cable)]
    facts = [f for f in extract_all(cables) if isinstance(f, Extraction)]
    assert len(facts) == len(cables) == 4
    return list(zip(cables, facts, strict=True))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    """A database of this module's own on each backend (the conftest one is per test, and a
    browser session per test would be slow)."""
    if request.param == "sqlite":
        yield "sqlite", f"sqlite:///{tmp_path_factory.mktemp('web') / 'web.db'}"
        return
    request.getfixturevalue("postgres_available")
    name = sql.Identifier(database := f"reftel_web_{secrets.token_hex(6)}")
    with _admin() as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(name))
    try:
        yield "postgresql", f"postgresql://postgres@{PG_SERVER}/{database}"
    finally:
        with _admin() as admin:
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(name))


@pytest.fixture(scope="module")
def site(database: tuple[str, str], extracted: list[tuple[Cable, Extraction]]) -> Iterator[Site]:
    backend, url = database
    with Store.open(url) as store:
        with store.batch():
            for cable, facts in extracted:
                store.save(cable, facts, EXTRACTOR)
        resolve_cables(store)
        for name, (clearance, password) in USERS.items():
            store.users.add(name, clearance, password=password)
    app = create_app(url)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield Site(f"http://127.0.0.1:{port}", backend, [c for c, _ in extracted], app.state.store)
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if os.environ.get("REFTEL_TEST_BROWSER") == "0":
        pytest.skip("browser tests skipped: REFTEL_TEST_BROWSER=0")
    if not CHROMIUM.exists() and shutil.which("chromium") is None:
        pytest.fail(
            f"{CHROMIUM} is missing: run scripts/install-browser.sh (as root), or set "
            "REFTEL_TEST_BROWSER=0 to skip the browser tests",
            pytrace=False,
        )
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield launched
        launched.close()


def _page(browser: object, site: Site, user: str) -> playwright_api.Page:
    page: playwright_api.Page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page.set_default_timeout(15000)
    page.goto(site.url + "/")
    assert "/login" in page.url, "an anonymous visitor is sent to sign in"
    page.fill("#name", user)
    page.fill("#password", USERS[user][1])
    page.click("button[type=submit]")
    page.wait_for_url(site.url + "/")
    return page


def _shot(page: playwright_api.Page, site: Site, user: str, what: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{site.backend}-{user}-{what}.png"), full_page=True)


def _text(page: playwright_api.Page) -> str:
    return str(page.inner_text("main"))


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'-]{4,}", text)}


def _secret_only_words(cables: list[Cable], reader: Principal) -> set[str]:
    """Words that only paragraphs withheld from the reader hold: in no readable paragraph, and
    in no cable's header (addressees, tags, captions are shown with the cable)."""
    withheld: set[str] = set()
    readable: set[str] = set()
    for cable in cables:
        markings = portion_markings(cable)
        readable |= _words(cable.header) | _words(
            cable.body[: min(p.start for p in cable.paragraphs)]
        )
        for p in cable.paragraphs:
            (readable if reader.can_read(markings[p.index]) else withheld).update(_words(p.text))
    return withheld - readable - _interface_words()


def _interface_words() -> set[str]:
    """What the pages write of their own (headings, labels, kinds of entity, dealing and
    relation) and the names of markings, which a withheld paragraph's placeholder shows."""
    templates = Path(reftel.web.__file__).parent / "templates"
    written = " ".join(t.read_text("utf-8") for t in templates.glob("*.html"))
    kinds = " ".join([*get_args(EventType), *get_args(RelationType)]).replace("_", " ")
    return _words(f"{written} {kinds} secret noforn confidential unclassified company person")


def _facets(page: playwright_api.Page) -> dict[str, dict[str, int]]:
    found: dict[str, dict[str, int]] = {}
    for facet in page.query_selector_all("[data-facet]"):
        name = facet.get_attribute("data-facet") or ""
        found[name] = {}
        for item in facet.query_selector_all("li a"):
            value = item.query_selector(".value")
            count = item.query_selector(".count")
            if value and count:
                found[name][value.inner_text()] = int(count.get_attribute("data-count") or 0)
    return found


def _search(page: playwright_api.Page, site: Site, query: str) -> int:
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.press("/")  # the shortcut puts the cursor in the search box
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.keyboard.type(query)
    page.keyboard.press("Enter")
    page.wait_for_selector("#total")
    return int(page.get_attribute("#total", "data-total") or -1)


def _download(page: playwright_api.Page, site: Site, link: str) -> str:
    """What a download link of the page gives, fetched with the page's session cookie."""
    href = page.get_attribute(f"a:has-text('{link}')", "href")
    assert href is not None
    response = page.request.get(site.url + href)
    assert response.ok, f"{link}: {response.status} {response.text()[:300]}"
    return str(response.text())


def test_sign_in_is_required_and_a_wrong_password_is_refused(browser: object, site: Site) -> None:
    page: playwright_api.Page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(site.url + f"/cables/{SEED_ID}")
    assert "/login" in page.url
    page.fill("#name", "sam")
    page.fill("#password", "not-the-password")
    page.click("button[type=submit]")
    assert "Wrong user name or password" in _text(page)
    assert "STBPI" not in page.content()
    page.close()


def test_secret_reader_searches_reads_and_follows_the_case(browser: object, site: Site) -> None:
    page = _page(browser, site, "sam")
    assert _search(page, site, "STBPI") == 1
    assert page.inner_text(".hit .id") == SEED_ID
    assert page.query_selector_all(".snippet mark"), "the hit is highlighted in the snippet"
    assert _facets(page)["classification"] == {"SECRET": 1}
    assert _facets(page)["year"] == {"2008": 1}
    _shot(page, site, "sam", "search")

    assert _search(page, site, "maraging") == 1
    assert _facets(page)["year"] == {"2009": 1}

    page.goto(site.url + f"/cables/{SEED_ID}")
    text = _text(page)
    for word in SEED_SECRET_WORDS:
        assert word in text
    assert not page.query_selector_all(".para.withheld")
    assert page.inner_text("#p7 .portion") == "(S)"
    assert page.inner_text("#p1 .portion") == "[UNCLASSIFIED]"  # unmarked administrative line
    _shot(page, site, "sam", "cable")

    page.click("#p3 a.ent:has-text('Ecxir Trading Company')")
    page.wait_for_selector("article.entity")
    entity = _text(page)
    assert "Ecxir Trading Company" in page.inner_text("h1")
    assert "aluminum bars" in entity and "Transactions" in entity
    assert SEED_ID in entity
    _shot(page, site, "sam", "entity")
    page.click(".card a:has-text('Shahid Hemmat Industrial Group')")
    page.wait_for_selector("p.designated")
    assert "1737" in page.inner_text("p.designated")
    page.go_back()

    page.click("text=Open case graph and timeline")
    page.wait_for_selector("#graph[data-ready='1']")
    nodes = page.evaluate("window.reftelGraph.nodes().length")
    edges = page.evaluate("window.reftelGraph.edges().length")
    assert nodes >= 3 and edges >= 2
    timeline = page.inner_text(".timeline")
    assert "2007-06" in timeline and "offer" in timeline
    _shot(page, site, "sam", "case")
    draft = _download(page, site, "draft (Markdown)")
    assert "Ecxir Trading Company" in draft

    page.goto(site.url + f"/cables/{VALLETTA}")
    page.click("#p3 a.ent:has-text('Kestrel Avionics')")
    page.click("text=Open case graph and timeline")
    page.wait_for_selector("#graph[data-ready='1']")
    labels = page.evaluate("window.reftelGraph.nodes().map(n => n.data('label'))")
    assert any("Boreal" in label for label in labels)
    assert "gyroscopes" in (page.text_content("#edges") or "")

    page.goto(site.url + "/actions")
    assert "Embassy Beijing" in _text(page)
    _shot(page, site, "sam", "actions")
    page.close()


def test_confidential_reader_never_sees_secret_paragraphs(browser: object, site: Site) -> None:
    reader = Principal.make("cleo", "C")
    hidden = _secret_only_words(site.cables, reader)
    assert {"gyroscopes", "clandestine", "maraging", "turbopump", "ecxir"} <= hidden
    seen: list[str] = []
    page = _page(browser, site, "cleo")

    # Search: a word of a SECRET paragraph finds nothing and counts nothing.
    for word in ("STBPI", "maraging", "gyroscopes"):
        assert _search(page, site, word) == 0
        assert all(not values for values in _facets(page).values()), word
    assert _search(page, site, "lathe") == 1  # paragraph 2 of Valletta is (C)
    _shot(page, site, "cleo", "search")
    seen.append(page.inner_text(".results"))
    # Listing: every cable with a readable portion, counted by what the reader may see.
    assert _search(page, site, "") == 4
    listed = _facets(page)
    assert sum(listed["classification"].values()) == 4
    assert listed["year"] == {"2010": 1, "2009": 1, "2008": 1, "1978": 1}
    seen.append(_text(page))

    page.goto(site.url + f"/cables/{SEED_ID}")
    seen.append(_text(page))
    assert len(page.query_selector_all(".para.withheld")) == 5  # 2, 3, 4, 5 and 7 are (S)
    assert "Paragraph withheld: marked SECRET" in page.inner_text("#p7")
    assert "James Mayes" in page.inner_text("#p8")
    _shot(page, site, "cleo", "cable")

    page.goto(site.url + f"/cables/{VALLETTA}")
    seen.append(_text(page))
    assert len(page.query_selector_all(".para.withheld")) == 4  # 3, 4, 5 and 6

    page.goto(site.url + f"/cables/{SEED_ID}")
    page.click("#p8 a.ent:has-text('James Mayes')")
    page.wait_for_selector("article.entity")
    seen.append(_text(page))

    # Kestrel Avionics is named in a (C) paragraph and in (S) ones: its page and its case show
    # the (C) dealing of paragraph 2 and nothing of the gyroscopes it shipped in paragraph 3.
    page.goto(site.url + f"/cables/{VALLETTA}")
    page.click("#p2 a.ent:has-text('Kestrel Avionics')")
    page.wait_for_selector("article.entity")
    entity = _text(page)
    assert "Kestrel Avionics" in page.inner_text("h1")
    assert "¶2" in entity and "¶3" not in entity and "Boreal" not in entity
    seen.append(entity)
    _shot(page, site, "cleo", "entity")
    page.goto(site.url + f"/cables/{VALLETTA}")
    page.click("#p2 a.ent:has-text('Tabriz Lathe Works')")
    page.click("text=Open case graph and timeline")
    page.wait_for_selector("#graph[data-ready='1']")
    labels = page.evaluate("window.reftelGraph.nodes().map(n => n.data('label'))")
    assert {"Tabriz Lathe Works", "Orion Pumps Limited"} <= set(labels)
    assert not [label for label in labels if "Boreal" in label or "Zarin" in label]
    assert "2009-01" in page.inner_text(".timeline")
    # Downloads have labels of their own (CSV columns, draft headings): the probe words of the
    # withheld paragraphs (tests/cables/access/README.md) and the seed's must be absent.
    for link in ("draft (Markdown)", "transactions (CSV)"):
        downloaded = _download(page, site, link).lower()
        for word in (*VALLETTA_SECRET_WORDS, *SEED_SECRET_WORDS):
            assert word.lower() not in downloaded, (link, word)
    seen.append(_text(page) + " " + " ".join(labels))
    _shot(page, site, "cleo", "case")

    page.goto(site.url + "/actions")
    seen.append(_text(page))

    # An entity or a case known only from SECRET paragraphs does not exist for this reader.
    secret_entity = _entity_only_in_secret(site, reader)
    page.goto(site.url + f"/entities/{secret_entity}")
    assert "Not found" in _text(page)
    seen.append(_text(page))

    leaked = {w for text in seen for w in _words(text)} & hidden
    assert not leaked, f"words of withheld paragraphs shown to a CONFIDENTIAL reader: {leaked}"
    for word in SEED_SECRET_WORDS:
        assert all(word not in text for text in seen), word
    page.close()


def _entity_only_in_secret(site: Site, reader: Principal) -> str:
    """A canonical entity every mention of which is in a paragraph the reader may not read."""
    from reftel.store import resolution as stored

    with stored.connect(site.store) as connection:
        membership = stored.membership(connection)
    for cable in site.cables:
        facts = site.store.facts(cable.id)
        assert facts is not None
        for entity in facts.entities:
            if entity.name.startswith("Ecxir"):
                assert site.store.facts(cable.id, user=reader) is not None
                return membership[entity.id]
    raise AssertionError("the seed's buyer was not extracted")
