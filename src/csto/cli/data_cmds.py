"""Data commands: ``sql`` over DuckDB tables, ``export`` of tidy tables with a codebook, ``check``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from csto.cli.output import emit_json, table
from csto.cli.session import DatabaseOpt, DataDirOpt, open_session


def register(app: typer.Typer) -> None:
    app.command("sql")(sql)
    app.command("export")(export)
    app.command("check")(check)


def sql(
    query: Annotated[
        str,
        typer.Argument(help="A SQL query over the record's tables (see `csto sql 'SHOW TABLES'`)."),
    ],
    json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    data_dir: DataDirOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Run SQL (DuckDB) over the record: claims, memberships, events, cases, state_year, …"""
    frame = open_session(data_dir, database).sql(query)
    rows = [{str(k): v for k, v in r.items()} for r in frame.to_dict(orient="records")]
    if json:
        emit_json(rows)
        return
    table(rows, list(frame.columns), title=f"{len(rows)} rows")


def export(
    directory: Annotated[Path, typer.Argument(help="Directory to write the tables into.")],
    format: Annotated[str, typer.Option("--format", help="csv, parquet or json.")] = "csv",
    data_dir: DataDirOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Write tidy tables (one per entity), a state-year panel and a codebook into DIRECTORY."""
    from csto.cli.progress import working

    with working(f"exporting the tables as {format}"):
        written = open_session(data_dir, database).export(directory, format)
    typer.echo(f"wrote {len(written)} files to {directory}")


def check(
    seeds: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--seeds", help="Seeds directory (default: $CSTO_SEEDS_DIR)."),
    ] = None,
    json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    data_dir: DataDirOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Validate the record and check every seed quote against the seed texts."""
    from csto.errors import CstoError
    from csto.record.quotes import check_quotes, seeds_dir

    record = open_session(data_dir, database).record
    folder = seeds or seeds_dir()
    if folder is None:
        raise CstoError("no seeds directory: pass --seeds DIR or set CSTO_SEEDS_DIR")
    if not folder.is_dir():
        raise CstoError(f"{folder} is not a directory")
    problems = check_quotes(record, folder)
    if json:
        emit_json([p.__dict__ for p in problems])
    elif problems:
        table(
            [p.__dict__ for p in problems],
            ["claim", "seed_file", "reason", "quote"],
            title="Quote problems",
        )
    else:
        n = sum(1 for c in record.claims.values() if record.sources[c.source].kind == "seed")
        typer.echo(
            f"ok: {n} seed quotes found verbatim; record valid ({len(record.claims)} claims)"
        )
    if problems:
        raise typer.Exit(1)
