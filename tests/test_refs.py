"""Reference chains on invented cables citing each other by letter, and on the real cables."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reftel.access.principal import Principal
from reftel.cases.refs import (
    Node,
    Telegram,
    candidate_ids,
    chain,
    citing,
    find_cable_id,
    find_mentions,
    links,
    parse_telegram,
    totals,
)
from reftel.cli.main import app
from reftel.store import Store
from tests.helpers import read_cables, store_cables
from tests.shared import REAL_CABLES, SEED, need

CASES = Path(__file__).parent / "cables" / "cases"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("STATE 123456", Telegram("STATE", 123456, None)),
        ("07 BEIJING 1234", Telegram("BEIJING", 1234, 7)),
        ("BEIJING 5705", Telegram("BEIJING", 5705, None)),
        ("07BEIJING5705", Telegram("BEIJING", 5705, 7)),
        ("B) 2006 BAGHDAD 4652", Telegram("BAGHDAD", 4652, 2006)),
        ("(08) SAO PAULO 581", Telegram("SAO PAULO", 581, 8)),
        ("STATE 039690", Telegram("STATE", 39690, None)),
        ("KHAN-MORIMOTO E-MAIL (12/10/2008)", None),
        ("SECDEF MSG DTG 301601z SEP 08", None),
        ("OSC EUP20080707950031", None),
    ],
)
def test_reads_telegram_ids_as_ref_lines_write_them(
    written: str, expected: Telegram | None
) -> None:
    assert parse_telegram(written) == expected


def test_ids_normalised_to_the_store_form() -> None:
    assert Telegram("SAO PAULO", 581, 8).id(8) == "08SAOPAULO581"
    assert parse_telegram("A. SECSTATE 103585") == Telegram("SECSTATE", 103585, None)
    assert Telegram("SECSTATE", 103585).id(2009) == "09STATE103585"
    # No year: the citing cable's year, then the year before.
    assert candidate_ids(Telegram("STATE", 2001), "11ROME3005", 2011) == [
        "11STATE2001",
        "10STATE2001",
    ]
    # Its own post's number at or above its own: the year before, for certain.
    assert candidate_ids(Telegram("KUWAIT", 431), "10KUWAIT45", 2010) == ["09KUWAIT431"]
    assert candidate_ids(Telegram("KUWAIT", 15), "10KUWAIT45", 2010)[0] == "10KUWAIT15"
    assert candidate_ids(Telegram("BEIJING", 1234, 7), "11ROME1", 2011) == ["07BEIJING1234"]


def test_in_text_mentions_resolve_to_the_lettered_list() -> None:
    (follow_up,) = read_cables(CASES / "11STATE3100.txt")
    mentions = find_mentions(follow_up)
    by_text = {(m.number, m.text): m for m in mentions}
    reftel_a = by_text[(1, "reftel A")]
    assert reftel_a.targets == (0,) and reftel_a.status == "resolved"
    all_three = by_text[(2, "Refs A, B and C")]
    assert all_three.letters == ("A", "B", "C") and all_three.targets == (0, 1, 2)
    ref_b = by_text[(2, "Ref B")]
    assert ref_b.targets == (1,)
    with_para = by_text[(3, "Ref A para 2")]
    assert with_para.targets == (0,) and with_para.cited_paragraphs == (2,)
    for mention in mentions:
        written = " ".join(follow_up.body[mention.start : mention.end].split())
        assert written == mention.text


def test_all_capitals_1970s_mentions() -> None:
    (cable,) = read_cables(CASES / "76TEHRAN1210.txt")
    mentions = find_mentions(cable)
    assert [(m.number, m.letters, m.targets, m.cited_paragraphs) for m in mentions] == [
        (1, ("A",), (0,), ()),
        (2, ("B",), (1,), (3,)),
        (3, ("A", "B"), (0, 1), ()),
    ]


def test_seed_mentions_without_a_ref_line_stay_unresolved() -> None:
    (seed,) = read_cables(need(SEED))
    mentions = find_mentions(seed)
    assert {m.text for m in mentions} >= {"Reftels", "Ref H", "Refs A, C and D"}
    assert {m.status for m in mentions} == {"no references"}
    assert all(not m.targets for m in mentions)


def test_chain_of_three_out(store: Store) -> None:
    store_cables(store, CASES)
    tree = chain(store, "11STATE3100", depth=2, direction="out")
    children = {c.letter: c for c in tree.children}
    assert (children["A"].id, children["A"].status) == ("11ROME3005", "stored")
    assert children["A"].year_inferred
    assert (children["B"].id, children["B"].status) == ("11STATE2001", "stored")
    assert (children["C"].id, children["C"].status) == ("11VIENNA77", "missing")
    assert [m.number for m in children["A"].mentions] == [1, 2, 3]
    grand = {c.letter: c for c in children["A"].children}
    # Rome's REF A is the demarche, already expanded as the follow-up's REF B.
    assert (grand["A"].id, grand["A"].status) == ("11STATE2001", "repeated")
    assert (grand["B"].id, grand["B"].status) == ("10ROME2950", "missing")
    assert [m.text for m in grand["A"].mentions] == ["ref A para 5", "Refs A and B"]
    assert grand["A"].mentions[0].cited_paragraphs == (5,)
    assert [m.text for m in grand["B"].mentions] == ["reftel B", "Refs A and B"]


def test_chain_in_and_both(store: Store) -> None:
    store_cables(store, CASES)
    tree = chain(store, "11STATE2001", depth=2, direction="in")
    assert [(c.id, c.letter, c.direction) for c in tree.children] == [
        ("11ROME3005", "A", "in"),
        ("11STATE3100", "B", "in"),
    ]
    rome = tree.children[0]
    assert [(c.id, c.status) for c in rome.children] == [("11STATE3100", "repeated")]
    both = chain(store, "11ROME3005", depth=1, direction="both")
    assert {(c.id, c.direction, c.status) for c in both.children} == {
        ("11STATE2001", "out", "stored"),
        ("10ROME2950", "out", "missing"),
        ("11STATE3100", "in", "stored"),
    }
    assert [c.id for c, _ in citing(store, "11ROME3005")] == ["11STATE3100"]


def test_find_cable_id(store: Store) -> None:
    store_cables(store, CASES)
    assert find_cable_id(store, "11STATE2001") == "11STATE2001"
    assert find_cable_id(store, "STATE 2001") == "11STATE2001"
    assert find_cable_id(store, "11 STATE 002001") == "11STATE2001"
    with pytest.raises(LookupError, match="no cable"):
        find_cable_id(store, "ROME 9999")
    with pytest.raises(LookupError, match="not a cable id"):
        find_cable_id(store, "hello")


def test_refs_command(db_url: str) -> None:
    with Store.open(db_url) as store:
        store_cables(store, CASES)
    runner = CliRunner()
    result = runner.invoke(app, ["refs", "STATE 3100", "--depth", "2", "--json", "--db", db_url])
    assert result.exit_code == 0, result.output
    tree = json.loads(result.stdout)
    assert tree["id"] == "11STATE3100"
    assert [c["status"] for c in tree["children"]] == ["stored", "stored", "missing"]
    text = runner.invoke(app, ["refs", "11ROME3005", "--direction", "both", "--db", db_url])
    assert text.exit_code == 0, text.output
    assert "cites ref B 10ROME2950" in text.stdout and "[missing]" in text.stdout
    assert "cited by 11STATE3100" in text.stdout
    assert "para 1: ref A para 5" in text.stdout
    missing = runner.invoke(app, ["refs", "ROME 1", "--db", db_url])
    assert missing.exit_code == 2
    assert "no cable" in missing.stderr and "Traceback" not in missing.output


def _links_of(node: Node) -> set[tuple[str | None, str | None]]:
    return {(node.id, child.id) for child in node.children}


@pytest.mark.shared
def test_real_cables_reference_links(store: Store) -> None:
    """Links checked by reading the REF lines: 10KUWAIT45 'F. 09 STATE 131801', 09BAGHDAD1104
    'D. BAGHDAD 383' and 'F. BAGHDAD 1103', 05PARIS2333 'B. 04 PARIS 8983', 06MANAGUA1003
    'REF: MANAGUA 1002'."""
    store_cables(store, need(REAL_CABLES), need(SEED))
    found = totals(store)
    assert found.cables == 410
    verified = {
        ("10KUWAIT45", "09STATE131801"),
        ("09BAGHDAD1104", "09BAGHDAD383"),
        ("09BAGHDAD1104", "09BAGHDAD1103"),
        ("05PARIS2333", "04PARIS8983"),
        ("06MANAGUA1003", "06MANAGUA1002"),
    }
    assert verified <= set(found.cited_stored)
    assert found.stored + found.missing + found.not_telegram + found.year_unknown == (
        found.references
    )
    assert found.missing > found.stored > 0
    kuwait = store.get("10KUWAIT45")
    assert kuwait is not None
    ref_f = next(link for link in links(store, kuwait) if link.letter == "F")
    assert (ref_f.id, ref_f.stored, ref_f.year_inferred) == ("09STATE131801", True, False)
    assert [m.number for m in ref_f.mentions] == [2]
    # "A. KUWAIT 431" in a cable numbered 45 of 2010 is Kuwait's 431 of 2009.
    ref_a = next(link for link in links(store, kuwait) if link.letter == "A")
    assert (ref_a.id, ref_a.status) == ("09KUWAIT431", "missing")
    cited_by = chain(store, "09STATE131801", depth=1, direction="in")
    assert _links_of(cited_by) == {("09STATE131801", "10KUWAIT45")}
    # The seed cites "Ref H" and "Refs A, C and D" but its REF line is not in the archive.
    seed = chain(store, "08STATE39690", depth=2, direction="both")
    assert seed.children == []
    assert [(m.number, m.text) for m in seed.unresolved] == [
        (2, "Reftels"),
        (2, "Ref H"),
        (3, "Ref H"),
        (4, "Ref H"),
        (4, "Refs A, C and D"),
    ]


def test_chain_for_a_user_shows_only_what_they_mayread_cables(store: Store) -> None:
    store_cables(store, CASES)
    confidential = Principal.make("analyst", "CONFIDENTIAL")
    tree = chain(store, "11ROME3005", depth=1, user=confidential)
    ref_b = next(c for c in tree.children if c.letter == "B")
    # "reftel B" is in paragraph 2, marked S//NF: withheld from a CONFIDENTIAL reader.
    assert [m.text for m in ref_b.mentions] == ["Refs A and B"]
    unclassified = Principal.make("public", "UNCLASSIFIED")
    follow_up = chain(store, "11STATE3100", depth=1, user=unclassified)
    # Rome's report has no unclassified paragraph: to this reader it is not stored.
    assert [(c.id, c.status) for c in follow_up.children] == [
        ("11ROME3005", "missing"),
        ("11STATE2001", "stored"),
        ("11VIENNA77", "missing"),
    ]
    with pytest.raises(LookupError):
        find_cable_id(store, "ROME 3005", unclassified)
