"""Each JSON endpoint answers exactly what the matching ``csto … --json`` command prints, and errors carry
the CLI's messages (unknown state with suggestions, bad date, bad scenario with the field at fault)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from csto.record.load import load_record
from csto.serve import create_app

pytestmark = pytest.mark.slow  # every test runs the CLI in its own process

SHIPPED = load_record()
"""The shipped record, against which the store checks proposed claims."""

MAIN = "from csto.cli.app import main; main()"


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k != "CSTO_DATABASE_URL"}
    return subprocess.run(
        [sys.executable, "-c", MAIN, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**base, "NO_COLOR": "1", "COLUMNS": "200", **(env or {})},
        timeout=180,
    )


def cli_json(*args: str, **kw: Any) -> Any:
    result = cli(*args, "--json", **kw)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def cli_error(*args: str, **kw: Any) -> str:
    result = cli(*args, **kw)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    return " ".join(result.stderr.replace("error:", "", 1).split())


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The read-only app (no store): the shipped record, as the CLI reads it without a store."""
    with TestClient(create_app()) as c:
        yield c


@pytest.fixture(autouse=True)
def _no_user_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI subprocesses must not find a store in the real user data directory."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))


CASES: list[tuple[list[str], str]] = [
    (["members", "--on", "2008-06-01"], "/api/members?on=2008-06-01"),
    (["members", "--on", "2014-06-01"], "/api/members?on=2014-06-01"),
    (["members", "--on", "2005-06-01"], "/api/members?on=2005-06-01"),
    (
        ["members", "--on", "1993-06-01", "--alliance", "csto"],
        "/api/members?on=1993-06-01&alliance=csto",
    ),
    (["members", "--on", "2006"], "/api/members?on=2006"),
    (["members", "--on", "2012-06"], "/api/members?on=2012-06"),
    (["members", "--on", "2026-11-01"], "/api/members?on=2026-11-01"),
    (["history", "Uzbekistan"], "/api/history/Uzbekistan"),
    (["history", "Moldova"], "/api/history/Moldova"),
    (["history", "345"], "/api/history/345"),
    (["history", "ARM"], "/api/history/ARM"),
    (["events"], "/api/events"),
    (
        ["events", "--from", "2010", "--to", "2012-06", "--state", "KGZ"],
        "/api/events?from=2010&to=2012-06&state=KGZ",
    ),
    (["events", "--type", "armed_clash"], "/api/events?type=armed_clash"),
    (["cases"], "/api/cases"),
    (["case", "kursk-2024"], "/api/cases/kursk-2024"),
    (["offices"], "/api/offices"),
    (
        ["offices", "--on", "2019-06-01", "--office", "secretary-general"],
        "/api/offices?on=2019-06-01&office=secretary-general",
    ),
    (["offices", "--on", "2012"], "/api/offices?on=2012"),
    (["claims"], "/api/claims"),
    (["claims", "--about", "Uzbekistan"], "/api/claims?about=Uzbekistan"),
    (
        ["claims", "--source", "seed-003", "--about", "UZB"],
        "/api/claims?source=seed-003&about=UZB",
    ),
    (["claims", "--property", "membership"], "/api/claims?property=membership"),
    (["conflicts"], "/api/conflicts"),
    (["sources"], "/api/sources"),
    (["figures"], "/api/figures"),
    (["gap"], "/api/gap"),
    (["gap", "--treaty", "nato"], "/api/gap?treaty=nato"),
    (["assess", "kursk-2024"], "/api/assess/kursk-2024"),
]


