"""``csto overview``: the alliance today, its membership timeline and its crisis cases."""

from __future__ import annotations

from typing import Annotated

import typer

from csto.cli.output import emit_json, table


def register(app: typer.Typer) -> None:
    app.command("overview")(overview)


def overview(
    on: Annotated[str, typer.Option("--on", help="The date of 'today' (YYYY-MM-DD).")] = "today",
    json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Members and their status, the membership timeline, and the cases with their outcomes."""
    from rich.console import Console

    from csto.record import query
    from csto.record.load import load_record

    record = load_record()
    current = [r.to_dict() for r in query.members(on, record=record)]
    timeline = [r.to_dict() for r in query.timeline(record=record)]
    cases = query.cases(record)
    if json:
        emit_json(
            {
                "on": on,
                "members": current,
                "timeline": timeline,
                "cases": cases,
                "data_hash": record.data_hash,
            }
        )
        return
    console = Console()
    console.print(
        f"[bold]CSTO[/] record: {len(record.claims)} claims from {len(record.sources)} sources; "
        f"data hash {record.data_hash[:12]}"
    )
    table(current, ["state", "name", "status", "certainty", "sources"], title=f"Members on {on}")
    table(
        timeline, ["state", "status", "start", "end", "alternatives"], title="Membership timeline"
    )
    table(
        cases,
        ["id", "start", "requester", "requested", "response", "outcome"],
        title="Crisis cases",
        caption="outcome: 0 no action · 1 statement · 2 consultations/fact-finding · 3 military assistance",
    )
