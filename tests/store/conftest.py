"""Fixtures of the store tests: every store test runs against SQLite and a real PostgreSQL server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pgcluster import fresh_database

from csto.store.rows import UserRow
from csto.store.store import Store, open_store


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL of an empty store: a SQLite file, or a new database in the throw-away cluster."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite3'}"
    return fresh_database()


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    s = open_store(store_url)
    yield s
    s.close()


@pytest.fixture
def team(store: Store) -> dict[str, tuple[UserRow, str]]:
    """One user of each role, with their tokens."""
    admin = store.add_user("ada", "admin")
    return {
        "admin": admin,
        "editor": store.add_user("eve", "editor", by=admin[0]),
        "reviewer": store.add_user("rita", "reviewer", by=admin[0]),
        "reader": store.add_user("rob", "reader", by=admin[0]),
    }
