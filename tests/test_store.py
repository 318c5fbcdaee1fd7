"""The cable store on SQLite and PostgreSQL: saving, replacing, atomicity, search and schema."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, create_engine, func, select

from reftel.record import (
    ActionRequest,
    Addressee,
    Cable,
    Paragraph,
    PointOfContact,
    Redaction,
    Reference,
    Source,
    TalkingPoints,
)
from reftel.store import SaveError, SearchResult, Store, resolve_url
from reftel.store.schema import CHILD_TABLES, Base, include_name


def paragraph(index: int, text: str, *, number: int | None = None, marking: str = "C") -> Paragraph:
    start = index * 1000
    return Paragraph(
        index=index,
        number=index + 1 if number is None else number,
        marking=marking,
        text=text,
        start=start,
        end=start + len(text),
    )


def make_cable(cable_id: str, *texts: str, **fields: Any) -> Cable:
    """A cable with every kind of child row, so each table is exercised."""
    values: dict[str, Any] = {
        "id": cable_id,
        "created": datetime(2008, 3, 1, 9, 30),
        "classification": "SECRET",
        "origin": "Secretary of State",
        "subject": "Routine matters",
        "from_": Addressee(name="SECSTATE WASHDC", precedence="IMMEDIATE"),
        "to": [Addressee(name="AMEMBASSY BEIJING", routing="0001")],
        "info": [Addressee(name="AMEMBASSY TOKYO"), Addressee(name="USMISSION USUN NEW YORK")],
        "tags": ["PARM", "MNUC"],
        "references": [Reference(letter="A", id="08STATE1", raw="A. STATE 1")],
        "paragraphs": [paragraph(i, text) for i, text in enumerate(texts)],
        "action_requests": [ActionRequest(paragraph=1, addressee="Embassy", request="Demarche.")],
        "talking_points": [TalkingPoints(paragraph=1, marking="SBU", points=["One.", "Two."])],
        "source": Source(path="cables.csv", record=3, format="csv"),
    }
    values.update(fields)
    return Cable(**values)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """A plain connection to the store's database, to look at rows the API does not expose."""
    opened = create_engine(resolve_url(db_url))
    yield opened
    opened.dispose()


def child_rows(engine: Engine, cable_id: str) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table.__tablename__: connection.scalar(
                select(func.count()).select_from(table).where(table.cable_id == cable_id)
            )
            or 0
            for table in CHILD_TABLES
        }


def ids(result: SearchResult) -> list[str]:
    return [hit.cable_id for hit in result.hits]


# --- resolve_url -------------------------------------------------------------------------------


def test_plain_path_becomes_absolute_sqlite_url_and_folder_is_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert resolve_url("data/sub/cables.db") == f"sqlite:///{tmp_path}/data/sub/cables.db"
    assert (tmp_path / "data" / "sub").is_dir()


def test_url_comes_from_argument_then_env_then_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REFTEL_DB", raising=False)
    assert resolve_url(None) == f"sqlite:///{tmp_path}/reftel.db"
    monkeypatch.setenv("REFTEL_DB", "env.db")
    assert resolve_url(None) == f"sqlite:///{tmp_path}/env.db"
    assert resolve_url("arg.db") == f"sqlite:///{tmp_path}/arg.db"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://u:p@db:5432/reftel", "postgresql+psycopg://u:p@db:5432/reftel"),
        ("postgres://u@db/reftel", "postgresql+psycopg://u@db/reftel"),
        ("postgresql+psycopg://u@db/reftel", "postgresql+psycopg://u@db/reftel"),
        ("sqlite://", "sqlite://"),
    ],
)
def test_urls_keep_their_scheme_but_postgres_uses_psycopg(given: str, expected: str) -> None:
    assert resolve_url(given) == expected


