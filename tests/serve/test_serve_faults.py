"""The server under faults and load: shipped-data routes answer when the store cannot be read (503 only
for store routes), the model pool is bounded and separate from reads, expensive routes are rate-limited,
every request has a deadline, page routes give the right status, and a token in a URL is refused and
never logged."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csto.serve import Limits, create_app
from csto.session import Csto
from csto.store.store import open_store
from strategies import days, impossible_dates

SIX = ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]
SCENARIO = "id: s\ntitle: S\ndate: 2024-05-01\nvictim: ARM\nadversary: AZE\n"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="module")
def plain() -> Iterator[TestClient]:
    with TestClient(create_app()) as c:
        yield c


# -- page routes: the right status ---------------------------------------------------------------


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(bad=impossible_dates())
def test_an_impossible_date_on_the_page_is_422(plain: TestClient, bad: tuple[str, str]) -> None:
    text, reason = bad
    page = plain.get("/", params={"on": text})
    assert page.status_code == 422 and page.headers["content-type"].startswith("text/html")
    assert reason in page.text


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(day=days)
def test_a_real_day_on_the_page_is_200(plain: TestClient, day: Any) -> None:
    assert plain.get("/", params={"on": day.isoformat()}).status_code == 200


def test_the_issue_s_date(plain: TestClient) -> None:
    page = plain.get("/?on=2024-02-30")
    assert page.status_code == 422 and "February 2024 has 29 days" in page.text


# -- tokens never in URLs, never in the log ------------------------------------------------------


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    name=st.sampled_from(["token", "access_token", "TOKEN", "api_key", "q", "on"]),
    secret=st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-", min_size=8),
)
def test_a_token_in_the_query_string_is_refused(plain: TestClient, name: str, secret: str) -> None:
    token = f"csto_{secret}"
    answer = plain.get("/api/members", params={name: token})
    assert answer.status_code == 400 and "Authorization header" in answer.json()["detail"]
    assert token not in answer.text


def test_the_access_log_never_holds_a_token(tmp_path: Path) -> None:
    """A real uvicorn server with its access log on: the refused request is logged without the token."""
    import uvicorn

    store = open_store(data_dir=tmp_path)
    _, token = store.add_user("ada", "admin")
    app = create_app(store=store)
    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(record.getMessage())

    keep = Keep()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, access_log=True, log_level="info")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(200):
            if server.started:
                break
            time.sleep(0.05)
        logging.getLogger("uvicorn.access").addHandler(keep)  # after uvicorn configured its logging
        base = f"http://127.0.0.1:{port}"
        assert httpx.get(f"{base}/api/me?token={token}").status_code == 400
        assert httpx.get(f"{base}/api/me?x=1&access_token={token}").status_code == 400
        assert httpx.get(f"{base}/api/me", headers=bearer(token)).status_code == 200
        time.sleep(0.2)
    finally:
        server.should_exit = True
        thread.join(10)
        logging.getLogger("uvicorn.access").removeHandler(keep)
        store.close()
    assert len(lines) >= 3, lines
    assert not any(token in line for line in lines), lines
    assert any("token=***" in line for line in lines)


# -- the store cannot be read: shipped data keeps answering, store routes 503 --------------------


def _break(folder: Path) -> None:
    for extra in ("-wal", "-shm"):
        Path(f"{folder / 'store.sqlite3'}{extra}").unlink(missing_ok=True)
    (folder / "store.sqlite3").write_bytes(b"\x13" * 8192)


def test_a_broken_store_leaves_the_record_routes_answering(tmp_path: Path) -> None:
    store = open_store(data_dir=tmp_path)
    _, token = store.add_user("ada", "admin")
    app = create_app(store=store, limits=Limits(record_refresh_seconds=0))
    with TestClient(app) as c:
        assert "csto-store" not in c.get("/api/members?on=2000-01-01").headers
        store.close()
        _break(tmp_path)
        members = c.get("/api/members?on=2000-01-01")
        assert members.status_code == 200 and [r["state"] for r in members.json()] == SIX
        assert members.headers["csto-store"] == "unavailable"
        page = c.get("/")
        assert page.status_code == 200 and "The team store cannot be read" in page.text
        for path in ("/cases", "/scenario", "/api/cases", "/api/gap"):
            assert c.get(path).status_code == 200, path
        for method, path in (("get", "/api/me"), ("get", "/api/store/claims")):
            answer = c.request(method, path, headers=bearer(token))
            assert answer.status_code == 500 and answer.json()["fault"] == "corrupt", answer.text
            assert answer.headers["content-type"] == "application/problem+json"


def _pgcluster() -> Any:
    """The store tests' cluster module (one module object for the whole run)."""
    import importlib.util
    import sys

    if "pgcluster" not in sys.modules:
        path = Path(__file__).parents[1] / "store" / "pgcluster.py"
        spec = importlib.util.spec_from_file_location("pgcluster", path)
        assert spec is not None and spec.loader is not None
        sys.modules["pgcluster"] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules["pgcluster"])
    return sys.modules["pgcluster"]


