"""schemathesis against the OpenAPI schema: no input gives a 500, and every response matches the schema.

At least 50 examples per operation (the schema carries the real constraints: date and id patterns, name
lengths, the treaties and models, the draws cap, the scenario's schema with a valid example), so generated
requests reach the model code, not only the 422. The server's draws cap is small here so each simulate
stays fast. Writes are exercised with an admin's token, so generated bodies reach the store's own
validation, not only the 401.
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

from csto.behaviour.registry import MODELS
from csto.serve import Limits, create_app
from csto.store.store import open_store

_store = open_store(data_dir=tempfile.mkdtemp(prefix="csto-schemathesis-"))
_admin, TOKEN = _store.add_user("schema-admin", "admin")
app = create_app(
    store=_store, limits=Limits(max_seconds=5, max_draws=200, model_rate="100000/minute")
)
# the validation takes seconds per variant; its answer is compared with the CLI's in test_serve_parity
SCENARIO_POSTS = r"^/api/(simulate|assess)$"
schema = (
    schemathesis.openapi.from_asgi("/openapi.json", app)
    .exclude(path="/api/validate")
    .exclude(method="POST", path_regex=SCENARIO_POSTS)
)
# Scenario bodies: valid ones only (positive generation from the Crisis schema), so each request reaches
# the treaty and model code. Invalid scenarios are part A's input validation (csto.crisis) and its tests.
scenarios = schemathesis.openapi.from_asgi("/openapi.json", app).include(
    method="POST", path_regex=SCENARIO_POSTS
)
scenarios.config.generation.update(modes=[schemathesis.GenerationMode.POSITIVE])


def not_a_server_error(ctx: Any, response: Any, case: Any) -> None:
    assert response.status_code < 500 or response.status_code == 503, (
        f"{case.method} {case.formatted_path}: {response.status_code} {response.text[:300]}"
    )


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_conforms(case: Any) -> None:
    check(case)


@pytest.mark.slow
@scenarios.parametrize()
@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_scenario_bodies_reach_the_models(case: Any) -> None:
    check(case)


def check(case: Any) -> None:
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
        members = {
            p["name"]: p["schema"] for p in spec["paths"]["/api/members"]["get"]["parameters"]
        }
        assert members["on"]["pattern"].startswith("^") and members["on"]["maxLength"] == 40
        simulate = spec["paths"]["/api/simulate/{case_id}"]["get"]["parameters"]
        by_name = {p["name"]: p["schema"] for p in simulate}
        assert by_name["draws"]["maximum"] == 200 and by_name["draws"]["minimum"] == 1
        assert by_name["model"]["enum"] == list(MODELS)
        assert by_name["case_id"]["pattern"] == "^[a-z0-9][a-z0-9._-]*$"
        gap = {p["name"]: p["schema"] for p in spec["paths"]["/api/gap"]["get"]["parameters"]}
        assert gap["treaty"]["enum"] == ["cst", "nato"]
        body = spec["paths"]["/api/simulate"]["post"]["requestBody"]["content"]["application/json"]
        assert body["schema"] == {"$ref": "#/components/schemas/Crisis"}
        crisis = spec["components"]["schemas"]["Crisis"]
        assert crisis["properties"]["victim"]["pattern"] == "^[A-Z]{3}$" and crisis["examples"]
        example = crisis["examples"][0]
        answer = client.post("/api/simulate?draws=100", json=example)
        assert answer.status_code == 200, answer.text
        docs = client.get("/docs").text
        assert "/docs-assets/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()
        assert client.get("/docs-assets/swagger-ui-bundle.js").status_code == 200


@pytest.fixture(scope="module", autouse=True)
def _close() -> Any:
    yield
    _store.close()
