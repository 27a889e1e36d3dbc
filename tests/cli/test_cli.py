"""The ``csto`` command line, run as a user runs it: a separate process through ``csto.cli.app.main``.

Successful commands exit 0 and print JSON or tables; errors meant for people exit non-zero with a clear
message on standard error and no traceback.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from csto.cli.app import app
from csto.record.record import Record
from csto.record.tables import tables

pytestmark = pytest.mark.slow  # the CLI run as a user runs it, in its own process

MAIN = "from csto.cli.app import main; main()"
SIX = ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]


def csto(
    *args: str, data: Path | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "250", "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}
    if data is not None:
        env["CSTO_RECORD_DIR"] = str(data)
    return subprocess.run(
        [sys.executable, "-c", MAIN, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=cwd,
        timeout=120,
    )


def ok_json(*args: str, data: Path | None = None) -> Any:
    result = csto(*args, "--json", data=data)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)


def fails(*args: str, code: int = 2, data: Path | None = None) -> str:
    """Run a command that must fail cleanly; return its standard error."""
    result = csto(*args, data=data)
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert result.stderr.strip(), "an error needs a message"
    return result.stderr


# -- JSON output -------------------------------------------------------------------------------


def test_members_json() -> None:
    rows = ok_json("members", "--on", "2000-01-01")
    assert isinstance(rows, list)
    assert all({"state", "status", "certainty", "sources"} <= set(r) for r in rows)
    assert [r["state"] for r in rows] == SIX
    assert {r["status"] for r in rows} == {"member"}


def test_members_json_uncertain(data_copy: Path) -> None:
    # every shipped boundary is dated to the day; date the 2006 protocol to the month only, in a copy
    path = data_copy / "memberships.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in (
        ("  start: 2006-06-23\n  end: 2006-08-16\n", "  start: 2006-06-23\n  end: 2006-08\n"),
        ("  status: member\n  start: 2006-08-16\n", "  status: member\n  start: 2006-08\n"),
    ):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    rows = {r["state"]: r for r in ok_json("members", "--on", "2006-08-10", data=data_copy)}
    assert rows["UZB"]["certainty"] == "uncertain"
    assert set(rows["UZB"]["status"].split("|")) == {"accession_pending", "member"}


def test_members_period_json() -> None:
    rows = {r["state"]: r for r in ok_json("members", "--on", "2006")}
    assert sorted(rows) == [*SIX, "UZB"]
    uzb = rows["UZB"]["period"]
    assert (uzb["first"], uzb["last"], uzb["belonged"], uzb["changed"]) == (
        "2006-01-01",
        "2006-12-31",
        "at some point",
        True,
    )
    assert [(c["day"], c["after"]) for c in uzb["changes"]] == [
        ("2006-06-23", "accession_pending"),
        ("2006-08-16", "member"),
    ]
    assert all(rows[s]["period"]["belonged"] == "throughout" for s in SIX)


def test_members_period_table() -> None:
    result = csto("members", "--on", "1999")
    assert result.returncode == 0, result.stderr
    assert "CSTO in 1999 (1999-01-01 – 1999-12-31)" in result.stdout
    assert (
        "belonged at some point: Azerbaijan (AZE), Georgia (GEO), Uzbekistan (UZB)" in result.stdout
    )
    assert "changed status: Azerbaijan (AZE), Georgia (GEO), Uzbekistan (UZB)" in result.stdout
    assert "1999-04-21: exit_pending → withdrawn" in result.stdout


def test_members_past_the_horizon() -> None:
    rows = {r["state"]: r for r in ok_json("members", "--on", "2026-11-01")}
    assert {r["certainty"] for r in rows.values()} == {"assumed"}
    assert "assumed unchanged since 2022-01-15" in rows["KAZ"]["reason"]
    result = csto("members", "--on", "2026-11-01")
    kaz = next(line for line in result.stdout.splitlines() if line.startswith("│ KAZ"))
    assert "assumed" in kaz and "2022-01-15" in kaz  # the certainty and the last evidence


def test_history_json() -> None:
    rows = ok_json("history", "UZB")
    assert all({"status", "start", "end", "sources"} <= set(r) for r in rows)
    assert [r["status"] for r in rows] == [
        "signatory",
        "member",
        "exit_pending",
        "withdrawn",
        "accession_pending",
        "member",
        "exit_pending",
        "suspended",
    ]
    assert rows[5]["start"] == "2006-08-16"
    assert rows[-1]["end"] is None and rows[-1]["alternatives"] == []
    assert ok_json("history", "kyrgyz republic")[0]["start"] == "1992-05-15"


def test_cases_json_shipped() -> None:
    rows = ok_json("cases")
    assert isinstance(rows, list)
    for row in rows:
        assert {"id", "start", "requester", "outcome"} <= set(row)


def test_cases_and_case_json(full_data_dir: Path) -> None:
    rows = {r["id"]: r for r in ok_json("cases", data=full_data_dir)}
    case = rows["zz-test-case"]
    assert {"id", "start", "requester", "outcome"} <= set(case)
    assert (case["start"], case["requester"], case["outcome"]) == ("2031-01-05", "KAZ", 3)
    full = ok_json("case", "zz-test-case", data=full_data_dir)
    assert [e["id"] for e in full["events"]] == ["zz-test-request", "zz-test-clash"]
    assert full["citations"][0]["quote"]
    result = csto("case", "zz-test-case", data=full_data_dir)
    assert result.returncode == 0 and "Synthetic test case" in result.stdout


def test_events_json(full_data_dir: Path) -> None:
    rows = ok_json("events", "--type", "armed_clash", "--state", "Tajikistan", data=full_data_dir)
    assert "zz-test-clash" in {r["id"] for r in rows}
    assert all(r["type"] == "armed_clash" for r in rows)
    assert all("TJK" in {p["actor"] for p in r["participants"]} for r in rows)


def test_claims_about_json() -> None:
    rows = ok_json("claims", "--about", "UZB")
    assert rows and {r["subject"] for r in rows} == {"UZB"}
    assert "s003-uzb-rejoined-2005" in {r["id"] for r in rows}
    assert ok_json("claims", "--about", "Uzbekistan") == rows


def test_what_seed_003_says_about_uzbekistan() -> None:
    rows = ok_json("claims", "--source", "seed-003", "--about", "UZB")
    assert [(r["id"], r["rank"]) for r in rows] == [
        ("s003-uzb-rejoined-2005", "deprecated"),
        ("s003-uzb-quit-seven-years-later", "normal"),
        ("s003-uzb-no-intention-2022", "normal"),
    ]
    table = csto("claims", "--source", "seed-003", "--about", "UZB").stdout
    first = next(line for line in table.splitlines() if "s003-uzb-rejoined-2005" in line)
    assert "deprecated:" in first  # the rank column: rank, reason, then the grounds
    assert "grounds:" in table and "x-uzb-return-decided-2006-06-23" in table
    by_property = ok_json("claims", "--property", "membership.rejoined")
    assert {r["value"] for r in by_property} == {"2005", "2006"}


def test_secretary_general_on_a_day() -> None:
    [sg] = ok_json("offices", "--on", "2019-06-01", "--office", "secretary-general")
    assert (sg["holder"], sg["acting"], sg["certainty"]) == ("Valery Semerikov", True, "certain")
    result = csto("offices", "--on", "2019-06-01")
    assert result.returncode == 0 and "Valery Semerikov" in result.stdout
    assert "Anatoly Sidorov" in result.stdout and "Nikolai Bordyuzha" not in result.stdout


def test_conflicts_json() -> None:
    found = {(c["subject"], c["property"]): c for c in ok_json("conflicts")}
    values = sorted(v["value"] for v in found[("UZB", "membership.rejoined")]["values"])
    assert values == ["2005", "2006"]
    assert ("cst-1992", "instrument.signatories") in found


def test_sources_json() -> None:
    rows = {r["id"]: r for r in ok_json("sources")}
    assert {f"seed-00{i}" for i in range(5)} <= set(rows)
    assert rows["seed-003"]["kind"] == "seed"


def test_figures_json() -> None:
    rows = {r["id"]: r for r in ok_json("figures")}
    assert rows["sg-russian-years"]["recomputed"] == 15.2
    assert rows["sg-russian-years"]["status"] == "differs"
    assert (rows["peak-members"]["recomputed"], rows["peak-members"]["author_value"]) == (9, 8)


def test_overview_json() -> None:
    data = ok_json("overview", "--on", "2000-01-01")
    assert [m["state"] for m in data["members"]] == SIX
    assert len(data["data_hash"]) == 64
    assert {"UZB", "AZE", "GEO"} <= {t["state"] for t in data["timeline"]}


# -- tables for people -------------------------------------------------------------------------


TABLES = [
    (["offices"], ["Nikolai Bordyuzha", "Imangali Tasmagambetov"]),
    (["overview"], ["Members on 20", "Membership timeline"]),
    (["members", "--on", "1995-06-01"], ["Azerbaijan", "Georgia", "Uzbekistan"]),
    (["history", "Armenia"], ["participation_frozen"]),
    (["history", "Moldova"], ["Moldova (MDA, COW 359): never a member of the CST/CSTO"]),
    (["history", "345"], ["Yugoslavia/Serbia (SRB, COW 345): never a member of the CST/CSTO"]),
    (["history", "China"], ["China (CHN, COW 710): never a member of the CST/CSTO"]),
    (["conflicts"], ["membership.rejoined"]),
    (["sources"], ["seed-000"]),
    (["figures"], ["sg-russian-years"]),
    (["claims", "--about", "ARM"], ["s000-arm-frozen"]),
    (["cases"], ["cases"]),
    (["--help"], ["members", "history", "export"]),
]


@pytest.mark.parametrize(("args", "expected"), TABLES, ids=[" ".join(a) for a, _ in TABLES])
def test_commands_exit_0(args: list[str], expected: list[str]) -> None:
    result = csto(*args)
    assert result.returncode == 0, result.stderr
    for text in expected:
        assert text in result.stdout, text


def test_sql_select_1() -> None:
    result = csto("sql", "SELECT 1 AS one", "--json")
    assert result.returncode == 0, result.stderr[-500:]
    assert json.loads(result.stdout) == [{"one": 1}]


def test_sql_on_a_full_record(full_data_dir: Path, full_record: Record) -> None:
    rows = ok_json("sql", "SELECT count(*) AS n FROM memberships", data=full_data_dir)
    assert rows == [{"n": len(full_record.memberships)}]
    err = fails("sql", "SELEC 1", data=full_data_dir)
    assert "SQL error" in err


def test_export_csv(tmp_path: Path, record: Record) -> None:
    result = csto("export", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    n = len(tables(record)) + 1  # every table and the codebook
    assert f"wrote {n} files" in result.stdout
    assert (tmp_path / "out" / "state_year.csv").is_file()
    book = json.loads((tmp_path / "out" / "codebook.json").read_text(encoding="utf-8"))
    assert book["data_hash"] == record.data_hash


def test_export_parquet(tmp_path: Path) -> None:
    result = csto("export", str(tmp_path / "out"), "--format", "parquet")
    assert "Traceback" not in result.stderr
    assert result.returncode == 0


# -- errors ------------------------------------------------------------------------------------


def test_unknown_state_suggests() -> None:
    err = fails("history", "Usbekistan")
    assert "Unknown state 'Usbekistan'" in err and "Did you mean" in err and "Uzbekistan" in err


def test_impossible_date() -> None:
    err = fails("members", "--on", "2023-02-30")
    assert "February 2023 has 28 days" in err


def test_a_query_date_cannot_be_uncertain() -> None:
    err = fails("members", "--on", "2006?")
    assert "cannot be uncertain" in err


def test_unknown_case() -> None:
    err = fails("case", "no-such-case")
    assert "Unknown case 'no-such-case'" in err


def test_bad_event_type() -> None:
    err = fails("events", "--type", "armed-clsh")
    assert "Unknown event type 'armed-clsh'" in err and "armed_clash" in err


def test_reversed_event_range() -> None:
    assert "is before" in fails("events", "--from", "2010", "--to", "2009")


def test_unknown_claim_subject() -> None:
    assert "No claims about 'Narnia'" in fails("claims", "--about", "Narnia")


def test_export_into_an_unwritable_path(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    err = fails("export", str(blocker / "out"))
    assert "cannot create" in err and str(blocker) in err.replace("\n", "")


def test_export_unknown_format(tmp_path: Path) -> None:
    assert "unknown format 'sav'" in fails("export", str(tmp_path), "--format", "sav")


def test_broken_data_dir(data_copy: Path) -> None:
    path = data_copy / "states.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "- iso3: XXX\n  name: a: b\n", encoding="utf-8"
    )
    err = fails("members", "--on", "2000-01-01", data=data_copy)
    assert "states.yaml" in err and "YAML syntax" in err


def test_missing_argument_is_a_usage_error() -> None:
    err = fails("history")
    assert "Missing argument" in err


# -- in-process and installed entry points -----------------------------------------------------


def test_cli_runner_members() -> None:
    result = CliRunner().invoke(app, ["members", "--on", "2008-01-01", "--json"])
    assert result.exit_code == 0, result.output
    assert "UZB" in {r["state"] for r in json.loads(result.stdout)}


def test_cli_runner_error_propagates() -> None:
    from csto.errors import DateError

    result = CliRunner().invoke(app, ["members", "--on", "2006?"])
    assert isinstance(result.exception, DateError)


def test_installed_script() -> None:
    script = shutil.which("csto", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("the csto script is not installed next to this interpreter")
    result = subprocess.run(
        [script, "members", "--on", "2000-01-01", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert [r["state"] for r in json.loads(result.stdout)] == SIX
