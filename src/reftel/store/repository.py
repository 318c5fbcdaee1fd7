"""Saving cables and finding them again: the one way the rest of Reftel touches the database."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Float,
    Integer,
    Row,
    String,
    Subquery,
    Table,
    and_,
    bindparam,
    case,
    delete,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    text,
    union_all,
    update,
)
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from reftel.access.filter import Visibility, filter_extraction, redact_cable
from reftel.access.portions import SUBJECT
from reftel.access.principal import Principal
from reftel.extraction.facts import Extraction
from reftel.record import Cable
from reftel.store import access as access_store
from reftel.store import facts as fact_store
from reftel.store.db import create_store_engine, resolve_url, upgrade
from reftel.store.query import TextQuery, fts5_any, websearch_any
from reftel.store.schema import (
    CHILD_TABLES,
    ActionRequestRow,
    AddresseeRow,
    Base,
    CableRow,
    ParagraphRow,
    PortionAccessRow,
    ReferenceRow,
    TagRow,
    TalkingPointsRow,
)

SaveOutcome = Literal["added", "updated", "unchanged"]


class SaveError(Exception):
    """A cable could not be stored. Nothing of it was written; the rest of a batch stands."""

    def __init__(self, cable_id: str, cause: SQLAlchemyError) -> None:
        # The driver's own message: SQLAlchemy's adds the statement and every parameter,
        # which for a cable means its whole text. The full error stays as __cause__.
        reason = cause.orig if isinstance(cause, DBAPIError) else cause
        super().__init__(f"{cable_id}: {reason}")
        self.cable_id = cable_id


class SearchHit(BaseModel):
    """One cable found, located at its best-matching paragraph (or its subject)."""

    model_config = ConfigDict(frozen=True)

    cable_id: str
    created: datetime | None
    classification: str | None
    origin: str | None
    subject: str | None
    paragraph: int | None
    """Number of the best-matching paragraph; None for a subject match or unnumbered text."""
    paragraph_index: int | None
    """Index of that paragraph (the provenance key); None when the subject matched best."""
    snippet: str
    """Matched text with the hits wrapped in `[` `]`; empty when listing without a query."""
    score: float
    """Higher is better; comparable within one result, not across backends."""


class SearchResult(BaseModel):
    """Pydantic, like the record, so the CLI can print it as JSON as is."""

    model_config = ConfigDict(frozen=True)

    total: int
    """Number of matching cables, not just those on this page."""
    hits: list[SearchHit]


@dataclass(frozen=True)
class _SearchSQL:
    """The backend-specific half of a search; filters, ranking and paging are shared."""

    units: str
    """One row per matching paragraph or subject: cable_id, paragraph_id (NULL for a subject)
    and score, higher is better."""
    paragraph_snippets: str
    subject_snippets: str
    render: Callable[[Sequence[str]], str]
    """Builds the backend's `:match` text for any of the given phrases."""
    void: str | None = None
    """True for a phrase the backend cannot search at all (stop words only)."""


_SQLITE = _SearchSQL(
    units="""
        SELECT p.cable_id AS cable_id, p.id AS paragraph_id, -bm25(paragraphs_fts) AS score
        FROM paragraphs_fts JOIN paragraphs AS p ON p.id = paragraphs_fts.rowid
        WHERE paragraphs_fts MATCH :match
        UNION ALL
        SELECT cable_id, NULL, -bm25(subjects_fts)
        FROM subjects_fts WHERE subjects_fts MATCH :match""",
    paragraph_snippets="""
        SELECT rowid, snippet(paragraphs_fts, 0, '[', ']', '…', 24) FROM paragraphs_fts
        WHERE paragraphs_fts MATCH :match AND rowid IN :ids""",
    subject_snippets="""
        SELECT cable_id, highlight(subjects_fts, 0, '[', ']') FROM subjects_fts
        WHERE subjects_fts MATCH :match AND cable_id IN :ids""",
    render=fts5_any,
)

