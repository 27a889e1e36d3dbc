"""Fixtures of the HTTP tests: an app over an empty store (SQLite or PostgreSQL), users with tokens."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from csto.serve import Limits, create_app
from csto.store.store import Store, open_store


def _pgcluster() -> Any:
    """The store tests' cluster module, loaded once (one PostgreSQL cluster for the whole session)."""
    if "pgcluster" in sys.modules:
        return sys.modules["pgcluster"]
    path = Path(__file__).parents[1] / "store" / "pgcluster.py"
    spec = importlib.util.spec_from_file_location("pgcluster", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["pgcluster"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite3'}"
    return str(_pgcluster().fresh_database())


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    s = open_store(store_url)
    yield s
    s.close()


@pytest.fixture
def tokens(store: Store) -> dict[str, str]:
    admin, admin_token = store.add_user("ada", "admin")
    out = {"admin": admin_token}
    for name, role in (("eve", "editor"), ("rita", "reviewer"), ("rob", "reader")):
        out[role] = store.add_user(name, role, by=admin)[1]
    return out


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    app = create_app(store=store, limits=Limits(max_body_bytes=64 * 1024, record_refresh_seconds=0))
    with TestClient(app) as c:
        yield c


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
