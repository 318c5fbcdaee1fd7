"""Designation lists read into one shape, whatever format they come in.

Loaders: the UN Security Council Consolidated List XML, OFAC's SDN list as the legacy CSV set
(sdn.csv, alt.csv, add.csv, sdn_comments.csv) or as XML, OpenSanctions / FollowTheMoney JSON
lines, a simple CSV, and Reftel's own JSON (the starter list). Every entry keeps its id as the
list writes it (`IRe.067`, `9349`), its names, programs, the authority it was designated
under, the date, the reason the list gives, countries, identifiers and the links to other
parties the list states ('X is a cover name for Y', 'Linked To: ...').

A malformed file raises `ListError` naming the file, the record and the field.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from followthemoney.types import registry
from lxml import etree

from reftel.resolution.names import split_aliases

__all__ = [
    "FORMATS",
    "Link",
    "ListEntry",
    "ListError",
    "LoadedList",
    "detect_format",
    "load_list",
    "starter_list",
]

FORMATS = ("un-xml", "ofac-csv", "ofac-xml", "ftm-json", "csv", "reftel-json")


class ListError(Exception):
    """A designation list that cannot be read, with where and why."""


@dataclass
class Link:
    """A tie to another party, as the list states it."""

    type: str
    target: str
    """The other party's name or acronym as written."""
    text: str
    """The list's own words."""
    target_entry: str | None = None
    """The other party's entry id, where the list gives it."""


@dataclass
class ListEntry:
    entry_id: str
    type: str
    """person | organization | vessel | aircraft | other"""
    name: str
    aliases: list[str] = field(default_factory=list)
    weak_aliases: list[str] = field(default_factory=list)
    """Aliases the list itself marks as weak or low quality: never matched alone."""
    programs: list[str] = field(default_factory=list)
    authority: str | None = None
    listed_on: str | None = None
    reason: str | None = None
    countries: list[str] = field(default_factory=list)
    identifiers: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    source: str | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def names(self) -> list[str]:
        """The entry's name and strong aliases, with parenthesised acronyms split off."""
        found: list[str] = []
        for name in [self.name, *self.aliases]:
            found.extend(split_aliases(name))
        return list(dict.fromkeys(found))


@dataclass
class LoadedList:
    format: str
    source: str
    list_date: str | None
    entries: list[ListEntry]


def _country(value: str | None) -> str | None:
    if not value or not value.strip():
        return None
    code = registry.country.clean(value.strip())
    return code.upper() if code else None


@cache
def _link_patterns() -> list[tuple[str, re.Pattern[str]]]:
    text = resources.files("reftel").joinpath("data/designations/link_phrases.json")
    data = json.loads(text.read_text("utf-8"))
    return [(p["type"], re.compile(p["pattern"], re.IGNORECASE)) for p in data["patterns"]]


def links_in(text: str | None) -> list[Link]:
    """The ties to other parties stated in an entry's remarks."""
    if not text:
        return []
    found: list[Link] = []
    for kind, pattern in _link_patterns():
        for match in pattern.finditer(text):
            target = match.group("target").strip(" .,'\"")
            if target and len(target) <= 120:
                found.append(Link(kind, target, match.group(0).strip()))
    return found


def detect_format(path: Path) -> str:
    """The format of a list file or folder, from its name and first bytes."""
    if path.is_dir():
        if (path / "sdn.csv").exists() or (path / "SDN.CSV").exists():
            return "ofac-csv"
        raise ListError(f"{path}: a folder must hold OFAC's sdn.csv (and alt, add, comments)")
    head = path.read_bytes()[:4096].decode("utf-8", "replace").lstrip("\ufeff \r\n\t")
    if head.startswith("<"):
        if "CONSOLIDATED_LIST" in head:
            return "un-xml"
        if "sdnList" in head:
            return "ofac-xml"
        raise ListError(f"{path}: XML that is neither a UN consolidated list nor an OFAC sdnList")
    if head.startswith("{"):
        first = head.splitlines()[0]
        if '"schema"' in first:
            return "ftm-json"
        if '"entries"' in head:
            return "reftel-json"
        raise ListError(f"{path}: JSON without 'schema' (FtM lines) or 'entries' (Reftel list)")
    if path.name.lower() == "sdn.csv":
        return "ofac-csv"
    return "csv"


