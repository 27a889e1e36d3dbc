"""Alembic environment: migrations run programmatically on a connection the store passes in.

Imported outside a migration (e.g. by ``pytest --doctest-modules``) it does nothing.
"""

from __future__ import annotations

from alembic import context


def run() -> None:
    from csto.store.models import Base

    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("csto's migrations run through csto.store.open_store")
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if getattr(context, "_proxy", None) is not None:
    run()
