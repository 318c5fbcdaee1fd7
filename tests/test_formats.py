"""Reading every supported format, archive and kind of damaged input through `read_paths`.

The inputs live in tests/cables/ (and the demo sample in samples/). All of them are invented
cables written in the dialects of the real releases: plain text with CRLF line ends and the
paragraph sign as latin-1 byte 0xB6, the WikiLeaks cable page, the backslash-escaped
Cablegate `cables.csv`, and the pipe-table export.
"""

from __future__ import annotations

import gzip
import random
import re
import shutil
import tarfile
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from reftel.reading import ReadError, read_paths
from reftel.record import Addressee, Cable, Paragraph

TESTS = Path(__file__).resolve().parent
CABLES = TESTS / "cables"
BAD = CABLES / "bad"
SAMPLES = TESTS.parent / "samples"

GOOD_ROWS_IN_BAD_CSVS = {
    "80ANKARA2904",
    "80TOKYO6618",
    "86BONN3318",
    "86STATE33519",
    "08SEOUL418",
    "08TOKYO602",
}
BAD_FILES = (
    "truncated.csv",
    "short_row.csv",
    "bad_date.csv",
    "binary.txt",
    "bad_utf8.html",
    "empty.txt",
)


# ---------------------------------------------------------------------------------- helpers


def read(*paths: Path | str, **options: str) -> tuple[list[Cable], list[ReadError]]:
    """Read paths to the end, checking that only Cables and ReadErrors come out."""
    cables: list[Cable] = []
    errors: list[ReadError] = []
    for item in read_paths([str(p) for p in paths], **options):
        if isinstance(item, Cable):
            cables.append(item)
        elif isinstance(item, ReadError):
            errors.append(item)
        else:
            pytest.fail(f"read_paths yielded a {type(item).__name__}: {item!r}")
    return cables, errors


def only_cable(path: Path | str, **options: str) -> Cable:
    cables, errors = read(path, **options)
    assert errors == []
    assert len(cables) == 1
    return cables[0]


def by_id(cables: list[Cable]) -> dict[str, Cable]:
    found = {c.id: c for c in cables}
    assert len(found) == len(cables), "the same id was read twice"
    return found


def norm(text: str) -> str:
    return " ".join(text.split())


def naive_utc(moment: datetime | None) -> datetime:
    assert moment is not None
    if moment.tzinfo is not None:
        offset = moment.utcoffset()
        assert offset is not None
        assert offset.total_seconds() == 0
    return moment.replace(tzinfo=None)


def minute(moment: datetime | None) -> tuple[int, int, int, int, int]:
    assert moment is not None
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute)


def addressee(a: Addressee | None) -> tuple[str, str | None, str | None, str | None]:
    assert a is not None
    return (a.name, a.precedence, a.routing, a.serial)


def refs(cable: Cable) -> list[tuple[str | None, str | None, str, bool]]:
    return [(r.letter, r.id, r.raw, r.year_inferred) for r in cable.references]


def numbered(cable: Cable) -> list[tuple[int | None, str | None]]:
    return [(p.number, p.marking) for p in cable.paragraphs]


def para(cable: Cable, number: int) -> Paragraph:
    found = cable.paragraph(number)
    assert found is not None, f"no paragraph {number} in {cable.id}"
    return found


def content(cable: Cable) -> dict[str, Any]:
    """The record without where it was read from, to compare one cable read two ways."""
    return cable.model_dump(exclude={"source"})


def error_for(errors: list[ReadError], name: str) -> ReadError:
    matching = [e for e in errors if Path(e.path.split("!")[-1]).name == name]
    assert len(matching) == 1, f"expected one error for {name}, got {[str(e) for e in errors]}"
    return matching[0]


def binary_fixture() -> bytes:
    """The bytes of bad/binary.txt: 384 seeded pseudo-random bytes, every 16th one a NUL."""
    rng = random.Random(20101128)
    data = bytearray(rng.getrandbits(8) for _ in range(384))
    for i in range(0, len(data), 16):
        data[i] = 0
    return bytes(data)


# ------------------------------------------------------------------ all-capitals 1970s cable


@pytest.fixture(scope="module")
def allcaps() -> Cable:
    return only_cable(CABLES / "allcaps_1970s.txt")


