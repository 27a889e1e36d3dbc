"""Data commands: ``sql`` over DuckDB tables, ``export`` of tidy tables with a codebook, ``check``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from csto.cli.output import emit_json, finite_or_none, table, text
from csto.cli.session import DatabaseOpt, DataDirOpt, open_session

if TYPE_CHECKING:
    import pandas as pd


def register(app: typer.Typer) -> None:
    app.command("sql")(sql)
    app.command("export")(export)
    app.command("check")(check)


def sql(
    query: Annotated[
        str,
        typer.Argument(
            help="One SELECT over the record's tables (see `csto sql 'SHOW TABLES'`).",
            show_default=False,
        ),
    ],
    json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    data_dir: DataDirOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Run one read-only SELECT (DuckDB) over the record: claims, memberships, events, cases, state_year, …

    The database holds the record's tables only: files, URLs, ATTACH, COPY, INSTALL and statements other
    than SELECT are refused; a result may have at most 100,000 rows and a query may run 10 seconds.
    """
    frame = open_session(data_dir, database).sql(query)
    rows = _records(frame)
    if json:
        emit_json(rows)
        return
    table(
        rows, [(str(c), str(c)) for c in frame.columns], title=f"{len(rows)} rows"
    )  # names as given


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of a result as plain values: missing → None, midnight timestamps → ISO days."""
    return [{str(k): _plain(v) for k, v in r.items()} for r in frame.to_dict(orient="records")]


def _plain(value: Any) -> Any:
    import pandas as pd

    if hasattr(value, "item") and not isinstance(value, pd.Timestamp):  # NumPy scalars
        value = value.item()
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float):
        return finite_or_none(value)  # NaN and infinity are not JSON
    if isinstance(value, pd.Timestamp):
        stamp = value.to_pydatetime()
        return stamp.date().isoformat() if stamp.time() == dt.time() else stamp.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def export(
    directory: Annotated[
        str,
        typer.Argument(
            help="Directory to write into: new, empty, or an earlier export (replaced whole).",
            show_default=False,
        ),
    ],
    ktab_args: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Argument(
            help="Only after `ktab`: the case id or scenario YAML file, and the CSV file to write.",
            show_default=False,
            metavar="[SCENARIO OUT.csv]",
        ),
    ] = None,
    format: Annotated[
        str, typer.Option("--format", help="csv, parquet, json, xlsx or stata (.dta, version 118).")
    ] = "csv",
    data_dir: DataDirOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Write every table, the state-year panel and a codebook into DIRECTORY, all at once or not at all.

    xlsx writes one workbook (csto.xlsx) with a sheet per table and the codebook as a sheet; stata writes
    one labelled .dta file per table; csv, parquet and json one file per table. Every format adds
    codebook.json.

    `csto export ktab SCENARIO OUT.csv` instead writes a case's or scenario's bargaining input as a
    KTAB CSV (KTAB's smpc and `csto bargain OUT.csv` read it). To export the tables into a directory
    named ktab, write it as ./ktab.
    """
    from csto.errors import CstoError

    if directory == "ktab" and ktab_args:
        _export_ktab(ktab_args, format=format, data_dir=data_dir, database=database)
        return
    if ktab_args:
        extra = " ".join(ktab_args)
        raise CstoError(
            f"csto export takes one directory, not also {extra!r}; "
            "to write a KTAB CSV: csto export ktab SCENARIO OUT.csv"
        )
    if not directory.strip():
        raise CstoError(
            "the export directory name is empty; give a directory, e.g. csto export out/"
        )
    from csto.cli.progress import working

    with working(f"exporting the tables as {format}"):
        written = open_session(data_dir, database).export(Path(directory), format)
    text(f"wrote {len(written)} files to {directory}")


def _export_ktab(
    args: list[str], *, format: str, data_dir: Path | None, database: str | None
) -> None:
    """``csto export ktab SCENARIO OUT.csv``: the crisis's spatial scenario as a KTAB CSV."""
    from csto.errors import CstoError

    if len(args) != 2:
        raise CstoError(
            "csto export ktab takes a case id or scenario file and the CSV to write, "
            "e.g. csto export ktab kazakhstan-2022 kazakhstan.csv"
        )
    if format != "csv":
        raise CstoError(
            f"--format {format} does not apply to csto export ktab (it writes a KTAB CSV)"
        )
    target, out = args
    if not out.lower().endswith(".csv"):
        raise CstoError(f"{out}: a KTAB scenario is a .csv file")
    from csto.behaviour.crisis_bargain import ktab_csv

    session = open_session(data_dir, database)
    setup = ktab_csv(session.crisis(target), session.record, session.inputs, session.rules, out)
    text(
        f"wrote {out}: {len(setup.actors)} members' bargaining input for {setup.title} in KTAB format "
        f"(csto bargain {out}, or KTAB's smpc --csv {out}); positions are levels × 100/3"
    )


def check(
    seeds: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--seeds",
            help="Directory of the seed texts (default: $CSTO_SEEDS_DIR); without one the quotes "
            "are not checked.",
        ),
    ] = None,
    json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    data_dir: DataDirOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Validate the record, and check every seed quote against the seed texts when they are given.

    Opening the record validates every data file (schema, keys, references, intervals, counts), the
    treaty rules and the behaviour inputs; a failure is reported with its file and line. The seed
    texts do not ship with the package: without --seeds or $CSTO_SEEDS_DIR the quotes are not
    checked, and the command says so (on standard error with --json, whose output stays the list of
    quote problems, empty).
    """
    from csto.cli.output import warn
    from csto.errors import CstoError
    from csto.record.quotes import check_quotes, seeds_dir

    record = open_session(data_dir, database).record
    n_seed = sum(1 for c in record.claims.values() if record.sources[c.source].kind == "seed")
    valid = f"record valid ({len(record.claims)} claims; treaty rules and behaviour inputs valid)"
    folder = seeds or seeds_dir()
    if folder is None:
        note = (
            f"{n_seed} seed quotes not checked: the seed texts do not ship with the package; "
            "pass --seeds DIR or set CSTO_SEEDS_DIR to the directory of the seed articles"
        )
        if json:
            warn(note)
            emit_json([])
        else:
            text(f"ok: {valid}\n{note}")
        return
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
        text(f"ok: {n_seed} seed quotes found verbatim; {valid}")
    if problems:
        raise typer.Exit(1)
