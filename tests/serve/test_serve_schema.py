"""schemathesis against the OpenAPI schema: no input gives a 500, and every response matches the schema.

Bounded: a few examples per operation, so the whole run takes seconds. Writes are exercised with an
admin's token, so generated bodies reach the store's own validation, not only the 401.
"""

from __future__ import annotations

import tempfile
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from csto.serve import Limits, create_app
from csto.store.store import open_store

_store = open_store(data_dir=tempfile.mkdtemp(prefix="csto-schemathesis-"))
_admin, TOKEN = _store.add_user("schema-admin", "admin")
app = create_app(store=_store, limits=Limits(max_seconds=5))
# the validation takes seconds per variant; its answer is compared with the CLI's in test_serve_parity
schema = schemathesis.openapi.from_asgi("/openapi.json", app).exclude(path="/api/validate")


def not_a_server_error(ctx: Any, response: Any, case: Any) -> None:
    assert response.status_code < 500 or response.status_code == 503, (
        f"{case.method} {case.formatted_path}: {response.status_code} {response.text[:300]}"
    )


@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_conforms(case: Any) -> None:
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {TOKEN}"}
    response = case.call()
    not_a_server_error(None, response, case)
    case.validate_response(
        response,
        checks=[response_schema_conformance, content_type_conformance, status_code_conformance],
    )


def test_openapi_and_docs_are_local() -> None:
    from fastapi.testclient import TestClient

    with TestClient(app) as client:
        spec = client.get("/openapi.json").json()
        assert "/api/members" in spec["paths"] and "/api/store/claims" in spec["paths"]
        docs = client.get("/docs").text
        assert "/docs-assets/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()
        assert client.get("/docs-assets/swagger-ui-bundle.js").status_code == 200


@pytest.fixture(scope="module", autouse=True)
def _close() -> Any:
    yield
    _store.close()
