"""The record as DuckDB tables, for SQL."""

from __future__ import annotations

from typing import TYPE_CHECKING

from csto.errors import CstoError
from csto.record.record import Record

if TYPE_CHECKING:
    import pandas as pd


def connect(record: Record) -> object:
    """An in-memory DuckDB connection with one table per entity (see :func:`csto.record.tables.tables`)."""
    import duckdb

    from csto.record.tables import tables

    con = duckdb.connect(":memory:")
    for name, frame in tables(record).items():
        con.register(f"_{name}", frame)
        con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM "_{name}"')
        con.unregister(f"_{name}")
    return con


def run(record: Record, query: str) -> pd.DataFrame:
    """Run a query; errors in the SQL become a :class:`CstoError` with DuckDB's message."""
    import duckdb

    con = connect(record)
    try:
        return con.execute(query).df()  # type: ignore[attr-defined]
    except duckdb.Error as exc:
        raise CstoError(f"SQL error: {exc}") from None
