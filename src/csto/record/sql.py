"""Read-only SQL over the record's tables: a confined DuckDB connection, one SELECT at a time.

:func:`connect` builds an in-memory DuckDB database that holds the record's tables
(:func:`csto.record.tables.tables`) and nothing else, then closes every door before handing it out:

* ``enable_external_access = false``: no file, URL or database outside the connection (``read_csv``,
  ``COPY … TO``, ``ATTACH``, ``EXPORT DATABASE``, ``INSTALL`` all fail);
* extensions are neither installed nor loaded on demand; Python variables are not scanned as tables;
* ``lock_configuration = true``: no statement can turn any of this back on.

:func:`run` parses the text with DuckDB's own parser and accepts exactly one statement of type SELECT
(``SELECT``, ``WITH … SELECT``, ``FROM``, ``VALUES``, ``SHOW``, ``DESCRIBE``, ``SUMMARIZE``); anything else
(``CREATE``, ``DROP``, ``INSERT``, ``UPDATE``, ``PRAGMA``, ``SET``, ``COPY``, several statements) is refused
before it runs. A result longer than ``max_rows`` and a query running longer than ``timeout`` seconds are
refused with a message that states the limit (the timer calls DuckDB's ``interrupt()``).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from csto.errors import CstoError
from csto.record.record import Record

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

MAX_ROWS = 100_000
"""Rows a query may return (:func:`run`)."""

TIMEOUT = 10.0
"""Seconds a query may run (:func:`run`)."""

_LOCKDOWN = (
    "SET enable_external_access = false",
    "SET autoinstall_known_extensions = false",
    "SET autoload_known_extensions = false",
    "SET allow_community_extensions = false",
    "SET python_enable_replacements = false",
    "SET lock_configuration = true",
)


class SqlError(CstoError):
    """A query ``csto sql`` refuses or DuckDB cannot run; the message says which and why."""


def connect(record: Record) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection holding one table per entity of ``record`` (see
    :func:`csto.record.tables.tables`), with external access disabled and its configuration locked."""
    import duckdb

    from csto.record.tables import tables

    con = duckdb.connect(":memory:")
    for name, frame in tables(record).items():
        con.register(f"_{name}", frame)
        con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM "_{name}"')
        con.unregister(f"_{name}")
    for setting in _LOCKDOWN:
        con.execute(setting)
    return con


def check(con: duckdb.DuckDBPyConnection, query: str) -> str:
    """The one SELECT statement of ``query``, as text; raises :class:`SqlError` for an empty text, a
    syntax error, more than one statement or a statement that is not a SELECT."""
    import duckdb

    if not query.strip():
        raise SqlError("the SQL statement is empty; give a SELECT, e.g. csto sql 'SHOW TABLES'")
    try:
        statements = con.extract_statements(query)
    except duckdb.Error as exc:
        raise SqlError(f"SQL error: {_first_line(exc)}") from None
    if not statements:
        raise SqlError("the SQL statement is empty (only comments or semicolons); give a SELECT")
    if len(statements) > 1:
        raise SqlError(
            f"give one statement at a time, not {len(statements)}; only SELECT statements run"
        )
    [statement] = statements
    kind = statement.type.name
    if kind != "SELECT":
        raise SqlError(
            f"only SELECT statements run (the record is read-only); this is {kind.replace('_', ' ')}"
        )
    return str(statement.query)


def run(
    record: Record, query: str, *, max_rows: int = MAX_ROWS, timeout: float = TIMEOUT
) -> pd.DataFrame:
    """The result of one SELECT over the record's tables, as a DataFrame.

    Raises :class:`SqlError` (a :class:`~csto.errors.CstoError`) for an empty or non-SELECT statement, a
    query that reads or writes outside the record (external access is disabled), a result of more than
    ``max_rows`` rows, a query that runs longer than ``timeout`` seconds, and any other DuckDB error (with
    DuckDB's message).
    """
    import duckdb

    con = connect(record)
    try:
        statement = check(con, query)
        timer = threading.Timer(timeout, con.interrupt)
        timer.start()
        try:
            frame = con.sql(statement).limit(max_rows + 1).df()
        finally:
            timer.cancel()
    except duckdb.InterruptException:
        raise SqlError(
            f"the query ran longer than the time limit ({timeout:g} s) and was stopped"
        ) from None
    except duckdb.PermissionException:
        raise SqlError(
            "the query reaches outside the record (files, URLs, databases, extensions), "
            "which csto sql does not allow; query the record's tables (SHOW TABLES)"
        ) from None
    except duckdb.Error as exc:
        raise SqlError(f"SQL error: {_first_line(exc)}") from None
    finally:
        con.close()
    if len(frame) > max_rows:
        raise SqlError(
            f"the result has more than {max_rows:,} rows (the limit); "
            "add a LIMIT or aggregate, or use csto export for whole tables"
        )
    return frame


def _first_line(exc: Exception) -> str:
    """DuckDB's message without the echo of the query that follows it, on one line (its own line breaks,
    as before "Did you mean", become spaces)."""
    text = str(exc).strip()
    return " ".join(text.split("\n\nLINE ", 1)[0].split())
