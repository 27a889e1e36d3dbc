"""The team's claims: a database of proposed, accepted and rejected claims, users and an audit log.

* :func:`open_store` — open (and migrate) the store: SQLite in a data directory, or PostgreSQL;
* :class:`Store` — users and tokens, ``propose``, ``review``, ``claims``, ``export``, ``audit``, each
  returning the typed rows of :mod:`csto.store.rows`;
* :func:`build_record` — a record joined by the accepted claims, labelled with who added them (a session,
  :func:`csto.open`, does this for every front end).

SQLAlchemy and Alembic are imported when the store is opened, not when ``csto`` is.
"""

from __future__ import annotations

from typing import Any

_LAZY = {
    "Store": ("csto.store.store", "Store"),
    "UserInfo": ("csto.store.store", "UserInfo"),
    "UserRow": ("csto.store.rows", "UserRow"),
    "StoredClaim": ("csto.store.rows", "StoredClaim"),
    "StoredSource": ("csto.store.rows", "StoredSource"),
    "open_store": ("csto.store.store", "open_store"),
    "database_url": ("csto.store.store", "database_url"),
    "build_record": ("csto.store.overlay", "build_record"),
    "ROLES": ("csto.store.rows", "ROLES"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'csto.store' has no attribute {name!r}")


__all__ = sorted(_LAZY)