def load_list(path: Path | str, fmt: str | None = None) -> LoadedList:
    """Read a list file or folder in any supported format."""
    path = Path(path)
    if not path.exists():
        raise ListError(f"{path}: no such file or folder")
    fmt = fmt or detect_format(path)
    if fmt not in FORMATS:
        raise ListError(f"{path}: unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    loader = {
        "un-xml": _load_un,
        "ofac-csv": _load_ofac_csv,
        "ofac-xml": _load_ofac_xml,
        "ftm-json": _load_ftm,
        "csv": _load_csv,
        "reftel-json": _load_reftel,
    }[fmt]
    try:
        return loader(path)
    except (etree.XMLSyntaxError, UnicodeDecodeError, json.JSONDecodeError, csv.Error) as error:
        raise ListError(f"{path}: not readable as {fmt}: {error}") from error


# UN Security Council Consolidated List ---------------------------------------------------


@cache
def _un_regimes() -> dict[str, Any]:
    text = resources.files("reftel").joinpath("data/designations/un_regimes.json")
    data: dict[str, Any] = json.loads(text.read_text("utf-8"))
    return data


def _un_authority(regime: str | None, listed_on: str | None) -> str | None:
    data = _un_regimes()
    for annex in data["annexes"]:
        if annex["regime"] == regime and annex["listed_on"] == listed_on:
            return str(annex["authority"])
    known = data["regimes"].get(regime or "")
    return str(known["authority"]) if known else None


def _text(node: etree._Element, tag: str) -> str | None:
    child = node.find(tag)
    if child is None or child.text is None:
        return None
    return " ".join(child.text.split()) or None