def test_allcaps_identity(allcaps: Cable) -> None:
    assert allcaps.id == "74NEWDELHI5821"
    assert allcaps.classification == "CONFIDENTIAL"
    assert allcaps.caveats == []
    assert allcaps.serial == "NEW DELHI 5821"
    assert allcaps.sections == []


def test_allcaps_routing_header(allcaps: Cable) -> None:
    assert allcaps.precedence == "IMMEDIATE"
    assert allcaps.dtg == "121530Z JUN 74"
    assert naive_utc(allcaps.dtg_utc) == datetime(1974, 6, 12, 15, 30)
    assert addressee(allcaps.from_) == ("AMEMBASSY NEW DELHI", None, None, None)
    assert [addressee(a) for a in allcaps.to] == [("SECSTATE WASHDC", "IMMEDIATE", None, "8214")]
    assert [addressee(a) for a in allcaps.info] == [
        ("AMEMBASSY MOSCOW", None, None, "1377"),
        ("AMEMBASSY LONDON", None, None, "2290"),
    ]


def test_allcaps_captions(allcaps: Cable) -> None:
    assert allcaps.tags == ["MNUC", "ENRG", "TECH", "IN", "UR"]
    assert allcaps.subject == (
        "NUCLEAR EXPORTS: GOI PURCHASING MISSION SEEKS HEAVY WATER AND ZIRCALOY TUBING "
        "FROM SOVIET AND EUROPEAN SOURCES"
    )
    assert allcaps.declassify_on == "12/31/1985"
    assert allcaps.classified_by == "DEPUTY CHIEF OF MISSION HAROLD W. PENNINGTON"


def test_allcaps_references(allcaps: Cable) -> None:
    assert refs(allcaps) == [
        ("A", "74STATE123456", "STATE 123456", True),
        ("B", "74MOSCOW4567", "MOSCOW 4567", True),
    ]


def test_allcaps_paragraphs(allcaps: Cable) -> None:
    assert numbered(allcaps) == [(1, None), (2, None), (3, None)]
    assert norm(para(allcaps, 1).text).startswith(
        "DEPARTMENT OF ATOMIC ENERGY (DAE) PURCHASING OFFICIALS TOLD SCIATT JUNE 11"
    )
    assert norm(para(allcaps, 1).text).endswith("ALREADY APPLIED TO THE REACTORS CONCERNED.")
    assert norm(para(allcaps, 2).text).startswith("SCIATT ASKED WHETHER GOI WOULD ACCEPT")
    assert norm(para(allcaps, 3).text).endswith("BEFORE IT REACHES VIENNA. END COMMENT.")
    # Captions are not paragraph text.
    assert all("CLASSIFIED BY" not in p.text for p in allcaps.paragraphs)


def test_allcaps_signer(allcaps: Cable) -> None:
    assert allcaps.signer == "KIRKWOOD"
    assert "KIRKWOOD" not in para(allcaps, 3).text


def test_allcaps_paragraph_offsets_point_into_body(allcaps: Cable) -> None:
    for p in allcaps.paragraphs:
        span = norm(allcaps.body[p.start : p.end])
        assert norm(p.text)[:60] in span


# ------------------------------------------------------------------------- 2000s cable


@pytest.fixture(scope="module")
def modern() -> Cable:
    return only_cable(CABLES / "modern_2000s.txt")


def test_modern_identity(modern: Cable) -> None:
    assert modern.id == "08BEIJING2917"
    assert modern.classification == "SECRET"
    assert modern.caveats == ["NOFORN", "SIPDIS"]
    assert modern.serial == "BEIJING 002917"
    assert modern.sections[0] == "SECTION 01 OF 02"


def test_modern_routing_header(modern: Cable) -> None:
    assert modern.precedence == "IMMEDIATE"
    assert modern.dtg == "300815Z JUL 08"
    assert naive_utc(modern.dtg_utc) == datetime(2008, 7, 30, 8, 15)
    assert addressee(modern.from_) == ("AMEMBASSY BEIJING", None, None, None)
    assert [addressee(a) for a in modern.to] == [("SECSTATE WASHDC", "IMMEDIATE", "RUEHC", "9143")]
    assert [addressee(a) for a in modern.info] == [
        ("CHINA POSTS COLLECTIVE", "PRIORITY", "RUEHOO", None),
        ("AMEMBASSY TOKYO", "PRIORITY", "RUEHKO", "4471"),
        ("NSC WASHDC", "PRIORITY", "RHEHNSC", None),
    ]


