"""A case as FollowTheMoney entities, one JSON object per line, with provenance on each.

Parties become Company, Organization, Person or LegalEntity; the cables become Documents and
every name a cable gives a party becomes a Mention of it. Designations become Sanctions,
intermediaries Representations, stated ownership Ownership, payments Payments, and every other
tie or transaction an UnknownLink whose role says what it is. Each interval entity cites its
cables as `proof` and its sentences (cable, paragraph, marking) in `description`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator

from followthemoney import model
from followthemoney.exc import InvalidData
from followthemoney.proxy import EntityProxy

from reftel.cases.case import Case, CaseEntity, Designation, Transaction
from reftel.cases.network import source_label
from reftel.extraction.facts import Source

PUBLISHER = "Reftel"
_NAMESPACE = "reftel"


def _schema(entity: CaseEntity) -> str:
    if entity.type == "person":
        return "Person"
    if entity.type == "organization" and entity.subtype == "company":
        return "Company"
    if entity.type == "organization":
        return "Organization"
    return "LegalEntity"


def _is_party(entity: CaseEntity) -> bool:
    """Countries and places are attributes (`country`), regimes are Sanction authorities."""
    return entity.type in ("organization", "person") and entity.subtype != "regime"


def _urls(text: str) -> list[str]:
    return re.findall(r"https?://[^\s),;]+", text)


def _cited(sources: Iterable[Source]) -> list[str]:
    return [f"{source_label(s)}: {s.text.strip()}" for s in sources]


class _Exporter:
    def __init__(self, case: Case) -> None:
        self.case = case
        self.entities: dict[str, EntityProxy] = {}
        self.documents: dict[str, str] = {}
        self.parties: dict[str, EntityProxy] = {}

    def make(self, schema: str, *key: str) -> EntityProxy:
        proxy = model.make_entity(schema)
        proxy.make_id(_NAMESPACE, schema, *key)
        if "publisher" in proxy.schema.properties:
            proxy.add("publisher", PUBLISHER)
        assert proxy.id is not None
        self.entities[proxy.id] = proxy
        return proxy

    def prove(self, proxy: EntityProxy, sources: Iterable[Source], record: str | None) -> None:
        sources = list(sources)
        for cable in dict.fromkeys(s.cable for s in sources):
            if cable in self.documents:
                proxy.add("proof", self.documents[cable])
        proxy.add("description", _cited(sources))
        if record:
            proxy.add("recordId", record)

    def run(self) -> list[EntityProxy]:
        case = self.case
        for cable in case.cables:
            document = self.make("Document", cable.id)
            record = case.records.get(cable.id)
            path = record.source.path if record and record.source else f"{cable.id}.txt"
            document.add("fileName", path.rsplit("/", 1)[-1])
            document.add("title", cable.subject or cable.id)
            document.add("date", cable.created.date().isoformat() if cable.created else None)
            document.add("author", cable.sender or cable.origin)
            document.add("summary", " // ".join([cable.classification or "", *cable.caveats]))
            document.add("notes", f"cable {cable.id}")
            assert document.id is not None
            self.documents[cable.id] = document.id
        for entity in case.entities:
            if _is_party(entity):
                self.party(entity)
        for entity in case.entities:
            for designation in entity.designations:
                self.sanction(entity, designation)
        for transaction in case.transactions:
            self.transaction(transaction)
        for relation in case.relations:
            self.relation(
                relation.id, relation.type, relation.subject, relation.object, relation.sources
            )
        return list(self.entities.values())

    def party(self, entity: CaseEntity) -> None:
        proxy = self.make(_schema(entity), entity.id)
        proxy.add("name", entity.name)
        proxy.add("alias", entity.aliases)
        proxy.add("country", entity.country.lower() if entity.country else None)
        proxy.add(
            "notes", f"seen in {', '.join(entity.cables)}; extracted as {', '.join(entity.members)}"
        )
        if entity.designated:
            proxy.add("topics", "sanction")
        for cable in entity.cables:
            self.mentions(entity, proxy, cable)
        self.parties[entity.id] = proxy

    def mentions(self, entity: CaseEntity, proxy: EntityProxy, cable: str) -> None:
        """One Mention per name of the party that the cable's text holds."""
        record = self.case.records.get(cable)
        if record is None or cable not in self.documents:
            return
        text = record.body.casefold()
        for name in dict.fromkeys([entity.name, *entity.aliases]):
            if name.casefold() not in text:
                continue
            mention = self.make("Mention", cable, entity.id, name)
            mention.add("name", name)
            mention.add("document", self.documents[cable])
            mention.add("resolved", proxy.id)
            mention.add("detectedSchema", proxy.schema.name)

    def sanction(self, entity: CaseEntity, designation: Designation) -> None:
        party = self.parties.get(entity.id)
        if party is None:
            return
        sanction = self.make(
            "Sanction", entity.id, designation.authority, designation.entry or "", designation.basis
        )
        sanction.add("entity", party.id)
        sanction.add("authority", designation.authority)
        sanction.add("authorityId", designation.entry)
        sanction.add("program", designation.list_name)
        said = "a cable states" if designation.basis == "cable" else "a list holds"
        sanction.add("summary", f"designated under {designation.authority}, as {said}")
        sanction.add("reason", designation.detail)
        sanction.add("listingDate", designation.listed_on)
        if designation.list_source:
            sanction.add("description", f"list {designation.list_name}: {designation.list_source}")
            sanction.add("sourceUrl", _urls(designation.list_source))
        self.prove(sanction, designation.sources, None)

    def transaction(self, t: Transaction) -> None:
        seller, buyer = self.parties.get(t.seller or ""), self.parties.get(t.buyer or "")
        good = self.case.good(t.item)
        what = " ".join(
            x
            for x in (
                t.type,
                t.quantity.text if t.quantity else None,
                good.name if good else None,
                f"({', '.join(good.designators)})" if good and good.designators else None,
                f"via {', '.join(t.route)}" if t.route else None,
                f"[{t.modality}]" if t.modality != "reported" else None,
            )
            if x
        )
        date = t.date.value if t.date else None
        if t.type == "payment" and seller and buyer and t.value:
            payment = self.make("Payment", t.id)
            payment.add("payer", buyer.id)
            payment.add("beneficiary", seller.id)
            payment.add("amount", str(t.value.amount))
            payment.add("currency", t.value.currency)
            payment.add("date", date)
            payment.add("purpose", what)
            self.prove(payment, t.sources, t.id)
        elif seller and buyer:
            link = self.make("UnknownLink", t.id)
            link.add("subject", seller.id)
            link.add("object", buyer.id)
            link.add("role", f"supplier: {what}" + (f", {t.value.text}" if t.value else ""))
            link.add("date", date)
            self.prove(link, t.sources, t.id)
        agent = self.parties.get(t.intermediary or "")
        client = buyer or seller
        if agent and client:
            representation = self.make("Representation", t.id, "intermediary")
            representation.add("agent", agent.id)
            representation.add("client", client.id)
            representation.add("role", f"intermediary: {what}")
            representation.add("date", date)
            self.prove(representation, t.sources, t.id)

    def relation(self, fact: str, kind: str, subject: str, obj: str, sources: list[Source]) -> None:
        a, b = self.parties.get(subject), self.parties.get(obj)
        if a is None or b is None:
            return
        if kind == "intermediary_for":
            proxy = self.make("Representation", fact)
            proxy.add("agent", a.id)
            proxy.add("client", b.id)
            proxy.add("role", "intermediary")
        elif kind == "subsidiary_of" and a.schema.is_a("Asset"):
            proxy = self.make("Ownership", fact)
            proxy.add("owner", b.id)
            proxy.add("asset", a.id)
            proxy.add("role", "parent company")
        else:
            proxy = self.make("UnknownLink", fact)
            proxy.add("subject", a.id)
            proxy.add("object", b.id)
            proxy.add("role", kind.replace("_", " "))
        self.prove(proxy, sources, fact)