def _load_un(path: Path) -> LoadedList:
    root = etree.parse(str(path)).getroot()
    entries: list[ListEntry] = []
    for kind, tag in (("person", "INDIVIDUAL"), ("organization", "ENTITY")):
        for number, node in enumerate(root.iter(tag), start=1):
            ref = _text(node, "REFERENCE_NUMBER")
            if not ref:
                raise ListError(f"{path}: {tag} {number}: field 'REFERENCE_NUMBER' is empty")
            parts = [_text(node, f) for f in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME")]
            name = " ".join(p for p in parts if p)
            if not name:
                raise ListError(f"{path}: {tag} {ref}: field 'FIRST_NAME' is empty")
            aliases: list[str] = []
            weak: list[str] = []
            for alias in node.iter(f"{tag}_ALIAS"):
                alias_name = _text(alias, "ALIAS_NAME")
                if alias_name:
                    quality = (_text(alias, "QUALITY") or "").lower()
                    (weak if quality == "low" else aliases).append(alias_name)
            countries = {
                c
                for sub in ("NATIONALITY/VALUE", f"{tag}_ADDRESS/COUNTRY")
                for el in node.findall(sub)
                if (c := _country(el.text))
            }
            identifiers = [n for doc in node.iter(f"{tag}_DOCUMENT") if (n := _text(doc, "NUMBER"))]
            dob = [
                v
                for d in node.iter(f"{tag}_DATE_OF_BIRTH")
                if (v := _text(d, "DATE") or _text(d, "YEAR"))
            ]
            regime = _text(node, "UN_LIST_TYPE")
            listed = _text(node, "LISTED_ON")
            comments = _text(node, "COMMENTS1")
            designation = " ".join(
                " ".join(v.text.split()) for v in node.findall("DESIGNATION/VALUE") if v.text
            )
            reason = " ".join(x for x in (comments, designation) if x) or None
            program = _un_regimes()["regimes"].get(regime or "", {}).get("program", regime)
            entries.append(
                ListEntry(
                    entry_id=ref,
                    type=kind,
                    name=name,
                    aliases=aliases,
                    weak_aliases=weak,
                    programs=[program] if program else [],
                    authority=_un_authority(regime, listed),
                    listed_on=listed,
                    reason=reason,
                    countries=sorted(countries),
                    identifiers=identifiers,
                    links=links_in(reason),
                    details={"dataid": _text(node, "DATAID"), "dob": dob, "regime": regime},
                )
            )
    date = root.get("dateGenerated")
    return LoadedList("un-xml", str(path), date[:10] if date else None, entries)


# OFAC SDN -------------------------------------------------------------------------------

_OFAC_NULL = "-0-"
_OFAC_TYPES = {
    "individual": "person",
    "vessel": "vessel",
    "aircraft": "aircraft",
    "": "organization",
}
_AKA = re.compile(r"\b([afn]\.k\.a\.) '([^']+)'", re.IGNORECASE)
_ID = re.compile(
    r"\b(?:Passport|National ID No\.|Registration (?:ID|Number)|Vessel Registration "
    r"Identification IMO|IMO|Tax ID No\.|Identification Number|SWIFT/BIC|Company Number)"
    r" ([A-Z0-9][A-Z0-9-]{3,})",
)
_DOB = re.compile(r"\bDOB (?:circa )?([0-9A-Za-z ]+?\d{4})")


def _ofac_value(value: str) -> str:
    value = value.strip()
    return "" if value == _OFAC_NULL else value


def _ofac_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    text = path.read_bytes().decode("utf-8", "replace").replace("\x1a", "")
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if row and any(cell.strip() for cell in row):
            yield number, [_ofac_value(c) for c in row]


def _ofac_file(folder: Path, name: str) -> Path | None:
    for candidate in (folder / name, folder / name.upper()):
        if candidate.exists():
            return candidate
    return None


def _ofac_remarks_entry(
    ent: str, name: str, kind: str, programs: list[str], remarks: str
) -> ListEntry:
    aliases = [a for q, a in _AKA.findall(remarks) if q.lower() != "f.k.a." or a]
    dob = _DOB.findall(remarks)
    return ListEntry(
        entry_id=ent,
        type=kind,
        name=name,
        aliases=aliases,
        programs=programs,
        authority="OFAC SDN (" + ", ".join(programs) + ")" if programs else "OFAC SDN",
        reason=remarks or None,
        identifiers=_ID.findall(remarks),
        links=links_in(remarks),
        details={"dob": dob} if dob else {},
    )


def _load_ofac_csv(path: Path) -> LoadedList:
    folder = path if path.is_dir() else path.parent
    sdn = _ofac_file(folder, "sdn.csv")
    if sdn is None:
        raise ListError(f"{folder}: no sdn.csv")
    overflow: dict[str, str] = {}
    if comments := _ofac_file(folder, "sdn_comments.csv"):
        for _, row in _ofac_rows(comments):
            if len(row) >= 2:
                overflow[row[0]] = overflow.get(row[0], "") + row[1]
    entries: dict[str, ListEntry] = {}
    for number, row in _ofac_rows(sdn):
        if len(row) < 12:
            raise ListError(f"{sdn}: line {number}: has {len(row)} of 12 columns")
        ent, name, sdn_type, program = row[0], row[1], row[2].lower(), row[3]
        if not ent or not name:
            raise ListError(f"{sdn}: line {number}: field 'ent_num' or 'SDN_Name' is empty")
        programs = [p.strip(" []") for p in program.split("] [") if p.strip(" []")]
        remarks = row[11] + overflow.get(ent, "")
        entry = _ofac_remarks_entry(
            ent, name, _OFAC_TYPES.get(sdn_type, "other"), programs, remarks
        )
        if code := _country(row[9]):
            entry.countries.append(code)
        entries[ent] = entry
    if alt := _ofac_file(folder, "alt.csv"):
        for number, row in _ofac_rows(alt):
            if len(row) < 4:
                raise ListError(f"{alt}: line {number}: has {len(row)} of 5 columns")
            if row[0] in entries and row[3]:
                target = entries[row[0]]
                (target.weak_aliases if "weak" in row[2].lower() else target.aliases).append(row[3])
    if add := _ofac_file(folder, "add.csv"):
        for _, row in _ofac_rows(add):
            code = _country(row[4]) if len(row) >= 5 and row[0] in entries else None
            if code and code not in entries[row[0]].countries:
                entries[row[0]].countries.append(code)
    for entry in entries.values():
        entry.aliases = list(dict.fromkeys(entry.aliases))
    # The legacy CSV states no publication date.
    return LoadedList("ofac-csv", str(folder), None, list(entries.values()))


def _local(node: etree._Element) -> str:
    return etree.QName(node).localname


def _child(node: etree._Element, name: str) -> str:
    for child in node:
        if _local(child) == name and child.text:
            return " ".join(child.text.split())
    return ""


def _children(node: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in node if _local(child) == name]


def _load_ofac_xml(path: Path) -> LoadedList:
    root = etree.parse(str(path)).getroot()
    date = None
    entries: list[ListEntry] = []
    for node in root:
        if _local(node) == "publshInformation":
            raw = _child(node, "Publish_Date")
            if m := re.match(r"(\d{2})/(\d{2})/(\d{4})", raw):
                date = f"{m.group(3)}-{m.group(1)}-{m.group(2)}"
        if _local(node) != "sdnEntry":
            continue
        uid = _child(node, "uid")
        last, first = _child(node, "lastName"), _child(node, "firstName")
        if not uid or not last:
            raise ListError(f"{path}: sdnEntry {uid or '?'}: field 'uid' or 'lastName' is empty")
        kind = _OFAC_TYPES.get(_child(node, "sdnType").lower(), "other")
        name = f"{last}, {first}" if first else last
        programs = [p.text.strip() for pl in _children(node, "programList") for p in pl if p.text]
        entry = _ofac_remarks_entry(uid, name, kind, programs, _child(node, "remarks"))
        for aka_list in _children(node, "akaList"):
            for aka in aka_list:
                a_last, a_first = _child(aka, "lastName"), _child(aka, "firstName")
                alias = f"{a_last}, {a_first}" if a_first else a_last
                if alias:
                    weak = _child(aka, "category").lower() == "weak"
                    (entry.weak_aliases if weak else entry.aliases).append(alias)
        for address_list in _children(node, "addressList"):
            for address in address_list:
                if (code := _country(_child(address, "country"))) and code not in entry.countries:
                    entry.countries.append(code)
        for id_list in _children(node, "idList"):
            for ident in id_list:
                if number := _child(ident, "idNumber"):
                    entry.identifiers.append(number)
        entries.append(entry)
    return LoadedList("ofac-xml", str(path), date, entries)


# FollowTheMoney / OpenSanctions ------------------------------------------------------------

_FTM_TYPES = {
    "Person": "person",
    "Organization": "organization",
    "Company": "organization",
    "LegalEntity": "organization",
    "PublicBody": "organization",
    "Vessel": "vessel",
    "Airplane": "aircraft",
}
_FTM_LINKS = {
    "Ownership": ("asset", "owner", "owned_or_controlled_by"),
    "Directorship": ("organization", "director", "directed_by"),
    "UnknownLink": ("subject", "object", "linked_to"),
    "Associate": ("person", "associate", "linked_to"),
    "Family": ("person", "relative", "linked_to"),
}


def _load_ftm(path: Path) -> LoadedList:
    entries: dict[str, ListEntry] = {}
    edges: list[tuple[str, str, str]] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as error:
                raise ListError(f"{path}: line {number}: not JSON: {error}") from error
            schema = data.get("schema")
            props: dict[str, list[str]] = data.get("properties") or {}
            if not isinstance(schema, str) or not data.get("id"):
                raise ListError(f"{path}: line {number}: field 'id' or 'schema' is missing")
            if schema in _FTM_LINKS:
                source_prop, target_prop, kind = _FTM_LINKS[schema]
                for s in props.get(source_prop, []):
                    for t in props.get(target_prop, []):
                        edges.append((s, t, kind))
                continue
            if schema not in _FTM_TYPES or not props.get("name"):
                continue
            names = props["name"]
            entries[data["id"]] = ListEntry(
                entry_id=data["id"],
                type=_FTM_TYPES[schema],
                name=names[0],
                aliases=names[1:] + props.get("alias", []) + props.get("previousName", []),
                weak_aliases=props.get("weakAlias", []),
                programs=props.get("programId", []) + props.get("program", []),
                listed_on=next(iter(props.get("createdAt", [])), None),
                reason=" ".join(props.get("notes", []) + props.get("summary", [])) or None,
                countries=sorted(
                    {
                        c.upper()
                        for key in ("country", "nationality", "jurisdiction", "flag")
                        for c in props.get(key, [])
                    }
                ),
                identifiers=[
                    v
                    for key in (
                        "registrationNumber",
                        "idNumber",
                        "passportNumber",
                        "imoNumber",
                        "innCode",
                        "taxNumber",
                        "leiCode",
                        "swiftBic",
                    )
                    for v in props.get(key, [])
                ],
                details={"topics": props.get("topics", []), "dob": props.get("birthDate", [])},
            )
    for s, t, kind in edges:
        if s in entries and t in entries:
            entries[s].links.append(Link(kind, entries[t].name, f"{kind} {t}", target_entry=t))
    return LoadedList("ftm-json", str(path), None, list(entries.values()))


# Simple CSV and Reftel JSON ---------------------------------------------------------------

CSV_COLUMNS = (
    "id",
    "name",
    "type",
    "aliases",
    "program",
    "authority",
    "listed_on",
    "country",
    "reason",
    "source",
)
"""Columns of a simple CSV list: only id and name are required; aliases and country take
several values separated by ';'."""


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(";") if v.strip()]


