"""Readers for the real control-list files (EU Annex I as Norway's List II reproduces it, its
parsed fixture, and the US Commerce Control List), read in place to check the entries Reftel
ships against the lists' own text.

The EU text interleaves page headers, footers and page numbers with the entries, and marks a
page break inside an entry with a "1C111.a. continued" line; the reader drops the former and
joins the latter, so each entry's text reads as the list prints it.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path

_CODE = re.compile(r"^(?P<code>\d[A-E]\d{3})\b\s*(?P<rest>.*)$")
_CONTINUED = re.compile(r"^\s*\d[A-E]\d{3}[.\w]*\s+continued\s*$", re.IGNORECASE)
_PAGE_NOISE = re.compile(r"^\s*(?:CATEGORY \d+\s*[-–].*|\d{1,3}|\d{1,3}\s+\d{1,3})\s*$")


def eu_annex_entries(path: Path) -> dict[str, str]:
    """EU Annex I entry code (e.g. 1C202) -> its whole text, whitespace collapsed."""
    entries: dict[str, list[str]] = {}
    current: str | None = None
    for line in path.read_text("utf-8").splitlines():
        if _PAGE_NOISE.match(line) or _CONTINUED.match(line):
            continue
        head = _CODE.match(line)
        if head is not None:
            current = head["code"]
            entries.setdefault(current, []).append(head["rest"])
        elif current is not None:
            entries[current].append(line)
    return {code: " ".join(" ".join(lines).split()) for code, lines in entries.items()}


@dataclass(frozen=True)
class EuRegime:
    name: str
    low: int
    high: int


@dataclass(frozen=True)
class EuList:
    """The parsed fixture: the regimes by number range, and every entry code with the text of
    its first paragraph."""

    regimes: list[EuRegime]
    codes: dict[str, str]

    def regime_of(self, code: str) -> EuRegime | None:
        """The regime an EU number comes from, by the range its last three digits fall in."""
        digits = int(code[2:5])
        return next((r for r in self.regimes if r.low <= digits <= r.high), None)


def eu_regulations(path: Path) -> EuList:
    records = json.loads(path.read_text("utf-8"))
    regimes = [
        EuRegime(
            r["fields"]["name"], r["fields"]["number_range_min"], r["fields"]["number_range_max"]
        )
        for r in records
        if r["model"] == "regulations.regime"
    ]
    codes: dict[str, str] = {}
    for record in records:
        if record["model"] == "regulations.paragraph" and record["fields"]["depth"] == 1:
            code = record["fields"]["code"].rstrip(".")
            codes.setdefault(code, " ".join(record["fields"]["text"].split()))
    for record in records:
        if record["model"] == "regulations.regulation":
            codes.setdefault(record["fields"]["code"], "")
    return EuList(regimes=regimes, codes=codes)


@dataclass(frozen=True)
class CclParagraph:
    number: str
    """As the file writes it: the ECCN path upper-cased (1C202.A.1)."""
    parent: str
    description: str
    notes: str


def ccl_paragraphs(path: Path) -> dict[str, CclParagraph]:
    """CCL paragraph number (upper case, e.g. 1C202.A.1) -> its text."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            row["ecn_number"]: CclParagraph(
                number=row["ecn_number"],
                parent=row["parent_ecn"],
                description=" ".join(row["description_en"].split()),
                notes=row["notes"],
            )
            for row in csv.DictReader(handle)
        }


def ccl_number(number: str) -> str:
    """Our spelling of a CCL number (1C202.a) in the file's (1C202.A)."""
    return number.upper()


def ccl_reasons(path: Path) -> dict[str, list[str]]:
    """ECCN -> its reasons for control (NS, MT, NP, AT...) from the License Requirements."""
    reasons: dict[str, list[str]] = {}
    for category in json.loads(path.read_text("utf-8")):
        for group in category["product_groups"]:
            for eccn in group["eccn"]:
                found = re.search(r"Reasons? for Control:\*?\s*([A-Z ,]+)", eccn["details"])
                if found:
                    codes = [c.strip() for c in found.group(1).split(",") if c.strip()]
                    reasons[eccn["code"]] = codes
    return reasons