def to_ftm(case: Case) -> list[EntityProxy]:
    return _Exporter(case).run()


def to_ftm_lines(case: Case) -> Iterator[str]:
    for proxy in to_ftm(case):
        yield json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True)


def validate_lines(lines: Iterable[str]) -> list[str]:
    """Load FtM JSON lines back with followthemoney and list every problem found.

    Checked: the schema exists, required properties are present, every value survives
    followthemoney's cleaning unchanged, and every entity reference points into the file.
    """
    errors: list[str] = []
    loaded: list[tuple[int, EntityProxy]] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            schema = model.get(data.get("schema", ""))
            if schema is None:
                errors.append(f"line {number}: unknown schema {data.get('schema')!r}")
                continue
            schema.validate(data)
            proxy = model.get_proxy(data, cleaned=False)
        except (ValueError, InvalidData) as error:
            errors.append(f"line {number}: {error}")
            continue
        for name in schema.required:
            if not proxy.get(name):
                errors.append(f"line {number}: {schema.name} {proxy.id}: {name} is missing")
        for name, values in data.get("properties", {}).items():
            if sorted(proxy.get(name)) != sorted(values):
                errors.append(f"line {number}: {proxy.id}: {name}: values changed on cleaning")
        loaded.append((number, proxy))
    ids = {proxy.id for _, proxy in loaded}
    for number, proxy in loaded:
        for prop, value in proxy.itervalues():
            if prop.type.name == "entity" and value not in ids:
                errors.append(f"line {number}: {proxy.id}: {prop.name} points to missing {value}")
    return errors
