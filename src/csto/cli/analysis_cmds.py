"""Analysis commands: the seeds' figures recomputed from the record."""

from __future__ import annotations

import typer

from csto.cli.output import emit_json, table
from csto.cli.session import DatabaseOpt, DataDirOpt, JsonOpt, open_session


def register(app: typer.Typer) -> None:
    app.command("figures")(figures)


def figures(
    json: JsonOpt = False, data_dir: DataDirOpt = None, database: DatabaseOpt = None
) -> None:
    """The authors' numbers beside the numbers recomputed from the record, and why they differ."""
    rows = [f.to_dict() for f in open_session(data_dir, database).figures()]
    if json:
        emit_json(rows)
        return
    table(
        rows,
        ["id", "statement", "author_value", "recomputed", "status", "method", "source"],
        title="Figures",
    )