_POSTGRESQL = _SearchSQL(
    units="""
        SELECT p.cable_id AS cable_id, p.id AS paragraph_id,
               ts_rank_cd(p.search_vector, websearch_to_tsquery('english', :match), 1) AS score
        FROM paragraphs AS p
        WHERE p.search_vector @@ websearch_to_tsquery('english', :match)
        UNION ALL
        SELECT c.id, NULL, ts_rank_cd(c.subject_vector, websearch_to_tsquery('english', :match), 1)
        FROM cables AS c
        WHERE c.subject_vector @@ websearch_to_tsquery('english', :match)""",
    paragraph_snippets="""
        SELECT id, ts_headline('english', text, websearch_to_tsquery('english', :match),
                               'StartSel=[, StopSel=], MaxWords=30, MinWords=12')
        FROM paragraphs WHERE id IN :ids""",
    subject_snippets="""
        SELECT id, ts_headline('english', subject, websearch_to_tsquery('english', :match),
                               'StartSel=[, StopSel=], HighlightAll=true')
        FROM cables WHERE id IN :ids""",
    render=websearch_any,
    void="SELECT numnode(websearch_to_tsquery('english', :match)) = 0",
)


class Store:
    """A cable database. Open one with `Store.open`; it migrates itself to the newest schema."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._search_sql = _POSTGRESQL if engine.dialect.name == "postgresql" else _SQLITE
        self._batch: Connection | None = None

    @classmethod
    def open(cls, db: str | None = None) -> Store:
        """Open (creating and upgrading as needed) the store named by a path, URL or REFTEL_DB."""
        engine = create_store_engine(resolve_url(db))
        try:
            upgrade(engine)
            with engine.begin() as connection:
                access_store.refresh_portions(connection)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine)

    @property
    def display_url(self) -> str:
        """Where the store lives, password hidden, for messages."""
        return self._engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Run many saves in one transaction, committed at exit and rolled back on an error.

        One transaction instead of one per cable is what makes bulk ingest fast on SQLite. Catch
        `SaveError` per cable inside the batch: a failed cable is already undone by its
        savepoint, and the batch carries on. A batch inside a batch joins the outer one.
        """
        if self._batch is not None:
            yield
            return
        with self._engine.begin() as connection:
            self._batch = connection
            try:
                yield
            finally:
                self._batch = None

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """The batch's connection if one is open (so reads see its writes), else a fresh one.

        Public so that each stage's persistence module (store/cases.py, store/controls.py...)
        reads and writes in the same transaction as the cable it belongs to.
        """
        if self._batch is not None:
            yield self._batch
        else:
            with self._engine.begin() as connection:
                yield connection

    def save(
        self, cable: Cable, facts: Extraction | None = None, extractor: str | None = None
    ) -> SaveOutcome:
        """Store a cable with all its parts, and the facts read from it, whole or not at all.

        The same content as stored already writes nothing; changed content replaces the row's
        columns and all of its child rows. Facts (with the name and version of the extractor
        that read them) replace the cable's earlier facts. Raises `SaveError` if the database
        refuses it.
        """
        record = cable.model_dump(mode="json", by_alias=True)
        digest = content_hash(record)
        try:
            with self.connection() as connection:
                stored = connection.scalar(
                    select(CableRow.content_hash).where(CableRow.id == cable.id)
                )
                stale = facts is not None and not fact_store.is_current(
                    connection, cable.id, digest, extractor or ""
                )
                if stored == digest and not stale:
                    return "unchanged"
                with connection.begin_nested():
                    if stored != digest:
                        _write(connection, cable, record, digest, replace=stored is not None)
                        access_store.write_portions(connection, cable)
                    if facts is not None:
                        fact_store.write(connection, facts, digest, extractor or "")
        except SQLAlchemyError as error:
            raise SaveError(cable.id, error) from error
        return "added" if stored is None else "updated"

    def is_current(self, cable: Cable, extractor: str) -> bool:
        """True when this cable is stored as it is, with facts read by this extractor."""
        digest = content_hash(cable.model_dump(mode="json", by_alias=True))
        with self.connection() as connection:
            stored = connection.scalar(select(CableRow.content_hash).where(CableRow.id == cable.id))
            return stored == digest and fact_store.is_current(
                connection, cable.id, digest, extractor
            )

    @property
    def users(self) -> access_store.Users:
        """The users, their passwords and API tokens."""
        return access_store.Users(self.connection)

    def visibility(self, user: Principal | None) -> Visibility:
        """What `user` may read, portion by portion, for filtering anything that carries
        `Source`s (see `reftel.access.filter.prune`); None reads everything."""

        def lookup(cable_id: str) -> dict[int, Any]:
            with self.connection() as connection:
                return access_store.portion_lookup(connection, cable_id)

        return Visibility(user, lookup)

    def facts(self, cable_id: str, user: Principal | None = None) -> Extraction | None:
        """The facts stored for a cable, as extraction read them; for a user, without what is
        derived only from paragraphs they may not read (None if they may read none of it)."""
        with self.connection() as connection:
            facts = fact_store.read(connection, cable_id)
        if user is None or facts is None:
            return facts
        cable = self.get(cable_id)
        visibility = self.visibility(user)
        if cable is None or not visibility.visible(cable_id):
            return None
        return filter_extraction(facts, visibility, cable)

    def get(self, cable_id: str, user: Principal | None = None) -> Cable | None:
        """A stored cable; for a user, with the paragraphs they may not read withheld (see
        `reftel.access.filter.redact_cable`), and None when they may read none of it."""
        with self.connection() as connection:
            record = connection.scalar(select(CableRow.record).where(CableRow.id == cable_id))
        if record is None:
            return None
        cable = Cable.model_validate(record)
        return cable if user is None else redact_cable(cable, self.visibility(user))

    def ids(self, user: Principal | None = None) -> list[str]:
        """Ids of the stored cables; for a user, of those they may read some part of."""
        with self.connection() as connection:
            query = select(CableRow.id).where(*self._visible(connection, user))
            return list(connection.scalars(query.order_by(CableRow.id)))

    def count(self, user: Principal | None = None) -> int:
        with self.connection() as connection:
            query = select(func.count()).select_from(CableRow)
            return connection.scalar(query.where(*self._visible(connection, user))) or 0

    @staticmethod
    def _visible(connection: Connection, user: Principal | None) -> list[ColumnElement[bool]]:
        """The condition that a cable has a portion the user may read (none for no user)."""
        if user is None:
            return []
        readable = access_store.readable_markings(connection, user)
        return [
            exists().where(
                PortionAccessRow.cable_id == CableRow.id, PortionAccessRow.marking.in_(readable)
            )
        ]

    def search(
        self,
        query: str,
        *,
        year_from: int | None = None,
        year_to: int | None = None,
        origin: str | None = None,
        classification: str | None = None,
        tag: str | None = None,
        limit: int = 20,
        offset: int = 0,
        user: Principal | None = None,
    ) -> SearchResult:
        """Find cables by text, one hit per cable (its best paragraph or subject), best first.

        The words of a query may match in different paragraphs or the subject of a cable; a
        quoted phrase must match within one. An empty query lists the cables matching the
        filters, newest first; a query with no searchable word in it (only punctuation, say)
        matches nothing. `origin` matches a case-insensitive substring, `classification` is
        compared case-insensitively and `tag` must be equal.

        For a user, only the paragraphs and subjects they may read are searched: a cable
        matching only in withheld text is not found, and totals count only what they may see;
        a subject line they may not read is None in the hit.
        """
        if limit < 0 or offset < 0:
            raise ValueError("limit and offset must not be negative")
        filters = _filters(year_from, year_to, origin, classification, tag)
        with self.connection() as connection:
            readable = None if user is None else access_store.readable_markings(connection, user)
            if not query.strip():
                filters += self._visible(connection, user)
                result = _list(connection, filters, limit, offset)
            else:
                text_query = TextQuery.parse(query)
                if not text_query:
                    return SearchResult(total=0, hits=[])
                result = self._match(connection, text_query, filters, limit, offset, readable)
            return result if readable is None else _hide_subjects(connection, result, readable)

    def _match(
        self,
        connection: Connection,
        text_query: TextQuery,
        filters: list[ColumnElement[bool]],
        limit: int,
        offset: int,
        readable: list[str] | None,
    ) -> SearchResult:
        sql = self._search_sql
        text_query = self._searchable(connection, text_query)
        if not text_query:
            return SearchResult(total=0, hits=[])
        best = _best_units(sql, text_query, readable)
        matched = (
            select(
                *_HIT_COLUMNS,
                best.c.paragraph_id,
                # Labelled: a Row is a tuple, so `row.index` would be tuple.index.
                ParagraphRow.number.label("paragraph_number"),
                ParagraphRow.index.label("paragraph_index"),
                best.c.score,
            )
            .join_from(best, CableRow, CableRow.id == best.c.cable_id)
            .outerjoin(ParagraphRow, ParagraphRow.id == best.c.paragraph_id)
            .where(*filters)
        )
        rows = connection.execute(
            matched.add_columns(func.count().over().label("total"))
            .order_by(best.c.score.desc(), CableRow.id)
            .limit(limit)
            .offset(offset)
        ).all()
        match = sql.render(text_query.phrases)
        paragraph_ids = [row.paragraph_id for row in rows if row.paragraph_id is not None]
        subject_ids = [row.id for row in rows if row.paragraph_id is None]
        paragraph_snippets = _snippets(connection, sql.paragraph_snippets, match, paragraph_ids)
        subject_snippets = _snippets(connection, sql.subject_snippets, match, subject_ids)
        hits = [
            _hit(
                row,
                paragraph=row.paragraph_number,
                paragraph_index=row.paragraph_index,
                snippet=(
                    subject_snippets.get(row.id, "")
                    if row.paragraph_id is None
                    else paragraph_snippets.get(row.paragraph_id, "")
                ),
                score=float(row.score),
            )
            for row in rows
        ]
        return SearchResult(total=_total(connection, rows, matched.subquery()), hits=hits)

    def _searchable(self, connection: Connection, text_query: TextQuery) -> TextQuery:
        """Drop phrases the backend cannot search (PostgreSQL stop words), as it would itself;
        left in, they would make every alternative containing them match nothing."""
        sql = self._search_sql
        if sql.void is None:
            return text_query
        void = text(sql.void)
        return text_query.without(
            {p for p in text_query.phrases if connection.scalar(void, {"match": sql.render([p])})}
        )