def test_modern_captions(modern: Cable) -> None:
    # TAGS run over two lines.
    assert modern.tags == ["PARM", "MTCRE", "ETTC", "KNNP", "PREL", "CH", "IR", "KN"]
    assert modern.subject == "PRC CUSTOMS DETAINS CARBON FIBER BOUND FOR MALAYSIA"
    assert modern.declassify_on == "07/29/2033"
    assert modern.classified_by is not None
    assert norm(modern.classified_by).startswith(
        "Acting Political Minister Counselor Ellen T. Marchetti."
    )


def test_modern_references(modern: Cable) -> None:
    assert refs(modern) == [
        ("A", "07BEIJING1234", "07 BEIJING 1234", False),
        ("B", "08STATE56789", "STATE 56789", True),
    ]


def test_modern_paragraph_markings(modern: Cable) -> None:
    assert numbered(modern) == [(1, "C"), (2, "S/NF"), (3, "S/NF"), (4, "C"), (5, "U")]
    assert norm(para(modern, 1).text).startswith("Summary: On July 28 the General Administration")
    assert norm(para(modern, 2).text).startswith("According to xxxxxxxxxxxx, the shipment")
    assert norm(para(modern, 5).text) == (
        "Embassy will report further developments. Ref A and Ref B are available on the "
        "Embassy's classified website."
    )
    for p in modern.paragraphs:
        assert not p.text.lstrip().startswith("("), f"marking left in paragraph {p.number}"
        assert "\u00b6" not in p.text


def test_modern_section_break_removed_from_paragraph(modern: Cable) -> None:
    text = norm(para(modern, 3).text)
    assert "002 OF 002" not in text
    assert "00002917" not in text
    assert "before it could seize the goods rather than merely hold them pending a licensing" in (
        text
    )
    assert text.endswith("pending a licensing decision.")
    # The break line itself stays in the body: offsets point at the text as written.
    assert "BEIJING 00002917  002 OF 002" in modern.body


def test_modern_latin1_text_decoded(modern: Cable) -> None:
    assert "\ufffd" not in modern.body
    assert "Iran's Sepehr Dynamics Industrial Group" in norm(para(modern, 2).text)


def test_modern_redaction(modern: Cable) -> None:
    assert [modern.body[r.start : r.end] for r in modern.redactions] == ["xxxxxxxxxxxx"]
    second = para(modern, 2)
    assert second.start <= modern.redactions[0].start < second.end


def test_modern_signer(modern: Cable) -> None:
    assert modern.signer == "HARRINGTON"
    assert "HARRINGTON" not in para(modern, 5).text


# ----------------------------------------------------------------------------- bad input


def test_truncated_csv_costs_only_its_row() -> None:
    cables, errors = read(BAD / "truncated.csv")
    assert [c.id for c in cables] == ["80ANKARA2904", "80TOKYO6618"]
    assert len(errors) == 1
    error = errors[0]
    assert error.path.endswith("truncated.csv")
    assert error.record == 2
    assert error.field == "body"
    assert error.message
    rendered = str(error)
    assert "truncated.csv" in rendered
    assert re.search(r"\b2\b", rendered)
    assert "body" in rendered


def test_truncated_csv_neighbours_are_whole() -> None:
    cables, _ = read(BAD / "truncated.csv")
    ankara, tokyo = by_id(cables)["80ANKARA2904"], by_id(cables)["80TOKYO6618"]

    assert minute(ankara.created) == (1980, 4, 14, 8, 22)
    assert ankara.classification == "CONFIDENTIAL"
    assert ankara.serial == "ANKARA 2904"
    assert ankara.precedence == "ROUTINE"
    assert [(r.id, r.raw) for r in ankara.references] == [("80STATE96312", "STATE 96312")]
    assert numbered(ankara) == [(1, None), (2, None)]
    assert ankara.signer == "ESTERBROOK"

    assert minute(tokyo.created) == (1980, 4, 14, 11, 40)
    assert tokyo.classification == "UNCLASSIFIED"
    assert tokyo.precedence == "PRIORITY"
    assert tokyo.subject == "MITI ANNOUNCES TIGHTER SCREENING OF MACHINE TOOL EXPORTS"
    assert numbered(tokyo) == [(1, None), (2, None)]
    assert tokyo.signer == "MANSELL"
    # Nothing of the truncated row leaked into its neighbour.
    assert "FREQUENCY INVERTERS" not in tokyo.body
    assert "ISLAMABAD" not in tokyo.header