@pytest.mark.parametrize(("args", "path"), CASES, ids=[" ".join(a) for a, _ in CASES])
def test_json_equals_cli(client: TestClient, args: list[str], path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.json() == cli_json(*args)


ERRORS = [
    (["history", "Usbekistan"], "/api/history/Usbekistan", 404),
    (["members", "--on", "2006?"], "/api/members?on=2006%3F", 422),
    (["offices", "--office", "pope"], "/api/offices?office=pope", 404),
    (["claims", "--source", "seed-03"], "/api/claims?source=seed-03", 404),
    (["claims", "--about", "Moldova"], "/api/claims?about=Moldova", 422),
    (["members", "--on", "2008-13-01"], "/api/members?on=2008-13-01", 422),
    (["members", "--on", "yesterday-ish"], "/api/members?on=yesterday-ish", 422),
    (["case", "kursk-2042"], "/api/cases/kursk-2042", 404),
    (["events", "--type", "armed-clsh"], "/api/events?type=armed-clsh", 422),
    (["events", "--from", "2012", "--to", "2010"], "/api/events?from=2012&to=2010", 422),
    (["claims", "--about", "Atlantis"], "/api/claims?about=Atlantis", 422),
]


@pytest.mark.parametrize(
    ("args", "path", "status"), ERRORS, ids=[" ".join(a) for a, _, _ in ERRORS]
)
def test_errors_carry_the_cli_message(
    client: TestClient, args: list[str], path: str, status: int
) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == status and problem["title"]
    assert " ".join(problem["detail"].split()) == cli_error(*args)


def test_unknown_state_lists_suggestions(client: TestClient) -> None:
    problem = client.get("/api/history/Usbekistan").json()
    assert problem["suggestions"][0] == "Uzbekistan (UZB)" and "Did you mean" in problem["detail"]


def test_scenario_assessment_equals_cli(client: TestClient, tmp_path: Path) -> None:
    scenario = (
        "id: border-clash\ntitle: A border clash\ndate: 2024-05-01\nvictim: ARM\nadversary: AZE\n"
        "adversary_kind: state\nterritory: sovereign\nrequested: military_assistance\nrequester: ARM\n"
    )
    path = tmp_path / "clash.yaml"
    path.write_text(scenario, encoding="utf-8")
    expected = cli_json("assess", str(path))
    as_yaml = client.post(
        "/api/assess", content=scenario, headers={"content-type": "application/yaml"}
    )
    assert as_yaml.status_code == 200 and as_yaml.json() == expected
    as_json = {k: v for k, v in (line.split(": ", 1) for line in scenario.splitlines())}
    response = client.post("/api/assess", json=as_json)
    assert response.status_code == 200 and response.json() == expected


def test_bad_scenario_names_the_field_as_the_cli_does(client: TestClient, tmp_path: Path) -> None:
    scenario = "id: s\ntitle: S\ndate: 2024-05-01\nvictim: ARX\n"
    path = tmp_path / "scenario.yaml"
    path.write_text(scenario, encoding="utf-8")
    message = cli_error("assess", str(path)).replace(str(path), "scenario")
    response = client.post(
        "/api/assess", content=scenario, headers={"content-type": "application/yaml"}
    )
    assert response.status_code == 422
    assert response.json()["detail"] == message and response.json()["line"] == 4
    bad_field = client.post(
        "/api/assess",
        content="id: s\ntitle: S\ndate: 2024-05-01\nvictim: ARM\nterritory: moon\n",
        headers={"content-type": "application/yaml"},
    )
    assert bad_field.status_code == 422 and "territory" in bad_field.json()["detail"]


def test_claims_with_a_store_equal_the_cli(tmp_path: Path) -> None:
    """With accepted team claims, ``csto claims --data-dir D --json`` and the API agree."""
    from csto.store.store import open_store

    store = open_store(data_dir=tmp_path)
    admin, _ = store.add_user("ada", "admin")
    editor, _ = store.add_user("eve", "editor", by=admin)
    reviewer, _ = store.add_user("rita", "reviewer", by=admin)
    store.propose(
        {
            "sources": [{"id": "team-book", "title": "A book", "url": "https://example.org/book"}],
            "claims": [
                {
                    "id": "t-kaz",
                    "subject": "KAZ",
                    "property": "note.capital",
                    "value": "Astana",
                    "source": "team-book",
                    "quote": "The capital is Astana.",
                }
            ],
        },
        by=editor,
        record=SHIPPED,
    )
    store.review("t-kaz", accept=True, reason="ok", by=reviewer)
    with TestClient(create_app(store=store)) as c:
        api = c.get("/api/claims?about=KAZ").json()
    assert {"id": "t-kaz", "added_by": "eve"}.items() <= next(
        r for r in api if r["id"] == "t-kaz"
    ).items()
    assert api == cli_json("claims", "--about", "KAZ", "--data-dir", str(tmp_path))
    store.close()


def test_store_json_equals_cli(tmp_path: Path) -> None:
    """The store's rows print the same JSON from ``csto users list`` and ``csto claims export`` as from
    the API's store routes, with the fields in the documented order."""
    from csto.store.store import open_store

    store = open_store(data_dir=tmp_path)
    admin, token = store.add_user("ada", "admin")
    editor, _ = store.add_user("eve", "editor", by=admin)
    reviewer, _ = store.add_user("rita", "reviewer", by=admin)
    store.propose(
        {
            "sources": [
                {"id": "team-book", "title": "A book", "reference": "Doe, J. (2024). A book."},
                {"id": "team-web", "title": "A page", "url": "https://example.org/p"},
            ],
            "claims": [
                {
                    "id": "t-kaz",
                    "subject": "KAZ",
                    "property": "note.capital",
                    "value": ["Astana", 1997],
                    "source": "team-book",
                    "quote": "The capital is Astana.",
                },
                {
                    "id": "t-arm",
                    "subject": "ARM",
                    "property": "note.text",
                    "value": None,
                    "source": "team-web",
                    "quote": "Armenia, quoted.",
                    "note": "ünïcode ☃",
                },
            ],
        },
        by=editor,
        record=SHIPPED,
    )
    store.review("t-kaz", accept=True, reason="ok", by=reviewer)
    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(store=store)) as c:
        users = c.get("/api/users", headers=headers).json()
        claims = c.get("/api/store/claims", headers=headers).json()
        sources = c.get("/api/store/sources", headers=headers).json()
        accepted = c.get("/api/store/claims?status=accepted", headers=headers).json()
    store.close()
    assert users == cli_json("users", "list", "--data-dir", str(tmp_path))
    everything = cli_json("claims", "export", "--status", "all", "--data-dir", str(tmp_path))
    assert everything == {"sources": sources, "claims": claims}
    exported = cli_json("claims", "export", "--data-dir", str(tmp_path))
    assert exported == {"sources": sources[:1], "claims": accepted}
    assert [c["id"] for c in claims] == ["t-kaz", "t-arm"]  # oldest first, as proposed
    assert list(users[0]) == ["name", "role", "created_at", "created_by"]
    assert list(claims[0]) == [
        "id",
        "subject",
        "property",
        "value",
        "time",
        "source",
        "quote",
        "note",
        "status",
        "added_by",
        "added_at",
        "reviewed_by",
        "reviewed_at",
        "review_reason",
    ]
    assert list(sources[0]) == [
        "id",
        "kind",
        "title",
        "url",
        "reference",
        "author",
        "publisher",
        "date",
        "note",
        "added_by",
        "added_at",
    ]
    assert claims[0]["added_at"].endswith("Z") and claims[1]["reviewed_at"] is None


