"""The command line end to end, as a user runs it: a real process, a real database."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from reftel.store import Store

TESTS = Path(__file__).resolve().parent
CABLES = TESTS / "cables"
SAMPLES = TESTS.parent / "samples"


def reftel(
    *args: str, db: str | None = None, stdin: bytes | None = None
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, COLUMNS="200")
    if db is not None:
        env["REFTEL_DB"] = db
    return subprocess.run(
        [sys.executable, "-m", "reftel", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_ingest_is_idempotent_and_updates_changed_cables(db_url: str, tmp_path: Path) -> None:
    first = reftel("ingest", str(SAMPLES), db=db_url)
    assert first.returncode == 0, first.stderr
    assert "added" in first.stderr
    with Store.open(db_url) as store:
        ids = store.ids()
        assert len(ids) == 7
        before = {i: store.get(i) for i in ids}

    again = reftel("ingest", str(SAMPLES), db=db_url)
    assert again.returncode == 0, again.stderr
    summary = again.stderr.splitlines()
    row = next(line for line in summary if line.strip().startswith("│"))
    assert [cell.strip() for cell in row.strip("│ ").split("│")] == ["0", "0", "7", "0", "0"]
    with Store.open(db_url) as store:
        assert {i: store.get(i) for i in store.ids()} == before

    changed = tmp_path / "reply.txt"
    text = (SAMPLES / "2009-kuala-lumpur-reply.txt").read_text("utf-8")
    changed.write_text(text.replace("carbon fiber", "carbon-fibre"), "utf-8")
    third = reftel("ingest", str(changed), db=db_url)
    assert third.returncode == 0, third.stderr
    with Store.open(db_url) as store:
        assert len(store.ids()) == 7
        updated = store.get("09KUALALUMPUR93")
        assert updated is not None and "carbon-fibre" in updated.body


def test_bad_input_is_named_and_the_rest_is_stored(db_url: str, tmp_path: Path) -> None:
    done = reftel("ingest", str(CABLES / "bad"), db=db_url)
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert any("truncated.csv: record 2" in e and "field 'body'" in e for e in errors)
    assert any("short_row.csv: record 2" in e and "header" in e for e in errors)
    assert any("bad_date.csv: record 2" in e and "field 'created'" in e for e in errors)
    assert any("binary.txt" in e and "binary data" in e for e in errors)
    assert any("bad_utf8.html" in e and "invalid UTF-8" in e for e in errors)
    assert any("empty.txt" in e and "empty" in e for e in errors)
    with Store.open(db_url) as store:
        assert sorted(store.ids()) == sorted(
            [
                "80ANKARA2904",
                "80TOKYO6618",
                "86BONN3318",
                "86STATE33519",
                "08SEOUL418",
                "08TOKYO602",
            ]
        )


def test_show_and_search_with_filters(db_url: str) -> None:
    assert reftel("ingest", str(SAMPLES), db=db_url).returncode == 0
    shown = reftel("show", "08STATE61274", "--json", db=db_url)
    assert shown.returncode == 0, shown.stderr
    record = json.loads(shown.stdout)
    assert record["id"] == "08STATE61274"
    assert record["talking_points"][0]["marking"] == "SECRET REL MALAYSIA"

    found = reftel("search", "carbon fiber", "--json", db=db_url)
    hits = json.loads(found.stdout)
    assert {"08STATE61274", "09KUALALUMPUR93"} <= {h["cable_id"] for h in hits["hits"]}

    secret_2008 = reftel(
        "search",
        "carbon fiber",
        "--classification",
        "SECRET",
        "--from",
        "2008",
        "--to",
        "2008",
        "--json",
        db=db_url,
    )
    assert [h["cable_id"] for h in json.loads(secret_2008.stdout)["hits"]] == ["08STATE61274"]

    by_tag = reftel("search", "--tag", "MNUC", "--ids", db=db_url)
    assert by_tag.returncode == 0
    assert "75TEHRAN2418" in by_tag.stdout.split()

    missing = reftel("show", "99NOWHERE1", db=db_url)
    assert missing.returncode == 1
    assert "no cable '99NOWHERE1'" in missing.stderr


def test_parse_reads_stdin_and_forced_formats(tmp_path: Path) -> None:
    data = (CABLES / "allcaps_1970s.txt").read_text("ascii")
    done = reftel("parse", "-", "--json", stdin=data)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["id"] == "74NEWDELHI5821"

    disguised = tmp_path / "cable.dat"
    shutil.copy(SAMPLES / "cables.csv", disguised)
    forced = reftel("parse", str(disguised), "--format", "csv", "--json")
    assert forced.returncode == 0, forced.stderr
    assert len(forced.stdout.splitlines()) == 3

    wrong = reftel("parse", str(disguised), "--format", "pdf")
    assert wrong.returncode == 2
    assert "unknown format 'pdf'" in wrong.stderr


def test_extract_prints_one_object_per_cable_with_ids_that_resolve() -> None:
    done = reftel("extract", str(SAMPLES / "cables.csv"), "--json")
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["cable"] for line in lines] == ["78STATE244163", "84VIENNA12085", "06DUBAI3427"]
    for facts in lines:
        assert set(facts) == {"cable", "entities", "goods", "events", "relations"}
        ids = {e["id"] for e in facts["entities"]} | {g["id"] for g in facts["goods"]}
        for event in facts["events"]:
            roles = [event[k] for k in ("seller", "buyer", "intermediary", "item") if event[k]]
            assert set(roles) <= ids
            assert all(s["cable"] == facts["cable"] for s in event["sources"])
        for relation in facts["relations"]:
            assert {relation["subject"], relation["object"]} <= ids
    dubai = next(line for line in lines if line["cable"] == "06DUBAI3427")
    names = {e["name"] for e in dubai["entities"]}
    assert "Arvand Pouya General Trading LLC" in names


def test_every_command_help_is_unwrapped_paragraphs() -> None:
    """Help text reflows to the terminal: no line break of the source survives inside a
    paragraph, in the top-level commands or those of a group."""
    import re

    import typer

    from reftel.cli.main import app

    def helps(typer_app: typer.Typer) -> list[str]:
        found = [c.help or "" for c in typer_app.registered_commands]
        for group in typer_app.registered_groups:
            assert group.typer_instance is not None
            found += helps(group.typer_instance)
        return found

    texts = helps(app)
    assert len(texts) > 30 and all(texts)
    assert [t for t in texts if re.search(r"(?<!\n)\n(?!\n)", t)] == []
