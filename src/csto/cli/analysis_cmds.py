"""Analysis commands: the seeds' figures recomputed from the record."""

from __future__ import annotations

from typing import Annotated

import typer

from csto.cli.output import emit_json, table


def register(app: typer.Typer) -> None:
    app.command("figures")(figures)


def figures(json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """The authors' numbers beside the numbers recomputed from the record, and why they differ."""
    from csto.analysis.figures import figures as compute

    rows = [f.to_dict() for f in compute()]
    if json:
        emit_json(rows)
        return
    table(
        rows,
        ["id", "statement", "author_value", "recomputed", "status", "method", "source"],
        title="Figures",
    )