def _best_units(sql: _SearchSQL, text_query: TextQuery, readable: list[str] | None) -> Subquery:
    """The best paragraph (or the subject) of every cable that satisfies the query.

    A cable satisfies an alternative when each of its phrases matches somewhere in it, in any
    paragraph or in the subject, since a hit is a whole cable; a phrase itself never spans
    two of those. A paragraph's score is the sum of its phrases' scores.

    One pipeline (phrase matches, then per paragraph, then per cable by window functions)
    rather than joining the matches to a set of qualifying cables: PostgreSQL misjudges the
    size of such a set and then rescans the matches once per cable.

    With `readable` markings, only the paragraphs and subjects carrying one of them count, so
    no withheld text decides whether, where or how well a cable matches.
    """
    phrases = text_query.phrases
    flags = [f"has{k}" for k in range(len(phrases))]
    found = union_all(
        *(
            select(
                units.c.cable_id, units.c.paragraph_id, units.c.score, literal(k).label("k")
            ).where(*_readable_units(units, readable))
            for k, units in enumerate(_units(sql.units, sql.render([p])) for p in phrases)
        )
    ).subquery("found")
    per_unit = (
        select(
            found.c.cable_id,
            found.c.paragraph_id,
            func.sum(found.c.score).label("score"),
            *(
                func.max(case((found.c.k == k, 1), else_=0)).label(flag)
                for k, flag in enumerate(flags)
            ),
        )
        .group_by(found.c.cable_id, found.c.paragraph_id)
        .subquery("per_unit")
    )
    cable_id = per_unit.c.cable_id
    per_cable = select(
        cable_id,
        per_unit.c.paragraph_id,
        per_unit.c.score,
        func.row_number()
        .over(
            partition_by=cable_id,
            order_by=(per_unit.c.score.desc(), per_unit.c.paragraph_id.asc().nulls_last()),
        )
        .label("rank"),
        *(func.max(per_unit.c[flag]).over(partition_by=cable_id).label(flag) for flag in flags),
    ).subquery("per_cable")
    has = {phrase: per_cable.c[flag] == 1 for phrase, flag in zip(phrases, flags, strict=True)}
    satisfied = or_(*(and_(*(has[p] for p in alt)) for alt in text_query.alternatives))
    return (
        select(per_cable.c.cable_id, per_cable.c.paragraph_id, per_cable.c.score)
        .where(per_cable.c.rank == 1, satisfied)
        .subquery("best")
    )


