"""``csto sql`` is read-only and confined: the record's tables only, one SELECT, no file, URL, database or
extension outside, a row limit and a time limit, each refusal with a clear message."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csto.errors import CstoError
from csto.record.codebook import TABLES
from csto.record.record import Record
from csto.record.sql import MAX_ROWS, SqlError, connect, run

OUTSIDE = "reaches outside the record"
NOT_SELECT = "only SELECT statements run"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.csv"
    path.write_text("token\nhunter2\n", encoding="utf-8")
    return path


def test_the_connection_holds_the_record_only(record: Record) -> None:
    names = run(record, "SELECT table_name FROM information_schema.tables ORDER BY 1")
    assert sorted(names.table_name) == sorted(TABLES)
    databases = set(run(record, "SELECT database_name FROM duckdb_databases()").database_name)
    assert databases == {"memory", "system", "temp"}
    settings_ = run(
        record,
        "SELECT name, value FROM duckdb_settings() WHERE name IN "
        "('enable_external_access', 'lock_configuration', 'autoload_known_extensions')",
    )
    assert dict(zip(settings_.name, settings_.value, strict=True)) == {
        "enable_external_access": "false",
        "lock_configuration": "true",
        "autoload_known_extensions": "false",
    }


def test_selects_run(record: Record) -> None:
    uzb = run(record, "SELECT state, status FROM memberships WHERE state = 'UZB' ORDER BY start")
    assert list(uzb.status)[:2] == ["signatory", "member"]
    assert len(run(record, "SHOW TABLES")) == len(TABLES)
    assert "status_dec31" in set(run(record, "DESCRIBE state_year").column_name)
    assert run(record, "WITH m AS (FROM memberships) SELECT count(*) AS n FROM m").n[0] == len(
        record.memberships
    )
    assert run(record, "SELECT 1 AS one;").one[0] == 1  # a trailing semicolon is one statement


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * FROM read_csv('{secret}')",
        "SELECT * FROM read_text('{secret}')",
        "SELECT * FROM read_blob('/etc/passwd')",
        "SELECT * FROM glob('/etc/*')",
        "SELECT * FROM read_parquet('https://example.invalid/x.parquet')",
    ],
)
def test_reading_outside_is_refused(record: Record, secret: Path, query: str) -> None:
    with pytest.raises(SqlError, match=OUTSIDE):
        run(record, query.format(secret=secret))


def test_a_path_as_a_table_is_not_read(record: Record, secret: Path) -> None:
    with pytest.raises(SqlError, match=OUTSIDE) as info:
        run(record, f"SELECT * FROM '{secret}'")
    assert "hunter2" not in str(info.value)


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("COPY claims TO '{dir}/out.csv'", "COPY"),
        ("COPY (SELECT 1) TO '{dir}/out.parquet' (FORMAT parquet)", "COPY"),
        ("ATTACH '{dir}/x.duckdb' AS x", "ATTACH"),
        ("EXPORT DATABASE '{dir}/db'", "EXPORT"),
        ("INSTALL httpfs", "LOAD"),
        ("LOAD httpfs", "LOAD"),
        ("CREATE TABLE t AS SELECT 1", "CREATE"),
        ("CREATE MACRO m() AS 1", "CREATE"),
        ("DROP TABLE claims", "DROP"),
        ("INSERT INTO claims (id) VALUES ('x')", "INSERT"),
        ("UPDATE memberships SET status = 'member'", "UPDATE"),
        ("DELETE FROM claims", "DELETE"),
        ("PRAGMA enable_profiling", "PRAGMA"),
        ("SET enable_external_access = true", "SET"),
        ("CALL pragma_table_info('claims')", "CALL"),
        ("CHECKPOINT", "CALL"),
        ("BEGIN TRANSACTION", "TRANSACTION"),
        ("EXPLAIN ANALYZE COPY claims TO '{dir}/x.csv'", "EXPLAIN"),
    ],
)
def test_statements_other_than_select_are_refused(
    record: Record, tmp_path: Path, query: str, kind: str
) -> None:
    with pytest.raises(SqlError, match=f"{NOT_SELECT} .*this is {kind}"):
        run(record, query.format(dir=tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_the_lock_holds_even_past_the_statement_check(record: Record, tmp_path: Path) -> None:
    # the statement check is the first door; the connection itself refuses what it would let through
    con = connect(record)
    try:
        for statement in (
            "SET enable_external_access = true",
            "SET lock_configuration = false",
        ):
            with pytest.raises(duckdb.Error, match="configuration has been locked"):
                con.execute(statement)
        for statement in (f"COPY claims TO '{tmp_path}/x.csv'", f"ATTACH '{tmp_path}/x.db'"):
            with pytest.raises(duckdb.PermissionException):
                con.execute(statement)
    finally:
        con.close()
    assert list(tmp_path.iterdir()) == []


def test_statements_inside_query_functions_are_refused(record: Record) -> None:
    with pytest.raises(SqlError, match="SQL error"):
        run(record, "SELECT * FROM query('DROP TABLE claims')")


@pytest.mark.parametrize("query", ["", "   ", "\n\t", ";", " ; ; ", "-- a comment", "/* */"])
def test_an_empty_statement_is_refused(record: Record, query: str) -> None:
    with pytest.raises(SqlError, match="the SQL statement is empty"):
        run(record, query)


def test_one_statement_at_a_time(record: Record) -> None:
    with pytest.raises(SqlError, match="one statement at a time, not 2"):
        run(record, "SELECT 1; DROP TABLE claims")


@pytest.mark.parametrize(
    "bad", ["SELEC 1", "SELECT * FROM no_such_table", "SELECT no_such_column FROM claims"]
)
def test_sql_errors_are_csto_errors(record: Record, bad: str) -> None:
    with pytest.raises(CstoError, match="SQL error") as info:
        run(record, bad)
    assert "LINE 1" not in str(info.value)  # DuckDB's echo of the query is left out


def test_the_row_limit(record: Record) -> None:
    assert len(run(record, "SELECT * FROM range(10)", max_rows=10)) == 10
    with pytest.raises(SqlError, match="more than 10 rows"):
        run(record, "SELECT * FROM range(11)", max_rows=10)
    with pytest.raises(SqlError, match=r"more than 100,000 rows \(the limit\)"):
        run(record, f"SELECT * FROM range({MAX_ROWS + 1})")
    assert len(run(record, f"SELECT * FROM range({MAX_ROWS})")) == MAX_ROWS


def test_the_time_limit(record: Record) -> None:
    endless = "SELECT count(*) FROM range(100000000) a, range(100000000) b"
    with pytest.raises(SqlError, match=r"longer than the time limit \(0.5 s\)"):
        run(record, endless, timeout=0.5)


def test_results_over_a_full_record(full_record: Record) -> None:
    assert run(full_record, "SELECT count(*) AS n FROM memberships").n[0] == len(
        full_record.memberships
    )
    frame = run(
        full_record,
        "SELECT year, belonged, belonged_code FROM state_year "
        "WHERE iso3 = 'UZB' AND year IN (2000, 2008) ORDER BY year",
    )
    assert frame.to_dict("records") == [
        {"year": 2000, "belonged": "no", "belonged_code": 0},
        {"year": 2008, "belonged": "yes", "belonged_code": 1},
    ]
    joined = run(
        full_record,
        "SELECT e.id FROM events e JOIN participants p ON p.event = e.id "
        "WHERE p.actor = 'TJK' AND e.id LIKE 'zz-%'",
    )
    assert list(joined.id) == ["zz-test-clash"]
    dates = run(full_record, "SELECT start_earliest FROM events WHERE id = 'zz-test-clash'")
    assert dates.start_earliest[0] == pd.Timestamp("2031-02-01")


# -- generated statements ------------------------------------------------------------------------

WRITES = st.sampled_from(
    [
        "COPY {t} TO '{f}'",
        "COPY (SELECT * FROM {t}) TO '{f}' (FORMAT csv)",
        "ATTACH '{f}' AS x",
        "EXPORT DATABASE '{d}'",
        "CREATE TABLE x AS SELECT * FROM {t}",
        "CREATE VIEW v AS SELECT * FROM {t}",
        "INSERT INTO {t} SELECT * FROM {t}",
        "DELETE FROM {t}",
        "DROP TABLE {t}",
        "ALTER TABLE {t} RENAME TO y",
        "UPDATE {t} SET id = NULL",
        "PRAGMA memory_limit='1GB'",
        "SET threads = 1",
        "INSTALL {t}",
        "LOAD {t}",
        "SELECT 1; COPY {t} TO '{f}'",
        "SELECT * FROM read_csv('{f}')",
        "SELECT * FROM read_json_auto('{f}')",
    ]
)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(template=WRITES, table=st.sampled_from(sorted(TABLES)), ext=st.sampled_from(["csv", "db"]))
def test_generated_writes_and_reads_never_touch_the_disk(
    record: Record, tmp_path: Path, template: str, table: str, ext: str
) -> None:
    target = tmp_path / f"out.{ext}"
    target.unlink(missing_ok=True)
    query = template.format(t=table, f=target, d=tmp_path / "db")
    with pytest.raises(SqlError):
        run(record, query)
    assert not target.exists() and not (tmp_path / "db").exists()


@settings(max_examples=20, deadline=None)
@given(query=st.text(max_size=60))
def test_any_text_is_a_result_or_a_clear_error(record: Record, query: str) -> None:
    try:
        frame = run(record, query, timeout=5)
    except SqlError as exc:
        assert str(exc).strip() and "Traceback" not in str(exc)
    else:
        assert isinstance(frame, pd.DataFrame)