def test_sqlite_url_gets_its_folder_created(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/new/cables.db"
    assert resolve_url(url) == url
    assert (tmp_path / "new").is_dir()


# --- saving ------------------------------------------------------------------------------------


def test_save_reports_added_unchanged_updated_without_duplicates(store: Store) -> None:
    cable = make_cable("08STATE100", "(C) First text.")
    assert store.save(cable) == "added"
    assert store.save(cable) == "unchanged"
    moved = cable.model_copy(update={"source": Source(path="other.txt", format="text")})
    assert store.save(moved) == "unchanged", "where a cable was read from is not content"
    assert store.save(cable.model_copy(update={"subject": "New subject"})) == "updated"
    assert store.save(make_cable("08STATE101", "(C) Other.")) == "added"
    assert store.count() == 2
    assert store.ids() == ["08STATE100", "08STATE101"]
    stored = store.get("08STATE100")
    assert stored is not None
    assert stored.subject == "New subject"


def test_update_replaces_children(store: Store, engine: Engine) -> None:
    old = make_cable("08STATE100", "(C) Zeppelin one.", "(C) Zeppelin two.", "(C) Zeppelin three.")
    store.save(old)
    assert child_rows(engine, old.id) == {
        "addressees": 4,
        "cable_tags": 2,
        "cable_references": 1,
        "paragraphs": 3,
        "action_requests": 1,
        "talking_points": 1,
    }
    new = make_cable(
        "08STATE100",
        "(S) Walrus only.",
        from_=None,
        to=[],
        info=[Addressee(name="AMEMBASSY PARIS")],
        tags=["KNNP"],
        references=[],
        action_requests=[],
        talking_points=[],
    )
    assert store.save(new) == "updated"
    assert child_rows(engine, new.id) == {
        "addressees": 1,
        "cable_tags": 1,
        "cable_references": 0,
        "paragraphs": 1,
        "action_requests": 0,
        "talking_points": 0,
    }
    assert store.get(new.id) == new
    assert store.search("zeppelin").total == 0, "old paragraphs must leave the search index"
    assert ids(store.search("walrus")) == ["08STATE100"]
    assert ids(store.search("", tag="KNNP")) == ["08STATE100"]
    assert store.search("", tag="PARM").total == 0


def broken(cable_id: str) -> Cable:
    """Two paragraphs with the same index: the database's unique key refuses the second."""
    return make_cable(
        cable_id,
        "(C) Quagga first.",
        "(C) Quagga second.",
        paragraphs=[paragraph(0, "(C) Quagga first."), paragraph(0, "(C) Quagga second.")],
    )


def test_failed_cable_leaves_nothing_and_the_batch_keeps_the_others(
    store: Store, engine: Engine
) -> None:
    with store.batch():
        assert store.save(make_cable("08STATE1", "(C) Before.")) == "added"
        with pytest.raises(SaveError) as raised:
            store.save(broken("08STATE2"))
        assert raised.value.cable_id == "08STATE2"
        assert "INSERT" not in str(raised.value), "the reason, not the whole statement"
        assert store.save(make_cable("08STATE3", "(C) After.")) == "added"
    assert store.ids() == ["08STATE1", "08STATE3"]
    assert set(child_rows(engine, "08STATE2").values()) == {0}
    assert store.search("quagga").total == 0


def test_failed_update_keeps_the_stored_version(store: Store, engine: Engine) -> None:
    original = make_cable("08STATE2", "(C) Original text.")
    store.save(original)
    before = child_rows(engine, original.id)
    with pytest.raises(SaveError):
        store.save(broken("08STATE2"))
    assert store.get("08STATE2") == original
    assert child_rows(engine, original.id) == before
    assert ids(store.search("original")) == ["08STATE2"]
    assert store.search("quagga").total == 0


def test_save_outside_a_batch_commits_and_a_failed_batch_rolls_back(db_url: str) -> None:
    with Store.open(db_url) as writer, Store.open(db_url) as reader:
        writer.save(make_cable("08STATE1", "(C) Committed."))
        assert reader.ids() == ["08STATE1"]
        with pytest.raises(RuntimeError), writer.batch():
            writer.save(make_cable("08STATE2", "(C) Never committed."))
            raise RuntimeError("abort the batch")
        assert reader.ids() == ["08STATE1"]


def test_get_rebuilds_the_original_cable(store: Store) -> None:
    cable = make_cable(
        "08STATE100",
        "(S) Text one.",
        "(S//NF) Text two.",
        dtg_utc=datetime(2008, 3, 1, 9, 30, tzinfo=UTC),
        dtg="010930Z MAR 08",
        caveats=["NOFORN"],
        precedence="PRIORITY",
        serial="0042",
        signer="RICE",
        classified_by="ISN/RA",
        declassify_on="03/01/2033",
        summary="A summary with ünïcödé.",
        sections=["SUMMARY"],
        poc=PointOfContact(name="J. Doe", phone="202-555-0100", paragraph=2),
        slugs=["NONPROLIFERATION"],
        redactions=[Redaction(paragraph=1, start=10, end=20)],
        references=[
            Reference(letter="A", id="08STATE1", raw="A. STATE 1"),
            Reference(letter="B", raw="B. PARIS 77", year_inferred=True),
        ],
        header="UNCLAS HEADER",
        body="BODY TEXT",
    )
    store.save(cable)
    assert store.get("08STATE100") == cable
    assert store.get("08STATE999") is None


def test_opening_again_keeps_data_and_schema_matches_models(db_url: str, engine: Engine) -> None:
    with Store.open(db_url) as first:
        first.save(make_cable("08STATE1", "(C) Kept."))
    with Store.open(db_url) as second:
        assert second.ids() == ["08STATE1"]
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": include_name})
        assert compare_metadata(context, Base.metadata) == []


# --- search ------------------------------------------------------------------------------------


@pytest.fixture
def corpus(store: Store) -> Store:
    cables = [
        make_cable(
            "08STATE100",
            "(S) Washington asks Embassy to raise U.S.-origin missile components with the MFA.",
            "(C) The ballistic missile program continues; more missile tests are expected.",
            subject="Missile technology transfers",
            tags=["PARM", "MNUC"],
        ),
        make_cable(
            "09BEIJING200",
            "(C) Chinese officials discussed nuclear cooperation with Pakistan at length.",
            "(C) Missile parts were not discussed.",
            created=datetime(2009, 6, 10),
            origin="Embassy Beijing",
            classification="CONFIDENTIAL",
            subject="Export control dialogue",
            tags=["PARM", "CH"],
        ),
        make_cable(
            "07TOKYO300",
            "(U) Cooperation on nuclear safety continues between the two regulators.",
            created=datetime(2007, 1, 15),
            origin="Embassy Tokyo",
            classification="UNCLASSIFIED",
            subject="Centrifuge exports to unnamed buyers",
            tags=["ECON"],
        ),
        make_cable(
            "10STATE400",
            created=None,
            dtg_utc=datetime(2010, 2, 2, 12, 0, tzinfo=UTC),
            classification="secret",
            subject="Budget",
            tags=["AMGT"],
        ),
    ]
    for cable in cables:
        store.save(cable)
    return store


def test_search_gives_one_hit_per_cable_with_its_best_paragraph(corpus: Store) -> None:
    result = corpus.search("missile")
    assert result.total == 2
    assert sorted(ids(result)) == ["08STATE100", "09BEIJING200"]
    beijing = next(hit for hit in result.hits if hit.cable_id == "09BEIJING200")
    assert (beijing.paragraph, beijing.paragraph_index) == (2, 1)
    assert beijing.origin == "Embassy Beijing"
    assert beijing.classification == "CONFIDENTIAL"
    assert beijing.subject == "Export control dialogue"
    assert beijing.created == datetime(2009, 6, 10)


def test_search_orders_by_relevance(store: Store) -> None:
    store.save(
        make_cable(
            "08STATE1",
            "(C) "
            + " ".join(["Officials reviewed the annual budget and travel plans."] * 6)
            + " One centrifuge was mentioned.",
        )
    )
    store.save(make_cable("08STATE2", "(C) Centrifuge cascades: centrifuge rotors, centrifuge."))
    result = store.search("centrifuge")
    assert ids(result) == ["08STATE2", "08STATE1"]
    assert result.hits[0].score > result.hits[1].score


def test_snippet_brackets_the_matched_terms(corpus: Store) -> None:
    (hit,) = corpus.search("pakistan").hits
    assert hit.paragraph == 1
    assert "[Pakistan]" in hit.snippet
    assert hit.snippet.startswith("(C) Chinese officials")


def test_subject_only_match_finds_the_cable(corpus: Store) -> None:
    (hit,) = corpus.search("centrifuge").hits
    assert hit.cable_id == "07TOKYO300"
    assert hit.paragraph is None
    assert hit.paragraph_index is None
    assert hit.snippet == "[Centrifuge] exports to unnamed buyers"


def test_words_must_all_match_but_phrases_keep_their_order(corpus: Store) -> None:
    assert sorted(ids(corpus.search("nuclear cooperation"))) == ["07TOKYO300", "09BEIJING200"]
    assert ids(corpus.search('"nuclear cooperation"')) == ["09BEIJING200"]
    assert ids(corpus.search("nuclear budget")) == []


def test_words_may_match_in_different_paragraphs_or_the_subject(corpus: Store) -> None:
    (hit,) = corpus.search("missile pakistan").hits
    assert hit.cable_id == "09BEIJING200"
    assert "[" in hit.snippet
    assert ids(corpus.search("centrifuge regulators")) == ["07TOKYO300"]
    assert ids(corpus.search('"regulators centrifuge"')) == []


def test_stop_words_do_not_empty_a_query(corpus: Store) -> None:
    assert "08STATE100" in ids(corpus.search("the missile"))


def test_or_matches_either_side(corpus: Store) -> None:
    result = corpus.search("centrifuge OR pakistan")
    assert sorted(ids(result)) == ["07TOKYO300", "09BEIJING200"]
    assert sorted(ids(corpus.search("regulators OR missile AND pakistan"))) == [
        "07TOKYO300",
        "09BEIJING200",
    ]


def test_punctuated_words_are_searched_as_written(corpus: Store) -> None:
    (hit,) = corpus.search("U.S.-origin").hits
    assert (hit.cable_id, hit.paragraph) == ("08STATE100", 1)
    assert "[" in hit.snippet


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '""',
        "AND",
        "OR",
        "U.S.-origin",
        "*",
        "(",
        ")",
        '"unbalanced',
        "missile OR",
        "NEAR(missile",
        "subject:missile",
        "^missile",
        "missile*",
        "-missile",
        "'",
        "!&|:",
        "\\",
        '")(',
        "%_",
    ],
)
def test_hostile_queries_do_not_raise(corpus: Store, query: str) -> None:
    result = corpus.search(query)
    assert result.total == len(result.hits)


