"""Alembic environment: migrations run on the connection `reftel.store.db.upgrade` hands in."""

from alembic import context

from reftel.store.schema import Base, include_name

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run reftel migrations through reftel.store.db.upgrade(engine)")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    include_name=include_name,
    # SQLite cannot ALTER most things in place; batch mode lets later migrations still work.
    render_as_batch=True,
)
with context.begin_transaction():
    context.run_migrations()