def test_simulate_equals_cli(client: TestClient, tmp_path: Path) -> None:
    expected = cli_json("simulate", "kursk-2024", "--draws", "1000", "--seed", "3")
    got = client.get("/api/simulate/kursk-2024?draws=1000&seed=3")
    assert got.status_code == 200 and got.json() == expected
    assert "RPS skill" in got.json()["verdict"]["sentence"]
    scenario = "id: clash\ntitle: A clash\ndate: 2024-05-01\nvictim: ARM\nadversary: AZE\nrequested: military_assistance\nrequester: ARM\n"
    path = tmp_path / "clash.yaml"
    path.write_text(scenario, encoding="utf-8")
    expected = cli_json("simulate", str(path), "--draws", "1000")
    got = client.post(
        "/api/simulate?draws=1000", content=scenario, headers={"content-type": "application/yaml"}
    )
    assert got.status_code == 200 and got.json() == expected
    assert abs(sum(got.json()["probabilities"].values()) - 1) < 1e-3


def test_simulate_limits(client: TestClient) -> None:
    over = client.get("/api/simulate/kursk-2024?draws=10001")
    assert over.status_code == 422 and "at most 10,000" in over.json()["detail"]
    zero = client.get("/api/simulate/kursk-2024?draws=0")
    assert zero.status_code == 422
    assert zero.json()["detail"] == cli_error("simulate", "kursk-2024", "--draws", "0")
    bad = client.post(
        "/api/simulate",
        content="id: s\ntitle: S\ndate: 2024\nvictim: ARX\n",
        headers={"content-type": "application/yaml"},
    )
    assert bad.status_code == 422 and "unknown state 'ARX'" in bad.json()["detail"]


def test_validate_equals_cli(client: TestClient) -> None:
    expected = cli_json("validate")
    got = client.get("/api/validate")
    assert got.status_code == 200 and got.json() == expected
    assert got.json()["verdicts"]["consensus"]["sentence"]


def test_time_limit_answers_503(tmp_path: Path) -> None:
    """A computation past the time limit is answered 503 (the slot is freed when it ends)."""
    import time as _time

    from csto.serve import Limits

    app = create_app(limits=Limits(max_seconds=0.2))
    state = app.state.csto

    async def slow() -> Any:
        return await state.run_model(lambda _check: _time.sleep(1.0))

    import anyio

    from csto.serve.problems import Problem

    with pytest.raises(Problem) as exc:
        anyio.run(slow)
    assert exc.value.status == 503 and "limit" in exc.value.detail


def test_a_state_outside_the_record_says_so(client: TestClient) -> None:
    body = client.get("/api/states/345").json()
    assert (body["name"], body["iso3"], body["cow"], body["in_record"], body["ever_member"]) == (
        "Yugoslavia/Serbia",
        "SRB",
        345,
        False,
        False,
    )
    printed = cli("history", "345")
    assert printed.returncode == 0 and printed.stdout.strip() == body["summary"]


def test_the_page_answers_for_a_period_and_past_the_horizon(client: TestClient) -> None:
    import html5lib

    page = client.get("/?on=2006")
    assert page.status_code == 200
    tree = html5lib.parse(page.text, namespaceHTMLElements=False)
    assert "Members in 2006" in " ".join(tree.find(".//h2").itertext())
    uzb = tree.find(".//tr[@data-state='UZB']")
    text = " ".join("".join(uzb.itertext()).split())
    assert "at some point" in text and "2006-08-16: accession pending → member" in text
    later = html5lib.parse(client.get("/?on=2026-11-01").text, namespaceHTMLElements=False)
    kaz = later.find(".//tr[@data-state='KAZ']")
    assert kaz.get("data-certainty") == "assumed"
    assert "unchanged since 2022-01-15" in " ".join(kaz.itertext())
