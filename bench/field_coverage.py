"""Share of cables in which each field was found, and where a field is visible but missed.

Usage: python bench/field_coverage.py [PATH ...]   (default: ../shared/data/cables)

"Visible" is judged by a deliberately naive look at the raw text (a caption word, a marked
paragraph), independent of the parser, so the list shows where the parser falls short.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from pathlib import Path

from reftel.reading import ReadError, read_paths
from reftel.record import Cable

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "cables"

Check = tuple[Callable[[Cable], bool], Callable[[Cable], bool]]
FIELDS: dict[str, Check] = {
    "subject": (
        lambda c: c.subject is not None,
        lambda c: re.search(r"(?im)^\s*SUBJ(?:ECT)?\s*:", c.body) is not None,
    ),
    "tags": (
        lambda c: bool(c.tags),
        lambda c: re.search(r"(?im)^\s*TAGS\b", c.body) is not None,
    ),
    "references": (
        lambda c: bool(c.references),
        lambda c: re.search(r"(?im)^\s*REF(?:S|TELS?)?\s*:", c.body) is not None,
    ),
    "paragraph markings": (
        lambda c: any(p.marking for p in c.paragraphs),
        lambda c: (
            re.search(r"(?m)^\s*¶?\s*\d{1,2}\.\s+\((?:C|S|U|SBU|S/NF|C/NF)\)", c.body) is not None
        ),
    ),
    "signer": (
        lambda c: c.signer is not None,
        lambda c: re.search(r"\n\s*[A-Z][A-Za-z]+\s*$", c.body.rstrip()) is not None,
    ),
    "classification line": (
        lambda c: c.serial is not None,
        lambda c: True,
    ),
    "dtg": (lambda c: c.dtg is not None, lambda c: bool(re.search(r"\d{6}Z", c.header))),
    "from/to": (lambda c: c.from_ is not None and bool(c.to), lambda c: "FM " in c.header),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(DEFAULT)])
    args = parser.parse_args()
    cables: list[Cable] = []
    errors = 0
    for item in read_paths(args.paths):
        if isinstance(item, ReadError):
            errors += 1
            print(f"error: {item}")
        else:
            cables.append(item)
    print(f"{len(cables)} cables read, {errors} errors")
    print(f"{'field':<20} {'found':>6} {'share':>7}  missed though visible")
    for name, (found, visible) in FIELDS.items():
        hits = sum(1 for c in cables if found(c))
        missed = sorted(c.id for c in cables if not found(c) and visible(c))
        share = hits / len(cables) if cables else 0.0
        print(f"{name:<20} {hits:>6} {share:>7.1%}  {len(missed)}: {' '.join(missed)}")


if __name__ == "__main__":
    main()