def _readable_units(units: Subquery, readable: list[str] | None) -> list[ColumnElement[bool]]:
    if readable is None:
        return []
    access = PortionAccessRow
    subject = and_(
        units.c.paragraph_id.is_(None),
        exists().where(
            access.cable_id == units.c.cable_id,
            access.portion == SUBJECT,
            access.marking.in_(readable),
        ),
    )
    paragraph = exists().where(
        ParagraphRow.id == units.c.paragraph_id,
        access.cable_id == ParagraphRow.cable_id,
        access.portion == ParagraphRow.index,
        access.marking.in_(readable),
    )
    return [or_(subject, paragraph)]


def _hide_subjects(
    connection: Connection, result: SearchResult, readable: list[str]
) -> SearchResult:
    """Blank the subject of each hit whose subject line the user may not read."""
    ids = [hit.cable_id for hit in result.hits if hit.subject]
    if not ids:
        return result
    shown = set(
        connection.scalars(
            select(PortionAccessRow.cable_id).where(
                PortionAccessRow.cable_id.in_(ids),
                PortionAccessRow.portion == SUBJECT,
                PortionAccessRow.marking.in_(readable),
            )
        )
    )
    hits = [
        hit if hit.cable_id in shown else hit.model_copy(update={"subject": None})
        for hit in result.hits
    ]
    return result.model_copy(update={"hits": hits})