def test_short_row_csv_names_missing_columns() -> None:
    cables, errors = read(BAD / "short_row.csv")
    assert [c.id for c in cables] == ["86BONN3318", "86STATE33519"]
    assert len(errors) == 1
    error = errors[0]
    assert error.path.endswith("short_row.csv")
    assert error.record == 2
    assert error.field is not None
    assert error.field.startswith("header")
    rendered = str(error)
    assert "short_row.csv" in rendered
    assert "header" in rendered
    assert "body" in rendered

    bonn, state = by_id(cables)["86BONN3318"], by_id(cables)["86STATE33519"]
    assert minute(bonn.created) == (1986, 2, 3, 14, 10)
    assert bonn.classification == "CONFIDENTIAL"
    assert bonn.declassify_on == "OADR"
    assert bonn.signer == "WOLCOTT"
    assert minute(state.created) == (1986, 2, 4, 9, 30)
    assert addressee(state.from_) == ("SECSTATE WASHDC", None, None, None)
    assert [(r.id, r.raw) for r in state.references] == [("86BONN3318", "BONN 3318")]


def test_bad_date_csv_names_created_field() -> None:
    cables, errors = read(BAD / "bad_date.csv")
    assert [c.id for c in cables] == ["08SEOUL418", "08TOKYO602"]
    assert len(errors) == 1
    error = errors[0]
    assert error.path.endswith("bad_date.csv")
    assert error.record == 2
    assert error.field == "created"
    assert "created" in str(error)

    seoul, tokyo = by_id(cables)["08SEOUL418"], by_id(cables)["08TOKYO602"]
    assert minute(seoul.created) == (2008, 3, 3, 10, 2)
    assert seoul.classification == "CONFIDENTIAL"
    assert numbered(seoul) == [(1, "C"), (2, "U")]
    assert [addressee(a) for a in seoul.to] == [("SECSTATE WASHDC", None, "RUEHC", "7719")]
    assert minute(tokyo.created) == (2008, 3, 4, 7, 15)
    assert tokyo.classification == "UNCLASSIFIED"
    assert tokyo.precedence == "PRIORITY"
    assert tokyo.signer == "SCHAEFFER"


def test_binary_file_is_an_error() -> None:
    data = (BAD / "binary.txt").read_bytes()
    assert data == binary_fixture()
    assert b"\x00" in data
    cables, errors = read(BAD / "binary.txt")
    assert cables == []
    assert len(errors) == 1
    assert errors[0].path.endswith("binary.txt")
    assert "binary.txt" in str(errors[0])


def test_empty_file_is_an_error() -> None:
    assert (BAD / "empty.txt").read_bytes() == b""
    cables, errors = read(BAD / "empty.txt")
    assert cables == []
    assert len(errors) == 1
    assert errors[0].path.endswith("empty.txt")


def test_invalid_utf8_page_is_an_error() -> None:
    data = (BAD / "bad_utf8.html").read_bytes()
    assert data.startswith(b"<?xml version='1.0' encoding='utf-8' ?>")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    cables, errors = read(BAD / "bad_utf8.html")
    assert cables == []
    assert len(errors) == 1
    assert errors[0].path.endswith("bad_utf8.html")
    assert "bad_utf8.html" in str(errors[0])


def test_invalid_utf8_page_reads_with_explicit_legacy_encoding() -> None:
    cable = only_cable(BAD / "bad_utf8.html", encoding="cp1252")
    assert cable.id == "09PARIS1642"
    assert cable.classification == "CONFIDENTIAL"
    assert cable.precedence == "PRIORITY"
    assert cable.serial == "PARIS 001642"
    assert cable.subject == "FRENCH CUSTOMS DETAIN VALVES BOUND FOR KUALA LUMPUR"
    # The legacy bytes decode as the characters they stand for in cp1252. (The page's valid
    # UTF-8 paragraph signs become mojibake under cp1252, so numbering is not checked here.)
    assert "Soci\u00e9t\u00e9 Normande de Robinetterie" in norm(cable.body)
    assert "The manufacturer\u2019s export manager" in norm(cable.body)
    assert cable.signer == "ABERNATHY"