@pytest.mark.slow
def test_postgresql_down_means_503_for_store_routes_only() -> None:
    found = _pgcluster().start_cluster()
    if isinstance(found, str):
        pytest.skip(found)
    try:
        store = open_store(found.createdb("csto_down"))
        _, token = store.add_user("ada", "admin")
        app = create_app(store=store, limits=Limits(record_refresh_seconds=0))
        with TestClient(app) as c:
            assert c.get("/api/members?on=2000-01-01").status_code == 200
            found.stop()
            members = c.get("/api/members?on=2000-01-01")
            assert members.status_code == 200 and members.headers["csto-store"] == "unavailable"
            assert c.get("/?on=2000-01-01").status_code == 200
            assert c.get("/cases/kazakhstan-2022").status_code == 200
            for method, path, body in (
                ("get", "/api/me", None),
                ("get", "/api/audit", None),
                ("post", "/api/users", {"name": "zed", "role": "reader"}),
            ):
                answer = c.request(method, path, json=body, headers=bearer(token))
                assert answer.status_code == 503, answer.text
                assert answer.json()["fault"] == "unreachable"
                assert answer.headers["retry-after"] == "5"
        store.close()
    finally:
        found.stop()


def test_an_empty_claims_document_is_refused_over_http(tmp_path: Path) -> None:
    store = open_store(data_dir=tmp_path)
    admin, _ = store.add_user("ada", "admin")
    _, token = store.add_user("eve", "editor", by=admin)
    revision, entries = store.revision(), len(store.audit())
    with TestClient(create_app(store=store)) as c:
        for body in ([], {}, {"claims": []}, {"sources": [], "claims": []}):
            answer = c.post("/api/store/claims", json=body, headers=bearer(token))
            assert answer.status_code == 422, answer.text
            assert answer.json()["detail"] == "claims: the document has no claims"
        yaml_empty = c.post(
            "/api/store/claims",
            content=b"[]",
            headers={**bearer(token), "content-type": "application/yaml"},
        )
        assert yaml_empty.status_code == 422
    assert (store.revision(), len(store.audit())) == (revision, entries)
    store.close()


# -- bounded pools, the rate limit, the deadline -------------------------------------------------


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Every simulation waits for the event (set it to let them finish): a saturated model pool on
    demand."""
    release = threading.Event()
    real = Csto.simulate

    def waiting(
        self: Csto,
        target: Any,
        model: str = "consensus",
        draws: Any = None,
        seed: int = 0,
        **kw: Any,
    ) -> Any:
        release.wait(30)
        return real(self, target, model, 50, seed, **kw)

    monkeypatch.setattr(Csto, "simulate", waiting)
    yield release
    release.set()


def test_members_answers_while_the_model_pool_is_saturated(held: threading.Event) -> None:
    limits = Limits(max_concurrent_models=2, model_queue=3, model_rate="1000/minute")
    app = create_app(limits=limits)
    state = app.state.csto

    async def scenario() -> None:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            assert (await client.get("/api/members?on=2000-01-01")).status_code == 200
            runs = [
                asyncio.create_task(client.get(f"/api/simulate/kursk-2024?draws=100&seed={i}"))
                for i in range(5)
            ]
            for _ in range(200):
                if state.models.pending == 5:
                    break
                await asyncio.sleep(0.02)
            assert state.models.pending == 5  # 2 running, 3 waiting: the pool is full
            members = await client.get("/api/members?on=2000-01-01")
            assert members.status_code == 200 and [r["state"] for r in members.json()] == SIX
            fresh = await client.get("/api/members?on=1995-06-01")  # not cached: the reads pool
            assert fresh.status_code == 200
            busy = await client.post(
                "/api/simulate", content=SCENARIO, headers={"content-type": "application/yaml"}
            )
            assert busy.status_code == 503 and "busy" in busy.json()["detail"]
            assert busy.headers["retry-after"]
            held.set()
            done = await asyncio.gather(*runs)
            assert [r.status_code for r in done] == [200] * 5

    asyncio.run(scenario())


def test_expensive_routes_are_rate_limited_per_client(held: threading.Event) -> None:
    held.set()
    app = create_app(limits=Limits(model_rate="3/minute"))
    with TestClient(app) as c:
        codes = [c.get("/api/simulate/kursk-2024?draws=100").status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        limited = c.get("/api/simulate/kursk-2024?draws=100")
        assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
        assert "3/minute" in limited.json()["detail"]
        assert c.get("/api/members").status_code == 200  # cheap routes are not limited


def test_a_request_past_its_deadline_is_503(held: threading.Event) -> None:
    app = create_app(limits=Limits(request_seconds=0.3, max_seconds=20))
    with TestClient(app) as c:
        late = c.get("/api/simulate/kursk-2024?draws=100")
        assert late.status_code == 503 and "deadline of 0.3 s" in late.json()["detail"]
        held.set()
        assert c.get("/api/members").status_code == 200


def test_a_job_past_its_time_limit_frees_its_worker_at_the_next_stage(
    held: threading.Event,
) -> None:
    """The model's own limit: 503, and the running job stops at its next stage (it is told to)."""
    app = create_app(limits=Limits(max_seconds=0.3, max_concurrent_models=1, model_queue=0))
    state = app.state.csto
    with TestClient(app) as c:
        late = c.get("/api/simulate/kursk-2024?draws=100")
        assert late.status_code == 503 and "limit of 0.3 s" in late.json()["detail"]
        held.set()
        for _ in range(100):
            if state.models.pending == 0:
                break
            time.sleep(0.05)
        assert state.models.pending == 0
        # the one worker is free again (with no queue a running job would make this 503 "busy"); the
        # limit is raised first so that a slow machine cannot fail the real simulation on time
        state.limits = dataclasses.replace(state.limits, max_seconds=120.0)
        again = c.get("/api/simulate/kursk-2024?draws=100")
        assert again.status_code == 200, again.text
