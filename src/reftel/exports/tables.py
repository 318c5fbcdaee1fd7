"""The case's transactions as a CSV table: one row per transaction, every source cited."""

from __future__ import annotations

import csv
import io

from reftel.cases.case import Case
from reftel.cases.network import source_label

COLUMNS = (
    "transaction",
    "cable",
    "type",
    "modality",
    "date",
    "date_precision",
    "date_text",
    "seller",
    "buyer",
    "intermediary",
    "item",
    "designators",
    "origin",
    "quantity",
    "unit",
    "quantity_qualifier",
    "value",
    "currency",
    "value_qualifier",
    "route",
    "sources",
    "markings",
    "sentences",
)


def transactions_csv(case: Case) -> str:
    """RFC 4180 CSV with a header; lists are joined with '; '."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for t in case.transactions:
        good = case.good(t.item)
        writer.writerow(
            {
                "transaction": t.id,
                "cable": t.cable,
                "type": t.type,
                "modality": t.modality,
                "date": t.date.value if t.date else "",
                "date_precision": t.date.precision if t.date else "",
                "date_text": t.date.text if t.date else "",
                "seller": case.label(t.seller),
                "buyer": case.label(t.buyer),
                "intermediary": case.label(t.intermediary),
                "item": good.name if good else "",
                "designators": "; ".join(good.designators) if good else "",
                "origin": (good.origin or "") if good else "",
                "quantity": f"{t.quantity.value:g}" if t.quantity else "",
                "unit": (t.quantity.unit or "") if t.quantity else "",
                "quantity_qualifier": t.quantity.qualifier if t.quantity else "",
                "value": f"{t.value.amount:g}" if t.value else "",
                "currency": t.value.currency if t.value else "",
                "value_qualifier": t.value.qualifier if t.value else "",
                "route": "; ".join(t.route),
                "sources": "; ".join(dict.fromkeys(source_label(s) for s in t.sources)),
                "markings": "; ".join(sorted({s.marking or "unmarked" for s in t.sources})),
                "sentences": " | ".join(dict.fromkeys(s.text.strip() for s in t.sources)),
            }
        )
    return buffer.getvalue()
