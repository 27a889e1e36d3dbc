"""Tidy tables, the state-year panel, exports that read back, and SQL over the record."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from csto.errors import CstoError
from csto.record.export import FORMATS, export
from csto.record.record import Record
from csto.record.sql import run
from csto.record.tables import state_year, tables

READ = {"csv": pd.read_csv, "parquet": pd.read_parquet, "json": pd.read_json}


@pytest.fixture(scope="module")
def frames(record: Record) -> dict[str, pd.DataFrame]:
    return tables(record)


# -- tables ------------------------------------------------------------------------------------


def test_tables_match_the_record(record: Record, frames: dict[str, pd.DataFrame]) -> None:
    assert len(frames["memberships"]) == len(record.memberships)
    assert len(frames["claims"]) == len(record.claims)
    assert len(frames["states"]) == len(record.states)
    assert len(frames["tenures"]) == len(record.tenures)
    assert len(frames["events"]) == len(record.events)
    assert len(frames["cases"]) == len(record.cases)
    m = frames["memberships"]
    uzb = m[(m.state == "UZB") & (m.start == "2006-08-16")].iloc[0]
    assert (uzb.status, uzb.end, uzb.ccode) == ("member", "2012-06-28", 704)
    assert (uzb.start_earliest, uzb.start_latest) == (dt.date(2006, 8, 16), dt.date(2006, 8, 16))
    assert uzb.start_precision == "day"
    assert json.loads(uzb.claims)[0] == "x-uzb-protocol-signed-2006-08-16"
    # the deprecated 2005 return is shown beside the interval, not as its date
    assert "s003-uzb-rejoined-2005" in json.loads(uzb.claims)
    window = m[(m.state == "UZB") & (m.start == "2006-06-23")].iloc[0]
    assert (window.status, window.end) == ("accession_pending", "2006-08-16")


def test_tables_keep_their_columns_when_empty(record: Record) -> None:
    empty = dataclasses.replace(record, events={}, cases={}, observations={})
    frames = tables(empty)
    # a table without rows should still have its columns (its schema)
    assert {"id", "type", "start"} <= set(frames["events"].columns)
    assert {"id", "start", "requester"} <= set(frames["cases"].columns)


def test_sql_with_an_empty_table(record: Record) -> None:
    empty = dataclasses.replace(record, events={}, cases={}, observations={})
    assert run(empty, "SELECT count(*) AS n FROM memberships").n[0] == len(record.memberships)


# -- the state-year panel ----------------------------------------------------------------------


def test_state_year_one_row_per_state_and_year(
    record: Record, frames: dict[str, pd.DataFrame]
) -> None:
    sy = frames["state_year"]
    assert not sy.duplicated(["iso3", "year"]).any()
    this_year = dt.date.today().year
    for iso3 in {m.state for m in record.memberships if m.alliance == "csto"}:
        first = min(m.start.earliest.year for m in record.memberships_of(iso3))
        assert sorted(sy[sy.iso3 == iso3].year) == list(range(first, this_year + 1)), iso3
    assert set(sy.iso3) == {m.state for m in record.memberships if m.alliance == "csto"}
    assert set(sy.belonged) <= {"yes", "no", "uncertain"}


@pytest.mark.parametrize(
    ("iso3", "year", "belonged", "status"),
    [
        ("UZB", 1999, "yes", "withdrawn"),  # a party until the first term ended on 20 April
        ("UZB", 2000, "no", "withdrawn"),
        ("UZB", 2005, "no", "withdrawn"),  # seed 003's 2005 return is deprecated
        ("UZB", 2006, "yes", "member"),  # from the Sochi protocol of 16 August
        ("UZB", 2008, "yes", "member"),
        (
            "UZB",
            2012,
            "yes",
            "suspended",
        ),  # a member in law until the Council's decision of 19 December
        ("UZB", 2014, "no", "suspended"),
        ("AZE", 1999, "yes", "withdrawn"),
        ("TJK", 1992, "yes", "signatory"),
        ("AZE", 2000, "no", "withdrawn"),
        ("ARM", 2025, "yes", "participation_frozen"),
    ],
)
def test_state_year_values(
    frames: dict[str, pd.DataFrame], iso3: str, year: int, belonged: str, status: str
) -> None:
    sy = frames["state_year"]
    [row] = sy[(sy.iso3 == iso3) & (sy.year == year)].to_dict("records")
    assert (row["belonged"], row["status_dec31"]) == (belonged, status)


def test_state_year_codes(frames: dict[str, pd.DataFrame]) -> None:
    sy = frames["state_year"]
    codes = sy.drop_duplicates("iso3").set_index("iso3")
    assert codes.loc["RUS", "ccode"] == 365
    assert codes.loc["KAZ", "stateabb"] == "KZK"


def test_state_year_last_year(record: Record) -> None:
    sy = state_year(record, last_year=2010)
    assert sy.year.max() == 2010
    assert len(sy[sy.iso3 == "UZB"]) == 2010 - 1992 + 1


# -- export ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "parquet", "json"])
def test_export_round_trips(
    record: Record, frames: dict[str, pd.DataFrame], tmp_path: Path, fmt: str
) -> None:
    written = export(record, tmp_path / "out", fmt)
    names = {p.name for p in written}
    assert names == {f"{t}.{fmt}" for t in frames} | {"codebook.json"}
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(names)  # no .tmp left
    for name, frame in frames.items():
        if frame.columns.empty:
            continue  # see test_tables_keep_their_columns_when_empty
        back = READ[fmt](tmp_path / "out" / f"{name}.{fmt}")
        assert len(back) == len(frame), name
        assert list(back.columns) == list(frame.columns), name
    sy = READ[fmt](tmp_path / "out" / f"state_year.{fmt}")
    assert not sy.duplicated(["iso3", "year"]).any()
    belonged = sy.set_index(["iso3", "year"]).belonged
    assert (belonged[("UZB", 2000)], belonged[("UZB", 2008)]) == ("no", "yes")
    book = json.loads((tmp_path / "out" / "codebook.json").read_text(encoding="utf-8"))
    assert book["data_hash"] == record.data_hash


def test_export_every_table_of_a_full_record(full_record: Record, tmp_path: Path) -> None:
    frames = tables(full_record)
    assert all(not f.columns.empty for f in frames.values())
    export(full_record, tmp_path, "csv")
    for name, frame in frames.items():
        assert len(pd.read_csv(tmp_path / f"{name}.csv")) == len(frame), name
    events = pd.read_csv(tmp_path / "events.csv")
    assert "zz-test-clash" in set(events.id)


def test_codebook(record: Record, tmp_path: Path) -> None:
    export(record, tmp_path, "json")
    book = json.loads((tmp_path / "codebook.json").read_text(encoding="utf-8"))
    assert book["data_hash"] == record.data_hash and len(book["data_hash"]) == 64
    assert book["package_version"]
    assert {"Membership", "Claim", "State", "Case", "Event"} <= set(book["models"])
    assert "status" in book["models"]["Membership"]["properties"]
    assert book["statuses"]["participation_frozen"]["belongs"] is True
    assert book["statuses"]["suspended"]["belongs"] is False
    assert set(book["state_year"]) >= {"iso3", "ccode", "year", "belonged"}


def test_export_errors(record: Record, tmp_path: Path) -> None:
    assert set(FORMATS) == {"csv", "parquet", "json"}
    with pytest.raises(CstoError, match="unknown format 'xlsx'"):
        export(record, tmp_path, "xlsx")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with pytest.raises(CstoError, match="cannot create"):
        export(record, blocker / "out", "csv")


# -- SQL ---------------------------------------------------------------------------------------


def test_sql_over_a_full_record(full_record: Record) -> None:
    assert run(full_record, "SELECT count(*) AS n FROM memberships").n[0] == len(
        full_record.memberships
    )
    frame = run(
        full_record,
        "SELECT year, belonged FROM state_year WHERE iso3 = 'UZB' AND year IN (2000, 2008) "
        "ORDER BY year",
    )
    assert frame.to_dict("records") == [
        {"year": 2000, "belonged": "no"},
        {"year": 2008, "belonged": "yes"},
    ]
    joined = run(
        full_record,
        "SELECT e.id FROM events e JOIN participants p ON p.event = e.id "
        "WHERE p.actor = 'TJK' AND e.id LIKE 'zz-%'",
    )
    assert list(joined.id) == ["zz-test-clash"]


@pytest.mark.parametrize(
    "bad", ["SELEC 1", "SELECT * FROM no_such_table", "SELECT no_such_column FROM claims"]
)
def test_sql_errors_are_csto_errors(full_record: Record, bad: str) -> None:
    with pytest.raises(CstoError, match="SQL error"):
        run(full_record, bad)


def test_sql_over_the_shipped_record(request: pytest.FixtureRequest, record: Record) -> None:
    assert run(record, "SELECT count(*) AS n FROM memberships").n[0] == len(record.memberships)
    with pytest.raises(CstoError, match="SQL error"):
        run(record, "SELEC 1")