def _load_csv(path: Path) -> LoadedList:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"id", "name"} - set(reader.fieldnames or [])
        if missing:
            raise ListError(f"{path}: header lacks column(s) {', '.join(sorted(missing))}")
        entries = []
        for number, row in enumerate(reader, start=2):
            if not (row.get("id") or "").strip() or not (row.get("name") or "").strip():
                raise ListError(f"{path}: line {number}: field 'id' or 'name' is empty")
            reason = row.get("reason") or None
            entries.append(
                ListEntry(
                    entry_id=row["id"].strip(),
                    type=(row.get("type") or "organization").strip().lower(),
                    name=row["name"].strip(),
                    aliases=_split(row.get("aliases")),
                    programs=_split(row.get("program")),
                    authority=row.get("authority") or None,
                    listed_on=row.get("listed_on") or None,
                    reason=reason,
                    countries=[c for v in _split(row.get("country")) if (c := _country(v))],
                    links=links_in(reason),
                    source=row.get("source") or None,
                )
            )
    return LoadedList("csv", str(path), None, entries)


def _reftel_list(data: dict[str, Any], where: str) -> LoadedList:
    entries = []
    for number, item in enumerate(data.get("entries", []), start=1):
        for key in ("id", "name", "type", "source"):
            if not item.get(key):
                raise ListError(f"{where}: entry {number}: field {key!r} is missing")
        entries.append(
            ListEntry(
                entry_id=item["id"],
                type=item["type"],
                name=item["name"],
                aliases=item.get("aliases", []),
                programs=item.get("programs", []),
                authority=item.get("authority"),
                listed_on=item.get("listed_on"),
                reason=item.get("reason"),
                countries=item.get("countries", []),
                identifiers=item.get("identifiers", []),
                links=[
                    Link(link["type"], link["target"], link.get("text", ""), link.get("entry"))
                    for link in item.get("links", [])
                ],
                source=item["source"],
            )
        )
    return LoadedList("reftel-json", where, data.get("date"), entries)


def _load_reftel(path: Path) -> LoadedList:
    return _reftel_list(json.loads(path.read_text("utf-8")), str(path))


STARTER = "starter"
"""Name under which the bundled starter list is stored."""


def starter_list() -> LoadedList:
    """The starter list bundled with Reftel, written as facts with their public sources."""
    text = resources.files("reftel").joinpath("data/designations/starter.json")
    return _reftel_list(
        json.loads(text.read_text("utf-8")), "reftel:data/designations/starter.json"
    )