_HIT_COLUMNS = (
    CableRow.id,
    CableRow.created,
    CableRow.classification,
    CableRow.origin,
    CableRow.subject,
)


def _units(sql: str, match: str) -> Subquery:
    """The matching paragraphs and subjects for one `:match` text, as a subquery."""
    return (
        text(sql)
        .bindparams(bindparam("match", match, unique=True))
        .columns(cable_id=String, paragraph_id=Integer, score=Float)
        .subquery()
    )


def _hit(
    row: Row[Any],
    *,
    paragraph: int | None = None,
    paragraph_index: int | None = None,
    snippet: str = "",
    score: float = 0.0,
) -> SearchHit:
    return SearchHit(
        cable_id=row.id,
        created=row.created,
        classification=row.classification,
        origin=row.origin,
        subject=row.subject,
        paragraph=paragraph,
        paragraph_index=paragraph_index,
        snippet=snippet,
        score=score,
    )


def _list(
    connection: Connection, filters: list[ColumnElement[bool]], limit: int, offset: int
) -> SearchResult:
    listed = select(*_HIT_COLUMNS).where(*filters)
    newest = func.coalesce(CableRow.created, CableRow.dtg_utc)
    rows = connection.execute(
        listed.add_columns(func.count().over().label("total"))
        .order_by(newest.desc().nulls_last(), CableRow.id)
        .limit(limit)
        .offset(offset)
    ).all()
    hits = [_hit(row) for row in rows]
    return SearchResult(total=_total(connection, rows, listed.subquery()), hits=hits)


def _total(connection: Connection, rows: Sequence[Row[Any]], query: Subquery) -> int:
    """Each row carries the window count; only a page past the end needs a count of its own."""
    if rows:
        return int(rows[0].total)
    return connection.scalar(select(func.count()).select_from(query)) or 0


def _snippets(connection: Connection, sql: str, match: str, keys: list[Any]) -> dict[Any, str]:
    """Highlight only the hits on the page: building snippets is the costly part of a search."""
    if not keys:
        return {}
    statement = text(sql).bindparams(bindparam("ids", expanding=True))
    rows = connection.execute(statement, {"match": match, "ids": keys})
    return {key: " ".join((snippet or "").split()) for key, snippet in rows}


