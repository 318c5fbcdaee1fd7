"""Classification lines as the releases print them, garbled ones included."""

from __future__ import annotations

import pytest

from reftel.reading.body import parse_body


@pytest.mark.parametrize(
    ("line", "classification", "serial"),
    [
        ("S E C R E T STATE 039690", "SECRET", "STATE 039690"),
        ("S e c r e t state 015220", "SECRET", "STATE 015220"),
        (
            "C O N F I D E N T I A L SECTION 01 OF 02 NEW DELHI 005135",
            "CONFIDENTIAL",
            "NEW DELHI 005135",
        ),
        ("SS E C R E T TUNIS 000679", "SECRET", "TUNIS 000679"),
        ("O N F I D E N T I A L BAGHDAD 000290", "CONFIDENTIAL", "BAGHDAD 000290"),
        ("UUNCLAS MANAGUA 001002", "UNCLASSIFIED", "MANAGUA 001002"),
        ("C O N F I D E N T I A L 75 LIBREVILLE 1895", "CONFIDENTIAL", "LIBREVILLE 1895"),
        ("LIMITED OFFICIAL USE ROME 04411", "LIMITED OFFICIAL USE", "ROME 04411"),
        ("SECRET//NOFORN STATE 1234", "SECRET", "STATE 1234"),
    ],
)
def test_classification_line(line: str, classification: str, serial: str) -> None:
    parts = parse_body(f"{line}\n\nSUBJECT: A TEST\n\n1. (U) TEXT OF THE CABLE.\n")
    assert (parts.classification, parts.serial) == (classification, serial)


def test_prose_is_no_classification_line() -> None:
    parts = parse_body("THE SECRETARY MET THE MINISTER ON MONDAY.\n\n1. TEXT.\n")
    assert parts.classification is None and parts.serial is None