def test_empty_query_lists_newest_first(corpus: Store) -> None:
    result = corpus.search("")
    assert ids(result) == ["10STATE400", "09BEIJING200", "08STATE100", "07TOKYO300"]
    assert result.total == 4
    assert {hit.snippet for hit in result.hits} == {""}
    assert ids(corpus.search("   ", origin="embassy")) == ["09BEIJING200", "07TOKYO300"]


def test_filters_by_year(corpus: Store) -> None:
    assert ids(corpus.search("", year_from=2009)) == ["10STATE400", "09BEIJING200"]
    assert ids(corpus.search("", year_from=2008, year_to=2009)) == ["09BEIJING200", "08STATE100"]
    assert ids(corpus.search("missile", year_to=2008)) == ["08STATE100"]


def test_filters_by_origin_substring_ignoring_case(corpus: Store) -> None:
    assert ids(corpus.search("", origin="Embassy Beijing")) == ["09BEIJING200"]
    assert ids(corpus.search("", origin="BEIJING")) == ["09BEIJING200"]
    assert ids(corpus.search("missile", origin="state")) == ["08STATE100"]
    assert corpus.search("", origin="100%").total == 0


def test_filters_by_classification_ignoring_case(corpus: Store) -> None:
    assert ids(corpus.search("", classification="secret")) == ["10STATE400", "08STATE100"]
    assert ids(corpus.search("nuclear", classification="Unclassified")) == ["07TOKYO300"]


def test_filters_by_exact_tag(corpus: Store) -> None:
    assert ids(corpus.search("", tag="MNUC")) == ["08STATE100"]
    assert ids(corpus.search("missile", tag="CH")) == ["09BEIJING200"]
    assert corpus.search("", tag="MNU").total == 0


def test_paging_keeps_the_total(corpus: Store) -> None:
    first = corpus.search("", limit=3)
    rest = corpus.search("", limit=3, offset=3)
    past = corpus.search("", limit=3, offset=10)
    assert (first.total, rest.total, past.total) == (4, 4, 4)
    assert ids(first) + ids(rest) == ids(corpus.search(""))
    assert past.hits == []
    assert corpus.search("missile", offset=5).total == 2