def test_bad_directory_never_raises_and_keeps_good_rows() -> None:
    cables, errors = read(BAD)
    assert {c.id for c in cables} == GOOD_ROWS_IN_BAD_CSVS
    for name in BAD_FILES:
        error_for(errors, name)
    assert error_for(errors, "truncated.csv").record == 2
    assert error_for(errors, "short_row.csv").record == 2
    assert error_for(errors, "bad_date.csv").field == "created"


# ------------------------------------------------------------------ directories, archives


def test_directory_is_read_recursively(tmp_path: Path, allcaps: Cable, modern: Cable) -> None:
    # The format cables at the top and the bad ones one level down; other stages' folders
    # of test cables are left out so the expected set stays this test's own.
    tree = tmp_path / "cables"
    shutil.copytree(CABLES, tree, ignore=_other_stages)
    cables, errors = read(tree)
    found = by_id(cables)
    assert set(found) == GOOD_ROWS_IN_BAD_CSVS | {"74NEWDELHI5821", "08BEIJING2917"}
    assert content(found["74NEWDELHI5821"]) == content(allcaps)
    assert content(found["08BEIJING2917"]) == content(modern)
    assert {Path(e.path).name for e in errors} == set(BAD_FILES)


def _other_stages(folder: str, names: list[str]) -> list[str]:
    if Path(folder) != CABLES:
        return []
    return [name for name in names if (CABLES / name).is_dir() and name != BAD.name]


def _archive_members() -> dict[str, Path]:
    return {
        "cables/allcaps_1970s.txt": CABLES / "allcaps_1970s.txt",
        "cables/modern_2000s.txt": CABLES / "modern_2000s.txt",
        "cables/bad/truncated.csv": BAD / "truncated.csv",
    }


def _check_archive_contents(cables: list[Cable], errors: list[ReadError], name: str) -> None:
    found = by_id(cables)
    assert set(found) == {"74NEWDELHI5821", "08BEIJING2917", "80ANKARA2904", "80TOKYO6618"}
    assert numbered(found["08BEIJING2917"]) == [
        (1, "C"),
        (2, "S/NF"),
        (3, "S/NF"),
        (4, "C"),
        (5, "U"),
    ]
    assert found["74NEWDELHI5821"].signer == "KIRKWOOD"
    assert len(errors) == 1
    assert name in errors[0].path
    assert "truncated.csv" in errors[0].path
    assert errors[0].record == 2
    assert errors[0].field == "body"
    for cable in cables:
        assert cable.source is not None
        assert name in cable.source.path


def test_zip_archive(tmp_path: Path, allcaps: Cable) -> None:
    archive = tmp_path / "cables.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for member, source in _archive_members().items():
            zf.write(source, member)
    cables, errors = read(archive)
    _check_archive_contents(cables, errors, "cables.zip")
    assert content(by_id(cables)["74NEWDELHI5821"]) == content(allcaps)


def test_tar_gz_archive(tmp_path: Path, modern: Cable) -> None:
    archive = tmp_path / "cables.tar.gz"
    with tarfile.open(archive, "w:gz") as tf:
        for member, source in _archive_members().items():
            tf.add(source, arcname=member)
    cables, errors = read(archive)
    _check_archive_contents(cables, errors, "cables.tar.gz")
    assert content(by_id(cables)["08BEIJING2917"]) == content(modern)


def test_gzip_single_file(tmp_path: Path, modern: Cable) -> None:
    packed = tmp_path / "modern_2000s.txt.gz"
    packed.write_bytes(gzip.compress((CABLES / "modern_2000s.txt").read_bytes()))
    cable = only_cable(packed)
    assert content(cable) == content(modern)


def test_gzip_csv_keeps_record_numbers(tmp_path: Path) -> None:
    packed = tmp_path / "short_row.csv.gz"
    packed.write_bytes(gzip.compress((BAD / "short_row.csv").read_bytes()))
    cables, errors = read(packed)
    assert [c.id for c in cables] == ["86BONN3318", "86STATE33519"]
    assert len(errors) == 1
    assert errors[0].record == 2
    assert "short_row.csv" in errors[0].path