def _filters(
    year_from: int | None,
    year_to: int | None,
    origin: str | None,
    classification: str | None,
    tag: str | None,
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if year_from is not None:
        conditions.append(CableRow.year >= year_from)
    if year_to is not None:
        conditions.append(CableRow.year <= year_to)
    if origin:
        conditions.append(func.lower(CableRow.origin).contains(origin.lower(), autoescape=True))
    if classification:
        conditions.append(func.upper(CableRow.classification) == classification.upper())
    if tag:
        conditions.append(exists().where(TagRow.cable_id == CableRow.id, TagRow.tag == tag))
    return conditions


def content_hash(record: dict[str, Any]) -> str:
    """sha256 of the canonical record JSON without `source`: where a cable was read from is not
    part of its content, so re-reading it from another file changes nothing."""
    content = {key: value for key, value in record.items() if key != "source"}
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _write(
    connection: Connection, cable: Cable, record: dict[str, Any], digest: str, *, replace: bool
) -> None:
    # Plain tables and separate parameters: statements stay cached, which matters in bulk.
    now = _utc_naive(datetime.now(UTC))
    values = {**_cable_values(cable), "content_hash": digest, "record": record, "updated_at": now}
    cables = _table(CableRow)
    if replace:
        connection.execute(update(cables).where(cables.c.id == cable.id), values)
        for child in CHILD_TABLES:
            table = _table(child)
            connection.execute(delete(table).where(table.c.cable_id == cable.id))
    else:
        connection.execute(insert(cables), {**values, "id": cable.id, "ingested_at": now})
    for model, rows in _child_rows(cable):
        if rows:
            connection.execute(insert(_table(model)), [{"cable_id": cable.id, **r} for r in rows])


def _table(model: type[Base]) -> Table:
    return Base.metadata.tables[model.__tablename__]


def _utc_naive(value: datetime | None) -> datetime | None:
    """Columns hold naive datetimes (SQLite cannot keep an offset); aware ones become UTC."""
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


def _cable_values(cable: Cable) -> dict[str, Any]:
    """The columns copied from the record, for filtering and for reading without JSON."""
    when = cable.created or cable.dtg_utc
    source = cable.source
    return {
        "created": _utc_naive(cable.created),
        "year": when.year if when else None,
        "classification": cable.classification,
        "caveats": cable.caveats,
        "origin": cable.origin,
        "precedence": cable.precedence,
        "dtg": cable.dtg,
        "dtg_utc": _utc_naive(cable.dtg_utc),
        "serial": cable.serial,
        "subject": cable.subject,
        "from_name": cable.from_.name if cable.from_ else None,
        "signer": cable.signer,
        "classified_by": cable.classified_by,
        "declassify_on": cable.declassify_on,
        "summary": cable.summary,
        "sections": cable.sections,
        "body": cable.body,
        "header": cable.header,
        "source_path": source.path if source else None,
        "source_record": source.record if source else None,
        "source_line": source.line if source else None,
        "source_format": source.format if source else None,
    }


def _child_rows(cable: Cable) -> list[tuple[type[Base], list[dict[str, Any]]]]:
    """Rows for every child table; positions keep the record's order."""
    roles = (("from", [cable.from_] if cable.from_ else []), ("to", cable.to), ("info", cable.info))
    return [
        (
            AddresseeRow,
            [
                {
                    "role": role,
                    "position": position,
                    "name": addressee.name,
                    "precedence": addressee.precedence,
                    "routing": addressee.routing,
                    "serial": addressee.serial,
                }
                for role, addressees in roles
                for position, addressee in enumerate(addressees)
            ],
        ),
        # A tag listed twice is still one tag to filter on.
        (TagRow, [{"tag": tag} for tag in dict.fromkeys(cable.tags)]),
        (
            ReferenceRow,
            [
                {
                    "position": position,
                    "letter": reference.letter,
                    "ref_id": reference.id,
                    "raw": reference.raw,
                    "year_inferred": reference.year_inferred,
                }
                for position, reference in enumerate(cable.references)
            ],
        ),
        (
            ParagraphRow,
            [
                {
                    "index": paragraph.index,
                    "number": paragraph.number,
                    "marking": paragraph.marking,
                    "title": paragraph.title,
                    "text": paragraph.text,
                    "start": paragraph.start,
                    "end": paragraph.end,
                }
                for paragraph in cable.paragraphs
            ],
        ),
        (
            ActionRequestRow,
            [
                {
                    "position": position,
                    "paragraph": request.paragraph,
                    "addressee": request.addressee,
                    "request": request.request,
                }
                for position, request in enumerate(cable.action_requests)
            ],
        ),
        (
            TalkingPointsRow,
            [
                {
                    "position": position,
                    "paragraph": points.paragraph,
                    "marking": points.marking,
                    "points": points.points,
                    "non_paper": points.non_paper,
                }
                for position, points in enumerate(cable.talking_points)
            ],
        ),
    ]
