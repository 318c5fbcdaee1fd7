"""Facet counts for the search page, over only the cables a user may find.

A cable counts when the query matches it in text the user may read (the same matching as
`Store.search`, whose SQL pieces are reused so the two never disagree), or, without a query,
when some portion of it is readable; withheld text therefore never moves a count.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, select

from reftel.access.principal import Principal
from reftel.store import access as access_store
from reftel.store.query import TextQuery
from reftel.store.repository import Store, _best_units, _filters
from reftel.store.schema import CableRow, TagRow

FACETS = ("year", "origin", "classification", "tag")


@dataclass(frozen=True)
class Filters:
    """The search page's filters, as the query string gives them."""

    year: int | None = None
    origin: str | None = None
    classification: str | None = None
    tag: str | None = None

    def store_args(self) -> dict[str, object]:
        return {
            "year_from": self.year,
            "year_to": self.year,
            "origin": self.origin,
            "classification": self.classification,
            "tag": self.tag,
        }


Counts = dict[str, list[tuple[str, int]]]


def facet_counts(store: Store, query: str, filters: Filters, user: Principal) -> Counts:
    """Facet -> [(value, number of cables)], most frequent first (years newest first)."""
    conditions = _filters(
        filters.year, filters.year, filters.origin, filters.classification, filters.tag
    )
    with store.connection() as connection:
        if query.strip():
            text_query = store._searchable(connection, TextQuery.parse(query))
            if not text_query:
                return {name: [] for name in FACETS}
            readable = access_store.readable_markings(connection, user)
            best = _best_units(store._search_sql, text_query, readable)
            matched: Select[str] = (
                select(CableRow.id)
                .join_from(best, CableRow, CableRow.id == best.c.cable_id)
                .where(*conditions)
            )
        else:
            matched = select(CableRow.id).where(*conditions, *store._visible(connection, user))
        ids = matched.subquery()
        counts: Counts = {}
        for name, column in (
            ("year", CableRow.year),
            ("origin", CableRow.origin),
            ("classification", CableRow.classification),
        ):
            rows = connection.execute(
                select(column, func.count())
                .where(CableRow.id.in_(select(ids.c.id)), column.is_not(None))
                .group_by(column)
            ).all()
            counts[name] = [(str(value), int(n)) for value, n in rows]
        rows = connection.execute(
            select(TagRow.tag, func.count(func.distinct(TagRow.cable_id)))
            .where(TagRow.cable_id.in_(select(ids.c.id)))
            .group_by(TagRow.tag)
        ).all()
        counts["tag"] = [(str(tag), int(n)) for tag, n in rows]
    counts["year"].sort(key=lambda item: item[0], reverse=True)
    for name in ("origin", "classification", "tag"):
        counts[name].sort(key=lambda item: (-item[1], item[0]))
    return counts