def test_several_paths_in_one_call(allcaps: Cable, modern: Cable) -> None:
    cables, errors = read(
        CABLES / "allcaps_1970s.txt", BAD / "empty.txt", CABLES / "modern_2000s.txt"
    )
    assert [c.id for c in cables] == ["74NEWDELHI5821", "08BEIJING2917"]
    assert [Path(e.path).name for e in errors] == ["empty.txt"]


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    cables, errors = read(tmp_path / "no-such-file.txt")
    assert cables == []
    assert len(errors) == 1
    assert "no-such-file.txt" in errors[0].path


# --------------------------------------------------------------------------- fmt forcing


def test_fmt_text_overrides_file_name(tmp_path: Path, allcaps: Cable) -> None:
    misnamed = tmp_path / "allcaps.csv"
    shutil.copyfile(CABLES / "allcaps_1970s.txt", misnamed)
    cable = only_cable(misnamed, fmt="text")
    assert content(cable) == content(allcaps)
    assert cable.source is not None
    assert cable.source.format == "text"


def test_fmt_csv_overrides_file_name(tmp_path: Path) -> None:
    misnamed = tmp_path / "rows.txt"
    shutil.copyfile(BAD / "short_row.csv", misnamed)
    cables, errors = read(misnamed, fmt="csv")
    assert [c.id for c in cables] == ["86BONN3318", "86STATE33519"]
    assert [e.record for e in errors] == [2]
    for cable in cables:
        assert cable.source is not None
        assert cable.source.format == "csv"


def test_fmt_html_reads_a_page_under_any_name(tmp_path: Path) -> None:
    misnamed = tmp_path / "page.txt"
    shutil.copyfile(SAMPLES / "2007-beijing-missile-parts.html", misnamed)
    cable = only_cable(misnamed, fmt="html")
    assert cable.id == "07BEIJING6247"
    assert cable.source is not None
    assert cable.source.format == "html"


def test_wrong_forced_format_is_an_error_not_a_crash() -> None:
    cables, errors = read(CABLES / "allcaps_1970s.txt", fmt="csv")
    assert cables == []
    assert errors
    assert all(e.path.endswith("allcaps_1970s.txt") for e in errors)


# ------------------------------------------------------------------- the bundled demo sample


SAMPLE_IDS = {
    "75TEHRAN2418",
    "78STATE244163",
    "84VIENNA12085",
    "06DUBAI3427",
    "07BEIJING6247",
    "08STATE61274",
    "09KUALALUMPUR93",
}


@pytest.fixture(scope="module")
def samples() -> dict[str, Cable]:
    cables, errors = read(SAMPLES)
    assert [str(e) for e in errors] == []
    return by_id(cables)


def test_samples_read_cleanly(samples: dict[str, Cable]) -> None:
    assert set(samples) == SAMPLE_IDS
    for cable in samples.values():
        assert "\ufffd" not in cable.body
        assert cable.paragraphs
        assert cable.signer


def test_sample_1975_all_caps(samples: dict[str, Cable]) -> None:
    cable = samples["75TEHRAN2418"]
    assert cable.classification == "CONFIDENTIAL"
    assert cable.precedence == "ROUTINE"
    assert cable.dtg == "180935Z MAR 75"
    assert naive_utc(cable.dtg_utc) == datetime(1975, 3, 18, 9, 35)
    assert [addressee(a) for a in cable.to] == [("SECSTATE WASHDC", None, None, "612")]
    assert [a.name for a in cable.info] == ["AMEMBASSY LONDON", "AMEMBASSY BONN"]
    assert cable.serial == "TEHRAN 2418"
    assert cable.sections == ["SECTION 1 OF 2"]
    assert cable.tags == ["ESTC", "MNUC", "TECH", "IR", "GW"]
    assert refs(cable) == [
        ("A", "75STATE58214", "STATE 058214", True),
        ("B", "75BONN3906", "BONN 3906", True),
    ]
    assert numbered(cable) == [(None, None)] + [(n, None) for n in range(1, 7)]
    assert "HOLZMANN-REINER MASCHINENBAU HAS OFFERED" in norm(cable.paragraphs[0].text)
    third = norm(para(cable, 3).text)
    assert "PAGE 02" not in third
    assert "AS WELL AS FOR GAS CENTRIFUGE ROTOR TUBES" in third
    assert "QTE CARRYING WATER FOR TWO MASTERS UNQTE" in norm(para(cable, 4).text)
    assert cable.signer == "CARLTON"


def test_sample_csv_rows(samples: dict[str, Cable]) -> None:
    state = samples["78STATE244163"]
    assert minute(state.created) == (1978, 9, 26, 22, 14)
    assert addressee(state.from_) == ("SECSTATE WASHDC", None, None, None)
    assert [addressee(a) for a in state.to] == [("AMEMBASSY BONN", "IMMEDIATE", None, "4410")]
    assert [(r.letter, r.id, r.raw) for r in state.references] == [
        ("A", "78BONN18877", "BONN 18877"),
        ("B", "78STATE223410", "STATE 223410"),
    ]
    assert '"TEXTILE MACHINERY WORKSHOP"' in para(state, 1).text
    assert "FIRM'S NAME" in norm(para(state, 4).text)

    vienna = samples["84VIENNA12085"]
    assert vienna.declassify_on == "OADR"
    assert [r.id for r in vienna.references] == ["84STATE318822", "84VIENNA11376"]

    dubai = samples["06DUBAI3427"]
    assert dubai.classification == "SECRET"
    assert "NOFORN" in dubai.caveats
    assert [(r.letter, r.id) for r in dubai.references] == [
        ("A", "06STATE88104"),
        ("B", "06DUBAI2981"),
    ]
    assert numbered(dubai) == [
        (1, "S/NF"),
        (2, "S/NF"),
        (3, "S/NF"),
        (4, "C"),
        (5, "S/NF"),
        (6, "U"),
    ]
    assert "002 OF 002" not in para(dubai, 3).text


def test_sample_html_page(samples: dict[str, Cable]) -> None:
    cable = samples["07BEIJING6247"]
    assert minute(cable.created) == (2007, 10, 12, 9, 41)
    assert cable.classification == "SECRET"
    assert set(cable.caveats) >= {"NOFORN", "SIPDIS"}
    assert cable.tags == ["PARM", "MTCRE", "ETTC", "PREL", "CH", "IR", "AE"]
    assert refs(cable) == [
        ("A", "07BEIJING4418", "07 BEIJING 4418", False),
        ("B", "07STATE118305", "STATE 118305", True),
        ("C", "06DUBAI3427", "06 DUBAI 3427", False),
    ]
    assert numbered(cable) == [
        (1, "C"),
        (2, "S/NF"),
        (3, "C"),
        (4, "C"),
        (5, "SBU"),
        (6, "S/NF"),
        (7, "SBU"),
    ]
    assert "002 OF 002" not in para(cable, 4).text
    assert [cable.body[r.start : r.end] for r in cable.redactions] == ["xxxxxxxxxxxx"] * 2
    assert cable.signer == "HARRINGTON"


def test_sample_demarche_and_reply(samples: dict[str, Cable]) -> None:
    demarche = samples["08STATE61274"]
    assert demarche.classification == "SECRET"
    assert demarche.precedence == "IMMEDIATE"
    assert demarche.serial == "STATE 061274"
    assert [addressee(a) for a in demarche.to] == [
        ("AMEMBASSY KUALA LUMPUR", "IMMEDIATE", None, None)
    ]
    assert numbered(demarche) == [
        (1, None),
        (2, "S"),
        (3, "S"),
        (4, "S"),
        (5, "S"),
        (6, "U"),
        (7, "S"),
        (8, "U"),
        (9, "U"),
    ]
    assert demarche.signer == "HOLLOWAY"
    assert "NNNN" not in para(demarche, 9).text
    assert demarche.poc is not None
    assert demarche.poc.phone == "202-647-0000"
    assert demarche.slugs == ["ISN", "EAP"]

    reply = samples["09KUALALUMPUR93"]
    assert reply.serial == "KUALA LUMPUR 000093"
    assert refs(reply) == [(None, "08STATE61274", "08 STATE 61274", False)]
    assert reply.references[0].id == demarche.id
    assert numbered(reply) == [
        (1, "S"),
        (2, "S"),
        (3, "S"),
        (4, "S"),
        (5, "C"),
        (6, "C"),
        (7, "U"),
    ]
    assert "00000093" not in para(reply, 4).text
    assert reply.signer == "RAFFERTY"
